"""The links the learner shared, told apart: each with its title (the one the learner gave, or
one made unique), its status (active, expired, withdrawn, used up), until when, its views and
when they were, its QR code again, and "Add to LinkedIn" for what it shares; withdraw the active
ones (after asking). The list is read in the background — when shown, when stored data changed
in any window, and every :data:`REFRESH_SECONDS` while it is on screen (so the views an
employer's visit made show up)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import flet as ft

from wallet.services import SharedLink
from wallet.ui.context import LOADING, App, use_data, use_tick
from wallet.ui.state import AppState, Question
from wallet.ui.viewmodel import link_facts, unique_titles
from wallet.ui.widgets import ErrorBox, Heading, Loading, wrap_row
from wallet.ui.words import component

__all__ = ["LinkedInButton", "OpenButton", "QrCode", "REFRESH_SECONDS", "SharedLinks", "confirm"]

REFRESH_SECONDS = 30.0
_STATUS_COLORS = {
    "active": (ft.Colors.GREEN_800, ft.Colors.WHITE),
    "expired": (ft.Colors.GREY_300, ft.Colors.BLACK),
    "withdrawn": (ft.Colors.GREY_300, ft.Colors.BLACK),
    "used up": (ft.Colors.AMBER_200, ft.Colors.BLACK),
}


def confirm(state: AppState, title: str, body: str, action: str) -> asyncio.Future[Any]:
    """Ask first (a dialog); the future holds the answer."""
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    state.ask(
        Question(
            "confirm",
            (title, body, action),
            lambda value: future.done() or future.set_result(value),
        )
    )
    return future


def QrCode(
    app: App, url: str, png: bytes, width: float, *, key: str = "share-url"
) -> list[ft.Control]:
    """A share link as text and as a QR code to scan, with a button to copy it."""

    async def copy() -> None:
        if app.clipboard is not None:
            await app.clipboard.set(url)
        app.toast(app.tr("present.copied"))

    side = max(120, min(260, int(width) - 64))
    return [
        ft.Text(url, selectable=True, key=key, size=12),
        ft.Image(src=png, width=side, height=side, semantics_label=app.tr("present.qr_label")),
        ft.Row([ft.OutlinedButton(app.tr("present.copy"), icon=ft.Icons.COPY, on_click=copy)]),
    ]


@component
def OpenButton(
    app: App,
    label: str,
    address: Callable[[], str],
    *,
    button_key: str | None = None,
    outlined: bool = False,
    icon: str = ft.Icons.OPEN_IN_NEW,
) -> ft.Control:
    """A button that opens a page in a new tab of the learner's browser: it says at once that
    it is opening, and a second click while (or soon after) it opened does not open a second
    tab (:meth:`~wallet.ui.context.App.open_url`)."""
    opening, set_opening = ft.use_state(False)

    async def go() -> None:
        if opening:
            return
        set_opening(True)
        try:
            done = await app.act(address)
            if done is not None:
                await app.open_url(done.value)
        finally:
            set_opening(False)

    kind = ft.OutlinedButton if outlined else ft.TextButton
    text = app.tr("open.opening") if opening else label
    return kind(
        text,
        icon=ft.Icons.HOURGLASS_TOP if opening else icon,
        on_click=go,
        key=button_key,
        disabled=opening,
    )


def LinkedInButton(
    app: App,
    credential_id: str,
    label: str,
    *,
    share: str | None = None,
    key: str | None = None,
    outlined: bool = False,
) -> ft.Control:
    """Opens LinkedIn's "add license or certification" form, filled in for the credential (a
    plain link in the learner's browser: nothing is sent to LinkedIn)."""
    presenting = app.wallet.presenting
    return OpenButton(
        app,
        label,
        lambda: presenting.linkedin(credential_id, share=share),
        button_key=key,
        outlined=outlined,
        icon=ft.Icons.WORK_OUTLINE,
    )


def _status(link: SharedLink, text: str) -> ft.Control:
    bg, fg = _STATUS_COLORS.get(link.status, _STATUS_COLORS["expired"])
    return ft.Container(
        ft.Text(text, size=12, color=fg, weight=ft.FontWeight.BOLD),
        bgcolor=bg,
        border_radius=10,
        key=f"status-{link.id[:8]}",
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


@component
def SharedLinks(app: App, state: AppState, names: Mapping[str, str]) -> ft.Control:
    shown, set_shown = ft.use_state(None)  # (record id, url, QR code) shown again
    tick = use_tick(app, REFRESH_SECONDS)  # read again now and then while shown
    presenting = app.wallet.presenting
    links = use_data(presenting.shares, [state.revision, tick])
    lang = state.lang

    async def show_qr(rid: str) -> None:
        if shown is not None and shown[0] == rid:
            set_shown(None)
            return
        done = await app.act(lambda: presenting.shared(rid))
        if done is not None:
            set_shown((rid, done.value.url, done.value.qr_png()))

    async def withdraw(link: SharedLink, title: str) -> None:
        sure = await confirm(
            state,
            app.tr("links.withdraw_title", title=title),
            app.tr("links.withdraw_body"),
            app.tr("present.revoke"),
        )
        if sure:
            await app.act(
                lambda: presenting.revoke(link.id),
                busy=app.tr("present.revoke"),
                done=app.tr("links.withdrawn", title=title),
                changed=True,
            )

    heading = Heading(app.tr("present.active"), size=18)
    if links is LOADING:
        return ft.Column([heading, Loading(app)], key="shared-links")
    if isinstance(links, BaseException):
        return ft.Column([heading, ErrorBox(app.explain(links))], key="shared-links")
    titles = unique_titles([(link.id, link.title) for link in links])
    rows: list[ft.Control] = []
    for link in links:
        facts = link_facts(link, lang)
        title = titles[link.id]
        lines: list[ft.Control] = [
            ft.Row(
                [
                    ft.Text(title, weight=ft.FontWeight.BOLD, expand=True, size=15),
                    _status(link, facts.status_text),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            ft.Text(
                " · ".join(
                    x
                    for x in (
                        app.trn("share.credentials", len(link.credential_ids)),
                        facts.until,
                        facts.views,
                    )
                    if x
                ),
                size=13,
                key=f"views-{link.id[:8]}",
            ),
        ]
        if facts.times:
            lines.append(
                ft.Text(
                    app.tr("links.viewed_at", times="; ".join(facts.times)),
                    size=12,
                    color=ft.Colors.ON_SURFACE_VARIANT,
                )
            )
        actions: list[ft.Control] = []
        if link.status == "active":
            actions.append(
                ft.TextButton(
                    app.tr("links.hide_qr")
                    if shown and shown[0] == link.id
                    else app.tr("links.show_qr"),
                    icon=ft.Icons.QR_CODE,
                    on_click=partial(show_qr, link.id),
                    key=f"qr-again-{link.id[:8]}",
                )
            )
        for cid in link.credential_ids if link.status == "active" else ():
            if cid in names:
                label = (
                    app.tr("links.linkedin")
                    if len(link.credential_ids) == 1
                    else app.tr("links.linkedin_named", name=names[cid])
                )
                actions.append(
                    LinkedInButton(
                        app, cid, label, share=link.id, key=f"linkedin-{link.id[:8]}-{cid[:8]}"
                    )
                )
        if not link.revoked and link.status != "expired":
            actions.append(
                ft.TextButton(
                    app.tr("present.revoke"),
                    icon=ft.Icons.LINK_OFF,
                    on_click=partial(withdraw, link, title),
                    key=f"withdraw-{link.id[:8]}",
                )
            )
        lines.append(wrap_row(actions, spacing=4))
        if shown is not None and shown[0] == link.id:
            lines += QrCode(app, shown[1], shown[2], state.width, key=f"again-url-{link.id[:8]}")
        rows.append(
            ft.Container(
                ft.Column(
                    lines, spacing=4, tight=True, horizontal_alignment=ft.CrossAxisAlignment.START
                ),
                padding=ft.Padding.symmetric(horizontal=12, vertical=10),
                border_radius=10,
                border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
                key=f"link-{link.id[:8]}",
            )
        )
    return ft.Column(
        [heading, *(rows or [ft.Text(app.tr("links.none"))])],
        spacing=8,
        key="shared-links",
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
