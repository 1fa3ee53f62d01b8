"""The demo issuer: a small OID4VCI issuer (ASGI, Starlette) for trying the wallet and testing it.

It offers the credentials of :mod:`wallet.demo.catalog` (OB 3.0 badges, a CLR 2.0 transcript,
course badges for batch offers; ``ldp_vc`` or ``jwt_vc_json``), with its issuer and
authorization server metadata, offers, key proof checks and pages (:mod:`wallet.demo.pages`), over

* OID4VCI 1.0 at its base URL: pre-authorized code with or without ``tx_code``, authorization
  code with PKCE (a one-button demo login), the nonce endpoint, ``credential_identifiers`` for
  batch offers, deferred issuance, notifications; and
* draft 13 at ``{base}/draft13`` (``c_nonce`` in the token response, a single ``proof``, the
  ``credential`` response, the batch credential endpoint),

and serves the catalog's status list and images. An offer can ask it to misbehave, to test the
wallet's defences (:class:`OfferOptions`). Its key is made fresh at start and kept in memory
only. It is for demonstration and tests: it trusts anyone who holds an offer.

Its routes share one in-memory state (offers, codes, tokens, nonces, deferred items) behind one
lock; its metadata and offers are built in :mod:`wallet.demo.offers` (:class:`OfferOptions` is
importable from here too), and what stands apart lives apart (the catalog, the pages, the VC-API
delivery).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from wallet.assets import assets_dir
from wallet.crypto import jws
from wallet.crypto.did import resolve_verification_method
from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo.catalog import (
    STATUS_LIST_PATH,
    DemoCatalog,
    Recipient,
    read_catalog,
    tampered,
)
from wallet.demo.offers import IssuerOffers, Offer, OfferOptions
from wallet.demo.pages import INVALID_LOGIN, home_page, login_page
from wallet.demo.vcapi import DemoDelivery
from wallet.errors import WalletError
from wallet.exchange.oid4vci.messages import PRE_AUTHORIZED_GRANT
from wallet.exchange.oid4vci.requests import PROOF_TYP
from wallet.verification.binding import bind_key

__all__ = ["DemoIssuer", "OfferOptions"]

TENANTS = {"": False, "/draft13": True}  # path → draft 13?
NONCE_TTL = 300.0
TOKEN_TTL = 600.0


async def _form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (without a multipart parser dependency)."""
    body = await request.body()
    try:
        pairs = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except UnicodeDecodeError:
        return {}
    return {k: v[0] for k, v in pairs.items()}


@dataclass
class _Session:
    offer: Offer
    expires: float
    identifiers: dict[str, list[str]] = field(default_factory=dict)
    issued: set[str] = field(default_factory=set)
    stale_nonce_sent: bool = False


class DemoIssuer(IssuerOffers):
    """The issuer's state and logic; :meth:`app` is its ASGI application. The credentials it
    issues come from :attr:`catalog` (its methods are here too, for callers of the issuer)."""

    def __init__(self, base_url: str, *, key: Ed25519KeyPair | None = None) -> None:
        self.base = base_url.rstrip("/")
        self.key = key or Ed25519KeyPair.generate()
        self.catalog = DemoCatalog(self.base, self.key)
        self.lock = threading.RLock()
        self.offers: dict[str, Offer] = {}
        self.by_pre_code: dict[str, Offer] = {}
        self.auth_codes: dict[str, tuple[Offer, str, str, float]] = {}
        self.tokens: dict[str, _Session] = {}
        self.nonces: dict[str, float] = {}
        self.deferred: dict[str, tuple[float, Any, str]] = {}
        self.notifications: list[dict[str, Any]] = []
        self.delivery = DemoDelivery(
            self, lambda ids: self.create_offer(OfferOptions(credentials=ids))
        )

    @property
    def did(self) -> str:
        return self.key.did

    # --- the catalog's credentials (:class:`DemoCatalog`, also at :attr:`catalog`) ----------

    def badge_credential(
        self, badge_id: str, subject: str, *, course: int | None = None, status: bool = True
    ) -> dict[str, Any]:
        return self.catalog.badge_credential(badge_id, subject, course=course, status=status)

    def sign_ldp(self, doc: dict[str, Any]) -> dict[str, Any]:
        return self.catalog.sign_ldp(doc)

    def issue(
        self,
        configuration_id: str,
        subject: str,
        identifier: str | None = None,
        recipient: Recipient | None = None,
    ) -> Any:
        return self.catalog.issue(configuration_id, subject, identifier, recipient)

    # --- protocol helpers -----------------------------------------------------------------

    def new_nonce(self) -> str:
        nonce = secrets.token_urlsafe(18)
        with self.lock:
            now = time.time()
            self.nonces = {n: t for n, t in self.nonces.items() if t > now}
            self.nonces[nonce] = now + NONCE_TTL
        return nonce

    def check_proof(
        self, proof: Any, audience: str, *, consume_nonce: bool = True
    ) -> tuple[str | None, str]:
        """(holder DID, "") for a good key proof, else (None, error code)."""
        if not isinstance(proof, str):
            return None, "invalid_proof"
        try:
            decoded = jws.decode_jws(proof)
        except WalletError:
            return None, "invalid_proof"
        header, payload = decoded.header, decoded.payload
        if header.get("typ") != PROOF_TYP or header.get("alg") != "EdDSA":
            return None, "invalid_proof"
        kid = header.get("kid")
        try:
            method = resolve_verification_method(kid).method if isinstance(kid, str) else None
        except WalletError:
            method = None
        if (
            method is None
            or method.ed25519 is None
            or not jws.verify_jws(decoded, method.ed25519.to_jwk())
        ):
            return None, "invalid_proof"
        if not bind_key(method.controller, method.ed25519).bound:  # the DID is that key's
            return None, "invalid_proof"
        if (
            payload.get("aud") != audience
            or not isinstance(payload.get("iat"), int)
            or abs(payload["iat"] - time.time()) > NONCE_TTL
        ):
            return None, "invalid_proof"
        nonce = payload.get("nonce")
        with self.lock:
            expiry = (
                (self.nonces.pop if consume_nonce else self.nonces.get)(nonce, None)
                if isinstance(nonce, str)
                else None
            )
        if expiry is None or expiry < time.time():
            return None, "invalid_nonce"
        return method.controller, ""

    def session(self, request: Request) -> _Session | None:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer "):
            return None
        with self.lock:
            session = self.tokens.get(auth[len("Bearer ") :])
        return session if session and session.expires > time.time() else None

    # --- the ASGI application ---------------------------------------------------------------

    def app(self) -> Starlette:
        routes: list[Route] = [
            Route("/", self._home),
            Route("/images/{name}", self._image),
            Route(STATUS_LIST_PATH, self._status),
            Route("/ims/case/v1p0/CFPackages/{identifier}", self._case_package),
            Route("/admin/revoke", self._revoke, methods=["POST"]),
            *self.delivery.routes(),  # the VC-API delivery exchange (wallet/demo/vcapi.py)
        ]
        for prefix, draft13 in TENANTS.items():
            routes += [
                Route(
                    f"/.well-known/openid-credential-issuer{prefix}",
                    self._bind(self._metadata, draft13),
                ),
                Route(
                    f"/.well-known/oauth-authorization-server{prefix}",
                    self._bind(self._as_metadata, draft13),
                ),
                Route(f"{prefix}/offers/{{offer_id}}", self._bind(self._offer, draft13)),
                Route(
                    f"{prefix}/authorize",
                    self._bind(self._authorize, draft13),
                    methods=["GET", "POST"],
                ),
                Route(f"{prefix}/token", self._bind(self._token, draft13), methods=["POST"]),
                Route(f"{prefix}/nonce", self._bind(self._nonce, draft13), methods=["POST"]),
                Route(
                    f"{prefix}/credential", self._bind(self._credential, draft13), methods=["POST"]
                ),
                Route(
                    f"{prefix}/batch_credential", self._bind(self._batch, draft13), methods=["POST"]
                ),
                Route(
                    f"{prefix}/deferred_credential",
                    self._bind(self._deferred, draft13),
                    methods=["POST"],
                ),
                Route(
                    f"{prefix}/notification",
                    self._bind(self._notification, draft13),
                    methods=["POST"],
                ),
            ]
        return Starlette(routes=routes)

    @staticmethod
    def _bind(handler: Any, draft13: bool) -> Any:
        async def endpoint(request: Request) -> Response:
            return await handler(request, draft13)

        return endpoint

    @staticmethod
    def _error(code: str, status: int = 400, **extra: Any) -> JSONResponse:
        return JSONResponse(
            {"error": code, **extra}, status_code=status, headers={"Cache-Control": "no-store"}
        )

    async def _metadata(self, request: Request, draft13: bool) -> Response:
        return JSONResponse(self.issuer_metadata(draft13))

    async def _as_metadata(self, request: Request, draft13: bool) -> Response:
        return JSONResponse(self.authorization_server_metadata(draft13))

    async def _offer(self, request: Request, draft13: bool) -> Response:
        offer = self.offers.get(request.path_params["offer_id"])
        if offer is None or offer.options.draft13 != draft13:
            return self._error("not_found", 404)
        return JSONResponse(self.offer_json(offer))

    async def _authorize(self, request: Request, draft13: bool) -> Response:
        params = dict(request.query_params) if request.method == "GET" else await _form(request)
        offer = next(
            (o for o in self.offers.values() if o.issuer_state == params.get("issuer_state")), None
        )
        redirect = params.get("redirect_uri", "")
        if (
            offer is None
            or not redirect.startswith("http://127.0.0.1:")
            or params.get("code_challenge_method") != "S256"
            or not params.get("code_challenge")
        ):
            return HTMLResponse(INVALID_LOGIN, status_code=400)
        if request.method == "GET":
            return HTMLResponse(login_page(params))
        code = secrets.token_urlsafe(24)
        with self.lock:
            self.auth_codes[code] = (offer, params["code_challenge"], redirect, time.time() + 120)
        query = urlencode({"code": code, "state": params.get("state", "")})
        return RedirectResponse(f"{redirect}?{query}", status_code=302)

    def _new_session(self, offer: Offer, draft13: bool) -> dict[str, Any]:
        token = secrets.token_urlsafe(32)
        session = _Session(offer, time.time() + TOKEN_TTL)
        body: dict[str, Any] = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": int(TOKEN_TTL),
        }
        if offer.options.batch:
            ids = [f"course-{i:03d}" for i in range(1, offer.options.batch + 1)]
            session.identifiers["course"] = ids
            body["authorization_details"] = [
                {
                    "type": "openid_credential",
                    "credential_configuration_id": "course",
                    "credential_identifiers": ids,
                }
            ]
        if draft13:
            body["c_nonce"] = self.new_nonce()
            body["c_nonce_expires_in"] = int(NONCE_TTL)
        with self.lock:
            self.tokens[token] = session
        return body

    async def _token(self, request: Request, draft13: bool) -> Response:
        form = await _form(request)
        grant = form.get("grant_type")
        if grant == PRE_AUTHORIZED_GRANT:
            with self.lock:
                offer = self.by_pre_code.get(form.get("pre-authorized_code", ""))
                if offer is None or offer.redeemed or offer.options.draft13 != draft13:
                    return self._error("invalid_grant")
                if offer.options.tx_code is not None:
                    given = form.get("tx_code") or form.get("user_pin")
                    if given != offer.options.tx_code:
                        offer.attempts += 1
                        if offer.attempts >= 5:
                            offer.redeemed = True
                        return self._error(
                            "invalid_grant", error_description="wrong transaction code"
                        )
                offer.redeemed = True
            return JSONResponse(
                self._new_session(offer, draft13), headers={"Cache-Control": "no-store"}
            )
        if grant == "authorization_code":
            with self.lock:
                entry = self.auth_codes.pop(form.get("code", ""), None)
            if entry is None:
                return self._error("invalid_grant")
            offer, challenge, redirect, expires = entry
            verifier = form.get("code_verifier", "")
            computed = (
                base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                .rstrip(b"=")
                .decode()
            )
            if (
                expires < time.time()
                or computed != challenge
                or form.get("redirect_uri") != redirect
            ):
                return self._error("invalid_grant", error_description="PKCE check failed")
            return JSONResponse(
                self._new_session(offer, draft13), headers={"Cache-Control": "no-store"}
            )
        return self._error("unsupported_grant_type")

    async def _nonce(self, request: Request, draft13: bool) -> Response:
        if draft13:
            return self._error("not_found", 404)
        return JSONResponse({"c_nonce": self.new_nonce()}, headers={"Cache-Control": "no-store"})

    def _one_credential(
        self, body: dict[str, Any], session: _Session, draft13: bool, consume_nonce: bool = True
    ) -> tuple[int, dict[str, Any]]:
        audience = self.credential_issuer(draft13)
        jwt_proofs: Any
        if draft13:
            proof = body.get("proof")
            jwt_proofs = [proof.get("jwt")] if isinstance(proof, dict) else []
        else:
            proofs = body.get("proofs")
            jwt_proofs = proofs.get("jwt") if isinstance(proofs, dict) else None
            if not isinstance(jwt_proofs, list) or not 1 <= len(jwt_proofs) <= 10:
                return 400, {"error": "invalid_proof"}
        if session.offer.options.misbehave == "stale-nonce" and not session.stale_nonce_sent:
            session.stale_nonce_sent = True
            return 400, {"error": "invalid_nonce", "c_nonce": self.new_nonce()}
        holders = []
        for proof in jwt_proofs:
            holder, problem = self.check_proof(proof, audience, consume_nonce=consume_nonce)
            if holder is None:
                extra = {"c_nonce": self.new_nonce()} if draft13 else {}
                return 400, {"error": problem, **extra}
            holders.append(holder)
        if not holders:
            return 400, {"error": "invalid_proof"}
        identifier = body.get("credential_identifier")
        configuration = body.get("credential_configuration_id")
        if identifier is not None:
            configuration = next(
                (c for c, ids in session.identifiers.items() if identifier in ids), None
            )
            if configuration is None or identifier in session.issued:
                return 400, {"error": "unknown_credential_identifier"}
            session.issued.add(identifier)
        elif draft13 and configuration is None:
            configuration = self._configuration_for(body, session)
        if configuration not in session.offer.options.credentials:
            return 400, {"error": "unknown_credential_configuration"}
        notification_id = secrets.token_urlsafe(12)
        if session.offer.options.deferred is not None:
            transaction = secrets.token_urlsafe(16)
            with self.lock:
                self.deferred[transaction] = (
                    time.time() + session.offer.options.deferred,
                    (configuration, holders[0], identifier),
                    notification_id,
                )
            return 202, {"transaction_id": transaction, "interval": 1}
        credentials = [
            self._misbehave(
                session,
                self.issue(
                    configuration,
                    h
                    if session.offer.options.misbehave != "other-subject"
                    else "did:example:someone-else",
                    identifier,
                    session.offer.options.recipient,
                ),
            )
            for h in holders
        ]
        if draft13:
            return 200, {
                "credential": credentials[0],
                "notification_id": notification_id,
                "c_nonce": self.new_nonce(),
                "c_nonce_expires_in": int(NONCE_TTL),
            }
        return 200, {
            "credentials": [{"credential": c} for c in credentials],
            "notification_id": notification_id,
        }

    def _configuration_for(self, body: dict[str, Any], session: _Session) -> str | None:
        """Draft 13: the request names a format and credential type, not an id; offered
        credentials of the same type are handed out in the offer's order."""
        fmt = body.get("format")
        definition = body.get("credential_definition")
        types = definition.get("type") if isinstance(definition, dict) else None
        for cid in session.offer.options.credentials:
            config = self.configurations()[cid]
            if cid in session.issued:
                continue
            if config["format"] == fmt and config["credential_definition"]["type"] == types:
                session.issued.add(cid)
                return cid
        return None

    @staticmethod
    def _misbehave(session: _Session, credential: Any) -> Any:
        return tampered(credential, session.offer.options.misbehave)

    async def _credential(self, request: Request, draft13: bool) -> Response:
        session = self.session(request)
        if session is None:
            return self._error("invalid_token", 401)
        try:
            body = await request.json()
        except ValueError:
            return self._error("invalid_credential_request")
        if not isinstance(body, dict):
            return self._error("invalid_credential_request")
        status, payload = self._one_credential(body, session, draft13)
        return JSONResponse(payload, status_code=status, headers={"Cache-Control": "no-store"})

    async def _batch(self, request: Request, draft13: bool) -> Response:
        session = self.session(request)
        if session is None or not draft13:
            return self._error("invalid_token", 401)
        body = await request.json()
        requests = body.get("credential_requests") if isinstance(body, dict) else None
        if not isinstance(requests, list) or not requests:
            return self._error("invalid_credential_request")
        # Every proof of a batch carries the same c_nonce (draft 13 §8): check them all, then
        # spend the nonce once.
        responses = []
        for item in requests:
            status, payload = self._one_credential(item, session, draft13, consume_nonce=False)
            if status >= 400:
                return JSONResponse(payload, status_code=status)
            payload.pop("c_nonce", None)
            payload.pop("c_nonce_expires_in", None)
            responses.append(payload)
        with self.lock:
            for item in requests:
                proof = item.get("proof") if isinstance(item, dict) else None
                jwt = proof.get("jwt") if isinstance(proof, dict) else None
                with contextlib.suppress(WalletError, TypeError):
                    nonce = jws.decode_jws(jwt).payload.get("nonce") if jwt else None
                    if isinstance(nonce, str):
                        self.nonces.pop(nonce, None)
        return JSONResponse({"credential_responses": responses, "c_nonce": self.new_nonce()})

    async def _deferred(self, request: Request, draft13: bool) -> Response:
        session = self.session(request)
        if session is None:
            return self._error("invalid_token", 401)
        body = await request.json()
        transaction = body.get("transaction_id") if isinstance(body, dict) else None
        with self.lock:
            entry = self.deferred.get(transaction or "")
        if entry is None:
            return self._error("invalid_transaction_id")
        ready, (configuration, holder, identifier), notification_id = entry
        if ready > time.time():
            if draft13:
                return self._error("issuance_pending", interval=1)
            return JSONResponse({"transaction_id": transaction, "interval": 1}, status_code=202)
        with self.lock:
            self.deferred.pop(transaction or "", None)
        credential = self.issue(configuration, holder, identifier)
        if draft13:
            return JSONResponse({"credential": credential, "notification_id": notification_id})
        return JSONResponse(
            {"credentials": [{"credential": credential}], "notification_id": notification_id}
        )

    async def _notification(self, request: Request, draft13: bool) -> Response:
        if self.session(request) is None:
            return self._error("invalid_token", 401)
        body = await request.json()
        if not isinstance(body, dict) or body.get("event") not in (
            "credential_accepted",
            "credential_failure",
            "credential_deleted",
        ):
            return self._error("invalid_notification_request")
        with self.lock:
            self.notifications.append(body)
        return Response(status_code=204)

    async def _status(self, request: Request) -> Response:
        return JSONResponse(self.catalog.status_list_credential())

    async def _revoke(self, request: Request) -> Response:
        if request.client is None or request.client.host != "127.0.0.1":
            return self._error("forbidden", 403)
        body = await request.json()
        try:
            self.catalog.revoke(body["credential_id"])
        except (KeyError, TypeError):
            return self._error("not_found", 404)
        return Response(status_code=204)

    async def _case_package(self, request: Request) -> Response:
        """The sample framework its badges align to, as a CASE 1.0 provider serves it."""
        path = assets_dir() / "case" / "riverside-skills-framework.json"
        package = json.loads(path.read_text("utf-8"))
        if request.path_params["identifier"] != package["CFDocument"]["identifier"]:
            return self._error("not_found", 404)
        return JSONResponse(package)

    async def _image(self, request: Request) -> Response:
        name = Path(request.path_params["name"]).name
        path = assets_dir() / "demo-issuer" / "images" / name
        if not path.is_file() or path.suffix != ".svg":
            return self._error("not_found", 404)
        return Response(path.read_bytes(), media_type="image/svg+xml")

    async def _home(self, request: Request) -> Response:
        offers = [
            (
                ", ".join(o.options.credentials),
                o.options.tx_code,
                "openid-credential-offer://?credential_offer_uri="
                + quote(f"{self.credential_issuer(o.options.draft13)}/offers/{o.id}", safe=""),
            )
            for o in list(self.offers.values())[-20:]
            if not o.redeemed
        ]
        return HTMLResponse(home_page(read_catalog()["issuer"]["name"], self.did, offers))
