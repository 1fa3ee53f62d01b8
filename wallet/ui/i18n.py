"""The app's strings: the one language layer lives in core (:mod:`wallet.i18n`); this module
re-exports it so that the screens keep importing ``wallet.ui.i18n``, and adds :func:`tn`."""

from __future__ import annotations

from wallet.i18n import LANGUAGES, STRINGS, format_date, t

__all__ = ["LANGUAGES", "STRINGS", "format_date", "t", "tn"]


def tn(key: str, count: int, lang: str = "en", **values: object) -> str:
    """A string with a count, in its singular or plural form — never "(s)" (``key`` and, where
    the language has a singular, ``key.one``)."""
    return t(key, lang, count=count, **values)
