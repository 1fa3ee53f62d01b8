"""Verify a credential or presentation: one :class:`~wallet.result.Check` per question asked.

The checks, in order (see :class:`~wallet.result.CheckId`): the input is readable; structure
(W3C VC, OB 3.0, CLR 2.0 rules); JSON-LD safe mode (bundled contexts, every term defined); proof
(a supported proof verifies) — the part that differs between Data Integrity and VC-JWT — then
one sequence for both formats (:func:`_credential_result`): issuer binding (the key belongs to
the issuer); validity window; status; endorsements; evidence digests; and, for a CLR, every
credential inside it and the learner's claims. A presentation: holder binding, challenge,
validity and every credential inside it.

Nothing here raises for a bad credential: :func:`verify` always returns a
:class:`~wallet.result.VerificationResult`. ``now``, the clock skew, the document loader and the
fetcher (``None``: offline) are injected through :class:`VerifyOptions`; inputs are never mutated.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet import jose
from wallet.budget import FetchBudget
from wallet.credential import (
    as_list,
    objects,
    parse_datetime,
    type_names,
    validity_fields,
)
from wallet.did import KeyResolution, resolve_verification_method
from wallet.errors import DidResolutionError, InputError, JsonLdError, WalletError
from wallet.fetch import Fetcher
from wallet.jose import unverified_credential
from wallet.jsonld import DocumentLoader
from wallet.limits import check_shape, work_budget
from wallet.models import parse_credential
from wallet.present import LEARNER_ARTIFACT, LEARNER_REFLECTION, digest_multibase
from wallet.proofs.dataintegrity import ProofCheck, canonical_dataset, proofs_of, verify_proof
from wallet.result import Check, CheckId, EvidenceCheck, Outcome, VerificationResult
from wallet.sources import LoadedInput, load_bytes
from wallet.status import check_status
from wallet.structure import check_structure
from wallet.vocab import VC2_CONTEXT, VC_CONTEXTS

__all__ = ["VerifyOptions", "verify", "verify_bytes", "verify_document", "verify_jwt"]

MAX_DEPTH = 4  # presentation → CLR → credential → endorsement


@dataclass(frozen=True)
class VerifyOptions:
    """``max_fetches`` and ``network_time_limit`` bound the network work of one verification
    (every nested credential included; see :mod:`wallet.budget`): at most 64 documents, and
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


@dataclass
class _Run:
    """State shared by one verification and everything nested in it."""

    options: VerifyOptions
    now: datetime
    status_cache: dict[str, Any] = field(default_factory=dict)
    depth: int = 0

    def deeper(self) -> _Run:
        return replace(self, depth=self.depth + 1)


def _passed(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.PASSED, message=message, detail=detail)


def _failed(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.FAILED, message=message, detail=detail)


def _warning(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.WARNING, message=message, detail=detail)


def _skipped(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.SKIPPED, message=message, detail=detail)


# --- reading the document -------------------------------------------------------------------


def _types(doc: Mapping[str, Any]) -> tuple[str, ...]:
    return type_names(doc.get("type"))


def _party_id(value: Any) -> str | None:
    """The id of an issuer or holder — a URL, or an object's ``id`` — exactly as written: what
    a key is bound to is compared as the very string, never a normalised reading of it."""
    party = value.get("id") if isinstance(value, Mapping) else value
    return party if isinstance(party, str) else None


def _subjects(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return objects(doc.get("credentialSubject"))


def _names(doc: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """What a person reads: the credential's name (else its achievement's) and its issuer's
    name, through the credential's model view (:func:`wallet.models.parse_credential`)."""
    try:
        view = parse_credential(doc)
    except WalletError:
        return None, None
    if view.name is not None:
        return view.name, view.issuer_name
    achievement = view.achievement
    return (achievement.name if achievement else None), view.issuer_name


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
) -> VerificationResult:
    verified = not any(c.outcome is Outcome.FAILED for c in checks) and any(
        c.id is CheckId.PROOF and c.outcome is Outcome.PASSED for c in checks
    )
    if kind == "presentation":
        issuer_id, issuer_name = _party_id(doc.get("holder")), None
        name = doc["name"] if isinstance(doc.get("name"), str) else None
    else:
        issuer_id = _party_id(doc.get("issuer"))
        name, issuer_name = _names(doc)
    cid = doc.get("id")
    return VerificationResult(
        verified=verified,
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
    )


def _unreadable(message: str, detail: str, fmt: str = "unknown") -> VerificationResult:
    return VerificationResult(
        verified=False,
        kind="credential",
        format=fmt,
        checks=(_failed(CheckId.FORMAT, message, detail),),
    )


# --- individual checks ----------------------------------------------------------------------


def _structure_check(doc: Mapping[str, Any], extra: list[str] | None = None) -> Check:
    problems = [p.message for p in check_structure(doc)] + list(extra or [])
    if not problems:
        return _passed(CheckId.STRUCTURE, "the credential has every field its type requires")
    shown = "; ".join(problems[:5]) + (f"; and {len(problems) - 5} more" if len(problems) > 5
                                       else "")
    return _failed(CheckId.STRUCTURE, f"the credential is not well-formed: {shown}",
                   "structure")


def _presentation_structure(doc: Mapping[str, Any]) -> Check:
    problems = []
    ctx = doc.get("@context")
    first = ctx[0] if isinstance(ctx, list) and ctx else ctx
    if first not in VC_CONTEXTS:
        problems.append(f"the first @context must be {VC2_CONTEXT}")
    if "VerifiablePresentation" not in _types(doc):
        problems.append("type must include VerifiablePresentation")
    vcs = doc.get("verifiableCredential", [])
    if not isinstance(vcs, (list, Mapping, str)):
        problems.append("verifiableCredential must be a credential or a list of them")
    if problems:
        return _failed(CheckId.STRUCTURE, "the presentation is not well-formed: "
                       + "; ".join(problems), "structure")
    return _passed(CheckId.STRUCTURE, "the presentation is well-formed")


_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def _shifted(moment: datetime, skew: timedelta, sign: int) -> datetime:
    """``moment + skew`` (``sign`` 1) or ``moment - skew`` (``sign`` -1), or the last (first)
    representable instant when that lies beyond the year 9999 (before the year 1). Exact for
    the comparisons below: every date that can be parsed lies within those instants, so it
    compares with the bound as it would with the true sum."""
    try:
        return moment + skew if sign > 0 else moment - skew
    except OverflowError:
        return _LATEST if (sign > 0) == (skew >= timedelta(0)) else _EARLIEST


def _validity_check(doc: Mapping[str, Any], run: _Run, *, what: str = "credential") -> Check:
    """The validity window (VC2 §4.9, VC1 §4.6 and §7.8) against ``now`` ± the clock skew.
    Dates are read by :func:`wallet.credential.parse_datetime` (xsd:dateTime); the arithmetic
    cannot overflow, whatever ``now`` and the skew (a far-future ``now`` is simply compared)."""
    skew = run.options.clock_skew
    start_key, end_key = validity_fields(doc)
    start_raw, end_raw = doc.get(start_key), doc.get(end_key)
    start, end = parse_datetime(start_raw), parse_datetime(end_raw)
    if start_raw is not None and start is None:
        return _failed(CheckId.VALIDITY, f"{start_key} is not a valid date-time", "bad_date")
    if end_raw is not None and end is None:
        return _failed(CheckId.VALIDITY, f"{end_key} is not a valid date-time", "bad_date")
    if start is not None and start > _shifted(run.now, skew, 1):
        return _failed(CheckId.VALIDITY, f"the {what} is not valid yet: valid from {start_raw}",
                       "not_yet_valid")
    if end is not None and end < _shifted(run.now, skew, -1):
        return _failed(CheckId.VALIDITY, f"the {what} expired on {end_raw}", "expired")
    if end is not None:
        return _passed(CheckId.VALIDITY, f"valid from {start_raw or '(unspecified)'} until "
                       f"{end_raw}")
    if start is not None:
        return _passed(CheckId.VALIDITY, f"valid from {start_raw}; it does not expire")
    return _passed(CheckId.VALIDITY, "no validity period is set")


def _status_check(doc: Mapping[str, Any], run: _Run) -> Check:
    if "credentialStatus" not in doc:
        return _skipped(CheckId.STATUS, "the credential has no status to check (the issuer "
                        "cannot revoke it)", "no_status")
    if not run.options.check_status:
        return _skipped(CheckId.STATUS, "status checking was turned off", "not_checked")

    def verify_list(listed: Mapping[str, Any]) -> str | None:
        result = _verify_ldp_credential(listed, replace(
            run.deeper(), options=replace(run.options, check_status=False)))
        if result.verified:
            return None
        failures = result.failures
        return failures[0].message if failures else "no proof verified"

    outcomes = check_status(doc, fetcher=run.options.fetcher, verify_list=verify_list,
                            cache=run.status_cache)
    bad = [o for o in outcomes if o.state in ("revoked", "suspended", "flagged")]
    if bad:
        return _failed(CheckId.STATUS, "; ".join(o.message for o in bad), bad[0].state)
    unknown = [o for o in outcomes if o.state == "unknown"]
    if unknown:
        return _warning(CheckId.STATUS, "; ".join(o.message for o in unknown), "status_unknown")
    return _passed(CheckId.STATUS, "; ".join(o.message for o in outcomes) or "not revoked")


def _binding_check(
    accepted: list[tuple[ProofCheck, KeyResolution]], party: str | None, role: str,
    cid: CheckId,
) -> Check:
    if not accepted:
        return _skipped(cid, "no valid proof to bind")
    if party is None:
        who = accepted[0][1].method.controller
        if role == "holder":
            return _warning(cid, f"the presentation names no holder; it was signed by {who}",
                            "no_holder")
        return _failed(cid, "the credential names no issuer", "no_issuer")
    matching = [(p, r) for p, r in accepted if r.method.controller == party]
    if not matching:
        who = accepted[0][1].method.controller
        return _failed(cid, f"signed with a key controlled by {who}, but the {role} is {party}",
                       f"{role}_mismatch")
    confirmed = [r for _p, r in matching if r.confirmed]
    if confirmed:
        return _passed(cid, f"the signing key belongs to the {role} ({confirmed[0].note})")
    return _warning(cid, matching[0][1].note, "key_unconfirmed")


def _proof_checks(
    doc: Mapping[str, Any], run: _Run, purpose: str, what: str
) -> tuple[list[Check], list[tuple[ProofCheck, KeyResolution]]]:
    """The JSON-LD and proof checks, and the proofs that verified (with their keys)."""
    checks: list[Check] = []
    proofs = proofs_of(doc)
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    try:
        dataset = canonical_dataset(unsecured, run.options.loader)
    except JsonLdError as exc:
        checks.append(_failed(CheckId.JSONLD, exc.message, exc.code))
        checks.append(_failed(CheckId.PROOF, f"the {what}'s proof cannot be checked: its "
                              "JSON-LD is not valid for signing", exc.code))
        return checks, []
    checks.append(_passed(CheckId.JSONLD, "every term is defined by the bundled contexts"))
    if not proofs:
        checks.append(_failed(CheckId.PROOF, f"the {what} carries no proof", "no_proof"))
        return checks, []
    results = [
        verify_proof(doc, p, expected_purpose=purpose, fetcher=run.options.fetcher,
                     loader=run.options.loader, now=run.now, canonical_document=dataset.text,
                     dataset=dataset, holder=run.options.holder)
        for p in proofs
    ]
    valid = [r for r in results if r.valid and r.resolution is not None]
    others = [r for r in results if not r.valid]
    if valid:
        checks.append(_passed(CheckId.PROOF, valid[0].reason))
        if others:
            checks.append(_warning(CheckId.PROOF, "other proofs were not used: " + "; ".join(
                f"{r.suite}: {r.reason}" for r in others), "extra_proofs"))
    else:
        supported = [r for r in results if r.supported] or results
        reason = supported[0]
        checks.append(_failed(CheckId.PROOF, reason.reason, reason.code))
    return checks, [(r, r.resolution) for r in valid if r.resolution is not None]


def _endorsement_sources(doc: Mapping[str, Any]) -> list[Any]:
    holders: list[Mapping[str, Any]] = [doc]
    issuer = doc.get("issuer")
    if isinstance(issuer, Mapping):
        holders.append(issuer)
    for subject in _subjects(doc):
        achievement = subject.get("achievement")
        if isinstance(achievement, Mapping):
            holders.append(achievement)
            creator = achievement.get("creator")
            if isinstance(creator, Mapping):
                holders.append(creator)
    return [v for h in holders for key in ("endorsement", "endorsementJwt")
            for v in as_list(h.get(key)) if isinstance(v, Mapping | str)]


def _endorsements(doc: Mapping[str, Any], run: _Run) -> tuple[Check, tuple[VerificationResult,
                                                                             ...]]:
    sources = _endorsement_sources(doc)
    if not sources:
        return _skipped(CheckId.ENDORSEMENTS, "no endorsements"), ()
    if run.depth >= MAX_DEPTH:
        return _warning(CheckId.ENDORSEMENTS, "endorsements nested too deeply were not checked",
                        "too_deep"), ()
    results = tuple(_verify_embedded(s, run.deeper()) for s in sources)
    bad = sum(1 for r in results if not r.verified)
    if bad:
        return _warning(CheckId.ENDORSEMENTS, f"{bad} of {len(results)} endorsements could not "
                        "be verified", "endorsement_failed"), results
    return _passed(CheckId.ENDORSEMENTS, f"{len(results)} endorsement"
                   f"{'s' if len(results) != 1 else ''} verified"), results


def _nested(items: list[Any], run: _Run, what: str) -> tuple[Check, tuple[VerificationResult,
                                                                           ...]]:
    if run.depth >= MAX_DEPTH:
        return _failed(CheckId.NESTED, "credentials nested too deeply", "too_deep"), ()
    results = tuple(_verify_embedded(item, run.deeper()) for item in items)
    bad = [r for r in results if not r.verified]
    if bad:
        names = ", ".join(r.name or r.credential_id or "(unnamed)" for r in bad[:3])
        return _failed(CheckId.NESTED, f"{len(bad)} of {len(results)} credentials in the {what} "
                       f"did not verify: {names}", "nested_failed"), results
    if not results:
        return _skipped(CheckId.NESTED, f"the {what} contains no credentials"), results
    return _passed(CheckId.NESTED, f"all {len(results)} credentials in the {what} verified"), (
        results)


def _enveloped(item: Any) -> Any:
    """An ``EnvelopedVerifiableCredential`` (VC 2.0 §4.13) carries a JWT in a data: URL."""
    if isinstance(item, Mapping) and "EnvelopedVerifiableCredential" in _types(item):
        ident = item.get("id")
        if isinstance(ident, str) and ident.startswith("data:") and "," in ident:
            return ident.split(",", 1)[1]
    return item


def _verify_embedded(item: Any, run: _Run) -> VerificationResult:
    item = _enveloped(item)
    if isinstance(item, str):
        return _verify_jwt(item, run)
    if isinstance(item, Mapping):
        return _verify_ldp_credential(item, run)
    return _unreadable("an embedded credential is neither a JSON object nor a JWT",
                       "unsupported_input")


# --- credentials and presentations ---------------------------------------------------------


@dataclass(frozen=True)
class _Secured:
    """What the format's own part found: its checks (JSON-LD, proof), the proofs that verified
    with their keys and, where the format settles it itself, the issuer binding."""

    checks: list[Check]
    accepted: list[tuple[ProofCheck, KeyResolution]]
    binding: Check | None = None


def _credential_result(doc: Mapping[str, Any], run: _Run, *, fmt: str, structure: Check,
                       secured: _Secured) -> VerificationResult:
    """Everything after the proof, one sequence for every format (Data Integrity and VC-JWT
    alike): issuer binding → validity → status → endorsements → evidence → the credentials
    inside a CLR → the learner's claims."""
    checks = [structure, *secured.checks]
    binding = secured.binding
    if binding is None:
        binding = _binding_check(secured.accepted, _party_id(doc.get("issuer")), "issuer",
                                 CheckId.ISSUER_BINDING)
    checks.append(binding)
    checks.append(_validity_check(doc, run))
    checks.append(_status_check(doc, run))
    endorsement_check, endorsements = _endorsements(doc, run)
    checks.append(endorsement_check)
    evidence_check, evidence = _evidence(doc, run)
    if evidence_check is not None:
        checks.append(evidence_check)
    nested: tuple[VerificationResult, ...] = ()
    unsupported: tuple[str, ...] = ()
    if "ClrCredential" in _types(doc):
        items = [vc for subject in _subjects(doc)
                 for vc in as_list(subject.get("verifiableCredential"))]
        nested_check, nested = _nested(items, run, "CLR")
        checks.append(nested_check)
        claims_check, unsupported = _claims(doc, items, nested)
        if claims_check is not None:
            checks.append(claims_check)
    return _result(doc, kind="credential", fmt=fmt, checks=checks, nested=nested,
                   endorsements=endorsements, evidence=evidence,
                   unsupported_claims=unsupported)


def _verify_ldp_credential(doc: Mapping[str, Any], run: _Run) -> VerificationResult:
    if "VerifiablePresentation" in _types(doc):
        return _verify_ldp_presentation(doc, run)
    proof_checks, accepted = _proof_checks(doc, run, "assertionMethod", "credential")
    return _credential_result(doc, run, fmt="ldp_vc", structure=_structure_check(doc),
                              secured=_Secured(proof_checks, accepted))


def _data_uri(uri: str) -> bytes | None:
    """The content of a base64 ``data:`` URI (RFC 2397), or None."""
    header, _, payload = uri.partition(",")
    if not header.endswith(";base64"):
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (ValueError, binascii.Error):
        return None


def _evidence(doc: Mapping[str, Any], run: _Run) -> tuple[Check | None,
                                                         tuple[EvidenceCheck, ...]]:
    """Evidence entries; those with a ``digestMultibase`` are checked against their content
    (inline ``data:`` URIs always; links through the fetcher when online)."""
    entries = objects(doc.get("evidence"))
    if not entries:
        return None, ()
    results: list[EvidenceCheck] = []
    for entry in entries:
        eid = entry.get("id") if isinstance(entry.get("id"), str) else None
        genre = entry.get("genre") if isinstance(entry.get("genre"), str) else None
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        learner = genre in (LEARNER_REFLECTION, LEARNER_ARTIFACT)

        def record(outcome: Outcome, message: str, eid: str | None = eid, name: str | None = name,
                   genre: str | None = genre, learner: bool = learner) -> None:
            results.append(EvidenceCheck(id=eid if eid and not eid.startswith("data:") else None,
                                         name=name, genre=genre, learner=learner,
                                         outcome=outcome, message=message))

        digest = entry.get("digestMultibase")
        if not isinstance(digest, str):
            record(Outcome.SKIPPED, "no digest to check" if eid else "a narrative")
            continue
        content: bytes | None = None
        if eid and eid.startswith("data:"):
            content = _data_uri(eid)
            if content is None:
                record(Outcome.FAILED, "the inline file cannot be read")
                continue
        elif eid and eid.startswith(("https://", "http://")):
            if run.options.fetcher is None:
                record(Outcome.WARNING, "the linked file was not checked (offline)")
                continue
            try:
                content = run.options.fetcher.get(eid, accept="*/*").body
            except WalletError as exc:
                record(Outcome.WARNING, f"the linked file could not be fetched ({exc.message})")
                continue
        else:
            record(Outcome.WARNING, "the evidence has a digest but no content to check")
            continue
        if digest_multibase(content) == digest:
            record(Outcome.PASSED, f"the file matches its digest ({len(content):,} bytes)")
        else:
            record(Outcome.FAILED, "the file does not match its digest: it was changed")
    failed = sum(1 for r in results if r.outcome is Outcome.FAILED)
    unchecked = sum(1 for r in results if r.outcome is Outcome.WARNING)
    checked = sum(1 for r in results if r.outcome is Outcome.PASSED)
    if failed:
        return _failed(CheckId.EVIDENCE, f"{failed} evidence file(s) do not match their digest",
                       "evidence_altered"), tuple(results)
    if unchecked:
        return _warning(CheckId.EVIDENCE, f"{unchecked} evidence file(s) could not be checked",
                        "evidence_unchecked"), tuple(results)
    if checked:
        return _passed(CheckId.EVIDENCE, f"{checked} evidence file(s) match their digests"), \
            tuple(results)
    return _skipped(CheckId.EVIDENCE, "no evidence with a digest"), tuple(results)


def _claims(doc: Mapping[str, Any], items: list[Any], nested: tuple[VerificationResult, ...]
            ) -> tuple[Check | None, tuple[str, ...]]:
    """A CLR the learner signed about themself may only *carry* achievements: each one it
    lists must be awarded by a verified credential inside it from another issuer."""
    issuer_id = _party_id(doc.get("issuer"))
    subjects = _subjects(doc)
    if not issuer_id or not any(s.get("id") == issuer_id for s in subjects):
        return None, ()
    backed: set[str] = set()
    for item, result in zip(items, nested, strict=False):
        if not result.verified or result.issuer == issuer_id:
            continue
        view = _enveloped(item)
        if isinstance(view, str):
            with contextlib.suppress(WalletError):
                view = unverified_credential(view)
        for subject in _subjects(view) if isinstance(view, Mapping) else []:
            achievement = subject.get("achievement")
            if isinstance(achievement, Mapping) and isinstance(achievement.get("id"), str):
                backed.add(achievement["id"])
    unsupported = []
    for subject in subjects:
        for achievement in objects(subject.get("achievement")):
            if achievement.get("id") not in backed:
                unsupported.append(str(achievement.get("name") or achievement.get("id")))
    if unsupported:
        return _warning(CheckId.CLAIMS, "the learner claims achievements that no issuer-signed "
                        f"credential inside supports: {', '.join(unsupported[:5])}",
                        "unsupported_claims"), tuple(unsupported)
    return _passed(CheckId.CLAIMS, "every achievement listed is awarded by an issuer-signed "
                   "credential inside"), ()


def _challenge_check(accepted: list[tuple[ProofCheck, KeyResolution]], run: _Run) -> Check:
    want_challenge, want_domain = run.options.challenge, run.options.domain
    if not accepted:
        return _skipped(CheckId.CHALLENGE, "no valid proof to check")
    proof = accepted[0][0]
    if want_challenge is None and want_domain is None:
        return _skipped(CheckId.CHALLENGE, "no challenge or domain was expected, so replay "
                        "protection was not checked", "not_checked")
    if want_challenge is not None and proof.challenge != want_challenge:
        return _failed(CheckId.CHALLENGE, "the presentation was made for another request "
                       f"(challenge {proof.challenge!r}, expected {want_challenge!r})",
                       "challenge_mismatch")
    if want_domain is not None and proof.domain != want_domain:
        return _failed(CheckId.CHALLENGE, "the presentation was made for another verifier "
                       f"(domain {proof.domain!r}, expected {want_domain!r})", "domain_mismatch")
    return _passed(CheckId.CHALLENGE, "challenge and domain match this request")


def _verify_ldp_presentation(doc: Mapping[str, Any], run: _Run) -> VerificationResult:
    checks = [_presentation_structure(doc)]
    proof_checks, accepted = _proof_checks(doc, run, "authentication", "presentation")
    checks.extend(proof_checks)
    checks.append(_binding_check(accepted, _party_id(doc.get("holder")), "holder",
                                 CheckId.HOLDER_BINDING))
    checks.append(_challenge_check(accepted, run))
    checks.append(_validity_check(doc, run, what="presentation"))
    nested_check, nested = _nested(as_list(doc.get("verifiableCredential")), run,
                                   "presentation")
    checks.append(nested_check)
    return _result(doc, kind="presentation", fmt="ldp_vp", checks=checks, nested=nested)


def _jwt_key(
    decoded: jose.DecodedJws, issuer_id: str | None, run: _Run
) -> tuple[Mapping[str, Any], KeyResolution | None, str]:
    """The JWK that should verify the token, how it was found, and a note on provenance."""
    header = decoded.header
    kid = header.get("kid")
    if isinstance(kid, str) and kid:
        if kid.startswith("#") and issuer_id:
            kid = issuer_id + kid
        resolution = resolve_verification_method(kid, fetcher=run.options.fetcher,
                                                 purpose="assertionMethod")
        method = resolution.method
        jwk = method.jwk or (method.ed25519.to_jwk() if method.ed25519 else None)
        if jwk is None:
            raise DidResolutionError(f"{kid} has no usable key")
        return jwk, resolution, resolution.note
    if isinstance(header.get("jwk"), Mapping):
        return header["jwk"], None, "the key comes from the token's own header"
    raise DidResolutionError("the token names no key (no 'kid' or 'jwk' header)")


def _jwt_proof(decoded: jose.DecodedJws, issuer_id: str | None, run: _Run) -> _Secured:
    """The VC-JWT's own part: JSON-LD does not apply, the JWS signature (RFC 7515 §5.2) and, for
    a key given in the header rather than named by ``kid``, the issuer binding."""
    checks = [_skipped(CheckId.JSONLD, "a VC-JWT is signed as JSON; JSON-LD does not apply")]
    try:
        jwk, resolution, note = _jwt_key(decoded, issuer_id, run)
        ok = jose.verify_jws(decoded, jwk)
    except WalletError as exc:
        checks.append(_failed(CheckId.PROOF, exc.message, exc.code))
        return _Secured(checks, [])
    alg = decoded.header.get("alg")
    if not ok:
        checks.append(_failed(CheckId.PROOF, "the JWT signature does not match: the token was "
                              "changed after signing, or signed with another key",
                              "bad_signature"))
        return _Secured(checks, [])
    checks.append(_passed(CheckId.PROOF, f"JWT signature ({alg}) verified"))
    if resolution is not None:
        proof = ProofCheck(suite=f"JWT {alg}", supported=True, valid=True, reason="",
                           resolution=resolution)
        return _Secured(checks, [(proof, resolution)])
    if issuer_id and issuer_id.startswith("did:key:") and _same_did_key(issuer_id, jwk):
        binding = _passed(CheckId.ISSUER_BINDING, "the header key is the issuer's did:key")
    else:
        binding = _warning(CheckId.ISSUER_BINDING, f"{note}; it could not be confirmed that it "
                           "belongs to the issuer", "key_unconfirmed")
    return _Secured(checks, [], binding)


def _verify_jwt(token: str, run: _Run) -> VerificationResult:
    try:
        decoded = jose.decode_jws(token)
    except WalletError as exc:
        return _unreadable(f"not a readable VC-JWT: {exc.message}", exc.code, "jwt_vc")
    payload = decoded.payload
    if "vp" in payload:
        return _unreadable("JWT presentations are not supported; present JSON-LD instead",
                           "unsupported_input", "jwt_vp")
    view = jose.vc_from_jwt_payload(payload)
    structure = _structure_check(view, jose.jwt_claim_problems(payload))
    secured = _jwt_proof(decoded, _party_id(view.get("issuer")), run)
    return _credential_result(view, run, fmt="jwt_vc", structure=structure, secured=secured)


def _same_did_key(did: str, jwk: Mapping[str, Any]) -> bool:
    with contextlib.suppress(DidResolutionError):
        key = resolve_verification_method(did).method.public_key
        return key is not None and all(key.to_jwk().get(m) == jwk.get(m)
                                       for m in ("kty", "crv", "x", "y"))
    return False


# --- public API -----------------------------------------------------------------------------


def _run(options: VerifyOptions | None) -> _Run:
    options = options or VerifyOptions()
    now = options.now or datetime.now(UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    if options.fetcher is not None:  # one network budget for this run and all nested in it
        options = replace(options, fetcher=FetchBudget(
            options.fetcher, max_fetches=options.max_fetches,
            seconds=options.network_time_limit.total_seconds()))
    return _Run(options=options, now=now)


def verify_document(doc: Mapping[str, Any], options: VerifyOptions | None = None
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
    """Verify what :func:`wallet.sources.load_bytes` read."""
    if loaded.kind == "jwt" and loaded.jwt is not None:
        return verify_jwt(loaded.jwt, options)
    if loaded.document is not None:
        return verify_document(loaded.document, options)
    return _unreadable("nothing to verify", "unsupported_input")


def verify_bytes(data: bytes, options: VerifyOptions | None = None, *,
                 name: str | None = None) -> VerificationResult:
    """Read and verify raw bytes (JSON, a JWT, or a baked PNG/SVG badge)."""
    try:
        loaded = load_bytes(data, name=name)
    except InputError as exc:
        return _unreadable(exc.message, exc.code)
    return verify(loaded, options)
