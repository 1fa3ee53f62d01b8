"""Where the share service keeps shares: SQLite by default, PostgreSQL via ``DATABASE_URL``.

Only ciphertext is stored (the key travels in the share URL, never to this store), with the
bookkeeping a link needs: expiry, view limit and view times, revocation, and a hash of the
learner's management token.

The store is all the state the service has that matters across requests, so that several
replicas can share one PostgreSQL database: a view is counted by one atomic statement (``UPDATE …
SET views = views + 1 WHERE … AND (max_views IS NULL OR views < max_views) RETURNING …``, never
read-then-write), and the per-client upload quotas are rows here too, as are the per-client
rate limits of our verifier's endpoints (:meth:`ShareStore.hit`: one counter per client, endpoint
and minute, raised by one atomic upsert, so a limit holds across replicas). Client addresses are
kept only as hashes (per share for views, so that two shares' viewers cannot be linked).
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

__all__ = ["RETENTION", "ShareRecord", "ShareStore", "client_hash", "open_store"]

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
    """CREATE TABLE IF NOT EXISTS share_quota (
        client TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        reservations INTEGER NOT NULL,
        bytes BIGINT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS share_rate (
        bucket TEXT NOT NULL,
        client TEXT NOT NULL,
        slot BIGINT NOT NULL,
        ends DOUBLE PRECISION NOT NULL,
        hits INTEGER NOT NULL,
        PRIMARY KEY (bucket, client, slot)
    )""",
    """CREATE TABLE IF NOT EXISTS share_files (
        share_id TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        ciphertext BYTEA NOT NULL,
        PRIMARY KEY (share_id, sha256)
    )""",
]


# Columns added after the first version of the schema: (table, column, type).
COLUMNS = [("share_views", "client", "TEXT")]
RETENTION = 90 * 86400.0
"""How long a share's row (no content: its state, view times) outlives its expiry, so the learner
still sees "expired" in ``wallet shares``; then it is deleted."""
_SCHEMA_LOCK = 0x5348415245  # pg_advisory_xact_lock key: replicas create the schema one by one


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_hash(client: str, salt: str = "") -> str:
    """How a client address is kept: hashed (``salt``: the share id for views)."""
    return hashlib.sha256(f"{salt}\x00{client}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


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
        """ "ok", "revoked", "expired", "used up" or "empty" (reserved, not uploaded)."""
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
        self._postgres = placeholder == "%s"
        with self._tx() as cur:
            if self._postgres:  # two replicas starting at once must not race on the schema
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            for statement in SCHEMA:
                cur.execute(
                    statement
                    if self._postgres
                    else statement.replace("BYTEA", "BLOB").replace("DOUBLE PRECISION", "REAL")
                )
            for table, column, kind in COLUMNS:
                if self._postgres:
                    cur.execute(f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {kind}")
                else:
                    cur.execute(f"PRAGMA table_info({table})")
                    if column not in {row[1] for row in cur.fetchall()}:
                        cur.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")

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
            cur.execute(
                self._q("INSERT INTO shares(id, token_hash, created, expires) VALUES (?, ?, ?, ?)"),
                (share_id, token_hash(token), time.time(), expires),
            )

    def get(self, share_id: str) -> ShareRecord | None:
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "SELECT id, token_hash, created, expires, max_views, views, "
                    "revoked, ciphertext FROM shares WHERE id = ?"
                ),
                (share_id,),
            )
            row = cur.fetchone()
        if row is None:
            return None
        return ShareRecord(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            bool(row[6]),
            bytes(row[7]) if row[7] is not None else None,
        )

    def upload(
        self, share_id: str, ciphertext: bytes, expires: float, max_views: int | None
    ) -> None:
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "UPDATE shares SET ciphertext = ?, expires = ?, max_views = ? WHERE id = ?"
                ),
                (self._blob(ciphertext), expires, max_views, share_id),
            )

    def put_file(self, share_id: str, sha256: str, ciphertext: bytes) -> None:
        with self._tx() as cur:
            cur.execute(
                self._q("DELETE FROM share_files WHERE share_id = ? AND sha256 = ?"),
                (share_id, sha256),
            )
            cur.execute(
                self._q("INSERT INTO share_files(share_id, sha256, ciphertext) VALUES (?, ?, ?)"),
                (share_id, sha256, self._blob(ciphertext)),
            )

    def file_usage(self, share_id: str, sha256: str) -> tuple[int, int, bool]:
        """How many files a share has, their bytes in all, and whether one is ``sha256``."""
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "SELECT COUNT(*), COALESCE(SUM(LENGTH(ciphertext)), 0), "
                    "COALESCE(SUM(CASE WHEN sha256 = ? THEN 1 ELSE 0 END), 0) "
                    "FROM share_files WHERE share_id = ?"
                ),
                (sha256, share_id),
            )
            count, size, present = cur.fetchone()
        return int(count), int(size), bool(present)

    def get_file(self, share_id: str, sha256: str) -> bytes | None:
        with self._tx() as cur:
            cur.execute(
                self._q("SELECT ciphertext FROM share_files WHERE share_id = ? AND sha256 = ?"),
                (share_id, sha256),
            )
            row = cur.fetchone()
        return bytes(row[0]) if row else None

    def record_view(self, share_id: str, client: str = "") -> bool:
        """Count a view if the share may still be viewed — atomically, in one statement, so
        that the limit holds exactly however many processes count at once; True if counted.
        ``client`` (the viewer's address) is kept hashed, with the share id as salt."""
        now = time.time()
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "UPDATE shares SET views = views + 1 WHERE id = ? AND revoked = 0 AND "
                    "expires > ? AND ciphertext IS NOT NULL AND (max_views IS NULL OR "
                    "views < max_views) RETURNING views"
                ),
                (share_id, now),
            )
            counted = cur.fetchone() is not None
            if counted:
                cur.execute(
                    self._q("INSERT INTO share_views(share_id, at, client) VALUES (?, ?, ?)"),
                    (share_id, now, client_hash(client, share_id) if client else None),
                )
        return counted

    def viewed_since(self, share_id: str, client: str, since: float) -> bool:
        """Whether ``client`` had a counted view of this share after ``since``."""
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "SELECT 1 FROM share_views WHERE share_id = ? AND client = ? AND at > ? LIMIT 1"
                ),
                (share_id, client_hash(client, share_id), since),
            )
            return cur.fetchone() is not None

    def views(self, share_id: str) -> list[float]:
        with self._tx() as cur:
            cur.execute(
                self._q("SELECT at FROM share_views WHERE share_id = ? ORDER BY at"), (share_id,)
            )
            return [row[0] for row in cur.fetchall()]

    def revoke(self, share_id: str) -> None:
        """Revoked: the ciphertext and files are deleted at once; the id stays, as revoked."""
        with self._tx() as cur:
            cur.execute(
                self._q("UPDATE shares SET revoked = 1, ciphertext = NULL WHERE id = ?"),
                (share_id,),
            )
            cur.execute(self._q("DELETE FROM share_files WHERE share_id = ?"), (share_id,))

    # --- quotas ---------------------------------------------------------------------------

    def charge(self, client: str, *, reservations: int = 0, size: int = 0) -> None:
        """Note what ``client`` reserved or uploaded (for :meth:`usage`)."""
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "INSERT INTO share_quota(client, at, reservations, bytes) VALUES (?, ?, ?, ?)"
                ),
                (client_hash(client), time.time(), reservations, size),
            )

    def usage(self, client: str, since: float) -> tuple[int, int]:
        """(reservations, bytes) ``client`` used after ``since`` — across every replica."""
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "SELECT COALESCE(SUM(reservations), 0), COALESCE(SUM(bytes), 0) "
                    "FROM share_quota WHERE client = ? AND at > ?"
                ),
                (client_hash(client), since),
            )
            reservations, size = cur.fetchone()
        return int(reservations), int(size)

    def hit(
        self,
        bucket: str,
        client: str,
        limit: int,
        window: float = 60.0,
        *,
        now: float | None = None,
    ) -> bool:
        """Count one request of ``client`` to ``bucket`` (an endpoint) in the current window of
        ``window`` seconds; True while that window's count is within ``limit``. One atomic
        upsert (``INSERT … ON CONFLICT … DO UPDATE SET hits = hits + 1 RETURNING hits``), so
        the limit is exact however many replicas count at once. Refused requests count too: a
        client that keeps flooding stays refused until the window turns."""
        now = time.time() if now is None else now
        slot = int(now // window)
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "INSERT INTO share_rate(bucket, client, slot, ends, hits) "
                    "VALUES (?, ?, ?, ?, 1) "
                    "ON CONFLICT (bucket, client, slot) DO UPDATE SET hits = share_rate.hits + 1 "
                    "RETURNING hits"
                ),
                (bucket, client_hash(client), slot, (slot + 1) * window),
            )
            row = cur.fetchone()
        return row is not None and int(row[0]) <= limit

    # --- housekeeping ---------------------------------------------------------------------

    def purge_expired(self, grace: float = 86400.0) -> int:
        """Delete the ciphertext of shares expired for longer than ``grace`` seconds."""
        cutoff = time.time() - grace
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "DELETE FROM share_files WHERE share_id IN (SELECT id FROM "
                    "shares WHERE expires < ?)"
                ),
                (cutoff,),
            )
            cur.execute(
                self._q(
                    "UPDATE shares SET ciphertext = NULL WHERE expires < ? AND "
                    "ciphertext IS NOT NULL"
                ),
                (cutoff,),
            )
            return cur.rowcount

    def purge(
        self, *, quota_window: float = 86400.0, retention: float = RETENTION
    ) -> dict[str, int]:
        """What the service runs on a schedule: the content of expired and revoked shares
        (ciphertext, files — also of reservations never completed) deleted; shares that
        expired more than ``retention`` ago deleted with their view times; quota rows older
        than ``quota_window`` deleted, and rate counters whose window has ended. Returns how
        many of each were removed."""
        now = time.time()
        done = {"expired": self.purge_expired(grace=0)}
        with self._tx() as cur:
            cur.execute(
                self._q(
                    "DELETE FROM share_files WHERE share_id IN (SELECT id FROM "
                    "shares WHERE revoked = 1)"
                )
            )
            done["revoked_files"] = cur.rowcount
            cur.execute(
                self._q(
                    "UPDATE shares SET ciphertext = NULL WHERE revoked = 1 AND "
                    "ciphertext IS NOT NULL"
                )
            )
            gone = "(SELECT id FROM shares WHERE expires < ?)"
            cur.execute(
                self._q(f"DELETE FROM share_views WHERE share_id IN {gone}"), (now - retention,)
            )
            cur.execute(self._q("DELETE FROM shares WHERE expires < ?"), (now - retention,))
            done["forgotten"] = cur.rowcount
            cur.execute(self._q("DELETE FROM share_quota WHERE at < ?"), (now - quota_window,))
            cur.execute(self._q("DELETE FROM share_rate WHERE ends < ?"), (now,))
            done["rate_counters"] = cur.rowcount
        return done

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
