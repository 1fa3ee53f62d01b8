"""Helpers the vault tests import (kept out of conftest.py, whose module name every test
directory shares)."""

from __future__ import annotations

import uuid
from pathlib import Path

from wallet.services import WalletService

PASSPHRASE = "correct horse battery staple"


def make_service(home: Path, **kwargs) -> WalletService:
    return WalletService(home, passphrase_source=lambda _why: PASSPHRASE, **kwargs)


def marker() -> str:
    return f"MARKER{uuid.uuid4().hex[:12].upper()}"
