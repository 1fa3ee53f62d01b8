"""Employer mode: a share link, a credential's address, its JSON, an offline QR code's VP1 text,
a QR image or a PDF with its signed presentation — verified, and shown as the share page shows
it, from the same view model (:mod:`wallet.record.view`): a presentation as its record (the
learner by name, as given by them; the verdict in plain words; each credential once, with its
issuer, dates in the reader's words, grades with their labels, a transcript's parts,
competencies; the Open Badges 2.0 badges it carries; the learner's own content marked as theirs;
the checks folded away), one credential as its card (an Open Badges 2.0 badge as its own,
checked the OB 2.0 way). Errors in plain words ("This link is not available: …")."""

from __future__ import annotations

import flet as ft

from wallet.record.view import CredentialCard, RecordView
from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.preview import CardView, RecordPreview
from wallet.ui.screens.respond import RespondAction
from wallet.ui.state import AppState
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    Screen,
    VerdictChip,
    bound_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["VerifyScreen", "employer_controls"]


def employer_controls(app: App, view: RecordView | CredentialCard) -> list[ft.Control]:
    """What the employer reads, in order: the page's record, or one credential's verdict and
    card."""
    if isinstance(view, RecordView):
        return [RecordPreview(app, view, prefix="verify")]
    verdict = view.verdict
    return [
        ft.Row([VerdictChip(verdict.level, app.state.lang, large=True, key="verify-verdict")]),
        CardView(app, view, key="verify-card", chip=False),
    ]


@component
def VerifyScreen(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    shown, set_shown = ft.use_state(None)

    async def check(work: object) -> None:
        set_shown(None)
        try:
            view = await app.work(work, app.tr("verify.working"))  # type: ignore[arg-type]
        except EXPECTED as exc:
            set_shown(app.explain(exc))
            return
        set_shown(view)

    async def go() -> None:
        text = fields.get("input", "")
        if not text.strip():
            set_shown(app.tr("verify.empty"))
            return
        await check(lambda: app.c.check_text(text, state.lang))

    async def from_qr() -> None:  # a QR image (a link, an offline code), a badge or a PDF
        picked = await app.pick(["png", "jpg", "jpeg", "gif", "webp", "svg", "pdf"])
        if picked:
            await check(lambda: app.c.check_image(picked[1], state.lang))

    result: list[ft.Control] = []
    if isinstance(shown, str):
        result = [ErrorBox(shown, key="verify-error")]
    elif shown is not None:
        result = employer_controls(app, shown)
    return Screen(
        [
            Heading(app.tr("verify.title"), size=22),
            bound_field(
                fields,
                "input",
                label=app.tr("verify.input"),
                multiline=True,
                min_lines=2,
                max_lines=8,
                hint_text=app.tr("verify.hint"),
            ),
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("verify.go"), icon=ft.Icons.VERIFIED, on_click=go, key="verify-go"
                    ),
                    ft.OutlinedButton(
                        app.tr("verify.qr"), icon=ft.Icons.QR_CODE_SCANNER, on_click=from_qr
                    ),
                ]
            ),
            RespondAction(app),  # after the main actions: the keyboard reaches those first
            ft.Column(
                result,
                key="verify-output",
                spacing=10,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        ],
        key="verify",
    )
