"""Respond to an employer's request (OpenID4VP 1.0, or a VCALM interaction: OpenID4VP or a VC-API
exchange): paste its link or pick a picture of its QR code; the request is read in a worker
thread; the consent view (:mod:`~wallet.ui.screens.respond_consent`) says who asks and exactly
what would be sent; Send or Decline. An offer of credentials goes to Receive instead. What the
verifier answers is shown: a link it asks the learner to open (never followed by itself), and
credentials a VC-API exchange delivered (kept after the learner agrees)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flet as ft

from wallet.services import Disclosure, RequestPreview, RespondResult
from wallet.ui.context import EXPECTED, LOADING, App, use_data
from wallet.ui.screens.respond_consent import (
    asked,
    chosen_of,
    disclosure_view,
    proposed,
    verifier_card,
)
from wallet.ui.screens.shares import OpenButton
from wallet.ui.state import AppState, Question
from wallet.ui.viewmodel import is_offer_link
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    Loading,
    Screen,
    bound_field,
    clear_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["Answered", "RespondAction", "RespondScreen"]


@dataclass(frozen=True)
class Answered:
    """What came of Send or Decline."""

    sent: bool
    verifier: str
    result: RespondResult
    nothing_matched: bool = False


def RespondAction(app: App) -> ft.Control:
    """The way in, on Present and on Verify."""
    return ft.Container(
        ft.Column(
            [
                ft.Text(app.tr("respond.entry"), size=13),
                ft.Row(
                    [
                        ft.OutlinedButton(
                            app.tr("respond.open"),
                            icon=ft.Icons.REPLY,
                            key="respond-open",
                            on_click=lambda _e: app.state.open_respond(),
                        )
                    ],
                    wrap=True,
                ),
            ],
            spacing=6,
            tight=True,
        ),
        key="respond-to-request",
        padding=12,
        border_radius=10,
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
    )


def _delivery_consent(app: App, loop: asyncio.AbstractEventLoop) -> Callable[[list[str]], bool]:
    """Asked from the worker thread when a VC-API exchange delivers credentials: keep them?"""

    def accept(names: list[str]) -> bool:
        done = threading.Event()
        box: list[bool] = []

        def answer(value: Any) -> None:
            box.append(bool(value))
            done.set()

        payload = (
            app.tr("respond.delivery.title"),
            app.tr("respond.delivery.body", names=", ".join(names)),
            app.tr("respond.delivery.keep"),
        )
        loop.call_soon_threadsafe(app.state.ask, Question("confirm", payload, answer))
        done.wait(timeout=600)
        return bool(box and box[0])

    return accept


def _result(app: App, done: Answered) -> list[ft.Control]:
    result = done.result
    if done.sent:
        head = app.tr("respond.sent", name=done.verifier)
    else:
        head = app.tr("respond.declined_nothing" if done.nothing_matched else "respond.declined")
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Icon(
                    ft.Icons.CHECK_CIRCLE if done.sent else ft.Icons.BLOCK,
                    color=ft.Colors.GREEN_800 if done.sent else ft.Colors.GREY_700,
                ),
                ft.Text(head, size=16, weight=ft.FontWeight.BOLD, expand=True),
            ],
            key="respond-done",
        )
    ]
    if result.stopped:  # the exchange asked for more than the learner agreed to
        lines.append(ErrorBox(app.tr(f"respond.stopped.{result.stopped}"), key="respond-stopped"))
    if result.stored:
        lines.append(
            ft.Text(
                app.trn("receive.done", len(result.stored)),
                color=ft.Colors.GREEN_900,
                weight=ft.FontWeight.BOLD,
                key="respond-received",
            )
        )
        lines += [ft.Text(f"• {a.summary.name}") for a in result.stored]
    if result.rejected:
        lines.append(
            ErrorBox(app.trn("respond.not_stored", len(result.rejected)), key="respond-rejected")
        )
        lines.append(
            ft.ExpansionTile(
                title=ft.Text(app.tr("detail.details"), size=13),
                controls=[ft.Text(r, size=12, selectable=True) for r in result.rejected],
                tile_padding=ft.Padding.symmetric(horizontal=0),
            )
        )
    if result.redirect:
        lines += [
            ft.Text(app.tr("respond.continue", name=done.verifier)),
            ft.Text(result.redirect, size=12, selectable=True, key="respond-redirect"),
            ft.Row(
                [
                    OpenButton(
                        app,
                        app.tr("respond.open_link"),
                        lambda: result.redirect or "",
                        outlined=True,
                        button_key="respond-open-link",
                    )
                ],
                wrap=True,
            ),
        ]
    return lines


def _disclosure(
    app: App, preview: RequestPreview | None, selection: Any, own: tuple[bool, bool]
) -> Disclosure | None:
    """Exactly what Send would send with these choices (None before a request is read)."""
    if preview is None or not preview.satisfiable:
        return None
    return app.wallet.responding.disclosure(
        preview, chosen_of(selection or {}), reflections=own[0], artifacts=own[1]
    )


@component
def RespondScreen(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    preview, set_preview = ft.use_state(None)
    selection, set_selection = ft.use_state(None)
    done, set_done = ft.use_state(None)
    error, set_error = ft.use_state(None)
    responding = app.wallet.responding
    own = (state.include_reflections, state.include_artifacts)
    disclosed = use_data(
        lambda: _disclosure(app, preview, selection, own),
        [id(preview), selection, own, state.revision],
    )

    def to_receive(link: str) -> None:
        state.offer_link = link
        state.go("receive")
        app.toast(app.tr("respond.is_offer"))

    async def read(work: Callable[[], RequestPreview]) -> None:
        set_error(None)
        set_done(None)
        try:
            found = await app.work(work, app.tr("respond.reading"))
        except EXPECTED as exc:
            set_error(app.explain(exc))
            return
        if found.protocol == "oid4vci" and found.offer_link:
            to_receive(found.offer_link)
            return
        set_selection(proposed(found))
        set_preview(found)

    async def go() -> None:
        link = fields.get("link", "").strip()
        if not link:
            set_error(app.tr("respond.empty"))
        elif is_offer_link(link):
            to_receive(link)
        else:
            await read(lambda: responding.preview(link))

    async def from_qr() -> None:
        picked = await app.pick(["png", "jpg", "jpeg"])
        if picked:
            await read(lambda: responding.preview_qr(picked[1]))

    async def answer(send: bool) -> None:
        assert preview is not None
        set_error(None)
        chosen = chosen_of(selection or {})
        own = state.include_reflections, state.include_artifacts
        accept = _delivery_consent(app, asyncio.get_running_loop())
        try:
            if send:
                result = await app.work(
                    lambda: responding.answer(
                        preview,
                        chosen,
                        reflections=own[0],
                        artifacts=own[1],
                        accept_delivery=accept,
                    ),
                    app.tr("respond.sending"),
                )
            else:
                result = await app.work(
                    lambda: responding.decline(preview), app.tr("respond.declining")
                )
        except EXPECTED as exc:
            set_error(app.explain(exc))
            return
        set_done(
            Answered(
                send and result.sent, preview.verifier.recipient, result, not preview.satisfiable
            )
        )
        set_preview(None)
        if result.stored:
            app.changed()

    async def send() -> None:
        await answer(True)

    async def decline() -> None:
        await answer(False)

    def again() -> None:
        clear_field(fields, "link")
        set_done(None)
        set_error(None)

    def remember(e: ft.Event[ft.Switch], which: str) -> None:
        setattr(state, which, bool(e.control.value))

    top = ft.Row(
        [
            ft.IconButton(
                ft.Icons.ARROW_BACK,
                tooltip=app.tr("respond.back"),
                on_click=lambda _e: state.close_respond(),
                key="respond-back",
            ),
            ft.Text(app.tr("respond.title"), size=22, weight=ft.FontWeight.BOLD, expand=True),
        ]
    )
    problem = [ErrorBox(error, key="respond-error")] if error else []
    if done is not None:
        return Screen(
            [
                top,
                *_result(app, done),
                wrap_row(
                    [
                        ft.FilledButton(
                            app.tr("respond.finish"),
                            icon=ft.Icons.DONE,
                            on_click=lambda _e: state.close_respond(),
                            key="respond-finish",
                        ),
                        ft.OutlinedButton(app.tr("respond.another"), on_click=again),
                    ]
                ),
            ],
            key="respond",
        )
    if preview is None:
        field = bound_field(
            fields,
            "link",
            label=app.tr("respond.link"),
            key="request-link",
            hint_text=app.tr("respond.hint"),
            helper=app.tr("respond.help"),
            helper_max_lines=3,
            on_submit=go,
        )
        return Screen(
            [
                top,
                ft.Text(app.tr("respond.intro")),
                field,
                wrap_row(
                    [
                        ft.FilledButton(
                            app.tr("respond.go"),
                            icon=ft.Icons.SEARCH,
                            on_click=go,
                            key="respond-go",
                        ),
                        ft.OutlinedButton(
                            app.tr("respond.qr"), icon=ft.Icons.QR_CODE_SCANNER, on_click=from_qr
                        ),
                    ]
                ),
                *problem,
            ],
            key="respond",
        )

    chosen = selection or {}
    body: list[ft.Control] = [top, verifier_card(app, preview)]
    if preview.purpose:
        body.append(ft.Text(app.tr("respond.purpose", purpose=preview.purpose)))
    if preview.did_auth:
        body.append(ft.Text(app.tr("respond.did_auth"), key="respond-did-auth"))
    if not preview.satisfiable:
        body += [
            ErrorBox(
                app.tr("respond.nothing", name=preview.verifier.recipient), key="respond-nothing"
            ),
            *asked(app, preview, chosen, set_selection),
            *problem,
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("respond.decline"),
                        icon=ft.Icons.BLOCK,
                        on_click=decline,
                        key="respond-decline",
                    )
                ]
            ),
        ]
        return Screen(body, key="respond")
    shown: list[ft.Control]
    if disclosed is LOADING or disclosed is None:
        shown, sendable = [Loading(app)], False
    elif isinstance(disclosed, BaseException):
        shown, sendable = [ErrorBox(app.explain(disclosed), key="respond-choice-error")], False
    else:
        shown, sendable = disclosure_view(app, disclosed), True
    if preview.queries:
        body += asked(app, preview, chosen, set_selection)
    body += [
        ft.Switch(
            label=app.tr("present.reflections"),
            value=state.include_reflections,
            on_change=lambda e: remember(e, "include_reflections"),
        ),
        ft.Switch(
            label=app.tr("present.artifacts"),
            value=state.include_artifacts,
            on_change=lambda e: remember(e, "include_artifacts"),
        ),
        Heading(app.tr("respond.disclosed", name=preview.verifier.recipient), size=18),
        ft.Column(
            shown,
            spacing=8,
            key="respond-disclosure",
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        ),
        *problem,
        wrap_row(
            [
                ft.FilledButton(
                    app.tr("respond.send"),
                    icon=ft.Icons.SEND,
                    on_click=send,
                    disabled=not sendable,
                    key="respond-send",
                ),
                ft.OutlinedButton(
                    app.tr("respond.decline"),
                    icon=ft.Icons.BLOCK,
                    on_click=decline,
                    key="respond-decline",
                ),
            ]
        ),
    ]
    return Screen(body, key="respond")
