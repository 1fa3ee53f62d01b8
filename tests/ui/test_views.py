"""The screens' logic without a browser: the view model (dates, status lines, a credential's
facts, checks in people's words, friendly errors), the layout state, and the screens themselves
rendered as Flet components (tests/ui/flet_harness.py) with their handlers called as a click
would call them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import flet as ft
import keyring
import pytest
from flet_harness import Tree, demo_badges, wallet_app
from keyring.backends import fail

from wallet.errors import ExchangeError, OfferUsedError, ShareUnavailableError, WalletError
from wallet.i18n import format_date
from wallet.result import Verdict
from wallet.services import CredentialSummary
from wallet.ui.context import App
from wallet.ui.controller import AppController
from wallet.ui.screens.competencies import CompetenciesScreen, shown_level
from wallet.ui.screens.credentials import CredentialsScreen
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.portfolio import PortfolioScreen
from wallet.ui.screens.receive import ReceiveScreen
from wallet.ui.screens.settings import SettingsScreen
from wallet.ui.screens.verify import VerifyScreen
from wallet.ui.state import COMPACT_WIDTH, AppState
from wallet.ui.viewmodel import (
    friendly_error,
    level_of,
    relative_day,
    status_line,
    unique_titles,
    verdict_for,
)

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)
PASSPHRASE = "passphrase one"


# --- the view model -------------------------------------------------------------------------


def test_dates_and_status_lines() -> None:
    assert relative_day("2026-12-10T08:00:00Z", "en", NOW) == "today"
    assert relative_day("2026-12-09T23:00:00Z", "en", NOW) == "yesterday"
    assert relative_day("2026-12-07T08:00:00Z", "en", NOW) == "3 days ago"
    assert relative_day("2026-12-07T08:00:00Z", "ko", NOW) == "3일 전"
    assert relative_day("2026-10-01T08:00:00Z", "en", NOW) == "2026-10-01"
    assert relative_day("", "en", NOW) == "never"
    summary = CredentialSummary(id="x", name="Badge", checked_at="2026-12-08T10:00:00Z")
    assert status_line(summary, "en", NOW) == "status checked 2 days ago"
    revoked = summary.model_copy(
        update={"status_state": "revoked", "status_noticed": "2026-12-09T07:00:00Z"}
    )
    assert status_line(revoked, "en", NOW) == "revoked by the issuer (noticed 2026-12-09)"
    assert "2026-12-09" in status_line(revoked, "ko", NOW)


def test_four_levels_and_friendly_errors() -> None:
    assert [level_of(v) for v in Verdict] == ["verified", "warning", "unconfirmed", "failed"]
    assert level_of("nonsense") == "failed"
    assert [verdict_for(level_of(v)) for v in Verdict] == list(Verdict)
    assert verdict_for("nonsense") is Verdict.NOT_VERIFIED
    assert friendly_error(OfferUsedError("x")) == (
        "This offer was already used or has expired. Ask the issuer for a new one."
    )
    assert friendly_error(ShareUnavailableError("x", status=404)).startswith(
        "This link is not available: it was withdrawn, has expired or is mistyped"
    )
    assert friendly_error(ExchangeError("declined", error="cancelled")).startswith(
        "Nothing was received"
    )
    assert friendly_error(WalletError("the reason")) == "The reason."
    assert unique_titles([("a", "Notes"), ("b", "Notes"), ("c", "Other"), ("d", "notes")]) == {
        "a": "Notes",
        "b": "Notes (2)",
        "c": "Other",
        "d": "notes (3)",
    }


def test_layout_follows_the_width() -> None:
    state = AppState(width=1280)
    assert not state.compact and len(state.nav_items()) == 7
    state.resize(390)
    assert state.compact and state.nav_items() == (
        "credentials",
        "receive",
        "present",
        "verify",
        "more",
    )
    state.navigate(4)  # "More"
    assert state.more and state.nav_index() == 4
    state.go("settings")
    assert not state.more and state.screen == "settings" and state.nav_index() == 4
    state.navigate(1)
    assert state.screen == "receive" and state.nav_index() == 1
    state.resize(COMPACT_WIDTH)
    assert not state.compact and state.nav_index() == 1
    state.resize(None)  # an event without a width changes nothing
    assert state.width == COMPACT_WIDTH
    state.open_competency("fw", "https://case.example/CFItems/1")
    assert (state.screen, state.framework, state.focus_item) == (
        "competencies",
        "fw",
        "https://case.example/CFItems/1",
    )


def test_state_is_observable() -> None:
    state = AppState()
    changed: list[str | None] = []

    def listener(_sender: object, name: str | None) -> None:
        changed.append(name)

    state.subscribe(listener)  # held weakly by the observable: keep a reference
    state.go("verify")
    state.toggle("c1")
    assert "screen" in changed and "selection" in changed


# --- with a wallet ---------------------------------------------------------------------------


@pytest.fixture
def app(tmp_path: Path):
    with wallet_app(tmp_path / "home", PASSPHRASE) as opened:
        yield opened


def _profiles(app: App) -> list[tuple[str, str, bool]]:
    return [(p.id, p.name, p.is_current) for p in app.wallet.profiles.all()]


def _badges(app: App, *names: str) -> dict[str, str]:
    return demo_badges(app, *names)


def test_facts_up_front_and_results_with_their_labels(app: App) -> None:
    # The detail reads the share page's own card of the credential (one view model).
    ids = _badges(app, "data-analysis", "python", "visualization")
    grade = app.c.credential_card(ids["data-analysis"], "en")
    assert [(r.label, r.value) for r in grade.results] == [("Final grade", "A")]
    assert grade.issued and grade.expires is None and not grade.expired
    assert any(c.case and c.url for c in grade.competencies)
    python = app.c.credential_card(ids["python"], "en")
    # "91%", as the share page writes it (the detail's own "91 %" was a second spelling)
    assert [(r.label, r.value) for r in python.results] == [("Practical exam", "91%")]
    rubric = app.c.credential_card(ids["visualization"], "ko")
    assert [(r.label, r.value) for r in rubric.results] == [
        ("Portfolio rubric", "Proficient")
    ]  # the rubric level's name, not its id
    proof = next(line for line in python.checks if line.id.value == "proof")
    assert proof.title == "Signature" and "nothing was changed" in proof.text
    assert "eddsa" in (proof.technical or "")  # the technical text, in small print


def test_the_credential_list_and_detail(app: App) -> None:
    ids = _badges(app, "data-analysis", "teamwork")
    tree = Tree(CredentialsScreen, app, app.state)
    text = tree.text()
    assert "Data Analysis Fundamentals" in text and "Teamwork" in text
    assert "status checked today" in text
    # the day it came, as the reader's language writes dates (not 2026-12-07)
    received = app.wallet.credentials.get(ids["teamwork"]).summary.received_at
    assert f"received {format_date(received, 'en')}" in text
    assert f"received {received[:10]}" not in text
    chips = [c.label.value for c in tree.find(kind=ft.Chip)]
    assert chips == ["All", "Verified", "With warnings", "Issuer not confirmed", "Not verified"]
    tree.fire(tree.one(key="search", kind=ft.TextField), "change", "teamwork")
    assert app.state.query == "teamwork"
    tree.render()
    assert "Data Analysis Fundamentals" not in tree.text()

    app.state.open_detail(ids["data-analysis"])
    detail = Tree(DetailScreen, app, app.state)
    text = detail.text()
    assert "Final grade: A" in text and "Does not expire" in text
    assert text.index("Issued ") < text.index("Final grade: A")  # issued up front
    assert "status checked today" in text
    button = next(
        c
        for c in detail.find(kind=ft.TextButton)
        if isinstance(c.content, str) and c.content.startswith("DS.")
    )
    detail.fire(button)  # an alignment opens the wallet's own competency view
    assert app.state.screen == "competencies" and app.state.focus_item


def test_receiving_says_what_to_paste_and_clears_the_last_result(app: App) -> None:
    tree = Tree(ReceiveScreen, app, app.state)
    tree.click("Receive", key="receive-go")
    assert "Paste the offer link first" in tree.text()
    tree.type("Offer link", "openid-credential-offer://?credential_offer=%7Bnot-json")
    tree.click("Receive", key="receive-go")
    assert "Could not receive: The credential offer is not valid JSON." in tree.text()
    assert "Paste the offer link first" not in tree.text()  # a new attempt clears the last


def test_a_work_sample_is_linked_from_the_portfolio(app: App) -> None:
    ids = _badges(app, "teamwork")
    sample = app.wallet.portfolio.attach_link("https://example.org/retro-notes", credential_ids=[])
    tree = Tree(PortfolioScreen, app, app.state)
    assert "Nothing yet." in tree.text()  # no reflections
    picker = tree.one(key=f"link-artifact-{sample.id[:8]}")
    tree.fire(picker, "select", ids["teamwork"])
    assert app.wallet.portfolio.artifacts()[0].credential_ids == (ids["teamwork"],)
    app.state.changed()
    tree.render()
    chips = [c.label.value for c in tree.find(kind=ft.Chip)]
    assert chips == ["Teamwork"]
    tree.fire(tree.one(kind=ft.Chip), "delete")
    assert app.wallet.portfolio.artifacts()[0].credential_ids == ()


def test_settings_manage_profiles_and_trust_lists(app: App) -> None:
    tree = Tree(SettingsScreen, app, app.state)
    text = tree.text()
    assert "School (current)" in text and "Trusted issuers" in text
    tree.type("Issuer (DID or https address)", "did:web:riverside.example.edu")
    tree.type("Its name (optional)", "Riverside")
    tree.click("Trust", key="trust-add")
    app.state.changed()
    tree.render()
    assert "Riverside" in tree.text()
    assert [e.id for e in app.wallet.trust.lists()[0].entries] == ["did:web:riverside.example.edu"]
    tree.type("Issuer (DID or https address)", "riverside")
    tree.click("Trust", key="trust-add")
    assert tree.find(key="trust-error")  # refused, with the reason
    tree.click("Rename")
    tree.type("New name", "Study")
    tree.fire(tree.one(kind=ft.IconButton, label="Rename"))
    assert app.wallet.profiles.current.name == "Study"


def test_verify_says_what_is_missing(app: App) -> None:
    tree = Tree(VerifyScreen, app, app.state)
    tree.click("Verify", key="verify-go")
    assert "Paste a share link" in tree.text()
    tree.type("Link or JSON", '{"not": "a credential"}')
    tree.click("Verify", key="verify-go")
    assert tree.find(key="verify-verdict") and "Not verified" in tree.text()


def test_competencies_with_evidence_never_show_none(app: App) -> None:
    _badges(app, "data-analysis", "teamwork")
    app.wallet.competencies.import_sample()
    tree = Tree(CompetenciesScreen, app, app.state)
    assert tree.find(key="chart-flower") and tree.find(key="chart-growth")
    cmap = app.wallet.competencies.map()
    for _depth, comp in cmap.tree(next(iter(cmap.frameworks))):
        if comp.all_credentials or comp.learner:
            assert shown_level(comp) >= 1, comp.label
    assert "1 credential" in tree.text() or "2 credentials" in tree.text()
    assert "(s)" not in tree.text()


def test_a_profile_is_deleted_only_after_confirming(app: App) -> None:
    app.c.add_profile("Work", "passphrase two")  # becomes current
    work = next(pid for pid, name, _current in _profiles(app) if name == "Work")
    school = next(pid for pid, name, _current in _profiles(app) if name == "School")
    app.c.switch_profile(school)
    app.c.unlock(PASSPHRASE)
    tree = Tree(SettingsScreen, app, app.state)
    delete = tree.one(label="Delete", kind=ft.TextButton)
    asked: list[str] = []

    def decline() -> None:
        if app.state.question is not None:
            asked.append(app.state.question.payload[0])
            app.state.reply(False)

    tree.fire(delete, during=decline)
    assert asked == ["Delete the profile Work?"]
    assert [name for _pid, name, _c in _profiles(app)] == ["School", "Work"]

    def confirm() -> None:
        if app.state.question is not None:
            app.state.reply(True)

    tree.fire(tree.one(label="Delete", kind=ft.TextButton), during=confirm)
    assert [name for _pid, name, _c in _profiles(app)] == ["School"]
    assert app.toasts[-1] == "Deleted the profile Work"
    assert work not in [pid for pid, _n, _c in _profiles(app)]


def test_questions_are_answered_once() -> None:
    from wallet.ui.state import Question

    state = AppState()
    answers: list[object] = []
    state.ask(Question("confirm", ("t", "b", "a"), answers.append))
    state.reply(True)
    state.reply(False)  # no open question: nothing happens
    assert answers == [True] and state.question is None


def test_the_app_opens_unlocked_after_warming_up(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        first = AppController(tmp_path / "home")
        assert first.open_phase() == "first_run"
        first.create_profile("School", "passphrase", PASSPHRASE)
        first.close()
        given = AppController(tmp_path / "home", passphrase=PASSPHRASE)
        given.warm_up()  # unlocks in the background (Argon2id) before the window connects
        assert given.open_phase() == "main"
        given.close()
        asked = AppController(tmp_path / "home")  # no passphrase given: the unlock screen
        asked.warm_up()
        assert asked.open_phase() == "unlock"
        asked.close()
    finally:
        keyring.set_keyring(previous)
