"""Proof chains both ways between the wallet and Digital Bazaar's JavaScript libraries
(jsonld-signatures, @digitalbazaar/data-integrity, eddsa-rdfc-2022-cryptosuite), run with
Node.js, offline (``chain.mjs``: the wallet's bundled contexts, did:key resolved locally).

Their data-integrity library (2.5.0, the newest) does not read ``previousProof``: it verifies
a proof set when one proof does, each over the document alone — so a chained credential
verifies there as a set, through its first proof, and the countersignature does not. With the
one step VC Data Integrity §4.5 adds (``chain.mjs``'s ``ChainedProof``: the named proofs go
into the document verified, over their canonicalization and signatures), every proof of the
wallet's chains verifies there, and the chains their libraries make verify in the wallet; a
tampered chain fails on both sides.
"""

from __future__ import annotations

import copy
import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Verdict
from wallet.verification.verify import VerifyOptions, verify_document
from wallet.vocab import DATA_INTEGRITY_CONTEXT, VC1_CONTEXT

A, B = "urn:uuid:issuer-proof", "urn:uuid:registrar-proof"
OPTS = VerifyOptions(now=datetime(2025, 6, 1, tzinfo=UTC))
ISSUER = Ed25519KeyPair.from_seed(b"\x21" * 32)
REGISTRAR = Ed25519KeyPair.from_seed(b"\x22" * 32)


class Node:
    def __init__(self, folder: Path, tmp: Path) -> None:
        self.script, self.tmp = folder / "chain.mjs", tmp

    def __call__(self, command: str, **request: Any) -> dict[str, Any]:
        path = self.tmp / f"{command}.json"
        path.write_text(json.dumps(request))
        proc = subprocess.run(
            ["node", str(self.script), command, str(path)], capture_output=True, timeout=120
        )
        assert proc.returncode == 0, proc.stderr.decode()[-2000:]
        return json.loads(proc.stdout)


@pytest.fixture
def node(node_modules: Path, tmp_path: Path) -> Node:
    return Node(node_modules, tmp_path)


def _by_id(answer: dict[str, Any]) -> dict[str, bool]:
    """Each proof's outcome by its id (their results come in no fixed order)."""
    return {p["id"]: p["verified"] for p in answer["proofs"]}


def _key(key: Ed25519KeyPair) -> dict[str, str]:
    return {"publicKeyMultibase": key.public.multibase, "secretKeyMultibase": key.secret_multibase}


def _ours() -> dict[str, Any]:
    signed = di.sign(badge(ISSUER), ISSUER.signer(), proof_id=A)
    return di.sign(signed, REGISTRAR.signer(), proof_id=B, previous_proof=A)


def test_our_chain_verifies_with_digital_bazaar(node: Node) -> None:
    answer = node("verify", document=_ours())
    # As a plain set (their library as it is): the issuer's proof carries it.
    assert answer["plain"]["verified"] is True
    assert _by_id(answer["plain"]) == {A: True, B: False}
    # With §4.5's step: every proof of the chain verifies.
    assert answer["chained"]["verified"] is True
    assert _by_id(answer["chained"]) == {A: True, B: True}


def test_their_chain_verifies_in_the_wallet(node: Node) -> None:
    theirs = node(
        "sign", document=badge(ISSUER), issuer=_key(ISSUER), registrar=_key(REGISTRAR), ids=[A, B]
    )["document"]
    assert [p.get("previousProof") for p in theirs["proof"]] == [None, A]
    result = verify_document(theirs, OPTS)
    assert result.verdict is Verdict.VERIFIED, result.checks
    assert result.check(CheckId.PROOF).message.startswith("the proof chain verified")
    # Both sides agree it is the same chain: ours, made over the same document, verifies there.
    assert node("verify", document=theirs)["chained"]["verified"] is True


def test_a_tampered_chain_fails_on_both_sides(node: Node) -> None:
    doc = _ours()
    tampered = copy.deepcopy(doc)
    tampered["proof"][0]["created"] = "2020-01-01T00:00:00Z"  # the proof B secures
    assert verify_document(tampered, OPTS).check(CheckId.PROOF).detail == "broken_chain"
    assert _by_id(node("verify", document=tampered)["chained"]) == {A: False, B: False}
    swapped = copy.deepcopy(doc)
    swapped["proof"][1]["previousProof"] = "urn:uuid:elsewhere"
    assert verify_document(swapped, OPTS).verdict is Verdict.NOT_VERIFIED
    assert _by_id(node("verify", document=swapped)["chained"]) == {A: True, B: False}


def test_a_vc11_credential_with_the_injected_context_verifies_there(node: Node) -> None:
    """Context injection (VC Data Integrity §2.4.2) as their libraries do it: the same
    context appended, so the same proof verifies on both sides."""
    doc = {
        "@context": [VC1_CONTEXT],
        "id": "urn:uuid:0e4c0c6e-4b49-4d1e-9c59-9a6a2f61b6c2",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER.did,
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    signed = di.sign(doc, ISSUER.signer(), proof_id=A)
    assert signed["@context"] == [VC1_CONTEXT, DATA_INTEGRITY_CONTEXT]
    answer = node("verify", document=signed)
    assert answer["plain"]["verified"] is True and _by_id(answer["plain"]) == {A: True}
