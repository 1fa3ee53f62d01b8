"""OpenID for Verifiable Credential Issuance 1.0 — the requests, built (sans-I/O).

Pure functions that return what to send; :mod:`wallet.exchange.oid4vci.client` sends it. What
differs in draft 13 is isolated in the ``draft13`` branches.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Signer
from wallet.exchange.oid4vci.messages import (
    PRE_AUTHORIZED_GRANT,
    CredentialConfiguration,
)

__all__ = [
    "PROOF_TYP",
    "Pkce",
    "authorization_url",
    "credential_request",
    "deferred_request",
    "notification_request",
    "pkce",
    "pre_authorized_token_request",
    "authorization_code_token_request",
    "proof_jwt",
]

PROOF_TYP = "openid4vci-proof+jwt"
CLIENT_ID = "learner-wallet"


def pre_authorized_token_request(
    code: str, tx_code: str | None = None, *, draft13: bool = False
) -> dict[str, str]:
    """§6.1: the form body of a token request with a pre-authorized code."""
    form = {"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": code}
    if tx_code is not None:
        form["tx_code"] = tx_code
        if draft13:
            form["user_pin"] = tx_code  # drafts before 13 called it user_pin
    return form


@dataclass(frozen=True)
class Pkce:
    verifier: str
    challenge: str
    method: str = "S256"


def pkce() -> Pkce:
    """RFC 7636: a fresh code verifier and its S256 challenge."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return Pkce(verifier, challenge)


def authorization_url(
    endpoint: str,
    *,
    configuration_ids: list[str],
    redirect_uri: str,
    state: str,
    code: Pkce,
    issuer_state: str | None = None,
    credential_issuer: str | None = None,
) -> str:
    """§5.1: the authorization request, with rich authorization details and PKCE."""
    details = [
        {
            "type": "openid_credential",
            "credential_configuration_id": cid,
            **({"locations": [credential_issuer]} if credential_issuer else {}),
        }
        for cid in configuration_ids
    ]
    query = {
        "response_type": "code",
        "client_id": CLIENT_ID,
        "redirect_uri": redirect_uri,
        "state": state,
        "code_challenge": code.challenge,
        "code_challenge_method": code.method,
        "authorization_details": json.dumps(details, separators=(",", ":")),
    }
    if issuer_state:
        query["issuer_state"] = issuer_state
    separator = "&" if "?" in endpoint else "?"
    return f"{endpoint}{separator}{urlencode(query)}"


def authorization_code_token_request(
    code: str, *, verifier: str, redirect_uri: str
) -> dict[str, str]:
    return {
        "grant_type": "authorization_code",
        "code": code,
        "code_verifier": verifier,
        "redirect_uri": redirect_uri,
        "client_id": CLIENT_ID,
    }


def proof_jwt(
    signer: Signer,
    *,
    audience: str,
    nonce: str | None,
    client_id: str | None = None,
    issued_at: int | None = None,
) -> str:
    """§F.1: the key proof — typ ``openid4vci-proof+jwt``, ``kid`` the holder's key."""
    payload: dict[str, Any] = {"aud": audience, "iat": issued_at or int(time.time())}
    if nonce is not None:
        payload["nonce"] = nonce
    if client_id:
        payload["iss"] = client_id
    return sign_jws(
        {"typ": PROOF_TYP, "alg": signer.algorithm, "kid": signer.key_id}, payload, signer
    )


def credential_request(
    configuration: CredentialConfiguration | None,
    *,
    proofs: list[str],
    credential_identifier: str | None = None,
    draft13: bool = False,
) -> dict[str, Any]:
    """§8.2 (1.0: ``credential_configuration_id`` or ``credential_identifier``, ``proofs``);
    draft 13: ``format`` + ``credential_definition`` and a single ``proof``."""
    body: dict[str, Any] = {}
    if draft13:
        if credential_identifier:
            body["credential_identifier"] = credential_identifier
        elif configuration is not None:
            body["format"] = configuration.format
            definition: dict[str, Any] = {"type": list(configuration.types)}
            if configuration.contexts:
                definition["@context"] = list(configuration.contexts)
            body["credential_definition"] = definition
        body["proof"] = {"proof_type": "jwt", "jwt": proofs[0]}
        return body
    if credential_identifier:
        body["credential_identifier"] = credential_identifier
    elif configuration is not None:
        body["credential_configuration_id"] = configuration.id
    body["proofs"] = {"jwt": proofs}
    return body


def deferred_request(transaction_id: str) -> dict[str, str]:
    return {"transaction_id": transaction_id}


def notification_request(
    notification_id: str, event: str, description: str | None = None
) -> dict[str, str]:
    """§11.1: ``credential_accepted``, ``credential_failure`` or ``credential_deleted``."""
    body = {"notification_id": notification_id, "event": event}
    if description:
        body["event_description"] = description[:200]
    return body
