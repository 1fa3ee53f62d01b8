"""The share store on SQLite and on a real PostgreSQL server (started for the test)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wallet.exchange.share_store import ShareStore, open_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ShareStore]:
    if request.param == "sqlite":
        opened = open_store(None, default_path=str(tmp_path / "shares.db"))
    else:
        url = request.getfixturevalue("postgres_url")
        opened = open_store(url, default_path="unused")
        with opened._tx() as cur:
            cur.execute("DELETE FROM share_views")
            cur.execute("DELETE FROM share_files")
            cur.execute("DELETE FROM shares")
    try:
        yield opened
    finally:
        opened.close()


def test_lifecycle(store: ShareStore) -> None:
    store.create("s1", "token", time.time() + 600)
    assert store.get("s1").state() == "empty"
    assert not store.record_view("s1")  # nothing uploaded yet
    store.upload("s1", b"\x00cipher\xff", time.time() + 600, 2)
    assert store.get("s1").ciphertext == b"\x00cipher\xff"
    assert store.record_view("s1") and store.record_view("s1")
    assert not store.record_view("s1")  # the view limit, enforced atomically
    assert store.get("s1").state() == "used up" and len(store.views("s1")) == 2
    store.put_file("s1", "a" * 64, b"file bytes")
    assert store.get_file("s1", "a" * 64) == b"file bytes"
    store.revoke("s1")
    record = store.get("s1")
    assert record.state() == "revoked" and record.ciphertext is None
    assert store.get_file("s1", "a" * 64) is None


def test_expiry_and_purge(store: ShareStore) -> None:
    store.create("s2", "token", time.time() + 600)
    store.upload("s2", b"c", time.time() - 10, None)
    assert store.get("s2").state() == "expired" and not store.record_view("s2")
    assert store.purge_expired(grace=0) >= 1 and store.get("s2").ciphertext is None
