"""One credential, drawn from the one people-first view model — the card the share page shows
for it (:class:`~wallet.record.card.CredentialCard`, from the learner's own wallet: with the
issuer as the wallet kept it and whether the issuer names the learner): what it is, who issued
it and when, until when it is valid and whether its status was checked lately up front;
results with their labels; its competencies (opening the wallet's own view of each); a
transcript's parts; the issuer's evidence; endorsements; the learner's reflections and work
samples; the checks in the page's plain words; actions."""

from __future__ import annotations

import io
from typing import Any

import flet as ft

from wallet.record.view import CompetencyView
from wallet.ui.context import EXPECTED, LOADING, App, use_data
from wallet.ui.screens.offline import OfflineQrView, offline_error
from wallet.ui.screens.preview import (
    card_checks,
    card_competencies,
    card_dates,
    card_evidence,
    card_issuer,
    card_marking,
    card_parts,
    card_results,
)
from wallet.ui.screens.shares import LinkedInButton
from wallet.ui.state import AppState
from wallet.ui.viewmodel import status_line
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    Loading,
    MarkdownView,
    Screen,
    VerdictChip,
    bound_field,
    clear_field,
    image_src,
)
from wallet.ui.words import component

__all__ = ["DetailScreen"]


def _fact(icon: str, text: str, *, color: str | None = None, key: str | None = None) -> ft.Control:
    return ft.Row(
        [ft.Icon(icon, size=18, color=color), ft.Text(text, color=color, expand=True)],
        key=key,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _section(title: str, controls: list[ft.Control]) -> list[ft.Control]:
    return [Heading(title, size=16), *controls] if controls else []


@component
def DetailScreen(app: App, state: AppState) -> ft.Control:
    rid = state.detail or ""
    revision = state.revision
    fields = ft.use_ref(dict).current
    wallet = app.wallet
    lang = state.lang
    loaded = use_data(
        lambda: (wallet.credentials.get(rid), wallet.presenting.credential_card(rid, lang=lang)),
        [rid, revision, lang],
    )
    offline, set_offline = ft.use_state(None)  # the offline QR code, or why there is none
    if loaded is LOADING:
        return Screen([Loading(app)], key="detail")
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))])
    detail, card = loaded
    s = detail.summary

    async def reverify() -> None:
        await app.act(
            lambda: wallet.credentials.reverify(rid), busy=app.tr("detail.reverify"), changed=True
        )

    async def attach() -> None:
        picked = await app.pick()
        if picked:
            name, content = picked
            await app.act(
                lambda: wallet.portfolio.attach_file(
                    io.BytesIO(content), name=name, credential_ids=[rid]
                ),
                done=app.tr("portfolio.attached", name=name),
                changed=True,
            )

    async def delete() -> None:
        if await app.act(lambda: wallet.credentials.delete(rid), changed=True) is None:
            return
        state.close_detail()

        async def undo() -> None:
            await app.act(lambda: wallet.credentials.undo_delete(rid), changed=True)

        app.toast(app.tr("detail.deleted"), app.tr("detail.undo"), undo)

    async def add_tag() -> None:
        tag = fields.get("tag", "").strip()
        if tag and await app.act(lambda: wallet.credentials.tag(rid, add=[tag]), changed=True):
            clear_field(fields, "tag")

    async def make_offline() -> None:
        try:
            made = await app.work(
                lambda: wallet.presenting.offline([rid]), app.tr("detail.offline")
            )
        except EXPECTED as exc:
            set_offline((rid, exc))
            return
        set_offline((rid, made))

    def share() -> None:
        state.go("present")
        state.selection = [rid]

    def reflect() -> None:
        state.go("portfolio")
        state.link_to = rid  # the portfolio's "about" preselected

    def open_competency(competency: CompetencyView) -> None:
        state.open_competency(None, competency.url or competency.code)

    picture = image_src(card.image) or image_src(card.issuer.logo)
    revoked = s.status_state in ("revoked", "suspended")
    header = ft.Row(
        [
            ft.IconButton(
                ft.Icons.ARROW_BACK,
                tooltip=app.tr("detail.back"),
                on_click=lambda _e: state.close_detail(),
                key="back",
            ),
            ft.Column(
                [
                    ft.Text(card.name, size=22, weight=ft.FontWeight.BOLD),
                    *([ft.Text(card.kind, size=12)] if card.kind else []),
                ],
                spacing=0,
                tight=True,
                expand=True,
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )
    up_front = [
        ft.Row([VerdictChip(card.verdict.level, lang, large=True, key="detail-verdict")]),
        *card_marking(app, card),
        *[ft.Text(reason, size=13) for reason in card.verdict.reasons],
        card_issuer(app, card),
        card_dates(app, card),
        _fact(
            ft.Icons.GPP_BAD if revoked else ft.Icons.UPDATE,
            status_line(s, lang),
            color=ft.Colors.RED_900 if revoked else None,
            key="status-checked",
        ),
    ]
    endorsements = [
        ft.Text(f"{e.issuer_name or e.issuer}: {e.name}", size=13)
        for e in (detail.verification.endorsements if detail.verification else ())
    ]
    own = [
        ft.Container(MarkdownView(r.text), bgcolor=ft.Colors.PURPLE_50, padding=10, border_radius=8)
        for r in detail.reflections
    ]
    own += [
        _fact(
            ft.Icons.LINK if a.url else ft.Icons.ATTACH_FILE,
            f"{a.name}" + (f" ({a.url})" if a.url and a.url != a.name else ""),
        )
        for a in detail.artifacts
    ]
    actions = ft.Row(
        [
            ft.OutlinedButton(app.tr("detail.reverify"), icon=ft.Icons.REFRESH, on_click=reverify),
            ft.OutlinedButton(app.tr("detail.reflect"), icon=ft.Icons.EDIT_NOTE, on_click=reflect),
            ft.OutlinedButton(app.tr("detail.attach"), icon=ft.Icons.ATTACH_FILE, on_click=attach),
            ft.OutlinedButton(app.tr("detail.share"), icon=ft.Icons.QR_CODE, on_click=share),
            ft.OutlinedButton(
                app.tr("detail.offline"),
                icon=ft.Icons.QR_CODE_2,
                on_click=make_offline,
                key="offline",
            ),
            LinkedInButton(app, rid, app.tr("links.linkedin"), key="linkedin", outlined=True),
            ft.OutlinedButton(
                app.tr("detail.delete"), icon=ft.Icons.DELETE_OUTLINE, on_click=delete
            ),
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
    )
    tags = ft.Row(
        [
            bound_field(fields, "tag", label=app.tr("detail.tag"), expand=True, on_submit=add_tag),
            ft.IconButton(ft.Icons.ADD, tooltip=app.tr("detail.tag"), on_click=add_tag),
        ]
    )
    return Screen(
        [
            header,
            *(
                [
                    ft.Image(
                        src=picture,
                        width=120,
                        height=120,
                        fit=ft.BoxFit.CONTAIN,
                        semantics_label=card.name,
                    )
                ]
                if picture
                else []
            ),
            *up_front,
            *card_results(app, card),
            *([ft.Text(card.description)] if card.description else []),
            actions,
            *_offline(app, offline, rid, state.width),
            *_section(app.tr("card.criteria"), [ft.Text(card.criteria)] if card.criteria else []),
            *_section(
                app.tr("card.narrative"), [ft.Text(card.narrative)] if card.narrative else []
            ),
            *card_competencies(app, card, open_competency),
            *card_parts(app, card),
            *card_evidence(app, card),
            *_section(app.tr("detail.endorsements"), endorsements),
            *_section(app.tr("detail.yours"), own),
            *([ft.Text(f"{app.tr('detail.tags')}: {', '.join(s.tags)}")] if s.tags else []),
            tags,
            Heading(app.tr("checks.title"), size=16),
            *card_checks(app, card),
            ft.ExpansionTile(
                title=ft.Text(app.tr("detail.raw")),
                controls=[
                    ft.Text(
                        detail.raw.decode("utf-8", "replace")[:20000],
                        selectable=True,
                        size=11,
                        font_family="monospace",
                    )
                ],
            ),
        ],
        key="detail",
    )


def _offline(app: App, shown: Any, rid: str, width: float) -> list[ft.Control]:
    """The offline QR code made for this credential (or why there is none)."""
    if shown is None or shown[0] != rid:
        return []
    made = shown[1]
    if isinstance(made, BaseException):
        return [offline_error(app, made)]
    return [ft.Column(OfflineQrView(app, made, width), key="offline-output", spacing=8)]
