"""One language layer for everything a person reads: the app's screens, the employer's page,
the PDF, check names and outcomes, and error messages — in English and Korean.

::

    t("record.presented_by", "ko", name="박지민")      # one string, by key
    t("summary.credentials", "en", count=1)            # "1 credential" (plural by ``count``)
    negotiate("ko-KR,ko;q=0.9,en;q=0.8")               # "ko" (a page's reader)
    format_date("2026-03-01T09:00:00Z", "ko")          # "2026년 3월 1일"
    check_sentence(check, "ko", date="…")              # a check's outcome in plain words
    error_text("bad_signature", "ko")                  # an error code as a sentence
    pick_locale(["en-US", "ko-KR"], "ko")              # 1: which OID4VCI ``display`` to show

The tables are plain dictionaries per language (:data:`STRINGS`): the app's screens
(:mod:`wallet.i18n.app_en`, :mod:`~wallet.i18n.app_ko`) and what an employer reads
(:mod:`wallet.i18n.record_en`, :mod:`~wallet.i18n.record_ko`). Every key has an entry in every
language (checked by the tests), with the same placeholders. A key ending in ``.one`` is the
singular of the key without it; :func:`t` picks it when ``count`` is 1 in a language that has
a singular (Korean has none: its ``.one`` entries repeat the other form). Checks are read by
their id and outcome, refined by their ``detail`` code; errors by their ``code`` — never from
an English message.

Languages are data: a language is its string tables and its CLDR locale (:data:`LOCALES`);
plural categories, month names, date and date-time patterns and the matching of language tags
come from the Unicode CLDR through Babel (imported on first use, so a command that formats no
date and counts nothing does not load it). A third language is two tables and one entry here.

Pure: no I/O beyond Babel's own CLDR data; :func:`format_date` formats dates in UTC, as the
credentials give them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from wallet.credential import parse_datetime
from wallet.i18n.app_en import APP as _APP_EN
from wallet.i18n.app_ko import APP as _APP_KO
from wallet.i18n.record_en import RECORD as _RECORD_EN
from wallet.i18n.record_ko import RECORD as _RECORD_KO
from wallet.result import Check, CheckId, Outcome, Verdict
from wallet.text import visible

__all__ = [
    "DEFAULT",
    "LANGUAGES",
    "LOCALES",
    "STRINGS",
    "check_label",
    "check_sentence",
    "check_title",
    "error_text",
    "format_date",
    "format_datetime",
    "has",
    "negotiate",
    "normalize",
    "outcome_label",
    "pick_locale",
    "plural_category",
    "t",
    "verdict_label",
]

DEFAULT = "en"
LANGUAGES: dict[str, str] = {"en": "English", "ko": "한국어"}
# The CLDR locale each language's dates and plurals follow ("1 March 2026", "2026년 3월 1일").
LOCALES: dict[str, str] = {"en": "en_GB", "ko": "ko_KR"}

STRINGS: dict[str, dict[str, str]] = {
    "en": {**_APP_EN, **_RECORD_EN},
    "ko": {**_APP_KO, **_RECORD_KO},
}


def normalize(lang: str | None) -> str:
    """A supported language for a tag: ``ko-KR`` → ``ko``; anything unknown → English."""
    primary = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return primary if primary in LANGUAGES else DEFAULT


@cache
def _locale(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(LOCALES[normalize(lang)])


def plural_category(lang: str, count: int | float) -> str:
    """CLDR's plural category of ``count`` in ``lang``: ``one`` or ``other`` in English,
    ``other`` only in Korean (``zero``, ``two``, ``few``, ``many`` where a language has them)."""
    return str(_locale(lang).plural_form(abs(count)))


def has(key: str, lang: str = DEFAULT) -> bool:
    return key in STRINGS[normalize(lang)]


_CATEGORIES = ("zero", "one", "two", "few", "many")  # CLDR's; the key itself is "other"


def t(key: str, lang: str = DEFAULT, **values: object) -> str:
    """The string ``key`` in ``lang``, filled in with ``values`` (text values through
    :func:`wallet.text.visible`, their line breaks kept). A ``count`` value chooses the
    entry of its CLDR plural category (``key.one``, ``key.few``…) where the table has one. A
    language without the key falls back to English; a key English lacks raises ``KeyError``."""
    table = STRINGS.get(lang) or STRINGS[normalize(lang)]
    count = values.get("count")
    if (
        isinstance(count, int | float)
        and not isinstance(count, bool)
        and any(f"{key}.{category}" in table for category in _CATEGORIES)
    ):
        category = plural_category(lang, count)
        if f"{key}.{category}" in table:
            key = f"{key}.{category}"
    text = table.get(key) or STRINGS[DEFAULT][key]
    if not values:
        return text
    # A value (a name a party gave, say) cannot redraw or reorder the sentence around it: its
    # controls, bidi overrides and format characters are shown as escapes.
    return text.format(
        **{
            name: visible(value, keep="\n") if isinstance(value, str) else value
            for name, value in values.items()
        }
    )


# --- choosing a language ------------------------------------------------------------------------

_RANGE = re.compile(
    r"^\s*([A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*"
    r"([0-9](?:\.[0-9]{0,3})?))?\s*$"
)


def negotiate(accept_language: str | None, requested: str | None = None) -> str:
    """The reader's language: ``requested`` (a page's ``?lang=``) when supported, else the best
    supported range of an ``Accept-Language`` header (RFC 9110 §12.5.4, by quality, then
    order), else English."""
    if requested and normalize(requested) == requested.strip().lower().split("-")[0]:
        return normalize(requested)
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "")[:1000].split(",")[:32]):
        match = _RANGE.match(part)
        if not match:
            continue
        quality = float(match.group(2)) if match.group(2) else 1.0
        if quality > 0:
            ranked.append((-quality, index, match.group(1)))
    if not ranked:
        return DEFAULT
    from babel import Locale

    preferred = [tag.replace("_", "-") for _q, _i, tag in sorted(ranked) if tag != "*"]
    chosen = Locale.negotiate(preferred, list(LANGUAGES), sep="-")  # CLDR's aliases included
    return normalize(str(chosen)) if chosen is not None else DEFAULT


def pick_locale(locales: Sequence[str | None], lang: str | None) -> int | None:
    """Which of several localized entries (OID4VCI ``display`` objects, by their ``locale``)
    to show a reader of ``lang``: the same tag, else the same language, else one without a
    locale or in English, else the first. None when there are none."""
    if not locales:
        return None
    wanted = (lang or "").strip().lower().replace("_", "-")
    tags = [(loc or "").strip().lower().replace("_", "-") for loc in locales]
    if wanted:
        for index, tag in enumerate(tags):
            if tag and tag == wanted:
                return index
        primary = wanted.split("-")[0]
        for index, tag in enumerate(tags):
            if tag and tag.split("-")[0] == primary:
                return index
    for index, tag in enumerate(tags):
        if not tag or tag.split("-")[0] == DEFAULT:
            return index
    return 0


# --- dates ------------------------------------------------------------------------------------


def _moment(value: datetime | date | str | None) -> datetime | date | None:
    if value is None or isinstance(value, datetime | date):
        if isinstance(value, datetime) and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value
    parsed = parse_datetime(value)
    if parsed is not None:
        return parsed.astimezone(UTC)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return None
    return None


def format_date(value: datetime | date | str | None, lang: str = DEFAULT) -> str:
    """A date as the reader writes it, CLDR's long date of the language's locale:
    ``1 March 2026``, ``2026년 3월 1일`` (UTC); an unreadable value is returned as given, None
    as ``""``."""
    moment = _moment(value)
    if moment is None:
        return "" if value is None else str(value)
    from babel.dates import format_date as cldr_date

    day = moment.date() if isinstance(moment, datetime) else moment
    return str(cldr_date(day, "long", locale=_locale(lang)))


def format_datetime(value: datetime | str | None, lang: str = DEFAULT) -> str:
    """A moment, in UTC: the long date and the 24-hour time joined as the locale joins them
    (CLDR): ``1 March 2026, 14:05 UTC`` / ``2026년 3월 1일 14:05 UTC``."""
    moment = _moment(value)
    if not isinstance(moment, datetime):
        return format_date(value, lang)
    glue = str(_locale(lang).datetime_formats["long"])
    clock = f"{moment.hour:02d}:{moment.minute:02d} UTC"
    return glue.replace("'", "").replace("{1}", format_date(moment, lang)).replace("{0}", clock)


# --- checks, verdicts and errors ----------------------------------------------------------------


def check_title(check_id: CheckId | str, lang: str = DEFAULT) -> str:
    """What a check is about, for a person: ``Signature``, ``서명``."""
    key = f"check.title.{CheckId(check_id).value}"
    return t(key, lang)


def check_label(check_id: CheckId | str, lang: str = DEFAULT) -> str:
    """The CLI's short label of a check (``wallet verify``)."""
    return t(f"check.label.{CheckId(check_id).value}", lang)


def outcome_label(outcome: Outcome | str, lang: str = DEFAULT) -> str:
    return t(f"outcome.{Outcome(outcome).value}", lang)


def verdict_label(verdict: Verdict | str, lang: str = DEFAULT) -> str:
    """``Verified``, ``Verified, with warnings``, ``Issuer not confirmed``, ``Not verified``."""
    return t(f"verdict.level.{Verdict(verdict).value}", lang)


def check_sentence(
    check: Check, lang: str = DEFAULT, *, variant: str | None = None, **params: object
) -> str:
    """A check's outcome in plain words, from its id, outcome and detail code (never from its
    English ``message``). ``variant`` names a refinement the caller has the facts for (e.g.
    ``until`` with ``date=``); a refinement whose placeholders ``params`` cannot fill gives
    way to the plainer sentence."""
    base = f"check.{check.id.value}.{check.outcome.value}"
    candidates = [f"{base}.{v}" for v in (variant, check.detail) if v] + [base]
    table = STRINGS[normalize(lang)]
    for key in candidates:
        if key not in table:
            continue
        try:
            return table[key].format(**params)
        except (KeyError, IndexError):
            continue
    return t(base, lang)


def error_text(code: str, lang: str = DEFAULT, **params: object) -> str | None:
    """An error code (``wallet.errors``) as a sentence; None for a code without one."""
    key = f"error.{code}"
    if key not in STRINGS[DEFAULT]:
        return None
    try:
        return t(key, lang, **params)
    except (KeyError, IndexError):
        return None
