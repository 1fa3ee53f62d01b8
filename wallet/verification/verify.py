"""Verify a credential or presentation: one :class:`~wallet.result.Check` per question asked.

The checks, in order (see :class:`~wallet.result.CheckId`): the input is readable; structure
(the VC Data Model rules of :mod:`wallet.rules.vcdm`, the OB 3.0 and CLR 2.0 rules of
:mod:`wallet.reading.structure`), conformance and related resources' digests; JSON-LD safe mode
(bundled contexts, every term defined); proof (of a proof set, one supported proof verifies; of
a chain, every proof) — the part that differs between Data Integrity and VC-JWT, in
:mod:`wallet.verification.signatures` — then
one sequence for both formats (:func:`_credential_result`): issuer binding (the key belongs to
the issuer); validity window; status; endorsements; evidence digests; and, for a CLR, every
credential inside it and the learner's claims. A presentation: holder binding, challenge,
validity and every credential inside it.

Nothing here raises for a bad credential: :func:`verify` always returns a
:class:`~wallet.result.VerificationResult`. ``now``, the clock skew, the document loader and the
fetcher (``None``: offline) are injected through :class:`VerifyOptions`; inputs are never mutated.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.credential import (
    as_list,
    type_names,
)
from wallet.crypto import jws
from wallet.crypto.did import KeyResolution
from wallet.errors import InputError, JsonLdError, WalletError
from wallet.fetch import Fetcher
from wallet.formats import vcjwt
from wallet.formats.sources import LoadedInput, load_bytes
from wallet.ld.jsonld import DocumentLoader
from wallet.limits import check_shape, work_budget
from wallet.proofs.dataintegrity import ProofCheck
from wallet.reading.names import credential_names
from wallet.reading.structure import check_structure
from wallet.result import (
    NOT_CONFIRMED,
    Check,
    CheckId,
    EvidenceCheck,
    Finding,
    Outcome,
    Recognition,
    Verdict,
    VerificationResult,
    verdict_of,
)
from wallet.rules.vcdm import check_credential, check_presentation
from wallet.verification.binding import (
    Binding,
    binding_check,
    claimed_name_of,
    recognition_check,
)
from wallet.verification.budget import FetchBudget
from wallet.verification.checks import (
    challenge_check,
    claims_check,
    enveloped,
    evidence_check,
    party_id,
    related_check,
    structure_and_model,
    subjects,
    validity_check,
)
from wallet.verification.checks import failed as _failed
from wallet.verification.checks import passed as _passed
from wallet.verification.checks import skipped as _skipped
from wallet.verification.checks import warning as _warning
from wallet.verification.signatures import Secured, jwt_proof, proof_checks, unsigned_presentation
from wallet.verification.status import check_status
from wallet.verification.trust import TrustLists

__all__ = ["VerifyOptions", "verify", "verify_bytes", "verify_document", "verify_jwt"]

MAX_DEPTH = 4  # presentation → CLR → credential → endorsement


@dataclass(frozen=True)
class VerifyOptions:
    """``max_fetches`` and ``network_time_limit`` bound the network work of one verification
    (every nested credential included; see :mod:`wallet.verification.budget`): at most 64
    documents, and
    20 seconds of waiting on the fetcher in all. Checks that need more report what they could
    not fetch (status unknown, evidence unchecked) instead of waiting."""

    now: datetime | None = None
    clock_skew: timedelta = timedelta(minutes=5)
    fetcher: Fetcher | None = None
    loader: DocumentLoader | None = None
    check_status: bool = True
    challenge: str | None = None  # expected presentation challenge
    domain: str | None = None  # expected presentation domain
    max_fetches: int = 64
    network_time_limit: timedelta = timedelta(seconds=20)
    # As the holder (the wallet checking what it received): ecdsa-sd-2023 base proofs verify.
    # A verifier (the default) refuses them: base proofs are for the holder only.
    holder: bool = False
    # The trust lists to recognise issuers by (None: recognition is not asked; empty: it is,
    # and no issuer is recognised). An entry naming a key for an identifier (its exact key id,
    # or the identifier with its public key) also binds that key (wallet.verification.binding, rule
    # (c)).
    trust: TrustLists | None = None
    strict: bool = False  # conformance findings fail, as the specifications' letter has it


@dataclass
class _Run:
    """State shared by one verification and everything nested in it."""

    options: VerifyOptions
    now: datetime
    status_cache: dict[str, Any] = field(default_factory=dict)
    depth: int = 0

    def deeper(self) -> _Run:
        return replace(self, depth=self.depth + 1)


# --- reading the document -------------------------------------------------------------------


def _types(doc: Mapping[str, Any]) -> tuple[str, ...]:
    return type_names(doc.get("type"))


def _names(doc: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """What a person reads: the credential's name (else its achievement's) and its issuer's
    name, as the credential's model view gives them (:mod:`wallet.reading.names`)."""
    return credential_names(doc)


def _result(
    doc: Mapping[str, Any],
    *,
    kind: str,
    fmt: str,
    checks: list[Check],
    nested: tuple[VerificationResult, ...] = (),
    endorsements: tuple[VerificationResult, ...] = (),
    evidence: tuple[EvidenceCheck, ...] = (),
    unsupported_claims: tuple[str, ...] = (),
    findings: tuple[Finding, ...] = (),
    recognition: Recognition | None = None,
) -> VerificationResult:
    verdict = verdict_of(checks)
    if kind == "presentation":
        issuer_id, issuer_name = party_id(doc.get("holder")), None
        name = doc["name"] if isinstance(doc.get("name"), str) else None
    else:
        issuer_id = party_id(doc.get("issuer"))
        name, issuer_name = _names(doc)
    cid = doc.get("id")
    return VerificationResult(
        verified=verdict in (Verdict.VERIFIED, Verdict.WARNINGS),
        verdict=verdict,
        kind=kind,
        format=fmt,
        credential_id=cid if isinstance(cid, str) else None,
        types=_types(doc),
        name=name,
        issuer=issuer_id,
        issuer_name=issuer_name,
        checks=tuple(checks),
        nested=nested,
        endorsements=endorsements,
        evidence=evidence,
        unsupported_claims=unsupported_claims,
        findings=findings,
        recognition=recognition,
    )


def _unreadable(message: str, detail: str, fmt: str = "unknown") -> VerificationResult:
    return VerificationResult(
        verified=False,
        verdict=Verdict.NOT_VERIFIED,
        kind="credential",
        format=fmt,
        checks=(_failed(CheckId.FORMAT, message, detail),),
    )


# --- individual checks ----------------------------------------------------------------------


def _structure_checks(
    doc: Mapping[str, Any], run: _Run, extra: list[str] | None = None, *, what: str = "credential"
) -> tuple[list[Check], tuple[Finding, ...]]:
    """The structure check (what changes the meaning: a failure) and the conformance check
    (deviations that keep it: warnings, failures under ``strict``), with the findings — of
    the VC Data Model rules (:mod:`wallet.rules.vcdm`) and, for a credential, the OB 3.0 / CLR 2.0
    rules (:mod:`wallet.reading.structure`) — and the related resources' digests (VC 2.0 §5.3)."""
    model = check_presentation(doc) if what == "presentation" else check_credential(doc)
    problems = [] if what == "presentation" else check_structure(doc)
    errors, findings = structure_and_model(problems, model)
    errors += list(extra or [])
    checks = []
    if errors:
        shown = "; ".join(errors[:5]) + (f"; and {len(errors) - 5} more" if len(errors) > 5 else "")
        checks.append(
            _failed(CheckId.STRUCTURE, f"the {what} is not well-formed: {shown}", "structure")
        )
    else:
        checks.append(
            _passed(
                CheckId.STRUCTURE,
                "the presentation is well-formed"
                if what == "presentation"
                else "the credential has every field its type requires",
            )
        )
    if findings:
        shown = "; ".join(f"{f.message} ({f.rule})" for f in findings[:5]) + (
            f"; and {len(findings) - 5} more" if len(findings) > 5 else ""
        )
        count = (
            f"{len(findings)} deviation{'s' if len(findings) != 1 else ''} from the "
            "specifications that do not change what it says"
        )
        make = _failed if run.options.strict else _warning
        checks.append(make(CheckId.CONFORMANCE, f"{count}: {shown}", "conformance"))
    related = related_check(model)
    if related is not None:
        checks.append(related)
    return checks, findings


def _status_check(doc: Mapping[str, Any], run: _Run) -> Check:
    if "credentialStatus" not in doc:
        return _skipped(
            CheckId.STATUS,
            "the credential has no status to check (the issuer cannot revoke it)",
            "no_status",
        )
    if not run.options.check_status:
        return _skipped(CheckId.STATUS, "status checking was turned off", "not_checked")

    def verify_list(listed: Mapping[str, Any]) -> str | None:
        result = _verify_ldp_credential(
            listed, replace(run.deeper(), options=replace(run.options, check_status=False))
        )
        if result.verified:
            return None
        failures = result.failures
        return failures[0].message if failures else "no proof verified"

    outcomes = check_status(
        doc, fetcher=run.options.fetcher, verify_list=verify_list, cache=run.status_cache
    )
    bad = [o for o in outcomes if o.state in ("revoked", "suspended", "flagged")]
    if bad:
        return _failed(CheckId.STATUS, "; ".join(o.message for o in bad), bad[0].state)
    unknown = [o for o in outcomes if o.state == "unknown"]
    if unknown:
        return _warning(CheckId.STATUS, "; ".join(o.message for o in unknown), "status_unknown")
    return _passed(CheckId.STATUS, "; ".join(o.message for o in outcomes) or "not revoked")


def _binding_check(
    accepted: list[tuple[ProofCheck, KeyResolution]],
    party: str | None,
    role: str,
    cid: CheckId,
    run: _Run,
) -> tuple[Check, tuple[Binding, ...]]:
    return binding_check(
        [r for _p, r in accepted],
        party,
        role,
        cid,
        fetcher=run.options.fetcher,
        trust=run.options.trust,
    )


def _self_issued(doc: Mapping[str, Any]) -> bool:
    """A credential the learner issued about themself (a learner-signed CLR)."""
    issuer = party_id(doc.get("issuer"))
    return issuer is not None and any(s.get("id") == issuer for s in subjects(doc))


def _proof_checks(
    doc: Mapping[str, Any], run: _Run, purpose: str, what: str
) -> tuple[list[Check], list[tuple[ProofCheck, KeyResolution]]]:
    options = run.options
    return proof_checks(
        doc,
        purpose=purpose,
        what=what,
        fetcher=options.fetcher,
        loader=options.loader,
        now=run.now,
        holder=options.holder,
    )


def _endorsement_sources(doc: Mapping[str, Any]) -> list[Any]:
    holders: list[Mapping[str, Any]] = [doc]
    issuer = doc.get("issuer")
    if isinstance(issuer, Mapping):
        holders.append(issuer)
    for subject in subjects(doc):
        achievement = subject.get("achievement")
        if isinstance(achievement, Mapping):
            holders.append(achievement)
            creator = achievement.get("creator")
            if isinstance(creator, Mapping):
                holders.append(creator)
    return [
        v
        for h in holders
        for key in ("endorsement", "endorsementJwt")
        for v in as_list(h.get(key))
        if isinstance(v, Mapping | str)
    ]


def _endorsements(
    doc: Mapping[str, Any], run: _Run
) -> tuple[Check, tuple[VerificationResult, ...]]:
    sources = _endorsement_sources(doc)
    if not sources:
        return _skipped(CheckId.ENDORSEMENTS, "no endorsements"), ()
    if run.depth >= MAX_DEPTH:
        return _warning(
            CheckId.ENDORSEMENTS, "endorsements nested too deeply were not checked", "too_deep"
        ), ()
    results = tuple(_verify_embedded(s, run.deeper()) for s in sources)
    bad = sum(1 for r in results if not r.verified)
    if bad:
        return _warning(
            CheckId.ENDORSEMENTS,
            f"{bad} of {len(results)} endorsements could not be verified",
            "endorsement_failed",
        ), results
    return _passed(
        CheckId.ENDORSEMENTS,
        f"{len(results)} endorsement{'s' if len(results) != 1 else ''} verified",
    ), results


def _nested(items: list[Any], run: _Run, what: str) -> tuple[Check, tuple[VerificationResult, ...]]:
    if run.depth >= MAX_DEPTH:
        return _failed(CheckId.NESTED, "credentials nested too deeply", "too_deep"), ()
    results = tuple(_verify_embedded(item, run.deeper()) for item in items)

    def names(of: list[VerificationResult]) -> str:
        return ", ".join(r.name or r.credential_id or "(unnamed)" for r in of[:3])

    bad = [r for r in results if r.verdict is Verdict.NOT_VERIFIED]
    if bad:
        return _failed(
            CheckId.NESTED,
            f"{len(bad)} of {len(results)} credentials in the {what} did not verify: {names(bad)}",
            "nested_failed",
        ), results
    if not results:
        return _skipped(CheckId.NESTED, f"the {what} contains no credentials"), results
    unconfirmed = [r for r in results if r.verdict is Verdict.ISSUER_NOT_CONFIRMED]
    if unconfirmed:
        return _warning(
            CheckId.NESTED,
            f"{len(unconfirmed)} of {len(results)} credentials in "
            f"the {what} have an issuer that could not be confirmed: "
            f"{names(unconfirmed)}",
            NOT_CONFIRMED,
        ), results
    warned = [r for r in results if r.verdict is Verdict.WARNINGS]
    if warned:
        return _warning(
            CheckId.NESTED,
            f"all {len(results)} credentials in the {what} are "
            f"authentic; {len(warned)} with warnings: {names(warned)}",
            "nested_warnings",
        ), results
    return _passed(CheckId.NESTED, f"all {len(results)} credentials in the {what} verified"), (
        results
    )


def _verify_embedded(item: Any, run: _Run) -> VerificationResult:
    item = enveloped(item)
    if isinstance(item, str):
        return _verify_jwt(item, run)
    if isinstance(item, Mapping):
        return _verify_ldp_credential(item, run)
    return _unreadable(
        "an embedded credential is neither a JSON object nor a JWT", "unsupported_input"
    )


# --- credentials and presentations ---------------------------------------------------------


def _credential_result(
    doc: Mapping[str, Any],
    run: _Run,
    *,
    fmt: str,
    structure: tuple[list[Check], tuple[Finding, ...]],
    secured: Secured,
) -> VerificationResult:
    """Everything after the proof, one sequence for every format (Data Integrity and VC-JWT
    alike): issuer binding → issuer recognition → validity → status → endorsements → evidence
    → the credentials inside a CLR → the learner's claims."""
    structure_checks, findings = structure
    checks = [*structure_checks, *secured.checks]
    binding, bindings = secured.binding, secured.bindings
    if binding is None:
        binding, bindings = _binding_check(
            secured.accepted, party_id(doc.get("issuer")), "issuer", CheckId.ISSUER_BINDING, run
        )
    checks.append(binding)
    recognition = None
    # Who the issuer is, only for a key bound to it: a list never names the signer of a key
    # nothing ties to the issuer (wallet.verification.binding).
    if (
        run.options.trust is not None
        and binding.outcome is Outcome.PASSED
        and not _self_issued(doc)
    ):
        recognised, recognition = recognition_check(
            party_id(doc.get("issuer")), bindings, run.options.trust, claimed_name_of(doc)
        )
        checks.append(recognised)
    checks.append(validity_check(doc, run.now, run.options.clock_skew))
    checks.append(_status_check(doc, run))
    endorsement_check, endorsements = _endorsements(doc, run)
    checks.append(endorsement_check)
    evidence, evidence_items = evidence_check(doc, run.options.fetcher)
    if evidence is not None:
        checks.append(evidence)
    nested: tuple[VerificationResult, ...] = ()
    unsupported: tuple[str, ...] = ()
    if "ClrCredential" in _types(doc):
        items = [
            vc for subject in subjects(doc) for vc in as_list(subject.get("verifiableCredential"))
        ]
        nested_check, nested = _nested(items, run, "CLR")
        checks.append(nested_check)
        claims, unsupported = claims_check(doc, items, nested)
        if claims is not None:
            checks.append(claims)
    return _result(
        doc,
        kind="credential",
        fmt=fmt,
        checks=checks,
        nested=nested,
        endorsements=endorsements,
        evidence=evidence_items,
        unsupported_claims=unsupported,
        findings=findings,
        recognition=recognition,
    )


def _verify_ldp_credential(doc: Mapping[str, Any], run: _Run) -> VerificationResult:
    if "VerifiablePresentation" in _types(doc):
        return _verify_ldp_presentation(doc, run)
    checks, accepted = _proof_checks(doc, run, "assertionMethod", "credential")
    return _credential_result(
        doc,
        run,
        fmt="ldp_vc",
        structure=_structure_checks(doc, run),
        secured=Secured(checks, accepted),
    )


def _verify_ldp_presentation(doc: Mapping[str, Any], run: _Run) -> VerificationResult:
    checks, findings = _structure_checks(doc, run, what="presentation")
    proof, accepted = _proof_checks(doc, run, "authentication", "presentation")
    asked = run.options
    checks.extend(unsigned_presentation(doc, proof, challenge=asked.challenge, domain=asked.domain))
    checks.append(
        _binding_check(
            accepted, party_id(doc.get("holder")), "holder", CheckId.HOLDER_BINDING, run
        )[0]
    )
    checks.append(challenge_check(accepted, run.options.challenge, run.options.domain))
    checks.append(validity_check(doc, run.now, run.options.clock_skew, what="presentation"))
    nested_check, nested = _nested(as_list(doc.get("verifiableCredential")), run, "presentation")
    checks.append(nested_check)
    return _result(
        doc, kind="presentation", fmt="ldp_vp", checks=checks, nested=nested, findings=findings
    )


def _verify_jwt(token: str, run: _Run) -> VerificationResult:
    try:
        decoded = jws.decode_jws(token)
    except WalletError as exc:
        return _unreadable(f"not a readable VC-JWT: {exc.message}", exc.code, "jwt_vc")
    payload = decoded.payload
    if "vp" in payload:
        return _unreadable(
            "JWT presentations are not supported; present JSON-LD instead",
            "unsupported_input",
            "jwt_vp",
        )
    view = vcjwt.vc_from_jwt_payload(payload)
    structure = _structure_checks(view, run, vcjwt.jwt_claim_problems(payload))
    secured = jwt_proof(
        decoded, party_id(view.get("issuer")), fetcher=run.options.fetcher, trust=run.options.trust
    )
    return _credential_result(view, run, fmt="jwt_vc", structure=structure, secured=secured)


# --- public API -----------------------------------------------------------------------------


def _run(options: VerifyOptions | None) -> _Run:
    options = options or VerifyOptions()
    now = options.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if options.fetcher is not None:  # one network budget for this run and all nested in it
        options = replace(
            options,
            fetcher=FetchBudget(
                options.fetcher,
                max_fetches=options.max_fetches,
                seconds=options.network_time_limit.total_seconds(),
            ),
        )
    return _Run(options=options, now=now)


def verify_document(
    doc: Mapping[str, Any], options: VerifyOptions | None = None
) -> VerificationResult:
    """Verify a JSON-LD credential or presentation given as a parsed JSON object."""
    if not isinstance(doc, Mapping):
        return _unreadable("a credential must be a JSON object", "unsupported_input")
    try:  # the whole input, nested credentials and proofs included (wallet.limits)
        check_shape(doc, what="the credential")
    except JsonLdError as exc:
        return _unreadable(exc.message, exc.code)
    with work_budget():
        return _verify_ldp_credential(doc, _run(options))


def verify_jwt(token: str, options: VerifyOptions | None = None) -> VerificationResult:
    """Verify a VC-JWT (compact JWS)."""
    with work_budget():
        return _verify_jwt(token, _run(options))


def verify(loaded: LoadedInput, options: VerifyOptions | None = None) -> VerificationResult:
    """Verify what :func:`wallet.formats.sources.load_bytes` read."""
    if loaded.kind == "jwt" and loaded.jwt is not None:
        return verify_jwt(loaded.jwt, options)
    if loaded.document is not None:
        return verify_document(loaded.document, options)
    return _unreadable("nothing to verify", "unsupported_input")


def verify_bytes(
    data: bytes, options: VerifyOptions | None = None, *, name: str | None = None
) -> VerificationResult:
    """Read and verify raw bytes (JSON, a JWT, or a baked PNG/SVG badge)."""
    try:
        loaded = load_bytes(data, name=name)
    except InputError as exc:
        return _unreadable(exc.message, exc.code)
    return verify(loaded, options)
