"""Helpers the vault tests import (kept out of conftest.py, whose module name every test
directory shares)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import keyring
from keyring.backends import fail

from wallet.services import WalletService

PASSPHRASE = "correct horse battery staple"


def make_service(home: Path, **kwargs) -> WalletService:
    return WalletService(home, passphrase_source=lambda _why: PASSPHRASE, **kwargs)


def marker() -> str:
    return f"MARKER{uuid.uuid4().hex[:12].upper()}"


@contextmanager
def no_keyring() -> Iterator[None]:
    """No OS keyring while it lasts (the passphrase protects the wallet; a developer's own
    keyring is never touched); the one before is put back."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)
