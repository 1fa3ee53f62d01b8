"""Verification over VC-API: ``POST /credentials/verify`` and ``POST /presentations/verify``
(W3C VCALM, "Verifying"; the verifier endpoints of the W3C CCG VC API before it), mounted by the
share service, so that other software — an applicant tracking system, another implementation's
test suite — gets our verdicts.

Request (``application/json``)::

    {"verifiableCredential": {…}, "options": {"checks": ["proof"]}}
    {"verifiableCredential": {"@context": "https://www.w3.org/ns/credentials/v2",
                              "type": "EnvelopedVerifiableCredential",
                              "id": "data:application/vc+jwt,eyJ…"}}          # a VC-JWT
    {"verifiablePresentation": {…}, "options": {"challenge": "…", "domain": "…"}}

Answer: ``200`` when verified, ``400`` when not, with the same body either way::

    {"verified": false, "verdict": "issuer_not_confirmed",
     "checks": ["structure", "jsonld", "proof", "issuer_binding", …],   # the checks that ran
     "errors": [ProblemDetails…], "warnings": [ProblemDetails…],
     "problemDetails": [errors…, warnings…],
     "credentialResults": [{…same, per credential…}]}                      # presentations

How the four levels answer (VCALM "Verification Errors vs. Warnings": an error — cryptography,
data model, malformed context — makes ``verified`` false; a warning leaves it true):

=========================  =========  ======  ================================================
level                      verified   status  the reasons
=========================  =========  ======  ================================================
verified                   true       200     none
verified with warnings     true       200     ``warnings``: status unknown, conformance
                                              findings, an issuer no trust list recognises, …
issuer not confirmed       false      400     ``errors``: the key that signed is not tied to
                                              the issuer (CRYPTOGRAPHIC_SECURITY_ERROR)
not verified               false      400     ``errors``: each failed check
=========================  =========  ======  ================================================

A request the service cannot read gets a ``4xx`` with the same shape (``verified`` false, one
error saying why, ``checks`` empty): ``400`` for a body that is not strict JSON within the
bounds, holds both or neither of a credential and a presentation, the wrong one for the
endpoint, or an option this verifier does not know (``UNKNOWN_OPTION_PROVIDED``); ``401``
without the operator's bearer token (when one is set); ``413`` for a body over
:data:`~wallet.exchange.verifier_guard.ANSWER_BODY` bytes; ``408`` for one not sent within
:data:`~wallet.exchange.verifier_guard.ANSWER_SECONDS`; ``429`` over
:data:`~wallet.exchange.verifier_guard.VERIFICATIONS_PER_MINUTE` per client address (counted in the
store, so across replicas); ``503`` when the verifier's workers are all busy.

Every check always runs — ``options.checks`` may name checks (ours, by their ids, and
``credentialStatus``, ``validFrom``, ``validUntil``, ``expiration``), never turn one off — and
the verdict is the one the share page and ``wallet verify`` give, with the operator's trust
lists. Verification is offline unless the operator allows the network (``online``): then status
lists and did:web documents are fetched through the service's HTTP policy, within one network
budget per request; JSON-LD contexts are never fetched.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from wallet.credential import load_json, type_names
from wallet.errors import InputError, ResponseRejectedError
from wallet.exchange import verifier_guard as guard
from wallet.result import (
    NOT_CONFIRMED,
    Check,
    CheckId,
    Finding,
    Outcome,
    Verdict,
    VerificationResult,
)
from wallet.verification.trust import TrustLists

__all__ = ["CHECK_NAMES", "VcApiVerifier", "answer_of", "problem_of"]

VCDM = "https://www.w3.org/TR/vc-data-model#"
SECURITY = "https://w3id.org/security#"
UNKNOWN_OPTION = "https://www.w3.org/TR/vcalm#UNKNOWN_OPTION_PROVIDED"
JWT_MEDIA_TYPE = "application/vc+jwt"
MAX_FINDINGS = 50  # conformance findings listed one by one (the rest summed up in one)

# The names ``options.checks`` may use: our checks' ids, and the VC-API's own names for them.
CHECK_NAMES: dict[str, CheckId] = {c.value: c for c in CheckId} | {
    "credentialStatus": CheckId.STATUS,
    "validFrom": CheckId.VALIDITY,
    "validUntil": CheckId.VALIDITY,
    "expiration": CheckId.VALIDITY,
}
_RETURN_CREDENTIAL = {"returnCredential", "returnProblemDetails", "returnResults"}
_RETURN_PRESENTATION = {"returnPresentation", "returnProblemDetails", "returnResults"}
OPTIONS = {
    "credential": {"checks"} | _RETURN_CREDENTIAL,
    "presentation": {"checks", "challenge", "domain"} | _RETURN_PRESENTATION,
}
_MEMBER = {"credential": "verifiableCredential", "presentation": "verifiablePresentation"}
_ENDPOINT = {"credential": "/credentials/verify", "presentation": "/presentations/verify"}

# The problem types of the specifications (VC Data Model 2.0 §7.2, VC Data Integrity §4.7) a
# check's failure is, by check id (and for the challenge check, by its reason).
_TYPES: dict[CheckId, str] = {
    CheckId.FORMAT: "PARSING_ERROR",
    CheckId.STRUCTURE: "MALFORMED_VALUE_ERROR",
    CheckId.JSONLD: "MALFORMED_VALUE_ERROR",
    CheckId.CONFORMANCE: "MALFORMED_VALUE_ERROR",
    CheckId.RELATED: "MALFORMED_VALUE_ERROR",
    CheckId.PROOF: "CRYPTOGRAPHIC_SECURITY_ERROR",
    CheckId.ISSUER_BINDING: "CRYPTOGRAPHIC_SECURITY_ERROR",
    CheckId.HOLDER_BINDING: "CRYPTOGRAPHIC_SECURITY_ERROR",
}
_CHALLENGE_TYPES = {
    "challenge_mismatch": "INVALID_CHALLENGE_ERROR",
    "domain_mismatch": "INVALID_DOMAIN_ERROR",
}


class _Json(JSONResponse):
    """JSON with every character outside ASCII escaped: whatever a check quotes, the answer
    can always be sent."""

    def render(self, content: Any) -> bytes:
        return json.dumps(
            content, ensure_ascii=True, allow_nan=False, separators=(",", ":")
        ).encode("ascii")


class _Refused(Exception):
    """A request this service does not verify: its status and ProblemDetails."""

    def __init__(self, status: int, title: str, detail: str, kind: str = "about:blank") -> None:
        super().__init__(detail)
        self.status, self.title, self.detail, self.kind = status, title, detail, kind


# --- the answer -------------------------------------------------------------------------------


def problem_of(check: Check) -> dict[str, Any]:
    """A check that failed or warned as a ProblemDetails object (RFC 9457, as VCALM uses it):
    the specifications' type where one fits (else ``about:blank``), our check's id and reason
    as the extension members ``check`` and ``code``."""
    name = _CHALLENGE_TYPES.get(check.detail or "") if check.id is CheckId.CHALLENGE else None
    if name is not None:
        kind = SECURITY + name
    elif check.detail == NOT_CONFIRMED or check.id in _TYPES:
        name = "CRYPTOGRAPHIC_SECURITY_ERROR" if check.detail == NOT_CONFIRMED else _TYPES[check.id]
        kind = VCDM + name
    else:
        kind = "about:blank"
    problem: dict[str, Any] = {
        "type": kind,
        "title": name or check.id.value,
        "detail": check.message,
        "check": check.id.value,
    }
    if check.detail:
        problem["code"] = check.detail
    return problem


def _finding(finding: Finding) -> dict[str, Any]:
    """A conformance finding: what, where, and the rule it departs from (its code and the
    section it cites)."""
    return {
        "type": VCDM + "MALFORMED_VALUE_ERROR",
        "title": "MALFORMED_VALUE_ERROR",
        "detail": f"{finding.message} ({finding.rule})",
        "check": "conformance",
        "code": finding.code,
        "path": finding.path,
        "rule": finding.rule,
    }


def answer_of(result: VerificationResult) -> dict[str, Any]:
    """What the VC-API answers for a verification (see the module's table): an issuer not
    confirmed is not verified, its reason an error; a presentation's credentials each have
    their own answer in ``credentialResults``."""
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    for check in result.checks:
        if check.outcome is Outcome.FAILED or check.detail == NOT_CONFIRMED:
            into = errors  # a key not tied to the issuer is an error, whatever else failed
        elif check.outcome is Outcome.WARNING:
            into = warnings
        else:
            continue
        if check.id is CheckId.CONFORMANCE and result.findings:  # each finding, by its rule
            into.extend(_finding(f) for f in result.findings[:MAX_FINDINGS])
            if len(result.findings) > MAX_FINDINGS:
                into.append(problem_of(check))
        else:
            into.append(problem_of(check))
    if result.verdict is Verdict.NOT_VERIFIED and not errors:  # e.g. no supported proof at all
        errors.append(
            {
                "type": VCDM + "CRYPTOGRAPHIC_SECURITY_ERROR",
                "title": "CRYPTOGRAPHIC_SECURITY_ERROR",
                "detail": "no supported proof verified",
                "check": "proof",
            }
        )
    answer: dict[str, Any] = {
        "verified": result.verdict in (Verdict.VERIFIED, Verdict.WARNINGS),
        "verdict": result.verdict.value,
        "checks": [c.id.value for c in result.checks if c.outcome is not Outcome.SKIPPED],
        "warnings": warnings,
        "errors": errors,
        "problemDetails": errors + warnings,
    }
    if result.kind == "presentation":
        answer["credentialResults"] = [answer_of(nested) for nested in result.nested]
    return answer


def _refusal(refused: _Refused) -> JSONResponse:
    problem = {
        "type": refused.kind,
        "title": refused.title,
        "detail": refused.detail,
        "status": refused.status,
    }
    headers = {"Cache-Control": "no-store"}
    if refused.status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="verify"'
    elif refused.status in (429, 503):
        headers["Retry-After"] = str(60 if refused.status == 429 else guard.RETRY_AFTER)
    return _Json(
        {
            "verified": False,
            "checks": [],
            "warnings": [],
            "errors": [problem],
            "problemDetails": [problem],
        },
        status_code=refused.status,
        headers=headers,
    )


# --- reading the request ----------------------------------------------------------------------


def _options(given: Any, kind: str) -> dict[str, Any]:
    """The request's ``options``, each known to this endpoint and of its type."""
    if given is None:
        return {}
    if not isinstance(given, Mapping):
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            "options must be a JSON object",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    for name, value in given.items():
        if name not in OPTIONS[kind]:
            hint = (
                " (a challenge and a domain are for presentations)"
                if name in ("challenge", "domain")
                else ""
            )
            raise _Refused(
                400,
                "UNKNOWN_OPTION_PROVIDED",
                f"the option {name[:80]!r} is not "
                f"one {_ENDPOINT[kind]} knows{hint}; it knows "
                f"{', '.join(sorted(OPTIONS[kind]))}",
                UNKNOWN_OPTION,
            )
        if name in ("challenge", "domain") and not isinstance(value, str):
            raise _Refused(
                400,
                "MALFORMED_VALUE_ERROR",
                f"options.{name} must be a string",
                VCDM + "MALFORMED_VALUE_ERROR",
            )
        if name.startswith("return") and not isinstance(value, bool):
            raise _Refused(
                400,
                "MALFORMED_VALUE_ERROR",
                f"options.{name} must be true or false",
                VCDM + "MALFORMED_VALUE_ERROR",
            )
        if name == "checks":
            if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
                raise _Refused(
                    400,
                    "MALFORMED_VALUE_ERROR",
                    "options.checks must be a list of check names",
                    VCDM + "MALFORMED_VALUE_ERROR",
                )
            unknown = [c for c in value if c not in CHECK_NAMES]
            if unknown:
                raise _Refused(
                    400,
                    "UNKNOWN_OPTION_PROVIDED",
                    f"options.checks names "
                    f"{unknown[0][:80]!r}, which is not a check this verifier runs; "
                    f"it runs {', '.join(c.value for c in CheckId)} — always all of "
                    "them",
                    UNKNOWN_OPTION,
                )
    return dict(given)


def _jwt_in(envelope: Mapping[str, Any]) -> str:
    """The VC-JWT in an ``EnvelopedVerifiableCredential`` (VC 2.0 §4.13; VC-JOSE-COSE §3.1.1):
    a ``data:application/vc+jwt,`` URL."""
    ident = envelope.get("id")
    if not isinstance(ident, str) or not ident.startswith("data:"):
        raise _Refused(
            400,
            "PARSING_ERROR",
            "an EnvelopedVerifiableCredential carries the credential in its id, a data: URL",
            VCDM + "PARSING_ERROR",
        )
    media, _, token = ident[5:].partition(",")
    if media.split(";")[0].strip().lower() != JWT_MEDIA_TYPE or ";base64" in media.lower():
        raise _Refused(
            400,
            "PARSING_ERROR",
            f"an enveloped credential of media type "
            f"{media[:80]!r} is not verified here; this verifier reads "
            f"{JWT_MEDIA_TYPE} (VC-JWT)",
            VCDM + "PARSING_ERROR",
        )
    return token.strip()


def read_request(body: bytes, kind: str) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The document to verify (an object, or a VC-JWT's compact form), the options and the
    document as sent, of a request to the ``kind`` endpoint (``credential`` or
    ``presentation``); :class:`_Refused` for one this endpoint does not verify."""
    try:
        request = load_json(body, what="the request", **guard.ANSWER_JSON)
    except InputError as exc:
        raise _Refused(400, "PARSING_ERROR", exc.message, VCDM + "PARSING_ERROR") from None
    if not isinstance(request, dict):
        raise _Refused(
            400, "PARSING_ERROR", "the request is not a JSON object", VCDM + "PARSING_ERROR"
        )
    other_kind = "presentation" if kind == "credential" else "credential"
    member, other = _MEMBER[kind], _MEMBER[other_kind]
    if member in request and other in request:
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            f"the request holds both a "
            f"verifiableCredential and a verifiablePresentation; send one to "
            f"{_ENDPOINT['credential']} or {_ENDPOINT['presentation']}",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    if other in request:
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            f"this endpoint verifies a {member}; send a {other} to {_ENDPOINT[other_kind]}",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    extra = sorted(k for k in request if k not in (member, "options"))
    if extra:
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            f"the request holds {extra[0][:80]!r}; it takes {member} and options only",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    if member not in request:
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            f"the request holds no {member}",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    options = _options(request.get("options"), kind)
    document = request[member]
    if not isinstance(document, dict):
        raise _Refused(
            400,
            "PARSING_ERROR",
            f"{member} must be a JSON object"
            + (
                " (a VC-JWT goes in an EnvelopedVerifiableCredential)"
                if isinstance(document, str)
                else ""
            ),
            VCDM + "PARSING_ERROR",
        )
    types = type_names(document.get("type"))
    if kind == "credential" and "EnvelopedVerifiableCredential" in types:
        return _jwt_in(document), options, document
    if kind == "presentation" and "EnvelopedVerifiablePresentation" in types:
        raise _Refused(
            400,
            "PARSING_ERROR",
            "enveloped presentations are not verified here; "
            "send the presentation itself (Data Integrity)",
            VCDM + "PARSING_ERROR",
        )
    is_vp = "VerifiablePresentation" in types
    if is_vp != (kind == "presentation"):
        raise _Refused(
            400,
            "MALFORMED_VALUE_ERROR",
            f"the {member} is typed as a "
            f"{'presentation' if is_vp else 'credential'}; send it to "
            f"{_ENDPOINT['presentation' if is_vp else 'credential']}",
            VCDM + "MALFORMED_VALUE_ERROR",
        )
    if kind == "presentation":
        try:
            guard.check_answer_size([document])
        except ResponseRejectedError as exc:
            raise _Refused(
                413, "MALFORMED_VALUE_ERROR", exc.message, VCDM + "MALFORMED_VALUE_ERROR"
            ) from None
    return document, options, document


# --- the endpoints ----------------------------------------------------------------------------


def _digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


class VcApiVerifier:
    """The two endpoints over the share service's verifier machinery: ``limits`` (per-client
    rate limits in the store), ``workers`` (the verifier's pool), ``trust`` (the operator's
    lists, read for each request), ``fetcher`` (None: offline — the default), ``token`` (a
    bearer token every request must carry; None: open)."""

    def __init__(
        self,
        *,
        trust: Callable[[], TrustLists],
        limits: guard.RateLimits,
        workers: guard.Workers,
        fetcher: Any = None,
        token: str | None = None,
    ) -> None:
        self.trust, self.limits, self.workers, self.fetcher = trust, limits, workers, fetcher
        self._token = _digest(token) if token else None

    def routes(self) -> list[Route]:
        return [
            Route("/credentials/verify", self._credentials, methods=["POST"]),
            Route("/presentations/verify", self._presentations, methods=["POST"]),
        ]

    async def _credentials(self, request: Request) -> Response:
        return await self._endpoint(request, "credential")

    async def _presentations(self, request: Request) -> Response:
        return await self._endpoint(request, "presentation")

    def _authorized(self, request: Request) -> bool:
        if self._token is None:
            return True
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        # compared as digests: constant time, whatever the lengths
        return scheme.lower() == "bearer" and secrets.compare_digest(
            _digest(given.strip()), self._token
        )

    async def _endpoint(self, request: Request, kind: str) -> Response:
        client = request.client.host if request.client else "?"
        try:
            if not self.limits.allow("verify", client):
                raise _Refused(
                    429,
                    "Too Many Requests",
                    f"at most "
                    f"{self.limits.limits['verify']} verifications a minute are "
                    "taken from one address; try again in a minute",
                )
            if not self._authorized(request):
                raise _Refused(
                    401,
                    "Unauthorized",
                    "this verifier takes requests with its "
                    "bearer token only (Authorization: Bearer …)",
                )
            body = await _body(request)
            return await self.workers.run(self._verify, body, kind)
        except _Refused as refused:
            return _refusal(refused)
        except ResponseRejectedError as exc:  # every worker busy
            status = exc.details.get("status")
            return _refusal(
                _Refused(
                    status if isinstance(status, int) else 503, "Service Unavailable", exc.message
                )
            )

    def _verify(self, body: bytes, kind: str) -> Response:
        """Read and verify (in a worker thread: parsing and checking megabytes of JSON is work
        the event loop must not wait for)."""
        from wallet.verification.verify import VerifyOptions, verify_document, verify_jwt

        try:
            document, options, sent = read_request(body, kind)
        except _Refused as refused:
            return _refusal(refused)
        with guard.answer_budget(self.fetcher):
            verify_options = VerifyOptions(
                fetcher=guard.answer_fetcher(),
                trust=self.trust(),
                challenge=options.get("challenge"),
                domain=options.get("domain"),
            )
            result = (
                verify_jwt(document, verify_options)
                if isinstance(document, str)
                else verify_document(document, verify_options)
            )
        answer = answer_of(result)
        if options.get("returnCredential"):  # as it was sent
            answer["credential"] = sent
        if options.get("returnPresentation"):
            answer["verifiablePresentation"] = sent
        return _Json(
            answer,
            status_code=200 if answer["verified"] else 400,
            headers={"Cache-Control": "no-store"},
        )


async def _body(request: Request) -> bytes:
    """The body, at most :data:`~verifier_guard.ANSWER_BODY` bytes sent within
    :data:`~verifier_guard.ANSWER_SECONDS`; :class:`_Refused` (413, 408) otherwise."""
    limit = guard.ANSWER_BODY
    too_large = _Refused(
        413,
        "Content Too Large",
        f"the request is larger than this verifier takes ({limit:,} bytes)",
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    try:
        async with asyncio.timeout(guard.ANSWER_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise too_large
    except TimeoutError:
        raise _Refused(
            408,
            "Request Timeout",
            f"the request was not sent within {guard.ANSWER_SECONDS:.0f} seconds",
        ) from None
    return bytes(body)
