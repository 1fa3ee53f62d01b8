"""Vault test fixtures. Unless a test is marked ``keyring``, the OS keyring is switched off so
that tests never touch a developer's real keyring (and the passphrase fallback is exercised)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from vault_helpers import no_keyring


@pytest.fixture(autouse=True)
def _no_keyring_unless_asked(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("keyring"):
        yield
        return
    with no_keyring():
        yield


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
