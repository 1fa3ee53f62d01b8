"""Helpers the browser tests import (kept out of conftest.py, whose module name every test
directory shares)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from drawn import focused_field, settled, typed_into

from wallet.ui.i18n import t as _t
from wallet.ui.words import keep_words

__all__ = [
    "PHONE",
    "LAPTOP",
    "RAIL",
    "SHOTS",
    "assert_fits",
    "boxes",
    "go",
    "nav_tab",
    "open_app",
    "ready",
    "scroll_to",
    "include_own",
    "shot",
    "sizes",
    "sizes_and_languages",
    "t",
    "type_into",
    "wait_text",
]


def t(key: str, lang: str, **values: object) -> str:
    """A string as the app draws it: Korean words kept whole by invisible word joiners
    (:mod:`wallet.ui.words`), which the semantics tree carries too."""
    return keep_words(_t(key, lang, **values))


SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

PHONE, LAPTOP = (390, 844), (1280, 800)


def _size_id(size: tuple[int, int]) -> str:
    return f"{size[0]}x{size[1]}"


def sizes(*more: tuple[int, int], everyday: tuple[int, int] = PHONE) -> list[Any]:
    """The window sizes a browser test runs at (the phone and the laptop, or ``more``): the
    everyday suite (``scripts/test``) at ``everyday`` only, the others marked ``slow`` — run by
    ``scripts/test --all`` and CI. A screen's layout differs by size, its behaviour does not."""
    return [
        pytest.param(size, id=_size_id(size), marks=() if size == everyday else pytest.mark.slow)
        for size in more or (PHONE, LAPTOP)
    ]


def sizes_and_languages() -> list[Any]:
    """(size, language) for the phone and the laptop in English and Korean: the everyday suite
    runs the phone in Korean and the laptop in English — each size and each language once —
    and marks the other two ``slow`` (run by ``scripts/test --all`` and CI)."""
    everyday = {(PHONE, "ko"), (LAPTOP, "en")}
    return [
        pytest.param(
            size,
            lang,
            id=f"{_size_id(size)}-{lang}",
            marks=() if (size, lang) in everyday else pytest.mark.slow,
        )
        for size in (PHONE, LAPTOP)
        for lang in ("en", "ko")
    ]


def type_into(page, box, text: str, *, what: str = "the field", attempts: int = 3) -> None:
    """Type ``text`` into the Flutter text field ``box`` (a locator) as a person does: click
    it, wait until it has the keyboard's focus, select what it holds, type — then look. Keys
    sent while Flutter was still setting the field up (or rebuilding it) go nowhere, and a
    person who sees that types again: so does this, up to ``attempts`` times. Each wait is
    for what is drawn, bounded generously for a machine under load."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for _attempt in range(attempts):
        box.click(timeout=60_000)
        try:
            focused_field(page)
        except PlaywrightTimeout:
            continue
        page.keyboard.press("Control+A")
        page.keyboard.insert_text(text)  # as a paste: the whole text in one input event
        if typed_into(page, text, timeout=20):
            return
    raise AssertionError(f"{text!r} did not reach {what} after {attempts} tries")


def open_app(browser, url: str, *, width: int = 1280, height: int = 860):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    # Flutter draws on a canvas; its semantics tree is what assistive technology (and this
    # test) reads. It is switched on by a click on the placeholder.
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    return page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    settled(page)  # nothing moving in the picture
    page.screenshot(path=str(SHOTS / f"{name}.png"))


# Every semantics node's box, with its label (what a screen reader reads).
BOXES_JS = """() => Array.from(document.querySelectorAll('flt-semantics')).map(e => {
  const r = e.getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height, role: e.getAttribute('role') || '',
          label: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 400)};
}).filter(b => b.w > 0 && b.h > 0)"""


def boxes(page) -> list[dict]:
    return page.evaluate(BOXES_JS)


def assert_fits(page, where: str) -> None:
    """Nothing sticks out of the window sideways; no text squeezed to a letter per line."""
    width = page.viewport_size["width"]
    for box in boxes(page):
        assert box["x"] >= -1 and box["x"] + box["w"] <= width + 1, (where, box)
        if len(box["label"]) >= 12 and box["h"] > 120 and "\n" not in box["label"]:
            assert box["w"] >= 48, (where, "squeezed", box)


# What Flutter reads out after a rail destination's label, in the app's language (its own
# localizations: "Tab 1 of 7", "탭 7개 중 1번째").
RAIL = r"\s+(?:Tab \d+ of \d+|탭 \d+개 중 \d+번째)"


def nav_tab(page, label: str):
    """A destination: a tab of the bottom bar, or a button of the rail."""
    label = keep_words(label)
    return page.get_by_role("tab", name=label, exact=True).or_(
        page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}{RAIL}"))
    )


def go(page, screen: str, lang: str) -> None:
    """To a screen by the navigation (on a phone, the last three are under "More")."""
    width = page.viewport_size["width"]
    label = t(f"nav.{screen}", lang)
    if width < 600 and screen in ("portfolio", "competencies", "settings"):
        nav_tab(page, t("nav.more", lang)).first.click()
        page.get_by_role("button", name=label, exact=True).first.click()
    else:
        nav_tab(page, label).first.click()
    settled(page)


def include_own(page, lang: str = "en", *, artifacts: bool = False) -> None:
    """Turn on "Include my reflections" (and, with ``artifacts``, "… work samples"): the
    learner's own work stays home until they choose it."""
    keys = ["present.reflections", *(["present.artifacts"] if artifacts else [])]
    for key in keys:
        name = t(key, lang)
        switch = (
            page.get_by_role("switch", name=name)
            .or_(page.get_by_role("checkbox", name=name))
            .or_(page.get_by_role("button", name=name))
        )
        scroll_to(page, switch)
        switch.first.click()
        settled(page)


def wait_text(page, text: str, timeout: float = 30_000) -> None:
    text = keep_words(text)
    try:
        page.get_by_text(text, exact=False).or_(page.get_by_role("textbox", name=text)).or_(
            page.get_by_role("button", name=text)
        ).first.wait_for(timeout=timeout)
    except Exception:
        page.screenshot(path="/tmp/failed-wait.png")
        raise


def ready(page, lang: str) -> None:
    try:
        nav_tab(page, t("nav.credentials", lang)).first.wait_for(timeout=60_000)
    except Exception:
        page.screenshot(path="/tmp/failed-wait.png")
        raise


def scroll_to(
    page, locator, *, steps: int = 30, top: float = 60, bottom: float | None = None
) -> None:
    """Scroll the screen with the mouse wheel (Flutter builds semantics only for what is near
    the viewport) until ``locator`` is on it, from ``top`` pixels (and above ``bottom``)."""
    page.mouse.move(page.viewport_size["width"] - 40, page.viewport_size["height"] // 2)
    bottom = bottom or page.viewport_size["height"] - 60
    for _ in range(steps):
        if locator.count():
            box = locator.first.bounding_box()
            if box and top <= box["y"] < bottom:
                return
            step = 300 if box is None or box["y"] > top else -300
            if box is not None and abs(box["y"] - top) < 300:
                step = int(box["y"] - top) + (20 if box["y"] > top else -20)
            page.mouse.wheel(0, step)
        else:
            page.mouse.wheel(0, 300)
        settled(page)  # the scroll has come to rest
    locator.first.wait_for(timeout=5_000)
