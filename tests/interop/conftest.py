"""Node.js and Digital Bazaar's packages for the interoperability tests: skipped where Node is
missing, a failure (never a skip) when WALLET_TEST_INTEROP=1 and something is missing."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _installed() -> bool:
    wanted = json.loads((HERE / "package.json").read_text())["dependencies"]
    return all((HERE / "node_modules" / name / "package.json").exists() for name in wanted)


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The interop folder with its npm packages installed (``npm ci`` from the lock file)."""
    required = os.environ.get("WALLET_TEST_INTEROP") == "1"
    if not (shutil.which("node") and shutil.which("npm")):
        if required:
            pytest.fail("WALLET_TEST_INTEROP=1 but Node.js/npm are missing")
        pytest.skip("needs Node.js and npm")
    # One `npm ci` at a time: each worker of a parallel run (scripts/test) asks for the folder.
    with open(HERE / ".npm-ci.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _installed():
            proc = subprocess.run(
                ["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, capture_output=True, timeout=600
            )
            if proc.returncode != 0 or not _installed():
                if required:
                    pytest.fail(f"npm ci failed: {proc.stderr.decode()[-500:]}")
                pytest.skip("the npm registry is not reachable")
    return HERE
