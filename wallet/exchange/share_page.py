"""The employer's page for a shared presentation: server-rendered from the people-first view
(:func:`wallet.record.view.record_view`) through Jinja2 templates (``templates/``, autoescaped), in
the reader's language, mobile first, printable, no script.

Everything shown comes from the verification result and the (verified or not) presentation;
the templates escape every value, and the only HTML inserted as is comes from the one safe
Markdown renderer (:mod:`wallet.record.markdown`). Learner-authored material is set apart and
labelled; the learner's name is marked as given by the learner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from wallet.i18n import DEFAULT, LANGUAGES, normalize, t, verdict_label
from wallet.ob2.verify import Ob2Verification
from wallet.record.badge import with_badges
from wallet.record.view import RecordView, record_view
from wallet.result import VerificationResult
from wallet.text import visible

__all__ = [
    "render_gone",
    "render_gone_reason",
    "render_presentation",
    "render_record",
    "render_template",
]


def _shown(value: Any) -> Any:
    """Every value a template prints: controls, bidi overrides and isolates and other format
    characters shown as escapes (:func:`wallet.text.visible`), so that a name cannot reorder
    the page's own words around it; then autoescaped (Markup, from the one Markdown renderer,
    stays Markup)."""
    if isinstance(value, Markup):
        return Markup(visible(str(value), keep="\n\r\t"))
    return visible(value, keep="\n\r\t") if isinstance(value, str) else value


@cache
def _env() -> Environment:
    return Environment(
        loader=PackageLoader("wallet.exchange", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )


def _translator(lang: str) -> Any:
    def tr(key: str, **values: object) -> str:
        return t(key, lang, **values)

    return tr


def render_template(name: str, *, lang: str = DEFAULT, **values: Any) -> str:
    """One of the templates (e.g. the employer's request pages), with ``tr`` in ``lang``."""
    return (
        _env()
        .get_template(name)
        .render(lang=normalize(lang), tr=_translator(lang), languages=LANGUAGES, **values)
    )


def render_record(view: RecordView, *, base: str) -> str:
    """The page for a view (``base``: this share's URL, for the raw JSON and file links)."""
    lang = view.lang
    return (
        _env()
        .get_template("record.html")
        .render(
            v=view,
            lang=lang,
            tr=_translator(lang),
            languages=LANGUAGES,
            base=base,
            title=f"{view.verdict.title} · {view.page_title}",
            verdict_en=verdict_label(view.verdict.level, DEFAULT),
        )
    )


def render_presentation(
    presentation: Mapping[str, Any],
    result: VerificationResult,
    *,
    base: str,
    lang: str = DEFAULT,
    now: datetime | None = None,
    badges: Sequence[Ob2Verification] = (),
) -> str:
    """The page for a presentation and its verification result, in ``lang``; ``badges``: the
    Open Badges 2.0 badges it carries, verified again the OB 2.0 way
    (:func:`wallet.ob2.carried.verify_carried`), a card each."""
    view = record_view(presentation, result, normalize(lang), now=now)
    return render_record(with_badges(view, badges), base=base)


def render_gone_reason(key: str, lang: str = DEFAULT) -> str:
    """The page of a link that does not open; ``key``: ``revoked``, ``expired``, ``used_up``,
    ``unknown``, ``wrong``, ``unavailable``, ``unreadable``, ``rate_limited``."""
    return render_gone(t(f"gone.{key}", lang), lang)


def render_gone(reason: str, lang: str = DEFAULT) -> str:
    """The page of a link that does not open, with ``reason`` (already in ``lang``)."""
    lang = normalize(lang)
    heading = t("gone.title", lang)
    return (
        _env()
        .get_template("gone.html")
        .render(lang=lang, title=heading, heading=heading, reason=reason)
    )
