"""Every step of the published vectors, byte for byte.

* W3C vc-di-eddsa (``tests/vectors/w3c-vc-di-eddsa``): eddsa-rdfc-2022 and Ed25519Signature2020.
* 1EdTech OB 3.0 and CLR 2.0 (``tests/vectors/1edtech-ob3``): canonical N-Quads, hashes,
  signatures, and the signed examples verify.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from vectorpages import json_example, key_hex, section_code

from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import multibase_decode, multibase_encode
from wallet.proofs import dataintegrity as di
from wallet.result import NOT_CONFIRMED, CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify_document

W3C = Path(__file__).resolve().parent.parent / "vectors" / "w3c-vc-di-eddsa"
OB = Path(__file__).resolve().parent.parent / "vectors" / "1edtech-ob3"

SUITES = {
    "eddsa-rdfc-2022": ("DataInt", "proofConfigDataInt.json", "signedDataInt.json"),
    "Ed25519Signature2020": ("EdSig", "proofConfigEdSig.json", "signedEdSig.json"),
}


def _text(path: Path) -> str:
    return path.read_text("utf-8")


def _w3c_key() -> Ed25519KeyPair:
    pair = json.loads(_text(W3C / "keyPair.json"))
    key = Ed25519KeyPair.from_multibase(pair["privateKeyMultibase"])
    assert key.public.multibase == pair["publicKeyMultibase"]
    return key


@pytest.mark.parametrize("suite", SUITES)
def test_w3c_every_step(suite: str, examples_loader) -> None:
    tag, config_file, signed_file = SUITES[suite]
    folder = W3C / suite
    signed = json.loads(_text(folder / signed_file))
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    config = json.loads(_text(folder / config_file))

    canonical_doc = di.transform(unsecured, examples_loader)
    assert canonical_doc == _text(folder / f"canonDoc{tag}.txt")
    doc_hash = hashlib.sha256(canonical_doc.encode()).hexdigest()
    assert doc_hash == _text(folder / f"docHash{tag}.txt").strip()

    canonical_proof = di.configure(config, config["@context"], examples_loader)
    assert canonical_proof == _text(folder / f"proofCanon{tag}.txt")
    proof_hash = hashlib.sha256(canonical_proof.encode()).hexdigest()
    assert proof_hash == _text(folder / f"proofHash{tag}.txt").strip()

    combined = di.hash_data(canonical_proof, canonical_doc)
    assert combined.hex() == _text(folder / f"combinedHash{tag}.txt").strip()

    signature = _w3c_key().sign(combined)
    assert signature.hex() == _text(folder / f"sigHex{tag}.txt").strip()
    assert multibase_encode(signature) == _text(folder / f"sigBTC58{tag}.txt").strip()
    assert signed["proof"]["proofValue"] == multibase_encode(signature)

    check = di.verify_proof(signed, signed["proof"], loader=examples_loader)
    assert check.valid and check.supported, check.reason


def test_w3c_signing_reproduces_the_signed_document(examples_loader) -> None:
    unsigned = json.loads(_text(W3C / "unsigned.json"))
    before = json.loads(_text(W3C / "unsigned.json"))
    signed = di.sign(
        unsigned, _w3c_key().signer(), created="2023-02-24T23:36:38Z", loader=examples_loader
    )
    assert signed == json.loads(_text(W3C / "eddsa-rdfc-2022" / "signedDataInt.json"))
    assert unsigned == before  # the input is never mutated


@pytest.mark.parametrize(("page", "folder"), [("ob", "obv3p0"), ("clr", "clrv2p0")])
def test_1edtech_every_step(page: str, folder: str) -> None:
    credential = json_example(page, "Credential")
    signed = json_example(page, "Signed credential")
    proof = signed["proof"] if isinstance(signed["proof"], dict) else signed["proof"][0]
    options = {k: v for k, v in proof.items() if k != "proofValue"}

    canonical_doc = di.transform(credential)
    assert canonical_doc == _text(OB / folder / "document-canon.txt")
    assert hashlib.sha256(canonical_doc.encode()).hexdigest() == section_code(page, "document-hash")
    canonical_proof = di.configure(options, credential["@context"])
    assert canonical_proof == _text(OB / folder / "proof-canon.txt")
    assert hashlib.sha256(canonical_proof.encode()).hexdigest() == section_code(page, "proof-hash")
    combined = di.hash_data(canonical_proof, canonical_doc)
    assert combined.hex() == section_code(page, "data")

    key = Ed25519KeyPair.from_seed(bytes.fromhex(key_hex(page, "Private"))[:32])
    assert key.public.raw.hex() == key_hex(page, "Public")
    signature = key.sign(combined)
    assert signature.hex() == section_code(page, "signature")
    assert multibase_encode(signature) == section_code(page, "proof-value")
    assert multibase_decode(proof["proofValue"]) == signature

    # Signing the input ourselves gives exactly the published signed credential.
    ours = di.sign(
        credential, key.signer(options["verificationMethod"]), created=options["created"]
    )
    assert ours["proof"]["proofValue"] == proof["proofValue"]


@pytest.mark.parametrize("page", ["ob", "clr"])
def test_1edtech_signed_examples_verify_offline(page: str) -> None:
    signed = json_example(page, "Signed credential")
    result = verify_document(signed, VerifyOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))
    proof = result.check(CheckId.PROOF)
    assert proof is not None and proof.outcome is Outcome.PASSED, result.checks
    # The key comes from the verification method URL itself: authentic, but offline nothing
    # confirms that the key is the issuer's — "issuer not confirmed", never a plain pass.
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding is not None and binding.outcome is Outcome.WARNING
    assert binding.detail == NOT_CONFIRMED
    assert not result.failures, result.failures
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED and not result.verified


@pytest.mark.parametrize("page", ["ob", "clr"])
def test_1edtech_signed_examples_fail_when_tampered(page: str) -> None:
    signed = json_example(page, "Signed credential")
    signed["issuer"]["name"] = signed["issuer"]["name"] + "."
    result = verify_document(signed, VerifyOptions(now=datetime(2026, 1, 1, tzinfo=UTC)))
    assert not result.verified
    assert result.check(CheckId.PROOF).detail == "bad_signature"
