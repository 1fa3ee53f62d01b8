"""QR codes as the wallet's inputs and offline codes: the texts of the QR codes in an image
(:func:`read_qr`), and the offline QR code of a ``VP1-B…`` text (:func:`offline_qr`).

Both use zxing-cpp: reading with its detector, writing with its creator (zint underneath) — a
version 25 code in about 5 ms, where a pure-Python encoder that scores all eight masks takes
300 ms. An offline code is made at the **smallest version** that holds the text at error
correction L, and at level M when M fits that same version (a code twice as robust at no cost
in size); nothing larger is tried, and nothing is cut to fit: a text longer than the largest
code holds (version 40-L: 4,296 characters of the QR alphanumeric set, so 2,681 bytes of
CBOR-LD) is refused with :class:`~wallet.errors.QrTooLargeError`, which says by how much.

An image is opened within the bounds of :mod:`wallet.formats.images` (its size checked before
any pixel is decoded) and scaled to at most :data:`DECODE_PIXELS` before the detector sees it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Final

from wallet.errors import InputError, QrTooLargeError
from wallet.formats.images import load_image

__all__ = ["DECODE_PIXELS", "MAX_OFFLINE_BYTES", "QR_MAX_CHARS", "QrCode", "offline_qr",
           "over_capacity", "read_qr"]

DECODE_PIXELS: Final = 8_000_000
"""What the QR reader is given at most: larger images are scaled down first (a QR code that
fills a fraction of a photo still has plenty of pixels), JPEGs while they are decoded."""

QR_MAX_CHARS: Final = 4296
"""Characters of the QR alphanumeric set one code holds at most (version 40, level L; ISO/IEC
18004 Table 7) — a ``VP1-B…`` text is all in that set."""
_PREFIX: Final = len("VP1-B")
MAX_OFFLINE_BYTES: Final = (QR_MAX_CHARS - _PREFIX) * 5 // 8
"""The most CBOR-LD bytes an offline QR code carries (2,681)."""


def _payload_bytes(text: str) -> int:
    return max(0, len(text) - _PREFIX) * 5 // 8


def over_capacity(text: str) -> int:
    """How many bytes of CBOR-LD ``text`` has beyond what one QR code holds (0: it fits)."""
    return max(0, _payload_bytes(text) - MAX_OFFLINE_BYTES) if len(text) > QR_MAX_CHARS else 0


@dataclass(frozen=True)
class QrCode:
    """A QR code made for ``text``: its ``version`` (1–40), error correction ``level`` and
    its modules, one byte each (0 dark, 255 light), ``size`` × ``size``, no quiet zone."""

    text: str
    version: int
    level: str
    size: int
    modules: bytes

    def png(self, scale: int = 4, border: int = 4) -> bytes:
        """The code as a 1-bit PNG, ``scale`` pixels a module, ``border`` modules of quiet
        zone around it (the standard asks for 4)."""
        from PIL import Image

        side = self.size + 2 * border
        canvas = Image.new("L", (side, side), 255)
        canvas.paste(Image.frombuffer("L", (self.size, self.size), self.modules, "raw", "L",
                                      0, 1), (border, border))
        image = canvas.convert("1")
        if scale > 1:
            image = image.resize((side * scale, side * scale), Image.Resampling.NEAREST)
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)  # 3 ms where the default level takes 15
        return out.getvalue()


def _create(text: str, level: str, version: int | None = None):  # noqa: ANN202 - zxingcpp's
    import zxingcpp

    options = {"ecLevel": level}
    if version is not None:
        options["version"] = version
    return zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode,
                                   options=json.dumps(options))


def _code(text: str, barcode) -> QrCode:  # noqa: ANN001 - zxingcpp.Barcode
    """The code as made: its level as the creator reports it (zint may settle for a lower one
    than asked, when the asked one does not fit), its version from its size."""
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    size = int(image.shape[1])
    return QrCode(text, (size - 17) // 4, str(barcode.ec_level), size,
                  bytes(memoryview(image)))


def offline_qr(text: str) -> QrCode:
    """The QR code of ``text`` (a ``VP1-B…`` text) at the smallest version, level M when it
    fits that version, else L; :class:`~wallet.errors.QrTooLargeError` when no code holds it."""
    if not isinstance(text, str) or not text:
        raise InputError("a QR code needs text to hold")
    over = over_capacity(text)
    if over:
        raise _too_large(text, over)
    try:
        low = _code(text, _create(text, "L"))
    except ValueError:  # zint: "Input too long …" (text outside the alphanumeric set)
        raise _too_large(text, max(1, over)) from None
    try:
        medium = _code(text, _create(text, "M", low.version))
    except ValueError:  # M needs a larger version: keep the smaller code
        return low
    return medium if medium.level == "M" and medium.version == low.version else low


def _too_large(text: str, over: int) -> QrTooLargeError:
    size = _payload_bytes(text)
    return QrTooLargeError(
        f"it does not fit one QR code: compressed, it is {size:,} bytes, {over:,} bytes more "
        f"than the largest QR code holds ({MAX_OFFLINE_BYTES:,} bytes); nothing was cut to "
        "fit", bytes=size, capacity=MAX_OFFLINE_BYTES, over=over)


def read_qr(data: bytes) -> list[str]:
    """The texts of the QR codes in an image (PNG, JPEG, GIF, WebP); an error if there are
    none. The image is opened within the bounds of :mod:`wallet.formats.images` (its size
    checked before any pixel is decoded: a PNG of a few hundred KB can hold 40 million pixels,
    430 MB decoded)."""
    gray = load_image(data, pixels=DECODE_PIXELS, mode="L")
    import zxingcpp

    # QR codes only: the wallet reads no other symbology, and looking for all of them takes
    # five times as long
    found = zxingcpp.read_barcodes(gray, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = [r.text for r in found if r.text]
    if not texts:
        raise InputError("no QR code was found in the image")
    return texts
