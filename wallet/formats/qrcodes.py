"""QR codes as the wallet's inputs and offline codes: the texts of the QR codes in an image
(:func:`read_qr`), and the offline QR code of a ``VP1-B…`` text (:func:`offline_qr`).

Both use zxing-cpp: reading with its detector, writing with its creator (zint underneath) — a
version 25 code in about 5 ms, where a pure-Python encoder that scores all eight masks takes
300 ms. An offline code is made at the **smallest version** that holds the text at error
correction L (one alphanumeric segment, as ISO/IEC 18004 Table 7 counts it: planned, then
encoded once), and at level M when M fits that same version (a code twice as robust at no cost
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
from typing import TYPE_CHECKING, Any, Final

from wallet.errors import InputError, QrTooLargeError
from wallet.formats.images import load_image

if TYPE_CHECKING:
    from zxingcpp import Barcode

__all__ = [
    "DECODE_PIXELS",
    "MAX_OFFLINE_BYTES",
    "QR_MAX_CHARS",
    "QrCode",
    "offline_qr",
    "over_capacity",
    "read_qr",
]

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
        canvas.paste(
            Image.frombuffer("L", (self.size, self.size), self.modules, "raw", "L", 0, 1),
            (border, border),
        )
        image = canvas.convert("1")
        if scale > 1:
            image = image.resize((side * scale, side * scale), Image.Resampling.NEAREST)
        out = io.BytesIO()
        image.save(out, "PNG", compress_level=1)  # 3 ms where the default level takes 15
        return out.getvalue()


def _create(text: str, level: str, version: int | None = None) -> Barcode:
    import zxingcpp

    options: dict[str, str | int] = {"ecLevel": level}
    if version is not None:
        options["version"] = version
    return zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.QRCode, options=json.dumps(options))


def _code(text: str, barcode: Barcode) -> QrCode:
    """The code as made: its level as the creator reports it (zint may settle for a lower one
    than asked, when the asked one does not fit), its version from its size."""
    # a buffer (numpy's protocol), which zxingcpp's stub does not say
    image: Any = barcode.to_image(scale=1, add_quiet_zones=False)
    size = int(image.shape[1])
    return QrCode(text, (size - 17) // 4, str(barcode.ec_level), size, bytes(memoryview(image)))


# ISO/IEC 18004 Table 7: the data bits of versions 1-40 at error correction L and M.
_DATA_BITS: Final = {
    "L": (
        152,
        272,
        440,
        640,
        864,
        1088,
        1248,
        1552,
        1856,
        2192,
        2592,
        2960,
        3424,
        3688,
        4184,
        4712,
        5176,
        5768,
        6360,
        6888,
        7456,
        8048,
        8752,
        9392,
        10208,
        10960,
        11744,
        12248,
        13048,
        13880,
        14744,
        15640,
        16568,
        17528,
        18448,
        19472,
        20528,
        21616,
        22496,
        23648,
    ),
    "M": (
        128,
        224,
        352,
        512,
        688,
        864,
        992,
        1232,
        1456,
        1728,
        2032,
        2320,
        2672,
        2920,
        3320,
        3624,
        4056,
        4504,
        5016,
        5352,
        5712,
        6256,
        6880,
        7312,
        8000,
        8496,
        9024,
        9544,
        10136,
        10984,
        11640,
        12328,
        13048,
        13800,
        14496,
        15312,
        15936,
        16816,
        17728,
        18672,
    ),
}
_ALPHANUMERIC: Final = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def _alphanumeric_bits(length: int, version: int) -> int:
    """One alphanumeric segment: mode, character count (9, 11 or 13 bits by version), 11 bits
    a pair and 6 for an odd last character (ISO/IEC 18004 §7.4.4)."""
    count = 9 if version <= 9 else 11 if version <= 26 else 13
    return 4 + count + 11 * (length // 2) + 6 * (length % 2)


def _plan(text: str) -> tuple[int, str] | None:
    """The smallest version holding ``text`` as one alphanumeric segment at L, and M when that
    version holds it at M too; None when the text is not all alphanumeric or fits nowhere."""
    if not set(text) <= _ALPHANUMERIC:
        return None
    for version in range(1, 41):
        if _alphanumeric_bits(len(text), version) <= _DATA_BITS["L"][version - 1]:
            medium = _alphanumeric_bits(len(text), version) <= _DATA_BITS["M"][version - 1]
            return version, "M" if medium else "L"
    return None


def offline_qr(text: str) -> QrCode:
    """The QR code of ``text`` (a ``VP1-B…`` text) at the smallest version, level M when it
    fits that version, else L; :class:`~wallet.errors.QrTooLargeError` when no code holds it."""
    if not isinstance(text, str) or not text:
        raise InputError("a QR code needs text to hold")
    over = over_capacity(text)
    if over:
        raise _too_large(text, over)
    plan = _plan(text)  # a VP1 text always has one: one encoding, at the planned version
    if plan is not None:
        try:
            code = _code(text, _create(text, plan[1], plan[0]))
        except ValueError:
            code = None
        if code is not None and (code.version, code.level) == plan:
            return code
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
        "fit",
        bytes=size,
        capacity=MAX_OFFLINE_BYTES,
        over=over,
    )


def read_qr(data: bytes) -> list[str]:
    """The texts of the QR codes in an image (PNG, JPEG, GIF, WebP); an error if there are
    none. The image is opened within the bounds of :mod:`wallet.formats.images` (its size
    checked before any pixel is decoded: a PNG of a few hundred KB can hold 40 million pixels,
    430 MB decoded)."""
    gray = load_image(data, pixels=DECODE_PIXELS, mode="L")
    import zxingcpp

    # QR codes only: the wallet reads no other symbology, and looking for all of them takes
    # five times as long
    found = zxingcpp.read_barcodes(
        gray, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    texts = [r.text for r in found if r.text]
    if not texts:
        raise InputError("no QR code was found in the image")
    return texts
