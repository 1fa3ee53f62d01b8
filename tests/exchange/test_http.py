"""The fetcher's network policy, against real servers on 127.0.0.1."""

from __future__ import annotations

import pytest

from wallet.errors import FetchError, FetchLimitError, FetchRefusedError
from wallet.exchange.http import HttpFetcher, check_url


def test_plain_http_is_refused_outside_dev_mode(http_server) -> None:
    url = http_server.serve_json("/x", {"a": 1})
    with HttpFetcher() as fetcher, pytest.raises(FetchRefusedError):
        fetcher.get(url)
    assert http_server.hits == []  # refused before any request was sent


def test_dev_mode_allows_loopback_http_only(http_server) -> None:
    url = http_server.serve_json("/x", {"a": 1})
    with HttpFetcher(dev=True) as fetcher:
        assert fetcher.get(url).json() == {"a": 1}
    with pytest.raises(FetchRefusedError):
        check_url("http://10.1.2.3/status", dev=True)


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/x", "https://10.0.0.8/x", "https://192.168.1.1/x",
    "https://169.254.169.254/latest/meta-data", "https://[::1]/x", "https://0.0.0.0/x",
    "https://localhost/x", "ftp://example.com/x", "https://user:pw@example.com/x",
])
def test_private_and_odd_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchRefusedError):
        check_url(url)


def test_redirect_to_a_private_address_is_refused(https_server) -> None:
    server, tls = https_server
    server.serve("/hop", b"https://10.0.0.1/secret", status=302)
    with HttpFetcher(dev=True, verify=tls) as fetcher, pytest.raises(FetchRefusedError):
        fetcher.get(server.url("/hop"))


def test_oversized_body_is_cut_off(http_server) -> None:
    url = http_server.serve("/big", b"x" * 100_000)
    with HttpFetcher(dev=True, max_bytes=10_000) as fetcher, pytest.raises(FetchLimitError):
        fetcher.get(url)


def test_http_errors_are_named(http_server) -> None:
    with HttpFetcher(dev=True) as fetcher, pytest.raises(FetchError, match="404"):
        fetcher.get(http_server.url("/missing"))
