"""The wallet service: what the CLI and the app call. No caller touches SQLite or crypto.

A :class:`WalletService` works on one profile of a wallet home at a time. Credentials are
verified before they are stored (see :data:`AUTHENTICITY_CHECKS`), kept as the exact bytes
received, and listed from encrypted metadata; search runs on an in-memory index built after
unlock.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from wallet.errors import (
    InputError,
    NotFoundError,
    ProfileError,
    VaultLockedError,
    WalletError,
)
from wallet.fetch import Fetcher
from wallet.keys import Ed25519KeyPair
from wallet.models import parse_credential
from wallet.present import Composed
from wallet.result import CheckId, Outcome, VerificationResult
from wallet.sources import LoadedInput, load_bytes
from wallet.storage.backup import RestoreReport
from wallet.storage.paths import wallet_home
from wallet.storage.profiles import ProfileEntry, Profiles
from wallet.storage.protection import KeyringStore, keyring_available
from wallet.storage.vault import Vault
from wallet.verify import VerifyOptions, verify

__all__ = [
    "AUTHENTICITY_CHECKS",
    "AddResult",
    "ArtifactInfo",
    "CredentialDetail",
    "CredentialSummary",
    "Page",
    "ProfileInfo",
    "ReflectionInfo",
    "WalletService",
]

# A credential failing one of these is not stored: it is not authentic or not readable. One
# that is only expired or revoked is genuine, and is kept, marked as failed.
AUTHENTICITY_CHECKS = {CheckId.FORMAT, CheckId.STRUCTURE, CheckId.JSONLD, CheckId.PROOF,
                       CheckId.ISSUER_BINDING, CheckId.NESTED}
MAX_REFLECTION_CHARS = 100_000

T = TypeVar("T")


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProfileInfo(_Model):
    id: str
    name: str
    is_default: bool
    is_current: bool


class CredentialSummary(_Model):
    id: str
    name: str
    issuer: str | None = None
    issuer_name: str | None = None
    types: tuple[str, ...] = ()
    format: str = ""
    achievement_type: str | None = None
    description: str | None = None
    image: str | None = None
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    received_at: str = ""
    verified: bool = False
    verdict: str = "failed"  # "verified" | "warning" | "failed"
    checked_at: str = ""


class ReflectionInfo(_Model):
    id: str
    title: str
    text: str = ""
    credential_ids: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    created: str
    edited: str
    versions: int = 1


class ArtifactInfo(_Model):
    id: str
    name: str
    media_type: str = "application/octet-stream"
    size: int = 0
    url: str | None = None  # a link artifact
    sha256: str | None = None  # of a file's content
    credential_ids: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    created: str


class CredentialDetail(_Model):
    summary: CredentialSummary
    raw: bytes
    document: dict[str, Any] | None = None  # the JSON as received (or the VC-JWT's view)
    jwt: str | None = None
    verification: VerificationResult | None = None
    reflections: tuple[ReflectionInfo, ...] = ()
    artifacts: tuple[ArtifactInfo, ...] = ()


class AddResult(_Model):
    id: str
    duplicate: bool
    summary: CredentialSummary
    verification: VerificationResult


class Page(_Model, Generic[T]):
    items: tuple[T, ...]
    total: int
    offset: int
    limit: int


def _verdict(result: VerificationResult) -> str:
    if not result.verified:
        return "failed"
    return "warning" if any(c.outcome is Outcome.WARNING for c in result.checks) else "verified"


def _dedupe_content(loaded: LoadedInput) -> bytes:
    """What makes two receipts "the same credential": the same JSON (any formatting), or
    the same JWT."""
    if loaded.kind == "jwt" and loaded.jwt:
        return b"jwt:" + loaded.jwt.encode()
    return b"json:" + json.dumps(loaded.document, sort_keys=True, separators=(",", ":"),
                                 ensure_ascii=False).encode()


def _credential_meta(loaded: LoadedInput, result: VerificationResult) -> dict[str, Any]:
    from wallet.credential import unverified_credential

    doc = loaded.document
    if loaded.kind == "jwt" and loaded.jwt:
        with contextlib.suppress(WalletError):
            doc = unverified_credential(loaded.jwt)
    view = parse_credential(doc or {})
    achievement = view.achievement
    skills: list[str] = []
    alignments = []
    for a in view.alignments:
        if a.targetName and a.targetName not in skills:
            skills.append(a.targetName)
        alignments.append({"name": a.targetName, "url": a.targetUrl, "code": a.targetCode,
                           "framework": a.targetFramework, "type": a.targetType})
    if achievement and achievement.tag:
        skills.extend(t for t in achievement.tag if t not in skills)
    image = view.image_url
    if image and len(image) > 200_000:  # an inline data: URI can be large; keep listing small
        image = None
    return {
        "name": view.display_name,
        "issuer": view.issuer_id,
        "issuer_name": view.issuer_name,
        "types": list(view.type),
        "format": result.format,
        "achievement_type": achievement.achievementType if achievement else None,
        "description": ((achievement.description if achievement else None)
                        or view.description or "")[:500],
        "image": image,
        "skills": skills,
        "alignments": alignments,
        "tags": [],
        "valid_from": view.validFrom or view.issuanceDate,
        "valid_until": view.validUntil or view.expirationDate,
        "received_at": _now(),
        "verified": result.verified,
        "verdict": _verdict(result),
        "checked_at": _now(),
        "credential_id": view.id,
    }


def _summary(rid: str, meta: dict[str, Any]) -> CredentialSummary:
    # model_construct: this metadata was written by us and authenticated on decryption, so
    # validating 10,000 of them again when the index is built would only cost time.
    return CredentialSummary.model_construct(
        id=rid, name=meta.get("name") or "(unnamed credential)", issuer=meta.get("issuer"),
        issuer_name=meta.get("issuer_name"), types=tuple(meta.get("types", ())),
        format=meta.get("format", ""), achievement_type=meta.get("achievement_type"),
        description=meta.get("description"), image=meta.get("image"),
        skills=tuple(meta.get("skills", ())), tags=tuple(meta.get("tags", ())),
        valid_from=meta.get("valid_from"), valid_until=meta.get("valid_until"),
        received_at=meta.get("received_at", ""), verified=bool(meta.get("verified")),
        verdict=meta.get("verdict", "failed"), checked_at=meta.get("checked_at", ""))


_WORD_SPLIT = re.compile(r"[^\w]+")


class _Index:
    """The in-memory search index over credential metadata (built after unlock)."""

    def __init__(self) -> None:
        self.items: dict[str, CredentialSummary] = {}
        self.haystack: dict[str, str] = {}
        self.order: list[str] = []  # newest first, as stored
        self.damaged: list[str] = []

    def put(self, summary: CredentialSummary, *, newest: bool = True) -> None:
        if summary.id not in self.items:
            if newest:
                self.order.insert(0, summary.id)
            else:
                self.order.append(summary.id)
        self.items[summary.id] = summary
        text = " ".join([summary.name, summary.issuer_name or "", summary.issuer or "",
                         summary.achievement_type or "", *summary.skills, *summary.tags,
                         *summary.types]).casefold()
        # Words with a leading space: a query word matches the start of any word.
        self.haystack[summary.id] = " " + " ".join(_WORD_SPLIT.split(text))

    def remove(self, rid: str) -> None:
        self.items.pop(rid, None)
        self.haystack.pop(rid, None)
        with contextlib.suppress(ValueError):
            self.order.remove(rid)


class WalletService:
    """One wallet home, one current profile."""

    def __init__(self, home: str | os.PathLike[str] | None = None, *,
                 profile: str | None = None, fetcher: Fetcher | None = None,
                 keyring_store: KeyringStore | None = None,
                 passphrase_source: Callable[[str], str | None] | None = None) -> None:
        self.home = wallet_home(home)
        self.profiles = Profiles(self.home)
        self.fetcher = fetcher
        self._store = keyring_store or KeyringStore()
        self._passphrase_source = passphrase_source or env_passphrase
        self._profile_key = profile
        self._vault: Vault | None = None
        self._entry: ProfileEntry | None = None
        self._index: _Index | None = None
        self._frameworks_cache: list[Any] | None = None  # parsed frameworks, while open
        self._facts_cache: dict[tuple[str, bool], Any] = {}  # competency facts, while open
        self._lock = threading.RLock()

    # --- profiles -------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            if self._vault is not None:
                self._vault.close()
            self._vault, self._entry, self._index = None, None, None
            self._frameworks_cache, self._facts_cache = None, {}

    def __enter__(self) -> WalletService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @staticmethod
    def keyring_status() -> tuple[bool, str]:
        return keyring_available()

    def list_profiles(self) -> list[ProfileInfo]:
        default = self.profiles.default()
        current = self._entry.id if self._entry else None
        return [ProfileInfo(id=p.id, name=p.name, is_default=default is not None and
                            p.id == default.id, is_current=p.id == current)
                for p in self.profiles.list()]

    def create_profile(self, name: str, *, protection: str = "auto",
                       passphrase: str | None = None, make_default: bool = False
                       ) -> ProfileInfo:
        """A new profile with its own vault key (OS keyring, or a passphrase where there is
        none: ``protection="auto"``) and its own holder key (did:key). It becomes current."""
        if protection == "auto":
            protection = "keyring" if keyring_available()[0] else "passphrase"
        if protection == "passphrase" and not passphrase:
            passphrase = self._passphrase_source("new")
        if protection not in ("keyring", "passphrase"):
            raise ProfileError("protection is 'keyring', 'passphrase' or 'auto'")
        if protection == "passphrase" and not passphrase:
            raise ProfileError("this profile needs a passphrase (no OS keyring is available); "
                               "give one, or set WALLET_PASSPHRASE")
        entry = self.profiles.create(name)
        try:
            vault = Vault(self.profiles.directory(entry), entry.id, store=self._store)
            vault.initialize(protection, passphrase)
            holder = Ed25519KeyPair.generate()
            vault.put("key", {"did": holder.did, "key_id": holder.key_id, "created": _now(),
                              "label": "holder"}, {"seed": holder.seed.hex()})
        except BaseException:
            self.profiles.remove(entry)
            raise
        if make_default:
            self.profiles.set_default(entry)
        self.close()
        self._vault, self._entry, self._index = vault, entry, None
        self._frameworks_cache, self._facts_cache = None, {}
        return next(p for p in self.list_profiles() if p.id == entry.id)

    def use_profile(self, key: str) -> ProfileInfo:
        entry = self.profiles.find(key)
        self.close()
        self._profile_key = entry.id
        self._open()
        return next(p for p in self.list_profiles() if p.id == entry.id)

    def set_default_profile(self, key: str) -> None:
        self.profiles.set_default(self.profiles.find(key))

    def delete_profile(self, key: str) -> None:
        """Delete a profile, its vault and its key in the OS keyring. Irreversible."""
        entry = self.profiles.find(key)
        current = self._entry is not None and self._entry.id == entry.id
        vault = self._vault if current else Vault(self.profiles.directory(entry), entry.id,
                                                  store=self._store)
        assert vault is not None
        vault.forget_keyring_entry()
        if current:
            self.close()
        else:
            vault.close()
        self.profiles.remove(entry)

    @property
    def profile(self) -> ProfileInfo:
        self._open()
        assert self._entry is not None
        return next(p for p in self.list_profiles() if p.id == self._entry.id)

    def _open(self) -> Vault:
        with self._lock:
            if self._vault is not None:
                return self._vault
            if self._profile_key:
                entry = self.profiles.find(self._profile_key)
            else:
                entry = self.profiles.default()
                if entry is None:
                    raise ProfileError("there is no profile yet; create one first "
                                       "(wallet profile create NAME)")
            self._vault = Vault(self.profiles.directory(entry), entry.id, store=self._store)
            self._entry = entry
            return self._vault

    # --- lock / unlock --------------------------------------------------------------------

    def _flag(self) -> Path:
        vault = self._open()
        return vault.directory / "locked"

    @property
    def protection(self) -> str:
        return self._open().protection

    def describe_protection(self) -> str:
        if self.protection == "keyring":
            return ("the OS keyring guards this wallet's key: it opens when you are logged in "
                    f"({keyring_available()[1]})")
        return ("a passphrase guards this wallet's key (Argon2id); there is no way in without "
                "it, so keep a backup")

    @property
    def locked(self) -> bool:
        vault = self._open()
        return not vault.is_unlocked

    def unlock(self, passphrase: str | None = None) -> None:
        """Open the data key (keyring, or passphrase: given, else the passphrase source)."""
        vault = self._open()
        if vault.protection == "passphrase" and passphrase is None:
            passphrase = self._passphrase_source("unlock")
        vault.unlock(passphrase)
        with contextlib.suppress(FileNotFoundError):
            self._flag().unlink()

    def lock(self) -> None:
        """Forget the key and mark the profile locked: until :meth:`unlock`, nothing opens."""
        vault = self._open()
        vault.lock()
        self._index = None
        self._frameworks_cache, self._facts_cache = None, {}
        self._flag().touch()

    def _vault_open(self) -> Vault:
        vault = self._open()
        if not vault.is_unlocked:
            if self._flag().exists():
                raise VaultLockedError("the wallet is locked; unlock it first (wallet unlock)")
            self.unlock()
        return vault

    def change_passphrase(self, new: str, *, old: str | None = None) -> None:
        """Protect the key with a (new) passphrase; ``old`` is checked if one is in use."""
        vault = self._open()
        if vault.protection == "passphrase":
            vault.unlock(old if old is not None else self._passphrase_source("unlock"))
        else:
            self._vault_open()
        vault.rewrap("passphrase", new)

    def use_keyring(self) -> None:
        """Protect the key with the OS keyring (a new random key there)."""
        self._vault_open().rewrap("keyring")

    def rotate_key(self, passphrase: str | None = None) -> None:
        """Re-wrap the data key under a fresh key-encryption key (same protection)."""
        vault = self._vault_open()
        if vault.protection == "passphrase":
            vault.rewrap("passphrase", passphrase or self._passphrase_source("new"))
        else:
            vault.rewrap("keyring")

    # --- holder key -----------------------------------------------------------------------

    def holder_key(self) -> Ed25519KeyPair:
        """The profile's holder key: the newest one (after a restore, the restored key, so a
        wallet moved to a new machine keeps its DID). Older keys stay for credentials bound
        to them."""
        vault = self._vault_open()
        for rid, meta in vault.iter_meta("key"):
            if isinstance(meta, dict) and meta.get("label") == "holder":
                _kind, _meta, body = vault.get(rid)
                return Ed25519KeyPair.from_seed(bytes.fromhex(body["seed"]))
        raise NotFoundError("this profile has no holder key")

    @property
    def did(self) -> str:
        return self.holder_key().did

    # --- credentials ----------------------------------------------------------------------

    def _verify_options(self) -> VerifyOptions:
        return VerifyOptions(fetcher=self.fetcher)

    def add_credential(self, data: bytes, *, name: str | None = None,
                       options: VerifyOptions | None = None, source: str | None = None
                       ) -> AddResult:
        """Verify and store a credential (any format ``wallet verify`` reads). Refused if it
        is unreadable or not authentic; a duplicate is stored once and reported."""
        vault = self._vault_open()
        loaded = load_bytes(data, name=name)
        result = verify(loaded, options or self._verify_options())
        failed = [c for c in result.checks
                  if c.outcome is Outcome.FAILED and c.id in AUTHENTICITY_CHECKS]
        if failed:
            raise InputError(f"not stored: {failed[0].message}", result=result)
        dedupe = vault.dedupe_key(_dedupe_content(loaded))
        existing = vault.find_dedupe("credential", dedupe)
        if existing:
            _kind, meta, _ = vault.get(existing, with_body=False, include_deleted=True)
            if vault.is_deleted(existing):  # received again after deleting: bring it back
                vault.undelete(existing)
                self._index_put(existing, meta)
            return AddResult(id=existing, duplicate=True, summary=_summary(existing, meta),
                             verification=result)
        meta = _credential_meta(loaded, result)
        if source:
            meta["source"] = source
        body = {"raw": base64.b64encode(loaded.raw).decode("ascii"), "kind": loaded.kind,
                "origin": loaded.origin, "verification": result.model_dump(mode="json")}
        rid = vault.put("credential", meta, body, dedupe=dedupe)
        self._index_put(rid, meta)
        return AddResult(id=rid, duplicate=False, summary=_summary(rid, meta),
                         verification=result)

    def add_credentials(self, items: Iterable[tuple[bytes, str | None]], *,
                        options: VerifyOptions | None = None,
                        progress: Callable[[int], None] | None = None
                        ) -> list[AddResult | InputError]:
        """Bulk import: each item verified and stored as by :meth:`add_credential`, all in one
        transaction (much faster; if the process dies, none of this batch is kept). Returns,
        per item, its result or the error that kept it out."""
        vault = self._vault_open()
        out: list[AddResult | InputError] = []
        with vault.transaction():
            for n, (data, name) in enumerate(items, 1):
                try:
                    out.append(self.add_credential(data, name=name, options=options))
                except InputError as exc:
                    out.append(exc)
                if progress:
                    progress(n)
        return out

    def build_index(self) -> None:
        """Decrypt the listing metadata of every credential into the in-memory search index
        (the app calls this in the background right after unlock)."""
        self._build_index()

    def _index_put(self, rid: str, meta: dict[str, Any]) -> None:
        if self._index is not None:
            self._index.put(_summary(rid, meta))

    def _build_index(self) -> _Index:
        with self._lock:
            if self._index is None:
                index = _Index()
                for rid, meta in self._vault_open().iter_meta("credential"):
                    if isinstance(meta, dict):
                        index.put(_summary(rid, meta), newest=False)
                    else:
                        index.damaged.append(rid)
                self._index = index
            return self._index

    def damaged_records(self) -> list[str]:
        """Credentials whose records cannot be read (they are left out of lists)."""
        return list(self._build_index().damaged)

    def resolve(self, prefix: str, kind: str | None = "credential") -> str:
        return self._vault_open().resolve_id(prefix, kind)

    def list_credentials(
        self, *, query: str = "", sort: str = "received", descending: bool = True,
        offset: int = 0, limit: int = 50, issuer: str | None = None,
        skill: str | None = None, tag: str | None = None, type_: str | None = None,
        verdict: str | None = None, received_after: str | None = None,
        received_before: str | None = None,
    ) -> Page[CredentialSummary]:
        """A page of credentials, searched, filtered and sorted."""
        vault = self._vault_open()
        filtered = any([query.strip(), issuer, skill, tag, type_, verdict, received_after,
                        received_before])
        if not filtered and sort == "received" and descending and self._index is None:
            # The first screen right after unlock: straight from the vault, newest first,
            # without decrypting everything.
            rows = vault.page("credential", offset, limit)
            items = tuple(_summary(rid, meta) for rid, meta in rows if isinstance(meta, dict))
            return Page(items=items, total=vault.count("credential"), offset=offset,
                        limit=limit)
        index = self._build_index()
        ids: Iterable[str] = index.order
        if query.strip():
            tokens = [" " + t for t in _WORD_SPLIT.split(query.casefold()) if t]
            ids = [i for i in ids if all(t in index.haystack[i] for t in tokens)]
        items = [index.items[i] for i in ids]
        if issuer:
            items = [s for s in items if issuer.casefold() in
                     f"{s.issuer_name or ''} {s.issuer or ''}".casefold()]
        if skill:
            items = [s for s in items if any(skill.casefold() in k.casefold() for k in s.skills)]
        if tag:
            items = [s for s in items if tag.casefold() in (t.casefold() for t in s.tags)]
        if type_:
            items = [s for s in items if type_ in s.types or type_ == s.achievement_type]
        if verdict:
            items = [s for s in items if s.verdict == verdict]
        if received_after:
            items = [s for s in items if s.received_at >= received_after]
        if received_before:
            items = [s for s in items if s.received_at <= received_before]
        keys: dict[str, Callable[[CredentialSummary], Any]] = {
            "name": lambda s: s.name.casefold(),
            "issuer": lambda s: (s.issuer_name or s.issuer or "").casefold(),
            "valid_from": lambda s: s.valid_from or "",
        }
        if sort in keys:
            items.sort(key=keys[sort], reverse=descending)
        elif sort == "received":
            if not descending:
                items.reverse()
        else:
            raise WalletError(f"cannot sort by {sort!r}")
        return Page(items=tuple(items[offset:offset + limit]), total=len(items),
                    offset=offset, limit=limit)

    def get_credential(self, rid: str) -> CredentialDetail:
        vault = self._vault_open()
        kind, meta, body = vault.get(rid)
        if kind != "credential":
            raise NotFoundError(f"{rid} is not a credential")
        raw = base64.b64decode(body["raw"])
        document, jwt = None, None
        if body.get("kind") == "jwt":
            jwt = raw.decode("ascii")
            from wallet.credential import unverified_credential

            with contextlib.suppress(WalletError):
                document = unverified_credential(jwt)
        else:
            document = json.loads(raw)
        verification = None
        if body.get("verification"):
            verification = VerificationResult.model_validate(body["verification"])
        return CredentialDetail(
            summary=_summary(rid, meta), raw=raw, document=document, jwt=jwt,
            verification=verification,
            reflections=tuple(r for r in self.list_reflections() if rid in r.credential_ids),
            artifacts=tuple(a for a in self.list_artifacts() if rid in a.credential_ids))

    def reverify(self, rid: str, options: VerifyOptions | None = None) -> VerificationResult:
        """Verify a stored credential again (status may have changed) and remember it."""
        vault = self._vault_open()
        _kind, meta, body = vault.get(rid)
        result = verify(load_bytes(base64.b64decode(body["raw"])),
                        options or self._verify_options())
        meta = {**meta, "verified": result.verified, "verdict": _verdict(result),
                "checked_at": _now()}
        vault.update(rid, meta=meta, body={**body, "verification": result.model_dump(
            mode="json")})
        self._index_put(rid, meta)
        return result

    def tag(self, rid: str, add: Iterable[str] = (), remove: Iterable[str] = ()
            ) -> CredentialSummary:
        vault = self._vault_open()
        _kind, meta, _ = vault.get(rid, with_body=False)
        tags = [t for t in meta.get("tags", []) if t not in set(remove)]
        for t in add:
            t = t.strip()
            if t and t not in tags:
                tags.append(t)
        meta = {**meta, "tags": tags}
        vault.update(rid, meta=meta)
        self._index_put(rid, meta)
        return _summary(rid, meta)

    def delete(self, rid: str) -> None:
        """Move to the trash (undo with :meth:`undo_delete`)."""
        self._vault_open().soft_delete(rid)
        if self._index is not None:
            self._index.remove(rid)

    def undo_delete(self, rid: str) -> None:
        vault = self._vault_open()
        vault.undelete(rid)
        kind, meta, _ = vault.get(rid, with_body=False)
        if kind == "credential":
            self._index_put(rid, meta)

    def empty_trash(self, older_than_days: float = 0) -> int:
        vault = self._vault_open()
        removed = vault.purge_deleted(older_than_days * 86400)
        self._collect_blobs()
        return removed

    def export_credentials(self, ids: Iterable[str]) -> list[bytes]:
        """The exact bytes of chosen credentials — plain, for an explicit export only."""
        return [self.get_credential(rid).raw for rid in ids]

    # --- reflections ----------------------------------------------------------------------

    def _check_links(self, credential_ids: Iterable[str]) -> list[str]:
        vault = self._vault_open()
        out = []
        for cid in credential_ids:
            if vault.kind_of(cid) != "credential":
                raise NotFoundError(f"{cid} is not a credential")
            out.append(cid)
        return out

    def add_reflection(self, text: str, *, credential_ids: Iterable[str] = (),
                       competencies: Iterable[str] = (), title: str | None = None
                       ) -> ReflectionInfo:
        if not text.strip():
            raise InputError("a reflection needs some text")
        if len(text) > MAX_REFLECTION_CHARS:
            raise InputError(f"a reflection is at most {MAX_REFLECTION_CHARS:,} characters")
        now = _now()
        links = self._check_links(credential_ids)
        meta = {"title": title or _title_of(text), "credential_ids": links,
                "competencies": list(competencies), "created": now, "edited": now,
                "versions": 1}
        rid = self._vault_open().put("reflection", meta, {"text": text, "history": []})
        return ReflectionInfo(id=rid, text=text, **meta)

    def edit_reflection(self, rid: str, text: str, *, title: str | None = None,
                        credential_ids: Iterable[str] | None = None,
                        competencies: Iterable[str] | None = None) -> ReflectionInfo:
        vault = self._vault_open()
        kind, meta, body = vault.get(rid)
        if kind != "reflection":
            raise NotFoundError(f"{rid} is not a reflection")
        history = [*body.get("history", []), {"text": body["text"], "edited": meta["edited"]}]
        meta = {**meta, "edited": _now(), "versions": len(history) + 1,
                "title": title or meta["title"]}
        if credential_ids is not None:
            meta["credential_ids"] = self._check_links(credential_ids)
        if competencies is not None:
            meta["competencies"] = list(competencies)
        vault.update(rid, meta=meta, body={"text": text, "history": history})
        return ReflectionInfo(id=rid, text=text, **meta)

    def reflection_history(self, rid: str) -> list[dict[str, str]]:
        _kind, _meta, body = self._vault_open().get(rid)
        return list(body.get("history", []))

    def list_reflections(self, credential_id: str | None = None) -> list[ReflectionInfo]:
        vault = self._vault_open()
        out = []
        for rid, meta in vault.iter_meta("reflection"):
            if not isinstance(meta, dict):
                continue
            if credential_id and credential_id not in meta.get("credential_ids", []):
                continue
            _kind, _m, body = vault.get(rid)
            out.append(ReflectionInfo(id=rid, text=body.get("text", ""), **meta))
        return out

    # --- artifacts ------------------------------------------------------------------------

    def attach_file(self, source: BinaryIO, *, name: str, media_type: str | None = None,
                    credential_ids: Iterable[str] = (), competencies: Iterable[str] = ()
                    ) -> ArtifactInfo:
        """Store a file (encrypted; the same content is stored once) linked to credentials."""
        import mimetypes

        links = self._check_links(credential_ids)
        sha = hashlib.sha256()

        class _Sha:
            def read(self, n: int = -1) -> bytes:
                data = source.read(n)
                sha.update(data)
                return data

        vault = self._vault_open()
        blob_id, size = vault.put_blob(_Sha())  # type: ignore[arg-type]
        meta = {"name": name, "media_type": media_type or mimetypes.guess_type(name)[0]
                or "application/octet-stream", "size": size, "blob": blob_id, "url": None,
                "sha256": sha.hexdigest(), "credential_ids": links,
                "competencies": list(competencies), "created": _now()}
        rid = vault.put("artifact", meta)
        return _artifact(rid, meta)

    def attach_link(self, url: str, *, title: str | None = None,
                    credential_ids: Iterable[str] = (), competencies: Iterable[str] = ()
                    ) -> ArtifactInfo:
        if not url.startswith(("https://", "http://")):
            raise InputError("a link artifact needs an http(s) URL")
        links = self._check_links(credential_ids)
        meta = {"name": title or url, "media_type": "text/uri-list", "size": 0, "blob": None,
                "url": url, "sha256": None, "credential_ids": links,
                "competencies": list(competencies), "created": _now()}
        rid = self._vault_open().put("artifact", meta)
        return _artifact(rid, meta)

    def list_artifacts(self, credential_id: str | None = None) -> list[ArtifactInfo]:
        out = []
        for rid, meta in self._vault_open().iter_meta("artifact"):
            if isinstance(meta, dict) and (credential_id is None
                                           or credential_id in meta.get("credential_ids", [])):
                out.append(_artifact(rid, meta))
        return out

    def read_artifact(self, rid: str) -> Iterator[bytes]:
        """The content of a file artifact, checked chunk by chunk."""
        vault = self._vault_open()
        kind, meta, _ = vault.get(rid, with_body=False)
        if kind != "artifact" or not meta.get("blob"):
            raise NotFoundError(f"{rid} is not a file artifact")
        return vault.read_blob(meta["blob"])

    def _collect_blobs(self) -> None:
        """Remove blob files no artifact refers to any more."""
        vault = self._vault_open()
        used = {m.get("blob") for _rid, m in vault.iter_meta("artifact", include_deleted=True)
                if isinstance(m, dict)}
        for blob_id in vault.blob_ids() - used:
            vault.remove_blob(blob_id)

    # --- presentations and shares ---------------------------------------------------------

    def compose_presentation(
        self, credential_ids: Iterable[str], *, reflections: bool | Iterable[str] = True,
        artifacts: bool | Iterable[str] = True, title: str = "Learner record",
        challenge: str | None = None, domain: str | None = None,
        expires_in: timedelta = timedelta(days=7), file_base_url: str | None = None,
    ) -> Composed:
        """A signed presentation of chosen credentials, with the reflections and artifacts
        linked to them (all of them: ``True``; none: ``False``; or chosen ids)."""
        from wallet.present import ArtifactInput, CredentialInput, ReflectionInput, compose

        ids = list(dict.fromkeys(credential_ids))
        inputs = []
        for rid in ids:
            detail = self.get_credential(rid)
            inputs.append(CredentialInput(rid, detail.jwt if detail.jwt else json.loads(
                detail.raw)))
        chosen = set(ids)

        def pick(items: list[Any], selection: bool | Iterable[str]) -> list[Any]:
            if selection is True:
                return [i for i in items if chosen & set(i.credential_ids)]
            if selection is False:
                return []
            wanted = set(selection)
            return [i for i in items if i.id in wanted]

        refl_inputs = [ReflectionInput(r.id, r.title, r.text, r.credential_ids)
                       for r in pick(self.list_reflections(), reflections)]
        art_inputs = []
        for a in pick(self.list_artifacts(), artifacts):
            content = b"".join(self.read_artifact(a.id)) if a.url is None else None
            art_inputs.append(ArtifactInput(a.id, a.name, a.media_type, content, a.url,
                                            a.credential_ids))
        holder = self.holder_key()
        return compose(inputs, holder=holder.signer(), holder_did=holder.did,
                       reflections=refl_inputs, artifacts=art_inputs, title=title,
                       challenge=challenge, domain=domain, expires_in=expires_in,
                       file_base_url=file_base_url)

    def save_preset(self, label: str, credential_ids: Iterable[str], *,
                    reflections: bool | list[str] = True, artifacts: bool | list[str] = True
                    ) -> str:
        """A reusable selection ("Job application: data analyst")."""
        vault = self._vault_open()
        meta = {"label": label, "credential_ids": list(credential_ids),
                "reflections": reflections if isinstance(reflections, bool) else
                list(reflections), "artifacts": artifacts if isinstance(artifacts, bool) else
                list(artifacts), "created": _now()}
        for rid, existing in vault.iter_meta("preset"):
            if isinstance(existing, dict) and existing.get("label") == label:
                vault.update(rid, meta=meta)
                return rid
        return vault.put("preset", meta)

    def list_presets(self) -> list[dict[str, Any]]:
        return [{"id": rid, **meta} for rid, meta in self._vault_open().iter_meta("preset")
                if isinstance(meta, dict)]

    def preset(self, label: str) -> dict[str, Any]:
        for preset in self.list_presets():
            if preset["label"].casefold() == label.casefold():
                return preset
        raise NotFoundError(f"there is no preset named {label!r}")

    def save_presentation(self, document: dict[str, Any], *, label: str,
                          credential_ids: Iterable[str] = ()) -> str:
        """Keep a presentation the learner made (the signed JSON) for later reuse."""
        meta = {"label": label, "credential_ids": list(credential_ids), "created": _now()}
        return self._vault_open().put("presentation", meta, {"document": document})

    def list_presentations(self) -> list[dict[str, Any]]:
        return [{"id": rid, **meta} for rid, meta in self._vault_open().iter_meta(
            "presentation") if isinstance(meta, dict)]

    def get_presentation(self, rid: str) -> dict[str, Any]:
        kind, _meta, body = self._vault_open().get(rid)
        if kind != "presentation":
            raise NotFoundError(f"{rid} is not a presentation")
        return dict(body["document"])

    def save_share(self, info: dict[str, Any], *, secret: dict[str, Any] | None = None
                   ) -> str:
        """Remember a shared link (its URL, expiry, …); ``secret`` (e.g. the link's key and
        the server's management token) is kept in the record's encrypted body."""
        return self._vault_open().put("share", {**info, "created": _now()}, secret or {})

    def update_share(self, rid: str, **changes: Any) -> None:
        vault = self._vault_open()
        _kind, meta, _ = vault.get(rid, with_body=False)
        vault.update(rid, meta={**meta, **changes})

    def list_shares(self) -> list[dict[str, Any]]:
        return [{"id": rid, **meta} for rid, meta in self._vault_open().iter_meta("share")
                if isinstance(meta, dict)]

    def share_secret(self, rid: str) -> dict[str, Any]:
        kind, _meta, body = self._vault_open().get(rid)
        if kind != "share":
            raise NotFoundError(f"{rid} is not a share")
        return dict(body or {})

    # --- competency frameworks and the competency map -------------------------------------

    def import_framework(self, data: bytes, *, source: str | None = None) -> dict[str, Any]:
        """Store a CASE 1.0 package (validated first; nothing is stored if it is malformed).
        A package already stored (the same CFDocument) is replaced by the new one."""
        from wallet.competency import FrameworkError, parse_case_package

        if len(data) > 64 * 1024 * 1024:
            raise FrameworkError("the CASE package is too large")
        try:
            package = json.loads(data)
        except (ValueError, UnicodeDecodeError):
            raise FrameworkError("the CASE package is not JSON") from None
        framework = parse_case_package(package)
        vault = self._vault_open()
        meta = {"identifier": framework.identifier, "title": framework.title,
                "uri": framework.uri, "items": len(framework.items), "source": source,
                "imported": _now()}
        dedupe = vault.dedupe_key(framework.identifier.encode())
        existing = vault.find_dedupe("framework", dedupe)
        with vault.transaction():
            if existing:
                vault.delete_now(existing)
            vault.put("framework", meta, {"package": package}, dedupe=dedupe)
        self._frameworks_cache = None
        return meta

    def list_frameworks(self) -> list[dict[str, Any]]:
        return [meta for _rid, meta in self._vault_open().iter_meta("framework")
                if isinstance(meta, dict)]

    def frameworks(self) -> list[Any]:
        """The imported frameworks, parsed (kept in memory after the first call)."""
        from wallet.competency import parse_case_package

        if self._frameworks_cache is None:
            vault = self._vault_open()
            parsed = []
            for rid, meta in vault.iter_meta("framework"):
                if isinstance(meta, dict):
                    _kind, _meta, body = vault.get(rid)
                    parsed.append(parse_case_package(body["package"]))
            self._frameworks_cache = parsed
        return list(self._frameworks_cache)

    def competency_facts(self) -> list[Any]:
        """What the competency map needs from every stored credential."""
        from wallet.competency import facts_from_credential
        from wallet.credential import unverified_credential

        vault = self._vault_open()
        # Parsed once per credential and verdict, kept while the vault is open (the map is
        # redrawn often; decrypting and parsing every credential each time is not needed).
        cache = self._facts_cache
        out, keep = [], {}
        for rid, meta in vault.iter_meta("credential"):
            if not isinstance(meta, dict):
                continue
            key = (rid, bool(meta.get("verified")))
            facts = cache.get(key)
            if facts is None:
                _kind, _meta, body = vault.get(rid)
                raw = base64.b64decode(body["raw"])
                try:
                    doc = (unverified_credential(raw.decode())
                           if body.get("kind") == "jwt" else json.loads(raw))
                    facts = facts_from_credential(rid, doc, verified=key[1])
                except (WalletError, ValueError):
                    continue
            keep[key] = facts
            out.append(facts)
        self._facts_cache = keep
        return out

    def competency_map(self) -> Any:
        from wallet.competency import LearnerEvidence, map_competencies

        learner = [LearnerEvidence(r.id, "reflection", r.title, r.competencies,
                                   r.credential_ids) for r in self.list_reflections()]
        learner += [LearnerEvidence(a.id, "artifact", a.name, a.competencies, a.credential_ids)
                    for a in self.list_artifacts()]
        return map_competencies(self.competency_facts(), self.frameworks(), learner)

    def cover(self, requirements: Iterable[str]) -> Any:
        from wallet.competency import cover

        return cover(self.competency_map(), requirements)

    # --- deferred issuance ----------------------------------------------------------------

    def save_pending(self, info: dict[str, Any], *, secret: dict[str, Any]) -> str:
        """A credential the issuer deferred: where and when to ask again (``secret``: the
        transaction id and access token, in the encrypted body)."""
        return self._vault_open().put("pending", {**info, "created": _now()}, secret)

    def list_pending(self) -> list[dict[str, Any]]:
        return [{"id": rid, **meta} for rid, meta in self._vault_open().iter_meta("pending")
                if isinstance(meta, dict)]

    def pending_secret(self, rid: str) -> dict[str, Any]:
        kind, _meta, body = self._vault_open().get(rid)
        if kind != "pending":
            raise NotFoundError(f"{rid} is not a pending credential")
        return dict(body or {})

    def update_pending(self, rid: str, **changes: Any) -> None:
        vault = self._vault_open()
        _kind, meta, _ = vault.get(rid, with_body=False)
        vault.update(rid, meta={**meta, **changes})

    def drop_pending(self, rid: str) -> None:
        self._vault_open().delete_now(rid)

    # --- backup ---------------------------------------------------------------------------

    def backup(self, path: str | os.PathLike[str], passphrase: str | None = None
               ) -> dict[str, int]:
        """Write this profile, keys included, to one passphrase-protected file."""
        from wallet.storage.backup import write_backup

        vault = self._vault_open()
        passphrase = passphrase or self._passphrase_source("backup")
        if not passphrase:
            raise ProfileError("a backup needs a passphrase (or set WALLET_BACKUP_PASSPHRASE)")
        assert self._entry is not None
        return write_backup(vault, Path(path), passphrase, profile_name=self._entry.name)

    def restore(self, path: str | os.PathLike[str], passphrase: str | None = None
                ) -> RestoreReport:
        """Merge a backup into this profile (what is here already is skipped)."""
        from wallet.storage.backup import credential_dedupe, restore

        vault = self._vault_open()
        passphrase = passphrase or self._passphrase_source("backup")
        if not passphrase:
            raise ProfileError("the backup's passphrase is needed")
        report = restore(vault, Path(path), passphrase, dedupe_of=credential_dedupe(vault))
        self._index = None
        self._frameworks_cache = None
        return report

    # --- settings -------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        vault = self._vault_open()
        for _rid, meta in vault.iter_meta("settings"):
            if isinstance(meta, dict):
                return dict(meta.get("values", {}))
            raise meta
        return {}

    def set_setting(self, key: str, value: Any) -> None:
        vault = self._vault_open()
        values = self.settings()
        values[key] = value
        for rid, _meta in vault.iter_meta("settings"):
            vault.update(rid, meta={"values": values})
            return
        vault.put("settings", {"values": values})


def env_passphrase(reason: str) -> str | None:
    """Passphrases for scripts and tests: ``WALLET_PASSPHRASE`` (``WALLET_BACKUP_PASSPHRASE``
    first, for backups)."""
    if reason == "backup" and os.environ.get("WALLET_BACKUP_PASSPHRASE"):
        return os.environ["WALLET_BACKUP_PASSPHRASE"]
    return os.environ.get("WALLET_PASSPHRASE")


def _title_of(text: str) -> str:
    first = next((line.strip(" #*>-\t") for line in text.splitlines() if line.strip()), "")
    return (first[:77] + "…") if len(first) > 80 else first or "Reflection"


def _artifact(rid: str, meta: dict[str, Any]) -> ArtifactInfo:
    return ArtifactInfo(id=rid, name=meta["name"], media_type=meta["media_type"],
                        size=meta.get("size", 0), url=meta.get("url"), sha256=meta.get("sha256"),
                        credential_ids=tuple(meta.get("credential_ids", ())),
                        competencies=tuple(meta.get("competencies", ())),
                        created=meta["created"])

