"""Receiving: an offer link (pasted, or from a QR image), an offline QR code (its VP1 text
pasted, or its image) or a file (a credential, a PDF with its signed presentation). The consent
and transaction code questions are dialogs (:mod:`wallet.ui.dialogs`); a new attempt clears the
last result."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from wallet.services import ReceiveResult
from wallet.ui.context import EXPECTED, App
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, Screen, bound_field, wrap_row

__all__ = ["Outcome", "ReceiveScreen", "outcome_of"]


@dataclass(frozen=True)
class Outcome:
    """What the last attempt came to, as lines to show."""

    received: tuple[str, ...] = ()
    pending: int = 0
    rejected: tuple[str, ...] = ()
    error: str | None = None
    duplicates: tuple[str, ...] = ()  # already in the wallet (the same bytes), stored once


def outcome_of(result: ReceiveResult) -> Outcome:
    return Outcome(received=tuple(a.summary.name for a in result.stored if not a.duplicate),
                   pending=len(result.pending), rejected=tuple(result.rejected),
                   duplicates=tuple(a.summary.name for a in result.stored if a.duplicate))


def _lines(app: App, outcome: Outcome) -> list[ft.Control]:
    lines: list[ft.Control] = []
    if outcome.received:
        lines.append(ft.Text(app.trn("receive.done", len(outcome.received)),
                             color=ft.Colors.GREEN_900, weight=ft.FontWeight.BOLD))
        lines += [ft.Text(f"• {name}") for name in outcome.received]
    for name in outcome.duplicates:
        lines.append(ft.Text(app.tr("receive.duplicate", name=name)))
    if outcome.pending:
        lines.append(ft.Text(app.trn("receive.pending", outcome.pending)))
    lines += [ErrorBox(app.tr("receive.rejected", reason=r), key="rejected")
              for r in outcome.rejected]
    if outcome.error:
        lines.append(ErrorBox(outcome.error, key="receive-error"))
    return lines


@ft.component
def ReceiveScreen(app: App, state: AppState) -> ft.Control:
    outcome, set_outcome = ft.use_state(None)
    fields = ft.use_ref(lambda: {"link": state.offer_link or ""}).current

    async def run(work: Callable[[Any], ReceiveResult]) -> None:
        set_outcome(None)  # a new attempt clears the last result
        asker = app.asker(asyncio.get_running_loop())
        try:
            result = await app.work(lambda: work(asker), app.tr("receive.working"))
        except EXPECTED as exc:
            set_outcome(Outcome(error=app.tr("receive.error", reason=app.explain(exc))))
            return
        set_outcome(outcome_of(result))
        state.changed()

    async def go() -> None:
        value = fields.get("link", "").strip()
        if not value:
            set_outcome(Outcome(error=app.tr("receive.empty")))
            return
        state.offer_link = None
        await run(lambda asker: app.c.receive(value, asker))

    async def from_qr() -> None:  # an offer's QR code, or an offline QR code
        picked = await app.pick(["png", "jpg", "jpeg", "gif", "webp"])
        if picked:
            await run(lambda asker: app.c.receive_qr(picked[1], asker))

    async def from_file() -> None:  # a credential, an offline code's text or image, a PDF
        picked = await app.pick()
        if picked:
            await run(lambda _asker: app.c.import_all(picked[1], picked[0]))

    field = bound_field(fields, "link", label=app.tr("receive.link"), key="offer-link",
                        hint_text=app.tr("receive.hint"), helper=app.tr("receive.help"),
                        helper_max_lines=3, on_submit=go)
    return Screen([
        Heading(app.tr("receive.title"), size=22),
        field,
        wrap_row([ft.FilledButton(app.tr("receive.go"), icon=ft.Icons.DOWNLOAD, on_click=go,
                                  key="receive-go"),
                  ft.OutlinedButton(app.tr("receive.qr"), icon=ft.Icons.QR_CODE_SCANNER,
                                    on_click=from_qr),
                  ft.OutlinedButton(app.tr("receive.file"), icon=ft.Icons.UPLOAD_FILE,
                                    on_click=from_file)]),
        ft.Column(_lines(app, outcome) if outcome else [], key="receive-status", spacing=6),
    ], key="receive")
