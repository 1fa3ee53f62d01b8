"""Authenticated encryption of small messages: XChaCha20-Poly1305 (IETF), from libsodium.

One helper for everything the wallet seals in one piece: the vault's records
(:mod:`wallet.storage.crypto`) and the share service's presentations and files
(:mod:`wallet.exchange.share_link`). A random 192-bit nonce per message; the sealed form is
``nonce ‖ ciphertext ‖ tag``; the associated data binds a ciphertext to where it belongs (a
record's id and kind, a share's id and part), so it cannot be moved unnoticed.
"""

from __future__ import annotations

import os

import nacl.exceptions
from nacl import bindings as sodium

from wallet.errors import IntegrityError

__all__ = ["KEY_BYTES", "NONCE_BYTES", "open_sealed", "random_key", "seal"]

KEY_BYTES = 32
NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
_TAG_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES


def random_key() -> bytes:
    """A fresh 256-bit key."""
    return os.urandom(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """Encrypt and authenticate ``plaintext`` (and ``associated``, which is not encrypted)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(
        plaintext, associated, nonce, key
    )


def open_sealed(key: bytes, sealed: bytes, associated: bytes, *, what: str) -> bytes:
    """Check and decrypt; :class:`~wallet.errors.IntegrityError` names ``what`` if the
    message is damaged, altered, moved, or sealed under another key."""
    if len(sealed) < NONCE_BYTES + _TAG_BYTES:
        raise IntegrityError(f"{what} is damaged (too short)", item=what)
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sealed[NONCE_BYTES:], associated, sealed[:NONCE_BYTES], key
        )
    except nacl.exceptions.CryptoError:
        raise IntegrityError(
            f"{what} is damaged or was altered; it cannot be read", item=what
        ) from None
