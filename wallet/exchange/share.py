"""Sharing presentations: the share service (ASGI). The encryption both sides use, the links
and the wallet's client for the service are in :mod:`wallet.exchange.share_link`.

The wallet reserves a share (an unguessable id and a management token), composes the
presentation for it (challenge = the share id, domain = the server's origin), encrypts it with a
fresh key and uploads the ciphertext (:mod:`wallet.exchange.share_uploads`, with the bounds on
what one wallet may put on the service). The key reaches the server only while a view is served:
it decrypts in memory, verifies, renders, and keeps nothing but ciphertext
(:mod:`wallet.exchange.share_views`, with what counts as a view). Links expire, may have a view
limit, can be revoked, and record when they were viewed.

This module is the service those two sides make, with the employer's request page and our
verifier (:mod:`wallet.exchange.verifier_web`) and the VC-API verification service mounted
beside them. Expired and revoked shares are purged every :data:`PURGE_EVERY` seconds
(:meth:`ShareServer.start_housekeeping`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from wallet.exchange.share_store import ShareStore, open_store
from wallet.exchange.share_uploads import MAX_UPLOAD, ShareUploads
from wallet.exchange.share_views import ShareViews, page_headers
from wallet.exchange.vcapi_verify import VcApiVerifier
from wallet.exchange.verifier import EmployerVerifier
from wallet.exchange.verifier_guard import RateLimits, Workers
from wallet.exchange.verifier_web import VerifierWeb
from wallet.verification.trust import TrustLists

__all__ = ["MAX_UPLOAD", "ShareServer"]

PURGE_EVERY = 60.0  # seconds between purges of expired and revoked shares

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
        self.uploads = _RateLimiter(upload_limit_per_minute)
        from wallet.exchange.http import HttpFetcher

        self.fetcher = HttpFetcher(dev=dev, timeout=5.0)
        # The employer's side of a link (and its verdict and page cache), and the wallets' API.
        self.pages = ShareViews(
            self.base,
            store,
            allow=self.views.allow,
            fetcher=self.fetcher,
            trust=lambda: self.trust,
        )
        self.api = ShareUploads(
            self.base, store, allow=self.uploads.allow, forget=self.pages.forget
        )
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
                *self.api.routes(),
                *self.pages.routes(),
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
        background thread; returns the function that stops it and waits for a purge under way
        (``serve_share_service`` calls both)."""
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

        thread = threading.Thread(target=run, name="share-purge", daemon=True)
        thread.start()

        def stopped() -> None:
            # Stopped means stopped: a purge under way finishes before this returns, so
            # nothing purges behind the caller's back afterwards.
            stop.set()
            if thread is not threading.current_thread():
                thread.join(timeout=60)

        return stopped

    async def _home(self, request: Request) -> Response:
        return HTMLResponse(
            "<!doctype html><meta charset=utf-8><title>Share service</title>"
            "<p>This service shows learner records that learners share with "
            "you by link or QR code.</p>",
            headers=page_headers(),
        )
