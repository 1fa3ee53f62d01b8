"""OpenID for Verifiable Presentations 1.0 — what the wallet sends, built (sans-I/O).

* :func:`wallet_metadata` / :func:`request_uri_form` — §5.10: the POST to a ``request_uri``
  with ``request_uri_method=post``.
* :func:`ldp_presentation` — for ``ldp_vc`` (§B.1.3.2.5): a presentation signed by the holder
  (proof purpose ``authentication``) with ``challenge`` = the request's nonce and ``domain`` =
  the full client identifier, prefix included (§14.1.2).
* :func:`jwt_presentation` — for ``jwt_vc_json`` (§B.1.3.1.5): a VP-JWT with ``nonce`` and
  ``aud`` = the client identifier.
* :func:`response_form` / :func:`error_form` — §8.2 ``direct_post`` bodies; :func:`encrypt` —
  §8.3 ``direct_post.jwt``: the response as a JWE to a key of the verifier's
  ``client_metadata.jwks`` (ECDH-ES, with joserfc). :func:`encryption` finds that key and
  tries it when the request is read, so a key that cannot be used (malformed, not a point on
  its curve, of a kind the wallet does not encrypt to) is
  :class:`~wallet.errors.VerifierKeyError` — "nothing was sent" — before the learner is asked.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from wallet.crypto import jws
from wallet.crypto.keys import Signer
from wallet.errors import PresentationRequestError, SigningError, VerifierKeyError
from wallet.exchange.oid4vp.messages import PREFIXES, ClientMetadata
from wallet.proofs import dataintegrity as di
from wallet.vocab import OB3_CONTEXT, VC2_CONTEXT

__all__ = [
    "ENC_SUPPORTED",
    "encrypt",
    "encryption",
    "error_form",
    "jwt_presentation",
    "ldp_presentation",
    "request_uri_form",
    "response_form",
    "wallet_metadata",
]

ENC_SUPPORTED = ("A128GCM", "A256GCM", "A128CBC-HS256", "A256CBC-HS512")
ALG_SUPPORTED = ("ECDH-ES", "ECDH-ES+A128KW", "ECDH-ES+A256KW")


def wallet_metadata() -> dict[str, Any]:
    """§10: what this wallet supports."""
    return {
        "vp_formats_supported": {
            "ldp_vc": {
                "proof_type_values": ["DataIntegrityProof"],
                "cryptosuite_values": ["eddsa-rdfc-2022"],
            },
            "jwt_vc_json": {"alg_values": ["EdDSA"]},
        },
        "client_id_prefixes_supported": list(PREFIXES),
        "request_object_signing_alg_values_supported": list(jws.SUPPORTED_ALGS),
        "response_modes_supported": ["direct_post", "direct_post.jwt"],
        "authorization_encryption_alg_values_supported": list(ALG_SUPPORTED),
        "authorization_encryption_enc_values_supported": list(ENC_SUPPORTED),
    }


def request_uri_form(wallet_nonce: str | None = None) -> dict[str, str]:
    form = {"wallet_metadata": json.dumps(wallet_metadata(), separators=(",", ":"))}
    if wallet_nonce:
        form["wallet_nonce"] = wallet_nonce
    return form


def new_wallet_nonce() -> str:
    return secrets.token_urlsafe(16)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _holder_fields(holder_did: str, profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """A presentation's ``@context`` and ``holder``: the holder's DID, or their Profile (whose
    terms the OB 3.0 context defines) with that DID as its ``id``."""
    if profile is None:
        return {"@context": [VC2_CONTEXT], "holder": holder_did}
    if profile.get("id") != holder_did:
        raise SigningError("the holder's profile names another identifier than the signer's")
    return {"@context": [VC2_CONTEXT, OB3_CONTEXT], "holder": dict(profile)}


def ldp_presentation(
    credentials: Sequence[Any],
    *,
    holder: Signer,
    holder_did: str,
    nonce: str,
    client_id: str,
    now: datetime | None = None,
    holder_profile: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Data Integrity presentation of ``credentials`` (as received, unchanged); its
    ``holder`` is ``holder_profile`` (the learner's OB 3.0 Profile) when given."""
    now = now or datetime.now(UTC)
    presentation = {
        **_holder_fields(holder_did, holder_profile),
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiablePresentation"],
        "verifiableCredential": list(credentials),
    }
    return di.sign(
        presentation,
        holder,
        proof_purpose="authentication",
        challenge=nonce,
        domain=client_id,
        created=_iso(now),
    )


def jwt_presentation(
    credentials: Sequence[str],
    *,
    signer: Signer,
    holder_did: str,
    nonce: str,
    audience: str,
    lifetime: int = 600,
    issued_at: int | None = None,
    holder_profile: Mapping[str, Any] | None = None,
) -> str:
    """A VP-JWT (VC-JWT presentation) of compact VC-JWTs; its ``vp.holder`` is
    ``holder_profile`` when given."""
    if not all(isinstance(c, str) for c in credentials):
        raise SigningError("a VP-JWT carries VC-JWTs only")
    iat = issued_at or int(time.time())
    payload = {
        "iss": holder_did,
        "jti": f"urn:uuid:{uuid.uuid4()}",
        "aud": audience,
        "nonce": nonce,
        "iat": iat,
        "nbf": iat,
        "exp": iat + lifetime,
        "vp": {
            **_holder_fields(holder_did, holder_profile),
            "type": ["VerifiablePresentation"],
            "verifiableCredential": list(credentials),
        },
    }
    return jws.sign_jws({"typ": "JWT"}, payload, signer)


def response_form(vp_token: Mapping[str, Sequence[Any]], state: str | None) -> dict[str, str]:
    form = {"vp_token": json.dumps(vp_token, separators=(",", ":"), ensure_ascii=False)}
    if state is not None:
        form["state"] = state
    return form


def error_form(error: str, description: str, state: str | None) -> dict[str, str]:
    form = {"error": error, "error_description": description[:300]}
    if state is not None:
        form["state"] = state
    return form


_CURVES = (("EC", "P-256"), ("EC", "P-384"), ("OKP", "X25519"))
_PRIVATE = ("d", "p", "q", "dp", "dq", "qi")


def _unusable(why: str) -> VerifierKeyError:
    return VerifierKeyError(f"the verifier's encryption key is unusable ({why}); nothing was sent")


def encryption(metadata: ClientMetadata) -> tuple[dict[str, Any], Any]:
    """The JWE header and the verifier's key to encrypt the answer to (§8.3): the first key of
    its ``jwks`` for encryption (``use`` absent or ``enc``) with an ECDH-ES ``alg`` this wallet
    supports, on P-256, P-384 or X25519, that imports and encrypts; the first ``enc`` of the
    verifier's that this wallet supports. :class:`~wallet.errors.VerifierKeyError` when no key
    can be used."""
    from joserfc import jwe
    from joserfc.errors import JoseError
    from joserfc.jwk import import_key

    enc = next((e for e in metadata.enc_values if e in ENC_SUPPORTED), None)
    if enc is None:
        raise PresentationRequestError(
            "the verifier's encryption methods are not supported "
            f"({', '.join(metadata.enc_values)[:80]}); nothing was "
            "sent"
        )
    offered = [
        jwk
        for jwk in metadata.jwks
        if jwk.get("use", "enc") == "enc" and jwk.get("alg") in ALG_SUPPORTED
    ]
    usable = [jwk for jwk in offered if (jwk.get("kty"), jwk.get("crv")) in _CURVES]
    if not usable:
        raise _unusable(
            "it offers no key this wallet can encrypt to: ECDH-ES on P-256, P-384 "
            "or X25519"
            + (f"; it offers a {str(offered[0].get('kty'))[:20]} key" if offered else "")
        )
    for jwk in usable:
        header = {"alg": jwk["alg"], "enc": enc}
        if isinstance(jwk.get("kid"), str):
            header["kid"] = jwk["kid"]
        try:
            key = import_key({k: v for k, v in jwk.items() if k not in _PRIVATE})
            jwe.encrypt_compact(header, b"{}", key)  # the key agreement itself, tried
        except (ValueError, TypeError, KeyError, JoseError):
            continue
        return header, key
    raise _unusable("malformed, or not a point on its curve")


def encrypt(payload: Mapping[str, Any], metadata: ClientMetadata) -> str:
    """The answer's parameters as a compact JWE (§8.3) to the key :func:`encryption` finds:
    the key's own ``alg``, its ``kid`` in the header, the first ``enc`` of the verifier's that
    this wallet supports."""
    from joserfc import jwe

    header, key = encryption(metadata)
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return jwe.encrypt_compact(header, body, key)
