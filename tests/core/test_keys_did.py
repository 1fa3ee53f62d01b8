"""Keys, Multikey, did:key, did:web and the ``URL#z6Mk…`` verification methods."""

from __future__ import annotations

import json

import pytest

from wallet.crypto.did import did_web_url, resolve_verification_method
from wallet.crypto.keys import (
    EcPublicKey,
    Ed25519KeyPair,
    Ed25519PublicKey,
    public_key_from_did_key,
    public_key_from_jwk,
)
from wallet.crypto.multiformats import b58decode, b58encode, b64url_decode, b64url_encode
from wallet.errors import DidResolutionError, KeyFormatError
from wallet.exchange.http import HttpFetcher


def test_base58_round_trip_and_leading_zeros() -> None:
    for data in (b"", b"\0", b"\0\0\x01", bytes(range(256))):
        assert b58decode(b58encode(data)) == data
    with pytest.raises(KeyFormatError):
        b58decode("0OIl")


def test_strict_base64url() -> None:
    assert b64url_decode("AQID") == b"\x01\x02\x03"
    for bad in ("AQID=", "AQ+D", "A", "AR"):  # padding, wrong alphabet, bad length, loose bits
        with pytest.raises(KeyFormatError):
            b64url_decode(bad)


def test_key_pair_hides_its_secret() -> None:
    key = Ed25519KeyPair.generate()
    assert key.secret_multibase not in repr(key)
    assert key.secret_multibase not in repr(key.signer())
    assert key.seed.hex() not in repr(key)


def test_did_key_round_trip() -> None:
    key = Ed25519KeyPair.generate()
    assert key.did.startswith("did:key:z6Mk")
    assert public_key_from_did_key(key.did) == key.public
    resolution = resolve_verification_method(key.key_id)
    assert resolution.confirmed and resolution.method.controller == key.did
    assert resolution.method.ed25519 == key.public


def test_did_key_with_foreign_fragment_is_refused() -> None:
    a, b = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    with pytest.raises(DidResolutionError):
        resolve_verification_method(f"{a.did}#{b.public.multibase}")


def test_bad_keys_get_named_errors() -> None:
    with pytest.raises(KeyFormatError):
        Ed25519PublicKey(b"short")
    with pytest.raises(KeyFormatError):
        Ed25519PublicKey.from_multibase("z" + b58encode(b"\x12\x00" + bytes(32)))
    with pytest.raises(DidResolutionError):
        resolve_verification_method("did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme")
    with pytest.raises(DidResolutionError):
        resolve_verification_method("did:example:123#key-1")


@pytest.mark.parametrize("crv", [["P-256"], {"name": "P-256"}, 256, None])
def test_a_jwk_whose_curve_is_not_a_name_is_a_bad_key(crv: object) -> None:
    # A JWK's "crv" arrives as any JSON value (a did:jwk is the sender's own document): a list
    # or an object is a key in a format we refuse, never a crash on an unhashable dict key.
    jwk = {"kty": "EC", "crv": crv, "x": "AA", "y": "AA"}
    with pytest.raises(KeyFormatError, match="unsupported curve"):
        EcPublicKey.from_jwk(jwk)
    with pytest.raises(KeyFormatError):
        public_key_from_jwk(jwk)
    did = "did:jwk:" + b64url_encode(json.dumps(jwk).encode())
    with pytest.raises(DidResolutionError):
        resolve_verification_method(did + "#0")


def test_did_web_urls() -> None:
    assert did_web_url("did:web:example.com") == "https://example.com/.well-known/did.json"
    assert (
        did_web_url("did:web:example.com:user:alice") == "https://example.com/user/alice/did.json"
    )
    assert did_web_url("did:web:localhost%3A8443") == "https://localhost:8443/.well-known/did.json"
    with pytest.raises(DidResolutionError):
        did_web_url("did:web:")


def test_did_web_offline_is_an_error_not_a_guess() -> None:
    with pytest.raises(DidResolutionError, match="network"):
        resolve_verification_method("did:web:example.com#key-1")


def _did_doc(did: str, key: Ed25519KeyPair, relation: str = "assertionMethod") -> dict:
    vm = {
        "id": f"{did}#key-1",
        "type": "Multikey",
        "controller": did,
        "publicKeyMultibase": key.public.multibase,
    }
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [vm],
        relation: [f"{did}#key-1"],
    }


def test_did_web_over_real_https(https_server) -> None:
    server, tls = https_server
    did = f"did:web:127.0.0.1%3A{server.port}"
    key = Ed25519KeyPair.generate()
    server.serve_json("/.well-known/did.json", _did_doc(did, key))
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        resolution = resolve_verification_method(
            f"{did}#key-1", fetcher=fetcher, purpose="assertionMethod"
        )
    assert resolution.confirmed
    assert resolution.method.ed25519 == key.public
    assert resolution.method.controller == did


def test_did_web_key_not_authorized_for_the_purpose(https_server) -> None:
    server, tls = https_server
    did = f"did:web:127.0.0.1%3A{server.port}"
    server.serve_json(
        "/.well-known/did.json", _did_doc(did, Ed25519KeyPair.generate(), relation="authentication")
    )
    with (
        HttpFetcher(dev=True, verify=tls) as fetcher,
        pytest.raises(DidResolutionError, match="not authorized"),
    ):
        resolve_verification_method(f"{did}#key-1", fetcher=fetcher, purpose="assertionMethod")


def test_url_fragment_key_confirmed_by_the_issuers_document(https_server) -> None:
    server, tls = https_server
    key = Ed25519KeyPair.generate()
    issuer = server.url("/issuers/1")
    vm_id = f"{issuer}#{key.public.multibase}"
    server.serve_json(
        "/issuers/1",
        {
            "id": issuer,
            "type": "Profile",
            "name": "Example",
            "verificationMethod": [
                {
                    "id": vm_id,
                    "type": "Multikey",
                    "controller": issuer,
                    "publicKeyMultibase": key.public.multibase,
                }
            ],
            "assertionMethod": [vm_id],
        },
    )
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        resolution = resolve_verification_method(vm_id, fetcher=fetcher, purpose="assertionMethod")
    assert resolution.confirmed and resolution.method.controller == issuer


def test_url_fragment_key_not_listed_by_the_issuer_is_refused(https_server) -> None:
    server, tls = https_server
    issuer = server.url("/issuers/2")
    server.serve_json("/issuers/2", {"id": issuer, "type": "Profile", "name": "Example"})
    vm_id = f"{issuer}#{Ed25519KeyPair.generate().public.multibase}"
    with (
        HttpFetcher(dev=True, verify=tls) as fetcher,
        pytest.raises(DidResolutionError, match="does not list"),
    ):
        resolve_verification_method(vm_id, fetcher=fetcher, purpose="assertionMethod")


def test_url_fragment_key_offline_is_unconfirmed() -> None:
    key = Ed25519KeyPair.generate()
    resolution = resolve_verification_method(
        f"https://example.edu/issuers/9#{key.public.multibase}"
    )
    assert not resolution.confirmed
    assert resolution.method.ed25519 == key.public
    assert "could not be confirmed" in resolution.note
