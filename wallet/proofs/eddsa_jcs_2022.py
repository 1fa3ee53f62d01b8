"""``eddsa-jcs-2022`` — W3C vc-di-eddsa 1.0 §3.4: Ed25519 over the JSON Canonicalization Scheme.

Unlike the RDFC suites, the document is signed as JSON (RFC 8785), and the proof configuration
carries the document's ``@context`` itself (§3.4.1 step 2), so a verifier checks that the
document's ``@context`` starts with the proof's and signs the document under the proof's
(§3.4.2; the prefix check is :func:`~wallet.proofs.dataintegrity.check_proof`'s).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wallet.crypto.keys import Signer
from wallet.crypto.multiformats import multibase_encode
from wallet.ld import jcs
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import (
    Cryptosuite,
    Verification,
    decode_base58_signature,
    ed25519_key,
    hash_data,
)
from wallet.proofs.eddsa_rdfc_2022 import serialize_proof, verify_signature

__all__ = ["SUITE", "configure", "create", "transform"]

NAME = "eddsa-jcs-2022"


def transform(unsecured: Mapping[str, Any], proof_options: Mapping[str, Any]) -> bytes:
    """§3.4.3 *Transformation*: JCS of the unsecured document — under the proof's
    ``@context`` when the proof has one (§3.4.2 step 5)."""
    document = dict(unsecured)
    if "@context" in proof_options:
        document["@context"] = proof_options["@context"]
    return jcs.canonicalize(document)


def configure(proof_options: Mapping[str, Any]) -> bytes:
    """§3.4.5 *Proof Configuration*: JCS of the proof options (with their ``@context``,
    without ``proofValue``)."""
    return jcs.canonicalize({k: v for k, v in proof_options.items() if k != "proofValue"})


def create(
    unsecured: Mapping[str, Any],
    signer: Signer,
    options: dict[str, Any],
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """§3.4.1 *Create Proof*: the document's ``@context`` goes into the proof."""
    proof = dict(options)
    if "@context" in unsecured:
        proof["@context"] = unsecured["@context"]
    data = hash_data(configure(proof), transform(unsecured, proof))
    return {**proof, "proofValue": multibase_encode(serialize_proof(data, signer), "z")}


def _decode(proof: Mapping[str, Any]) -> bytes:
    return decode_base58_signature(proof, (64,), "a 64-byte Ed25519 signature")


def verify(v: Verification, signature: bytes) -> None:
    """§3.4.2 *Verify Proof*."""
    key = ed25519_key(v, NAME)
    options = {k: val for k, val in v.proof.items() if k != "proofValue"}
    verify_signature(key, signature, hash_data(configure(options), transform(v.unsecured, options)))


SUITE = Cryptosuite(NAME, _decode, verify, create)
