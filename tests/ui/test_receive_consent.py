"""The receive consent as the app asks it (:class:`wallet.ui.controller.Asker` and the dialog),
without a browser: one typed question, every credential named (a batch's too), the issuer's name
marked as its own claim unless a trust list recognises it, and a declined or unanswered
question never taken for a yes."""

from __future__ import annotations

from typing import Any

import flet as ft
from flet_harness import controls_in

from wallet.result import Recognition
from wallet.services import Consent, Decision, TxCode
from wallet.services.receiving import OfferedCredential
from wallet.ui.context import App
from wallet.ui.controller import Asker
from wallet.ui.dialogs import question_dialog
from wallet.ui.state import AppState, Question

COURSES = tuple(
    OfferedCredential("course", "Course badge", "ldp_vc", identifier=f"c-{n}") for n in range(1, 11)
)
BATCH = Consent(
    issuer="https://riverside.example",
    issuer_name="Riverside (its own name)",
    credentials=COURSES,
    flow="pre-authorized",
    granted=True,
)


def _dialog(consent: Consent, lang: str = "en") -> tuple[list[str], AppState]:
    state = AppState(lang=lang)
    answers: list[Any] = []
    state.ask(Question("consent", consent, answers.append))
    app = App(None, state)  # type: ignore[arg-type] - the dialog needs no controller
    dialog = question_dialog(app, state)
    texts = [
        c.value for c in controls_in(dialog) if isinstance(c, ft.Text) and isinstance(c.value, str)
    ]
    return texts, state


def test_the_dialog_names_every_credential_of_a_batch() -> None:
    texts, _state = _dialog(BATCH)
    assert [x for x in texts if x.startswith("• ")] == [
        f"• Course badge (c-{n})" for n in range(1, 11)
    ]
    assert "Riverside (its own name) will send you 10 credentials" in texts
    assert "The name is the issuer's own: no trust list you keep names this issuer." in texts
    korean, _ = _dialog(BATCH, "ko")
    assert "Riverside (its own name)에서 자격증명 10개를 보냅니다" in korean


def test_a_recognised_issuer_is_named_by_the_list_and_a_code_is_announced() -> None:
    listed = Recognition(
        list_name="My trusted issuers",
        name="Riverside Community College",
        matched="https://riverside.example",
    )
    consent = Consent(
        issuer="https://riverside.example",
        issuer_name="Riverside (own name)",
        credentials=COURSES[:1],
        flow="pre-authorized",
        recognised=listed,
        tx_code=TxCode(input_mode="numeric", length=4),
    )
    texts, state = _dialog(consent)
    assert "Riverside Community College offers you" in texts
    assert 'Recognised by your trust list "My trusted issuers".' in texts
    assert "You will be asked for the transaction code the issuer sent you." in texts


def test_the_asker_turns_the_dialogs_answer_into_a_decision() -> None:
    def answered(value: Any) -> Decision:
        def show(consent: Consent, answer: Any) -> None:
            assert consent is BATCH  # the dialog is shown the typed consent itself
            answer(value)

        return Asker(show, lambda *_a: None, lambda _u: None, lambda _m: None).consent(BATCH)

    assert answered(True) is Decision.ACCEPT
    assert answered(False) is Decision.DECLINE
    assert answered(None) is Decision.DECLINE  # the window was locked: no answer is a no
    assert answered("yes") is Decision.DECLINE  # only the Accept button accepts
    assert not Decision.DECLINE and Decision.ACCEPT
