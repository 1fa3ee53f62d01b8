"""Opening an image from outside — a badge's or an issuer's image, the learner's photo, a
logo, a picture of a QR code — within bounds, before its pixels are decoded.

A compressed image says nothing about what decoding it costs: a 630 KB PNG of one colour can
be 9000 × 9000 pixels (81 million; 942 MB and 6.5 s when fpdf2 decoded it), and a progressive
JPEG makes the decoder keep every coefficient of the full image whatever the size asked for.
So every image is opened with Pillow, which reads only its header, and its declared size is
checked first:

==============================  =============================================================
image                           decoded when
==============================  =============================================================
PNG, GIF, WebP; progressive     at most :data:`MAX_PIXELS` pixels (4096 × 4096): each costs up
JPEG                            to 4 bytes decoded (RGBA), 64 MiB at most
baseline JPEG                   at most :data:`MAX_JPEG_PIXELS` pixels (8192 × 8192) declared,
                                decoded at 1/2, 1/4 or 1/8 of its size (Pillow's ``draft``,
                                done by libjpeg while decoding) to within :data:`MAX_PIXELS`
any other format (TIFF, BMP,    never: only PNG, JPEG, GIF and WebP are opened
EPS, ICO, PSD, …)
more than :data:`MAX_IMAGE_     never
BYTES` of file
==============================  =============================================================

Anything else is refused with :class:`~wallet.errors.ImageTooLargeError` (too many pixels or
bytes) or :class:`~wallet.errors.ImageError` (not an image of those formats, or damaged),
before any pixel is decoded. :func:`image_info` reads the header only (for an image shown by
someone else — the app's window, a browser); :func:`load_image` decodes the first frame within
the bounds and scales it down to the pixels the caller needs. An SVG image is drawn as vectors,
but may carry raster images of its own, which whatever draws it decodes at full size:
:func:`check_svg` admits one only when they are inline ``data:`` images of at most
:data:`SVG_RASTER_PIXELS` in all (a reference to a file or a web address is refused: nothing is
read or fetched to draw a picture), and refuses entity declarations (XML bombs).

Nothing global is changed: Pillow's own ``Image.MAX_IMAGE_PIXELS`` (a warning above 89
million pixels, an error above twice that) stays as it is, and is far above these bounds; its
warning, should it come, is turned into a refusal for this call only.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from wallet.errors import ImageError, ImageTooLargeError

if TYPE_CHECKING:
    from PIL.Image import Image

__all__ = [
    "FORMATS",
    "MAX_IMAGE_BYTES",
    "MAX_JPEG_PIXELS",
    "MAX_PIXELS",
    "SVG_MAX_RASTERS",
    "SVG_RASTER_PIXELS",
    "ImageInfo",
    "check_svg",
    "decoded_pixels",
    "image_info",
    "is_svg",
    "load_image",
]

MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
"""The most pixels decoded at full size (a 16-megapixel photo or screenshot)."""
MAX_JPEG_PIXELS = 8192 * 8192
"""The most pixels a baseline JPEG may declare: it is decoded reduced, to within
:data:`MAX_PIXELS` (a 50-megapixel camera's photo is 8160 × 6144)."""
SVG_RASTER_PIXELS = 2048 * 2048
"""The most pixels of the raster images inside an SVG image, in all (decoded elsewhere, in
full)."""
SVG_MAX_RASTERS = 8
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")
_MEDIA = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class ImageInfo:
    """What an image's header says: its format (``PNG``, ``JPEG``, ``GIF``, ``WEBP``), media
    type, size in pixels, and whether it is a progressive JPEG."""

    format: str
    media_type: str
    width: int
    height: int
    progressive: bool = False

    @property
    def pixels(self) -> int:
        return self.width * self.height


def _too_many(what: str, width: int, height: int, limit: int) -> ImageTooLargeError:
    return ImageTooLargeError(
        f"{what} has too many pixels ({width:,} × {height:,}; at most {limit:,} are read)",
        width=width,
        height=height,
        limit=limit,
    )


def _open(data: bytes, what: str) -> Image:
    """The image opened (its header read, nothing decoded); refuses what cannot be opened."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLargeError(
            f"{what} is larger than {MAX_IMAGE_BYTES // 2**20} MB", limit=MAX_IMAGE_BYTES
        )
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # Pillow's own bound, far above ours: its warning is a refusal here
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageTooLargeError(f"{what} has too many pixels", limit=MAX_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        raise ImageError(
            f"{what} is not an image this wallet can read (PNG, JPEG, GIF or WebP)"
        ) from None


def _info(image: Image) -> ImageInfo:
    fmt = "JPEG" if image.format == "MPO" else str(image.format)  # a camera's JPEG (CIPA MP)
    progressive = fmt == "JPEG" and bool(
        image.info.get("progressive") or image.info.get("progression")
    )
    return ImageInfo(fmt, _MEDIA[fmt], image.width, image.height, progressive)


def _check(info: ImageInfo, what: str, max_pixels: int, *, decoded_here: bool) -> None:
    draftable = decoded_here and info.format == "JPEG" and not info.progressive
    limit = max(max_pixels, MAX_JPEG_PIXELS) if draftable else max_pixels
    if info.width < 1 or info.height < 1 or info.pixels > limit:
        raise _too_many(what, info.width, info.height, max(limit, 0))


def decoded_pixels(
    info: ImageInfo, *, pixels: int | None = None, max_pixels: int = MAX_PIXELS
) -> int:
    """How many pixels decoding this image with :func:`load_image` (the same ``pixels`` and
    ``max_pixels``) costs, for a caller's budget: a baseline JPEG is decoded reduced, a
    progressive one costs its whole size (libjpeg keeps every coefficient of it)."""
    if info.format != "JPEG" or info.progressive:
        return info.pixels
    scale = max(1, _reduction(info, max_pixels, pixels))
    return math.ceil(info.width / scale) * math.ceil(info.height / scale)


def image_info(
    data: bytes, *, max_pixels: int = MAX_PIXELS, loading: bool = False, what: str = "the image"
) -> ImageInfo:
    """What the image's header says, when it has at most ``max_pixels`` pixels whatever its
    format (for an image decoded elsewhere at full size: the app's window) — or, ``loading``,
    when :func:`load_image` would decode it (a baseline JPEG reduced) — and at most
    :data:`MAX_IMAGE_BYTES`; nothing is decoded."""
    with _open(data, what) as image:
        info = _info(image)
    _check(info, what, max_pixels, decoded_here=loading)
    return info


def _reduction(info: ImageInfo, max_pixels: int, pixels: int | None) -> int:
    """How much a JPEG is reduced while it is decoded (1, 2, 4 or 8): at least enough to be
    within ``max_pixels``; more while the result keeps at least ``pixels``; 0 when even 1/8
    is too large."""

    def size(scale: int) -> int:
        return math.ceil(info.width / scale) * math.ceil(info.height / scale)

    scale = next((s for s in (1, 2, 4, 8) if size(s) <= max_pixels), 0)
    while pixels is not None and 0 < scale < 8 and size(scale * 2) >= pixels:
        scale *= 2
    return scale


def load_image(
    data: bytes,
    *,
    pixels: int | None = None,
    mode: str | None = None,
    max_pixels: int = MAX_PIXELS,
    what: str = "the image",
) -> Image:
    """The image's first frame, decoded within the bounds (see the module's table;
    ``max_pixels`` for :data:`MAX_PIXELS`), in ``mode`` (default: ``RGBA`` when it has
    transparency, else ``RGB``), scaled down to at most ``pixels`` pixels when given (by whole
    factors, keeping its proportions). A JPEG is reduced by libjpeg while it is decoded when
    that suffices."""
    image = _open(data, what)
    info = _info(image)
    _check(info, what, max_pixels, decoded_here=True)
    target = mode or (
        "RGBA" if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info else "RGB"
    )
    if info.format == "JPEG":
        scale = _reduction(info, max_pixels, pixels)
        if scale == 0:
            raise _too_many(what, info.width, info.height, max_pixels)
        if scale > 1:
            image.draft(
                "L" if target == "L" else "RGB",
                (max(1, info.width // scale), max(1, info.height // scale)),
            )
        if image.width * image.height > max_pixels:  # the decoder could not reduce it enough
            raise _too_many(what, info.width, info.height, max_pixels)
    try:
        image.load()
        if image.mode != target:
            image = image.convert(target)  # the decoded original is let go
    except (OSError, ValueError, SyntaxError, EOFError, MemoryError):
        raise ImageError(f"{what} is damaged and cannot be read") from None
    if pixels is not None and image.width * image.height > pixels:
        factor = math.ceil(math.sqrt(image.width * image.height / pixels))
        while math.ceil(image.width / factor) * math.ceil(image.height / factor) > pixels:
            factor += 1
        image = _reduce(image, factor)
    return image


def _reduce(image: Image, factor: int) -> Image:
    """``image.reduce(factor)``, a band of rows at a time: Pillow reduces an image with
    transparency through a premultiplied copy of it, which for 16 million pixels is 64 MiB
    more."""
    rows = factor * max(1, 256 // factor)  # about 256 rows a band, whole rows of the result
    if image.mode not in ("RGBA", "LA") or image.height <= rows:
        return image.reduce(factor)
    from PIL import Image as PILImage

    out = PILImage.new(
        image.mode, (math.ceil(image.width / factor), math.ceil(image.height / factor))
    )
    for top in range(0, image.height, rows):
        band = image.crop((0, top, image.width, min(top + rows, image.height)))
        out.paste(band.reduce(factor), (0, top // factor))
    return out


def is_svg(data: bytes) -> bool:
    """Whether ``data`` is markup (an SVG image, if anything) rather than a raster image."""
    return data.lstrip()[:1] == b"<"


def check_svg(
    data: bytes, *, max_pixels: int = SVG_RASTER_PIXELS, what: str = "the SVG image"
) -> int:
    """How many pixels the raster images inside an SVG image hold; refuses one whose raster
    images are not inline ``data:`` images of at most ``max_pixels`` in all (at most
    :data:`SVG_MAX_RASTERS` of them), that declares entities, or that is not well-formed XML.
    Nothing is decoded."""
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLargeError(
            f"{what} is larger than {MAX_IMAGE_BYTES // 2**20} MB", limit=MAX_IMAGE_BYTES
        )
    hrefs: list[str] = []

    def on_start(name: str, attrs: dict[str, str]) -> None:
        if name.rsplit("}", 1)[-1] == "image":
            hrefs.append(attrs.get("href") or attrs.get("http://www.w3.org/1999/xlink}href") or "")
            if len(hrefs) > SVG_MAX_RASTERS:
                raise ImageError(f"{what} holds more than {SVG_MAX_RASTERS} images")

    def refuse(*_args: Any) -> None:
        raise ImageError(f"{what} declares entities (refused: they can hide an XML bomb)")

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = on_start
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError:
        raise ImageError(f"{what} is not well-formed XML") from None
    total = 0
    for href in hrefs:
        if not href.startswith("data:image/") or ";base64," not in href:
            raise ImageError(f"{what} refers to an image elsewhere (only inline images are drawn)")
        try:
            raster = base64.b64decode(href.split(",", 1)[1])
        except (binascii.Error, ValueError):
            raise ImageError(f"{what} holds an image that cannot be read") from None
        total += image_info(
            raster, max_pixels=max_pixels - total, what=f"an image inside {what}"
        ).pixels
    return total
