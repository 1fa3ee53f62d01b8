"""The employer's side of a shared link: the page, the raw presentation (``/raw``), a linked
file (``/files/{sha}``) and an inline evidence file (``/evidence/{n}``) — each opened with the key
the link carries, which reaches the server only while a view is served: it decrypts in memory,
verifies, renders, and keeps nothing but ciphertext. The wallet's side (reserving, uploading,
revoking) is :mod:`wallet.exchange.share_uploads`.

What counts as a view: every request that reveals a share's content — the page, the raw JSON, a
linked file, an inline evidence file. The page always counts one view. A raw, file or evidence
request from the client that had a counted view of the share less than :data:`VIEW_GRACE`
seconds ago is part of that view and does not count again (the page's own downloads, even on the
last view the limit allows); any other such request counts a view of its own — and is refused
when the limit is reached. A request carrying the share's management token is the learner
checking their own link, and is no view. Expiry and revocation end everything at once.
Counting is one atomic statement in the store, so the limit is exact however many replicas
serve the share.

A QR code shown to a room means many phones at once: what depends only on the ciphertext and
the verification time — the verdict and the rendered page, per language — is kept in memory for
:attr:`ShareViews.VERDICT_TTL` seconds (and dropped on revocation); the first of simultaneous
views verifies (in a worker thread, off the event loop) and the others wait for its answer.
Every view still checks the link's state, decrypts (which proves the key) and is counted.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from wallet.credential import load_json
from wallet.errors import FetchError, InputError, IntegrityError
from wallet.exchange.share_link import _unb64, open_share
from wallet.exchange.share_page import render_gone_reason, render_presentation
from wallet.exchange.share_store import ShareStore
from wallet.exchange.share_uploads import MAX_UPLOAD, SHA256, SHARE_ID, by_owner, client_of
from wallet.fetch import BoundedFetcher, FetchResponse, SameOriginFetcher, get_same_origin
from wallet.i18n import negotiate
from wallet.verification.trust import TrustLists

__all__ = ["VIEW_GRACE", "ShareViews", "page_headers"]

VIEW_GRACE = 600.0  # a counted view's downloads, for the same client (see the module's doc)

_KEY = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 bytes, base64url
# The media types an inline evidence file is served as (anything else: octet-stream); a strict
# grammar, since the value comes from the learner's data and goes into a header.
_MEDIA = re.compile(
    r"(?:image/[A-Za-z0-9][A-Za-z0-9.+-]{0,100}|application/pdf|text/plain)"
    r"(?:;[ ]?charset=[A-Za-z0-9._-]{1,40})?"
)


def page_headers() -> dict[str, str]:
    """The headers of everything a link serves. The URL carries the key: never leak it through
    Referer; no scripts, no framing."""
    return {
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'",
    }


class _ShareFetcher:
    """Verification's fetcher on the server: this service's own file links are answered from
    the store (decrypted in memory); anything else goes to the policed HTTP fetcher."""

    def __init__(
        self, store: ShareStore, share_id: str, key: bytes, origin: str, fallback: Any
    ) -> None:
        self.store, self.share_id, self.key, self.origin = store, share_id, key, origin
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
            if not SHA256.fullmatch(sha):
                raise FetchError("the shared file is missing")
            sealed = self.store.get_file(self.share_id, sha)
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


class ShareViews:
    """The routes under ``/s/`` of the service at ``base``, over ``store``. ``allow`` is the
    per-minute rate limit of views (per client address, per replica); ``fetcher`` is the
    service's policed HTTP fetcher (verification's network); ``trust``, the operator's trust
    lists as they are now."""

    VERDICT_TTL = 60.0
    MAX_PAGES = 256

    def __init__(
        self,
        base: str,
        store: ShareStore,
        *,
        allow: Callable[[str], bool],
        fetcher: Any,
        trust: Callable[[], TrustLists],
    ) -> None:
        self.base, self.store, self.allow = base, store, allow
        self.fetcher, self.trust = fetcher, trust
        # Verdicts of recent views (share id + ciphertext hash → (time, result)), so that a
        # burst of views — a QR code on a slide — does not verify the same bytes again.
        self._verdicts: dict[tuple[str, str], tuple[float, Any]] = {}
        self._verdicts_lock = threading.Lock()
        # Rendered pages (share id, ciphertext hash, key as written, language → (time, page)),
        # and the renderings under way, so that simultaneous first views verify once.
        self._pages: dict[tuple[str, str, str, str], tuple[float, str]] = {}
        self._rendering: dict[tuple[str, str, str, str], asyncio.Future[str]] = {}

    def routes(self) -> list[Route]:
        return [
            Route("/s/{share_id}/{key}", self._view),
            Route("/s/{share_id}/{key}/raw", self._raw),
            Route("/s/{share_id}/{key}/files/{sha}", self._file),
            Route("/s/{share_id}/{key}/evidence/{index:int}", self._evidence),
        ]

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
            headers=page_headers(),
        )

    def _open_sealed(
        self, request: Request, *, page: bool
    ) -> tuple[bytes, bytes, dict[str, Any]] | Response:
        """(key, ciphertext, presentation) of the share the request opens, or the response
        that says why it does not open. Counts the view (see the module's doc): always for the
        ``page``, else unless this client had a counted view within :data:`VIEW_GRACE`
        seconds."""
        client = client_of(request)
        if not self.allow(client):
            return self._gone(request, "rate_limited", 429)
        share_id, key_text = request.path_params["share_id"], request.path_params["key"]
        record = self.store.get(share_id) if SHARE_ID.fullmatch(share_id) else None
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
        if by_owner(request, record):  # the learner checking their own link: not a view
            return key, record.ciphertext or b"", presentation
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
        fetcher = _ShareFetcher(self.store, share_id, key, self.base, self.fetcher)
        return verify_document(
            presentation,
            VerifyOptions(fetcher=fetcher, challenge=share_id, domain=origin, trust=self.trust()),
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
        return HTMLResponse(page, headers=page_headers())

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
                **page_headers(),
                "Content-Disposition": "attachment; filename=presentation.json",
            },
        )

    def _file(self, request: Request) -> Response:
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        if not SHA256.fullmatch(sha):
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
            headers={**page_headers(), "Content-Disposition": "attachment"},
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
            headers={**page_headers(), "Content-Disposition": "attachment"},
        )
