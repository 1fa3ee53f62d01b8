"""The app's window decodes every image it is given at full size: an inline image (a badge's,
an issuer's or a verifier's logo, the learner's photo) reaches it only within the bounds of
:mod:`wallet.formats.images`."""

from __future__ import annotations

import base64
import io

from PIL import Image

from wallet.ui.widgets import image_src


def _uri(side: int, media: str = "image/png") -> str:
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return f"data:{media};base64," + base64.b64encode(out.getvalue()).decode()


def test_an_image_of_too_many_pixels_is_not_handed_to_the_window() -> None:
    """Before: a 20 KB PNG of 12000 × 12000 pixels went to the window as it was (576 MB
    decoded there for a 48-pixel logo)."""
    assert image_src(_uri(12000)) is None
    small = image_src(_uri(120))
    assert isinstance(small, bytes) and small.startswith(b"\x89PNG")


def test_an_svg_with_an_image_elsewhere_is_not_shown() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg"><image href="https://tracker.example/'
        b'p.png" width="9" height="9"/></svg>'
    )
    assert image_src("data:image/svg+xml;base64," + base64.b64encode(svg).decode()) is None
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
    assert image_src("data:image/svg+xml;base64," + base64.b64encode(plain).decode()) == plain
    assert image_src("https://issuer.example/logo.png") == "https://issuer.example/logo.png"
    assert image_src("data:image/png;base64,@@@") is None
