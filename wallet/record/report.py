"""Human-readable text for verification results and errors (the CLI's and the UI's source).

User-facing text comes from here, never from ``str(exception)``: :func:`describe_error` maps an
error to a sentence by its ``code`` through the language layer (:mod:`wallet.i18n`), and
:func:`render` lays out a result (in English with each check's own technical message, as
``wallet verify`` prints it; in another language with each check's sentence from its id,
outcome and detail). Every value in a report that a credential, an issuer or a trust list
wrote (names, identifiers, types, the checks' messages, which quote them) is escaped whole by
:func:`wallet.text.visible`, so that no control character, ANSI sequence, bidi override or line
break in one can redraw or reorder the report's own labels.
"""

from __future__ import annotations

import unicodedata

from wallet.errors import WalletError
from wallet.i18n import (
    DEFAULT,
    check_label,
    check_sentence,
    error_text,
    normalize,
    t,
    verdict_label,
)
from wallet.result import CheckId, Outcome, Verdict, VerificationResult
from wallet.text import visible

__all__ = ["CHECK_LABELS", "VERDICT_LABELS", "as_sentence", "describe_error", "render"]

# The CLI's short labels, from the language layer (English; :func:`wallet.i18n.check_label`).
CHECK_LABELS: dict[CheckId, str] = {cid: check_label(cid) for cid in CheckId}

_MARKS = {
    Outcome.PASSED: "[ok]",
    Outcome.FAILED: "[FAILED]",
    Outcome.WARNING: "[warning]",
    Outcome.SKIPPED: "[-]",
}


def _code_sentence(exc: WalletError, lang: str) -> str:
    """The sentence for the most specific code along the error's class tree."""
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str):
            text = error_text(code, lang)
            if text is not None:
                return text
    return t("error.wallet_error", lang)


def _situation(exc: WalletError, lang: str) -> str | None:
    """The sentence of a named situation the error is in (``details["situation"]``: an
    offer the issuer's server does not know, a request link that is not one…), refining its
    code's sentence in the words a person uses (``error.{code}.{situation}``); None without
    one."""
    situation = exc.details.get("situation")
    if not isinstance(situation, str):
        return None
    for cls in type(exc).__mro__:
        code = cls.__dict__.get("code")
        if isinstance(code, str):
            text = error_text(f"{code}.{situation}", lang)
            if text is not None:
                return text
    return None


def as_sentence(message: str) -> str:
    """A message as a sentence: its first word capitalised (a plain word only, never an
    identifier or address it begins with), a full stop at the end ("could not read x" →
    "Could not read x.")."""
    text = message.strip()
    if not text:
        return text
    first = text.split(" ", 1)[0].rstrip(",;:")
    if first.isalpha() and first.islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", "…", ".”", '."', ".)")) else text + "."


def describe_error(exc: BaseException, lang: str = DEFAULT) -> str:
    """One clear sentence for the user, in ``lang``. Never a traceback; never key material.

    A named situation (``details["situation"]``) is told in its own words in every language
    (the technical message stays in the error, for ``--json`` and details). Otherwise, in
    English, a wallet error's own message (specific, written for the user) is given as a
    sentence when it has one, else the sentence of its code; in any other language the
    sentence always comes from the error's ``code`` through the language layer
    (:func:`wallet.i18n.error_text`), so no English reaches a Korean screen."""
    if isinstance(exc, WalletError):
        situation = _situation(exc, lang)
        if situation is not None:
            return situation
        if normalize(lang) == DEFAULT and exc.message:
            return as_sentence(exc.message)
        return _code_sentence(exc, lang)
    if isinstance(exc, OSError):
        name = getattr(exc, "filename", None)
        if normalize(lang) != DEFAULT:
            return t("error.os", lang, name=name or "")
        target = f" {name}" if name else ""
        return f"Could not read{target}: {exc.strerror or exc.__class__.__name__}."
    return t("error.unexpected", lang)


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.VERIFIED: "VERIFIED",
    Verdict.WARNINGS: "VERIFIED (with warnings)",
    Verdict.ISSUER_NOT_CONFIRMED: "ISSUER NOT CONFIRMED",
    Verdict.NOT_VERIFIED: "NOT VERIFIED",
}


def _width(text: str) -> int:
    """Columns on a terminal: wide (Hangul, CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _verdict(result: VerificationResult, lang: str = DEFAULT) -> str:
    unreadable = result.check(CheckId.FORMAT) is not None and result.verdict is Verdict.NOT_VERIFIED
    if normalize(lang) != DEFAULT:
        return t("report.unreadable", lang) if unreadable else verdict_label(result.verdict, lang)
    return "UNREADABLE" if unreadable else VERDICT_LABELS[result.verdict]


def render(result: VerificationResult, indent: int = 0, lang: str = DEFAULT) -> str:
    """A readable multi-line report (``lang``: the checks' labels and, outside English, their
    sentences)."""
    pad = " " * indent
    english = normalize(lang) == DEFAULT
    what = "presentation" if result.kind == "presentation" else "credential"
    title = (
        visible(result.name or result.credential_id)
        if (result.name or result.credential_id)
        else (f"(unnamed {what})" if english else t(f"report.unnamed_{what}", lang))
    )
    lines = [f"{pad}{_verdict(result, lang)}: {title}"]
    if result.issuer:
        role = "holder" if result.kind == "presentation" else "issuer"
        name = visible(result.issuer_name) if result.issuer_name else None
        recognition = result.recognition
        if recognition is not None and recognition.name:
            listed, named = visible(recognition.list_name), visible(recognition.name)
            name = (
                f'{named} (per "{listed}")'
                if english
                else t("card.recognised_as", lang, list=listed, name=named)
            )
        elif name and result.kind != "presentation":
            name = f"{name} [as the issuer calls itself]" if english else name
        issuer = visible(result.issuer)
        who = f"{name} ({issuer})" if name else issuer
        label = role if english else t(f"report.{role}", lang)
        lines.append(f"{pad}  {label}: {who}")
    if result.types:
        label = "type" if english else t("report.type", lang)
        lines.append(
            f"{pad}  {label}: {visible(', '.join(result.types))}  [{visible(result.format)}]"
        )
    if result.format.startswith("ob2"):  # "Open Badges 2.0 · hosted by …" / "· signed by …"
        from wallet.ob2.documents import origin_of  # imported when read (the CLI starts
        from wallet.ob2.reading import is_http_url  # without them)
        from wallet.record.badge import badge_marking

        host = origin_of(result.credential_id) if is_http_url(result.credential_id) else None
        lines.append(
            f"{pad}  "
            + visible(badge_marking(result.format, lang, host=host, issuer=result.issuer_name))
        )
    labels = {cid: check_label(cid, lang) for cid in CheckId}
    width = max(_width(label) for label in labels.values())
    for check in result.checks:
        message = visible(check.message if english else check_sentence(check, lang))
        label = labels[check.id] + " " * (width - _width(labels[check.id]))
        lines.append(f"{pad}  {_MARKS[check.outcome]:<10} {label}  {message}")
    for nested in result.nested:
        lines.append(render(nested, indent + 4, lang))
    for endorsement in result.endorsements:
        lines.append(f"{pad}    {'endorsement' if english else t('report.endorsement', lang)}:")
        lines.append(render(endorsement, indent + 6, lang))
    return "\n".join(lines)
