"""The OID4VCI wallet: a thin driver over the sans-I/O messages and the HTTP policy.

:class:`Receiver` walks one offer in steps its caller (the receiving service) takes, asking the
learner in between: :meth:`~Receiver.resolve` the offer (by value or by reference) and fetch
and check the issuer's metadata; :meth:`~Receiver.preview` who is issuing what; get a
:meth:`~Receiver.token` (pre-authorized code with ``tx_code`` retries, or authorization code +
PKCE through a loopback redirect: :mod:`~wallet.exchange.oid4vci.loopback`); see every
credential it :meth:`~Receiver.grants` (a batch: one per credential identifier); and
:meth:`~Receiver.fetch` them, proving possession of the holder key (batch,
``credential_identifiers``, deferred).

It decides nothing about what it received and stores nothing: it returns :class:`Received`
(from :mod:`~wallet.exchange.oid4vci.received`, as are :class:`Issued` and :class:`Deferred`) —
the :class:`Issued` credentials exactly as the issuer sent them (the caller verifies them and
checks they are the holder's: :mod:`wallet.services.admission`), the :class:`Deferred` ones
(what is needed to ask again, also after a restart: the caller keeps it, e.g. in the vault,
and hands it to :meth:`Receiver.poll`). The caller tells the issuer what became of each
credential with :meth:`Receiver.acknowledge` (OID4VCI §11 notifications).
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from wallet.crypto.keys import Signer
from wallet.errors import (
    CredentialRequestError,
    ExchangeError,
    FetchError,
    FetchRefusedError,
    IssuerMetadataError,
    OfferError,
    TokenError,
    WalletError,
)
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vci import messages as m
from wallet.exchange.oid4vci import requests as rq
from wallet.exchange.oid4vci.loopback import LoopbackRedirect
from wallet.exchange.oid4vci.received import Deferred, Issued, Notice, Received

__all__ = [
    "Deferred",
    "Holder",
    "Issued",
    "OfferPreview",
    "OfferedCredential",
    "Received",
    "Receiver",
    "ResolvedOffer",
    "TokenUI",
]

MAX_TX_CODE_ATTEMPTS = 3
AUTH_TIMEOUT = 300.0


class TokenUI(Protocol):
    """What getting a token may ask of the learner: the transaction code the issuer sent them
    (``problem``: why the last one was refused), or to sign in with the issuer in a browser."""

    def tx_code(self, spec: m.TxCode, attempt: int, problem: str | None) -> str | None: ...

    def authorize(self, url: str) -> None: ...


@dataclass(frozen=True)
class OfferedCredential:
    """One credential on offer, in the issuer's words (its display metadata: a claim).
    ``identifier``: the credential identifier the token names it by (one of a batch)."""

    configuration_id: str
    name: str
    format: str
    description: str | None = None
    identifier: str | None = None


@dataclass(frozen=True)
class OfferPreview:
    issuer: str  # the credential issuer identifier (URL)
    issuer_name: str
    logo: str | None
    background_color: str | None
    text_color: str | None
    credentials: tuple[OfferedCredential, ...]
    flow: str  # "pre-authorized" | "authorization_code"
    tx_code: m.TxCode | None
    # the issuer's name in each language its metadata gives one: (locale, name)
    issuer_names: tuple[tuple[str | None, str], ...] = ()


@dataclass(frozen=True)
class ResolvedOffer:
    offer: m.CredentialOffer
    issuer: m.IssuerMetadata
    authorization_server: m.AuthorizationServerMetadata
    draft13: bool


@dataclass(frozen=True)
class Holder:
    """Who receives: the holder's DID and a signer for its key (proofs of possession)."""

    did: str
    signer: Signer


def _progress(_message: str) -> None:
    pass


def _situation(exc: FetchError) -> str | None:
    """What a failed fetch of an offer or of the issuer's metadata means to a person (the
    sentences: ``error.offer.*``, ``error.issuer_metadata.*`` in :mod:`wallet.i18n`):
    ``unknown`` (the server does not know it: 404, 410), ``refused`` (another HTTP error),
    ``unreachable`` (no answer, or none in time); None for a refused address (its own
    message says why)."""
    if isinstance(exc, FetchRefusedError):
        return None
    status = exc.details.get("status")
    if status in (404, 410):
        return "unknown"
    return "refused" if isinstance(status, int) else "unreachable"


class Receiver:
    def __init__(self, http: HttpFetcher, holder: Holder, *, locale: str = "en") -> None:
        self.http = http
        self.holder = holder
        self.locale = locale

    # --- resolving ------------------------------------------------------------------------

    def _get_json(self, url: str, error: type[ExchangeError]) -> bytes:
        try:
            return self.http.request("GET", url, accept="application/json").body
        except FetchError as exc:
            raise error(
                f"could not fetch {url}: {exc.message}",
                url=url,
                status=exc.details.get("status"),
                situation=_situation(exc),
            ) from None

    def resolve(self, link: str) -> ResolvedOffer:
        ref = m.parse_offer_reference(link)
        offer = ref.offer or m.parse_credential_offer(
            self._get_json(ref.offer_uri or "", OfferError)
        )
        metadata = m.parse_issuer_metadata(
            self._get_json(m.issuer_metadata_url(offer.credential_issuer), IssuerMetadataError),
            expected_issuer=offer.credential_issuer,
        )
        unknown = [
            c for c in offer.credential_configuration_ids if c not in metadata.configurations
        ]
        if unknown:
            raise OfferError(f"the issuer's metadata does not describe {unknown[0]!r}")
        grant_server = (
            offer.pre_authorized.authorization_server
            if offer.pre_authorized
            else offer.authorization_code.authorization_server
            if offer.authorization_code
            else None
        )
        server = grant_server or (
            metadata.authorization_servers[0]
            if metadata.authorization_servers
            else offer.credential_issuer
        )
        if metadata.authorization_servers and server not in metadata.authorization_servers:
            raise OfferError("the offer names an authorization server the issuer does not list")
        as_meta = None
        problem = "no authorization server metadata"
        for url in m.authorization_server_metadata_urls(server):
            try:
                as_meta = m.parse_authorization_server_metadata(
                    self.http.request("GET", url).body, expected_issuer=server
                )
                break
            except (FetchError, IssuerMetadataError) as exc:
                problem = exc.message
        if as_meta is None:
            raise IssuerMetadataError(f"the issuer's authorization server is unusable: {problem}")
        draft13 = metadata.nonce_endpoint is None
        return ResolvedOffer(offer, metadata, as_meta, draft13)

    def preview(self, resolved: ResolvedOffer) -> OfferPreview:
        display = resolved.issuer.display_for(self.locale)
        items = []
        for cid in resolved.offer.credential_configuration_ids:
            config = resolved.issuer.configurations[cid]
            shown = m._pick_display(config.display, self.locale)
            items.append(
                OfferedCredential(
                    cid,
                    (shown.name if shown and shown.name else cid),
                    config.format,
                    shown.description if shown else None,
                )
            )
        pre = resolved.offer.pre_authorized
        return OfferPreview(
            issuer=resolved.offer.credential_issuer,
            issuer_name=(
                display.name
                if display and display.name
                else urlsplit(resolved.offer.credential_issuer).netloc
            ),
            # a logo is the same in every language: another display's when this one has none
            logo=display.logo.uri
            if display and display.logo
            else next((d.logo.uri for d in resolved.issuer.display if d.logo), None),
            background_color=display.background_color if display else None,
            text_color=display.text_color if display else None,
            credentials=tuple(items),
            flow="pre-authorized" if pre else "authorization_code",
            tx_code=pre.tx_code if pre else None,
            issuer_names=tuple((d.locale, d.name) for d in resolved.issuer.display if d.name),
        )

    # --- tokens ---------------------------------------------------------------------------

    def _post_form(self, url: str, form: dict[str, str]) -> tuple[int, bytes]:
        try:
            response = self.http.request(
                "POST", url, data=form, same_origin_only=True, raise_for_status=False
            )
        except FetchError as exc:
            raise TokenError(f"the issuer could not be reached: {exc.message}") from None
        return response.status, response.body

    def token(
        self, resolved: ResolvedOffer, ui: TokenUI, tx_code: str | None = None
    ) -> m.TokenResponse:
        """A token for the offer: the pre-authorized code (with the transaction code —
        ``tx_code`` first when given, then asked, up to :data:`MAX_TX_CODE_ATTEMPTS` tries), or
        the learner's sign-in (authorization code with PKCE)."""
        offer, server = resolved.offer, resolved.authorization_server
        if offer.pre_authorized:
            grant = offer.pre_authorized
            problem = None
            for attempt in range(1, MAX_TX_CODE_ATTEMPTS + 1):
                code = None
                if grant.tx_code is not None:
                    code = (
                        tx_code
                        if (attempt == 1 and tx_code)
                        else ui.tx_code(grant.tx_code, attempt, problem)
                    )
                    if code is None:
                        raise TokenError(
                            "receiving was cancelled (no transaction code)", error="cancelled"
                        )
                status, body = self._post_form(
                    server.token_endpoint,
                    rq.pre_authorized_token_request(
                        grant.pre_authorized_code, code, draft13=resolved.draft13
                    ),
                )
                try:
                    return m.parse_token_response(status, body)
                except TokenError as exc:
                    if exc.error != "invalid_grant" or grant.tx_code is None:
                        raise
                    problem = "that transaction code was not accepted; check it and try again"
            raise TokenError(
                f"the transaction code was not accepted after {MAX_TX_CODE_ATTEMPTS} tries",
                error="invalid_grant",
            )
        return self._authorization_code(resolved, ui)

    def _authorization_code(self, resolved: ResolvedOffer, ui: TokenUI) -> m.TokenResponse:
        server = resolved.authorization_server
        if not server.authorization_endpoint:
            raise IssuerMetadataError("the issuer needs a login but has no authorization endpoint")
        if server.code_challenge_methods and "S256" not in server.code_challenge_methods:
            raise IssuerMetadataError("the issuer does not support PKCE with S256")
        code = rq.pkce()
        state = secrets.token_urlsafe(24)
        with LoopbackRedirect() as redirect:
            url = rq.authorization_url(
                server.authorization_endpoint,
                configuration_ids=list(resolved.offer.credential_configuration_ids),
                redirect_uri=redirect.uri,
                state=state,
                code=code,
                issuer_state=resolved.offer.authorization_code.issuer_state
                if resolved.offer.authorization_code
                else None,
                credential_issuer=resolved.offer.credential_issuer,
            )
            ui.authorize(url)
            params = redirect.wait(AUTH_TIMEOUT)
        if params.get("state") != state:
            raise TokenError(
                "the login answer does not belong to this request (state mismatch); refused",
                error="invalid_state",
            )
        if "error" in params:
            raise TokenError(
                f"the issuer's login ended with an error ({params['error'][:80]})",
                error=params["error"][:80],
            )
        if not params.get("code"):
            raise TokenError("the issuer's login returned no code")
        status, body = self._post_form(
            server.token_endpoint,
            rq.authorization_code_token_request(
                params["code"], verifier=code.verifier, redirect_uri=redirect.uri
            ),
        )
        return m.parse_token_response(status, body)

    # --- credentials ----------------------------------------------------------------------

    def _nonce(self, resolved: ResolvedOffer) -> str:
        """§7: a fresh ``c_nonce`` from the nonce endpoint (1.0)."""
        endpoint = resolved.issuer.nonce_endpoint or ""
        try:
            response = self.http.request(
                "POST", endpoint, same_origin_only=True, raise_for_status=False
            )
        except FetchError as exc:
            raise CredentialRequestError(
                f"the issuer's nonce endpoint failed: {exc.message}"
            ) from None
        return m.parse_nonce_response(response.status, response.body)

    def _post_json(
        self, url: str, token: m.TokenResponse, body: dict[str, Any]
    ) -> tuple[int, bytes]:
        try:
            response = self.http.request(
                "POST",
                url,
                json=body,
                same_origin_only=True,
                raise_for_status=False,
                headers={"Authorization": f"{token.token_type} {token.access_token}"},
            )
        except FetchError as exc:
            raise CredentialRequestError(
                f"the issuer could not be reached: {exc.message}"
            ) from None
        return response.status, response.body

    def _request_credential(
        self,
        resolved: ResolvedOffer,
        token: m.TokenResponse,
        config: m.CredentialConfiguration,
        identifier: str | None,
        nonce: str | None,
    ) -> tuple[m.CredentialResponse, str | None]:
        """One credential request; a rejected proof or nonce is retried once with a fresh
        nonce (§8.3.1.2). Returns the response and the nonce to use next (draft 13)."""
        signer = self.holder.signer
        for attempt in (1, 2):
            proof = rq.proof_jwt(signer, audience=resolved.offer.credential_issuer, nonce=nonce)
            body = rq.credential_request(
                config, proofs=[proof], credential_identifier=identifier, draft13=resolved.draft13
            )
            status, raw = self._post_json(resolved.issuer.credential_endpoint, token, body)
            try:
                response = m.parse_credential_response(status, raw)
                return response, response.c_nonce or nonce
            except CredentialRequestError as exc:
                if attempt == 2 or exc.error not in ("invalid_proof", "invalid_nonce"):
                    raise
                fresh = exc.details.get("c_nonce")
                nonce = (
                    fresh
                    if isinstance(fresh, str)
                    else (self._nonce(resolved) if resolved.issuer.nonce_endpoint else nonce)
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def acknowledge(
        self, notice: Notice, *, accepted: bool, description: str | None = None
    ) -> None:
        """Tell the issuer a credential was stored (``credential_accepted``) or refused
        (``credential_failure``). A courtesy: failures to reach the issuer are ignored."""
        if not notice.endpoint or not notice.notification_id:
            return
        event = "credential_accepted" if accepted else "credential_failure"
        with contextlib.suppress(WalletError):
            self._post_json(
                notice.endpoint,
                notice.token,
                rq.notification_request(
                    notice.notification_id, event, None if accepted else description
                ),
            )

    def _deferred(
        self,
        resolved: ResolvedOffer,
        token: m.TokenResponse,
        config: m.CredentialConfiguration,
        response: m.CredentialResponse,
    ) -> Deferred:
        endpoint = resolved.issuer.deferred_credential_endpoint
        if not endpoint:
            raise CredentialRequestError(
                "the issuer deferred the credential but has no deferred credential endpoint"
            )
        interval = m.bounded_interval(response.interval)
        preview = self.preview(resolved)
        name = next(c.name for c in preview.credentials if c.configuration_id == config.id)
        return Deferred(
            issuer=resolved.offer.credential_issuer,
            issuer_name=preview.issuer_name,
            configuration=config.id,
            name=name,
            endpoint=endpoint,
            notification_endpoint=resolved.issuer.notification_endpoint,
            interval=interval,
            next_poll=time.time() + interval,
            draft13=resolved.draft13,
            transaction_id=response.transaction_id or "",
            access_token=token.access_token,
            token_type=token.token_type,
            format=config.format,
        )

    def grants(
        self, resolved: ResolvedOffer, token: m.TokenResponse
    ) -> tuple[OfferedCredential, ...]:
        """Every credential the token lets the wallet ask for: one per credential identifier
        the token names for a configuration (a batch offer), else one per configuration the
        offer lists — what :meth:`fetch` will ask for, in that order."""
        offered = {c.configuration_id: c for c in self.preview(resolved).credentials}
        return tuple(
            replace(offered[cid], identifier=identifier)
            for cid in resolved.offer.credential_configuration_ids
            for identifier in token.credential_identifiers.get(cid) or (None,)
        )

    def fetch(
        self,
        resolved: ResolvedOffer,
        token: m.TokenResponse,
        progress: Callable[[str], None] = _progress,
    ) -> Received:
        """Ask for every credential the token grants (:meth:`grants`). Raises named errors for
        what stops the whole exchange; returns what the issuer sent, deferred or not."""
        result = Received()
        configs = [
            resolved.issuer.configurations[c] for c in resolved.offer.credential_configuration_ids
        ]
        if resolved.draft13 and resolved.issuer.batch_credential_endpoint and len(configs) > 1:
            self._receive_batch_draft13(resolved, token, configs, progress, result)
            return result
        nonce = token.c_nonce  # draft 13; 1.0 asks the nonce endpoint before each request
        for config in configs:
            for identifier in token.credential_identifiers.get(config.id) or (None,):
                progress(f"receiving {identifier or config.id}")
                if resolved.issuer.nonce_endpoint:
                    nonce = self._nonce(resolved)
                response, nonce = self._request_credential(
                    resolved, token, config, identifier, nonce
                )
                self._handle(response, resolved, token, config, result)
        return result

    def _handle(
        self,
        response: m.CredentialResponse,
        resolved: ResolvedOffer,
        token: m.TokenResponse,
        config: m.CredentialConfiguration,
        result: Received,
    ) -> None:
        if response.deferred:
            result.deferred.append(self._deferred(resolved, token, config, response))
            return
        notice = Notice(resolved.issuer.notification_endpoint, token, response.notification_id)
        result.issued.extend(
            Issued(credential, config.format, resolved.offer.credential_issuer, config.id, notice)
            for credential in response.credentials
        )

    def _receive_batch_draft13(
        self,
        resolved: ResolvedOffer,
        token: m.TokenResponse,
        configs: list[m.CredentialConfiguration],
        progress: Callable[[str], None],
        result: Received,
    ) -> None:
        """Draft 13 §8: one request to the batch credential endpoint for every credential."""
        progress(f"receiving {len(configs)} credentials in one batch")
        signer = self.holder.signer
        nonce = token.c_nonce
        for attempt in (1, 2):
            bodies = [
                rq.credential_request(
                    c,
                    draft13=True,
                    proofs=[
                        rq.proof_jwt(signer, audience=resolved.offer.credential_issuer, nonce=nonce)
                    ],
                )
                for c in configs
            ]
            status, raw = self._post_json(
                resolved.issuer.batch_credential_endpoint or "",
                token,
                {"credential_requests": bodies},
            )
            try:
                responses = m.parse_batch_response(status, raw)
                break
            except CredentialRequestError as exc:
                fresh = exc.details.get("c_nonce")
                if (
                    attempt == 2
                    or exc.error not in ("invalid_proof", "invalid_nonce")
                    or not isinstance(fresh, str)
                ):
                    raise
                nonce = fresh
        for config, response in zip(configs, responses, strict=False):
            self._handle(response, resolved, token, config, result)

    # --- deferred ---------------------------------------------------------------------------

    def poll(self, deferred: Deferred) -> Received:
        """Ask once for a deferred credential. The result holds the credential when it is
        ready; else the :class:`Deferred` to keep (with its next poll time), or, when the
        issuer has forgotten the transaction, the reason it is gone."""
        result = Received()
        token = m.TokenResponse(access_token=deferred.access_token, token_type=deferred.token_type)
        try:
            status, raw = self._post_json(
                deferred.endpoint, token, rq.deferred_request(deferred.transaction_id)
            )
            response = m.parse_credential_response(status, raw)
        except CredentialRequestError as exc:
            if exc.error in ("invalid_transaction_id", "invalid_token"):
                result.rejected.append(f"{deferred.name}: {exc.message}")
            else:  # keep it for later
                interval = m.bounded_interval(deferred.interval)
                result.deferred.append(
                    replace(deferred, interval=interval, next_poll=time.time() + interval)
                )
            return result
        if response.deferred:
            interval = m.bounded_interval(response.interval or deferred.interval)
            result.deferred.append(
                replace(deferred, interval=interval, next_poll=time.time() + interval)
            )
            return result
        notice = Notice(deferred.notification_endpoint, token, response.notification_id)
        result.issued.extend(
            Issued(credential, deferred.format, deferred.issuer, deferred.configuration, notice)
            for credential in response.credentials
        )
        return result
