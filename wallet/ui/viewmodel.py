"""What the screens show, worked out without Flet: dates and status lines, the listing's verdict
levels, friendly errors, shared links, requests. Pure functions over the services' types,
tested without a browser (``tests/ui/test_views.py``).

A credential itself — its issuer, dates, results with their labels, competencies, evidence,
checks in people's words — is not worked out here: every screen draws the one people-first
view model (:class:`~wallet.record.card.CredentialCard`, :class:`~wallet.record.view.RecordView`)
that the share page and the PDF read; the words of a verdict are the language layer's
(:func:`wallet.i18n.verdict_label`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from wallet.credential import parse_iso_datetime
from wallet.errors import ExchangeError, OfferUsedError, ShareUnavailableError
from wallet.i18n import format_date, format_datetime, has
from wallet.presenting.disclosure import Claim
from wallet.record.badge import badge_marking
from wallet.record.card import IssuerDisplay
from wallet.record.report import describe_error
from wallet.result import Verdict
from wallet.services import (
    CredentialSummary,
    QueryPreview,
    RequestPreview,
    SharedLink,
)
from wallet.ui.i18n import t, tn

__all__ = [
    "LEVELS",
    "LinkFacts",
    "choose",
    "claim_text",
    "claim_words",
    "friendly_error",
    "is_offer_link",
    "issuer_shown",
    "level_of",
    "link_facts",
    "marking",
    "query_need",
    "query_title",
    "relative_day",
    "status_line",
    "unique_titles",
    "verdict_for",
    "verifier_reason",
]

# The four verdict levels as the listing names them, best first.
LEVELS = ("verified", "warning", "unconfirmed", "failed")
_FROM_VERDICT = {
    Verdict.VERIFIED: "verified",
    Verdict.WARNINGS: "warning",
    Verdict.ISSUER_NOT_CONFIRMED: "unconfirmed",
    Verdict.NOT_VERIFIED: "failed",
}
_TO_VERDICT = {level: verdict for verdict, level in _FROM_VERDICT.items()}


def level_of(verdict: str | Verdict) -> str:
    """One of :data:`LEVELS` for a listing verdict or a :class:`~wallet.result.Verdict`."""
    if isinstance(verdict, Verdict):
        return _FROM_VERDICT[verdict]
    return verdict if verdict in LEVELS else "failed"


def verdict_for(level: str | Verdict) -> Verdict:
    """The :class:`~wallet.result.Verdict` of a listing level (whose words are
    :func:`wallet.i18n.verdict_label`'s); an unknown one is *not verified*."""
    return level if isinstance(level, Verdict) else _TO_VERDICT.get(level, Verdict.NOT_VERIFIED)


def _when(iso: str | None) -> datetime | None:
    return parse_iso_datetime(iso)


def issuer_shown(summary: CredentialSummary, lang: str) -> str:
    """Who issued a listed credential, by the card's one rule
    (:func:`wallet.record.card.issuer_view`): the issuer's own name for the reader's language
    when the wallet kept its display on receiving, else the credential's name for it."""
    kept = IssuerDisplay(summary.issuer_names).name_for(lang) if summary.issuer_names else None
    return kept or summary.issuer_name or summary.issuer or ""


def relative_day(iso: str | None, lang: str, now: datetime | None = None) -> str:
    """ "today", "yesterday", "3 days ago", or the date (after a month)."""
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
    """ "status checked 3 days ago", or that the issuer revoked it (with the date the wallet
    noticed)."""
    if summary.status_state in ("revoked", "suspended"):
        noticed = (summary.status_noticed or summary.checked_at or "")[:10]
        return t(f"status.{summary.status_state}", lang, date=noticed)
    return t("status.checked", lang, when=relative_day(summary.checked_at, lang, now))


def marking(summary: CredentialSummary, lang: str) -> str | None:
    """ "Open Badges 2.0 · hosted by ⟨origin⟩" / "· signed by ⟨issuer⟩" for an Open Badges 2.0
    badge; None for any other credential."""
    if not summary.format.startswith("ob2"):
        return None
    return badge_marking(summary.format, lang, host=summary.hosted_by, issuer=summary.issuer_name)


def friendly_error(exc: BaseException, lang: str = "en") -> str:
    """One sentence for a person: the named cases in their own words, else the error's."""
    if isinstance(exc, OfferUsedError):
        return t("receive.used", lang)
    if isinstance(exc, ExchangeError) and exc.error == "cancelled":
        return t("receive.cancelled", lang)
    if isinstance(exc, ShareUnavailableError) and exc.details.get("status") in (400, 403, 404, 410):
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
    if claim.key in (
        "validFrom",
        "validUntil",
        "awardedDate",
        "issuanceDate",
        "expirationDate",
        "activityStartDate",
        "activityEndDate",
    ):
        return format_date(value, lang) if isinstance(value, str) else ""
    if isinstance(value, Mapping):
        value = value.get("name") if isinstance(value.get("name"), str) else None
    elif isinstance(value, list):
        if claim.key == "result":
            values = [
                str(r.get("value") or r.get("achievedLevel") or "")
                for r in value
                if isinstance(r, Mapping)
            ]
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
    until = (
        t("share.until", lang, when=format_datetime(link.expires, lang))
        if link.status == "active" and link.expires
        else ""
    )
    if link.revoked:
        views = ""
    elif link.views is None:
        views = t("links.views_unknown", lang)
    elif not link.views:
        views = f"{tn('share.views', 0, lang)} ({t('share.never_viewed', lang)})"
    else:
        when = format_datetime(datetime.fromtimestamp(link.views[-1], UTC), lang)
        views = (
            f"{tn('share.views', len(link.views), lang)}, {t('share.last_view', lang, when=when)}"
        )
    times = tuple(
        format_datetime(datetime.fromtimestamp(v, UTC), lang)
        for v in reversed((link.views or ())[-last:])
    )
    return LinkFacts(link.status, status_text, until, views, times)


# --- responding to a request ----------------------------------------------------------------

_TYPE_KEYS = {
    "OpenBadgeCredential": "respond.type.badge",
    "ClrCredential": "respond.type.clr",
    "AchievementCredential": "respond.type.badge",
}
_FORMATS = {"ldp_vc": "Data Integrity", "jwt_vc_json": "VC-JWT"}


def is_offer_link(text: str) -> bool:
    """An OID4VCI offer pasted where a request belongs (it is received, not answered)."""
    return text.strip().startswith("openid-credential-offer://")


_REASONS = {
    "x509": "x509",
    "did_web": "did_web",
    "registered": "added",
    "https": "web",
    "http": "web_plain",
    "did:key": "did",
    "did:jwk": "did",
    "unsigned": "unsigned",
}


def verifier_reason(preview: RequestPreview, lang: str) -> str:
    """Why who asks is verified — or only signed, or not verified — in our own words, from
    its standing and basis (the service's English sentence goes under "details")."""
    who = preview.verifier
    key = _REASONS.get(who.basis, "unsigned")
    return t(f"respond.how.{key}", lang, origin=who.origin, name=who.name)


def query_title(query: QueryPreview, lang: str) -> str:
    """What a query asks for: "Open Badge (Data Integrity)", "오픈 배지 (VC-JWT)"."""
    names = list(
        dict.fromkeys(
            t(_TYPE_KEYS[n], lang) if n in _TYPE_KEYS else n
            for n in query.types
            if n != "VerifiableCredential"
        )
    )
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


def choose(
    selection: Mapping[str, tuple[str, ...]], query: QueryPreview, rid: str | None, on: bool = True
) -> dict[str, tuple[str, ...]]:
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
