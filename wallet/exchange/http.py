"""The real :class:`~wallet.fetch.Fetcher`: httpx with the wallet's network policy.

Policy (every request, every redirect hop):

* ``https`` only. In the explicit dev mode (``dev=True``, the CLI's ``--dev``) plain ``http`` is
  allowed to loopback addresses and nothing else.
* The host must resolve to public addresses only: private, loopback, link-local, multicast and
  reserved ranges are refused (server-side request forgery), except loopback in dev mode.
* At most :attr:`HttpFetcher.max_redirects` redirects, each checked the same way.
* Bodies are read as a stream and cut off at ``max_bytes``; a whole request has a deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from wallet.errors import FetchError, FetchLimitError, FetchRefusedError
from wallet.fetch import FetchResponse

__all__ = ["HttpFetcher", "check_url"]

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain"}


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]


def check_url(url: str, *, dev: bool = False) -> None:
    """Raise :class:`FetchRefusedError` unless policy allows fetching ``url``."""
    parts = urlsplit(url)
    host = parts.hostname
    if parts.scheme not in ("https", "http") or not host:
        raise FetchRefusedError(f"{url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise FetchRefusedError("URLs with credentials in them are refused")
    addresses = _addresses(host)
    loopback = bool(addresses) and all(a.is_loopback for a in addresses)
    if parts.scheme == "http" and not (dev and loopback):
        raise FetchRefusedError(
            f"{url} is not https; plain http is allowed only to this computer in dev mode"
        )
    for address in addresses:
        if address.is_loopback and dev:
            continue
        if (address.is_private or address.is_loopback or address.is_link_local
                or address.is_multicast or address.is_reserved or address.is_unspecified):
            raise FetchRefusedError(
                f"{host} resolves to a private or local address ({address}); refused"
                + ("" if dev else " (only dev mode may reach this computer)")
            )


class HttpFetcher:
    """httpx under the policy above: the :class:`~wallet.fetch.Fetcher` of core (``get``) and
    the exchange's client for everything else (``request``)."""

    def __init__(
        self,
        *,
        dev: bool = False,
        timeout: float = 10.0,
        max_bytes: int = 2 * 1024 * 1024,
        max_redirects: int = 3,
        transport: httpx.BaseTransport | None = None,
        verify: ssl.SSLContext | str | bool = True,
    ) -> None:
        self.dev = dev
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,
            transport=transport,
            verify=verify,
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
    ) -> FetchResponse:
        """One request under the policy. Redirects are followed (re-checked at every hop) for
        GET only, and only within the same origin when ``same_origin_only``; other methods
        never follow redirects. With ``raise_for_status=False`` an error status is returned
        (its body read under the same limits) instead of raised."""
        deadline = time.monotonic() + self.timeout
        origin = _origin(url)
        for _hop in range(self.max_redirects + 1):
            check_url(url, dev=self.dev)
            send_headers = {"Accept": accept, **(headers or {})}
            try:
                with self._client.stream(method, url, headers=send_headers, data=data,
                                         json=json, content=content) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if method != "GET" or not location:
                            raise FetchError(f"{url} answered with a redirect, which is not "
                                             "allowed here")
                        target = urljoin(url, location)
                        if same_origin_only and _origin(target) != origin:
                            raise FetchRefusedError(f"{url} redirected to another origin "
                                                    f"({_origin(target)}); refused")
                        url = target
                        continue
                    if raise_for_status and not response.is_success:
                        raise FetchError(f"{url} answered HTTP {response.status_code}",
                                         status=response.status_code)
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > self.max_bytes:
                        raise FetchLimitError(f"{url} is larger than {self.max_bytes} bytes")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.max_bytes:
                            raise FetchLimitError(f"{url} is larger than {self.max_bytes} bytes")
                        if time.monotonic() > deadline:
                            raise FetchLimitError(f"{url} took longer than {self.timeout:g} s")
                    return FetchResponse(
                        url=url,
                        status=response.status_code,
                        content_type=response.headers.get("content-type", ""),
                        body=bytes(body),
                        headers=dict(response.headers),
                    )
            except httpx.TimeoutException:
                raise FetchLimitError(f"{url} took longer than {self.timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"could not reach {url}: {exc.__class__.__name__}") from None
        raise FetchError(f"too many redirects from {url}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
