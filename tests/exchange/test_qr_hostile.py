"""Reading QR codes from images a person hands over: a small file can hold a huge image."""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image

from wallet.errors import InputError
from wallet.exchange.qr import MAX_PIXELS, decode_qr, qr_png


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_40_megapixel_png_of_a_few_hundred_kb_is_refused_before_decoding() -> None:
    data = _png(Image.new("RGB", (6300, 6300), "white"))  # was 430 MB and 2 s to read
    assert len(data) < 500_000
    start = time.process_time()
    with pytest.raises(InputError, match="too many pixels"):
        decode_qr(data)
    assert time.process_time() - start < 1.0


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_qr_code_in_a_large_photo_is_still_read(kind: str) -> None:
    side = int(MAX_PIXELS**0.5) - 100  # just within the limit: scaled down to be read
    code = Image.open(io.BytesIO(qr_png("https://share.example/s/abc#key", scale=40)))
    canvas = Image.new("RGB", (side, side), "white")
    canvas.paste(code, (200, 300))
    out = io.BytesIO()
    canvas.save(out, kind)
    assert decode_qr(out.getvalue()) == ["https://share.example/s/abc#key"]
