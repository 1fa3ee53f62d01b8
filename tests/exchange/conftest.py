"""Exchange fixtures: the demo issuer served on 127.0.0.1, a wallet, a scripted learner, and a
throwaway PostgreSQL server (for the share store and its replicas)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from exchange_helpers import make_wallet
from vault_helpers import no_keyring
from vp_helpers import make_ca, make_leaf, serve_verifier

from wallet.demo import demo_trust_list
from wallet.exchange.http import HttpFetcher
from wallet.services import WalletService
from wallet.services.receiving import ReceivingService


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    with no_keyring():
        yield


@pytest.fixture(scope="module")
def ca():
    """A test X.509 trust anchor."""
    return make_ca()


@pytest.fixture
def employer(tmp_path: Path, ca):
    """Our verifier on 127.0.0.1, its requests signable with a certificate from ``ca``."""
    served = serve_verifier(tmp_path, x509_signing=make_leaf(ca))
    try:
        yield served
    finally:
        served.stop()


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on 127.0.0.1 (scripts/test installs PostgreSQL and
    requires this test to run: WALLET_TEST_POSTGRES=1)."""
    initdb = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    required = os.environ.get("WALLET_TEST_POSTGRES") == "1"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        initdb = []
    if not initdb:
        if required:
            pytest.fail("WALLET_TEST_POSTGRES=1 but PostgreSQL or psycopg is missing")
        pytest.skip("needs PostgreSQL; scripts/test installs it")
    import tempfile

    bindir = Path(initdb[-1]).parent
    # Outside pytest's private temporary folder: the postgres user must be able to reach it.
    data = Path(tempfile.mkdtemp(prefix="wallet-pg-")) / "data"
    port = _free_port()
    as_root = os.geteuid() == 0
    if as_root:  # PostgreSQL refuses to run as root
        shutil.chown(data.parent, "postgres")

    def run(*cmd: str) -> None:
        full = ["su", "postgres", "-c", " ".join(cmd)] if as_root else list(cmd)
        subprocess.run(full, check=True, capture_output=True, timeout=120)

    run(str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "wallet")
    run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-w",
        "-o",
        f"'-p {port} -h 127.0.0.1 -k {data.parent}'",
        "-l",
        str(data.parent / "log"),
        "start",
    )
    try:
        yield f"postgresql://wallet@127.0.0.1:{port}/postgres"
    finally:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(data.parent, ignore_errors=True)
