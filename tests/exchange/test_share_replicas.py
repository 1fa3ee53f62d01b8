"""Several replicas of the share service on one PostgreSQL: two real ``wallet share-server``
processes, one link limited to 5 views, opened 200 times at once through both — exactly 5
views are shown, the other 195 are refused as used up."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from wallet.exchange.http import HttpFetcher
from wallet.exchange.share_link import ShareClient, share_url

ROOT = Path(__file__).resolve().parents[2]
OPENS = 200
LIMIT = 5


@pytest.fixture
def database(postgres_url: str) -> str:
    """A database of its own on the test cluster."""
    import psycopg

    name = f"replicas_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return postgres_url.rsplit("/", 1)[0] + f"/{name}"


def _start(database: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "wallet.cli",
            "share-server",
            "--database",
            database,
            "--port",
            "0",
            "--dev",
            "--rate-limit",
            "100000",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"},
    )


@pytest.fixture
def replicas(database: str) -> Iterator[list[str]]:
    started = [_start(database) for _ in range(2)]  # both at once: the schema race too
    urls = []
    try:
        for proc in started:
            assert proc.stdout is not None
            line = proc.stdout.readline().decode()
            assert line.startswith("Share service at "), (
                line,
                proc.stderr.read() if proc.poll() is not None else "",
            )
            urls.append(line.removeprefix("Share service at ").split(";")[0])
        yield urls
    finally:
        for proc in started:
            proc.send_signal(signal.SIGINT)
        for proc in started:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            for stream in (proc.stdout, proc.stderr):
                if stream:
                    stream.close()


def test_a_view_limit_is_exact_across_two_replicas(replicas: list[str], database: str) -> None:
    first, second = replicas
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
    }
    with HttpFetcher(dev=True) as http:
        client = ShareClient(first, http)
        share_id, token = client.reserve()
        key = bytes(range(32))
        client.upload(
            share_id, token, key, presentation, {}, datetime.now(UTC) + timedelta(days=1), LIMIT
        )
    links = [share_url(server, share_id, key) for server in replicas]

    def open_link(n: int) -> int:  # (a loaded machine may keep 40 of them waiting a while)
        return httpx.get(links[n % 2], timeout=120).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = Counter(pool.map(open_link, range(OPENS)))
    assert statuses == {200: LIMIT, 410: OPENS - LIMIT}, statuses

    import psycopg

    with psycopg.connect(database) as conn:
        (views,) = conn.execute("SELECT views FROM shares WHERE id = %s", (share_id,)).fetchone()
        (times,) = conn.execute(
            "SELECT COUNT(*) FROM share_views WHERE share_id = %s", (share_id,)
        ).fetchone()
    assert views == LIMIT and times == LIMIT
    # Both replicas agree about the link now, and so does its owner.
    for server in replicas:
        assert "viewed as many times" in httpx.get(share_url(server, share_id, key)).text
    with HttpFetcher(dev=True) as http:
        status = ShareClient(second, http).status(share_id, token)
    assert status["state"] == "used up" and len(status["views"]) == LIMIT
    assert json.dumps(status)  # plain JSON
