"""Waiting in the browser tests for what a person waits for — a control there and drawn — never
for a length of time (a machine under load draws late; a fixed pause then reads too soon)."""

from __future__ import annotations

import time
from collections.abc import Callable

from wallet.errors import InputError
from wallet.exchange.qr import decode_qr


def next_frame(page) -> None:
    """Until the page has drawn another frame (the next animation frame, and the one after it,
    by which what the first one changed is painted)."""
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame("
        "() => requestAnimationFrame(() => done())))"
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
# semantics tree; the HTML pages' own elements where there is none).
_SETTLED_JS = """([frames, cap]) => new Promise(done => {
  const nodes = () => {
    const flt = document.querySelectorAll('flt-semantics');
    return flt.length ? flt : document.querySelectorAll('body *');
  };
  const signature = () => Array.from(nodes(), e => {
    const r = e.getBoundingClientRect();
    return [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height),
            e.getAttribute('aria-label') || '', (e.value || '').length].join(',');
  }).join(';') + '|' + (document.activeElement ? document.activeElement.outerHTML.length : 0);
  const began = performance.now();
  // Bounded even when no frame comes (a page the browser has stopped drawing for a while).
  setTimeout(() => done(false), cap + 1000);
  let last = null, same = 0;
  const look = () => {
    const now = signature();
    same = now === last ? same + 1 : 0;
    last = now;
    if (same >= frames || performance.now() - began > cap) done(same >= frames);
    else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})"""


def settled(page, *, frames: int = 3, timeout: float = 15.0) -> bool:
    """Until the screen stops changing: every control in place, none moving (a scroll, a
    screen sliding in, a list filling) for ``frames`` frames in a row — what a person waits for
    before reading or clicking. Bounded: after ``timeout`` seconds of change it returns False
    (whatever the test does next then waits for its own control as usual)."""
    return bool(page.evaluate(_SETTLED_JS, [frames, timeout * 1000]))


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
