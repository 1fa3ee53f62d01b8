""" "Respond to a request" without a browser: the Respond screen rendered as Flet components
(tests/ui/flet_harness.py) against our real verifier (the share service's, on 127.0.0.1) and the
demo issuer's VC-API delivery exchange — requests read, answered and declined over real HTTP,
nothing mocked."""

from __future__ import annotations

import json
from pathlib import Path

import flet as ft
import pytest
from flet_harness import Tree, demo_badges, wallet_app

from wallet.exchange.verifier import Ask
from wallet.i18n import STRINGS, t
from wallet.services.serving import serve_share_service
from wallet.ui.context import App
from wallet.ui.screens.present import PresentScreen
from wallet.ui.screens.receive import ReceiveScreen
from wallet.ui.screens.respond import RespondScreen
from wallet.ui.screens.verify import VerifyScreen

PASSPHRASE = "respond view passphrase"
READ = "Read the request"


@pytest.fixture
def app(tmp_path: Path):
    with wallet_app(tmp_path / "home", PASSPHRASE) as opened:
        yield opened


@pytest.fixture
def employer(tmp_path: Path):
    """The share service with its verifier (named as an employer names it)."""
    with serve_share_service(database_url=str(tmp_path / "shares.db"), dev=True) as running:
        running.share.verifier.name = "Riverside Transit"
        yield running


def _badges(app: App, *names: str) -> dict[str, str]:
    return demo_badges(app, *names)


def _ask(employer, *, prefix: str = "redirect_uri", **ask) -> tuple[str, object]:
    verifier = employer.share.verifier
    made = verifier.create([Ask(**ask)], purpose="Junior data analyst", prefix=prefix)
    return verifier.link(made), made


def _read(app: App, link: str) -> Tree:
    tree = Tree(RespondScreen, app, app.state)
    tree.type("Request link", link)
    tree.click(READ, key="respond-go")
    return tree


def _seen(request) -> list[str]:
    """The names of the credentials the verifier received."""
    names = []
    for check in request.answer.presentations:
        for credential, _result in check.credentials:
            names.append(credential["name"] if isinstance(credential, dict) else "a JWT")
    return names


def test_the_respond_screen_says_what_to_paste(app: App) -> None:
    tree = Tree(RespondScreen, app, app.state)
    assert "Paste the link the employer gave you" in tree.text()
    tree.click(READ, key="respond-go")
    assert "Paste the request link first" in tree.one(key="respond-error").content.controls[1].value
    tree.type("Request link", "openid4vp://?client_id=x")
    tree.click(READ, key="respond-go")
    error = tree.one(key="respond-error").content.controls[1].value
    assert error and "Traceback" not in error and "Paste the request link" not in error


def test_present_and_verify_open_the_respond_screen(app: App) -> None:
    app.state.go("present")
    tree = Tree(PresentScreen, app, app.state)
    tree.click("Respond to a request", key="respond-open")
    assert app.state.responding and app.state.screen == "present"
    tree = Tree(RespondScreen, app, app.state)
    tree.fire(tree.one(key="respond-back"))
    assert not app.state.responding
    app.state.go("verify")
    Tree(VerifyScreen, app, app.state).click("Respond to a request", key="respond-open")
    assert app.state.responding and app.state.screen == "verify"
    app.state.go("credentials")  # navigating away closes it
    assert not app.state.responding


NAMES = {"data-analysis": "Data Analysis Fundamentals", "python": "Python Programming I"}


def _texts(control) -> list[str]:
    return [
        c.value
        for c in Tree(lambda: control).controls
        if isinstance(c, ft.Text) and isinstance(c.value, str)
    ]


def test_a_request_previewed_chosen_and_sent(app: App, employer) -> None:
    ids = _badges(app, "data-analysis", "python")
    app.wallet.portfolio.reflect(
        "I cleaned a messy bike-share data set.", credential_ids=[ids["python"]]
    )
    link, request = _ask(employer)
    tree = _read(app, link)
    text = tree.text()
    assert "Riverside Transit" in text and "Not verified" in text
    assert "The request is not signed, so anyone could have made it" in text
    assert f"answers go to {employer.url.split('://')[1]}" in text
    assert "Open Badge (Data Integrity)" in text
    # the other format is accepted too, and said so: none of these is a VC-JWT
    assert "Also accepted, but none of your credentials matches: Open Badge (VC-JWT)" in text
    # both badges to choose from; none may be left out (the VC-JWT one cannot stand in)
    radios = tree.find(kind=ft.Radio)
    assert sorted(r.label.split(" — ")[0] for r in radios) == sorted(NAMES.values())
    assert "Required" in text and "Send none for this" not in text
    proposed = tree.one(key="respond-pick-c1_ldp", kind=ft.RadioGroup).value
    assert proposed == radios[0].value  # the first that matches
    if proposed == ids["python"]:  # start from the one without the reflection
        tree.fire(
            tree.one(key="respond-pick-c1_ldp", kind=ft.RadioGroup), "change", ids["data-analysis"]
        )
    (card,) = tree.find(key="respond-disclosed")
    issuer = app.wallet.credentials.get(ids["data-analysis"]).summary.issuer_name
    assert _texts(card)[:2] == ["Data Analysis Fundamentals", f"Issued by {issuer}"]
    assert not tree.find(key="respond-own")  # the reflection is on the other badge

    # another choice: what will be disclosed follows, with the reflection linked to it
    tree.fire(tree.one(key="respond-pick-c1_ldp", kind=ft.RadioGroup), "change", ids["python"])
    (card,) = tree.find(key="respond-disclosed")
    assert _texts(card)[0] == "Python Programming I"
    fields = next(c for c in Tree(lambda: card).controls if isinstance(c, ft.ExpansionTile))
    assert fields.title.value.startswith("All ")  # every field, folded away
    assert any(t.startswith("name: Python Programming I") for t in _texts(fields.controls))
    # the learner's own work stays home until they include it (the switch, as on Present)
    assert not tree.find(key="respond-own")
    tree.fire(tree.one(label="Include my reflections", kind=ft.Switch), "change", True)
    assert "Your reflection “I cleaned a messy bike-share data set.”" in _texts(
        tree.one(key="respond-own")
    )
    app.state.include_reflections = False
    tree.render()
    assert not tree.find(key="respond-own")
    app.state.include_reflections = True
    tree.render()

    tree.click("Send", key="respond-send")
    # unsigned: sent to the address the answer went to, not to the name the request gave itself
    assert f"Sent to {employer.url.split('://')[1]}." in tree.text()
    assert request.status == "answered" and request.answer.verified
    # the chosen badge, and the learner's own record with the reflection (signed by them)
    assert _seen(request) == ["Python Programming I", "Learner record"]
    assert "bike-share" in json.dumps([c.document for c in request.answer.presentations])
    redirect = tree.one(key="respond-redirect").value
    assert redirect.startswith(employer.url) and not app.opened  # shown, not followed
    tree.fire(tree.one(key="respond-open-link"))  # opened when the learner asks
    assert app.opened == [redirect]


def test_decline_sends_access_denied(app: App, employer) -> None:
    _badges(app, "data-analysis")
    link, request = _ask(employer, prefix="decentralized_identifier")
    tree = _read(app, link)
    # a did:key: signed, but anyone can make one — not a verified requester
    assert tree.one(key="respond-trust").content.controls[1].value == "Signed — sender not verified"
    assert "The request is signed with an identifier (a DID) that anyone can make" in tree.text()
    tree.click("Decline", key="respond-decline")
    assert "Declined: nothing was shared." in tree.text()
    assert request.status == "waiting" and request.declined.startswith("access_denied")


FAMOUS = "Samsung Electronics — Talent Acquisition"


def test_a_did_key_request_is_never_shown_as_a_verified_requester(app: App, employer) -> None:
    """A fresh did:key anyone can mint, calling itself by a famous name: the DID is who asks,
    the name is its claim, the marker is not "Verified" — in English and in Korean."""
    _badges(app, "data-analysis")
    employer.share.verifier.name = FAMOUS
    link, request = _ask(employer, prefix="decentralized_identifier")
    tree = _read(app, link)
    did = request.client_id.removeprefix("decentralized_identifier:")
    assert tree.one(key="respond-verifier").value == did  # not the famous name
    chip = tree.one(key="respond-trust").content.controls[1].value
    assert chip == "Signed — sender not verified"
    assert (
        tree.one(key="respond-claimed").value
        == f"It calls itself “{FAMOUS}”: its own claim, which nothing confirms."
    )
    host = employer.url.split("://")[1]
    assert tree.one(key="respond-origin").value == f"Your answer goes to {host}"
    assert not tree.find(key="respond-logo")
    assert f"Exactly what {host} will receive" in tree.text()
    assert not [c for c in tree.find(kind=ft.Text) if c.value == FAMOUS]
    app.state.lang = "ko"
    tree.render()
    assert tree.one(key="respond-trust").content.controls[1].value == t("respond.integrity", "ko")
    assert (
        FAMOUS in tree.one(key="respond-claimed").value
        and "주장" in tree.one(key="respond-claimed").value
    )


def test_a_did_web_request_is_shown_as_its_domain(app: App, employer) -> None:
    _badges(app, "data-analysis")
    employer.share.verifier.name = FAMOUS
    link, _request = _ask(employer, prefix="did_web")
    tree = _read(app, link)
    host = employer.url.split("://")[1]
    assert tree.one(key="respond-verifier").value == host  # the domain its document proves
    assert tree.one(key="respond-trust").content.controls[1].value == "Verified"
    assert FAMOUS in tree.one(key="respond-claimed").value
    assert (
        f"a key that the DID document served by {host} lists" in tree.one(key="respond-how").value
    )
    tree.click("Send", key="respond-send")
    assert f"Sent to {host}." in tree.text()


def test_nothing_matches_is_said_plainly_and_declined(app: App, employer) -> None:
    _badges(app, "teamwork")
    link, request = _ask(employer, competency="Interpretive dance")
    tree = _read(app, link)
    text = tree.text()
    assert f"None of your credentials matches what {employer.url.split('://')[1]} asks for" in text
    assert not tree.find(key="respond-send")
    tree.click("Decline", key="respond-decline")
    assert "the verifier was told that none of your credentials matches" in tree.text()
    assert request.status == "waiting" and "no credential" in request.declined


def test_korean_shows_our_own_words(app: App, employer) -> None:
    _badges(app, "data-analysis")
    app.state.lang = "ko"
    link, _request = _ask(employer)
    tree = Tree(RespondScreen, app, app.state)
    tree.type("요청 링크", link)
    tree.click("요청 읽기", key="respond-go")
    text = tree.text()
    assert "확인되지 않음" in text and "서명이 없어" in text
    assert "오픈 배지 (Data Integrity)" in text and "보여 줄 역량: " not in text
    # what is read without opening "details" (an expansion tile's children): no English of
    # ours — neither our strings nor the service's sentences
    details = {
        c.value
        for tile in tree.find(kind=ft.ExpansionTile)
        for c in Tree(lambda tile=tile: tile.controls).controls
        if isinstance(c, ft.Text)
    }
    shown = [
        c.value if isinstance(c, ft.Text) else c.content
        for c in tree.controls
        if isinstance(getattr(c, "value" if isinstance(c, ft.Text) else "content", None), str)
    ]
    shown = [line for line in shown if line not in details]
    ours = [
        v
        for k, v in STRINGS["en"].items()
        if k.startswith(("respond.", "present.")) and "{" not in v and len(v) > 3
    ]
    english = [line for line in shown for phrase in ours if phrase in line]
    english += [
        line
        for line in shown
        if "not signed" in line or "Data Integrity)" not in line and "Open Badge" in line
    ]
    assert not english, english
    assert any("not signed" in line for line in details)  # the service's words, under details


def test_an_offer_link_goes_to_receive(app: App, http_server) -> None:
    offer = "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fissuer.example%2Fo"
    tree = Tree(RespondScreen, app, app.state)
    tree.type("Request link", offer)
    tree.click(READ, key="respond-go")
    assert app.state.screen == "receive" and app.state.offer_link == offer
    assert "offer of credentials" in app.toasts[-1]
    receive = Tree(ReceiveScreen, app, app.state)
    assert receive.one(key="offer-link", kind=ft.TextField).value == offer
    # an interaction URL that offers only OID4VCI: an offer too
    http_server.routes["/interactions/x?iuv=1"] = (
        200,
        "application/json",
        json.dumps({"protocols": {"oid4vci-1.0": offer}}).encode(),
    )
    app.state.offer_link = None
    app.state.go("present")
    app.state.open_respond()
    _read(app, http_server.url("/interactions/x?iuv=1"))
    assert app.state.screen == "receive" and app.state.offer_link == offer


def test_credentials_a_vcapi_exchange_delivers_are_listed_as_received(
    app: App, demo_issuer
) -> None:
    link = demo_issuer.issuer.delivery.create(("teamwork",))
    tree = _read(app, link)
    assert tree.find(key="respond-did-auth")
    assert "without a secure connection" in tree.text()  # http on this computer
    asked: list[str] = []

    def keep() -> None:
        if app.state.question is not None:
            asked.append(app.state.question.payload[1])
            app.state.reply(True)

    before = app.state.revision
    tree.fire(tree.one(label="Send", key="respond-send"), during=keep)
    assert asked == ["The exchange delivers: Teamwork. Keep them in your wallet?"]
    text = tree.text()
    assert "Received 1 credential" in text and "• Teamwork" in text
    assert app.state.revision > before  # the credential list reads again
    assert [c.name for c in app.wallet.credentials.search().items] == ["Teamwork"]


def test_an_exchange_that_asks_again_is_stopped_and_said_so(app: App, demo_issuer) -> None:
    """One consent, one presentation: an exchange that asks for another after the learner's
    answer gets nothing more, and the learner is told in their language."""
    link = demo_issuer.issuer.delivery.create(("teamwork",), misbehave="again")
    app.state.lang = "ko"
    tree = Tree(RespondScreen, app, app.state)
    tree.type("요청 링크", link)
    tree.click("요청 읽기", key="respond-go")
    tree.click(t("respond.send", "ko"), key="respond-send")
    stopped = tree.one(key="respond-stopped").content.controls[1].value
    assert stopped == t("respond.stopped.asks_again", "ko")
    exchange = list(demo_issuer.issuer.delivery.exchanges.values())[-1]
    assert len(exchange.received) == 1
