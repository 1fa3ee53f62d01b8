"""Proof that needs no server (issue 24, items 2–4; issue 25, item 6), as a person meets it:

* ``wallet present --qr-offline/--qr-text`` writes a code of the credentials themselves, at the
  smallest version; a selection too large for one code is said (how much over) and a link
  offered, nothing written;
* the PDF carries its proof: ``pdfdetach`` and pypdf find the one attachment (media type,
  checksum), ``wallet verify record.pdf`` verifies it, every card's QR code — rendered from the
  page as a phone sees it — decodes (zxing-cpp) to a ``VP1-`` text that ``wallet verify
  --offline`` verifies, in English and Korean; the PDF without a link says it must be checked
  from the file it carries and is not green; the PDF of a share carries its link, its QR code
  and its expiry;
* ``wallet add`` of a code, its picture or a PDF stores every credential it carries — and a
  tampered one stores nothing; our verifier's "Check a PDF or a QR image" reads the same files.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from cli_runner import wallet_runner
from factories import signed_badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.formats.qrcodes import read_qr
from wallet.services.serving import serve_share_service

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "ob3-data-analysis.json"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"needs poppler-utils ({name}); scripts/setup --test installs it")
    return path


def _text(pdf: Path) -> str:
    return subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()


def _codes(pdf: Path, out: Path, dpi: int = 150) -> list[str]:
    """Every QR code on the PDF's pages, as a phone would scan the printout."""
    subprocess.run(
        [_tool("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(out / "page")],
        check=True,
        timeout=120,
    )
    found: list[str] = []
    for page in sorted(out.glob("page*.png")):
        try:
            found += read_qr(page.read_bytes())
        except Exception:
            continue
    return found


def _green_share(pdf: Path, out: Path) -> float:
    """The share of the first page's pixels in the verdict green (26, 127, 55)."""
    from PIL import Image

    subprocess.run(
        [_tool("pdftoppm"), "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(out / "first")],
        check=True,
        timeout=60,
    )
    data = Image.open(next(out.glob("first*.png"))).convert("RGB").tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    green = sum(
        1 for r, g, b in pixels if abs(r - 26) < 25 and abs(g - 127) < 25 and abs(b - 55) < 25
    )
    return green / len(pixels)


@pytest.fixture(scope="module")
def wallet(tmp_path_factory):
    """A learner's wallet holding two credentials that fit a code each: the sample
    (Riverside Community College) and a small badge from a did:key issuer."""
    home = tmp_path_factory.mktemp("learner")
    run = wallet_runner(home / "wallet", "a pass phrase")
    badge = home / "badge.json"
    badge.write_text(json.dumps(signed_badge(Ed25519KeyPair.generate(), name="Small badge")))
    added = run("add", "--offline", str(SAMPLE), str(badge))
    assert added.returncode == 0, added.stderr
    assert run("profile", "set-name", "박지민").returncode == 0
    ids = [item["id"][:8] for item in json.loads(run("list", "--json").stdout)]
    return run, ids


def test_present_writes_an_offline_code_of_the_credentials(wallet, tmp_path: Path) -> None:
    run, ids = wallet
    png, txt = tmp_path / "code.png", tmp_path / "code.txt"
    made = run("present", ids[0], "--qr-offline", str(png), "--qr-text", str(txt))
    assert made.returncode == 0, made.stderr
    text = txt.read_text().strip()
    assert text.startswith("VP1-B") and read_qr(png.read_bytes()) == [text]
    assert re.search(r"QR version \d+-[LM]", made.stdout.decode())
    for given in (str(png), text):  # the picture, and the text itself
        checked = run("verify", "--offline", given)
        assert checked.returncode == 0, checked.stdout
        assert b"not signed by whoever presents it" in checked.stdout


def test_too_large_for_one_code_is_said_and_a_link_offered(
    wallet, tmp_path: Path, demo_issuer
) -> None:
    """A demo-issuer badge (its pictures inline) does not fit one code: how much over, and
    share a link instead; no file is written."""
    from wallet.demo import OfferOptions

    run = wallet_runner(tmp_path / "other", "a pass phrase")
    offer = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    assert run("receive", "--dev", "--yes", offer).returncode == 0
    rid = json.loads(run("list", "--json").stdout)[0]["id"][:8]
    png = tmp_path / "code.png"
    made = run("present", rid, "--qr-offline", str(png))
    said = made.stderr.decode()
    assert made.returncode == 1 and not png.exists()
    assert re.search(
        r"it is [\d,]+ bytes, [\d,]+ bytes more than the largest QR code holds "
        r"\(2,681 bytes\)",
        said,
    ), said
    assert "Share a link instead" in said


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pdf_carries_its_proof(wallet, tmp_path: Path, lang: str) -> None:
    run, ids = wallet
    pdf, out = tmp_path / "record.pdf", tmp_path / "record.json"
    made = run("present", *ids, "--out", str(out), "--pdf", str(pdf), "--lang", lang)
    assert made.returncode == 0, made.stderr
    # the attachment, as poppler and pypdf find it
    listed = subprocess.run(
        [_tool("pdfdetach"), "-list", str(pdf)], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert "1 embedded files" in listed and "signed-presentation.json" in listed
    from pypdf import PdfReader

    [entry] = list(PdfReader(pdf).attachment_list)
    assert json.loads(entry.content) == json.loads(out.read_text())
    assert entry.subtype == "/application/vp" and entry.checksum
    # the wallet verifies the PDF itself
    checked = run("verify", "--offline", str(pdf))
    assert checked.returncode == 0, checked.stdout
    # every card has its code, each a VP1 text that verifies with no network
    codes = _codes(pdf, tmp_path)
    assert len(codes) == len(ids) and all(c.startswith("VP1-B") for c in codes)
    for code in codes:
        assert run("verify", "--offline", code).returncode == 0
    text = " ".join(_text(pdf).split())
    if lang == "en":
        assert text.count("Scan to verify — works without the internet") == len(ids)
        assert "How to check this PDF with no server" in text
        assert "not proof by itself" in text and "signed-presentation.json" in text
    else:
        assert text.count("스캔하여 검증 — 인터넷 없이도 됩니다") == len(ids)
        assert "서버 없이 이 PDF를 확인하는 방법" in text
        assert "PDF만으로는 증명이 아닙니다" in text
    assert _green_share(pdf, tmp_path) < 0.002  # no big green "Verified" by itself


def test_the_pdf_of_a_share_carries_its_link_and_expiry(wallet, tmp_path: Path) -> None:
    run, ids = wallet
    with serve_share_service(database_url=str(tmp_path / "s.db"), dev=True) as running:
        pdf = tmp_path / "shared.pdf"
        shared = run(
            "share",
            *ids,
            "--server",
            running.url,
            "--dev",
            "--pdf",
            str(pdf),
            "--qr",
            str(tmp_path / "qr.png"),
        )
        assert shared.returncode == 0, shared.stderr
        url = shared.stdout.decode().strip()
        codes = _codes(pdf, tmp_path)
        assert url in codes and sum(c.startswith("VP1-B") for c in codes) == len(ids)
        text = " ".join(_text(pdf).split())
        assert url in text and "This link works until" in text
        assert "check it again at the link" in text


def test_add_takes_every_credential_a_code_or_pdf_carries(wallet, tmp_path: Path) -> None:
    run, ids = wallet
    pdf, png = tmp_path / "r.pdf", tmp_path / "code.png"
    assert (
        run("present", *ids, "--out", str(tmp_path / "r.json"), "--pdf", str(pdf)).returncode == 0
    )
    assert run("present", *ids, "--qr-offline", str(png)).returncode == 0
    other = wallet_runner(tmp_path / "employer-kept", "another pass phrase")
    added = other("add", "--offline", str(pdf))
    assert added.returncode == 0, added.stderr
    assert added.stdout.decode().count("added '") == len(ids)
    again = other("add", "--offline", str(png))
    assert again.stdout.decode().count("already in your wallet") == len(ids)


def test_a_tampered_code_or_pdf_stores_nothing(wallet, tmp_path: Path) -> None:
    run, ids = wallet
    txt, pdf = tmp_path / "code.txt", tmp_path / "r.pdf"
    assert run("present", ids[0], "--qr-text", str(txt)).returncode == 0
    assert (
        run("present", *ids, "--out", str(tmp_path / "r.json"), "--pdf", str(pdf)).returncode == 0
    )
    text = txt.read_text().strip()
    at = len(text) // 2
    bad = tmp_path / "bad.txt"
    bad.write_text(text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :])
    data = pdf.read_bytes()
    forged = tmp_path / "forged.pdf"  # a grade changed inside the attachment, same length
    assert b'"value": "A"' in data or b"Final grade" in data
    forged.write_bytes(
        data.replace(b"Data Analysis Fundamentals", b"Data Analysis Fundamentalz", 1)
    )
    other = wallet_runner(tmp_path / "kept", "another pass phrase")
    for path in (bad, forged):
        refused = other("add", "--offline", str(path))
        assert refused.returncode == 1 and b"not added" in refused.stderr, refused.stdout
    assert json.loads(other("list", "--json").stdout) == []


def test_our_verifier_checks_an_uploaded_pdf_or_code(wallet, tmp_path: Path) -> None:
    run, ids = wallet
    pdf, png = tmp_path / "r.pdf", tmp_path / "code.png"
    assert (
        run("present", *ids, "--out", str(tmp_path / "r.json"), "--pdf", str(pdf)).returncode == 0
    )
    assert run("present", ids[0], "--qr-offline", str(png)).returncode == 0
    with serve_share_service(database_url=str(tmp_path / "s.db"), dev=True) as running:
        form = httpx.get(f"{running.url}/check", headers={"Accept-Language": "ko"})
        assert form.status_code == 200 and "PDF나 QR 이미지 확인" in form.text
        for path, said in ((pdf, "attached to r.pdf"), (png, "offline QR code in code.png")):
            page = httpx.post(
                f"{running.url}/check", timeout=120, files={"file": (path.name, path.read_bytes())}
            )
            assert page.status_code == 200 and said in page.text
            assert re.search(r"data-verdict='Verified", page.text), page.text[:2000]
        junk = httpx.post(
            f"{running.url}/check",
            timeout=60,
            files={"file": ("x.pdf", b"%PDF-1.7\n" + b"\0" * 64)},
        )
        assert junk.status_code == 400 and "could not be checked" in junk.text
