"""Selective disclosure for the learner: what of an ``ecdsa-sd-2023`` credential to reveal.

An issuer signs with a *base proof* (kept by the holder only) and names the statements that
must always be disclosed (its *mandatory pointers*). When presenting, the learner reveals those
and chooses the rest: everything (the default), only some parts (``reveal``), or everything
except some parts (``hide``, e.g. ``/credentialSubject/result`` to show a badge without its
grade). :func:`disclose` derives the credential to present
(:func:`wallet.proofs.ecdsa_sd_2023.derive`); any other credential is presented unchanged.

Pointers are JSON pointers (RFC 6901) into the credential as received. :func:`claims` lists
what a person chooses among: the credential's own statements and its subject's, each marked
required when the issuer's mandatory pointers touch it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wallet.errors import SelectionError
from wallet.ld.jsonld import DocumentLoader
from wallet.proofs.base import proofs_of
from wallet.proofs.ecdsa_sd_2023 import derive, is_base_proof, parse_base_proof_value

__all__ = ["Claim", "claims", "disclose", "is_selective", "leaf_pointers", "mandatory_pointers"]

_SKIP = ("@context", "proof")
# What always goes along (not a claim a person chooses): what the credential is, how it is
# checked (its status, schema, refresh and terms), and who it is about.
_STRUCTURE = frozenset(
    {
        "@context",
        "id",
        "type",
        "proof",
        "credentialSubject",
        "credentialStatus",
        "credentialSchema",
        "refreshService",
        "termsOfUse",
    }
)
_SUBJECT_STRUCTURE = frozenset({"id", "type"})
# Listed, but never hidden: without them the credential no longer conforms (OB 3.0 requires
# an issuer, a validFrom, a name and the achievement), whatever the issuer made mandatory.
_KEPT = frozenset({"issuer", "validFrom", "issuanceDate", "name"})
_SUBJECT_KEPT = frozenset({"achievement"})


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def leaf_pointers(document: Mapping[str, Any]) -> list[str]:
    """A pointer to every property whose value is not an object (the proof and the contexts
    left out), an array counting as one value: selecting them all discloses the whole
    document. (Array indexes are never used: JSON-LD compaction may turn a one-item array into
    its item, so ``/type/0`` need not point anywhere in what the proof signed.)"""

    def walk(value: Any, at: str) -> Iterator[str]:
        if isinstance(value, Mapping):
            items = [(k, v) for k, v in value.items() if not (at == "" and k in _SKIP)]
            if not items and at:
                yield at
            for key, child in items:
                yield from walk(child, f"{at}/{_escape(str(key))}")
        else:
            yield at

    return list(walk(document, ""))


def _base_proof(credential: Any) -> Mapping[str, Any] | None:
    if not isinstance(credential, Mapping):
        return None
    return next((p for p in proofs_of(credential) if is_base_proof(p)), None)


def is_selective(credential: Any) -> bool:
    """Whether the learner can choose what of this credential to reveal."""
    return _base_proof(credential) is not None


def mandatory_pointers(credential: Any) -> tuple[str, ...]:
    """What the issuer requires to be disclosed (empty for other credentials)."""
    proof = _base_proof(credential)
    if proof is None:
        return ()
    return parse_base_proof_value(proof.get("proofValue")).mandatory_pointers


def _under(pointer: str, prefix: str) -> bool:
    return pointer == prefix or pointer.startswith(prefix.rstrip("/") + "/")


@dataclass(frozen=True)
class Claim:
    """One statement of a credential a person may reveal or hide: ``key`` (``result``) in
    the credential itself or its subject (``in_subject``), at ``pointer``
    (``/credentialSubject/result``), with its ``value`` as issued; ``required`` when the
    issuer requires it (or a part of it) to be disclosed, or the credential would not conform
    without it (its issuer, validFrom, name, the achievement), so it is always included."""

    pointer: str
    key: str
    in_subject: bool
    value: Any
    required: bool


def claims(credential: Any) -> tuple[Claim, ...]:
    """The statements of an ``ecdsa-sd-2023`` credential a person chooses among, in the
    issuer's order: the credential's own (``name``, ``description``, ``validUntil``, …) then
    its subject's (``result``, ``achievement``, …); what identifies and checks the credential
    is always included and not listed. Empty for any other credential."""
    if not is_selective(credential):
        return ()
    required = mandatory_pointers(credential)

    def claim(pointer: str, key: str, in_subject: bool, value: Any) -> Claim:
        needed = key in (_SUBJECT_KEPT if in_subject else _KEPT) or any(
            _under(m, pointer) or _under(pointer, m) for m in required
        )
        return Claim(pointer, key, in_subject, value, needed)

    out = [
        claim(f"/{_escape(key)}", key, False, value)
        for key, value in credential.items()
        if key not in _STRUCTURE
    ]
    subject = credential.get("credentialSubject")
    if isinstance(subject, Mapping):
        out += [
            claim(f"/credentialSubject/{_escape(key)}", key, True, value)
            for key, value in subject.items()
            if key not in _SUBJECT_STRUCTURE
        ]
    return tuple(out)


def disclose(
    credential: Any,
    *,
    reveal: Sequence[str] | None = None,
    hide: Sequence[str] = (),
    loader: DocumentLoader | None = None,
) -> Any:
    """The credential as it will be presented: an ``ecdsa-sd-2023`` one derived to reveal the
    issuer's mandatory statements plus ``reveal`` (None: everything) minus ``hide``; any other
    credential unchanged. A part the issuer requires cannot be hidden, and a pointer that points
    nowhere is refused (:class:`~wallet.errors.SelectionError`, with the reason)."""
    if not is_selective(credential):
        return credential
    leaves = leaf_pointers(credential)
    for pointer in [*(reveal or ()), *hide]:
        if not any(_under(leaf, pointer) for leaf in leaves):
            raise SelectionError(f"{pointer} points at nothing in this credential")
    required = mandatory_pointers(credential)
    for pointer in hide:
        clash = next((m for m in required if _under(m, pointer) or _under(pointer, m)), None)
        if clash is not None:
            raise SelectionError(
                f"the issuer requires {clash} to be disclosed, so {pointer} cannot be hidden"
            )
    chosen = [leaf for leaf in leaves if reveal is None or any(_under(leaf, r) for r in reveal)]
    chosen = [leaf for leaf in chosen if not any(_under(leaf, h) for h in hide)]
    return derive(credential, chosen, loader)
