"""The request's own page at ``/ask/{page token}``, as the employer reads it: waiting for the
learner (the QR code, the link, what was tried so far), then the answer — through the same
people-first view model as the share page (:mod:`wallet.record.view`): the learner as given by
them, the verdict in plain words, each credential once (one sent directly and again inside the
learner's record is one card), when it was answered as a date and time with its zone, all in the
reader's language (chosen by :class:`~wallet.exchange.verifier_web.VerifierWeb` as the share
page chooses it). Long identifiers wrap at a phone's width (the page's ``.token``).

Pure rendering: no I/O; every value escaped (the templates autoescape; HTML built here is built
from :func:`escape`'d values).
"""

from __future__ import annotations

import base64
import html
import logging
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from wallet.exchange import share_page as sp
from wallet.exchange.qr import qr_png
from wallet.exchange.verifier import Answer, Ask, EmployerVerifier, VpRequest
from wallet.i18n import DEFAULT, format_datetime, normalize, t, verdict_label
from wallet.record.badge import badge_card, with_badges
from wallet.record.card import tone_of
from wallet.record.view import (
    credential_key,
    credential_view,
    each_once,
    record_credentials,
    record_view,
)
from wallet.result import Verdict

__all__ = ["EXTRA_STYLE", "ask_words", "escape", "page", "render_answer", "render_request"]

_log = logging.getLogger(__name__)

EXTRA_STYLE = """
form label{display:block;margin:.5rem 0 .15rem;font-weight:600}
input,select{font:inherit;padding:6px 8px;border:1px solid #c4c7cc;border-radius:8px;
width:100%;box-sizing:border-box}fieldset{border:1px solid #dfe1e5;border-radius:10px;
margin:10px 0}button{font:inherit;background:#0b57d0;color:#fff;border:0;border-radius:10px;
padding:10px 18px;margin-top:12px}.qr img{width:260px;height:260px;image-rendering:pixelated}
details.advanced{margin:.6rem 0}details.advanced summary{cursor:pointer;font-weight:600}
code{word-break:break-all;font-size:.8rem}.row{display:grid;grid-template-columns:1fr 1fr;gap:8px}
"""


def escape(value: Any) -> str:
    """``value`` as HTML text (quotes too)."""
    return html.escape(str(value), quote=True)


def page(title: str, body: str, *, refresh: int | None = None, lang: str = DEFAULT) -> str:
    """A page of the employer's own (the form, the waiting page) in the share page's layout,
    in ``lang``; ``body`` is built here from escaped values."""
    return sp.render_template(
        "plain.html", title=title, body=body, refresh=refresh, extra_style=EXTRA_STYLE, lang=lang
    )


def _qr(link: str, lang: str = DEFAULT) -> str:
    data = base64.b64encode(qr_png(link)).decode("ascii")
    return (
        f"<div class=qr><img alt='{escape(t('ask.qr_alt', lang))}' "
        f"src='data:image/png;base64,{data}'></div>"
    )


def ask_words(ask: Ask, lang: str = DEFAULT) -> str:
    """What one row of a request asks for, in ``lang``: "an Open Badge showing the
    competency Clean and prepare tabular data", "‘…’ 역량을 보여 주는 오픈 배지"."""
    kind = ask.type if ask.type in ("OpenBadgeCredential", "ClrCredential") else "any"
    what = t(f"ask.what.{kind}", lang, count=ask.count)
    shape = (
        "both"
        if ask.competency and ask.issuer
        else "competency"
        if ask.competency
        else "issuer"
        if ask.issuer
        else "plain"
    )
    return t(
        f"ask.label.{shape}",
        lang,
        what=what,
        competency=ask.competency or "",
        issuer=ask.issuer or "",
    )


def _asked(request: VpRequest, lang: str) -> str:
    return t("ask.list_separator", lang).join(ask_words(a, lang) for a in request.asks)


def _problems(answer: Answer, lang: str) -> list[str]:
    """Why the answer is not verified as a whole. Our verifier says it in English: an English
    reader reads its sentences (and the first failures of each credential); any other reader,
    how many there are, in their language (each credential's own problems are on its card)."""
    problems = answer.problems + [p for c in answer.presentations for p in c.problems]
    if normalize(lang) != DEFAULT:
        return [t("answer.problems", lang, count=len(problems))] if problems else []
    for check in answer.presentations:
        for _c, result in check.credentials:
            problems += [f.message for f in result.failures][:2]
        if check.result is not None:
            problems += [f.message for f in check.result.failures][:2]
        for badge in check.badges:
            problems += [f.message for f in badge.result.failures][:2]
    return list(dict.fromkeys(problems))[:5]


def render_answer(request: VpRequest, answer: Answer, base: str, lang: str = DEFAULT) -> str:
    """The answer, as the share page shows a presentation, in ``lang``: one people-first view
    (:func:`wallet.record.view.record_view`) per presentation that carries one, the credentials
    of the others as cards — each credential once, however many presentations carry it — and
    the verdict of the whole answer in the four levels. The Open Badges 2.0 badges a learner's
    record carries (verified again the OB 2.0 way: ``check.badges``) are a card each
    (:func:`wallet.record.badge.with_badges`), and count in the verdict."""
    lang = normalize(lang)
    levels = [p.result.verdict for p in answer.presentations if p.result is not None]
    levels += [r.verdict for p in answer.presentations for _c, r in p.credentials]
    levels += [b.result.verdict for p in answer.presentations for b in p.badges]
    unmet = bool(answer.problems) or any(c.problems for c in answer.presentations)
    worst = max(levels, key=lambda v: v.rank, default=Verdict.NOT_VERIFIED)
    level = Verdict.NOT_VERIFIED if unmet else worst
    views, loose, shown, badges = [], [], set(), []
    for check in answer.presentations:
        if check.result is not None and isinstance(check.document, Mapping):
            views.append(with_badges(record_view(check.document, check.result, lang), check.badges))
            shown |= {
                credential_key(c) for c, _r in record_credentials(check.document, check.result)
            }
        else:
            loose += check.credentials
            badges += [badge_card(b, lang) for b in check.badges]
    # a credential a record shows already (in the learner's CLR, say) is not shown again
    cards = [*(credential_view(c, r, lang) for c, r in each_once(loose, shown)), *badges]
    holder = next((c.holder for c in answer.presentations if c.holder), None)
    # the presenter of presentations no record view shows (VP-JWTs): their name as they give it
    told = next((c.identity for c in answer.presentations if c.identity is not None), None)
    presenter = told.name if told is not None and not views else None
    when = format_datetime(datetime.fromtimestamp(answer.received, UTC), lang)
    verdict = verdict_label(level, lang)
    return sp.render_template(
        "answer.html",
        title=t("answer.title", lang, verdict=verdict),
        lang=lang,
        base=base,
        tone=tone_of(level),
        level=level.value,
        verdict=verdict,
        verdict_en=verdict_label(level, DEFAULT),
        reasons=_problems(answer, lang),
        answered=t(
            "answer.answered",
            lang,
            protocol=t(f"answer.protocol.{answer.protocol}", lang),
            when=when,
        ),
        holder=t("answer.holder", lang, did=holder) if holder else t("answer.holder_unknown", lang),
        asked=t("answer.asked", lang, what=_asked(request, lang)),
        views=views,
        cards=cards,
        presenter=presenter,
        presented=t("record.presented_by", lang, name=presenter) if presenter else "",
    )


def _unshowable(lang: str = DEFAULT) -> str:
    return (
        f"<div class='card flag' data-verdict='Not verified'><h2>"
        f"{escape(t('ask.unshowable', lang))}</h2>"
        f"<p>{escape(t('ask.unshowable_body', lang))}</p></div>"
    )


def _answer_or_note(request: VpRequest, answer: Answer, base: str, lang: str = DEFAULT) -> str:
    """The answer's page; if what the answer held cannot be rendered at all, a page that says
    so (it is not verified) — never an error."""
    try:
        return render_answer(request, answer, base, lang)
    except Exception:
        _log.warning("an answer to request %s could not be rendered", request.id[:8], exc_info=True)
        return page(
            t("answer.title", lang, verdict=verdict_label(Verdict.NOT_VERIFIED, lang)),
            _unshowable(lang),
            lang=lang,
        )


def render_request(verifier: EmployerVerifier, request: VpRequest, lang: str = DEFAULT) -> str:
    """The request's page in ``lang``: the answer once it is in, else the QR code, the link and
    what was tried so far (refreshing itself)."""
    lang = normalize(lang)
    base = verifier.page_url(request)
    if request.answer is not None and (
        request.answer.verified or request.status != "waiting" or request.expired
    ):
        return _answer_or_note(request, request.answer, base, lang)
    if request.expired:
        return page(
            t("ask.expired.title", lang),
            f"<div class='verdict bad' data-verdict='Expired'><h1>"
            f"{escape(t('ask.expired.heading', lang))}</h1><p>"
            f"{escape(t('ask.expired.body', lang))}</p></div>",
            lang=lang,
        )
    link = verifier.link(request)
    left = max(0, int(request.expires - time.time()))
    tried = ""
    if request.declined:
        tried += (
            f"<div class='card flag' data-verdict='Decline reported'><h2>"
            f"{escape(t('ask.decline_reported', lang))}</h2><p>"
            f"{escape(t('ask.decline_body', lang, reason=request.declined))}</p></div>"
        )
    if request.answer is not None:
        shown = _answer_or_note(request, request.answer, base, lang)
        tried += (
            f"<div class='card flag'><h2>{escape(t('ask.failed_answer', lang))}</h2>"
            f"{shown.split('<main>')[1] if '<main>' in shown else _unshowable(lang)}"
            "</div>"
        )
    body = (
        f"<h1>{escape(t('ask.waiting.title', lang))}</h1><p>{escape(request.purpose)}</p>"
        f"<p class=muted>{escape(t('ask.waiting.scan', lang, what=_asked(request, lang)))}"
        f"</p>{_qr(link, lang)}"
        f"<h3>{escape(t('ask.waiting.link', lang))}</h3><p><a id=link href='{escape(link)}'>"
        f"{escape(link[:80])}…</a></p>"
        f"<p class=small><code>{escape(link)}</code></p>"
        f"<h3>{escape(t('ask.waiting.interaction', lang))}</h3><p class=small><code "
        f"id=interaction>{escape(verifier.interaction_url(request))}</code></p><p class=muted>"
        f"{escape(t('ask.waiting.expires', lang, minutes=left // 60, seconds=left % 60))}"
        f"</p>{tried}"
    )
    return page(t("ask.waiting.title", lang), body, refresh=2, lang=lang)
