"""The share service's API for wallets: reserve a link, upload its files and then its
presentation, read its state and views, revoke it — each request with the link's management
token (a bearer token; only its hash is stored). The employer's side of a link is
:mod:`wallet.exchange.share_views`; the service that serves both, :mod:`wallet.exchange.share`.

What one wallet may put on the service is bounded (:data:`MAX_UPLOAD` per request,
:data:`MAX_FILES` and :data:`MAX_SHARE_BYTES` per share, :data:`RESERVATIONS_PER_HOUR` and
:data:`BYTES_PER_HOUR` per client address in the store, so across replicas; a reservation must
be filled within :data:`RESERVATION` seconds and each body sent within
:data:`UPLOAD_SECONDS`); a revoked, expired or already uploaded share takes no more uploads.
"""

from __future__ import annotations

import asyncio
import math
import re
import secrets
import time
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wallet.exchange.share_link import MAX_LIFETIME, _b64
from wallet.exchange.share_store import ShareStore, token_hash

__all__ = [
    "BYTES_PER_HOUR",
    "MAX_FILES",
    "MAX_SHARE_BYTES",
    "MAX_UPLOAD",
    "MAX_VIEWS",
    "RESERVATION",
    "RESERVATIONS_PER_HOUR",
    "SHA256",
    "SHARE_ID",
    "UPLOAD_SECONDS",
    "ShareUploads",
    "client_of",
    "refuse",
]

MAX_UPLOAD = 10 * 1024 * 1024  # one request's body
RESERVATION = 600.0  # seconds to upload a reserved share's files and presentation
MAX_VIEWS = 100_000  # the largest view limit a link may have
MAX_FILES = 50  # files per share
MAX_SHARE_BYTES = 32 * 1024 * 1024  # a share's presentation and files together
UPLOAD_SECONDS = 60.0  # to send one request's body
RESERVATIONS_PER_HOUR = 60  # per client address, across replicas
BYTES_PER_HOUR = 256 * 1024 * 1024  # uploaded per client address, across replicas

SHARE_ID = re.compile(r"[A-Za-z0-9_-]{22}")  # 16 random bytes, base64url
SHA256 = re.compile(r"[0-9a-f]{64}")  # a shared file, named by its digest


def client_of(request: Request) -> str:
    """The client's address (what per-client limits count)."""
    return request.client.host if request.client else "?"


def refuse(status: int, error: str, message: str) -> JSONResponse:
    """A refusal a wallet reads: its ``error`` code and a ``message``."""
    return JSONResponse({"error": error, "message": message}, status_code=status)


def by_owner(request: Request, record: Any) -> bool:
    """Whether ``request`` carries the share's management token (``Authorization: Bearer``):
    proof that the learner who made the link asks, not an employer."""
    auth = request.headers.get("authorization", "")
    return auth.startswith("Bearer ") and secrets.compare_digest(
        token_hash(auth.removeprefix("Bearer ")), record.token_hash
    )


class ShareUploads:
    """The routes under ``/api/shares`` of the service at ``base``, over ``store``. ``allow``
    is the per-minute rate limit of reservations (per client address, per replica); ``forget``
    drops what the service keeps in memory of a share when it is revoked."""

    def __init__(
        self,
        base: str,
        store: ShareStore,
        *,
        allow: Callable[[str], bool],
        forget: Callable[[str], None],
    ) -> None:
        self.base, self.store, self.allow, self.forget = base, store, allow, forget

    def routes(self) -> list[Route]:
        return [
            Route("/api/shares", self._reserve, methods=["POST"]),
            Route("/api/shares/{share_id}", self._manage, methods=["GET", "PUT", "DELETE"]),
            Route("/api/shares/{share_id}/files/{sha}", self._put_file, methods=["PUT"]),
        ]

    def _authorized(self, request: Request, share_id: str) -> Any:
        if not SHARE_ID.fullmatch(share_id):
            return None
        record = self.store.get(share_id)
        return record if record is not None and by_owner(request, record) else None

    async def _read_body(self, request: Request, limit: int = MAX_UPLOAD) -> bytes | Response:
        """The request's body, at most ``limit`` bytes, sent within :data:`UPLOAD_SECONDS`;
        else the response that refuses it."""
        too_large = refuse(413, "too_large", f"at most {limit:,} bytes are taken here")
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
            return refuse(
                408, "too_slow", f"the upload took longer than {UPLOAD_SECONDS:.0f} seconds"
            )
        return bytes(body)

    def _upload_refusal(self, record: Any) -> Response | None:
        """Why a share takes no (more) uploads, if it does not: revoked, its reservation run
        out, or its presentation already uploaded (files come first)."""
        if record.revoked:
            return refuse(410, "revoked", "this link was withdrawn; it takes no uploads")
        if record.ciphertext is not None:
            return refuse(409, "already_uploaded", "this link's presentation is uploaded already")
        if record.expires <= time.time():
            return refuse(
                410, "reservation_expired", "this reservation has run out; reserve a new link"
            )
        return None

    def _quota_refusal(self, client: str, size: int) -> Response | None:
        _reservations, used = self.store.usage(client, time.time() - 3600)
        if used + size > BYTES_PER_HOUR:
            return refuse(
                429,
                "quota",
                f"at most {BYTES_PER_HOUR // 2**20} MiB may be "
                "uploaded in an hour; try again later",
            )
        return None

    # --- the routes ---------------------------------------------------------------

    async def _reserve(self, request: Request) -> Response:
        client = client_of(request)
        if not self.allow(client):
            return refuse(429, "rate_limited", "too many reservations; try again in a minute")
        reservations, _used = self.store.usage(client, time.time() - 3600)
        if reservations >= RESERVATIONS_PER_HOUR:
            return refuse(
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
            return refuse(400, "bad_request", "X-Share-Expires is not a time (seconds since 1970)")
        if (
            not math.isfinite(expires)
            or not time.time() < expires <= time.time() + MAX_LIFETIME.total_seconds()
        ):
            return refuse(
                400, "bad_request", f"X-Share-Expires must be in the next {MAX_LIFETIME.days} days"
            )
        max_views = None
        given = request.headers.get("x-share-max-views")
        if given:
            if not re.fullmatch(r"[0-9]{1,7}", given.strip()) or not 1 <= int(given) <= MAX_VIEWS:
                return refuse(
                    400,
                    "bad_request",
                    f"X-Share-Max-Views must be a whole number from 1 to {MAX_VIEWS:,}",
                )
            max_views = int(given)
        quota = self._quota_refusal(client_of(request), len(body))
        if quota is not None:
            return quota
        self.store.upload(share_id, body, expires, max_views)
        self.store.charge(client_of(request), size=len(body))
        return Response(status_code=204)

    async def _put_file(self, request: Request) -> Response:
        share_id, sha = request.path_params["share_id"], request.path_params["sha"]
        record = self._authorized(request, share_id)
        if record is None or not SHA256.fullmatch(sha):
            return JSONResponse({"error": "not_found"}, status_code=404)
        refusal = self._upload_refusal(record)
        if refusal is not None:
            return refusal
        count, size, replacing = self.store.file_usage(share_id, sha)
        if count >= MAX_FILES and not replacing:
            return refuse(413, "too_many_files", f"a link carries at most {MAX_FILES} files")
        body = await self._read_body(request, min(MAX_UPLOAD, MAX_SHARE_BYTES - size))
        if isinstance(body, Response):
            return body
        quota = self._quota_refusal(client_of(request), len(body))
        if quota is not None:
            return quota
        self.store.put_file(share_id, sha, body)
        self.store.charge(client_of(request), size=len(body))
        return Response(status_code=204)
