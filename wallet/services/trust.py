"""The trust lists a learner keeps (per profile, in the vault): their own entries — DIDs,
issuer URLs, key ids — and imported registry files (the DCC issuer-registry format, or ours:
:mod:`wallet.verification.trust`). Every verification the wallet makes consults them
(:meth:`TrustService.trust_lists`): which list recognised the issuer, or that none did."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from wallet.errors import InputError, NotFoundError
from wallet.exchange.http import HttpFetcher
from wallet.services.files import read_file
from wallet.services.session import Session, now_iso
from wallet.storage.records import Records
from wallet.verification.trust import (
    MAX_LIST_BYTES,
    TrustEntry,
    TrustList,
    TrustLists,
    parse_trust_list,
)

if TYPE_CHECKING:
    from wallet.services.settings import SettingsService

__all__ = ["LEGACY_SETTING", "OWN_LIST", "TrustListInfo", "TrustService"]

LEGACY_SETTING = "trusted_issuers"  # the app's old list of DIDs, moved here on first open

OWN_LIST = "My trusted issuers"


class _Entry(BaseModel):
    id: str
    name: str | None = None
    url: str | None = None
    location: str | None = None
    key: str | None = None  # a public key (multibase) the entry names for its id


class TrustListInfo(BaseModel):
    id: str | None = None
    name: str
    source: str | None = None  # a file or URL it was imported from; None: the learner's own
    entries: list[_Entry] = []
    added: str = ""


def _core(info: TrustListInfo) -> TrustList:
    return TrustList(
        info.name,
        tuple(TrustEntry(e.id, e.name, e.url, e.location, e.key) for e in info.entries),
        info.source,
    )


class TrustService:
    def __init__(self, session: Session, settings: SettingsService | None = None) -> None:
        self._s = session
        self._settings = settings
        self._lists: Records[TrustListInfo, BaseModel] = Records(
            session.vault, "trust_list", TrustListInfo
        )
        self._cache: TrustLists | None = None
        self._migrated = False
        session.on_reset(self._forget)
        session.trust_lists = self.trust_lists

    def _forget(self) -> None:
        self._cache = None
        self._migrated = False

    def migrate_legacy(self) -> int:
        """Move the app's old ``trusted_issuers`` setting (a list of DIDs) into the learner's
        own trust list, once; returns how many entries were moved."""
        self._migrated = True
        if self._settings is None:
            return 0
        legacy = self._settings.get(LEGACY_SETTING)
        if legacy is None:
            return 0
        moved = 0
        for identifier in legacy if isinstance(legacy, list) else []:
            if isinstance(identifier, str) and identifier.strip():
                try:
                    self.add(identifier)
                except InputError:
                    continue  # not an identifier; dropped with the old setting
                moved += 1
        self._settings.remove(LEGACY_SETTING)
        return moved

    def lists(self) -> list[TrustListInfo]:
        """The lists, the learner's own first."""
        if not self._migrated:
            self.migrate_legacy()
        found = self._lists.all()
        return sorted(found, key=lambda t: (t.source is not None, t.added))

    def trust_lists(self) -> TrustLists:
        """What verification consults (kept in memory while the vault is open)."""
        if self._cache is None:
            self._cache = TrustLists(tuple(_core(t) for t in self.lists()))
        return self._cache

    def add(
        self, identifier: str, *, name: str | None = None, url: str | None = None
    ) -> TrustListInfo:
        """Trust an issuer (its DID or URL) or a key (its id) yourself."""
        identifier = identifier.strip()
        if ":" not in identifier or any(c.isspace() for c in identifier) or len(identifier) > 2000:
            raise InputError("give the issuer's DID (did:…), its https URL, or a key id")
        own = next((t for t in self.lists() if t.source is None and t.name == OWN_LIST), None)
        entry = _Entry(id=identifier, name=(name or "").strip() or None, url=url)
        if own is None:
            rid = self._lists.add(TrustListInfo(name=OWN_LIST, entries=[entry], added=now_iso()))
        else:
            assert own.id is not None
            rid = own.id
            entries = [e for e in own.entries if e.id != identifier] + [entry]
            self._lists.update(rid, entries=[e.model_dump() for e in entries])
        self._cache = None
        return self._lists.get(rid)

    def remove(self, key: str) -> str:
        """Remove an entry of your own list (by its id) or a whole imported list (by its name
        or record id); returns what was removed."""
        for info in self.lists():
            assert info.id is not None
            if (
                info.source is not None
                and key in (info.name, info.id)
                or (len(key) >= 4 and info.id.startswith(key))
            ):
                self._lists.delete(info.id)
                self._cache = None
                return f"the list {info.name!r}"
            if info.source is None and any(e.id == key for e in info.entries):
                self._lists.update(
                    info.id, entries=[e.model_dump() for e in info.entries if e.id != key]
                )
                self._cache = None
                return key
        raise NotFoundError(f"no trust list or entry {key!r}")

    def import_bytes(self, data: bytes, *, source: str, name: str | None = None) -> TrustListInfo:
        """Import a registry file (checked whole first: a file that is not a trust list is
        refused with the reason, and nothing is kept). The same source imported again
        replaces its list."""
        parsed = parse_trust_list(data, name=name, source=source)
        info = TrustListInfo(
            name=parsed.name,
            source=source,
            added=now_iso(),
            entries=[
                _Entry(id=e.id, name=e.name, url=e.url, location=e.location, key=e.key)
                for e in parsed.entries
            ],
        )
        for old in self.lists():
            if old.source == source and old.id:
                self._lists.delete(old.id)
        rid = self._lists.add(info)
        self._cache = None
        return self._lists.get(rid)

    def import_file(self, path: str | Path, *, name: str | None = None) -> TrustListInfo:
        data = read_file(path, limit=MAX_LIST_BYTES)  # a regular file, within the size cap
        return self.import_bytes(data, source=str(path), name=name)

    def import_url(self, url: str, *, name: str | None = None) -> TrustListInfo:
        """From an https address (e.g. the DCC registry); loopback only in development mode."""
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise InputError("give the trust list's https address")
        with HttpFetcher(dev=self._s.dev, max_bytes=MAX_LIST_BYTES) as http:
            body = http.get(url, accept="application/json").body
        return self.import_bytes(body, source=url, name=name)
