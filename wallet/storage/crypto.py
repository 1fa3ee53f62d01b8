"""The vault's cryptography, all from libsodium through PyNaCl.

* Records: XChaCha20-Poly1305 (IETF AEAD) under the 256-bit data key, a random 192-bit nonce
  per encryption, and the record's id and kind as associated data (so a ciphertext cannot be
  moved to another row unnoticed). Stored as ``nonce ‖ ciphertext``.
* Blobs (artifact files): libsodium's secretstream (XChaCha20-Poly1305) in 64 KiB chunks, so
  files of any size are encrypted and checked without being held in memory; truncation and
  reordering are detected.
* Keys derived from the data key with keyed BLAKE2b (distinct ``person`` per purpose): the
  blob-naming key (blob ids are keyed hashes of the content, so equal files are stored once and
  the names reveal nothing about the content) and the duplicate-detection key.
* Passphrases: Argon2id (``crypto_pwhash``) at libsodium's *moderate* limits or stronger, and
  at most its *sensitive* memory limit and twice its sensitive operations limit
  (:func:`check_kdf_limits`): stored settings outside that range are refused before any work,
  so a crafted file cannot make the wallet spend minutes or gigabytes deriving a key.
* The cost a wallet writes is a :class:`KdfCost`: :data:`MODERATE` always, except in the test
  suite, which asks for libsodium's minimum (:data:`TEST_MINIMUM`) through the
  :class:`~wallet.services.session.Session` (or ``WALLET_TESTING=1`` together with
  ``WALLET_TEST_KDF=minimum``, :func:`kdf_cost_from_environment`), so that tests not about the
  key derivation do not spend half a second and 256 MiB on each. Such a wallet also *accepts*
  the minimum (its floor); a wallet at :data:`MODERATE` refuses a vault or backup written at
  test cost as too weak to trust — the switch cannot weaken a real wallet silently.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO, Protocol

import nacl.exceptions
import nacl.pwhash
from nacl import bindings as sodium

from wallet.crypto import aead
from wallet.errors import IntegrityError, WrongPassphraseError

__all__ = [
    "CHUNK",
    "KEY_BYTES",
    "MODERATE",
    "TEST_MINIMUM",
    "BlobHasher",
    "KdfCost",
    "check_kdf_limits",
    "derive_key",
    "kdf_cost_from_environment",
    "kdf_passphrase",
    "open_record",
    "random_key",
    "seal_record",
    "stream_decrypt",
    "stream_encrypt",
]

KEY_BYTES = 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
CHUNK = 64 * 1024
ARGON_OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MODERATE
ARGON_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_MODERATE
ARGON_MAX_OPSLIMIT = 2 * nacl.pwhash.argon2id.OPSLIMIT_SENSITIVE  # 8
ARGON_MAX_MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_SENSITIVE  # 1 GiB
_TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
_TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE


@dataclass(frozen=True)
class KdfCost:
    """The Argon2id limits a wallet writes, and the weakest it accepts (the same)."""

    opslimit: int
    memlimit: int


MODERATE = KdfCost(ARGON_OPSLIMIT, ARGON_MEMLIMIT)
"""What every real wallet writes and the least it accepts (libsodium's moderate limits)."""
TEST_MINIMUM = KdfCost(nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN)
"""libsodium's minimum (1 pass over 8 KiB): for the test suite only."""


def kdf_cost_from_environment(environ: Mapping[str, str] | None = None) -> KdfCost:
    """:data:`TEST_MINIMUM` when the environment has both ``WALLET_TESTING=1`` and
    ``WALLET_TEST_KDF=minimum`` (the test suite's explicit switch, for the ``wallet`` command
    run as a process); :data:`MODERATE` otherwise — whatever else is set."""
    env = os.environ if environ is None else environ
    if env.get("WALLET_TESTING") == "1" and env.get("WALLET_TEST_KDF") == "minimum":
        return TEST_MINIMUM
    return MODERATE


def random_key() -> bytes:
    return aead.random_key()


def derive_key(master: bytes, purpose: bytes) -> bytes:
    """A subkey for ``purpose`` (at most 16 bytes), by keyed BLAKE2b."""
    return hashlib.blake2b(b"", key=master, person=purpose[:16], digest_size=KEY_BYTES).digest()


seal_record = aead.seal
open_record = aead.open_sealed


def check_kdf_limits(opslimit: object, memlimit: object, floor: KdfCost = MODERATE) -> str | None:
    """Why Argon2id limits read from a file cannot be used (None if they can): not integers,
    weaker than ``floor`` (libsodium's moderate limits, except in a test wallet), or costlier
    than :data:`ARGON_MAX_OPSLIMIT` / :data:`ARGON_MAX_MEMLIMIT`."""
    if type(opslimit) is not int or type(memlimit) is not int:
        return "they are not whole numbers"
    if opslimit < floor.opslimit or memlimit < floor.memlimit:
        return "they are too weak to trust"
    if opslimit > ARGON_MAX_OPSLIMIT or memlimit > ARGON_MAX_MEMLIMIT:
        return (
            f"they ask for more work than the wallet allows (at most {ARGON_MAX_OPSLIMIT} "
            f"passes over {ARGON_MAX_MEMLIMIT // 2**20} MiB)"
        )
    return None


def kdf_passphrase(
    passphrase: str,
    salt: bytes,
    opslimit: int = ARGON_OPSLIMIT,
    memlimit: int = ARGON_MEMLIMIT,
    *,
    floor: KdfCost = MODERATE,
) -> bytes:
    """Argon2id; refuses limits outside :func:`check_kdf_limits` (with ``floor``) before
    deriving anything."""
    problem = check_kdf_limits(opslimit, memlimit, floor)
    if problem:
        raise WrongPassphraseError(f"the stored key-derivation settings cannot be used: {problem}")
    if not passphrase:
        raise WrongPassphraseError("the passphrase is empty")
    return nacl.pwhash.argon2id.kdf(
        KEY_BYTES, passphrase.encode("utf-8"), salt, opslimit=opslimit, memlimit=memlimit
    )


def constant_time_equal(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)


class BlobHasher:
    """Keyed BLAKE2b over a blob's plaintext: its storage name."""

    def __init__(self, key: bytes) -> None:
        self._h = hashlib.blake2b(key=key, digest_size=32, person=b"wallet-blob-id")

    def update(self, data: bytes) -> None:
        self._h.update(data)

    def hexdigest(self) -> str:
        return self._h.hexdigest()


class Readable(Protocol):
    """What a blob is read from: an open binary file, or a reader that passes one through."""

    def read(self, n: int = -1, /) -> bytes: ...


def stream_encrypt(key: bytes, source: Readable, sink: BinaryIO, associated: bytes) -> int:
    """Encrypt ``source`` into ``sink`` with secretstream; returns the plaintext size."""
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    header = sodium.crypto_secretstream_xchacha20poly1305_init_push(state, key)
    sink.write(header)
    size = 0
    chunk = source.read(CHUNK)
    while True:
        following = source.read(CHUNK) if len(chunk) == CHUNK else b""
        last = not following
        tag = _TAG_FINAL if last else _TAG_MESSAGE
        sink.write(
            sodium.crypto_secretstream_xchacha20poly1305_push(
                state, chunk, associated if size == 0 else None, tag
            )
        )
        size += len(chunk)
        if last:
            return size
        chunk = following


def stream_decrypt(
    key: bytes, source: BinaryIO, associated: bytes, *, what: str
) -> Iterator[bytes]:
    """Yield the plaintext chunks of a secretstream; :class:`IntegrityError` on any damage,
    truncation or trailing data."""
    header = source.read(sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES)
    state = sodium.crypto_secretstream_xchacha20poly1305_state()
    try:
        sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, header, key)
    except (nacl.exceptions.CryptoError, ValueError):
        raise IntegrityError(f"{what} is damaged (bad header)", item=what) from None
    first = True
    abytes = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
    while True:
        block = source.read(CHUNK + abytes)
        if not block:
            raise IntegrityError(f"{what} is truncated", item=what)
        try:
            plain, tag = sodium.crypto_secretstream_xchacha20poly1305_pull(
                state, block, associated if first else None
            )
        except (nacl.exceptions.CryptoError, ValueError):
            raise IntegrityError(f"{what} is damaged or was altered", item=what) from None
        first = False
        yield plain
        if tag == _TAG_FINAL:
            if source.read(1):
                raise IntegrityError(f"{what} has data after its end", item=what)
            return
