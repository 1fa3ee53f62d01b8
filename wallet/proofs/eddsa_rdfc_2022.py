"""``eddsa-rdfc-2022`` — W3C vc-di-eddsa 1.0 §3.3: Ed25519 over RDFC-1.0 canonical N-Quads.

* ``DataIntegrityProof`` / ``eddsa-rdfc-2022``: create and verify (the wallet's default suite).
* ``DataIntegrityProof`` / ``eddsa-2022``: the suite's pre-standard name, same algorithm; verify.
* ``Ed25519Signature2020``: the W3C CCG suite that preceded it, same hashing; verify.

The steps: *Transformation* (:func:`~wallet.proofs.dataintegrity.transform`), *Proof
Configuration* (:func:`~wallet.proofs.dataintegrity.configure`), *Hashing* (SHA-256 of each,
proof first: :func:`~wallet.proofs.dataintegrity.hash_data`), then :func:`serialize_proof` or
:func:`verify_signature`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from wallet.crypto.keys import Ed25519PublicKey, Signer
from wallet.crypto.multiformats import multibase_encode
from wallet.errors import BadSignatureError, SigningError
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import (
    Cryptosuite,
    Verification,
    configure,
    decode_base58_signature,
    ed25519_key,
    hash_data,
    transform,
)

__all__ = ["ED25519_SIGNATURE_2020", "LEGACY", "SUITE", "serialize_proof", "verify_signature"]

NAME = "eddsa-rdfc-2022"


def serialize_proof(data: bytes, signer: Signer) -> bytes:
    """*Proof Serialization*: the Ed25519 signature of the hash data."""
    if getattr(signer, "algorithm", "EdDSA") != "EdDSA":
        raise SigningError(
            f"{NAME} needs an Ed25519 key; this signer's algorithm is {signer.algorithm}",
            cause="wrong_key_type",
        )
    return signer.sign(data)


def verify_signature(key: Ed25519PublicKey, signature: bytes, data: bytes) -> None:
    """*Proof Verification*: raises :class:`~wallet.errors.BadSignatureError` unless it holds."""
    if not key.verify(signature, data):
        raise BadSignatureError(
            "the signature does not match the document: it was changed "
            "after signing, or signed with another key"
        )


def create(
    unsecured: Mapping[str, Any],
    signer: Signer,
    options: dict[str, Any],
    loader: DocumentLoader | None,
) -> dict[str, Any]:
    """§3.3.1 *Create Proof*."""
    canonical_doc = transform(unsecured, loader)
    canonical_proof = configure(options, unsecured["@context"], loader)
    signature = serialize_proof(hash_data(canonical_proof, canonical_doc), signer)
    return {**options, "proofValue": multibase_encode(signature, "z")}


def _decode(proof: Mapping[str, Any]) -> bytes:
    return decode_base58_signature(proof, (64,), "a 64-byte Ed25519 signature")


def _verifier(name: str) -> Callable[[Verification, bytes], None]:
    def verify(v: Verification, signature: bytes) -> None:
        """§3.3.3 *Verify Proof* (after the steps every suite shares)."""
        key = ed25519_key(v, name)
        canonical_doc = v.rdfc_text()
        canonical_proof = configure(v.proof, v.document.get("@context"), v.loader)
        verify_signature(key, signature, hash_data(canonical_proof, canonical_doc))

    return verify


SUITE = Cryptosuite(NAME, _decode, _verifier(NAME), create)
LEGACY = Cryptosuite("eddsa-2022", _decode, _verifier("eddsa-2022"))
ED25519_SIGNATURE_2020 = Cryptosuite(
    "Ed25519Signature2020", _decode, _verifier("Ed25519Signature2020")
)
