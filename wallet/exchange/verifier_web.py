"""The employer's request page and the verifier's endpoints, as routes the share service mounts.

Pages (server-rendered, no script; every string escaped):

* ``GET /ask`` — choose what to ask for; ``POST /ask`` creates the request and sends the
  employer to its page.
* ``GET|POST /check`` — "Check a PDF or a QR image": an uploaded PDF, picture of an offline QR
  code or pasted ``VP1-`` text, verified with the same verdicts and bounds
  (:mod:`wallet.exchange.check_page`), in the reader's language.
* ``GET /ask/{page token}`` — the QR code and link (OpenID4VP by reference) and the VCALM
  interaction URL; it refreshes itself until the answer arrives, then shows it as the share
  page shows a presentation: the same view model (:mod:`wallet.record.view`) — the learner as
  given by them, the verdict in plain words, each credential once (one sent directly and again
  inside the learner's record is one card), when it was answered as a date and time with its
  zone — in the reader's language, chosen as the share page chooses it (``?lang=``, else
  ``Accept-Language``). Long identifiers wrap at a phone's width. The token is the employer's
  secret. (That page is rendered by :mod:`wallet.exchange.verifier_pages`.)

Endpoints for wallets: ``GET|POST /oid4vp/request/{id}`` (the request object, §5.10),
``POST /oid4vp/response/{id}`` (``direct_post`` and ``direct_post.jwt``, §8.2–8.3),
``GET /interactions/{id}?iuv=1`` (VCALM protocols), ``POST /vcapi/exchanges/{id}`` (the
exchange), ``GET /.well-known/did.json`` (the verifier's did:web).

Every endpoint is bounded (:mod:`wallet.exchange.verifier_guard`): per-client rate limits
counted in the share service's database, bodies bounded in size and time, answers parsed as
strict JSON and verified in a small worker pool off the event loop. A hostile request gets a
4xx (or a 503 when the pool is full) with a sentence, never a 500; a page renders whatever an
answer held, escaped, as not verified.
"""

from __future__ import annotations

import asyncio
import codecs
import functools
import re
from collections.abc import Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from wallet.credential import load_json
from wallet.errors import InputError, NotFoundError, ResponseRejectedError
from wallet.exchange import check_page
from wallet.exchange import share_page as sp
from wallet.exchange import verifier_guard as guard
from wallet.exchange.share_store import client_hash
from wallet.exchange.verifier import EmployerVerifier
from wallet.exchange.verifier_asks import Ask, VpRequest, example_queries
from wallet.exchange.verifier_pages import escape as _e
from wallet.exchange.verifier_pages import page as _page
from wallet.exchange.verifier_pages import render_request
from wallet.i18n import negotiate, t

__all__ = ["VerifierWeb"]

MAX_BODY = guard.ANSWER_BODY
ASK_BODY = 16 * 1024
_SURROGATES = re.compile("[\ud800-\udfff]")
# What the form offers (value → the language layer's key: ``askform.*``). The technical
# choices — the format, how the request is signed, sent and fetched — are folded under
# "Advanced", each in plain words with its technical name after it.
_TYPES = ("OpenBadgeCredential", "ClrCredential", "VerifiableCredential")
_FORMATS = ("any", "ldp_vc", "jwt_vc_json")
_PREFIXES = ("decentralized_identifier", "did_web", "x509_san_dns", "redirect_uri")
_MODES = ("direct_post", "direct_post.jwt")
_METHODS = ("get", "post")


def _text(value: str) -> str:
    """``value`` with any lone surrogate (junk an answer held) shown as U+FFFD, so that it
    can be sent as UTF-8."""
    return _SURROGATES.sub("\ufffd", value)


def _html(page: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(_text(page), status_code=status, headers={**_headers(), **_retry(status)})


def _headers() -> dict[str, str]:
    return {
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'",
    }


def _select(name: str, options: Any, chosen: str = "") -> str:
    items = "".join(
        f"<option value='{_e(v)}'{' selected' if v == chosen else ''}>{_e(t)}</option>"
        for v, t in options
    )
    return f"<select name='{_e(name)}' id='{_e(name)}'>{items}</select>"


def _options(group: str, values: Any, lang: str) -> list[tuple[str, str]]:
    return [(v, t(f"askform.{group}.{v}", lang)) for v in values]


def render_form(prefixes: list[str], lang: str = "en") -> str:
    """The employer's form, in ``lang``: what to ask for in words an HR person uses; the
    technical choices (each credential's format; how the request is signed, answered and
    fetched) folded under "Advanced", with sensible defaults."""

    def tr(key: str, **values: object) -> str:
        return _e(t(f"askform.{key}", lang, **values))

    rows = []
    for n in (1, 2, 3):
        kinds = _options("type", _TYPES, lang)
        if n > 1:
            kinds = [("", t("askform.type.none", lang)), *kinds]
        legend = tr("credential", n=n) if n == 1 else tr("credential_optional", n=n)
        rows.append(
            f"<fieldset><legend>{legend}</legend>"
            f"<div class=row><div><label for=type{n}>{tr('kind')}</label>"
            f"{_select(f'type{n}', kinds)}"
            f"</div><div><label for=count{n}>{tr('count')}</label><input type=number min=1 "
            f"max=5 value=1 name=count{n} id=count{n}></div></div>"
            f"<label for=competency{n}>{tr('competency')}</label>"
            f"<input name=competency{n} id=competency{n} placeholder='{tr('competency_hint')}'>"
            f"<label for=issuer{n}>{tr('issuer')}</label><input name=issuer{n} id=issuer{n}>"
            f"<details class=advanced><summary>{tr('advanced')}</summary>"
            f"<label for=format{n}>{tr('format')}</label>"
            f"{_select(f'format{n}', _options('format', _FORMATS, lang))}</details>"
            "</fieldset>"
        )
    prefix_options = _options("prefix", [p for p in _PREFIXES if p in prefixes], lang)
    body = (
        f"<h1>{tr('title')}</h1><p class=muted>{tr('intro')}</p>"
        "<form method=post action='/ask'>"
        f"<label for=purpose>{tr('purpose')}</label><input name=purpose "
        f"id=purpose value='{tr('purpose_default')}'>"
        f"{''.join(rows)}<details class=advanced id=how><summary>{tr('how')}</summary>"
        f"<p class=muted>{tr('how_hint')}</p>"
        f"<label for=prefix>{tr('prefix')}</label>{_select('prefix', prefix_options)}"
        f"<label for=mode>{tr('mode')}</label>"
        f"{_select('mode', _options('mode', _MODES, lang))}"
        f"<label for=method>{tr('method')}</label>"
        f"{_select('method', _options('method', _METHODS, lang))}"
        f"</details><button type=submit id=create>{tr('create')}</button></form>"
    )
    return _page(t("askform.page_title", lang), body, lang=lang)


def asks_from_form(form: Mapping[str, str]) -> list[Ask]:
    asks = []
    for n in (1, 2, 3):
        kind = form.get(f"type{n}", "")
        if kind not in _TYPES:
            continue
        try:
            count = max(1, min(5, int(form.get(f"count{n}", "1") or "1")))
        except ValueError:
            count = 1
        fmt = form.get(f"format{n}", "any")
        asks.append(
            Ask(
                kind,
                (form.get(f"issuer{n}") or "").strip()[:300] or None,
                (form.get(f"competency{n}") or "").strip()[:300] or None,
                count,
                fmt if fmt in _FORMATS else "any",
            )
        )
    return asks


async def _body(request: Request, limit: int = MAX_BODY) -> bytes | None:
    """The body, at most ``limit`` bytes and sent within :data:`~verifier_guard.ANSWER_SECONDS`
    (else None)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    try:
        async with asyncio.timeout(guard.ANSWER_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    return None
    except TimeoutError:
        return None
    return bytes(body)


def _json(text: str | bytes, what: str) -> Any:
    """Strict JSON within the answers' bounds; :class:`ResponseRejectedError` otherwise."""
    try:
        return load_json(text, what=what, **guard.ANSWER_JSON)
    except InputError as exc:
        raise ResponseRejectedError(exc.message) from None


def _unquote(data: bytes) -> str:
    """Percent-decoding in C (``urllib.parse.unquote`` takes over a second for a few megabytes
    of ``%XX``): every ``%`` made a ``\\x`` escape, every backslash escaped, then
    ``codecs.escape_decode``. A ``%`` without two hex digits after it, or bytes that are not
    UTF-8, raise :class:`ValueError`."""
    escaped = data.replace(b"+", b" ").replace(b"\\", b"\\\\").replace(b"%", b"\\x")
    decoded: bytes = codecs.escape_decode(escaped)[0]
    return decoded.decode("utf-8")


def _form(body: bytes) -> dict[str, str]:
    """A form (``application/x-www-form-urlencoded``) of at most 64 fields; a field given more
    than once is left out; {} for a body that is not a form."""
    parts = [part for part in body.split(b"&") if part]
    if len(parts) > 64:
        return {}
    form: dict[str, str] = {}
    twice: set[str] = set()
    try:
        for part in parts:
            name, _, value = part.partition(b"=")
            key = _unquote(name)
            if key in form:
                twice.add(key)
            form[key] = _unquote(value)
    except ValueError:
        return {}
    return {k: v for k, v in form.items() if k not in twice}


def _retry(status: int) -> dict[str, str]:
    return (
        {"Retry-After": str(60 if status == 429 else guard.RETRY_AFTER)}
        if status in (429, 503)
        else {}
    )


def _refuse(message: str, status: int = 400, error: str = "invalid_request") -> JSONResponse:
    return JSONResponse(
        {"error": error, "error_description": _text(message)},
        status_code=status,
        headers={"Cache-Control": "no-store", **_retry(status)},
    )


def _problem(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse(
        {
            "type": "https://w3id.org/vc-api#invalid-presentation",
            "title": "The presentation was refused",
            "detail": _text(message),
            "status": status,
        },
        status_code=status,
        headers=_retry(status),
        media_type="application/problem+json",
    )


def _rejected(exc: ResponseRejectedError) -> tuple[str, int, str]:
    """(sentence, HTTP status, OAuth error) for a refused answer."""
    status = exc.details.get("status")
    return exc.message, status if isinstance(status, int) else 400, exc.error or "invalid_request"


_LIMITED = "too many requests from your address; try again in a minute"
_TOO_LARGE = "the request is too large, or was not sent in time"


class VerifierWeb:
    """The routes over one :class:`EmployerVerifier`; ``store`` (the share service's) counts
    the per-client rate limits across replicas."""

    def __init__(
        self,
        verifier: EmployerVerifier,
        *,
        store: Any = None,
        limits: guard.RateLimits | None = None,
        workers: guard.Workers | None = None,
    ) -> None:
        self.verifier = verifier
        self.limits = limits or guard.RateLimits(store)
        self.workers = workers or guard.Workers()

    def routes(self) -> list[Route]:
        return [
            Route("/ask", self._ask, methods=["GET", "POST"]),
            Route("/ask/{token}", self._page),
            Route("/ask/{token}/thanks", self._thanks),
            Route("/oid4vp/request/{rid}", self._request_object, methods=["GET", "POST"]),
            Route("/oid4vp/response/{rid}", self._response, methods=["POST"]),
            Route("/interactions/{rid}", self._interaction),
            Route("/vcapi/exchanges/{rid}", self._exchange, methods=["POST"]),
            Route("/.well-known/did.json", self._did),
            Route("/check", self._check, methods=["GET", "POST"]),
        ]

    async def _check(self, request: Request) -> Response:
        """ "Check a PDF or a QR image" (:mod:`wallet.exchange.check_page`)."""
        lang = check_page.language(request)
        if request.method == "GET":
            return _html(check_page.render_check(lang))
        if self._limited("answer", request):
            return _html(check_page.render_check(lang, error=t("check.busy", lang)), 429)
        body = await _body(request, check_page.MAX_UPLOAD)
        mb = check_page.MAX_PDF_BYTES // 2**20
        if body is None:
            return _html(
                check_page.render_check(lang, error=t("check.too_large", lang, mb=mb)), 413
            )
        upload = check_page.read_upload(request.headers.get("content-type", ""), body)
        try:
            page, status = await self.workers.run(
                functools.partial(
                    check_page.check_upload,
                    upload,
                    lang,
                    fetcher=self.verifier.fetcher,
                    trust=self.verifier.trust,
                )
            )
        except ResponseRejectedError:  # every worker busy
            return _html(check_page.render_check(lang, error=t("check.busy", lang)), 503)
        return _html(page, status)

    @staticmethod
    def _client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def _limited(self, bucket: str, request: Request) -> bool:
        return not self.limits.allow(bucket, self._client(request))

    async def _ask(self, request: Request) -> Response:
        lang = self._lang(request)
        if request.method == "GET":
            return _html(render_form(self.verifier.prefixes(), lang))
        if self._limited("ask", request):
            return _html(_page("Too many requests", f"<h1>{_e(_LIMITED.capitalize())}</h1>"), 429)
        body = await _body(request, ASK_BODY)
        if body is None:
            return _html(_page("Too large", f"<h1>{_e(_TOO_LARGE.capitalize())}</h1>"), 413)
        form = _form(body)
        asks = asks_from_form(form)
        if not asks:
            return _html(render_form(self.verifier.prefixes(), lang), 400)
        client = client_hash(self._client(request))
        full = self.verifier.requests.no_room(client)
        if full is not None:
            return _html(_page("Not now", f"<h1>{_e(full[:1].upper() + full[1:])}</h1>"), 429)
        prefix = form.get("prefix", "decentralized_identifier")
        created = self.verifier.create(
            asks,
            purpose=form.get("purpose", ""),
            prefix=prefix if prefix in self.verifier.prefixes() else "decentralized_identifier",
            response_mode=mode
            if (mode := form.get("mode")) in ("direct_post", "direct_post.jwt")
            else "direct_post",
            request_uri_method="post" if form.get("method") == "post" else "get",
            client=client,
        )
        return RedirectResponse(self.verifier.page_url(created), status_code=303)

    def _find(self, token: str) -> VpRequest | None:
        try:
            return self.verifier.by_page(token)
        except NotFoundError:
            return None

    @staticmethod
    def _lang(request: Request) -> str:
        """The reader's language, as the share page chooses it: ``?lang=``, else
        ``Accept-Language``, else English."""
        return negotiate(request.headers.get("accept-language"), request.query_params.get("lang"))

    async def _page(self, request: Request) -> Response:
        lang = self._lang(request)
        found = self._find(request.path_params["token"])
        if found is None:
            return _html(sp.render_gone(t("ask.no_request", lang), lang), 404)
        # rendered in a thread: an answer of many presentations takes tens of milliseconds,
        # and the page refreshes itself every two seconds
        return _html(await run_in_threadpool(render_request, self.verifier, found, lang))

    async def _thanks(self, request: Request) -> Response:
        lang = self._lang(request)
        return _html(
            _page(
                t("ask.thanks.title", lang),
                f"<div class='verdict ok'><h1>{_e(t('ask.thanks.heading', lang))}"
                f"</h1><p>{_e(t('ask.thanks.body', lang))}</p></div>",
                lang=lang,
            )
        )

    def _open(self, rid: str) -> VpRequest | None:
        try:
            return self.verifier.get(rid)
        except NotFoundError:
            return None

    async def _request_object(self, request: Request) -> Response:
        if self._limited("request", request):
            return _refuse(_LIMITED, 429, "temporarily_unavailable")
        found = self._open(request.path_params["rid"])
        if found is None or found.expired:
            return _refuse("there is no such request, or it has expired", 404)
        wallet_nonce = None
        if request.method == "POST":
            body = await _body(request, guard.REQUEST_OBJECT_BODY)
            if body is None:
                return _refuse(
                    f"a request_uri POST takes at most "
                    f"{guard.REQUEST_OBJECT_BODY:,} bytes, sent in time",
                    413,
                )
            form = _form(body)
            wallet_nonce = form.get("wallet_nonce")
            if wallet_nonce is not None and len(wallet_nonce) > guard.MAX_WALLET_NONCE:
                return _refuse(
                    f"the wallet_nonce is {len(wallet_nonce):,} characters long; "
                    f"this verifier takes at most {guard.MAX_WALLET_NONCE}"
                )
            found.note(
                {
                    "event": "request_uri_post",
                    "wallet_metadata": "wallet_metadata" in form,
                    "wallet_nonce": wallet_nonce,
                }
            )
        else:
            found.note({"event": "request_uri_get"})
        return Response(
            self.verifier.request_object(found, wallet_nonce),
            media_type="application/oauth-authz-req+jwt",
            headers={"Cache-Control": "no-store"},
        )

    def _decrypt(self, found: VpRequest, token: str) -> tuple[dict[str, Any], int]:
        """The decrypted answer, and its estimated size once kept."""
        from joserfc import jwe
        from joserfc.errors import JoseError

        # joserfc refuses a ciphertext over 64 KiB by default: an answer carrying the learner's
        # signed record and a few credentials is larger. The body was already held to
        # ANSWER_BODY (the guard), so the ciphertext may be as large as that.
        registry = jwe.JWERegistry()
        registry.max_ciphertext_length = guard.ANSWER_BODY
        try:
            plaintext = jwe.decrypt_compact(token, found.enc_key, registry=registry).plaintext
            plaintext = plaintext or b""
        except (JoseError, ValueError, TypeError) as exc:
            raise ResponseRejectedError(
                f"the encrypted answer cannot be decrypted ({exc})"
            ) from None
        value = _json(plaintext, "the encrypted answer")
        if not isinstance(value, dict):
            raise ResponseRejectedError("the encrypted answer is not a JSON object")
        return value, guard.answer_cost(plaintext)

    def _check_answer(self, found: VpRequest, body: bytes) -> Response:
        """Read, decrypt and verify an answer (in a worker thread: reading and checking
        megabytes of JSON is work the event loop must not wait for)."""
        form: dict[str, Any] = _form(body)
        try:
            if "error" in form:  # a decline: recorded, the request stays open
                self.verifier.decline(
                    found.id,
                    form.get("state"),
                    str(form["error"])[:60],
                    str(form.get("error_description", ""))[:300],
                )
                return JSONResponse({}, headers={"Cache-Control": "no-store"})
            cost = 0
            if found.response_mode == "direct_post.jwt":
                if "response" not in form:
                    raise ResponseRejectedError("an encrypted answer was asked for")
                form, cost = self._decrypt(found, form["response"])
            state = form.get("state")
            if state != found.state:  # before reading the rest: a stranger's costs nothing more
                raise ResponseRejectedError(
                    "the answer is for another request (its state is not this request's)"
                )
            token = form.get("vp_token")
            if isinstance(token, str):
                cost = guard.answer_cost(token)
                token = _json(token, "the vp_token")
            answer = self.verifier.check_vp_token(found.id, token, state, cost=cost)
        except ResponseRejectedError as exc:
            message, status, error = _rejected(exc)
            found.note({"event": "refused", "reason": message})
            return _refuse(message, status, error)
        reply: dict[str, Any] = {}
        if answer.verified:
            reply["redirect_uri"] = f"{self.verifier.base}/ask/{found.id}/thanks"
        return JSONResponse(reply, headers={"Cache-Control": "no-store"})

    async def _response(self, request: Request) -> Response:
        if self._limited("answer", request):
            return _refuse(_LIMITED, 429, "temporarily_unavailable")
        found = self._open(request.path_params["rid"])
        if found is None:
            return _refuse("there is no such request", 404)
        body = await _body(request)
        if body is None:
            return _refuse(
                f"the answer is too large (at most {MAX_BODY:,} bytes), or was not sent in time",
                413,
            )
        try:
            return await self.workers.run(self._check_answer, found, body)
        except ResponseRejectedError as exc:  # every worker busy
            return _refuse(*_rejected(exc))

    async def _interaction(self, request: Request) -> Response:
        found = self._open(request.path_params["rid"])
        if found is None or request.query_params.get("iuv") != "1":
            return _refuse("there is no such interaction", 404)
        if "application/json" not in request.headers.get("accept", ""):
            return _html(
                _page(
                    "Open with your wallet",
                    "<h1>Open this with your wallet</h1>"
                    "<p>This is a request for credentials. Scan its QR code with a "
                    "learner wallet that speaks OpenID4VP or VC-API.</p>",
                )
            )
        return JSONResponse(
            {
                "protocols": {
                    "oid4vp-1.0": self.verifier.link(found),
                    "vcapi": self.verifier.exchange_url(found),
                }
            }
        )

    async def _exchange(self, request: Request) -> Response:
        if self._limited("answer", request):
            return _problem(_LIMITED, 429)
        found = self._open(request.path_params["rid"])
        if found is None:
            return _problem("there is no such exchange", 404)
        body = await _body(request)
        if body is None:
            return _problem(
                f"the message is too large (at most {MAX_BODY:,} bytes), or was not sent in time",
                413,
            )
        try:
            return await self.workers.run(self._exchange_step, found, body)
        except ResponseRejectedError as exc:  # every worker busy
            return _problem(*_rejected(exc)[:2])

    def _exchange_step(self, found: VpRequest, body: bytes) -> Response:
        """Read a VC-API message and answer it (in a worker thread)."""
        try:
            message = _json(body or b"{}", "the message")
        except ResponseRejectedError as exc:
            return _problem(exc.message)
        if not isinstance(message, dict):
            return _problem("the message is not a JSON object")
        reference = message.get("referenceId")
        found.note(
            {
                "event": "vcapi",
                "referenceId": reference
                if isinstance(reference, str) and len(reference) <= 200
                else None,
            }
        )
        if "verifiablePresentation" not in message:
            if found.expired or found.status != "waiting":
                return _problem("this request is no longer open", 410)
            return JSONResponse(
                {
                    "verifiablePresentationRequest": {
                        "query": example_queries(found.asks, found.purpose),
                        "challenge": found.nonce,
                        "domain": self.verifier.origin,
                    },
                    "referenceId": self.verifier.new_reference(),
                }
            )
        try:
            answer = self.verifier.check_vcapi(
                found.id, message["verifiablePresentation"], cost=guard.answer_cost(body)
            )
        except ResponseRejectedError as exc:
            reason, status, _error = _rejected(exc)
            found.note({"event": "refused", "reason": reason})
            return _problem(reason, status)
        if not answer.verified:
            return _problem("the presentation did not verify")
        return JSONResponse({"redirectUrl": f"{self.verifier.base}/ask/{found.id}/thanks"})

    async def _did(self, request: Request) -> Response:
        return JSONResponse(self.verifier.did_document(), media_type="application/did+json")
