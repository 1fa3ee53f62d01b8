"""Vault test fixtures. Unless a test is marked ``keyring``, the OS keyring is switched off so
that tests never touch a developer's real keyring (and the passphrase fallback is exercised)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from factories import badge
from keyring.backends import fail
from vault_helpers import make_service

from wallet.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.services import WalletService


@pytest.fixture(autouse=True)
def _no_keyring_unless_asked(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("keyring"):
        yield
        return
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture(scope="session")
def issuer_key() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


@pytest.fixture(scope="session")
def badges(issuer_key) -> list[bytes]:
    """Twenty distinct signed OB 3.0 credentials, as JSON bytes."""
    out = []
    for i in range(20):
        doc = badge(issuer_key, name=f"Badge {i}")
        doc["credentialSubject"]["achievement"]["name"] = f"Skill {i}"
        out.append(json.dumps(di.sign(doc, issuer_key.signer()), indent=1).encode())
    return out


@pytest.fixture
def service(tmp_path: Path, issuer_key) -> Iterator[WalletService]:
    """A learner's wallet that keeps the test issuer on its own trust list."""
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    svc.trust.add(issuer_key.did, name="Example College")
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture
def require_real_keyring() -> None:
    """Keyring tests run for real where scripts/test set up a Secret Service
    (WALLET_TEST_KEYRING=1) and must not be skipped there; elsewhere they are skipped."""
    import os

    from wallet.storage.protection import keyring_available

    available, why = keyring_available()
    if os.environ.get("WALLET_TEST_KEYRING") == "1":
        assert available, f"WALLET_TEST_KEYRING=1 but the OS keyring is unusable: {why}"
    elif not available:
        pytest.skip(f"needs a real OS keyring ({why}); scripts/test provides one")
