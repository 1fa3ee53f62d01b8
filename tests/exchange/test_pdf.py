"""The presentation as a real PDF: read back with poppler's ``pdftotext`` (the text is real
text, Korean included) and its QR code, rendered with ``pdftoppm``, decoded by zxing-cpp."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from cli_runner import wallet_runner
from record_helpers import KOREAN_REFLECTION, KOREAN_TITLE, sample_record

from wallet.demo import OfferOptions
from wallet.exchange.pdf import one_page_pdf, record_pdf
from wallet.exchange.qr import decode_qr
from wallet.record import record_view
from wallet.services.serving import serve_share_service

LINK = ("https://share.example/s/Q0RfZXhhbXBsZV9zaGFyZQ/"
        "a2V5LWluLXRoZS1saW5rLW5ldmVyLW9uLXRoZS1zZXJ2ZXI")
TITLE = "데이터 분석가 지원서"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"needs poppler-utils ({tool}); scripts/setup --test installs it")
    return path


def pdftotext(data: bytes, tmp_path: Path) -> str:
    source = tmp_path / "doc.pdf"
    source.write_bytes(data)
    return subprocess.run([_poppler("pdftotext"), "-enc", "UTF-8", str(source), "-"],
                          capture_output=True, check=True, timeout=60).stdout.decode()


def qr_codes(data: bytes, tmp_path: Path) -> list[str]:
    """Every QR code on the PDF's pages, as a phone would scan the printout."""
    source = tmp_path / "scan.pdf"
    source.write_bytes(data)
    subprocess.run([_poppler("pdftoppm"), "-r", "150", "-png", str(source),
                    str(tmp_path / "page")], check=True, timeout=60)
    found = []
    for page in sorted(tmp_path.glob("page*.png")):
        try:
            found += decode_qr(page.read_bytes())
        except Exception:  # noqa: BLE001 - a page without a code
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
    offer = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",
                                                                      "python-jwt")))
    assert wallet("receive", "--dev", "--yes", offer).returncode == 0
    assert wallet("profile", "set-name", "박지민").returncode == 0
    ids = [item["id"][:8] for item in json.loads(wallet("list", "--json").stdout)]
    assert wallet("reflect", ids[0], "--text", KOREAN_REFLECTION).returncode == 0
    with serve_share_service(database_url=str(tmp_path / "s.db"), dev=True) as running:
        pdf = tmp_path / "shared.pdf"
        shared = wallet("share", *ids, "--server", running.url, "--dev", "--title", TITLE,
                        "--pdf", str(pdf), "--lang", "ko", "--qr", str(tmp_path / "qr.png"))
        assert shared.returncode == 0, shared.stderr
        url = shared.stdout.decode().strip()
        text = pdftotext(pdf.read_bytes(), tmp_path)
        assert "박지민" in text and TITLE in text and "데이터 정제의 중요성" in text
        assert url in text and qr_codes(pdf.read_bytes(), tmp_path) == [url]
        listed = wallet("shares", "--dev").stdout.decode()
        assert TITLE in listed and "active" in listed
        linkedin = wallet("linkedin", ids[0]).stdout.decode().strip()
        assert linkedin.startswith("https://www.linkedin.com/profile/add?startTask="
                                   "CERTIFICATION_NAME&name=")
        assert quote(url, safe="") in linkedin
        again = wallet("shares", "--qr", listed.split()[0], "--out", str(tmp_path / "again.png"))
        assert again.returncode == 0 and decode_qr((tmp_path / "again.png").read_bytes()) == [url]
    out, pdf2 = tmp_path / "vp.json", tmp_path / "vp.pdf"
    made = wallet("present", *ids, "--out", str(out), "--pdf", str(pdf2), "--lang", "en")
    assert made.returncode == 0, made.stderr
    text = pdftotext(pdf2.read_bytes(), tmp_path)
    assert "박지민" in text and "vp.json" in text  # no link: where the signed file is
