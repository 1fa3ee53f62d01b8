"""QR codes: make them (segno) for offer links and share URLs; read them from images
(:mod:`wallet.formats.qrcodes`: zxing-cpp, images opened within bounds). Offline codes
(``VP1-B…``) are made by :func:`wallet.formats.qrcodes.offline_qr`."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from wallet.formats.images import MAX_IMAGE_BYTES, MAX_PIXELS
from wallet.formats.qrcodes import DECODE_PIXELS, read_qr

if TYPE_CHECKING:
    from segno import QRCode

__all__ = [
    "DECODE_PIXELS",
    "MAX_IMAGE_BYTES",
    "MAX_PIXELS",
    "decode_qr",
    "qr_png",
    "qr_svg",
    "qr_terminal",
]


def decode_qr(data: bytes) -> list[str]:
    """The texts of the QR codes in an image (PNG, JPEG, GIF, WebP); an error if there are
    none (:func:`wallet.formats.qrcodes.read_qr`: opened within the image bounds)."""
    return read_qr(data)


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
