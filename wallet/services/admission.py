"""One way in for a credential, however it arrives — over OpenID4VCI, delivered by a VC-API
exchange, or as a file or pasted text: read it, verify it, check that it is the holder's, and
only then store it (:meth:`~wallet.services.credentials.CredentialService.admit`).

::

    incoming ──▶ examine ──┬─ read             wallet.formats.sources.load_bytes
      (bytes, a JSON       ├─ holder binding   holder_bound: a subject id binds the holder's key
       object, a VC-JWT)   └─ authenticity     authenticate → refusal_of
                   │
                   ├─▶ Examined ──▶ keep (the vault)        (VC-API: after the learner agrees)
                   └─▶ Refused (a named error; nothing stored)

The exchanges decide nothing: they return what they received (:mod:`wallet.exchange.oid4vci`,
:mod:`wallet.exchange.vcalm`), and the services hand it here. A refusal is the same error —
the same ``code`` and sentence — whichever way the credential came: :class:`~wallet.errors.
NotAuthenticError` (a proof, data-model rule or context fails), :class:`~wallet.errors.
OtherSubjectError` (received for the holder, but issued to another subject), or the reader's
own error for what cannot be read at all.

A credential the learner chose themselves (a file, pasted text) is admitted without a holder:
it may have been issued to an e-mail address or another wallet's DID. A credential an exchange
issues or delivers *to this wallet* must be bound to the holder's key.

:func:`authenticate` is the one verification of a credential being admitted; another format
(Open Badges 2.0) joins there.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from wallet.crypto import jws
from wallet.errors import InputError, NotAuthenticError, OtherSubjectError, WalletError
from wallet.formats import vcjwt
from wallet.formats.sources import LoadedInput, load_bytes
from wallet.result import VerificationResult
from wallet.verification.binding import bind_key, identifier_key
from wallet.verification.verify import VerifyOptions, verify

__all__ = [
    "Examined",
    "Incoming",
    "Refused",
    "as_bytes",
    "authenticate",
    "examine",
    "holder_bound",
    "refusal_of",
]

# What a service hands in: the bytes of a file, or a credential as an exchange received it —
# a JSON object (Data Integrity) or a string (a VC-JWT).
Incoming = bytes | str | Mapping[str, Any]


@dataclass(frozen=True)
class Examined:
    """A credential that may be stored: read, authentic, and (when ``holder`` is set) bound to
    the holder. Made only by :func:`examine`."""

    loaded: LoadedInput
    verification: VerificationResult
    holder: str | None  # the DID it was checked to be issued to; None: not asked
    name: str  # what it calls itself (unverified words, for a question to the learner)


@dataclass(frozen=True)
class Refused:
    """A credential that was not admitted, and why; nothing of it was stored."""

    error: InputError

    @property
    def code(self) -> str:
        return self.error.code

    @property
    def message(self) -> str:
        return self.error.message


def as_bytes(incoming: Incoming) -> bytes:
    """The credential's bytes: a file's as they are, a VC-JWT's text, a JSON object as JSON."""
    if isinstance(incoming, bytes):
        return incoming
    if isinstance(incoming, str):
        return incoming.encode("utf-8")
    return json.dumps(incoming, ensure_ascii=False).encode("utf-8")


def _subject_ids(credential: Mapping[str, Any] | str) -> list[Any]:
    if isinstance(credential, str):  # a VC-JWT: ``sub`` and the subject of its VC, unverified
        with contextlib.suppress(WalletError):
            payload = jws.decode_jws(credential).payload
            subject = vcjwt.vc_from_jwt_payload(payload).get("credentialSubject")
            return [payload.get("sub"), subject.get("id") if isinstance(subject, Mapping) else None]
        return []
    subjects = credential.get("credentialSubject") if isinstance(credential, Mapping) else None
    subjects = subjects if isinstance(subjects, list) else [subjects]
    return [s.get("id") for s in subjects if isinstance(s, Mapping)]


def holder_bound(credential: Mapping[str, Any] | str, holder: str) -> bool:
    """The credential (a JSON object, or a VC-JWT) is the holder's (OID4VCI §8.2:
    cryptographic binding): a subject identifier that binds the holder's key
    (:func:`wallet.verification.binding.bind_key`; offline: the holder's did:key is its key).
    Never by the shape of an identifier: another form of the same key binds, a look-alike
    does not."""
    key = identifier_key(holder)
    return key is not None and any(
        isinstance(i, str) and bind_key(i, key).bound for i in _subject_ids(credential)
    )


def authenticate(loaded: LoadedInput, options: VerifyOptions) -> VerificationResult:
    """The one verification of a credential being admitted, whatever its format and however it
    came. (Another format's verification — Open Badges 2.0 — is chosen here.)"""
    return verify(loaded, options)


def refusal_of(result: VerificationResult) -> NotAuthenticError | None:
    """Why a verified credential may not be stored: the first authenticity check that failed
    (:data:`wallet.result.AUTHENTICITY_CHECKS`); None when it may be. A credential that is
    only expired, revoked or from an issuer nobody vouches for is kept, marked so."""
    failed = result.authenticity_failures
    if not failed:
        return None
    return NotAuthenticError(
        f"not stored: {failed[0].message}",
        result=result,
        check=str(failed[0].id),
        detail=failed[0].detail,
    )


def _name(loaded: LoadedInput) -> str:
    document = loaded.document
    if loaded.jwt is not None:
        document = None
        with contextlib.suppress(WalletError):
            document = vcjwt.unverified_credential(loaded.jwt)
    name = document.get("name") if isinstance(document, Mapping) else None
    return str(name or "a credential")


def examine(
    incoming: Incoming,
    options: VerifyOptions,
    *,
    holder: str | None = None,
    name: str | None = None,
) -> Examined | Refused:
    """Read, check the holder binding (when ``holder``, a DID, is given), and verify; nothing
    is stored. ``name``: a file's name (a baked badge image is read by its type)."""
    try:
        loaded = load_bytes(as_bytes(incoming), name=name)
    except InputError as exc:
        return Refused(exc)
    if holder is not None:
        credential = loaded.jwt if loaded.jwt is not None else loaded.document
        if credential is None or not holder_bound(credential, holder):
            return Refused(
                OtherSubjectError("it was issued to another subject, not to you; it was not stored")
            )
    result = authenticate(loaded, options)
    refused = refusal_of(result)
    if refused is not None:
        return Refused(refused)
    return Examined(loaded, result, holder, _name(loaded))
