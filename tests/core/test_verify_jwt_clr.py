"""A learner-signed CLR delivered as a VC-JWT is checked exactly like its Data Integrity twin:
the closing checks (binding, validity, status, endorsements, evidence, nested credentials,
claims) are one sequence for both formats."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from factories import badge

from wallet.credential import parse_datetime
from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.presenting.present import ArtifactInput, CredentialInput, compose, digest_multibase
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome, VerificationResult
from wallet.verification.verify import VerifyOptions, verify_document, verify_jwt

ISSUER = Ed25519KeyPair.generate()
LEARNER = Ed25519KeyPair.generate()
NOW = datetime(2026, 3, 1, tzinfo=UTC)
OPTIONS = VerifyOptions(now=NOW + timedelta(hours=1))


def _issued(name: str, achievement_id: str) -> dict[str, Any]:
    doc = badge(ISSUER, name=name)
    doc["credentialSubject"]["id"] = LEARNER.did
    doc["credentialSubject"]["achievement"]["id"] = achievement_id
    doc["credentialSubject"]["achievement"]["name"] = name
    return di.sign(doc, ISSUER.signer())


@pytest.fixture(scope="module")
def unsigned_clr() -> dict[str, Any]:
    """The learner's CLR as :func:`compose` makes it (an issuer-signed badge inside, a small
    work sample inline with its digest), without its proof: ready to be signed either way."""
    composed = compose(
        [CredentialInput("c1", _issued("Data Analysis", "https://college.example/a/data"))],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        holder_name="Alex",
        artifacts=[
            ArtifactInput(
                "a1", "report.pdf", "application/pdf", b"%PDF-1.7 my report", None, ("c1",)
            )
        ],
        now=NOW,
    )
    return {k: v for k, v in composed.clr.items() if k != "proof"}


def _twins(clr: dict[str, Any]) -> tuple[VerificationResult, VerificationResult]:
    """The same CLR signed by the learner as Data Integrity and as a VC-JWT, each verified."""
    ldp = di.sign(clr, LEARNER.signer(), created=clr["validFrom"])
    start = parse_datetime(clr["validFrom"])
    assert start is not None
    payload = {
        "iss": LEARNER.did,
        "sub": LEARNER.did,
        "jti": clr["id"],
        "nbf": int(start.timestamp()),
        "vc": clr,
    }
    token = sign_jws({"typ": "JWT"}, payload, LEARNER.signer())
    return verify_document(ldp, OPTIONS), verify_jwt(token, OPTIONS)


def _check(result: VerificationResult, cid: CheckId) -> tuple[Outcome, str | None]:
    check = result.check(cid)
    assert check is not None, f"{result.format}: no {cid} check in {result.checks}"
    return check.outcome, check.detail


def test_the_twins_verify_alike(unsigned_clr) -> None:
    ldp, jwt = _twins(unsigned_clr)
    assert (ldp.format, jwt.format) == ("ldp_vc", "jwt_vc")
    assert ldp.verified and jwt.verified, [
        c for r in (ldp, jwt) for c in r.checks if c.outcome is Outcome.FAILED
    ]
    assert [c.id for c in jwt.checks] == [c.id for c in ldp.checks]  # one sequence
    for cid in (
        CheckId.ISSUER_BINDING,
        CheckId.VALIDITY,
        CheckId.STATUS,
        CheckId.EVIDENCE,
        CheckId.NESTED,
        CheckId.CLAIMS,
    ):
        assert _check(jwt, cid) == _check(ldp, cid), cid
    assert _check(jwt, CheckId.EVIDENCE)[0] is Outcome.PASSED
    assert _check(jwt, CheckId.CLAIMS)[0] is Outcome.PASSED
    assert [e.outcome for e in jwt.evidence] == [e.outcome for e in ldp.evidence]
    assert jwt.name == ldp.name and jwt.issuer == ldp.issuer == LEARNER.did


def test_a_wrong_artifact_digest_fails_the_evidence_check_in_both_formats(unsigned_clr) -> None:
    clr = copy.deepcopy(unsigned_clr)
    (artifact,) = [e for e in clr["evidence"] if "digestMultibase" in e]
    artifact["digestMultibase"] = digest_multibase(b"another file")  # signed, but wrong
    ldp, jwt = _twins(clr)
    for result in (ldp, jwt):
        assert _check(result, CheckId.PROOF)[0] is Outcome.PASSED  # the signature is fine…
        assert _check(result, CheckId.EVIDENCE) == (Outcome.FAILED, "evidence_altered")  # …
        assert not result.verified
        assert [e.outcome for e in result.evidence] == [Outcome.FAILED]
    assert jwt.check(CheckId.EVIDENCE).message == ldp.check(CheckId.EVIDENCE).message


def test_claims_no_issuer_backs_are_flagged_in_both_formats(unsigned_clr) -> None:
    clr = copy.deepcopy(unsigned_clr)
    clr["credentialSubject"]["achievement"].append(
        {
            "id": "https://college.example/a/phd",
            "type": ["Achievement"],
            "name": "Doctorate",
            "description": "Not earned.",
            "criteria": {"narrative": "None."},
        }
    )
    ldp, jwt = _twins(clr)
    assert _check(ldp, CheckId.CLAIMS) == (Outcome.WARNING, "unsupported_claims")
    assert _check(jwt, CheckId.CLAIMS) == _check(ldp, CheckId.CLAIMS)
    assert jwt.unsupported_claims == ldp.unsupported_claims == ("Doctorate",)
