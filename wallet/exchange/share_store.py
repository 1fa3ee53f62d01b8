"""Where the share service keeps shares: SQLite by default, PostgreSQL via ``DATABASE_URL``.

Only ciphertext is stored (the key travels in the share URL, never to this store), with the
bookkeeping a link needs: expiry, view limit and view times, revocation, and a hash of the
learner's management token.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

__all__ = ["ShareRecord", "ShareStore", "open_store"]

SCHEMA = [
    """CREATE TABLE IF NOT EXISTS shares (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL,
        created DOUBLE PRECISION NOT NULL,
        expires DOUBLE PRECISION NOT NULL,
        max_views INTEGER,
        views INTEGER NOT NULL DEFAULT 0,
        revoked INTEGER NOT NULL DEFAULT 0,
        ciphertext BYTEA
    )""",
    """CREATE TABLE IF NOT EXISTS share_views (
        share_id TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS share_files (
        share_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        ciphertext BYTEA NOT NULL,
        PRIMARY KEY (share_id, sha256)
    )""",
]


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class ShareRecord:
    id: str
    token_hash: str
    created: float
    expires: float
    max_views: int | None
    views: int
    revoked: bool
    ciphertext: bytes | None

    def state(self, now: float | None = None) -> str:
        """"ok", "revoked", "expired", "used up" or "empty" (reserved, not uploaded)."""
        now = time.time() if now is None else now
        if self.revoked:
            return "revoked"
        if self.expires <= now:
            return "expired"
        if self.max_views is not None and self.views >= self.max_views:
            return "used up"
        if self.ciphertext is None:
            return "empty"
        return "ok"


class ShareStore:
    """A tiny repository over a DB-API connection (sqlite3 or psycopg)."""

    def __init__(self, connect: Any, *, placeholder: str = "?", blob: Any = bytes) -> None:
        self._connect = connect
        self._ph = placeholder
        self._blob = blob
        self._lock = threading.Lock()
        self._conn = connect()
        with self._tx() as cur:
            for statement in SCHEMA:
                cur.execute(statement if placeholder == "%s" else
                            statement.replace("BYTEA", "BLOB").replace("DOUBLE PRECISION",
                                                                        "REAL"))

    @contextmanager
    def _tx(self) -> Iterator[Any]:
        with self._lock:
            cur = self._conn.cursor()
            try:
                yield cur
                self._conn.commit()
            except BaseException:
                self._conn.rollback()
                raise
            finally:
                cur.close()

    def _q(self, sql: str) -> str:
        return sql.replace("?", self._ph)

    def create(self, share_id: str, token: str, expires: float) -> None:
        with self._tx() as cur:
            cur.execute(self._q("INSERT INTO shares(id, token_hash, created, expires) "
                                "VALUES (?, ?, ?, ?)"),
                        (share_id, token_hash(token), time.time(), expires))

    def get(self, share_id: str) -> ShareRecord | None:
        with self._tx() as cur:
            cur.execute(self._q("SELECT id, token_hash, created, expires, max_views, views, "
                                "revoked, ciphertext FROM shares WHERE id = ?"), (share_id,))
            row = cur.fetchone()
        if row is None:
            return None
        return ShareRecord(row[0], row[1], row[2], row[3], row[4], row[5], bool(row[6]),
                           bytes(row[7]) if row[7] is not None else None)

    def upload(self, share_id: str, ciphertext: bytes, expires: float,
               max_views: int | None) -> None:
        with self._tx() as cur:
            cur.execute(self._q("UPDATE shares SET ciphertext = ?, expires = ?, max_views = ? "
                                "WHERE id = ?"),
                        (self._blob(ciphertext), expires, max_views, share_id))

    def put_file(self, share_id: str, sha256: str, ciphertext: bytes) -> None:
        with self._tx() as cur:
            cur.execute(self._q("DELETE FROM share_files WHERE share_id = ? AND sha256 = ?"),
                        (share_id, sha256))
            cur.execute(self._q("INSERT INTO share_files(share_id, sha256, ciphertext) "
                                "VALUES (?, ?, ?)"), (share_id, sha256, self._blob(ciphertext)))

    def get_file(self, share_id: str, sha256: str) -> bytes | None:
        with self._tx() as cur:
            cur.execute(self._q("SELECT ciphertext FROM share_files WHERE share_id = ? AND "
                                "sha256 = ?"), (share_id, sha256))
            row = cur.fetchone()
        return bytes(row[0]) if row else None

    def record_view(self, share_id: str) -> bool:
        """Count a view if the share may still be viewed (atomically); True if counted."""
        now = time.time()
        with self._tx() as cur:
            cur.execute(self._q(
                "UPDATE shares SET views = views + 1 WHERE id = ? AND revoked = 0 AND "
                "expires > ? AND ciphertext IS NOT NULL AND (max_views IS NULL OR "
                "views < max_views)"), (share_id, now))
            counted = cur.rowcount == 1
            if counted:
                cur.execute(self._q("INSERT INTO share_views(share_id, at) VALUES (?, ?)"),
                            (share_id, now))
        return counted

    def views(self, share_id: str) -> list[float]:
        with self._tx() as cur:
            cur.execute(self._q("SELECT at FROM share_views WHERE share_id = ? ORDER BY at"),
                        (share_id,))
            return [row[0] for row in cur.fetchall()]

    def revoke(self, share_id: str) -> None:
        """Revoked: the ciphertext and files are deleted at once; the id stays, as revoked."""
        with self._tx() as cur:
            cur.execute(self._q("UPDATE shares SET revoked = 1, ciphertext = NULL WHERE id = ?"),
                        (share_id,))
            cur.execute(self._q("DELETE FROM share_files WHERE share_id = ?"), (share_id,))

    def purge_expired(self, grace: float = 86400.0) -> int:
        """Delete the ciphertext of shares expired for longer than ``grace`` seconds."""
        cutoff = time.time() - grace
        with self._tx() as cur:
            cur.execute(self._q("DELETE FROM share_files WHERE share_id IN (SELECT id FROM "
                                "shares WHERE expires < ?)"), (cutoff,))
            cur.execute(self._q("UPDATE shares SET ciphertext = NULL WHERE expires < ? AND "
                                "ciphertext IS NOT NULL"), (cutoff,))
            return cur.rowcount

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def open_store(database_url: str | None, *, default_path: str) -> ShareStore:
    """``postgresql://…`` (psycopg) or ``sqlite:///path`` / a path; default: ``default_path``."""
    url = database_url or default_path
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        return ShareStore(lambda: psycopg.connect(url), placeholder="%s")
    path = url.removeprefix("sqlite:///").removeprefix("sqlite://")

    def connect() -> sqlite3.Connection:
        conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")  # a view count may lag after power loss
        return conn

    return ShareStore(connect)
