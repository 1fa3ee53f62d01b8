"""Who signed: is the key that made a valid proof the issuer's (or the holder's), and does a
trust list the user keeps recognise the issuer? Two separate questions, two checks.

**Binding** (:func:`binding_check`), for each proof that verified:

* the key's own resolution names the party as its controller and vouches for it (a did:key, a
  did:web DID document, the issuer's profile fetched over https) → *bound*;
* otherwise the party's own document is asked which keys it authorizes
  (:func:`wallet.did.controller_keys`): the key is among them → *bound*; the document was read
  and does not list it → **provably not the party's key** (a failure, whatever any list says);
* the document could not be read (offline, unreachable), or the party is named by something
  without keys (``urn:uuid:…``): a trust list the user keeps that holds the key (its id or its
  DID) → *bound*, the user vouching for it; else **not confirmed**
  (``detail="issuer_not_confirmed"``: the verdict "issuer not confirmed").

**Recognition** (:func:`recognition_check`): the first of the user's trust lists that holds the
issuer or one of its signing keys; none → a warning, and the issuer's name is only *claimed*.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wallet.did import KeyResolution, controller_keys
from wallet.errors import DidResolutionError, FetchError
from wallet.fetch import Fetcher
from wallet.keys import PublicKey
from wallet.result import NOT_CONFIRMED, Check, CheckId, Outcome, Recognition
from wallet.trust import TrustLists

__all__ = ["binding_check", "key_binding", "recognition_check"]


def _check(cid: CheckId, outcome: Outcome, message: str, detail: str | None = None) -> Check:
    return Check(id=cid, outcome=outcome, message=message, detail=detail)


def key_binding(key: PublicKey | None, key_id: str | None, controller: str | None,
                confirmed: bool, party: str, role: str, cid: CheckId, *,
                fetcher: Fetcher | None, trust: TrustLists | None,
                note: str | None = None) -> Check:
    """Whether one verified key is ``party``'s (see the module docstring)."""
    if controller == party and confirmed:
        return _check(cid, Outcome.PASSED, f"the signing key belongs to the {role}"
                      + (f" ({note})" if note else ""))
    signer = controller or key_id or "an unnamed key"
    try:
        keys = controller_keys(party, fetcher=fetcher, purpose="assertionMethod"
                               if role == "issuer" else "authentication")
    except FetchError as exc:
        unconfirmed = _check(cid, Outcome.WARNING, f"the {role} {party} could not be confirmed "
                             f"to hold the signing key ({exc.message}); anyone can sign in any "
                             "name", NOT_CONFIRMED)
    except DidResolutionError:
        if controller == party:
            why = f"{note}" if note else "the key names no document that vouches for it"
            unconfirmed = _check(cid, Outcome.WARNING, f"{why}; nothing confirms that it is the "
                                 f"{role}'s key", NOT_CONFIRMED)
        else:
            unconfirmed = _check(cid, Outcome.WARNING, f"the {role} is named {party}, which "
                                 f"lists no keys; the credential was signed by {signer}, and "
                                 f"nothing ties that key to the {role}", NOT_CONFIRMED)
    else:
        if key is not None and key in keys:
            return _check(cid, Outcome.PASSED, f"the signing key is listed by the {role}'s own "
                          "document")
        return _check(cid, Outcome.FAILED, f"signed with a key controlled by {signer}, which "
                      f"the {role} {party} does not list as its own", f"{role}_mismatch")
    # Nothing the issuer publishes settles it: only the user's own trust list can vouch.
    if trust is not None and key_id:
        vouched = trust.holds_key(key_id)
        if vouched is not None:
            who = f" as {vouched.name}" if vouched.name else ""
            return _check(cid, Outcome.PASSED, f"your trust list {vouched.list_name!r} holds "
                          f"the signing key{who}", "trusted_key")
    return unconfirmed


def binding_check(accepted: Sequence[KeyResolution], party: str | None, role: str,
                  cid: CheckId, *, fetcher: Fetcher | None,
                  trust: TrustLists | None) -> Check:
    """The binding of the proofs that verified (``accepted``, their keys' resolutions) to the
    ``party`` (``role``: ``issuer`` or ``holder``). The best outcome of them counts."""
    if not accepted:
        return _check(cid, Outcome.SKIPPED, "no valid proof to bind")
    if party is None:
        who = accepted[0].method.controller
        if role == "holder":
            return _check(cid, Outcome.WARNING, f"the presentation names no holder; it was "
                          f"signed by {who}", "no_holder")
        return _check(cid, Outcome.FAILED, "the credential names no issuer", "no_issuer")
    outcomes = [key_binding(r.method.public_key, r.method.id, r.method.controller, r.confirmed,
                            party, role, cid, fetcher=fetcher, trust=trust, note=r.note)
                for r in accepted]
    order = {Outcome.PASSED: 0, Outcome.WARNING: 1, Outcome.FAILED: 2}
    return min(outcomes, key=lambda c: order.get(c.outcome, 3))


def recognition_check(issuer: str | None, key_ids: Sequence[str], trust: TrustLists,
                      claimed_name: str | None) -> tuple[Check, Recognition | None]:
    """Which trust list recognises the issuer (or a key it signed with)."""
    found = trust.recognise(issuer, key_ids)
    if found is not None:
        listed = f" as {found.name}" if found.name else ""
        return _check(CheckId.RECOGNITION, Outcome.PASSED,
                      f"recognised by {found.list_name!r}{listed}"), found
    claimed = f"; its name ({claimed_name}) is as the issuer gives it" if claimed_name else ""
    if not trust.lists:
        message = ("you keep no trust lists, so nothing says who this issuer is (add one with "
                   f"`wallet trust`){claimed}")
    else:
        names = ", ".join(repr(t.name) for t in trust.lists[:3])
        message = f"the issuer is on none of your trust lists ({names}){claimed}"
    return _check(CheckId.RECOGNITION, Outcome.WARNING, message, "not_recognised"), None


def key_ids_of(accepted: Sequence[KeyResolution]) -> list[str]:
    return [r.method.id for r in accepted if r.method.id]


def claimed_name_of(doc: Mapping[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    name = issuer.get("name") if isinstance(issuer, Mapping) else None
    return name if isinstance(name, str) else None
