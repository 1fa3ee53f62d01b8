"""One profile's encrypted vault: SQLite (WAL, atomic transactions) plus encrypted blob files.

Layout of a profile directory::

    vault.db (+ -wal, -shm)   records and the wrapped data key
    blobs/ab/ab12…            artifact files, encrypted (secretstream), named by keyed hash
    tmp/<id>/, tmp/<id>.lock  blobs being written, in a folder per open vault whose lock its
                              owner holds; only the owner removes it, and a folder whose lock
                              is free (its owner died) is removed by the next opener
    locked                    present while the profile is locked

Table ``records``: ``id`` (random), ``kind``, ``dedupe`` (keyed hash, for duplicate detection),
``deleted_at`` (soft delete, for undo), ``meta`` and ``body`` — both ``nonce ‖ ciphertext`` under
the data key, with ``id|kind|column`` as associated data. ``meta`` is the small part used for
listing and search; ``body`` holds the rest (a credential's exact bytes, a reflection's text).
Table ``meta`` holds plaintext settings: schema and key-wrapping parameters only.

Nothing here is readable without the data key, except: record ids and kinds, row order, sizes,
and deletion times. A damaged record or blob raises :class:`IntegrityError` naming it; the rest
of the vault stays usable.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wallet.errors import (
    IntegrityError,
    NotFoundError,
    VaultError,
    VaultLockedError,
)
from wallet.storage import crypto
from wallet.storage.locks import FileLock
from wallet.storage.protection import KeyringStore, WrappedKey, new_wrapping, open_wrapping

__all__ = ["SCHEMA_VERSION", "Vault"]

SCHEMA_VERSION = 1
MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE records (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            dedupe BLOB,
            deleted_at REAL,
            meta BLOB NOT NULL,
            body BLOB
        );
        CREATE UNIQUE INDEX records_dedupe ON records(kind, dedupe) WHERE dedupe IS NOT NULL;
        CREATE INDEX records_kind ON records(kind, deleted_at);
    """,
}


_LEGACY_TMP_AGE = 24 * 3600.0


def _sweep_tmp(tmp: Path) -> None:
    """Remove what dead writers left in ``tmp``: folders whose lock no one holds. A live
    process's folder is left alone, whatever it is doing."""
    for entry in list(tmp.iterdir()):
        with contextlib.suppress(OSError):
            if entry.name.endswith(".lock"):
                lock = FileLock(entry)
                if lock.try_acquire():  # its owner is gone
                    try:
                        shutil.rmtree(tmp / entry.name.removesuffix(".lock"), ignore_errors=True)
                        entry.unlink(missing_ok=True)
                    finally:
                        lock.release()
            elif entry.is_dir():
                if not (tmp / f"{entry.name}.lock").exists():  # a sweep cut short
                    shutil.rmtree(entry, ignore_errors=True)
            elif time.time() - entry.stat().st_mtime > _LEGACY_TMP_AGE:
                entry.unlink()  # an older version's temporary file, long abandoned


def _claim_tmp(tmp: Path) -> tuple[Path, FileLock]:
    """A fresh work folder in ``tmp`` and the lock that marks it as ours."""
    while True:
        name = uuid.uuid4().hex
        lock = FileLock(tmp / f"{name}.lock")
        if not lock.try_acquire():
            continue
        if not lock.still_at_path():  # swept between creating and locking it: again
            lock.release()
            continue
        folder = tmp / name
        folder.mkdir(mode=0o700)
        return folder, lock


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _parsed(meta: bytes | IntegrityError) -> Any:
    return meta if isinstance(meta, IntegrityError) else json.loads(meta)


class Vault:
    """Encrypted records and blobs of one profile. Thread-safe; one connection."""

    def __init__(
        self,
        directory: Path,
        profile_id: str,
        *,
        store: KeyringStore | None = None,
        kdf: crypto.KdfCost = crypto.MODERATE,
    ):
        self.directory = Path(directory)
        self.profile_id = profile_id
        self._store = store or KeyringStore()
        self.kdf = kdf  # the passphrase KDF's cost: written, and the least accepted
        self._key: bytes | None = None
        self._lock = threading.RLock()
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        (self.directory / "blobs").mkdir(exist_ok=True, mode=0o700)
        tmp = self.directory / "tmp"
        tmp.mkdir(exist_ok=True, mode=0o700)
        _sweep_tmp(tmp)  # blobs whose writer died before finishing
        self._work: tuple[Path, FileLock] | None = None
        self._db = sqlite3.connect(
            self.directory / "vault.db", isolation_level=None, check_same_thread=False, timeout=30
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA secure_delete=ON")
        self._migrate()

    # --- schema ---------------------------------------------------------------------------

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise VaultError(
                "this wallet was written by a newer version of the app; update the app to open it"
            )
        for target in range(version + 1, SCHEMA_VERSION + 1):
            with self.transaction():
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={target}")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """An atomic transaction (nested calls join the outer one)."""
        with self._lock:
            if self._db.in_transaction:
                yield self._db
                return
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._key = None
            self._db.close()
            if self._work is not None:
                folder, lock = self._work
                self._work = None
                shutil.rmtree(folder, ignore_errors=True)
                with contextlib.suppress(OSError):
                    lock.path.unlink()
                lock.release()

    @property
    def tmp_dir(self) -> Path:
        """This vault's own folder for blobs being written (made on first use)."""
        with self._lock:
            if self._work is None:
                self._work = _claim_tmp(self.directory / "tmp")
            return self._work[0]

    # --- plaintext meta (key wrapping, schema) --------------------------------------------

    def _get_meta(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: bytes) -> None:
        self._db.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE "
            "SET value=excluded.value",
            (key, value),
        )

    @property
    def initialized(self) -> bool:
        return self._get_meta("wrapping") is not None

    def wrapping(self) -> WrappedKey:
        raw = self._get_meta("wrapping")
        if raw is None:
            raise VaultError("this profile has no key yet")
        data = json.loads(raw)
        return WrappedKey(
            protection=data["protection"],
            wrapped=bytes.fromhex(data["wrapped"]),
            salt=bytes.fromhex(data.get("salt", "")),
            opslimit=data.get("opslimit", 0),
            memlimit=data.get("memlimit", 0),
            keyring_user=data.get("keyring_user", ""),
        )

    def _store_wrapping(self, w: WrappedKey) -> None:
        self._set_meta(
            "wrapping",
            json.dumps(
                {
                    "protection": w.protection,
                    "wrapped": w.wrapped.hex(),
                    "salt": w.salt.hex(),
                    "opslimit": w.opslimit,
                    "memlimit": w.memlimit,
                    "keyring_user": w.keyring_user,
                }
            ).encode(),
        )

    @property
    def protection(self) -> str:
        return self.wrapping().protection

    # --- keys -----------------------------------------------------------------------------

    def initialize(self, protection: str, passphrase: str | None = None) -> None:
        """Create the data key and wrap it. The vault is unlocked afterwards."""
        with self._lock:
            if self.initialized:
                raise VaultError("this profile already has a key")
            data_key = crypto.random_key()
            wrapping = new_wrapping(
                data_key,
                self.profile_id,
                protection,
                passphrase=passphrase,
                store=self._store,
                cost=self.kdf,
            )
            with self.transaction():
                self._store_wrapping(wrapping)
            self._key = data_key

    def unlock(self, passphrase: str | None = None) -> None:
        with self._lock:
            self._key = open_wrapping(
                self.wrapping(),
                self.profile_id,
                passphrase=passphrase,
                store=self._store,
                floor=self.kdf,
            )

    def lock(self) -> None:
        with self._lock:
            self._key = None

    @property
    def is_unlocked(self) -> bool:
        return self._key is not None

    def _data_key(self) -> bytes:
        if self._key is None:
            raise VaultLockedError("the wallet is locked")
        return self._key

    def rewrap(self, protection: str, passphrase: str | None = None) -> None:
        """Wrap the data key under a new KEK (passphrase change, key rotation, switching
        between keyring and passphrase). Records are not re-encrypted."""
        with self._lock:
            data_key = self._data_key()
            old = self.wrapping()
            wrapping = new_wrapping(
                data_key,
                self.profile_id,
                protection,
                passphrase=passphrase,
                store=self._store,
                cost=self.kdf,
            )
            try:
                with self.transaction():
                    self._store_wrapping(wrapping)
            except BaseException:
                if wrapping.protection == "keyring":
                    self._store.delete(wrapping.keyring_user)
                raise
            if old.protection == "keyring" and old.keyring_user != wrapping.keyring_user:
                self._store.delete(old.keyring_user)

    def forget_keyring_entry(self) -> None:
        """Remove this profile's KEK from the OS keyring (when the profile is deleted)."""
        with contextlib.suppress(VaultError):
            w = self.wrapping()
            if w.protection == "keyring":
                self._store.delete(w.keyring_user)

    def subkey(self, purpose: bytes) -> bytes:
        return crypto.derive_key(self._data_key(), purpose)

    # --- records --------------------------------------------------------------------------

    def _seal(self, rid: str, kind: str, column: str, value: Any) -> bytes:
        plain = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
        return crypto.seal_record(self._data_key(), plain, f"{rid}|{kind}|{column}".encode())

    def _open(self, rid: str, kind: str, column: str, sealed: bytes) -> Any:
        return json.loads(self._open_json(rid, kind, column, sealed))

    def _open_json(self, rid: str, kind: str, column: str, sealed: bytes) -> bytes:
        return crypto.open_record(
            self._data_key(), sealed, f"{rid}|{kind}|{column}".encode(), what=f"{kind} {rid[:8]}"
        )

    def dedupe_key(self, content: bytes) -> bytes:
        """A keyed hash of ``content``: equal content, equal key; reveals nothing without the
        data key."""
        return hashlib.blake2b(content, key=self.subkey(b"wallet-dedupe"), digest_size=32).digest()

    def find_dedupe(self, kind: str, dedupe: bytes) -> str | None:
        row = self._db.execute(
            "SELECT id FROM records WHERE kind=? AND dedupe=?", (kind, dedupe)
        ).fetchone()
        return row[0] if row else None

    def put(
        self,
        kind: str,
        meta: dict[str, Any],
        body: Any = None,
        *,
        record_id: str | None = None,
        dedupe: bytes | None = None,
    ) -> str:
        """Store a new record atomically; returns its id."""
        rid = record_id or uuid.uuid4().hex
        with self.transaction() as db:
            db.execute(
                "INSERT INTO records(id, kind, dedupe, deleted_at, meta, body) "
                "VALUES(?, ?, ?, NULL, ?, ?)",
                (
                    rid,
                    kind,
                    dedupe,
                    self._seal(rid, kind, "meta", meta),
                    None if body is None else self._seal(rid, kind, "body", body),
                ),
            )
        return rid

    def update(self, rid: str, *, meta: dict[str, Any] | None = None, body: Any = None) -> None:
        kind = self.kind_of(rid)
        with self.transaction() as db:
            if meta is not None:
                db.execute(
                    "UPDATE records SET meta=? WHERE id=?",
                    (self._seal(rid, kind, "meta", meta), rid),
                )
            if body is not None:
                db.execute(
                    "UPDATE records SET body=? WHERE id=?",
                    (self._seal(rid, kind, "body", body), rid),
                )

    def kind_of(self, rid: str) -> str:
        row = self._db.execute("SELECT kind FROM records WHERE id=?", (rid,)).fetchone()
        if row is None:
            raise NotFoundError(f"nothing with id {rid}")
        return row[0]

    def resolve_id(self, prefix: str, kind: str | None = None) -> str:
        """A full record id from a unique prefix (at least 4 characters), like git."""
        prefix = prefix.strip().lower()
        if len(prefix) < 4 or not all(c in "0123456789abcdef" for c in prefix):
            raise NotFoundError(f"{prefix!r} is not a record id (give at least 4 hex digits)")
        sql = "SELECT id FROM records WHERE id >= ? AND id < ?"
        args: list[Any] = [prefix, prefix + "g"]
        if kind:
            sql += " AND kind=?"
            args.append(kind)
        rows = self._db.execute(sql + " LIMIT 2", args).fetchall()
        if not rows:
            raise NotFoundError(f"no {kind or 'record'} with id {prefix}")
        if len(rows) > 1:
            raise NotFoundError(f"the id {prefix} is ambiguous; give more of it")
        return rows[0][0]

    def get(
        self, rid: str, *, with_body: bool = True, include_deleted: bool = False
    ) -> tuple[str, dict[str, Any], Any]:
        """(kind, meta, body) of a record."""
        row = self._db.execute(
            "SELECT kind, meta, body, deleted_at FROM records WHERE id=?", (rid,)
        ).fetchone()
        if row is None or (row[3] is not None and not include_deleted):
            raise NotFoundError(f"nothing with id {rid}")
        kind, meta, body, _ = row
        return (
            kind,
            self._open(rid, kind, "meta", meta),
            self._open(rid, kind, "body", body) if with_body and body is not None else None,
        )

    def is_deleted(self, rid: str) -> bool:
        row = self._db.execute("SELECT deleted_at FROM records WHERE id=?", (rid,)).fetchone()
        if row is None:
            raise NotFoundError(f"nothing with id {rid}")
        return row[0] is not None

    def count(self, kind: str) -> int:
        return self._db.execute(
            "SELECT COUNT(*) FROM records WHERE kind=? AND deleted_at IS NULL", (kind,)
        ).fetchone()[0]

    def page(
        self, kind: str, offset: int = 0, limit: int = 50
    ) -> list[tuple[str, dict[str, Any] | IntegrityError]]:
        """Newest first; a damaged record appears as its IntegrityError."""
        return [(rid, _parsed(meta)) for rid, meta in self.page_json(kind, offset, limit)]

    def page_json(
        self, kind: str, offset: int = 0, limit: int = 50
    ) -> list[tuple[str, bytes | IntegrityError]]:
        """As :meth:`page`, each listing as its JSON text (for a reader that parses and checks
        it in one step: :class:`~wallet.storage.records.Records`)."""
        rows = self._db.execute(
            "SELECT id, meta FROM records WHERE kind=? AND deleted_at IS NULL "
            "ORDER BY rowid DESC LIMIT ? OFFSET ?",
            (kind, limit, offset),
        ).fetchall()
        return [(rid, self._safe_open(rid, kind, meta)) for rid, meta in rows]

    def iter_meta(
        self, kind: str, *, include_deleted: bool = False
    ) -> Iterator[tuple[str, dict[str, Any] | IntegrityError]]:
        for rid, meta in self.iter_meta_json(kind, include_deleted=include_deleted):
            yield rid, _parsed(meta)

    def iter_meta_json(
        self, kind: str, *, include_deleted: bool = False
    ) -> Iterator[tuple[str, bytes | IntegrityError]]:
        """As :meth:`iter_meta`, each listing as its JSON text."""
        sql = "SELECT id, meta FROM records WHERE kind=?"
        if not include_deleted:
            sql += " AND deleted_at IS NULL"
        rows = self._db.execute(sql + " ORDER BY rowid DESC", (kind,)).fetchall()
        for rid, meta in rows:
            yield rid, self._safe_open(rid, kind, meta)

    def _safe_open(self, rid: str, kind: str, sealed: bytes) -> bytes | IntegrityError:
        try:
            return self._open_json(rid, kind, "meta", sealed)
        except IntegrityError as exc:
            return exc

    def all_ids(self) -> list[tuple[str, str]]:
        return self._db.execute(
            "SELECT id, kind FROM records WHERE deleted_at IS NULL ORDER BY rowid"
        ).fetchall()

    def soft_delete(self, rid: str) -> None:
        with self.transaction() as db:
            if (
                db.execute(
                    "UPDATE records SET deleted_at=? WHERE id=? AND deleted_at IS NULL",
                    (time.time(), rid),
                ).rowcount
                == 0
            ):
                raise NotFoundError(f"nothing with id {rid}")

    def undelete(self, rid: str) -> None:
        with self.transaction() as db:
            if (
                db.execute(
                    "UPDATE records SET deleted_at=NULL WHERE id=? AND deleted_at IS NOT NULL",
                    (rid,),
                ).rowcount
                == 0
            ):
                raise NotFoundError(f"nothing deleted with id {rid}")

    def delete_now(self, rid: str) -> None:
        """Delete a record for good (no trash)."""
        with self.transaction() as db:
            db.execute("DELETE FROM records WHERE id=?", (rid,))

    def purge_deleted(self, older_than: float = 0.0) -> int:
        with self.transaction() as db:
            return db.execute(
                "DELETE FROM records WHERE deleted_at IS NOT NULL AND deleted_at <= ?",
                (time.time() - older_than,),
            ).rowcount

    # --- blobs ----------------------------------------------------------------------------

    def _blob_path(self, blob_id: str) -> Path:
        if len(blob_id) != 64 or not all(c in "0123456789abcdef" for c in blob_id):
            raise NotFoundError(f"{blob_id!r} is not a blob id")
        return self.directory / "blobs" / blob_id[:2] / blob_id

    def put_blob(self, source: crypto.Readable) -> tuple[str, int]:
        """Encrypt ``source`` into the blob store; (blob id, plaintext size). A blob with the
        same content is stored once."""
        key = self.subkey(b"wallet-blob-key")
        hasher = crypto.BlobHasher(self.subkey(b"wallet-blob-id"))

        class _Hashing:
            def read(self, n: int = -1) -> bytes:
                data = source.read(n)
                hasher.update(data)
                return data

        tmp = self.tmp_dir / uuid.uuid4().hex
        try:
            with open(tmp, "wb") as sink:
                size = crypto.stream_encrypt(key, _Hashing(), sink, b"wallet-blob")
                sink.flush()
                os.fsync(sink.fileno())
            blob_id = hasher.hexdigest()
            final = self._blob_path(blob_id)
            if final.exists():
                tmp.unlink()
            else:
                final.parent.mkdir(exist_ok=True, mode=0o700)
                os.replace(tmp, final)
                _fsync_dir(final.parent)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return blob_id, size

    def read_blob(self, blob_id: str) -> Iterator[bytes]:
        """The plaintext chunks of a blob. Every chunk is authenticated as it is read; at the
        end the content is checked against the blob's id (a swapped file raises there), so a
        caller writing the chunks out must discard them if this raises."""
        path = self._blob_path(blob_id)
        key = self.subkey(b"wallet-blob-key")
        hasher = crypto.BlobHasher(self.subkey(b"wallet-blob-id"))
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
        except FileNotFoundError:
            raise IntegrityError(
                f"the file {blob_id[:8]} is missing from the vault", item=blob_id
            ) from None
        try:
            for chunk in crypto.stream_decrypt(
                key, handle, b"wallet-blob", what=f"file {blob_id[:8]}"
            ):
                hasher.update(chunk)
                yield chunk
        finally:
            handle.close()
        if not crypto.constant_time_equal(hasher.hexdigest().encode(), blob_id.encode()):
            raise IntegrityError(
                f"file {blob_id[:8]} does not match its name (swapped?)", item=blob_id
            )

    def blob_ids(self) -> set[str]:
        root = self.directory / "blobs"
        return {p.name for p in root.glob("*/*") if p.is_file()}

    def remove_blob(self, blob_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._blob_path(blob_id).unlink()
