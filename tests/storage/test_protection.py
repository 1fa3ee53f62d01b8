"""Nothing readable on disk, tamper evidence per item, and key protection."""

from __future__ import annotations

import base64
import io
import json
import sqlite3
from pathlib import Path

import keyring
import pytest
from factories import badge
from vault_helpers import PASSPHRASE, make_service, marker

from wallet.errors import (
    BackupError,
    IntegrityError,
    ProfileError,
    VaultError,
    WrongPassphraseError,
)
from wallet.proofs import dataintegrity as di
from wallet.services import WalletService
from wallet.storage import crypto
from wallet.storage.backup import read_header
from wallet.storage.protection import keyring_available

# About the vault's protection and its key derivation: at production strength.
pytestmark = pytest.mark.usefixtures("production_kdf")


def _forms(text: str) -> list[bytes]:
    """A marker as it could appear on disk: plain (UTF-8, UTF-16) or base64 at any offset."""
    raw = text.encode()
    forms = [raw, text.encode("utf-16-le"), text.encode("utf-16-be")]
    for pad in range(3):
        encoded = base64.b64encode(b"\0" * pad + raw)
        forms.append(encoded[4 if pad else 0 :][: len(raw)])  # the stable middle part
        forms.append(base64.urlsafe_b64encode(b"\0" * pad + raw)[4 if pad else 0 :][: len(raw)])
    return forms


def test_no_plaintext_anywhere_under_the_home(tmp_path: Path, issuer_key) -> None:
    home = tmp_path / "home"
    svc = make_service(home)
    svc.profiles.create("School", protection="passphrase")
    markers = []
    for _ in range(3):
        m_name, m_skill, m_refl, m_file, m_link = (marker() for _ in range(5))
        markers += [m_name, m_skill, m_refl, m_file, m_link]
        doc = badge(issuer_key, name=f"Badge {m_name}")
        doc["credentialSubject"]["achievement"]["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": m_skill,
                "targetType": "CFItem",
                "targetUrl": "https://case.example/CFItems/1",
            }
        ]
        rid = svc.credentials.add(json.dumps(di.sign(doc, issuer_key.signer())).encode()).id
        svc.credentials.tag(rid, add=[marker()])
        svc.portfolio.reflect(f"My reflection {m_refl}", credential_ids=[rid])
        svc.portfolio.attach_file(
            io.BytesIO(f"file content {m_file}".encode() * 50),
            name="notes.txt",
            credential_ids=[rid],
        )
        svc.portfolio.attach_link(f"https://portfolio.example/{m_link}", credential_ids=[rid])
    svc.credentials.search(query="badge")  # the index lives in memory only
    backup = tmp_path / "elsewhere.wbk"
    svc.backups.backup(backup)
    # Inspect while the vault is still open (WAL and shared-memory files present) and after.
    for phase in ("open", "closed"):
        files = [p for p in home.rglob("*") if p.is_file()] + [backup]
        assert any(p.name.endswith("-wal") for p in files) or phase == "closed"
        for path in files:
            data = path.read_bytes()
            for m in markers:
                for form in _forms(m):
                    assert form not in data, f"{m} readable in {path.name} ({phase})"
        svc.close()


def _flip_meta_byte(db_path: Path, rid: str) -> None:
    db = sqlite3.connect(db_path)
    (meta,) = db.execute("SELECT meta FROM records WHERE id=?", (rid,)).fetchone()
    damaged = bytearray(meta)
    damaged[len(damaged) // 2] ^= 0x01
    db.execute("UPDATE records SET meta=? WHERE id=?", (bytes(damaged), rid))
    db.commit()
    db.close()


def test_a_flipped_byte_in_one_record_affects_only_that_record(tmp_path: Path, badges) -> None:
    home = tmp_path / "home"
    svc = make_service(home)
    svc.profiles.create("School", protection="passphrase")
    ids = [svc.credentials.add(b).id for b in badges[:5]]
    db_path = svc.session.open_vault().directory / "vault.db"
    svc.close()
    _flip_meta_byte(db_path, ids[2])
    svc = make_service(home)
    page = svc.credentials.search(query="badge")  # the rest of the vault opens
    assert page.total == 4 and ids[2] not in {s.id for s in page.items}
    assert svc.credentials.damaged() == [ids[2]]
    with pytest.raises(IntegrityError, match=ids[2][:8]):
        svc.credentials.get(ids[2])
    assert svc.credentials.get(ids[3]).raw == badges[3]
    svc.close()


def test_swapping_ciphertexts_between_records_is_detected(tmp_path: Path, badges) -> None:
    home = tmp_path / "home"
    svc = make_service(home)
    svc.profiles.create("School", protection="passphrase")
    a, b = (svc.credentials.add(x).id for x in badges[:2])
    db_path = svc.session.open_vault().directory / "vault.db"
    svc.close()
    db = sqlite3.connect(db_path)
    body_a = db.execute("SELECT body FROM records WHERE id=?", (a,)).fetchone()[0]
    db.execute("UPDATE records SET body=? WHERE id=?", (body_a, b))
    db.commit()
    db.close()
    svc = make_service(home)
    with pytest.raises(IntegrityError):
        svc.credentials.get(b)
    assert svc.credentials.get(a).raw == badges[0]
    svc.close()


def test_a_flipped_byte_in_a_blob_affects_only_that_file(service, badges) -> None:
    rid = service.credentials.add(badges[0]).id
    one = service.portfolio.attach_file(
        io.BytesIO(b"first file " * 1000), name="a.txt", credential_ids=[rid]
    )
    two = service.portfolio.attach_file(
        io.BytesIO(b"second file " * 1000), name="b.txt", credential_ids=[rid]
    )
    vault = service.session.open_vault()
    blob = next(
        p for p in (vault.directory / "blobs").glob("*/*") if p.name == vault.get(one.id)[1]["blob"]
    )
    data = bytearray(blob.read_bytes())
    data[100] ^= 0x40
    blob.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match="damaged"):
        b"".join(service.portfolio.read_artifact(one.id))
    assert b"".join(service.portfolio.read_artifact(two.id)) == b"second file " * 1000
    assert service.credentials.get(rid).summary.name == "Badge 0"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    db_path = svc.session.open_vault().directory / "vault.db"
    svc.close()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA user_version=99")
    db.commit()
    db.close()
    with pytest.raises(VaultError, match="newer version"):
        make_service(tmp_path / "home").credentials.search()


def test_passphrase_fallback_with_no_keyring_backend_at_all(tmp_path: Path, badges) -> None:
    """The autouse fixture has installed keyring's `fail` backend: no keyring whatsoever."""
    assert keyring_available() == (False, "no OS keyring is available")
    svc = make_service(tmp_path / "home")
    info = svc.profiles.create("Auto")  # protection="auto"
    assert svc.profiles.protection == "passphrase" and info.name == "Auto"
    assert "passphrase" in svc.profiles.describe_protection()
    svc.credentials.add(badges[0])
    svc.close()
    nothing = type(svc)(tmp_path / "home", passphrase_source=lambda _w: None)
    with pytest.raises(VaultError, match="passphrase"):
        nothing.credentials.search()
    nothing.close()
    # Asking for the keyring where there is none is a clear error, not a plaintext fallback.
    other = make_service(tmp_path / "home2")
    with pytest.raises(VaultError, match="keyring"):
        other.profiles.create("K", protection="keyring")
    assert other.profiles.all() == []
    assert not any((tmp_path / "home2").rglob("*.key"))


def test_never_a_plaintext_key_file(tmp_path: Path) -> None:
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    seed = svc.profiles.holder_key().seed
    svc.close()
    for path in (tmp_path / "home").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert seed not in data and seed.hex().encode() not in data
            assert base64.b64encode(seed)[:40] not in data


def test_profile_requires_passphrase_when_none_given(tmp_path: Path) -> None:
    svc = type(make_service(tmp_path))(tmp_path / "h", passphrase_source=lambda _w: None)
    with pytest.raises(ProfileError, match="passphrase"):
        svc.profiles.create("School", protection="passphrase")


@pytest.mark.keyring
def test_real_os_keyring(tmp_path: Path, badges, require_real_keyring) -> None:
    """Against the real Secret Service (gnome-keyring in a dbus session, set up by
    scripts/test): the key lives in the keyring, the vault opens without a passphrase in a new
    service, rotation replaces the keyring entry, and deleting the profile removes it."""
    from wallet.storage.protection import KeyringStore

    store = KeyringStore(service=f"learner-wallet-test-{tmp_path.name}")
    svc = make_service(tmp_path / "home", keyring_store=store)
    svc.profiles.create("School", protection="keyring")
    assert svc.profiles.protection == "keyring"
    assert "OS keyring" in svc.profiles.describe_protection()
    rid = svc.credentials.add(badges[0]).id
    user = svc.session.open_vault().wrapping().keyring_user
    assert keyring.get_password(store.service, user) is not None
    svc.close()

    again = type(svc)(
        tmp_path / "home", keyring_store=store, passphrase_source=lambda _w: None
    )  # no passphrase needed
    assert again.credentials.get(rid).raw == badges[0]
    again.profiles.rotate_key()
    new_user = again.session.open_vault().wrapping().keyring_user
    assert new_user != user and keyring.get_password(store.service, user) is None
    again.profiles.change_passphrase("a passphrase now")  # switch to passphrase protection
    assert again.profiles.protection == "passphrase"
    assert keyring.get_password(store.service, new_user) is None
    again.profiles.use_keyring()
    assert again.profiles.protection == "keyring"
    last_user = again.session.open_vault().wrapping().keyring_user
    again.profiles.delete("School")
    assert keyring.get_password(store.service, last_user) is None


@pytest.mark.keyring
def test_keyring_entry_lost_is_a_clear_error(tmp_path: Path, badges, require_real_keyring) -> None:
    from wallet.errors import KeyringError
    from wallet.storage.protection import KeyringStore

    store = KeyringStore(service=f"learner-wallet-test-{tmp_path.name}")
    svc = make_service(tmp_path / "home", keyring_store=store)
    svc.profiles.create("School", protection="keyring")
    svc.credentials.add(badges[0])
    user = svc.session.open_vault().wrapping().keyring_user
    svc.close()
    keyring.delete_password(store.service, user)
    lost = make_service(tmp_path / "home", keyring_store=store)
    with pytest.raises(KeyringError, match="missing from the OS keyring"):
        lost.credentials.search()
    lost.close()


# --- the key derivation's cost: production strength unless the test switch is on -------------


@pytest.mark.parametrize(
    ("env", "weak"),
    [
        ({}, False),
        ({"WALLET_TEST_KDF": "minimum"}, False),  # the switch alone does nothing
        ({"WALLET_TESTING": "1"}, False),
        ({"WALLET_TESTING": "true", "WALLET_TEST_KDF": "minimum"}, False),
        ({"WALLET_TESTING": "1", "WALLET_TEST_KDF": "interactive"}, False),
        ({"WALLET_TESTING": "1", "WALLET_TEST_KDF": "minimum"}, True),
    ],
)
def test_only_the_explicit_test_switch_lowers_the_cost(
    monkeypatch, tmp_path: Path, env, weak: bool
) -> None:
    monkeypatch.delenv("WALLET_TESTING", raising=False)
    monkeypatch.delenv("WALLET_TEST_KDF", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert crypto.kdf_cost_from_environment() == (crypto.TEST_MINIMUM if weak else crypto.MODERATE)
    svc = WalletService(tmp_path / "home", passphrase_source=lambda _why: PASSPHRASE)
    svc.profiles.create("School", protection="passphrase")
    wrapping = svc.session.open_vault().wrapping()
    assert (wrapping.opslimit, wrapping.memlimit) == ((1, 8192) if weak else (3, 2**28))
    svc.close()


def test_a_real_wallet_refuses_a_test_strength_vault_and_backup(tmp_path: Path, badges) -> None:
    """What the test switch writes, a wallet without it never accepts: not the vault's key,
    not a backup. A test wallet reads what a real one writes (its floor is lower)."""
    weak = make_service(tmp_path / "weak", kdf=crypto.TEST_MINIMUM)
    weak.profiles.create("School", protection="passphrase")
    weak.credentials.add(badges[0])
    weak.backups.backup(tmp_path / "weak.wbk", "backup passphrase")
    header, _ = read_header(io.BytesIO((tmp_path / "weak.wbk").read_bytes()))
    assert (header["kdf"]["opslimit"], header["kdf"]["memlimit"]) == (1, 8192)
    weak.close()

    real = make_service(tmp_path / "weak")  # the same home, at production strength
    with pytest.raises(WrongPassphraseError, match="too weak to trust"):
        real.credentials.search()
    real.close()
    strong = make_service(tmp_path / "strong")
    strong.profiles.create("School", protection="passphrase")
    with pytest.raises(BackupError, match="too weak to trust"):
        strong.backups.restore(tmp_path / "weak.wbk", "backup passphrase")
    assert strong.credentials.search().total == 0
    strong.backups.backup(tmp_path / "strong.wbk", "backup passphrase")
    strong.close()

    test_wallet = make_service(tmp_path / "strong", kdf=crypto.TEST_MINIMUM)
    assert test_wallet.credentials.search().total == 0  # opens the production vault
    test_wallet.credentials.add(badges[1])
    report = make_service(tmp_path / "weak", kdf=crypto.TEST_MINIMUM).backups.restore(
        tmp_path / "strong.wbk", "backup passphrase"
    )
    assert report.profile_name == "School"
    test_wallet.close()
