"""The people-first view of a shared record: what the employer's page, the PDF and the app's
preview and employer mode show, built once from a presentation and its verification result.

::

    view = record_view(presentation, result, lang="ko", now=checked_at)
    view.learner.presented      # "제출자: 박지민" — marked as given by the learner
    view.names.text             # "3 of 3 issuers name their recipient Jimin Park"
    view.verdict.summary        # "3 credentials · all verified · issued by 2 recognised …"
    for card in view.credentials:   # badge image, name, issuer (logo, recognition), issued
        card.results            # ("Final grade: A", …), card.competencies, card.checks …
    view.learner_items          # reflections (Markdown rendered once) and work samples

    card = credential_view(credential, result, lang="en")   # one credential, the same way

The view leads with people: **the learner** as they give themself (name, headline, photo,
links — their own word, marked so), whether **the issuers** name the same recipient, **the
verdict** in plain words (four levels; green only for *verified*), **one card per
credential**, then **the learner's own material** (reflections through the one Markdown
renderer, :mod:`wallet.record.markdown`; work samples), each marked as theirs, and **how this was
checked** for the presentation and the learner's record. Every string is already in the
reader's language (:mod:`wallet.i18n`); dates are also given as values.

Which credentials are "the credentials": the issuer-signed ones a learner-signed CLR carries
(the wallet's presentations), and any other credential the presentation carries directly —
each once: a credential carried both directly and inside the learner's CLR (as an answer to
an employer's request carries it) is one card, with the worse of its two verdicts.

The same view model is behind every place a person reads a credential: the share page and
our verifier's answer page (``wallet.exchange``), the PDF, and the app's preview, detail and
Verify screens. :func:`checked_view` reads whatever was checked (a presentation: the record;
a credential: its card) for the app's Verify screen.

Pure: no I/O. The parts (:class:`~wallet.record.card.CredentialCard`, …) are in
:mod:`wallet.record.card`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlencode

from wallet.credential import as_list, objects, parse_datetime
from wallet.i18n import DEFAULT, format_datetime, normalize, t, verdict_label
from wallet.presenting.identity import LearnerIdentity, read_holder, read_learner, same_name
from wallet.presenting.present import DEFAULT_TITLE, LEARNER_ARTIFACT, LEARNER_REFLECTION
from wallet.record.card import (
    CheckLine,
    CompetencyView,
    CredentialCard,
    EvidenceView,
    IssuerDisplay,
    IssuerView,
    ResultView,
    VerdictView,
    check_lines,
    credential_card,
    objects_types,
    ranked_problems,
    readable,
    tone_of,
)
from wallet.record.markdown import Block, blocks, render_html, title_block, without_title
from wallet.result import CheckId, EvidenceCheck, Outcome, Verdict, VerificationResult

__all__ = [
    "CheckLine",
    "CompetencyView",
    "CredentialCard",
    "EvidenceView",
    "IssuerDisplay",
    "IssuerView",
    "LearnerItem",
    "LearnerView",
    "NamesView",
    "RecordView",
    "ResultView",
    "VerdictView",
    "checked_view",
    "credential_key",
    "credential_view",
    "each_once",
    "linkedin_url",
    "record_credentials",
    "record_view",
]

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"


@dataclass(frozen=True)
class LearnerView:
    """The learner as they give themself (``presented``: "Presented by Jimin Park";
    ``as_given``: the mark that this is their own word); ``bound`` when the presentation is
    signed with the key of the DID it names."""

    identity: LearnerIdentity
    presented: str
    as_given: str
    bound: bool = False
    bound_text: str = ""

    @property
    def name(self) -> str | None:
        return self.identity.name


@dataclass(frozen=True)
class NamesView:
    """Whether the issuers name the learner: ``matched`` of ``total`` verified issuer
    credentials do; ``others`` name someone else. ``text`` is None when the learner gives no
    name."""

    matched: int = 0
    total: int = 0
    others: tuple[str, ...] = ()
    text: str | None = None
    others_text: str | None = None


@dataclass(frozen=True)
class LearnerItem:
    """A reflection or work sample of the learner's. ``html`` is the Markdown rendered by
    :func:`wallet.record.markdown.render_html` (safe to insert), ``blocks`` the same for layouts
    that are not HTML; ``markdown`` is the text as the learner wrote it. Its title is said once:
    ``heading`` is what to print above the body — the ``title``, whose own first heading is then
    left out of ``html`` and ``blocks``; or "" when the body's first paragraph is the title.
    ``download`` a path under the share's URL (``evidence/2``) or ``link`` an address;
    ``intact`` whether its file matched its digest (None: nothing to check)."""

    kind: str  # "reflection" | "artifact"
    tag: str
    title: str
    markdown: str = ""
    html: str = ""
    blocks: tuple[Block, ...] = ()
    download: str | None = None
    link: str | None = None
    media_type: str | None = None
    intact: bool | None = None
    integrity: str | None = None
    about: tuple[str, ...] = ()
    heading: str = ""


@dataclass(frozen=True)
class RecordView:
    """A shared record as a person reads it (see the module docstring)."""

    lang: str
    title: str
    page_title: str
    learner: LearnerView
    names: NamesView
    verdict: VerdictView
    credentials: tuple[CredentialCard, ...]
    learner_items: tuple[LearnerItem, ...]
    unsupported_claims: tuple[str, ...]
    record_checks: tuple[CheckLine, ...]
    presentation_checks: tuple[CheckLine, ...]
    checked_at: datetime
    checked_text: str
    expires: datetime | None = None
    expires_text: str = ""


def credential_view(
    credential: Any,
    result: VerificationResult,
    lang: str = DEFAULT,
    *,
    learner: LearnerIdentity | None = None,
    issuer_display: IssuerDisplay | None = None,
) -> CredentialCard:
    """One credential (a JSON object or a VC-JWT) as a person reads it: the card the record
    shows for it (the app's credential detail shows the same; ``issuer_display``: what the
    wallet kept of its issuer's own display)."""
    return credential_card(
        credential, result, normalize(lang), learner=learner, issuer_display=issuer_display
    )


def checked_view(
    document: Any, result: VerificationResult, lang: str = DEFAULT, *, now: datetime | None = None
) -> RecordView | CredentialCard:
    """What was checked, as a person reads it: a presentation as its record
    (:func:`record_view`), anything else — a credential, or what could not be read — as one
    credential's card (``document``: the JSON or VC-JWT as read; None when unreadable)."""
    if result.kind == "presentation" and isinstance(document, Mapping):
        return record_view(document, result, lang, now=now)
    return credential_view(document if document is not None else {}, result, lang)


def credential_key(doc: Any) -> str:
    """One credential's identity as carried, to know it when it comes twice: a VC-JWT's
    compact form (enveloped or not), else its JSON with sorted keys."""
    if isinstance(doc, Mapping) and "EnvelopedVerifiableCredential" in objects_types(doc):
        ident = doc.get("id")
        if isinstance(ident, str) and "," in ident:
            return ident.split(",", 1)[1].strip()
    if isinstance(doc, str):
        return doc.strip()
    try:
        return json.dumps(doc, sort_keys=True, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # keys that cannot be sorted: never the same as another
        return f"#{id(doc)}"


# --- reading the presentation -------------------------------------------------------------------


def _learner_clr(doc: Mapping[str, Any]) -> bool:
    """A ClrCredential the learner issued about themself (the wallet's presentations)."""
    issuer = doc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return (
        "ClrCredential" in objects_types(doc)
        and isinstance(issuer_id, str)
        and any(s.get("id") == issuer_id for s in objects(doc.get("credentialSubject")))
    )


@dataclass
class _Parts:
    cards: list[tuple[Any, VerificationResult]]
    clrs: list[tuple[Mapping[str, Any], VerificationResult]]


def each_once(
    cards: list[tuple[Any, VerificationResult]], seen: set[str] | None = None
) -> list[tuple[Any, VerificationResult]]:
    """Each credential once (by :func:`credential_key`), where it first came, with the worse
    of the verdicts it was given; ``seen``: keys shown already elsewhere (left out), updated."""
    out: list[tuple[Any, VerificationResult]] = []
    where: dict[str, int] = {}
    before = set(seen or ())
    for doc, res in cards:
        key = credential_key(doc)
        if key in before:
            continue
        if key in where:
            at = where[key]
            if res.verdict.rank > out[at][1].verdict.rank:
                out[at] = (doc, res)
            continue
        where[key] = len(out)
        out.append((doc, res))
    if seen is not None:
        seen.update(where)
    return out


def _parts(presentation: Mapping[str, Any], result: VerificationResult) -> _Parts:
    parts = _Parts([], [])
    carried = as_list(presentation.get("verifiableCredential"))
    for doc, res in zip(carried, result.nested, strict=False):
        data = readable(doc)
        if _learner_clr(data):
            parts.clrs.append((data, res))
            inner = [
                vc
                for s in objects(data.get("credentialSubject"))
                for vc in as_list(s.get("verifiableCredential"))
            ]
            parts.cards += list(zip(inner, res.nested, strict=False))
        else:
            parts.cards.append((doc, res))
    parts.cards = each_once(parts.cards)
    return parts


def _achievements(
    cards: list[tuple[Any, VerificationResult]], built: list[CredentialCard]
) -> dict[str, str]:
    """Achievement id → the name of the credential that awards it (for "About: …")."""
    out: dict[str, str] = {}
    for (doc, _res), card in zip(cards, built, strict=False):
        for subject in objects(readable(doc).get("credentialSubject")):
            achievement = subject.get("achievement")
            if isinstance(achievement, Mapping) and isinstance(achievement.get("id"), str):
                out.setdefault(achievement["id"], card.name)
    return out


def _learner_items(
    clr: Mapping[str, Any], result: VerificationResult, lang: str, awarded: dict[str, str]
) -> list[LearnerItem]:
    about: dict[str, list[str]] = {}
    for subject in objects(clr.get("credentialSubject")):
        for association in objects(subject.get("association")):
            source, target = association.get("sourceId"), association.get("targetId")
            if isinstance(source, str) and isinstance(target, str) and target in awarded:
                about.setdefault(source, []).append(awarded[target])
    checks: list[EvidenceCheck] = list(result.evidence)
    items = []
    entries = clr.get("evidence")
    entries = entries if isinstance(entries, list) else [entries] if entries else []
    position = 0  # verification lists the evidence objects in order
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            continue
        check = checks[position] if position < len(checks) else None
        position += 1
        genre = entry.get("genre")
        if genre not in (LEARNER_REFLECTION, LEARNER_ARTIFACT) or not (check and check.learner):
            continue
        reflection = genre == LEARNER_REFLECTION
        narrative = text if isinstance(text := entry.get("narrative"), str) else ""
        eid = entry.get("id") if isinstance(entry.get("id"), str) else None
        download = link = media = None
        if eid and eid.startswith("data:"):
            download = f"evidence/{index}"
            media = eid[5:].split(";", 1)[0].split(",", 1)[0] or None
        elif eid and eid.startswith(("https://", "http://")):
            link = eid
        intact = integrity = None
        if check.outcome is Outcome.PASSED:
            intact, integrity = True, t("learner.file_intact", lang)
        elif check.outcome is Outcome.FAILED:
            intact, integrity = False, t("learner.file_changed", lang)
        elif check.outcome is Outcome.WARNING:
            integrity = t("learner.file_unchecked", lang)
        title = entry.get("name") if isinstance(entry.get("name"), str) else None
        said = title_block(narrative, title or "")  # the body's first block repeats the title
        body = without_title(narrative, title or "") if said == "heading" else narrative
        shown = title or t("learner.untitled", lang)
        items.append(
            LearnerItem(
                kind="reflection" if reflection else "artifact",
                tag=t("learner.reflection" if reflection else "learner.artifact", lang),
                title=shown,
                heading="" if said == "paragraph" else shown,
                markdown=narrative,
                html=render_html(body) if body else "",
                blocks=tuple(blocks(body)) if body else (),
                download=download,
                link=link,
                media_type=media,
                intact=intact,
                integrity=integrity,
                about=tuple(dict.fromkeys(about.get(eid or "", []))),
            )
        )
    return items


def record_credentials(
    presentation: Mapping[str, Any], result: VerificationResult
) -> list[tuple[Any, VerificationResult]]:
    """The credentials a record shows for ``presentation`` (each once, as carried, with its
    result) — for a page that shows more than one presentation to leave out the ones a record
    shows already."""
    return _parts(presentation, result).cards


# --- the summary line ---------------------------------------------------------------------------


def _summary(
    cards: list[tuple[Any, VerificationResult]],
    result: VerificationResult,
    clr_results: list[VerificationResult],
    lang: str,
) -> str:
    results = [res for _doc, res in cards]
    count = len(results)
    own = [result, *clr_results]
    broken = any(
        c.outcome is Outcome.FAILED and c.id is not CheckId.NESTED for r in own for c in r.checks
    )
    parts = [t("summary.presentation_problem", lang)] if broken else []
    parts.append(t("summary.credentials", lang, count=count))
    failed = sum(1 for r in results if r.verdict is Verdict.NOT_VERIFIED)
    unconfirmed = sum(1 for r in results if r.verdict is Verdict.ISSUER_NOT_CONFIRMED)
    warned = sum(1 for r in results if r.verdict is Verdict.WARNINGS)
    if count and not (failed or unconfirmed or warned):
        parts.append(t("summary.inner_verified" if broken else "summary.all_verified", lang))
    else:
        if failed:
            parts.append(t("summary.not_verified", lang, count=failed))
        if unconfirmed:
            parts.append(t("summary.not_confirmed", lang, count=unconfirmed))
        if warned and not (failed or unconfirmed):
            parts.append(t("summary.all_authentic", lang))
        if warned:
            parts.append(t("summary.with_warnings", lang, count=warned))
    issuers: dict[str, bool] = {}
    for r in results:
        if r.issuer:
            issuers[r.issuer] = issuers.get(r.issuer, False) or r.recognition is not None
    if issuers:
        total, recognised = len(issuers), sum(issuers.values())
        key = (
            "summary.recognised"
            if recognised == total
            else "summary.some_recognised"
            if recognised
            else "summary.none_recognised"
        )
        parts.append(t(key, lang, count=total, recognised=recognised))
    return " · ".join(parts)


def _names(cards: list[CredentialCard], identity: LearnerIdentity, lang: str) -> NamesView:
    considered = [
        c for c in cards if c.verdict.level is not Verdict.NOT_VERIFIED and c.recipient is not None
    ]
    matched = sum(1 for c in considered if c.recipient and c.recipient.state == "matched")
    others = tuple(
        dict.fromkeys(
            c.recipient.shown
            for c in considered
            if c.recipient
            and c.recipient.state == "other"
            and c.recipient.shown
            and not same_name(c.recipient.shown, identity.name)
        )
    )
    mismatched = sum(1 for c in considered if c.recipient and c.recipient.state == "other")
    if not identity.name or not considered:
        return NamesView(matched, len(considered), others)
    if not matched and not mismatched:
        text = t("record.names_none", lang)
    else:
        text = t(
            "record.names_match", lang, matched=matched, total=len(considered), name=identity.name
        )
    others_text = (
        t("record.names_other", lang, count=mismatched, names=", ".join(others) or "?")
        if mismatched
        else None
    )
    return NamesView(matched, len(considered), others, text, others_text)


def _reasons(
    result: VerificationResult,
    parts: _Parts,
    cards: list[CredentialCard],
    lang: str,
    limit: int = 3,
) -> tuple[str, ...]:
    """The worst problems anywhere, each said with what it is about ("The learner's record —
    Signature: …", "Data Analysis Fundamentals — Dates: …")."""
    ranked = [
        (rank, f"{t('record.part.presentation', lang)} — {text}")
        for rank, text in ranked_problems(result, lang, nested=False)
    ]
    for clr, res in parts.clrs:
        ranked += [
            (rank, f"{t('record.part.learner', lang)} — {text}")
            for rank, text in ranked_problems(res, lang, clr, nested=False)
        ]
    for (doc, res), card in zip(parts.cards, cards, strict=False):
        ranked += [
            (rank, f"{card.name} — {text}")
            for rank, text in ranked_problems(res, lang, readable(doc))
        ]
    ranked.sort(key=lambda item: item[0])
    return tuple(list(dict.fromkeys(text for _rank, text in ranked))[:limit])


# --- the record ---------------------------------------------------------------------------------


def record_view(
    presentation: Mapping[str, Any],
    result: VerificationResult,
    lang: str = DEFAULT,
    *,
    now: datetime | None = None,
) -> RecordView:
    """The people-first view of a verified (or not) presentation, in ``lang``; ``now`` is
    when it was checked (default: now)."""
    lang = normalize(lang)
    checked = now or datetime.now(UTC)
    parts = _parts(presentation, result)
    # Who the learner says they are: the presentation's holder Profile, or the record they
    # signed (its issuer Profile) — their own claim either way, shown as theirs.
    identity = read_holder(presentation.get("holder")) or LearnerIdentity(did=result.issuer)
    title = ""
    for clr, _res in parts.clrs[:1]:
        identity = read_learner(clr)
        title = name if isinstance(name := clr.get("name"), str) else ""
    if title == DEFAULT_TITLE:
        title = ""  # our generic name: the page's title, in the reader's language, instead
    cards = [credential_card(doc, res, lang, learner=identity) for doc, res in parts.cards]
    awarded = _achievements(parts.cards, cards)
    items = [item for clr, res in parts.clrs for item in _learner_items(clr, res, lang, awarded)]
    binding = result.check(CheckId.HOLDER_BINDING)
    bound = (
        binding is not None
        and binding.outcome is Outcome.PASSED
        and (identity.did is None or identity.did == result.issuer)
    )
    name = identity.name
    learner = LearnerView(
        identity=identity,
        presented=t("record.presented_by", lang, name=name)
        if name
        else t("record.presented_anonymous", lang),
        as_given=t("record.as_given", lang),
        bound=bound,
        bound_text=t("record.signed_by_learner", lang) if bound else "",
    )
    clr_results = [res for _clr, res in parts.clrs]
    summary = _summary(parts.cards, result, clr_results, lang)
    verdict = VerdictView(
        level=result.verdict,
        tone=tone_of(result.verdict),
        title=verdict_label(result.verdict, lang),
        summary=summary[:1].upper() + summary[1:],
        reasons=_reasons(result, parts, cards, lang),
    )
    unsupported = tuple(c for res in clr_results for c in res.unsupported_claims)
    expires_raw = None
    for proof in as_list(presentation.get("proof")):
        if isinstance(proof, Mapping) and isinstance(proof.get("expires"), str):
            expires_raw = proof["expires"]
    page_title = t("record.title", lang, name=name) if name else t("record.title_anonymous", lang)
    return RecordView(
        lang=lang,
        title=title or page_title,
        page_title=page_title,
        learner=learner,
        names=_names(cards, identity, lang),
        verdict=verdict,
        credentials=tuple(cards),
        learner_items=tuple(items),
        unsupported_claims=unsupported,
        record_checks=tuple(
            line for clr, res in parts.clrs for line in check_lines(res, lang, clr)
        ),
        presentation_checks=check_lines(result, lang, presentation),
        checked_at=checked,
        checked_text=format_datetime(checked, lang),
        expires=parse_datetime(expires_raw),
        expires_text=format_datetime(expires_raw, lang) if expires_raw else "",
    )


def linkedin_url(
    card: CredentialCard, *, credential_url: str | None = None, credential_id: str | None = None
) -> str:
    """LinkedIn's "Add license or certification" form, filled in from a credential: its name,
    the issuing organization, the issue (and expiry) month, and ``credential_url`` (a share
    link) as the credential URL. A plain link (LinkedIn's Add to Profile parameters): opening
    it sends LinkedIn nothing but what it shows."""
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": card.name,
        "organizationName": card.issuer.name,
    }
    if card.issued is not None:
        params |= {"issueYear": str(card.issued.year), "issueMonth": str(card.issued.month)}
    if card.expires is not None:
        params |= {
            "expirationYear": str(card.expires.year),
            "expirationMonth": str(card.expires.month),
        }
    if credential_url:
        params["certUrl"] = credential_url
    if credential_id:
        params["certId"] = credential_id
    return f"{LINKEDIN_ADD}?{urlencode(params, quote_via=quote)}"
