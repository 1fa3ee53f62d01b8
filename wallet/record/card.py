"""The parts of the people-first view (:mod:`wallet.record.view`): one credential as a person reads
it — :class:`CredentialCard` with its issuer, dates, results with their labels, criteria,
competencies, the issuer's evidence and the checks in plain words — and the verdict of a result
in plain words (the words of a level: :func:`wallet.i18n.verdict_label`, the one mapping).

Who issued it is shown by one rule (:func:`issuer_view`): the issuer's own display (OpenID4VCI
``display`` metadata, in the reader's language) when the wallet kept it on receiving
(:class:`IssuerDisplay`), else the credential's name for its issuer — as a trust list the reader
keeps names it, else as the credential gives it; the logo the wallet fetched on receiving, else
the credential's own inline picture of its issuer. Whether a trust list recognises the issuer
is said beside it (``recognition``), whichever name is shown.

Every string in a part is already in the reader's language (through :mod:`wallet.i18n`);
values the issuer wrote (names, descriptions, criteria) are shown as written. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wallet.credential import objects, parse_datetime
from wallet.errors import WalletError
from wallet.formats.vcjwt import unverified_credential
from wallet.i18n import (
    DEFAULT,
    check_sentence,
    check_title,
    format_date,
    has,
    normalize,
    outcome_label,
    pick_locale,
    t,
    verdict_label,
)
from wallet.presenting.identity import LearnerIdentity, RecipientMatch, recipient_match
from wallet.reading.models import (
    Achievement,
    ClrCredential,
    Result,
    VerifiableCredential,
    parse_credential,
)
from wallet.result import Check, CheckId, Outcome, Verdict, VerificationResult

__all__ = [
    "CheckLine",
    "CompetencyView",
    "CredentialCard",
    "EvidenceView",
    "IssuerDisplay",
    "IssuerView",
    "ResultView",
    "VerdictView",
    "check_lines",
    "credential_card",
    "problems",
    "ranked_problems",
    "readable",
    "tone_of",
    "verdict_view",
]

_TONES = {
    Verdict.VERIFIED: "verified",
    Verdict.WARNINGS: "warnings",
    Verdict.ISSUER_NOT_CONFIRMED: "unconfirmed",
    Verdict.NOT_VERIFIED: "failed",
}


def tone_of(verdict: Verdict) -> str:
    """The colour family of a level: ``verified`` (green, and only it), ``warnings``,
    ``unconfirmed``, ``failed``."""
    return _TONES[verdict]


@dataclass(frozen=True)
class CheckLine:
    """One check for a person: what it is about (``title``), how it went (``outcome_text``)
    and what that means (``text``); ``technical`` is the check's own message, given to
    English readers only (it is written in English)."""

    id: CheckId
    outcome: Outcome
    title: str
    outcome_text: str
    text: str
    technical: str | None = None


@dataclass(frozen=True)
class VerdictView:
    """A verdict in plain words: ``title`` (the level), ``tone`` (:func:`tone_of`),
    ``summary`` (a line such as "3 credentials · all verified · issued by 2 recognised
    institutions") and ``reasons`` (the first problems, each a sentence)."""

    level: Verdict
    tone: str
    title: str
    summary: str = ""
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuerView:
    """Who issued a credential; ``recognised`` when a trust list names it (``recognition``
    says which list, and as what); else its name is its own word."""

    id: str | None
    name: str
    logo: str | None = None
    url: str | None = None
    recognised: bool = False
    recognition: str = ""


@dataclass(frozen=True)
class ResultView:
    """A result with its label: ``Final grade: A`` (``label``: the result description's name,
    ``value``: the grade, score or rubric level achieved)."""

    label: str
    value: str
    text: str


@dataclass(frozen=True)
class CompetencyView:
    """An alignment: a CASE item (``case``) or another framework's competency."""

    name: str
    code: str | None = None
    url: str | None = None  # https only
    framework: str | None = None
    case: bool = False


@dataclass(frozen=True)
class EvidenceView:
    """Evidence the issuer lists for a credential (what the work was): ``name``, ``url``
    (http(s) only) and ``narrative`` (what it says — its narrative or description, as the
    issuer wrote it)."""

    name: str
    url: str | None = None
    narrative: str | None = None


@dataclass(frozen=True)
class IssuerDisplay:
    """What the wallet kept of an issuer's own display (OpenID4VCI ``display`` metadata) when it
    received a credential from it: ``names`` as (locale, name), and ``logo``, the picture the
    wallet fetched then (a ``data:`` URI)."""

    names: tuple[tuple[str | None, str], ...] = ()
    logo: str | None = None

    def name_for(self, lang: str) -> str | None:
        """The name for a reader of ``lang`` (:func:`wallet.i18n.pick_locale`)."""
        index = pick_locale([locale for locale, _name in self.names], lang)
        return None if index is None else self.names[index][1] or None


@dataclass(frozen=True)
class CredentialCard:
    """One credential as a person reads it. ``parts`` are the credentials a transcript (a CLR
    by an issuer) carries; ``recipient`` says whether the issuer names the learner.
    ``source`` is what it is: ``vc`` (a Verifiable Credential), or an Open Badges 2.0 badge
    (``ob2_hosted``, ``ob2_signed``: :mod:`wallet.record.badge`), which ``marking`` says in the
    reader's language ("Open Badges 2.0 · hosted by …")."""

    name: str
    verdict: VerdictView
    issuer: IssuerView
    description: str | None = None
    image: str | None = None  # an inline picture (data:image/…); nothing is loaded
    kind: str | None = None  # "Course", "Transcript", … in the reader's language
    issued: datetime | None = None
    issued_text: str = ""
    expires: datetime | None = None
    expires_text: str = ""
    expired: bool = False
    results: tuple[ResultView, ...] = ()
    criteria: str | None = None
    competencies: tuple[CompetencyView, ...] = ()
    credits: str | None = None
    recipient: RecipientMatch | None = None
    recipient_text: str | None = None
    parts: tuple[CredentialCard, ...] = ()
    checks: tuple[CheckLine, ...] = ()
    source: str = "vc"
    marking: str | None = None
    narrative: str | None = None  # what the recipient did, as the issuer says it
    evidence: tuple[EvidenceView, ...] = ()


# --- reading ------------------------------------------------------------------------------------


def readable(doc: Any) -> dict[str, Any]:
    """The JSON of a credential as carried: the object itself, an enveloped or compact VC-JWT
    decoded for display only (its verdict is the verification result's), else ``{}``."""
    if isinstance(doc, Mapping) and "EnvelopedVerifiableCredential" in objects_types(doc):
        ident = doc.get("id")
        doc = ident.split(",", 1)[1] if isinstance(ident, str) and "," in ident else {}
    if isinstance(doc, str):
        try:
            doc = unverified_credential(doc)
        except WalletError:
            return {}
    return dict(doc) if isinstance(doc, Mapping) else {}


def objects_types(doc: Mapping[str, Any]) -> list[str]:
    kinds = doc.get("type")
    return [kinds] if isinstance(kinds, str) else [k for k in kinds or [] if isinstance(k, str)]


def _view(doc: Mapping[str, Any]) -> VerifiableCredential:
    try:
        return parse_credential(doc)
    except WalletError:
        return parse_credential({})


def _inline_image(*candidates: str | None) -> str | None:
    return next((c for c in candidates if c and c.startswith("data:image/")), None)


# --- checks and verdicts ------------------------------------------------------------------------


def _date_field(doc: Mapping[str, Any], *keys: str) -> str | None:
    return next((doc[k] for k in keys if isinstance(doc.get(k), str)), None)


def _params(
    check: Check, doc: Mapping[str, Any], result: VerificationResult, lang: str
) -> tuple[str | None, dict[str, object]]:
    """The facts a check's sentence may name (a date, a trust list), and which refinement."""
    if check.id is CheckId.VALIDITY:
        if check.detail == "not_yet_valid":
            return None, {"date": format_date(_date_field(doc, "validFrom", "issuanceDate"), lang)}
        until = _date_field(doc, "validUntil", "expirationDate")
        if until:
            return "until", {"date": format_date(until, lang)}
    if check.id is CheckId.RECOGNITION and result.recognition is not None:
        rec = result.recognition
        params: dict[str, object] = {"list": rec.list_name}
        if rec.name:
            params["name"] = rec.name
            return "named", params
        return None, params
    if (
        check.id is CheckId.EVIDENCE
        and check.outcome is Outcome.SKIPPED
        and any(objects(doc.get("evidence")))
    ):
        return "listed", {}  # evidence is shown, but none of it is a file to compare
    return None, {}


def check_lines(
    result: VerificationResult, lang: str = DEFAULT, doc: Mapping[str, Any] | None = None
) -> tuple[CheckLine, ...]:
    """Every check of ``result`` in plain words (``doc``: the document, for its dates)."""
    english = normalize(lang) == DEFAULT
    lines = []
    for check in result.checks:
        variant, params = _params(check, doc or {}, result, lang)
        lines.append(
            CheckLine(
                id=check.id,
                outcome=check.outcome,
                title=check_title(check.id, lang),
                outcome_text=outcome_label(check.outcome, lang),
                text=check_sentence(check, lang, variant=variant, **params),
                technical=check.message if english and check.message else None,
            )
        )
    return tuple(lines)


def ranked_problems(
    result: VerificationResult,
    lang: str = DEFAULT,
    doc: Mapping[str, Any] | None = None,
    *,
    nested: bool = True,
) -> list[tuple[int, str]]:
    """The problems of a result and (``nested``) of everything inside it, as (rank, sentence)
    — rank 0 a failure, 1 an issuer not confirmed, 2 a warning; the check that sums up the
    credentials inside is left out when they are there to speak for themselves."""
    ranked: list[tuple[int, str]] = []

    def walk(res: VerificationResult, source: Mapping[str, Any] | None) -> None:
        for line in check_lines(res, lang, source):
            if line.id is CheckId.NESTED and res.nested:
                continue
            rank = {Outcome.FAILED: 0, Outcome.WARNING: 2}.get(line.outcome)
            if rank is None:
                continue
            if line.outcome is Outcome.WARNING and any(
                c.id is line.id and c.detail == "issuer_not_confirmed" for c in res.checks
            ):
                rank = 1
            ranked.append((rank, f"{line.title}: {line.text}"))
        if nested:
            for inner in res.nested:
                walk(inner, None)

    walk(result, doc)
    return ranked


def problems(
    result: VerificationResult,
    lang: str = DEFAULT,
    doc: Mapping[str, Any] | None = None,
    *,
    nested: bool = True,
) -> list[str]:
    """:func:`ranked_problems` as sentences, worst first, each once ("Signature: …")."""
    ranked = sorted(ranked_problems(result, lang, doc, nested=nested), key=lambda r: r[0])
    return list(dict.fromkeys(text for _rank, text in ranked))


def verdict_view(
    result: VerificationResult,
    lang: str = DEFAULT,
    *,
    summary: str = "",
    doc: Mapping[str, Any] | None = None,
    limit: int = 3,
) -> VerdictView:
    return VerdictView(
        level=result.verdict,
        tone=tone_of(result.verdict),
        title=verdict_label(result.verdict, lang),
        summary=summary,
        reasons=tuple(problems(result, lang, doc)[:limit]),
    )


# --- a credential ------------------------------------------------------------------------------


def issuer_view(
    view: VerifiableCredential,
    result: VerificationResult,
    lang: str = DEFAULT,
    display: IssuerDisplay | None = None,
) -> IssuerView:
    """Who issued it, by the one rule of the module docstring (``display``: what the wallet
    kept of the issuer's own display when receiving)."""
    profile = view.issuer
    rec = result.recognition
    name = (
        (display.name_for(lang) if display else None)
        or (rec.name if rec is not None and rec.name else None)
        or result.issuer_name
        or (profile.display_name if profile else None)
        or t("card.issuer_unnamed", lang)
    )
    recognition = ""
    if rec is not None:
        recognition = (
            t("card.recognised_as", lang, list=rec.list_name, name=rec.name)
            if rec.name
            else t("card.recognised_by", lang, list=rec.list_name)
        )
    elif result.check(CheckId.RECOGNITION) is not None:
        recognition = t("card.not_recognised", lang)
    logo = _inline_image(
        display.logo if display else None, profile.image.id if profile and profile.image else None
    )
    url = profile.url if profile and (profile.url or "").startswith("https://") else None
    return IssuerView(
        id=result.issuer or view.issuer_id,
        name=name,
        logo=logo,
        url=url,
        recognised=rec is not None,
        recognition=recognition,
    )


def _percent(value: str) -> str:
    return value if value.endswith("%") else f"{value}%"


def result_views(
    results: Sequence[Result], achievement: Achievement | None, lang: str = DEFAULT
) -> tuple[ResultView, ...]:
    """Each result with its label: the result description it refers to gives the label
    (``Final grade``) and, for a rubric, the level's name (``Proficient``)."""
    descriptions = {
        rd.id: rd for rd in (achievement.resultDescription if achievement else ()) if rd.id
    }
    out = []
    for result in results:
        rd = descriptions.get(result.resultDescription or "")
        label = (rd.name if rd and rd.name else None) or t("card.result_default", lang)
        value = None
        if result.achievedLevel and rd:
            level = next(
                (lv for lv in rd.rubricCriterionLevel if lv.id == result.achievedLevel), None
            )
            value = level.name if level else None
        if value is None and result.value is not None:
            value = result.value
            if rd and rd.resultType == "Percent":
                value = _percent(value)
            elif rd and rd.valueMax and rd.resultType in ("RawScore", "ScaledScore", "RubricScore"):
                value = f"{value} / {rd.valueMax}"
        value = value or result.status
        if value:
            out.append(ResultView(label, value, t("card.result", lang, label=label, value=value)))
    return tuple(out)


def competency_views(view: VerifiableCredential) -> tuple[CompetencyView, ...]:
    out = []
    for alignment in view.alignments:
        name = alignment.targetName or alignment.targetCode
        if not name:
            continue
        url = alignment.targetUrl if (alignment.targetUrl or "").startswith("https://") else None
        out.append(
            CompetencyView(
                name=name,
                code=alignment.targetCode if alignment.targetName else None,
                url=url,
                framework=alignment.targetFramework,
                case=alignment.is_case,
            )
        )
    return tuple(out)


def _kind(view: VerifiableCredential, lang: str) -> str | None:
    if isinstance(view, ClrCredential):
        return t("card.type.transcript", lang)
    kind = view.achievement.achievementType if view.achievement else None
    if not kind:
        return None
    if has(f"type.{kind}", lang):
        return t(f"type.{kind}", lang)
    if normalize(lang) != DEFAULT:
        return None  # an English word the table does not know
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", kind.removeprefix("ext:"))


def _recipient(
    view: VerifiableCredential, doc: Mapping[str, Any], learner: LearnerIdentity | None, lang: str
) -> tuple[RecipientMatch | None, str | None]:
    if learner is None:
        return None, None
    match = recipient_match(objects(doc.get("credentialSubject")), learner)
    if match.state == "matched" and learner.name:
        return match, t("card.issued_to", lang, name=learner.name)
    if match.state == "other" and match.shown:
        return match, t("card.issued_to_other", lang, name=match.shown)
    return match, None


def evidence_views(view: VerifiableCredential) -> tuple[EvidenceView, ...]:
    """The evidence the issuer lists (the learner's own, in a learner's record, is the
    record's :class:`~wallet.record.view.LearnerItem`)."""
    out = []
    for entry in view.evidence:
        url = entry.id if (entry.id or "").startswith("https://") else None
        said = entry.narrative or entry.description
        name = entry.name or (None if said else url)
        if name or said:
            out.append(EvidenceView(name=name or "", url=url, narrative=said))
    return tuple(out)


def credential_card(
    doc: Any,
    result: VerificationResult,
    lang: str = DEFAULT,
    *,
    learner: LearnerIdentity | None = None,
    issuer_display: IssuerDisplay | None = None,
) -> CredentialCard:
    """One credential as carried (a JSON object or a VC-JWT) and its verification result,
    as a person reads it; ``learner`` (who presents it) to say whether the issuer names
    them; ``issuer_display`` what the wallet kept of its issuer's own display."""
    data = readable(doc)
    view = _view(data)
    achievement = view.achievement
    issued_raw = view.awardedDate or view.validFrom or view.issuanceDate
    until_raw = view.validUntil or view.expirationDate
    validity = result.check(CheckId.VALIDITY)
    expired = validity is not None and validity.detail == "expired"
    recipient, recipient_text = _recipient(view, data, learner, lang)
    parts: tuple[CredentialCard, ...] = ()
    if isinstance(view, ClrCredential):
        inner = [
            vc
            for subject in objects(data.get("credentialSubject"))
            for vc in (subject.get("verifiableCredential") or [])
        ]
        parts = tuple(
            credential_card(d, r, lang, learner=None)
            for d, r in zip(inner, result.nested, strict=False)
        )
    credits = None
    subject = getattr(view, "credentialSubject", None)
    earned = getattr(subject, "creditsEarned", None)
    if earned:
        credits = t("card.credits", lang, count=int(earned) if earned == int(earned) else earned)
    criteria = achievement.criteria.narrative if achievement and achievement.criteria else None
    return CredentialCard(
        name=result.name or view.display_name or t("card.credential", lang),
        verdict=verdict_view(result, lang, doc=data),
        issuer=issuer_view(view, result, lang, issuer_display),
        description=(
            achievement.description if achievement and achievement.description else view.description
        ),
        image=_inline_image(
            view.image.id if view.image else None,
            achievement.image.id if achievement and achievement.image else None,
        ),
        kind=_kind(view, lang),
        issued=parse_datetime(issued_raw),
        issued_text=format_date(issued_raw, lang),
        expires=parse_datetime(until_raw),
        expires_text=format_date(until_raw, lang) if until_raw else "",
        expired=expired,
        results=result_views(getattr(view, "results", ()), achievement, lang),
        criteria=criteria,
        credits=credits,
        competencies=() if parts else competency_views(view),
        recipient=recipient,
        recipient_text=recipient_text,
        parts=parts,
        checks=check_lines(result, lang, data),
        evidence=evidence_views(view),
    )
