"""Multibase (base58btc ``z``, base64url ``u``) and the multicodec prefixes used by Multikey.

Specs: W3C Controlled Identifiers 1.0 §2.2.2 (Multikey), the multibase and multicodec tables.
"""

from __future__ import annotations

import base64
import binascii

from wallet.errors import KeyFormatError

__all__ = [
    "MAX_BASE58_CHARS",
    "ED25519_PRIV",
    "ED25519_PUB",
    "P256_PRIV",
    "P256_PUB",
    "P384_PRIV",
    "P384_PUB",
    "b58decode",
    "b58encode",
    "b64url_decode",
    "b64url_encode",
    "multibase_decode",
    "multibase_encode",
    "multicodec_unwrap",
    "multicodec_wrap",
]

_B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58_ALPHABET)}

# multicodec varint prefixes
ED25519_PUB = b"\xed\x01"
ED25519_PRIV = b"\x80\x26"
P256_PUB = b"\x80\x24"  # p256-pub 0x1200, then the 33-byte compressed point ("zDna…")
P384_PUB = b"\x81\x24"  # p384-pub 0x1201, then the 49-byte compressed point ("z82L…")
P256_PRIV = b"\x86\x26"  # p256-priv 0x1306, then the 32-byte secret scalar
P384_PRIV = b"\x87\x26"  # p384-priv 0x1307, then the 48-byte secret scalar


def b58encode(data: bytes) -> str:
    n = int.from_bytes(data, "big")
    out = []
    while n:
        n, r = divmod(n, 58)
        out.append(_B58_ALPHABET[r])
    pad = len(data) - len(data.lstrip(b"\0"))
    return "1" * pad + "".join(reversed(out))


MAX_BASE58_CHARS = 4096
"""The longest base58btc text decoded. Base58 here is for keys, signatures and digests (a
P-384 signature is 132 characters), and decoding is quadratic in the length: a proof value of
100,000 characters took 1.5 s, one of a million would take minutes."""


def b58decode(text: str) -> bytes:
    if len(text) > MAX_BASE58_CHARS:
        raise KeyFormatError(
            f"base58btc text of {len(text):,} characters is longer than any "
            f"key or signature (at most {MAX_BASE58_CHARS:,} are decoded)"
        )
    n = 0
    for ch in text:
        try:
            n = n * 58 + _B58_INDEX[ch]
        except KeyError:
            raise KeyFormatError(f"not base58btc: unexpected character {ch!r}") from None
    pad = len(text) - len(text.lstrip("1"))
    body = n.to_bytes((n.bit_length() + 7) // 8, "big") if n else b""
    return b"\0" * pad + body


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: object) -> bytes:
    """Strict unpadded base64url (RFC 7515 §2): anything else (any JSON value) is refused."""
    if not isinstance(text, str) or "=" in text or len(text) % 4 == 1:
        raise KeyFormatError("not unpadded base64url")
    try:
        raw = base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError):
        raise KeyFormatError("not unpadded base64url") from None
    if b64url_encode(raw) != text:  # non-canonical trailing bits
        raise KeyFormatError("not canonical base64url")
    return raw


def multibase_encode(data: bytes, base: str = "z") -> str:
    if base == "z":
        return "z" + b58encode(data)
    if base == "u":
        return "u" + b64url_encode(data)
    raise KeyFormatError(f"unsupported multibase prefix {base!r}")


def multibase_decode(text: str) -> bytes:
    if not isinstance(text, str) or len(text) < 2:
        raise KeyFormatError("empty or non-string multibase value")
    if text[0] == "z":
        return b58decode(text[1:])
    if text[0] == "u":
        return b64url_decode(text[1:])
    raise KeyFormatError(f"unsupported multibase prefix {text[0]!r} (expected 'z' or 'u')")


def multicodec_wrap(prefix: bytes, key: bytes) -> bytes:
    return prefix + key


def multicodec_unwrap(
    data: bytes, prefix: bytes, length: int, what: str = "an Ed25519 key"
) -> bytes:
    if not data.startswith(prefix):
        raise KeyFormatError(f"unexpected multicodec prefix (not {what})")
    key = data[len(prefix) :]
    if len(key) != length:
        raise KeyFormatError(f"{what} has {length} bytes, this one {len(key)}")
    return key
