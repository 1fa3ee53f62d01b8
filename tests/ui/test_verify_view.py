"""The app's Verify and detail screens read the share page's own view model (issue 25, item 3;
issue 21, item 3): a share link checked in the app shows the learner by the name they give
(not their DID), each issuer, grades with their labels, a transcript's parts, competencies and
dates in the reader's words — in English and Korean — and a credential's detail shows the
same card, its evidence and its checks agreeing about that evidence; a reflection's card says
its title once (issue 25, item 9)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flet_harness import Tree, demo_badges, wallet_app

from wallet.demo import DemoIssuer, Recipient, demo_trust_list
from wallet.i18n import format_date, t
from wallet.services.serving import serve_share_service
from wallet.ui.context import App
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.portfolio import PortfolioScreen
from wallet.ui.screens.verify import VerifyScreen

PASSPHRASE = "correct horse battery"
LEARNER = "Jimin Park"
ISSUER = "Riverside Community College (demo issuer)"
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


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


def _transcript(app: App) -> str:
    """The demo catalog's CLR transcript for the app's learner (no status list to reach)."""
    issuer = app.c.issuer  # type: ignore[attr-defined]
    doc = issuer.catalog.clr_credential(app.c.service.did, Recipient(LEARNER))
    doc.pop("credentialStatus")
    return app.c.service.credentials.add(
        json.dumps(issuer.sign_ldp(doc)).encode(), name="clr.json"
    ).id


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_verify_shows_the_person_grades_parts_competencies_and_dates(app: App, lang: str) -> None:
    ids = demo_badges(
        app,
        "data-analysis",
        issuer=app.c.issuer,  # type: ignore[attr-defined]
        recipient=Recipient(LEARNER),
    )
    transcript = _transcript(app)
    url, _png = app.c.share(
        [ids["data-analysis"], transcript], reflections=False, artifacts=False, days=7
    )
    app.state.lang = lang
    tree = Tree(VerifyScreen, app, app.state)
    tree.type(t("verify.input", lang), url)
    tree.click(t("verify.go", lang), key="verify-go")
    text = tree.text()
    assert not tree.find(key="verify-error"), text
    # The person, by the name they give — marked so — and never their DID in its place.
    assert t("record.presented_by", lang, name=LEARNER) in text, text
    assert tree.one(key="verify-name").value == LEARNER
    assert t("record.as_given", lang) in text
    did = app.c.service.did
    assert did not in text.replace(t("record.holder_key", lang, did=did), "")
    # Each credential with its issuer, the grade with its label, the transcript's parts, the
    # competencies.
    assert text.count(t("card.issued_by", lang, issuer=ISSUER)) == 2
    assert "Final grade: A" in text  # the issuer's own label and value
    assert t("card.includes", lang) in text
    assert "Python Programming I" in text and "Data Visualization" in text  # its parts
    assert t("card.competencies", lang) in text and "DS.1.2" in text
    # Dates in the reader's words (today's, as issued), never as 2026-12-07.
    today = format_date(datetime.now(UTC), lang)
    dates = [c.value for c in tree.find(key="card-dates")]
    assert len(dates) == 2 and all(t("card.issued", lang, date=today) in d for d in dates)
    assert not [d for d in dates if ISO_DATE.search(d)]
    if lang == "ko":
        assert not ISO_DATE.search(text), text


def test_the_detail_is_the_card_and_its_evidence_agrees_with_its_checks(app: App) -> None:
    ids = demo_badges(
        app,
        "data-analysis",
        issuer=app.c.issuer,  # type: ignore[attr-defined]
        recipient=Recipient(LEARNER),
    )
    app.state.open_detail(ids["data-analysis"])
    tree = Tree(DetailScreen, app, app.state)
    text = tree.text()
    assert f"Issued by {ISSUER}" in text and "Final grade: A" in text
    assert f"Issued to {LEARNER}" in text  # the issuer names the learner: said, as on the page
    # The issuer's evidence is listed — and the check about attached files says why nothing
    # was compared, instead of "not applicable" beside it.
    assert "Final project report" in text
    assert "none of it is an attached file" in text
    assert "There are no attached files to check." not in text


def test_a_reflections_card_says_its_title_once(app: App) -> None:
    reflection = app.c.service.portfolio.reflect(
        "# What the survey taught me\n\nCheck types first."
    )
    assert reflection.title == "What the survey taught me"  # its first line
    text = Tree(PortfolioScreen, app, app.state).text()
    card = text.split("Reflections", 1)[1].split("Work samples", 1)[0]  # (not the timeline)
    assert card.count("What the survey taught me") == 1 and "Check types first." in card
