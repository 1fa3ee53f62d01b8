"""Share links, as the wallet and the share service both know them: the encryption of what is
shared (XChaCha20-Poly1305 under the link's key, the share id and the part as associated data),
the link's form ``{server}/s/{id}/{key}``, and the wallet's client for the service
(:class:`ShareClient`: reserve, upload, status, revoke). The service itself is
:mod:`wallet.exchange.share`."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from wallet.crypto import aead
from wallet.errors import ExchangeError, FetchError, IntegrityError, WalletError
from wallet.fetch import FetchResponse

__all__ = [
    "MAX_LIFETIME",
    "ShareClient",
    "ShareResult",
    "expiry",
    "new_share_key",
    "open_share",
    "parse_share_url",
    "seal_share",
    "share_url",
]

MAX_LIFETIME = timedelta(days=90)


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
    return aead.open_sealed(
        key, sealed, f"share:{share_id}:{part}".encode(), what="the shared presentation"
    )


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

    def _call(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        body: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FetchResponse:
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        try:
            response = self.http.request(
                method,
                f"{self.server}{path}",
                headers=all_headers,
                content=body,
                same_origin_only=True,
                raise_for_status=False,
            )
        except FetchError as exc:
            raise ExchangeError(f"the share service could not be reached: {exc.message}") from None
        if response.status >= 400:
            messages = {
                413: "the presentation is too large to share",
                429: "the share service is busy; try again in a minute",
                404: "the share service does not know this link",
            }
            raise ExchangeError(
                messages.get(
                    response.status, f"the share service refused (HTTP {response.status})"
                ),
                error=str(response.status),
            )
        return response

    def reserve(self) -> tuple[str, str]:
        data = self._call("POST", "/api/shares").json()
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("id"), str)
            or not isinstance(data.get("manage_token"), str)
        ):
            raise ExchangeError("the share service answered strangely")
        return data["id"], data["manage_token"]

    def upload(
        self,
        share_id: str,
        token: str,
        key: bytes,
        presentation: Mapping[str, Any],
        files: Mapping[str, bytes],
        expires: datetime,
        max_views: int | None,
    ) -> None:
        for content in files.values():
            sha = hashlib.sha256(content).hexdigest()
            self._call(
                "PUT",
                f"/api/shares/{share_id}/files/{sha}",
                token=token,
                body=seal_share(key, content, share_id, f"file:{sha}"),
            )
        plaintext = json.dumps(presentation, ensure_ascii=False).encode()
        headers = {
            "X-Share-Expires": str(expires.timestamp()),
            "Content-Type": "application/octet-stream",
        }
        if max_views is not None:
            headers["X-Share-Max-Views"] = str(max_views)
        self._call(
            "PUT",
            f"/api/shares/{share_id}",
            token=token,
            body=seal_share(key, plaintext, share_id),
            headers=headers,
        )

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
