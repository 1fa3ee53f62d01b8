"""VC-JWT: real signatures (EdDSA, ES256, RS256, PS256), the RFC examples, and tokens made
independently with `cryptography` — nothing here mocks the crypto it tests."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from factories import badge
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.crypto import jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import b64url_decode, b64url_encode
from wallet.errors import (
    InputError,
    KeyFormatError,
    ProofError,
    SigningError,
    UnsupportedProofError,
)
from wallet.formats import vcjwt
from wallet.result import CheckId, Outcome
from wallet.verification.verify import VerifyOptions, verify_jwt

NOW = VerifyOptions(now=datetime(2025, 6, 1, tzinfo=UTC))


def _b64json(obj: object) -> str:
    return b64url_encode(json.dumps(obj).encode())


def _int_b64(n: int, size: int | None = None) -> str:
    return b64url_encode(n.to_bytes(size or (n.bit_length() + 7) // 8, "big"))


# --- independent signers: `cryptography` directly, never wallet code --------------------------

RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
EC_KEY = ec.generate_private_key(ec.SECP256R1())
ED_KEY = ed25519.Ed25519PrivateKey.generate()


def _token(
    alg: str, payload: object, sign: Callable[[bytes], bytes], header: dict | None = None
) -> str:
    signing_input = f"{_b64json({'alg': alg, **(header or {})})}.{_b64json(payload)}"
    return f"{signing_input}.{b64url_encode(sign(signing_input.encode()))}"


def _es256(data: bytes, key: ec.EllipticCurvePrivateKey = EC_KEY) -> bytes:
    r, s = decode_dss_signature(key.sign(data, ec.ECDSA(hashes.SHA256())))
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")  # RFC 7518 §3.4: raw R || S


SIGNERS: dict[str, Callable[[bytes], bytes]] = {
    "EdDSA": ED_KEY.sign,
    "ES256": _es256,
    "RS256": lambda data: RSA_KEY.sign(data, padding.PKCS1v15(), hashes.SHA256()),
    "PS256": lambda data: RSA_KEY.sign(
        data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32), hashes.SHA256()
    ),
}


def _rsa_jwk(key: rsa.RSAPrivateKey = RSA_KEY) -> dict:
    n = key.public_key().public_numbers()
    return {"kty": "RSA", "n": _int_b64(n.n), "e": _int_b64(n.e)}


def _ec_jwk(key: ec.EllipticCurvePrivateKey = EC_KEY) -> dict:
    n = key.public_key().public_numbers()
    return {"kty": "EC", "crv": "P-256", "x": _int_b64(n.x, 32), "y": _int_b64(n.y, 32)}


def _ed_jwk(key: ed25519.Ed25519PrivateKey = ED_KEY) -> dict:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)}


JWKS = {"EdDSA": _ed_jwk(), "ES256": _ec_jwk(), "RS256": _rsa_jwk(), "PS256": _rsa_jwk()}
PAYLOAD = {
    "iss": "https://issuer.example",
    "sub": "did:example:learner",
    "nbf": 1704067200,
    "name": "Ünïcode ✓",
}


# --- the RFC examples ------------------------------------------------------------------------


def test_rfc_7515_a3_es256_example() -> None:
    token = (
        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9l"
        "eGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfT"
        "jDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q"
    )
    jwk = {
        "kty": "EC",
        "crv": "P-256",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    }
    decoded = jws.decode_jws(token)
    assert decoded.header == {"alg": "ES256"}
    assert decoded.payload == {"iss": "joe", "exp": 1300819380, "http://example.com/is_root": True}
    assert jws.verify_jws(decoded, jwk)


def test_rfc_8037_a4_ed25519_example() -> None:
    seed = b64url_decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}
    signing_input = b"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"
    signature = b64url_decode(
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
    )
    pair = Ed25519KeyPair.from_seed(seed)  # the wallet's (PyNaCl) key reproduces the RFC
    assert pair.public.to_jwk() == jwk
    assert pair.sign(signing_input) == signature
    # The RFC's payload is plain text, not a JWT claims set, so build the decoded form directly.
    decoded = jws.DecodedJws({"alg": "EdDSA"}, {}, signing_input, signature)
    assert jws.verify_jws(decoded, jwk)
    assert not jws.verify_jws(
        jws.DecodedJws({"alg": "EdDSA"}, {}, signing_input + b"x", signature), jwk
    )


# --- verification, cross-checked -------------------------------------------------------------


@pytest.mark.parametrize("alg", sorted(SIGNERS))
def test_independently_signed_tokens_verify(alg: str) -> None:
    decoded = jws.decode_jws(_token(alg, PAYLOAD, SIGNERS[alg]))
    assert decoded.payload == PAYLOAD
    assert jws.verify_jws(decoded, JWKS[alg])


@pytest.mark.parametrize(
    ("alg", "other"),
    [
        ("EdDSA", _ed_jwk(ed25519.Ed25519PrivateKey.generate())),
        ("ES256", _ec_jwk(ec.generate_private_key(ec.SECP256R1()))),
        ("RS256", _rsa_jwk(rsa.generate_private_key(public_exponent=65537, key_size=2048))),
    ],
)
def test_another_key_of_the_same_kind_is_false(alg: str, other: dict) -> None:
    assert not jws.verify_jws(jws.decode_jws(_token(alg, PAYLOAD, SIGNERS[alg])), other)


def _flip_each_byte(part: str) -> list[str]:
    raw = b64url_decode(part)
    return [b64url_encode(raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1 :]) for i in range(len(raw))]


@pytest.mark.parametrize("alg", sorted(SIGNERS))
def test_any_single_byte_changed_fails(alg: str) -> None:
    head, payload, sig = _token(alg, PAYLOAD, SIGNERS[alg]).split(".")
    tokens = (
        [f"{h}.{payload}.{sig}" for h in _flip_each_byte(head)]
        + [f"{head}.{p}.{sig}" for p in _flip_each_byte(payload)]
        + [f"{head}.{payload}.{s}" for s in _flip_each_byte(sig)]
    )
    for token in tokens:
        try:
            decoded = jws.decode_jws(token)
        except (InputError, ProofError):
            continue  # no longer a readable token at all: also a failure, just earlier
        assert decoded.header.get("alg") != alg or not jws.verify_jws(decoded, JWKS[alg])


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(SIGNERS)), st.integers(0, 10_000), st.integers(1, 255))
def test_tampering_anywhere_never_verifies(alg: str, position: int, xor: int) -> None:
    token = _token(alg, PAYLOAD, SIGNERS[alg])
    signing_input, sig = token.rsplit(".", 1)
    raw = signing_input.encode() + b"." + b64url_decode(sig)
    position %= len(raw)
    damaged = raw[:position] + bytes([raw[position] ^ xor]) + raw[position + 1 :]
    head, _, rest = damaged.partition(b".")
    payload, _, signature = rest.partition(b".")
    try:
        decoded = jws.decode_jws(
            f"{head.decode('latin-1')}.{payload.decode('latin-1')}.{b64url_encode(signature)}"
        )
    except (InputError, ProofError):
        return
    if decoded.header.get("alg") == alg:
        assert not jws.verify_jws(decoded, JWKS[alg])


def test_es256_signature_must_be_raw_not_der() -> None:
    der = _token("ES256", PAYLOAD, lambda data: EC_KEY.sign(data, ec.ECDSA(hashes.SHA256())))
    assert not jws.verify_jws(jws.decode_jws(der), JWKS["ES256"])


def test_wrong_signature_lengths_are_false() -> None:
    for alg in SIGNERS:
        head, payload, sig = _token(alg, PAYLOAD, SIGNERS[alg]).split(".")
        for bad in (
            "",
            b64url_encode(b64url_decode(sig)[:-1]),
            b64url_encode(b64url_decode(sig) + b"\0"),
        ):
            assert not jws.verify_jws(jws.decode_jws(f"{head}.{payload}.{bad}"), JWKS[alg])


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["EdDSA", "ES256", "RS256", "PS256"])
@pytest.mark.parametrize("wrong", ["EdDSA", "ES256", "RS256"])
def test_alg_and_key_mismatch_raises(alg: str, wrong: str) -> None:
    if JWKS[wrong]["kty"] == JWKS[alg]["kty"]:
        return
    with pytest.raises(UnsupportedProofError, match="needs"):
        jws.verify_jws(jws.decode_jws(_token(alg, PAYLOAD, SIGNERS[alg])), JWKS[wrong])


def test_hmac_and_unknown_algs_are_unsupported() -> None:
    # HS256 with a public key as the secret is the classic algorithm-confusion attack.
    for alg in ("HS256", "ES384", "RS512", "ES256K", "eddsa"):
        decoded = jws.decode_jws(_token(alg, PAYLOAD, lambda _: b"x" * 32))
        with pytest.raises(UnsupportedProofError, match="not supported"):
            jws.verify_jws(decoded, JWKS["RS256"])


def test_a_jwk_for_another_alg_is_refused() -> None:
    decoded = jws.decode_jws(_token("RS256", PAYLOAD, SIGNERS["RS256"]))
    with pytest.raises(UnsupportedProofError, match="PS256"):
        jws.verify_jws(decoded, {**JWKS["RS256"], "alg": "PS256"})
    assert jws.verify_jws(decoded, {**JWKS["RS256"], "alg": "RS256", "use": "sig"})


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_alg_none_is_refused(alg: str) -> None:
    with pytest.raises(UnsupportedProofError, match="not signed"):
        jws.decode_jws(f"{_b64json({'alg': alg})}.{_b64json({'a': 1})}.")


@pytest.mark.parametrize(
    ("header", "error", "words"),
    [
        ({"alg": "EdDSA", "crit": ["exp2"], "exp2": 1}, UnsupportedProofError, "exp2"),
        ({"alg": "EdDSA", "crit": []}, InputError, "crit"),
        ({"alg": "EdDSA", "crit": "exp2"}, InputError, "crit"),
        ({"alg": "EdDSA", "crit": ["alg"]}, InputError, "crit"),
        ({"alg": "EdDSA", "b64": False, "crit": ["b64"]}, UnsupportedProofError, "b64"),
        ({"alg": "EdDSA", "b64": False}, UnsupportedProofError, "b64"),
        ({"alg": "EdDSA", "b64": "no"}, InputError, "b64"),
        ({"typ": "JWT"}, InputError, "alg"),
        ({"alg": 5}, InputError, "alg"),
        ({"alg": "EdDSA", "jwk": {**_ed_jwk(), "d": "c2VjcmV0"}}, ProofError, "private"),
        ({"alg": "EdDSA", "jwk": "x"}, InputError, "jwk"),
    ],
)
def test_header_refusals(header: dict, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words) as err:
        jws.decode_jws(f"{_b64json(header)}.{_b64json({'a': 1})}.AAAA")
    assert "c2VjcmV0" not in str(err.value)


def test_malformed_tokens() -> None:
    head, payload = _b64json({"alg": "EdDSA"}), _b64json({"a": 1})
    twice = b64url_encode(b'{"a":1,"a":2}')
    nan = b64url_encode(b'{"a":NaN}')
    alg_twice = b64url_encode(b'{"alg":"EdDSA","alg":"none"}')
    deep = b64url_encode(b'{"a":' + b"[" * 200 + b"]" * 200 + b"}")
    cases = {
        "a.b": "three parts",
        "a.b.c.d": "three parts",
        f"{head}.{payload}": "three parts",
        f"{head}=.{payload}.AAAA": "base64url",  # padding is not allowed
        f"{head}.{payload}.AA+A": "base64url",  # base64, not base64url
        f"{head}.{payload}.AAB": "base64url",  # non-canonical trailing bits
        f"{head}.{payload[:5]} {payload[5:]}.AAAA": "base64url",
        f"{head}.{b64url_encode(b'[1]')}.AAAA": "not a JSON object",
        f"{head}.{b64url_encode(b'{bad')}.AAAA": "not JSON",
        f"{head}.{b64url_encode(bytes([0xFF, 0xFE]))}.AAAA": "UTF-8",
        f"{head}.{twice}.AAAA": "twice",
        f"{head}.{nan}.AAAA": "NaN",
        f"{alg_twice}.{payload}.AAAA": "twice",
        f"{head}.{deep}.AAAA": "deeply",
        f"{head}.{payload}.{'A' * jws.MAX_JWS_BYTES}": "longer",
    }
    for token, words in cases.items():
        with pytest.raises(InputError, match=words):
            jws.decode_jws(token)
    with pytest.raises(InputError):
        jws.decode_jws(b"a.b.c")  # type: ignore[arg-type]


# --- JWKs ------------------------------------------------------------------------------------


def test_private_members_are_ignored_and_never_shown() -> None:
    secret = b64url_encode(b"\x07" * 32)
    jwk = {**JWKS["EdDSA"], "d": secret}
    assert jws.verify_jws(jws.decode_jws(_token("EdDSA", PAYLOAD, SIGNERS["EdDSA"])), jwk)
    with pytest.raises(KeyFormatError) as err:
        jws.jwk_public_key({"kty": "OKP", "crv": "Ed25519", "d": secret})
    assert secret not in err.value.message and "'x'" in err.value.message


@pytest.mark.parametrize(
    ("jwk", "words"),
    [
        ("not a dict", "JSON object"),
        ({}, "unsupported"),
        ({"kty": "oct", "k": "c2VjcmV0"}, "unsupported"),
        ({"kty": "OKP", "crv": "X25519", "x": _ed_jwk()["x"]}, "unsupported"),
        ({"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(b"\1" * 31)}, "32-byte"),
        ({"kty": "OKP", "crv": "Ed25519", "x": _ed_jwk()["x"] + "="}, "base64url"),
        ({"kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"}, "unsupported"),
        ({**_ec_jwk(), "y": _int_b64(1, 32)}, "not a valid public key"),  # not on the curve
        ({**_ec_jwk(), "x": _int_b64(1, 31)}, "32-byte"),
        ({"kty": "EC", "crv": "P-256", "x": _ec_jwk()["x"]}, "'y'"),
        ({"kty": "RSA", "n": _int_b64(2**1023 + 1), "e": "AQAB"}, "1024 bits"),
        ({**_rsa_jwk(), "e": _int_b64(2)}, "exponent"),
        ({**_rsa_jwk(), "use": "enc"}, "not for signatures"),
        ({**_rsa_jwk(), "key_ops": ["encrypt"]}, "verify"),
    ],
)
def test_bad_jwks(jwk: object, words: str) -> None:
    with pytest.raises(KeyFormatError, match=words):
        jws.jwk_public_key(jwk)  # type: ignore[arg-type]


# --- signing ---------------------------------------------------------------------------------


@dataclass
class _RecordingSigner:
    """A signer over the wallet's own Ed25519 key that keeps what it was asked to sign."""

    pair: Ed25519KeyPair
    key_id: str = "did:example:issuer#key-1"
    algorithm: str = "EdDSA"
    seen: bytes = b""

    def sign(self, data: bytes) -> bytes:
        self.seen = data
        return self.pair.sign(data)


def test_sign_verifies_with_an_independent_verifier() -> None:
    signer = _RecordingSigner(Ed25519KeyPair.generate())
    token = jws.sign_jws({"typ": "JWT"}, {"hello": "wörld", "n": 1}, signer)
    head, payload, sig = token.split(".")
    assert signer.seen == f"{head}.{payload}".encode()
    public = ed25519.Ed25519PublicKey.from_public_bytes(signer.pair.public.raw)
    public.verify(b64url_decode(sig), signer.seen)  # cryptography, not the wallet, checks it
    decoded = jws.decode_jws(token)
    assert decoded.header == {"alg": "EdDSA", "kid": "did:example:issuer#key-1", "typ": "JWT"}
    assert decoded.payload == {"hello": "wörld", "n": 1}
    assert jws.verify_jws(decoded, signer.pair.public.to_jwk())


def test_sign_is_deterministic_and_compact() -> None:
    pair = Ed25519KeyPair.generate()
    payload = {"b": [1, 2], "a": {"ü": "✓"}}
    first = jws.sign_jws({"typ": "JWT"}, payload, pair.signer())
    assert first == jws.sign_jws({"typ": "JWT"}, copy.deepcopy(payload), pair.signer())
    head, body, _ = first.split(".")
    assert b64url_decode(body) == '{"b":[1,2],"a":{"ü":"✓"}}'.encode()
    assert b" " not in b64url_decode(head)


def test_sign_header_rules() -> None:
    pair = Ed25519KeyPair.generate()
    with pytest.raises(SigningError, match="RS256"):
        jws.sign_jws({"alg": "RS256"}, {}, pair.signer())
    # An OID4VCI key proof names its key with jwk: no kid is added next to it.
    token = jws.sign_jws(
        {"typ": "openid4vci-proof+jwt", "jwk": pair.public.to_jwk()}, {"nonce": "n"}, pair.signer()
    )
    header = jws.decode_jws(token).header
    assert "kid" not in header and header["jwk"] == pair.public.to_jwk()
    assert jws.decode_jws(jws.sign_jws({"kid": "#k"}, {}, pair.signer())).header["kid"] == "#k"
    for bad in ({"x": float("nan")}, {"x": object()}):
        with pytest.raises(SigningError, match="cannot be encoded"):
            jws.sign_jws({}, bad, pair.signer())


# --- claims and the credential ---------------------------------------------------------------


def test_vc_claim_maps_onto_the_credential_and_input_is_untouched() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key, validFrom=None, id=None)
    vc["issuer"].pop("id")
    vc["credentialSubject"].pop("id")
    payload = {
        "iss": key.did,
        "sub": "did:example:learner",
        "jti": "urn:uuid:1",
        "nbf": 1704067200,
        "exp": 1893456000,
        "vc": vc,
    }
    before = copy.deepcopy(payload)
    view = vcjwt.vc_from_jwt_payload(payload)
    assert payload == before
    assert view["validFrom"] == "2024-01-01T00:00:00Z"
    assert view["validUntil"] == "2030-01-01T00:00:00Z"
    assert view["id"] == "urn:uuid:1"
    assert view["issuer"] == {**vc["issuer"], "id": key.did}  # other fields kept
    assert view["credentialSubject"]["id"] == "did:example:learner"
    view["credentialSubject"]["achievement"]["name"] = "changed"
    assert payload == before  # a deep copy: the view never aliases the payload
    assert vcjwt.jwt_claim_problems(payload) == []


def test_vc_1_1_names_and_a_string_issuer() -> None:
    vc = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "credentialSubject": [{"degree": "x"}],
    }
    view = vcjwt.vc_from_jwt_payload(
        {"iss": "did:example:i", "nbf": 0, "exp": 1.5, "sub": "did:example:s", "vc": vc}
    )
    assert view["issuer"] == "did:example:i"
    assert view["issuanceDate"] == "1970-01-01T00:00:00Z"
    assert view["expirationDate"] == "1970-01-01T00:00:01.500000Z"
    assert view["credentialSubject"] == [{"degree": "x", "id": "did:example:s"}]
    assert "validFrom" not in view


def test_vc_2_0_payload_is_the_credential() -> None:
    key = Ed25519KeyPair.generate()
    payload = {**badge(key, validFrom=None), "iss": key.did, "nbf": 1704067200}
    view = vcjwt.vc_from_jwt_payload(payload)
    assert view is not payload and view["validFrom"] == "2024-01-01T00:00:00Z"
    assert view["issuer"]["id"] == key.did
    assert vcjwt.jwt_claim_problems(payload) == []


def test_the_credential_s_own_values_are_kept() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key)
    view = vcjwt.vc_from_jwt_payload(
        {"iss": "did:example:other", "jti": "urn:uuid:other", "vc": vc}
    )
    assert view["issuer"]["id"] == key.did and view["id"] == vc["id"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"iss": "did:example:other"}, "'iss' differs"),
        ({"sub": "did:example:other"}, "'sub' differs"),
        ({"jti": "urn:uuid:other"}, "'jti' differs"),
        ({"nbf": 1704067201}, "'nbf' .* differs from the credential's validFrom"),
        ({"exp": 1893456000}, "'exp' .* differs from the credential's validUntil"),
        ({"nbf": "1704067200"}, "'nbf' must be a number"),
        ({"exp": True}, "'exp' must be a number"),
        ({"iat": float("inf")}, "'iat' must be a number"),
        ({"iss": 7}, "'iss' must be a string"),
        ({"vc": "a string"}, "'vc' must be a JSON object"),
    ],
)
def test_claim_problems(change: dict, words: str) -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key, validUntil="2031-01-01T00:00:00Z")
    payload = {
        "iss": key.did,
        "sub": "did:example:learner",
        "jti": vc["id"],
        "nbf": 1704067200,
        "exp": 1924992000,
        "vc": vc,
    }
    assert vcjwt.jwt_claim_problems(payload) == []
    problems = vcjwt.jwt_claim_problems({**payload, **change})
    assert len(problems) == 1 and re.search(words, problems[0]), problems


def test_dates_compare_as_instants() -> None:
    vc = {"validFrom": "2024-01-01T01:00:00.250+01:00", "credentialSubject": {}}
    assert vcjwt.jwt_claim_problems({"nbf": 1704067200, "vc": vc}) == []


def test_strict_requires_the_claims_ob_3_requires() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key)
    assert vcjwt.jwt_claim_problems({"vc": vc}) == []
    missing = vcjwt.jwt_claim_problems({"vc": vc}, strict=True)
    assert [p.split("'")[1] for p in missing] == ["iss", "nbf", "jti", "sub"]
    no_subject_id = badge(key)
    no_subject_id["credentialSubject"].pop("id")
    assert len(vcjwt.jwt_claim_problems({"vc": no_subject_id}, strict=True)) == 3


# --- end to end through wallet.verification.verify ------------------------------------------------


def test_vc_jwt_verifies_end_to_end_with_did_key() -> None:
    key = Ed25519KeyPair.generate()
    vc = badge(key)
    token = jws.sign_jws(
        {"typ": "JWT"},
        {"iss": key.did, "sub": "did:example:learner", "nbf": 1704067200, "vc": vc},
        key.signer(),
    )
    result = verify_jwt(token, NOW)
    assert result.verified, result.checks
    assert result.format == "jwt_vc"
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.PASSED
    forged = jws.sign_jws(
        {"typ": "JWT"}, {"iss": key.did, "vc": vc}, Ed25519KeyPair.generate().signer(key.key_id)
    )
    assert verify_jwt(forged, NOW).check(CheckId.PROOF).detail == "bad_signature"


def test_vc_jwt_whose_claims_disagree_is_not_verified() -> None:
    key = Ed25519KeyPair.generate()
    token = jws.sign_jws(
        {}, {"iss": key.did, "sub": "did:example:someone-else", "vc": badge(key)}, key.signer()
    )
    result = verify_jwt(token, NOW)
    assert not result.verified
    assert result.check(CheckId.STRUCTURE).outcome is Outcome.FAILED


def test_vc_jwt_with_header_jwk_is_unconfirmed_unless_it_is_the_did_key() -> None:
    vc = badge(Ed25519KeyPair.generate())
    vc["issuer"]["id"] = "https://issuer.example"
    token = _token(
        "RS256", {"iss": "https://issuer.example", "vc": vc}, SIGNERS["RS256"], {"jwk": _rsa_jwk()}
    )
    result = verify_jwt(token, NOW)
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED
    assert result.check(CheckId.ISSUER_BINDING).outcome is Outcome.WARNING
