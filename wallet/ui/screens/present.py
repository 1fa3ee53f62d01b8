"""Present: choose credentials (with the learner's reflections and work samples linked to them,
and, for those issued for selective disclosure, what of them to show), preview what the
employer sees — the share page's own view, drawn here —, share as a link and QR code (and save
that link's PDF), make an offline QR code of the credentials themselves, save as files (the
signed JSON and a PDF that carries it); the links shared so far, told apart (status, views, the QR
code again, LinkedIn), to withdraw. An employer's request is answered from here too
(:mod:`~wallet.ui.screens.respond`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.disclose import DisclosureChooser
from wallet.ui.screens.offline import OfflineQrView, offline_error
from wallet.ui.screens.preview import RecordPreview
from wallet.ui.screens.respond import RespondAction
from wallet.ui.screens.shares import QrCode, SharedLinks
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, Screen, bound_field, wrap_row

__all__ = ["PresentScreen"]


def _load(app: App) -> Any:
    try:
        return app.c.credentials(limit=1000).items, app.c.shares()
    except EXPECTED as exc:
        return exc


def _choices(app: App, ids: tuple[str, ...]) -> dict[str, Any]:
    """What can be shown or hidden of each chosen credential (only selective ones)."""
    out = {}
    for rid in ids:
        try:
            claims = app.c.disclosure_choices(rid)
        except EXPECTED:
            continue
        if claims:
            out[rid] = claims
    return out


@ft.component
def PresentScreen(app: App, state: AppState) -> ft.Control:
    output, set_output = ft.use_state(None)
    fields = ft.use_ref(lambda: {"server": app.c.share_server or ""}).current
    unfolded = ft.use_ref(set).current  # the "Choose what to show" lists open
    revision = state.revision
    loaded = ft.use_memo(lambda: _load(app), [revision])
    chosen = tuple(state.selection)
    choices = ft.use_memo(lambda: _choices(app, chosen), [revision, chosen])
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))])
    credentials, shares = loaded
    names = {c.id: c.name for c in credentials}

    def need_selection() -> bool:
        if not state.selection:
            set_output(("error", app.tr("present.none_selected")))
            return False
        return True

    def what() -> dict[str, Any]:
        reflections, artifacts = state.own_evidence()
        return {"reflections": reflections, "artifacts": artifacts,
                "hidden": state.hidden_chosen()}

    async def produce(kind: str, job: Callable[[list[str], dict[str, Any]], Any],
                      label: str) -> Any:
        """Run ``job`` on the chosen credentials (with what to include) in a worker, and show
        its result as ``kind`` — or the error. None when there is nothing to show."""
        if not need_selection():
            return None
        ids, given = list(state.selection), what()
        try:
            value = await app.work(lambda: job(ids, given), app.tr(label))
        except EXPECTED as exc:
            set_output(("error", app.explain(exc)))
            return None
        set_output((kind, value))
        return value

    async def preview() -> None:
        lang = state.lang
        await produce("preview", lambda ids, given: app.c.preview_record(
            ids, lang=lang, **given), "present.preview")

    async def share() -> None:
        app.c.share_server = fields.get("server", "").strip() or None
        days = state.expires_days
        if await produce("shared", lambda ids, given: app.c.share(ids, days=days, **given),
                         "present.share"):
            state.changed()  # the list of links, read again

    async def export() -> None:
        lang = state.lang
        paths = await produce("exported", lambda ids, given: app.c.export(
            ids, lang=lang, **given), "present.export")
        if paths:
            app.toast(app.tr("export.done", folder=str(paths[1].parent)))

    async def offline() -> None:
        """An offline QR code of the chosen credentials (one fits; more may not)."""
        if not need_selection():
            return
        ids, hidden = list(state.selection), state.hidden_chosen()
        try:
            made = await app.work(lambda: app.c.offline_qr(ids, hidden=hidden),
                                  app.tr("present.offline"))
        except EXPECTED as exc:
            set_output(("offline-error", exc))
            return
        set_output(("offline", made))

    async def share_pdf() -> None:
        """The PDF of the link just made: the link, its QR code and expiry, the signed
        presentation attached, each credential's offline QR code."""
        rid, lang = app.c.last_share, state.lang
        if rid is None:
            return
        try:
            path = await app.work(lambda: app.c.share_pdf(rid, lang=lang),
                                  app.tr("present.share_pdf"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        app.toast(app.tr("present.share_pdf_saved", path=str(path)))

    async def revoke(rid: str) -> None:
        try:
            await app.work(lambda: app.c.revoke(rid), app.tr("present.revoke"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        state.changed()

    def stale() -> None:
        """The choice changed: what was previewed or made is no longer what would be sent."""
        if output is not None and output[0] in ("preview", "error"):
            set_output(None)

    def toggle(rid: str) -> None:
        state.toggle(rid)
        stale()

    def remember(e: ft.Event[ft.Switch], which: str) -> None:
        setattr(state, which, bool(e.control.value))
        stale()

    result: list[ft.Control] = []
    if output is not None:
        kind, value = output
        if kind == "error":
            result = [ErrorBox(value)]
        elif kind == "preview":
            drawn = RecordPreview(app, value)
            if state.width >= 1000:  # a page's measure, not the window's
                drawn = ft.Row([ft.Container(drawn, width=760)],
                               vertical_alignment=ft.CrossAxisAlignment.START)
            result = [Heading(app.tr("present.preview"), size=16),
                      ft.Text(app.tr("preview.intro"), size=12, italic=True), drawn]
        elif kind == "exported":
            json_path, pdf_path = value
            result = [Heading(app.tr("export.title"), size=16),
                      ft.Text(app.tr("export.pdf", path=str(pdf_path)), selectable=True,
                              key="export-pdf"),
                      ft.Text(app.tr("export.json", path=str(json_path)), selectable=True,
                              key="export-json")]
        elif kind == "offline":
            result = OfflineQrView(app, value, state.width)
        elif kind == "offline-error":
            result = [offline_error(app, value)]
        else:
            url, png = value
            result = [Heading(app.tr("present.link"), size=16),
                      *QrCode(app, url, png, state.width),
                      ft.Row([ft.OutlinedButton(app.tr("present.share_pdf"),
                                                icon=ft.Icons.PICTURE_AS_PDF,
                                                on_click=share_pdf, key="share-pdf")])]
    choose: list[ft.Control] = []
    for c in credentials:
        choose.append(ft.Checkbox(label=c.name, value=c.id in state.selection,
                                  on_change=lambda _e, rid=c.id: toggle(rid)))
        if c.id in state.selection and c.id in choices:
            choose.append(DisclosureChooser(app, state, c.id, choices[c.id], stale, unfolded))
    return Screen([
        Heading(app.tr("present.choose")),
        ft.Column(choose, spacing=0),
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
                                    on_click=preview, key="preview-go"),
                  ft.OutlinedButton(app.tr("export.button"), icon=ft.Icons.PICTURE_AS_PDF,
                                    on_click=export, key="export"),
                  ft.OutlinedButton(app.tr("present.offline"), icon=ft.Icons.QR_CODE_2,
                                    on_click=offline, key="offline")]),
        ft.Column(result, key="share-output", spacing=8,
                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        RespondAction(app),  # after the main actions: the keyboard reaches those first
        SharedLinks(app, state, shares, names, revoke, key=f"links:{revision}"),
    ], key="present")
