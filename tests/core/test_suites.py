"""The cryptosuites beyond eddsa-rdfc-2022: round trips through the wallet's own verifier, the
eddsa-jcs-2022 vectors, JCS against RFC 8785's examples, keys and verification methods, and each
way a proof is refused with a named reason."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cbor2
import pytest
from factories import badge

from wallet.crypto.did import resolve_verification_method
from wallet.crypto.keys import EcKeyPair, EcPublicKey, Ed25519KeyPair, public_key_from_did_key
from wallet.crypto.multiformats import b58encode, b64url_encode, multibase_encode
from wallet.errors import (
    DidResolutionError,
    JcsError,
    KeyFormatError,
    KeyTypeError,
    MalformedProofError,
    SelectionError,
    SigningError,
)
from wallet.fetch import FetchResponse
from wallet.ld import jcs
from wallet.proofs import dataintegrity as di
from wallet.proofs import ecdsa_sd_2023 as sd
from wallet.proofs import eddsa_jcs_2022, registry
from wallet.result import CheckId, Outcome
from wallet.verification.verify import VerifyOptions, verify_document

NOW = datetime(2025, 6, 1, tzinfo=UTC)
OPTS = VerifyOptions(now=NOW)
EDDSA = Path(__file__).resolve().parent.parent / "vectors" / "w3c-vc-di-eddsa"
P256, P384, ED = EcKeyPair.generate("P-256"), EcKeyPair.generate("P-384"), Ed25519KeyPair.generate()
GRADE = {"type": ["Result"], "value": "A", "resultDescription": "urn:uuid:grade"}


def _graded(key: Any) -> dict[str, Any]:
    doc = badge(key)
    doc["credentialSubject"]["result"] = [GRADE]
    return doc


MANDATORY = ["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"]


def _sd_base(key: EcKeyPair = P256, mandatory: list[str] = MANDATORY) -> dict[str, Any]:
    return di.sign(
        _graded(key),
        key.signer(),
        cryptosuite=sd.NAME,
        mandatory_pointers=mandatory,
        created="2024-01-01T00:00:00Z",
    )


# --- eddsa-jcs-2022 vectors and JCS ----------------------------------------------------------


def test_eddsa_jcs_2022_every_step() -> None:
    d = EDDSA / "eddsa-jcs-2022"
    pair = json.loads((EDDSA / "keyPair.json").read_text())
    key = Ed25519KeyPair.from_multibase(pair["privateKeyMultibase"])
    signed = json.loads((d / "signedJCS.json").read_text())
    config = json.loads((d / "proofConfigJCS.json").read_text())
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    assert unsecured == json.loads((EDDSA / "unsigned.json").read_text())
    canonical_doc = eddsa_jcs_2022.transform(unsecured, config)
    assert canonical_doc.decode() == (d / "canonDocJCS.txt").read_text().strip()
    canonical_proof = eddsa_jcs_2022.configure(config)
    assert canonical_proof.decode() == (d / "proofCanonJCS.txt").read_text().strip()
    import hashlib

    assert hashlib.sha256(canonical_doc).hexdigest() == (d / "docHashJCS.txt").read_text().strip()
    assert (
        hashlib.sha256(canonical_proof).hexdigest() == (d / "proofHashJCS.txt").read_text().strip()
    )
    combined = di.hash_data(canonical_proof, canonical_doc)
    assert combined.hex() == (d / "combinedHashJCS.txt").read_text().strip()
    assert key.sign(combined).hex() == (d / "sigHexJCS.txt").read_text().strip()
    assert multibase_encode(key.sign(combined)) == (d / "sigBTC58JCS.txt").read_text().strip()
    assert di.verify_proof(signed, signed["proof"]).valid
    ours = di.sign(
        unsecured,
        key.signer(config["verificationMethod"]),
        cryptosuite="eddsa-jcs-2022",
        created=config["created"],
    )
    assert ours == signed


def test_jcs_follows_rfc_8785() -> None:
    # RFC 8785 §3.2.3 (sorting and string escapes) and Appendix B (numbers, as ECMAScript).
    assert (
        jcs.canonicalize(
            {
                "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 1e-27],
                "string": '\u20ac$\u000f\nA\'B"\\\\"/',
                "literals": [None, True, False],
            }
        )
        == (
            '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
            '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
        ).encode()
    )
    assert (
        jcs.canonicalize(
            {"\u20ac": 1, "\r": 2, "\ufb33": 3, "1": 4, "\U0001f600": 5, "\u0080": 6, "\u00f6": 7}
        )
        == ('{"\\r":2,"1":4,"\u0080":6,"ö":7,"€":1,"\U0001f600":5,"\ufb33":3}').encode()
    )
    for number, text in [
        (0.0, "0"),
        (-0.0, "0"),
        (5e-324, "5e-324"),
        (9007199254740991.0, "9007199254740991"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
    ]:
        assert jcs.canonicalize(number) == text.encode()
    for bad in (float("nan"), 2**60, {1: "non-string key"}):
        with pytest.raises(JcsError):
            jcs.canonicalize(bad)


# --- round trips through the wallet's verifier -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "suite"),
    [
        (P256, "ecdsa-rdfc-2019"),
        (P384, "ecdsa-rdfc-2019"),
        (P256, "ecdsa-jcs-2019"),
        (P384, "ecdsa-jcs-2019"),
        (ED, "eddsa-jcs-2022"),
        (ED, "eddsa-rdfc-2022"),
    ],
)
def test_sign_verify_and_tamper(key: Any, suite: str) -> None:
    doc = badge(key)
    before = copy.deepcopy(doc)
    signed = di.sign(doc, key.signer(), cryptosuite=suite)
    assert doc == before and signed["proof"]["cryptosuite"] == suite
    result = verify_document(signed, OPTS)
    assert result.verified, result.failures
    binding = result.check(CheckId.ISSUER_BINDING)  # did:key issuers, P-256 and P-384 too
    assert binding.outcome is Outcome.PASSED, binding.message
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    bad = verify_document(tampered, OPTS)
    assert not bad.verified and bad.check(CheckId.PROOF).detail == "bad_signature"


def test_default_suite_follows_the_key() -> None:
    assert di.sign(badge(P384), P384.signer())["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    assert di.sign(badge(ED), ED.signer())["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert set(registry.CRYPTOSUITES) == {
        "eddsa-rdfc-2022",
        "eddsa-2022",
        "eddsa-jcs-2022",
        "ecdsa-rdfc-2019",
        "ecdsa-jcs-2019",
        "ecdsa-sd-2023",
    }
    assert registry.cryptosuite("Ed25519Signature2020") is not None


def _with_method(signed: dict[str, Any], vm: str) -> dict[str, Any]:
    other = copy.deepcopy(signed)
    other["proof"]["verificationMethod"] = vm
    return other


@pytest.mark.parametrize("suite", ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"])
def test_a_key_of_another_type_or_curve_is_named(suite: str) -> None:
    signed = di.sign(badge(P384), P384.signer(), cryptosuite=suite)
    for vm, words in [(ED.key_id, "Ed25519 key"), (P256.key_id, "P-384")]:
        check = di.verify_proof(
            _with_method(signed, vm), signed["proof"] | {"verificationMethod": vm}
        )
        assert not check.valid and check.code == "wrong_key_type", check.reason
        assert words in check.reason
    eddsa = di.sign(badge(ED), ED.signer())
    check = di.verify_proof(eddsa, eddsa["proof"] | {"verificationMethod": P256.key_id})
    assert check.code == "wrong_key_type" and "P-256" in check.reason
    with pytest.raises(SigningError, match="P-256 or P-384"):
        di.sign(badge(ED), ED.signer(), cryptosuite=suite)
    with pytest.raises(SigningError, match="Ed25519"):
        di.sign(badge(P256), P256.signer(), cryptosuite="eddsa-rdfc-2022")


def test_malformed_ecdsa_proof_values() -> None:
    signed = di.sign(badge(P256), P256.signer())
    for value in ("u" + "A" * 86, "z" + b58encode(bytes(63)), 42):
        check = di.verify_proof(signed, signed["proof"] | {"proofValue": value})
        assert check.code == "malformed_proof", check.reason


# --- keys and verification methods -----------------------------------------------------------


def test_ec_keys_and_did_key() -> None:
    for key in (P256, P384):
        resolution = resolve_verification_method(key.key_id)
        assert resolution.confirmed and resolution.method.ecdsa == key.public
        assert resolution.method.public_key == key.public and resolution.method.ed25519 is None
        assert resolution.method.jwk == key.public.to_jwk()
        assert EcKeyPair.from_multibase(key.secret_multibase).public == key.public
    with pytest.raises(KeyFormatError):  # an uncompressed point is not a Multikey
        EcPublicKey.from_multibase("z" + b58encode(b"\x80\x24\x04" + bytes(64)))
    with pytest.raises(KeyFormatError):  # not on the curve
        EcPublicKey.from_multibase("z" + b58encode(b"\x80\x24\x02" + b"\xff" * 32))
    with pytest.raises(KeyFormatError):
        public_key_from_did_key("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")
    with pytest.raises(DidResolutionError):
        resolve_verification_method(f"{P256.did}#{P384.public.multibase}")


class _Documents:
    """A fetcher that serves fixed JSON documents (no network)."""

    def __init__(self, documents: Mapping[str, Any]) -> None:
        self.documents = documents

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        return FetchResponse(url, 200, "application/json", json.dumps(self.documents[url]).encode())


@pytest.mark.parametrize("key", [P256, P384, ED])
@pytest.mark.parametrize("vm_type", ["JsonWebKey", "JsonWebKey2020"])
def test_json_web_key_verification_methods(key: Any, vm_type: str) -> None:
    did = "did:web:issuer.example"
    vm_id = f"{did}#key-1"
    fetcher = _Documents(
        {
            "https://issuer.example/.well-known/did.json": {
                "id": did,
                "verificationMethod": [
                    {
                        "id": vm_id,
                        "type": vm_type,
                        "controller": did,
                        "publicKeyJwk": key.public.to_jwk(),
                    }
                ],
                "assertionMethod": [vm_id],
            }
        }
    )
    resolution = resolve_verification_method(vm_id, fetcher=fetcher, purpose="assertionMethod")
    assert resolution.method.public_key == key.public and resolution.method.type == vm_type
    doc = badge(key) | {"issuer": {"id": did, "type": ["Profile"], "name": "Issuer"}}
    signed = di.sign(doc, key.signer(vm_id))
    result = verify_document(signed, VerifyOptions(now=NOW, fetcher=fetcher, check_status=False))
    assert result.verified, result.failures
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.PASSED


# --- ecdsa-sd-2023 -----------------------------------------------------------------------------


def test_sd_derive_hides_the_grade_and_verifies() -> None:
    base = _sd_base()
    before = copy.deepcopy(base)
    assert sd.verify_base_proof(base).valid
    assert verify_document(base, VerifyOptions(now=NOW, holder=True)).verified
    as_verifier = verify_document(base, OPTS)
    assert not as_verifier.verified and as_verifier.check(CheckId.PROOF).detail == "base_proof"

    derived = sd.derive(base, ["/credentialSubject/id", "/description"])
    assert base == before
    assert "result" not in derived["credentialSubject"] and derived["description"]
    assert derived["credentialSubject"]["achievement"] == base["credentialSubject"]["achievement"]
    result = verify_document(derived, OPTS)
    assert result.verified, result.failures
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.PASSED
    assert result.check(CheckId.PROOF).message == "ecdsa-sd-2023 derived proof verified"
    assert verify_document(sd.derive(base, ["/credentialSubject/result"]), OPTS).verified
    assert verify_document(derived, VerifyOptions(now=NOW, holder=True)).verified


def test_sd_tampered_extra_missing_and_reordered_are_refused() -> None:
    derived = sd.derive(_sd_base(), ["/credentialSubject/id", "/description"])

    def code(doc: dict[str, Any]) -> str | None:
        return di.verify_proof(doc, doc["proof"]).code

    changed = copy.deepcopy(derived)
    changed["description"] = "Changed."
    assert code(changed) == "bad_signature"
    mandatory = copy.deepcopy(derived)
    mandatory["credentialSubject"]["achievement"]["name"] = "Leadership"
    assert code(mandatory) == "bad_signature"
    extra = copy.deepcopy(derived)
    extra["credentialSubject"]["result"] = [GRADE]  # statements the holder did not disclose
    assert code(extra) == "disclosure_mismatch"
    extra = copy.deepcopy(derived)
    extra["awardedDate"] = "2024-01-02T00:00:00Z"  # one more, on a node already disclosed
    assert code(extra) == "disclosure_mismatch"
    fewer = copy.deepcopy(derived)
    del fewer["description"]
    assert code(fewer) == "disclosure_mismatch"
    graded = sd.derive(_sd_base(), ["/description", "/credentialSubject/result"])
    value = sd.parse_derived_proof_value(graded["proof"]["proofValue"])
    assert len(value.signatures) == 5  # description, result, its type, value and description
    swapped = sd.DerivedProofValue(
        value.base_signature,
        value.public_key,
        value.signatures[::-1],
        value.label_map,
        value.mandatory_indexes,
    )
    reordered = copy.deepcopy(graded)
    reordered["proof"]["proofValue"] = sd.serialize_derived_proof_value(swapped)
    check = di.verify_proof(reordered, reordered["proof"])
    assert check.code == "bad_signature" and "statement 1 of 5" in check.reason
    out_of_range = sd.DerivedProofValue(
        value.base_signature,
        value.public_key,
        value.signatures,
        value.label_map,
        (*value.mandatory_indexes, 99),
    )
    reordered["proof"]["proofValue"] = sd.serialize_derived_proof_value(out_of_range)
    assert code(reordered) == "disclosure_mismatch"
    for junk in ("u2V0B", "zabc", "u" + "A" * 10):
        assert (
            code(derived | {"proof": derived["proof"] | {"proofValue": junk}}) == "malformed_proof"
        )


def test_sd_bad_input_is_named() -> None:
    with pytest.raises(SelectionError, match="does not match"):
        _sd_base(mandatory=["/issuer", "/credentialSubject/nowhere"])
    with pytest.raises(SelectionError, match="not a JSON pointer"):
        _sd_base(mandatory=["issuer"])
    base = _sd_base()
    with pytest.raises(SelectionError, match="does not match"):
        sd.derive(base, ["/credentialSubject/result/7"])
    stale = copy.deepcopy(base)  # the holder's copy no longer has what the issuer made mandatory
    del stale["validFrom"]
    with pytest.raises(SelectionError):
        sd.derive(stale, [])
    assert sd.verify_base_proof(stale).code == "bad_pointer"
    with pytest.raises(SigningError, match="P-256"):
        _sd_base(P384)
    with pytest.raises(SigningError, match="P-256"):
        di.sign(badge(ED), ED.signer(), cryptosuite=sd.NAME, mandatory_pointers=["/issuer"])
    with pytest.raises(sd.ProofError, match="no ecdsa-sd-2023 base proof"):
        sd.derive(di.sign(badge(P256), P256.signer()), [])
    derived = sd.derive(base, [])
    for key, words in [(P384, "P-256 keys"), (ED, "Ed25519")]:
        check = di.verify_proof(derived, derived["proof"] | {"verificationMethod": key.key_id})
        assert check.code == "wrong_key_type" and words in check.reason, check.reason
    value = sd.parse_derived_proof_value(derived["proof"]["proofValue"])
    p384_sized = "u" + b64url_encode(
        sd.DERIVED_HEADER + cbor2.dumps([bytes(96), value.public_key, [], {}, []])
    )
    with pytest.raises(KeyTypeError, match="P-384"):
        sd.parse_derived_proof_value(p384_sized)
    with pytest.raises(MalformedProofError):
        sd.parse_base_proof_value(derived["proof"]["proofValue"])
