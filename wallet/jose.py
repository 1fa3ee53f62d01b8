"""Compact JWS for VC-JWT (Open Badges 3.0 §8.2, VC Data Model 1.1 §6.3.1, VC-JOSE-COSE).

Pure functions, no network: :func:`decode_jws` (strict), :func:`verify_jws` against a public JWK
(EdDSA/Ed25519, ES256, RS256, PS256), :func:`sign_jws` through a :class:`~wallet.keys.Signer`,
and the mapping from JWT claims to the credential they secure (:func:`vc_from_jwt_payload`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wallet.errors import InputError, KeyFormatError, ProofError, UnsupportedProofError
from wallet.keys import Signer
from wallet.multiformats import b64url_decode, b64url_encode

__all__ = [
    "DecodedJws",
    "decode_jws",
    "jwk_public_key",
    "jwt_claim_problems",
    "sign_jws",
    "vc_from_jwt_payload",
    "verify_jws",
]

MAX_JWS_BYTES = 5 * 1024 * 1024
SUPPORTED_ALGS = ("EdDSA", "ES256", "RS256", "PS256")
_UNDERSTOOD_CRIT: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DecodedJws:
    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part))
    except KeyFormatError:
        raise InputError(f"the JWT's {what} is not base64url") from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError(f"the JWT's {what} is not JSON") from None
    if not isinstance(value, dict):
        raise InputError(f"the JWT's {what} is not a JSON object")
    return value


def decode_jws(token: str) -> DecodedJws:
    """Split and decode a compact JWS; refuse ``alg: none``, unknown ``crit`` and ``b64: false``."""
    if not isinstance(token, str) or len(token) > MAX_JWS_BYTES:
        raise InputError("the JWT is too large or not text")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise InputError("a compact JWT has three parts separated by dots")
    header = _json_part(parts[0], "header")
    payload = _json_part(parts[1], "payload")
    try:
        signature = b64url_decode(parts[2])
    except KeyFormatError:
        raise InputError("the JWT's signature is not base64url") from None
    alg = header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        raise ProofError("the JWT is not signed (alg is 'none' or missing)")
    crit = header.get("crit")
    if crit is not None and (not isinstance(crit, list) or set(crit) - _UNDERSTOOD_CRIT):
        raise UnsupportedProofError(f"the JWT requires header extensions we do not know: {crit}")
    if header.get("b64") is False:
        raise UnsupportedProofError("unencoded JWS payloads (b64: false) are not supported")
    return DecodedJws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), signature)


def jwk_public_key(jwk: Mapping[str, Any]) -> Any:
    """A ``cryptography`` public key for a public JWK (private members are ignored)."""
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

    kty = jwk.get("kty")
    try:
        if kty == "OKP" and jwk.get("crv") == "Ed25519":
            return ed25519.Ed25519PublicKey.from_public_bytes(b64url_decode(jwk["x"]))
        if kty == "EC" and jwk.get("crv") == "P-256":
            x, y = b64url_decode(jwk["x"]), b64url_decode(jwk["y"])
            if len(x) != 32 or len(y) != 32:
                raise KeyFormatError("a P-256 JWK has 32-byte coordinates")
            return ec.EllipticCurvePublicNumbers(
                int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
            ).public_key()
        if kty == "RSA":
            n = int.from_bytes(b64url_decode(jwk["n"]), "big")
            e = int.from_bytes(b64url_decode(jwk["e"]), "big")
            if n.bit_length() < 2048:
                raise KeyFormatError("RSA keys shorter than 2048 bits are refused")
            return rsa.RSAPublicNumbers(e, n).public_key()
    except KeyFormatError:
        raise
    except (KeyError, TypeError, ValueError):
        raise KeyFormatError(f"the {kty} JWK is malformed") from None
    raise KeyFormatError(f"unsupported JWK (kty {kty!r}, crv {jwk.get('crv')!r})")


def verify_jws(decoded: DecodedJws, jwk: Mapping[str, Any]) -> bool:
    """True when the signature is valid for ``jwk``. Raises only for an unsupported algorithm,
    an algorithm that does not fit the key, or a malformed key."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    alg = decoded.header.get("alg")
    if alg not in SUPPORTED_ALGS:
        raise UnsupportedProofError(f"the JWT algorithm {alg!r} is not supported")
    key = jwk_public_key(jwk)
    data, sig = decoded.signing_input, decoded.signature
    try:
        if alg == "EdDSA":
            if not isinstance(key, ed25519.Ed25519PublicKey):
                raise UnsupportedProofError("EdDSA needs an Ed25519 key")
            key.verify(sig, data)
        elif alg == "ES256":
            if not isinstance(key, ec.EllipticCurvePublicKey):
                raise UnsupportedProofError("ES256 needs a P-256 key")
            if len(sig) != 64:  # RFC 7518 §3.4: raw R || S
                return False
            r, s = int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
        else:
            if not isinstance(key, rsa.RSAPublicKey):
                raise UnsupportedProofError(f"{alg} needs an RSA key")
            pad = (padding.PKCS1v15() if alg == "RS256" else
                   padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32))
            key.verify(sig, data, pad, hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def _encode(obj: Mapping[str, Any]) -> str:
    return b64url_encode(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode())


def sign_jws(header: Mapping[str, Any], payload: Mapping[str, Any], signer: Signer) -> str:
    """A compact JWS of ``payload``; ``alg`` and ``kid`` come from the signer unless given."""
    full = {"alg": signer.algorithm, "kid": signer.key_id, **header}
    signing_input = f"{_encode(full)}.{_encode(payload)}"
    return f"{signing_input}.{b64url_encode(signer.sign(signing_input.encode('ascii')))}"


def _iso(seconds: Any) -> str | None:
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)):
        return None
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat().replace("+00:00", "Z")


def vc_from_jwt_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The credential a VC-JWT secures (a new dict; the payload is not touched).

    VC 1.1 style (a ``vc`` claim): registered claims fill in what the credential leaves out —
    ``iss`` → issuer, ``nbf`` → issuanceDate/validFrom, ``exp`` → expirationDate/validUntil,
    ``jti`` → id, ``sub`` → credentialSubject.id (VC 1.1 §6.3.1, OB 3.0 §8.2.2).
    VC 2.0 style (``application/vc+jwt``): the payload is the credential.
    """
    if not isinstance(payload.get("vc"), Mapping):
        return copy.deepcopy(dict(payload))
    vc = copy.deepcopy(dict(payload["vc"]))
    ctx = vc.get("@context")
    v1 = (ctx[0] if isinstance(ctx, list) and ctx else ctx) == "https://www.w3.org/2018/credentials/v1"
    start, end = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    if isinstance(payload.get("iss"), str):
        issuer = vc.get("issuer")
        if isinstance(issuer, Mapping):
            vc["issuer"] = {**issuer, "id": issuer.get("id", payload["iss"])}
        elif issuer is None:
            vc["issuer"] = payload["iss"]
    if start not in vc and _iso(payload.get("nbf")):
        vc[start] = _iso(payload["nbf"])
    if end not in vc and _iso(payload.get("exp")):
        vc[end] = _iso(payload["exp"])
    if "id" not in vc and isinstance(payload.get("jti"), str):
        vc["id"] = payload["jti"]
    subject = vc.get("credentialSubject")
    if isinstance(payload.get("sub"), str) and isinstance(subject, dict) and "id" not in subject:
        subject["id"] = payload["sub"]
    return vc


def jwt_claim_problems(payload: Mapping[str, Any]) -> list[str]:
    """Inconsistencies between the JWT claims and the credential (OB 3.0 §8.2.4)."""
    problems: list[str] = []
    for claim in ("exp", "nbf", "iat"):
        value = payload.get(claim)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            problems.append(f"the JWT claim '{claim}' must be a number of seconds")
    vc = payload.get("vc")
    if not isinstance(vc, Mapping):
        return problems
    issuer = vc.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    if isinstance(payload.get("iss"), str) and isinstance(issuer_id, str) \
            and payload["iss"] != issuer_id:
        problems.append("the JWT 'iss' differs from the credential's issuer")
    subject = vc.get("credentialSubject")
    subject_id = subject.get("id") if isinstance(subject, Mapping) else None
    if isinstance(payload.get("sub"), str) and isinstance(subject_id, str) \
            and payload["sub"] != subject_id:
        problems.append("the JWT 'sub' differs from the credential subject's id")
    if isinstance(payload.get("jti"), str) and isinstance(vc.get("id"), str) \
            and payload["jti"] != vc["id"]:
        problems.append("the JWT 'jti' differs from the credential's id")
    return problems
