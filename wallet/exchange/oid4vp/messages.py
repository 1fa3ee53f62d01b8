"""OpenID for Verifiable Presentations 1.0 — what the verifier sends, parsed (sans-I/O).

* :func:`parse_request_link` — an ``openid4vp://`` (or https) link or QR code: the request by
  value (its parameters, or a ``request`` object) or by reference (``request_uri`` and
  ``request_uri_method``, §5.10).
* :func:`read_request_object` — a JAR request object (RFC 9101): ``typ`` must be
  ``oauth-authz-req+jwt`` (§5); unsigned (``alg: none``) only for ``redirect_uri:``.
* :func:`parse_authorization_request` — the request's parameters checked as §5, §5.9 (client
  identifier prefixes), §8.2 (``direct_post``: ``response_uri``, no ``redirect_uri``), §8.3
  (``direct_post.jwt``), §8.4 (transaction data) require; the DCQL query is read by
  :mod:`wallet.presenting.dcql`.
* :func:`parse_verifier_answer` — the JSON the response URI answers (§8.2: perhaps a
  ``redirect_uri`` for the learner to open).

Every failure is a named :class:`~wallet.errors.PresentationRequestError` carrying the error
code the wallet answers with (``invalid_request``, ``invalid_request_object``,
``invalid_client``, ``invalid_transaction_data``).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wallet.crypto import jws
from wallet.crypto.multiformats import b64url_decode
from wallet.errors import (
    AnswerRefusedError,
    DcqlError,
    PresentationRequestError,
    RequestObjectError,
    TransactionDataError,
    VerifierTrustError,
    WalletError,
)
from wallet.presenting.dcql import DcqlQuery, parse_query

__all__ = [
    "MAX_REQUEST_CHARS",
    "PREFIXES",
    "REQUEST_TYP",
    "AuthorizationRequest",
    "ClientMetadata",
    "RequestObject",
    "RequestReference",
    "client_prefix",
    "parse_authorization_request",
    "parse_request_link",
    "VerifierAnswer",
    "parse_verifier_answer",
    "read_request_object",
]

REQUEST_TYP = "oauth-authz-req+jwt"
MAX_REQUEST_CHARS = 64 * 1024
LINK_SCHEMES = ("openid4vp", "haip-vp", "eudi-openid4vp", "https", "http")
PREFIXES = ("redirect_uri", "decentralized_identifier", "x509_san_dns")
REFUSED_PREFIXES = (
    "origin",
    "openid_federation",
    "verifier_attestation",
    "x509_hash",
    "did",
    "https",
    "web-origin",
)
RESPONSE_MODES = ("direct_post", "direct_post.jwt")
_URL_SAFE = re.compile(r"^[A-Za-z0-9._~-]{1,512}$")


@dataclass(frozen=True)
class RequestReference:
    """What a link carries: the parameters, and a request object by value or by reference."""

    params: dict[str, str]
    client_id: str
    request: str | None = None
    request_uri: str | None = None
    request_uri_method: str | None = None  # "get" | "post" | None (GET)


@dataclass(frozen=True)
class RequestObject:
    claims: dict[str, Any]
    header: dict[str, Any]
    signed: bool
    token: str  # as received; what its signature covers


@dataclass(frozen=True)
class ClientMetadata:
    name: str | None = None
    logo_uri: str | None = None
    jwks: tuple[dict[str, Any], ...] = ()
    enc_values: tuple[str, ...] = ("A128GCM",)
    vp_formats: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuthorizationRequest:
    client_id: str
    prefix: str | None  # "redirect_uri", "decentralized_identifier", "x509_san_dns", None
    identifier: str  # the client identifier without its prefix
    nonce: str
    response_mode: str
    response_uri: str
    dcql: DcqlQuery
    dcql_json: dict[str, Any]
    state: str | None = None
    client_metadata: ClientMetadata = field(default_factory=ClientMetadata)
    wallet_nonce: str | None = None


def _invalid(message: str) -> PresentationRequestError:
    return PresentationRequestError(message)


def _one_each(query: str) -> dict[str, str]:
    try:
        pairs = parse_qs(query, keep_blank_values=True, strict_parsing=False, max_num_fields=64)
    except ValueError:
        raise _invalid("the request link has too many parameters") from None
    out = {}
    for key, values in pairs.items():
        if len(values) != 1:
            raise _invalid(f"the request link repeats the parameter {key!r}")
        out[key] = values[0]
    return out


def parse_request_link(link: str) -> RequestReference:
    """An ``openid4vp://?…`` link (or an https link with the same query)."""
    if not isinstance(link, str) or not link.strip():
        raise _invalid("the request link is empty")
    link = link.strip()
    if len(link) > MAX_REQUEST_CHARS:
        raise _invalid("the request link is too long")
    parts = urlsplit(link)
    if parts.scheme not in LINK_SCHEMES:
        raise _invalid("this is not a presentation request link (expected openid4vp://…)")
    params = _one_each(parts.query)
    client_id = params.get("client_id")
    if not client_id:
        raise _invalid("the request names no client_id (who asks)")
    request, uri = params.get("request"), params.get("request_uri")
    if request and uri:
        raise _invalid("the request carries both a request object and a request URI")
    method = params.get("request_uri_method")
    if method is not None:
        if uri is None:
            raise _invalid("request_uri_method is given without a request_uri")
        if method not in ("get", "post"):
            raise PresentationRequestError(
                f"the request URI method {method[:20]!r} is neither get nor post",
                error="invalid_request_uri_method",
            )
    if uri is not None:
        target = urlsplit(uri)
        if target.scheme not in ("https", "http") or not target.netloc:
            raise _invalid("the request URI is not an https URL")
    return RequestReference(params, client_id, request, uri, method)


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(b64url_decode(part))
    except (WalletError, ValueError, RecursionError):
        raise RequestObjectError(f"the request object's {what} cannot be read") from None
    if not isinstance(value, dict):
        raise RequestObjectError(f"the request object's {what} is not a JSON object")
    return value


def read_request_object(token: str) -> RequestObject:
    """A request object taken apart; its signature is checked by
    :mod:`wallet.exchange.oid4vp.trust`."""
    if not isinstance(token, str) or len(token) > MAX_REQUEST_CHARS:
        raise PresentationRequestError("the request object is too large")
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:
        raise RequestObjectError("the request object is not a compact JWT")
    header = _json_part(parts[0], "header")
    if header.get("typ") != REQUEST_TYP:
        raise RequestObjectError(f"the request object's typ is not {REQUEST_TYP}")
    if str(header.get("alg", "")).lower() == "none":
        if parts[2]:
            raise RequestObjectError("an unsigned request object carries a signature")
        return RequestObject(_json_part(parts[1], "payload"), header, False, token)
    try:
        decoded = jws.decode_jws(token)
    except WalletError as exc:
        raise RequestObjectError(f"the request object cannot be read: {exc.message}") from None
    return RequestObject(decoded.payload, decoded.header, True, token)


def client_prefix(client_id: str) -> tuple[str | None, str]:
    """(prefix, identifier) of a client identifier (§5.9.1); no known prefix: (None, id)."""
    head, sep, rest = client_id.partition(":")
    if sep and head in PREFIXES:
        return head, rest
    if sep and head in REFUSED_PREFIXES:
        return head, rest
    return None, client_id


def _metadata(value: Any) -> ClientMetadata:
    if value is None:
        return ClientMetadata()
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise _invalid("the verifier's client_metadata is not JSON") from None
    if not isinstance(value, Mapping):
        raise _invalid("the verifier's client_metadata is not a JSON object")
    jwks = value.get("jwks")
    keys = jwks.get("keys") if isinstance(jwks, Mapping) else None
    keys = tuple(k for k in keys[:16] if isinstance(k, dict)) if isinstance(keys, list) else ()
    enc = value.get("encrypted_response_enc_values_supported")
    enc_values = tuple(e for e in enc if isinstance(e, str)) if isinstance(enc, list) else ()
    name = value.get("client_name")
    logo = value.get("logo_uri")
    formats = value.get("vp_formats_supported")
    return ClientMetadata(
        name[:200] if isinstance(name, str) else None,
        logo if isinstance(logo, str) and logo.startswith(("https://", "data:image/")) else None,
        keys,
        enc_values or ("A128GCM",),
        dict(formats) if isinstance(formats, Mapping) else {},
    )


def _check_transaction_data(value: Any) -> None:
    """§8.4: this wallet knows no transaction data type, so any is refused."""
    if isinstance(value, str) and value.startswith("["):  # a request parameter: JSON text
        with contextlib.suppress(ValueError, RecursionError):
            value = json.loads(value)
    items = value if isinstance(value, list) else [value]
    for item in items[:16]:
        kind = None
        if isinstance(item, str):
            try:
                decoded = json.loads(b64url_decode(item))
                kind = decoded.get("type") if isinstance(decoded, Mapping) else None
            except (WalletError, ValueError, RecursionError):
                kind = None
        shown = f" of type {str(kind)[:60]!r}" if isinstance(kind, str) else ""
        raise TransactionDataError(
            f"the verifier asks you to authorize a transaction{shown} "
            "that this wallet does not understand; nothing was sent"
        )


def _same_host(url: str, dns_name: str) -> bool:
    return (urlsplit(url).hostname or "").lower() == dns_name.lower()


def parse_authorization_request(
    params: Mapping[str, Any],
    *,
    signed: bool,
    link_client_id: str | None = None,
    registered: Mapping[str, Any] | None = None,
    wallet_nonce: str | None = None,
) -> AuthorizationRequest:
    """The request's parameters (from the link, or the request object's claims), checked.
    ``signed``: whether they came from a request object whose signature was verified;
    ``registered``: verifiers the learner added (client_id → allowed response URIs)."""
    client_id = params.get("client_id")
    if not isinstance(client_id, str) or not client_id:
        raise _invalid("the request names no client_id (who asks)")
    if link_client_id is not None and link_client_id != client_id:
        raise _invalid("the request object is for another client_id than the link says")
    if "transaction_data" in params:
        _check_transaction_data(params["transaction_data"])
    if params.get("response_type") != "vp_token":
        raise _invalid("the request does not ask for a vp_token (response_type)")
    nonce = params.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise _invalid("the request has no nonce, so an answer could be replayed; refused")
    if not _URL_SAFE.match(nonce):
        raise _invalid("the request's nonce holds characters the spec does not allow")
    state = params.get("state")
    if state is not None and (not isinstance(state, str) or not _URL_SAFE.match(state)):
        raise _invalid("the request's state holds characters the spec does not allow")
    mode = params.get("response_mode")
    if mode not in RESPONSE_MODES:
        raise _invalid(
            f"the response mode {str(mode)[:30]!r} is not supported (direct_post "
            "and direct_post.jwt are)"
        )
    if "redirect_uri" in params:
        raise _invalid("a request with response mode direct_post must not carry a redirect_uri")
    response_uri = params.get("response_uri")
    if (
        not isinstance(response_uri, str)
        or urlsplit(response_uri).scheme not in ("https", "http")
        or not urlsplit(response_uri).netloc
    ):
        raise _invalid("the request has no https response_uri to answer to")
    if wallet_nonce is not None and params.get("wallet_nonce") != wallet_nonce:
        raise RequestObjectError(
            "the request object does not carry this wallet's wallet_nonce; it may be replayed"
        )
    prefix, identifier = client_prefix(client_id)
    if prefix in REFUSED_PREFIXES:
        raise VerifierTrustError(
            f"requests from a {prefix}: client identifier are not accepted here"
        )
    if prefix == "redirect_uri":
        if signed:
            raise _invalid("a redirect_uri: client cannot sign its request; refused")
        if response_uri != identifier:
            raise _invalid("the response_uri differs from the redirect_uri: client identifier")
    elif prefix == "decentralized_identifier":
        if not signed:
            raise RequestObjectError("a decentralized_identifier: client must sign its request")
    elif prefix == "x509_san_dns":
        if not signed:
            raise RequestObjectError("an x509_san_dns: client must sign its request")
        if not _same_host(response_uri, identifier):
            raise VerifierTrustError(
                f"the response_uri is not on the host the certificate names ({identifier})"
            )
    else:
        allowed = (registered or {}).get(client_id)
        if allowed is None:
            raise VerifierTrustError(
                f"the verifier {client_id[:80]!r} is not one you added, "
                "and its client identifier says nothing else about it"
            )
        if response_uri not in tuple(allowed):
            raise VerifierTrustError("the response_uri is not one registered for this verifier")
    if "dcql_query" not in params:
        raise _invalid("the request has no DCQL query (scope-only requests are not supported)")
    raw = params["dcql_query"]
    try:
        dcql = parse_query(raw)
        dcql_json = json.loads(raw) if isinstance(raw, str) else dict(raw)
    except DcqlError as exc:
        raise _invalid(exc.message) from None
    metadata = _metadata(params.get("client_metadata"))
    if mode == "direct_post.jwt" and not metadata.jwks:
        raise _invalid("an encrypted answer is asked for, but the verifier gives no key")
    return AuthorizationRequest(
        client_id,
        prefix,
        identifier,
        nonce,
        mode,
        response_uri,
        dcql,
        dcql_json,
        state,
        metadata,
        params.get("wallet_nonce") if isinstance(params.get("wallet_nonce"), str) else None,
    )


@dataclass(frozen=True)
class VerifierAnswer:
    redirect_uri: str | None
    body: dict[str, Any]


def parse_verifier_answer(status: int, body: bytes) -> VerifierAnswer:
    """§8.2: 200 with a JSON object, perhaps with a ``redirect_uri``; anything else is the
    verifier refusing (its ``error`` / ``error_description`` kept)."""
    try:
        data = json.loads(body) if body else {}
    except (ValueError, RecursionError):
        data = {}
    data = data if isinstance(data, dict) else {}
    if status != 200:
        error = data.get("error") if isinstance(data.get("error"), str) else None
        said = data.get("error_description")
        said = f": {said[:200]}" if isinstance(said, str) else ""
        raise AnswerRefusedError(
            f"the verifier refused the answer (HTTP {status}){said}", error=error
        )
    redirect = data.get("redirect_uri")
    ok = isinstance(redirect, str) and urlsplit(redirect).scheme in ("https", "http")
    return VerifierAnswer(redirect if ok else None, data)
