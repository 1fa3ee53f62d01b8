"""The one escaping function (:func:`wallet.text.visible`): every character that acts instead
of showing comes out as an escape a person can read; all other text is left exactly as it is;
a JSON text keeps its meaning."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wallet.i18n import t
from wallet.text import ESCAPED, visible

ACTING = {"Cc", "Cf", "Cs", "Zl", "Zp"}


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2K\x1b[1GVERIFIED", "\\u001b[2K\\u001b[1GVERIFIED"),  # CSI: erase line, column 1
        ("\x1b]0;owned\x07", "\\u001b]0;owned\\u0007"),  # OSC: the window's title
        (
            "\x1b]8;;https://evil.test\x1b\\x\x1b]8;;\x1b\\",
            "\\u001b]8;;https://evil.test\\u001b\\x\\u001b]8;;\\u001b\\",
        ),  # an OSC 8 hyperlink
        ("bad\rgood", "bad\\rgood"),
        ("FAIL\b\b\b\bok  ", "FAIL\\b\\b\\b\\bok  "),
        ("a\nb\tc\fd", "a\\nb\\tc\\fd"),
        ("\x00\x7f", "\\u0000\\u007f"),
        ("\x85\x9b31m\x9d", "\\u0085\\u009b31m\\u009d"),  # NEL, CSI and OSC as C1 controls
        ("abc\u202edef\u202c", "abc\\u202edef\\u202c"),  # RLO … PDF
        ("\u202a\u202b\u202d", "\\u202a\\u202b\\u202d"),
        ("\u2066x\u2067y\u2068z\u2069", "\\u2066x\\u2067y\\u2068z\\u2069"),  # the isolates
        ("\u200e\u200f\u061c", "\\u200e\\u200f\\u061c"),  # LRM, RLM, ALM
        ("Har\u200bvard\u200c\u200d\u2060\ufeff", "Har\\u200bvard\\u200c\\u200d\\u2060\\ufeff"),
        ("soft\u00adhyphen", "soft\\u00adhyphen"),
        ("one\u2028two\u2029", "one\\u2028two\\u2029"),
        ("tag\U000e0041\U000e007f", "tag\\udb40\\udc41\\udb40\\udc7f"),
        ("lone \ud800", "lone \\ud800"),
    ],
)
def test_what_acts_is_shown_as_an_escape(raw: str, shown: str) -> None:
    assert visible(raw) == shown


@pytest.mark.parametrize(
    "text",
    [
        "Riverside Community College",
        "박지민의 학습 기록",
        "Café Crème — naïve",
        "데이터 분석 기초",
        "<script>alert(1)</script>",
        "C:\\Users\\x",
        "🎓👩💻",
        "עברית عربى",
        "ﾃｽﾄ",
        "x\u0301\u0308",
        "ideographic\u3000space",
    ],
)
def test_ordinary_text_is_left_as_it_is(text: str) -> None:
    assert visible(text) == text


def test_line_breaks_are_kept_only_when_asked_and_never_a_carriage_return() -> None:
    assert visible("one\ntwo", keep="\n") == "one\ntwo"
    assert visible("one\r\ntwo\x1b[A", keep="\n") == "one\\r\ntwo\\u001b[A"
    assert visible("one\ntwo") == "one\\ntwo"


def test_anything_is_shown_through_str() -> None:
    assert visible(None) == "None" and visible(3) == "3"


def test_every_control_format_and_separator_character_this_python_knows_is_escaped() -> None:
    """The pattern is written out (no table is built at start-up); it must cover every
    character of those categories in the running Python's Unicode, and nothing else."""
    missed, extra = [], []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        acting = unicodedata.category(char) in ACTING
        if acting and not ESCAPED.fullmatch(char):
            missed.append(hex(code))
        elif not acting and ESCAPED.fullmatch(char) and unicodedata.category(char) != "Cn":
            extra.append(hex(code))  # (unassigned here: a format character of a later Unicode)
    assert not missed and not extra, (missed[:20], extra[:20])


@given(st.text())
def test_nothing_that_acts_is_left_and_escaping_twice_changes_nothing(text: str) -> None:
    shown = visible(text)
    assert not any(unicodedata.category(c) in ACTING for c in shown)
    assert visible(shown) == shown
    kept = visible(text, keep="\n")
    assert kept.count("\n") == text.count("\n")
    assert not any(unicodedata.category(c) in ACTING for c in kept.replace("\n", ""))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
        max_leaves=12,
    )
)
def test_a_json_text_passed_through_means_the_same(value: object) -> None:
    for text in (
        json.dumps(value, ensure_ascii=False, indent=2),
        json.dumps(value, ensure_ascii=False),
    ):
        shown = visible(text, keep="\n")
        assert json.loads(shown) == value
        assert not any(unicodedata.category(c) in ACTING for c in shown.replace("\n", ""))


def test_a_sentence_of_the_language_layer_shows_a_value_escaped() -> None:
    """What the app and the page compose: a value cannot reverse the words after it."""
    said = t("respond.disclosed", "en", name="Evil\u202e Corp\x1b[2K")
    assert "\u202e" not in said and "\x1b" not in said
    assert said == t("respond.disclosed", "en", name="Evil\\u202e Corp\\u001b[2K")
    assert "삼성전자" in t("respond.disclosed", "ko", name="삼성전자")
