"""Data Integrity proofs (W3C VC Data Integrity 1.0): what every cryptosuite shares (the public
face, with signing and verifying through the registry, is :mod:`wallet.proofs.dataintegrity`).

The cryptosuites themselves live one module per suite beside this one, and
:mod:`wallet.proofs.registry` maps a proof's ``type`` / ``cryptosuite`` to them:

* :mod:`~wallet.proofs.eddsa_rdfc_2022` — ``eddsa-rdfc-2022`` (and its pre-standard name
  ``eddsa-2022``, and the older ``Ed25519Signature2020``), the wallet's own default;
* :mod:`~wallet.proofs.eddsa_jcs_2022`, :mod:`~wallet.proofs.ecdsa_rdfc_2019`,
  :mod:`~wallet.proofs.ecdsa_jcs_2019`;
* :mod:`~wallet.proofs.ecdsa_sd_2023` — selective disclosure: base proofs, derived proofs,
  :func:`~wallet.proofs.ecdsa_sd_2023.derive`.

Here: the canonical forms (:func:`transform`, :func:`configure`, :func:`hash_data`), the proof
options every suite starts from, and :func:`check_proof`, the steps of *Verify Proof* that do
not depend on the suite (purpose, dates, ``@context``, the key). Documents are never mutated; a
secured document is a new dict. A bad proof never raises: it is a :class:`ProofCheck`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property
from typing import Any, TypedDict

from wallet.credential import as_list, objects, parse_datetime
from wallet.crypto.did import KeyResolution, resolve_verification_method
from wallet.crypto.keys import EcPublicKey, Ed25519PublicKey, PublicKey
from wallet.crypto.multiformats import multibase_decode
from wallet.errors import (
    DidResolutionError,
    KeyFormatError,
    KeyTypeError,
    MalformedProofError,
    WalletError,
)
from wallet.fetch import Fetcher
from wallet.ld import rdfc
from wallet.ld.jsonld import DocumentLoader, to_rdf

__all__ = [
    "CREATE_SUITE",
    "DATA_INTEGRITY_PROOF",
    "iso_now",
    "unsecured_of",
    "Cryptosuite",
    "ProofCheck",
    "Verification",
    "canonical_dataset",
    "check_proof",
    "configure",
    "hash_data",
    "proofs_of",
    "suite_name",
    "transform",
]

CREATE_SUITE = "eddsa-rdfc-2022"  # what sign() makes with an Ed25519 key
DATA_INTEGRITY_PROOF = "DataIntegrityProof"


def suite_name(proof: Mapping[str, Any]) -> str:
    if proof.get("type") == DATA_INTEGRITY_PROOF:
        return str(proof.get("cryptosuite") or "DataIntegrityProof (no cryptosuite)")
    return str(proof.get("type") or "(untyped proof)")


def proofs_of(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The proofs attached to ``document`` (a proof set may be a list)."""
    return objects(document.get("proof"))


def unsecured_of(document: Mapping[str, Any]) -> dict[str, Any]:
    """A shallow copy of ``document`` without its ``proof``."""
    return {k: v for k, v in document.items() if k != "proof"}


# --- canonical forms -------------------------------------------------------------------------


def canonical_dataset(
    document: Mapping[str, Any], loader: DocumentLoader | None = None, hash_name: str = "sha256"
) -> rdfc.CanonicalDataset:
    """``document`` as RDF, canonicalized (RDFC-1.0 with ``hash_name``), labels kept."""
    return rdfc.canonical_dataset(rdfc.quads_from_pyld(to_rdf(document, loader=loader)), hash_name)


def transform(
    unsecured: Mapping[str, Any], loader: DocumentLoader | None = None, hash_name: str = "sha256"
) -> str:
    """*Transformation* of the RDFC suites: the canonical N-Quads of the unsecured document
    (vc-di-eddsa §3.3.2; vc-di-ecdsa §3.2.2 hashes inside RDFC with SHA-384 for P-384 keys)."""
    return canonical_dataset(unsecured, loader, hash_name).text


def configure(
    options: Mapping[str, Any],
    context: Any,
    loader: DocumentLoader | None = None,
    hash_name: str = "sha256",
) -> str:
    """*Proof Configuration* of the RDFC suites: the canonical N-Quads of the proof options
    (less ``proofValue``), under the document's ``@context``."""
    config = {k: v for k, v in options.items() if k not in ("proofValue", "@context")}
    config["@context"] = context
    return transform(config, loader, hash_name)


def hash_data(
    canonical_proof: str | bytes, canonical_document: str | bytes, hash_name: str = "sha256"
) -> bytes:
    """*Hashing*: H(proof configuration) ‖ H(transformed document) — 64 bytes with SHA-256,
    96 with SHA-384."""
    new = getattr(hashlib, hash_name)

    def digest(data: str | bytes) -> bytes:
        return new(data.encode("utf-8") if isinstance(data, str) else data).digest()

    return digest(canonical_proof) + digest(canonical_document)


# --- suites as the registry knows them -------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What a suite's verify step gets: the document, the proof, the resolved key and the
    canonical form the caller may already have."""

    document: Mapping[str, Any]  # the secured document, as received
    proof: Mapping[str, Any]
    resolution: KeyResolution
    loader: DocumentLoader | None = None
    canonical_document: str | None = None  # RDFC (SHA-256) of the unsecured document
    dataset: rdfc.CanonicalDataset | None = None  # the same, with its canonical labels
    # A proof of a chain (VC Data Integrity §4.5): the proofs it names, which it secures with
    # the document ("proof": matchingProofs); None for a proof that names none.
    previous: tuple[Mapping[str, Any], ...] | None = None

    @cached_property
    def unsecured(self) -> dict[str, Any]:
        unsecured = unsecured_of(self.document)
        if self.previous is not None:
            unsecured["proof"] = [dict(p) for p in self.previous]
        return unsecured

    @property
    def key(self) -> PublicKey | None:
        return self.resolution.method.public_key

    def rdfc_dataset(self, hash_name: str = "sha256") -> rdfc.CanonicalDataset:
        """The unsecured document canonicalized, reusing the caller's work where it fits."""
        if hash_name == "sha256" and self.dataset is not None:
            return self.dataset
        return canonical_dataset(self.unsecured, self.loader, hash_name)

    def rdfc_text(self, hash_name: str = "sha256") -> str:
        if hash_name == "sha256" and self.canonical_document is not None:
            return self.canonical_document
        return self.rdfc_dataset(hash_name).text


@dataclass(frozen=True)
class Cryptosuite:
    """One cryptosuite, in the steps :func:`check_proof` and :func:`create_proof` call.

    ``decode`` reads the proof value (raising :class:`~wallet.errors.MalformedProofError` or
    another named :class:`~wallet.errors.ProofError`) before any key is resolved; ``verify``
    raises a named error for a proof that does not verify and returns for one that does;
    ``create`` makes a proof (with ``proofValue``) from the proof options.
    """

    name: str
    decode: Callable[[Mapping[str, Any]], Any]
    verify: Callable[[Verification, Any], None]
    create: Callable[..., dict[str, Any]] | None = None
    verified: str = "signature verified"  # how a good proof is described, after the name


def ed25519_key(v: Verification, suite: str) -> Ed25519PublicKey:
    key = v.key
    if not isinstance(key, Ed25519PublicKey):
        kind = f"a {key.curve.name} key" if isinstance(key, EcPublicKey) else "not a key"
        raise KeyTypeError(f"{suite} needs an Ed25519 key; the verification method is {kind}")
    return key


def ecdsa_key(
    v: Verification, suite: str, curves: tuple[str, ...] = ("P-256", "P-384")
) -> EcPublicKey:
    key = v.key
    if not isinstance(key, EcPublicKey):
        kind = "an Ed25519 key" if isinstance(key, Ed25519PublicKey) else "not a usable key"
        raise KeyTypeError(
            f"{suite} needs a {' or '.join(curves)} key; the verification method is {kind}"
        )
    if key.curve.name not in curves:
        raise KeyTypeError(
            f"{suite} is defined for {' and '.join(curves)} keys; the "
            f"verification method is a {key.curve.name} key"
        )
    return key


def check_signature_size(key: EcPublicKey, signature: bytes) -> None:
    """An ECDSA signature's size says which curve made it: 64 bytes P-256, 96 bytes P-384."""
    if len(signature) != key.curve.signature_length:
        made_by = {64: "P-256", 96: "P-384"}.get(len(signature), "no supported curve")
        raise KeyTypeError(
            f"the signature has {len(signature)} bytes (made with {made_by}), but "
            f"the key is {key.curve.name}, whose signatures have "
            f"{key.curve.signature_length} bytes"
        )


def decode_base58_signature(proof: Mapping[str, Any], lengths: tuple[int, ...], what: str) -> bytes:
    """A base58btc multibase ``proofValue`` of one of ``lengths`` bytes."""
    value = proof.get("proofValue")
    try:
        if not isinstance(value, str) or not value.startswith("z"):
            raise KeyFormatError("proofValue must be base58btc multibase ('z…')")
        signature = multibase_decode(value)
    except KeyFormatError as exc:
        raise MalformedProofError(f"the proof value cannot be read: {exc.message}") from None
    if len(signature) not in lengths:
        raise MalformedProofError(f"the proof value is not {what}")
    return signature


# --- creating proofs -------------------------------------------------------------------------


def iso_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- verifying proofs ------------------------------------------------------------------------


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
    proof_id: str | None = None  # the proof's own id, if it has one
    previous: tuple[str, ...] = ()  # the proofs it names (previousProof)
    chained: bool = False  # part of a proof chain: it names a previous proof, or is named


class _ProofNames(TypedDict):
    """What every verdict on a proof repeats from the proof itself."""

    suite: str
    verification_method: str | None
    purpose: str | None
    challenge: str | None
    domain: str | None


def check_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    suite: Cryptosuite | None,
    *,
    expected_purpose: str = "assertionMethod",
    fetcher: Fetcher | None = None,
    loader: DocumentLoader | None = None,
    now: datetime | None = None,
    canonical_document: str | None = None,
    dataset: rdfc.CanonicalDataset | None = None,
    previous: tuple[Mapping[str, Any], ...] | None = None,
) -> ProofCheck:
    """*Verify Proof* for one proof of ``document`` with ``suite`` (``None``: unsupported).
    Never raises for a bad proof. ``previous``: the proofs a chained proof names (its
    ``previousProof``), secured with the document (VC Data Integrity §4.5); the caller has
    checked that they exist and verify (:func:`wallet.proofs.dataintegrity.verify_proofs`), and
    ``canonical_document`` / ``dataset`` are then not the unsecured document's."""
    name = suite_name(proof)
    vm = proof.get("verificationMethod")
    vm = vm.get("id") if isinstance(vm, Mapping) else vm
    purpose = proof.get("proofPurpose")
    base: _ProofNames = {
        "suite": name,
        "verification_method": vm if isinstance(vm, str) else None,
        "purpose": purpose if isinstance(purpose, str) else None,
        "challenge": proof.get("challenge") if isinstance(proof.get("challenge"), str) else None,
        "domain": proof.get("domain") if isinstance(proof.get("domain"), str) else None,
    }

    def fail(code: str, reason: str, supported: bool = True, **extra: Any) -> ProofCheck:
        return ProofCheck(
            supported=supported, valid=False, reason=reason, code=code, **{**base, **extra}
        )

    if suite is None:
        return fail("unsupported_suite", f"the proof type {name} is not supported", False)
    if "previousProof" in proof and previous is None:
        return fail(
            "broken_chain",
            "the proof names a previous proof (previousProof), which "
            "was not given to check it with",
        )
    if purpose != expected_purpose:
        return fail(
            "wrong_purpose", f"the proof's purpose is {purpose!r}, expected {expected_purpose!r}"
        )
    if "created" in proof and parse_datetime(proof["created"]) is None:
        return fail("malformed_proof", "the proof's 'created' is not a valid date-time")
    expires = parse_datetime(proof.get("expires")) if "expires" in proof else None
    if "expires" in proof and expires is None:
        return fail("malformed_proof", "the proof's 'expires' is not a valid date-time")
    if expires is not None and expires < (now or datetime.now(UTC)):
        return fail("proof_expired", f"the proof expired at {proof['expires']}")
    try:
        decoded = suite.decode(proof)
    except WalletError as exc:
        return fail(exc.code, exc.message)

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

    if previous is not None:
        canonical_document = dataset = None
    verification = Verification(
        document, proof, resolution, loader, canonical_document, dataset, previous
    )
    try:
        suite.verify(verification, decoded)
    except WalletError as exc:  # JsonLdError, KeyTypeError, BadSignatureError, ...
        return fail(exc.code, exc.message, resolution=resolution)
    return ProofCheck(
        supported=True, valid=True, reason=f"{name} {suite.verified}", resolution=resolution, **base
    )
