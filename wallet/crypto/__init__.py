"""Keys and identifiers: key pairs and signers (`keys`), DIDs and their documents (`did`: did:key,
did:jwk, did:web), multibase/multicodec (`multiformats`), compact JWS (`jws`), authenticated
encryption (`aead`). The package's public names are re-exported here and imported on first use
(PEP 562), so importing one module of the package does not import the rest; its modules hold the
implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.crypto.aead import (
        KEY_BYTES,
        NONCE_BYTES,
        open_sealed,
        random_key,
        seal,
    )
    from wallet.crypto.did import (
        KeyResolution,
        VerificationMethod,
        controller_keys,
        did_jwk_key,
        did_web_url,
        resolve_verification_method,
    )
    from wallet.crypto.jws import (
        MAX_JWS_BYTES,
        SUPPORTED_ALGS,
        DecodedJws,
        decode_jws,
        jwk_public_key,
        sign_jws,
        verify_jws,
    )
    from wallet.crypto.keys import (
        CURVES,
        EcKeyPair,
        EcPublicKey,
        EcSigner,
        Ed25519KeyPair,
        Ed25519PublicKey,
        PublicKey,
        Signer,
        did_key_from_public,
        public_key_from_did_key,
        public_key_from_jwk,
        public_key_from_multibase,
    )
    from wallet.crypto.multiformats import (
        ED25519_PRIV,
        ED25519_PUB,
        MAX_BASE58_CHARS,
        P256_PRIV,
        P256_PUB,
        P384_PRIV,
        P384_PUB,
        b58decode,
        b58encode,
        b64url_decode,
        b64url_encode,
        multibase_decode,
        multibase_encode,
        multicodec_unwrap,
        multicodec_wrap,
    )

_WHERE = {
    "CURVES": "keys",
    "DecodedJws": "jws",
    "ED25519_PRIV": "multiformats",
    "ED25519_PUB": "multiformats",
    "EcKeyPair": "keys",
    "EcPublicKey": "keys",
    "EcSigner": "keys",
    "Ed25519KeyPair": "keys",
    "Ed25519PublicKey": "keys",
    "KEY_BYTES": "aead",
    "KeyResolution": "did",
    "MAX_BASE58_CHARS": "multiformats",
    "MAX_JWS_BYTES": "jws",
    "NONCE_BYTES": "aead",
    "P256_PRIV": "multiformats",
    "P256_PUB": "multiformats",
    "P384_PRIV": "multiformats",
    "P384_PUB": "multiformats",
    "PublicKey": "keys",
    "SUPPORTED_ALGS": "jws",
    "Signer": "keys",
    "VerificationMethod": "did",
    "b58decode": "multiformats",
    "b58encode": "multiformats",
    "b64url_decode": "multiformats",
    "b64url_encode": "multiformats",
    "controller_keys": "did",
    "decode_jws": "jws",
    "did_jwk_key": "did",
    "did_key_from_public": "keys",
    "did_web_url": "did",
    "jwk_public_key": "jws",
    "multibase_decode": "multiformats",
    "multibase_encode": "multiformats",
    "multicodec_unwrap": "multiformats",
    "multicodec_wrap": "multiformats",
    "open_sealed": "aead",
    "public_key_from_did_key": "keys",
    "public_key_from_jwk": "keys",
    "public_key_from_multibase": "keys",
    "random_key": "aead",
    "resolve_verification_method": "did",
    "seal": "aead",
    "sign_jws": "jws",
    "verify_jws": "jws",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CURVES",
    "DecodedJws",
    "ED25519_PRIV",
    "ED25519_PUB",
    "EcKeyPair",
    "EcPublicKey",
    "EcSigner",
    "Ed25519KeyPair",
    "Ed25519PublicKey",
    "KEY_BYTES",
    "KeyResolution",
    "MAX_BASE58_CHARS",
    "MAX_JWS_BYTES",
    "NONCE_BYTES",
    "P256_PRIV",
    "P256_PUB",
    "P384_PRIV",
    "P384_PUB",
    "PublicKey",
    "SUPPORTED_ALGS",
    "Signer",
    "VerificationMethod",
    "b58decode",
    "b58encode",
    "b64url_decode",
    "b64url_encode",
    "controller_keys",
    "decode_jws",
    "did_jwk_key",
    "did_key_from_public",
    "did_web_url",
    "jwk_public_key",
    "multibase_decode",
    "multibase_encode",
    "multicodec_unwrap",
    "multicodec_wrap",
    "open_sealed",
    "public_key_from_did_key",
    "public_key_from_jwk",
    "public_key_from_multibase",
    "random_key",
    "resolve_verification_method",
    "seal",
    "sign_jws",
    "verify_jws",
]
