"""Every step of the W3C vc-di-ecdsa vectors (``tests/vectors/w3c-vc-di-ecdsa``), byte for byte.

* ecdsa-rdfc-2019 and ecdsa-jcs-2019, P-256 and P-384, the alumni credential and (rdfc) the
  ``employ/`` employment authorization credential: canonical forms, hashes, signatures — ours
  are deterministic (RFC 6979), so they equal the vectors' — and the signed documents.
* ecdsa-sd-2023, ``employ`` and ``prc``: the base proof (transformation, hashes, the HMAC
  labels, every signature, the CBOR proof value), the derivation (skolemization, groups,
  indexes, filtered signatures, label map, the reveal document, the derived proof value) and
  the verifier's data.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from wallet.crypto.keys import EcKeyPair, EcPublicKey, public_key_from_did_key
from wallet.crypto.multiformats import b58encode, multibase_decode, multibase_encode
from wallet.ld import rdfc
from wallet.proofs import dataintegrity as di
from wallet.proofs import ecdsa_jcs_2019 as jcs
from wallet.proofs import ecdsa_sd_2023 as sd
from wallet.proofs import sd_primitives as sdp

V = Path(__file__).resolve().parent.parent / "vectors" / "w3c-vc-di-ecdsa"
SD = V / "ecdsa-sd-2023"


def _json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))


def _text(path: Path) -> str:
    return path.read_text("utf-8")


def _key(curve: str) -> EcKeyPair:
    pair = _json(V / f"p{curve}KeyPair.json")
    key = EcKeyPair.from_multibase(pair["secretKeyMultibase"])
    assert key.public.multibase == pair["publicKeyMultibase"]
    assert key.secret_multibase == pair["secretKeyMultibase"]
    return key


@pytest.mark.parametrize(("curve", "start", "size"), [("256", "zDna", 33), ("384", "z82L", 49)])
def test_key_pairs_multikey_did_key_and_jwk(curve: str, start: str, size: int) -> None:
    key = _key(curve)
    assert key.public.multibase.startswith(start) and len(key.public.compressed) == size
    assert multibase_decode(key.public.multibase)[:2] == key.public.curve.public_prefix
    assert public_key_from_did_key(key.did) == key.public
    assert EcPublicKey.from_jwk(key.public.to_jwk()) == key.public
    assert "secret" not in repr(key) and key.secret_multibase not in repr(key.signer())


RDFC = [
    ("ecdsa-rdfc-2019-p256", "ECDSAP256", "256"),
    ("ecdsa-rdfc-2019-p384", "ECDSAP384", "384"),
    ("ecdsa-rdfc-2019-p256/employ", "ECDSAP256", "256"),
    ("ecdsa-rdfc-2019-p384/employ", "ECDSAP384", "384"),
]


@pytest.mark.parametrize(("folder", "tag", "curve"), RDFC)
def test_rdfc_every_step(folder: str, tag: str, curve: str, ecdsa_vectors_loader) -> None:
    d, h = V / folder, f"sha{curve}"
    loader = ecdsa_vectors_loader
    signed = _json(d / f"signed{tag}.json")
    config = _json(d / f"proofConfig{tag}.json")
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    source = V / ("employmentAuth.json" if "employ" in folder else "unsigned.json")
    assert unsecured == _json(source)

    canonical_doc = di.transform(unsecured, loader, h)  # P-384: SHA-384 inside RDFC-1.0 too
    assert canonical_doc == _text(d / f"canonDoc{tag}.txt")
    assert (
        hashlib.new(h, canonical_doc.encode()).hexdigest() == _text(d / f"docHash{tag}.txt").strip()
    )
    canonical_proof = di.configure(config, config["@context"], loader, h)
    assert canonical_proof == _text(d / f"proofCanon{tag}.txt")
    assert (
        hashlib.new(h, canonical_proof.encode()).hexdigest()
        == _text(d / f"proofHash{tag}.txt").strip()
    )
    combined = di.hash_data(canonical_proof, canonical_doc, h)
    assert combined.hex() == _text(d / f"combinedHash{tag}.txt").strip()

    key = _key(curve)
    signature = key.sign(combined)  # deterministic: the vector's own signature
    assert signature.hex() == _text(d / f"sigHex{tag}.txt").strip()
    assert multibase_encode(signature) == _text(d / f"sigBTC58{tag}.txt").strip()
    assert key.public.verify(bytes.fromhex(_text(d / f"sigHex{tag}.txt").strip()), combined)

    check = di.verify_proof(signed, signed["proof"], loader=loader)
    assert check.valid and check.reason == "ecdsa-rdfc-2019 signature verified", check.reason
    before = copy.deepcopy(unsecured)
    ours = di.sign(
        unsecured,
        key.signer(config["verificationMethod"]),
        created=config["created"],
        loader=loader,
    )
    assert ours == signed and unsecured == before


JCS = [
    ("ecdsa-jcs-2019-p256", "JCSECDSAP256", "256"),
    ("ecdsa-jcs-2019-p384", "JCSECDSAP384", "384"),
]


@pytest.mark.parametrize(("folder", "tag", "curve"), JCS)
def test_jcs_every_step(folder: str, tag: str, curve: str) -> None:
    d, h = V / folder, f"sha{curve}"
    signed = _json(d / f"signed{tag}.json")
    config = _json(d / f"proofConfig{tag}.json")
    unsecured = {k: v for k, v in signed.items() if k != "proof"}
    assert unsecured == _json(V / "unsigned.json")

    canonical_doc = jcs.transform(unsecured, config)
    assert canonical_doc.decode() == _text(d / f"canonDoc{tag}.txt").strip()
    assert hashlib.new(h, canonical_doc).hexdigest() == _text(d / f"docHash{tag}.txt").strip()
    canonical_proof = jcs.configure(config)  # the document's @context is in the proof
    assert canonical_proof.decode() == _text(d / f"proofCanon{tag}.txt").strip()
    assert hashlib.new(h, canonical_proof).hexdigest() == _text(d / f"proofHash{tag}.txt").strip()
    combined = di.hash_data(canonical_proof, canonical_doc, h)
    assert combined.hex() == _text(d / f"combinedHash{tag}.txt").strip()

    key = _key(curve)
    signature = key.sign(combined)
    assert signature.hex() == _text(d / f"sigHex{tag}.txt").strip()
    assert multibase_encode(signature) == _text(d / f"sigBTC58{tag}.txt").strip()
    check = di.verify_proof(signed, signed["proof"])  # JCS: no context needed for the proof
    assert check.valid, check.reason
    ours = di.sign(
        unsecured,
        key.signer(config["verificationMethod"]),
        cryptosuite=jcs.NAME,
        created=config["created"],
    )
    assert ours == signed


# --- ecdsa-sd-2023 ---------------------------------------------------------------------------

CASES = {
    "employ": ("employMandatory.json", "employSelective.json"),
    "prc": ("prCredMandatory.json", "prCredSelective.json"),
}


def _material() -> tuple[EcKeyPair, EcKeyPair, bytes]:
    km = _json(SD / "SDKeyMaterial.json")
    issuer = EcKeyPair.from_multibase(km["baseKeyPair"]["secretKeyMultibase"])
    assert issuer.public.multibase == km["baseKeyPair"]["publicKeyMultibase"]
    scoped = EcKeyPair.from_multibase(km["proofKeyPair"]["secretKeyMultibase"])
    assert scoped.public.multibase == km["proofKeyPair"]["publicKeyMultibase"]
    return issuer, scoped, bytes.fromhex(km["hmacKeyString"])


def _map(value: dict) -> list:
    assert value["dataType"] == "Map"
    return value["value"]


def _nquads(quads: list[rdfc.Quad]) -> list[str]:
    return sorted(rdfc.serialize_quad(q) for q in quads)


@pytest.mark.parametrize("case", CASES)
def test_sd_base_proof_every_step(case: str, ecdsa_vectors_loader) -> None:
    d, loader = SD / case, ecdsa_vectors_loader
    issuer, scoped, hmac_key = _material()
    mandatory_pointers = _json(V / CASES[case][0])
    base = _json(d / "addSignedSDBase.json")
    unsecured = {k: v for k, v in base.items() if k != "proof"}
    config = _json(d / "addProofConfig.json")

    assert _json(d / "addPointerValues.json") == [
        {"pointer": p, "value": sdp.select_json_ld(unsecured, [p])[p.strip("/")]}
        for p in mandatory_pointers
    ]
    canonical = di.canonical_dataset(unsecured, loader)
    assert list(canonical.lines) == _json(d / "addBaseDocCanon.json")
    hmac_canon, _ = sdp.label_replacement_canonicalize(
        list(canonical.quads), sdp.hmac_label_map_function(hmac_key)
    )
    assert hmac_canon == _json(d / "addBaseDocHMACCanon.json")

    transformed = sd.base_transformation(unsecured, mandatory_pointers, hmac_key, loader)
    expected = _json(d / "addBaseTransform.json")
    assert list(transformed.mandatory_pointers) == expected["mandatoryPointers"]
    assert transformed.mandatory == [nq for _i, nq in _map(expected["mandatory"])]
    assert transformed.non_mandatory == [nq for _i, nq in _map(expected["nonMandatory"])]
    assert transformed.hmac_key.hex().upper() == expected["hmacKeyString"].upper()

    canonical_proof = di.configure(config, unsecured["@context"], loader)
    assert canonical_proof == _text(d / "addProofConfigCanon.txt")
    hashes = _json(d / "addHashData.json")
    assert hashlib.sha256(canonical_proof.encode()).hexdigest() == hashes["proofHash"]
    assert sdp.hash_mandatory(transformed.mandatory).hex() == hashes["mandatoryHash"]

    raw = _json(d / "addRawBaseSignatureInfo.json")
    value = sd.parse_base_proof_value(base["proof"]["proofValue"])
    assert value.base_signature.hex() == raw["baseSignature"]
    assert "z" + b58encode(value.public_key) == raw["publicKey"] == scoped.public.multibase
    assert [s.hex() for s in value.signatures] == raw["signatures"]
    assert list(value.mandatory_pointers) == raw["mandatoryPointers"]
    assert value.hmac_key == hmac_key
    assert sd.serialize_base_proof_value(value) == base["proof"]["proofValue"]  # CBOR, exactly

    # Signing again gives the same proof, byte for byte (deterministic ECDSA, the vectors' keys).
    ours = di.sign(
        unsecured,
        issuer.signer(config["verificationMethod"]),
        cryptosuite=sd.NAME,
        created=config["created"],
        mandatory_pointers=mandatory_pointers,
        hmac_key=hmac_key,
        proof_key=scoped,
        loader=loader,
    )
    assert ours == base
    if case == "employ":
        assert unsecured == _json(V / "employmentAuth.json")
    else:  # prCredUnsigned.json has another description than the credential that was signed
        assert _json(V / "prCredUnsigned.json")["description"] != unsecured["description"]

    holder = sd.verify_base_proof(base, loader=loader)
    assert holder.valid, holder.reason
    verifier = di.verify_proof(base, base["proof"], loader=loader)
    assert not verifier.valid and verifier.code == "base_proof"
    assert "for the holder only" in verifier.reason


@pytest.mark.parametrize("case", CASES)
def test_sd_derived_proof_every_step(case: str, ecdsa_vectors_loader) -> None:
    d, loader = SD / case, ecdsa_vectors_loader
    mandatory_pointers, selective_pointers = (_json(V / f) for f in CASES[case])
    base = _json(d / "addSignedSDBase.json")
    unsecured = {k: v for k, v in base.items() if k != "proof"}
    before = copy.deepcopy(base)

    recovered = _json(d / "derivedRecoveredBaseData.json")
    value = sd.parse_base_proof_value(base["proof"]["proofValue"])
    assert value.base_signature.hex() == recovered["baseSignature"]
    assert "z" + b58encode(value.public_key) == recovered["proofPublicKey"]
    assert value.hmac_key.hex() == recovered["hmacKey"]
    assert [s.hex() for s in value.signatures] == recovered["signatures"]
    assert list(value.mandatory_pointers) == recovered["mandatoryPointers"]

    groups_file = _json(d / "derivedAllGroupData.json")
    # The skolem IRIs' random part ("urn:bnid:_<uuid>_<n>") is the vector's, so that the
    # skolemized documents can be compared as they are.
    random = groups_file["skolemized"]["compact"]["id"].split("_")[1]
    grouped = sdp.canonicalize_and_group(
        unsecured,
        sdp.hmac_label_map_function(value.hmac_key),
        {
            "mandatory": mandatory_pointers,
            "selective": selective_pointers,
            "combined": mandatory_pointers + selective_pointers,
        },
        loader,
        random=random,
    )
    assert grouped.skolemized_expanded == groups_file["skolemized"]["expanded"]
    assert grouped.skolemized_compact == groups_file["skolemized"]["compact"]
    assert _nquads(grouped.deskolemized) == sorted(groups_file["deskolemizedNQuads"])
    assert grouped.label_map == dict(_map(groups_file["labelMap"]))
    assert grouped.nquads == groups_file["nquads"]
    for name, group in grouped.groups.items():
        want = groups_file["groups"][name]
        assert [[i, nq] for i, nq in group.matching.items()] == _map(want["matching"])
        assert [[i, nq] for i, nq in group.non_matching.items()] == _map(want["nonMatching"])
        assert _nquads(group.deskolemized) == sorted(want["deskolemizedNQuads"])
    indexes = _json(d / "derivedGroupIndexes.json")
    assert list(grouped.groups["combined"].matching) == indexes["combinedIndexes"]
    assert list(grouped.groups["mandatory"].matching) == indexes["mandatoryIndexes"]
    assert list(grouped.groups["mandatory"].non_matching) == indexes["nonMandatoryIndexes"]
    assert list(grouped.groups["selective"].matching) == indexes["selectiveIndexes"]

    data = sd.create_disclosure_data(unsecured, base["proof"], selective_pointers, loader)
    assert (
        list(data.mandatory_indexes)
        == _json(d / "derivedAdjMandatoryIndexes.json")["adjMandatoryIndexes"]
    )
    adjusted = _json(d / "derivedAdjSignatures.json")
    assert [value.signatures[i] for i in adjusted["adjSignatureIndexes"]] == list(data.signatures)
    assert [s.hex() for s in data.signatures] == adjusted["filteredSignatures"]
    disclosure = _json(d / "derivedDisclosureData.json")
    assert data.base_signature.hex() == disclosure["baseSignature"]
    assert "z" + b58encode(data.public_key) == disclosure["publicKey"]
    assert [s.hex() for s in data.signatures] == disclosure["signatures"]
    assert data.label_map == dict(_map(disclosure["labelMap"]))
    assert list(data.mandatory_indexes) == disclosure["mandatoryIndexes"]
    assert data.reveal_document == _json(d / "derivedUnsignedReveal.json")

    revealed = sd.derive(base, selective_pointers, loader)
    assert revealed == _json(d / "derivedRevealDocument.json")  # the CBOR proof value too
    assert base == before  # never mutated

    derived = sd.parse_derived_proof_value(revealed["proof"]["proofValue"])
    parsed = _json(d / "verifyDerivedProofValue.json")
    assert derived.base_signature.hex() == parsed["baseSignature"]
    assert "z" + b58encode(derived.public_key) == parsed["publicKey"]
    assert [s.hex() for s in derived.signatures] == parsed["signatures"]
    assert derived.label_map == dict(parsed["labelMap"])
    assert list(derived.mandatory_indexes) == parsed["mandatoryIndexes"]
    assert sd.serialize_derived_proof_value(derived) == revealed["proof"]["proofValue"]

    unrevealed = {k: v for k, v in revealed.items() if k != "proof"}
    dataset = di.canonical_dataset(unrevealed, loader)
    assert sdp.relabel(dataset, derived.label_map) == _json(d / "verifyNQuads.json")
    check = di.verify_proof(revealed, revealed["proof"], loader=loader)
    assert check.valid and check.reason == "ecdsa-sd-2023 derived proof verified", check.reason
    verify_data = sd.create_verify_data(
        di.Verification(revealed, revealed["proof"], check.resolution, loader), derived
    )
    want = _json(d / "verifyCreateVerifyData.json")
    assert verify_data.base_signature.hex() == want["baseSignature"]
    assert verify_data.proof_hash.hex() == want["proofHash"]
    assert "z" + b58encode(verify_data.public_key) == want["publicKey"]
    assert [s.hex() for s in verify_data.signatures] == want["signatures"]
    assert verify_data.non_mandatory == want["nonMandatory"]
    assert verify_data.mandatory_hash.hex() == want["mandatoryHash"]
