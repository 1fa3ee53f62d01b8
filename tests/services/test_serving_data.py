"""``wallet share-server --data FOLDER``: a folder that is not there is made (parents too); one
that cannot be used is named with the reason. Before: "unexpected error (OperationalError)"."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest
from cli_runner import wallet_runner

from wallet.errors import FolderError
from wallet.services.serving import data_folder, serve_share_service


@pytest.fixture(autouse=True)
def sqlite(monkeypatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)  # the folder matters for SQLite only


def test_a_new_nested_folder_is_made_and_served_from(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "nested" / "shares"
    with serve_share_service(data_dir=folder) as running:
        assert httpx.get(running.url + "/", timeout=10).status_code == 200
    assert (folder / "shares.db").is_file()


def test_a_file_where_the_folder_should_be_is_named(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    with pytest.raises(FolderError, match="a file has that name"):
        serve_share_service(data_dir=taken)
    with pytest.raises(FolderError, match="a file has the name of a folder on its path"):
        data_folder(taken / "below")
    assert taken.read_text() == "not a folder"


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="permissions do not bind the superuser"
)
def test_a_folder_without_permission_is_named(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    try:
        with pytest.raises(FolderError, match="permission denied"):
            data_folder(locked / "shares")
        with pytest.raises(FolderError, match="cannot be written to"):
            data_folder(locked)
    finally:
        locked.chmod(0o700)


def test_the_command_says_why_it_cannot_start(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a folder")
    wallet = wallet_runner(tmp_path / "home", "a pass phrase", timeout=60)
    proc = wallet("share-server", "--data", str(taken / "shares"))
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode == 2, out
    assert "cannot start" in out and "a file has the name of a folder on its path" in out
    assert "unexpected" not in out
