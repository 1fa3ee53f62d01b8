"""The learner's identity in the app, without a browser: first run asks for the learner's name
(the one employers see, also the profile's), Settings' "About you" edits name, headline,
links and photo (a real image, checked and kept small by the wallet; a file that is not one
refused in words), and presentations carry what was given."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path

import flet as ft
import pytest
from flet_harness import Tree
from PIL import Image
from vault_helpers import no_keyring

from wallet.demo import DemoIssuer
from wallet.ui.context import App
from wallet.ui.controller import AppController
from wallet.ui.screens.first_run import FirstRun
from wallet.ui.screens.settings import SettingsScreen
from wallet.ui.state import AppState

PASSPHRASE = "correct horse battery"


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[App]:
    with no_keyring():  # no keyring: first run offers the passphrase
        controller = AppController(tmp_path / "home", dev=True)
        try:
            yield App(controller, AppState(phase="first_run"))
        finally:
            controller.close()


def _photo(size: tuple[int, int] = (1200, 900)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (40, 90, 160)).save(out, "PNG")
    return out.getvalue()


def test_first_run_asks_for_the_learners_name(fresh: App) -> None:
    tree = Tree(FirstRun, fresh, fresh.state)
    field = tree.one(key="learner-name", kind=ft.TextField)
    assert field.label == "Your name" and "employers" in field.helper
    tree.type("Passphrase (at least 8 characters)", PASSPHRASE)
    tree.type("Repeat the passphrase", PASSPHRASE)
    tree.click("Create my wallet")
    assert "Type your name: employers see it on what you share." in tree.text()
    assert fresh.c.needs_first_run()  # nothing was made
    tree.type("Your name", "  Jimin   Park ")
    tree.click("Create my wallet")
    assert fresh.state.phase == "main"
    assert fresh.c.service.profiles.identity().name == "Jimin Park"  # what employers see
    assert fresh.c.service.profiles.current.name == "Jimin Park"  # and the profile's name
    issuer = DemoIssuer("http://127.0.0.1:9")
    doc = issuer.sign_ldp(issuer.badge_credential("teamwork", fresh.c.service.did, status=False))
    rid = fresh.c.service.credentials.add(json.dumps(doc).encode(), name="teamwork.json").id
    view = fresh.wallet.presenting.preview_record(
        [rid], reflections=False, artifacts=False, lang="en"
    )[1]
    assert view.learner.name == "Jimin Park"  # carried in what is presented
    assert view.learner.presented == "Presented by Jimin Park"


def test_first_run_in_korean(fresh: App) -> None:
    fresh.state.lang = "ko"
    tree = Tree(FirstRun, fresh, fresh.state)
    assert tree.one(key="learner-name", kind=ft.TextField).label == "이름"
    tree.click("지갑 만들기")
    assert "이름을 입력하세요. 공유하는 자료에서 고용주가 보게 됩니다." in tree.text()


@pytest.fixture
def app(fresh: App) -> App:
    fresh.c.create_profile("School", "passphrase", PASSPHRASE, learner="Jimin Park")
    fresh.state.phase = "main"
    return fresh


def test_settings_about_you_edits_name_headline_and_links(app: App) -> None:
    tree = Tree(SettingsScreen, app, app.state)
    text = tree.text()
    assert "About you" in text and tree.one(key="about-name").value == "Jimin Park"
    assert text.index("About you") < text.index("School (current)")  # people first
    tree.type("Your name", "Jimin Park-Lee")
    tree.type("Headline (optional)", "Data analyst")
    tree.type(
        "Your links (optional, one a line)",
        "https://portfolio.example/jimin\nhttps://www.linkedin.com/in/jimin ",
    )
    tree.click("Save", key="about-save")
    me = app.wallet.profiles.identity()
    assert (me.name, me.headline) == ("Jimin Park-Lee", "Data analyst")
    assert me.links == ("https://portfolio.example/jimin", "https://www.linkedin.com/in/jimin")
    assert app.toasts[-1].startswith("Saved")
    assert tree.one(key="about-name").value == "Jimin Park-Lee"  # shown as it now is
    assert "Data analyst" in tree.text()
    assert app.wallet.profiles.current.name == "School"  # the profile keeps its own name

    tree.type("Your links (optional, one a line)", "portfolio.example")
    tree.click("Save", key="about-save")
    error = tree.one(key="about-error")
    assert "is not a web address" in error.content.controls[1].value
    assert app.wallet.profiles.identity().links == me.links  # nothing changed
    tree.type("Your name", "   ")
    tree.click("Save", key="about-save")
    assert "Your name cannot be empty" in tree.text()
    assert app.wallet.profiles.identity().name == "Jimin Park-Lee"


def test_settings_about_you_chooses_and_removes_a_photo(app: App) -> None:
    picked: list[tuple[str, bytes] | None] = []

    async def pick(allowed: list[str] | None = None) -> tuple[str, bytes] | None:
        assert allowed and "jpg" in allowed and "png" in allowed  # images offered
        return picked.pop(0)

    app.pick = pick  # type: ignore[method-assign]  # the learner's choice in the file dialog
    tree = Tree(SettingsScreen, app, app.state)
    assert tree.find(key="about-no-photo") and not tree.find(key="photo-remove")
    picked.append(("me.png", _photo()))
    tree.fire(tree.one(key="photo-choose"))
    photo = app.wallet.profiles.identity().photo
    assert photo and photo.startswith("data:image/jpeg;base64,")
    with Image.open(io.BytesIO(base64.b64decode(photo.split(",", 1)[1]))) as kept:
        assert max(kept.size) <= 256  # kept small
    image = tree.one(key="about-photo", kind=ft.Image)
    assert image.src == base64.b64decode(photo.split(",", 1)[1])  # shown with the photo
    assert app.toasts[-1] == "Photo saved"

    picked.append(("notes.png", b"this is not a picture"))
    tree.fire(tree.one(key="photo-choose"))
    assert "the photo is not an image this wallet can read" in tree.text().lower()
    assert app.wallet.profiles.identity().photo == photo  # the photo kept

    tree.fire(tree.one(key="photo-remove"))
    assert app.wallet.profiles.identity().photo is None
    assert tree.find(key="about-no-photo") and not tree.find(key="about-photo")
    picked.append(None)  # the dialog cancelled: nothing happens
    tree.fire(tree.one(key="photo-choose"))
    assert app.wallet.profiles.identity().photo is None
