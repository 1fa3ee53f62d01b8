"""Issuer recognition: trust lists the user (or a share service's operator) chooses to keep.

A signature proves who holds a key, and the issuer binding that the key is the issuer's; neither
says that the issuer is who its profile claims ("Harvard University"). A trust list does: each
entry is a DID, an issuer URL or a key id (a verification method), with the name, URL and place
the list's keeper gives it. :meth:`TrustLists.recognise` answers which list, if any, holds an
issuer or one of the keys that signed for it.

Two file formats are read (both JSON, through the strict loader):

* the **DCC issuer registry** format (Digital Credentials Consortium, e.g.
  ``https://digitalcredentials.github.io/dcc-registry/registry.json``)::

      {"meta": {"created": "…", "updated": "…"},
       "registry": {"did:web:example.edu": {"name": "…", "url": "…", "location": "…"}}}

  (``entries`` is accepted in place of ``registry``);
* **ours**::

      {"format": "learner-wallet-trust-list/1", "name": "Employer's list",
       "entries": [{"id": "did:web:example.edu", "name": "…", "url": "…", "location": "…"}]}

Anything else is refused with the reason (:class:`~wallet.errors.TrustListError`), and nothing
of it is kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wallet.credential import load_json
from wallet.errors import TrustListError
from wallet.result import Recognition

__all__ = ["OUR_FORMAT", "TrustEntry", "TrustList", "TrustLists", "parse_trust_list"]

OUR_FORMAT = "learner-wallet-trust-list/1"
MAX_LIST_BYTES = 8 * 1024 * 1024
MAX_ENTRIES = 100_000
_MAX_TEXT = 500


@dataclass(frozen=True)
class TrustEntry:
    id: str  # a DID, an issuer URL, or a key id (DID URL / URL with a fragment)
    name: str | None = None
    url: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class TrustList:
    name: str
    entries: tuple[TrustEntry, ...]
    source: str | None = None  # a file name or URL it was imported from; None: the user's own

    def find(self, candidate: str) -> TrustEntry | None:
        for entry in self.entries:
            if entry.id == candidate:
                return entry
        return None


def _text(value: Any, what: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > _MAX_TEXT:
        raise TrustListError(f"this is not a trust list: {what} must be text of at most "
                             f"{_MAX_TEXT} characters")
    return value.strip() or None


def _identifier(value: Any, what: str) -> str:
    if not isinstance(value, str) or ":" not in value or len(value) > 2000 or any(
            c.isspace() for c in value):
        raise TrustListError(f"this is not a trust list: {what} is not a DID or URL")
    return value


def _entry(identifier: Any, body: Any, what: str) -> TrustEntry:
    if not isinstance(body, Mapping):
        raise TrustListError(f"this is not a trust list: {what} is not an object")
    return TrustEntry(_identifier(identifier, what), _text(body.get("name"), f"{what}'s name"),
                      _text(body.get("url"), f"{what}'s url"),
                      _text(body.get("location"), f"{what}'s location"))


def parse_trust_list(data: bytes | str, *, name: str | None = None,
                     source: str | None = None) -> TrustList:
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
                raise TrustListError(f"this is not a trust list: entry {n + 1} is not an "
                                     "object")
            entries.append(_entry(item.get("id"), item, f"entry {n + 1}"))
        title = _text(doc.get("name"), "its name")
    else:
        registry = doc.get("registry", doc.get("entries"))
        if not isinstance(registry, Mapping):
            raise TrustListError("this is not a trust list: neither the DCC registry format "
                                 "(a 'registry' object of DIDs) nor a "
                                 f"{OUR_FORMAT!r} file")
        if len(registry) > MAX_ENTRIES:
            raise TrustListError(f"the trust list has more than {MAX_ENTRIES:,} entries")
        for identifier, body in registry.items():
            entries.append(_entry(identifier, body, repr(identifier)[:80]))
        meta = doc.get("meta")
        title = _text(meta.get("name"), "its name") if isinstance(meta, Mapping) else None
    if not entries:
        raise TrustListError("the trust list is empty")
    return TrustList(name or title or source or "Imported list", tuple(entries), source)


def _candidates(issuer: str | None, keys: Iterable[str]) -> list[str]:
    """What a list may hold for this issuer: the issuer's id, each signing key's id, and the
    DID (or URL) each key id belongs to."""
    out: list[str] = []
    for value in (issuer, *keys):
        if not value:
            continue
        out.append(value)
        base = value.split("#", 1)[0]
        if base and base != value:
            out.append(base)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class TrustLists:
    """The lists one verification consults (empty: none kept — every issuer is "not
    recognised")."""

    lists: tuple[TrustList, ...] = field(default_factory=tuple)

    def recognise(self, issuer: str | None, keys: Iterable[str] = ()) -> Recognition | None:
        """The first list holding the issuer or a key that signed for it."""
        candidates = _candidates(issuer, keys)
        for trust_list in self.lists:
            for candidate in candidates:
                entry = trust_list.find(candidate)
                if entry is not None:
                    return Recognition(list_name=trust_list.name, name=entry.name,
                                       url=entry.url, matched=candidate)
        return None

    def holds_key(self, key_id: str) -> Recognition | None:
        """A list holding this very key (or the DID it belongs to): the user vouches that the
        key is the entry's — which confirms a key nothing else ties to its issuer."""
        for trust_list in self.lists:
            for candidate in _candidates(None, [key_id]):
                entry = trust_list.find(candidate)
                if entry is not None:
                    return Recognition(list_name=trust_list.name, name=entry.name,
                                       url=entry.url, matched=candidate)
        return None
