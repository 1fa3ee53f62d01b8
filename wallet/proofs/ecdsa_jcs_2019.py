"""``ecdsa-jcs-2019`` — W3C vc-di-ecdsa 1.0 §3.3: ECDSA over the JSON Canonicalization Scheme.

As ``ecdsa-rdfc-2019``, the curve follows the key (P-256 with SHA-256, P-384 with SHA-384); as
``eddsa-jcs-2022``, the document is signed as JSON (RFC 8785) and the proof carries the
document's ``@context`` (§3.3.1 step 2; §3.3.2 steps 5–6).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wallet.crypto.keys import Signer
from wallet.crypto.multiformats import multibase_encode
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import (
    Cryptosuite,
    Verification,
    check_signature_size,
    decode_base58_signature,
    ecdsa_key,
    hash_data,
)
from wallet.proofs.ecdsa_rdfc_2019 import serialize_proof, signer_curve, verify_signature
from wallet.proofs.eddsa_jcs_2022 import configure, transform

__all__ = ["SUITE", "configure", "create", "transform", "verify"]

NAME = "ecdsa-jcs-2019"


def create(
    unsecured: Mapping[str, Any],
    signer: Signer,
    options: dict[str, Any],
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """§3.3.1 *Create Proof*."""
    curve = signer_curve(signer, NAME)
    proof = dict(options)
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    data = hash_data(configure(proof), transform(unsecured, proof), curve.hash_name)
    return {**proof, "proofValue": multibase_encode(serialize_proof(data, signer, curve), "z")}


def _decode(proof: Mapping[str, Any]) -> bytes:
    return decode_base58_signature(
        proof, (64, 96), "a 64-byte (P-256) or 96-byte (P-384) ECDSA signature"
    )


def verify(v: Verification, signature: bytes) -> None:
    """§3.3.2 *Verify Proof*."""
    key = ecdsa_key(v, NAME)
    check_signature_size(key, signature)
    options = {k: val for k, val in v.proof.items() if k != "proofValue"}
    data = hash_data(configure(options), transform(v.unsecured, options), key.curve.hash_name)
    verify_signature(key, signature, data)


SUITE = Cryptosuite(NAME, _decode, verify, create)
