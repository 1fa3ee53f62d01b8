"""Data Integrity proofs with Ed25519 over RDFC-1.0 canonical N-Quads.

* ``DataIntegrityProof`` / ``eddsa-rdfc-2022`` — W3C vc-di-eddsa 1.0 §3.3: create and verify.
* ``DataIntegrityProof`` / ``eddsa-2022`` — the suite's pre-standard name, same algorithm; verify.
* ``Ed25519Signature2020`` — the W3C CCG suite that preceded it, same hashing; verify.

The functions follow the specification's steps: :func:`transform` (canonicalize the unsecured
document), :func:`configure` (canonicalize the proof options under the document's context),
:func:`hash_data` (SHA-256 of each, proof first), then sign or verify. Documents are never
mutated; a secured document is a new dict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wallet import rdfc
from wallet.credential import as_list, objects, parse_datetime
from wallet.did import KeyResolution, resolve_verification_method
from wallet.errors import (
    DidResolutionError,
    JsonLdError,
    KeyFormatError,
    SigningError,
    WalletError,
)
from wallet.fetch import Fetcher
from wallet.jsonld import DocumentLoader, to_rdf
from wallet.keys import Signer
from wallet.multiformats import multibase_decode, multibase_encode

__all__ = [
    "ProofCheck",
    "configure",
    "create_proof",
    "hash_data",
    "proofs_of",
    "sign",
    "transform",
    "verify_proof",
]

CREATE_SUITE = "eddsa-rdfc-2022"
_DI_CRYPTOSUITES = {"eddsa-rdfc-2022", "eddsa-2022"}
_LEGACY_TYPES = {"Ed25519Signature2020"}


def suite_name(proof: Mapping[str, Any]) -> str:
    if proof.get("type") == "DataIntegrityProof":
        return str(proof.get("cryptosuite") or "DataIntegrityProof (no cryptosuite)")
    return str(proof.get("type") or "(untyped proof)")


def is_supported(proof: Mapping[str, Any]) -> bool:
    if proof.get("type") == "DataIntegrityProof":
        return proof.get("cryptosuite") in _DI_CRYPTOSUITES
    return proof.get("type") in _LEGACY_TYPES


def proofs_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The proofs attached to ``document`` (a proof set may be a list)."""
    return objects(document.get("proof"))


def _canonical(document: Mapping[str, Any], loader: DocumentLoader | None) -> str:
    return rdfc.canonicalize(rdfc.quads_from_pyld(to_rdf(document, loader=loader)))


def transform(unsecured: Mapping[str, Any], loader: DocumentLoader | None = None) -> str:
    """§3.3.2 Transformation: the canonical N-Quads of the unsecured document."""
    return _canonical(unsecured, loader)


def configure(
    options: Mapping[str, Any], context: Any, loader: DocumentLoader | None = None
) -> str:
    """§3.3.5 Proof Configuration: the canonical N-Quads of the proof options, under
    the document's ``@context``."""
    config = {k: v for k, v in options.items() if k not in ("proofValue", "@context")}
    config["@context"] = context
    return _canonical(config, loader)


def hash_data(canonical_proof: str, canonical_document: str) -> bytes:
    """§3.3.4 Hashing: SHA-256(proof config) ‖ SHA-256(document) — 64 bytes."""
    return (
        hashlib.sha256(canonical_proof.encode("utf-8")).digest()
        + hashlib.sha256(canonical_document.encode("utf-8")).digest()
    )


def _iso_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def create_proof(
    document: Mapping[str, Any],
    signer: Signer,
    *,
    proof_purpose: str = "assertionMethod",
    created: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    expires: str | None = None,
    loader: DocumentLoader | None = None,
) -> dict[str, Any]:
    """§3.3.1 Create Proof (eddsa-rdfc-2022): the proof object for ``document``.

    ``document`` must not carry the proof being created; an existing ``proof`` is left out of
    what is signed (a proof set).
    """
    if "@context" not in document:
        raise SigningError("only JSON-LD documents (with an @context) can carry this proof")
    options: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": CREATE_SUITE,
        "created": created or _iso_now(),
        "verificationMethod": signer.key_id,
        "proofPurpose": proof_purpose,
    }
    if expires:
        options["expires"] = expires
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        canonical_doc = transform(unsecured, loader)
        canonical_proof = configure(options, document["@context"], loader)
    except JsonLdError as exc:
        raise SigningError(f"cannot sign: {exc.message}", cause=exc.code) from None
    signature = signer.sign(hash_data(canonical_proof, canonical_doc))
    return {**options, "proofValue": multibase_encode(signature, "z")}


def sign(
    document: Mapping[str, Any], signer: Signer, **options: Any
) -> dict[str, Any]:
    """A copy of ``document`` secured with a new eddsa-rdfc-2022 proof (added to any existing
    proofs as a proof set)."""
    proof = create_proof(document, signer, **options)
    existing = proofs_of(document)
    secured = dict(document)
    secured["proof"] = [*existing, proof] if existing else proof
    return secured


@dataclass(frozen=True)
class ProofCheck:
    """The verdict on one proof."""

    suite: str
    supported: bool
    valid: bool
    reason: str
    code: str | None = None  # why it is not valid: "bad_signature", "did_resolution", ...
    verification_method: str | None = None
    purpose: str | None = None
    resolution: KeyResolution | None = None
    challenge: str | None = None
    domain: str | None = None


def verify_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    expected_purpose: str = "assertionMethod",
    fetcher: Fetcher | None = None,
    loader: DocumentLoader | None = None,
    now: datetime | None = None,
    canonical_document: str | None = None,
) -> ProofCheck:
    """§3.3.3 Verify Proof for one proof of ``document``. Never raises for a bad proof.

    ``canonical_document`` may pass :func:`transform` of the unsecured document when the caller
    has it already (every proof of a proof set signs the same unsecured document).
    """
    suite = suite_name(proof)
    vm = proof.get("verificationMethod")
    vm = vm.get("id") if isinstance(vm, Mapping) else vm
    purpose = proof.get("proofPurpose")
    base = {
        "suite": suite,
        "verification_method": vm if isinstance(vm, str) else None,
        "purpose": purpose if isinstance(purpose, str) else None,
        "challenge": proof.get("challenge") if isinstance(proof.get("challenge"), str) else None,
        "domain": proof.get("domain") if isinstance(proof.get("domain"), str) else None,
    }

    def fail(code: str, reason: str, supported: bool = True, **extra: Any) -> ProofCheck:
        return ProofCheck(supported=supported, valid=False, reason=reason, code=code,
                          **{**base, **extra})

    if not is_supported(proof):
        return fail("unsupported_suite", f"the proof type {suite} is not supported", False)
    if "previousProof" in proof:
        return fail("unsupported_suite", "proof chains (previousProof) are not supported", False)
    if purpose != expected_purpose:
        return fail("wrong_purpose", f"the proof's purpose is {purpose!r}, expected "
                    f"{expected_purpose!r}")
    if "created" in proof and parse_datetime(proof["created"]) is None:
        return fail("malformed_proof", "the proof's 'created' is not a valid date-time")
    expires = parse_datetime(proof.get("expires")) if "expires" in proof else None
    if "expires" in proof and expires is None:
        return fail("malformed_proof", "the proof's 'expires' is not a valid date-time")
    if expires is not None and expires < (now or datetime.now(UTC)):
        return fail("proof_expired", f"the proof expired at {proof['expires']}")
    proof_value = proof.get("proofValue")
    try:
        if not isinstance(proof_value, str) or not proof_value.startswith("z"):
            raise KeyFormatError("proofValue must be base58btc multibase ('z…')")
        signature = multibase_decode(proof_value)
    except KeyFormatError as exc:
        return fail("malformed_proof", f"the proof value cannot be read: {exc.message}")
    if len(signature) != 64:
        return fail("malformed_proof", "the proof value is not a 64-byte Ed25519 signature")

    context = document.get("@context")
    proof_context = proof.get("@context")
    if proof_context is not None:
        doc_ctx, pctx = as_list(context), as_list(proof_context)
        if doc_ctx[: len(pctx)] != pctx:
            return fail("context_mismatch", "the proof's @context does not match the document's")

    try:
        resolution = resolve_verification_method(vm, fetcher=fetcher, purpose=expected_purpose)
    except DidResolutionError as exc:
        return fail("did_resolution", exc.message)
    if resolution.method.ed25519 is None:
        return fail("did_resolution", "the verification method is not an Ed25519 key",
                    resolution=resolution)

    try:
        canonical_doc = canonical_document or transform(
            {k: v for k, v in document.items() if k != "proof"}, loader
        )
        canonical_proof = configure(proof, context, loader)
    except JsonLdError as exc:
        return fail(exc.code, exc.message, resolution=resolution)
    except WalletError as exc:  # pragma: no cover - defensive: any named error is a failure
        return fail(exc.code, exc.message, resolution=resolution)

    if not resolution.method.ed25519.verify(signature, hash_data(canonical_proof, canonical_doc)):
        return fail("bad_signature", "the signature does not match the document: it was changed "
                    "after signing, or signed with another key", resolution=resolution)
    return ProofCheck(supported=True, valid=True, reason=f"{suite} signature verified",
                      resolution=resolution, **base)
