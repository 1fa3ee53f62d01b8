"""Property-based fuzzing of restore: random corruptions of a real backup, and random frames
inside a properly encrypted stream. Whatever the bytes, restore either merges or raises a
named error (:class:`BackupError`, :class:`WrongPassphraseError`) — never anything else — and a
refused file leaves the vault exactly as it was.

Argon2id is replaced by a memo for speed: the real derivation runs once for the backup's own
settings; any other settings (a corrupted header) get a key that is simply wrong. What is
fuzzed is the parser behind the key, and the stream cipher stays the real one."""

from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path
from unittest import mock

import pytest
from backup_craft import PASSPHRASE, SALT, Frame, encode, moderate_key, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vault_helpers import make_service

from wallet.errors import BackupError, WrongPassphraseError
from wallet.storage import crypto

# About backups and their key derivation: at production strength.
pytestmark = pytest.mark.usefixtures("production_kdf")

real_kdf = crypto.kdf_passphrase


def _fast_kdf(
    passphrase: str,
    salt: bytes,
    opslimit: int = crypto.ARGON_OPSLIMIT,
    memlimit: int = crypto.ARGON_MEMLIMIT,
    *,
    floor: crypto.KdfCost = crypto.MODERATE,
) -> bytes:
    assert floor == crypto.MODERATE  # a wallet at production strength
    problem = crypto.check_kdf_limits(opslimit, memlimit, floor)
    if problem:  # the bounds stay real
        raise AssertionError(f"derivation reached with unusable settings: {problem}")
    if (
        passphrase == PASSPHRASE
        and salt == SALT
        and (opslimit, memlimit) == (crypto.ARGON_OPSLIMIT, crypto.ARGON_MEMLIMIT)
    ):
        return moderate_key()
    return hashlib.blake2b(
        repr((passphrase, salt, opslimit, memlimit)).encode(), digest_size=32
    ).digest()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory, badges):
    """A real backup's bytes (records, two blobs, a credential), and a wallet to restore into."""
    root = tmp_path_factory.mktemp("fuzz")
    source = make_service(root / "source", kdf=crypto.MODERATE)  # module-scoped: explicit
    source.profiles.create("Source", protection="passphrase")
    source.credentials.add(badges[0])
    source.portfolio.reflect("Fuzzing", credential_ids=[])
    import io

    source.portfolio.attach_file(io.BytesIO(b"x" * 70_000), name="big.bin")
    frames = [Frame({"t": "profile", "name": "Source"})]
    vault = source.session.open_vault()
    for blob_id in sorted(vault.blob_ids()):
        frames.append(Frame({"t": "blob", "id": blob_id}, chunks=list(vault.read_blob(blob_id))))
    records = 0
    for rid, _kind in vault.all_ids():
        kind, meta, body = vault.get(rid)
        frames.append(
            Frame(
                {"t": "record", "id": rid, "kind": kind, "meta": meta, "payload": body is not None},
                json.dumps(body).encode() if body is not None else None,
            )
        )
        records += 1
    frames.append(Frame({"t": "end", "records": records, "blobs": len(vault.blob_ids())}))
    source.close()
    good = write(root / "good.wbk", encode(frames)).read_bytes()
    into = make_service(root / "target", kdf=crypto.MODERATE)
    into.profiles.create("Target", protection="passphrase")
    yield good, into, root
    into.close()


def _snapshot(svc) -> tuple:
    vault = svc.session.open_vault()
    return sorted(vault.all_ids()), vault.blob_ids()


def _restore(svc, root: Path, data: bytes) -> None:
    path = root / "fuzzed.wbk"
    path.write_bytes(data)
    before = _snapshot(svc)
    try:
        svc.backups.restore(path, PASSPHRASE)
    except (BackupError, WrongPassphraseError) as exc:
        assert exc.message
        assert _snapshot(svc) == before
        return
    # merged: nothing that was there is gone
    after = _snapshot(svc)
    assert set(before[0]) <= set(after[0]) and before[1] <= after[1]


@st.composite
def corruptions(draw: st.DrawFn, size: int) -> list[tuple[str, int, bytes]]:
    ops = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "cut", "insert", "overwrite"]))
        at = draw(st.integers(0, size))
        ops.append((kind, at, draw(st.binary(min_size=1, max_size=40))))
    return ops


def _apply(data: bytes, ops: list[tuple[str, int, bytes]]) -> bytes:
    out = bytearray(data)
    for kind, at, blob in ops:
        at = min(at, len(out))
        if kind == "flip" and out:
            out[min(at, len(out) - 1)] ^= blob[0] or 1
        elif kind == "cut":
            del out[at : at + len(blob) * 97]
        elif kind == "insert":
            out[at:at] = blob
        else:
            out[at : at + len(blob)] = blob
    return bytes(out)


def test_corrupted_backup_bytes(target) -> None:
    good, svc, root = target

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        # Most damage in the first bytes (magic, header, first chunk), some anywhere.
        limit = data.draw(st.sampled_from([400, len(good)]))
        _restore(svc, root, _apply(good, data.draw(corruptions(limit))))

    with mock.patch.object(crypto, "kdf_passphrase", _fast_kdf):
        _restore(svc, root, good)  # the uncorrupted file restores
        run()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.text(max_size=20)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
hex_ids = st.sampled_from(["ab" * 32, "0123456789abcdef" * 2, "zz", "", "AB" * 32])
kinds = st.sampled_from(
    ["credential", "key", "reflection", "artifact", "settings", "framework", "x" * 40, "Cred!"]
)


@st.composite
def frames(draw: st.DrawFn) -> bytes:
    out = bytearray()
    for _ in range(draw(st.integers(0, 6))):
        t = (
            draw(st.sampled_from(["profile", "blob", "record", "record", "end", "junk"]))
            if draw(st.integers(0, 9))
            else draw(json_values)
        )
        head = draw(
            st.dictionaries(
                st.sampled_from(["id", "kind", "meta", "payload", "name", "records", "blobs"]),
                json_values,
                max_size=4,
            )
        )
        head["t"] = t
        if t == "record" and draw(st.integers(0, 3)):
            head.update(
                id=draw(hex_ids),
                kind=draw(kinds),
                meta=draw(
                    st.dictionaries(
                        st.sampled_from(["blob", "did", "name"]), json_values | hex_ids, max_size=3
                    )
                ),
                payload=draw(st.booleans()),
            )
        if t == "blob" and draw(st.booleans()):
            head["id"] = draw(hex_ids)
        encoded = json.dumps(head).encode()
        if draw(st.integers(0, 9)):
            out += struct.pack(">I", len(encoded)) + encoded
        else:  # a lying length
            out += struct.pack(">I", draw(st.integers(0, 2**32 - 1))) + encoded
        if t == "record" and head.get("payload") is True:
            body = draw(
                st.sampled_from(
                    [b"{}", b'{"raw": "!!"}', b'{"seed": "00"}', b"[", b"\xff", b'{"raw": "eyJ9"}']
                )
                | st.binary(max_size=30)
            )
            length = draw(st.sampled_from([len(body)] * 4 + [2**64 - 1, 0]))
            out += struct.pack(">Q", length) + body
        if t == "blob":
            for chunk in draw(st.lists(st.binary(max_size=50), max_size=3)):
                length = draw(st.sampled_from([len(chunk)] * 4 + [2**32 - 1]))
                out += struct.pack(">I", length) + chunk
            if draw(st.integers(0, 5)):
                out += struct.pack(">I", 0)
    if draw(st.booleans()):
        out += encode(
            [
                Frame(
                    {
                        "t": "end",
                        "records": draw(st.integers(0, 3)),
                        "blobs": draw(st.integers(0, 3)),
                    }
                )
            ]
        )
    return bytes(out)


@pytest.mark.parametrize("did", [[], {"id": "did:key:z6Mk"}, 7])
def test_a_holder_key_whose_did_is_not_text_is_a_damaged_file(target, did) -> None:
    """Found by the fuzzing below: a key record's ``did`` as a list or an object was looked up
    in a set (TypeError: unhashable) instead of being refused as damage."""
    _good, svc, root = target
    frame = Frame(
        {"t": "record", "id": "ab" * 32, "kind": "key", "meta": {"did": did}, "payload": False}
    )
    with (
        mock.patch.object(crypto, "kdf_passphrase", _fast_kdf),
        pytest.raises(BackupError, match="holder key"),
    ):
        svc.backups.restore(write(root / "odd-key.wbk", encode([frame])), PASSPHRASE)


def test_random_frames_in_an_authentic_stream(target) -> None:
    _good, svc, root = target

    @settings(
        max_examples=200,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(frames())
    def run(plaintext: bytes) -> None:
        _restore(svc, root, write(root / "crafted.wbk", plaintext).read_bytes())

    with mock.patch.object(crypto, "kdf_passphrase", _fast_kdf):
        run()
