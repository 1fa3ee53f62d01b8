"""``ecdsa-rdfc-2019`` — W3C vc-di-ecdsa 1.0 §3.2: ECDSA over RDFC-1.0 canonical N-Quads.

The curve follows the key (§3, *Algorithms*): a P-256 key hashes with SHA-256 — inside RDFC-1.0
and for the proof and document hashes — and signs 64-byte ``r ‖ s``; a P-384 key uses SHA-384
throughout and signs 96 bytes. A signature sized for the other curve, or a key that is not
ECDSA, is refused as :class:`~wallet.errors.KeyTypeError` (``wrong_key_type``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wallet.crypto.keys import CURVES, Curve, EcPublicKey, Signer
from wallet.crypto.multiformats import multibase_encode
from wallet.errors import BadSignatureError, SigningError
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import (
    Cryptosuite,
    Verification,
    check_signature_size,
    configure,
    decode_base58_signature,
    ecdsa_key,
    hash_data,
    transform,
)

__all__ = ["SUITE", "create", "serialize_proof", "signer_curve", "verify", "verify_signature"]

NAME = "ecdsa-rdfc-2019"


def signer_curve(signer: Signer, suite: str, curves: tuple[str, ...] = ("P-256", "P-384")) -> Curve:
    """The curve of an ECDSA signer (by its JOSE algorithm), or a :class:`SigningError`."""
    algorithm = getattr(signer, "algorithm", None)
    for curve in CURVES.values():
        if curve.algorithm == algorithm and curve.name in curves:
            return curve
    raise SigningError(
        f"{suite} needs a {' or '.join(curves)} key; this signer's algorithm is {algorithm}",
        cause="wrong_key_type",
    )


def serialize_proof(data: bytes, signer: Signer, curve: Curve) -> bytes:
    """§3.2.6 *Proof Serialization*: the ECDSA signature (P1363) of the hash data."""
    signature = signer.sign(data)
    if len(signature) != curve.signature_length:
        raise SigningError(
            f"the signer returned {len(signature)} bytes, not a {curve.name} "
            "signature (IEEE P1363 r ‖ s)"
        )
    return signature


def verify_signature(key: EcPublicKey, signature: bytes, data: bytes) -> None:
    """§3.2.7 *Proof Verification*."""
    if not key.verify(signature, data):
        raise BadSignatureError(
            "the signature does not match the document: it was changed "
            "after signing, or signed with another key"
        )


def create(
    unsecured: Mapping[str, Any],
    signer: Signer,
    options: dict[str, Any],
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """§3.2.1 *Create Proof*."""
    curve = signer_curve(signer, NAME)
    canonical_doc = transform(unsecured, loader, curve.hash_name)
    canonical_proof = configure(options, unsecured["@context"], loader, curve.hash_name)
    data = hash_data(canonical_proof, canonical_doc, curve.hash_name)
    return {**options, "proofValue": multibase_encode(serialize_proof(data, signer, curve), "z")}


def _decode(proof: Mapping[str, Any]) -> bytes:
    return decode_base58_signature(
        proof, (64, 96), "a 64-byte (P-256) or 96-byte (P-384) ECDSA signature"
    )


def verify(v: Verification, signature: bytes) -> None:
    """§3.2.2 *Verify Proof* (after the steps every suite shares)."""
    key = ecdsa_key(v, NAME)
    check_signature_size(key, signature)
    hash_name = key.curve.hash_name
    canonical_doc = v.rdfc_text(hash_name)
    canonical_proof = configure(v.proof, v.document.get("@context"), v.loader, hash_name)
    verify_signature(key, signature, hash_data(canonical_proof, canonical_doc, hash_name))


SUITE = Cryptosuite(NAME, _decode, verify, create)
