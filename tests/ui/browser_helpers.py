"""Helpers the browser tests import (kept out of conftest.py, whose module name every test
directory shares)."""

from __future__ import annotations

from pathlib import Path

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def open_app(browser, url: str, *, width: int = 1280, height: int = 860):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    # Flutter draws on a canvas; its semantics tree is what assistive technology (and this
    # test) reads. It is switched on by a click on the placeholder.
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    return page


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(400)  # let animations settle
    page.screenshot(path=str(SHOTS / f"{name}.png"))
