"""Running the wallet's own servers on this computer: the share service (``wallet
share-server``, the demo, the tests) and any ASGI app (the app's web view), each in a
background thread, on a port chosen at run time unless one is given."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wallet.exchange.server import RunningServer, serve_in_thread
from wallet.exchange.share import ShareServer

__all__ = ["RunningServer", "RunningShareService", "serve_asgi", "serve_share_service"]


def serve_asgi(app_factory: Callable[[str], Any], *, host: str = "127.0.0.1",
               port: int = 0) -> RunningServer:
    """Serve ``app_factory(url)`` on ``host:port``."""
    return serve_in_thread(app_factory, host=host, port=port)


def _nothing() -> None:
    return None


@dataclass
class RunningShareService:
    server: RunningServer
    share: ShareServer
    stop_housekeeping: Callable[[], None] = field(default=_nothing)

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.stop_housekeeping()
        self.server.stop()

    def __enter__(self) -> RunningShareService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_share_service(*, host: str = "127.0.0.1", port: int = 0,
                        public_url: str | None = None, database_url: str | None = None,
                        data_dir: str | Path = ".", dev: bool = False,
                        rate_limit: int = 120) -> RunningShareService:
    """The share service on the database at ``database_url`` (else ``$DATABASE_URL``, else
    SQLite in ``data_dir``); ``public_url`` is how people reach it; ``dev`` lets its verifier
    reach this computer; ``rate_limit``: page views per minute per client address (counted by
    each replica for itself). Expired and revoked shares are purged in the background while it
    runs."""
    made: dict[str, ShareServer] = {}

    def factory(url: str) -> Any:
        share = ShareServer.from_environment(public_url or url, database_url=database_url,
                                             data_dir=str(data_dir), dev=dev)
        share.views.limit = max(1, rate_limit)
        made["share"] = share
        return share.app()

    server = serve_in_thread(factory, host=host, port=port)
    share = made["share"]
    return RunningShareService(server, share, share.start_housekeeping())
