"""Our verifier: an employer asks for credentials with OpenID4VP 1.0 or a VCALM ``vcapi``
exchange, and checks the answer.

:class:`EmployerVerifier` keeps the open requests in memory (thread-safe): what was asked (a DCQL
query built from :class:`Ask` rows — credential type, issuer, competency by CASE item URI or
name, how many), a fresh nonce and state, an expiry, and for ``direct_post.jwt`` an ephemeral
P-256 key. It builds the request objects (``redirect_uri:`` unsigned; ``decentralized_identifier:``
signed with its did:key, or did:web served by itself; ``x509_san_dns:`` signed with a configured
certificate chain), and checks answers:

* a request answers once: the nonce is single-use; an expired request, a second answer (a
  replay) and an answer for another request (another ``state``, or a presentation whose
  challenge/nonce or domain/aud is another request's) are refused with
  :class:`~wallet.errors.ResponseRejectedError`; only an answer for this request (its
  ``state``; VC-API: its proof's challenge) counts toward :data:`MAX_ATTEMPTS`; a decline
  (``error``) is recorded but leaves the request open, since nothing authenticates it;
* answers, requests, events are bounded (:mod:`wallet.exchange.verifier_guard`);
* each presentation is verified with :mod:`wallet.verification.verify` as the share page does
  (challenge = nonce, domain = the full client identifier; ``vcapi``: this origin); a VP-JWT's
  envelope (holder signature, ``nonce``, ``aud``, lifetime, and the holder's Profile when its
  ``id`` is the signer's) is checked here, each credential inside with ``verify_jwt``;
* the credentials must answer the query (DCQL, or Query by Example) and be the holder's; the
  Open Badges 2.0 badges a learner record carries as evidence are verified again the OB 2.0 way
  (:mod:`wallet.ob2.carried`) and never count as an answer to the query.

Asks and request records: :mod:`wallet.exchange.verifier_asks` (importable from here too); the
page (:mod:`wallet.exchange.verifier_web`) renders the result as the share page does.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from wallet.crypto import jws
from wallet.crypto.did import resolve_verification_method
from wallet.crypto.keys import Ed25519KeyPair, Signer
from wallet.crypto.multiformats import b64url_encode
from wallet.errors import NotFoundError, ResponseRejectedError, WalletError
from wallet.exchange import verifier_guard as guard
from wallet.exchange.verifier_asks import (
    Answer,
    Ask,
    PresentationCheck,
    VpRequest,
    build_dcql,
    example_queries,
)
from wallet.formats import vcjwt
from wallet.ob2.carried import verify_carried
from wallet.presenting.dcql import Candidate, evaluate, expanded_types, parse_query
from wallet.presenting.identity import read_holder
from wallet.presenting.qbe import ExampleQuery, matches
from wallet.result import CheckId, Outcome
from wallet.verification.binding import AUTHENTICATION, bind_key
from wallet.verification.trust import TrustLists
from wallet.verification.verify import VerifyOptions, verify_document, verify_jwt

__all__ = [
    "LIFETIME",
    "Answer",
    "Ask",
    "EmployerVerifier",
    "PresentationCheck",
    "VpRequest",
    "X509Signing",
]

LIFETIME = 600.0
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class X509Signing:
    """A certificate chain (DER, leaf first) and the leaf's key, for ``x509_san_dns:``."""

    chain: tuple[bytes, ...]
    signer: Signer
    dns_name: str


def _candidate(n: int, credential: Any) -> Candidate | None:
    try:
        if isinstance(credential, str):
            doc = vcjwt.unverified_credential(credential)
            return Candidate(str(n), "jwt_vc_json", doc, expanded_types(doc))
    except WalletError:
        return None
    if isinstance(credential, Mapping):
        return Candidate(str(n), "ldp_vc", credential, expanded_types(credential))
    return None


def _subject_ids(credential: Any) -> set[str]:
    try:
        doc = vcjwt.unverified_credential(credential) if isinstance(credential, str) else credential
    except WalletError:
        return set()
    subjects = doc.get("credentialSubject") if isinstance(doc, Mapping) else None
    items = subjects if isinstance(subjects, list) else [subjects]
    return {s["id"] for s in items if isinstance(s, Mapping) and isinstance(s.get("id"), str)}


def _is_learner_record(credential: Any, holder: str | None) -> bool:
    if not isinstance(credential, Mapping) or holder is None:
        return False
    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    types = named if isinstance(named := credential.get("type"), list) else []
    return issuer_id == holder and "ClrCredential" in types


class EmployerVerifier:
    """The employer's side of presentation requests, served by the share service."""

    def __init__(
        self,
        base_url: str,
        *,
        fetcher: Any = None,
        key: Ed25519KeyPair | None = None,
        x509: X509Signing | None = None,
        name: str = "Employer",
        lifetime: float = LIFETIME,
    ) -> None:
        self.base = base_url.rstrip("/")
        parts = urlsplit(self.base)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        self.fetcher = fetcher
        self.trust = TrustLists()  # the operator's trust lists (set by the share service)
        self.key = key or Ed25519KeyPair.generate()
        self.x509 = x509
        self.name = name
        self.lifetime = lifetime
        self.did_web = (
            "did:web:"
            + quote(parts.netloc, safe="")
            + (
                ":" + ":".join(quote(p, safe="") for p in parts.path.strip("/").split("/"))
                if parts.path.strip("/")
                else ""
            )
        )
        self.requests = guard.RequestBook()  # bounded, and forgotten after they end
        self.lock = self.requests.lock

    @property
    def fetcher(self) -> Any:  # within an answer, that answer's network budget
        return guard.answer_fetcher() or self._fetcher

    @fetcher.setter
    def fetcher(self, value: Any) -> None:
        self._fetcher = value

    # --- creating requests ----------------------------------------------------------------

    def prefixes(self) -> list[str]:
        return ["decentralized_identifier", "did_web", "redirect_uri"] + (
            ["x509_san_dns"] if self.x509 else []
        )

    def create(
        self,
        asks: Sequence[Ask],
        *,
        purpose: str = "",
        prefix: str = "decentralized_identifier",
        response_mode: str = "direct_post",
        request_uri_method: str = "get",
        lifetime: float | None = None,
        client: str = "",
    ) -> VpRequest:
        """A new request (``client``: who asks, for :meth:`RequestBook.no_room`)."""
        if not asks:
            raise ValueError("ask for at least one credential")
        rid = secrets.token_urlsafe(12)
        dcql, counts = build_dcql(asks, purpose[:300])
        parse_query(dcql)  # what we send must be valid
        response_uri = f"{self.base}/oid4vp/response/{rid}"
        client_id = {
            "redirect_uri": f"redirect_uri:{response_uri}",
            "decentralized_identifier": f"decentralized_identifier:{self.key.did}",
            "did_web": f"decentralized_identifier:{self.did_web}",
            "x509_san_dns": f"x509_san_dns:{self.x509.dns_name if self.x509 else ''}",
        }[prefix]
        enc_key = None
        if response_mode == "direct_post.jwt":
            from joserfc.jwk import ECKey

            enc_key = ECKey.generate_key(
                "P-256", parameters={"kid": f"enc-{rid[:8]}", "use": "enc", "alg": "ECDH-ES"}
            )
        request = VpRequest(
            id=rid,
            page_token=secrets.token_urlsafe(24),
            nonce=secrets.token_urlsafe(24),
            state=secrets.token_urlsafe(16),
            asks=tuple(asks),
            purpose=purpose[:300],
            prefix=prefix,
            client_id=client_id,
            response_mode=response_mode,
            request_uri_method=request_uri_method,
            dcql=dcql,
            expires=time.time() + (lifetime or self.lifetime),
            counts=counts,
            enc_key=enc_key,
            client=client,
        )
        self.requests.add(request)
        return request

    def get(self, rid: str) -> VpRequest:
        found = self.requests.get(rid)
        if found is None:
            raise NotFoundError("there is no such request")
        return found

    def by_page(self, token: str) -> VpRequest:
        found = self.requests.by_page(token)
        if found is None:
            raise NotFoundError("there is no such request")
        return found

    def response_uri(self, request: VpRequest) -> str:
        return f"{self.base}/oid4vp/response/{request.id}"

    def request_uri(self, request: VpRequest) -> str:
        return f"{self.base}/oid4vp/request/{request.id}"

    def page_url(self, request: VpRequest) -> str:
        return f"{self.base}/ask/{request.page_token}"

    def interaction_url(self, request: VpRequest) -> str:
        return f"{self.base}/interactions/{request.id}?iuv=1"

    def exchange_url(self, request: VpRequest) -> str:
        return f"{self.base}/vcapi/exchanges/{request.id}"

    def link(self, request: VpRequest, *, by_reference: bool = True) -> str:
        """The ``openid4vp://`` link: by reference (``request_uri``, short enough for a QR
        code), or by value (the parameters, or the signed request object, in the link)."""
        params: dict[str, str] = {"client_id": request.client_id}
        if by_reference:
            params["request_uri"] = self.request_uri(request)
            if request.request_uri_method == "post":
                params["request_uri_method"] = "post"
        elif request.prefix == "redirect_uri":
            params.update(
                {
                    k: (json.dumps(v, separators=(",", ":")) if isinstance(v, dict) else str(v))
                    for k, v in self.claims(request).items()
                    if k not in ("aud", "iat", "exp")
                }
            )
        else:
            params["request"] = self.request_object(request)
        return "openid4vp://?" + urlencode(params)

    def client_metadata(self, request: VpRequest) -> dict[str, Any]:
        metadata: dict[str, Any] = {
            "client_name": self.name,
            "vp_formats_supported": {
                "ldp_vc": {
                    "proof_type_values": ["DataIntegrityProof"],
                    "cryptosuite_values": ["eddsa-rdfc-2022", "ecdsa-rdfc-2019"],
                },
                "jwt_vc_json": {"alg_values": ["EdDSA", "ES256"]},
            },
        }
        if request.enc_key is not None:
            metadata["jwks"] = {"keys": [request.enc_key.as_dict(private=False)]}
            metadata["encrypted_response_enc_values_supported"] = ["A128GCM"]
        return metadata

    def claims(self, request: VpRequest, wallet_nonce: str | None = None) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "client_id": request.client_id,
            "response_type": "vp_token",
            "response_mode": request.response_mode,
            "response_uri": self.response_uri(request),
            "nonce": request.nonce,
            "state": request.state,
            "dcql_query": request.dcql,
            "client_metadata": self.client_metadata(request),
            "aud": "https://self-issued.me/v2",
            "iat": now,
            "exp": int(request.expires),
        }
        if wallet_nonce:
            claims["wallet_nonce"] = wallet_nonce
        return claims

    def request_object(self, request: VpRequest, wallet_nonce: str | None = None) -> str:
        """The request object (JAR): signed for the DID and X.509 prefixes, ``alg: none`` for
        ``redirect_uri:``."""
        claims = self.claims(request, wallet_nonce)
        header: dict[str, Any] = {"typ": "oauth-authz-req+jwt"}
        if request.prefix == "redirect_uri":
            head = b64url_encode(json.dumps({"alg": "none", **header}).encode())
            body = b64url_encode(json.dumps(claims, separators=(",", ":")).encode())
            return f"{head}.{body}."
        if request.prefix == "x509_san_dns" and self.x509 is not None:
            header["x5c"] = [base64.b64encode(c).decode("ascii") for c in self.x509.chain]
            return jws.sign_jws(header, claims, self.x509.signer)
        if request.prefix == "did_web":
            header["kid"] = f"{self.did_web}#key-1"
            return jws.sign_jws(header, claims, self.key.signer(f"{self.did_web}#key-1"))
        return jws.sign_jws(header, claims, self.key.signer())

    def did_document(self) -> dict[str, Any]:
        vm = f"{self.did_web}#key-1"
        return {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": self.did_web,
            "verificationMethod": [
                {
                    "id": vm,
                    "type": "Multikey",
                    "controller": self.did_web,
                    "publicKeyMultibase": self.key.public.multibase,
                }
            ],
            "authentication": [vm],
            "assertionMethod": [vm],
        }

    # --- checking answers -------------------------------------------------------------------

    def _open(
        self, rid: str, state: str | None = None, *, vcapi: Any = None, attempt: bool = True
    ) -> VpRequest:
        """The open request ``rid`` if the answer is for it (its ``state``; ``vcapi``: a proof
        with its nonce as challenge); only such an answer counts as an attempt."""
        request = self.get(rid)
        if request.expired:
            raise ResponseRejectedError("this request has expired; ask the employer for a new one")
        if request.status != "waiting":
            raise ResponseRejectedError(
                "this request has already been answered; a second answer (a replay) is refused"
            )
        if vcapi is None and state != request.state:
            raise ResponseRejectedError(
                "the answer is for another request (its state is not this request's)"
            )
        if vcapi is not None and request.nonce not in guard.challenges(vcapi):
            raise ResponseRejectedError(
                "the presentation was made for another request (its "
                "challenge is not this request's)"
            )
        if attempt:
            with self.lock:
                if request.attempts >= MAX_ATTEMPTS:
                    raise ResponseRejectedError("too many answers were tried for this request")
                request.attempts += 1
        return request

    def _vp_jwt(
        self, token: str, request: VpRequest, audience: str, check: PresentationCheck
    ) -> None:
        try:
            decoded = jws.decode_jws(token)
        except WalletError as exc:
            check.problems.append(f"the presentation is not a readable VP-JWT: {exc.message}")
            return
        payload = decoded.payload
        if payload.get("nonce") != request.nonce:
            raise ResponseRejectedError(
                "the presentation was made for another request (its nonce is not this request's)"
            )
        if payload.get("aud") != audience:
            raise ResponseRejectedError(
                "the presentation was made for another verifier (its "
                "aud is not this client identifier)"
            )
        holder = payload.get("iss") if isinstance(payload.get("iss"), str) else None
        check.holder = holder
        kid, signed = decoded.header.get("kid"), False
        try:
            if not isinstance(kid, str) or not kid or holder is None:
                raise WalletError("the presentation names no holder or no key")
            method = resolve_verification_method(
                kid, fetcher=self.fetcher, purpose="authentication"
            ).method
            jwk = method.jwk or (method.public_key.to_jwk() if method.public_key else None)
            if jwk is None or not jws.verify_jws(decoded, dict(jwk)):
                raise WalletError("the holder's signature on the presentation does not match")
            # Whose key: by the holder's DID, own document or a list naming it; never by its id.
            bound = bind_key(
                holder,
                method.public_key,
                kid,
                fetcher=self.fetcher,
                trust=self.trust,
                purpose=AUTHENTICATION,
            )
            if not bound.bound:
                raise WalletError(
                    f"the presentation's key ({kid[:120]}) is not the holder's: {bound.reason}"
                )
            signed = True  # by the holder: what the VP says of them is theirs to say
        except WalletError as exc:
            check.problems.append(exc.message)
        now = time.time()
        exp, iat = payload.get("exp"), payload.get("iat")
        if isinstance(exp, (int, float)) and exp < now - 300:
            check.problems.append("the presentation has expired")
        if isinstance(iat, (int, float)) and iat > now + 300:
            check.problems.append("the presentation is dated in the future")
        vp = found if isinstance(found := payload.get("vp"), Mapping) else {}
        told = read_holder(vp.get("holder")) if signed else None
        check.identity = told if told is not None and told.did == holder else None
        inner = vp.get("verifiableCredential")
        items = inner if isinstance(inner, list) else [inner] if inner else []
        options = VerifyOptions(fetcher=self.fetcher, trust=self.trust)
        for credential in items[:32]:
            result = (
                verify_jwt(credential, options)
                if isinstance(credential, str)
                else verify_document(credential, options)
                if isinstance(credential, Mapping)
                else None
            )
            if result is not None:
                check.credentials.append((credential, result))

    def _ldp(
        self, vp: Mapping[str, Any], challenge: str, domain: str, check: PresentationCheck
    ) -> None:
        result = verify_document(
            vp,
            VerifyOptions(
                fetcher=self.fetcher, challenge=challenge, domain=domain, trust=self.trust
            ),
        )
        binding = result.check(CheckId.CHALLENGE)
        if binding is not None and binding.outcome is Outcome.FAILED:
            raise ResponseRejectedError(f"{binding.message}; refused")
        check.result = result
        holder = vp.get("holder")
        check.holder = (
            holder
            if isinstance(holder, str)
            else (holder.get("id") if isinstance(holder, Mapping) else None)
        )
        inner = vp.get("verifiableCredential")
        items = inner if isinstance(inner, list) else [inner] if inner else []
        for credential, nested in zip(items, result.nested, strict=False):
            check.credentials.append((credential, nested))

    def _presentation(
        self, request: VpRequest, qid: str, fmt: str, item: Any, domain: str
    ) -> PresentationCheck:
        check = PresentationCheck(qid, fmt, None, document=item)
        if isinstance(item, str):
            self._vp_jwt(item, request, domain, check)
        elif isinstance(item, Mapping):
            self._ldp(item, request.nonce, domain, check)
        else:
            check.problems.append("a presentation is neither a JSON object nor a JWT")
        records = [c for c, _r in check.credentials if _is_learner_record(c, check.holder)]
        if records:  # the OB 2.0 badges they carry: verified the OB 2.0 way, with our policy
            check.badges = verify_carried({"verifiableCredential": records}, fetcher=self.fetcher)
        for credential, _result in check.credentials:
            if _is_learner_record(credential, check.holder):
                continue
            if check.holder is None or check.holder not in _subject_ids(credential):
                check.problems.append(
                    "a credential in the presentation is not the "
                    "presenter's (its subject is someone else)"
                )
        return check

    def _issuer_credentials(self, check: PresentationCheck) -> list[Any]:
        return [c for c, _r in check.credentials if not _is_learner_record(c, check.holder)]

    def check_vp_token(
        self, rid: str, vp_token: Any, state: str | None, *, cost: int = 0
    ) -> Answer:
        """Check an OpenID4VP answer (``cost``: :func:`~verifier_guard.answer_cost`); raises
        :class:`ResponseRejectedError` for one this request must not take (it stays open)."""
        request = self._open(rid, state)
        if not isinstance(vp_token, Mapping) or not vp_token:
            raise ResponseRejectedError("the answer holds no vp_token object")
        query = parse_query(request.dcql)
        known = {q.id: q for q in query.credentials}
        for qid, items in vp_token.items():
            if qid not in known or not isinstance(items, list) or not items:
                raise ResponseRejectedError(
                    f"the answer holds {str(qid)[:40]!r}, which was not asked for"
                )
            if len(items) > 1 and not known[qid].multiple:
                raise ResponseRejectedError(
                    f"the answer holds several presentations for {qid!r}, where one was asked for"
                )
        guard.check_answer_size([item for items in vp_token.values() for item in items])
        checks: list[PresentationCheck] = []
        with guard.answer_budget(self._fetcher):
            for qid, items in vp_token.items():
                for item in items:
                    checks.append(
                        self._presentation(request, qid, known[qid].format, item, request.client_id)
                    )
        problems = self._dcql_problems(request, checks)
        return self._accept(request, Answer("oid4vp", checks, problems), cost)

    def _dcql_problems(self, request: VpRequest, checks: list[PresentationCheck]) -> list[str]:
        query = parse_query(request.dcql)
        by_id = {q["id"]: q for q in request.dcql["credentials"]}
        problems = []
        answered: dict[str, int] = {}
        for check in checks:
            single = parse_query({"credentials": [by_id[check.query]]})
            for n, credential in enumerate(self._issuer_credentials(check)):
                candidate = _candidate(n, credential)
                if candidate is not None and evaluate(single, [candidate]).matches[check.query]:
                    answered[check.query] = answered.get(check.query, 0) + 1
                else:
                    problems.append(
                        f"a credential sent for {check.query} is not what was asked for"
                    )
        sets = query.credential_sets or ()
        groups = [list(s.options) for s in sets if s.required] or [
            [tuple(q.id for q in query.credentials)]
        ]
        for options in groups:
            if not any(
                all(answered.get(q, 0) >= request.counts.get(q, 1) for q in option)
                for option in options
            ):
                problems.append("the answer does not include everything that was asked for")
        return problems

    def check_vcapi(self, rid: str, vp: Any, *, cost: int = 0) -> Answer:
        """Check a VCALM exchange's presentation (challenge = nonce, domain = this origin)."""
        if not isinstance(vp, Mapping):
            raise ResponseRejectedError("the exchange message holds no presentation")
        request = self._open(rid, vcapi=vp)
        guard.check_answer_size([vp])
        with guard.answer_budget(self._fetcher):
            check = self._presentation(request, "vcapi", "ldp_vc", vp, self.origin)
        problems = []
        credentials = self._issuer_credentials(check)
        for ask, query in zip(request.asks, example_queries(request.asks), strict=True):
            example = query["credentialQuery"]
            wanted = ExampleQuery(
                types=(ask.type,),
                subject=example["example"].get("credentialSubject", {}),
                issuers=tuple(example.get("acceptedIssuers", ())),
            )
            found = 0
            for credential in credentials:
                doc = (
                    vcjwt.unverified_credential(credential)
                    if isinstance(credential, str)
                    else credential
                )
                found += matches(wanted, doc, jwt=isinstance(credential, str))
            if found < ask.count:
                problems.append(f"the answer does not include {ask.label()}")
        return self._accept(request, Answer("vcapi", [check], problems), cost)

    def _accept(self, request: VpRequest, answer: Answer, cost: int = 0) -> Answer:
        with self.lock:
            if request.status != "waiting":
                raise ResponseRejectedError(
                    "this request has already been answered; a second answer (a replay) is refused"
                )
            self.requests.make_room(request, cost)
            request.answer, request.answer_cost = answer, cost
            if answer.verified:  # one that does not verify leaves the request open
                request.status = "answered"
        request.note(
            {
                "event": "answered",
                "protocol": answer.protocol,
                "verified": answer.verified,
                "at": time.time(),
            }
        )
        return answer

    def decline(self, rid: str, state: str | None, error: str, description: str) -> None:
        """A reported decline: anyone with the link can send one (the ``state`` is in the
        request object; nothing signs it), so the request stays open for a real answer."""
        request = self._open(rid, state, attempt=False)
        with self.lock:
            request.declined = f"{error}: {description}"[:300]
        request.note({"event": "decline_reported", "error": error[:60], "at": time.time()})

    def new_reference(self) -> str:
        return f"urn:uuid:{uuid.uuid4()}"
