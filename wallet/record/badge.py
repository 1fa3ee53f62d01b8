"""An Open Badges 2.0 badge as a person reads it — the same :class:`~wallet.record.card.
CredentialCard` as every credential (name, image, issuer, issued and expires, criteria,
narrative, evidence, alignments, the checks in plain words), marked "Open Badges 2.0 · hosted by
⟨origin⟩" or "· signed by ⟨issuer⟩", with its own honest wording of what was checked: by its
host, or by its signature with a key its issuer lists — not as an Open Badges 3.0 credential.

:func:`badge_card` reads a verification (:class:`~wallet.ob2.verify.Ob2Verification`: the
result and the documents in OB 2.0's shape); :func:`with_badges` adds the badges a presentation
carries (re-verified the OB 2.0 way when it is viewed, :mod:`wallet.ob2.carried`) to the view of
that presentation: one card each, and a verdict that is never green unless each badge's own
verification passed. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from wallet.credential import as_list, parse_datetime
from wallet.i18n import (
    DEFAULT,
    check_sentence,
    format_date,
    format_datetime,
    normalize,
    t,
    verdict_label,
)
from wallet.ob2.documents import origin_of
from wallet.ob2.reading import alignments, is_http_url, ref_id
from wallet.ob2.verify import Ob2Verification
from wallet.presenting.identity import LearnerIdentity, RecipientMatch
from wallet.record.card import (
    CheckLine,
    CompetencyView,
    CredentialCard,
    EvidenceView,
    IssuerView,
    VerdictView,
    check_lines,
    tone_of,
)
from wallet.record.view import RecordView
from wallet.result import NOT_CONFIRMED, CheckId, Outcome, Verdict, VerificationResult

__all__ = ["badge_card", "badge_marking", "recipient_of", "with_badges"]

_WORST = (Verdict.NOT_VERIFIED, Verdict.ISSUER_NOT_CONFIRMED, Verdict.WARNINGS, Verdict.VERIFIED)


def _text(value: Any, limit: int = 2000) -> str | None:
    return value.strip()[:limit] if isinstance(value, str) and value.strip() else None


def _inline(value: Any) -> str | None:
    uri = ref_id(value)
    return uri if uri and uri.startswith("data:image/") else None


def recipient_of(result: VerificationResult) -> bool | None:
    """Whether a badge's result says it names this learner (None: not compared)."""
    check = result.check(CheckId.RECIPIENT)
    if check is None:
        return None
    return {"matches": True, "someone_else": False}.get(check.detail or "")


def badge_marking(
    fmt: str, lang: str = DEFAULT, *, host: str | None = None, issuer: str | None = None
) -> str:
    """ "Open Badges 2.0 · hosted by ⟨origin⟩" or "Open Badges 2.0 · signed by ⟨issuer⟩"."""
    if fmt == "ob2_signed":
        return t("card.ob2.signed", lang, issuer=issuer or t("card.issuer_unnamed", lang))
    if fmt == "ob2_hosted" and host:
        return t("card.ob2.hosted", lang, origin=host)
    return t("card.ob2", lang)


def _lines(found: Ob2Verification, lang: str, doc: Mapping[str, Any]) -> tuple[CheckLine, ...]:
    """The checks in plain words; a badge not re-checked offline says when its host or issuer
    last vouched for it."""
    lines = list(check_lines(found.result, lang, doc))
    for n, check in enumerate(found.result.checks):
        if check.id is CheckId.PROOF and check.detail == NOT_CONFIRMED and found.checked_at:
            when = format_datetime(found.checked_at, lang)
            lines[n] = replace(
                lines[n], text=check_sentence(check, lang, variant="offline_since", date=when)
            )
    return tuple(lines)


def _reasons(
    lines: Sequence[CheckLine], result: VerificationResult, limit: int = 3
) -> tuple[str, ...]:
    ranked = []
    for line, check in zip(lines, result.checks, strict=False):
        if line.outcome is Outcome.FAILED:
            rank = 0
        elif line.outcome is Outcome.WARNING:
            rank = 1 if check.detail == NOT_CONFIRMED else 2
        else:
            continue
        ranked.append((rank, f"{line.title}: {line.text}"))
    ranked.sort(key=lambda item: item[0])
    return tuple(list(dict.fromkeys(text for _rank, text in ranked))[:limit])


def _evidence(assertion: Mapping[str, Any]) -> tuple[EvidenceView, ...]:
    out = []
    for item in as_list(assertion.get("evidence"))[:32]:
        entry = item if isinstance(item, Mapping) else {"id": item}
        url = entry.get("id") if is_http_url(entry.get("id")) else None
        name = _text(entry.get("name"), 200) or _text(entry.get("description"), 200)
        narrative = _text(entry.get("narrative"))
        if url or name or narrative:
            out.append(EvidenceView(name=name or url or "", url=url, narrative=narrative))
    return tuple(out)


def _competencies(badge: Mapping[str, Any]) -> tuple[CompetencyView, ...]:
    out = []
    for a in alignments(badge):
        name = a.targetName or a.targetCode or a.targetUrl
        if not name:
            continue
        url = a.targetUrl if (a.targetUrl or "").startswith("https://") else None
        out.append(
            CompetencyView(
                name=name,
                code=a.targetCode if a.targetName else None,
                url=url,
                framework=a.targetFramework,
                case=bool(url and "/CFItems/" in url),
            )
        )
    return tuple(out)


def _criteria(badge: Mapping[str, Any]) -> str | None:
    criteria = badge.get("criteria")
    if isinstance(criteria, Mapping):
        return _text(criteria.get("narrative")) or (
            criteria["id"] if is_http_url(criteria.get("id")) else None
        )
    return criteria if is_http_url(criteria) else None


def badge_card(
    found: Ob2Verification,
    lang: str = DEFAULT,
    *,
    image: str | None = None,
    issuer_logo: str | None = None,
    learner: LearnerIdentity | None = None,
) -> CredentialCard:
    """An Open Badges 2.0 badge as a person reads it (module docstring). ``image`` and
    ``issuer_logo``: pictures the wallet keeps (``data:`` URIs) when the documents name them by
    address; ``learner``: who presents it, to say "Issued to …" when the badge names them."""
    lang = normalize(lang)
    result = found.result
    assertion, badge, issuer = found.assertion or {}, found.badge or {}, found.issuer or {}
    issuer_name = result.issuer_name or _text(issuer.get("name"), 200)
    url = issuer.get("url")
    issuer_view = IssuerView(
        id=result.issuer,
        name=issuer_name or t("card.issuer_unnamed", lang),
        logo=_inline(issuer.get("image"))
        or (issuer_logo if (issuer_logo or "").startswith("data:image/") else None),
        url=url if isinstance(url, str) and url.startswith("https://") else None,
    )
    host = origin_of(found.hosted_url) if found.hosted_url else None
    marking = badge_marking(result.format, lang, host=host, issuer=issuer_name)
    what = {"ob2_signed": "card.ob2.checked_signed", "ob2_hosted": "card.ob2.checked_hosted"}.get(
        result.format, "card.ob2.unchecked"
    )
    summary = t(
        what, lang, origin=host or "?", issuer=issuer_name or t("card.issuer_unnamed", lang)
    )
    issued_raw, until_raw = (
        _text(assertion.get("issuedOn"), 64),
        _text(assertion.get("expires"), 64),
    )
    doc = {"validFrom": issued_raw, "validUntil": until_raw}
    lines = _lines(found, lang, doc)
    validity = result.check(CheckId.VALIDITY)
    recipient, recipient_text = None, None
    if found.recipient is True:
        recipient = RecipientMatch("matched", "identity")
        recipient_text = (
            t("card.issued_to", lang, name=learner.name)
            if learner and learner.name
            else t("card.ob2.awarded_you", lang)
        )
    elif found.recipient is False:
        recipient = RecipientMatch("other", "identity")
        recipient_text = t("card.ob2.awarded_other", lang)
    verdict = VerdictView(
        level=result.verdict,
        tone=tone_of(result.verdict),
        title=verdict_label(result.verdict, lang),
        summary=summary,
        reasons=_reasons(lines, result),
    )
    return CredentialCard(
        name=result.name or _text(badge.get("name"), 200) or t("card.credential", lang),
        verdict=verdict,
        issuer=issuer_view,
        description=_text(badge.get("description")),
        image=_inline(badge.get("image"))
        or _inline(assertion.get("image"))
        or (image if (image or "").startswith("data:image/") else None),
        kind=t("type.Badge", lang),
        issued=parse_datetime(issued_raw),
        issued_text=format_date(issued_raw, lang),
        expires=parse_datetime(until_raw),
        expires_text=format_date(until_raw, lang) if until_raw else "",
        expired=validity is not None and validity.detail == "expired",
        criteria=_criteria(badge),
        competencies=_competencies(badge),
        recipient=recipient,
        recipient_text=recipient_text,
        checks=lines,
        source=result.format,
        marking=marking,
        narrative=_text(assertion.get("narrative")),
        evidence=_evidence(assertion),
    )


def _worst(levels: Sequence[Verdict]) -> Verdict:
    return next(level for level in _WORST if level in levels)


def with_badges(view: RecordView, badges: Sequence[Ob2Verification]) -> RecordView:
    """``view`` with the Open Badges 2.0 badges its presentation carries, each re-verified the
    OB 2.0 way: a card each after the presentation's credentials, and the page's verdict no
    better than the worst badge's (green only when every one verified)."""
    if not badges:
        return view
    lang = view.lang
    cards = [badge_card(found, lang, learner=view.learner.identity) for found in badges]
    levels = [view.verdict.level, *(found.result.verdict for found in badges)]
    level = _worst(levels)
    part = t("summary.ob2_badges", lang, count=len(badges))
    summary = (
        f"{view.verdict.summary} · {part}" if view.credentials else part[:1].upper() + part[1:]
    )  # no credential of its own: the badges are the record
    worse = [
        f"{card.name} — {reason}"
        for card in cards
        if card.verdict.level.rank > view.verdict.level.rank
        for reason in card.verdict.reasons
    ]
    rest = [
        f"{card.name} — {reason}"
        for card in cards
        if card.verdict.level.rank <= view.verdict.level.rank
        for reason in card.verdict.reasons
    ]
    reasons = [*worse, *view.verdict.reasons, *rest]  # the worst first
    verdict = VerdictView(
        level=level,
        tone=tone_of(level),
        title=verdict_label(level, lang),
        summary=summary,
        reasons=tuple(dict.fromkeys(reasons))[:3],
    )
    return replace(view, credentials=(*view.credentials, *cards), verdict=verdict)
