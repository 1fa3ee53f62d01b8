"""Who a key belongs to: the one binding model, for every party the wallet names — a
credential's issuer, a presentation's holder, the subject a credential is issued to.

A valid signature proves that the holder of a key signed. Whether that key is the *party's*
is decided here, by proof only (:func:`bind_key`):

====================================  ===================================  ======================
the party's identifier                binds the key when                   otherwise
====================================  ===================================  ======================
``did:key:z…``                        (a) it *is* the key (the canonical   **not the party's key**
                                      did:key of exactly this key)
``did:jwk:…``                         (a) it *is* the key (its JWK is      **not the party's key**
                                      exactly this key)
``did:web:host[:path]``               (b) its DID document (whose ``id``   listed nothing of it:
                                      is exactly the DID) lists exactly    **not the party's
                                      this key for the purpose             key**; unreadable
                                                                           (offline, 404, not
                                                                           JSON): see (c)
``https://…`` (an issuer profile,     (b) the document at exactly that     as for did:web
a controller document)                URL (its ``id``, if any, exactly
                                      the URL) lists exactly this key
``urn:uuid:…``, another DID method,   — (it has no document of its own)    see (c)
a DID URL or URL with a fragment
where (a) and (b) do not decide       (c) an entry of a trust list you     **not confirmed**
                                      keep names *this key* for the        (``issuer not
                                      identifier: exactly the key id       confirmed``)
                                      (a key id of the identifier that
                                      carries this key), or the
                                      identifier with this public key
====================================  ===================================  ======================

Never by a prefix (``did:web:alice.example`` does not own ``did:web:alice.example.evil.test``),
a fragment or "the part before ``#``" (``https://uni.example/issuers/1#z6Mk<anyone>`` is not
the issuer's key because of its first half), case, percent-encoding, trailing dots or a
look-alike host: an identifier is compared whole, and a key by its bytes. A trust-list entry
that names only an identifier (an issuer URL, a DID) **recognises** an issuer whose key is
bound by (a) or (b) — it never binds a key (:func:`recognition_check`). The purpose is the
proof's: ``assertionMethod`` for an issuer, ``authentication`` for a holder.

Public functions: :func:`bind_key` (one key, one identifier → a :class:`Binding`), and for
verification :func:`binding_check` (the proofs that verified → a check) and
:func:`recognition_check` (which list says who the issuer is). :func:`identifier_key` is the
key a self-certifying identifier (did:key, did:jwk) is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from wallet.crypto.did import KeyResolution, controller_keys
from wallet.crypto.keys import PublicKey
from wallet.errors import DidResolutionError, FetchError
from wallet.fetch import Fetcher
from wallet.result import NOT_CONFIRMED, Check, CheckId, Outcome, Recognition
from wallet.verification.trust import TrustLists

__all__ = [
    "ASSERTION",
    "AUTHENTICATION",
    "Binding",
    "Standing",
    "Via",
    "bind_key",
    "binding_check",
    "check_of",
    "claimed_name_of",
    "identifier_key",
    "recognition_check",
]

ASSERTION = "assertionMethod"  # an issuer's proofs
AUTHENTICATION = "authentication"  # a holder's proofs


class Standing(StrEnum):
    BOUND = "bound"
    NOT_THE_KEY = "not_the_key"  # the identifier, or its own document, says it is another's
    NOT_CONFIRMED = "not_confirmed"  # nothing decides: no document, or none that can be read


class Via(StrEnum):
    IDENTIFIER = "identifier"  # (a) the identifier is the key
    DOCUMENT = "document"  # (b) the identifier's own document lists the key
    TRUST_LIST = "trust_list"  # (c) a trust-list entry names the key for the identifier


@dataclass(frozen=True)
class Binding:
    """Whether ``key`` is ``identifier``'s, how (``via``), and why (``reason``: an English
    clause). ``vouched``: the trust-list entry that binds it (``via`` :attr:`Via.TRUST_LIST`)."""

    identifier: str
    key: PublicKey | None
    key_id: str | None
    standing: Standing
    reason: str
    via: Via | None = None
    vouched: Recognition | None = None

    @property
    def bound(self) -> bool:
        return self.standing is Standing.BOUND


def identifier_key(identifier: str) -> PublicKey | None:
    """The key a self-certifying identifier is — exactly a canonical ``did:key``, or a
    ``did:jwk`` — else ``None`` (any other identifier, a DID URL, a malformed one)."""
    if identifier.startswith(("did:key:", "did:jwk:")):
        try:
            return controller_keys(identifier, fetcher=None)[0]
        except (DidResolutionError, FetchError):
            return None
    return None


def bind_key(
    identifier: str,
    key: PublicKey | None,
    key_id: str | None = None,
    *,
    fetcher: Fetcher | None = None,
    trust: TrustLists | None = None,
    purpose: str | None = ASSERTION,
) -> Binding:
    """Whether ``key`` (which signed; ``key_id``: the verification method it was resolved
    from) is ``identifier``'s, by the rules of the module docstring: (a) the identifier is the
    key; (b) the identifier's own document, fetched through ``fetcher`` (``None``: offline),
    lists it for ``purpose`` (``None``: as any of its verification methods); else (c) a list
    of ``trust`` names it for the identifier. Never raises for any input."""

    def binding(
        standing: Standing, reason: str, via: Via | None = None, vouched: Recognition | None = None
    ) -> Binding:
        return Binding(identifier, key, key_id, standing, reason, via, vouched)

    if key is None:
        return binding(
            Standing.NOT_CONFIRMED, "the signing key is of a kind whose owner cannot be checked"
        )
    if identifier.startswith(("did:key:", "did:jwk:")):
        if identifier_key(identifier) == key:
            method = identifier.split(":", 2)[1]
            return binding(
                Standing.BOUND, f"did:{method} identifier is the key itself", Via.IDENTIFIER
            )
        return binding(Standing.NOT_THE_KEY, f"{identifier} is a key itself, and not this one")
    try:
        keys = controller_keys(identifier, fetcher=fetcher, purpose=purpose)
    except FetchError as exc:
        unsettled = f"its own document could not be read ({exc.message})"
    except DidResolutionError as exc:
        unsettled = exc.message
    else:
        if key in keys:
            return binding(Standing.BOUND, f"{identifier}'s own document lists it", Via.DOCUMENT)
        return binding(
            Standing.NOT_THE_KEY,
            f"{identifier}'s own document does not list it"
            + (f" for {purpose}" if purpose else ""),
        )
    vouched = trust.vouch(identifier, key, key_id) if trust is not None else None
    if vouched is not None:
        return binding(
            Standing.BOUND,
            f"the trust list {vouched.list_name!r} names it",
            Via.TRUST_LIST,
            vouched,
        )
    return binding(Standing.NOT_CONFIRMED, unsettled)


# --- for verification: bindings as checks -----------------------------------------------------


def check_of(
    binding: Binding, role: str, cid: CheckId, *, signer: str, note: str | None = None
) -> Check:
    """One binding as the check a verification reports (``role``: ``issuer`` or ``holder``;
    ``signer``: how to name the key; ``note``: how the key was found, when that matters)."""
    party = binding.identifier
    if binding.via is Via.IDENTIFIER:
        return Check(
            id=cid,
            outcome=Outcome.PASSED,
            message=f"the signing key belongs to the {role} (the {binding.reason})",
        )
    if binding.via is Via.DOCUMENT:
        return Check(
            id=cid,
            outcome=Outcome.PASSED,
            message=f"the signing key is listed by the {role}'s own document",
        )
    if binding.via is Via.TRUST_LIST and binding.vouched is not None:
        vouched = binding.vouched
        who = f" as {vouched.name}" if vouched.name else ""
        return Check(
            id=cid,
            outcome=Outcome.PASSED,
            message=f"your trust list "
            f"{vouched.list_name!r} names the signing key as the {role}'s{who}",
            detail="trusted_key",
        )
    if binding.standing is Standing.NOT_THE_KEY:
        return Check(
            id=cid,
            outcome=Outcome.FAILED,
            message=f"signed with {signer}, which is "
            f"not the {role} {party}'s key: {binding.reason}",
            detail=f"{role}_mismatch",
        )
    why = f"{note}; " if note else ""
    return Check(
        id=cid,
        outcome=Outcome.WARNING,
        message=f"{why}nothing ties the signing key "
        f"({signer}) to the {role} {party}: {binding.reason}; anyone can sign in any "
        "name",
        detail=NOT_CONFIRMED,
    )


_ORDER = {Outcome.PASSED: 0, Outcome.WARNING: 1, Outcome.FAILED: 2}


def binding_check(
    accepted: Sequence[KeyResolution],
    party: str | None,
    role: str,
    cid: CheckId,
    *,
    fetcher: Fetcher | None,
    trust: TrustLists | None,
) -> tuple[Check, tuple[Binding, ...]]:
    """The binding of the proofs that verified (``accepted``, their keys' resolutions) to the
    ``party`` (``role``: ``issuer`` or ``holder``): the best of their checks, and every
    binding (for :func:`recognition_check`)."""
    if not accepted:
        return Check(id=cid, outcome=Outcome.SKIPPED, message="no valid proof to bind"), ()
    if party is None:
        who = accepted[0].method.controller
        if role == "holder":
            return Check(
                id=cid,
                outcome=Outcome.WARNING,
                message=f"the presentation names no holder; it was signed by {who}",
                detail="no_holder",
            ), ()
        return Check(
            id=cid,
            outcome=Outcome.FAILED,
            message="the credential names no issuer",
            detail="no_issuer",
        ), ()
    purpose = ASSERTION if role == "issuer" else AUTHENTICATION
    bindings = tuple(
        bind_key(
            party, r.method.public_key, r.method.id, fetcher=fetcher, trust=trust, purpose=purpose
        )
        for r in accepted
    )
    checks = [
        check_of(b, role, cid, signer=r.method.id or "an unnamed key")
        for b, r in zip(bindings, accepted, strict=True)
    ]
    return min(checks, key=lambda c: _ORDER.get(c.outcome, 3)), bindings


def recognition_check(
    issuer: str | None, bindings: Sequence[Binding], trust: TrustLists, claimed_name: str | None
) -> tuple[Check, Recognition | None]:
    """Which trust list recognises the issuer — only ever for a key **bound** to it: an entry
    for exactly the issuer, or one naming a bound key, where the key is bound by the issuer's
    identifier or document; the entry that binds it, where a trust list does."""
    bound = [b for b in bindings if b.bound and b.identifier == issuer]
    own = [(b.key, b.key_id) for b in bound if b.via in (Via.IDENTIFIER, Via.DOCUMENT)]
    vouched = [b.vouched for b in bound if b.via is Via.TRUST_LIST and b.vouched is not None]
    found = trust.recognise(issuer, own) if own else None
    if found is None and vouched:
        found = vouched[0]
    if found is not None:
        listed = f" as {found.name}" if found.name else ""
        return Check(
            id=CheckId.RECOGNITION,
            outcome=Outcome.PASSED,
            message=f"recognised by {found.list_name!r}{listed}",
        ), found
    claimed = f"; its name ({claimed_name}) is as the issuer gives it" if claimed_name else ""
    if not trust.lists:
        message = (
            "you keep no trust lists, so nothing says who this issuer is (add one with "
            f"`wallet trust`){claimed}"
        )
    else:
        names = ", ".join(repr(t.name) for t in trust.lists[:3])
        message = f"the issuer is on none of your trust lists ({names}){claimed}"
    return Check(
        id=CheckId.RECOGNITION, outcome=Outcome.WARNING, message=message, detail="not_recognised"
    ), None


def claimed_name_of(doc: Mapping[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    return name if isinstance(name, str) else None
