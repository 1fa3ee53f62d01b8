"""View state and the controller, without a browser."""

from __future__ import annotations

import io
import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from wallet.errors import InputError, WalletError
from wallet.services import Decision
from wallet.ui.controller import AppController, Asker
from wallet.ui.i18n import LANGUAGES, STRINGS, t
from wallet.ui.state import PAGE, AppState


def test_every_string_exists_in_every_language() -> None:
    english = set(STRINGS["en"])
    for lang in LANGUAGES:
        assert set(STRINGS[lang]) == english, lang
        for key in english:  # the same placeholders everywhere
            assert sorted(_fields(STRINGS[lang][key])) == sorted(_fields(STRINGS["en"][key])), key
    assert t("list.count", "ko", shown=3, total=9) == "9개 중 3개"
    assert t("nav.settings", "xx") == "Settings"  # an unknown language falls back to English


def _fields(text: str) -> list[str]:
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


def test_navigation_and_list_state() -> None:
    state = AppState()
    state.open_detail("abc")
    assert state.screen == "credentials" and state.detail == "abc"
    state.go("present")
    assert state.detail is None and state.screen == "present"
    with pytest.raises(ValueError):
        state.go("nowhere")
    state.shown = 3 * PAGE
    state.search("teamwork")
    assert state.query == "teamwork" and state.shown == PAGE  # a new search starts at the top
    state.show_more(total=70)
    assert state.shown == 70
    state.filter("warning")
    state.sort_by("name")
    assert (state.verdict, state.sort, state.shown) == ("warning", "name", PAGE)
    with pytest.raises(ValueError):
        state.filter("purple")


def test_selection_and_work_state() -> None:
    state = AppState()
    state.toggle("a")
    state.toggle("b")
    state.toggle("a")
    assert state.selection == ["b"]
    state.start("sharing")
    assert state.busy == "sharing"
    state.finish(notice="done")
    assert state.busy is None and state.take_notice() == "done" and state.take_notice() is None


@pytest.fixture
def controller(tmp_path: Path):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    c = AppController(tmp_path / "home", dev=True)
    try:
        yield c
    finally:
        c.close()
        keyring.set_keyring(previous)


def test_controller_first_run_lock_and_unlock(controller) -> None:
    assert controller.needs_first_run()
    assert not controller.keyring_available()
    controller.create_profile("School", "passphrase", "passphrase one")
    assert not controller.needs_first_run() and not controller.needs_unlock()
    assert controller.service.did.startswith("did:key:")
    controller.lock()
    assert controller.needs_unlock()
    with pytest.raises(WalletError):
        controller.unlock("wrong passphrase")
    controller.unlock("passphrase one")
    assert not controller.needs_unlock()


def test_a_lock_in_one_window_locks_every_window(controller) -> None:
    """Each window's state follows a lock made in any of them: an open question is declined,
    the unlock screen shows; a window closed is forgotten."""
    from wallet.ui.state import Question

    controller.create_profile("School", "passphrase", "passphrase one")
    windows = [AppState(phase="main", screen="present", detail="x") for _ in range(3)]
    answers: list[object] = []
    windows[1].ask(Question("consent", None, answers.append))
    forget = [controller.when_locked(w.locked) for w in windows]
    forget[2]()  # the third window was closed
    assert not controller.locked()
    controller.lock()
    assert controller.locked()
    assert [w.phase for w in windows] == ["unlock", "unlock", "main"]
    assert windows[0].detail is None and windows[1].question is None and answers == [None]
    controller.unlock("passphrase one")
    assert not controller.locked()
    windows[0].phase = "first_run"
    controller.lock()
    assert windows[0].phase == "first_run"  # only an open wallet drops to the unlock screen


def test_controller_import_reflect_attach_timeline(controller, issuer_badge: bytes) -> None:
    controller.create_profile("School", "passphrase", "passphrase one")
    added = controller.service.credentials.add(issuer_badge, name="badge.json")
    assert added.summary.verified
    page = controller.service.credentials.search(query="teamwork")
    assert page.total == 1
    assert controller.service.credentials.search(verdict="failed").total == 0
    controller.service.portfolio.reflect("# Learned\nA lot.", credential_ids=[added.id])
    portfolio = controller.service.portfolio
    portfolio.attach_file(
        io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(20)), name="shot.png", credential_ids=[added.id]
    )
    kinds = [
        kind
        for _date, kind, _title in portfolio.timeline(
            (c.received_at, c.name) for c in controller.service.credentials.all()
        )
    ]
    assert sorted(kinds) == ["artifact", "credential", "reflection"]
    with pytest.raises(InputError):
        controller.service.credentials.add(b"{not json", name="bad.json")
    _doc, verdict = controller.service.presenting.preview(
        [added.id], reflections=True, artifacts=True
    )
    assert verdict.verified and verdict.nested[0].evidence
    with pytest.raises(InputError):
        controller.service.presenting.preview([], reflections=True, artifacts=True)
    (json_name, signed), (pdf_name, pdf) = controller.export(
        [added.id], reflections=False, artifacts=False
    )
    assert json.loads(signed)["type"] == ["VerifiablePresentation"]
    assert pdf_name == json_name.replace(".json", ".pdf") and pdf.startswith(b"%PDF")
    result = controller.verifier.verify_text(signed.decode())
    assert result.verified
    assert controller.verifier.verify_image(b"not an image").verified is False


def test_asker_waits_for_the_screen() -> None:
    import threading

    answers: list[object] = []

    def consent(preview, answer):  # the screen answers later, from another thread
        threading.Timer(0.05, lambda: answer(True)).start()

    def tx_code(spec, problem, answer):
        answer("1234")

    asker = Asker(consent, tx_code, answers.append, lambda _m: None)
    assert asker.consent(object()) is Decision.ACCEPT
    assert asker.tx_code(object(), 1, None) == "1234"
    asker.authorize("https://issuer.example/login")
    assert answers == ["https://issuer.example/login"]


@pytest.fixture(scope="module")
def issuer_badge() -> bytes:
    from factories import signed_badge

    from wallet.crypto.keys import Ed25519KeyPair

    return json.dumps(signed_badge(Ed25519KeyPair.generate())).encode()


def test_cover_hands_its_choice_to_the_composer() -> None:
    state = AppState()
    state.require("https://x.example/CFItems/1")
    state.require("https://x.example/CFItems/2")
    state.require("https://x.example/CFItems/1")
    assert state.required == ["https://x.example/CFItems/2"]
    # by default the learner's own work stays home (issue 25, item 7) …
    assert state.own_evidence() == (False, False)
    state.include_reflections = state.include_artifacts = True  # … until they include it:
    assert state.own_evidence() == (True, True)  # all linked to the selection
    state.use_cover(["c1", "c2"], ["r1"], [])
    assert (state.screen, state.selection) == ("present", ["c1", "c2"])
    assert state.own_evidence() == (["r1"], [])
    state.include_reflections = False
    assert state.own_evidence() == (False, [])


def test_controller_competencies(controller) -> None:
    """Import (sample, bad file), the map, a cover, the learner's reflection on a competency
    riding along (with the one linked to a chosen credential), and chart export."""
    from wallet.demo.issuer import DemoIssuer

    controller.create_profile("School", "passphrase", "passphrase one")
    competencies = controller.service.competencies
    assert competencies.choices() == [] and competencies.list_frameworks() == []
    with pytest.raises(InputError, match="CASE package"):
        controller.service.competencies.import_framework(b'{"CFDocument": {}}', source="bad.json")
    assert controller.service.competencies.list_frameworks() == []
    meta = controller.service.competencies.import_sample()
    assert meta.items == 35 and len(controller.service.competencies.choices()) == 35
    issuer = DemoIssuer("http://127.0.0.1:9")
    ids = {}
    for badge in ("data-analysis", "python", "teamwork"):
        doc = issuer.sign_ldp(issuer.badge_credential(badge, controller.service.did, status=False))
        ids[badge] = controller.service.credentials.add(
            json.dumps(doc).encode(), name=f"{badge}.json"
        ).id
    uri = dict((label.split()[0], u) for u, label in controller.service.competencies.choices())
    mine = controller.service.portfolio.reflect(
        "Led our sprint reviews.", credential_ids=[], competencies=[uri["WS.1.1"]]
    )
    on_python = controller.service.portfolio.reflect(
        "Debugging diary.", credential_ids=[ids["python"]]
    )
    elsewhere = controller.service.portfolio.reflect(
        "Statistics notes.", credential_ids=[ids["data-analysis"]]
    )

    cmap = controller.service.competencies.map()
    fid = meta.identifier
    levels = {c.label.split()[0]: c.level for _d, c in cmap.tree(fid)}
    assert levels["DS.1.2"] == 4 and levels["WS.1.1"] == 1 and levels["DL.1"] == 0

    result, names = controller.cover([uri["WS.1.1"]], "DS.3.2\nAstrophysics")
    assert sorted(result.chosen) == sorted([ids["python"], ids["teamwork"]])
    assert result.uncovered == ("Astrophysics",)
    assert set(result.reflections) == {mine.id, on_python.id}
    assert elsewhere.id not in result.reflections
    assert names[ids["teamwork"]] == "Teamwork" and names[mine.id]
    with pytest.raises(InputError):
        controller.cover([], "  ")

    _doc, verdict = controller.service.presenting.preview(
        list(result.chosen), reflections=list(result.reflections), artifacts=[]
    )
    own = {ev.name for nested in verdict.nested for ev in nested.evidence if ev.learner}
    assert verdict.verified and own == {mine.title, on_python.title}

    files = controller.charts(fid, flower_title="Areas", growth_title="Growth")
    assert sorted(name for name, _data in files) == [
        "competency-areas.png",
        "competency-areas.svg",
        "competency-growth.png",
        "competency-growth.svg",
    ]
    assert files[0][1].startswith(b"\x89PNG") and b"Areas" in files[1][1]


def test_the_demo_wallet_starts_with_the_sample_framework(tmp_path: Path) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    demo, plain = AppController(tmp_path / "demo", demo=True), AppController(tmp_path / "own")
    try:
        demo.create_profile("Demo", "passphrase", "passphrase one")
        plain.create_profile("Mine", "passphrase", "passphrase one")
        assert [f.items for f in demo.service.competencies.list_frameworks()] == [35]
        # a learner's own wallet starts empty
        assert plain.service.competencies.list_frameworks() == []
    finally:
        demo.close()
        plain.close()
        keyring.set_keyring(previous)
