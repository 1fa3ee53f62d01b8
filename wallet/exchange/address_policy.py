"""Which addresses the wallet's network policy lets it reach, and a URL vetted against it —
the part of :class:`wallet.exchange.http.HttpFetcher`'s policy that is about where, not how.

* ``https`` only; in the explicit dev mode, plain ``http`` to loopback addresses and nothing else.
* The host must resolve to globally reachable addresses only (server-side request forgery):
  every address is looked up in :data:`SPECIAL_PURPOSE`, the IANA IPv4 and IPv6 Special-Purpose
  Address Registries plus multicast and the deprecated IPv6 forms; an address in a range that is
  not globally reachable is refused, except loopback in dev mode. 6to4 (``2002::/16``) and the
  NAT64 well-known prefix (``64:ff9b::/96``) are judged by the IPv4 address they embed. If any
  address of a host is refused, the host is.
* The host vetted is the one httpcore connects for (:func:`connect_host`: httpx's reading of the
  URL, IDNA 2008), and :func:`check_url` returns its vetted addresses: the only ones a connection
  may go to (:mod:`wallet.exchange.http` pins them).

Nothing here connects; resolving is the injected :data:`Resolver`'s (by default the operating
system's, :func:`system_resolver`).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import NamedTuple
from urllib.parse import urlsplit

import httpx

from wallet.errors import FetchError, FetchRefusedError

__all__ = [
    "SPECIAL_PURPOSE",
    "Address",
    "Resolver",
    "SpecialRange",
    "address_problem",
    "check_url",
    "connect_host",
    "system_resolver",
]

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str], Iterable[str]]
"""Host name → its addresses (as strings). The default is :func:`system_resolver`."""


# --- which addresses may be reached -------------------------------------------------------


class SpecialRange(NamedTuple):
    network: ipaddress.IPv4Network | ipaddress.IPv6Network
    name: str
    reference: str
    treatment: str = "refuse"  # "refuse" | "loopback" (dev mode only) | "embeds" (judge IPv4)


def _r(cidr: str, name: str, reference: str, treatment: str = "refuse") -> SpecialRange:
    return SpecialRange(ipaddress.ip_network(cidr), name, reference, treatment)


SPECIAL_PURPOSE: tuple[SpecialRange, ...] = (
    # IANA IPv4 Special-Purpose Address Registry (RFC 6890), the entries not globally
    # reachable. Globally reachable entries are allowed: 192.31.196.0/24 (AS112-v4),
    # 192.52.193.0/24 (AMT), 192.175.48.0/24 (AS112 direct delegation). The two globally
    # reachable anycast addresses inside 192.0.0.0/24 (192.0.0.9 PCP, 192.0.0.10 TURN) are
    # refused with their /24: no web origin lives there.
    _r("0.0.0.0/8", "“this network”", "RFC 791 §3.2"),
    _r("0.0.0.0/32", "“this host on this network”", "RFC 1122 §3.2.1.3"),
    _r("10.0.0.0/8", "private-use", "RFC 1918"),
    _r("100.64.0.0/10", "shared address space (carrier-grade NAT)", "RFC 6598"),
    _r("127.0.0.0/8", "loopback", "RFC 1122 §3.2.1.3", "loopback"),
    _r("169.254.0.0/16", "link-local", "RFC 3927"),
    _r("172.16.0.0/12", "private-use", "RFC 1918"),
    _r("192.0.0.0/24", "IETF protocol assignments", "RFC 6890 §2.1"),
    _r("192.0.0.0/29", "IPv4 service continuity prefix", "RFC 7335"),
    _r("192.0.0.8/32", "IPv4 dummy address", "RFC 7600"),
    _r("192.0.0.170/32", "NAT64/DNS64 discovery", "RFC 8880"),
    _r("192.0.0.171/32", "NAT64/DNS64 discovery", "RFC 8880"),
    _r("192.0.2.0/24", "documentation (TEST-NET-1)", "RFC 5737"),
    _r("192.88.99.0/24", "deprecated 6to4 relay anycast", "RFC 7526"),
    _r("192.168.0.0/16", "private-use", "RFC 1918"),
    _r("198.18.0.0/15", "benchmarking", "RFC 2544"),
    _r("198.51.100.0/24", "documentation (TEST-NET-2)", "RFC 5737"),
    _r("203.0.113.0/24", "documentation (TEST-NET-3)", "RFC 5737"),
    _r("240.0.0.0/4", "reserved", "RFC 1112 §4"),
    _r("255.255.255.255/32", "limited broadcast", "RFC 919 §7"),
    # Not in that registry, never a web server: multicast.
    _r("224.0.0.0/4", "multicast", "RFC 5771"),
    # IANA IPv6 Special-Purpose Address Registry (RFC 6890), the entries not globally
    # reachable, and 64:ff9b::/96 and 2002::/16, judged by their embedded IPv4 address.
    # Inside 2001::/23 the registry marks a few anycast and identifier blocks globally
    # reachable (2001:1::1-3, 2001:3::/32, 2001:4:112::/48, 2001:20::/28, 2001:30::/28); they
    # are refused with the /23: no web origin lives there.
    _r("::1/128", "loopback", "RFC 4291 §2.5.3", "loopback"),
    _r("::/128", "unspecified", "RFC 4291 §2.5.2"),
    _r("::ffff:0:0/96", "IPv4-mapped", "RFC 4291 §2.5.5.2"),
    _r("64:ff9b::/96", "NAT64 well-known prefix", "RFC 6052 §2.1", "embeds"),
    _r("64:ff9b:1::/48", "local-use IPv4/IPv6 translation", "RFC 8215"),
    _r("100::/64", "discard-only", "RFC 6666"),
    _r("100:0:0:1::/64", "dummy IPv6 prefix", "RFC 9780"),
    _r("2001::/23", "IETF protocol assignments", "RFC 2928"),
    _r("2001::/32", "Teredo", "RFC 4380"),
    _r("2001:2::/48", "benchmarking", "RFC 5180"),
    _r("2001:10::/28", "deprecated ORCHID", "RFC 4843"),
    _r("2001:db8::/32", "documentation", "RFC 3849"),
    _r("2002::/16", "6to4", "RFC 3056", "embeds"),
    _r("3fff::/20", "documentation", "RFC 9637"),
    _r("5f00::/16", "segment routing SIDs", "RFC 9602"),
    _r("fc00::/7", "unique-local", "RFC 4193"),
    _r("fe80::/10", "link-local", "RFC 4291 §2.5.6"),
    # Not in that registry, never a web server: the deprecated forms and multicast.
    _r("::/96", "IPv4-compatible (deprecated)", "RFC 4291 §2.5.5.1"),
    _r("::ffff:0:0:0/96", "IPv4-translated", "RFC 2765 §2.1"),
    _r("fec0::/10", "site-local (deprecated)", "RFC 3879"),
    _r("ff00::/8", "multicast", "RFC 4291 §2.7"),
)


def _special(address: Address) -> SpecialRange | None:
    """The most specific :data:`SPECIAL_PURPOSE` range holding ``address``, if any."""
    found = [
        r for r in SPECIAL_PURPOSE if address.version == r.network.version and address in r.network
    ]
    return max(found, key=lambda r: r.network.prefixlen) if found else None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address:
    if address.sixtofour is not None:
        return address.sixtofour  # 2002:WWXX:YYZZ::/48
    return ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF)  # 64:ff9b::a.b.c.d


def address_problem(address: Address, *, dev: bool = False) -> str | None:
    """Why the policy refuses to connect to ``address`` (None: it may be reached). In dev
    mode loopback (127.0.0.0/8, ::1) is allowed; nowhere else is anything special."""
    special = _special(address)
    if special is None:
        # Belt and braces: whatever the standard library calls reserved (the unallocated
        # IPv6 blocks) or multicast.
        if address.is_reserved or address.is_multicast:
            return f"{address} is reserved, not a public address"
        return None
    if special.treatment == "loopback" and dev:
        return None
    if special.treatment == "embeds" and isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        problem = address_problem(inner)
        return (
            None
            if problem is None
            else (
                f"{address} is a {special.name} address ({special.reference}) for {inner}: "
                f"{problem}"
            )
        )
    return f"{address} is a {special.name} address ({special.reference})"


def _is_loopback(address: Address) -> bool:
    special = _special(address)
    return special is not None and special.treatment == "loopback"


# --- resolving and vetting a URL ----------------------------------------------------------


def system_resolver(host: str) -> list[str]:
    """The operating system's answer for ``host`` (``getaddrinfo``), in its order."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def connect_host(url: str) -> str:
    """The host name httpcore will connect for: httpx's ASCII (IDNA 2008) form. httpx's own
    reading of the URL is checked too, so that it cannot differ from the one vetted."""
    try:
        parsed = httpx.URL(url)
        host = parsed.raw_host.decode("ascii").lower()
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchRefusedError(f"{url!r} is not a valid URL ({exc})") from None
    if parsed.scheme not in ("https", "http") or not host:
        raise FetchRefusedError(f"{url!r} is not an http(s) URL")
    if parsed.userinfo:
        raise FetchRefusedError("URLs with credentials in them are refused")
    return host


def _addresses(host: str, resolver: Resolver) -> tuple[Address, ...]:
    try:
        return (ipaddress.ip_address(host.strip("[]")),)
    except ValueError:
        pass
    found: list[Address] = []
    for answer in resolver(host):
        try:
            found.append(ipaddress.ip_address(str(answer).split("%", 1)[0]))
        except ValueError:
            raise FetchError(f"cannot resolve {host}: {answer!r} is not an address") from None
    if not found:
        raise FetchError(f"cannot resolve {host}: no addresses")
    return tuple(dict.fromkeys(found))


def check_url(
    url: str, *, dev: bool = False, resolver: Resolver | None = None
) -> tuple[Address, ...]:
    """Raise :class:`FetchRefusedError` unless policy allows fetching ``url``; return the
    vetted addresses of its host (the only ones a connection may go to)."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise FetchRefusedError(f"{url!r} is not an http(s) URL")
    if parts.username or parts.password:
        raise FetchRefusedError("URLs with credentials in them are refused")
    host = connect_host(url)
    addresses = _addresses(host, resolver or system_resolver)
    loopback = all(_is_loopback(a) for a in addresses)
    if parts.scheme == "http" and not (dev and loopback):
        raise FetchRefusedError(
            f"{url} is not https; plain http is allowed only to this computer in dev mode"
        )
    for address in addresses:
        problem = address_problem(address, dev=dev)
        if problem:
            raise FetchRefusedError(
                f"{host} resolves to a private or special-purpose address ({problem}); "
                "refused"
                + (" (only dev mode may reach this computer)" if _is_loopback(address) else "")
            )
    return addresses
