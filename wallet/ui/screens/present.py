"""Present: choose credentials (with the learner's reflections and work samples linked to them),
preview what the employer sees, share as a link and QR code, save as a file; the links shared
so far, with their views, to withdraw. An employer's request is answered from here too
(:mod:`~wallet.ui.screens.respond`)."""

from __future__ import annotations

from functools import partial

import flet as ft

from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.respond import RespondAction
from wallet.ui.state import AppState
from wallet.ui.widgets import (
    CheckList,
    ErrorBox,
    Heading,
    Screen,
    VerdictChip,
    bound_field,
    wrap_row,
)

__all__ = ["PresentScreen"]


@ft.component
def PresentScreen(app: App, state: AppState) -> ft.Control:
    output, set_output = ft.use_state(None)
    fields = ft.use_ref(lambda: {"server": app.c.share_server or ""}).current
    try:
        credentials = app.c.credentials(limit=1000).items
        shares = app.c.shares()
    except EXPECTED as exc:
        return Screen([ErrorBox(app.explain(exc))])

    def need_selection() -> bool:
        if not state.selection:
            set_output(("error", app.tr("present.none_selected")))
            return False
        return True

    async def preview() -> None:
        if not need_selection():
            return
        reflections, artifacts = state.own_evidence()
        try:
            _doc, verdict = await app.work(lambda: app.c.preview(
                list(state.selection), reflections=reflections, artifacts=artifacts),
                app.tr("present.preview"))
        except EXPECTED as exc:
            set_output(("error", app.explain(exc)))
            return
        set_output(("preview", verdict))

    async def share() -> None:
        if not need_selection():
            return
        app.c.share_server = fields.get("server", "").strip() or None
        reflections, artifacts = state.own_evidence()
        try:
            url, png = await app.work(lambda: app.c.share(
                list(state.selection), reflections=reflections, artifacts=artifacts,
                days=state.expires_days), app.tr("present.share"))
        except EXPECTED as exc:
            set_output(("error", app.explain(exc)))
            return
        set_output(("shared", (url, png)))
        state.changed()

    async def export() -> None:
        if not need_selection():
            return
        reflections, artifacts = state.own_evidence()
        try:
            path = await app.work(lambda: app.c.export(
                list(state.selection), reflections=reflections, artifacts=artifacts),
                app.tr("present.export"))
        except EXPECTED as exc:
            set_output(("error", app.explain(exc)))
            return
        app.toast(app.tr("present.exported", path=path))

    async def copy(url: str) -> None:
        assert app.clipboard is not None
        await app.clipboard.set(url)
        app.toast(app.tr("present.copied"))

    async def revoke(rid: str) -> None:
        try:
            await app.work(lambda: app.c.revoke(rid), app.tr("present.revoke"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        state.changed()

    def remember(e: ft.Event[ft.Switch], which: str) -> None:
        setattr(state, which, bool(e.control.value))

    result: list[ft.Control] = []
    if output is not None:
        kind, value = output
        if kind == "error":
            result = [ErrorBox(value)]
        elif kind == "preview":
            result = [Heading(app.tr("present.preview"), size=16),
                      ft.Row([VerdictChip(value.verdict, state.lang)]),
                      CheckList(value, state.lang)]
            for nested in value.nested:
                result += [ft.Text(f"• {inner.name}") for inner in nested.nested]
                result += [ft.Row([ft.Icon(ft.Icons.EDIT_NOTE, size=18),
                                   ft.Text(f"{ev.name} ({ev.genre})", expand=True)])
                           for ev in nested.evidence if ev.learner]
        else:
            url, png = value
            side = min(260, state.width - 64)
            result = [Heading(app.tr("present.link"), size=16),
                      ft.Text(url, selectable=True, key="share-url", size=12),
                      ft.Image(src=png, width=side, height=side,
                               semantics_label="QR code of the share link"),
                      ft.OutlinedButton(app.tr("present.copy"), icon=ft.Icons.COPY,
                                        on_click=partial(copy, url))]
    links = [ft.ListTile(
        title=ft.Text(link.title),
        subtitle=ft.Text(app.tr("present.withdrawn") if link.revoked else
                         f"{app.tr('present.until', date=link.expires[:10])} · "
                         + (app.trn("present.views", len(link.views))
                            if link.views is not None else "?")),
        trailing=None if link.revoked else ft.TextButton(
            app.tr("present.revoke"), on_click=partial(revoke, link.id)))
        for link in shares]
    return Screen([
        Heading(app.tr("present.choose")),
        ft.Column([ft.Checkbox(label=c.name, value=c.id in state.selection,
                               on_change=lambda _e, rid=c.id: state.toggle(rid))
                   for c in credentials], spacing=0),
        ft.Switch(label=app.tr("present.reflections"), value=state.include_reflections,
                  on_change=lambda e: remember(e, "include_reflections")),
        ft.Switch(label=app.tr("present.artifacts"), value=state.include_artifacts,
                  on_change=lambda e: remember(e, "include_artifacts")),
        ft.ResponsiveRow([
            ft.Container(ft.Dropdown(
                label=app.tr("present.expires"), value=str(state.expires_days),
                options=[ft.DropdownOption(key=str(d), text=app.trn("present.days", d))
                         for d in (1, 7, 30, 90)],
                on_select=lambda e: setattr(state, "expires_days", int(e.control.value or 7))),
                col={"xs": 12, "md": 4}),
            ft.Container(bound_field(fields, "server", label=app.tr("present.server")),
                         col={"xs": 12, "md": 8})],
            run_spacing=8),
        wrap_row([ft.FilledButton(app.tr("present.share"), icon=ft.Icons.QR_CODE,
                                  on_click=share, key="share"),
                  ft.OutlinedButton(app.tr("present.preview"), icon=ft.Icons.PREVIEW,
                                    on_click=preview),
                  ft.OutlinedButton(app.tr("present.export"), icon=ft.Icons.SAVE_ALT,
                                    on_click=export)]),
        ft.Column(result, key="share-output", spacing=8,
                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        RespondAction(app),  # after the main actions: the keyboard reaches those first
        Heading(app.tr("present.active"), size=18),
        *(links or [ft.Text(app.tr("portfolio.none"))]),
    ], key="present")

