"""Verify an Open Badges 2.0 (or 1.x) badge as OB 2.0 "Verification" says, with the wallet's
four-level verdict (:mod:`wallet.result`).

==================  ============================================================================
check               what it asks (detail codes in brackets)
==================  ============================================================================
structure           the assertion, BadgeClass, issuer Profile (and keys, revocation list) have
                    what the data model requires, and could be fetched (``document_unavailable``,
                    ``cycle``)
conformance         departures that keep the meaning (:mod:`wallet.ob2.model`): warnings, or
                    failures when ``strict``
jsonld              the contexts are the bundled OB ones and define what is read as OB 2.0 does
                    (``context_not_allowed``, ``context_redefines``; skipped for 1.0 and 0.5)
proof               **hosted**: the assertion's ``id`` serves this very assertion (``hosted``;
                    ``hosted_mismatch``, ``html``, ``redirected``, ``fetch_limit``,
                    ``http_status``, …; skipped when the host says it is gone). **signed**: the
                    JWS verifies with a key of the issuer (``signed``; ``alg_refused``,
                    ``bad_signature``, ``no_key``, …). Offline, a hosted badge is not re-checked:
                    a warning with ``issuer_not_confirmed`` and the time it was last checked —
                    *issuer not confirmed*, never green
issuer_binding      **hosted**: the assertion and its BadgeClass are on the issuer's origin, or
                    within the ``verification.allowedOrigins``/``startsWith`` of the issuer's own
                    Profile (``hosted_scope``; ``outside_scope``). **signed**: the key is listed
                    in the issuer's own Profile (``publicKey``) and its key document names the
                    issuer as ``owner`` (``key_listed``; ``key_not_listed``,
                    ``key_owner_mismatch``) — a key is the issuer's only through the issuer's own
                    documents. An issuer with no profile of its own on the web (embedded under a
                    ``urn:`` id) confirms nothing: ``issuer_not_confirmed``
validity            ``issuedOn`` not in the future, ``expires`` not past (± the clock skew)
status              **hosted**: ``410 Gone`` or ``revoked: true`` is revoked; **signed**: the
                    issuer's ``revocationList`` (``revoked``; ``status_unknown`` when it cannot
                    be fetched); offline, neither is re-checked (``not_rechecked``)
endorsements        each ``Endorsement`` of the assertion, BadgeClass or issuer, verified the same
                    way (one level deep)
recipient           whether the assertion names this learner, given the learner's identities
                    (``matches``, ``someone_else``, ``recipient_unreadable``, ``not_checked``)
==================  ============================================================================

The hosted assertion is compared with the copy the learner holds on what matters — ``id``, the
recipient, the badge, ``issuedOn``, ``expires`` — not byte for byte. The spec says a verifier
should trust only the URL of a hosted assertion it is handed and use what the host serves; the
wallet keeps the bytes it received, so a copy the host does not stand behind (another recipient)
is not verified. Nothing here raises for a bad badge: a result always comes back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.credential import as_list, parse_datetime
from wallet.errors import ContextNotAllowedError, InputError, RecipientError, WalletError
from wallet.fetch import Fetcher
from wallet.limits import work_budget
from wallet.ob2.contexts import context_problems
from wallet.ob2.documents import DocumentProblem, Documents, FetchedDocument
from wallet.ob2.model import Identity, model_problems, read_recipient, recipient_matches
from wallet.ob2.proof import ALLOWED_ALGS, Found, Run, hosted, signed
from wallet.ob2.reading import (
    Ob2Input,
    Role,
    detect_version,
    is_http_url,
    jws_payload,
    ref_id,
    shown,
    type_of,
)
from wallet.result import (
    Check,
    CheckId,
    EvidenceCheck,
    Finding,
    Verdict,
    VerificationResult,
    verdict_of,
)
from wallet.verification.budget import FetchBudget
from wallet.verification.checks import failed, passed, skipped, warning

__all__ = ["ALLOWED_ALGS", "Ob2Verification", "check_ob2", "verify_ob2"]

MAX_ENDORSEMENTS = 8
RULE = "Open Badges 2.0 data model"


@dataclass(frozen=True)
class Ob2Verification:
    """Everything one verification found: the ``result`` (as for any credential), the badge's
    documents in OB 2.0's shape (to show), the ``documents`` fetched now (to keep, with their
    fetch time), when its host or issuer was last asked (``checked_at``: now when online, the
    kept copies' time offline), and whether it names this learner (``recipient``)."""

    result: VerificationResult
    assertion: dict[str, Any] | None = None
    badge: dict[str, Any] | None = None
    issuer: dict[str, Any] | None = None
    hosted_url: str | None = None
    documents: tuple[FetchedDocument, ...] = ()
    checked_at: datetime | None = None
    recipient: bool | None = None


# --- the rest of the checks -----------------------------------------------------------------


def _validity(doc: Mapping[str, Any], run: Run) -> Check:
    issued, expires = doc.get("issuedOn"), doc.get("expires")
    start, end = parse_datetime(issued), parse_datetime(expires)
    if (issued is not None and start is None) or (expires is not None and end is None):
        return failed(CheckId.VALIDITY, "its dates cannot be read", "bad_date")
    if start is not None and start > run.now + run.skew:
        return failed(CheckId.VALIDITY, f"it is issued in the future ({issued})", "not_yet_valid")
    if end is not None and end < run.now - run.skew:
        return failed(CheckId.VALIDITY, f"it expired on {expires}", "expired")
    if end is not None:
        return passed(CheckId.VALIDITY, f"issued on {issued}; valid until {expires}")
    return passed(
        CheckId.VALIDITY,
        f"issued on {issued}; it does not expire" if issued else "no dates to check",
    )


def _recipient(doc: Mapping[str, Any], run: Run) -> tuple[Check, bool | None]:
    if doc.get("recipient") is None and doc.get("revoked") is True:
        return skipped(CheckId.RECIPIENT, "a revoked assertion names no recipient"), None
    try:
        recipient = read_recipient(doc)
        match = recipient_matches(doc, run.identities) if run.identities else None
    except RecipientError as exc:
        return failed(
            CheckId.RECIPIENT,
            f"its recipient cannot be read: {exc.message}",
            "recipient_unreadable",
        ), None
    what = {
        "email": "an e-mail address",
        "url": "a web address",
        "telephone": "a telephone number",
    }.get(recipient.type, f"a {shown(recipient.type, 40)}")
    what += " (hashed)" if recipient.hashed else ""
    if not run.identities:
        return skipped(
            CheckId.RECIPIENT,
            f"it is awarded to {what}; no identity of the learner was given to compare",
            "not_checked",
        ), None
    if match is True:
        return passed(CheckId.RECIPIENT, f"it is awarded to this learner ({what})", "matches"), True
    if match is False:
        return failed(
            CheckId.RECIPIENT,
            f"it is awarded to someone else: none of the "
            f"learner's {recipient.type} identities is its recipient",
            "someone_else",
        ), False
    return warning(
        CheckId.RECIPIENT,
        f"it is awarded to {what}; the learner gave no {recipient.type} to compare",
        "no_identity_of_type",
    ), None


def _documents_checks(found: Found, run: Run) -> tuple[list[Check], tuple[Finding, ...]]:
    errors: list[str] = [p.message for p in found.unavailable]
    findings: list[Finding] = []
    contexts: list[tuple[str, str]] = []  # (detail, message)
    has_context = False
    for read in found.read:
        for p in model_problems(
            read.doc,
            read.role,
            legacy=read.version != "2.0",
            embedded=read.url is None and read is not found.subject,
        ):
            if p.severity == "error":
                errors.append(p.message)
            else:
                findings.append(Finding(code=p.code, path=p.path, message=p.message, rule=RULE))
        has_context = has_context or read.raw.get("@context") is not None
        try:
            contexts += [
                ("context_redefines", f"the {read.role}: {m}") for m in context_problems(read.raw)
            ]
        except ContextNotAllowedError as exc:
            contexts.append(("context_not_allowed", exc.message))
        except InputError as exc:
            contexts.append(("invalid_jsonld", exc.message))
    checks: list[Check] = []
    if errors:
        detail = next(
            (p.detail for p in found.unavailable if p.detail == "cycle"),
            "document_unavailable" if found.unavailable else "structure",
        )
        shown = "; ".join(dict.fromkeys(errors[:5]))
        checks.append(failed(CheckId.STRUCTURE, f"the badge is not well-formed: {shown}", detail))
    else:
        note = (
            f" ({', '.join(found.offline_missing)} not checked: offline)"
            if found.offline_missing
            else ""
        )
        checks.append(
            passed(
                CheckId.STRUCTURE,
                f"the badge's documents have every property Open Badges 2.0 requires{note}",
            )
        )
    if findings:
        shown = "; ".join(f.message for f in findings[:5])
        make = failed if run.strict else warning
        checks.append(
            make(
                CheckId.CONFORMANCE,
                f"{len(findings)} departure"
                f"{'s' if len(findings) != 1 else ''} from Open Badges 2.0 that do "
                f"not change what it says: {shown}",
                "conformance",
            )
        )
    if contexts:
        checks.append(
            failed(CheckId.JSONLD, "; ".join(m for _d, m in contexts[:3]), contexts[0][0])
        )
    elif has_context:
        checks.append(passed(CheckId.JSONLD, "its contexts are the bundled Open Badges ones"))
    else:
        checks.append(
            skipped(CheckId.JSONLD, "an Open Badges 1.0 or 0.5 badge has no JSON-LD", "not_jsonld")
        )
    return checks, tuple(findings)


def _evidence(doc: Mapping[str, Any]) -> tuple[EvidenceCheck, ...]:
    out = []
    for item in as_list(doc.get("evidence"))[:32]:
        entry = item if isinstance(item, Mapping) else {"id": item}
        ident = entry.get("id")
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        genre = entry.get("genre") if isinstance(entry.get("genre"), str) else None
        out.append(
            EvidenceCheck(
                id=ident if is_http_url(ident) else None,
                name=name,
                genre=genre,
                message="OB 2.0 evidence carries no digest to check",
            )
        )
    return tuple(out)


def _endorsements(found: Found, run: Run) -> tuple[Check, tuple[VerificationResult, ...]]:
    sources: list[tuple[Any, str | None]] = []
    for holder in (found.subject, found.badge, found.issuer):
        if holder is not None:
            sources += [(v, holder.id) for v in as_list(holder.doc.get("endorsement"))]
    if not sources:
        return skipped(CheckId.ENDORSEMENTS, "no endorsements"), ()
    if run.depth >= 1:
        return warning(
            CheckId.ENDORSEMENTS, "endorsements of endorsements were not checked", "too_deep"
        ), ()
    results = tuple(
        _endorsement(value, target, run) for value, target in sources[:MAX_ENDORSEMENTS]
    )
    bad = sum(1 for r in results if not r.verified)
    if bad or len(sources) > MAX_ENDORSEMENTS:
        return warning(
            CheckId.ENDORSEMENTS,
            f"{bad} of {len(results)} endorsements could not be verified",
            "endorsement_failed",
        ), results
    return passed(
        CheckId.ENDORSEMENTS,
        f"{len(results)} endorsement{'s' if len(results) != 1 else ''} verified",
    ), results


def _endorsement(value: Any, target: str | None, run: Run) -> VerificationResult:
    if isinstance(value, str) and is_http_url(value):
        given = Ob2Input("url", "url", value.encode(), url=value)
    elif isinstance(value, Mapping):
        given = Ob2Input("json", "json", b"", document=dict(value), version=detect_version(value))
    elif isinstance(value, str) and value.count(".") == 2:
        try:
            payload = jws_payload(value)
        except InputError as exc:
            return _unreadable(exc.message, exc.code)
        given = Ob2Input("jws", "jwt", value.encode(), document=payload, jws=value)
    else:
        return _unreadable(
            "an endorsement is neither a link, an object nor a JWS", "unsupported_input"
        )
    deeper = replace(run, depth=run.depth + 1, identities=())
    return _verify(given, deeper, "Endorsement", claim_target=target).result


def _unreadable(message: str, detail: str) -> VerificationResult:
    return VerificationResult(
        verified=False,
        verdict=Verdict.NOT_VERIFIED,
        kind="credential",
        format="ob2",
        checks=(failed(CheckId.FORMAT, message, detail),),
    )


# --- one subject, start to end --------------------------------------------------------------


def _verify(
    given: Ob2Input, run: Run, role: Role, *, claim_target: str | None = None
) -> Ob2Verification:
    found = Found(role)
    try:
        if given.form == "jws":
            signed(given, run, found)
        else:
            hosted(given, run, found)
    except DocumentProblem as problem:  # a cycle met while claiming the subject itself
        found.unavailable.append(problem)
    subject = found.subject.doc if found.subject else {}
    checks, findings = _documents_checks(found, run)
    if role == "Endorsement" and ref_id(subject.get("claim")) != claim_target:
        checks.append(
            failed(
                CheckId.STRUCTURE,
                "the endorsement is about something else than what carries it",
                "claim_mismatch",
            )
        )
    checks.append(found.proof or skipped(CheckId.PROOF, "nothing vouches for it", "not_checked"))
    checks.append(
        found.binding
        or skipped(
            CheckId.ISSUER_BINDING, "there is no valid signature or host to tie to an issuer"
        )
    )
    checks.append(_validity(subject, run))
    checks.append(
        found.status or skipped(CheckId.STATUS, "revocation was not checked", "not_checked")
    )
    endorsement_check, endorsements = _endorsements(found, run)
    checks.append(endorsement_check)
    match = None
    if role == "Assertion":
        recipient_check, match = _recipient(subject, run)
        checks.append(recipient_check)
    verdict = verdict_of(checks)
    badge = found.badge.doc if found.badge else None
    issuer = found.issuer.doc if found.issuer else None
    issuer_name = issuer.get("name") if issuer and isinstance(issuer.get("name"), str) else None
    name = badge.get("name") if badge and isinstance(badge.get("name"), str) else None
    if found.issuer is not None:
        home = found.issuer.doc.get("url")  # a 0.5 issuer has only its origin
        issuer_id = found.issuer.id or (home if is_http_url(home) else None)
    else:
        issuer_id = ref_id(badge.get("issuer")) if badge else ref_id(subject.get("issuer"))
    result = VerificationResult(
        verified=verdict in (Verdict.VERIFIED, Verdict.WARNINGS),
        verdict=verdict,
        kind="credential",
        format=found.fmt,
        credential_id=subject.get("id") if isinstance(subject.get("id"), str) else None,
        types=type_of(subject) or (role,),
        name=name,
        issuer=issuer_id,
        issuer_name=issuer_name,
        checks=tuple(checks),
        endorsements=endorsements,
        evidence=_evidence(subject),
        findings=findings,
    )
    return Ob2Verification(
        result,
        subject or None,
        badge,
        issuer,
        found.hosted_url,
        tuple(run.docs.fetched.values()) if run.depth == 0 else (),
        found.checked_at,
        match,
    )


def check_ob2(
    given: Ob2Input,
    *,
    fetcher: Fetcher | None,
    now: datetime | None = None,
    recipient: Iterable[Identity | tuple[str, str]] = (),
    offline: bool = False,
    stored: Mapping[str, FetchedDocument] | None = None,
    last_checked: datetime | None = None,
    strict: bool = False,
    clock_skew: timedelta = timedelta(minutes=5),
    max_fetches: int = 32,
    network_time_limit: timedelta = timedelta(seconds=20),
) -> Ob2Verification:
    """Verify an OB 2.0 badge (module docstring). ``fetcher`` None or ``offline``: nothing is
    fetched; ``stored`` documents kept from an earlier check (URL → document) are used, and a
    hosted badge is *issuer not confirmed*, "not re-checked", with ``last_checked``.
    ``recipient``: the learner's identities, to say whether it names them. At most
    ``max_fetches`` documents and ``network_time_limit`` of waiting in all."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    budget = (
        None
        if offline or fetcher is None
        else FetchBudget(
            fetcher, max_fetches=max_fetches, seconds=network_time_limit.total_seconds()
        )
    )
    identities = tuple(
        i if isinstance(i, Identity) else Identity(str(i[0]).casefold(), str(i[1]))
        for i in recipient
    )
    run = Run(
        Documents(budget, moment, dict(stored or {})),
        moment,
        clock_skew,
        identities,
        strict,
        last_checked,
    )
    with work_budget():
        try:
            return _verify(given, run, "Assertion")
        except WalletError as exc:  # a bound of wallet.limits, met anywhere
            return Ob2Verification(_unreadable(exc.message, exc.code))


def verify_ob2(given: Ob2Input, *, fetcher: Fetcher | None, **options: Any) -> VerificationResult:
    """:func:`check_ob2`'s result alone (the options are the same)."""
    return check_ob2(given, fetcher=fetcher, **options).result
