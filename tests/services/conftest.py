"""Service test fixtures: no OS keyring (the passphrase protects each test wallet)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from vault_helpers import no_keyring


@pytest.fixture(autouse=True)
def _no_keyring() -> Iterator[None]:
    with no_keyring():
        yield
