"""The one people-first view model says each thing once and agrees with itself (issue 25, items
5 and 9): a credential carried directly and again inside the learner's CLR is one card (with the
worse verdict of the two); a reflection's title is not printed again as its first line — on the
page, in the PDF, in every view of it; the issuer's evidence is listed on the card and the
check about attached files says why nothing was compared; the issuer is shown by one rule (its
own display for the reader's language when the wallet kept it, else the credential's name)."""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path

import pytest
from record_helpers import ISSUER_KEY, LEARNER_KEY, sample_record

from wallet.demo.catalog import DemoCatalog
from wallet.exchange.share_page import render_record
from wallet.record.markdown import without_title
from wallet.record.view import IssuerDisplay, credential_view, record_view
from wallet.result import Check, CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify_document

TITLE = "What the survey taught me"
TITLED = f"# {TITLE}\n\nCleaning **messy** data first.\n"


def _titled_record():
    """The sample record, its first reflection beginning with its own title as a heading
    (the wallet takes a reflection's title from its first line)."""
    import record_helpers

    original = record_helpers.ReflectionInput

    def titled(rid, title, text, links):
        if rid == "r1":
            return original(rid, TITLE, TITLED, links)
        return original(rid, title, text, links)

    record_helpers.ReflectionInput = titled
    try:
        return sample_record()
    finally:
        record_helpers.ReflectionInput = original


def test_a_credential_carried_twice_is_one_card_with_the_worse_verdict() -> None:
    sample = sample_record()
    presentation = copy.deepcopy(sample.presentation)
    clr = presentation["verifiableCredential"][0]
    inner = clr["credentialSubject"]["verifiableCredential"][0]
    presentation["verifiableCredential"].append(copy.deepcopy(inner))  # sent directly too
    inner_result = sample.result.nested[0].nested[0]
    failed = inner_result.model_copy(
        update={
            "checks": (
                *inner_result.checks,
                Check(id=CheckId.PROOF, outcome=Outcome.FAILED, message="tampered", detail=None),
            ),
            "verdict": Verdict.NOT_VERIFIED,
            "verified": False,
        }
    )
    result = sample.result.model_copy(update={"nested": (*sample.result.nested, failed)})
    assert failed.verdict is Verdict.NOT_VERIFIED
    before = record_view(sample.presentation, sample.result, "en")
    view = record_view(presentation, result, "en")
    assert [c.name for c in view.credentials] == [c.name for c in before.credentials]
    first = view.credentials[0]
    assert first.verdict.level is Verdict.NOT_VERIFIED  # never the better of the two
    assert view.verdict.summary.startswith(f"{len(before.credentials)} credentials")


def test_a_reflections_title_is_said_once_on_the_page_and_in_the_pdf(tmp_path: Path) -> None:
    sample = _titled_record()
    view = record_view(sample.presentation, sample.result, "en")
    item = next(i for i in view.learner_items if i.title == TITLE)
    assert item.markdown == TITLED  # what the learner wrote, kept
    assert TITLE not in item.html and "messy" in item.html
    assert not any(b.text == TITLE for b in item.blocks)
    assert item.heading == TITLE
    page = render_record(view, base="https://share.example/s/x")
    assert page.count(TITLE) == 1
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("needs poppler-utils (pdftotext); scripts/setup --test installs it")
    from wallet.exchange.pdf import record_pdf

    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(record_pdf(view))
    text = subprocess.run(
        [tool, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert " ".join(text.split()).count(TITLE) == 1


def test_a_reflection_that_is_its_title_is_its_body(monkeypatch) -> None:
    """A reflection of one line (its title is that line): the line once, as written — its
    Markdown rendered — and no heading over it."""
    import record_helpers

    one_line = "I learned to **clean** messy data."
    original = record_helpers.ReflectionInput
    monkeypatch.setattr(
        record_helpers,
        "ReflectionInput",
        lambda rid, title, text, links: (
            original(rid, one_line, one_line, links)
            if rid == "r1"
            else original(rid, title, text, links)
        ),
    )
    sample = record_helpers.sample_record()
    view = record_view(sample.presentation, sample.result, "en")
    item = next(i for i in view.learner_items if i.title == one_line)
    assert item.heading == "" and "<strong>clean</strong>" in item.html
    page = render_record(view, base="https://share.example/s/x")
    assert page.count("learned to") == 1


def test_without_title_keeps_what_is_more_than_the_title() -> None:
    assert without_title(TITLED, TITLE) == "Cleaning **messy** data first.\n"
    assert without_title("Just one line", "Just one line") == ""
    assert (
        without_title("## What I learned\n\nx", "Cleaning survey data") == "## What I learned\n\nx"
    )
    long = "A first paragraph that goes on\nover two lines."
    assert without_title(long, "A first paragraph that goes on") == long


def test_the_issuers_evidence_is_listed_and_its_check_agrees() -> None:
    catalog = DemoCatalog("https://riverside.example.edu", ISSUER_KEY)
    doc = catalog.issue("data-analysis", LEARNER_KEY.did)
    result = verify_document(doc, VerifyOptions())
    card = credential_view(doc, result, "en")
    assert [e.name for e in card.evidence] == ["Final project report"]
    assert card.evidence[0].narrative and card.evidence[0].url.startswith("https://")
    line = next(c for c in card.checks if c.id is CheckId.EVIDENCE)
    assert line.outcome is Outcome.SKIPPED and "none of it is an attached file" in line.text
    korean = next(c for c in credential_view(doc, result, "ko").checks if c.id is CheckId.EVIDENCE)
    assert "첨부 파일" in korean.text and "none" not in korean.text


def test_the_issuer_is_shown_by_one_rule() -> None:
    catalog = DemoCatalog("https://riverside.example.edu", ISSUER_KEY)
    doc = catalog.issue("data-analysis", LEARNER_KEY.did)
    result = verify_document(doc, VerifyOptions())
    own = credential_view(doc, result, "ko").issuer
    assert own.name == "Riverside Community College (demo issuer)"  # the credential's name
    logo = "data:image/png;base64,iVBORw0KGgo="
    kept = IssuerDisplay(
        names=(("en-US", "Riverside Community College"), ("ko-KR", "리버사이드 커뮤니티 칼리지")),
        logo=logo,
    )
    for lang, name in (("ko", "리버사이드 커뮤니티 칼리지"), ("en", "Riverside Community College")):
        issuer = credential_view(doc, result, lang, issuer_display=kept).issuer
        assert (issuer.name, issuer.logo) == (name, logo)  # name and logo, in both languages
    assert kept.name_for("fr") == "Riverside Community College"  # none for French: English
