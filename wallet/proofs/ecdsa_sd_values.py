"""``ecdsa-sd-2023``'s proof values (W3C vc-di-ecdsa 1.0 §3.5.1–§3.5.8): a base proof's and a
derived proof's components, written and read. A proof value is multibase base64url over a
three-byte header (``d9 5d 00`` base, ``d9 5d 01`` derived) and an untagged CBOR array (RFC 8949)
of five components; it is read within bounds (:data:`MAX_PROOF_VALUE_CHARS`) and every component
checked for its type and length before use. Signing, deriving and verifying with them is
:mod:`wallet.proofs.ecdsa_sd_2023`. The functions are named after the specification's.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import cbor2

from wallet.crypto.keys import CURVES
from wallet.crypto.multiformats import b64url_decode, b64url_encode, multibase_decode
from wallet.errors import KeyFormatError, KeyTypeError, MalformedProofError
from wallet.proofs.base import DATA_INTEGRITY_PROOF

__all__ = [
    "BASE_HEADER",
    "DERIVED_HEADER",
    "MAX_PROOF_VALUE_CHARS",
    "NAME",
    "P256",
    "BaseProofValue",
    "DerivedProofValue",
    "compress_label_map",
    "decompress_label_map",
    "is_base_proof",
    "parse_base_proof_value",
    "parse_derived_proof_value",
    "proof_bytes",
    "serialize_base_proof_value",
    "serialize_derived_proof_value",
    "serialize_sign_data",
]

NAME = "ecdsa-sd-2023"
BASE_HEADER = b"\xd9\x5d\x00"
DERIVED_HEADER = b"\xd9\x5d\x01"
P256 = CURVES["P-256"]
_MULTIKEY_LENGTH = len(P256.public_prefix) + P256.size + 1  # 35: 0x80 0x24 + compressed point


@dataclass(frozen=True)
class BaseProofValue:
    base_signature: bytes
    public_key: bytes  # the proof-scoped key, as Multikey bytes (p256-pub + compressed point)
    hmac_key: bytes
    signatures: tuple[bytes, ...]
    mandatory_pointers: tuple[str, ...]


@dataclass(frozen=True)
class DerivedProofValue:
    base_signature: bytes
    public_key: bytes
    signatures: tuple[bytes, ...]
    label_map: dict[str, str]  # verifier's canonical label "c14nN" → the signed "u…" label
    mandatory_indexes: tuple[int, ...]


def serialize_sign_data(proof_hash: bytes, public_key: bytes, mandatory_hash: bytes) -> bytes:
    """*serializeSignData*: what the issuer's key signs."""
    return proof_hash + public_key + mandatory_hash


def _encode(header: bytes, components: list[Any]) -> str:
    return "u" + b64url_encode(header + cbor2.dumps(components))


def serialize_base_proof_value(value: BaseProofValue) -> str:
    """*serializeBaseProofValue*."""
    return _encode(
        BASE_HEADER,
        [
            value.base_signature,
            value.public_key,
            value.hmac_key,
            list(value.signatures),
            list(value.mandatory_pointers),
        ],
    )


def compress_label_map(label_map: Mapping[str, str]) -> dict[int, bytes]:
    """*compressLabelMap*: ``"c14n3" → "uXY…"`` becomes ``3 → bytes``, in key order."""
    try:
        pairs = sorted(
            (int(k.removeprefix("c14n")), b64url_decode(v.removeprefix("u")))
            for k, v in label_map.items()
        )
    except (ValueError, KeyFormatError):
        raise MalformedProofError("the label map is not c14nN → base64url labels") from None
    return dict(pairs)


def decompress_label_map(compressed: Mapping[int, bytes]) -> dict[str, str]:
    """*decompressLabelMap*."""
    return {f"c14n{k}": "u" + b64url_encode(v) for k, v in compressed.items()}


def serialize_derived_proof_value(value: DerivedProofValue) -> str:
    """*serializeDerivedProofValue*."""
    return _encode(
        DERIVED_HEADER,
        [
            value.base_signature,
            value.public_key,
            list(value.signatures),
            compress_label_map(value.label_map),
            list(value.mandatory_indexes),
        ],
    )


MAX_PROOF_VALUE_CHARS = 512 * 1024
"""The longest proof value read. It holds one 64-byte signature per statement not mandatory
(a verification checks at most about 2,000 signatures within its work budget, see
:mod:`wallet.limits`: 180 KB); CBOR of tiny items costs Python about 70 bytes of memory per
byte, so 3.5 MB of empty arrays took 1.3 s and 335 MB before it was found malformed."""


def proof_bytes(proof_value: Any) -> bytes:
    if not isinstance(proof_value, str) or not proof_value.startswith("u"):
        raise MalformedProofError(f"an {NAME} proof value is multibase base64url ('u…')")
    if len(proof_value) > MAX_PROOF_VALUE_CHARS:
        raise MalformedProofError(
            f"the {NAME} proof value has {len(proof_value):,} characters, "
            f"more than any proof needs (at most "
            f"{MAX_PROOF_VALUE_CHARS:,} are read)"
        )
    try:
        return multibase_decode(proof_value)
    except KeyFormatError as exc:
        raise MalformedProofError(f"the proof value cannot be read: {exc.message}") from None


def _untag(value: Any) -> Any:
    """Byte strings some encoders wrap in tag 64 (RFC 8746 uint8 array), unwrapped."""
    if isinstance(value, cbor2.CBORTag) and value.tag == 64 and isinstance(value.value, bytes):
        return value.value
    if isinstance(value, list):
        return [_untag(v) for v in value]
    if isinstance(value, dict):
        return {k: _untag(v) for k, v in value.items()}
    return value


def _components(data: bytes, header: bytes, what: str) -> list[Any]:
    if not data.startswith(header):
        raise MalformedProofError(f"the proof value is not an {NAME} {what} proof")
    stream = io.BytesIO(data[len(header) :])
    try:
        components = _untag(cbor2.CBORDecoder(stream).decode())
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, RecursionError, EOFError):
        raise MalformedProofError(f"the {what} proof value is not valid CBOR") from None
    if stream.tell() != len(data) - len(header):
        raise MalformedProofError(f"the {what} proof value has bytes after its CBOR")
    if not isinstance(components, list) or len(components) != 5:
        raise MalformedProofError(f"the {what} proof value is not an array of five components")
    return components


def _bytes(value: Any, length: int, name: str) -> bytes:
    if not isinstance(value, bytes) or len(value) != length:
        raise MalformedProofError(f"the proof value's {name} is not {length} bytes")
    return value


def _base_signature(value: Any) -> bytes:
    if isinstance(value, bytes) and len(value) == CURVES["P-384"].signature_length:
        raise KeyTypeError(
            f"the base signature has 96 bytes, a P-384 signature; {NAME} is "
            "defined for P-256 keys (64-byte signatures)"
        )
    return _bytes(value, P256.signature_length, "base signature")


def _signatures(value: Any) -> tuple[bytes, ...]:
    if not isinstance(value, list) or not all(
        isinstance(s, bytes) and len(s) == P256.signature_length for s in value
    ):
        raise MalformedProofError("the proof value's signatures are not 64-byte P-256 signatures")
    return tuple(value)


def parse_base_proof_value(proof_value: Any) -> BaseProofValue:
    """*parseBaseProofValue*."""
    c = _components(proof_bytes(proof_value), BASE_HEADER, "base")
    pointers = c[4]
    if not isinstance(pointers, list) or not all(isinstance(p, str) for p in pointers):
        raise MalformedProofError("the base proof's mandatory pointers are not strings")
    return BaseProofValue(
        _base_signature(c[0]),
        _bytes(c[1], _MULTIKEY_LENGTH, "public key"),
        _bytes(c[2], 32, "HMAC key"),
        _signatures(c[3]),
        tuple(pointers),
    )


def parse_derived_proof_value(proof_value: Any) -> DerivedProofValue:
    """*parseDerivedProofValue*: a 64-byte base signature, a 35-byte Multikey (§3.5.7 says 36;
    a P-256 Multikey has 35 bytes, as implementations write it), 64-byte signatures, a map of
    integers to 32-byte labels and an array of integers."""
    c = _components(proof_bytes(proof_value), DERIVED_HEADER, "derived")
    labels, indexes = c[3], c[4]
    if not isinstance(labels, dict) or not all(
        type(k) is int and k >= 0 and isinstance(v, bytes) and len(v) == 32
        for k, v in labels.items()
    ):
        raise MalformedProofError("the derived proof's label map is not integers → 32 bytes")
    if not isinstance(indexes, list) or not all(type(i) is int and i >= 0 for i in indexes):
        raise MalformedProofError("the derived proof's mandatory indexes are not integers")
    return DerivedProofValue(
        _base_signature(c[0]),
        _bytes(c[1], _MULTIKEY_LENGTH, "public key"),
        _signatures(c[2]),
        decompress_label_map(labels),
        tuple(indexes),
    )


def is_base_proof(proof: Mapping[str, Any]) -> bool:
    """True for an ecdsa-sd-2023 proof whose value is a base proof (the holder's)."""
    if proof.get("type") != DATA_INTEGRITY_PROOF or proof.get("cryptosuite") != NAME:
        return False
    try:
        return proof_bytes(proof.get("proofValue")).startswith(BASE_HEADER)
    except MalformedProofError:
        return False
