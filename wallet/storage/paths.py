"""Where the wallet keeps its data: ``--home``, else ``WALLET_HOME``, else the OS's per-user
data directory (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

__all__ = ["wallet_home"]

APP_NAME = "learner-wallet"


def wallet_home(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The wallet's data directory (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("WALLET_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(user_data_dir(APP_NAME, appauthor=False))
