"""``ecdsa-sd-2023`` — W3C vc-di-ecdsa 1.0 §3.5–§3.6: ECDSA selective disclosure, P-256 only.

Three parties, three entry points:

* the **issuer** signs a *base proof* (:func:`create_base_proof`, or
  ``sign(doc, signer, cryptosuite="ecdsa-sd-2023", mandatory_pointers=[...])``): one signature
  by a proof-scoped key per statement that may be left out, and the issuer's signature over the
  proof options, that key and the statements that must always be shown (the *mandatory
  pointers*); the HMAC key that blinds blank-node labels is in the proof value;
* the **holder** checks a base proof (:func:`verify_base_proof`) and makes a *derived proof*
  that discloses the mandatory statements and the ones it chooses (:func:`derive`);
* the **verifier** checks a derived proof (the registry's :data:`SUITE`, through
  :func:`~wallet.proofs.dataintegrity.verify_proof`) — and refuses a base proof: base proofs are
  for the holder only (they carry the HMAC key and every statement).

Proof values — multibase base64url over a three-byte header and an untagged CBOR array (RFC
8949), per §3.5.2–§3.5.8 — are written and read in :mod:`wallet.proofs.ecdsa_sd_values`. The
functions follow the specification's algorithms and are named after them.
"""

from __future__ import annotations

import copy
import hashlib
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wallet.crypto.keys import EcKeyPair, EcPublicKey, Signer
from wallet.crypto.multiformats import b58encode
from wallet.errors import (
    BadSignatureError,
    BaseProofError,
    DisclosureError,
    KeyFormatError,
    KeyTypeError,
    MalformedProofError,
    ProofError,
    SelectionError,
)
from wallet.fetch import Fetcher
from wallet.ld import rdfc
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import (
    Cryptosuite,
    ProofCheck,
    Verification,
    check_proof,
    configure,
    ecdsa_key,
    proofs_of,
    unsecured_of,
)
from wallet.proofs.ecdsa_rdfc_2019 import serialize_proof, signer_curve
from wallet.proofs.ecdsa_sd_values import (
    BASE_HEADER,
    DERIVED_HEADER,
    NAME,
    P256,
    BaseProofValue,
    DerivedProofValue,
    is_base_proof,
    parse_base_proof_value,
    parse_derived_proof_value,
    proof_bytes,
    serialize_base_proof_value,
    serialize_derived_proof_value,
    serialize_sign_data,
)
from wallet.proofs.sd_primitives import (
    canonical_ids,
    canonicalize_and_group,
    hash_mandatory,
    hmac_label_map_function,
    relabel,
    select_json_ld,
)

__all__ = [
    "DERIVED_HEADER",
    "HOLDER_SUITE",
    "NAME",
    "SUITE",
    "BaseProofValue",
    "DerivedProofValue",
    "DisclosureData",
    "VerifyData",
    "base_transformation",
    "create_base_proof",
    "create_disclosure_data",
    "create_verify_data",
    "derive",
    "is_base_proof",
    "parse_base_proof_value",
    "parse_derived_proof_value",
    "serialize_base_proof_value",
    "serialize_derived_proof_value",
    "serialize_sign_data",
    "verify_base_proof",
]


def _sha256(data: str | bytes) -> bytes:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).digest()


# --- the issuer: base proofs (§3.6.1–§3.6.5) -------------------------------------------------


@dataclass(frozen=True)
class BaseTransform:
    mandatory_pointers: tuple[str, ...]
    mandatory: list[str]  # canonical statements, HMAC-labelled, that are always disclosed
    non_mandatory: list[str]  # the rest: each gets its own signature
    hmac_key: bytes


def base_transformation(
    unsecured: Mapping[str, Any],
    mandatory_pointers: Sequence[str],
    hmac_key: bytes,
    loader: DocumentLoader | None = None,
) -> BaseTransform:
    """§3.6.2 *Base Proof Transformation*."""
    grouped = canonicalize_and_group(
        unsecured,
        hmac_label_map_function(hmac_key),
        {"mandatory": list(mandatory_pointers)},
        loader,
    )
    group = grouped.groups["mandatory"]
    return BaseTransform(
        tuple(mandatory_pointers),
        list(group.matching.values()),
        list(group.non_matching.values()),
        hmac_key,
    )


def proof_hash(proof: Mapping[str, Any], context: Any, loader: DocumentLoader | None) -> bytes:
    """§3.6.3–§3.6.4: SHA-256 of the canonical proof configuration (under the document's
    ``@context``, without ``proofValue``)."""
    return _sha256(configure(proof, context, loader))


def create_base_proof(
    unsecured: Mapping[str, Any],
    signer: Signer,
    options: dict[str, Any],
    loader: DocumentLoader | None = None,
    *,
    mandatory_pointers: Sequence[str] = (),
    hmac_key: bytes | None = None,
    proof_key: EcKeyPair | None = None,
) -> dict[str, Any]:
    """§3.6.1 *Create Base Proof*. ``hmac_key`` and ``proof_key`` (the proof-scoped key pair)
    are fresh unless given (vectors give them). Raises :class:`~wallet.errors.SelectionError`
    for a mandatory pointer that selects nothing."""
    signer_curve(signer, NAME, ("P-256",))
    if isinstance(mandatory_pointers, str):
        raise SelectionError("mandatory_pointers is a list of JSON pointers, not one string")
    hmac_key = os.urandom(32) if hmac_key is None else hmac_key
    if len(hmac_key) != 32:
        raise SelectionError("the HMAC key has 32 bytes")
    proof_key = proof_key or EcKeyPair.generate("P-256")
    if proof_key.curve is not P256:
        raise KeyTypeError(f"{NAME}'s proof-scoped key is a P-256 key")
    transformed = base_transformation(unsecured, mandatory_pointers, hmac_key, loader)
    # §3.6.5 Base Proof Serialization
    signatures = tuple(proof_key.sign(nq.encode("utf-8")) for nq in transformed.non_mandatory)
    public_key = proof_key.public.multikey
    to_sign = serialize_sign_data(
        proof_hash(options, unsecured["@context"], loader),
        public_key,
        hash_mandatory(transformed.mandatory),
    )
    base_signature = serialize_proof(to_sign, signer, P256)
    value = BaseProofValue(
        base_signature, public_key, hmac_key, signatures, transformed.mandatory_pointers
    )
    return {**options, "proofValue": serialize_base_proof_value(value)}


# --- the holder: derived proofs (§3.5.4, §3.6.6) ---------------------------------------------


@dataclass(frozen=True)
class DisclosureData:
    base_signature: bytes
    public_key: bytes
    signatures: tuple[bytes, ...]  # those of the selectively disclosed statements
    label_map: dict[str, str]
    mandatory_indexes: tuple[int, ...]
    reveal_document: dict[str, Any]


def create_disclosure_data(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    selective_pointers: Sequence[str],
    loader: DocumentLoader | None = None,
) -> DisclosureData:
    """*createDisclosureData* (§3.5.4)."""
    base = parse_base_proof_value(proof.get("proofValue"))
    if isinstance(selective_pointers, str):
        raise SelectionError("selective_pointers is a list of JSON pointers, not one string")
    selective = list(selective_pointers)
    mandatory = list(base.mandatory_pointers)
    if not mandatory and not selective:
        raise SelectionError("nothing is selected for disclosure")
    combined = mandatory + selective
    grouped = canonicalize_and_group(
        unsecured,
        hmac_label_map_function(base.hmac_key),
        {"mandatory": mandatory, "selective": selective, "combined": combined},
        loader,
    )
    m, s, c = (grouped.groups[k] for k in ("mandatory", "selective", "combined"))
    if len(base.signatures) != len(m.non_matching):
        raise DisclosureError(
            f"the base proof signs {len(base.signatures)} statements, but the "
            f"document has {len(m.non_matching)} that are not mandatory: the "
            "document is not the one that was signed"
        )
    mandatory_indexes = tuple(rel for rel, index in enumerate(c.matching) if index in m.matching)
    filtered, index = [], 0
    for signature in base.signatures:
        while index in m.matching:
            index += 1
        if index in s.matching:
            filtered.append(signature)
        index += 1
    reveal = select_json_ld(unsecured, combined)
    assert reveal is not None  # combined is not empty
    verifier_ids = canonical_ids(rdfc.canonical_dataset(c.deskolemized))
    label_map = {c14n: grouped.label_map[node] for node, c14n in verifier_ids.items()}
    return DisclosureData(
        base.base_signature, base.public_key, tuple(filtered), label_map, mandatory_indexes, reveal
    )


def _base_proof_of(document: Mapping[str, Any], proof_id: str | None) -> Mapping[str, Any]:
    candidates = [
        p
        for p in proofs_of(document)
        if is_base_proof(p) and (proof_id is None or p.get("id") == proof_id)
    ]
    if not candidates:
        raise ProofError(
            f"the document has no {NAME} base proof"
            + (f" with id {proof_id!r}" if proof_id else "")
            + " to derive from"
        )
    if len(candidates) > 1:
        raise ProofError(
            f"the document has {len(candidates)} {NAME} base proofs: name one with proof_id"
        )
    return candidates[0]


def derive(
    document: Mapping[str, Any],
    selective_pointers: list[str],
    loader: DocumentLoader | None = None,
    *,
    proof_id: str | None = None,
) -> dict[str, Any]:
    """§3.6.6 *Add Derived Proof*: a new document disclosing the issuer's mandatory statements
    and those ``selective_pointers`` (JSON pointers, RFC 6901) select, with a derived proof.

    ``document`` (never mutated) carries the base proof; ``proof_id`` names it when there are
    several. Raises :class:`~wallet.errors.SelectionError` (a pointer that selects nothing),
    :class:`~wallet.errors.MalformedProofError` / :class:`~wallet.errors.KeyTypeError` (a base
    proof that cannot be used), :class:`~wallet.errors.DisclosureError` (the base proof does not
    fit the document) or a :class:`~wallet.errors.JsonLdError`.
    """
    proof = _base_proof_of(document, proof_id)
    data = create_disclosure_data(unsecured_of(document), proof, selective_pointers, loader)
    derived = DerivedProofValue(
        data.base_signature,
        data.public_key,
        data.signatures,
        data.label_map,
        data.mandatory_indexes,
    )
    new_proof = {k: copy.deepcopy(v) for k, v in proof.items() if k != "@context"}
    new_proof["proofValue"] = serialize_derived_proof_value(derived)
    return {**data.reveal_document, "proof": new_proof}


# --- verifying (§3.5.8, §3.6.7; the holder's check after Digital Bazaar's "confirm") ---------


@dataclass(frozen=True)
class VerifyData:
    base_signature: bytes
    proof_hash: bytes
    public_key: bytes
    signatures: tuple[bytes, ...]
    non_mandatory: list[str]
    mandatory_hash: bytes


def create_verify_data(v: Verification, derived: DerivedProofValue) -> VerifyData:
    """*createVerifyData* (§3.5.8): the document canonicalized under the proof's label map."""
    labels = derived.label_map
    if len(set(labels.values())) != len(labels):
        raise MalformedProofError("the proof's label map gives two blank nodes one label")
    try:
        nquads = relabel(v.rdfc_dataset(), labels)
    except KeyError as exc:
        raise DisclosureError(
            f"the document has a blank node ({exc.args[0]}) the proof's label "
            "map does not name: statements were added"
        ) from None
    wanted = set(derived.mandatory_indexes)
    if wanted and max(wanted) >= len(nquads):
        raise DisclosureError(
            f"the proof names statement {max(wanted) + 1} as mandatory, but "
            f"the document discloses {len(nquads)}: statements were removed"
        )
    mandatory = [nq for i, nq in enumerate(nquads) if i in wanted]
    non_mandatory = [nq for i, nq in enumerate(nquads) if i not in wanted]
    return VerifyData(
        derived.base_signature,
        proof_hash(v.proof, v.document.get("@context"), v.loader),
        derived.public_key,
        derived.signatures,
        non_mandatory,
        hash_mandatory(mandatory),
    )


def _proof_scoped_key(public_key: bytes) -> EcPublicKey:
    try:
        key = EcPublicKey.from_multibase("z" + b58encode(public_key))
    except KeyFormatError as exc:
        raise MalformedProofError(f"the proof-scoped key cannot be read: {exc.message}") from None
    if key.curve is not P256:
        raise KeyTypeError(f"{NAME}'s proof-scoped key must be P-256, not {key.curve.name}")
    return key


def _multiverify(issuer: EcPublicKey, data: VerifyData, what: str) -> None:
    """The last steps of §3.6.7: the issuer's signature, then one per statement."""
    if len(data.signatures) != len(data.non_mandatory):
        raise DisclosureError(
            f"the {what} has {len(data.non_mandatory)} statements beyond the "
            f"mandatory ones, but {len(data.signatures)} signatures: "
            "statements were added or removed"
        )
    scoped = _proof_scoped_key(data.public_key)
    to_verify = serialize_sign_data(data.proof_hash, data.public_key, data.mandatory_hash)
    if not issuer.verify(data.base_signature, to_verify):
        raise BadSignatureError(
            "the issuer's signature does not match: the mandatory "
            "statements or the proof options were changed, or it was "
            "signed with another key"
        )
    for i, (signature, nq) in enumerate(zip(data.signatures, data.non_mandatory, strict=True)):
        if not scoped.verify(signature, nq.encode("utf-8")):
            raise BadSignatureError(
                f"disclosed statement {i + 1} of {len(data.signatures)} "
                "does not match its signature: it was changed, or "
                "statements were reordered"
            )


def _decode_derived(proof: Mapping[str, Any]) -> DerivedProofValue:
    if proof_bytes(proof.get("proofValue")).startswith(BASE_HEADER):
        raise BaseProofError(
            f"this is an {NAME} base proof: base proofs are for the holder "
            "only; a verifier needs a derived proof, made by the holder for "
            "what they chose to disclose"
        )
    return parse_derived_proof_value(proof.get("proofValue"))


def _verify_derived(v: Verification, derived: DerivedProofValue) -> None:
    """§3.6.7 *Verify Derived Proof*."""
    _multiverify(
        ecdsa_key(v, NAME, ("P-256",)), create_verify_data(v, derived), "disclosed document"
    )


def _decode_any(proof: Mapping[str, Any]) -> BaseProofValue | DerivedProofValue:
    if proof_bytes(proof.get("proofValue")).startswith(BASE_HEADER):
        return parse_base_proof_value(proof.get("proofValue"))
    return parse_derived_proof_value(proof.get("proofValue"))


def _verify_any(v: Verification, value: BaseProofValue | DerivedProofValue) -> None:
    if isinstance(value, DerivedProofValue):
        _verify_derived(v, value)
        return
    issuer = ecdsa_key(v, NAME, ("P-256",))
    transformed = base_transformation(
        v.unsecured, value.mandatory_pointers, value.hmac_key, v.loader
    )
    _multiverify(
        issuer,
        VerifyData(
            value.base_signature,
            proof_hash(v.proof, v.document.get("@context"), v.loader),
            value.public_key,
            value.signatures,
            transformed.non_mandatory,
            hash_mandatory(transformed.mandatory),
        ),
        "document",
    )


def verify_base_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any] | None = None,
    *,
    expected_purpose: str = "assertionMethod",
    fetcher: Fetcher | None = None,
    loader: DocumentLoader | None = None,
    now: datetime | None = None,
) -> ProofCheck:
    """The holder's check of a base proof (``proof``, or the document's one base proof): the
    issuer's signature over the proof hash, the proof-scoped key and the mandatory statements,
    and the proof-scoped key's signature on every other statement. A derived proof is checked
    as a verifier would. Never raises for a bad proof."""
    if proof is None:
        found = [p for p in proofs_of(document) if is_base_proof(p)]
        if len(found) != 1:
            return ProofCheck(
                suite=NAME,
                supported=True,
                valid=False,
                code="no_proof",
                reason=f"the document has {len(found)} {NAME} base proofs, not one",
            )
        proof = found[0]
    return check_proof(
        document,
        proof,
        HOLDER_SUITE,
        expected_purpose=expected_purpose,
        fetcher=fetcher,
        loader=loader,
        now=now,
    )


SUITE = Cryptosuite(
    NAME, _decode_derived, _verify_derived, create_base_proof, verified="derived proof verified"
)
HOLDER_SUITE = Cryptosuite(
    NAME, _decode_any, _verify_any, create_base_proof, verified="proof verified (as the holder)"
)
