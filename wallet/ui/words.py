"""Lines break between words, never inside one — in Korean too.

Flutter breaks Hangul text between any two syllable blocks (as if each were a word, the way
Chinese is broken), so a Korean word can be split across two lines ("추가하거/나"). Korean is
written with spaces between words, and is set, like the share page's ``word-break: keep-all``,
with breaks only there. Flutter has no such option, so the app joins the syllable blocks of each
word with WORD JOINER (U+2060: invisible, no width, no break) before text is drawn: between two
characters of a word (no space, slash or dash between them) when one of them is Hangul.

:func:`component` is ``ft.component`` with that done to what the component draws (its own
controls; the components inside it do their own); dialogs and messages are passed through
:func:`keep_words_in` where they are made. Field values the learner types are never touched.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any, TypeVar

import flet as ft
from flet.components.component import Component

__all__ = ["WORD_JOINER", "component", "keep_words", "keep_words_in"]

WORD_JOINER = "\u2060"
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff"
_BREAK = r"\s/\-\u2010-\u2015\u2060"  # where a line may break: spaces, slashes, dashes
_INSIDE = re.compile(f"(?<=[{_HANGUL}])(?=[^{_BREAK}])|(?<=[^{_BREAK}])(?=[{_HANGUL}])")
# The fields of a control that hold text a person reads (never a typed value, a key or a URL).
_TEXT_FIELDS = frozenset(
    {
        "text",
        "label",
        "content",
        "hint_text",
        "helper",
        "helper_text",
        "error_text",
        "tooltip",
        "title",
        "semantics_label",
        "counter_text",
        "prefix_text",
        "suffix_text",
        "message",
    }
)
_READ_ONLY_VALUE = (ft.Text,)  # a Text's value is read; a field's value is the learner's
T = TypeVar("T")


def keep_words(text: str) -> str:
    """``text`` with the characters of each word that holds Hangul joined (U+2060)."""
    if not any("\u1100" <= c <= "\ud7ff" for c in text):
        return text
    return _INSIDE.sub(WORD_JOINER, text)


def _fix(obj: Any, seen: set[int]) -> None:
    if id(obj) in seen or isinstance(obj, Component):
        return  # a component inside does its own
    seen.add(id(obj))
    for f in dataclasses.fields(obj):
        if f.name.startswith("_") or f.name in ("parent", "key", "data") or f.metadata.get("skip"):
            continue
        value = getattr(obj, f.name, None)
        if isinstance(value, str):
            if f.name in _TEXT_FIELDS or (f.name == "value" and isinstance(obj, _READ_ONLY_VALUE)):
                fixed = keep_words(value)
                if fixed != value:
                    setattr(obj, f.name, fixed)
        elif isinstance(value, list | tuple):
            for item in value:
                if dataclasses.is_dataclass(item) and not isinstance(item, type):
                    _fix(item, seen)
        elif (
            dataclasses.is_dataclass(value)
            and not isinstance(value, type)
            and type(value).__module__.startswith("flet")
        ):
            _fix(value, seen)


def keep_words_in(value: T) -> T:
    """Every text a person reads in ``value`` (a control, a list of them) with its words kept
    whole (:func:`keep_words`); ``value`` itself, changed in place."""
    seen: set[int] = set()
    for item in value if isinstance(value, list | tuple) else [value]:
        if dataclasses.is_dataclass(item) and not isinstance(item, type):
            _fix(item, seen)
    return value


def component(fn: Callable[..., T]) -> Callable[..., T]:
    """``ft.component``, with what the component draws passed through :func:`keep_words_in`."""

    @functools.wraps(fn)
    def draw(*args: Any, **kwargs: Any) -> T:
        return keep_words_in(fn(*args, **kwargs))

    return ft.component(draw)
