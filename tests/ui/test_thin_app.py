"""The thin app (issue 21, item 4): screens draw from what effects read in worker threads, never
calling a service while drawing or on the event loop. The wallet's services are wrapped in a stub
that refuses — and records — any call made while a component renders (``rendering()``) or from a
thread running an event loop (a handler's own body, or Flet's loop); the screens must still show
their data, and their handlers still work."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import flet as ft
import pytest
from flet_harness import Tree, demo_badges, rendering, wallet_app

from wallet.ui.context import App
from wallet.ui.screens.about_you import AboutYou
from wallet.ui.screens.competencies import CompetenciesScreen
from wallet.ui.screens.credentials import CredentialsScreen
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.portfolio import PortfolioScreen
from wallet.ui.screens.present import PresentScreen
from wallet.ui.screens.receive import ReceiveScreen
from wallet.ui.screens.settings import SettingsScreen

PASSPHRASE = "passphrase one"


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class Guarded:
    """A service (or the facade) that refuses to be used while a component renders or on an
    event loop's thread: each such use is recorded in ``misuse`` and raises."""

    def __init__(self, target: Any, misuse: list[str], path: str) -> None:
        object.__setattr__(self, "_target", target)
        object.__setattr__(self, "_misuse", misuse)
        object.__setattr__(self, "_path", path)

    def _check(self, name: str) -> None:
        where = (
            "while rendering" if rendering() else "on the event loop" if _on_event_loop() else None
        )
        if where:
            self._misuse.append(f"{self._path}.{name} {where}")
            raise AssertionError(f"{self._path}.{name} called {where}")

    def __getattr__(self, name: str) -> Any:
        target = object.__getattribute__(self, "_target")
        if isinstance(getattr(type(target), name, None), property):
            self._check(name)  # a property that reads (the facade's ``did``)
        value = getattr(target, name)
        if (
            type(value).__module__.startswith("wallet.services")
            and not isinstance(value, type)
            and not callable(value)
        ):
            return Guarded(value, self._misuse, f"{self._path}.{name}")
        if callable(value) and not isinstance(value, type):

            def call(*args: Any, **kwargs: Any) -> Any:
                self._check(name)
                return value(*args, **kwargs)

            return call
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(object.__getattribute__(self, "_target"), name, value)


@pytest.fixture
def guarded(tmp_path: Path):
    """An app over a wallet with two badges, a reflection and a work sample linked to one,
    and the sample framework — its services guarded from here on."""
    with wallet_app(tmp_path / "home", PASSPHRASE, learner="Jimin Park") as app:
        ids = demo_badges(app, "data-analysis", "python")
        service = app.c.service
        service.portfolio.reflect(
            "## What I learned\nCleaning data is most of the work.",
            credential_ids=[ids["data-analysis"]],
        )
        service.portfolio.attach_link(
            "https://example.org/notebook", credential_ids=[ids["data-analysis"]]
        )
        service.competencies.import_sample()
        misuse: list[str] = []
        app.c.service = Guarded(service, misuse, "wallet")
        yield app, ids, misuse
        app.c.service = service


def test_the_stub_catches_a_call_while_rendering(guarded) -> None:
    """The stub itself: a component that reads a service while drawing is caught."""
    app, _ids, misuse = guarded

    @ft.component
    def Careless(app: App) -> ft.Control:
        return ft.Text(str(app.c.service.credentials.search().total))

    with pytest.raises(AssertionError, match="while rendering"):
        Tree(Careless, app)
    assert misuse == ["wallet.credentials.search while rendering"]


def test_present_portfolio_detail_and_about_render_without_calling_a_service(guarded) -> None:
    app, ids, misuse = guarded
    state = app.state
    state.selection = [ids["data-analysis"]]
    present = Tree(PresentScreen, app, state)
    text = present.text()
    assert present.one(label="Data Analysis Fundamentals", kind=ft.Checkbox).value is True
    assert "You have not shared a link yet." in text
    assert "Your name: Jimin Park" in text  # what identifies the learner, read in the background

    portfolio = Tree(PortfolioScreen, app, state)
    text = portfolio.text()
    assert "Cleaning data is most of the work." in text and "https://example.org/notebook" in text

    state.open_detail(ids["python"])
    detail = Tree(DetailScreen, app, state)
    assert "Python Programming I" in detail.text()

    about = Tree(AboutYou, app, state)
    assert about.one(key="about-name").value == "Jimin Park"
    assert misuse == []


def test_the_other_screens_render_without_calling_a_service_too(guarded) -> None:
    app, _ids, misuse = guarded
    state = app.state
    for screen, shows in (
        (CredentialsScreen, "2 credentials"),
        (ReceiveScreen, "Receive credentials"),
        (CompetenciesScreen, "Apply for a job"),
        (SettingsScreen, "School (current)"),
    ):
        tree = Tree(screen, app, state)
        assert shows in tree.text(), screen
    assert misuse == []


def test_handlers_do_their_work_off_the_event_loop(guarded) -> None:
    """Handlers reach the services only through worker threads: deleting a work sample, adding
    a tag, previewing, saving an edit — the stub sees no call on the loop."""
    app, ids, misuse = guarded
    state = app.state
    state.open_detail(ids["python"])
    detail = Tree(DetailScreen, app, state)
    detail.type("Add tag", "portfolio")
    tag_button = [c for c in detail.controls if getattr(c, "tooltip", None) == "Add tag"]
    detail.fire(tag_button[0])
    assert "portfolio" in json.dumps(
        list(app.c.service._target.credentials.get(ids["python"]).summary.tags)
    )
    state.close_detail()
    state.selection = [ids["data-analysis"]]
    present = Tree(PresentScreen, app, state)
    present.click("Preview what the employer sees", key="preview-go")
    assert "Presented by Jimin Park" in present.text()
    assert misuse == []
