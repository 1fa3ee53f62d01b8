"""Helpers the backup tests import: take a backup's plaintext apart, and write crafted
backups — any header, any frames — encrypted exactly as the wallet encrypts them."""

from __future__ import annotations

import functools
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wallet.storage import backup as fmt
from wallet.storage import crypto

PASSPHRASE = "backup passphrase"
SALT = bytes(range(16))
MODERATE = {"opslimit": crypto.ARGON_OPSLIMIT, "memlimit": crypto.ARGON_MEMLIMIT}


@functools.cache
def moderate_key(passphrase: str = PASSPHRASE, salt: bytes = SALT) -> bytes:
    return crypto.kdf_passphrase(passphrase, salt)


@dataclass
class Frame:
    header: dict[str, Any]
    payload: bytes | None = None  # a record's body
    chunks: list[bytes] = field(default_factory=list)  # a blob's content


def frame_bytes(header: dict[str, Any], payload: bytes | None = None) -> bytes:
    encoded = json.dumps(header, ensure_ascii=False).encode()
    out = struct.pack(">I", len(encoded)) + encoded
    if payload is not None:
        out += struct.pack(">Q", len(payload)) + payload
    return out


def encode(frames: list[Frame]) -> bytes:
    out = bytearray()
    for f in frames:
        out += frame_bytes(f.header, f.payload)
        if f.header.get("t") == "blob":
            for chunk in f.chunks:
                out += struct.pack(">I", len(chunk)) + chunk
            out += struct.pack(">I", 0)
    return bytes(out)


def header(kdf: dict[str, Any] | None = None, key: bytes | None = None) -> dict[str, Any]:
    settings = {"alg": "argon2id13", "salt": SALT.hex(), **MODERATE, **(kdf or {})}
    return {
        "format": 1,
        "app": "learner-wallet test",
        "created": "2026-01-01T00:00:00+00:00",
        "kdf": settings,
        "cipher": "xchacha20poly1305-secretstream",
        "chunk": crypto.CHUNK,
        "key_check": fmt._key_check(key or b"\0" * 32),
    }


def write(
    path: Path, plaintext: bytes, *, head: dict[str, Any] | None = None, key: bytes | None = None
) -> Path:
    """A backup file of ``plaintext`` (the frames' bytes) under ``key`` (default: the moderate
    key of :data:`PASSPHRASE`), with ``head`` as its header (default: a proper one)."""
    key = key or moderate_key()
    encoded = json.dumps(head if head is not None else header(key=key)).encode()
    prefix = fmt.MAGIC + struct.pack(">I", len(encoded)) + encoded
    with open(path, "wb") as sink:
        sink.write(prefix)
        writer = fmt._Writer(sink, key, prefix)
        writer.write(plaintext)
        writer.close()
    return path


def plaintext_of(path: Path, passphrase: str = PASSPHRASE) -> bytes:
    with open(path, "rb") as source:
        head, prefix = fmt.read_header(source)
        salt = bytes.fromhex(head["kdf"]["salt"])
        reader = fmt._Reader(source, crypto.kdf_passphrase(passphrase, salt), prefix)
        while not reader.finished:
            reader._pull()
        return bytes(reader.buffer)


def decode(plaintext: bytes) -> list[Frame]:
    frames, at = [], 0

    def take(n: int) -> bytes:
        nonlocal at
        out = plaintext[at : at + n]
        at += n
        return out

    while at < len(plaintext):
        (length,) = struct.unpack(">I", take(4))
        head = json.loads(take(length))
        f = Frame(head)
        if head.get("payload"):
            (n,) = struct.unpack(">Q", take(8))
            f.payload = take(n)
        if head["t"] == "blob":
            while True:
                (n,) = struct.unpack(">I", take(4))
                if n == 0:
                    break
                f.chunks.append(take(n))
        frames.append(f)
    return frames
