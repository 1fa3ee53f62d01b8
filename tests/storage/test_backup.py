"""Backup and restore: into a fresh home, merging without duplicates, refusing damage."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from vault_helpers import PASSPHRASE, make_service

from wallet.errors import BackupError, WrongPassphraseError

# About backups and their key derivation: at production strength.
pytestmark = pytest.mark.usefixtures("production_kdf")


@pytest.fixture
def filled(tmp_path: Path, badges):
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    ids = [svc.credentials.add(b).id for b in badges[:4]]
    svc.credentials.tag(ids[0], add=["capstone"])
    reflection = svc.portfolio.reflect("What I learned", credential_ids=ids[:2])
    svc.portfolio.edit_reflection(reflection.id, "What I learned, revised")
    big = bytes(range(256)) * 2000  # several secretstream chunks
    svc.portfolio.attach_file(io.BytesIO(big), name="big.bin", credential_ids=[ids[1]])
    svc.portfolio.attach_file(io.BytesIO(b"small"), name="small.txt")
    svc.portfolio.attach_link("https://example.org/me", credential_ids=[ids[2]])
    svc.settings.set("language", "ko")
    yield svc, ids, big
    svc.close()


def test_round_trip_into_a_fresh_home(filled, tmp_path: Path, badges) -> None:
    svc, ids, big = filled
    path = tmp_path / "wallet.wbk"
    counts = svc.backups.backup(path, "backup passphrase")
    assert counts["blobs"] == 2
    did = svc.did

    fresh = make_service(tmp_path / "other-machine")
    fresh.profiles.create("Restored", protection="passphrase")
    report = fresh.backups.restore(path, "backup passphrase")
    assert report.added["credential"] == 4 and report.profile_name == "School"
    assert report.skipped == {"settings": 1} or "settings" in report.added
    for rid, raw in zip(ids, badges[:4], strict=True):
        assert fresh.credentials.get(rid).raw == raw  # byte-identical
    assert fresh.credentials.get(ids[0]).summary.tags == ("capstone",)
    (reflection,) = fresh.portfolio.reflections()
    assert reflection.text == "What I learned, revised" and reflection.versions == 2
    artifacts = {a.name: a for a in fresh.portfolio.artifacts()}
    assert b"".join(fresh.portfolio.read_artifact(artifacts["big.bin"].id)) == big
    assert b"".join(fresh.portfolio.read_artifact(artifacts["small.txt"].id)) == b"small"
    assert artifacts["https://example.org/me"].url == "https://example.org/me"
    # The holder key came along and is the profile's key now: the same learner, same DID.
    assert fresh.did == did
    fresh.close()


def test_restoring_twice_adds_nothing(filled, tmp_path: Path) -> None:
    svc, ids, _ = filled
    path = tmp_path / "wallet.wbk"
    svc.backups.backup(path, "backup passphrase")
    report = svc.backups.restore(path, "backup passphrase")  # into the very vault it came from
    assert report.added == {}
    assert svc.credentials.search().total == 4 and len(svc.portfolio.artifacts()) == 3
    assert len(svc.session.open_vault().blob_ids()) == 2


def test_merge_into_a_vault_that_has_some_of_it(filled, tmp_path: Path, badges) -> None:
    svc, ids, _ = filled
    path = tmp_path / "wallet.wbk"
    svc.backups.backup(path, "backup passphrase")
    other = make_service(tmp_path / "other")
    other.profiles.create("Mine", protection="passphrase")
    other.credentials.add(badges[0])  # the same credential, received separately
    other.credentials.add(badges[10])
    report = other.backups.restore(path, "backup passphrase")
    assert report.added["credential"] == 3 and report.skipped["credential"] == 1
    assert other.credentials.search().total == 5
    other.close()


def test_wrong_backup_passphrase(filled, tmp_path: Path) -> None:
    svc, _, _ = filled
    path = tmp_path / "wallet.wbk"
    svc.backups.backup(path, "backup passphrase")
    fresh = make_service(tmp_path / "fresh")
    fresh.profiles.create("R", protection="passphrase")
    with pytest.raises(WrongPassphraseError, match="wrong"):
        fresh.backups.restore(path, "not it at all")
    assert fresh.credentials.search().total == 0
    fresh.close()


@pytest.mark.parametrize(
    "damage", ["flip-early", "flip-late", "truncate", "append", "magic", "header"]
)
def test_corrupted_backup_is_refused_and_nothing_changes(
    filled, tmp_path: Path, damage: str
) -> None:
    svc, _, _ = filled
    path = tmp_path / "wallet.wbk"
    svc.backups.backup(path, "backup passphrase")
    data = bytearray(path.read_bytes())
    if damage == "flip-early":
        data[len(data) // 4] ^= 0x01
    elif damage == "flip-late":
        data[-10] ^= 0x80
    elif damage == "truncate":
        data = data[: len(data) - 200]
    elif damage == "append":
        data += b"extra"
    elif damage == "magic":
        data[0:4] = b"JUNK"
    else:
        data[20:24] = b"\xff\xff\xff\x7f"
    path.write_bytes(bytes(data))
    fresh = make_service(tmp_path / "fresh")
    fresh.profiles.create("R", protection="passphrase")
    vault_dir = fresh.session.open_vault().directory
    with pytest.raises((BackupError, WrongPassphraseError)) as err:
        fresh.backups.restore(path, "backup passphrase")
    assert err.value.message  # a clear sentence
    assert fresh.credentials.search().total == 0 and fresh.portfolio.artifacts() == []
    assert list((vault_dir / "blobs").glob("*/*")) == []  # no orphaned files either
    fresh.close()


def test_short_backup_passphrase_is_refused(filled, tmp_path: Path) -> None:
    svc, _, _ = filled
    with pytest.raises(WrongPassphraseError, match="8 characters"):
        svc.backups.backup(tmp_path / "x.wbk", "short")
    assert not (tmp_path / "x.wbk").exists()


def test_cli_backup_restore(tmp_path: Path, badges) -> None:
    from cli_runner import run_in_process

    env = {"WALLET_HOME": str(tmp_path / "cli-home"), "WALLET_PASSPHRASE": PASSPHRASE}
    (tmp_path / "b.json").write_bytes(badges[7])

    def wallet(*args: str, **extra: str):
        return run_in_process(args, env={**env, **extra})

    assert wallet("add", "--offline", str(tmp_path / "b.json")).returncode == 0
    assert wallet("backup", str(tmp_path / "w.wbk")).returncode == 0
    restored = wallet("restore", str(tmp_path / "w.wbk"), WALLET_HOME=str(tmp_path / "new-home"))
    assert restored.returncode == 0, restored.stderr
    listed = wallet("list", "--json", WALLET_HOME=str(tmp_path / "new-home"))
    import json

    (item,) = json.loads(listed.stdout)
    assert item["name"] == "Badge 7" and item["verified"] is True
    assert {"id", "name", "issuer", "verified"} <= set(item)
