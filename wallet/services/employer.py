"""What the employer reads about a verified credential or presentation, people first: who
presented it, each credential's name, issuer and dates with its verdict, and the learner's own
content (reflections, work samples) marked as theirs — the same things the share page shows.

This is a small interim view for the app's Verify screen; the people-first view model of a
presentation (shared by the share page and the PDF) is meant to replace it in one place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wallet.errors import WalletError
from wallet.formats.vcjwt import unverified_credential
from wallet.result import CheckId, Outcome, Verdict, VerificationResult

__all__ = ["Checked", "CredentialView", "EmployerView", "LearnerItem", "employer_view"]


@dataclass(frozen=True)
class Checked:
    """A verification result with the document it is about (None when it was unreadable)."""

    result: VerificationResult
    document: dict[str, Any] | None = None
    jwt: str | None = None


@dataclass(frozen=True)
class CredentialView:
    name: str
    issuer_name: str | None
    issuer: str | None
    verdict: Verdict
    issued: str | None = None
    expires: str | None = None
    description: str | None = None
    recognised_by: str | None = None  # the trust list that recognised the issuer
    problems: tuple[str, ...] = ()  # what failed or warned, in the checks' own words


@dataclass(frozen=True)
class LearnerItem:
    kind: str  # "reflection" | "work sample"
    name: str
    text: str = ""
    link: str | None = None


@dataclass(frozen=True)
class EmployerView:
    verdict: Verdict
    kind: str  # "credential" | "presentation"
    holder: str | None = None  # the presenter's DID
    holder_bound: bool = False  # the presentation is signed with that holder's key
    credentials: tuple[CredentialView, ...] = ()
    learner: tuple[LearnerItem, ...] = ()
    unsupported: tuple[str, ...] = ()  # achievements the learner claims that no issuer backs
    problems: tuple[str, ...] = field(default_factory=tuple)


def _as_document(doc: Any) -> Mapping[str, Any]:
    if isinstance(doc, str):
        try:
            return unverified_credential(doc)
        except WalletError:
            return {}
    return doc if isinstance(doc, Mapping) else {}


def _problems(result: VerificationResult) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.message for c in result.checks
                               if c.outcome in (Outcome.FAILED, Outcome.WARNING)))


def _credential(doc: Any, result: VerificationResult) -> CredentialView:
    from wallet.reading.models import parse_credential  # the views, when one is shown

    try:
        view = parse_credential(_as_document(doc))
    except WalletError:
        view = parse_credential({})
    achievement = view.achievement
    recognition = result.recognition
    return CredentialView(
        name=result.name or (achievement.name if achievement else None) or view.display_name,
        issuer_name=(recognition.name if recognition and recognition.name else None)
        or result.issuer_name or view.issuer_name,
        issuer=result.issuer or view.issuer_id, verdict=result.verdict,
        issued=view.validFrom or view.issuanceDate,
        expires=view.validUntil or view.expirationDate,
        description=(achievement.description if achievement else None) or view.description,
        recognised_by=recognition.list_name if recognition else None,
        problems=_problems(result))


def _learner(clr: Mapping[str, Any], result: VerificationResult) -> list[LearnerItem]:
    evidence = listed if isinstance(listed := clr.get("evidence"), list) else []
    checks = list(result.evidence)
    out = []
    for index, entry in enumerate(evidence):
        check = checks[index] if index < len(checks) else None
        if not isinstance(entry, Mapping) or not (check and check.learner):
            continue
        eid = entry.get("id")
        link = eid if isinstance(eid, str) and eid.startswith(("https://", "http://")) else None
        kind = "reflection" if entry.get("genre") == "Learner reflection" else "work sample"
        out.append(LearnerItem(kind, str(entry.get("name") or "Untitled"),
                               str(entry.get("narrative") or ""), link))
    return out


def employer_view(checked: Checked) -> EmployerView:
    """The people-first reading of a checked credential or presentation."""
    result, doc = checked.result, checked.document or (
        _as_document(checked.jwt) if checked.jwt else {})
    if result.kind != "presentation":
        return EmployerView(result.verdict, result.kind,
                            credentials=(_credential(doc, result),),
                            problems=_problems(result))
    binding = result.check(CheckId.HOLDER_BINDING)
    credentials: list[CredentialView] = []
    learner: list[LearnerItem] = []
    unsupported: list[str] = []
    vcs = doc.get("verifiableCredential") if isinstance(doc, Mapping) else None
    vcs = vcs if isinstance(vcs, list) else [vcs] if vcs else []
    for outer, outer_result in zip(vcs, result.nested, strict=False):
        outer_doc = _as_document(outer)
        subject = outer_doc.get("credentialSubject")
        inner = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
        if isinstance(inner, list) and outer_result.nested:  # a CLR: its credentials inside
            credentials += [_credential(d, r) for d, r in
                            zip(inner, outer_result.nested, strict=False)]
            learner += _learner(outer_doc, outer_result)
            unsupported += outer_result.unsupported_claims
        else:
            credentials.append(_credential(outer_doc, outer_result))
    return EmployerView(result.verdict, "presentation", holder=result.issuer,
                        holder_bound=binding is not None and binding.outcome is Outcome.PASSED,
                        credentials=tuple(credentials), learner=tuple(learner),
                        unsupported=tuple(unsupported), problems=_problems(result))
