"""The vault's CLI commands as real processes: every command, and clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from vault_helpers import PASSPHRASE


@pytest.fixture
def wallet(tmp_path: Path):
    return wallet_runner(tmp_path / "home", PASSPHRASE)


def test_every_vault_command(wallet, tmp_path: Path, badges) -> None:
    for i in range(3):
        (tmp_path / f"b{i}.json").write_bytes(badges[i])
    added = wallet("add", "--offline", *(str(tmp_path / f"b{i}.json") for i in range(3)))
    assert added.returncode == 0 and added.stdout.count(b"added") == 3
    assert b"Created the profile 'Personal'" in added.stderr and b"passphrase" in added.stderr
    again = wallet("add", "--offline", str(tmp_path / "b0.json"))
    assert b"already in your wallet" in again.stdout

    items = json.loads(wallet("list", "--json").stdout)
    assert len(items) == 3 and all({"id", "name", "issuer", "verified"} <= set(i) for i in items)
    rid = next(i["id"] for i in items if i["name"] == "Badge 1")[:8]

    assert wallet("reflect", rid, "--text", "# Growth\nI grew.").returncode == 0
    (tmp_path / "sample.txt").write_text("work sample")
    assert wallet("attach", rid, str(tmp_path / "sample.txt")).returncode == 0
    assert wallet("attach", rid, "--link", "https://portfolio.example/x").returncode == 0
    assert wallet("tag", rid, "capstone", "2026").returncode == 0
    shown = wallet("show", rid).stdout.decode()
    assert "Growth" in shown and "sample.txt" in shown and "capstone" in shown
    assert "VERIFIED" in shown
    raw = wallet("show", rid, "--json").stdout
    assert raw.rstrip(b"\n") == badges[1].rstrip(b"\n")

    assert b"Badge 1" in wallet("list", "--tag", "capstone").stdout
    assert wallet("delete", rid).returncode == 0
    assert b"Badge 1" not in wallet("list").stdout
    assert wallet("delete", "--undo", rid).returncode == 0
    assert b"Badge 1" in wallet("list").stdout

    out = tmp_path / "export"
    assert wallet("export", rid, "--out", str(out)).returncode == 0
    assert next(out.iterdir()).read_bytes() == badges[1]

    assert wallet("lock").returncode == 0
    locked = wallet("list")
    assert locked.returncode == 1 and b"locked" in locked.stderr
    assert wallet("unlock").returncode == 0 and b"Badge" in wallet("list").stdout

    created = wallet("profile", "create", "Work", "--passphrase")
    assert created.returncode == 0 and b"did:key:" in created.stdout
    profiles = wallet("profile", "list").stdout.decode()
    assert "Personal (default)" in profiles and "Work" in profiles and "passphrase" in profiles
    assert wallet("--profile", "Work", "list").stdout.startswith(b"No credentials yet")
    assert wallet("profile", "use", "Work").returncode == 0
    assert b"No credentials yet" in wallet("list").stdout
    refused = wallet("profile", "delete", "Work")
    assert refused.returncode == 2 and b"--yes" in refused.stderr


def test_clear_errors(wallet, tmp_path: Path) -> None:
    nothing = wallet("list")
    assert nothing.returncode == 2 and b"no profile yet" in nothing.stderr
    (tmp_path / "junk.json").write_text("{not json")
    bad = wallet("add", str(tmp_path / "junk.json"))
    assert bad.returncode == 1 and b"not added" in bad.stderr and b"line 1" in bad.stderr
    missing = wallet("show", "deadbeef")
    assert missing.returncode == 1 and b"No credential with id deadbeef" in missing.stderr
    short = wallet("show", "ab")
    assert b"at least 4" in short.stderr
