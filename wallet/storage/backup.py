"""Backup and restore: one portable, passphrase-protected, versioned file per profile.

The format is documented in ``docs/backup-format.md``. In short: a plaintext header (format
version, Argon2id parameters, a key check) followed by one libsodium secretstream
(XChaCha20-Poly1305, 64 KiB chunks, the header as associated data of the first chunk) whose
plaintext is a sequence of frames — the profile, every blob, every record (decrypted from the
vault and re-encrypted only by the stream), and an end frame with counts. Everything is in it,
holder keys included, so it restores on another machine.

Restoring merges: what the vault has already (the same credential, the same record, the same
holder key) is skipped, so restoring twice adds nothing. A damaged, truncated or foreign file is
refused with :class:`~wallet.errors.BackupError` and the vault is left as it was.

A backup is input like any other: its key-derivation settings must be the ones the wallet itself
writes (Argon2id at libsodium's moderate limits: 3 passes over 256 MiB) — anything costlier is
refused with :class:`~wallet.errors.BackupKdfError` before any work is spent on it (the vault's
own ceiling, 8 passes over 1 GiB, cost 7.3 s and 1.1 GB before "wrong passphrase"); every
frame is checked for its shape before anything is written, and the caller's ``admit`` hook sees
every record before it is stored (the services verify each credential again there and rebuild
its listing from its bytes).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

import nacl.exceptions
from nacl import bindings as sodium

from wallet import __version__
from wallet.credential import load_json
from wallet.errors import BackupError, BackupKdfError, InputError, WalletError, WrongPassphraseError
from wallet.storage import crypto
from wallet.storage.vault import Vault

__all__ = [
    "FORMAT_VERSION",
    "MAGIC",
    "Admit",
    "RestoreReport",
    "read_header",
    "restore",
    "write_backup",
]

MAGIC = b"LWALLET-BACKUP\n"
FORMAT_VERSION = 1
_MAX_HEADER = 64 * 1024
_MAX_FRAME_HEADER = 64 * 1024 * 1024
_MAX_PAYLOAD = 256 * 1024 * 1024  # a record's body (a CASE framework may be tens of MiB)
_SALT_BYTES = 16
_CIPHER = "xchacha20poly1305-secretstream"
_RECORD_ID = re.compile(r"[0-9a-f]{4,64}")
_BLOB_ID = re.compile(r"[0-9a-f]{64}")
_KIND = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


def _key_check(key: bytes) -> str:
    return hashlib.blake2b(b"key-check", key=key, digest_size=16).hexdigest()


class _Writer:
    """Buffers plaintext and pushes it through secretstream in fixed-size chunks."""

    def __init__(self, sink: BinaryIO, key: bytes, header: bytes) -> None:
        self.sink = sink
        self.state = sodium.crypto_secretstream_xchacha20poly1305_state()
        sink.write(sodium.crypto_secretstream_xchacha20poly1305_init_push(self.state, key))
        self.buffer = bytearray()
        self.associated: bytes | None = header

    def write(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) > crypto.CHUNK:
            self._push(bytes(self.buffer[: crypto.CHUNK]), _TAG_MESSAGE)
            del self.buffer[: crypto.CHUNK]

    def _push(self, chunk: bytes, tag: int) -> None:
        self.sink.write(
            sodium.crypto_secretstream_xchacha20poly1305_push(
                self.state, chunk, self.associated, tag
            )
        )
        self.associated = None

    def close(self) -> None:
        self._push(bytes(self.buffer), _TAG_FINAL)
        self.buffer.clear()

    def frame(self, header: dict[str, Any], payload: bytes | None = None) -> None:
        encoded = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode()
        self.write(struct.pack(">I", len(encoded)) + encoded)
        if payload is not None:
            self.write(struct.pack(">Q", len(payload)) + payload)


class _Reader:
    """Pulls and authenticates secretstream chunks; exact reads across chunk boundaries."""

    def __init__(self, source: BinaryIO, key: bytes, header: bytes) -> None:
        self.source = source
        self.state = sodium.crypto_secretstream_xchacha20poly1305_state()
        stream_header = source.read(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
        try:
            sodium.crypto_secretstream_xchacha20poly1305_init_pull(self.state, stream_header, key)
        except (nacl.exceptions.CryptoError, ValueError):
            raise BackupError("the backup file is damaged (its stream header)") from None
        self.buffer = bytearray()
        self.associated: bytes | None = header
        self.finished = False

    def _pull(self) -> None:
        if self.finished:
            raise BackupError("the backup file is damaged (it ends too early)")
        block = self.source.read(crypto.CHUNK + _ABYTES)
        if not block:
            raise BackupError("the backup file is truncated")
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                self.state, block, self.associated
            )
        except (nacl.exceptions.CryptoError, ValueError):
            raise BackupError("the backup file is damaged or was altered") from None
        self.associated = None
        self.buffer += plain
        if tag == _TAG_FINAL:
            self.finished = True
            if self.source.read(1):
                raise BackupError("the backup file has data after its end")

    def finish(self) -> None:
        """Read to the authenticated end of the stream; no plaintext may be left over."""
        while not self.finished:
            self._pull()
        if self.buffer:
            raise BackupError("the backup file has data after its end")

    def read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            self._pull()
        out = bytes(self.buffer[:n])
        del self.buffer[:n]
        return out

    def frame(self) -> tuple[dict[str, Any], int | None]:
        (length,) = struct.unpack(">I", self.read(4))
        if length > _MAX_FRAME_HEADER:
            raise BackupError("the backup file is damaged (an absurd frame)")
        try:
            header = json.loads(self.read(length))
        except ValueError:
            raise BackupError("the backup file is damaged (a frame is not JSON)") from None
        except RecursionError:
            raise BackupError("the backup file is damaged (a frame nested too deeply)") from None
        if not isinstance(header, dict) or not isinstance(header.get("t"), str):
            raise BackupError("the backup file is damaged (a frame without a type)")
        payload_length = None
        if header.get("payload") is True:
            (payload_length,) = struct.unpack(">Q", self.read(8))
            if payload_length > _MAX_PAYLOAD:
                raise BackupError("the backup file is damaged (an absurd record)")
        return header, payload_length


class _BlobChunks:
    """A file-like view of a blob frame's payload: length-prefixed chunks ending with an
    empty one (so blobs of any size stream through without being held in memory)."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.pending = b""
        self.done = False

    def read(self, n: int = -1) -> bytes:
        while not self.done and (n < 0 or len(self.pending) < n):
            (length,) = struct.unpack(">I", self.reader.read(4))
            if length == 0:
                self.done = True
            elif length > crypto.CHUNK * 4:
                raise BackupError("the backup file is damaged (an absurd chunk)")
            else:
                self.pending += self.reader.read(length)
        n = len(self.pending) if n < 0 else n
        out, self.pending = self.pending[:n], self.pending[n:]
        return out


def read_header(source: BinaryIO) -> tuple[dict[str, Any], bytes]:
    magic = source.read(len(MAGIC))
    if magic != MAGIC:
        raise BackupError("this is not a wallet backup file")
    raw_len = source.read(4)
    if len(raw_len) != 4:
        raise BackupError("the backup file is truncated")
    (length,) = struct.unpack(">I", raw_len)
    if length > _MAX_HEADER:
        raise BackupError("the backup file is damaged (its header)")
    raw = source.read(length)
    try:
        header = load_json(raw, what="the backup file's header")
    except InputError:
        raise BackupError("the backup file is damaged (its header is not JSON)") from None
    if not isinstance(header, dict):
        raise BackupError("the backup file is damaged (its header)")
    if header.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"this backup has format {header.get('format')!r}; this version of "
            f"the app reads format {FORMAT_VERSION}"
        )
    return header, MAGIC + raw_len + raw


def write_backup(vault: Vault, path: Path, passphrase: str, *, profile_name: str) -> dict[str, int]:
    """Write everything in ``vault`` to ``path`` (atomically); returns counts."""
    if not passphrase or len(passphrase) < 8:
        raise WrongPassphraseError("a backup passphrase needs at least 8 characters")
    salt = os.urandom(16)
    cost = vault.kdf  # libsodium's moderate limits (the minimum only in a test wallet)
    key = crypto.kdf_passphrase(passphrase, salt, cost.opslimit, cost.memlimit, floor=cost)
    header = {
        "format": FORMAT_VERSION,
        "app": f"learner-wallet {__version__}",
        "created": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "kdf": {
            "alg": "argon2id13",
            "salt": salt.hex(),
            "opslimit": cost.opslimit,
            "memlimit": cost.memlimit,
        },
        "cipher": "xchacha20poly1305-secretstream",
        "chunk": crypto.CHUNK,
        "key_check": _key_check(key),
    }
    encoded = json.dumps(header).encode()
    prefix = MAGIC + struct.pack(">I", len(encoded)) + encoded
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    counts = {"records": 0, "blobs": 0}
    try:
        with open(tmp, "wb") as sink:
            sink.write(prefix)
            writer = _Writer(sink, key, prefix)
            writer.frame({"t": "profile", "name": profile_name})
            for blob_id in sorted(vault.blob_ids()):
                writer.frame({"t": "blob", "id": blob_id})
                for chunk in vault.read_blob(blob_id):
                    writer.write(struct.pack(">I", len(chunk)) + chunk)
                writer.write(struct.pack(">I", 0))
                counts["blobs"] += 1
            for rid, _kind in vault.all_ids():
                kind_, meta, body = vault.get(rid)
                payload = (
                    json.dumps(body, ensure_ascii=False).encode() if body is not None else None
                )
                writer.frame(
                    {
                        "t": "record",
                        "id": rid,
                        "kind": kind_,
                        "meta": meta,
                        "payload": payload is not None,
                    },
                    payload,
                )
                counts["records"] += 1
            writer.frame({"t": "end", **counts})
            writer.close()
            sink.flush()
            os.fsync(sink.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return counts


@dataclass
class RestoreReport:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    profile_name: str = ""
    refused: list[str] = field(default_factory=list)  # why each record left out was refused

    def count(self, table: dict[str, int], kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1


Admit = Callable[[str, dict[str, Any], Any], tuple[dict[str, Any], Any]]
"""The caller's say on a record about to be restored: ``admit(kind, meta, body)`` returns the
``(meta, body)`` to store (e.g. rebuilt from what the record holds), raises
:class:`~wallet.errors.InputError` to leave this record out (the reason goes to
:attr:`RestoreReport.refused`), or :class:`~wallet.errors.BackupError` to refuse the backup."""


def _mib(size: int) -> str:
    return f"{size // 2**20:,} MiB" if size % 2**20 == 0 else f"{size:,} bytes"


def _kdf_settings(
    header: dict[str, Any], floor: crypto.KdfCost = crypto.MODERATE
) -> tuple[bytes, int, int]:
    """The salt and Argon2id limits of a backup's header: at most what :func:`write_backup`
    writes (:data:`~wallet.storage.crypto.ARGON_OPSLIMIT`,
    :data:`~wallet.storage.crypto.ARGON_MEMLIMIT`) and within the bounds of
    :func:`~wallet.storage.crypto.check_kdf_limits` (at least ``floor``, the vault's own
    cost) — checked before any work is spent."""
    kdf = header.get("kdf")
    if not isinstance(kdf, dict) or kdf.get("alg") != "argon2id13":
        raise BackupError("the backup file is damaged (its key settings)")
    salt_hex = kdf.get("salt")
    if not isinstance(salt_hex, str) or not re.fullmatch(r"[0-9a-fA-F]{32}", salt_hex):
        raise BackupError("the backup file is damaged (its key settings)")
    opslimit, memlimit = kdf.get("opslimit"), kdf.get("memlimit")
    if (
        type(opslimit) is int
        and type(memlimit) is int
        and (opslimit > crypto.ARGON_OPSLIMIT or memlimit > crypto.ARGON_MEMLIMIT)
    ):
        raise BackupKdfError(
            f"the backup asks for more work to derive its key ({opslimit:,} passes over "
            f"{_mib(memlimit)}) than this wallet puts in a backup ({crypto.ARGON_OPSLIMIT} "
            f"passes over {_mib(crypto.ARGON_MEMLIMIT)}); it was refused before any work",
            opslimit=opslimit,
            memlimit=memlimit,
        )
    problem = crypto.check_kdf_limits(opslimit, memlimit, floor)
    if problem:
        raise BackupError(
            f"the backup's key-derivation settings cannot be used: {problem}",
            opslimit=opslimit if type(opslimit) is int else None,
            memlimit=memlimit if type(memlimit) is int else None,
        )
    if (
        header.get("cipher", _CIPHER) != _CIPHER
        or header.get("chunk", crypto.CHUNK) != crypto.CHUNK
    ):
        raise BackupError("the backup file uses an encryption this version does not read")
    assert isinstance(opslimit, int) and isinstance(memlimit, int)
    return bytes.fromhex(salt_hex), opslimit, memlimit


def _damaged(what: str) -> BackupError:
    return BackupError(f"the backup file is damaged ({what})")


def _check_frame(frame: dict[str, Any]) -> None:
    """Refuse a frame whose fields are missing or of the wrong type, before it is used."""
    kind = frame["t"]
    if kind == "profile":
        if not isinstance(frame.get("name", ""), str):
            raise _damaged("its profile part")
    elif kind == "blob":
        if not isinstance(frame.get("id"), str) or not _BLOB_ID.fullmatch(frame["id"]):
            raise _damaged("a file without a proper name")
    elif kind == "record":
        rid, rkind = frame.get("id"), frame.get("kind")
        if not isinstance(rid, str) or not _RECORD_ID.fullmatch(rid):
            raise _damaged("a record without a proper id")
        if not isinstance(rkind, str) or not _KIND.fullmatch(rkind):
            raise _damaged("a record without a proper kind")
        if not isinstance(frame.get("meta"), dict):
            raise _damaged("a record whose metadata is not an object")
        if not isinstance(frame.get("payload", False), bool):
            raise _damaged("a record with a malformed body marker")
        blob = frame["meta"].get("blob") if rkind == "artifact" else None
        if blob is not None and not isinstance(blob, str):
            raise _damaged("an artifact with a malformed file reference")
    elif kind == "end" and any(type(frame.get(k)) is not int for k in ("records", "blobs")):
        raise _damaged("its end")


def restore(
    vault: Vault,
    path: Path | BinaryIO,
    passphrase: str,
    *,
    dedupe_of: Callable[[str, dict[str, Any], Any], bytes | None],
    admit: Admit | None = None,
) -> RestoreReport:
    """Merge a backup into ``vault`` (``path``: the file, or the file opened, which the
    caller closes); all or nothing (records ``admit`` leaves out are listed in the report).
    Nothing is written — no record, no file — unless the whole file is read, authenticated
    and well-formed."""
    report = RestoreReport()
    owned = isinstance(path, (str, os.PathLike))
    try:
        handle = open(path, "rb") if isinstance(path, (str, os.PathLike)) else path  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BackupError(f"the backup file cannot be read ({exc.strerror})") from None
    new_blobs: list[str] = []
    try:
        header, prefix = read_header(handle)
        salt, opslimit, memlimit = _kdf_settings(header, vault.kdf)
        try:
            key = crypto.kdf_passphrase(passphrase, salt, opslimit, memlimit, floor=vault.kdf)
        except (ValueError, TypeError):
            raise BackupError("the backup file is damaged (its key settings)") from None
        if not crypto.constant_time_equal(
            _key_check(key).encode(), str(header.get("key_check", "")).encode()
        ):
            raise WrongPassphraseError("the backup's passphrase is wrong")
        reader = _Reader(handle, key, prefix)
        blob_map: dict[str, str] = {}
        seen = {"records": 0, "blobs": 0}
        existing_blobs = vault.blob_ids()
        existing_dids = {
            m["did"]
            for _r, m in vault.iter_meta("key", include_deleted=True)
            if isinstance(m, dict) and isinstance(m.get("did"), str)
        }
        with vault.transaction():
            while True:
                frame, payload_length = reader.frame()
                _check_frame(frame)
                kind = frame["t"]
                if kind == "profile":
                    report.profile_name = frame.get("name", "")
                elif kind == "blob":
                    chunks = _BlobChunks(reader)
                    new_id, _size = vault.put_blob(chunks)
                    if new_id not in existing_blobs and new_id not in new_blobs:
                        new_blobs.append(new_id)
                    if not chunks.done:
                        raise BackupError("the backup file is damaged (a file is cut short)")
                    blob_map[frame["id"]] = new_id
                    seen["blobs"] += 1
                elif kind == "record":
                    try:
                        body = json.loads(reader.read(payload_length)) if payload_length else None
                    except (ValueError, RecursionError):
                        raise BackupError("the backup file is damaged (a record)") from None
                    _restore_record(
                        vault, frame, body, blob_map, existing_dids, dedupe_of, admit, report
                    )
                    seen["records"] += 1
                elif kind == "end":
                    reader.finish()
                    if seen != {"records": frame["records"], "blobs": frame["blobs"]}:
                        raise BackupError("the backup file is incomplete")
                    break
                else:
                    raise BackupError(f"the backup file has an unknown part {kind[:40]!r}")
    except BaseException as exc:
        for blob_id in new_blobs:  # whatever went wrong, no file is left behind
            vault.remove_blob(blob_id)
        if isinstance(exc, OSError):
            raise BackupError(f"the backup could not be restored ({exc.strerror})") from None
        raise
    finally:
        if owned:
            handle.close()
    return report


def _restore_record(
    vault: Vault,
    frame: dict[str, Any],
    body: Any,
    blob_map: dict[str, str],
    existing_dids: set[str],
    dedupe_of: Callable[[str, dict[str, Any], Any], bytes | None],
    admit: Admit | None,
    report: RestoreReport,
) -> None:
    rid, kind, meta = frame["id"], frame["kind"], dict(frame["meta"])
    try:
        vault.kind_of(rid)
        report.count(report.skipped, kind)  # the very same record is here already
        return
    except WalletError:
        pass
    if kind == "key" and isinstance(meta.get("did"), str) and meta["did"] in existing_dids:
        report.count(report.skipped, kind)
        return
    if kind == "settings" and vault.count("settings"):
        report.count(report.skipped, kind)
        return
    if kind == "artifact" and meta.get("blob"):
        if meta["blob"] not in blob_map:
            raise BackupError("the backup file is damaged (an artifact without its file)")
        meta["blob"] = blob_map[meta["blob"]]
    dedupe = dedupe_of(kind, meta, body)
    if dedupe is not None and vault.find_dedupe(kind, dedupe):
        report.count(report.skipped, kind)
        return
    if admit is not None:
        try:
            meta, body = admit(kind, meta, body)
        except InputError as exc:
            report.refused.append(exc.message)
            return
    vault.put(kind, meta, body, record_id=rid, dedupe=dedupe)
    report.count(report.added, kind)
