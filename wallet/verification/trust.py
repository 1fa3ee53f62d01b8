"""Trust lists the user (or a share service's operator) chooses to keep: who an issuer is, and
which keys the keeper vouches for.

A signature proves who holds a key, and the binding (:mod:`wallet.verification.binding`) that the
key is the
issuer's; neither says that the issuer is who its profile claims ("Harvard University"). A
trust list does. Each entry is one of

* an **identifier** — a DID or an issuer URL (``did:web:example.edu``,
  ``https://example.edu/issuers/1``, ``urn:uuid:…``): it *recognises* that issuer, once the
  signing key is bound to it by the identifier itself or its own document; it never binds a key;
* a **key id** — exactly the id of one verification method (``https://example.edu/issuers/1#
  z6Mk…``, ``urn:uuid:…#z6Mk…``, ``did:web:example.edu#key-1``): it names that key of that
  identifier, and so binds it where nothing the identifier publishes can;
* an identifier **with its key** (``publicKeyMultibase`` or ``publicKeyJwk`` beside ``id``;
  a ``did:key`` entry is its own key): it names that key for that identifier.

with the name, URL and place the list's keeper gives it. Matching is by the exact string (or
the exact key) — never by a prefix, a fragment, the part before ``#``, case or encoding.

Each list is **indexed** when it is made (a dict by exact id, and one by identifier and public
key), so a look-up costs the same for a list of ten entries and of 100,000. A list holds at most
:data:`MAX_ENTRIES` entries in at most :data:`MAX_LIST_BYTES`; reading and indexing it is
charged :data:`~wallet.limits.TRUST_ENTRY_UNITS` per entry to the current work budget
(:mod:`wallet.limits`), and every look-up a verification makes is charged
:data:`~wallet.limits.TRUST_LOOKUP_UNITS` per list consulted.

Two file formats are read (both JSON, through the strict loader):

* the **DCC issuer registry** format (Digital Credentials Consortium, e.g.
  ``https://digitalcredentials.github.io/dcc-registry/registry.json``)::

      {"meta": {"created": "…", "updated": "…"},
       "registry": {"did:web:example.edu": {"name": "…", "url": "…", "location": "…"}}}

  (``entries`` is accepted in place of ``registry``);
* **ours**::

      {"format": "learner-wallet-trust-list/1", "name": "Employer's list",
       "entries": [{"id": "did:web:example.edu", "name": "…", "url": "…", "location": "…"}]}

An entry of either may add ``publicKeyMultibase`` or ``publicKeyJwk`` (Ed25519, P-256, P-384).
Anything else is refused with the reason (:class:`~wallet.errors.TrustListError`), and nothing
of it is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urldefrag

from wallet.credential import load_json
from wallet.crypto.keys import (
    PublicKey,
    public_key_from_did_key,
    public_key_from_jwk,
    public_key_from_multibase,
)
from wallet.errors import KeyFormatError, TrustListError
from wallet.limits import (
    MAX_TRUST_ENTRIES,
    TRUST_ENTRY_UNITS,
    TRUST_LOOKUP_UNITS,
    charge,
    work_budget,
)
from wallet.result import Recognition

__all__ = [
    "MAX_ENTRIES",
    "MAX_LIST_BYTES",
    "OUR_FORMAT",
    "TrustEntry",
    "TrustList",
    "TrustLists",
    "key_in_key_id",
    "parse_trust_list",
]

OUR_FORMAT = "learner-wallet-trust-list/1"
MAX_LIST_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = MAX_TRUST_ENTRIES
_MAX_TEXT = 500
_SPACE = re.compile(r"\s")


@dataclass(frozen=True, slots=True)
class TrustEntry:
    id: str  # a DID, an issuer URL, or a key id (DID URL / URL with a fragment)
    name: str | None = None
    url: str | None = None
    location: str | None = None
    key: str | None = None  # a public key the entry names for ``id`` (its Multikey multibase)


def key_in_key_id(key_id: str) -> PublicKey | None:
    """The key a key id carries in its fragment (``…#z6Mk…``: a Multikey), if it does."""
    fragment = urldefrag(key_id)[1]
    if not fragment.startswith(("z6Mk", "zDna", "z82L")):
        return None
    try:
        return public_key_from_multibase(fragment)
    except KeyFormatError:
        return None


def _named_key(entry: TrustEntry) -> str | None:
    """The public key (multibase) an entry names for its own id: its ``key``, or the key a
    ``did:key`` entry is."""
    if entry.key is not None:
        return entry.key
    if entry.id.startswith("did:key:") and "#" not in entry.id:
        try:
            key = public_key_from_did_key(entry.id)
        except KeyFormatError:
            return None
        return key.multibase if f"did:key:{key.multibase}" == entry.id else None
    return None


@dataclass(frozen=True)
class TrustList:
    name: str
    entries: tuple[TrustEntry, ...]
    source: str | None = None  # a file name or URL it was imported from; None: the user's own
    _by_id: dict[str, TrustEntry] = field(init=False, repr=False, compare=False)
    _by_key: dict[tuple[str, str], TrustEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.entries) > MAX_ENTRIES:
            raise TrustListError(f"the trust list has more than {MAX_ENTRIES:,} entries")
        charge(TRUST_ENTRY_UNITS * len(self.entries), "the trust list")
        by_id: dict[str, TrustEntry] = {}
        by_key: dict[tuple[str, str], TrustEntry] = {}
        for entry in self.entries:  # the first entry for an id (or a key) is the one that counts
            by_id.setdefault(entry.id, entry)
            key = _named_key(entry)
            if key is not None:
                by_key.setdefault((entry.id, key), entry)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", by_key)

    def find(self, identifier: str) -> TrustEntry | None:
        """The entry whose id is exactly ``identifier``."""
        return self._by_id.get(identifier)

    def naming(
        self, identifier: str, key: PublicKey, key_id: str | None = None
    ) -> TrustEntry | None:
        """The entry that names ``key`` as ``identifier``'s: the identifier with that public
        key, or the key id exactly — a key id of ``identifier`` whose fragment is that key."""
        entry = self._by_key.get((identifier, key.multibase))
        if entry is not None or not key_id:
            return entry
        entry = self._by_id.get(key_id)
        if entry is None or urldefrag(key_id)[0] != identifier or "#" not in key_id:
            return None
        return entry if key_in_key_id(key_id) == key else None


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise TrustListError(
            f"this is not a trust list: {what} must be text of at most {_MAX_TEXT} characters"
        )
    return value.strip() or None


def _identifier(value: Any, what: str) -> str:
    if not isinstance(value, str) or ":" not in value or len(value) > 2000 or _SPACE.search(value):
        raise TrustListError(f"this is not a trust list: {what} is not a DID or URL")
    return value


def _key(body: Mapping[str, Any], what: str) -> str | None:
    multibase, jwk = body.get("publicKeyMultibase"), body.get("publicKeyJwk")
    if multibase is None and jwk is None:
        return None
    try:
        if multibase is not None:
            if not isinstance(multibase, str) or len(multibase) > 200:
                raise KeyFormatError("not a Multikey")
            return public_key_from_multibase(multibase).multibase
        if not isinstance(jwk, Mapping):
            raise KeyFormatError("a JWK is a JSON object")
        return public_key_from_jwk(jwk).multibase
    except KeyFormatError as exc:
        raise TrustListError(
            f"this is not a trust list: {what}'s key cannot be read ({exc.message})"
        ) from None


def _entry(identifier: Any, body: Any, what: str) -> TrustEntry:
    if not isinstance(body, Mapping):
        raise TrustListError(f"this is not a trust list: {what} is not an object")
    return TrustEntry(
        _identifier(identifier, what),
        _text(body.get("name"), f"{what}'s name"),
        _text(body.get("url"), f"{what}'s url"),
        _text(body.get("location"), f"{what}'s location"),
        _key(body, what),
    )


def parse_trust_list(
    data: bytes | str, *, name: str | None = None, source: str | None = None
) -> TrustList:
    """A trust list from a file in the DCC registry format or ours; refused with the reason
    when it is neither."""
    doc = load_json(data, what="the trust list", max_bytes=MAX_LIST_BYTES)
    if not isinstance(doc, Mapping):
        raise TrustListError("this is not a trust list: it is not a JSON object")
    entries: list[TrustEntry] = []
    if doc.get("format") == OUR_FORMAT:
        raw = doc.get("entries")
        if not isinstance(raw, list):
            raise TrustListError("this is not a trust list: 'entries' must be a list")
        if len(raw) > MAX_ENTRIES:
            raise TrustListError(f"the trust list has more than {MAX_ENTRIES:,} entries")
        for n, item in enumerate(raw):
            if not isinstance(item, Mapping):
                raise TrustListError(f"this is not a trust list: entry {n + 1} is not an object")
            entries.append(_entry(item.get("id"), item, f"entry {n + 1}"))
        title = _text(doc.get("name"), "its name")
    else:
        registry = doc.get("registry", doc.get("entries"))
        if not isinstance(registry, Mapping):
            raise TrustListError(
                "this is not a trust list: neither the DCC registry format "
                "(a 'registry' object of DIDs) nor a "
                f"{OUR_FORMAT!r} file"
            )
        if len(registry) > MAX_ENTRIES:
            raise TrustListError(f"the trust list has more than {MAX_ENTRIES:,} entries")
        for identifier, body in registry.items():
            entries.append(_entry(identifier, body, repr(identifier)[:80]))
        meta = doc.get("meta")
        title = _text(meta.get("name"), "its name") if isinstance(meta, Mapping) else None
    if not entries:
        raise TrustListError("the trust list is empty")
    with work_budget():  # reading it counts (a verification's budget, when one is running)
        return TrustList(name or title or source or "Imported list", tuple(entries), source)


@dataclass(frozen=True)
class TrustLists:
    """The lists one verification consults (empty: none kept — every issuer is "not
    recognised"). Every look-up is by exact id or exact key, in each list's index."""

    lists: tuple[TrustList, ...] = field(default_factory=tuple)

    def _consult(self) -> tuple[TrustList, ...]:
        charge(TRUST_LOOKUP_UNITS * len(self.lists), "the trust lists")
        return self.lists

    def recognise(
        self, issuer: str | None, bound_keys: Iterable[tuple[PublicKey | None, str | None]] = ()
    ) -> Recognition | None:
        """The first list that recognises ``issuer``: an entry for exactly that identifier, or
        one naming one of ``bound_keys`` — (key, key id) pairs that are **proven** to be the
        issuer's (:func:`wallet.verification.binding.bind_key`) — as the issuer's. Nothing else: a
        key id is
        never cut down to the identifier before its ``#``."""
        if not issuer:
            return None
        keys = [(k, i) for k, i in bound_keys if k is not None]
        for trust_list in self._consult():
            entry = trust_list.find(issuer)
            matched = issuer
            if entry is None:
                for key, key_id in keys:
                    entry = trust_list.naming(issuer, key, key_id)
                    if entry is not None:
                        matched = entry.id
                        break
            if entry is not None:
                return Recognition(
                    list_name=trust_list.name, name=entry.name, url=entry.url, matched=matched
                )
        return None

    def vouch(
        self, identifier: str, key: PublicKey, key_id: str | None = None
    ) -> Recognition | None:
        """The first list with an entry that names ``key`` as ``identifier``'s (rule (c) of
        :mod:`wallet.verification.binding`): the identifier with that public key, or exactly the
        key id
        ``key_id`` when it is a key id of ``identifier`` that carries this key. An entry that
        names only the identifier vouches for no key."""
        for trust_list in self._consult():
            entry = trust_list.naming(identifier, key, key_id)
            if entry is not None:
                return Recognition(
                    list_name=trust_list.name, name=entry.name, url=entry.url, matched=entry.id
                )
        return None
