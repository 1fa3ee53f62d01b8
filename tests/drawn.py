"""Waiting in the browser tests for what a person waits for — a control there and drawn — never
for a length of time (a machine under load draws late; a fixed pause then reads too soon)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable

from wallet.errors import InputError
from wallet.exchange.qr import decode_qr

# Each wait keeps its count on the page under a name of its own.
_calls = itertools.count()


def next_frame(page, *, timeout: float = 15.0) -> None:
    """Until the page has drawn another frame (the next animation frame, and the one after it,
    by which what the first one changed is painted). Bounded on Playwright's side: a page that
    stops drawing (or whose script hangs) fails the wait after ``timeout`` seconds instead of
    holding the test until its own timeout."""
    key = f"__frame{next(_calls)}"
    page.wait_for_function(
        "(key) => { window[key] = (window[key] || 0) + 1;"
        " if (window[key] <= 2) return false; delete window[key]; return true; }",
        arg=key,
        polling="raf",
        timeout=timeout * 1000,
    )


def read_qr(page, shoot: Callable[[], bytes], *, timeout: float = 30.0) -> list[str]:
    """The QR codes ``shoot()`` shows (a screenshot of an element, or of the window), read as
    a person scans them: once drawn. The element can be there before its picture is: its image
    still being decoded, or painted on a later frame, or the page refreshing itself — each
    frame is looked at again until one holds a QR code, for at most ``timeout`` seconds."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.monotonic() + timeout
    while True:
        try:
            return decode_qr(shoot())
        except (InputError, PlaywrightError) as exc:
            if time.monotonic() > deadline:
                raise AssertionError(f"no QR code was drawn within {timeout:g} s") from exc
        next_frame(page)


# A signature of what the screen shows a person: every control's box and label (Flutter's
# semantics tree; the HTML pages' own elements where there is none). Called on every animation
# frame by Playwright (``wait_for_function``, polling "raf"), which bounds the wait itself: a
# page that stops drawing, or whose script hangs, cannot hold the test past ``timeout``.
_SETTLED_JS = """([key, frames]) => {
  const nodes = () => {
    const flt = document.querySelectorAll('flt-semantics');
    return flt.length ? flt : document.querySelectorAll('body *');
  };
  const now = Array.from(nodes(), e => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),
            e.getAttribute('aria-label') || '', (e.value || '').length].join(',');
  }).join(';') + '|' + (document.activeElement ? document.activeElement.outerHTML.length : 0);
  const seen = window[key] || (window[key] = {last: null, same: 0});
  seen.same = now === seen.last ? seen.same + 1 : 0;
  seen.last = now;
  if (seen.same >= frames) { delete window[key]; return true; }
  return false;
}"""


def settled(page, *, frames: int = 3, timeout: float = 15.0) -> bool:
    """Until the screen stops changing: every control in place, none moving (a scroll, a
    screen sliding in, a list filling) for ``frames`` frames in a row — what a person waits for
    before reading or clicking. Bounded: after ``timeout`` seconds of change (or of no frame
    drawn at all) it returns False (whatever the test does next then waits for its own
    control as usual)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            _SETTLED_JS,
            arg=[f"__settled{next(_calls)}", frames],
            polling="raf",
            timeout=timeout * 1000,
        )
    except PlaywrightTimeout:
        return False
    return True


def typed_into(page, text: str, *, timeout: float = 15.0) -> bool:
    """Until the focused text field shows ``text`` and the screen has settled (what a person
    sees before going on); False if the field does not show it within ``timeout`` seconds."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "(text) => { const e = document.activeElement;"
            " return !!e && 'value' in e && e.value.includes(text); }",
            arg=text.split("\n")[-1],
            timeout=timeout * 1000,
        )
    except PlaywrightTimeout:
        return False
    settled(page)
    return True


def focused_field(page) -> None:
    """Until a text field has the keyboard's focus (Flutter makes its input on focus)."""
    page.wait_for_function(
        "() => { const e = document.activeElement;"
        " return !!e && ['INPUT', 'TEXTAREA'].includes(e.tagName); }",
        timeout=15_000,
    )
