"""Exchange fixtures: the demo issuer served on 127.0.0.1, a wallet, and a scripted learner."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

from wallet.exchange.demo_issuer import DemoIssuer
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci.client import OfferPreview, Receiver
from wallet.exchange.oid4vci.messages import TxCode
from wallet.exchange.server import RunningServer, serve_in_thread
from wallet.storage.service import WalletService

PASSPHRASE = "exchange tests passphrase"


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


def make_wallet(home: Path) -> WalletService:
    svc = WalletService(home, passphrase_source=lambda _why: PASSPHRASE)
    if not svc.profiles.list():
        svc.create_profile("Learner", protection="passphrase")
    return svc


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


@dataclass
class Learner:
    """Answers the wallet's questions as a test script says; records what it was shown."""

    accept: bool = True
    codes: list[str] = field(default_factory=list)
    previews: list[OfferPreview] = field(default_factory=list)
    problems: list[str | None] = field(default_factory=list)
    logins: int = 0

    def consent(self, preview: OfferPreview) -> bool:
        self.previews.append(preview)
        return self.accept

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        self.problems.append(problem)
        return self.codes.pop(0) if self.codes else None

    def authorize(self, url: str) -> None:
        """Play the browser: open the login page, press the button, follow the redirect."""
        self.logins += 1
        page = httpx.get(url, timeout=10)
        page.raise_for_status()
        fields = {k: html.unescape(v) for k, v in
                  re.findall(r'name="([^"]+)" value="([^"]*)"', page.text)}
        fields["approve"] = "1"
        answer = httpx.post(url.split("?")[0], data=fields, timeout=10)
        assert answer.status_code == 302
        httpx.get(answer.headers["location"], timeout=10)

    def progress(self, message: str) -> None:
        pass
