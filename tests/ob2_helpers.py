"""The Open Badges 2.0 fixtures of ``../shared/fixtures/ob2`` (beside the repository; read, never
copied into it) and the two web origins their URLs name, served for real on 127.0.0.1:47620 (A:
issuers, badge classes, keys, hosted assertions) and 127.0.0.1:47621 (B: a foreign origin).

The ports are fixed: the fixtures' absolute URLs are rewritten to them. :class:`Ob2Origins`
binds exactly those two on 127.0.0.1 — waiting up to :data:`WAIT_FOR_PORTS` for another run on the
same machine to free them — and fails the test with a clear message when one stays taken; it
stops with the test. ``www/_status.json`` lists the paths that answer ``410 Gone``; a path
without an extension is stored as ``path/index``. Hostile answers a test needs (a redirect to
the other origin, a web page, 5 MB, a slow drip) are added as :attr:`Ob2Origins.routes`.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
OB2 = ROOT.parent / "shared" / "fixtures" / "ob2"
CASES = OB2 / "cases"
WWW = OB2 / "www"
KEYS = OB2 / "keys"
SOURCES = OB2 / "sources"
PORTS = {"A": 47620, "B": 47621}
WAIT_FOR_PORTS = 120.0  # seconds to wait for another test run on this machine to free them
A = f"http://127.0.0.1:{PORTS['A']}"
B = f"http://127.0.0.1:{PORTS['B']}"

Route = Callable[[BaseHTTPRequestHandler], None]
PORT_WAIT = 180.0  # seconds another test run on this machine may hold the ports


def _bind_when_free(port: int, handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """The port, once free: another test run on this machine (its OB 2.0 tests) may hold it
    for a while; after :data:`PORT_WAIT` seconds the OSError stands. (In one run, the tests
    that use the origins share one worker: ``xdist_group`` in test_ob2_verify.py.)"""
    deadline = time.monotonic() + PORT_WAIT
    while True:
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def require_fixtures() -> None:
    """Skip (on a developer's machine) or fail (under CI) without ``../shared``."""
    if (OB2 / "www" / "_status.json").is_file():
        return
    message = f"the Open Badges 2.0 fixtures are not at {OB2}"
    if os.environ.get("CI"):
        pytest.fail(message + " (CI runs them: check out ../shared beside the repository)")
    pytest.skip(message)


def _content_type(path: Path, body: bytes) -> str:
    if path.suffix == ".json" or body.lstrip()[:1] in (b"{", b"["):
        return "application/ld+json"
    if body.startswith(b"\x89PNG"):
        return "image/png"
    if path.suffix in (".html", "") and body.lstrip()[:1] == b"<":
        return "text/html"
    return "application/octet-stream"


class Ob2Origins:
    """Origins A and B, serving ``www/A`` and ``www/B`` (module docstring)."""

    def __init__(self) -> None:
        self.gone = {
            f"/{k.split('/', 1)[1]}"
            for k, v in json.loads((WWW / "_status.json").read_text()).items()
            if v == 410
        }
        self.routes: dict[str, Route] = {}  # "A/path" or "B/path" → a handler of its own
        self.hits: list[str] = []
        self.stopping = threading.Event()
        self.servers: list[ThreadingHTTPServer] = []
        deadline = time.monotonic() + WAIT_FOR_PORTS
        while True:
            try:
                for name, port in PORTS.items():
                    self.servers.append(self._start(name, port))
                break
            except OSError as exc:
                self.stop()
                self.stopping.clear()
                if time.monotonic() < deadline:  # another run on this machine has them now
                    time.sleep(0.5)
                    continue
                pytest.fail(
                    f"cannot serve the OB 2.0 fixtures on 127.0.0.1:{port} ({exc}): "
                    "the fixtures' URLs name that port, so it must be free — is another "
                    "test run using it?"
                )

    def _start(self, name: str, port: int) -> ThreadingHTTPServer:
        origins = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = urlsplit(self.path).path
                origins.hits.append(f"{name}{path}")
                route = origins.routes.get(f"{name}{path}")
                if route is not None:
                    route(self)
                    return
                if name == "A" and path in origins.gone:
                    origins.answer(self, 410, b'{"revoked": true}', "application/json")
                    return
                base = (WWW / name).resolve()
                target = (base / path.lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index"
                if base not in target.parents or not target.is_file():
                    origins.answer(self, 404, b"not found", "text/plain")
                    return
                body = target.read_bytes()
                origins.answer(self, 200, body, _content_type(target, body))

            def log_message(self, *args: Any) -> None:
                pass

        httpd = _bind_when_free(port, Handler)
        httpd.daemon_threads = True
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return httpd

    @staticmethod
    def answer(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def serve(self, where: str, document: Any, status: int = 200) -> str:
        """Serve ``document`` (JSON) at ``where`` (``"A/path"``); its URL."""
        body = json.dumps(document).encode()
        self.routes[where] = lambda h: self.answer(h, status, body, "application/json")
        return f"{A if where.startswith('A') else B}{where[1:]}"

    def drip(self, handler: BaseHTTPRequestHandler, body: bytes, seconds: float) -> None:
        """Answer ``body`` one byte at a time over ``seconds`` (a slow server), stopping early
        when the origins stop."""
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        pause = seconds / max(1, len(body))
        try:
            for byte in body:
                if self.stopping.wait(pause):
                    return
                handler.wfile.write(bytes([byte]))
                handler.wfile.flush()
        except OSError:
            return

    def stop(self) -> None:
        self.stopping.set()
        for httpd in self.servers:
            httpd.shutdown()
            httpd.server_close()
        self.servers = []


def case_bytes(relative: str) -> bytes:
    return (CASES / relative).read_bytes()


def now_fixed() -> Any:
    """The moment the verdicts are computed at (after every fixture's issuedOn but 2100)."""
    from datetime import UTC, datetime

    return datetime(2026, 6, 1, tzinfo=UTC)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def sign_jws(
    payload: dict[str, Any], key: str = "vt-key1.pem", *, header: dict[str, Any] | None = None
) -> str:
    """A compact JWS of ``payload``, really signed (RS256) with a test-only key of ``keys/``."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    private = serialization.load_pem_private_key((KEYS / key).read_bytes(), password=None)
    assert isinstance(private, rsa.RSAPrivateKey)
    signing_input = (
        _b64(json.dumps(header or {"alg": "RS256"}).encode())
        + "."
        + _b64(json.dumps(payload).encode())
    )
    signature = private.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + _b64(signature)


def unsigned_jws(payload: dict[str, Any], header: dict[str, Any]) -> str:
    """A JWS whose header says ``alg`` none (or anything else), with an empty signature."""
    return _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(payload).encode()) + "."
