"""Presentations made by the wallet verify with a verifier that is not ours: Digital Bazaar's
JavaScript VC stack (@digitalbazaar/vc, data-integrity, eddsa-rdfc-2022-cryptosuite), run with
Node.js, offline (the wallet's bundled contexts; did:key resolved locally)."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path

import pytest
from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.presenting.present import ArtifactInput, CredentialInput, ReflectionInput, compose
from wallet.proofs import dataintegrity as di

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def node_verifier(node_modules: Path) -> Path:
    return node_modules / "verify.mjs"


def _run(script: Path, doc: dict, tmp_path: Path, challenge: str, domain: str) -> dict:
    path = tmp_path / "vp.json"
    path.write_text(json.dumps(doc))
    proc = subprocess.run(
        ["node", str(script), str(path), challenge, domain], capture_output=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return json.loads(proc.stdout)


def test_our_presentation_verifies_with_digital_bazaar(node_verifier, tmp_path) -> None:
    issuer, learner = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    credentials = []
    for i, name in enumerate(["Data Analysis", "Teamwork", "Python"]):
        doc = badge(issuer, name=name)
        doc["credentialSubject"]["id"] = learner.did
        doc["credentialSubject"]["achievement"]["id"] = f"https://college.example/a/{i}"
        credentials.append(CredentialInput(f"c{i}", di.sign(doc, issuer.signer())))
    composed = compose(
        credentials,
        holder=learner.signer(),
        holder_did=learner.did,
        reflections=[ReflectionInput("r", "Growth", "I grew ✓\u0007", ("c0",))],
        artifacts=[ArtifactInput("a", "report.pdf", "application/pdf", b"%PDF-1.7", None, ("c1",))],
        challenge="job-42",
        domain="https://employer.example",
    )
    verdict = _run(
        node_verifier, composed.presentation, tmp_path, "job-42", "https://employer.example"
    )
    assert verdict == {
        "presentation": True,
        "credentials": [True],
        "clr": True,
        "nested": [True, True, True],
        "verified": True,
        "error": None,
    }

    tampered = copy.deepcopy(composed.presentation)
    tampered["verifiableCredential"][0]["evidence"][0]["narrative"] = "I invented it all."
    bad = _run(node_verifier, tampered, tmp_path, "job-42", "https://employer.example")
    assert bad["verified"] is False and bad["clr"] is False
    wrong = _run(
        node_verifier, composed.presentation, tmp_path, "job-99", "https://employer.example"
    )
    assert wrong["presentation"] is False


def test_the_learners_identity_verifies_with_digital_bazaar(node_verifier, tmp_path) -> None:
    """The learner as they give themself (issuer Profile with name, headline, photo, links,
    email; ClrSubject identifiers) canonicalizes the same in both implementations."""
    from wallet.presenting.identity import LearnerIdentity

    issuer, learner = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    doc = badge(issuer, name="Data Analysis")
    doc["credentialSubject"]["id"] = learner.did
    identity = LearnerIdentity(
        name="박지민 (Jimin Park)",
        headline="데이터 분석가",
        photo="data:image/png;base64,iVBORw0KGgo=",
        links=("https://portfolio.example/jimin", "https://www.linkedin.com/in/jimin"),
        email="jimin@example.edu",
        student_id="RCC-2291",
    )
    composed = compose(
        [CredentialInput("c0", di.sign(doc, issuer.signer()))],
        holder=learner.signer(),
        holder_did=learner.did,
        learner=identity,
        challenge="job-7",
        domain="https://employer.example",
    )
    verdict = _run(
        node_verifier, composed.presentation, tmp_path, "job-7", "https://employer.example"
    )
    assert verdict["verified"] is True and verdict["clr"] is True, verdict
    renamed = copy.deepcopy(composed.presentation)
    renamed["verifiableCredential"][0]["issuer"]["name"] = "Someone Else"
    assert (
        _run(node_verifier, renamed, tmp_path, "job-7", "https://employer.example")["clr"] is False
    )
