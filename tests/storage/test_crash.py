"""Kill a process that is adding credentials, at random moments: the vault must always open,
hold every record whose add had returned, and no half-written record."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import badge
from vault_helpers import PASSPHRASE, make_service

from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di

TRIALS = 20
CREDENTIALS = 1000
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def credentials_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[bytes]]:
    key = Ed25519KeyPair.generate()
    lines = []
    for i in range(CREDENTIALS):
        doc = badge(key, name=f"Crash test badge {i}")
        lines.append(json.dumps(di.sign(doc, key.signer()), separators=(",", ":")).encode())
    path = tmp_path_factory.mktemp("crash") / "credentials.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path, lines


@pytest.mark.slow  # 20 child processes, each adding up to 1,000 credentials until killed
@pytest.mark.timeout(1200)  # (about 90 s on an idle 2-core machine; minutes under load)
def test_sigkill_at_random_moments(tmp_path: Path, credentials_file) -> None:
    path, lines = credentials_file
    rng = random.Random(20261124)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    killed_mid_run = 0
    for trial in range(TRIALS):
        home = tmp_path / f"home{trial}"
        setup = make_service(home)
        setup.profiles.create("Crash", protection="passphrase")
        setup.close()
        child = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("crash_child.py")),
                str(home),
                str(path),
                PASSPHRASE,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready", child.stderr.read()
        # Kill after a random number of returned adds, plus a random fraction of an add, so
        # that the kills land everywhere: before, inside and between transactions.
        wait_for = rng.randrange(0, CREDENTIALS - 1)
        lines_seen = [child.stdout.readline() for _ in range(wait_for)]
        time.sleep(rng.uniform(0.0, 0.006))
        child.send_signal(signal.SIGKILL)
        # Read the rest through the same buffered reader: communicate() reads the raw pipe and
        # would drop lines readline() had already buffered but not yet handed back.
        out = child.stdout.read()
        child.wait(timeout=60)
        assert child.stderr is not None
        child.stderr.close()
        reported = [
            line.split() for line in (b"".join(lines_seen) + out).decode().splitlines() if line
        ]
        finished = reported and reported[-1] == ["done"]
        returned = {int(i): rid for i, rid in (r for r in reported if len(r) == 2)}
        killed_mid_run += not finished

        # The database is intact and opens...
        db = sqlite3.connect(next((home / "profiles").glob("*")) / "vault.db")
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        db.close()
        svc = make_service(home)
        # ...every add that returned is there, byte for byte...
        for index, rid in returned.items():
            assert svc.credentials.get(rid).raw == lines[index], (trial, index)
        # ...and nothing is half-written: every record decrypts; at most one more record than
        # reported (an add that committed just before the kill, not yet printed).
        assert svc.credentials.damaged() == []
        total = svc.credentials.search(query="crash").total
        assert len(returned) <= total <= len(returned) + 1, (trial, len(returned), total)
        svc.close()
    assert killed_mid_run == TRIALS  # every kill landed while adds were under way
