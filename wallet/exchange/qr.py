"""QR codes: make them (segno) for offer links and share URLs; read them from images
(zxing-cpp, images opened with Pillow)."""

from __future__ import annotations

import io

from wallet.errors import InputError

__all__ = ["decode_qr", "qr_png", "qr_svg", "qr_terminal"]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 24_000_000
"""A 24-megapixel photo. A PNG of one colour is a few hundred KB whatever its size, and each
pixel costs memory when it is decoded (4 bytes in RGBA): 40 million took 430 MB."""
DECODE_PIXELS = 8_000_000
"""What the QR reader is given at most: larger images are scaled down first (a QR code that
fills a fraction of a photo still has plenty of pixels), JPEGs while they are decoded."""


def decode_qr(data: bytes) -> list[str]:
    """The texts of the QR codes in an image (PNG, JPEG, …); an error if there are none."""
    if len(data) > MAX_IMAGE_BYTES:
        raise InputError("the image is too large")
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise InputError("the image has too many pixels")
            if image.format == "JPEG" and image.width * image.height > DECODE_PIXELS:
                image.draft("L", (image.width // 2, image.height // 2))  # decoded smaller
            image.load()
            gray = image.convert("L")
        factor = 1
        while gray.width * gray.height > DECODE_PIXELS * factor * factor:
            factor += 1
        if factor > 1:
            gray = gray.reduce(factor)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InputError("this is not an image that can be read") from None
    import zxingcpp

    texts = [r.text for r in zxingcpp.read_barcodes(gray) if r.text]
    if not texts:
        raise InputError("no QR code was found in the image")
    return texts


def _qr(text: str):  # noqa: ANN202 - segno's QRCode
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
