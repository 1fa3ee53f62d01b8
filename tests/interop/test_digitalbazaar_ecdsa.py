"""ECDSA proofs both ways between the wallet and Digital Bazaar's JavaScript libraries
(@digitalbazaar/ecdsa-rdfc-2019-cryptosuite, ecdsa-sd-2023-cryptosuite, ecdsa-jcs-2019 and
eddsa-jcs-2022 cryptosuites, ecdsa-multikey), run with Node.js, offline (``ecdsa.mjs``: the
wallet's bundled contexts, did:key resolved locally).

What their libraries sign verifies in the wallet; what the wallet signs and derives verifies in
theirs; a tampered credential fails on both sides.
"""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factories import badge

from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.proofs import ecdsa_sd_2023 as sd
from wallet.result import CheckId
from wallet.verification.verify import VerifyOptions, verify_document

MANDATORY = ["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"]
GRADE = {"type": ["Result"], "value": "A", "resultDescription": "urn:uuid:grade"}


class Node:
    def __init__(self, folder: Path, tmp: Path) -> None:
        self.script, self.tmp = folder / "ecdsa.mjs", tmp

    def __call__(self, command: str, **request: Any) -> dict[str, Any]:
        path = self.tmp / f"{command}.json"
        path.write_text(json.dumps(request))
        proc = subprocess.run(
            ["node", str(self.script), command, str(path)], capture_output=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        return json.loads(proc.stdout)

    def sign(
        self, document: dict[str, Any], key: EcKeyPair, suite: str, **extra: Any
    ) -> dict[str, Any]:
        secret = {
            "publicKeyMultibase": key.public.multibase,
            "secretKeyMultibase": key.secret_multibase,
        }
        return self("sign", document=document, suite=suite, key=secret, **extra)["document"]

    def verified(self, document: dict[str, Any]) -> bool:
        answer = self("verify", document=document)
        return answer["verified"] is True


@pytest.fixture
def node(node_modules: Path, tmp_path: Path) -> Node:
    return Node(node_modules, tmp_path)


@pytest.fixture(scope="module")
def issuer() -> EcKeyPair:
    return EcKeyPair.generate("P-256")


def _graded(key: Any) -> dict[str, Any]:
    doc = badge(key)
    doc["credentialSubject"]["result"] = [GRADE]
    return doc


def _ours(doc: dict[str, Any], **options: Any) -> Any:
    return verify_document(doc, VerifyOptions(**options))


def _tampered(doc: dict[str, Any]) -> dict[str, Any]:
    bad = copy.deepcopy(doc)
    bad["credentialSubject"]["achievement"]["name"] = "Leadership"
    return bad


def test_their_ecdsa_rdfc_2019_verifies_in_the_wallet(node: Node, issuer: EcKeyPair) -> None:
    signed = node.sign(badge(issuer), issuer, "ecdsa-rdfc-2019")
    assert signed["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    result = _ours(signed)
    assert result.verified, result.failures
    assert result.check(CheckId.ISSUER_BINDING).detail is None  # passed: did:key P-256
    bad = _tampered(signed)
    assert _ours(bad).check(CheckId.PROOF).detail == "bad_signature"
    assert not node.verified(bad)


@pytest.mark.parametrize(
    ("curve", "suite"),
    [
        ("P-256", "ecdsa-rdfc-2019"),
        ("P-384", "ecdsa-rdfc-2019"),
        ("P-256", "ecdsa-jcs-2019"),
        ("P-384", "ecdsa-jcs-2019"),
        ("Ed25519", "eddsa-jcs-2022"),
    ],
)
def test_ours_verify_in_theirs(node: Node, curve: str, suite: str) -> None:
    key = Ed25519KeyPair.generate() if curve == "Ed25519" else EcKeyPair.generate(curve)
    signed = di.sign(badge(key), key.signer(), cryptosuite=suite)
    assert node.verified(signed)
    assert not node.verified(_tampered(signed))


def test_their_sd_base_and_derivation_verify_in_the_wallet(node: Node, issuer: EcKeyPair) -> None:
    base = node.sign(_graded(issuer), issuer, "ecdsa-sd-2023", mandatoryPointers=MANDATORY)
    holder = sd.verify_base_proof(base)  # the wallet accepts it as the holder ...
    assert holder.valid, holder.reason
    assert _ours(base).check(CheckId.PROOF).detail == "base_proof"  # ... not as a verifier

    derived = node(
        "derive", document=base, selectivePointers=["/description", "/credentialSubject/id"]
    )["document"]
    assert "result" not in derived["credentialSubject"]
    result = _ours(derived)
    assert result.verified, result.failures
    assert sd.derive(base, ["/description", "/credentialSubject/id"]) == derived  # the same
    bad = _tampered(derived)
    assert _ours(bad).check(CheckId.PROOF).detail == "bad_signature"
    assert not node.verified(bad)


def test_our_derivation_verifies_in_theirs(node: Node, issuer: EcKeyPair) -> None:
    for base in (
        di.sign(
            _graded(issuer), issuer.signer(), cryptosuite=sd.NAME, mandatory_pointers=MANDATORY
        ),  # our base proof
        node.sign(_graded(issuer), issuer, "ecdsa-sd-2023", mandatoryPointers=MANDATORY),
    ):  # theirs
        derived = sd.derive(base, ["/description"])
        assert "result" not in derived["credentialSubject"]
        assert node.verified(derived)
        assert _ours(derived).verified
        graded = sd.derive(base, ["/credentialSubject/result"])
        assert node.verified(graded) and _ours(graded).verified
        bad = copy.deepcopy(graded)
        bad["credentialSubject"]["result"][0]["value"] = "A+"
        assert not node.verified(bad)
        assert _ours(bad).check(CheckId.PROOF).detail == "bad_signature"
        extra = copy.deepcopy(derived)
        extra["credentialSubject"]["result"] = [GRADE]
        assert not node.verified(extra)
        assert _ours(extra).check(CheckId.PROOF).detail == "disclosure_mismatch"
