"""The dialogs the app asks its questions with (:class:`~wallet.ui.state.Question`): consent to
an offer (the issuer's logo and colours, what is offered, what is held already), a transaction
code, and a confirmation. Each fits a phone: scrollable, its width bounded by the window."""

from __future__ import annotations

from typing import Any

import flet as ft

from wallet.services import Consent
from wallet.ui.context import App
from wallet.ui.i18n import format_date
from wallet.ui.state import AppState, Question
from wallet.ui.widgets import image_src

__all__ = ["question_dialog"]


def _color(value: str | None) -> str | None:
    """An issuer's colour from its metadata (``#RRGGBB``), or None."""
    if (
        isinstance(value, str)
        and len(value) in (4, 7)
        and value.startswith("#")
        and all(c in "0123456789abcdefABCDEF" for c in value[1:])
    ):
        return value
    return None


def _width(state: AppState) -> float:
    return max(240.0, min(520.0, state.width - 64))


def _consent(app: App, state: AppState, q: Question) -> ft.AlertDialog:
    consent: Consent = q.payload
    bg, fg = _color(consent.background_color), _color(consent.text_color)
    logo = image_src(consent.logo)
    header: list[ft.Control] = []
    if logo:
        header.append(
            ft.Image(
                src=logo,
                width=56,
                height=56,
                fit=ft.BoxFit.CONTAIN,
                semantics_label=consent.shown_name,
                key="consent-logo",
            )
        )
    header.append(
        ft.Text(consent.shown_name, size=18, weight=ft.FontWeight.BOLD, color=fg, expand=True)
    )
    recognised = consent.recognised
    claim = (
        app.tr("receive.consent.recognised", list=recognised.list_name)
        if (recognised is not None and recognised.name)
        else app.tr("receive.consent.claimed")
    )
    card = ft.Container(
        ft.Column(
            [
                ft.Row(header, vertical_alignment=ft.CrossAxisAlignment.CENTER),
                ft.Text(consent.issuer, size=12, color=fg, selectable=True),
                ft.Text(claim, size=12, color=fg, key="consent-claim"),
            ],
            spacing=6,
            tight=True,
        ),
        bgcolor=bg or ft.Colors.SURFACE_CONTAINER_HIGH,
        padding=12,
        border_radius=10,
    )
    items = [
        ft.Text(f"• {c.name}" + (f" ({c.identifier})" if c.identifier else ""), size=15)
        for c in consent.credentials
    ]
    if consent.tx_code is not None:
        items.append(ft.Text(app.tr("receive.consent.tx_code"), size=13))
    already = [
        ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.INFO_OUTLINE, color=ft.Colors.AMBER_900),
                    ft.Text(
                        app.tr(
                            "receive.already",
                            name=name,
                            date=format_date(received, app.state.lang) or received[:10],
                        ),
                        expand=True,
                    ),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            bgcolor=ft.Colors.AMBER_50,
            padding=10,
            border_radius=8,
            key="already",
        )
        for name, received in consent.already
    ]
    accept = app.tr("receive.consent.second_copy" if consent.already else "receive.consent.accept")
    title = (
        app.trn("receive.consent.granted", len(consent.credentials), issuer=consent.shown_name)
        if consent.granted
        else app.tr("receive.consent.title", issuer=consent.shown_name)
    )
    return ft.AlertDialog(
        modal=True,
        scrollable=True,
        title=ft.Text(title),
        semantics_label=title,
        content=ft.Column([card, *items, *already], tight=True, spacing=8, width=_width(state)),
        actions=[
            ft.TextButton(
                app.tr("receive.consent.decline"), on_click=lambda _e: state.reply(False)
            ),
            ft.FilledButton(accept, on_click=lambda _e: state.reply(True)),
        ],
        actions_overflow_button_spacing=8,
    )


def _tx_code(app: App, state: AppState, q: Question) -> ft.AlertDialog:
    spec = q.payload

    def keep(e: ft.Event[ft.TextField]) -> None:
        q.draft = e.control.value or ""

    first, q.shown = not q.shown, True  # the field is uncontrolled after its first render
    field = ft.TextField(
        label=app.tr("receive.tx.field"),
        autofocus=True,
        value=q.draft if first else None,
        max_length=getattr(spec, "length", None) or None,
        counter="",  # no counter: its words are read out in Flutter's language, not the app's
        on_change=keep,
        on_submit=lambda _e: state.reply(q.draft or None),
        keyboard_type=ft.KeyboardType.NUMBER
        if getattr(spec, "input_mode", "") == "numeric"
        else ft.KeyboardType.TEXT,
    )
    content: list[ft.Control] = [ft.Text(app.tr("receive.tx.help"))]
    said = getattr(spec, "description", None)
    if isinstance(said, str) and said.strip():  # the issuer's own words, marked as theirs
        content.append(ft.Text(app.tr("receive.tx.issuer_says", text=said.strip()[:300]), size=13))
    if q.problem:
        content.append(ft.Text(app.tr("receive.tx.wrong"), color=ft.Colors.RED_900))
    content.append(field)
    return ft.AlertDialog(
        modal=True,
        scrollable=True,
        title=ft.Text(app.tr("receive.tx.title")),
        semantics_label=app.tr("receive.tx.title"),
        content=ft.Column(content, tight=True, width=_width(state)),
        actions=[
            ft.TextButton(app.tr("receive.consent.decline"), on_click=lambda _e: state.reply(None)),
            ft.FilledButton(
                app.tr("receive.tx.ok"), on_click=lambda _e: state.reply(q.draft or None)
            ),
        ],
    )


def _confirm(app: App, state: AppState, q: Question) -> ft.AlertDialog:
    title, body, action = q.payload
    return ft.AlertDialog(
        modal=True,
        scrollable=True,
        title=ft.Text(title),
        semantics_label=title,
        content=ft.Column([ft.Text(body)], tight=True, width=_width(state)),
        actions=[
            ft.TextButton(app.tr("dialog.cancel"), on_click=lambda _e: state.reply(False)),
            ft.FilledButton(action, on_click=lambda _e: state.reply(True)),
        ],
    )


def question_dialog(app: App, state: AppState) -> Any:
    q = state.question
    if q is None:
        return None
    build = {"consent": _consent, "tx_code": _tx_code, "confirm": _confirm}[q.kind]
    return build(app, state, q)
