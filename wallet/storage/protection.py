"""How a vault's data key is protected at rest.

The data key (random, 256 bits) encrypts everything; it is stored only *wrapped* (encrypted) by
a key-encryption key (KEK), in the vault's plaintext ``meta`` table. The KEK is either

* ``keyring`` — a random 256-bit key kept in the OS keyring through the ``keyring`` library
  (Secret Service on Linux, macOS Keychain, Windows Credential Locker), so the vault opens when
  the user's OS account is unlocked; or
* ``passphrase`` — derived from the user's passphrase with Argon2id at libsodium's moderate
  limits (or stronger), used where no OS keyring is available or the user prefers it.

There is never a plaintext key file. Changing the passphrase or rotating the KEK re-wraps the
data key; records are not re-encrypted.
"""

from __future__ import annotations

import base64
import os
from dataclasses import dataclass

import nacl.exceptions
from nacl import bindings as sodium

from wallet.errors import KeyringError, VaultError, WrongPassphraseError
from wallet.storage import crypto

__all__ = [
    "KEYRING_SERVICE",
    "KeyringStore",
    "WrappedKey",
    "keyring_available",
    "unwrap",
    "wrap",
]

KEYRING_SERVICE = "learner-wallet"


@dataclass(frozen=True)
class WrappedKey:
    """What the vault stores about its data key (no secret in it)."""

    protection: str  # "keyring" | "passphrase"
    wrapped: bytes  # nonce ‖ AEAD(KEK, data key)
    salt: bytes = b""
    opslimit: int = 0
    memlimit: int = 0
    keyring_user: str = ""


def _ad(profile_id: str) -> bytes:
    return f"wallet-data-key:{profile_id}".encode()


def wrap(data_key: bytes, kek: bytes, profile_id: str) -> bytes:
    return crypto.seal_record(kek, data_key, _ad(profile_id))


def unwrap(wrapped: bytes, kek: bytes, profile_id: str, *, protection: str) -> bytes:
    nonce_len = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
    try:
        return sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
            wrapped[nonce_len:], _ad(profile_id), wrapped[:nonce_len], kek
        )
    except (nacl.exceptions.CryptoError, ValueError):
        if protection == "passphrase":
            raise WrongPassphraseError("the passphrase is wrong") from None
        raise KeyringError(
            "the key in the OS keyring does not open this wallet (it was "
            "replaced or belongs to another wallet); restore from a backup"
        ) from None


def keyring_available() -> tuple[bool, str]:
    """Whether a real OS keyring backend is usable here, and its name (or why not)."""
    try:
        import keyring
        from keyring.backends import chainer, fail
    except Exception as exc:
        return False, f"the keyring library cannot be loaded ({exc.__class__.__name__})"
    backend = keyring.get_keyring()
    name = type(backend).__module__.replace("keyring.backends.", "") + "." + type(backend).__name__
    if (
        isinstance(backend, fail.Keyring)
        or (isinstance(backend, chainer.ChainerBackend) and not backend.backends)
        or "null" in name.lower()
        or "PlaintextKeyring" in name
    ):
        return False, "no OS keyring is available"
    try:
        backend.get_password(KEYRING_SERVICE, "availability-probe")
    except Exception as exc:
        return False, f"the OS keyring does not answer ({exc.__class__.__name__})"
    return True, name


class KeyringStore:
    """The KEK of keyring-protected vaults, in the OS keyring."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service

    def put(self, user: str, kek: bytes) -> None:
        import keyring

        try:
            keyring.set_password(self.service, user, base64.b64encode(kek).decode("ascii"))
        except Exception as exc:
            raise KeyringError(
                f"the OS keyring refused to store the wallet's key ({exc.__class__.__name__})"
            ) from None

    def get(self, user: str) -> bytes:
        import keyring

        try:
            value = keyring.get_password(self.service, user)
        except Exception as exc:
            raise KeyringError(
                f"the OS keyring could not be read ({exc.__class__.__name__}); is it unlocked?"
            ) from None
        if value is None:
            raise KeyringError(
                "the wallet's key is missing from the OS keyring (a new "
                "computer or a reset keyring?); restore from a backup"
            )
        try:
            kek = base64.b64decode(value, validate=True)
        except ValueError:
            raise KeyringError("the wallet's key in the OS keyring is damaged") from None
        if len(kek) != crypto.KEY_BYTES:
            raise KeyringError("the wallet's key in the OS keyring is damaged")
        return kek

    def delete(self, user: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        try:
            keyring.delete_password(self.service, user)
        except PasswordDeleteError:
            pass
        except Exception as exc:
            raise KeyringError(
                f"the OS keyring could not be changed ({exc.__class__.__name__})"
            ) from None


def new_wrapping(
    data_key: bytes,
    profile_id: str,
    protection: str,
    *,
    passphrase: str | None = None,
    store: KeyringStore | None = None,
    keyring_user: str | None = None,
    cost: crypto.KdfCost = crypto.MODERATE,
) -> WrappedKey:
    """Wrap ``data_key`` under a fresh KEK of the given protection (a passphrase's KEK derived
    at ``cost``)."""
    if protection == "passphrase":
        if not passphrase:
            raise WrongPassphraseError("a passphrase is needed")
        salt = os.urandom(16)
        kek = crypto.kdf_passphrase(passphrase, salt, cost.opslimit, cost.memlimit, floor=cost)
        return WrappedKey(
            "passphrase", wrap(data_key, kek, profile_id), salt, cost.opslimit, cost.memlimit
        )
    if protection == "keyring":
        store = store or KeyringStore()
        user = keyring_user or f"vault-key:{profile_id}:{os.urandom(4).hex()}"
        kek = crypto.random_key()
        store.put(user, kek)
        return WrappedKey("keyring", wrap(data_key, kek, profile_id), keyring_user=user)
    raise VaultError(f"unknown protection {protection!r}")


def open_wrapping(
    wrapping: WrappedKey,
    profile_id: str,
    *,
    passphrase: str | None = None,
    store: KeyringStore | None = None,
    floor: crypto.KdfCost = crypto.MODERATE,
) -> bytes:
    """The data key, or a named error (wrong passphrase, keyring trouble, stored limits
    weaker than ``floor``)."""
    if wrapping.protection == "passphrase":
        if not passphrase:
            raise WrongPassphraseError(
                "this wallet is protected by a passphrase; give it (or set WALLET_PASSPHRASE)"
            )
        kek = crypto.kdf_passphrase(
            passphrase, wrapping.salt, wrapping.opslimit, wrapping.memlimit, floor=floor
        )
    elif wrapping.protection == "keyring":
        kek = (store or KeyringStore()).get(wrapping.keyring_user)
    else:
        raise VaultError(f"unknown protection {wrapping.protection!r}")
    return unwrap(wrapping.wrapped, kek, profile_id, protection=wrapping.protection)
