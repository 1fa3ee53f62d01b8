"""Exchange fixtures: the demo issuer served on 127.0.0.1, a wallet, and a scripted learner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from exchange_helpers import make_wallet
from keyring.backends import fail

from wallet.demo import DemoIssuerServer, demo_trust_list, serve_demo_issuer
from wallet.exchange.http import HttpFetcher
from wallet.services import WalletService
from wallet.services.receiving import ReceivingService


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="module")
def demo_issuer() -> Iterator[DemoIssuerServer]:
    with serve_demo_issuer() as running:
        yield running


@pytest.fixture
def wallet(tmp_path: Path, demo_issuer) -> Iterator[WalletService]:
    """A learner's wallet that keeps the demo issuer on its trust list (as the demo does)."""
    svc = make_wallet(tmp_path / "home")
    svc.trust.import_bytes(demo_trust_list(demo_issuer.issuer), source="demo")
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def http() -> Iterator[HttpFetcher]:
    with HttpFetcher(dev=True) as fetcher:
        yield fetcher


@pytest.fixture
def receiver(wallet) -> ReceivingService:
    return wallet.receiving
