"""The individual checks of a verification that need no recursion: the check constructors,
the validity window, evidence digests, the learner's claims in a learner-signed CLR, and a
presentation's challenge and domain (:mod:`wallet.verification.verify` runs them in order)."""

from __future__ import annotations

import base64
import binascii
import contextlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.credential import objects, parse_datetime, type_names, validity_fields
from wallet.crypto.did import KeyResolution
from wallet.errors import WalletError
from wallet.fetch import Fetcher
from wallet.formats.vcjwt import unverified_credential
from wallet.proofs.dataintegrity import ProofCheck
from wallet.result import Check, CheckId, EvidenceCheck, Finding, Outcome, VerificationResult
from wallet.rules.conformance import StructureProblem
from wallet.rules.vcdm import Report

__all__ = [
    "challenge_check",
    "claims_check",
    "data_uri",
    "enveloped",
    "evidence_check",
    "failed",
    "party_id",
    "passed",
    "proof_set_checks",
    "related_check",
    "skipped",
    "structure_and_model",
    "subjects",
    "validity_check",
    "warning",
]


def passed(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.PASSED, message=message, detail=detail)


def failed(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.FAILED, message=message, detail=detail)


def warning(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.WARNING, message=message, detail=detail)


def skipped(cid: CheckId, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=Outcome.SKIPPED, message=message, detail=detail)


def party_id(value: Any) -> str | None:
    """The id of an issuer or holder — a URL, or an object's ``id`` — exactly as written: what
    a key is bound to is compared as the very string, never a normalised reading of it."""
    party = value.get("id") if isinstance(value, Mapping) else value
    return party if isinstance(party, str) else None


def subjects(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return objects(doc.get("credentialSubject"))


def enveloped(item: Any) -> Any:
    """An ``EnvelopedVerifiableCredential`` (VC 2.0 §4.13) carries a JWT in a data: URL."""
    if isinstance(item, Mapping) and "EnvelopedVerifiableCredential" in type_names(
        item.get("type")
    ):
        ident = item.get("id")
        if isinstance(ident, str) and ident.startswith("data:") and "," in ident:
            return ident.split(",", 1)[1]
    return item


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


def validity_check(
    doc: Mapping[str, Any], now: datetime, skew: timedelta, *, what: str = "credential"
) -> Check:
    """The validity window (VC2 §4.9, VC1 §4.6 and §7.8) against ``now`` ± the clock skew.
    Dates are read by :func:`wallet.credential.parse_datetime` (xsd:dateTime); the arithmetic
    cannot overflow, whatever ``now`` and the skew (a far-future ``now`` is simply compared)."""
    start_key, end_key = validity_fields(doc)
    start_raw, end_raw = doc.get(start_key), doc.get(end_key)
    start, end = parse_datetime(start_raw), parse_datetime(end_raw)
    if start_raw is not None and start is None:
        return failed(CheckId.VALIDITY, f"{start_key} is not a valid date-time", "bad_date")
    if end_raw is not None and end is None:
        return failed(CheckId.VALIDITY, f"{end_key} is not a valid date-time", "bad_date")
    if start is not None and start > _shifted(now, skew, 1):
        return failed(
            CheckId.VALIDITY,
            f"the {what} is not valid yet: valid from {start_raw}",
            "not_yet_valid",
        )
    if end is not None and end < _shifted(now, skew, -1):
        return failed(CheckId.VALIDITY, f"the {what} expired on {end_raw}", "expired")
    if end is not None:
        return passed(
            CheckId.VALIDITY, f"valid from {start_raw or '(unspecified)'} until {end_raw}"
        )
    if start is not None:
        return passed(CheckId.VALIDITY, f"valid from {start_raw}; it does not expire")
    return passed(CheckId.VALIDITY, "no validity period is set")


def data_uri(uri: str) -> bytes | None:
    """The content of a base64 ``data:`` URI (RFC 2397), or None."""
    header, _, payload = uri.partition(",")
    if not header.endswith(";base64"):
        return None
    try:
        return base64.b64decode(payload, validate=True)
    except (ValueError, binascii.Error):
        return None


def evidence_check(
    doc: Mapping[str, Any], fetcher: Fetcher | None
) -> tuple[Check | None, tuple[EvidenceCheck, ...]]:
    """Evidence entries; those with a ``digestMultibase`` are checked against their content
    (inline ``data:`` URIs always; links through the fetcher when online)."""
    entries = objects(doc.get("evidence"))
    if not entries:
        return None, ()
    # what the wallet's presentations call the learner's own (imported here: a credential
    # without evidence, most of them, needs nothing of the presenting package)
    from wallet.presenting.present import LEARNER_ARTIFACT, LEARNER_REFLECTION, digest_multibase

    results: list[EvidenceCheck] = []
    for entry in entries:
        eid = entry.get("id") if isinstance(entry.get("id"), str) else None
        genre = entry.get("genre") if isinstance(entry.get("genre"), str) else None
        name = entry.get("name") if isinstance(entry.get("name"), str) else None
        learner = genre in (LEARNER_REFLECTION, LEARNER_ARTIFACT)

        def record(
            outcome: Outcome,
            message: str,
            eid: str | None = eid,
            name: str | None = name,
            genre: str | None = genre,
            learner: bool = learner,
        ) -> None:
            results.append(
                EvidenceCheck(
                    id=eid if eid and not eid.startswith("data:") else None,
                    name=name,
                    genre=genre,
                    learner=learner,
                    outcome=outcome,
                    message=message,
                )
            )

        digest = entry.get("digestMultibase")
        if not isinstance(digest, str):
            record(Outcome.SKIPPED, "no digest to check" if eid else "a narrative")
            continue
        content: bytes | None = None
        if eid and eid.startswith("data:"):
            content = data_uri(eid)
            if content is None:
                record(Outcome.FAILED, "the inline file cannot be read")
                continue
        elif eid and eid.startswith(("https://", "http://")):
            if fetcher is None:
                record(Outcome.WARNING, "the linked file was not checked (offline)")
                continue
            try:
                content = fetcher.get(eid, accept="*/*").body
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
    altered = sum(1 for r in results if r.outcome is Outcome.FAILED)
    unchecked = sum(1 for r in results if r.outcome is Outcome.WARNING)
    checked = sum(1 for r in results if r.outcome is Outcome.PASSED)
    if altered:
        wording = "does not match its digest" if altered == 1 else "do not match their digests"
        return failed(CheckId.EVIDENCE, f"{_files(altered)} {wording}", "evidence_altered"), tuple(
            results
        )
    if unchecked:
        return warning(
            CheckId.EVIDENCE, f"{_files(unchecked)} could not be checked", "evidence_unchecked"
        ), tuple(results)
    if checked:
        wording = "matches its digest" if checked == 1 else "match their digests"
        return passed(CheckId.EVIDENCE, f"{_files(checked)} {wording}"), tuple(results)
    return skipped(CheckId.EVIDENCE, "no evidence with a digest"), tuple(results)


def _files(count: int) -> str:
    return f"{count} evidence file{'' if count == 1 else 's'}"


def claims_check(
    doc: Mapping[str, Any], items: list[Any], nested: tuple[VerificationResult, ...]
) -> tuple[Check | None, tuple[str, ...]]:
    """A CLR the learner signed about themself may only *carry* achievements: each one it
    lists must be awarded by a verified credential inside it from another issuer."""
    issuer_id = party_id(doc.get("issuer"))
    listed = subjects(doc)
    if not issuer_id or not any(s.get("id") == issuer_id for s in listed):
        return None, ()
    backed: set[str] = set()
    for item, result in zip(items, nested, strict=False):
        if not result.verified or result.issuer == issuer_id:
            continue
        view = enveloped(item)
        if isinstance(view, str):
            with contextlib.suppress(WalletError):
                view = unverified_credential(view)
        for subject in subjects(view) if isinstance(view, Mapping) else []:
            achievement = subject.get("achievement")
            if isinstance(achievement, Mapping) and isinstance(achievement.get("id"), str):
                backed.add(achievement["id"])
    unsupported = []
    for subject in listed:
        for achievement in objects(subject.get("achievement")):
            if achievement.get("id") not in backed:
                unsupported.append(str(achievement.get("name") or achievement.get("id")))
    if unsupported:
        return warning(
            CheckId.CLAIMS,
            "the learner claims achievements that no issuer-signed "
            f"credential inside supports: {', '.join(unsupported[:5])}",
            "unsupported_claims",
        ), tuple(unsupported)
    return passed(
        CheckId.CLAIMS, "every achievement listed is awarded by an issuer-signed credential inside"
    ), ()


def challenge_check(
    accepted: Sequence[tuple[ProofCheck, KeyResolution]],
    want_challenge: str | None,
    want_domain: str | None,
) -> Check:
    """A presentation's proof made for this request: its challenge and domain."""
    if not accepted:
        return skipped(CheckId.CHALLENGE, "no valid proof to check")
    proof = accepted[0][0]
    if want_challenge is None and want_domain is None:
        return skipped(
            CheckId.CHALLENGE,
            "no challenge or domain was expected, so replay protection was not checked",
            "not_checked",
        )
    if want_challenge is not None and proof.challenge != want_challenge:
        return failed(
            CheckId.CHALLENGE,
            "the presentation was made for another request "
            f"(challenge {proof.challenge!r}, expected {want_challenge!r})",
            "challenge_mismatch",
        )
    if want_domain is not None and proof.domain != want_domain:
        return failed(
            CheckId.CHALLENGE,
            "the presentation was made for another verifier "
            f"(domain {proof.domain!r}, expected {want_domain!r})",
            "domain_mismatch",
        )
    return passed(CheckId.CHALLENGE, "challenge and domain match this request")


# --- the VC Data Model rules and the OB 3.0 / CLR 2.0 rules, as one list --------------------


def structure_and_model(
    problems: list[StructureProblem], model: Report
) -> tuple[list[str], tuple[Finding, ...]]:
    """The structure errors (what changes the meaning) and the conformance findings of one
    document: the VC Data Model rules (:mod:`wallet.rules.vcdm`, each message naming its rule and
    section) and the OB 3.0 / CLR 2.0 rules (:mod:`wallet.reading.structure`) read as one table —
    where
    both speak of one path, the VC Data Model rule is the one reported."""
    covered = {v.path for v in model.violations}
    errors = [f"{v.message} ({v.code}, {v.rule.citation})" for v in model.errors]
    errors += [p.message for p in problems if p.severity == "error" and p.path not in covered]
    findings = tuple(
        Finding(code=v.code, path=v.path, message=v.message, rule=v.rule.citation)
        for v in model.findings
    )
    findings += tuple(
        Finding(code=p.code, path=p.path, message=p.message, rule=p.rule)
        for p in problems
        if p.severity == "finding" and p.path not in covered
    )
    return errors, findings


def related_check(model: Report) -> Check | None:
    """VC 2.0 §5.3: each related resource at hand matches its digest; one that would need the
    network is *unchecked* (a warning). None when the document lists none."""
    if not model.digests:
        return None
    bad = [d for d in model.digests if d.outcome == "mismatch"]
    unchecked = [d for d in model.digests if d.outcome == "unchecked"]
    if bad:
        return failed(
            CheckId.RELATED,
            "; ".join(d.message for d in bad[:3]) + " (VC-RELATED-"
            "MATCH, VC 2.0 §5.3 Integrity of Related Resources)",
            "related_altered",
        )
    if unchecked:
        return warning(
            CheckId.RELATED, "; ".join(d.message for d in unchecked[:3]), "related_unchecked"
        )
    count = len(model.digests)
    return passed(
        CheckId.RELATED,
        f"{count} related resource{'s' if count != 1 else ''} "
        f"match{'' if count != 1 else 'es'} {'their' if count != 1 else 'its'} "
        "digest" + ("s" if count != 1 else ""),
    )


# --- proof sets and chains -----------------------------------------------------------------


def _proof_line(index: int, result: ProofCheck) -> str:
    name = result.proof_id or f"proof {index + 1}"
    who = f" by {result.verification_method}" if result.verification_method else ""
    after = f", after {', '.join(result.previous)}" if result.previous else ""
    return f"{name} ({result.suite}{who}{after}): " + (
        "verified" if result.valid else result.reason
    )


def proof_set_checks(results: list[ProofCheck]) -> tuple[list[Check], list[ProofCheck]]:
    """The proof check(s) of a proof set or chain (:func:`wallet.proofs.dataintegrity.
    verify_proofs`) and the proofs that verified. A plain set verifies when one of its proofs
    does (the others: a warning); the proofs of a chain must all verify — a broken, missing,
    self-naming or looping link fails the check — and each is reported."""
    valid = [r for r in results if r.valid and r.resolution is not None]
    chain = [(i, r) for i, r in enumerate(results) if r.chained]
    others = [r for r in results if not r.valid and not r.chained]
    checks: list[Check] = []
    if chain:
        lines = "; ".join(_proof_line(i, r) for i, r in chain)
        broken = [r for _i, r in chain if not r.valid]
        if broken:
            return [
                failed(CheckId.PROOF, f"the proof chain does not verify: {lines}", "broken_chain")
            ], valid
        checks.append(passed(CheckId.PROOF, f"the proof chain verified: {lines}"))
    elif valid:
        checks.append(passed(CheckId.PROOF, valid[0].reason))
    else:
        supported = [r for r in results if r.supported] or results
        return [failed(CheckId.PROOF, supported[0].reason, supported[0].code)], []
    if others:
        checks.append(
            warning(
                CheckId.PROOF,
                "other proofs were not used: "
                + "; ".join(f"{r.suite}: {r.reason}" for r in others),
                "extra_proofs",
            )
        )
    return checks, valid
