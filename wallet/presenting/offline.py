"""The presentation an offline QR code carries: the credentials **directly** in
``verifiableCredential`` (a scanner such as the DCC Learner Credential Wallet stages
``vp.verifiableCredential`` as the credentials; the learner's CLR around them would only make
the code larger and hide them), unsigned unless the learner answers a verifier's challenge.

Unsigned, the presentation is an envelope: each credential proves itself by its issuer's
signature, years later and with no server (:mod:`wallet.verification.verify` reads it so when no
challenge is asked). Signed (``challenge``/``domain``), it also proves who presents it, to that
verifier. A VC-JWT cannot go in one (the format carries JSON-LD): refused by name.

Pure: the credentials come in already derived (ecdsa-sd-2023: only what the learner chose to
show, :func:`wallet.presenting.disclosure.disclose`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wallet.credential import as_list, objects, type_names
from wallet.crypto.keys import Signer
from wallet.errors import CborldEncodeError, SigningError
from wallet.proofs import dataintegrity as di
from wallet.vocab import VC2_CONTEXT

__all__ = ["carried_credentials", "offline_presentation"]


def _learner_clr(doc: Mapping[str, Any]) -> bool:
    issuer = doc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    return (
        "ClrCredential" in type_names(doc.get("type"))
        and isinstance(issuer_id, str)
        and any(s.get("id") == issuer_id for s in objects(doc.get("credentialSubject")))
    )


def carried_credentials(presentation: Mapping[str, Any]) -> list[Any]:
    """The credentials a presentation shows, in the order a reader shows them as cards
    (:func:`wallet.record.view.record_view`): each one it carries, and for a CLR the learner
    issued about themself (the wallet's presentations), the credentials inside it instead."""
    out: list[Any] = []
    for doc in as_list(presentation.get("verifiableCredential")):
        if isinstance(doc, Mapping) and _learner_clr(doc):
            out += [
                vc
                for s in objects(doc.get("credentialSubject"))
                for vc in as_list(s.get("verifiableCredential"))
            ]
        else:
            out.append(doc)
    return out


def offline_presentation(
    credentials: Sequence[Any],
    *,
    holder: Signer | None = None,
    holder_did: str | None = None,
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """A plain presentation of ``credentials`` (JSON-LD objects), signed by ``holder`` for
    ``challenge``/``domain`` when either is given, else unsigned (and naming no holder)."""
    if not credentials:
        raise SigningError("choose at least one credential for the QR code")
    for credential in credentials:
        if not isinstance(credential, Mapping) or "EnvelopedVerifiableCredential" in type_names(
            credential.get("type")
        ):
            raise CborldEncodeError(
                "a VC-JWT credential cannot go in an offline QR code (it "
                "carries JSON-LD credentials only); share a link instead"
            )
    vp: dict[str, Any] = {
        "@context": [VC2_CONTEXT],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [dict(c) for c in credentials],
    }
    if challenge is None and domain is None:
        return vp
    if holder is None or holder_did is None:
        raise SigningError("a presentation for a challenge is signed by its holder")
    vp["holder"] = holder_did
    return di.sign(vp, holder, proof_purpose="authentication", challenge=challenge, domain=domain)
