"""Ed25519 and ECDSA (P-256, P-384) keys, Multikey and JWK encodings, ``did:key`` identifiers
and the :class:`Signer` seam.

* Ed25519 (PyNaCl): Multikey ``z6Mk…`` (multicodec ``0xed``), JWK ``OKP``/``Ed25519``.
* ECDSA (``cryptography``): P-256 / SHA-256 and P-384 / SHA-384, Multikey ``zDna…`` (multicodec
  ``0x1200``) and ``z82L…`` (``0x1201``) over the SEC1 *compressed* point, JWK ``EC``.
  Signatures are IEEE P1363 ``r ‖ s`` (vc-di-ecdsa §3, RFC 4754 §7), not DER, and are made with
  the deterministic variant (RFC 6979), as vc-di-ecdsa recommends.

A :class:`Signer` is all that signing code sees of a private key: a key id and ``sign(bytes)``.
Keys can therefore live in the vault (or an OS keystore) and never pass through the proof code.
Private key material never appears in ``repr``, logs or error messages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

import nacl.exceptions
import nacl.signing
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from wallet.crypto.multiformats import (
    ED25519_PRIV,
    ED25519_PUB,
    P256_PRIV,
    P256_PUB,
    P384_PRIV,
    P384_PUB,
    b64url_decode,
    b64url_encode,
    multibase_decode,
    multibase_encode,
    multicodec_unwrap,
)
from wallet.errors import KeyFormatError
from wallet.limits import charge_signature

__all__ = [
    "CURVES",
    "EcKeyPair",
    "EcPublicKey",
    "EcSigner",
    "Ed25519KeyPair",
    "Ed25519PublicKey",
    "PublicKey",
    "Signer",
    "did_key_from_public",
    "public_key_from_did_key",
    "public_key_from_jwk",
    "public_key_from_multibase",
]


@runtime_checkable
class Signer(Protocol):
    """Signs bytes with a key named by ``key_id`` (a verification method URL). Both names are
    read-only: a signer (a frozen dataclass, say) never changes whose key it is."""

    @property
    def key_id(self) -> str: ...

    @property
    def algorithm(self) -> str: ...  # JOSE name: "EdDSA"

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
        from wallet.crypto.multiformats import b58decode

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
        """True when ``signature`` is a valid Ed25519 signature of ``message``. Charged to the
        verification's work budget (:func:`wallet.limits.charge_signature`)."""
        if len(signature) != 64:
            return False
        charge_signature()
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


# --- ECDSA: P-256 and P-384 ------------------------------------------------------------------


@dataclass(frozen=True)
class Curve:
    """What vc-di-ecdsa ties to a curve: its hash, sizes, multicodec prefixes and JOSE name."""

    name: str  # "P-256" | "P-384"
    size: int  # bytes in a coordinate, a scalar, and in each of r and s
    hash_name: str  # hashlib name of the hash that goes with it: "sha256" | "sha384"
    algorithm: str  # JOSE: "ES256" | "ES384"
    public_prefix: bytes
    secret_prefix: bytes
    multibase_start: str  # how its Multikey starts: "zDna" | "z82L"

    @property
    def signature_length(self) -> int:
        return 2 * self.size

    def ec_curve(self) -> ec.EllipticCurve:
        return ec.SECP256R1() if self.name == "P-256" else ec.SECP384R1()

    def hash(self) -> hashes.HashAlgorithm:
        return hashes.SHA256() if self.name == "P-256" else hashes.SHA384()


CURVES: dict[str, Curve] = {
    "P-256": Curve("P-256", 32, "sha256", "ES256", P256_PUB, P256_PRIV, "zDna"),
    "P-384": Curve("P-384", 48, "sha384", "ES384", P384_PUB, P384_PRIV, "z82L"),
}


def _curve(name: object) -> Curve:
    """The curve ``name`` names (any JSON value: a JWK's ``crv`` is read as it came)."""
    curve = CURVES.get(name) if isinstance(name, str) else None
    if curve is None:
        raise KeyFormatError(f"unsupported curve {str(name)[:20]!r} (P-256 and P-384 are)")
    return curve


@dataclass(frozen=True)
class EcPublicKey:
    """A P-256 or P-384 public key, held as its SEC1 compressed point."""

    curve: Curve
    compressed: bytes
    _key: ec.EllipticCurvePublicKey = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        size = self.curve.size + 1
        if len(self.compressed) != size or self.compressed[:1] not in (b"\x02", b"\x03"):
            raise KeyFormatError(
                f"a {self.curve.name} public key is a {size}-byte compressed "
                "point (02 or 03, then x)"
            )
        try:  # checks that the point is on the curve
            key = ec.EllipticCurvePublicKey.from_encoded_point(
                self.curve.ec_curve(), self.compressed
            )
        except ValueError:
            raise KeyFormatError(f"not a point on {self.curve.name}") from None
        object.__setattr__(self, "_key", key)

    @classmethod
    def from_public_key(cls, key: ec.EllipticCurvePublicKey) -> EcPublicKey:
        name = {"secp256r1": "P-256", "secp384r1": "P-384"}.get(key.curve.name)
        if name is None:
            raise KeyFormatError(f"unsupported curve {key.curve.name} (P-256 and P-384 are)")
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return cls(CURVES[name], key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint))

    @classmethod
    def from_multibase(cls, text: str) -> EcPublicKey:
        """From a Multikey ``publicKeyMultibase`` (``zDna…`` P-256, ``z82L…`` P-384)."""
        data = multibase_decode(text)
        for curve in CURVES.values():
            if data.startswith(curve.public_prefix):
                return cls(
                    curve,
                    multicodec_unwrap(
                        data, curve.public_prefix, curve.size + 1, f"a {curve.name} key"
                    ),
                )
        raise KeyFormatError("unexpected multicodec prefix (not a P-256 or P-384 key)")

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> EcPublicKey:
        """From a JWK ``{"kty": "EC", "crv": "P-256" | "P-384", "x", "y"}`` (public members
        only)."""
        if not isinstance(jwk, Mapping) or jwk.get("kty") != "EC":
            raise KeyFormatError("not an EC JWK")
        curve = _curve(jwk.get("crv"))
        try:
            x, y = b64url_decode(jwk.get("x")), b64url_decode(jwk.get("y"))
        except KeyFormatError:
            raise KeyFormatError("the EC JWK's 'x' and 'y' must be unpadded base64url") from None
        if len(x) != curve.size or len(y) != curve.size:
            raise KeyFormatError(f"a {curve.name} JWK has {curve.size}-byte coordinates")
        try:
            key = ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), curve.ec_curve()
            ).public_key()
        except ValueError:
            raise KeyFormatError(f"the JWK is not a point on {curve.name}") from None
        return cls.from_public_key(key)

    @property
    def multibase(self) -> str:
        return multibase_encode(self.curve.public_prefix + self.compressed)

    @property
    def multikey(self) -> bytes:
        """The Multikey bytes (multicodec prefix + compressed point), as ecdsa-sd-2023 signs."""
        return self.curve.public_prefix + self.compressed

    @property
    def did(self) -> str:
        return did_key_from_public(self)

    def to_jwk(self) -> dict[str, str]:
        numbers = self._key.public_numbers()
        size = self.curve.size
        return {
            "kty": "EC",
            "crv": self.curve.name,
            "x": b64url_encode(numbers.x.to_bytes(size, "big")),
            "y": b64url_encode(numbers.y.to_bytes(size, "big")),
        }

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True when ``signature`` (P1363 ``r ‖ s``) is a valid ECDSA signature of ``message``
        with this curve's hash (SHA-256 for P-256, SHA-384 for P-384). Charged to the
        verification's work budget (:func:`wallet.limits.charge_signature`)."""
        size = self.curve.size
        if len(signature) != 2 * size:
            return False
        charge_signature()
        r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
        try:
            self._key.verify(encode_dss_signature(r, s), message, ec.ECDSA(self.curve.hash()))
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True, repr=False)
class EcKeyPair:
    """A P-256 or P-384 key pair. ``repr`` shows only the public half."""

    _private: ec.EllipticCurvePrivateKey = field(compare=False)
    public: EcPublicKey = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "public", EcPublicKey.from_public_key(self._private.public_key()))

    def __repr__(self) -> str:
        return f"EcKeyPair(public={self.public.multibase})"

    @classmethod
    def generate(cls, curve: str = "P-256") -> EcKeyPair:
        return cls(ec.generate_private_key(_curve(curve).ec_curve()))

    @classmethod
    def from_secret(cls, secret: bytes, curve: str = "P-256") -> EcKeyPair:
        """From the secret scalar (32 bytes for P-256, 48 for P-384, big-endian)."""
        spec = _curve(curve)
        if len(secret) != spec.size:
            raise KeyFormatError(f"a {spec.name} secret key has {spec.size} bytes")
        try:
            return cls(ec.derive_private_key(int.from_bytes(secret, "big"), spec.ec_curve()))
        except ValueError:
            raise KeyFormatError(f"not a valid {spec.name} secret key") from None

    @classmethod
    def from_multibase(cls, secret: str) -> EcKeyPair:
        """From a Multikey ``secretKeyMultibase`` (p256-priv ``0x1306`` / p384-priv ``0x1307``)."""
        data = multibase_decode(secret)
        for curve in CURVES.values():
            if data.startswith(curve.secret_prefix):
                return cls.from_secret(
                    multicodec_unwrap(
                        data, curve.secret_prefix, curve.size, f"a {curve.name} secret key"
                    ),
                    curve.name,
                )
        raise KeyFormatError("unexpected multicodec prefix (not a P-256 or P-384 secret key)")

    @property
    def curve(self) -> Curve:
        return self.public.curve

    @property
    def secret_multibase(self) -> str:
        """Handle with care: only the vault should persist it."""
        scalar = self._private.private_numbers().private_value.to_bytes(self.curve.size, "big")
        return multibase_encode(self.curve.secret_prefix + scalar)

    @property
    def did(self) -> str:
        return self.public.did

    @property
    def key_id(self) -> str:
        return f"{self.did}#{self.public.multibase}"

    def sign(self, data: bytes) -> bytes:
        """The deterministic (RFC 6979) ECDSA signature of ``data``, as P1363 ``r ‖ s``."""
        der = self._private.sign(data, ec.ECDSA(self.curve.hash(), deterministic_signing=True))
        r, s = decode_dss_signature(der)
        size = self.curve.size
        return r.to_bytes(size, "big") + s.to_bytes(size, "big")

    def signer(self, key_id: str | None = None) -> EcSigner:
        return EcSigner(key_id or self.key_id, self, self.curve.algorithm)


@dataclass(frozen=True, repr=False)
class EcSigner:
    key_id: str
    _pair: EcKeyPair
    algorithm: str = "ES256"  # "ES384" for P-384

    def __repr__(self) -> str:
        return f"EcSigner(key_id={self.key_id!r}, algorithm={self.algorithm!r})"

    def sign(self, data: bytes) -> bytes:
        return self._pair.sign(data)

    @property
    def public_key(self) -> EcPublicKey:
        return self._pair.public


PublicKey = Ed25519PublicKey | EcPublicKey


def public_key_from_multibase(text: str) -> PublicKey:
    """The key of a Multikey ``publicKeyMultibase``: Ed25519, P-256 or P-384, by its prefix."""
    data = multibase_decode(text)
    if data.startswith(ED25519_PUB):
        return Ed25519PublicKey(multicodec_unwrap(data, ED25519_PUB, 32))
    if data.startswith((P256_PUB, P384_PUB)):
        return EcPublicKey.from_multibase(text)
    raise KeyFormatError("unsupported Multikey type (Ed25519, P-256 and P-384 keys are supported)")


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """The key of a ``publicKeyJwk``: OKP/Ed25519 or EC/P-256, P-384."""
    if not isinstance(jwk, Mapping):
        raise KeyFormatError("a JWK is a JSON object")
    if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
        try:
            return Ed25519PublicKey(b64url_decode(jwk.get("x")))
        except KeyFormatError as exc:
            raise KeyFormatError(f"bad Ed25519 JWK: {exc.message}") from None
    if jwk.get("kty") == "EC":
        return EcPublicKey.from_jwk(jwk)
    raise KeyFormatError("unsupported JWK (OKP Ed25519 and EC P-256, P-384 keys are supported)")


def did_key_from_public(key: PublicKey) -> str:
    return f"did:key:{key.multibase}"


def public_key_from_did_key(did: str) -> PublicKey:
    """The key a ``did:key`` names (the did:key method, resolved offline): Ed25519
    (``z6Mk…``), P-256 (``zDna…``) or P-384 (``z82L…``)."""
    if not did.startswith("did:key:"):
        raise KeyFormatError("not a did:key identifier")
    ident = did[len("did:key:") :].split("#", 1)[0]
    if ident.startswith("z6Mk"):
        return Ed25519PublicKey.from_multibase(ident)
    if ident.startswith(("zDna", "z82L")):
        key = EcPublicKey.from_multibase(ident)
        if key.multibase != ident:  # one key, one identifier
            raise KeyFormatError("the did:key identifier is not in canonical form")
        return key
    raise KeyFormatError(
        "only Ed25519, P-256 and P-384 did:key identifiers (z6Mk…, zDna…, z82L…) are supported"
    )
