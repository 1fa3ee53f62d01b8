"""The real :class:`~wallet.fetch.Fetcher`: httpx with the wallet's network policy.

Policy (every request, every redirect hop):

* ``https`` only. In the explicit dev mode (``dev=True``, the CLI's ``--dev``) plain ``http`` is
  allowed to loopback addresses and nothing else.
* The host must resolve to globally reachable addresses only (server-side request forgery;
  :mod:`wallet.exchange.address_policy`): every address is looked up in :data:`SPECIAL_PURPOSE`, the
  IANA IPv4 and IPv6 Special-Purpose Address Registries plus multicast and the deprecated IPv6
  forms; an address in a range that is not globally reachable is refused, except loopback in dev
  mode. 6to4 (``2002::/16``) and the NAT64 well-known prefix (``64:ff9b::/96``) are judged by the
  IPv4 address they embed. If any address of a host is refused, the host is.
* The connection goes to an address that was vetted, never to a second DNS answer (DNS
  rebinding): see *Connecting* below.
* At most :attr:`HttpFetcher.max_redirects` redirects, each checked the same way.
* Bodies are read as a stream and cut off at ``max_bytes``.
* One wall-clock deadline (``timeout``) for the whole request — connecting, TLS, sending, the
  response headers and the body, of every redirect hop together. httpx's own timeouts are per
  socket operation, so a server dripping one byte a second would never trip them; here every
  socket operation is given only the time left before the deadline (see below).

Connecting
----------
httpx (0.28) has no resolver hook, but httpcore (1.0), which it runs on, takes a
``network_backend``: the object whose ``connect_tcp(host, port, …)`` opens every connection.
:class:`HttpFetcher` therefore sends through its own small transport (:class:`_PolicyTransport`,
the same few lines as ``httpx.HTTPTransport.handle_request``) over an
``httpcore.ConnectionPool`` whose backend (:class:`_PinnedBackend`) does not resolve names at
all: it connects to the addresses :func:`check_url` returned for this hop, which the fetcher
hands it through a context variable for the duration of the request (httpx's sync client runs
the whole request on the calling thread, so each thread sees its own request). A connection
for any other host is refused. The URL, and so the ``Host`` header, TLS SNI and certificate
verification, stay those of the host name: httpcore starts TLS on the pinned socket with
``server_hostname`` set to the URL's host.

This is preferred to rewriting the URL to the IP with the ``sni_hostname`` extension: httpcore
keys its pool by the URL's origin, so a pool keyed by IP would let a connection made (and
certificate-checked) for one name be reused for another name on the same address; here the
pool stays keyed by name. The host that is resolved and vetted is exactly the one httpcore
connects for (``httpx.URL(url).raw_host``, IDNA 2008), not the standard library's reading of
the URL.

The backend's streams also carry the deadline: each ``read``, ``write`` and the TLS handshake
get ``min(their timeout, time left)`` and fail with a timeout once no time is left.

Because the client has an explicit transport, httpx does not route through ``HTTP(S)_PROXY``
from the environment: a proxy would resolve names itself and defeat the vetting.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from wallet.errors import FetchError, FetchLimitError, FetchRefusedError
from wallet.exchange.address_policy import (
    SPECIAL_PURPOSE,
    Address,
    Resolver,
    SpecialRange,
    address_problem,
    check_url,
    connect_host,
    system_resolver,
)
from wallet.fetch import FetchResponse

__all__ = [
    "SPECIAL_PURPOSE",
    "HttpFetcher",
    "Resolver",
    "SpecialRange",
    "address_problem",
    "check_url",
    "system_resolver",
]


# --- the connection layer: pinned addresses, one deadline ---------------------------------


@dataclass
class _Flight:
    """The request in progress on this thread: its deadline and the current hop's vetting."""

    deadline: float
    host: str = ""
    addresses: tuple[Address, ...] = ()


_FLIGHT: ContextVar[_Flight | None] = ContextVar("wallet_http_flight", default=None)


def _time_left(timeout: float | None, expired: type[Exception]) -> float | None:
    flight = _FLIGHT.get()
    if flight is None:
        return timeout
    left = flight.deadline - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the current request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _time_left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _time_left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        # CPython bounds the whole handshake by the socket timeout, not each read.
        return _DeadlineStream(
            self._inner.start_tls(
                ssl_context, server_hostname, _time_left(timeout, httpcore.ConnectTimeout)
            )
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _PinnedBackend(httpcore.NetworkBackend):
    """Opens TCP connections to the vetted addresses of the current hop, and nowhere else."""

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        flight = _FLIGHT.get()
        if flight is None or host.lower() != flight.host or not flight.addresses:
            raise FetchRefusedError(f"a connection to {host} was not vetted; refused")
        failure: Exception | None = None
        for address in flight.addresses:
            try:
                stream = self._inner.connect_tcp(
                    str(address),
                    port,
                    _time_left(timeout, httpcore.ConnectTimeout),
                    local_address,
                    socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _DeadlineStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise FetchRefusedError("unix sockets are not reached")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


_EXCEPTIONS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    # Most specific first; the public httpcore and httpx classes.
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_exceptions() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for theirs, ours in _EXCEPTIONS:
            if isinstance(exc, theirs):
                raise ours(str(exc)) from exc
        raise


class _ResponseStream(httpx.SyncByteStream):
    def __init__(self, inner: Iterable[bytes]) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[bytes]:
        with _httpx_exceptions():
            yield from self._inner

    def close(self) -> None:
        close = getattr(self._inner, "close", None)
        if close is not None:
            close()


class _PolicyTransport(httpx.BaseTransport):
    """httpx over an httpcore pool whose connections go only to vetted addresses."""

    def __init__(self, *, verify: ssl.SSLContext | str | bool = True) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(verify=verify),
            network_backend=_PinnedBackend(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        assert isinstance(request.stream, httpx.SyncByteStream)
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=request.url.raw_scheme,
                host=request.url.raw_host,
                port=request.url.port,
                target=request.url.raw_path,
            ),
            headers=request.headers.raw,
            content=request.stream,
            extensions=request.extensions,
        )
        with _httpx_exceptions():
            response = self._pool.handle_request(core_request)
        assert isinstance(response.stream, Iterable)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    def close(self) -> None:
        self._pool.close()


# --- the fetcher ---------------------------------------------------------------------------


class HttpFetcher:
    """httpx under the policy above: the :class:`~wallet.fetch.Fetcher` of core (``get``) and
    the exchange's client for everything else (``request``).

    ``resolver`` replaces the system's name resolution (tests). A ``transport`` given here
    replaces the pinned connection layer altogether (tests with ``httpx.MockTransport``): the
    URL checks still apply, address pinning and the per-operation deadline do not."""

    def __init__(
        self,
        *,
        dev: bool = False,
        timeout: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_redirects: int = 3,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | str | bool = True,
        resolver: Resolver | None = None,
    ) -> None:
        self.dev = dev
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.resolver = resolver or system_resolver
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            transport=transport or _PolicyTransport(verify=verify),
            headers={"User-Agent": "learner-wallet/0.1"},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> HttpFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        """The :class:`~wallet.fetch.Fetcher` interface: GET, any non-2xx is an error."""
        return self.request("GET", url, accept=accept)

    def get_within(
        self, url: str, timeout: float, *, accept: str = "application/json"
    ) -> FetchResponse:
        """:meth:`get` with a deadline of at most ``timeout`` seconds (the
        :class:`~wallet.fetch.BoundedFetcher` interface, used by a verification's budget)."""
        return self.request("GET", url, accept=accept, timeout=timeout)

    def get_same_origin(
        self, url: str, *, accept: str = "application/json", timeout: float | None = None
    ) -> FetchResponse:
        """:meth:`get` that never follows a redirect to another origin (the
        :class:`~wallet.fetch.SameOriginFetcher` interface): such a redirect is refused
        before anything is asked of the other origin."""
        return self.request("GET", url, accept=accept, same_origin_only=True, timeout=timeout)

    def request(
        self,
        method: str,
        url: str,
        *,
        accept: str = "application/json",
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
        json: Any = None,
        content: bytes | None = None,
        same_origin_only: bool = False,
        raise_for_status: bool = True,
        timeout: float | None = None,
    ) -> FetchResponse:
        """One request under the policy. Redirects are followed (re-checked at every hop) for
        GET only, and only within the same origin when ``same_origin_only``; other methods
        never follow redirects. With ``raise_for_status=False`` an error status is returned
        (its body read under the same limits) instead of raised. The whole request, every hop
        included, ends within ``timeout`` seconds (at most the fetcher's own)."""
        limit = self.timeout if timeout is None else max(0.0, min(self.timeout, timeout))
        flight = _Flight(deadline=time.monotonic() + limit)
        token = _FLIGHT.set(flight)
        try:
            return self._request(
                method,
                url,
                flight,
                limit,
                accept=accept,
                headers=headers,
                data=data,
                json=json,
                content=content,
                same_origin_only=same_origin_only,
                raise_for_status=raise_for_status,
            )
        finally:
            _FLIGHT.reset(token)

    def _request(
        self,
        method: str,
        url: str,
        flight: _Flight,
        limit: float,
        *,
        accept: str,
        headers: Mapping[str, str] | None,
        data: Mapping[str, str] | None,
        json: Any,
        content: bytes | None,
        same_origin_only: bool,
        raise_for_status: bool,
    ) -> FetchResponse:
        too_slow = f"took longer than {limit:g} s"
        origin = _origin(url)
        for _hop in range(self.max_redirects + 1):
            flight.addresses = check_url(url, dev=self.dev, resolver=self.resolver)
            flight.host = connect_host(url)
            left = flight.deadline - time.monotonic()
            if left <= 0:
                raise FetchLimitError(f"{url} {too_slow}")
            send_headers = {"Accept": accept, **(headers or {})}
            try:
                with self._client.stream(
                    method,
                    url,
                    headers=send_headers,
                    data=data,
                    json=json,
                    content=content,
                    timeout=httpx.Timeout(left, connect=min(left, 5.0)),
                ) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if method != "GET" or not location:
                            raise FetchError(
                                f"{url} answered with a redirect, which is not allowed here"
                            )
                        target = urljoin(url, location)
                        if same_origin_only and _origin(target) != origin:
                            raise FetchRefusedError(
                                f"{url} redirected to another origin ({_origin(target)}); refused",
                                redirected_to=_origin(target),
                            )
                        url = target
                        continue
                    if raise_for_status and not response.is_success:
                        raise FetchError(
                            f"{url} answered HTTP {response.status_code}",
                            status=response.status_code,
                        )
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise FetchLimitError(f"{url} is larger than {self.max_bytes} bytes")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            raise FetchLimitError(f"{url} is larger than {self.max_bytes} bytes")
                        if time.monotonic() > flight.deadline:
                            raise FetchLimitError(f"{url} {too_slow}")
                    return FetchResponse(
                        url=url,
                        status=response.status_code,
                        content_type=response.headers.get("content-type", ""),
                        body=bytes(body),
                        headers=dict(response.headers),
                    )
            except httpx.TimeoutException:
                raise FetchLimitError(f"{url} {too_slow}") from None
            except httpx.HTTPError as exc:
                if time.monotonic() >= flight.deadline:
                    raise FetchLimitError(f"{url} {too_slow}") from None
                raise FetchError(f"could not reach {url}: {exc.__class__.__name__}") from None
        raise FetchError(f"too many redirects from {url}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
