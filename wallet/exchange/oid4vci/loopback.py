"""The browser sign-in's way back to the wallet: a one-shot listener on 127.0.0.1 for the
authorization code redirect (RFC 8252 §7.3), used by :mod:`wallet.exchange.oid4vci.client` for
an offer that needs the learner to log in with the issuer.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wallet.errors import TokenError

__all__ = ["LoopbackRedirect"]


class LoopbackRedirect:
    """A one-shot HTTP listener on 127.0.0.1 for the authorization code redirect (RFC 8252
    §7.3), on a port chosen at run time."""

    def __init__(self) -> None:
        self.params: dict[str, str] | None = None
        self.event = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != "/callback" or outer.event.is_set():
                    self.send_error(404)
                    return
                outer.params = {k: v[0] for k, v in parse_qs(parts.query).items()}
                body = (
                    b"<!doctype html><meta charset=utf-8><title>Wallet</title>"
                    b"<p>Done. You can close this tab and return to your wallet.</p>"
                )
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                outer.event.set()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_address[1]}/callback"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackRedirect:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait(self, timeout: float) -> dict[str, str]:
        if not self.event.wait(timeout):
            raise TokenError("the issuer's login did not complete in time", error="timeout")
        return dict(self.params or {})
