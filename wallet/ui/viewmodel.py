"""What the screens show, worked out without Flet: dates and status lines, a credential's facts
(issued, expiry, results with their labels, alignments), checks in people's words, friendly
errors. Pure functions over the services' types, tested without a browser
(``tests/ui/test_views.py``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wallet.credential import as_list, parse_iso_datetime
from wallet.errors import ExchangeError, OfferUsedError, ShareUnavailableError
from wallet.i18n import check_sentence, format_date, format_datetime, has
from wallet.ob2.reading import alignments
from wallet.presenting.disclosure import Claim
from wallet.reading.model_parts import Result
from wallet.reading.models import parse_credential
from wallet.record.badge import badge_marking
from wallet.record.report import CHECK_LABELS, describe_error
from wallet.result import CheckId, Outcome, Verdict, VerificationResult
from wallet.services import (
    CredentialDetail,
    CredentialSummary,
    QueryPreview,
    RequestPreview,
    SharedLink,
)
from wallet.text import visible
from wallet.ui.i18n import t, tn

__all__ = ["LEVELS", "AlignmentLink", "CheckRow", "Facts", "LinkFacts", "check_rows", "choose",
           "claim_text", "claim_words", "facts", "friendly_error", "is_offer_link", "level_of",
           "link_facts", "marking", "query_need", "query_title", "relative_day", "status_line",
           "unique_titles", "verifier_reason"]

# The four verdict levels as the listing names them, best first.
LEVELS = ("verified", "warning", "unconfirmed", "failed")
_FROM_VERDICT = {Verdict.VERIFIED: "verified", Verdict.WARNINGS: "warning",
                 Verdict.ISSUER_NOT_CONFIRMED: "unconfirmed", Verdict.NOT_VERIFIED: "failed"}


def level_of(verdict: str | Verdict) -> str:
    """One of :data:`LEVELS` for a listing verdict or a :class:`~wallet.result.Verdict`."""
    if isinstance(verdict, Verdict):
        return _FROM_VERDICT[verdict]
    return verdict if verdict in LEVELS else "failed"


def _when(iso: str | None) -> datetime | None:
    return parse_iso_datetime(iso)


def relative_day(iso: str | None, lang: str, now: datetime | None = None) -> str:
    """"today", "yesterday", "3 days ago", or the date (after a month)."""
    when = _when(iso)
    if when is None:
        return t("when.never", lang)
    days = ((now or datetime.now(UTC)).date() - when.date()).days
    if days <= 0:
        return t("when.today", lang)
    if days == 1:
        return t("when.yesterday", lang)
    if days < 31:
        return tn("when.days_ago", days, lang)
    return when.date().isoformat()


def status_line(summary: CredentialSummary, lang: str, now: datetime | None = None) -> str:
    """"status checked 3 days ago", or that the issuer revoked it (with the date the wallet
    noticed)."""
    if summary.status_state in ("revoked", "suspended"):
        noticed = (summary.status_noticed or summary.checked_at or "")[:10]
        return t(f"status.{summary.status_state}", lang, date=noticed)
    return t("status.checked", lang, when=relative_day(summary.checked_at, lang, now))


@dataclass(frozen=True)
class AlignmentLink:
    label: str
    url: str | None
    code: str | None
    framework: str | None
    is_case: bool


@dataclass(frozen=True)
class Facts:
    """The facts shown up front on a credential's detail."""

    issued: str | None
    expires: str | None
    expired: bool
    results: tuple[tuple[str, str], ...]  # (label, value): ("Final grade", "A")
    alignments: tuple[AlignmentLink, ...]
    evidence: tuple[tuple[str, str], ...]  # (name, narrative)
    criteria: str | None
    issuer_url: str | None
    narrative: str | None = None  # what the recipient did (an Open Badges 2.0 assertion's)
    marking: str | None = None  # "Open Badges 2.0 · hosted by …"


def marking(summary: CredentialSummary, lang: str) -> str | None:
    """"Open Badges 2.0 · hosted by ⟨origin⟩" / "· signed by ⟨issuer⟩" for an Open Badges 2.0
    badge; None for any other credential."""
    if not summary.format.startswith("ob2"):
        return None
    return badge_marking(summary.format, lang, host=summary.hosted_by,
                         issuer=summary.issuer_name)


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _badge_facts(detail: CredentialDetail, lang: str, now: datetime | None) -> Facts:
    """An Open Badges 2.0 badge's facts, from its documents in OB 2.0's shape."""
    assert detail.badge is not None
    assertion, badge, issuer = detail.badge.assertion, detail.badge.badge, detail.badge.issuer
    links = tuple(AlignmentLink(" ".join(x for x in (a.targetCode, a.targetName) if x)
                                or (a.targetUrl or ""), a.targetUrl, a.targetCode,
                                a.targetFramework, bool(a.targetUrl and "/CFItems/" in
                                                        a.targetUrl))
                  for a in alignments(badge))
    evidence = []
    for item in as_list(assertion.get("evidence")):
        entry = item if isinstance(item, Mapping) else {"name": item}
        evidence.append((str(entry.get("name") or entry.get("id") or ""),
                         str(entry.get("narrative") or "")))
    criteria = badge.get("criteria")
    said = _text(criteria.get("narrative")) or _text(criteria.get("id")) if isinstance(
        criteria, Mapping) else _text(criteria)
    expires = _text(assertion.get("expires"))
    end = _when(expires)
    url = issuer.get("url")
    return Facts(issued=_text(assertion.get("issuedOn")), expires=expires,
                 expired=bool(end and end < (now or datetime.now(UTC))), results=(),
                 alignments=links, evidence=tuple(evidence), criteria=said,
                 issuer_url=url if isinstance(url, str) else None,
                 narrative=_text(assertion.get("narrative")),
                 marking=marking(detail.summary, lang))


def _subject(doc: Mapping[str, Any]) -> Mapping[str, Any]:
    subject = doc.get("credentialSubject")
    subject = subject[0] if isinstance(subject, list) and subject else subject
    return subject if isinstance(subject, Mapping) else {}


def _result_value(result: Any, description: Any, lang: str) -> str:
    value = result.value or ""
    kind = (description.resultType if description else None) or ""
    if result.achievedLevel and description is not None:
        for level in description.rubricCriterionLevel:
            if level.id == result.achievedLevel:
                return level.name or result.achievedLevel
    if kind == "Percent" and value:
        return t("detail.percent", lang, value=value.rstrip("%").strip())
    if kind in ("GradePointAverage", "Points", "Result") and value and description and (
            description.valueMax):
        return t("detail.out_of", lang, value=value, max=description.valueMax)
    return value or result.achievedLevel or result.status or ""


def facts(detail: CredentialDetail, lang: str = "en", now: datetime | None = None) -> Facts:
    if detail.badge is not None:  # an Open Badges 2.0 badge: its own documents
        return _badge_facts(detail, lang, now)
    doc = detail.document or {}
    view = parse_credential(doc)
    achievement = view.achievement
    descriptions = {d.id: d for d in (achievement.resultDescription if achievement else ())
                    if d.id}
    results: list[tuple[str, str]] = []
    raw_results = _subject(doc).get("result")
    for raw in raw_results if isinstance(raw_results, list) else []:
        if not isinstance(raw, Mapping):
            continue
        result = Result.model_validate(dict(raw))
        description = descriptions.get(result.resultDescription or "")
        label = (description.name if description else None) or t("detail.result", lang)
        value = _result_value(result, description, lang)
        if value:
            results.append((label, value))
    links = []
    for a in view.alignments:
        label = " ".join(x for x in (a.targetCode, a.targetName) if x) or (a.targetUrl or "")
        links.append(AlignmentLink(label, a.targetUrl, a.targetCode, a.targetFramework,
                                   a.is_case))
    evidence = []
    raw_evidence = doc.get("evidence")
    for ev in raw_evidence if isinstance(raw_evidence, list) else []:
        if isinstance(ev, Mapping):
            evidence.append((str(ev.get("name") or ""), str(ev.get("narrative") or "")))
    expires = detail.summary.valid_until or view.validUntil or view.expirationDate
    end = _when(expires)
    criteria = achievement.criteria.narrative if achievement and achievement.criteria else None
    issuer = doc.get("issuer")
    url = issuer.get("url") if isinstance(issuer, Mapping) else None
    return Facts(issued=(detail.summary.valid_from or view.validFrom or view.issuanceDate),
                 expires=expires, expired=bool(end and end < (now or datetime.now(UTC))),
                 results=tuple(results), alignments=tuple(links), evidence=tuple(evidence),
                 criteria=criteria, issuer_url=url if isinstance(url, str) else None)


@dataclass(frozen=True)
class CheckRow:
    id: str
    outcome: Outcome
    label: str  # what was checked, in a word or two
    plain: str  # what it means, for people
    details: str  # the technical text


_PLAIN = {
    (CheckId.PROOF, Outcome.PASSED): "check.proof.ok",
    (CheckId.PROOF, Outcome.FAILED): "check.proof.bad",
    (CheckId.ISSUER_BINDING, Outcome.PASSED): "check.binding.ok",
    (CheckId.ISSUER_BINDING, Outcome.WARNING): "check.binding.unsure",
    (CheckId.ISSUER_BINDING, Outcome.FAILED): "check.binding.bad",
    (CheckId.VALIDITY, Outcome.PASSED): "check.validity.ok",
    (CheckId.VALIDITY, Outcome.FAILED): "check.validity.bad",
    (CheckId.STATUS, Outcome.PASSED): "check.status.ok",
    (CheckId.STATUS, Outcome.WARNING): "check.status.unknown",
    (CheckId.STATUS, Outcome.FAILED): "check.status.bad",
    (CheckId.STATUS, Outcome.SKIPPED): "check.status.none",
    (CheckId.RECOGNITION, Outcome.PASSED): "check.recognition.ok",
    (CheckId.RECOGNITION, Outcome.WARNING): "check.recognition.unknown",
    (CheckId.STRUCTURE, Outcome.PASSED): "check.structure.ok",
    (CheckId.STRUCTURE, Outcome.FAILED): "check.structure.bad",
    (CheckId.HOLDER_BINDING, Outcome.PASSED): "check.holder.ok",
    (CheckId.HOLDER_BINDING, Outcome.FAILED): "check.holder.bad",
    (CheckId.CHALLENGE, Outcome.PASSED): "check.challenge.ok",
    (CheckId.CHALLENGE, Outcome.FAILED): "check.challenge.bad",
    (CheckId.CLAIMS, Outcome.FAILED): "check.claims.bad",
}


def check_rows(result: VerificationResult | None, lang: str = "en") -> list[CheckRow]:
    """Every check: its label, a plain sentence (the outcome in people's words), and the
    technical text to show under "details"."""
    rows = []
    for check in result.checks if result else ():
        key = _PLAIN.get((check.id, check.outcome))
        if key is None and check.id is CheckId.ISSUER_BINDING and check.outcome is Outcome.WARNING:
            key = "check.binding.unsure"
        plain = t(key, lang) if key else t(f"check.generic.{check.outcome.value}", lang)
        if result is not None and result.format.startswith("ob2"):
            # an Open Badges 2.0 badge: what was checked in its own words (a host, not a
            # signature, vouches for a hosted one)
            plain = check_sentence(check, lang)
        rows.append(CheckRow(str(check.id), check.outcome,
                             t(f"app.check.label.{check.id.value}", lang)
                             if f"app.check.label.{check.id.value}" in _label_keys()
                             else CHECK_LABELS.get(check.id, str(check.id)),
                             plain, visible(check.message)))  # it quotes names
    return rows


def _label_keys() -> set[str]:
    from wallet.ui.i18n import STRINGS

    return set(STRINGS["en"])


def friendly_error(exc: BaseException, lang: str = "en") -> str:
    """One sentence for a person: the named cases in their own words, else the error's."""
    if isinstance(exc, OfferUsedError):
        return t("receive.used", lang)
    if isinstance(exc, ExchangeError) and exc.error == "cancelled":
        return t("receive.cancelled", lang)
    if isinstance(exc, ShareUnavailableError) and exc.details.get("status") in (
            400, 403, 404, 410):
        return t("verify.unavailable", lang)
    return describe_error(exc, lang)


def unique_titles(items: list[tuple[str, str]]) -> dict[str, str]:
    """(id, title) → id → a title unique among them ("Reflection", "Reflection (2)")."""
    seen: dict[str, int] = {}
    out = {}
    for rid, title in items:
        n = seen.get(title.casefold(), 0) + 1
        seen[title.casefold()] = n
        out[rid] = title if n == 1 else f"{title} ({n})"
    return out


# --- presenting -------------------------------------------------------------------------------


def _claim_value(claim: Claim, lang: str) -> str:
    """A claim's value as a person reads it, briefly ("" when it is not one line)."""
    value = claim.value
    if claim.key in ("validFrom", "validUntil", "awardedDate", "issuanceDate",
                     "expirationDate", "activityStartDate", "activityEndDate"):
        return format_date(value, lang) if isinstance(value, str) else ""
    if isinstance(value, Mapping):
        value = value.get("name") if isinstance(value.get("name"), str) else None
    elif isinstance(value, list):
        if claim.key == "result":
            values = [str(r.get("value") or r.get("achievedLevel") or "")
                      for r in value if isinstance(r, Mapping)]
            value = ", ".join(v for v in values if v and len(v) < 40) or None
        else:
            value = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip() or value.startswith("data:"):
        return ""
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:59] + "…"


def claim_text(claim: Claim, lang: str = "en") -> str:
    """A claim of a selective-disclosure credential in words: "Results (grades, scores): A",
    "Description: Recognises …"; one the table does not know by its own name."""
    where = "subject." if claim.in_subject else ""
    key = f"sd.claim.{where}{claim.key}"
    if has(key, lang):
        label = t(key, lang)
    else:
        words = claim.key.removeprefix("ext:")
        words = "".join(f" {c.lower()}" if c.isupper() else c for c in words).strip()
        label = t("sd.claim.other", lang, name=words[:1].upper() + words[1:])
    value = _claim_value(claim, lang)
    return f"{label}: {value}" if value else label


@dataclass(frozen=True)
class LinkFacts:
    """A shared link as its row shows it: ``status`` (``active``, ``expired``, ``withdrawn``,
    ``used up``) and its words, until when, how many views and when."""

    status: str
    status_text: str
    until: str
    views: str
    times: tuple[str, ...]  # the last views, newest first


def link_facts(link: SharedLink, lang: str = "en", *, last: int = 5) -> LinkFacts:
    status_text = t(f"share.status.{link.status.replace(' ', '_')}", lang)
    until = t("share.until", lang, when=format_datetime(link.expires, lang)) \
        if link.status == "active" and link.expires else ""
    if link.revoked:
        views = ""
    elif link.views is None:
        views = t("links.views_unknown", lang)
    elif not link.views:
        views = f"{tn('share.views', 0, lang)} ({t('share.never_viewed', lang)})"
    else:
        when = format_datetime(datetime.fromtimestamp(link.views[-1], UTC), lang)
        views = f"{tn('share.views', len(link.views), lang)}, " \
            f"{t('share.last_view', lang, when=when)}"
    times = tuple(format_datetime(datetime.fromtimestamp(v, UTC), lang)
                  for v in reversed((link.views or ())[-last:]))
    return LinkFacts(link.status, status_text, until, views, times)


# --- responding to a request ----------------------------------------------------------------

_TYPE_KEYS = {"OpenBadgeCredential": "respond.type.badge", "ClrCredential": "respond.type.clr",
              "AchievementCredential": "respond.type.badge"}
_FORMATS = {"ldp_vc": "Data Integrity", "jwt_vc_json": "VC-JWT"}


def is_offer_link(text: str) -> bool:
    """An OID4VCI offer pasted where a request belongs (it is received, not answered)."""
    return text.strip().startswith("openid-credential-offer://")


_REASONS = {"x509": "x509", "did_web": "did_web", "registered": "added", "https": "web",
            "http": "web_plain", "did:key": "did", "did:jwk": "did", "unsigned": "unsigned"}


def verifier_reason(preview: RequestPreview, lang: str) -> str:
    """Why who asks is verified — or only signed, or not verified — in our own words, from
    its standing and basis (the service's English sentence goes under "details")."""
    who = preview.verifier
    key = _REASONS.get(who.basis, "unsigned")
    return t(f"respond.how.{key}", lang, origin=who.origin, name=who.name)


def query_title(query: QueryPreview, lang: str) -> str:
    """What a query asks for: "Open Badge (Data Integrity)", "오픈 배지 (VC-JWT)"."""
    names = list(dict.fromkeys(t(_TYPE_KEYS[n], lang) if n in _TYPE_KEYS else n
                               for n in query.types if n != "VerifiableCredential"))
    what = t("respond.or", lang).join(names) if names else t("respond.type.any", lang)
    fmt = _FORMATS.get(query.format, query.format)
    return f"{what} ({fmt})" if fmt else what


def query_need(query: QueryPreview, preview: RequestPreview) -> tuple[str, list[QueryPreview]]:
    """``("required", [])``, ``("one_of", the other queries that may be answered instead)`` or
    ``("optional", [])`` — only alternatives the learner can answer count."""
    others = [q for q in preview.queries if q.id in query.alternatives and q.matches]
    if query.required or (query.alternatives and not others):
        return "required", []
    return ("one_of", others) if others else ("optional", [])


def choose(selection: Mapping[str, tuple[str, ...]], query: QueryPreview, rid: str | None,
           on: bool = True) -> dict[str, tuple[str, ...]]:
    """The selection after the learner (un)ticks ``rid`` (None: none) for ``query``."""
    out = {k: tuple(v) for k, v in selection.items()}
    current = out.get(query.id, ())
    if rid is None:
        out[query.id] = ()
    elif query.multiple:
        out[query.id] = (*(i for i in current if i != rid), *((rid,) if on else ()))
    else:
        out[query.id] = (rid,) if on else tuple(i for i in current if i != rid)
    return out


def claim_words(claim: str, lang: str) -> str:
    """A claim the verifier asks about, in words where it is a known one (a competency, the
    issuer), else its path: "Shows the competency Clean and prepare tabular data"."""
    path, _eq, values = claim.partition(" = ")
    parts = path.split(" › ")
    if values and parts[-1] in ("targetName", "targetUrl") and "alignment" in parts:
        return t("respond.claim.competency", lang, what=values)
    if values and parts[0] == "issuer":
        return t("respond.claim.issuer", lang, what=values)
    return t("respond.asks_about", lang, claim=claim)
