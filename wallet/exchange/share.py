"""Sharing presentations: the share service (ASGI). The encryption both sides use, the links
and the wallet's client for the service are in :mod:`wallet.exchange.share_link`.

The wallet reserves a share (an unguessable id and a management token), composes the
presentation for it (challenge = the share id, domain = the server's origin), encrypts it with a
fresh key and uploads the ciphertext. The key reaches the server only while a view is served: it
decrypts in memory, verifies, renders, and keeps nothing but ciphertext. Links expire, may have
a view limit, can be revoked, and record when they were viewed.

What counts as a view: every request that reveals a share's content — the page, the raw JSON
(``/raw``), a linked file (``/files/{sha}``), an inline evidence file (``/evidence/{n}``). The
page always counts one view. A raw, file or evidence request from the client that had a
counted view of the share less than :data:`VIEW_GRACE` seconds ago is part of that view and
does not count again (the page's own downloads, even on the last view the limit allows); any
other such request counts a view of its own — and is refused when the limit is reached. Expiry
and revocation end everything at once. Counting is one atomic statement in the store, so the
limit is exact however many replicas serve the share.

What one wallet may put on the service is bounded (:data:`MAX_UPLOAD` per request,
:data:`MAX_FILES` and :data:`MAX_SHARE_BYTES` per share, :data:`RESERVATIONS_PER_HOUR` and
:data:`BYTES_PER_HOUR` per client address in the store, so across replicas; a reservation must
be filled within :data:`RESERVATION` seconds and each body sent within
:data:`UPLOAD_SECONDS`); a revoked, expired or already uploaded share takes no more uploads.
Expired and revoked shares are purged every :data:`PURGE_EVERY` seconds
(:meth:`ShareServer.start_housekeeping`).

A QR code shown to a room means many phones at once: what depends only on the ciphertext and
the verification time — the verdict and the rendered page, per language — is kept in memory for
:attr:`ShareServer.VERDICT_TTL` seconds (and dropped on revocation); the first of simultaneous
views verifies (in a worker thread, off the event loop) and the others wait for its answer.
Every view still checks the link's state, decrypts (which proves the key) and is counted.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import math
import os
import re
import secrets
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from wallet.credential import load_json
from wallet.errors import FetchError, InputError, IntegrityError
from wallet.exchange.share_link import MAX_LIFETIME, _b64, _unb64, open_share
from wallet.exchange.share_page import render_gone_reason, render_presentation
from wallet.exchange.share_store import ShareStore, open_store, token_hash
from wallet.exchange.vcapi_verify import VcApiVerifier
from wallet.exchange.verifier import EmployerVerifier
from wallet.exchange.verifier_guard import RateLimits, Workers
from wallet.exchange.verifier_web import VerifierWeb
from wallet.fetch import BoundedFetcher, FetchResponse, SameOriginFetcher, get_same_origin
from wallet.i18n import negotiate
from wallet.verification.trust import TrustLists

__all__ = ["MAX_UPLOAD", "ShareServer"]

MAX_UPLOAD = 10 * 1024 * 1024  # one request's body
RESERVATION = 600.0  # seconds to upload a reserved share's files and presentation
MAX_VIEWS = 100_000  # the largest view limit a link may have
MAX_FILES = 50  # files per share
MAX_SHARE_BYTES = 32 * 1024 * 1024  # a share's presentation and files together
UPLOAD_SECONDS = 60.0  # to send one request's body
RESERVATIONS_PER_HOUR = 60  # per client address, across replicas
BYTES_PER_HOUR = 256 * 1024 * 1024  # uploaded per client address, across replicas
VIEW_GRACE = 600.0  # a counted view's downloads, for the same client (see the module's doc)
PURGE_EVERY = 60.0  # seconds between purges of expired and revoked shares

_SHARE_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # 16 random bytes, base64url
_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url
_SHA256 = re.compile(r"[0-9a-f]{64}")
# The media types an inline evidence file is served as (anything else: octet-stream); a strict
# grammar, since the value comes from the learner's data and goes into a header.
_MEDIA = re.compile(
    r"(?:image/[A-Za-z0-9][A-Za-z0-9.+-]{0,100}|application/pdf|text/plain)"
    r"(?:;[ ]?charset=[A-Za-z0-9._-]{1,40})?"
)
_log = logging.getLogger(__name__)


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

    def __init__(
        self, server: ShareServer, share_id: str, key: bytes, origin: str, fallback: Any
    ) -> None:
        self.server, self.share_id, self.key, self.origin = server, share_id, key, origin
        self.fallback = fallback

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        return self.get_within(url, None, accept=accept)

    def get_same_origin(
        self, url: str, *, accept: str = "application/json", timeout: float | None = None
    ) -> FetchResponse:
        """:meth:`get` that never follows a redirect to another origin."""
        return self.get_within(url, timeout, accept=accept, same_origin=True)

    def get_within(
        self,
        url: str,
        timeout: float | None,
        *,
        accept: str = "application/json",
        same_origin: bool = False,
    ) -> FetchResponse:
        """:meth:`get` within ``timeout`` seconds (a verification's budget hands it the time
        left; files from the store are answered at once)."""
        prefix = f"{self.origin}/s/{self.share_id}/"
        if url.startswith(prefix) and "/files/" in url:
            sha = url.rsplit("/", 1)[-1]
            if not _SHA256.fullmatch(sha):
                raise FetchError("the shared file is missing")
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
        if same_origin:
            if isinstance(self.fallback, SameOriginFetcher):
                return self.fallback.get_same_origin(url, accept=accept, timeout=timeout)
            return get_same_origin(self.fallback, url, accept=accept)
        if timeout is not None and isinstance(self.fallback, BoundedFetcher):
            return self.fallback.get_within(url, timeout, accept=accept)
        return self.fallback.get(url, accept=accept)


class ShareServer:
    """The share service. ``dev`` lets its verifier reach loopback (tests, demos).
    ``verify_token``: the bearer token ``POST /credentials/verify`` and ``/presentations/verify``
    ask for (None: open); ``verify_online``: those fetch status lists and did:web documents
    (through the service's HTTP policy) instead of verifying offline.

    Its state is the store; what it keeps in memory is per replica and only ever makes it
    stricter or faster: the per-minute rate limits (each replica counts its own requests) and
    the verdict cache (each replica verifies a ciphertext at most once a minute)."""

    def __init__(
        self,
        base_url: str,
        store: ShareStore,
        *,
        dev: bool = False,
        view_limit_per_minute: int = 120,
        upload_limit_per_minute: int = 20,
        trust: TrustLists | None = None,
        verify_token: str | None = None,
        verify_online: bool = False,
    ) -> None:
        self.base = base_url.rstrip("/")
        self._trust = trust if trust is not None else TrustLists()  # the operator's lists
        self.store = store
        self.dev = dev
        self.views = _RateLimiter(view_limit_per_minute)
        # Verdicts of recent views (share id + ciphertext hash → (time, result)), so that a
        # burst of views — a QR code on a slide — does not verify the same bytes again.
        self._verdicts: dict[tuple[str, str], tuple[float, Any]] = {}
        self._verdicts_lock = threading.Lock()
        # Rendered pages (share id, ciphertext hash, key as written, language → (time, page)),
        # and the renderings under way, so that simultaneous first views verify once.
        self._pages: dict[tuple[str, str, str, str], tuple[float, str]] = {}
        self._rendering: dict[tuple[str, str, str, str], asyncio.Future[str]] = {}
        self.uploads = _RateLimiter(upload_limit_per_minute)
        from wallet.exchange.http import HttpFetcher

        self.fetcher = HttpFetcher(dev=dev, timeout=5.0)
        # The employer's request page and our OpenID4VP / VC-API verifier (verifier_web.py).
        self.verifier = EmployerVerifier(self.base, fetcher=self.fetcher)
        self.verifier.trust = self._trust
        # Its per-client rate limits, counted in the store (so across replicas), and the
        # workers that verify what its endpoints are sent (VC-API's verification included).
        self.verifier_limits = RateLimits(store)
        self.verifier_workers = Workers()
        self.vcapi = VcApiVerifier(
            trust=lambda: self.trust,
            limits=self.verifier_limits,
            workers=self.verifier_workers,
            token=verify_token,
            fetcher=self.fetcher if verify_online else None,
        )

    @classmethod
    def from_environment(
        cls,
        base_url: str,
        *,
        database_url: str | None = None,
        data_dir: str = ".",
        dev: bool = False,
        **options: Any,
    ) -> ShareServer:
        url = database_url or os.environ.get("DATABASE_URL")
        return cls(
            base_url,
            open_store(url, default_path=os.path.join(data_dir, "shares.db")),
            dev=dev,
            **options,
        )

    @property
    def trust(self) -> TrustLists:
        """The operator's trust lists: which issuers the page and the verifier call
        recognised."""
        return self._trust

    @trust.setter
    def trust(self, lists: TrustLists) -> None:
        self._trust = lists
        self.verifier.trust = lists

    def app(self) -> Starlette:
        return Starlette(
            routes=[
                Route("/", self._home),
                Route("/api/shares", self._reserve, methods=["POST"]),
                Route("/api/shares/{share_id}", self._manage, methods=["GET", "PUT", "DELETE"]),
                Route("/api/shares/{share_id}/files/{sha}", self._put_file, methods=["PUT"]),
                Route("/s/{share_id}/{key}", self._view),
                Route("/s/{share_id}/{key}/raw", self._raw),
                Route("/s/{share_id}/{key}/files/{sha}", self._file),
                Route("/s/{share_id}/{key}/evidence/{index:int}", self._evidence),
                *VerifierWeb(
                    self.verifier, limits=self.verifier_limits, workers=self.verifier_workers
                ).routes(),
                *self.vcapi.routes(),
            ]
        )

    # --- housekeeping ---------------------------------------------------------------------

    def purge(self) -> dict[str, int]:
        """Delete the content of expired and revoked shares, and what has outlived its use
        (:meth:`ShareStore.purge`), and the verifier's requests that ended long enough ago."""
        done = self.store.purge(quota_window=3600.0)
        done["requests_kept"] = self.verifier.requests.purge()
        return done

    def start_housekeeping(self, every: float | None = None) -> Callable[[], None]:
        """Purge now and then every ``every`` seconds (default :data:`PURGE_EVERY`) in a
        background thread; returns the function that stops it (``serve_share_service`` calls
        both)."""
        stop = threading.Event()
        period = PURGE_EVERY if every is None else every

        def run() -> None:
            while True:
                try:
                    self.purge()
                except Exception:
                    _log.exception("purging expired shares failed; trying again later")
                if stop.wait(period):
                    return

        threading.Thread(target=run, name="share-purge", daemon=True).start()
        return stop.set

    # --- helpers --------------------------------------------------------------------------

    @staticmethod
    def _client(request: Request) -> str:
        return request.client.host if request.client else "?"

    @staticmethod
    def _headers() -> dict[str, str]:
        # The URL carries the key: never leak it through Referer; no scripts, no framing.
        return {
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'",
        }

    @staticmethod
    def _refuse(status: int, error: str, message: str) -> JSONResponse:
        return JSONResponse({"error": error, "message": message}, status_code=status)

    @staticmethod
    def _lang(request: Request) -> str:
        """The reader's language: ``?lang=``, else ``Accept-Language``, else English."""
        return negotiate(request.headers.get("accept-language"), request.query_params.get("lang"))

    def _gone(self, request: Request, reason: str, status: int) -> HTMLResponse:
        """The page of a link that does not open (``reason``: a ``gone.*`` key of
        :mod:`wallet.i18n`), in the reader's language."""
        return HTMLResponse(
            render_gone_reason(reason, self._lang(request)),
            status_code=status,
            headers=self._headers(),
        )

    def _authorized(self, request: Request, share_id: str) -> Any:
        if not _SHARE_ID.fullmatch(share_id):
            return None
        record = self.store.get(share_id)
        auth = request.headers.get("authorization", "")
        given = auth.removeprefix("Bearer ")
        if (
            record is None
            or not auth.startswith("Bearer ")
            or not secrets.compare_digest(token_hash(given), record.token_hash)
        ):
            return None
        return record

    async def _read_body(self, request: Request, limit: int = MAX_UPLOAD) -> bytes | Response:
        """The request's body, at most ``limit`` bytes, sent within :data:`UPLOAD_SECONDS`;
        else the response that refuses it."""
        too_large = self._refuse(413, "too_large", f"at most {limit:,} bytes are taken here")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > limit:
            return too_large
        body = bytearray()
        try:
            async with asyncio.timeout(UPLOAD_SECONDS):
                async for chunk in request.stream():
                    body += chunk
                    if len(body) > limit:
                        return too_large
        except TimeoutError:
            return self._refuse(
                408, "too_slow", f"the upload took longer than {UPLOAD_SECONDS:.0f} seconds"
            )
        return bytes(body)

    def _upload_refusal(self, record: Any) -> Response | None:
        """Why a share takes no (more) uploads, if it does not: revoked, its reservation run
        out, or its presentation already uploaded (files come first)."""
        if record.revoked:
            return self._refuse(410, "revoked", "this link was withdrawn; it takes no uploads")
        if record.ciphertext is not None:
            return self._refuse(
                409, "already_uploaded", "this link's presentation is uploaded already"
            )
        if record.expires <= time.time():
            return self._refuse(
                410, "reservation_expired", "this reservation has run out; reserve a new link"
            )
        return None

    def _quota_refusal(self, client: str, size: int) -> Response | None:
        _reservations, used = self.store.usage(client, time.time() - 3600)
        if used + size > BYTES_PER_HOUR:
            return self._refuse(
                429,
                "quota",
                f"at most {BYTES_PER_HOUR // 2**20} MiB may be "
                "uploaded in an hour; try again later",
            )
        return None

    # --- API for wallets ------------------------------------------------------------------

    async def _home(self, request: Request) -> Response:
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>Share service</title>"
            "<p>This service shows learner records that learners share with "
            "you by link or QR code.</p>",
            headers=self._headers(),
        )

    async def _reserve(self, request: Request) -> Response:
        client = self._client(request)
        if not self.uploads.allow(client):
            return self._refuse(429, "rate_limited", "too many reservations; try again in a minute")
        reservations, _used = self.store.usage(client, time.time() - 3600)
        if reservations >= RESERVATIONS_PER_HOUR:
            return self._refuse(
                429,
                "rate_limited",
                f"at most {RESERVATIONS_PER_HOUR} links may be reserved in an hour",
            )
        share_id = _b64(secrets.token_bytes(16))
        token = _b64(secrets.token_bytes(32))
        self.store.create(share_id, token, time.time() + RESERVATION)
        self.store.charge(client, reservations=1)
        return JSONResponse(
            {"id": share_id, "manage_token": token, "url": f"{self.base}/s/{share_id}"},
            status_code=201,
        )

    async def _manage(self, request: Request) -> Response:
        share_id = request.path_params["share_id"]
        record = self._authorized(request, share_id)
        if record is None:
            return JSONResponse({"error": "not_found"}, status_code=404)
        if request.method == "DELETE":
            self.store.revoke(share_id)
            self.forget(share_id)
            return Response(status_code=204)
        if request.method == "GET":
            return JSONResponse(
                {
                    "id": share_id,
                    "state": record.state(),
                    "expires": record.expires,
                    "max_views": record.max_views,
                    "views": self.store.views(share_id),
                }
            )
        refusal = self._upload_refusal(record)
        if refusal is not None:
            return refusal
        _count, files_size, _present = self.store.file_usage(share_id, "")
        body = await self._read_body(request, min(MAX_UPLOAD, MAX_SHARE_BYTES - files_size))
        if isinstance(body, Response):
            return body
        try:
            expires = float(request.headers.get("x-share-expires", ""))
        except ValueError:
            return self._refuse(
                400, "bad_request", "X-Share-Expires is not a time (seconds since 1970)"
            )
        if (
            not math.isfinite(expires)
            or not time.time() < expires <= time.time() + MAX_LIFETIME.total_seconds()
        ):
            return self._refuse(
                400, "bad_request", f"X-Share-Expires must be in the next {MAX_LIFETIME.days} days"
            )
        max_views = None
        given = request.headers.get("x-share-max-views")
        if given:
            if not re.fullmatch(r"[0-9]{1,7}", given.strip()) or not 1 <= int(given) <= MAX_VIEWS:
                return self._refuse(
                    400,
                    "bad_request",
                    f"X-Share-Max-Views must be a whole number from 1 to {MAX_VIEWS:,}",
                )
            max_views = int(given)
        quota = self._quota_refusal(self._client(request), len(body))
        if quota is not None:
            return quota
        self.store.upload(share_id, body, expires, max_views)
        self.store.charge(self._client(request), size=len(body))
        return Response(status_code=204)

    async def _put_file(self, request: Request) -> Response:
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        record = self._authorized(request, share_id)
        if record is None or not _SHA256.fullmatch(sha):
            return JSONResponse({"error": "not_found"}, status_code=404)
        refusal = self._upload_refusal(record)
        if refusal is not None:
            return refusal
        count, size, replacing = self.store.file_usage(share_id, sha)
        if count >= MAX_FILES and not replacing:
            return self._refuse(413, "too_many_files", f"a link carries at most {MAX_FILES} files")
        body = await self._read_body(request, min(MAX_UPLOAD, MAX_SHARE_BYTES - size))
        if isinstance(body, Response):
            return body
        quota = self._quota_refusal(self._client(request), len(body))
        if quota is not None:
            return quota
        self.store.put_file(share_id, sha, body)
        self.store.charge(self._client(request), size=len(body))
        return Response(status_code=204)

    # --- the employer's side --------------------------------------------------------------

    def _open_sealed(
        self, request: Request, *, page: bool
    ) -> tuple[bytes, bytes, dict[str, Any]] | Response:
        """(key, ciphertext, presentation) of the share the request opens, or the response
        that says why it does not open. Counts the view (see the module's doc): always for the
        ``page``, else unless this client had a counted view within :data:`VIEW_GRACE`
        seconds."""
        client = self._client(request)
        if not self.views.allow(client):
            return self._gone(request, "rate_limited", 429)
        share_id, key_text = request.path_params["share_id"], request.path_params["key"]
        record = self.store.get(share_id) if _SHARE_ID.fullmatch(share_id) else None
        if record is None:
            return self._gone(request, "unknown", 404)
        reasons = {
            "revoked": "revoked",
            "expired": "expired",
            "used up": "used_up",
            "empty": "unknown",
        }
        state = record.state()
        if state != "ok" and (page or state != "used up"):
            return self._gone(request, reasons[state], 410)
        if not _KEY.fullmatch(key_text):
            return self._gone(request, "wrong", 404)
        key = _unb64(key_text)
        try:
            plaintext = open_share(key, record.ciphertext or b"", share_id)
        except IntegrityError:
            return self._gone(request, "wrong", 404)
        try:
            presentation = load_json(plaintext, what="the shared record", max_bytes=MAX_UPLOAD)
        except InputError:
            presentation = None
        if not isinstance(presentation, dict):  # not strict JSON, or not an object
            return self._gone(request, "unreadable", 422)
        if page:
            counted = self.store.record_view(share_id, client)
        else:
            counted = self.store.viewed_since(
                share_id, client, time.time() - VIEW_GRACE
            ) or self.store.record_view(share_id, client)
        if not counted:  # used up, expired or revoked meanwhile
            now_state = (self.store.get(share_id) or record).state()
            return self._gone(request, reasons.get(now_state, "unavailable"), 410)
        return key, record.ciphertext or b"", presentation

    def _open(self, request: Request, *, page: bool) -> tuple[Any, Any, Response | None]:
        """(presentation, key, None) or (None, None, an error response); the ciphertext is
        left in ``request.state.ciphertext``."""
        opened = self._open_sealed(request, page=page)
        if isinstance(opened, Response):
            return None, None, opened
        key, ciphertext, presentation = opened
        request.state.ciphertext = ciphertext
        return presentation, key, None

    VERDICT_TTL = 60.0
    MAX_PAGES = 256

    def verify(
        self, presentation: Mapping[str, Any], share_id: str, key: bytes, ciphertext: bytes = b""
    ) -> Any:
        """Verify (challenge: the share id; domain: this service's origin). A verdict is
        reused for up to :attr:`VERDICT_TTL` seconds for the same ciphertext."""
        return self.verified(presentation, share_id, key, ciphertext)[0]

    def verified(
        self, presentation: Mapping[str, Any], share_id: str, key: bytes, ciphertext: bytes = b""
    ) -> tuple[Any, datetime]:
        """:meth:`verify`, and when that verdict was reached."""
        cache_key = (share_id, hashlib.sha256(ciphertext).hexdigest())
        now = time.monotonic()
        with self._verdicts_lock:
            cached = self._verdicts.get(cache_key)
            if cached and now - cached[0] < self.VERDICT_TTL:
                return cached[1]
        checked = datetime.now(UTC)
        result = self._verify(presentation, share_id, key)
        with self._verdicts_lock:
            if len(self._verdicts) > 1000:
                self._verdicts = {
                    k: v for k, v in self._verdicts.items() if now - v[0] < self.VERDICT_TTL
                }
            self._verdicts[cache_key] = (now, (result, checked))
        return result, checked

    def _verify(self, presentation: Mapping[str, Any], share_id: str, key: bytes) -> Any:
        from wallet.verification.verify import VerifyOptions, verify_document

        origin = f"{urlsplit(self.base).scheme}://{urlsplit(self.base).netloc}"
        fetcher = _ShareFetcher(self, share_id, key, self.base, self.fetcher)
        return verify_document(
            presentation,
            VerifyOptions(fetcher=fetcher, challenge=share_id, domain=origin, trust=self.trust),
        )

    def forget(self, share_id: str) -> None:
        """Drop what is kept in memory of a share (its verdicts and pages)."""
        with self._verdicts_lock:
            self._verdicts = {
                k: v for k, v in self._verdicts.items() if k[0] not in (share_id, f"ob2:{share_id}")
            }
            self._pages = {k: v for k, v in self._pages.items() if k[0] != share_id}

    def _cached_page(self, key: tuple[str, str, str, str]) -> str | None:
        with self._verdicts_lock:
            cached = self._pages.get(key)
        if cached and time.monotonic() - cached[0] < self.VERDICT_TTL:
            return cached[1]
        return None

    def _render(
        self,
        presentation: dict[str, Any],
        share_id: str,
        key: bytes,
        ciphertext: bytes,
        base: str,
        lang: str,
    ) -> str:
        """Verify and render (in a worker thread)."""
        result, checked = self.verified(presentation, share_id, key, ciphertext)
        badges = self.badges(presentation, share_id, ciphertext, now=checked)
        return render_presentation(
            presentation, result, base=base, lang=lang, now=checked, badges=badges
        )

    def badges(
        self,
        presentation: Mapping[str, Any],
        share_id: str,
        ciphertext: bytes = b"",
        *,
        now: datetime | None = None,
    ) -> tuple[Any, ...]:
        """The Open Badges 2.0 badges the presentation carries, verified again the OB 2.0 way
        through this service's network policy (hosted: asked of their host; signed: checked);
        reused for up to :attr:`VERDICT_TTL` seconds for the same ciphertext, as a verdict is."""
        from wallet.ob2.carried import carried_badges, verify_carried

        if not carried_badges(presentation):
            return ()
        cache_key = (f"ob2:{share_id}", hashlib.sha256(ciphertext).hexdigest())
        moment = time.monotonic()
        with self._verdicts_lock:
            cached = self._verdicts.get(cache_key)
            if cached and moment - cached[0] < self.VERDICT_TTL:
                return cached[1]
        found = verify_carried(presentation, fetcher=self.fetcher, now=now)
        with self._verdicts_lock:
            self._verdicts[cache_key] = (moment, found)
        return found

    async def _view(self, request: Request) -> Response:
        opened = await run_in_threadpool(self._open_sealed, request, page=True)
        if isinstance(opened, Response):
            return opened
        key, ciphertext, presentation = opened
        share_id, key_text = request.path_params["share_id"], request.path_params["key"]
        lang = self._lang(request)
        cache_key = (share_id, hashlib.sha256(ciphertext).hexdigest(), key_text, lang)
        page = self._cached_page(cache_key)
        if page is None:
            page = await self._render_once(
                cache_key,
                presentation,
                key,
                ciphertext,
                f"{self.base}/s/{share_id}/{key_text}",
                lang,
            )
        return HTMLResponse(page, headers=self._headers())

    async def _render_once(
        self,
        cache_key: tuple[str, str, str, str],
        presentation: dict[str, Any],
        key: bytes,
        ciphertext: bytes,
        base: str,
        lang: str,
    ) -> str:
        """Render a page once for all the views that ask for it at the same time."""
        while (pending := self._rendering.get(cache_key)) is not None:
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                if not pending.cancelled():
                    raise  # this view itself went away
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._rendering[cache_key] = future
        try:
            page = await run_in_threadpool(
                self._render, presentation, cache_key[0], key, ciphertext, base, lang
            )
            now = time.monotonic()
            with self._verdicts_lock:
                if len(self._pages) >= self.MAX_PAGES:
                    self._pages = {
                        k: v for k, v in self._pages.items() if now - v[0] < self.VERDICT_TTL
                    }
                    while len(self._pages) >= self.MAX_PAGES:
                        self._pages.pop(next(iter(self._pages)))
                self._pages[cache_key] = (now, page)
            future.set_result(page)
            return page
        except asyncio.CancelledError:
            future.cancel()  # this view went away; the others render for themselves
            raise
        except Exception as exc:
            future.set_exception(exc)
            future.exception()  # marked retrieved: the views waiting on it re-raise it
            raise
        finally:
            self._rendering.pop(cache_key, None)

    def _raw(self, request: Request) -> Response:
        presentation, _key, error = self._open(request, page=False)
        if error is not None:
            return error
        return JSONResponse(
            presentation,
            headers={
                **self._headers(),
                "Content-Disposition": "attachment; filename=presentation.json",
            },
        )

    def _file(self, request: Request) -> Response:
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        if not _SHA256.fullmatch(sha):
            return self._gone(request, "no_file", 404)
        presentation, key, error = self._open(request, page=False)
        if error is not None:
            return error
        sealed = self.store.get_file(share_id, sha)
        if sealed is None:
            return self._gone(request, "no_file", 404)
        try:
            body = open_share(key, sealed, share_id, f"file:{sha}")
        except IntegrityError:
            return self._gone(request, "bad_file", 422)
        return Response(
            body,
            media_type="application/octet-stream",
            headers={**self._headers(), "Content-Disposition": "attachment"},
        )

    def _evidence(self, request: Request) -> Response:
        """An inline (data: URI) artifact of the learner's, as a download."""
        presentation, _key, error = self._open(request, page=False)
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
        safe_media = media if _MEDIA.fullmatch(media) else "application/octet-stream"
        return Response(
            body,
            media_type=safe_media,
            headers={**self._headers(), "Content-Disposition": "attachment"},
        )
