"""The consent view of "respond to a request": who asks (verified, only signed, or not verified,
in words; a name the requester gives itself only as its claim; where the answer goes), what for,
the learner's matching credentials per query to choose among, and exactly what will be
disclosed — credential names and issuers up front, every field folded under "details"."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import flet as ft

from wallet.services import CredentialChoice, Disclosure, QueryPreview, RequestPreview
from wallet.ui.context import App
from wallet.ui.screens.who import Who
from wallet.ui.viewmodel import (
    choose,
    claim_words,
    query_need,
    query_title,
    verifier_reason,
)
from wallet.ui.widgets import VERDICT_STYLE, Heading, image_src

__all__ = ["TrustChip", "disclosure_view", "query_card", "verifier_card"]

Selection = dict[str, tuple[str, ...]]


_CHIPS = {
    "verified": ("verified", "respond.verified"),
    "integrity": ("unconfirmed", "respond.integrity"),
    "unverified": ("failed", "respond.not_verified"),
}


def TrustChip(app: App, standing: str) -> ft.Control:
    """*Verified* (green), *signed — sender not verified* (amber: a self-certifying DID) or *not
    verified*, in words, with an icon."""
    style, key = _CHIPS.get(standing, _CHIPS["unverified"])
    bg, fg, icon = VERDICT_STYLE[style]
    return ft.Container(
        ft.Row(
            [
                ft.Icon(icon, color=fg, size=15),
                ft.Text(app.tr(key), size=13, color=fg, weight=ft.FontWeight.BOLD),
            ],
            spacing=4,
            tight=True,
            wrap=True,
        ),
        bgcolor=bg,
        border_radius=12,
        key="respond-trust",
        padding=ft.Padding.symmetric(horizontal=10, vertical=3),
    )


def _details(
    app: App, lines: list[str], *, key: str | None = None, title: str | None = None
) -> ft.Control:
    return ft.ExpansionTile(
        title=ft.Text(title or app.tr("detail.details"), size=13),
        key=key,
        controls=[ft.Text(line, size=12, selectable=True) for line in lines],
        tile_padding=ft.Padding.symmetric(horizontal=0),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
    )


def verifier_card(app: App, preview: RequestPreview) -> ft.Control:
    """Who asks, no further than proven: the proven name (or the signing DID, or the origin)
    with the logo only when verified; the marker and why; the name the requester gives itself
    only as its claim; where the answer goes, always."""
    who = preview.verifier
    logo = image_src(who.logo) if who.verified else None
    header: list[ft.Control] = []
    if logo:
        header.append(
            ft.Image(
                src=logo,
                width=48,
                height=48,
                fit=ft.BoxFit.CONTAIN,
                semantics_label=who.name,
                key="respond-logo",
            )
        )
    header.append(
        ft.Column(
            [
                ft.Text(who.name, size=18, weight=ft.FontWeight.BOLD, key="respond-verifier"),
                ft.Text(app.tr("respond.asks"), size=13),
            ],
            spacing=2,
            expand=True,
            tight=True,
        )
    )
    lines: list[ft.Control] = [
        ft.Row(header, vertical_alignment=ft.CrossAxisAlignment.CENTER),
        ft.Row([TrustChip(app, who.standing)], wrap=True),
    ]
    if who.claimed_name and who.claimed_name != who.name:
        lines.append(
            ft.Text(
                app.tr("respond.claimed", name=who.claimed_name),
                size=13,
                italic=True,
                key="respond-claimed",
            )
        )
    lines += [
        ft.Text(verifier_reason(preview, app.state.lang), size=13, key="respond-how"),
        ft.Text(
            app.tr("respond.goes_to", origin=who.origin),
            size=12,
            color=ft.Colors.ON_SURFACE_VARIANT,
            key="respond-origin",
        ),
        _details(app, [who.how, who.client_id]),
    ]
    return ft.Container(
        ft.Column(lines, spacing=6, tight=True),
        bgcolor=ft.Colors.SURFACE_CONTAINER_HIGH,
        padding=12,
        border_radius=10,
    )


def _need(app: App, query: QueryPreview, preview: RequestPreview) -> str:
    need, others = query_need(query, preview)
    if need == "one_of":
        return app.tr(
            "respond.one_of", others=", ".join(query_title(q, app.state.lang) for q in others)
        )
    return app.tr(f"respond.{need}")


def _issuer_line(app: App, choice: CredentialChoice) -> ft.Control:
    """Under a choice: who issued it (and that it is not verified, when it is not)."""
    text = app.tr("verify.issued_by", issuer=choice.issuer_name or "?")
    if not choice.verified:
        text += " · " + app.tr("respond.choice_unverified")
    return ft.Container(
        ft.Text(text, size=12, color=ft.Colors.ON_SURFACE_VARIANT),
        padding=ft.Padding.only(left=40, bottom=4),
    )


def query_card(
    app: App,
    preview: RequestPreview,
    query: QueryPreview,
    selection: Selection,
    on_change: Callable[[Selection], None],
) -> ft.Control:
    """One thing asked for, with the learner's matching credentials to choose among."""
    chosen = selection.get(query.id, ())
    lines: list[ft.Control] = [
        ft.Text(query_title(query, app.state.lang), size=15, weight=ft.FontWeight.BOLD),
        ft.Text(_need(app, query, preview), size=12, color=ft.Colors.ON_SURFACE_VARIANT),
    ]
    if query.multiple:
        lines.append(ft.Text(app.tr("respond.several"), size=12))
    if query.reason:
        lines.append(ft.Text(app.tr("respond.reason", reason=query.reason), size=13, italic=True))
    lines += [
        ft.Text(line, size=12, selectable=True)  # (an issuer's two forms: once)
        for line in dict.fromkeys(claim_words(c, app.state.lang) for c in query.claims)
    ]
    if query.multiple:
        for n, m in enumerate(query.matches):
            lines += [
                ft.Checkbox(
                    label=m.name,
                    value=m.id in chosen,
                    key=f"respond-pick-{query.id}-{n}",
                    on_change=lambda e, rid=m.id: on_change(
                        choose(selection, query, rid, bool(e.control.value))
                    ),
                ),
                _issuer_line(app, m),
            ]
    else:
        options: list[ft.Control] = []
        for m in query.matches:
            options += [ft.Radio(value=m.id, label=m.name), _issuer_line(app, m)]
        if query_need(query, preview)[0] != "required":
            options.append(ft.Radio(value="", label=app.tr("respond.none_for_this")))

        def pick(e: ft.Event[ft.RadioGroup]) -> None:
            on_change(choose(selection, query, e.control.value or None))

        lines.append(
            ft.RadioGroup(
                value=chosen[0] if chosen else "",
                on_change=pick,
                key=f"respond-pick-{query.id}",
                content=ft.Column(options, spacing=0),
            )
        )
    return ft.Container(
        ft.Column(lines, spacing=4, tight=True),
        padding=12,
        border_radius=10,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        key=f"respond-query-{query.id}",
    )


def disclosure_view(app: App, shown: Disclosure) -> list[ft.Control]:
    """Exactly what will leave the wallet."""
    out: list[ft.Control] = []
    for item in shown.credentials:
        body: list[ft.Control] = [
            ft.Text(item.name, size=15, weight=ft.FontWeight.BOLD),
            ft.Text(app.tr("verify.issued_by", issuer=item.issuer_name or "?"), size=13),
            _details(
                app,
                [f"{label}: {value}" for label, value in item.fields],
                title=app.trn("respond.fields", len(item.fields)),
            ),
        ]
        out.append(
            ft.Card(
                ft.Container(ft.Column(body, spacing=2, tight=True), padding=12),
                key="respond-disclosed",
            )
        )
    own = [app.tr("respond.reflection", title=title) for title in shown.reflections]
    own += [app.tr("respond.artifact", name=name) for name in shown.artifacts]
    if own:
        out.append(
            ft.Container(
                ft.Column(
                    [ft.Text(app.tr("respond.own_title"), size=12, color=ft.Colors.PURPLE_900)]
                    + [
                        ft.Row(
                            [
                                ft.Icon(ft.Icons.EDIT_NOTE, size=18, color=ft.Colors.PURPLE_900),
                                ft.Text(line, expand=True, color=ft.Colors.BLACK),
                            ]
                        )
                        for line in own
                    ],
                    spacing=4,
                    tight=True,
                ),
                bgcolor=ft.Colors.PURPLE_50,
                padding=12,
                border_radius=8,
                key="respond-own",
            )
        )
    if not shown.credentials and not own:
        out.append(ft.Text(app.tr("respond.no_credentials")))
    out.append(Who(app, shown.learner))  # what identifies the learner: always goes with it
    note = app.tr("respond.note") + (" " + app.tr("respond.note_own") if own else "")
    out.append(ft.Text(note, size=12, italic=True))
    out.append(
        _details(
            app,
            [app.tr("respond.holder", did=shown.holder), shown.note],
            title=app.tr("respond.holder_title"),
        )
    )
    return out


def unanswerable(app: App, preview: RequestPreview) -> list[ft.Control]:
    """What is asked that none of the learner's credentials matches."""
    missing = [query_title(q, app.state.lang) for q in preview.queries if not q.matches]
    if not missing:
        return []
    key = "respond.also_accepted" if preview.satisfiable else "respond.unmatched"
    return [ft.Text(app.tr(key, what=", ".join(missing)), size=13, key="respond-unmatched")]


def asked(
    app: App, preview: RequestPreview, selection: Selection, on_change: Callable[[Selection], None]
) -> list[ft.Control]:
    """Every query the learner can answer, as a card to choose in."""
    cards = [
        query_card(app, preview, q, selection, on_change) for q in preview.queries if q.matches
    ]
    return [Heading(app.tr("respond.what"), size=18), *cards, *unanswerable(app, preview)]


def proposed(preview: RequestPreview) -> Selection:
    return {k: tuple(v) for k, v in preview.proposed.items()}


def chosen_of(selection: Mapping[str, tuple[str, ...]]) -> dict[str, list[str]]:
    return {k: list(v) for k, v in selection.items() if v}
