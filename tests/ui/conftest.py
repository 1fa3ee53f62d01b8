"""The app, served for a real browser: demo issuer, share service and the wallet app on
127.0.0.1 (all stop with the tests)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import keyring
import pytest
from keyring.backends import fail

from wallet.demo import DemoIssuer, OfferOptions, demo_trust_list, serve_demo_issuer
from wallet.services.serving import (
    RunningServer,
    RunningShareService,
    serve_asgi,
    serve_share_service,
)
from wallet.ui import asgi_app
from wallet.ui.controller import AppController
from wallet.ui.guard import Launch


@dataclass
class AppEnv:
    issuer: DemoIssuer
    issuer_server: RunningServer
    share_server: RunningShareService
    app_server: RunningServer
    controller: AppController
    first_offer: str
    launch: Launch

    @property
    def url(self) -> str:
        """The address the learner opens: with this launch's secret."""
        return self.launch.address(self.app_server.url)

    @property
    def base_url(self) -> str:
        """The app's address without the secret (refused)."""
        return self.app_server.url


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppEnv]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # first run offers the passphrase; no real keyring
    home = tmp_path_factory.mktemp("app-home")
    running = serve_demo_issuer()
    issuer_server, issuer = running.server, running.issuer
    # The demo's trust list (its issuer), kept by the share service and the wallet as
    # `wallet demo` does: without it every verdict is "with warnings" (issuer not recognised).
    trust = demo_trust_list(issuer)
    share_server = serve_share_service(
        database_url=str(home / "shares.db"), dev=True, trust=[trust]
    )
    first = issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    controller = AppController(
        home / "wallet", dev=True, share_server=share_server.url, demo_trust=trust
    )
    launch = Launch()
    app_server = serve_asgi(
        lambda url: asgi_app(controller, launch=launch, url=url, first_offer=first)
    )
    try:
        yield AppEnv(issuer, issuer_server, share_server, app_server, controller, first, launch)
    finally:
        app_server.stop()
        share_server.stop()
        issuer_server.stop()
        controller.close()
        keyring.set_keyring(previous)
