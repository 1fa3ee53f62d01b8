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
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(() => done())))")


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
