"""The PDF's typesetting: the fonts it is set in, the A4 document with its few ways of writing
(a paragraph, a rule, runs of Markdown text) and its pictures, drawn within bounds. What goes on
the pages is :mod:`wallet.exchange.pdf`.

Text is real text (extractable, searchable) in a Unicode TrueType font: NanumGothic (the
``fonts-nanum`` package: Hangul and Latin), with DejaVu Sans (``fonts-dejavu-core``) for the
symbols Nanum lacks; ``WALLET_PDF_FONT`` (and ``WALLET_PDF_FONT_BOLD``) name another font.

Pictures (the learner's photo, each badge's image) come from the credentials, so from anyone: only
inline ``data:`` images are drawn, nothing is fetched or read from disk (fpdf2's own resource access
is switched off), and a raster image is opened through :func:`wallet.formats.images.load_image` —
its size checked before any pixel is decoded, then scaled down to what a 2 cm picture needs
(:data:`PICTURE_PIXELS`) — before fpdf2 sees it. An SVG is drawn by fpdf2 as vectors, once
:func:`wallet.formats.images.check_svg` found every raster image inside it inline and within bounds
(fpdf2 decodes those itself). The pixels decoded for one PDF are bounded in all too
(:data:`PICTURES_PIXELS`: a presentation of a hundred credentials, each with a picture of 16 million
pixels, would otherwise take a minute). A picture refused, unreadable or over that budget is a grey
box saying "Image not shown", never a failed export.
"""

from __future__ import annotations

import base64
import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fpdf import FPDF

from wallet.errors import FontError, ImageTooLargeError
from wallet.formats.images import (
    MAX_PIXELS,
    check_svg,
    decoded_pixels,
    image_info,
    is_svg,
    load_image,
)
from wallet.i18n import t
from wallet.record.markdown import Block

__all__ = [
    "INK",
    "LEARNER",
    "MUTED",
    "NEUTRAL",
    "PICTURES_PIXELS",
    "PICTURE_PIXELS",
    "TONES",
    "Fonts",
    "PdfDocument",
    "fonts",
]

PICTURE_PIXELS = 512 * 512
"""The most pixels a picture is drawn with (it is printed 2 cm wide: 650 dpi)."""
PICTURES_PIXELS = 2 * MAX_PIXELS
"""The most pixels decoded for the pictures of one PDF, in all (about 0.8 s of CPU)."""

_FONT_DIRS = (
    "/usr/share/fonts/truetype",
    "/usr/local/share/fonts",
    "/usr/share/fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_REGULAR = ("nanum/NanumGothic.ttf", "NanumGothic.ttf", "dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")
_BOLD = (
    "nanum/NanumGothicBold.ttf",
    "NanumGothicBold.ttf",
    "dejavu/DejaVuSans-Bold.ttf",
    "DejaVuSans-Bold.ttf",
)
_SYMBOLS = ("dejavu/DejaVuSans.ttf", "DejaVuSans.ttf")
_SYMBOLS_BOLD = ("dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold.ttf")
TONES = {
    "verified": (26, 127, 55),
    "warnings": (138, 90, 0),
    "unconfirmed": (154, 74, 0),
    "failed": (179, 38, 30),
}
INK, MUTED, LEARNER = (31, 35, 40), (89, 99, 110), (74, 47, 110)
NEUTRAL = (55, 65, 81)  # the banner of a verified export: a PDF is never green by itself


@dataclass(frozen=True)
class Fonts:
    regular: Path
    bold: Path
    symbols: Path | None = None
    symbols_bold: Path | None = None


def _find(names: Sequence[str]) -> Path | None:
    for folder in _FONT_DIRS:
        for name in names:
            path = Path(folder) / name
            if path.is_file():
                return path
    return None


@cache
def fonts() -> Fonts:
    """The TrueType fonts the PDF is set in (see the module docstring)."""
    given = os.environ.get("WALLET_PDF_FONT")
    regular = Path(given) if given else _find(_REGULAR)
    bold = Path(os.environ.get("WALLET_PDF_FONT_BOLD") or "") if given else _find(_BOLD)
    if regular is None or not regular.is_file():
        raise FontError(
            "no Unicode font for the PDF: install fonts-nanum (or set "
            "WALLET_PDF_FONT to a .ttf file)"
        )
    if bold is None or not bold.is_file():
        bold = regular
    symbols = _find(_SYMBOLS)
    return Fonts(regular, bold, symbols, _find(_SYMBOLS_BOLD) or symbols)


class PdfDocument(FPDF):
    """An A4 document in the reader's language (``lang``), set in :func:`fonts`, whose pictures
    share one pixel budget (:data:`PICTURES_PIXELS`)."""

    def __init__(self, lang: str) -> None:
        # fontTools reports every OpenType table it leaves out of a font subset
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        super().__init__(format="A4", unit="mm")
        self.lang = lang
        found = fonts()
        self.add_font("body", "", str(found.regular))
        self.add_font("body", "B", str(found.bold))
        if found.symbols is not None:
            self.add_font("symbols", "", str(found.symbols))
            self.add_font("symbols", "B", str(found.symbols_bold or found.symbols))
            self.set_fallback_fonts(["symbols"], exact_match=False)
        self.set_margins(18, 16, 18)
        self.set_auto_page_break(True, margin=18)
        self.set_text_shaping(False)
        self.set_creator("learner wallet")
        self.set_lang(lang)
        self.budget = PICTURES_PIXELS  # the pixels its pictures may still decode
        # the pictures come from credentials: never a file or a web address (the resource
        # access policy of the fpdf2 versions that have one)
        from fpdf import enums

        policy = getattr(enums, "ResourceAccessPolicy", None)
        if policy is not None:
            self.resource_access_policy = policy.NONE

    def footer(self) -> None:
        self.set_y(-12)
        self.font(8, color=MUTED)
        self.cell(0, 5, t("pdf.page", self.lang, page=self.page_no(), pages="{nb}"), align="C")

    # --- writing ----------------------------------------------------------------------------

    def font(self, size: float, style: str = "", color: tuple[int, int, int] = INK) -> None:
        self.set_font("body", style, size)
        self.set_text_color(*color)

    def para(
        self,
        text: str,
        size: float = 10,
        style: str = "",
        color: tuple[int, int, int] = INK,
        gap: float = 0.6,
        link: str = "",
    ) -> None:
        if not text:
            return
        self.font(size, style, color)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", link=link)
        self.ln(gap)

    def rule(self) -> None:
        self.set_draw_color(215, 220, 226)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)

    def picture(self, uri: str | None, x: float, y: float, size: float) -> bool:
        """An inline ``data:image/…`` picture (PNG, JPEG, GIF, WebP, SVG) within bounds (see
        the module's docstring), else a placeholder; False when there is no inline picture
        (nothing is ever fetched)."""
        if not uri or not uri.startswith("data:image/") or ";base64," not in uri:
            return False
        try:
            data = base64.b64decode(uri.split(",", 1)[1], validate=True)
            if is_svg(data):
                self._charge(check_svg(data, what="an SVG picture"))
                source: Any = io.BytesIO(data.strip())
            else:
                info = image_info(data, loading=True, what="a picture")
                self._charge(decoded_pixels(info, pixels=PICTURE_PIXELS))
                source = load_image(data, pixels=PICTURE_PIXELS, what="a picture")
            self.image(source, x=x, y=y, w=size, h=size, keep_aspect_ratio=True)
        except Exception:
            self.placeholder(x, y, size)
        return True

    def _charge(self, pixels: int) -> None:
        if pixels > self.budget:
            raise ImageTooLargeError("the pictures of this PDF hold too many pixels in all")
        self.budget -= pixels

    def placeholder(self, x: float, y: float, size: float) -> None:
        """A grey box saying "Image not shown", where a picture was refused."""
        at = self.get_x(), self.get_y()
        self.set_draw_color(200, 205, 212)
        self.set_fill_color(244, 246, 248)
        self.rect(x, y, size, size, style="DF")
        self.font(5.5, color=MUTED)
        self.set_xy(x, y + size / 2 - 2.6)
        self.multi_cell(size, 2.6, t("pdf.no_image", self.lang), align="C")
        self.set_xy(*at)

    def runs(self, block: Block, size: float) -> None:
        height = size * 0.5
        for run in block.runs:
            style = "B" if run.bold or block.kind == "heading" else ""
            self.font(size, style, (11, 87, 208) if run.href else INK)
            self.write(height, run.text, link=run.href or "")
        self.ln(height)
