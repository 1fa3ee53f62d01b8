"""The app's web server is the learner's alone: an ASGI middleware around the Flet web app
that lets in only the browser the learner opened it in.

Like a notebook server's token. Each launch makes a :class:`Launch`: a ``token`` (256 bits,
``secrets.token_urlsafe``) in the address printed in the terminal the learner started the wallet
from, valid while the app runs; a one-time ``ticket`` in the address handed to the browser
(a browser's command line can be read by other accounts on the computer; the ticket is spent
at its first use and expires after :data:`TICKET_SECONDS`); and a ``session`` secret the
browser gets in exchange for either, as an ``HttpOnly``, ``SameSite=Strict`` cookie, on a small
page that moves on to the same address without the secret (so it stays out of the address bar,
bookmarks and the app itself).

Every request, HTTP (the page, its scripts and assets, Flet's endpoints) and the websocket
upgrade, is refused — 403 with one sentence, in the reader's language — unless:

* its ``Host`` is a loopback name with the app's own port (``127.0.0.1``, ``localhost``,
  ``[::1]``, the address it is bound to): no other name, so a web page that rebinds its own
  hostname to 127.0.0.1 (DNS rebinding) is refused;
* its ``Origin``, if it has one, is one of those origins, and the websocket and every request
  other than GET/HEAD have one;
* it carries the session cookie (or, for a GET, the token or an unspent ticket in ``?token=``).

Secrets are compared in constant time. Nothing here logs, and the server runs with uvicorn's
access log off (:func:`wallet.exchange.server.serve_in_thread`), so no secret reaches a log:
the only place the token is written is the one line that tells the learner the address.
"""

from __future__ import annotations

import hmac
import html
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

__all__ = ["TICKET_SECONDS", "Guard", "Launch", "allowed_hosts"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

TICKET_SECONDS = 120.0  # a browser slow to start still opens the app; a copied ticket expires
PARAM = "token"  # the query parameter that carries the token or a ticket
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = ("GET", "HEAD")
MAX_TICKETS = 16  # open tickets kept (the oldest is dropped beyond)


def _secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


@dataclass(eq=False)
class Launch:
    """The secrets of one launch of the app's web view (never in its repr)."""

    token: str = field(default_factory=_secret, repr=False)
    session: str = field(default_factory=_secret, repr=False)
    _tickets: dict[str, float] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ticket(self) -> str:
        """A new one-time secret, for the address handed to a browser."""
        ticket = _secret()
        with self._lock:
            while len(self._tickets) >= MAX_TICKETS:
                self._tickets.pop(next(iter(self._tickets)))
            self._tickets[ticket] = time.monotonic() + TICKET_SECONDS
        return ticket

    def address(self, base: str, secret: str | None = None) -> str:
        """``base`` (the server's URL) with the token, or ``secret`` (a ticket), to open."""
        return f"{base.rstrip('/')}/?{PARAM}={secret or self.token}"

    def admits(self, given: str) -> str:
        """``"token"``, ``"ticket"`` (now spent), ``"spent"`` (a ticket already used or
        expired) or ``""`` (not a secret of this launch)."""
        if _same(given, self.token):
            return "token"
        now = time.monotonic()
        with self._lock:
            for ticket, until in list(self._tickets.items()):
                if _same(given, ticket):
                    if until > 0 and now <= until:
                        self._tickets[ticket] = 0.0  # spent; remembered to say so
                        return "ticket"
                    return "spent"
        return ""

    def has_session(self, given: str) -> bool:
        return _same(given, self.session)


def _same(given: str, secret: str) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), secret.encode("utf-8"))


def allowed_hosts(url: str) -> frozenset[str]:
    """The ``Host`` values the app at ``url`` answers: the loopback names and its own address,
    each with its port (and without it where the port is HTTP's default)."""
    parts = urlsplit(url)
    port = parts.port or 80
    bound = (parts.hostname or "127.0.0.1").lower()
    names = {*LOOPBACK}
    if bound not in ("0.0.0.0", "::", ""):
        names.add(f"[{bound}]" if ":" in bound else bound)
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:
        hosts |= names
    return frozenset(hosts)


class Guard:
    """The ASGI middleware: ``Guard(app, launch, url)`` serves ``app`` at ``url`` to the
    learner's browser only (see the module's description)."""

    def __init__(self, app: Any, launch: Launch, url: str) -> None:
        self.app = app
        self.launch = launch
        self.hosts = allowed_hosts(url)
        self.origins = frozenset(f"http://{host}" for host in self.hosts)
        self.cookie = f"wallet_{urlsplit(url).port or 80}"  # cookies are shared by ports

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        problem = self._problem(kind, scope, headers)
        given, rest = _take_secret(scope)
        if problem is None and not self._has_session(headers):
            admitted = (
                self.launch.admits(given)
                if given and kind == "http" and scope.get("method") in SAFE_METHODS
                else ""
            )
            if admitted in ("token", "ticket"):
                await self._let_in(scope, rest, send, set_cookie=True)
                return
            problem = "spent" if admitted == "spent" else "secret"
        if problem is not None:
            await _refuse(kind, problem, headers, receive, send)
            return
        if given is not None and kind == "http":  # let in already: the secret out of the URL
            await self._let_in(scope, rest, send, set_cookie=False)
            return
        await self.app(scope, receive, _hardened(send))

    def _problem(self, kind: str, scope: Scope, headers: dict[str, list[str]]) -> str | None:
        host = headers.get("host", [])
        if len(host) != 1 or host[0].strip().lower() not in self.hosts:
            return "host"
        origin = headers.get("origin", [])
        needs_origin = kind == "websocket" or scope.get("method") not in SAFE_METHODS
        if len(origin) > 1 or (needs_origin and not origin):
            return "origin"
        if origin and origin[0].strip().lower() not in self.origins:
            return "origin"
        return None

    def _has_session(self, headers: dict[str, list[str]]) -> bool:
        found = False
        for line in headers.get("cookie", []):
            for part in line.split(";"):
                name, _, value = part.strip().partition("=")
                if name == self.cookie and self.launch.has_session(value):
                    found = True  # every cookie compared: no early exit
        return found

    async def _let_in(self, scope: Scope, rest: str, send: Send, *, set_cookie: bool) -> None:
        """A page that moves on to the same address without the secret (a page, not a
        redirect: a ``SameSite=Strict`` cookie is not sent along a redirect that a link from
        elsewhere started, and is sent on a navigation this page starts)."""
        path = quote(scope.get("path") or "/", safe="/-._~")  # a backslash stays no slash
        target = ("/" if path.startswith("//") else path) + (f"?{rest}" if rest else "")
        href = html.escape(target, quote=True)
        body = (
            '<!doctype html><html><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={href}">'
            f'<title>…</title></head><body><p><a href="{href}">→</a></p></body></html>'
        ).encode()
        headers = [*_page_headers(), (b"content-length", str(len(body)).encode())]
        if set_cookie:
            headers.append(
                (
                    b"set-cookie",
                    f"{self.cookie}={self.launch.session}; Path=/; "
                    "HttpOnly; SameSite=Strict".encode(),
                )
            )
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send(
            {"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body}
        )


def _headers(scope: Scope) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in scope.get("headers", []):
        found.setdefault(name.decode("latin-1").lower(), []).append(value.decode("latin-1"))
    return found


def _take_secret(scope: Scope) -> tuple[str | None, str]:
    """The ``token`` parameter's value ("" when empty or repeated; None when there is none)
    and the query without it — which replaces the query in ``scope`` itself, so that nothing
    that logs the request from its scope (a server's access log) sees the secret."""
    query = bytes(scope.get("query_string") or b"").decode("latin-1")
    pairs = parse_qsl(query, keep_blank_values=True)
    values = [v for k, v in pairs if k == PARAM]
    if not values:
        return None, query
    rest = urlencode([(k, v) for k, v in pairs if k != PARAM])
    scope["query_string"] = rest.encode("latin-1", "replace")
    return (values[0] if len(values) == 1 else ""), rest


def _page_headers() -> list[tuple[bytes, bytes]]:
    return [
        (b"content-type", b"text/html; charset=utf-8"),
        (b"cache-control", b"no-store"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-content-type-options", b"nosniff"),
        (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
        (b"x-frame-options", b"DENY"),
    ]


def _hardened(send: Send) -> Send:
    """Flet's app allows any origin to read its answers; the wallet's do not, and no other
    page may frame the app."""

    async def sending(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            message = {
                **message,
                "headers": [
                    *(
                        (k, v)
                        for k, v in message.get("headers", [])
                        if k.lower() not in (b"access-control-allow-origin", b"x-frame-options")
                    ),
                    (b"x-frame-options", b"DENY"),
                ],
            }
        await send(message)

    return sending


def refusal_text(problem: str, lang: str) -> tuple[str, str]:
    """The refusal page's title and sentence for ``problem`` (host, origin, secret, spent)."""
    from wallet.i18n import t

    return t("server.refused.title", lang), t(f"server.refused.{problem}", lang)


async def _refuse(
    kind: str, problem: str, headers: dict[str, list[str]], receive: Receive, send: Send
) -> None:
    if kind == "websocket":  # closed before it is accepted: the server answers 403
        message = await receive()
        if message.get("type") == "websocket.connect":
            await send({"type": "websocket.close", "code": 1008})
        return
    from wallet.i18n import negotiate

    lang = negotiate(",".join(headers.get("accept-language", []))[:1000])
    title, sentence = (html.escape(part) for part in refusal_text(problem, lang))
    body = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><h1>{title}</h1><p>{sentence}</p>"
        "</body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [*_page_headers(), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
