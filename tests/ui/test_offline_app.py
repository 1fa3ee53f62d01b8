"""The app's side of proof that needs no server (issue 24, item 2 and 4; issue 25, item 6), through
the controller the screens call: a credential's offline QR code (and the reason, with how much
over, when it does not fit); the PDF of a link just shared carries the link, its QR code and
the proof; the PDF saved from Present carries the signed file and says it must be checked from
it; Receive takes a pasted VP1 text, a QR image and a PDF; Verify reads a QR image and a PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import keyring
import pytest
from factories import signed_badge
from keyring.backends import fail

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import QrTooLargeError
from wallet.formats.qrcodes import read_qr
from wallet.result import Verdict
from wallet.services.serving import serve_share_service
from wallet.ui.controller import AppController

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "samples" / "ob3-data-analysis.json"


def _codes(pdf: Path, out: Path) -> list[str]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("needs poppler-utils (pdftoppm)")
    subprocess.run([tool, "-r", "150", "-png", str(pdf), str(out / "p")], check=True, timeout=120)
    found: list[str] = []
    for page in sorted(out.glob("p*.png")):
        try:
            found += read_qr(page.read_bytes())
        except Exception:
            continue
    return found


def _text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("needs poppler-utils (pdftotext)")
    return " ".join(
        subprocess.run(
            [tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=60
        )
        .stdout.decode()
        .split()
    )


@pytest.fixture
def app(tmp_path: Path):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    controller = AppController(tmp_path / "home", dev=True)
    controller.create_profile("School", "passphrase", "passphrase one")
    issuer = Ed25519KeyPair.generate()
    add = controller.service.credentials.add
    ids = [
        add(SAMPLE.read_bytes(), name=SAMPLE.name).id,
        add(json.dumps(signed_badge(issuer)).encode(), name="b.json").id,
    ]
    try:
        yield controller, ids
    finally:
        controller.close()
        keyring.set_keyring(previous)


def test_a_credentials_offline_code_and_why_not(app, tmp_path: Path) -> None:
    controller, ids = app
    presenting = controller.service.presenting
    made = presenting.offline([ids[0]])
    assert read_qr(made.png()) == [made.text] and made.level in ("L", "M")
    assert read_qr(made.png(scale=6)) == [made.text]  # the image the app saves
    big = [
        controller.service.credentials.add(
            json.dumps(
                signed_badge(Ed25519KeyPair.generate(), name=f"Badge {n}", description="x" * 900)
            ).encode(),
            name=f"{n}.json",
        ).id
        for n in range(3)
    ]
    with pytest.raises(QrTooLargeError) as info:
        presenting.offline(big)
    assert info.value.details["over"] > 0


def test_the_pdf_of_a_link_just_shared(app, tmp_path: Path) -> None:
    """Before: the app made no PDF of a share, and the PDF it saved had no link and no QR code,
    only a JSON file's name."""
    controller, ids = app
    with serve_share_service(database_url=str(tmp_path / "s.db"), dev=True) as running:
        controller.share_server = running.url
        url, _png = controller.share(ids, reflections=False, artifacts=False, days=7)
        pdf = tmp_path / "share.pdf"
        pdf.write_bytes(
            controller.service.presenting.share_pdf(controller.last_share or "", lang="en")
        )
    codes = _codes(pdf, tmp_path)
    assert url in codes and sum(c.startswith("VP1-B") for c in codes) == 2
    text = _text(pdf)
    assert url in text and "This link works until" in text
    assert "signed-presentation.json" in text


def test_the_pdf_saved_from_present_carries_the_signed_file(app, tmp_path: Path) -> None:
    controller, ids = app
    (_, signed), (_, pdf) = controller.export(ids, reflections=False, artifacts=False, lang="ko")
    pdf_path = tmp_path / "record.pdf"
    pdf_path.write_bytes(pdf)
    text = _text(pdf_path)
    assert "PDF만으로는 증명이 아닙니다" in text and "서버 없이 이 PDF를 확인하는 방법" in text
    from pypdf import PdfReader

    [entry] = list(PdfReader(pdf_path).attachment_list)
    assert json.loads(entry.content) == json.loads(signed)
    assert len([c for c in _codes(pdf_path, tmp_path) if c.startswith("VP1-B")]) == 2


def test_receive_and_verify_read_codes_and_pdfs(app, tmp_path: Path) -> None:
    controller, ids = app
    made = controller.service.presenting.offline(ids)
    _json, (pdf_name, pdf) = controller.export(ids, reflections=False, artifacts=False, lang="en")
    other = AppController(tmp_path / "other", dev=True)
    try:
        other.create_profile("Other", "passphrase", "passphrase two")
        pasted = other.receive(made.text, asker=None)  # type: ignore[arg-type]
        assert len(pasted.stored) == 2 and not any(a.duplicate for a in pasted.stored)
        again = other.receive_qr(made.png(), asker=None)  # type: ignore[arg-type]
        assert len(again.stored) == 2 and all(a.duplicate for a in again.stored)
        from_pdf = other.import_all(pdf, pdf_name)
        assert len(from_pdf.stored) == 2
        for view in (
            other.check_image(made.png()),
            other.check_image(pdf),
            other.check_text(made.text),
        ):
            assert view.verdict is not Verdict.NOT_VERIFIED, view
            assert len(view.credentials) == 2
    finally:
        other.close()
