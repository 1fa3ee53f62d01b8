"""Exchange fixtures: the demo issuer served on 127.0.0.1, a wallet, and a scripted learner."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from exchange_helpers import make_wallet
from keyring.backends import fail

from wallet.exchange.demo_issuer import DemoIssuer
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.client import Receiver
from wallet.exchange.server import RunningServer, serve_in_thread
from wallet.storage.service import WalletService


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@dataclass
class Issuer:
    server: RunningServer
    issuer: DemoIssuer

    @property
    def url(self) -> str:
        return self.server.url


@pytest.fixture(scope="module")
def demo_issuer() -> Iterator[Issuer]:
    made: dict[str, DemoIssuer] = {}

    def factory(url: str):
        made["issuer"] = DemoIssuer(url)
        return made["issuer"].app()

    server = serve_in_thread(factory)
    try:
        yield Issuer(server, made["issuer"])
    finally:
        server.stop()


@pytest.fixture
def wallet(tmp_path: Path) -> Iterator[WalletService]:
    svc = make_wallet(tmp_path / "home")
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def http() -> Iterator[HttpFetcher]:
    with HttpFetcher(dev=True) as fetcher:
        yield fetcher


@pytest.fixture
def receiver(wallet, http) -> Receiver:
    return Receiver(wallet, http)
