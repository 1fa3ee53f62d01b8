"""The language chosen last is kept beside the profiles, outside the vault, so the unlock
screen speaks it (issue 25: the unlock screen was in English for a Korean learner)."""

from __future__ import annotations

from pathlib import Path

from wallet.services import WalletService


def test_the_language_chosen_last_is_readable_while_locked(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with WalletService(home) as wallet:
        assert wallet.settings.remembered_language() is None
        wallet.profiles.create("Personal", passphrase="correct horse battery")
        wallet.settings.set("language", "ko")
        assert wallet.settings.get("language") == "ko"
    # a new process, every profile locked: the vault is not opened to read it
    with WalletService(home) as locked:
        assert locked.settings.remembered_language() == "ko"
    assert (home / "language").read_text("ascii") == "ko"  # the choice, nothing else


def test_only_a_known_language_is_kept_or_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with WalletService(home) as wallet:
        wallet.profiles.create("Personal", passphrase="correct horse battery")
        wallet.settings.set("language", "\x1b[31mxx")
        assert not (home / "language").exists()
        (home / "language").write_bytes(b"\xff\xfe junk")
        assert wallet.settings.remembered_language() is None


def test_a_fifo_or_a_large_file_in_its_place_is_not_read(tmp_path: Path) -> None:
    import os

    home = tmp_path / "home"
    with WalletService(home) as wallet:
        wallet.profiles.create("Personal", passphrase="correct horse battery")
        os.mkfifo(home / "language")  # reading it would block forever
        assert wallet.settings.remembered_language() is None
        os.unlink(home / "language")
        (home / "language").write_bytes(b"ko" + b" " * 10_000)
        assert wallet.settings.remembered_language() is None
