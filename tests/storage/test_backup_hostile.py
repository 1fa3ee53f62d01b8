"""Restoring a hostile backup: its key settings are checked before any work is spent on them,
a malformed frame is refused with nothing written, and every credential in it is verified
again — what the backup says about a credential (verdict, name, listing) is never believed."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import nacl.pwhash
import pytest
from backup_craft import PASSPHRASE, Frame, decode, encode, header, plaintext_of, write
from factories import badge
from vault_helpers import make_service

from wallet.errors import BackupError, BackupKdfError
from wallet.i18n import t
from wallet.proofs import dataintegrity as di
from wallet.record.report import describe_error
from wallet.services import WalletService
from wallet.storage import crypto

# About backups and their key derivation: at production strength.
pytestmark = pytest.mark.usefixtures("production_kdf")


@pytest.fixture
def fresh(tmp_path: Path):
    svc = make_service(tmp_path / "fresh")
    svc.profiles.create("Fresh", protection="passphrase")
    yield svc
    svc.close()


def _state(svc: WalletService) -> tuple[list, set]:
    vault = svc.session.open_vault()
    return sorted(vault.all_ids()), vault.blob_ids()


# --- key-derivation settings --------------------------------------------------------------


@pytest.mark.parametrize(
    ("kdf", "why"),
    [
        ({"opslimit": 10**6}, "more work"),  # would run for days
        ({"memlimit": 8 * 2**30}, "more work"),  # 8 GiB
        ({"opslimit": 9}, "more work"),
        ({"memlimit": 2**30 + 1}, "more work"),
        ({"opslimit": 2}, "too weak"),
        ({"memlimit": 64 * 2**20}, "too weak"),
        ({"opslimit": "3"}, "whole numbers"),
        ({"memlimit": 268435456.0}, "whole numbers"),
        ({"opslimit": True}, "whole numbers"),
        ({"opslimit": None}, "whole numbers"),
        ({"salt": "00"}, "key settings"),
        ({"salt": ["not", "hex"]}, "key settings"),
        ({"alg": "scrypt"}, "key settings"),
    ],
)
def test_key_settings_are_checked_before_any_derivation(
    fresh, tmp_path: Path, monkeypatch, kdf, why
) -> None:
    calls = []

    def spy(*args, **kwargs):  # Argon2id must not even start
        calls.append(kwargs)
        raise AssertionError("Argon2id ran on settings that should have been refused")

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", spy)
    path = write(
        tmp_path / "crafted.wbk",
        encode([Frame({"t": "end", "records": 0, "blobs": 0})]),
        head=header(kdf),
        key=b"k" * 32,
    )
    before = _state(fresh)
    with pytest.raises(BackupError, match=why) as err:
        fresh.backups.restore(path, PASSPHRASE)
    assert err.value.message and calls == []
    assert _state(fresh) == before


def test_the_bounds_admit_what_the_wallet_writes(fresh, tmp_path: Path, monkeypatch) -> None:
    seen = []

    def spy(size, password, salt, *, opslimit, memlimit):
        seen.append((opslimit, memlimit))
        return b"\1" * size

    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", spy)
    path = write(tmp_path / "b.wbk", b"", head=header({}), key=b"k" * 32)
    with pytest.raises(Exception, match="passphrase is wrong"):  # derived, then checked
        fresh.backups.restore(path, PASSPHRASE)
    assert seen == [(crypto.ARGON_OPSLIMIT, crypto.ARGON_MEMLIMIT)] == [(3, 2**28)]


@pytest.mark.parametrize(
    "kdf",
    [
        {"opslimit": 8, "memlimit": 2**30},  # the vault's ceiling: 7.3 s and 1.1 GB of work
        {"opslimit": 4},
        {"memlimit": 2**28 + 1},
        {"memlimit": 2**30},
    ],
)
def test_settings_above_what_the_wallet_writes_are_refused_before_any_work(
    fresh, tmp_path: Path, monkeypatch, kdf
) -> None:
    """Before: within the vault's ceiling (8 passes over 1 GiB) a header was derived — 7.3 s
    and 1.1 GB — before "the backup's passphrase is wrong"."""
    calls = []
    monkeypatch.setattr(nacl.pwhash.argon2id, "kdf", lambda *a, **k: calls.append(k))
    path = write(tmp_path / "costly.wbk", b"", head=header(kdf), key=b"k" * 32)
    before = _state(fresh)
    with pytest.raises(BackupKdfError) as err:
        fresh.backups.restore(path, PASSPHRASE)
    assert calls == [] and _state(fresh) == before
    assert "than this wallet puts in a backup (3 passes over 256 MiB)" in err.value.message
    assert "refused before any work" in err.value.message
    assert describe_error(err.value, "ko") == t("error.backup_kdf", "ko")
    assert "키 유도" in describe_error(err.value, "ko")


# --- malformed frames ---------------------------------------------------------------------

BLOB_ID = "ab" * 32
RID = "0123456789abcdef0123456789abcdef"


def _record(**overrides) -> dict:
    frame = {
        "t": "record",
        "id": RID,
        "kind": "reflection",
        "meta": {"created": "x"},
        "payload": False,
    }
    for key, value in overrides.items():
        if value is ...:
            frame.pop(key)
        else:
            frame[key] = value
    return frame


@pytest.mark.parametrize(
    "bad",
    [
        _record(kind=...),
        _record(kind=["credential"]),
        _record(kind=""),
        _record(meta=...),
        _record(meta=["not", "an", "object"]),
        _record(meta="text"),
        _record(id=...),
        _record(id=42),
        _record(id="../../etc"),
        _record(payload="yes"),
        _record(kind="artifact", meta={"blob": ["x"]}),
        _record(kind="artifact", meta={"blob": "cd" * 32}),  # no such file in the backup
        {"t": ["record"]},
        {"no type": 1},
        {"t": "blob", "id": {"x": 1}},
        {"t": "profile", "name": {"x": 1}},
        {"t": "end", "records": "1", "blobs": 1},
        {"t": "something else"},
    ],
)
def test_a_malformed_frame_is_refused_and_nothing_is_written(
    fresh, tmp_path: Path, bad: dict
) -> None:
    frames = [
        Frame({"t": "profile", "name": "P"}),
        Frame({"t": "blob", "id": BLOB_ID}, chunks=[b"a file from the backup"]),
        Frame(bad),
        Frame({"t": "end", "records": 1, "blobs": 1}),
    ]
    path = write(tmp_path / "crafted.wbk", encode(frames))
    before = _state(fresh)
    with pytest.raises(BackupError, match="damaged|unknown part|incomplete") as err:
        fresh.backups.restore(path, PASSPHRASE)
    assert err.value.message
    assert _state(fresh) == before  # no record, and no orphaned file either


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,  # too deep for Python's parser
        b"\xff\xfe not UTF-8",
        b'{"raw": 5}',
    ],
)
def test_a_malformed_record_body_is_refused(fresh, tmp_path: Path, body: bytes) -> None:
    frames = [
        Frame({"t": "blob", "id": BLOB_ID}, chunks=[b"a file"]),
        Frame(_record(kind="credential", payload=True), body),
        Frame({"t": "end", "records": 1, "blobs": 1}),
    ]
    path = write(tmp_path / "crafted.wbk", encode(frames))
    before = _state(fresh)
    with pytest.raises(BackupError):
        fresh.backups.restore(path, PASSPHRASE)
    assert _state(fresh) == before


def test_a_frame_nested_too_deeply_is_refused(fresh, tmp_path: Path) -> None:
    import struct

    deep = b'{"t": "record", "meta": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    plaintext = (
        encode([Frame({"t": "blob", "id": BLOB_ID}, chunks=[b"a file"])])
        + struct.pack(">I", len(deep))
        + deep
    )
    path = write(tmp_path / "crafted.wbk", plaintext)
    before = _state(fresh)
    with pytest.raises(BackupError, match="damaged"):
        fresh.backups.restore(path, PASSPHRASE)
    assert _state(fresh) == before


def test_a_holder_key_that_is_not_one_is_refused(fresh, tmp_path: Path) -> None:
    frames = [
        Frame(
            {
                "t": "record",
                "id": RID,
                "kind": "key",
                "payload": True,
                "meta": {"did": "did:key:z6MkForged", "label": "holder"},
            },
            json.dumps({"seed": "11" * 32}).encode(),
        ),
        Frame({"t": "end", "records": 1, "blobs": 0}),
    ]
    path = write(tmp_path / "crafted.wbk", encode(frames))
    did = fresh.did
    with pytest.raises(BackupError, match="holder key"):
        fresh.backups.restore(path, PASSPHRASE)
    assert fresh.did == did


# --- every credential verified again ------------------------------------------------------


def test_restored_credentials_are_verified_again_and_listed_from_their_bytes(
    tmp_path: Path, badges, issuer_key
) -> None:
    source = make_service(tmp_path / "source")
    source.profiles.create("School", protection="passphrase")
    good = source.credentials.add(badges[0]).id
    expired_doc = di.sign(
        badge(issuer_key, name="Expired badge", validUntil="2025-01-01T00:00:00Z"),
        issuer_key.signer(),
    )
    expired = source.credentials.add(json.dumps(expired_doc).encode()).id
    assert source.credentials.get(expired).summary.verdict == "failed"
    will_be_tampered = source.credentials.add(badges[1]).id
    source.credentials.tag(good, add=["capstone"])
    path = tmp_path / "real.wbk"
    source.backups.backup(path, PASSPHRASE)
    source.close()

    # The backup, rewritten by someone who knows its passphrase: every credential's listing
    # says "verified" under a flattering name, and one credential's bytes are altered.
    frames = decode(plaintext_of(path))
    for f in frames:
        if f.header.get("kind") != "credential":
            continue
        f.header["meta"].update(
            {
                "name": "Nobel Prize",
                "issuer_name": "Stockholm",
                "verified": True,
                "verdict": "verified",
                "skills": ["everything"],
            }
        )
        body = json.loads(f.payload)
        body["verification"] = {"verified": True}
        if f.header["id"] == will_be_tampered:
            raw = base64.b64decode(body["raw"]).replace(b"Badge 1", b"Badge X")
            body["raw"] = base64.b64encode(raw).decode()
        f.payload = json.dumps(body).encode()
    crafted = write(tmp_path / "crafted.wbk", encode(frames))

    target = make_service(tmp_path / "target")
    target.profiles.create("Target", protection="passphrase")
    target.trust.add(issuer_key.did, name="Example College")  # the learner's own list
    report = target.backups.restore(crafted, PASSPHRASE)
    assert report.added["credential"] == 2
    (refused,) = report.refused
    assert "Badge X" in refused and "not restored" in refused and "signature" in refused
    listed = {s.id: s for s in target.credentials.all()}
    assert set(listed) == {good, expired}
    assert listed[good].name == "Badge 0" and listed[good].verdict == "verified"
    assert listed[good].issuer_name == "Example College" and listed[good].tags == ("capstone",)
    assert "everything" not in listed[good].skills
    assert listed[expired].name == "Expired badge"
    assert listed[expired].verdict == "failed" and not listed[expired].verified
    detail = target.credentials.get(good)
    assert detail.verification is not None and detail.verification.verified
    assert target.credentials.search(query="nobel").total == 0
    target.close()
