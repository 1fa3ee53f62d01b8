"""Helpers the share-service tests import: the Starlette app in-process through httpx's ASGI
transport (the app's exceptions are raised in the test, never hidden behind a 500), and shares
made through its own API."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from wallet.exchange.share import ShareServer
from wallet.exchange.share_link import seal_share, share_url
from wallet.exchange.share_store import open_store

BASE = "http://share.test"
KEY = bytes(range(32))


_loop: asyncio.AbstractEventLoop | None = None


def _run(coroutine: Any) -> Any:
    """Run ``coroutine`` on an event loop of its own thread (the test's thread may already
    have one running, e.g. Playwright's)."""
    global _loop
    if _loop is None:
        _loop = asyncio.new_event_loop()
        threading.Thread(target=_loop.run_forever, name="asgi-tests", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(coroutine, _loop).result(120)


class Asgi:
    """Requests to an ASGI app, in-process, from ``client`` (an address and port)."""

    def __init__(self, app: Any, client: tuple[str, int] = ("203.0.113.7", 40000)) -> None:
        self.app, self.client = app, client

    def as_client(self, host: str) -> Asgi:
        return Asgi(self.app, (host, 40000))

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, client=self.client)
            async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
                return await http.request(method, url, **kwargs)

        return _run(go())

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)


def make_server(tmp_path: Path, **kwargs: Any) -> ShareServer:
    kwargs.setdefault("view_limit_per_minute", 100_000)
    kwargs.setdefault("upload_limit_per_minute", 100_000)
    return ShareServer(BASE, open_store(None, default_path=str(tmp_path / "shares.db")), **kwargs)


@dataclass
class Made:
    share_id: str
    token: str
    url: str  # with the key

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def reserve(api: Asgi) -> Made:
    answer = api.request("POST", "/api/shares")
    assert answer.status_code == 201, answer.text
    data = answer.json()
    return Made(
        data["id"], data["manage_token"], share_url(BASE, data["id"], KEY).removeprefix(BASE)
    )


def put_file(
    api: Asgi, made: Made, content: bytes, *, sealed: bytes | None = None
) -> httpx.Response:
    sha = hashlib.sha256(content).hexdigest()
    return api.request(
        "PUT",
        f"/api/shares/{made.share_id}/files/{sha}",
        headers=made.auth,
        content=sealed
        if sealed is not None
        else seal_share(KEY, content, made.share_id, f"file:{sha}"),
    )


def upload(
    api: Asgi,
    made: Made,
    plaintext: bytes | dict,
    *,
    max_views: int | None = None,
    headers: dict[str, str] | None = None,
) -> httpx.Response:
    if isinstance(plaintext, dict):
        plaintext = json.dumps(plaintext).encode()
    sent = {**made.auth, "X-Share-Expires": str(time.time() + 3600)}
    if max_views is not None:
        sent["X-Share-Max-Views"] = str(max_views)
    sent.update(headers or {})
    return api.request(
        "PUT",
        f"/api/shares/{made.share_id}",
        headers=sent,
        content=seal_share(KEY, plaintext, made.share_id),
    )


def shared(
    api: Asgi,
    plaintext: bytes | dict,
    *,
    max_views: int | None = None,
    files: tuple[bytes, ...] = (),
) -> Made:
    made = reserve(api)
    for content in files:
        assert put_file(api, made, content).status_code == 204
    answer = upload(api, made, plaintext, max_views=max_views)
    assert answer.status_code == 204, answer.text
    return made


PRESENTATION = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiablePresentation"],
    "verifiableCredential": [
        {"evidence": [{"id": "data:text/plain;base64,aGVsbG8=", "name": "a note"}]}
    ],
}
