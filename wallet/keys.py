"""Ed25519 keys, Multikey encoding, ``did:key`` identifiers and the :class:`Signer` seam.

A :class:`Signer` is all that signing code sees of a private key: a key id and ``sign(bytes)``.
Keys can therefore live in the vault (or an OS keystore) and never pass through the proof code.
Private key material never appears in ``repr``, logs or error messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

import nacl.exceptions
import nacl.signing

from wallet.errors import KeyFormatError
from wallet.multiformats import (
    ED25519_PRIV,
    ED25519_PUB,
    b64url_encode,
    multibase_decode,
    multibase_encode,
    multicodec_unwrap,
)

__all__ = [
    "Ed25519KeyPair",
    "Ed25519PublicKey",
    "Signer",
    "did_key_from_public",
    "public_key_from_did_key",
]


@runtime_checkable
class Signer(Protocol):
    """Signs bytes with a key named by ``key_id`` (a verification method URL)."""

    key_id: str
    algorithm: str  # JOSE name: "EdDSA"

    def sign(self, data: bytes) -> bytes: ...


@dataclass(frozen=True)
class Ed25519PublicKey:
    raw: bytes

    def __post_init__(self) -> None:
        if len(self.raw) != 32:
            raise KeyFormatError(f"an Ed25519 public key has 32 bytes, this one {len(self.raw)}")

    @classmethod
    def from_multibase(cls, text: str) -> Ed25519PublicKey:
        """From a Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return cls(multicodec_unwrap(multibase_decode(text), ED25519_PUB, 32))

    @classmethod
    def from_base58_2018(cls, text: str) -> Ed25519PublicKey:
        """From an Ed25519VerificationKey2018 ``publicKeyBase58`` (no multicodec prefix)."""
        from wallet.multiformats import b58decode

        return cls(b58decode(text))

    @property
    def multibase(self) -> str:
        return multibase_encode(ED25519_PUB + self.raw)

    @property
    def did(self) -> str:
        return did_key_from_public(self)

    def to_jwk(self) -> dict[str, str]:
        return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(self.raw)}

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True when ``signature`` is a valid Ed25519 signature of ``message``."""
        if len(signature) != 64:
            return False
        try:
            nacl.signing.VerifyKey(self.raw).verify(message, signature)
        except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError):
            return False
        return True


@dataclass(frozen=True, repr=False)
class Ed25519KeyPair:
    """An Ed25519 key pair. ``repr`` shows only the public half."""

    _signing_key: nacl.signing.SigningKey = field(compare=False)
    public: Ed25519PublicKey = field(init=False)

    def __post_init__(self) -> None:
        pub = Ed25519PublicKey(bytes(self._signing_key.verify_key))
        object.__setattr__(self, "public", pub)

    def __repr__(self) -> str:
        return f"Ed25519KeyPair(public={self.public.multibase})"

    @classmethod
    def generate(cls) -> Ed25519KeyPair:
        return cls(nacl.signing.SigningKey.generate())

    @classmethod
    def from_seed(cls, seed: bytes) -> Ed25519KeyPair:
        if len(seed) != 32:
            raise KeyFormatError("an Ed25519 seed has 32 bytes")
        return cls(nacl.signing.SigningKey(seed))

    @classmethod
    def from_multibase(cls, secret: str) -> Ed25519KeyPair:
        """From a Multikey ``secretKeyMultibase`` (multicodec ed25519-priv + 32-byte seed)."""
        return cls.from_seed(multicodec_unwrap(multibase_decode(secret), ED25519_PRIV, 32))

    @property
    def seed(self) -> bytes:
        """The 32-byte private seed. Handle with care: only the vault should persist it."""
        return bytes(self._signing_key)

    @property
    def secret_multibase(self) -> str:
        return multibase_encode(ED25519_PRIV + self.seed)

    @property
    def did(self) -> str:
        return self.public.did

    @property
    def key_id(self) -> str:
        """The ``did:key`` verification method of this key."""
        return f"{self.did}#{self.public.multibase}"

    def sign(self, data: bytes) -> bytes:
        return self._signing_key.sign(data).signature

    def signer(self, key_id: str | None = None) -> Ed25519Signer:
        """A :class:`Signer` for this key, named ``key_id`` (default: its did:key URL)."""
        return Ed25519Signer(key_id or self.key_id, self)


@dataclass(frozen=True, repr=False)
class Ed25519Signer:
    key_id: str
    _pair: Ed25519KeyPair
    algorithm: str = "EdDSA"

    def __repr__(self) -> str:
        return f"Ed25519Signer(key_id={self.key_id!r})"

    def sign(self, data: bytes) -> bytes:
        return self._pair.sign(data)

    @property
    def public_key(self) -> Ed25519PublicKey:
        return self._pair.public


def did_key_from_public(key: Ed25519PublicKey) -> str:
    return f"did:key:{key.multibase}"


def public_key_from_did_key(did: str) -> Ed25519PublicKey:
    """The Ed25519 key a ``did:key:z6Mk…`` names (the did:key method, resolved offline)."""
    if not did.startswith("did:key:"):
        raise KeyFormatError("not a did:key identifier")
    ident = did[len("did:key:") :].split("#", 1)[0]
    if not ident.startswith("z6Mk"):
        raise KeyFormatError("only Ed25519 did:key identifiers (z6Mk…) are supported")
    return Ed25519PublicKey.from_multibase(ident)
