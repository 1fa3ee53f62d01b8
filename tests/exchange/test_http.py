"""The fetcher's network policy, against real servers on 127.0.0.1."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from wallet.errors import FetchError, FetchLimitError, FetchRefusedError
from wallet.exchange.http import SPECIAL_PURPOSE, HttpFetcher, address_problem, check_url


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


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/x",
        "https://10.0.0.8/x",
        "https://192.168.1.1/x",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/x",
        "https://0.0.0.0/x",
        "https://localhost/x",
        "ftp://example.com/x",
        "https://user:pw@example.com/x",
    ],
)
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


# --- DNS rebinding: the connection goes to the address that was vetted ----------------------

PUBLIC = "93.184.215.14"  # any globally reachable address; never actually contacted here


class _Listener:
    """A bare TCP listener on 127.0.0.1 that counts the connections reaching it."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def no_internet(monkeypatch) -> list[tuple[str, int]]:
    """Records every TCP connection attempt; those to addresses other than loopback fail at
    once (the tests never reach the Internet). Names are resolved as usual."""
    attempts: list[tuple[str, int]] = []
    real = socket.create_connection

    def create_connection(address, *args, **kwargs):
        attempts.append((str(address[0]), int(address[1])))
        with contextlib.suppress(ValueError):
            if not ipaddress.ip_address(address[0]).is_loopback:
                raise OSError(101, "unreachable (test)")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


def test_dns_rebinding_does_not_reach_loopback(monkeypatch, listener, no_internet) -> None:
    """The system resolver answers a public address while the URL is vetted and 127.0.0.1
    afterwards; no connection may go to 127.0.0.1."""
    real = socket.getaddrinfo
    answers = iter([PUBLIC])

    def getaddrinfo(host, port=None, *args, **kwargs):
        if host == "rebind.test":
            address = next(answers, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port or 0)))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with HttpFetcher(timeout=3) as fetcher, pytest.raises(FetchError):
        fetcher.get(f"https://rebind.test:{listener.port}/x")
    time.sleep(0.2)  # let the listener notice a connection, were there one
    assert listener.accepted == 0
    assert no_internet == [(PUBLIC, listener.port)]


def test_the_injected_resolver_is_asked_once_per_hop(listener, no_internet) -> None:
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        return [PUBLIC] if len(calls) == 1 else ["127.0.0.1"]

    with HttpFetcher(timeout=3, resolver=resolver) as fetcher, pytest.raises(FetchError):
        fetcher.get(f"https://rebind.test:{listener.port}/x")
    time.sleep(0.2)
    assert calls == ["rebind.test"]
    assert listener.accepted == 0 and no_internet == [(PUBLIC, listener.port)]


def test_tls_is_verified_for_the_name_on_the_pinned_address(https_server_for) -> None:
    server, tls = https_server_for("wallet.test")
    server.serve_json("/x", {"a": 1})

    def resolver(host: str) -> list[str]:
        return ["127.0.0.1"]

    with HttpFetcher(dev=True, verify=tls, resolver=resolver) as fetcher:
        assert fetcher.get(f"https://wallet.test:{server.port}/x").json() == {"a": 1}
        assert server.hosts == [f"wallet.test:{server.port}"]
        # the certificate is for wallet.test, not for this name on the same address
        with pytest.raises(FetchError):
            fetcher.get(f"https://other.test:{server.port}/x")
    assert server.hits == ["/x"]


def test_a_name_that_resolves_to_a_special_address_is_refused_unconnected(
    listener, no_internet
) -> None:
    with (
        HttpFetcher(resolver=lambda host: ["100.64.0.1"]) as fetcher,
        pytest.raises(FetchRefusedError, match="shared address space"),
    ):
        fetcher.get(f"https://cgnat.test:{listener.port}/x")
    with (
        HttpFetcher(resolver=lambda host: [PUBLIC, "10.0.0.1"]) as fetcher,
        pytest.raises(FetchRefusedError, match="private-use"),
    ):
        fetcher.get(f"https://mixed.test:{listener.port}/x")
    assert no_internet == [] and listener.accepted == 0


# --- special-purpose addresses --------------------------------------------------------------

SPECIAL_SAMPLES = [
    # IPv4
    "0.1.2.3",
    "0.0.0.0",
    "10.0.0.8",
    "100.64.0.1",
    "100.127.255.254",
    "127.0.0.1",
    "127.1.2.3",
    "169.254.169.254",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.100",
    "192.0.0.1",
    "192.0.0.8",
    "192.0.0.9",
    "192.0.0.170",
    "192.0.0.171",
    "192.0.2.1",
    "192.88.99.1",
    "192.168.1.1",
    "198.18.0.1",
    "198.19.255.1",
    "198.51.100.7",
    "203.0.113.9",
    "240.0.0.1",
    "255.255.255.255",
    "224.0.0.251",
    "239.255.255.250",
    # IPv6
    "::1",
    "::",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "::ffff:8.8.8.8",
    "64:ff9b::a00:1",
    "64:ff9b::7f00:1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b::6440:1",
    "64:ff9b:1::a00:1",
    "100::1",
    "100:0:0:1::1",
    "2001:100::1",
    "2001:1::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2",
    "2001:2::1",
    "2001:10::1",
    "2001:db8::1",
    "2002:a00:1::1",
    "2002:7f00:1::1",
    "2002:a9fe:a9fe::1",
    "2002:c0a8:101::1",
    "3fff::1",
    "5f00::1",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "::7f00:1",
    "::a00:1",
    "::ffff:0:7f00:1",
    "fec0::1",
    "ff02::1",
    "ff0e::1",
]


def _url(address: str) -> str:
    return f"https://[{address}]/x" if ":" in address else f"https://{address}/x"


@pytest.mark.parametrize("address", SPECIAL_SAMPLES)
def test_special_purpose_addresses_are_refused(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is not None
    with pytest.raises(FetchRefusedError):
        check_url(_url(address))


def test_every_range_of_the_table_has_a_sample() -> None:
    def most_specific(address):
        ranges = [
            r
            for r in SPECIAL_PURPOSE
            if address.version == r.network.version and address in r.network
        ]
        return max(ranges, key=lambda r: r.network.prefixlen)

    sampled = {most_specific(ipaddress.ip_address(a)).network for a in SPECIAL_SAMPLES}
    assert sampled == {r.network for r in SPECIAL_PURPOSE}


@pytest.mark.parametrize(
    "address",
    [
        "8.8.8.8",
        "93.184.215.14",
        "100.63.255.255",
        "100.128.0.1",
        "192.31.196.1",
        "192.175.48.1",
        "198.17.255.255",
        "198.20.0.1",
        "223.255.255.1",
        "2606:4700::1111",
        "2a00:1450:4001::1",
        "2002:808:808::1",
        "64:ff9b::808:808",
        "2620:4f:8000::1",
    ],
)
def test_public_addresses_pass(address: str) -> None:
    assert address_problem(ipaddress.ip_address(address)) is None
    assert check_url(_url(address)) == (ipaddress.ip_address(address),)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.0.0.2", "::1"])
def test_dev_mode_allows_plain_loopback(address: str) -> None:
    check_url(_url(address), dev=True)


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",
        "64:ff9b::7f00:1",
        "2002:7f00:1::1",
        "::7f00:1",
        "100.64.0.1",
        "0.0.0.0",
        "169.254.169.254",
    ],
)
def test_dev_mode_allows_nothing_else(address: str) -> None:
    with pytest.raises(FetchRefusedError):
        check_url(_url(address), dev=True)


# --- one deadline for the whole request -----------------------------------------------------


class _Dripper:
    """A loopback HTTP server that sends its response headers one byte at a time, every
    ``interval`` seconds, for at most ``lasting`` seconds."""

    def __init__(self, interval: float = 0.5, lasting: float = 8.0) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(lasting)
        self.port = self.sock.getsockname()[1]
        self.interval, self.lasting = interval, lasting
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(1)
            with contextlib.suppress(OSError):
                conn.recv(65536)
            head = b"HTTP/1.1 200 OK\r\nX-Pad: " + b"a" * 10_000
            end = time.monotonic() + self.lasting
            for byte in head:
                if self._stop.is_set() or time.monotonic() > end:
                    break
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    break
                self._stop.wait(self.interval)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def test_dripped_headers_cannot_outlast_the_deadline() -> None:
    dripper = _Dripper(interval=0.5, lasting=8.0)
    try:
        with HttpFetcher(dev=True, timeout=2.0) as fetcher:
            started = time.monotonic()
            with pytest.raises(FetchLimitError):
                fetcher.get(f"http://127.0.0.1:{dripper.port}/slow")
            assert time.monotonic() - started < 2.0 + 1.0
    finally:
        dripper.stop()


def test_the_deadline_covers_every_redirect_hop_together(http_server) -> None:
    http_server.serve("/a", http_server.url("/b").encode(), status=302)
    http_server.serve("/b", b"")
    http_server.delays.update({"/a": 1.5, "/b": 1.5})
    with HttpFetcher(dev=True, timeout=2.0) as fetcher:
        started = time.monotonic()
        with pytest.raises(FetchLimitError):
            fetcher.get(http_server.url("/a"))
        assert time.monotonic() - started < 2.0 + 0.8
    assert http_server.hits == ["/a", "/b"]
