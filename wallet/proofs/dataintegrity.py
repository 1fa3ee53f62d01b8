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

Signing (:func:`sign`, :func:`create_proof`) refuses a credential or presentation that breaks
a rule of the VC Data Model (:func:`wallet.rules.vcdm.require_conforming`:
:class:`~wallet.errors.DataModelError`, naming the rule). :func:`sign` appends the Data
Integrity context to a document whose contexts do not define its terms (VC Data Integrity
§2.4.2 Context Injection: a VC 1.1 document, say); safe mode stays on, so a term still
undefined is an error, never dropped.

Proof sets and chains (VC Data Integrity §2.1.1, §2.1.2): :func:`sign` adds a proof to those a
document carries; with ``previous_proof`` the new proof names earlier ones and secures them
with the document (§4.3 *Add Proof Set/Chain*: a countersignature). :func:`verify_proofs`
checks every proof of a set or chain (§4.5): a proof that names others verifies only over the
document with them, and only when each of them exists and verifies.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from wallet.credential import as_list
from wallet.crypto.keys import Signer
from wallet.errors import JsonLdError, SigningError
from wallet.fetch import Fetcher
from wallet.ld import rdfc
from wallet.ld.jsonld import DocumentLoader
from wallet.limits import MAX_PROOFS
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
from wallet.rules.shapes import is_absolute_iri
from wallet.rules.vcdm import require_conforming
from wallet.vocab import DATA_INTEGRITY_CONTEXT, VC2_CONTEXT

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
    "verify_proofs",
    "with_data_integrity_context",
]

# Contexts that define DataIntegrityProof and its terms (VC 2.0 includes them).
_DEFINES_DATA_INTEGRITY = frozenset(
    {VC2_CONTEXT, DATA_INTEGRITY_CONTEXT, "https://w3id.org/security/data-integrity/v1"}
)
_SD_SUITE = "ecdsa-sd-2023"


def is_supported(proof: Mapping[str, Any]) -> bool:
    return registry.suite_for(proof) is not None


def default_cryptosuite(signer: Signer) -> str:
    """eddsa-rdfc-2022 for an Ed25519 signer, ecdsa-rdfc-2019 for a P-256 / P-384 one."""
    return (
        "ecdsa-rdfc-2019"
        if getattr(signer, "algorithm", "") in ("ES256", "ES384")
        else CREATE_SUITE
    )


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
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    resources: Mapping[str, bytes] | None = None,
    **suite_options: Any,
) -> dict[str, Any]:
    """*Create Proof*: the proof object for ``document`` (``cryptosuite`` defaults to the
    signer's: :func:`default_cryptosuite`). ``suite_options`` go to the suite (ecdsa-sd-2023:
    ``mandatory_pointers``).

    ``document`` must not carry the proof being created; its existing proofs are left out of
    what is signed (a proof set), except those ``previous_proof`` names (their ids): those are
    secured with the document (a proof chain, VC Data Integrity §4.3). ``proof_id`` gives the
    proof an id (a URL), so that later proofs can name it. A credential or presentation that
    breaks a rule of the VC Data Model is refused (:class:`~wallet.errors.DataModelError`);
    ``resources`` (URL → bytes) are related resources at hand, checked against their digests.
    The document is signed exactly as given (:func:`sign` injects the Data Integrity context
    where it is missing).
    """
    name = cryptosuite or default_cryptosuite(signer)
    suite = registry.cryptosuite(name)
    if suite is None or suite.create is None:
        raise SigningError(f"the wallet cannot create {name} proofs")
    unsecured = unsecured_of(document)
    require_conforming(unsecured, resources=resources)
    if "@context" not in document:
        raise SigningError("only JSON-LD documents (with an @context) can carry this proof")
    existing = proofs_of(document)
    if len(existing) >= MAX_PROOFS:
        raise SigningError(
            f"the document carries {len(existing)} proofs already; the wallet "
            f"adds none beyond {MAX_PROOFS} (limits.MAX_PROOFS)",
            cause="too_many_proofs",
        )
    options: dict[str, Any] = {}
    if proof_id is not None:
        if not is_absolute_iri(proof_id) or any(p.get("id") == proof_id for p in existing):
            raise SigningError(
                f"a proof id must be a URL no other proof of the document has (got {proof_id!r})",
                cause="proof_generation",
            )
        options["id"] = proof_id
    options.update(
        {
            "type": DATA_INTEGRITY_PROOF,
            "cryptosuite": name,
            "created": created or iso_now(),
            "verificationMethod": signer.key_id,
            "proofPurpose": proof_purpose,
        }
    )
    if expires:
        options["expires"] = expires
    if challenge is not None:
        options["challenge"] = challenge
    if domain is not None:
        options["domain"] = domain
    if previous_proof is not None:
        unsecured["proof"] = _matching_proofs(existing, previous_proof, name)
        options["previousProof"] = (
            previous_proof if isinstance(previous_proof, str) else list(previous_proof)
        )
    try:
        return suite.create(unsecured, signer, options, loader, **suite_options)
    except JsonLdError as exc:
        raise SigningError(f"cannot sign: {exc.message}", cause=exc.code) from None


def _matching_proofs(
    existing: list[Mapping[str, Any]], previous: str | Sequence[str], suite: str
) -> list[dict[str, Any]]:
    """§4.3 steps 4–5: the existing proofs ``previous`` names, each exactly once."""
    names = [previous] if isinstance(previous, str) else list(previous)
    if not names or not all(isinstance(n, str) and n for n in names):
        raise SigningError(
            "previous_proof must be a proof id or a list of them", cause="proof_generation"
        )
    if suite == _SD_SUITE:
        raise SigningError(f"{_SD_SUITE} proofs cannot be chained", cause="proof_generation")
    for wanted in names:
        found = sum(1 for p in existing if p.get("id") == wanted)
        if found != 1:
            why = "carries no proof" if not found else "carries more than one proof"
            raise SigningError(
                f"cannot chain to {wanted!r}: the document {why} with that id",
                cause="proof_generation",
            )
    return [dict(p) for p in existing if p.get("id") in names]


def with_data_integrity_context(document: Mapping[str, Any]) -> Mapping[str, Any]:
    """``document`` with ``https://w3id.org/security/data-integrity/v2`` appended to its
    ``@context`` when none of its contexts defines the Data Integrity terms (VC Data
    Integrity §2.4.2: "implementations SHOULD inject or append" it) — a VC 1.1 document, for
    one. A document that already carries proofs is left as its signers made it; one without
    an ``@context`` is not JSON-LD. Never changes ``document`` itself."""
    context = document.get("@context")
    items = as_list(context)
    if (
        not items
        or proofs_of(document)
        or any(isinstance(c, str) and c in _DEFINES_DATA_INTEGRITY for c in items)
    ):
        return document
    return {**document, "@context": [*items, DATA_INTEGRITY_CONTEXT]}


def sign(document: Mapping[str, Any], signer: Signer, **options: Any) -> dict[str, Any]:
    """A copy of ``document`` secured with a new proof (by default eddsa-rdfc-2022 for an
    Ed25519 key, ecdsa-rdfc-2019 for P-256 / P-384; ``cryptosuite=`` chooses), added to any
    existing proofs as a proof set — or, with ``previous_proof=`` (the id of a proof it
    carries), as the next link of a proof chain: a countersignature that secures that proof
    with the document. ``proof_id=`` names the new proof; the other options are
    :func:`create_proof`'s. The Data Integrity context is appended where the document's
    contexts lack it (:func:`with_data_integrity_context`)."""
    document = with_data_integrity_context(document)
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
    previous: tuple[Mapping[str, Any], ...] | None = None,
) -> ProofCheck:
    """Verify one proof of ``document`` as a verifier, with the suite the registry names for it.
    Never raises for a bad proof. As the ``holder``, ecdsa-sd-2023 base proofs are accepted
    (:func:`wallet.proofs.ecdsa_sd_2023.verify_base_proof`); a verifier refuses them.

    ``canonical_document`` (and ``dataset``, the same with its labels) may pass
    :func:`transform` / :func:`canonical_dataset` of the unsecured document when the caller has
    it already: every proof of a proof set signs the same unsecured document. A proof of a
    chain is checked with ``previous``, the proofs it names (see :func:`verify_proofs`, which
    checks those first).
    """
    return check_proof(
        document,
        proof,
        registry.suite_for(proof, holder=holder),
        expected_purpose=expected_purpose,
        fetcher=fetcher,
        loader=loader,
        now=now,
        canonical_document=canonical_document,
        dataset=dataset,
        previous=previous,
    )


def _previous_names(proof: Mapping[str, Any]) -> tuple[str, ...] | None:
    """A proof's ``previousProof``: a string or a list of strings (§2.1); None otherwise."""
    value = proof.get("previousProof")
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        return None
    return tuple(names)


def verify_proofs(
    document: Mapping[str, Any],
    *,
    expected_purpose: str = "assertionMethod",
    fetcher: Fetcher | None = None,
    loader: DocumentLoader | None = None,
    now: datetime | None = None,
    dataset: rdfc.CanonicalDataset | None = None,
    holder: bool = False,
) -> list[ProofCheck]:
    """Every proof of ``document``, checked as a proof set or chain (VC Data Integrity §4.5),
    one :class:`ProofCheck` each, in document order. A proof without ``previousProof`` is
    checked over the unsecured document (``dataset``: its canonical form, when the caller has
    it); a proof that names previous proofs is valid only when each one it names is carried
    once, verifies itself (first), and is not the proof itself or a loop back to it — and it
    is then checked over the document with those proofs (``"proof": matchingProofs``).
    More than :data:`~wallet.limits.MAX_PROOFS` proofs: one failed check, and none is tried.
    Never raises for a bad proof."""
    proofs = proofs_of(document)
    if len(proofs) > MAX_PROOFS:
        return [
            ProofCheck(
                suite="proof set",
                supported=True,
                valid=False,
                reason=f"the document carries {len(proofs)} proofs, more than the "
                f"{MAX_PROOFS} the wallet checks on one document; none was checked",
                code="too_many_proofs",
            )
        ]
    ids: dict[str, list[int]] = {}
    for i, proof in enumerate(proofs):
        if isinstance(proof.get("id"), str):
            ids.setdefault(proof["id"], []).append(i)
    named = {j for proof in proofs for n in (_previous_names(proof) or ()) for j in ids.get(n, ())}
    results: dict[int, ProofCheck] = {}
    visiting: set[int] = set()

    def plain(i: int, previous: tuple[Mapping[str, Any], ...] | None = None) -> ProofCheck:
        return verify_proof(
            document,
            proofs[i],
            expected_purpose=expected_purpose,
            fetcher=fetcher,
            loader=loader,
            now=now,
            canonical_document=dataset.text if dataset else None,
            dataset=dataset,
            holder=holder,
            previous=previous,
        )

    def chained(i: int) -> ProofCheck:
        proof = proofs[i]
        names = _previous_names(proof)
        own = proof.get("id") if isinstance(proof.get("id"), str) else None

        def broken(reason: str) -> ProofCheck:
            vm = proof.get("verificationMethod")
            return ProofCheck(
                suite=suite_name(proof),
                supported=True,
                valid=False,
                reason=reason,
                code="broken_chain",
                verification_method=vm if isinstance(vm, str) else None,
                proof_id=own,
                previous=names or (),
                chained=True,
            )

        if names is None:
            return broken("its previousProof must be the id of a proof, or a list of them")
        if own is not None and own in names:
            return broken(f"it names itself ({own}) as its previous proof")
        for wanted in names:
            if wanted not in ids:
                return broken(
                    f"it names a previous proof, {wanted}, that the document does not carry"
                )
            if len(ids[wanted]) > 1:
                return broken(f"it names {wanted}, the id of more than one proof")
        for wanted in names:
            before = check(ids[wanted][0])
            if before is None:
                return broken(f"the chain loops: {wanted} leads back to this proof")
            if not before.valid:
                return broken(f"its previous proof {wanted} did not verify ({before.reason})")
        if proof.get("cryptosuite") == _SD_SUITE:
            return replace(
                broken(f"{_SD_SUITE} proofs cannot be chained"),
                supported=False,
                code="unsupported_suite",
            )
        matching = tuple(p for p in proofs if p.get("id") in names)
        return replace(plain(i, matching), proof_id=own, previous=names, chained=True)

    def check(i: int) -> ProofCheck | None:
        if i in results:
            return results[i]
        if i in visiting:
            return None  # a loop: the caller reports it
        visiting.add(i)
        try:
            if "previousProof" in proofs[i]:
                result = chained(i)
            else:
                own = proofs[i].get("id")
                result = replace(
                    plain(i), proof_id=own if isinstance(own, str) else None, chained=i in named
                )
        finally:
            visiting.discard(i)
        results[i] = result
        return result

    return [check(i) or results[i] for i in range(len(proofs))]
