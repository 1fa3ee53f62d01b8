"""The presentation as a real PDF: read back with poppler's ``pdftotext`` (the text is real
text, Korean included) and its QR code, rendered with ``pdftoppm``, decoded by zxing-cpp."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from cli_runner import wallet_runner
from record_helpers import KOREAN_REFLECTION, KOREAN_TITLE, sample_record

from wallet.demo import OfferOptions
from wallet.exchange.pdf import one_page_pdf, record_pdf
from wallet.exchange.qr import decode_qr
from wallet.formats.images import MAX_PIXELS
from wallet.record.view import record_view
from wallet.services.serving import serve_share_service

LINK = (
    "https://share.example/s/Q0RfZXhhbXBsZV9zaGFyZQ/a2V5LWluLXRoZS1saW5rLW5ldmVyLW9uLXRoZS1zZXJ2ZXI"
)
TITLE = "데이터 분석가 지원서"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"needs poppler-utils ({tool}); scripts/setup --test installs it")
    return path


def pdftotext(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(data)
    return subprocess.run(
        [_poppler("pdftotext"), "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()


def qr_codes(data: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on the PDF's pages, as a phone would scan the printout."""
    source = tmp_path / "scan.pdf"
    source.write_bytes(data)
    subprocess.run(
        [_poppler("pdftoppm"), "-r", "150", "-png", str(source), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    found = []
    for page in sorted(tmp_path.glob("page*.png")):
        try:
            found += decode_qr(page.read_bytes())
        except Exception:
            continue
    return found


@pytest.fixture(scope="module")
def record():
    return sample_record(title=TITLE)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_pdf_reads_like_the_page(record, lang, tmp_path: Path) -> None:
    view = record_view(record.presentation, record.result, lang)
    data = record_pdf(view, link=LINK)
    assert data.startswith(b"%PDF-")
    text = pdftotext(data, tmp_path)
    assert "Jimin Park" in text and TITLE in text  # the learner, a Korean title
    assert KOREAN_TITLE in text and "데이터 정제의 중요성" in text  # a Korean reflection
    assert "What I learned" in text and "## " not in text  # Markdown rendered, not shown
    assert "?" * 3 not in text  # nothing outside Latin-1 is lost
    for card in view.credentials:  # each credential's name, issuer and issue date
        assert card.name in text and card.issuer.name in text, card.name
        assert card.issued_text and card.issued_text in text
    assert "Final grade: A" in text and "DS.1.2" in text  # the grade with its label, CASE
    assert LINK in text  # the share link, on one line
    verdict = "검증됨" if lang == "ko" else "Verified"
    checked = view.checked_text
    if lang == "en":
        assert f"Verdict when exported: {verdict} (checked {checked})" in text
        assert "Scan to verify" in text and "Page 1 of " in text
    else:
        assert f"내보낼 때의 판정: {verdict} ({checked} 확인)" in text
        assert "스캔하여 검증" in text and "쪽 중 1쪽" in text
    assert qr_codes(data, tmp_path) == [LINK]  # the printed QR code opens the link


def test_a_qr_page_keeps_korean(tmp_path: Path) -> None:
    data = one_page_pdf("공유된 학습 기록", ["코드를 스캔하세요", LINK], LINK, "ko")
    text = pdftotext(data, tmp_path)
    assert "공유된 학습 기록" in text and "코드를 스캔하세요" in text
    assert qr_codes(data, tmp_path) == [LINK]


def test_wallet_share_and_present_write_the_pdf(tmp_path: Path, demo_issuer) -> None:
    wallet = wallet_runner(tmp_path / "cli", "a pass phrase")
    offer = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt"))
    )
    assert wallet("receive", "--dev", "--yes", offer).returncode == 0
    assert wallet("profile", "set-name", "박지민").returncode == 0
    ids = [item["id"][:8] for item in json.loads(wallet("list", "--json").stdout)]
    assert wallet("reflect", ids[0], "--text", KOREAN_REFLECTION).returncode == 0
    with serve_share_service(database_url=str(tmp_path / "s.db"), dev=True) as running:
        pdf = tmp_path / "shared.pdf"
        shared = wallet(
            "share",
            *ids,
            "--server",
            running.url,
            "--dev",
            "--title",
            TITLE,
            "--pdf",
            str(pdf),
            "--lang",
            "ko",
            "--qr",
            str(tmp_path / "qr.png"),
        )
        assert shared.returncode == 0, shared.stderr
        url = shared.stdout.decode().strip()
        text = pdftotext(pdf.read_bytes(), tmp_path)
        assert "박지민" in text and TITLE in text and "데이터 정제의 중요성" in text
        assert url in text and qr_codes(pdf.read_bytes(), tmp_path) == [url]
        listed = wallet("shares", "--dev").stdout.decode()
        assert TITLE in listed and "active" in listed
        linkedin = wallet("linkedin", ids[0]).stdout.decode().strip()
        assert linkedin.startswith(
            "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name="
        )
        assert quote(url, safe="") in linkedin
        again = wallet("shares", "--qr", listed.split()[0], "--out", str(tmp_path / "again.png"))
        assert again.returncode == 0 and decode_qr((tmp_path / "again.png").read_bytes()) == [url]
    out, pdf2 = tmp_path / "vp.json", tmp_path / "vp.pdf"
    made = wallet("present", *ids, "--out", str(out), "--pdf", str(pdf2), "--lang", "en")
    assert made.returncode == 0, made.stderr
    text = pdftotext(pdf2.read_bytes(), tmp_path)
    assert "박지민" in text and "vp.json" in text  # no link: where the signed file is


# --- pictures from outside: bounded before decoding (issue 20) -----------------------------


def _png(side: int, mode: str = "RGBA") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new(mode, (side, side), "red").save(out, "PNG", compress_level=9)
    return out.getvalue()


def _jpeg(side: int, *, progressive: bool = False) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (side, side), (40, 90, 200)).save(
        out, "JPEG", quality=50, progressive=progressive
    )
    return out.getvalue()


def _uri(data: bytes, media: str = "image/png") -> str:
    return f"data:{media};base64," + base64.b64encode(data).decode("ascii")


def _with_pictures(view, photo: str | None, *images: str | None):
    learner = replace(view.learner, identity=replace(view.learner.identity, photo=photo))
    cards = tuple(
        replace(card, image=image) for card, image in zip(view.credentials, images, strict=False)
    )
    return replace(view, learner=learner, credentials=cards + view.credentials[len(cards) :])


@pytest.fixture
def decoded(monkeypatch) -> list[tuple[int, int]]:
    """The size of every image whose pixels Pillow decodes (fpdf2's and ours alike)."""
    from PIL import ImageFile

    sizes: list[tuple[int, int]] = []
    load = ImageFile.ImageFile.load

    def spy(self):
        sizes.append(self.size)
        return load(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", spy)
    return sizes


def _words(data: bytes, tmp_path: Path) -> str:
    """The PDF's text with its lines joined (a 2 cm placeholder breaks its words)."""
    return " ".join(pdftotext(data, tmp_path).split())


def _images(data: bytes, tmp_path: Path) -> list[tuple[int, int]]:
    """(width, height) of every raster image in the PDF, as ``pdfimages -list`` says."""
    source = tmp_path / "images.pdf"
    source.write_bytes(data)
    listed = (
        subprocess.run(
            [_poppler("pdfimages"), "-list", str(source)],
            capture_output=True,
            check=True,
            timeout=60,
        )
        .stdout.decode()
        .splitlines()[2:]
    )
    return [(int(line.split()[3]), int(line.split()[4])) for line in listed]


def test_a_9000_pixel_badge_image_and_photo_are_placeholders_never_decoded(
    record, tmp_path: Path, decoded
) -> None:
    """Before: fpdf2 decoded a 330 KB 9000 × 9000 PNG whole (942 MB, 6.5 s) and put it in the
    PDF; 13000 × 13000 took 1.7 GB."""
    view = record_view(record.presentation, record.result, "en")
    huge, larger = _uri(_png(9000)), _uri(_png(13000, "L"))
    assert len(huge) < 700_000
    data = record_pdf(_with_pictures(view, huge, larger, huge), link=LINK)
    text = _words(data, tmp_path)
    assert text.count("Image not shown") == 3  # the photo and two badges, each a grey box
    assert view.credentials[0].name in text and view.credentials[1].name in text
    assert all(w * h <= MAX_PIXELS for w, h in decoded), decoded  # nothing big was decoded
    assert all(w <= 1000 for w, _h in _images(data, tmp_path))  # only the QR code is in it


def test_a_korean_pdf_says_so_in_korean(record, tmp_path: Path) -> None:
    view = record_view(record.presentation, record.result, "ko")
    text = _words(record_pdf(_with_pictures(view, None, _uri(_png(9000)))), tmp_path)
    assert "이미지 생략" in text and "Image not shown" not in text


def test_jpeg_bombs_are_refused_or_decoded_reduced(record, tmp_path: Path, decoded) -> None:
    """A baseline JPEG is decoded at 1/8 of its size by libjpeg (within the bound); a
    progressive one makes libjpeg keep every coefficient of the whole image, so its declared
    size is the bound."""
    view = record_view(record.presentation, record.result, "en")
    baseline, progressive = (
        _uri(_jpeg(8192), "image/jpeg"),
        _uri(_jpeg(9000, progressive=True), "image/jpeg"),
    )
    data = record_pdf(_with_pictures(view, None, baseline, progressive))
    text = _words(data, tmp_path)
    assert text.count("Image not shown") == 1  # the progressive one
    assert (512, 512) in _images(data, tmp_path)  # the baseline one, drawn from 1/16 of it
    assert all(w * h <= MAX_PIXELS for w, h in decoded), decoded


def test_an_ordinary_picture_is_still_drawn(record, tmp_path: Path) -> None:
    view = record_view(record.presentation, record.result, "en")
    gif = io.BytesIO()
    from PIL import Image

    Image.new("P", (300, 200)).save(gif, "GIF")
    data = record_pdf(
        _with_pictures(
            view,
            _uri(_png(400)),
            _uri(gif.getvalue(), "image/gif"),
            _uri(_jpeg(2000), "image/jpeg"),
        )
    )
    assert "Image not shown" not in _words(data, tmp_path)
    assert sorted(_images(data, tmp_path)) == [(300, 200), (400, 400), (500, 500)]


def test_an_svg_picture_reads_nothing_and_fetches_nothing(record, tmp_path: Path, decoded) -> None:
    """Before: fpdf2 drew an SVG's ``<image href="/a/local/file.png">`` from the disk into the
    PDF (and fetched https addresses), and decoded an inline raster of any size."""
    secret = tmp_path / "private-photo.png"
    secret.write_bytes(_png(77))
    view = record_view(record.presentation, record.result, "en")

    def svg(href: str) -> str:
        return _uri(
            f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" '
            f'viewBox="0 0 100 100"><image href="{href}" width="100" height="100"/>'
            "</svg>".encode(),
            "image/svg+xml",
        )

    data = record_pdf(
        _with_pictures(
            view, svg(str(secret)), svg(_uri(_png(9000))), svg("https://tracker.example/pixel.png")
        )
    )
    assert _words(data, tmp_path).count("Image not shown") == 3
    assert (77, 77) not in _images(data, tmp_path)  # the local file is not in the PDF
    assert all(w * h <= MAX_PIXELS for w, h in decoded), decoded
    small = record_pdf(_with_pictures(view, svg(_uri(_png(64)))))  # inline and small: drawn
    assert "Image not shown" not in _words(small, tmp_path)
    assert (64, 64) in _images(small, tmp_path)


def test_the_pictures_of_one_pdf_share_a_budget(record, tmp_path: Path, monkeypatch) -> None:
    """A presentation of a hundred credentials, each with a 16-megapixel picture, would take a
    minute; past the budget a picture is a placeholder."""
    from wallet.exchange import pdf_document

    monkeypatch.setattr(pdf_document, "PICTURES_PIXELS", 2 * 400 * 400)
    view = record_view(record.presentation, record.result, "en")
    picture = _uri(_png(400))
    data = record_pdf(_with_pictures(view, None, picture, _uri(_png(400, "L")), picture))
    assert _words(data, tmp_path).count("Image not shown") == 1  # the third
    assert _images(data, tmp_path).count((400, 400)) == 2
