"""The OpenID4VP wallet: a thin driver over the sans-I/O messages and the HTTP policy.

:meth:`Responder.resolve` reads a request link: the request by value, or fetched from its
``request_uri`` (GET, or POST with the wallet's metadata and a ``wallet_nonce`` when
``request_uri_method=post``; a redirect is refused), checks the signature for the client
identifier prefix (:mod:`~wallet.exchange.oid4vp.trust`) and the parameters
(:mod:`~wallet.exchange.oid4vp.messages`). :func:`vp_token` builds the answer from what the
learner chose; :meth:`Responder.send` posts it (``direct_post``, or encrypted for
``direct_post.jwt``) and :meth:`Responder.decline` posts ``access_denied``. Nothing follows an
HTTP redirect from the response URI; a ``redirect_uri`` in the verifier's JSON answer is
returned for the learner to open. It stores nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from wallet.crypto.keys import Signer as KeySigner
from wallet.errors import (
    AnswerRefusedError,
    FetchError,
    PresentationRequestError,
    TransactionDataError,
)
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vp import messages as m
from wallet.exchange.oid4vp import requests as rq
from wallet.exchange.oid4vp.trust import Signer, verify_request_object

__all__ = ["Holder", "Resolved", "Responder", "vp_token"]

JWT_TYPES = "application/oauth-authz-req+jwt"


@dataclass(frozen=True)
class Holder:
    did: str
    signer: KeySigner


@dataclass(frozen=True)
class Resolved:
    """A request the wallet may answer: its checked parameters and who signed it (``signer``
    None: unsigned — a ``redirect_uri:`` client, or one the learner added). A signature names
    the requester only when :attr:`Signer.identifies` (x509, did:web); a did:key's or
    did:jwk's proves only that the request was not changed."""

    request: m.AuthorizationRequest
    signer: Signer | None
    by_reference: bool
    request_uri_method: str | None = None

    @property
    def identified(self) -> bool:
        """Whether the signature proves who asks (not only that the request is unchanged)."""
        return self.signer is not None and self.signer.identifies


class Responder:
    """``trust_store``: the X.509 trust anchors (None: the system's CA store); ``registered``:
    verifiers the learner added (client_id → allowed response URIs); ``dev``: did:web over
    loopback (the fetcher's own dev mode allows plain http to this computer)."""

    def __init__(
        self,
        http: HttpFetcher,
        *,
        trust_store: Any = None,
        registered: Mapping[str, Sequence[str]] | None = None,
        dev: bool = False,
        now: datetime | None = None,
    ) -> None:
        self.http = http
        self.trust_store = trust_store
        self.registered = dict(registered or {})
        self.dev = dev
        self.now = now

    # --- reading the request --------------------------------------------------------------

    def _fetch_request_object(self, ref: m.RequestReference) -> tuple[str, str | None]:
        uri = ref.request_uri or ""
        wallet_nonce = None
        try:
            if ref.request_uri_method == "post":
                wallet_nonce = rq.new_wallet_nonce()
                response = self.http.request(
                    "POST",
                    uri,
                    data=rq.request_uri_form(wallet_nonce),
                    accept=JWT_TYPES,
                    raise_for_status=False,
                )
            else:
                response = self.http.request(
                    "GET", uri, accept=JWT_TYPES, same_origin_only=True, raise_for_status=False
                )
        except FetchError as exc:
            raise PresentationRequestError(
                f"the request could not be fetched: {exc.message}"
            ) from None
        if response.url != uri:
            raise PresentationRequestError("the request URI redirected elsewhere; refused")
        if response.status != 200:
            raise PresentationRequestError(
                f"the verifier's request URI answered HTTP {response.status}"
            )
        if len(response.body) > m.MAX_REQUEST_CHARS:
            raise PresentationRequestError("the request object is too large")
        try:
            return response.body.decode("ascii").strip(), wallet_nonce
        except UnicodeDecodeError:
            raise PresentationRequestError("the request object is not a JWT") from None

    def resolve(self, link: str) -> Resolved:
        ref = m.parse_request_link(link)
        token, wallet_nonce = ref.request, None
        if ref.request_uri is not None:
            token, wallet_nonce = self._fetch_request_object(ref)
        signer: Signer | None = None
        if token is None:
            params: dict[str, Any] = dict(ref.params)
            signed = False
        else:
            obj = m.read_request_object(token)
            params = dict(obj.claims)
            signed = obj.signed
            if signed:
                prefix, identifier = m.client_prefix(str(params.get("client_id", "")))
                if params.get("client_id") != ref.client_id:
                    raise PresentationRequestError(
                        "the request object is for another client_id than the link says"
                    )
                signer = verify_request_object(
                    obj,
                    prefix,
                    identifier,
                    fetcher=self.http,
                    trust_store=self.trust_store,
                    now=self.now,
                    dev=self.dev,
                )
        transaction_data = params.pop("transaction_data", None)
        request = m.parse_authorization_request(
            params,
            signed=signed,
            link_client_id=ref.client_id,
            registered=self.registered,
            wallet_nonce=wallet_nonce,
        )
        if request.response_mode == "direct_post.jwt":
            rq.encryption(request.client_metadata)  # a key that cannot be used: nothing sent
        resolved = Resolved(request, signer, ref.request_uri is not None, ref.request_uri_method)
        if transaction_data is not None:
            try:
                m.parse_authorization_request(
                    {**params, "transaction_data": transaction_data},
                    signed=signed,
                    registered=self.registered,
                    wallet_nonce=wallet_nonce,
                )
            except TransactionDataError as exc:
                self._post_quietly(
                    resolved, rq.error_form(exc.error or "", exc.message, request.state)
                )
                raise
        return resolved

    # --- answering --------------------------------------------------------------------------

    def _post(self, resolved: Resolved, form: Mapping[str, str]) -> m.VerifierAnswer:
        try:
            response = self.http.request(
                "POST", resolved.request.response_uri, data=form, raise_for_status=False
            )
        except FetchError as exc:
            raise AnswerRefusedError(f"the answer could not be delivered: {exc.message}") from None
        return m.parse_verifier_answer(response.status, response.body)

    def _post_quietly(self, resolved: Resolved, form: Mapping[str, str]) -> None:
        with contextlib.suppress(AnswerRefusedError):
            self._post(resolved, form)

    def send(self, resolved: Resolved, token: Mapping[str, Sequence[Any]]) -> m.VerifierAnswer:
        """Post the ``vp_token`` (encrypted for ``direct_post.jwt``)."""
        request = resolved.request
        form = rq.response_form(token, request.state)
        if request.response_mode == "direct_post.jwt":
            payload: dict[str, Any] = {"vp_token": dict(token)}
            if request.state is not None:
                payload["state"] = request.state
            form = {"response": rq.encrypt(payload, request.client_metadata)}
        return self._post(resolved, form)

    def decline(
        self,
        resolved: Resolved,
        *,
        error: str = "access_denied",
        description: str = "the learner declined",
    ) -> m.VerifierAnswer:
        return self._post(resolved, rq.error_form(error, description, resolved.request.state))


def vp_token(
    resolved: Resolved,
    chosen: Mapping[str, Sequence[tuple[str, Any]]],
    holder: Holder,
    *,
    learner_record: Mapping[str, Any] | None = None,
    holder_profile: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> dict[str, list[Any]]:
    """The ``vp_token`` (§8.1): per credential query id, one presentation of the credentials
    chosen for it (``(format, credential as received)`` pairs) — only those, as a DCQL
    verifier counts them — whose ``holder`` is ``holder_profile`` when given (who the learner
    says they are, under their signature). The first ``ldp_vc`` presentation also carries
    ``learner_record`` (the learner-signed CLR with the reflections and work samples they
    chose to send) when given."""
    request = resolved.request
    token: dict[str, list[Any]] = {}
    carried = False
    for qid, items in chosen.items():
        if not items:
            continue
        fmt = request.dcql.query(qid).format
        credentials = [c for f, c in items if f == fmt]
        presentations: list[Any] = []
        for credential in credentials:  # one presentation per credential
            if fmt == "ldp_vc":
                inside = [credential]
                if learner_record is not None and not carried:  # once in the whole answer
                    inside.append(dict(learner_record))
                    carried = True
                presentations.append(
                    rq.ldp_presentation(
                        inside,
                        holder=holder.signer,
                        holder_did=holder.did,
                        nonce=request.nonce,
                        client_id=request.client_id,
                        now=now,
                        holder_profile=holder_profile,
                    )
                )
            else:
                presentations.append(
                    rq.jwt_presentation(
                        [credential],
                        signer=holder.signer,
                        holder_did=holder.did,
                        nonce=request.nonce,
                        audience=request.client_id,
                        holder_profile=holder_profile,
                    )
                )
        token[qid] = presentations
    return token
