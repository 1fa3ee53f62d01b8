"""OpenID for Verifiable Credential Issuance 1.0 — the messages, parsed (sans-I/O).

Every ``parse_*`` takes what came over the wire (text or decoded JSON) and returns a frozen model
or raises a named :class:`~wallet.errors.ExchangeError` subclass; nothing here does I/O, and no
input, however hostile, escapes as another exception. Draft 13 (and the draft 11/12 offer
shapes still seen in the wild) are read into the same models; what differs is isolated in small
functions marked "draft 13".

Sections: §4 Credential Offer, §12.2 Credential Issuer Metadata, §6 Token Endpoint,
§7 Nonce Endpoint, §8 Credential Endpoint, §9 Deferred Credential Endpoint, §11 Notification.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wallet.credential import load_json
from wallet.errors import (
    CredentialRequestError,
    InputError,
    IssuerMetadataError,
    OfferError,
    TokenError,
)
from wallet.i18n import pick_locale

__all__ = [
    "DEFAULT_INTERVAL",
    "MAX_INTERVAL",
    "MIN_INTERVAL",
    "PRE_AUTHORIZED_GRANT",
    "AuthorizationServerMetadata",
    "CredentialConfiguration",
    "CredentialOffer",
    "CredentialResponse",
    "Display",
    "IssuerMetadata",
    "OfferReference",
    "TokenResponse",
    "TxCode",
    "authorization_server_metadata_urls",
    "bounded_interval",
    "issuer_metadata_url",
    "parse_authorization_server_metadata",
    "parse_credential_offer",
    "parse_credential_response",
    "parse_issuer_metadata",
    "parse_nonce_response",
    "parse_offer_reference",
    "parse_token_response",
]

PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
AUTHORIZATION_CODE_GRANT = "authorization_code"
OFFER_SCHEMES = ("openid-credential-offer", "haip", "openid-vc")
MAX_JSON_CHARS = 1_000_000
MIN_INTERVAL = 1
MAX_INTERVAL = 86_400
DEFAULT_INTERVAL = 5
"""§8.3, §9.2: how long to wait before asking for a deferred credential again, in seconds.
Whatever the issuer says, the wallet waits at least a second and at most a day (an interval of
10^9 must not stall ``receive --pending --wait``, nor 10^30 overflow a timestamp)."""


def bounded_interval(seconds: object, default: float = DEFAULT_INTERVAL) -> float:
    """``seconds`` within :data:`MIN_INTERVAL` … :data:`MAX_INTERVAL` (``default`` when it is
    not a positive, finite number). For intervals read from the wire and from storage."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        return default
    if isinstance(seconds, float) and not math.isfinite(seconds) or seconds <= 0:
        return default
    return float(min(max(seconds, MIN_INTERVAL), MAX_INTERVAL))


def _interval(value: object) -> int | None:
    """An issuer's ``interval``: a positive integer (bounded), else None."""
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return None
    return int(bounded_interval(value))


class _Msg(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


def _json_object(
    text: str | bytes | Mapping[str, Any], what: str, error: type[Exception]
) -> dict[str, Any]:
    if isinstance(text, Mapping):
        return dict(text)
    if len(text) > MAX_JSON_CHARS:
        raise error(f"the {what} is too large")
    try:
        value = load_json(text, what=f"the {what}", max_bytes=None)
    except InputError:
        raise error(f"the {what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise error(f"the {what} is not a JSON object")
    return value


def _https_url(value: Any, what: str, error: type[Exception]) -> str:
    if (
        not isinstance(value, str)
        or urlsplit(value).scheme not in ("https", "http")
        or not urlsplit(value).netloc
    ):
        raise error(f"the {what} is not an http(s) URL")
    return value


# --- §4 Credential Offer -----------------------------------------------------------------------


class TxCode(_Msg):
    """§4.1.1: how the transaction code (sent to the learner out of band) looks."""

    input_mode: str = "numeric"
    length: int | None = None
    description: str | None = None


class PreAuthorizedGrant(_Msg):
    pre_authorized_code: str
    tx_code: TxCode | None = None
    authorization_server: str | None = None


class AuthorizationCodeGrant(_Msg):
    issuer_state: str | None = None
    authorization_server: str | None = None


class CredentialOffer(_Msg):
    credential_issuer: str
    credential_configuration_ids: tuple[str, ...]
    pre_authorized: PreAuthorizedGrant | None = None
    authorization_code: AuthorizationCodeGrant | None = None


class OfferReference(_Msg):
    """What an offer link or QR code carries: the offer itself, or where to fetch it."""

    offer: CredentialOffer | None = None
    offer_uri: str | None = None


def parse_offer_reference(link: str) -> OfferReference:
    """``openid-credential-offer://?credential_offer=…`` or ``…?credential_offer_uri=…`` (also as
    an https link with the same query)."""
    if not isinstance(link, str) or not link.strip():
        raise OfferError("the offer link is empty")
    link = link.strip()
    if len(link) > MAX_JSON_CHARS:
        raise OfferError("the offer link is too long")
    parts = urlsplit(link)
    if parts.scheme not in (*OFFER_SCHEMES, "https", "http"):
        raise OfferError(
            "this is not a credential offer link (expected openid-credential-offer://…)"
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    by_value = query.get("credential_offer")
    by_reference = query.get("credential_offer_uri")
    if by_value and by_reference:
        raise OfferError("the offer link carries both an offer and an offer URI")
    if by_value:
        return OfferReference(offer=parse_credential_offer(by_value[0]))
    if by_reference:
        return OfferReference(offer_uri=_https_url(by_reference[0], "offer URI", OfferError))
    raise OfferError("the link carries no credential offer")


def _grants_pre_auth(grant: Any) -> PreAuthorizedGrant | None:
    if grant is None:
        return None
    if not isinstance(grant, Mapping) or not isinstance(grant.get("pre-authorized_code"), str):
        raise OfferError("the offer's pre-authorized code grant is malformed")
    tx = grant.get("tx_code")
    if tx is None and grant.get("user_pin_required") is True:  # draft 11/12
        tx = {"input_mode": "numeric"}
    if tx is not None and not isinstance(tx, Mapping):
        raise OfferError("the offer's tx_code is malformed")
    try:
        return PreAuthorizedGrant(
            pre_authorized_code=grant["pre-authorized_code"],
            tx_code=TxCode.model_validate(tx) if tx is not None else None,
            authorization_server=grant.get("authorization_server"),
        )
    except ValidationError:
        raise OfferError("the offer's tx_code is malformed") from None


def parse_credential_offer(text: str | bytes | Mapping[str, Any]) -> CredentialOffer:
    data = _json_object(text, "credential offer", OfferError)
    issuer = _https_url(data.get("credential_issuer"), "offer's credential issuer", OfferError)
    ids = data.get("credential_configuration_ids")
    if ids is None:  # draft 11/12: "credentials", strings (or objects, which we cannot use)
        ids = (
            [c for c in data.get("credentials", []) if isinstance(c, str)]
            if isinstance(data.get("credentials"), list)
            else None
        )
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i for i in ids):
        raise OfferError("the offer names no credential to issue")
    grants = data.get("grants", {})
    if not isinstance(grants, Mapping):
        raise OfferError("the offer's grants are malformed")
    auth = grants.get(AUTHORIZATION_CODE_GRANT)
    if auth is not None and not isinstance(auth, Mapping):
        raise OfferError("the offer's authorization code grant is malformed")
    pre = _grants_pre_auth(grants.get(PRE_AUTHORIZED_GRANT))
    try:
        return CredentialOffer(
            credential_issuer=issuer,
            credential_configuration_ids=tuple(ids),
            pre_authorized=pre,
            authorization_code=AuthorizationCodeGrant.model_validate(auth)
            if auth is not None
            else (None if pre else AuthorizationCodeGrant()),
        )
    except ValidationError:
        raise OfferError("the offer is malformed") from None


# --- §12.2 Credential Issuer Metadata ----------------------------------------------------------


def issuer_metadata_url(credential_issuer: str) -> str:
    """§12.2.2: ``/.well-known/openid-credential-issuer`` inserted before the issuer's path."""
    parts = urlsplit(credential_issuer)
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{parts.netloc}/.well-known/openid-credential-issuer{path}"


def authorization_server_metadata_urls(issuer: str) -> list[str]:
    """RFC 8414 §3.1 (path insertion), then the OpenID Connect location."""
    parts = urlsplit(issuer)
    path = parts.path.rstrip("/")
    base = f"{parts.scheme}://{parts.netloc}"
    return [
        f"{base}/.well-known/oauth-authorization-server{path}",
        f"{base}{path}/.well-known/openid-configuration",
    ]


class Logo(_Msg):
    uri: str | None = None
    alt_text: str | None = None


class Display(_Msg):
    name: str | None = None
    locale: str | None = None
    logo: Logo | None = None
    description: str | None = None
    background_color: str | None = None
    text_color: str | None = None


class CredentialConfiguration(_Msg):
    id: str
    format: str
    scope: str | None = None
    types: tuple[str, ...] = ()
    contexts: tuple[str, ...] = ()
    proof_algs: tuple[str, ...] = ()
    binding_methods: tuple[str, ...] = ()
    display: tuple[Display, ...] = ()


class IssuerMetadata(_Msg):
    credential_issuer: str
    credential_endpoint: str
    authorization_servers: tuple[str, ...] = ()
    nonce_endpoint: str | None = None
    deferred_credential_endpoint: str | None = None
    notification_endpoint: str | None = None
    batch_credential_endpoint: str | None = None  # draft 13
    batch_size: int | None = None
    display: tuple[Display, ...] = ()
    configurations: dict[str, CredentialConfiguration] = Field(default_factory=dict)

    def display_for(self, locale: str | None = None) -> Display | None:
        return _pick_display(self.display, locale)


def _pick_display(displays: tuple[Display, ...], locale: str | None) -> Display | None:
    """The ``display`` entry for a reader of ``locale`` (§11.2.3: one per language), chosen
    by the language layer (:func:`wallet.i18n.pick_locale`)."""
    index = pick_locale([d.locale for d in displays], locale)
    return None if index is None else displays[index]


def _displays(value: Any) -> tuple[Display, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if isinstance(item, Mapping):
            try:
                out.append(Display.model_validate(item))
            except ValidationError:
                continue
    return tuple(out)


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


def _configuration(cid: str, raw: Any) -> CredentialConfiguration | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("format"), str):
        return None
    definition = raw.get("credential_definition")
    definition = definition if isinstance(definition, Mapping) else {}
    proof_types = raw.get("proof_types_supported")
    jwt_proof = proof_types.get("jwt") if isinstance(proof_types, Mapping) else None
    algs = (
        _strings(jwt_proof.get("proof_signing_alg_values_supported"))
        if isinstance(jwt_proof, Mapping)
        else ()
    )
    meta = raw.get("credential_metadata")  # 1.0 final moved display under credential_metadata
    display = _displays(meta.get("display")) if isinstance(meta, Mapping) else ()
    return CredentialConfiguration(
        id=cid,
        format=raw["format"],
        scope=raw.get("scope") if isinstance(raw.get("scope"), str) else None,
        types=_strings(definition.get("type")),
        contexts=_strings(definition.get("@context")),
        proof_algs=algs,
        binding_methods=_strings(raw.get("cryptographic_binding_methods_supported")),
        display=display or _displays(raw.get("display")),
    )


def parse_issuer_metadata(
    text: str | bytes | Mapping[str, Any], *, expected_issuer: str
) -> IssuerMetadata:
    """§12.2.4: ``credential_issuer`` must equal the offer's issuer exactly."""
    data = _json_object(text, "issuer metadata", IssuerMetadataError)
    if data.get("credential_issuer") != expected_issuer:
        raise IssuerMetadataError(
            f"the issuer's metadata names {str(data.get('credential_issuer'))[:100]!r}, not "
            f"{expected_issuer!r}; refusing it (it may be an impersonation)"
        )

    def endpoint(key: str, required: bool = False) -> str | None:
        value = data.get(key)
        if value is None and not required:
            return None
        return _https_url(value, key.replace("_", " "), IssuerMetadataError)

    raw_configs = data.get("credential_configurations_supported")
    configs: dict[str, CredentialConfiguration] = {}
    if isinstance(raw_configs, Mapping):
        for cid, raw in raw_configs.items():
            config = _configuration(str(cid), raw)
            if config:
                configs[str(cid)] = config
    batch = data.get("batch_credential_issuance")
    batch_size = batch.get("batch_size") if isinstance(batch, Mapping) else None
    servers = data.get("authorization_servers")
    if isinstance(servers, str):  # draft 11: authorization_server
        servers = [servers]
    if servers is None and isinstance(data.get("authorization_server"), str):
        servers = [data["authorization_server"]]
    return IssuerMetadata(
        credential_issuer=expected_issuer,
        credential_endpoint=endpoint("credential_endpoint", required=True) or "",
        authorization_servers=tuple(
            _https_url(s, "authorization server", IssuerMetadataError)
            for s in (servers if isinstance(servers, list) else [])
        ),
        nonce_endpoint=endpoint("nonce_endpoint"),
        deferred_credential_endpoint=endpoint("deferred_credential_endpoint"),
        notification_endpoint=endpoint("notification_endpoint"),
        batch_credential_endpoint=endpoint("batch_credential_endpoint"),
        batch_size=batch_size if isinstance(batch_size, int) and batch_size > 0 else None,
        display=_displays(data.get("display")),
        configurations=configs,
    )


class AuthorizationServerMetadata(_Msg):
    issuer: str
    token_endpoint: str
    authorization_endpoint: str | None = None
    code_challenge_methods: tuple[str, ...] = ()
    pre_authorized_anonymous: bool = True


def parse_authorization_server_metadata(
    text: str | bytes | Mapping[str, Any], *, expected_issuer: str
) -> AuthorizationServerMetadata:
    data = _json_object(text, "authorization server metadata", IssuerMetadataError)
    if data.get("issuer") != expected_issuer:  # RFC 8414 §3.3
        raise IssuerMetadataError("the authorization server's metadata names another issuer")
    token = _https_url(data.get("token_endpoint"), "token endpoint", IssuerMetadataError)
    auth = data.get("authorization_endpoint")
    return AuthorizationServerMetadata(
        issuer=expected_issuer,
        token_endpoint=token,
        authorization_endpoint=_https_url(auth, "authorization endpoint", IssuerMetadataError)
        if auth is not None
        else None,
        code_challenge_methods=_strings(data.get("code_challenge_methods_supported")),
        pre_authorized_anonymous=data.get("pre-authorized_grant_anonymous_access_supported", True)
        is not False,
    )


# --- §6 Token, §7 Nonce ------------------------------------------------------------------------


class TokenResponse(_Msg):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int | None = None
    c_nonce: str | None = None  # draft 13
    credential_identifiers: dict[str, tuple[str, ...]] = Field(default_factory=dict)


def _oauth_error(data: Mapping[str, Any], fallback: str) -> tuple[str, str]:
    code = data.get("error")
    code = code if isinstance(code, str) and len(code) < 100 else fallback
    description = data.get("error_description")
    description = description[:300] if isinstance(description, str) else ""
    return code, description


def parse_token_response(status: int, body: bytes) -> TokenResponse:
    data = _json_object(body, "token response", TokenError)
    if status >= 400 or "error" in data:
        code, description = _oauth_error(data, "server_error")
        if code == "invalid_grant":
            message = "the issuer did not accept the code (a wrong or expired transaction code?)"
        else:
            message = f"the issuer refused to issue a token ({code})"
        raise TokenError(message + (f": {description}" if description else ""), error=code)
    if not isinstance(data.get("access_token"), str) or not data["access_token"]:
        raise TokenError("the issuer's token response has no access token")
    identifiers: dict[str, tuple[str, ...]] = {}
    details = data.get("authorization_details")
    if isinstance(details, list):
        for d in details:
            if isinstance(d, Mapping) and d.get("type") == "openid_credential":
                cid = d.get("credential_configuration_id")
                ids = _strings(d.get("credential_identifiers"))
                if isinstance(cid, str) and ids:
                    identifiers[cid] = ids
    expires = data.get("expires_in")
    return TokenResponse(
        access_token=data["access_token"],
        token_type=kind if isinstance(kind := data.get("token_type"), str) else "Bearer",
        expires_in=expires if isinstance(expires, int) else None,
        c_nonce=data.get("c_nonce") if isinstance(data.get("c_nonce"), str) else None,
        credential_identifiers=identifiers,
    )


def parse_nonce_response(status: int, body: bytes) -> str:
    data = _json_object(body, "nonce response", CredentialRequestError)
    if status >= 400 or not isinstance(data.get("c_nonce"), str) or not data["c_nonce"]:
        raise CredentialRequestError("the issuer's nonce endpoint gave no nonce")
    return data["c_nonce"]


# --- §8 Credential, §9 Deferred ----------------------------------------------------------------


class CredentialResponse(_Msg):
    credentials: tuple[Any, ...] = ()  # each a JSON object (ldp_vc) or a string (JWT)
    transaction_id: str | None = None
    interval: int | None = None
    notification_id: str | None = None
    c_nonce: str | None = None  # draft 13

    @property
    def deferred(self) -> bool:
        return not self.credentials and self.transaction_id is not None


def parse_credential_response(status: int, body: bytes) -> CredentialResponse:
    """§8.3 (1.0: ``credentials[]``, 202 for deferred) and draft 13 (``credential``); §9.2."""
    data = _json_object(body, "credential response", CredentialRequestError)
    if status >= 400 or "error" in data:
        code, description = _oauth_error(data, "server_error")
        if code == "issuance_pending":  # draft 13 deferred endpoint
            return CredentialResponse(
                transaction_id="pending",
                interval=_interval(data.get("interval")) or DEFAULT_INTERVAL,
            )
        messages = {
            "invalid_proof": "the issuer did not accept the wallet's key proof",
            "invalid_nonce": "the issuer wants a fresh nonce",
            "unknown_credential_configuration": "the issuer does not offer that credential",
            "unknown_credential_identifier": "the issuer does not know that credential",
            "credential_request_denied": "the issuer declined to issue the credential",
            "invalid_transaction_id": "the issuer no longer knows this pending credential",
        }
        message = messages.get(code, f"the issuer refused the credential request ({code})")
        nonce = data.get("c_nonce")
        raise CredentialRequestError(
            message + (f": {description}" if description else ""),
            error=code,
            c_nonce=nonce if isinstance(nonce, str) else None,
        )
    credentials: list[Any] = []
    if isinstance(data.get("credentials"), list):  # 1.0
        for item in data["credentials"]:
            value = item.get("credential") if isinstance(item, Mapping) else item
            if isinstance(value, (Mapping, str)):
                credentials.append(value)
            else:
                raise CredentialRequestError("the issuer's credential response is malformed")
    elif "credential" in data:  # draft 13
        if not isinstance(data["credential"], (Mapping, str)):
            raise CredentialRequestError("the issuer's credential response is malformed")
        credentials.append(data["credential"])
    transaction = data.get("transaction_id")
    if not credentials and not isinstance(transaction, str):
        raise CredentialRequestError("the issuer sent neither a credential nor a transaction id")
    return CredentialResponse(
        credentials=tuple(credentials),
        transaction_id=transaction if isinstance(transaction, str) else None,
        interval=_interval(data.get("interval")),
        notification_id=data.get("notification_id")
        if isinstance(data.get("notification_id"), str)
        else None,
        c_nonce=data.get("c_nonce") if isinstance(data.get("c_nonce"), str) else None,
    )


def parse_batch_response(status: int, body: bytes) -> list[CredentialResponse]:
    """Draft 13 batch endpoint: ``credential_responses``."""
    data = _json_object(body, "batch credential response", CredentialRequestError)
    if status >= 400 or "error" in data:
        parse_credential_response(status, body)  # raises the named error
    items = data.get("credential_responses")
    if not isinstance(items, list):
        raise CredentialRequestError("the issuer's batch response is malformed")
    return [
        parse_credential_response(200, json.dumps(i).encode())
        for i in items
        if isinstance(i, Mapping)
    ]
