"""The share store on SQLite and on a real PostgreSQL server (started for the test)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from wallet.exchange.share_store import ShareStore, open_store


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/test installs PostgreSQL and
    requires this test to run: WALLET_TEST_POSTGRES=1)."""
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    required = os.environ.get("WALLET_TEST_POSTGRES") == "1"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        initdb = []
    if not initdb:
        if required:
            pytest.fail("WALLET_TEST_POSTGRES=1 but PostgreSQL or psycopg is missing")
        pytest.skip("needs PostgreSQL; scripts/test installs it")
    import tempfile

    bindir = Path(initdb[-1]).parent
    # Outside pytest's private temporary folder: the postgres user must be able to reach it.
    data = Path(tempfile.mkdtemp(prefix="wallet-pg-")) / "data"
    port = _free_port()
    as_root = os.geteuid() == 0
    if as_root:  # PostgreSQL refuses to run as root
        shutil.chown(data.parent, "postgres")

    def run(*cmd: str) -> None:
        full = ["su", "postgres", "-c", " ".join(cmd)] if as_root else list(cmd)
        subprocess.run(full, check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "wallet")
    run(str(bindir / "pg_ctl"), "-D", str(data), "-w", "-o",
        f"'-p {port} -h 127.0.0.1 -k {data.parent}'", "-l", str(data.parent / "log"),
        "start")
    try:
        yield f"postgresql://wallet@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(data.parent, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ShareStore]:
    if request.param == "sqlite":
        opened = open_store(None, default_path=str(tmp_path / "shares.db"))
    else:
        url = request.getfixturevalue("postgres_url")
        opened = open_store(url, default_path="unused")
        with opened._tx() as cur:  # noqa: SLF001 - a clean slate per test
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
