"""The Present screen without a browser (the harness renders the components and calls their
handlers): the preview is the share page's own view model drawn natively (the learner, the
issuers naming them, the verdict, one card per credential with issuer, date and the grade
with its label, the learner's own reflections), counted right; the export writes a real PDF
beside the signed JSON; shared links told apart (title, status, views with their times, the
QR code again, withdrawn); LinkedIn's form opened filled in; selective disclosure chosen per
credential leaves a claim out of what is signed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import flet as ft
import httpx
import pytest
from factories import badge
from flet_harness import Tree, demo_badges, wallet_app

from wallet.crypto.keys import EcKeyPair
from wallet.demo import DemoIssuer, Recipient, demo_trust_list
from wallet.exchange.qr import decode_qr
from wallet.proofs import dataintegrity as di
from wallet.result import Verdict
from wallet.services.serving import serve_share_service
from wallet.ui.context import App
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.present import PresentScreen
from wallet.verification.verify import verify_document

PASSPHRASE = "correct horse battery"
LEARNER = "Jimin Park"
REFLECTION = (
    "## What I learned\nCleaning data is **most** of the work.\n\n"
    "- checked the [notebook](https://example.org/notebook)\n- `pandas` merges"
)
SD_ISSUER = EcKeyPair.generate("P-256")
MANDATORY = ["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"]


@pytest.fixture(scope="module")
def share_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_share_service(
        database_url=str(tmp_path_factory.mktemp("shares") / "s.db"), dev=True
    ) as running:
        yield running.url


@pytest.fixture
def app(tmp_path: Path, share_server: str) -> Iterator[App]:
    issuer = DemoIssuer("http://127.0.0.1:9")
    with wallet_app(
        tmp_path / "home",
        PASSPHRASE,
        learner=LEARNER,
        share_server=share_server,
        demo_trust=demo_trust_list(issuer),
    ) as opened:
        opened.c.issuer = issuer  # type: ignore[attr-defined]  # the tests' issuer
        yield opened


def _badges(app: App, *names: str) -> dict[str, str]:
    return demo_badges(
        app,
        *names,
        issuer=app.c.issuer,  # type: ignore[attr-defined]
        recipient=Recipient(LEARNER),
    )


def _selective(app: App) -> str:
    """An ecdsa-sd-2023 badge with a grade (the demo issuer signs eddsa only), kept whole in
    the wallet with its base proof; its issuer trusted."""
    doc = badge(SD_ISSUER, name="Statistics Lab")
    doc["issuer"]["name"] = "Example College"
    doc["credentialSubject"]["id"] = app.wallet.did
    doc["credentialSubject"]["achievement"]["resultDescription"] = [
        {
            "id": "urn:uuid:grade",
            "type": ["ResultDescription"],
            "name": "Lab grade",
            "resultType": "LetterGrade",
        }
    ]
    doc["credentialSubject"]["result"] = [
        {"type": ["Result"], "value": "B+", "resultDescription": "urn:uuid:grade"}
    ]
    signed = di.sign(
        doc, SD_ISSUER.signer(), cryptosuite="ecdsa-sd-2023", mandatory_pointers=MANDATORY
    )
    app.wallet.trust.add(SD_ISSUER.did, name="Example College")
    return app.wallet.credentials.add(json.dumps(signed).encode(), name="statistics.json").id


def _pdftotext(path: Path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "poppler-utils (pdftotext) is installed by scripts/setup"
    return subprocess.run(
        [tool, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True
    ).stdout.decode("utf-8")


# --- the preview is the page --------------------------------------------------------------------


def test_the_preview_shows_what_the_page_shows(app: App) -> None:
    ids = _badges(app, "data-analysis", "python")
    app.wallet.profiles.set_identity(headline="Data analyst")
    app.wallet.portfolio.reflect(REFLECTION, credential_ids=[ids["data-analysis"]])
    app.state.selection = [ids["data-analysis"], ids["python"]]
    app.state.include_reflections = True  # the learner chose to include their own work
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Preview what the employer sees", key="preview-go")
    text = tree.text()
    assert tree.find(key="preview")
    # The learner first, as given by them, and whether the issuers name the same person.
    assert f"Presented by {LEARNER} — as given by the learner" in text
    assert "Data analyst" in text
    assert f"2 of 2 issuers name their recipient {LEARNER}" in text
    # The verdict in plain words, counted right.
    summary = tree.one(key="preview-summary").value
    assert summary.startswith("2 credentials · all verified"), summary
    assert "issued by 1 recognised institution" in summary
    # One card per credential: name, issuer with recognition, issued date, grade with label.
    assert tree.find(key="preview-card-0") and tree.find(key="preview-card-1")
    assert not tree.find(key="preview-card-2")
    for name in ("Data Analysis Fundamentals", "Python Programming I"):
        assert name in text
    assert "Issued by Riverside Community College (demo issuer)" in text
    assert "Recognised by Demo issuers" in text
    assert "Final grade: A" in text and "Practical exam: 91%" in text
    assert any(
        line.startswith("Issued ") and " · Does not expire" in line for line in text.splitlines()
    ), text
    # The learner's own reflection, marked so, its Markdown through the one renderer.
    assert "Learner-asserted · Reflection" in text, text
    assert "Cleaning data is most of the work." in text
    bold = [s for t in tree.find(kind=ft.Text) for s in t.spans or () if s.text == "most"]
    assert bold and bold[0].style.weight == ft.FontWeight.BOLD
    link = [s for t in tree.find(kind=ft.Text) for s in t.spans or () if s.text == "notebook"]
    assert link and link[0].url == "https://example.org/notebook"
    # The checks folded away under "How this was checked", not listed up front.
    folded = [
        c for c in tree.find(kind=ft.ExpansionTile) if c.title.value == "How this was checked"
    ]
    assert len(folded) == 3  # one per card, and the presentation's
    assert "Signature · Passed" in text


def test_one_credential_is_counted_as_one(app: App) -> None:
    ids = _badges(app, "data-analysis", "python")
    app.state.selection = [ids["python"]]
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Preview what the employer sees", key="preview-go")
    assert tree.one(key="preview-summary").value.startswith("1 credential · all verified")
    # A new choice makes the preview go (it no longer shows what would be sent).
    tree.fire(tree.one(label="Data Analysis Fundamentals", kind=ft.Checkbox), "change", True)
    assert not tree.find(key="preview")
    tree.click("Preview what the employer sees", key="preview-go")
    assert tree.one(key="preview-summary").value.startswith("2 credentials")


def test_the_preview_in_korean(app: App) -> None:
    ids = _badges(app, "data-analysis", "python")
    app.wallet.profiles.set_identity(name="박지민")
    app.state.lang = "ko"
    app.state.selection = list(ids.values())
    tree = Tree(PresentScreen, app, app.state)
    tree.click("고용주에게 보일 내용 미리 보기", key="preview-go")
    text = tree.text()
    assert "제출자: 박지민 — 학습자 본인이 입력한 정보" in text
    assert tree.one(key="preview-summary").value.startswith("자격증명 2개")
    assert "확인 방법" in text and "How this was checked" not in text
    assert "Presented by" not in text and "Issued by" not in text


def test_nothing_chosen_is_said_plainly(app: App) -> None:
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Preview what the employer sees", key="preview-go")
    assert "Choose at least one credential." in tree.text()


# --- files ---------------------------------------------------------------------------------------


def test_the_export_writes_a_real_pdf_beside_the_signed_file(app: App) -> None:
    """Saved where the learner chooses (here: what the window was asked to save), under names
    that do not overwrite an earlier file; the signed file too, on request."""
    ids = _badges(app, "data-analysis", "python")
    app.wallet.portfolio.reflect(REFLECTION, credential_ids=[ids["data-analysis"]])
    app.state.selection = list(ids.values())
    app.state.include_reflections = True
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Save as PDF and file")
    pdf_name, pdf = app.saved[-1]
    assert re.fullmatch(r"learner-record-\d{4}-\d\d-\d\d-\d{6}(-\d+)?\.pdf", pdf_name)
    assert pdf_name in tree.one(key="export-pdf").value  # where it went, said
    tree.click("Also save the signed file (JSON)")
    json_name, signed = app.saved[-1]
    assert json_name == pdf_name.replace(".pdf", ".json")
    assert pdf.startswith(b"%PDF-")
    path = Path(app.c.service.home) / "test-record.pdf"
    path.write_bytes(pdf)
    words = " ".join(_pdftotext(path).split())
    for expected in (
        LEARNER,
        "Data Analysis Fundamentals",
        "Python Programming I",
        "Final grade: A",
        "Cleaning data is most of the work.",
    ):
        assert expected in words, (expected, words[:2000])
    presentation = json.loads(signed.decode("utf-8"))
    assert verify_document(presentation).verdict is not Verdict.NOT_VERIFIED
    tree.click("Save as PDF and file")  # again: another name, the first one kept
    assert app.saved[-1][0] != pdf_name


# --- shared links --------------------------------------------------------------------------------


def test_shared_links_are_told_apart(app: App) -> None:
    ids = _badges(app, "data-analysis", "python")
    app.state.selection = [ids["data-analysis"]]
    tree = Tree(PresentScreen, app, app.state)
    assert "You have not shared a link yet." in tree.text()
    tree.click("Create link and QR code")
    url = tree.one(key="share-url").value
    # The list was read again: the new link, titled after what it shares, active, not viewed.
    (link,) = app.wallet.presenting.shares()
    row = tree.one(key=f"link-{link.id[:8]}")
    assert row is not None and link.title == "Data Analysis Fundamentals"
    assert tree.one(key=f"status-{link.id[:8]}").content.value == "active"
    assert "0 views (not viewed yet)" in tree.one(key=f"views-{link.id[:8]}").value
    # An employer opens it: its view, with the time, shows after the list is read again.
    assert httpx.get(url).status_code == 200
    app.state.changed()
    tree.render()
    views = tree.one(key=f"views-{link.id[:8]}").value
    assert "1 credential · until " in views and "1 view, last viewed " in views, views
    assert any(line.startswith("Viewed ") and "UTC" in line for line in tree.text().splitlines())
    # Its QR code again: the same link.
    tree.fire(tree.one(key=f"qr-again-{link.id[:8]}"))
    assert tree.one(key=f"again-url-{link.id[:8]}").value == url
    shown = [
        c for c in tree.find(kind=ft.Image) if c.semantics_label == "QR code of the share link"
    ]
    assert len(shown) == 2 and all(decode_qr(c.src) == [url] for c in shown)
    # A second share: two rows, each told apart by its title, newest first.
    app.state.selection = [ids["python"], ids["data-analysis"]]
    tree.click("Create link and QR code")
    newest, first = app.wallet.presenting.shares()
    assert (newest.title, first.title) == (
        "Python Programming I, Data Analysis Fundamentals",
        "Data Analysis Fundamentals",
    )
    assert "Python Programming I, Data Analysis Fundamentals" in tree.text()
    assert "2 credentials · until " in tree.one(key=f"views-{newest.id[:8]}").value
    # Withdrawn (after the learner confirmed): said so, with no QR code to show again (and no
    # views to ask for).
    tree.fire(
        tree.find(label="Withdraw", kind=ft.TextButton)[0],
        during=lambda: app.state.question and app.state.reply(True),
    )
    assert {s.id: s.status for s in app.wallet.presenting.shares()} == {
        newest.id: "withdrawn",
        first.id: "active",
    }
    assert tree.one(key=f"status-{newest.id[:8]}").content.value == "withdrawn"
    assert not tree.find(key=f"qr-again-{newest.id[:8]}")
    assert tree.find(key=f"qr-again-{first.id[:8]}")


# --- LinkedIn ------------------------------------------------------------------------------------


def _form(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.linkedin.com/profile/add"
    return {k: v[0] for k, v in parse_qs(parts.query).items()}


def test_add_to_linkedin_from_the_detail_and_from_a_link(app: App) -> None:
    ids = _badges(app, "data-analysis")
    app.state.open_detail(ids["data-analysis"])
    detail = Tree(DetailScreen, app, app.state)
    detail.fire(detail.one(key="linkedin"))
    form = _form(app.opened[-1])
    assert form["name"] == "Data Analysis Fundamentals"
    assert form["organizationName"] == "Riverside Community College (demo issuer)"
    assert form["startTask"] == "CERTIFICATION_NAME" and form["issueYear"].isdigit()
    assert "certUrl" not in form  # nothing shared yet
    app.state.go("present")
    app.state.selection = [ids["data-analysis"]]
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Create link and QR code")
    url = tree.one(key="share-url").value
    (link,) = app.wallet.presenting.shares()
    tree.fire(tree.one(key=f"linkedin-{link.id[:8]}-{ids['data-analysis'][:8]}"))
    form = _form(app.opened[-1])
    assert form["name"] == "Data Analysis Fundamentals" and form["certUrl"] == url


# --- selective disclosure ------------------------------------------------------------------------


def test_a_claim_left_out_is_not_in_what_is_signed(app: App) -> None:
    rid = _selective(app)
    plain = _badges(app, "python")["python"]
    app.state.selection = [rid, plain]
    tree = Tree(PresentScreen, app, app.state)
    # Only the selective credential offers a choice; what the issuer requires is shown as
    # always included, the rest in words with their values.
    assert tree.find(key=f"disclose-{rid[:8]}") and not tree.find(key=f"disclose-{plain[:8]}")
    boxes = {c.data: c for c in tree.find(kind=ft.Checkbox)}  # the words beside each
    assert "Results (grades, scores): B+" in boxes
    assert "Description: Recognises collaboration within a group." in boxes
    required = boxes["Name: Statistics Lab (always included)"]
    assert required.disabled and required.value
    assert boxes[
        "The achievement (what it is, its criteria and competencies): Teamwork (always included)"
    ].disabled
    tree.click("Preview what the employer sees", key="preview-go")
    assert "Lab grade: B+" in tree.text()

    tree.fire(boxes["Results (grades, scores): B+"], "change", False)
    assert app.state.hidden == {rid: ["/credentialSubject/result"]}
    assert "1 part left out" in tree.text()
    tree.click("Preview what the employer sees", key="preview-go")
    text = tree.text()
    assert "Lab grade" not in text and "B+" not in text.replace("Results (grades, scores): B+", "")
    assert "Statistics Lab" in text and "Practical exam: 91%" in text
    assert tree.one(key="preview-summary").value.startswith("2 credentials · all verified")

    # What is signed leaves the grade out, and still verifies.
    tree.click("Save as PDF and file")
    pdf = Path(app.c.service.home) / "left-out.pdf"
    pdf.write_bytes(app.saved[-1][1])
    tree.click("Also save the signed file (JSON)")
    presentation = json.loads(app.saved[-1][1].decode("utf-8"))
    inner = presentation["verifiableCredential"][0]["credentialSubject"]["verifiableCredential"]
    lab = next(c for c in inner if c.get("name") == "Statistics Lab")
    assert "result" not in lab["credentialSubject"]
    assert lab["credentialSubject"]["achievement"]["name"] == "Teamwork"
    assert "B+" not in json.dumps(presentation)
    python = next(c for c in inner if c.get("name") != "Statistics Lab")
    assert python["credentialSubject"]["result"]  # the other credential goes whole
    assert "Lab grade" not in " ".join(_pdftotext(pdf).split())
    assert verify_document(presentation, app.c.service.session.verify_options()).verdict in (
        Verdict.VERIFIED,
        Verdict.WARNINGS,
    )

    # Ticked again: the grade is back.
    tree.fire(tree.one(key=f"claim-{rid[:8]}-/credentialSubject/result"), "change", True)
    assert app.state.hidden == {}
    tree.click("Preview what the employer sees", key="preview-go")
    assert "Lab grade: B+" in tree.text()
