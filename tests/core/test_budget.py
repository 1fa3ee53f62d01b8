"""A verification's network budget: bounded status entries, fetches and network time, against
real status-list servers on 127.0.0.1 (and a fake fetcher for the wrapper itself)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from factories import clr, signed_badge, status_entry, status_list

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import FetchError, FetchLimitError
from wallet.exchange.http import HttpFetcher
from wallet.fetch import FetchResponse
from wallet.result import CheckId, Outcome
from wallet.verification.budget import FetchBudget
from wallet.verification.status import MAX_ENTRIES
from wallet.verification.verify import VerifyOptions, verify_document

NOW = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def issuer() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


def test_the_defaults_are_documented_values() -> None:
    options = VerifyOptions()
    assert options.max_fetches == 64
    assert options.network_time_limit == timedelta(seconds=20)
    assert MAX_ENTRIES == 8


def test_slow_status_entries_end_by_the_network_deadline(issuer, http_server) -> None:
    entries = []
    for i in range(10):
        url = http_server.url(f"/slow/{i}")
        http_server.serve_json(f"/slow/{i}", status_list(issuer, url, set()))
        http_server.delays[f"/slow/{i}"] = 1.0
        entries.append(status_entry(url, 3))
    doc = signed_badge(issuer, credentialStatus=entries)
    with HttpFetcher(dev=True) as fetcher:
        options = VerifyOptions(now=NOW, fetcher=fetcher, network_time_limit=timedelta(seconds=2.5))
        started = time.monotonic()
        result = verify_document(doc, options)
        elapsed = time.monotonic() - started
    assert elapsed < 2.5 + 1.5, elapsed
    status = result.check(CheckId.STATUS)
    assert status.outcome is Outcome.WARNING and status.detail == "status_unknown"
    assert "network time" in status.message or "took longer" in status.message
    assert result.verified  # an unknown status is a warning, not a failure
    assert len(http_server.hits) <= 3


def test_entries_past_the_bound_are_a_warning_not_fetched(issuer, http_server) -> None:
    listed = http_server.url("/list")
    http_server.serve_json("/list", status_list(issuer, listed, set()))
    entries = [status_entry(listed, 1)] + [
        status_entry(http_server.url(f"/many/{i}"), 1) for i in range(199)
    ]
    doc = signed_badge(issuer, credentialStatus=entries)
    with HttpFetcher(dev=True) as fetcher:
        result = verify_document(doc, VerifyOptions(now=NOW, fetcher=fetcher))
    assert len(http_server.hits) == MAX_ENTRIES
    status = result.check(CheckId.STATUS)
    assert status.outcome is Outcome.WARNING
    assert f"status unknown for 192 of the 200 status entries: at most {MAX_ENTRIES}" in (
        status.message
    )


def test_fetches_per_verification_are_bounded(issuer, http_server) -> None:
    items = [
        signed_badge(
            issuer,
            credentialStatus=[
                status_entry(http_server.url(f"/c{c}/{i}"), 1) for i in range(MAX_ENTRIES)
            ],
        )
        for c in range(4)
    ]
    with HttpFetcher(dev=True) as fetcher:
        result = verify_document(
            clr(issuer, items), VerifyOptions(now=NOW, fetcher=fetcher, max_fetches=10)
        )
    assert len(http_server.hits) == 10
    last = result.nested[-1].check(CheckId.STATUS)
    assert last.outcome is Outcome.WARNING
    assert "the most network requests it may (10)" in last.message


def test_each_verification_has_its_own_budget(issuer, http_server) -> None:
    url = http_server.url("/list")
    http_server.serve_json("/list", status_list(issuer, url, set()))
    doc = signed_badge(issuer, credentialStatus=status_entry(url, 1))
    with HttpFetcher(dev=True) as fetcher:
        options = VerifyOptions(now=NOW, fetcher=fetcher, max_fetches=1)
        for _ in range(3):
            assert verify_document(doc, options).check(CheckId.STATUS).outcome is Outcome.PASSED
    assert http_server.hits == ["/list"] * 3


# --- the wrapper on its own ----------------------------------------------------------------


class _Fake:
    def __init__(self, clock: list[float], cost: float = 1.0, body: bytes = b"{}") -> None:
        self.calls: list[str] = []
        self.clock, self.cost, self.body = clock, cost, body

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        self.calls.append(url)
        self.clock[0] += self.cost
        if url.endswith("/missing"):
            raise FetchError("404")
        return FetchResponse(url, 200, "application/json", self.body)


class _BoundedFake(_Fake):
    def __init__(self, clock: list[float]) -> None:
        super().__init__(clock)
        self.timeouts: list[float] = []

    def get_within(
        self, url: str, timeout: float, *, accept: str = "application/json"
    ) -> FetchResponse:
        self.timeouts.append(timeout)
        return self.get(url, accept=accept)


def test_budget_counts_fetches_and_caches_answers() -> None:
    clock = [0.0]
    fake = _Fake(clock, cost=0.0)
    budget = FetchBudget(fake, max_fetches=2, seconds=10, clock=lambda: clock[0])
    budget.get("https://a.example/1")
    budget.get("https://a.example/1")  # the same document again: no new fetch
    with pytest.raises(FetchError):
        budget.get("https://a.example/missing")  # failures count, and are not kept
    with pytest.raises(FetchLimitError, match="most network requests"):
        budget.get("https://a.example/2")
    assert fake.calls == ["https://a.example/1", "https://a.example/missing"]


def test_budget_stops_when_the_time_is_spent_and_hands_on_what_is_left() -> None:
    clock = [0.0]
    fake = _BoundedFake(clock)
    budget = FetchBudget(fake, max_fetches=100, seconds=2.5, clock=lambda: clock[0])
    budget.get("https://a.example/1")
    budget.get("https://a.example/2")
    budget.get("https://a.example/3")
    with pytest.raises(FetchLimitError, match="network time"):
        budget.get("https://a.example/4")
    assert fake.timeouts == [2.5, 1.5, 0.5]
