"""Composing presentations, and verifying them as an employer would."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta

import pytest
from factories import badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.presenting.present import (
    INLINE_ARTIFACT_BYTES,
    LEARNER_ARTIFACT,
    LEARNER_REFLECTION,
    ArtifactInput,
    CredentialInput,
    ReflectionInput,
    compose,
    digest_multibase,
)
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Outcome
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = Ed25519KeyPair.generate()
LEARNER = Ed25519KeyPair.generate()
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _credential(name: str, achievement_id: str) -> dict:
    doc = badge(ISSUER, name=name)
    doc["credentialSubject"]["id"] = LEARNER.did
    doc["credentialSubject"]["achievement"]["id"] = achievement_id
    doc["credentialSubject"]["achievement"]["name"] = name
    doc["credentialSubject"]["achievement"]["alignment"] = [
        {
            "type": ["Alignment"],
            "targetType": "CFItem",
            "targetName": f"Skill of {name}",
            "targetUrl": f"https://case.example/CFItems/{name.replace(' ', '-')}",
        }
    ]
    return di.sign(doc, ISSUER.signer())


@pytest.fixture(scope="module")
def parts():
    ldp = _credential("Data Analysis", "https://college.example/a/data")
    jwt_doc = badge(ISSUER, name="Python")
    jwt_doc["credentialSubject"]["id"] = LEARNER.did
    jwt_doc["credentialSubject"]["achievement"]["id"] = "https://college.example/a/python"
    jwt = sign_jws(
        {"typ": "JWT"}, {"iss": ISSUER.did, "sub": LEARNER.did, "vc": jwt_doc}, ISSUER.signer()
    )
    small = b"%PDF-1.7 small report"
    large = bytes(range(256)) * (INLINE_ARTIFACT_BYTES // 256 + 10)
    return {
        "credentials": [CredentialInput("c1", ldp), CredentialInput("c2", jwt)],
        "reflections": [
            ReflectionInput(
                "r1", "What I learned", "I cleaned **messy** data.\n\u0007 bell", ("c1",)
            )
        ],
        "artifacts": [
            ArtifactInput("a1", "report.pdf", "application/pdf", small, None, ("c1",)),
            ArtifactInput("a2", "dataset.bin", "application/octet-stream", large, None, ("c2",)),
            ArtifactInput(
                "a3", "Portfolio", "text/uri-list", None, "https://portfolio.example/me", ()
            ),
        ],
        "ldp": ldp,
        "jwt": jwt,
        "large": large,
    }


def _compose(parts, **kw):
    kw.setdefault("challenge", "job-42")
    kw.setdefault("domain", "https://employer.example")
    kw.setdefault("now", NOW)
    return compose(
        parts["credentials"],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        holder_name="Alex Learner",
        reflections=parts["reflections"],
        artifacts=parts["artifacts"],
        file_base_url="https://share.example/f",
        **kw,
    )


def _verify(doc, **kw):
    kw.setdefault("now", NOW + timedelta(hours=1))
    kw.setdefault("challenge", "job-42")
    kw.setdefault("domain", "https://employer.example")
    return verify_document(doc, VerifyOptions(**kw))


def test_composed_presentation_verifies_in_full(parts) -> None:
    composed = _compose(parts)
    result = _verify(composed.presentation)
    assert result.verified, [
        c for n in result.nested for c in n.checks if c.outcome is Outcome.FAILED
    ]
    assert result.kind == "presentation" and result.issuer == LEARNER.did
    assert result.check(CheckId.HOLDER_BINDING).outcome is Outcome.PASSED
    assert result.check(CheckId.CHALLENGE).outcome is Outcome.PASSED
    (clr,) = result.nested
    assert clr.verified and clr.issuer == LEARNER.did
    assert clr.check(CheckId.CLAIMS).outcome is Outcome.PASSED
    assert [n.verified for n in clr.nested] == [True, True]
    assert {n.format for n in clr.nested} == {"ldp_vc", "jwt_vc"}


def test_issuer_credentials_travel_unchanged(parts) -> None:
    clr = _compose(parts).clr
    carried = clr["credentialSubject"]["verifiableCredential"]
    assert carried[0] == parts["ldp"] and carried[1] == parts["jwt"]
    alone = verify_document(carried[0], VerifyOptions(now=NOW))
    assert alone.verified  # still verifiable on its own


def test_learner_evidence_is_marked_and_linked(parts) -> None:
    composed = _compose(parts)
    evidence = composed.clr["evidence"]
    reflection = next(e for e in evidence if e["genre"] == LEARNER_REFLECTION)
    assert (
        reflection["narrative"].startswith("I cleaned")
        and "learner" in reflection["description"].lower()
    )
    small = next(e for e in evidence if e["name"] == "report.pdf")
    assert small["id"].startswith("data:application/pdf;base64,")
    assert small["genre"] == LEARNER_ARTIFACT
    large = next(e for e in evidence if e["name"] == "dataset.bin")
    assert large["id"].startswith("https://share.example/f/")
    assert large["digestMultibase"] == digest_multibase(parts["large"])
    assert composed.files == {large["id"]: parts["large"]}
    associations = composed.clr["credentialSubject"]["association"]
    assert {a["targetId"] for a in associations} == {
        "https://college.example/a/data",
        "https://college.example/a/python",
    }
    result = _verify(composed.presentation)
    checks = {e.name: e for e in result.nested[0].evidence}
    assert checks["report.pdf"].outcome is Outcome.PASSED and checks["report.pdf"].learner
    assert checks["dataset.bin"].outcome is Outcome.WARNING  # offline: a link, not checked


def test_tampered_presentation(parts) -> None:
    doc = copy.deepcopy(_compose(parts).presentation)
    doc["verifiableCredential"][0]["evidence"][0]["narrative"] = "I invented data science."
    result = _verify(doc)
    assert not result.verified
    assert result.check(CheckId.PROOF).detail == "bad_signature"


def test_nested_credential_altered_or_swapped(parts) -> None:
    doc = copy.deepcopy(_compose(parts).presentation)
    nested = doc["verifiableCredential"][0]["credentialSubject"]["verifiableCredential"]
    nested[0]["name"] = "Advanced Data Science"
    altered = _verify(doc)
    assert not altered.verified
    doc = copy.deepcopy(_compose(parts).presentation)
    other = _credential("Someone else's badge", "https://college.example/a/other")
    doc["verifiableCredential"][0]["credentialSubject"]["verifiableCredential"][0] = other
    swapped = _verify(doc)
    assert not swapped.verified
    assert swapped.check(CheckId.PROOF).outcome is Outcome.FAILED


def test_replay_after_expiry(parts) -> None:
    composed = _compose(parts, expires_in=timedelta(days=1))
    late = _verify(composed.presentation, now=NOW + timedelta(days=2))
    assert not late.verified
    assert late.check(CheckId.PROOF).detail == "proof_expired"


@pytest.mark.parametrize(
    ("challenge", "domain", "detail"),
    [
        ("job-99", "https://employer.example", "challenge_mismatch"),
        ("job-42", "https://other.example", "domain_mismatch"),
    ],
)
def test_wrong_challenge_or_domain(parts, challenge, domain, detail) -> None:
    result = _verify(_compose(parts).presentation, challenge=challenge, domain=domain)
    assert not result.verified and result.check(CheckId.CHALLENGE).detail == detail


def test_learner_claims_without_backing_are_flagged(parts) -> None:
    clr = copy.deepcopy(_compose(parts).clr)
    clr = {k: v for k, v in clr.items() if k != "proof"}
    clr["credentialSubject"]["achievement"].append(
        {
            "id": "https://harvard.example/phd",
            "type": ["Achievement"],
            "name": "PhD in Physics",
            "description": "Doctorate.",
            "criteria": {"narrative": "Thesis."},
        }
    )
    signed = di.sign(clr, LEARNER.signer())
    result = verify_document(signed, VerifyOptions(now=NOW))
    assert result.check(CheckId.CLAIMS).outcome is Outcome.WARNING
    assert result.unsupported_claims == ("PhD in Physics",)


def test_evidence_digest_mismatch_fails(parts) -> None:
    clr = copy.deepcopy(_compose(parts).clr)
    clr = {k: v for k, v in clr.items() if k != "proof"}
    entry = next(e for e in clr["evidence"] if e["name"] == "report.pdf")
    entry["digestMultibase"] = digest_multibase(b"something else")
    result = verify_document(di.sign(clr, LEARNER.signer()), VerifyOptions(now=NOW))
    assert result.check(CheckId.EVIDENCE).outcome is Outcome.FAILED
    assert not result.verified


def test_ten_credentials_of_the_same_badge_still_canonicalize(parts) -> None:
    """Look-alike credentials make RDFC work harder; they must still be composed and
    verified (the work bound is for hostile input, not for this)."""
    same = [
        CredentialInput(f"c{i}", _credential("Data Analysis", "https://college.example/a/data"))
        for i in range(4)
    ]
    composed = compose(same, holder=LEARNER.signer(), holder_did=LEARNER.did, now=NOW)
    assert verify_document(composed.presentation, VerifyOptions(now=NOW)).verified
    assert json.dumps(composed.presentation)
