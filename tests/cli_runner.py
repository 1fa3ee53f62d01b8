"""Run the ``wallet`` command as a real process, as a user would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wallet_runner(home: Path, passphrase: str, *, timeout: float = 180,
                  max_memory: int | None = None) -> Callable[..., subprocess.CompletedProcess]:
    """``run(*args)`` for a wallet kept in ``home`` (no OS keyring: the passphrase protects
    it). Every run is checked to show no traceback, whatever it prints. ``max_memory``: the
    process's address space in bytes (a run that would read without end fails at that size,
    not at the machine's)."""
    env = {**os.environ, "WALLET_HOME": str(home), "WALLET_PASSPHRASE": passphrase,
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONPATH": str(ROOT)}
    env.pop("WALLET_DEBUG", None)

    def limit() -> None:
        import resource

        assert max_memory is not None
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    def run(*args: str) -> subprocess.CompletedProcess:
        proc = subprocess.run([sys.executable, "-m", "wallet.cli", *args], capture_output=True,
                              env=env, timeout=timeout, stdin=subprocess.DEVNULL,
                              preexec_fn=limit if max_memory else None)
        assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr
        return proc

    return run
