"""The demo issuer's VC-API delivery exchange (VCALM): credentials delivered after DID
authentication, behind an interaction URL.

``create(credentials)`` returns an interaction URL (``{base}/interactions/{id}?iuv=1``). Fetched
as JSON it offers ``vcapi`` (the exchange) and ``oid4vci-1.0`` (the same credentials as an
OpenID4VCI offer). The exchange: ``POST {}`` → a ``DIDAuthentication`` request (challenge,
domain = the issuer's origin); the holder's signed presentation → the credentials, issued to
that DID, in a ``verifiablePresentation``, with a ``redirectUrl`` to the issuer's page. Every
message carries a ``referenceId``; the holder's echo is recorded.

``misbehave`` shows (and tests) the wallet's defences: ``"loop"`` (asks the same thing
forever), ``"again"`` (after each presentation, asks for another with a fresh challenge — one
consent must not sign them all), ``"foreign-domain"`` (names another website's origin as the
presentation's ``domain``, as a relay would), ``"redirect"`` (an HTTP redirect to another
origin), ``"interaction-elsewhere"`` (a ``redirectUrl`` to another origin's interaction),
``"other-subject"`` (a credential for someone else), ``"bad-signature"`` and
``"unknown-context"`` (a credential altered after signing, as the OID4VCI issuer's offers can
ask: :func:`wallet.demo.catalog.tampered`), ``"problem"`` (an RFC 9457 problem).
"""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo.catalog import tampered
from wallet.verification.verify import VerifyOptions, verify_document

__all__ = ["DemoDelivery"]


class _Issuer(Protocol):
    base: str
    lock: Any

    def issue(self, configuration_id: str, subject: str) -> Any: ...


@dataclass
class _Exchange:
    id: str
    credentials: tuple[str, ...]
    challenge: str
    misbehave: str | None = None
    state: str = "pending"  # "pending" | "complete"
    references: list[str | None] = field(default_factory=list)  # the holder's echoes
    received: list[Any] = field(default_factory=list)  # every presentation the holder sent


class DemoDelivery:
    def __init__(self, issuer: _Issuer, offer: Callable[[tuple[str, ...]], str]) -> None:
        self.issuer = issuer
        self.offer = offer  # the same credentials as an OpenID4VCI offer link
        self.exchanges: dict[str, _Exchange] = {}

    @property
    def origin(self) -> str:
        parts = urlsplit(self.issuer.base)
        return f"{parts.scheme}://{parts.netloc}"

    def create(
        self, credentials: tuple[str, ...] = ("teamwork",), *, misbehave: str | None = None
    ) -> str:
        """A new delivery; returns its interaction URL."""
        exchange = _Exchange(uuid.uuid4().hex, credentials, secrets.token_urlsafe(18), misbehave)
        with self.issuer.lock:
            self.exchanges[exchange.id] = exchange
        return f"{self.issuer.base}/interactions/{exchange.id}?iuv=1"

    def routes(self) -> list[Route]:
        return [
            Route("/interactions/{eid}", self._interaction),
            Route("/exchanges/{eid}", self._exchange, methods=["POST"]),
        ]

    async def _interaction(self, request: Request) -> Response:
        exchange = self.exchanges.get(request.path_params["eid"])
        if exchange is None or request.query_params.get("iuv") != "1":
            return JSONResponse({"title": "Not found"}, status_code=404)
        offer = self.offer(exchange.credentials)
        return JSONResponse(
            {
                "protocols": {
                    "vcapi": f"{self.issuer.base}/exchanges/{exchange.id}",
                    "oid4vci-1.0": offer,
                }
            }
        )

    def _request(self, exchange: _Exchange) -> dict[str, Any]:
        return {
            "verifiablePresentationRequest": {
                "query": [
                    {
                        "type": "DIDAuthentication",
                        "acceptedMethods": [{"method": "key"}, {"method": "web"}],
                        "acceptedCryptosuites": [{"cryptosuite": "eddsa-rdfc-2022"}],
                    }
                ],
                "challenge": exchange.challenge,
                "domain": "https://employer.example"
                if exchange.misbehave == "foreign-domain"
                else self.origin,
            },
            "referenceId": f"urn:uuid:{uuid.uuid4()}",
        }

    async def _exchange(self, request: Request) -> Response:
        exchange = self.exchanges.get(request.path_params["eid"])
        if exchange is None:
            return _problem("There is no such exchange", "not-found", 404)
        if exchange.misbehave == "redirect":
            return RedirectResponse("http://localhost:9/elsewhere", status_code=307)
        if exchange.misbehave == "problem":
            return _problem(
                "Delivery is paused",
                "paused",
                503,
                "The issuer is not delivering credentials right now.",
            )
        try:
            message = json.loads(await request.body() or b"{}")
        except ValueError:
            return _problem("The message is not JSON", "bad-message", 400)
        if not isinstance(message, dict):
            return _problem("The message is not an object", "bad-message", 400)
        exchange.references.append(message.get("referenceId"))
        if exchange.state == "complete":
            return _problem("This exchange is complete", "complete", 410)
        vp = message.get("verifiablePresentation")
        if vp is not None:
            exchange.received.append(vp)
        if vp is None or exchange.misbehave == "loop":
            return JSONResponse(self._request(exchange))
        if exchange.misbehave == "again":  # another challenge of its choosing, and again …
            exchange.challenge = secrets.token_urlsafe(18)
            return JSONResponse(self._request(exchange))
        result = verify_document(
            vp, VerifyOptions(challenge=exchange.challenge, domain=self.origin)
        )
        holder = vp.get("holder") if isinstance(vp, dict) else None
        if not result.verified or not isinstance(holder, str):
            return _problem(
                "DID authentication failed",
                "did-auth",
                400,
                "The presentation does not prove control of the DID.",
            )
        subject = Ed25519KeyPair.generate().did if exchange.misbehave == "other-subject" else holder
        credentials = [
            tampered(self.issuer.issue(c, subject), exchange.misbehave)
            for c in exchange.credentials
        ]
        exchange.state = "complete"
        body: dict[str, Any] = {
            "verifiablePresentation": {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiablePresentation"],
                "verifiableCredential": credentials,
            },
            "redirectUrl": f"{self.issuer.base}/",
            "referenceId": f"urn:uuid:{uuid.uuid4()}",
        }
        if exchange.misbehave == "interaction-elsewhere":
            body = {"redirectUrl": "http://localhost:9/interactions/x?iuv=1"}
        return JSONResponse(body)


def _problem(title: str, kind: str, status: int, detail: str | None = None) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"https://issuer.example/problems/{kind}",
        "title": title,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    return JSONResponse(body, status_code=status, media_type="application/problem+json")
