"""Present: choose credentials (with the learner's reflections and work samples linked to them,
only when the learner chooses to include them, and, for those issued for selective disclosure,
what of them to show), see what identifies the learner in what is shared, preview what the
employer sees — the share page's own view, drawn here —, share as a named link and QR code (and
save that link's PDF), make an offline QR code of the credentials themselves, save as files where
the learner chooses (the PDF that carries the signed presentation, and the signed JSON); the
links shared so far, told apart (status, views, the QR code again, LinkedIn), to withdraw. An
employer's request is answered from here too (:mod:`~wallet.ui.screens.respond`).

Everything shown is read by effects in worker threads (:func:`~wallet.ui.context.use_data`):
the credentials at once, the links' views from the share service after them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, LOADING, App, use_data
from wallet.ui.screens.disclose import DisclosureChooser
from wallet.ui.screens.offline import OfflineQrView, offline_error
from wallet.ui.screens.preview import RecordPreview
from wallet.ui.screens.respond import RespondAction
from wallet.ui.screens.shares import QrCode, SharedLinks
from wallet.ui.screens.who import Who
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, Loading, Screen, bound_field, wrap_row
from wallet.ui.words import component

__all__ = ["PresentScreen", "file_name"]


_GIVEN: set[str] = set()  # the names offered in this run


def file_name(stem: str, suffix: str, now: datetime | None = None) -> str:
    """A file name that does not overwrite an earlier one: ``stem-2026-12-07-143015.pdf``
    (the date and time; ``-2``, ``-3`` … after a name offered in this run already)."""
    base = f"{stem}-{(now or datetime.now(UTC)).strftime('%Y-%m-%d-%H%M%S')}"
    name, n = f"{base}.{suffix}", 1
    while name in _GIVEN:
        n += 1
        name = f"{base}-{n}.{suffix}"
    _GIVEN.add(name)
    return name


def _choices(app: App, ids: tuple[str, ...]) -> dict[str, Any]:
    """What can be shown or hidden of each chosen credential (only selective ones)."""
    out = {}
    for rid in ids:
        try:
            claims = app.wallet.presenting.disclosure_choices(rid)
        except EXPECTED:
            continue
        if claims:
            out[rid] = claims
    return out


def _saved(app: App, value: Any, save_json: Callable[[], Any]) -> list[ft.Control]:
    (pdf_name, _pdf), (json_name, _json), where = value
    return [
        Heading(app.tr("export.title"), size=16),
        ft.Text(app.tr("export.pdf", path=where or pdf_name), selectable=True, key="export-pdf"),
        ft.Text(app.tr("export.json_too"), size=13),
        wrap_row(
            [
                ft.OutlinedButton(
                    app.tr("export.save_json"),
                    icon=ft.Icons.DATA_OBJECT,
                    on_click=save_json,
                    key="export-json",
                )
            ]
        ),
    ]


@component
def PresentScreen(app: App, state: AppState) -> ft.Control:
    output, set_output = ft.use_state(None)
    fields = ft.use_ref(dict).current
    unfolded = ft.use_ref(set).current  # the "Choose what to show" lists open
    revision = state.revision
    chosen = tuple(state.selection)
    wallet = app.wallet
    credentials = use_data(lambda: wallet.credentials.search(limit=1000).items, [revision])
    me = use_data(wallet.profiles.identity, [revision])
    choices = use_data(lambda: _choices(app, chosen), [revision, chosen])
    if credentials is LOADING:
        return Screen([Heading(app.tr("present.choose")), Loading(app)], key="present")
    if isinstance(credentials, BaseException):
        return Screen([ErrorBox(app.explain(credentials))], key="present")
    names = {c.id: c.name for c in credentials}
    selective = choices if isinstance(choices, dict) else {}

    def need_selection() -> bool:
        if not state.selection:
            set_output(("error", app.tr("present.none_selected")))
            return False
        return True

    def what() -> dict[str, Any]:
        reflections, artifacts = state.own_evidence()
        return {"reflections": reflections, "artifacts": artifacts, "hidden": state.hidden_chosen()}

    async def produce(
        kind: str,
        job: Callable[[list[str], dict[str, Any]], Any],
        label: str,
        *,
        changed: bool = False,
    ) -> Any:
        """Run ``job`` on the chosen credentials (with what to include) in a worker, and show
        its result as ``kind`` — or the error. None when there is nothing to show."""
        if not need_selection():
            return None
        ids, given = list(state.selection), what()
        done = await app.act(
            lambda: job(ids, given),
            busy=app.tr(label),
            changed=changed,
            problem=lambda m: m and set_output(("error", m)),
        )
        if done is None:
            return None
        set_output((kind, done.value))
        return done.value

    async def preview() -> None:
        lang = state.lang
        await produce(
            "preview",
            lambda ids, given: wallet.presenting.preview_record(ids, lang=lang, **given)[1],
            "present.preview",
        )

    async def share() -> None:
        days = state.expires_days
        title = " ".join(fields.get("title", "").split()) or None
        await produce(
            "shared",
            lambda ids, given: app.c.share(ids, days=days, title=title, **given),
            "present.share",
            changed=True,
        )

    async def export() -> None:
        lang = state.lang
        files = await produce(
            "exporting", lambda ids, given: app.c.export(ids, lang=lang, **given), "present.export"
        )
        if not files:
            return
        json_file, pdf_file = files
        pdf_name = file_name("learner-record", "pdf")
        where = await app.save(pdf_name, pdf_file[1], ["pdf"])
        if where is None:
            set_output(None)
            return
        json_name = pdf_name.removesuffix(".pdf") + ".json"
        set_output(("exported", ((pdf_name, pdf_file[1]), (json_name, json_file[1]), where)))

    async def save_json() -> None:
        if output is not None and output[0] == "exported":
            name, data = output[1][1]
            await app.save(name, data, ["json"])

    async def offline() -> None:
        """An offline QR code of the chosen credentials (one fits; more may not)."""
        if not need_selection():
            return
        ids, hidden = list(state.selection), state.hidden_chosen()
        try:
            made = await app.work(
                lambda: wallet.presenting.offline(ids, hidden=hidden), app.tr("present.offline")
            )
        except EXPECTED as exc:
            set_output(("offline-error", exc))
            return
        set_output(("offline", made))

    async def share_pdf() -> None:
        """The PDF of the link just made — the link, its QR code and expiry, the signed
        presentation attached, each credential's offline QR code — saved where the learner
        chooses."""
        rid, lang = app.c.last_share, state.lang
        if rid is None:
            return
        done = await app.act(
            lambda: wallet.presenting.share_pdf(rid, lang=lang), busy=app.tr("present.share_pdf")
        )
        if done is not None:
            await app.save(file_name("shared-link", "pdf"), done.value, ["pdf"])

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
                drawn = ft.Row(
                    [ft.Container(drawn, width=760)], vertical_alignment=ft.CrossAxisAlignment.START
                )
            result = [
                Heading(app.tr("present.preview"), size=16),
                ft.Text(app.tr("preview.intro"), size=12, italic=True),
                drawn,
            ]
        elif kind == "exported":
            result = _saved(app, value, save_json)
        elif kind == "offline":
            result = OfflineQrView(app, value, state.width)
        elif kind == "offline-error":
            result = [offline_error(app, value)]
        elif kind == "shared":
            url, png = value
            result = [
                Heading(app.tr("present.link"), size=16),
                *QrCode(app, url, png, state.width),
                ft.Row(
                    [
                        ft.OutlinedButton(
                            app.tr("present.share_pdf"),
                            icon=ft.Icons.PICTURE_AS_PDF,
                            on_click=share_pdf,
                            key="share-pdf",
                        )
                    ]
                ),
            ]
    choose: list[ft.Control] = []
    for c in credentials:
        choose.append(
            ft.Checkbox(
                label=c.name,
                value=c.id in state.selection,
                on_change=lambda _e, rid=c.id: toggle(rid),
            )
        )
        if c.id in state.selection and c.id in selective:
            choose.append(DisclosureChooser(app, state, c.id, selective[c.id], stale, unfolded))
    return Screen(
        [
            Heading(app.tr("present.choose")),
            ft.Column(choose, spacing=0),
            ft.Switch(
                label=app.tr("present.reflections"),
                value=state.include_reflections,
                on_change=lambda e: remember(e, "include_reflections"),
                key="include-reflections",
            ),
            ft.Switch(
                label=app.tr("present.artifacts"),
                value=state.include_artifacts,
                on_change=lambda e: remember(e, "include_artifacts"),
                key="include-artifacts",
            ),
            *([] if me is LOADING else [Who(app, me)]),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        bound_field(
                            fields,
                            "title",
                            label=app.tr("present.title"),
                            helper=app.tr("present.title_help"),
                            key="link-title",
                        ),
                        col={"xs": 12, "md": 8},
                    ),
                    ft.Container(
                        ft.Dropdown(
                            label=app.tr("present.expires"),
                            value=str(state.expires_days),
                            options=[
                                ft.DropdownOption(key=str(d), text=app.trn("present.days", d))
                                for d in (1, 7, 30, 90)
                            ],
                            on_select=lambda e: setattr(
                                state, "expires_days", int(e.control.value or 7)
                            ),
                        ),
                        col={"xs": 12, "md": 4},
                    ),
                ],
                run_spacing=8,
            ),
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("present.share"), icon=ft.Icons.QR_CODE, on_click=share, key="share"
                    ),
                    ft.OutlinedButton(
                        app.tr("present.preview"),
                        icon=ft.Icons.PREVIEW,
                        on_click=preview,
                        key="preview-go",
                    ),
                    ft.OutlinedButton(
                        app.tr("export.button"),
                        icon=ft.Icons.PICTURE_AS_PDF,
                        on_click=export,
                        key="export",
                    ),
                    ft.OutlinedButton(
                        app.tr("present.offline"),
                        icon=ft.Icons.QR_CODE_2,
                        on_click=offline,
                        key="offline",
                    ),
                ]
            ),
            ft.Column(
                result,
                key="share-output",
                spacing=8,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
            RespondAction(app),  # after the main actions: the keyboard reaches those first
            SharedLinks(app, state, names, key="links"),
        ],
        key="present",
    )
