"""Data Integrity proofs (W3C VC Data Integrity 1.0), the public face: sign and verify with the
cryptosuite a proof names, through :mod:`wallet.proofs.registry`.

The cryptosuites live one module per suite beside this one:

* :mod:`~wallet.proofs.eddsa_rdfc_2022` — ``eddsa-rdfc-2022`` (and its pre-standard name
  ``eddsa-2022``, and the older ``Ed25519Signature2020``), the wallet's own default;
* :mod:`~wallet.proofs.eddsa_jcs_2022`, :mod:`~wallet.proofs.ecdsa_rdfc_2019`,
  :mod:`~wallet.proofs.ecdsa_jcs_2019`;
* :mod:`~wallet.proofs.ecdsa_sd_2023` — selective disclosure: base proofs, derived proofs,
  :func:`~wallet.proofs.ecdsa_sd_2023.derive`;

and what they share (canonical forms, proof options, the suite-independent steps of *Verify
Proof*) is :mod:`wallet.proofs.base`, re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from wallet import rdfc
from wallet.errors import JsonLdError, SigningError
from wallet.fetch import Fetcher
from wallet.jsonld import DocumentLoader
from wallet.keys import Signer
from wallet.proofs import registry
from wallet.proofs.base import (
    CREATE_SUITE,
    DATA_INTEGRITY_PROOF,
    Cryptosuite,
    ProofCheck,
    Verification,
    canonical_dataset,
    check_proof,
    configure,
    hash_data,
    iso_now,
    proofs_of,
    suite_name,
    transform,
    unsecured_of,
)

__all__ = [
    "Cryptosuite",
    "ProofCheck",
    "Verification",
    "canonical_dataset",
    "check_proof",
    "configure",
    "create_proof",
    "default_cryptosuite",
    "hash_data",
    "is_supported",
    "proofs_of",
    "sign",
    "suite_name",
    "transform",
    "unsecured_of",
    "verify_proof",
]


def is_supported(proof: Mapping[str, Any]) -> bool:
    return registry.suite_for(proof) is not None


def default_cryptosuite(signer: Signer) -> str:
    """eddsa-rdfc-2022 for an Ed25519 signer, ecdsa-rdfc-2019 for a P-256 / P-384 one."""
    return "ecdsa-rdfc-2019" if getattr(signer, "algorithm", "") in ("ES256", "ES384") \
        else CREATE_SUITE


def create_proof(
    document: Mapping[str, Any],
    signer: Signer,
    *,
    cryptosuite: str | None = None,
    proof_purpose: str = "assertionMethod",
    created: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
    expires: str | None = None,
    loader: DocumentLoader | None = None,
    **suite_options: Any,
) -> dict[str, Any]:
    """*Create Proof*: the proof object for ``document`` (``cryptosuite`` defaults to the
    signer's: :func:`default_cryptosuite`). ``suite_options`` go to the suite (ecdsa-sd-2023:
    ``mandatory_pointers``).

    ``document`` must not carry the proof being created; an existing ``proof`` is left out of
    what is signed (a proof set).
    """
    name = cryptosuite or default_cryptosuite(signer)
    suite = registry.cryptosuite(name)
    if suite is None or suite.create is None:
        raise SigningError(f"the wallet cannot create {name} proofs")
    if "@context" not in document:
        raise SigningError("only JSON-LD documents (with an @context) can carry this proof")
    options: dict[str, Any] = {
        "type": DATA_INTEGRITY_PROOF,
        "cryptosuite": name,
        "created": created or iso_now(),
        "verificationMethod": signer.key_id,
        "proofPurpose": proof_purpose,
    }
    if expires:
        options["expires"] = expires
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    try:
        return suite.create(unsecured_of(document), signer, options, loader, **suite_options)
    except JsonLdError as exc:
        raise SigningError(f"cannot sign: {exc.message}", cause=exc.code) from None


def sign(
    document: Mapping[str, Any], signer: Signer, **options: Any
) -> dict[str, Any]:
    """A copy of ``document`` secured with a new proof (by default eddsa-rdfc-2022 for an
    Ed25519 key, ecdsa-rdfc-2019 for P-256 / P-384; ``cryptosuite=`` chooses), added to any
    existing proofs as a proof set."""
    proof = create_proof(document, signer, **options)
    existing = proofs_of(document)
    secured = dict(document)
    secured["proof"] = [*existing, proof] if existing else proof
    return secured


def verify_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    expected_purpose: str = "assertionMethod",
    fetcher: Fetcher | None = None,
    loader: DocumentLoader | None = None,
    now: datetime | None = None,
    canonical_document: str | None = None,
    dataset: rdfc.CanonicalDataset | None = None,
    holder: bool = False,
) -> ProofCheck:
    """Verify one proof of ``document`` as a verifier, with the suite the registry names for it.
    Never raises for a bad proof. As the ``holder``, ecdsa-sd-2023 base proofs are accepted
    (:func:`wallet.proofs.ecdsa_sd_2023.verify_base_proof`); a verifier refuses them.

    ``canonical_document`` (and ``dataset``, the same with its labels) may pass
    :func:`transform` / :func:`canonical_dataset` of the unsecured document when the caller has
    it already: every proof of a proof set signs the same unsecured document.
    """
    return check_proof(document, proof, registry.suite_for(proof, holder=holder),
                       expected_purpose=expected_purpose, fetcher=fetcher, loader=loader,
                       now=now, canonical_document=canonical_document, dataset=dataset)
