"""The app's face against hostile text: what an issuer or a verifier wrote reaches a Flet
``Text`` as data — markup, ANSI sequences and controls are never interpreted (there is no
terminal and no HTML in a ``Text``) — and no bidi override or control in it can reorder the
app's own words: where one of our sentences is composed with such a value (the language layer),
the value's controls are shown as escapes; a raw one stays only where nothing of ours follows
it in the same ``Text`` (a ``Text`` is a paragraph of its own: an override ends with it)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import flet as ft
import pytest
from factories import badge
from flet_harness import Tree, wallet_app

from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.verifier import Ask
from wallet.proofs import dataintegrity as di
from wallet.services.serving import serve_share_service
from wallet.text import visible
from wallet.ui.context import App
from wallet.ui.screens.credentials import CredentialsScreen
from wallet.ui.screens.detail import DetailScreen
from wallet.ui.screens.respond import RespondScreen

KEY = Ed25519KeyPair.from_seed(bytes(range(2, 34)))
PASSPHRASE = "app escaping passphrase"
# markup, an ANSI sequence that would erase the line, a carriage return, a right-to-left
# override (what follows it reads backwards: "Not verified"), an isolate left open
HOSTILE = "<b>Evil</b>\x1b[2K\rVERIFIED \u202edeifirev toN\u2067"
VERIFIER = "Samsung\u202e [verified]\x1b[2K"


def _acting(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp") and char != "\n"


def _texts(tree: Tree) -> list[str]:
    return [c.value for c in tree.controls if isinstance(c, ft.Text) and isinstance(c.value, str)]


def assert_no_word_of_ours_after_a_control(tree: Tree, *hostile: str) -> None:
    """In every ``Text``, whatever follows a raw control or bidi character belongs to the
    hostile value it came in: the value ends the ``Text``."""
    for value in _texts(tree):
        first = next((i for i, c in enumerate(value) if _acting(c)), None)
        if first is None:
            continue
        tails = [h for h in hostile if value.endswith(h) and first >= len(value) - len(h)]
        assert tails, f"our words follow a control character in {value!r}"


@pytest.fixture
def app(tmp_path: Path):
    with wallet_app(tmp_path / "home", PASSPHRASE) as opened:
        yield opened


def _hostile_badge(app: App) -> str:
    doc = badge(KEY, name=HOSTILE, issuer={"id": KEY.did, "type": ["Profile"], "name": HOSTILE})
    doc["credentialSubject"]["id"] = app.wallet.did
    doc["credentialSubject"]["achievement"]["name"] = HOSTILE
    signed = di.sign(doc, KEY.signer(), created="2024-01-01T00:00:00Z")
    return app.wallet.credentials.add(json.dumps(signed).encode(), name="hostile.json").id


def test_a_hostile_credential_is_shown_as_data(app: App) -> None:
    rid = _hostile_badge(app)
    tree = Tree(CredentialsScreen, app, app.state)
    assert HOSTILE in _texts(tree)  # the name itself, as given: data in a Text of its own
    assert_no_word_of_ours_after_a_control(tree, HOSTILE)

    app.state.open_detail(rid)
    detail = Tree(DetailScreen, app, app.state)
    assert HOSTILE in _texts(detail)
    assert_no_word_of_ours_after_a_control(detail, HOSTILE)


def test_a_hostile_verifier_name_cannot_reorder_not_verified(app: App, tmp_path: Path) -> None:
    _hostile_badge(app)
    with serve_share_service(database_url=str(tmp_path / "shares.db"), dev=True) as running:
        verifier = running.share.verifier
        verifier.name = VERIFIER
        link = verifier.link(
            verifier.create([Ask()], purpose="Junior data analyst", prefix="redirect_uri")
        )  # unsigned
        tree = Tree(RespondScreen, app, app.state)
        tree.type("Request link", link)
        tree.click("Read the request", key="respond-go")
    name = tree.one(key="respond-verifier")
    assert VERIFIER not in name.value  # an unsigned request is shown by its origin, not its claim
    claimed = tree.one(key="respond-claimed")  # the claim, inside our sentence, escaped
    assert visible(VERIFIER) in claimed.value and VERIFIER not in claimed.value
    assert "Not verified" in tree.text()
    assert not any("Not verified" in v and VERIFIER in v for v in _texts(tree))
    assert_no_word_of_ours_after_a_control(tree, VERIFIER, HOSTILE)
