"""Running the wallet's own servers on this computer: the share service (``wallet
share-server``, the demo, the tests) and any ASGI app (the app's web view), each in a
background thread, on a port chosen at run time unless one is given."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet.errors import FolderError
from wallet.exchange.server import RunningServer, serve_in_thread

if TYPE_CHECKING:  # imported where used: serving the app's web view needs neither
    from wallet.exchange.share import ShareServer

__all__ = [
    "AskedRequest",
    "RunningServer",
    "RunningShareService",
    "data_folder",
    "serve_asgi",
    "serve_share_service",
]


@dataclass(frozen=True)
class AskedRequest:
    link: str  # openid4vp:// by reference: for the learner's wallet (QR code)
    page: str  # the employer's page: where the answer appears
    interaction: str  # the VCALM interaction URL (OpenID4VP or VC-API)


def serve_asgi(
    app_factory: Callable[[str], Any], *, host: str = "127.0.0.1", port: int = 0
) -> RunningServer:
    """Serve ``app_factory(url)`` on ``host:port``."""
    return serve_in_thread(app_factory, host=host, port=port)


def _nothing() -> None:
    return None


def data_folder(path: str | Path) -> Path:
    """The folder for the share service's SQLite database, made (parents too) when it is not
    there; :class:`~wallet.errors.FolderError` says why it cannot be used: a file has its name
    (or a parent's), or it cannot be made or written to."""
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise FolderError(f"the data folder {folder} cannot be used: a file has that name")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise FolderError(
            f"the data folder {folder} cannot be made: a file has the name of a folder on its path"
        ) from None
    except PermissionError:
        raise FolderError(f"the data folder {folder} cannot be made: permission denied") from None
    except OSError as exc:
        raise FolderError(f"the data folder {folder} cannot be made ({exc.strerror})") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise FolderError(f"the data folder {folder} cannot be written to: permission denied")
    return folder


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

    def ask(
        self,
        *,
        purpose: str = "Job application: data analyst",
        competency: str | None = None,
        count: int = 1,
    ) -> AskedRequest:
        """An employer's request for an Open Badge (perhaps showing ``competency``), made on
        this service's request page; what to show the learner."""
        from wallet.exchange.verifier import Ask

        verifier = self.share.verifier
        made = verifier.create([Ask(competency=competency, count=count)], purpose=purpose)
        return AskedRequest(
            verifier.link(made), verifier.page_url(made), verifier.interaction_url(made)
        )

    def __enter__(self) -> RunningShareService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_share_service(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    public_url: str | None = None,
    database_url: str | None = None,
    data_dir: str | Path = ".",
    dev: bool = False,
    rate_limit: int = 120,
    trust_files: Sequence[str | Path] = (),
    trust: Sequence[bytes] = (),
    verify_token: str | None = None,
    verify_online: bool = False,
    verify_rate_limit: int | None = None,
) -> RunningShareService:
    """The share service on the database at ``database_url`` (else ``$DATABASE_URL``, else
    SQLite in ``data_dir``); ``public_url`` is how people reach it; ``dev`` lets its verifier
    reach this computer; ``rate_limit``: page views per minute per client address (counted by
    each replica for itself); ``trust_files`` (and ``trust``, the files' bytes): the operator's
    trust lists, which say which issuers the page names as recognised (a file that is not a
    trust list stops the start with the reason); ``verify_token``: the bearer token its VC-API
    verification endpoints ask for (None: open to anyone, within the rate limits);
    ``verify_online``: they fetch status lists and did:web documents (else they verify
    offline); ``verify_rate_limit``: their requests per minute per client address (counted in
    the database, so across replicas). Expired and revoked shares are purged in the
    background while it runs. ``data_dir`` is made (parents too) when SQLite is used and it is
    not there; :class:`~wallet.errors.FolderError` says why when it cannot be."""
    from wallet.exchange.share import ShareServer
    from wallet.services.files import read_file
    from wallet.verification.trust import MAX_LIST_BYTES, TrustLists, parse_trust_list

    lists = [
        parse_trust_list(read_file(f, limit=MAX_LIST_BYTES), source=str(f)) for f in trust_files
    ]  # regular files only, read within the size cap
    lists += [parse_trust_list(data, source="given") for data in trust]
    if not (database_url or os.environ.get("DATABASE_URL")):
        data_folder(data_dir)
    made: dict[str, ShareServer] = {}

    def factory(url: str) -> Any:
        share = ShareServer.from_environment(
            public_url or url,
            database_url=database_url,
            data_dir=str(data_dir),
            dev=dev,
            verify_token=verify_token,
            verify_online=verify_online,
        )
        share.views.limit = max(1, rate_limit)
        if verify_rate_limit is not None:
            share.verifier_limits.set_limit("verify", verify_rate_limit)
        share.trust = TrustLists(tuple(lists))
        made["share"] = share
        return share.app()

    server = serve_in_thread(factory, host=host, port=port)
    share = made["share"]
    return RunningShareService(server, share, share.start_housekeeping())
