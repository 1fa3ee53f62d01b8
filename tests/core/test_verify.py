"""Verification verdicts: every negative case names the check that failed."""

from __future__ import annotations

import copy
import json
import os
import struct
import zlib
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from factories import (
    OB3,
    VC2,
    badge,
    clr,
    sign_unchecked,
    signed_badge,
    status_entry,
    status_list,
)

from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.http import HttpFetcher
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify_bytes, verify_document

NOW = datetime(2025, 6, 1, tzinfo=UTC)
OPTS = VerifyOptions(now=NOW)


@pytest.fixture(scope="module")
def issuer() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


def _outcome(result, check: CheckId) -> Outcome | None:
    c = result.check(check)
    return c.outcome if c else None


def test_a_good_badge_verifies_with_every_check(issuer) -> None:
    doc = signed_badge(issuer)
    before = copy.deepcopy(doc)
    result = verify_document(doc, OPTS)
    assert result.verified, result.checks
    assert doc == before  # never mutated
    for check in (
        CheckId.STRUCTURE,
        CheckId.JSONLD,
        CheckId.PROOF,
        CheckId.ISSUER_BINDING,
        CheckId.VALIDITY,
    ):
        assert _outcome(result, check) is Outcome.PASSED, check
    assert _outcome(result, CheckId.STATUS) is Outcome.SKIPPED
    assert result.name == "Teamwork Badge" and result.issuer == issuer.did
    assert result.issuer_name == "Example College"


def test_tampered_field(issuer) -> None:
    doc = signed_badge(issuer)
    doc["credentialSubject"]["achievement"]["name"] = "Leadership"
    result = verify_document(doc, OPTS)
    assert not result.verified
    assert result.check(CheckId.PROOF).detail == "bad_signature"


def test_signed_with_another_key_than_named(issuer) -> None:
    other = Ed25519KeyPair.generate()
    doc = badge(issuer)
    proof = di.create_proof(doc, other.signer(issuer.key_id), created="2024-01-01T00:00:00Z")
    result = verify_document({**doc, "proof": proof}, OPTS)
    assert not result.verified
    assert result.check(CheckId.PROOF).detail == "bad_signature"


def test_signed_by_someone_else_than_the_issuer(issuer) -> None:
    impostor = Ed25519KeyPair.generate()
    doc = di.sign(badge(issuer), impostor.signer(), created="2024-01-01T00:00:00Z")
    result = verify_document(doc, OPTS)
    assert _outcome(result, CheckId.PROOF) is Outcome.PASSED  # a valid signature...
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding.outcome is Outcome.FAILED and binding.detail == "issuer_mismatch"  # ...by X
    assert not result.verified


def test_expired(issuer) -> None:
    result = verify_document(signed_badge(issuer, validUntil="2025-01-01T00:00:00Z"), OPTS)
    assert not result.verified
    assert result.check(CheckId.VALIDITY).detail == "expired"


def test_not_yet_valid(issuer) -> None:
    result = verify_document(signed_badge(issuer, validFrom="2030-01-01T00:00:00Z"), OPTS)
    assert not result.verified
    assert result.check(CheckId.VALIDITY).detail == "not_yet_valid"


def test_clock_skew_is_configurable(issuer) -> None:
    doc = signed_badge(issuer, validFrom="2025-06-01T00:04:00Z")
    assert verify_document(doc, OPTS).verified  # default skew: 5 minutes
    from datetime import timedelta

    strict = VerifyOptions(now=NOW, clock_skew=timedelta(0))
    assert verify_document(doc, strict).check(CheckId.VALIDITY).detail == "not_yet_valid"


def test_revoked_through_a_real_status_list(issuer, http_server) -> None:
    url = http_server.url("/status/1")
    http_server.serve_json("/status/1", status_list(issuer, url, revoked={7}))
    revoked = signed_badge(issuer, credentialStatus=status_entry(url, 7))
    fine = signed_badge(issuer, credentialStatus=status_entry(url, 8))
    with HttpFetcher(dev=True) as fetcher:
        opts = VerifyOptions(now=NOW, fetcher=fetcher)
        bad = verify_document(revoked, opts)
        good = verify_document(fine, opts)
    assert not bad.verified
    assert bad.check(CheckId.STATUS).outcome is Outcome.FAILED
    assert bad.check(CheckId.STATUS).detail == "revoked"
    assert good.verified and good.check(CheckId.STATUS).outcome is Outcome.PASSED


def test_status_unreachable_is_a_warning_not_a_failure(issuer, http_server) -> None:
    url = http_server.url("/status/missing")
    doc = signed_badge(issuer, credentialStatus=status_entry(url, 3))
    with HttpFetcher(dev=True) as fetcher:
        result = verify_document(doc, VerifyOptions(now=NOW, fetcher=fetcher))
    assert result.verified
    assert result.check(CheckId.STATUS).outcome is Outcome.WARNING
    offline = verify_document(doc, OPTS)
    assert offline.verified and offline.check(CheckId.STATUS).detail == "status_unknown"


def test_forged_status_list_is_not_believed(issuer, http_server) -> None:
    """A list signed by someone else cannot revoke (or vouch for) the issuer's credential."""
    url = http_server.url("/status/2")
    http_server.serve_json("/status/2", status_list(Ed25519KeyPair.generate(), url, {1}))
    doc = signed_badge(issuer, credentialStatus=status_entry(url, 1))
    with HttpFetcher(dev=True) as fetcher:
        result = verify_document(doc, VerifyOptions(now=NOW, fetcher=fetcher))
    assert result.check(CheckId.STATUS).outcome is Outcome.WARNING


def test_unknown_context_url(issuer) -> None:
    doc = signed_badge(issuer)
    doc["@context"] = [VC2, OB3, "https://unknown.example/ctx.json"]
    result = verify_document(doc, OPTS)
    assert not result.verified
    assert result.check(CheckId.JSONLD).detail == "context_not_allowed"


def test_undefined_term(issuer) -> None:
    doc = signed_badge(issuer)
    doc["credentialSubject"]["achievement"]["secretScore"] = 99
    result = verify_document(doc, OPTS)
    assert not result.verified
    assert result.check(CheckId.JSONLD).detail == "undefined_term"


def test_wrong_context_order_is_a_conformance_finding(issuer) -> None:
    # JSON-LD allows it; the wallet's signer refuses it (VC-CONTEXT-FIRST), other issuers' may not
    doc = sign_unchecked(badge(issuer, **{"@context": [OB3, VC2]}), issuer.signer())
    result = verify_document(doc, OPTS)
    assert result.verdict is Verdict.WARNINGS and result.verified
    assert result.check(CheckId.CONFORMANCE).outcome is Outcome.WARNING
    assert any("§4.3" in f.rule for f in result.findings)
    strict = verify_document(doc, replace(OPTS, strict=True))
    assert strict.verdict is Verdict.NOT_VERIFIED
    assert strict.check(CheckId.CONFORMANCE).outcome is Outcome.FAILED


@pytest.mark.parametrize("missing", ["credentialSubject", "issuer"])
def test_missing_required_ob3_fields(issuer, missing: str) -> None:
    result = verify_document(
        sign_unchecked(badge(issuer, **{missing: None}), issuer.signer()), OPTS
    )
    assert not result.verified
    assert result.check(CheckId.STRUCTURE).outcome is Outcome.FAILED


@pytest.mark.parametrize("missing", ["name", "validFrom"])
def test_missing_ob3_fields_that_keep_the_meaning_are_findings(issuer, missing: str) -> None:
    result = verify_document(signed_badge(issuer, **{missing: None}), OPTS)
    assert result.verdict is Verdict.WARNINGS, result.checks
    (finding,) = result.findings
    assert finding.path == missing and finding.rule == "OB 3.0 §B.1.2 AchievementCredential"
    assert (
        verify_document(signed_badge(issuer, **{missing: None}), replace(OPTS, strict=True)).verdict
        is Verdict.NOT_VERIFIED
    )


def test_missing_achievement_is_a_finding(issuer) -> None:
    """As in 1EdTech's own "simple" fixtures, which its validator accepts."""
    doc = badge(issuer)
    del doc["credentialSubject"]["achievement"]
    result = verify_document(di.sign(doc, issuer.signer()), OPTS)
    assert result.check(CheckId.CONFORMANCE).outcome is Outcome.WARNING
    assert "achievement" in result.check(CheckId.CONFORMANCE).message
    strict = verify_document(di.sign(doc, issuer.signer()), replace(OPTS, strict=True))
    assert strict.check(CheckId.CONFORMANCE).outcome is Outcome.FAILED


def test_no_proof(issuer) -> None:
    result = verify_document(badge(issuer), OPTS)
    assert not result.verified and result.check(CheckId.PROOF).detail == "no_proof"


def test_unsupported_proof_is_reported_beside_a_good_one(issuer) -> None:
    doc = signed_badge(issuer)
    doc["proof"] = [doc["proof"], {"type": "BbsBlsSignature2020", "proofValue": "xyz"}]
    result = verify_document(doc, OPTS)
    assert result.verified
    extra = [c for c in result.checks if c.id is CheckId.PROOF and c.outcome is Outcome.WARNING]
    assert extra and "BbsBlsSignature2020" in extra[0].message


def test_only_unsupported_proofs(issuer) -> None:
    doc = badge(issuer)
    doc["proof"] = {"type": "RsaSignature2018", "jws": "x"}
    result = verify_document(doc, OPTS)
    assert not result.verified
    assert result.check(CheckId.PROOF).detail == "unsupported_suite"


def test_clr_verifies_every_nested_credential(issuer) -> None:
    a, b = signed_badge(issuer), signed_badge(issuer, name="Second Badge")
    good = verify_document(clr(issuer, [a, b]), OPTS)
    assert good.verified, good.checks
    assert len(good.nested) == 2 and all(n.verified for n in good.nested)
    b_bad = copy.deepcopy(b)
    b_bad["name"] = "Tampered"
    bad = verify_document(clr(issuer, [a, b_bad]), OPTS)  # outer proof fine, inner not
    assert bad.check(CheckId.PROOF).outcome is Outcome.PASSED
    assert bad.check(CheckId.NESTED).outcome is Outcome.FAILED
    assert not bad.verified


def test_endorsement_is_verified(issuer) -> None:
    endorser = Ed25519KeyPair.generate()
    endorsement = di.sign(
        {
            "@context": [VC2, OB3],
            "id": "urn:uuid:0c1e8e1e-0000-4000-8000-000000000001",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": "Endorsement of Example College",
            "issuer": {"id": endorser.did, "type": ["Profile"], "name": "Accreditor"},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": issuer.did,
                "type": ["EndorsementSubject"],
                "endorsementComment": "Accredited.",
            },
        },
        endorser.signer(),
    )
    doc = badge(issuer)
    doc["endorsement"] = [endorsement]
    result = verify_document(di.sign(doc, issuer.signer()), OPTS)
    assert result.verified, result.checks
    assert result.check(CheckId.ENDORSEMENTS).outcome is Outcome.PASSED
    assert result.endorsements[0].verified


def test_presentation_challenge_and_holder(issuer) -> None:
    holder = Ed25519KeyPair.generate()
    vp = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "holder": holder.did,
        "verifiableCredential": [signed_badge(issuer)],
    }
    signed = di.sign(
        vp,
        holder.signer(),
        proof_purpose="authentication",
        challenge="c-123",
        domain="employer.example",
    )
    ok = verify_document(
        signed, VerifyOptions(now=NOW, challenge="c-123", domain="employer.example")
    )
    assert ok.verified, ok.checks
    assert ok.kind == "presentation" and ok.nested[0].verified
    replay = verify_document(signed, VerifyOptions(now=NOW, challenge="c-999"))
    assert replay.check(CheckId.CHALLENGE).detail == "challenge_mismatch"
    assert not replay.verified
    stolen = di.sign(vp, Ed25519KeyPair.generate().signer(), proof_purpose="authentication")
    assert verify_document(stolen, OPTS).check(CheckId.HOLDER_BINDING).outcome is Outcome.FAILED
    assertion = di.sign(vp, holder.signer())  # wrong proof purpose for a presentation
    assert verify_document(assertion, OPTS).check(CheckId.PROOF).detail == "wrong_purpose"


# --- unreadable input: a clear error, no traceback ------------------------------------------


def test_malformed_json() -> None:
    result = verify_bytes(b'{"@context": ["https://www.w3.org/ns/credentials/v2",', OPTS)
    assert not result.verified
    fmt = result.check(CheckId.FORMAT)
    assert fmt.outcome is Outcome.FAILED and fmt.detail == "malformed_json"
    assert "line" in fmt.message


def _png(chunks: list[tuple[bytes, bytes]]) -> bytes:
    out = b"\x89PNG\r\n\x1a\n"
    for kind, data in chunks:
        out += struct.pack(">I", len(data)) + kind + data
        out += struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return out


def test_truncated_png(issuer) -> None:
    text = json.dumps(signed_badge(issuer)).encode()
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png = _png(
        [(b"IHDR", ihdr), (b"iTXt", b"openbadgecredential\0\0\0\0\0" + text), (b"IEND", b"")]
    )
    assert verify_bytes(png, OPTS).verified  # the whole baked badge verifies
    result = verify_bytes(png[: len(png) // 2], OPTS)
    assert not result.verified
    assert result.check(CheckId.FORMAT).detail == "baked_badge"


def test_five_megabytes_of_random_bytes() -> None:
    result = verify_bytes(os.urandom(5 * 1024 * 1024), OPTS)
    assert not result.verified
    assert result.check(CheckId.FORMAT).outcome is Outcome.FAILED


def test_non_object_json() -> None:
    result = verify_bytes(b"[1, 2, 3]", OPTS)
    assert result.check(CheckId.FORMAT).outcome is Outcome.FAILED
