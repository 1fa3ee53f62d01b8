"""The vault under concurrency: several processes on one wallet home at once.

Real processes (``python -m wallet.cli add …``), started together on one empty home: exactly one
profile is created and every add lands; and a vault opened by one process never removes the
temporary file another process is writing.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from vault_helpers import PASSPHRASE, make_service

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WALLET_HOME": str(home),
        "WALLET_PASSPHRASE": PASSPHRASE,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def test_first_use_by_several_processes_at_once(tmp_path: Path, badges) -> None:
    home = tmp_path / "home"
    files = []
    for i in range(PROCESSES):
        path = tmp_path / f"badge{i}.json"
        path.write_bytes(badges[i])
        files.append(path)
    # Start them all, then let them go at once: each waits for the go file to appear.
    go = tmp_path / "go"
    waiter = (
        "import os, sys, time, runpy\n"
        "import wallet.cli, wallet.services\n"
        "print('ready', flush=True)\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.002)\n"
        "sys.argv = ['wallet', *sys.argv[1:]]\n"
        "runpy.run_module('wallet.cli', run_name='__main__')\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", waiter, "add", "--offline", str(path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(home),
        )
        for path in files
    ]
    for p in procs:  # every interpreter started, its imports done, waiting
        assert p.stdout is not None and p.stdout.readline() == b"ready\n"
    go.touch()
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    for code, out, err in results:
        assert code == 0, (out, err)
    profiles = json.loads((home / "profiles.json").read_text("utf-8"))["profiles"]
    assert len(profiles) == 1, profiles
    assert len(list((home / "profiles").iterdir())) == 1  # no half-made second profile
    assert sum(b"Created the profile" in err for _c, _o, err in results) == 1
    svc = make_service(home)
    try:
        names = {s.name for s in svc.credentials.all()}
        assert names == {f"Badge {i}" for i in range(PROCESSES)}
    finally:
        svc.close()


class _SlowSource(io.RawIOBase):
    """A file being attached that arrives slowly: after its first 64 KiB it waits until told
    to go on (the vault's temporary file is open by then)."""

    def __init__(self, started: threading.Event, proceed: threading.Event) -> None:
        self.started, self.proceed = started, proceed
        self.calls = 0

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        self.calls += 1
        if self.calls == 1:
            return b"a" * n
        if self.calls == 2:
            self.started.set()
            assert self.proceed.wait(30)
            return b"b" * 100
        return b""


def test_opening_the_vault_leaves_another_writers_temporary_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    svc = make_service(home)
    svc.profiles.create("School", protection="passphrase")
    started, proceed = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def attach() -> None:
        try:
            outcome["artifact"] = svc.portfolio.attach_file(
                _SlowSource(started, proceed), name="slow.txt"
            )  # type: ignore[arg-type]
        except Exception as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=attach)
    worker.start()
    try:
        assert started.wait(30)
        # Meanwhile another process opens the same vault (e.g. `wallet list`).
        listed = subprocess.run(
            [sys.executable, "-m", "wallet.cli", "list", "--json"],
            capture_output=True,
            env=_env(home),
            timeout=120,
        )
        assert listed.returncode == 0, listed.stderr
    finally:
        proceed.set()
        worker.join(60)
    assert "error" not in outcome, outcome.get("error")
    artifact = outcome["artifact"]
    data = b"".join(svc.portfolio.read_artifact(artifact.id))  # type: ignore[attr-defined]
    assert data == b"a" * 65536 + b"b" * 100
    svc.close()


def test_a_dead_writers_temporary_files_are_removed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    svc = make_service(home)
    svc.profiles.create("School", protection="passphrase")
    directory = svc.session.open_vault().directory
    svc.close()
    # A process that died while writing: its work folder is left, its lock is gone.
    code = (
        "import sys\n"
        "from wallet.storage.vault import Vault\n"
        "from pathlib import Path\n"
        "v = Vault(Path(sys.argv[1]), 'x')\n"
        "(v.tmp_dir / 'half-written').write_bytes(b'x')\n"
        "print(v.tmp_dir.name)\n"
        "import os; os._exit(0)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(directory)],
        capture_output=True,
        env=_env(home),
        timeout=60,
        check=True,
    )
    left = directory / "tmp" / done.stdout.decode().strip()
    assert (left / "half-written").exists()
    svc = make_service(home)
    svc.session.open_vault()
    assert not left.exists()
    svc.close()
