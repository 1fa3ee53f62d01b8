"""The employer's request page and the verifier's endpoints, as routes the share service mounts.

Pages (server-rendered, no script; every string escaped):

* ``GET /ask`` — choose what to ask for; ``POST /ask`` creates the request and sends the
  employer to its page.
* ``GET /ask/{page token}`` — the QR code and link (OpenID4VP by reference) and the VCALM
  interaction URL; it refreshes itself until the answer arrives, then shows it as the share
  page shows a presentation (same verdict, same people-first cards). The token is the
  employer's secret.

Endpoints for wallets: ``GET|POST /oid4vp/request/{id}`` (the request object, §5.10),
``POST /oid4vp/response/{id}`` (``direct_post`` and ``direct_post.jwt``, §8.2–8.3),
``GET /interactions/{id}?iuv=1`` (VCALM protocols), ``POST /vcapi/exchanges/{id}`` (the
exchange), ``GET /.well-known/did.json`` (the verifier's did:web).
"""

from __future__ import annotations

import base64
import html
import json
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from wallet.errors import NotFoundError, ResponseRejectedError
from wallet.exchange import share_page as sp
from wallet.exchange.qr import qr_png
from wallet.exchange.verifier import (
    Answer,
    Ask,
    EmployerVerifier,
    VpRequest,
    example_queries,
)
from wallet.i18n import verdict_label
from wallet.record import credential_view, record_view
from wallet.record_parts import tone_of
from wallet.result import Verdict

__all__ = ["VerifierWeb"]

MAX_BODY = 4 * 1024 * 1024
_TYPES = (("OpenBadgeCredential", "an Open Badge"), ("ClrCredential", "a learner record (CLR)"),
          ("VerifiableCredential", "any credential"))
_FORMATS = (("any", "either format"), ("ldp_vc", "Data Integrity (JSON-LD)"),
            ("jwt_vc_json", "VC-JWT"))
_PREFIXES = {"decentralized_identifier": "signed, did:key",
             "did_web": "signed, did:web (this server)",
             "x509_san_dns": "signed, X.509 certificate",
             "redirect_uri": "unsigned (redirect_uri)"}
_EXTRA_STYLE = """
form label{display:block;margin:.5rem 0 .15rem;font-weight:600}
input,select{font:inherit;padding:6px 8px;border:1px solid #c4c7cc;border-radius:8px;
width:100%;box-sizing:border-box}fieldset{border:1px solid #dfe1e5;border-radius:10px;
margin:10px 0}button{font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:10px;
padding:10px 18px;margin-top:12px}.qr img{width:260px;height:260px;image-rendering:pixelated}
code{word-break:break-all;font-size:.8rem}.row{display:grid;grid-template-columns:1fr 1fr;gap:8px}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str, *, refresh: int | None = None) -> str:
    """A page of the employer's own (the form, the waiting page) in the share page's layout;
    ``body`` is built here from escaped values."""
    return sp.render_template("plain.html", title=title, body=body, refresh=refresh,
                              extra_style=_EXTRA_STYLE)


def _headers() -> dict[str, str]:
    return {"Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
            "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                       "img-src data:; base-uri 'none'; form-action 'self'; "
                                       "frame-ancestors 'none'"}


def _select(name: str, options: Any, chosen: str = "") -> str:
    items = "".join(f"<option value='{_e(v)}'{' selected' if v == chosen else ''}>{_e(t)}"
                    "</option>" for v, t in options)
    return f"<select name='{_e(name)}' id='{_e(name)}'>{items}</select>"


def render_form(prefixes: list[str]) -> str:
    rows = []
    for n in (1, 2, 3):
        rows.append(
            f"<fieldset><legend>Credential {n}{' (optional)' if n > 1 else ''}</legend>"
            f"<div class=row><div><label for=type{n}>Kind</label>"
            f"{_select(f'type{n}', (('', 'nothing'),) + _TYPES if n > 1 else _TYPES)}</div>"
            f"<div><label for=count{n}>How many</label><input type=number min=1 max=5 "
            f"value=1 name=count{n} id=count{n}></div></div>"
            f"<label for=competency{n}>Competency (CASE item URI or name)</label>"
            f"<input name=competency{n} id=competency{n} placeholder='Clean and prepare "
            "tabular data'>"
            f"<label for=issuer{n}>Issuer (DID or URL)</label><input name=issuer{n} "
            f"id=issuer{n}><label for=format{n}>Format</label>{_select(f'format{n}', _FORMATS)}"
            "</fieldset>")
    prefix_options = [(p, _PREFIXES[p]) for p in prefixes]
    body = ("<h1>Ask a learner for credentials</h1><p class=muted>Choose what you need. You get "
            "a QR code to show the learner; their wallet answers, and the answer appears on the "
            "same page, verified.</p><form method=post action='/ask'>"
            "<label for=purpose>Why you ask (shown to the learner)</label><input name=purpose "
            "id=purpose value='Job application: data analyst'>"
            f"{''.join(rows)}<fieldset><legend>How</legend>"
            f"<label for=prefix>Request</label>{_select('prefix', prefix_options)}"
            "<label for=mode>Answer</label>"
            f"{_select('mode', (('direct_post', 'posted'), ('direct_post.jwt', 'encrypted')))}"
            "<label for=method>Request URI</label>"
            f"{_select('method', (('get', 'GET'), ('post', 'POST with wallet metadata')))}"
            "</fieldset><button type=submit id=create>Create the request</button></form>")
    return _page("Ask for credentials", body)


def asks_from_form(form: Mapping[str, str]) -> list[Ask]:
    asks = []
    for n in (1, 2, 3):
        kind = form.get(f"type{n}", "")
        if kind not in dict(_TYPES):
            continue
        try:
            count = max(1, min(5, int(form.get(f"count{n}", "1") or "1")))
        except ValueError:
            count = 1
        fmt = form.get(f"format{n}", "any")
        asks.append(Ask(kind, (form.get(f"issuer{n}") or "").strip()[:300] or None,
                        (form.get(f"competency{n}") or "").strip()[:300] or None, count,
                        fmt if fmt in dict(_FORMATS) else "any"))
    return asks


def _qr(link: str) -> str:
    data = base64.b64encode(qr_png(link)).decode("ascii")
    return f"<div class=qr><img alt='QR code of the request' src='data:image/png;base64,{data}'>"\
           "</div>"


def render_answer(request: VpRequest, answer: Answer, base: str, lang: str = "en") -> str:
    """The answer, as the share page shows a presentation: one people-first view
    (:func:`wallet.record.record_view`) per presentation that carries one, the credentials of
    the others as cards, and the verdict of the whole answer in the four levels."""
    levels = [p.result.verdict for p in answer.presentations if p.result is not None]
    levels += [r.verdict for p in answer.presentations for _c, r in p.credentials]
    problems = answer.problems + [p for c in answer.presentations for p in c.problems]
    worst = max(levels, key=lambda v: v.rank, default=Verdict.NOT_VERIFIED)
    level = Verdict.NOT_VERIFIED if problems else worst
    for check in answer.presentations:
        for _c, result in check.credentials:
            problems += [f.message for f in result.failures][:2]
        if check.result is not None:
            problems += [f.message for f in check.result.failures][:2]
    views, cards = [], []
    for check in answer.presentations:
        if check.result is not None and isinstance(check.document, Mapping):
            views.append(record_view(check.document, check.result, lang))
        else:
            cards += [credential_view(c, r, lang) for c, r in check.credentials]
    holder = next((c.holder for c in answer.presentations if c.holder), "an unknown holder")
    protocol = "OpenID4VP" if answer.protocol == "oid4vp" else "VC-API exchange"
    answered = (f"Answered by {holder} over {protocol}, "
                f"{time.strftime('%H:%M:%S', time.localtime(answer.received))}")
    verdict = verdict_label(level, lang)
    return sp.render_template(
        "answer.html", title=f"{verdict}: an answer arrived", lang=lang, base=base,
        tone=tone_of(level), level=level.value, verdict=verdict,
        verdict_en=verdict_label(level, "en"),
        reasons=list(dict.fromkeys(problems))[:5], answered=answered,
        asked=f"You asked for: {'; '.join(a.label() for a in request.asks)}",
        views=views, cards=cards)


def render_request(verifier: EmployerVerifier, request: VpRequest) -> str:
    base = verifier.page_url(request)
    if request.answer is not None and (request.answer.verified or request.status != "waiting"
                                       or request.expired):
        return render_answer(request, request.answer, base)
    if request.status == "declined":
        return _page("Declined", "<div class='verdict warn' data-verdict='Declined'><h1>The "
                     "learner declined</h1><p>Nothing was shared.</p></div>")
    if request.expired:
        return _page("Expired", "<div class='verdict bad' data-verdict='Expired'><h1>This "
                     "request has expired</h1><p>Create a new one.</p></div>")
    link = verifier.link(request)
    left = max(0, int(request.expires - time.time()))
    tried = ""
    if request.answer is not None:
        tried = ("<div class='card flag'><h2>An answer arrived but did not verify</h2>"
                 f"{render_answer(request, request.answer, base).split('<main>')[1]}</div>")
    body = (f"<h1>Waiting for the learner</h1><p>{_e(request.purpose)}</p>"
            f"<p class=muted>Asking for {_e('; '.join(a.label() for a in request.asks))}. "
            f"Scan with a wallet (OpenID4VP), or open the link on the phone.</p>{_qr(link)}"
            f"<h3>Link</h3><p><a id=link href='{_e(link)}'>{_e(link[:80])}…</a></p>"
            f"<p class=small><code>{_e(link)}</code></p><h3>Interaction URL (VCALM: "
            f"OpenID4VP or VC-API)</h3><p class=small><code id=interaction>"
            f"{_e(verifier.interaction_url(request))}</code></p><p class=muted>Expires in "
            f"{left // 60} min {left % 60} s · this page refreshes itself</p>{tried}")
    return _page("Waiting for the learner", body, refresh=2)


async def _body(request: Request) -> bytes | None:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return bytes(body)


def _form(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=64)
    except (UnicodeDecodeError, ValueError):
        return {}
    return {k: v[0] for k, v in pairs.items() if len(v) == 1}


def _refuse(message: str, status: int = 400, error: str = "invalid_request") -> JSONResponse:
    return JSONResponse({"error": error, "error_description": message}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def _problem(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"type": "https://w3id.org/vc-api#invalid-presentation",
                         "title": "The presentation was refused", "detail": message,
                         "status": status}, status_code=status,
                        media_type="application/problem+json")


class VerifierWeb:
    """The routes over one :class:`EmployerVerifier`."""

    def __init__(self, verifier: EmployerVerifier) -> None:
        self.verifier = verifier

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
        ]

    async def _ask(self, request: Request) -> Response:
        if request.method == "GET":
            return HTMLResponse(render_form(self.verifier.prefixes()), headers=_headers())
        body = await _body(request)
        form = _form(body or b"")
        asks = asks_from_form(form)
        if not asks:
            return HTMLResponse(render_form(self.verifier.prefixes()), status_code=400,
                                headers=_headers())
        prefix = form.get("prefix", "decentralized_identifier")
        created = self.verifier.create(
            asks, purpose=form.get("purpose", ""),
            prefix=prefix if prefix in self.verifier.prefixes() else "decentralized_identifier",
            response_mode=form.get("mode") if form.get("mode") in (
                "direct_post", "direct_post.jwt") else "direct_post",
            request_uri_method="post" if form.get("method") == "post" else "get")
        return RedirectResponse(self.verifier.page_url(created), status_code=303)

    def _find(self, token: str) -> VpRequest | None:
        try:
            return self.verifier.by_page(token)
        except NotFoundError:
            return None

    async def _page(self, request: Request) -> Response:
        found = self._find(request.path_params["token"])
        if found is None:
            return HTMLResponse(sp.render_gone("There is no such request."), status_code=404,
                                headers=_headers())
        return HTMLResponse(render_request(self.verifier, found), headers=_headers())

    async def _thanks(self, request: Request) -> Response:
        return HTMLResponse(_page("Sent", "<div class='verdict ok'><h1>Thank you</h1><p>Your "
                                  "answer reached the employer.</p></div>"), headers=_headers())

    def _open(self, rid: str) -> VpRequest | None:
        try:
            return self.verifier.get(rid)
        except NotFoundError:
            return None

    async def _request_object(self, request: Request) -> Response:
        found = self._open(request.path_params["rid"])
        if found is None or found.expired:
            return _refuse("there is no such request, or it has expired", 404)
        wallet_nonce = None
        if request.method == "POST":
            form = _form(await _body(request) or b"")
            wallet_nonce = form.get("wallet_nonce")
            found.events.append({"event": "request_uri_post",
                                 "wallet_metadata": "wallet_metadata" in form,
                                 "wallet_nonce": wallet_nonce})
        else:
            found.events.append({"event": "request_uri_get"})
        return Response(self.verifier.request_object(found, wallet_nonce),
                        media_type="application/oauth-authz-req+jwt",
                        headers={"Cache-Control": "no-store"})

    def _decrypt(self, found: VpRequest, token: str) -> dict[str, Any]:
        from joserfc import jwe
        from joserfc.errors import JoseError

        try:
            data = jwe.decrypt_compact(token, found.enc_key)
            value = json.loads(data.plaintext or b"")
        except (JoseError, ValueError, TypeError) as exc:
            raise ResponseRejectedError(f"the encrypted answer cannot be decrypted ({exc})"
                                        ) from None
        if not isinstance(value, dict):
            raise ResponseRejectedError("the encrypted answer is not a JSON object")
        return value

    async def _response(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        found = self._open(rid)
        if found is None:
            return _refuse("there is no such request", 404)
        body = await _body(request)
        if body is None:
            return _refuse("the answer is too large", 413)
        form: dict[str, Any] = _form(body)
        try:
            if found.response_mode == "direct_post.jwt" and "error" not in form:
                if "response" not in form:
                    raise ResponseRejectedError("an encrypted answer was asked for")
                form = self._decrypt(found, form["response"])
            state = form.get("state")
            if "error" in form:
                self.verifier.decline(rid, state, str(form["error"])[:60],
                                      str(form.get("error_description", ""))[:300])
                return JSONResponse({}, headers={"Cache-Control": "no-store"})
            token = form.get("vp_token")
            if isinstance(token, str):
                try:
                    token = json.loads(token)
                except ValueError:
                    raise ResponseRejectedError("the vp_token is not JSON") from None
            answer = self.verifier.check_vp_token(rid, token, state)
        except ResponseRejectedError as exc:
            found.events.append({"event": "refused", "reason": exc.message})
            return _refuse(exc.message)
        reply: dict[str, Any] = {}
        if answer.verified:
            reply["redirect_uri"] = f"{self.verifier.base}/ask/{found.id}/thanks"
        return JSONResponse(reply, headers={"Cache-Control": "no-store"})

    async def _interaction(self, request: Request) -> Response:
        found = self._open(request.path_params["rid"])
        if found is None or request.query_params.get("iuv") != "1":
            return _refuse("there is no such interaction", 404)
        if "application/json" not in request.headers.get("accept", ""):
            return HTMLResponse(_page("Open with your wallet", "<h1>Open this with your "
                                      "wallet</h1><p>This is a request for credentials. Scan "
                                      "its QR code with a learner wallet that speaks OpenID4VP "
                                      "or VC-API.</p>"), headers=_headers())
        return JSONResponse({"protocols": {"oid4vp-1.0": self.verifier.link(found),
                                           "vcapi": self.verifier.exchange_url(found)}})

    async def _exchange(self, request: Request) -> Response:
        rid = request.path_params["rid"]
        found = self._open(rid)
        if found is None:
            return _problem("there is no such exchange", 404)
        try:
            message = json.loads(await _body(request) or b"{}")
        except ValueError:
            return _problem("the message is not JSON")
        if not isinstance(message, dict):
            return _problem("the message is not a JSON object")
        found.events.append({"event": "vcapi", "referenceId": message.get("referenceId")})
        if "verifiablePresentation" not in message:
            if found.expired or found.status != "waiting":
                return _problem("this request is no longer open", 410)
            return JSONResponse({"verifiablePresentationRequest": {
                "query": example_queries(found.asks), "challenge": found.nonce,
                "domain": self.verifier.origin}, "referenceId": self.verifier.new_reference()})
        try:
            answer = self.verifier.check_vcapi(rid, message["verifiablePresentation"])
        except ResponseRejectedError as exc:
            found.events.append({"event": "refused", "reason": exc.message})
            return _problem(exc.message)
        if not answer.verified:
            return _problem("the presentation did not verify")
        return JSONResponse({"redirectUrl": f"{self.verifier.base}/ask/{found.id}/thanks"})

    async def _did(self, request: Request) -> Response:
        return JSONResponse(self.verifier.did_document(), media_type="application/did+json")
