"""VCALM (the W3C VC-API) on the wallet's side: interaction URLs and ``vcapi`` exchanges.

* Interaction URLs (VCALM §3.7): ``interaction:URL``, ``web+interaction:URL``, or an https URL
  with ``iuv=1``. Fetched with ``Accept: application/json`` they answer a ``protocols`` map;
  :func:`choose_protocol` picks ``oid4vp-1.0`` / ``oid4vci-1.0`` (or their deprecated unversioned
  names ``OID4VP`` / ``OID4VCI``) or ``vcapi``.
* Exchanges (VCALM "Participate in an Exchange"): start with ``POST {}``; each answer is a
  message with ``verifiablePresentationRequest`` (to answer), ``verifiablePresentation``
  (credentials delivered), ``redirectUrl`` (the exchange is done; continue there — an
  interaction URL on the same origin is followed) and ``referenceId`` (echoed in the next
  message). Errors are RFC 9457 problem details.
* :func:`presentation_domain` — the ``domain`` a presentation is signed for must be the
  exchange's own origin: a presentation for another website's domain would verify there, so
  an exchange that names one could relay the learner's answer (its challenge too) to that
  website. Refused with :class:`~wallet.errors.ExchangeRelayError`.

:class:`ExchangeClient` does the HTTP under the wallet's policy and returns parsed messages;
what to answer is the caller's (the responding service, which signs at most one presentation
per request the learner agreed to). Bounded: at most :data:`MAX_STEPS` messages per exchange,
no HTTP redirect followed for a POST, and an exchange may not move to another origin.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from wallet.errors import (
    ExchangeFlowError,
    ExchangeRelayError,
    FetchError,
    PresentationRequestError,
    ProblemDetailsError,
)
from wallet.exchange.http import HttpFetcher

__all__ = [
    "MAX_STEPS",
    "PROTOCOLS",
    "ExchangeClient",
    "ExchangeMessage",
    "choose_protocol",
    "interaction_url",
    "is_interaction",
    "parse_message",
    "parse_problem",
    "parse_protocols",
    "presentation_domain",
]

MAX_STEPS = 8
MAX_MESSAGE = 2 * 1024 * 1024
PROTOCOLS = {
    "oid4vp-1.0": "oid4vp",
    "OID4VP": "oid4vp",
    "vcapi": "vcapi",
    "oid4vci-1.0": "oid4vci",
    "OID4VCI": "oid4vci",
}
PREFERENCE = ("oid4vp-1.0", "OID4VP", "vcapi", "oid4vci-1.0", "OID4VCI")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


_DEFAULT_PORTS = {"https": 443, "http": 80}


def _site(scheme: str, netloc: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of an origin, the scheme's default port filled in; a port that is
    not a number raises ValueError."""
    parts = urlsplit(f"//{netloc}")
    if parts.username is not None or parts.password is not None or not parts.hostname:
        raise ValueError("not a host")
    return scheme, parts.hostname.lower(), parts.port or _DEFAULT_PORTS.get(scheme)


def presentation_domain(domain: str | None, origin: str) -> str:
    """The ``domain`` to sign for in the exchange at ``origin`` (``scheme://host[:port]``): the
    exchange's own origin, named as such (``https://host[:port]``, nothing after it) or as its
    host (``host[:port]``); none named → the origin. Any other is refused (a relay)."""
    if domain is None:
        return origin
    own = urlsplit(origin)
    try:
        mine = _site(own.scheme, own.netloc)
        if "://" in domain:
            named = urlsplit(domain)
            same = (
                not named.query
                and not named.fragment
                and named.path in ("", "/")
                and _site(named.scheme.lower(), named.netloc) == mine
            )
        else:
            same = _site(own.scheme, domain) == mine
    except ValueError:
        same = False
    if not same:
        raise ExchangeRelayError(
            f"the exchange at {own.netloc} asks you to sign your answer for another website "
            f"({domain[:100]!r}); an answer signed for it would count there, so this exchange "
            "could pass it on as yours — refused, nothing was sent"
        )
    return domain


def is_interaction(text: str) -> bool:
    """An ``interaction:`` / ``web+interaction:`` link, or an https URL carrying ``iuv=1``."""
    text = text.strip()
    if text.startswith(("interaction:", "web+interaction:")):
        return True
    parts = urlsplit(text)
    return parts.scheme in ("https", "http") and parse_qs(parts.query).get("iuv") == ["1"]


def interaction_url(text: str) -> str:
    """The URL to fetch for an interaction link."""
    text = text.strip()
    for scheme in ("web+interaction:", "interaction:"):
        if text.startswith(scheme):
            text = text[len(scheme) :]
            break
    parts = urlsplit(text)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise PresentationRequestError("the interaction link holds no https URL")
    if parse_qs(parts.query).get("iuv") != ["1"]:
        raise PresentationRequestError("the interaction URL is not of version 1 (iuv=1)")
    return text


def parse_protocols(body: bytes) -> dict[str, str]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise PresentationRequestError("the interaction URL did not answer JSON") from None
    protocols = data.get("protocols") if isinstance(data, dict) else None
    if not isinstance(protocols, dict):
        raise PresentationRequestError("the interaction URL answered no protocols")
    return {k: v for k, v in protocols.items() if isinstance(k, str) and isinstance(v, str)}


def choose_protocol(protocols: Mapping[str, str], prefer: str | None = None) -> tuple[str, str]:
    """(``"oid4vp"`` | ``"oid4vci"`` | ``"vcapi"``, its URL): ``prefer`` (one of those kinds)
    when offered, else the first of :data:`PREFERENCE`."""
    order = [p for p in PREFERENCE if PROTOCOLS[p] == prefer] + list(PREFERENCE)
    for name in order:
        if name in protocols:
            return PROTOCOLS[name], protocols[name]
    offered = ", ".join(list(protocols)[:6]) or "none"
    raise PresentationRequestError(
        f"the interaction offers no protocol this wallet speaks (offered: {offered})"
    )


@dataclass(frozen=True)
class ExchangeMessage:
    request: Mapping[str, Any] | None = None  # verifiablePresentationRequest
    presentations: tuple[Mapping[str, Any], ...] = ()  # verifiablePresentation(s) offered
    redirect_url: str | None = None
    reference_id: str | None = None

    @property
    def done(self) -> bool:
        return self.request is None


def parse_problem(status: int, body: bytes) -> ProblemDetailsError:
    """RFC 9457: ``title`` and ``detail`` in words; ``type`` and ``status`` kept."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        data = {}
    data = data if isinstance(data, dict) else {}
    title = data.get("title") if isinstance(data.get("title"), str) else None
    detail = data.get("detail") if isinstance(data.get("detail"), str) else None
    said = ": ".join(s[:200] for s in (title, detail) if s) or f"HTTP {status}"
    kind = data.get("type") if isinstance(data.get("type"), str) else "about:blank"
    return ProblemDetailsError(
        f"the exchange reported a problem ({said})",
        error=kind,
        type=kind,
        title=title,
        status=status,
    )


def parse_message(body: bytes) -> ExchangeMessage:
    if len(body) > MAX_MESSAGE:
        raise ExchangeFlowError("the exchange sent a message that is too large")
    try:
        data = json.loads(body) if body.strip() else {}
    except (ValueError, RecursionError):
        raise ExchangeFlowError("the exchange answered something that is not JSON") from None
    if not isinstance(data, dict):
        raise ExchangeFlowError("the exchange answered something that is not a JSON object")
    request = data.get("verifiablePresentationRequest")
    offered = data.get("verifiablePresentation")
    items = offered if isinstance(offered, list) else [offered] if offered else []
    redirect = data.get("redirectUrl")
    reference = data.get("referenceId")
    return ExchangeMessage(
        request if isinstance(request, Mapping) else None,
        tuple(p for p in items[:8] if isinstance(p, Mapping)),
        redirect
        if isinstance(redirect, str) and urlsplit(redirect).scheme in ("https", "http")
        else None,
        reference if isinstance(reference, str) else None,
    )


class ExchangeClient:
    """One exchange at ``url``: :meth:`start`, then :meth:`send` each answer."""

    def __init__(self, http: HttpFetcher, url: str) -> None:
        self.http = http
        self.url = url
        self.origin = _origin(url)
        self.steps = 0
        self.reference_id: str | None = None

    def _post(self, body: Mapping[str, Any]) -> ExchangeMessage:
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise ExchangeFlowError(
                f"the exchange did not finish in {MAX_STEPS} steps; stopped (it may loop)"
            )
        payload = dict(body)
        if self.reference_id and "referenceId" not in payload:
            payload["referenceId"] = self.reference_id
        try:
            response = self.http.request(
                "POST", self.url, json=payload, same_origin_only=True, raise_for_status=False
            )
        except FetchError as exc:
            if "redirect" in exc.message:
                raise ExchangeFlowError(
                    "the exchange answered with an HTTP redirect, which is not followed; refused"
                ) from None
            raise ExchangeFlowError(f"the exchange could not be reached: {exc.message}") from None
        if response.status >= 400:
            raise parse_problem(response.status, response.body)
        message = parse_message(response.body)
        if message.reference_id:
            self.reference_id = message.reference_id
        return message

    def start(self) -> ExchangeMessage:
        return self._post({})

    def send(self, presentation: Mapping[str, Any]) -> ExchangeMessage:
        return self._post({"verifiablePresentation": dict(presentation)})

    def follow(self, redirect_url: str) -> str | None:
        """An interaction URL given as ``redirectUrl`` on the same origin: its ``vcapi``
        exchange URL (the exchange continues there); None when it is a page for the learner
        to open. Another origin's interaction is refused."""
        if not is_interaction(redirect_url):
            return None
        if _origin(redirect_url) != self.origin:
            raise ExchangeFlowError(
                "the exchange sent you on to another website's interaction; refused"
            )
        body = fetch_protocols(self.http, redirect_url)
        kind, url = choose_protocol(body, "vcapi")
        if kind != "vcapi" or _origin(url) != self.origin:
            raise ExchangeFlowError("the exchange continues somewhere this wallet does not follow")
        self.url = url
        return url


def fetch_protocols(http: HttpFetcher, link: str) -> dict[str, str]:
    """GET the interaction URL behind ``link`` (``Accept: application/json``)."""
    url = interaction_url(link)
    try:
        response = http.request(
            "GET", url, accept="application/json", same_origin_only=True, raise_for_status=False
        )
    except FetchError as exc:
        raise PresentationRequestError(
            f"the interaction URL could not be fetched: {exc.message}"
        ) from None
    if response.status >= 400:
        raise parse_problem(response.status, response.body)
    return parse_protocols(response.body)
