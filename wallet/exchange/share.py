"""Sharing presentations: the encryption both sides use, the share service (ASGI), and the
wallet's client for it.

The wallet reserves a share (the server returns an unguessable id and a management token),
composes the presentation for it (challenge = the share id, domain = the server's origin,
expiry = the link's), encrypts it with a fresh random key (XChaCha20-Poly1305, the share id as
associated data) and uploads the ciphertext. The link is ``{server}/s/{id}/{key}``: the key
reaches the server only while a view is served; it decrypts in memory, verifies, renders, and
keeps nothing but ciphertext. Links expire, may have a view limit, can be revoked, and record
when they were viewed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from wallet import aead
from wallet.credential import load_json
from wallet.errors import ExchangeError, FetchError, InputError, IntegrityError, WalletError
from wallet.exchange.share_page import render_gone, render_presentation
from wallet.exchange.share_store import ShareStore, open_store, token_hash
from wallet.fetch import BoundedFetcher, FetchResponse

__all__ = ["MAX_UPLOAD", "ShareClient", "ShareServer", "open_share", "seal_share"]

MAX_UPLOAD = 10 * 1024 * 1024
MAX_LIFETIME = timedelta(days=90)
RESERVATION = 600.0


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise IntegrityError("the link's key is malformed") from None


def seal_share(key: bytes, plaintext: bytes, share_id: str, part: str = "presentation") -> bytes:
    return aead.seal(key, plaintext, f"share:{share_id}:{part}".encode())


def open_share(key: bytes, sealed: bytes, share_id: str, part: str = "presentation") -> bytes:
    return aead.open_sealed(key, sealed, f"share:{share_id}:{part}".encode(),
                            what="the shared presentation")


class _RateLimiter:
    """A sliding window per client address."""

    def __init__(self, limit: int, window: float = 60.0) -> None:
        self.limit, self.window = limit, window
        self.hits: dict[str, deque[float]] = defaultdict(deque)
        self.lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = time.monotonic()
        with self.lock:
            hits = self.hits[key]
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            if len(self.hits) > 10_000:
                self.hits = defaultdict(deque, {k: v for k, v in self.hits.items() if v})
            return True


class _ShareFetcher:
    """Verification's fetcher on the server: this service's own file links are answered from
    the store (decrypted in memory); anything else goes to the policed HTTP fetcher."""

    def __init__(self, server: ShareServer, share_id: str, key: bytes, origin: str,
                 fallback: Any) -> None:
        self.server, self.share_id, self.key, self.origin = server, share_id, key, origin
        self.fallback = fallback

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        return self.get_within(url, None, accept=accept)

    def get_within(self, url: str, timeout: float | None, *,
                   accept: str = "application/json") -> FetchResponse:
        """:meth:`get` within ``timeout`` seconds (a verification's budget hands it the time
        left; files from the store are answered at once)."""
        prefix = f"{self.origin}/s/{self.share_id}/"
        if url.startswith(prefix) and "/files/" in url:
            sha = url.rsplit("/", 1)[-1]
            sealed = self.server.store.get_file(self.share_id, sha)
            if sealed is None:
                raise FetchError("the shared file is missing")
            try:
                body = open_share(self.key, sealed, self.share_id, f"file:{sha}")
            except IntegrityError as exc:
                raise FetchError(exc.message) from None
            return FetchResponse(url, 200, "application/octet-stream", body)
        if self.fallback is None:
            raise FetchError("verification on this server is offline")
        if timeout is not None and isinstance(self.fallback, BoundedFetcher):
            return self.fallback.get_within(url, timeout, accept=accept)
        return self.fallback.get(url, accept=accept)


class ShareServer:
    """The share service. ``dev`` lets its verifier reach loopback (tests, demos)."""

    def __init__(self, base_url: str, store: ShareStore, *, dev: bool = False,
                 view_limit_per_minute: int = 120, upload_limit_per_minute: int = 20) -> None:
        self.base = base_url.rstrip("/")
        self.store = store
        self.dev = dev
        self.views = _RateLimiter(view_limit_per_minute)
        # Verdicts of recent views (share id + ciphertext hash → (time, result)), so that a
        # burst of views — a QR code on a slide — does not verify the same bytes again.
        self._verdicts: dict[tuple[str, str], tuple[float, Any]] = {}
        self._verdicts_lock = threading.Lock()
        self.uploads = _RateLimiter(upload_limit_per_minute)
        from wallet.exchange.http import HttpFetcher

        self.fetcher = HttpFetcher(dev=dev, timeout=5.0)

    @classmethod
    def from_environment(cls, base_url: str, *, database_url: str | None = None,
                         data_dir: str = ".", dev: bool = False) -> ShareServer:
        url = database_url or os.environ.get("DATABASE_URL")
        return cls(base_url, open_store(url, default_path=os.path.join(data_dir,
                                                                       "shares.db")), dev=dev)

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/", self._home),
            Route("/api/shares", self._reserve, methods=["POST"]),
            Route("/api/shares/{share_id}", self._manage, methods=["GET", "PUT", "DELETE"]),
            Route("/api/shares/{share_id}/files/{sha}", self._put_file, methods=["PUT"]),
            Route("/s/{share_id}/{key}", self._view),
            Route("/s/{share_id}/{key}/raw", self._raw),
            Route("/s/{share_id}/{key}/files/{sha}", self._file),
            Route("/s/{share_id}/{key}/evidence/{index:int}", self._evidence),
        ])

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _client(request: Request) -> str:
        return request.client.host if request.client else "?"

    @staticmethod
    def _headers() -> dict[str, str]:
        # The URL carries the key: never leak it through Referer; no scripts, no framing.
        return {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
                "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                           "img-src data:; base-uri 'none'; form-action 'none'"}

    def _authorized(self, request: Request, share_id: str) -> Any:
        record = self.store.get(share_id)
        auth = request.headers.get("authorization", "")
        given = auth.removeprefix("Bearer ")
        if record is None or not auth.startswith("Bearer ") or not secrets.compare_digest(
                token_hash(given), record.token_hash):
            return None
        return record

    async def _read_body(self, request: Request) -> bytes | None:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_UPLOAD:
            return None
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPLOAD:
                return None
        return bytes(body)

    # --- API for wallets ------------------------------------------------------------------

    async def _home(self, request: Request) -> Response:
        return HTMLResponse("<!doctype html><meta charset=utf-8><title>Share service</title>"
                            "<p>This service shows learner records that learners share with "
                            "you by link or QR code.</p>", headers=self._headers())

    async def _reserve(self, request: Request) -> Response:
        if not self.uploads.allow(self._client(request)):
            return JSONResponse({"error": "rate_limited"}, status_code=429)
        share_id = _b64(secrets.token_bytes(16))
        token = _b64(secrets.token_bytes(32))
        self.store.create(share_id, token, time.time() + RESERVATION)
        return JSONResponse({"id": share_id, "manage_token": token,
                             "url": f"{self.base}/s/{share_id}"}, status_code=201)

    async def _manage(self, request: Request) -> Response:
        share_id = request.path_params["share_id"]
        record = self._authorized(request, share_id)
        if record is None:
            return JSONResponse({"error": "not_found"}, status_code=404)
        if request.method == "DELETE":
            self.store.revoke(share_id)
            with self._verdicts_lock:
                self._verdicts = {k: v for k, v in self._verdicts.items() if k[0] != share_id}
            return Response(status_code=204)
        if request.method == "GET":
            return JSONResponse({"id": share_id, "state": record.state(),
                                 "expires": record.expires, "max_views": record.max_views,
                                 "views": self.store.views(share_id)})
        if record.ciphertext is not None or record.revoked:
            return JSONResponse({"error": "already_uploaded"}, status_code=409)
        body = await self._read_body(request)
        if body is None:
            return JSONResponse({"error": "too_large"}, status_code=413)
        try:
            expires = float(request.headers.get("x-share-expires", ""))
            max_views = int(request.headers["x-share-max-views"]) if request.headers.get(
                "x-share-max-views") else None
        except ValueError:
            return JSONResponse({"error": "bad_request"}, status_code=400)
        if not time.time() < expires <= time.time() + MAX_LIFETIME.total_seconds() or (
                max_views is not None and max_views < 1):
            return JSONResponse({"error": "bad_request"}, status_code=400)
        self.store.upload(share_id, body, expires, max_views)
        return Response(status_code=204)

    async def _put_file(self, request: Request) -> Response:
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        record = self._authorized(request, share_id)
        if record is None or len(sha) != 64:
            return JSONResponse({"error": "not_found"}, status_code=404)
        body = await self._read_body(request)
        if body is None:
            return JSONResponse({"error": "too_large"}, status_code=413)
        self.store.put_file(share_id, sha, body)
        return Response(status_code=204)

    # --- the employer's side --------------------------------------------------------------

    def _open(self, request: Request, *, count: bool) -> tuple[Any, Any, Response | None]:
        """(presentation, key, None) or (None, None, an error response); the ciphertext is
        left in ``request.state.ciphertext``."""
        if not self.views.allow(self._client(request)):
            return None, None, HTMLResponse(render_gone("Too many requests; try again in a "
                                                        "minute."), status_code=429,
                                            headers=self._headers())
        share_id, key_text = request.path_params["share_id"], request.path_params["key"]
        record = self.store.get(share_id)
        if record is None:
            return None, None, HTMLResponse(render_gone("There is no such shared record."),
                                            status_code=404, headers=self._headers())
        state = record.state()
        if state != "ok":
            reason = {"revoked": "The learner has withdrawn this link.",
                      "expired": "This link has expired.",
                      "used up": "This link has been viewed as many times as the learner "
                                 "allowed.",
                      "empty": "There is no such shared record."}[state]
            return None, None, HTMLResponse(render_gone(reason), status_code=410,
                                            headers=self._headers())
        try:
            key = _unb64(key_text)
            plaintext = open_share(key, record.ciphertext or b"", share_id)
            presentation = load_json(plaintext, what="the shared presentation")
            request.state.ciphertext = record.ciphertext
        except (IntegrityError, InputError, ValueError):
            return None, None, HTMLResponse(render_gone("This link is incomplete or wrong."),
                                            status_code=404, headers=self._headers())
        if count and not self.store.record_view(share_id):
            return None, None, HTMLResponse(render_gone("This link is no longer available."),
                                            status_code=410, headers=self._headers())
        return presentation, key, None

    VERDICT_TTL = 60.0

    def verify(self, presentation: Mapping[str, Any], share_id: str, key: bytes,
               ciphertext: bytes = b"") -> Any:
        """Verify (challenge: the share id; domain: this service's origin). A verdict is
        reused for up to :attr:`VERDICT_TTL` seconds for the same ciphertext."""
        cache_key = (share_id, hashlib.sha256(ciphertext).hexdigest())
        now = time.monotonic()
        with self._verdicts_lock:
            cached = self._verdicts.get(cache_key)
            if cached and now - cached[0] < self.VERDICT_TTL:
                return cached[1]
        result = self._verify(presentation, share_id, key)
        with self._verdicts_lock:
            if len(self._verdicts) > 1000:
                self._verdicts = {k: v for k, v in self._verdicts.items()
                                  if now - v[0] < self.VERDICT_TTL}
            self._verdicts[cache_key] = (now, result)
        return result

    def _verify(self, presentation: Mapping[str, Any], share_id: str, key: bytes) -> Any:
        from wallet.verify import VerifyOptions, verify_document

        origin = f"{urlsplit(self.base).scheme}://{urlsplit(self.base).netloc}"
        fetcher = _ShareFetcher(self, share_id, key, self.base, self.fetcher)
        return verify_document(presentation, VerifyOptions(fetcher=fetcher, challenge=share_id,
                                                           domain=origin))

    def _view(self, request: Request) -> Response:
        presentation, key, error = self._open(request, count=True)
        if error is not None:
            return error
        share_id = request.path_params["share_id"]
        if not isinstance(presentation, Mapping):
            return HTMLResponse(render_gone("This shared record is not readable."),
                                status_code=422, headers=self._headers())
        result = self.verify(presentation, share_id, key, request.state.ciphertext)
        base = f"{self.base}/s/{share_id}/{request.path_params['key']}"
        return HTMLResponse(render_presentation(presentation, result, base=base),
                            headers=self._headers())

    def _raw(self, request: Request) -> Response:
        presentation, _key, error = self._open(request, count=False)
        if error is not None:
            return error
        return JSONResponse(presentation, headers={
            **self._headers(), "Content-Disposition": "attachment; filename=presentation.json"})

    def _file(self, request: Request) -> Response:
        presentation, key, error = self._open(request, count=False)
        if error is not None:
            return error
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        sealed = self.store.get_file(share_id, sha)
        if sealed is None:
            return Response(status_code=404)
        body = open_share(key, sealed, share_id, f"file:{sha}")
        return Response(body, media_type="application/octet-stream", headers={
            **self._headers(), "Content-Disposition": "attachment"})

    def _evidence(self, request: Request) -> Response:
        """An inline (data: URI) artifact of the learner's, as a download."""
        presentation, _key, error = self._open(request, count=False)
        if error is not None:
            return error
        index = request.path_params["index"]
        try:
            entry = presentation["verifiableCredential"][0]["evidence"][index]
            header, payload = entry["id"].split(",", 1)
            media = header.removeprefix("data:").removesuffix(";base64")
            body = base64.b64decode(payload, validate=True)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError):
            return Response(status_code=404)
        safe_media = media if media.startswith(("image/", "application/pdf", "text/plain")) \
            else "application/octet-stream"
        return Response(body, media_type=safe_media, headers={
            **self._headers(), "Content-Disposition": "attachment"})


# --- the wallet's client ------------------------------------------------------------------


@dataclass(frozen=True)
class ShareResult:
    share_id: str
    url: str  # with the key: what the employer opens
    manage_token: str
    expires: datetime
    max_views: int | None


class ShareClient:
    """Talks to a share service through the wallet's HTTP policy."""

    def __init__(self, server: str, http: Any) -> None:
        self.server = server.rstrip("/")
        self.http = http

    @property
    def origin(self) -> str:
        parts = urlsplit(self.server)
        return f"{parts.scheme}://{parts.netloc}"

    def _call(self, method: str, path: str, *, token: str | None = None, body: bytes | None =
              None, headers: Mapping[str, str] | None = None) -> FetchResponse:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        try:
            response = self.http.request(method, f"{self.server}{path}", headers=all_headers,
                                         content=body, same_origin_only=True,
                                         raise_for_status=False)
        except FetchError as exc:
            raise ExchangeError(f"the share service could not be reached: {exc.message}"
                                ) from None
        if response.status >= 400:
            messages = {413: "the presentation is too large to share",
                        429: "the share service is busy; try again in a minute",
                        404: "the share service does not know this link"}
            raise ExchangeError(messages.get(response.status, "the share service refused "
                                             f"(HTTP {response.status})"),
                                error=str(response.status))
        return response

    def reserve(self) -> tuple[str, str]:
        data = self._call("POST", "/api/shares").json()
        if not isinstance(data, dict) or not isinstance(data.get("id"), str) or not \
                isinstance(data.get("manage_token"), str):
            raise ExchangeError("the share service answered strangely")
        return data["id"], data["manage_token"]

    def upload(self, share_id: str, token: str, key: bytes, presentation: Mapping[str, Any],
               files: Mapping[str, bytes], expires: datetime, max_views: int | None) -> None:
        for content in files.values():
            sha = hashlib.sha256(content).hexdigest()
            self._call("PUT", f"/api/shares/{share_id}/files/{sha}", token=token,
                       body=seal_share(key, content, share_id, f"file:{sha}"))
        plaintext = json.dumps(presentation, ensure_ascii=False).encode()
        headers = {"X-Share-Expires": str(expires.timestamp()),
                   "Content-Type": "application/octet-stream"}
        if max_views is not None:
            headers["X-Share-Max-Views"] = str(max_views)
        self._call("PUT", f"/api/shares/{share_id}", token=token,
                   body=seal_share(key, plaintext, share_id), headers=headers)

    def status(self, share_id: str, token: str) -> dict[str, Any]:
        data = self._call("GET", f"/api/shares/{share_id}", token=token).json()
        return data if isinstance(data, dict) else {}

    def revoke(self, share_id: str, token: str) -> None:
        self._call("DELETE", f"/api/shares/{share_id}", token=token)


def new_share_key() -> bytes:
    return secrets.token_bytes(32)


def share_url(server: str, share_id: str, key: bytes) -> str:
    return f"{server.rstrip('/')}/s/{share_id}/{_b64(key)}"


def expiry(expires_in: timedelta) -> datetime:
    if expires_in <= timedelta(0) or expires_in > MAX_LIFETIME:
        raise ExchangeError(f"a link lasts between a minute and {MAX_LIFETIME.days} days")
    return datetime.now(UTC) + expires_in


def parse_share_url(url: str) -> tuple[str, str, bytes] | None:
    """(server, share id, key) when ``url`` is a share link, else None."""
    parts = urlsplit(url)
    pieces = parts.path.strip("/").split("/")
    if len(pieces) >= 3 and pieces[-3] == "s":
        prefix = "/".join(pieces[:-3])
        server = f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")
        try:
            return server, pieces[-2], _unb64(pieces[-1])
        except WalletError:
            return None
    return None
