"""Files the wallet ships beside its code (``assets/`` at the top of the project)."""

from __future__ import annotations

from pathlib import Path

from wallet.errors import WalletError

__all__ = ["assets_dir", "sample_paths"]


def assets_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "assets"
    if not here.is_dir():
        raise WalletError(
            "the wallet's assets folder is missing; install the project from its source "
            "checkout (pip install -e .)"
        )
    return here


def sample_paths() -> list[Path]:
    """The bundled sample credentials, in a stable order."""
    return sorted(p for p in (assets_dir() / "samples").iterdir() if p.suffix in (".json", ".jwt"))
