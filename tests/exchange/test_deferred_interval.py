"""Deferred issuance with a hostile polling interval: whatever the issuer says (10^9 seconds,
10^30, a negative number, a string), the wallet waits between a second and a day, and
``poll_pending(wait=True)`` keeps to its own timeout — in this run and every later one."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.messages import MAX_INTERVAL, parse_credential_response
from wallet.services.serving import serve_asgi


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (3, 3),
        (10**9, MAX_INTERVAL),
        (10**30, MAX_INTERVAL),
        (10**400, MAX_INTERVAL),
        (0, None),
        (-5, None),
        (True, None),
        ("5", None),
        (2.5, None),
        (None, None),
    ],
    ids=["3", "1e9", "1e30", "1e400", "0", "-5", "true", "string", "float", "null"],
)
def test_the_interval_is_bounded_when_parsed(interval, expected) -> None:
    body = json.dumps({"transaction_id": "t-1", "interval": interval}).encode()
    assert parse_credential_response(202, body).interval == expected


@pytest.mark.parametrize(
    ("interval", "expected"),
    [(10**30, MAX_INTERVAL), (-1, 5), (7, 7), ("x", 5)],
    ids=["1e30", "-1", "7", "string"],
)
def test_draft13_issuance_pending_interval_is_bounded(interval, expected) -> None:
    body = json.dumps({"error": "issuance_pending", "interval": interval}).encode()
    assert parse_credential_response(400, body).interval == expected


@pytest.fixture
def stalling_issuer() -> Iterator[tuple[str, dict[str, object]]]:
    """A deferred credential endpoint that always answers "not yet, ask again in …"."""
    answer: dict[str, object] = {"interval": 10**30, "polls": 0}

    async def deferred(request: Request) -> JSONResponse:
        answer["polls"] = int(answer["polls"]) + 1  # type: ignore[call-overload]
        return JSONResponse(
            {"transaction_id": "t-1", "interval": answer["interval"]}, status_code=202
        )

    with serve_asgi(
        lambda _url: Starlette(routes=[Route("/deferred", deferred, methods=["POST"])])
    ) as running:
        yield running.url, answer


def _pending_record(wallet, endpoint: str, *, interval: float, next_poll: float) -> str:
    """A deferred credential as the vault keeps it (also as an older version wrote it)."""
    vault = wallet.session.vault()
    return vault.put(
        "pending",
        {
            "issuer": endpoint.rsplit("/", 1)[0],
            "issuer_name": "Slow College",
            "configuration": "teamwork",
            "name": "Teamwork",
            "endpoint": endpoint,
            "notification_endpoint": None,
            "interval": interval,
            "next_poll": next_poll,
            "draft13": False,
            "created": "2026-01-01T00:00:00Z",
        },
        {"transaction_id": "t-1", "access_token": "token", "token_type": "Bearer"},
    )


def _poll_within(wallet, seconds: float, **kwargs):
    """``poll_pending`` run in a thread: it must return (or raise) within ``seconds``."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            with HttpFetcher(dev=True) as http:
                outcome["result"] = wallet.receiving.poll_pending(http=http, **kwargs)
        except BaseException as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    started = time.monotonic()
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"poll_pending still waiting after {seconds} s"
    assert "error" not in outcome, repr(outcome["error"])
    return outcome["result"], time.monotonic() - started


@pytest.mark.parametrize("interval", [10**9, 10**30], ids=["1e9", "1e30"])
def test_a_huge_interval_neither_stalls_nor_breaks_later_runs(
    wallet, stalling_issuer, interval
) -> None:
    url, answer = stalling_issuer
    answer["interval"] = interval
    _pending_record(wallet, f"{url}/deferred", interval=1, next_poll=time.time())
    result, took = _poll_within(wallet, 20, wait=True, timeout=2)
    assert len(result.pending) == 1 and answer["polls"] == 1 and took < 10
    (item,) = wallet.receiving.pending()
    assert item.interval == MAX_INTERVAL
    assert item.next_poll <= time.time() + MAX_INTERVAL + 1
    # A later run (`wallet receive --pending --wait`) works too, and keeps to its timeout.
    again, took = _poll_within(wallet, 20, wait=True, timeout=1)
    assert len(again.pending) == 1 and took < 10


def test_a_record_stored_before_the_bounds_reads_bounded(wallet, stalling_issuer) -> None:
    url, _answer = stalling_issuer
    _pending_record(wallet, f"{url}/deferred", interval=1e30, next_poll=1e30)
    (item,) = wallet.receiving.pending()
    assert item.interval == MAX_INTERVAL and item.next_poll <= time.time() + MAX_INTERVAL
    result, took = _poll_within(wallet, 20, wait=True, timeout=1)
    assert len(result.pending) == 1 and took < 10
