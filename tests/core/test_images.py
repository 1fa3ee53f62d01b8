"""Opening an image from outside within bounds (:mod:`wallet.formats.images`): the declared size is
checked before any pixel is decoded, a baseline JPEG is decoded reduced, other formats are
never opened, and nothing global in Pillow is changed."""

from __future__ import annotations

import base64
import io
import warnings

import pytest
from PIL import Image, ImageFile

from wallet.errors import ImageError, ImageTooLargeError, InputError, InputTooLargeError
from wallet.formats.images import (
    MAX_IMAGE_BYTES,
    MAX_JPEG_PIXELS,
    MAX_PIXELS,
    SVG_MAX_RASTERS,
    check_svg,
    decoded_pixels,
    image_info,
    load_image,
)


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _png(width: int, height: int | None = None, mode: str = "RGBA") -> bytes:
    return _save(Image.new(mode, (width, height or width)), "PNG", optimize=True)


def _jpeg(width: int, height: int | None = None, **options) -> bytes:
    return _save(
        Image.new("RGB", (width, height or width), (10, 120, 200)), "JPEG", quality=40, **options
    )


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image whose pixels Pillow decodes (after any draft)."""
    sizes: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(self):
        sizes.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


@pytest.mark.parametrize(("side", "mode"), [(9000, "RGBA"), (13000, "L"), (4097, "RGB")])
def test_a_png_with_too_many_pixels_is_refused_before_decoding(side, mode, decoded) -> None:
    data = _png(side, mode=mode)
    assert len(data) < 1_000_000  # small files, huge images
    for call in (lambda: load_image(data), lambda: image_info(data)):
        with pytest.raises(ImageTooLargeError, match="too many pixels") as caught:
            call()
        assert isinstance(caught.value, InputTooLargeError)
    assert decoded == []


def test_pillows_own_bound_stays_as_it_is_and_warns_nobody() -> None:
    before = Image.MAX_IMAGE_PIXELS
    data = _png(13000, mode="1")  # 169 million: above Pillow's warning, below its error
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning reaching us fails here
        with pytest.raises(ImageTooLargeError):
            load_image(data)
    assert before == Image.MAX_IMAGE_PIXELS


def test_the_largest_png_within_the_bound_is_decoded_and_scaled_down() -> None:
    picture = load_image(_png(4096, mode="P"), pixels=512 * 512)
    assert picture.size == (512, 512) and picture.mode == "RGB"
    wide = load_image(_png(4000, 1000, mode="LA"), pixels=100_000)
    assert wide.mode == "RGBA" and wide.width == 4 * wide.height  # its proportions kept
    assert wide.width * wide.height <= 100_000


def test_a_baseline_jpeg_is_decoded_reduced_by_libjpeg(decoded) -> None:
    side = int(MAX_JPEG_PIXELS**0.5)  # 8192: 67 million pixels declared
    picture = load_image(_jpeg(side), pixels=512 * 512)
    assert picture.size == (512, 512)
    assert max(w * h for w, h in decoded) <= (side // 8) ** 2 * 4  # 1/8 or 1/4, never whole
    decoded.clear()
    full = load_image(_jpeg(side))
    assert full.size == (4096, 4096) and decoded == [(4096, 4096)]  # 1/2: within MAX_PIXELS


def test_a_jpeg_beyond_what_a_reduction_can_bring_within_the_bound_is_refused(decoded) -> None:
    with pytest.raises(ImageTooLargeError):
        load_image(_jpeg(9000))  # 81 million: more than MAX_JPEG_PIXELS
    with pytest.raises(ImageTooLargeError):
        load_image(_jpeg(5000), max_pixels=100_000)  # 1/8 is still 390,625 pixels
    assert decoded == []


def test_a_progressive_jpeg_is_bounded_by_its_declared_size(decoded) -> None:
    """libjpeg keeps every coefficient of a progressive JPEG, whatever the size asked for:
    9000 × 9000 took 260 MB at 1/8."""
    with pytest.raises(ImageTooLargeError):
        load_image(_jpeg(4100, progressive=True))
    assert decoded == []
    assert load_image(_jpeg(2000, progressive=True), pixels=250_000).size == (500, 500)


def test_the_app_sees_only_images_it_can_decode_whole() -> None:
    """:func:`image_info` is for an image decoded elsewhere, at full size: no JPEG reduction
    counts there."""
    assert image_info(_jpeg(4096)).pixels == MAX_PIXELS
    with pytest.raises(ImageTooLargeError):
        image_info(_jpeg(5000))
    info = image_info(_png(10, 20))
    assert (info.format, info.media_type, info.width, info.height) == ("PNG", "image/png", 10, 20)


def test_what_decoding_costs_is_known_before_decoding(decoded) -> None:
    baseline = image_info(_jpeg(8192), loading=True)
    assert decoded_pixels(baseline, pixels=512 * 512) == 1024 * 1024  # 1/8
    assert decoded_pixels(baseline) == MAX_PIXELS  # 1/2: within the bound
    progressive = image_info(_jpeg(2000, progressive=True), loading=True)
    assert decoded_pixels(progressive, pixels=100) == 2000 * 2000  # its coefficients, whole
    assert decoded_pixels(image_info(_png(3000)), pixels=100) == 3000 * 3000
    with pytest.raises(ImageTooLargeError):
        image_info(_jpeg(8192))  # not for loading: the window would decode it whole
    assert decoded == []


@pytest.mark.parametrize("fmt", ["TIFF", "BMP", "ICO", "PPM", "TGA", "PCX"])
def test_formats_other_than_png_jpeg_gif_and_webp_are_not_opened(fmt) -> None:
    data = _save(Image.new("RGB", (16, 16)), fmt)
    with pytest.raises(ImageError, match="PNG, JPEG, GIF or WebP"):
        load_image(data)


def test_gif_and_webp_are_read() -> None:
    assert load_image(_save(Image.new("P", (30, 20)), "GIF")).size == (30, 20)
    assert image_info(_save(Image.new("RGB", (30, 20)), "WEBP")).media_type == "image/webp"


@pytest.mark.parametrize(
    "data",
    [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + bytes(40), _png(50)[:60], _jpeg(300)[:400]],
)
def test_damaged_images_are_an_input_error(data) -> None:
    with pytest.raises(InputError):
        load_image(data)


def test_too_many_bytes_are_refused_unread() -> None:
    with pytest.raises(ImageTooLargeError, match="larger than"):
        image_info(b"\x89PNG" + bytes(MAX_IMAGE_BYTES))


# --- SVG: the raster images inside ------------------------------------------------------------


def _svg(*hrefs: str, extra: str = "") -> bytes:
    images = "".join(f'<image xlink:href="{h}" width="10" height="10"/>' for h in hrefs)
    return (
        f'<?xml version="1.0"?>{extra}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink">{images}</svg>'
    ).encode()


def _inline(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode()


def test_an_svg_with_small_inline_images_passes_and_says_what_they_hold() -> None:
    assert check_svg(_svg(_inline(_png(40)), _inline(_png(2000)))) == 40 * 40 + 2000 * 2000
    assert check_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>') == 0


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        (_svg(_inline(_png(9000))), "too many pixels"),
        (_svg(_inline(_png(2049))), "too many pixels"),
        (_svg(*[_inline(_png(1100))] * 4), "too many pixels"),  # 4.8 million in all
        (_svg("file:///home/learner/photo.png"), "elsewhere"),
        (_svg("/etc/passwd"), "elsewhere"),
        (_svg("https://tracker.example/p.png"), "elsewhere"),
        (_svg(*[_inline(_png(4))] * (SVG_MAX_RASTERS + 1)), "more than"),
        (_svg(extra='<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">]>'), "entities"),
        (b"<svg><unclosed></svg>", "well-formed"),
    ],
)
def test_an_svg_whose_images_are_elsewhere_or_too_large_is_refused(svg: bytes, why) -> None:
    with pytest.raises(InputError, match=why):
        check_svg(svg)
