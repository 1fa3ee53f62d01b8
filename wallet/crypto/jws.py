"""Compact JWS: RFC 7515 (JWS), RFC 7518 (JWA), RFC 8037 (EdDSA), RFC 7517 (JWK); the JOSE
layer of VC-JWT (Open Badges 3.0 §8.2, VC Data Model 1.1 §6.3.1, VC-JOSE-COSE).

Pure functions, no network:

* :func:`decode_jws` — strict: unpadded base64url, JSON objects without duplicate members, a
  size bound; ``alg: none``, unknown ``crit`` extensions, ``b64: false`` and a header ``jwk``
  that carries private key material are refused.
* :func:`jwk_public_key` / :func:`verify_jws` — EdDSA (Ed25519), ES256 (P-256, raw ``R || S``),
  RS256 and PS256 (RSA ≥ 2048 bits) against a public JWK. A bad signature is ``False``; an
  algorithm we do not support, or one that does not fit the key, raises.
* :func:`sign_jws` — through a :class:`~wallet.crypto.keys.Signer` (the key stays behind the seam).

The credential a VC-JWT secures is read by :mod:`wallet.formats.vcjwt`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wallet.credential import (
    MAX_JSON_DEPTH,
    load_json,
)
from wallet.crypto.keys import Signer
from wallet.crypto.multiformats import b64url_decode, b64url_encode
from wallet.errors import (
    InputError,
    KeyFormatError,
    ProofError,
    SigningError,
    UnsupportedProofError,
)
from wallet.limits import charge_signature, check_shape

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    PublicKey = Ed25519PublicKey | EllipticCurvePublicKey | RSAPublicKey

__all__ = [
    "MAX_JWS_BYTES",
    "SUPPORTED_ALGS",
    "DecodedJws",
    "decode_jws",
    "jwk_public_key",
    "sign_jws",
    "verify_jws",
]


MAX_JWS_BYTES = 5 * 1024 * 1024
SUPPORTED_ALGS = ("EdDSA", "ES256", "RS256", "PS256")
_UNDERSTOOD_CRIT: frozenset[str] = frozenset()  # no extension is understood, so any crit fails
_REGISTERED_HEADERS = frozenset(
    {"alg", "jku", "jwk", "kid", "x5u", "x5c", "x5t", "x5t#S256", "typ", "cty", "crit"}
)
_PRIVATE_JWK_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")
_KEY_TYPE_OF_ALG = {"EdDSA": "OKP", "ES256": "EC", "RS256": "RSA", "PS256": "RSA"}
_RSA_BITS = (2048, 16384)


@dataclass(frozen=True)
class DecodedJws:
    """A compact JWS taken apart. ``signing_input`` is ``ASCII(header "." payload)`` exactly as
    received, which is what the signature covers (never a re-encoding)."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


# --- decoding --------------------------------------------------------------------------------


def _json_part(part: str, what: str) -> dict[str, Any]:
    """One JOSE part: unpadded base64url of strict JSON (RFC 7515 §4: no duplicate member
    names; :func:`wallet.credential.load_json` for the rest), and an object."""
    try:
        raw = b64url_decode(part)
    except KeyFormatError:
        raise InputError(f"the JWT's {what} is not unpadded base64url") from None
    value = load_json(
        raw, what=f"the JWT's {what}", max_bytes=MAX_JWS_BYTES, max_depth=MAX_JSON_DEPTH
    )
    if not isinstance(value, dict):
        raise InputError(f"the JWT's {what} is not a JSON object")
    return value


def decode_jws(token: str) -> DecodedJws:
    """Take a compact JWS apart (RFC 7515 §7.1), strictly.

    Raises :class:`InputError` for anything that is not a well-formed compact JWS,
    :class:`UnsupportedProofError` for ``alg: none``, ``crit`` extensions, ``b64: false``, and
    :class:`ProofError` for a header ``jwk`` holding private key material (OB 3.0 §8.2.3),
    and :class:`~wallet.errors.DocumentTooComplexError` for a payload over the limits of
    :mod:`wallet.limits` (a credential's). The signature is not checked here: see
    :func:`verify_jws`.
    """
    if not isinstance(token, str):
        raise InputError("a JWT is text")
    if len(token) > MAX_JWS_BYTES:
        raise InputError(f"the JWT is longer than {MAX_JWS_BYTES:,} characters")
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise InputError(
            f"a compact JWT has three parts separated by dots (this one has {len(parts)})"
        )
    header = _json_part(parts[0], "header")
    payload = _json_part(parts[1], "payload")
    check_shape(payload, what="the JWT's payload")  # what is nested in it is verified too
    try:
        signature = b64url_decode(parts[2])
    except KeyFormatError:
        raise InputError("the JWT's signature is not unpadded base64url") from None
    alg = header.get("alg")
    if not isinstance(alg, str) or not alg:
        raise InputError("the JWT header has no 'alg'")
    if alg.lower() == "none":
        raise UnsupportedProofError(
            "the JWT is not signed (alg 'none'); unsigned credentials are refused"
        )
    if "crit" in header:
        crit = header["crit"]
        if (
            not isinstance(crit, list)
            or not crit
            or not all(isinstance(c, str) for c in crit)
            or set(crit) & _REGISTERED_HEADERS
        ):
            raise InputError("the JWT header's 'crit' is malformed (RFC 7515 §4.1.11)")
        unknown = sorted(set(crit) - _UNDERSTOOD_CRIT)
        if unknown:
            raise UnsupportedProofError(
                "the JWT requires header extensions this wallet does "
                f"not implement: {', '.join(c[:40] for c in unknown)}"
            )
    if "b64" in header:
        if header["b64"] is False:
            raise UnsupportedProofError(
                "unencoded JWS payloads (b64: false, RFC 7797) are not supported"
            )
        if header["b64"] is not True:
            raise InputError("the JWT header's 'b64' must be true or false")
    jwk = header.get("jwk")
    if jwk is not None:
        if not isinstance(jwk, dict):
            raise InputError("the JWT header's 'jwk' is not a JSON object")
        if any(member in jwk for member in _PRIVATE_JWK_MEMBERS):
            raise ProofError(
                "the JWT header's 'jwk' contains private key material; it must "
                "hold only the public key (OB 3.0 §8.2.3)"
            )
    return DecodedJws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


# --- keys and verification -------------------------------------------------------------------


def _b64_member(jwk: Mapping[str, Any], name: str) -> bytes:
    value = jwk.get(name)
    if not isinstance(value, str) or not value:
        raise KeyFormatError(f"the {jwk.get('kty')} JWK has no '{name}'")
    try:
        return b64url_decode(value)
    except KeyFormatError:
        raise KeyFormatError(f"the JWK member '{name}' is not unpadded base64url") from None


def jwk_public_key(jwk: Mapping[str, Any]) -> PublicKey:
    """A ``cryptography`` public key for a JWK: OKP/Ed25519, EC/P-256 or RSA.

    Only public members are read: private ones (``d`` …) are ignored, never required, and never
    appear in a message. Raises :class:`KeyFormatError` for anything else.
    """
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    if not isinstance(jwk, Mapping):
        raise KeyFormatError("a JWK is a JSON object")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    use = jwk.get("use")
    if use is not None and use != "sig":
        raise KeyFormatError(f"the JWK is for {str(use)[:20]!r}, not for signatures")
    ops = jwk.get("key_ops")
    if ops is not None and (not isinstance(ops, list) or "verify" not in ops):
        raise KeyFormatError("the JWK's key_ops do not allow 'verify'")
    try:
        if kty == "OKP" and crv == "Ed25519":
            x = _b64_member(jwk, "x")
            if len(x) != 32:
                raise KeyFormatError(f"an Ed25519 JWK has a 32-byte 'x', this one {len(x)}")
            return ed25519.Ed25519PublicKey.from_public_bytes(x)
        if kty == "EC" and crv == "P-256":
            x, y = _b64_member(jwk, "x"), _b64_member(jwk, "y")
            if len(x) != 32 or len(y) != 32:
                raise KeyFormatError("a P-256 JWK has 32-byte coordinates")
            return ec.EllipticCurvePublicNumbers(  # checks that the point is on the curve
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
        if kty == "RSA":
            n = int.from_bytes(_b64_member(jwk, "n"), "big")
            e = int.from_bytes(_b64_member(jwk, "e"), "big")
            if not _RSA_BITS[0] <= n.bit_length() <= _RSA_BITS[1]:
                raise KeyFormatError(
                    f"RSA keys of {n.bit_length()} bits are refused (2048 to "
                    "16384 bits are accepted)"
                )
            if e < 3 or e % 2 == 0 or e >= n:
                raise KeyFormatError("the RSA JWK has an invalid exponent")
            return rsa.RSAPublicNumbers(e, n).public_key()
    except KeyFormatError:
        raise
    except (TypeError, ValueError):
        raise KeyFormatError(f"the {kty} JWK is not a valid public key") from None
    shown = ", ".join(f"{k} {str(v)[:20]!r}" for k, v in (("kty", kty), ("crv", crv)) if v)
    raise KeyFormatError(
        f"unsupported JWK ({shown or 'no kty'}); Ed25519, P-256 and RSA keys are supported"
    )


def verify_jws(decoded: DecodedJws, jwk: Mapping[str, Any]) -> bool:
    """True when ``decoded``'s signature is valid for ``jwk`` (RFC 7515 §5.2).

    A signature that does not verify — wrong key, changed bytes, wrong length — is ``False``.
    Raises :class:`UnsupportedProofError` for an algorithm other than :data:`SUPPORTED_ALGS`
    or one that does not fit the key, and :class:`KeyFormatError` for an unusable key.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    alg = decoded.header.get("alg")
    if alg not in SUPPORTED_ALGS:
        raise UnsupportedProofError(
            f"the JWT algorithm {str(alg)[:20]!r} is not supported "
            f"({', '.join(SUPPORTED_ALGS)} are)"
        )
    if isinstance(jwk, Mapping) and jwk.get("alg") not in (None, alg):
        raise UnsupportedProofError(
            f"the key is for {str(jwk.get('alg'))[:20]!r}, the JWT is signed with {alg}"
        )
    key = jwk_public_key(jwk)
    expected = {
        "EdDSA": ed25519.Ed25519PublicKey,
        "ES256": ec.EllipticCurvePublicKey,
        "RS256": rsa.RSAPublicKey,
        "PS256": rsa.RSAPublicKey,
    }[alg]
    if not isinstance(key, expected):
        raise UnsupportedProofError(
            f"{alg} needs an {_KEY_TYPE_OF_ALG[alg]} key, this JWK is {jwk.get('kty')}"
        )
    data, sig = decoded.signing_input, decoded.signature
    charge_signature()  # the verification's work budget (wallet.limits)
    try:
        if isinstance(key, ed25519.Ed25519PublicKey):
            if len(sig) != 64:
                return False
            key.verify(sig, data)
        elif isinstance(key, ec.EllipticCurvePublicKey):
            if len(sig) != 64:  # RFC 7518 §3.4: the raw R || S, 32 bytes each (not DER)
                return False
            r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        elif alg == "RS256":
            key.verify(sig, data, padding.PKCS1v15(), hashes.SHA256())
        else:  # PS256, RFC 7518 §3.5: MGF1 with SHA-256, salt as long as the hash
            key.verify(
                sig,
                data,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                hashes.SHA256(),
            )
    except (InvalidSignature, ValueError):
        return False
    return True


# --- signing ---------------------------------------------------------------------------------


def _encode(obj: Mapping[str, Any], what: str) -> str:
    try:
        text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
        return b64url_encode(text.encode("utf-8"))
    except (TypeError, ValueError, UnicodeEncodeError) as exc:
        raise SigningError(f"the JWT {what} cannot be encoded as JSON ({exc})") from None


def sign_jws(header: Mapping[str, Any], payload: Mapping[str, Any], signer: Signer) -> str:
    """A compact JWS of ``payload`` signed by ``signer`` (RFC 7515 §5.1).

    ``alg`` is the signer's; ``kid`` is the signer's key id unless ``header`` names the key
    itself (``kid``, ``jwk`` or ``x5c``, as an OID4VCI key proof may). JSON is encoded
    compactly, in the order given, so the same input always gives the same bytes.
    """
    if header.get("alg", signer.algorithm) != signer.algorithm:
        raise SigningError(
            f"the header asks for {header.get('alg')!r} but the key signs with {signer.algorithm}"
        )
    if signer.algorithm not in SUPPORTED_ALGS:
        raise SigningError(f"the key's algorithm {signer.algorithm!r} is not supported")
    full: dict[str, Any] = {"alg": signer.algorithm}
    if not any(name in header for name in ("kid", "jwk", "x5c")):
        full["kid"] = signer.key_id
    full.update({k: v for k, v in header.items() if k != "alg"})
    signing_input = f"{_encode(full, 'header')}.{_encode(payload, 'payload')}"
    signature = signer.sign(signing_input.encode("ascii"))
    if not isinstance(signature, bytes) or not signature:
        raise SigningError("the signer returned no signature")
    return f"{signing_input}.{b64url_encode(signature)}"
