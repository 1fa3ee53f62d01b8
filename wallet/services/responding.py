"""Responding to an employer's request: OpenID4VP 1.0 and VCALM (VC-API) exchanges.

::

    preview = wallet.responding.preview(link_or_qr_path)   # who asks, what, what matches
    shown = wallet.responding.disclosure(preview, preview.proposed, reflections=True)
    result = wallet.responding.answer(preview, preview.proposed, reflections=True)
    # or: wallet.responding.decline(preview)

:meth:`RespondingService.preview` reads a link (``openid4vp://``, an https link carrying a
request, a VCALM interaction URL) or a QR image of one; it returns a :class:`RequestPreview`:
who asks, no further than proven, and where the answer goes
(:class:`~wallet.services.requester.VerifierIdentity`), each query in words with the learner's
matching credentials, and the proposed selection. :meth:`~RespondingService.disclosure` says
exactly what would be sent; :meth:`~RespondingService.answer` sends it (with the learner's
reflections and work samples, when chosen, as a learner-signed CLR inside the same
presentation) and keeps what a VC-API exchange delivers (with consent), through the one
admission path OID4VCI-received credentials take (:mod:`wallet.services.admission`). A VC-API
exchange gets at most one presentation per consent, signed for its own origin only.

What the learner is shown — the preview, the disclosure, the result — and reading a request
from a link, QR image or file are :mod:`wallet.services.request_preview` (the names are
importable from here too).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel

from wallet.errors import (
    ExchangeFlowError,
    NothingMatchesError,
    PresentationRequestError,
    WalletError,
)
from wallet.exchange import vcalm
from wallet.exchange.oid4vp import Holder, Resolved, Responder, vp_token
from wallet.exchange.oid4vp import requests as rq
from wallet.exchange.qr import decode_qr
from wallet.formats import vcjwt
from wallet.presenting.dcql import (
    Candidate,
    Evaluation,
    check_selection,
    default_selection,
    evaluate,
    expanded_types,
)
from wallet.presenting.identity import holder_profile
from wallet.presenting.present import DEFAULT_TITLE
from wallet.presenting.qbe import PresentationRequest, matches, parse_request
from wallet.services.admission import Examined, Refused
from wallet.services.composing import Own
from wallet.services.credentials import CredentialService
from wallet.services.presenting import PresentingService
from wallet.services.profiles import learner_identity
from wallet.services.request_preview import (
    CredentialChoice,
    DisclosedCredential,
    Disclosure,
    QueryPreview,
    RequestPreview,
    RespondResult,
    fields_in_words,
    request_link,
)
from wallet.services.requester import (
    VerifierIdentity,
    exchange_identity,
    oid4vp_identity,
)
from wallet.services.session import Session, now_iso
from wallet.storage.records import Records

__all__ = [
    "CredentialChoice",
    "Disclosure",
    "DisclosedCredential",
    "QueryPreview",
    "RegisteredVerifier",
    "RequestPreview",
    "RespondResult",
    "RespondingService",
    "VerifierIdentity",
    "request_link",
]


class RegisteredVerifier(BaseModel):
    """A verifier the learner added by hand: a bare client id and where it may be answered."""

    id: str | None = None
    client_id: str
    name: str
    response_uris: list[str]
    created: str = ""


@dataclass
class _Vcapi:
    client: vcalm.ExchangeClient
    request: PresentationRequest | None  # the step the learner sees, and may agree to
    delivered: tuple[Mapping[str, Any], ...]
    redirect: str | None
    answered: bool = False  # a consent is used once


class RespondingService:
    """``trust_store``: X.509 trust anchors for ``x509_san_dns:`` verifiers (None: the
    system's CA store)."""

    def __init__(
        self,
        session: Session,
        credentials: CredentialService,
        presenting: PresentingService,
        *,
        trust_store: Any = None,
    ) -> None:
        self._s = session
        self._credentials = credentials
        self._presenting = presenting
        self.trust_store = trust_store
        self._verifiers: Records[RegisteredVerifier, Any] = Records(
            session.vault, "verifier", RegisteredVerifier
        )

    # --- verifiers the learner added --------------------------------------------------------

    def add_verifier(self, client_id: str, name: str, response_uris: Sequence[str]) -> str:
        return self._verifiers.add(
            RegisteredVerifier(
                client_id=client_id, name=name, response_uris=list(response_uris), created=now_iso()
            )
        )

    def verifiers(self) -> list[RegisteredVerifier]:
        return self._verifiers.all()

    def _responder(self) -> Responder:
        registered = {v.client_id: v.response_uris for v in self.verifiers()}
        return Responder(
            self._s.http, trust_store=self.trust_store, registered=registered, dev=self._s.dev
        )

    # --- the learner's credentials --------------------------------------------------------

    def _candidates(self) -> list[Candidate]:
        out = []
        for rid, _verified, raw, kind in self._credentials.stored():
            if kind not in ("json", "jwt"):  # an Open Badges 2.0 badge is not a VC: never
                continue  # offered as one (DCQL, Query by Example)
            try:
                if kind == "jwt":
                    doc = vcjwt.unverified_credential(raw.decode("ascii"))
                    out.append(Candidate(rid, "jwt_vc_json", doc, expanded_types(doc)))
                else:
                    doc = json.loads(raw)
                    out.append(Candidate(rid, "ldp_vc", doc, expanded_types(doc)))
            except (WalletError, ValueError, UnicodeDecodeError):
                continue
        return out

    def _choices(self, ids: Sequence[str]) -> tuple[CredentialChoice, ...]:
        summaries = {c.id: c for c in self._credentials.all()}
        return tuple(
            CredentialChoice(
                i,
                summaries[i].name,
                summaries[i].issuer_name,
                summaries[i].format,
                summaries[i].verified,
            )
            for i in ids
            if i in summaries
        )

    # --- previews -------------------------------------------------------------------------

    def preview_qr(self, image: bytes, *, prefer: str | None = None) -> RequestPreview:
        return self.preview(decode_qr(image)[0], prefer=prefer)

    def preview(self, source: str, *, prefer: str | None = None) -> RequestPreview:
        """Read a request (link, interaction URL, or a QR image or text file holding one).
        ``prefer``: ``"oid4vp"`` or ``"vcapi"`` when an interaction offers both."""
        link = request_link(source)
        if vcalm.is_interaction(link):
            kind, target = vcalm.choose_protocol(vcalm.fetch_protocols(self._s.http, link), prefer)
            if kind == "vcapi":
                return self._preview_vcapi(target)
            if kind == "oid4vci":
                origin = urlsplit(vcalm.interaction_url(link))
                identity = VerifierIdentity(
                    target,
                    origin.netloc,
                    None,
                    False,
                    "an issuer's offer, reached through its interaction URL",
                    origin.netloc,
                )
                return RequestPreview("oid4vci", identity, None, (), True, {}, offer_link=target)
            link = target
        return self._preview_oid4vp(self._responder().resolve(link))

    def _identity(self, resolved: Resolved) -> VerifierIdentity:
        return oid4vp_identity(resolved, self.verifiers())

    def _preview_oid4vp(self, resolved: Resolved) -> RequestPreview:
        query = resolved.request.dcql
        evaluation = evaluate(query, self._candidates())
        # Required: in every option of a required set; an alternative: another option of it.
        required: set[str] = set()
        alternatives: dict[str, set[str]] = {}
        for cs in query.credential_sets or ():
            if cs.required:
                required |= set.intersection(*(set(option) for option in cs.options))
                for option in cs.options:
                    for qid in option:
                        alternatives.setdefault(qid, set()).update(
                            q for other in cs.options if other is not option for q in other
                        )
        if query.credential_sets is None:
            required = {q.id for q in query.credentials}
        queries = []
        for cq in query.credentials:
            claims = tuple(
                " › ".join("*" if p is None else str(p) for p in c.path)
                + (f" = {', '.join(map(str, c.values))}" if c.values else "")
                for c in cq.claims
            )
            fmt = {"ldp_vc": "Data Integrity", "jwt_vc_json": "VC-JWT"}.get(cq.format, cq.format)
            types = [
                t.rsplit("#", 1)[-1]
                for option in cq.type_values or ()
                for t in option
                if not t.endswith("#VerifiableCredential")
            ]
            label = f"{' or '.join(dict.fromkeys(types)) or 'a credential'} ({fmt})"
            others = alternatives.get(cq.id, set()) - required - {cq.id}
            queries.append(
                QueryPreview(
                    cq.id,
                    label,
                    cq.format,
                    cq.id in required,
                    cq.multiple,
                    self._choices([m.candidate for m in evaluation.matches[cq.id]]),
                    claims,
                    tuple(dict.fromkeys(types)),
                    alternatives=tuple(q.id for q in query.credentials if q.id in others),
                )
            )
        try:
            proposed = default_selection(evaluation)
        except NothingMatchesError:
            proposed = {}
        return RequestPreview(
            "openid4vp",
            self._identity(resolved),
            query.purpose,
            tuple(queries),
            evaluation.satisfiable,
            proposed,
            handle=(resolved, evaluation),
        )

    def _preview_vcapi(self, url: str) -> RequestPreview:
        client = vcalm.ExchangeClient(self._s.http, url)
        message = client.start()
        request = parse_request(message.request) if message.request else None
        if request is not None:  # a presentation for another website: refused before asking
            vcalm.presentation_domain(request.domain, client.origin)
        identity = exchange_identity(url, client.origin)
        queries: list[QueryPreview] = []
        proposed: dict[str, tuple[str, ...]] = {}
        candidates = self._candidates()
        for n, example in enumerate(request.examples if request else ()):
            found = [
                c.id
                for c in candidates
                if matches(example, c.document, jwt=c.format == "jwt_vc_json")
                and c.format == "ldp_vc"
            ]
            qid = f"q{n + 1}"
            label = f"{' '.join(example.types) or 'a credential'}"
            if example.reason:
                label += f" — {example.reason}"
            queries.append(
                QueryPreview(
                    qid,
                    label,
                    "ldp_vc",
                    True,
                    False,
                    self._choices(found),
                    types=tuple(example.types),
                    reason=example.reason or None,
                )
            )
            if found:
                proposed[qid] = (found[0],)
        satisfiable = all(q.matches for q in queries)
        # why the exchange asks: the reason its queries share (each query keeps its own)
        reasons = {q.reason for q in queries}
        purpose = reasons.pop() if len(reasons) == 1 else None
        return RequestPreview(
            "vcapi",
            identity,
            purpose,
            tuple(queries),
            satisfiable,
            proposed,
            did_auth=bool(request and request.did_auth),
            handle=_Vcapi(client, request, message.presentations, message.redirect_url),
        )

    # --- what would be sent ---------------------------------------------------------------

    def _learner_own(
        self, ids: Sequence[str], reflections: Own, artifacts: Own
    ) -> tuple[list[Any], list[Any]]:
        refl, arts = self._presenting.with_linked(ids, reflections, artifacts)
        portfolio = self._presenting._portfolio
        chosen = set(ids)

        def pick(items: list[Any], selection: Own) -> list[Any]:
            if selection is True:
                return [i for i in items if chosen & set(i.credential_ids)]
            if selection is False:
                return []
            return [i for i in items if i.id in set(selection)]

        return pick(portfolio.reflections(), refl), pick(portfolio.artifacts(), arts)

    def disclosure(
        self,
        preview: RequestPreview,
        selection: Mapping[str, Sequence[str]] | None = None,
        *,
        reflections: Own = False,
        artifacts: Own = False,
    ) -> Disclosure:
        """Exactly what :meth:`answer` would send with the same choices."""
        chosen = self._selection(preview, selection)
        ids = list(dict.fromkeys(i for group in chosen.values() for i in group))
        items = []
        for rid in ids:
            detail = self._credentials.get(rid)
            doc = detail.document or {}
            items.append(
                DisclosedCredential(
                    rid,
                    detail.summary.name,
                    detail.summary.issuer_name,
                    detail.summary.format,
                    fields_in_words(doc),
                )
            )
        refl, arts = self._learner_own(ids, reflections, artifacts)
        note = (
            "Each credential is sent whole, exactly as its issuer signed it (these formats "
            "cannot hide single fields), inside a presentation you sign for this verifier "
            "and this request only."
        )
        if refl or arts:
            note += (
                " Your reflections and work samples go with it in a record you sign "
                "yourself, marked as written by you (no issuer vouches for them)."
            )
        return Disclosure(
            preview.verifier,
            self._s.holder_key().did,
            tuple(items),
            tuple(r.title for r in refl),
            tuple(a.name for a in arts),
            note,
            learner_identity(self._s),
        )

    def _selection(
        self, preview: RequestPreview, selection: Mapping[str, Sequence[str]] | None
    ) -> dict[str, tuple[str, ...]]:
        if preview.protocol == "openid4vp":
            _resolved, evaluation = preview.handle
            assert isinstance(evaluation, Evaluation)
            if selection is None:
                return default_selection(evaluation)
            return check_selection(evaluation, selection)
        chosen = dict(preview.proposed if selection is None else selection)
        allowed = {q.id: {m.id for m in q.matches} for q in preview.queries}
        for qid, ids in chosen.items():
            if not set(ids) <= allowed.get(qid, set()):
                raise NothingMatchesError(
                    "a chosen credential does not match what the exchange asks for"
                )
        if any(not chosen.get(q.id) for q in preview.queries if q.required):
            raise NothingMatchesError("none of your credentials matches what the exchange asks for")
        return {k: tuple(v) for k, v in chosen.items() if v}

    # --- answering ------------------------------------------------------------------------

    def _holder(self) -> Holder:
        key = self._s.holder_key()
        return Holder(key.did, key.signer())

    def _received(self, rid: str) -> tuple[str, Any]:
        raw, kind = self._credentials.raw(rid)
        if kind == "jwt":
            return "jwt_vc_json", raw.decode("ascii")
        return "ldp_vc", json.loads(raw)

    def answer(
        self,
        preview: RequestPreview,
        selection: Mapping[str, Sequence[str]] | None = None,
        *,
        reflections: Own = False,
        artifacts: Own = False,
        accept_delivery: Callable[[list[str]], bool] | None = None,
    ) -> RespondResult:
        """Send the chosen credentials (the proposal when ``selection`` is None).
        ``accept_delivery`` is asked (with the credentials' names) before credentials a VC-API
        exchange delivers are stored; None accepts."""
        if preview.protocol == "oid4vci":
            raise PresentationRequestError(
                "this is an offer of credentials: receive it (wallet receive) instead"
            )
        chosen = self._selection(preview, selection)
        ids = list(dict.fromkeys(i for group in chosen.values() for i in group))
        refl, arts = self._learner_own(ids, reflections, artifacts)
        if preview.protocol == "vcapi":
            return self._answer_vcapi(preview, chosen, refl, arts, accept_delivery)
        resolved, _evaluation = preview.handle
        # Who the learner says they are (their name first) always goes, as the presentations'
        # holder under their own signature; a learner-signed record goes with it only to carry
        # the reflections and work samples they chose (one credential more than was asked).
        holder = self._holder()
        record = (
            self._presenting.compose(
                ids,
                reflections=[r.id for r in refl],
                artifacts=[a.id for a in arts],
                title=DEFAULT_TITLE,
                challenge=resolved.request.nonce,
                domain=resolved.request.client_id,
            ).clr
            if refl or arts
            else None
        )
        token = vp_token(
            resolved,
            {q: [self._received(i) for i in group] for q, group in chosen.items()},
            holder,
            learner_record=record,
            holder_profile=holder_profile(holder.did, learner_identity(self._s)),
        )
        answer = self._responder().send(resolved, token)
        return RespondResult(True, f"sent to {preview.verifier.recipient}", answer.redirect_uri)

    def decline(self, preview: RequestPreview, *, reason: str | None = None) -> RespondResult:
        """Tell the verifier no (``access_denied``); nothing is shared."""
        if preview.protocol != "openid4vp":
            return RespondResult(False, "declined; nothing was sent")
        resolved, evaluation = preview.handle
        description = reason or (
            "the learner declined"
            if evaluation.satisfiable
            else "the wallet holds no credential that matches the request"
        )
        answer = self._responder().decline(resolved, description=description)
        return RespondResult(False, "declined; nothing was shared", answer.redirect_uri)

    def _answer_vcapi(
        self,
        preview: RequestPreview,
        chosen: Mapping[str, Sequence[str]],
        refl: list[Any],
        arts: list[Any],
        accept_delivery: Callable[[list[str]], bool] | None,
    ) -> RespondResult:
        """One presentation, for the step the learner saw (its request), signed for the
        exchange's own origin; then only what the exchange delivers is taken. Another request —
        asked again after the answer, or by an exchange it redirects to — is not signed: the
        exchange is stopped (``stopped="asks_again"``)."""
        state: _Vcapi = preview.handle
        if state.answered:
            raise ExchangeFlowError(
                "this request was already answered; read it again to answer once more"
            )
        state.answered = True
        client = state.client
        result = RespondResult(True, f"answered the exchange at {preview.verifier.name}")
        delivered, redirect, request = state.delivered, state.redirect, state.request
        ids = list(dict.fromkeys(i for group in chosen.values() for i in group))
        signed = False
        for _step in range(vcalm.MAX_STEPS):
            self._keep_delivered(delivered, client.origin, accept_delivery, result)
            if request is None:
                if redirect and client.follow(redirect):
                    message = client.start()
                    request = parse_request(message.request) if message.request else None
                    delivered, redirect = message.presentations, message.redirect_url
                    continue
                result.redirect = redirect
                return result
            if signed or request is not state.request:  # a step the learner did not see
                result.stopped = "asks_again"
                result.message += (
                    "; it then asked for another signed presentation than the "
                    "one you agreed to, so nothing more was signed or sent — "
                    "open its link again if you expected another step"
                )
                return result
            domain = vcalm.presentation_domain(request.domain, client.origin)
            credentials = [self._received(i)[1] for i in ids if self._received(i)[0] == "ldp_vc"]
            record = None  # (with credentials, always: it carries the learner's name)
            if ids:
                record = self._presenting.compose(
                    ids,
                    reflections=[r.id for r in refl],
                    artifacts=[a.id for a in arts],
                    challenge=request.challenge,
                    domain=domain,
                ).clr
            holder = self._holder()
            vp = rq.ldp_presentation(
                credentials + ([record] if record else []),
                holder=holder.signer,
                holder_did=holder.did,
                nonce=request.challenge or "",
                client_id=domain,
            )
            signed = True
            message = client.send(vp)
            request = parse_request(message.request) if message.request else None
            delivered, redirect = message.presentations, message.redirect_url
        raise ExchangeFlowError("the exchange did not finish; stopped")

    def _keep_delivered(
        self,
        presentations: Sequence[Mapping[str, Any]],
        origin: str,
        accept: Callable[[list[str]], bool] | None,
        result: RespondResult,
    ) -> None:
        """What the exchange delivers goes in as every received credential does
        (:mod:`wallet.services.admission`: verified, bound to the holder), once the learner
        agrees to keep what passed."""
        holder = self._s.holder_key().did
        options = self._s.verify_options()
        offered: list[Examined] = []
        for vp in presentations:
            inner = vp.get("verifiableCredential")
            for credential in (inner if isinstance(inner, list) else [inner])[:32]:
                if credential is None:
                    continue
                examined = self._credentials.examine(credential, holder=holder, options=options)
                if isinstance(examined, Refused):
                    result.rejected.append(
                        f"a delivered credential was rejected: {examined.message}"
                    )
                    result.refused.append(examined)
                    continue
                offered.append(examined)
        if offered and (accept is None or accept([e.name for e in offered])):
            for examined in offered:
                result.stored.append(self._credentials.keep(examined, source=origin))
        elif offered:
            result.rejected.append("you declined the delivered credentials; none was stored")
