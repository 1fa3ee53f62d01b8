"""VC-JWT: real signatures (EdDSA, ES256, RS256) made independently with `cryptography`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from factories import badge

from wallet import jose
from wallet.errors import InputError, ProofError, UnsupportedProofError
from wallet.keys import Ed25519KeyPair
from wallet.multiformats import b64url_encode
from wallet.result import CheckId, Outcome
from wallet.verify import VerifyOptions, verify_jwt

NOW = VerifyOptions(now=datetime(2025, 6, 1, tzinfo=UTC))


def _b64json(obj: dict) -> str:
    return b64url_encode(json.dumps(obj).encode())


def _rsa_token(payload: dict, key: rsa.RSAPrivateKey, header: dict | None = None) -> str:
    head = _b64json({"alg": "RS256", **(header or {})})
    signing_input = f"{head}.{_b64json(payload)}".encode()
    sig = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return f"{signing_input.decode()}.{b64url_encode(sig)}"


def _es256_token(payload: dict, key: ec.EllipticCurvePrivateKey, header: dict) -> str:
    head = _b64json({"alg": "ES256", **header})
    signing_input = f"{head}.{_b64json(payload)}".encode()
    r, s = decode_dss_signature(key.sign(signing_input, ec.ECDSA(hashes.SHA256())))
    sig = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return f"{signing_input.decode()}.{b64url_encode(sig)}"


def _rsa_jwk(key: rsa.RSAPrivateKey) -> dict:
    n = key.public_key().public_numbers()
    return {"kty": "RSA", "n": b64url_encode(n.n.to_bytes((n.n.bit_length() + 7) // 8, "big")),
            "e": b64url_encode(n.e.to_bytes(3, "big"))}


def _ec_jwk(key: ec.EllipticCurvePrivateKey) -> dict:
    n = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": b64url_encode(n.x.to_bytes(32, "big")),
            "y": b64url_encode(n.y.to_bytes(32, "big"))}


def test_rs256_verifies_and_any_flipped_byte_fails() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    token = _rsa_token({"iss": "https://issuer.example", "n": 1}, key)
    decoded = jose.decode_jws(token)
    assert jose.verify_jws(decoded, _rsa_jwk(key))
    head, payload, sig = token.split(".")
    for i in range(0, len(payload), 7):
        flipped = payload[:i] + ("A" if payload[i] != "A" else "B") + payload[i + 1:]
        try:
            tampered = jose.decode_jws(f"{head}.{flipped}.{sig}")
        except InputError:
            continue  # no longer JSON at all: also a failure, just earlier
        assert not jose.verify_jws(tampered, _rsa_jwk(key))


def test_es256_raw_signature() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    token = _es256_token({"a": 1}, key, {})
    assert jose.verify_jws(jose.decode_jws(token), _ec_jwk(key))
    other = ec.generate_private_key(ec.SECP256R1())
    assert not jose.verify_jws(jose.decode_jws(token), _ec_jwk(other))


def test_eddsa_sign_and_verify() -> None:
    key = Ed25519KeyPair.generate()
    token = jose.sign_jws({"typ": "JWT"}, {"hello": "wörld"}, key.signer())
    decoded = jose.decode_jws(token)
    assert decoded.header["kid"] == key.key_id and decoded.payload == {"hello": "wörld"}
    assert jose.verify_jws(decoded, key.public.to_jwk())
    assert not jose.verify_jws(decoded, Ed25519KeyPair.generate().public.to_jwk())


def test_alg_none_crit_and_mismatch_are_refused() -> None:
    none = f"{_b64json({'alg': 'none'})}.{_b64json({'a': 1})}."
    with pytest.raises(ProofError):
        jose.decode_jws(none)
    crit = f"{_b64json({'alg': 'EdDSA', 'crit': ['exp2']})}.{_b64json({})}.AA"
    with pytest.raises(UnsupportedProofError):
        jose.decode_jws(crit)
    key = Ed25519KeyPair.generate()
    token = jose.sign_jws({}, {"a": 1}, key.signer())
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(UnsupportedProofError):
        jose.verify_jws(jose.decode_jws(token), _rsa_jwk(rsa_key))
    for bad in ("a.b", "a.b.c.d", "!!!.e30.AA", f"{_b64json({'alg': 'EdDSA'})}.W10.AA"):
        with pytest.raises(InputError):
            jose.decode_jws(bad)


def test_claims_map_onto_the_credential_and_input_is_untouched() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key)
    vc.pop("validFrom")
    vc.pop("id")
    vc["credentialSubject"].pop("id")
    payload = {"iss": key.did, "sub": "did:example:learner", "jti": "urn:uuid:1",
               "nbf": 1704067200, "exp": 1893456000, "vc": vc}
    before = json.dumps(payload, sort_keys=True)
    view = jose.vc_from_jwt_payload(payload)
    assert json.dumps(payload, sort_keys=True) == before
    assert view["validFrom"] == "2024-01-01T00:00:00Z"
    assert view["validUntil"] == "2030-01-01T00:00:00Z"
    assert view["id"] == "urn:uuid:1"
    assert view["credentialSubject"]["id"] == "did:example:learner"
    assert jose.jwt_claim_problems({**payload, "iss": "did:example:other"})


def test_vc_jwt_verifies_end_to_end_with_did_key() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key)
    token = jose.sign_jws({"typ": "JWT"}, {"iss": key.did, "sub": "did:example:learner",
                                           "nbf": 1704067200, "vc": vc}, key.signer())
    result = verify_jwt(token, NOW)
    assert result.verified, result.checks
    assert result.format == "jwt_vc"
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.PASSED
    head, payload, sig = token.split(".")
    forged = jose.sign_jws({"typ": "JWT"}, {"iss": key.did, "vc": vc},
                           Ed25519KeyPair.generate().signer(key.key_id))
    assert verify_jwt(forged, NOW).check(CheckId.PROOF).detail == "bad_signature"


def test_vc_jwt_with_header_jwk_is_unconfirmed_unless_it_is_the_did_key() -> None:
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    vc = badge(Ed25519KeyPair.generate())
    vc["issuer"]["id"] = "https://issuer.example"
    token = _rsa_token({"iss": "https://issuer.example", "vc": vc}, rsa_key,
                       {"jwk": _rsa_jwk(rsa_key)})
    result = verify_jwt(token, NOW)
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.WARNING
