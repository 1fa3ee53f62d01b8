"""QR codes: make them (segno) for offer links and share URLs; read them from images
(zxing-cpp, images opened with Pillow)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from wallet.errors import InputError
from wallet.formats.images import MAX_IMAGE_BYTES, MAX_PIXELS, load_image

if TYPE_CHECKING:
    from segno import QRCode

__all__ = ["MAX_IMAGE_BYTES", "MAX_PIXELS", "decode_qr", "qr_png", "qr_svg", "qr_terminal"]

DECODE_PIXELS = 8_000_000
"""What the QR reader is given at most: larger images are scaled down first (a QR code that
fills a fraction of a photo still has plenty of pixels), JPEGs while they are decoded."""


def decode_qr(data: bytes) -> list[str]:
    """The texts of the QR codes in an image (PNG, JPEG, GIF, WebP); an error if there are
    none. The image is opened within the bounds of :mod:`wallet.formats.images` (its size checked
    before any pixel is decoded: a PNG of a few hundred KB can hold 40 million pixels, 430 MB
    decoded)."""
    gray = load_image(data, pixels=DECODE_PIXELS, mode="L")
    import zxingcpp

    texts = [r.text for r in zxingcpp.read_barcodes(gray) if r.text]
    if not texts:
        raise InputError("no QR code was found in the image")
    return texts


def _qr(text: str) -> QRCode:
    import segno

    return segno.make(text, error="m")


def qr_png(text: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    _qr(text).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def qr_svg(text: str, scale: int = 4) -> str:
    return _qr(text).svg_inline(scale=scale)


def qr_terminal(text: str) -> str:
    """The QR code drawn with block characters, for a terminal."""
    out = io.StringIO()
    _qr(text).terminal(out=out, compact=True)
    return out.getvalue()
