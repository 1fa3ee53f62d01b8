"""The credentials: cards with the issuer's logo or the badge image, the verdict in words and
when the status was checked; search, filters (the four verdict levels), sort."""

from __future__ import annotations

import flet as ft

from wallet.i18n import verdict_label
from wallet.services import CredentialSummary, Page
from wallet.ui.context import LOADING, App, use_data
from wallet.ui.i18n import format_date
from wallet.ui.state import AppState
from wallet.ui.viewmodel import LEVELS, issuer_shown, marking, status_line, verdict_for
from wallet.ui.widgets import ErrorBox, Loading, Screen, VerdictChip, image_src, use_first
from wallet.ui.words import component

__all__ = ["CredentialCard", "CredentialsScreen", "issuer_line"]


def issuer_line(s: CredentialSummary, lang: str = "en", *, size: int = 13) -> ft.Control:
    """The issuer's name (:func:`~wallet.ui.viewmodel.issuer_shown`: the card's one rule),
    after its logo (as the wallet fetched it when receiving)."""
    logo = image_src(s.issuer_logo)
    shown = issuer_shown(s, lang)
    name = ft.Text(shown, size=size, expand=True)
    if not logo:
        return name
    return ft.Row(
        [
            ft.Image(
                src=logo,
                width=size + 5,
                height=size + 5,
                fit=ft.BoxFit.CONTAIN,
                semantics_label=shown,
            ),
            name,
        ],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _picture(s: CredentialSummary, size: int) -> ft.Control:
    for uri in (s.image, s.issuer_logo):
        src = image_src(uri)
        if src:
            return ft.Image(
                src=src, width=size, height=size, fit=ft.BoxFit.CONTAIN, semantics_label=s.name
            )
    return ft.Icon(ft.Icons.WORKSPACE_PREMIUM, size=size - 8)


def CredentialCard(app: App, s: CredentialSummary, on_open: object) -> ft.Control:
    state = app.state
    revoked = s.status_state in ("revoked", "suspended")
    badge = marking(s, state.lang)  # an Open Badges 2.0 badge says so
    received = format_date(s.received_at, state.lang) or s.received_at[:10]
    text = ft.Column(
        [
            ft.Text(s.name, weight=ft.FontWeight.BOLD, size=16),
            issuer_line(s, state.lang),
            *([ft.Text(badge, size=12, color=ft.Colors.ON_SURFACE_VARIANT)] if badge else []),
            ft.Text(
                f"{app.tr('card.received', date=received)} · {status_line(s, state.lang)}",
                size=12,
                color=ft.Colors.RED_900 if revoked else ft.Colors.ON_SURFACE_VARIANT,
            ),
        ],
        spacing=2,
        expand=True,
        tight=True,
    )
    chip = VerdictChip(s.verdict, state.lang)
    if state.compact:
        inner: ft.Control = ft.Column(
            [ft.Row([_picture(s, 48), text], vertical_alignment=ft.CrossAxisAlignment.START), chip],
            spacing=8,
            tight=True,
        )
    else:
        inner = ft.Row(
            [_picture(s, 56), text, chip], vertical_alignment=ft.CrossAxisAlignment.START
        )
    card = ft.Card(ft.Container(inner, padding=12, ink=True, on_click=on_open))
    # One button for assistive technology: name, issuer, (what it is,) verdict, in that order.
    label = ", ".join(
        x
        for x in (
            s.name,
            issuer_shown(s, state.lang),
            badge,
            verdict_label(verdict_for(s.verdict), state.lang),
        )
        if x
    )
    return ft.Semantics(content=card, label=label, button=True)


def _load(
    app: App, query: str, verdict: str, sort: str, limit: int
) -> tuple[Page[CredentialSummary], int]:
    """A page of the credentials as searched and filtered, and how many there are in all."""
    credentials = app.wallet.credentials
    page = credentials.search(
        query=query,
        verdict=None if verdict == "all" else verdict,
        sort=sort,
        descending=sort == "received",
        limit=limit,
    )
    filtered = bool(query.strip()) or verdict != "all"
    return page, credentials.search(limit=1).total if filtered else page.total


def _count(app: App, page: Page[CredentialSummary], total: int, filtered: bool) -> str:
    """ "16 credentials"; "1 of your 16 credentials matches"; and how many are shown."""
    found = page.total
    text = (
        app.trn("list.count_found", found, total=total)
        if filtered
        else app.trn("list.count_all", total)
    )
    if len(page.items) < found:
        text += " · " + app.tr("list.count_shown", shown=len(page.items))
    return text


def _filters_menu(app: App, state: AppState) -> ft.Control:
    """On a phone: the verdict filters and the sort order in one menu beside the search (a
    row of chips would take a quarter of the screen)."""
    items: list[ft.PopupMenuItem] = [
        ft.PopupMenuItem(
            content=app.tr(f"list.filter.{v}"),
            checked=state.verdict == v,
            on_click=lambda _e, v=v: state.filter(v),
            key=f"filter-{v}",
        )
        for v in ("all", *LEVELS)
    ]
    items.append(ft.PopupMenuItem())  # a divider
    items += [
        ft.PopupMenuItem(
            content=app.tr(f"list.sort.{k}"),
            checked=state.sort == k,
            on_click=lambda _e, k=k: state.sort_by(k),
            key=f"sort-{k}",
        )
        for k in ("received", "name", "issuer")
    ]
    active = state.verdict != "all"
    return ft.PopupMenuButton(
        items=items,
        key="filters",
        tooltip=app.tr("list.filters"),
        icon=ft.Icons.FILTER_ALT if active else ft.Icons.FILTER_LIST,
    )


@component
def CredentialsScreen(app: App, state: AppState) -> ft.Control:
    query = use_first(state.query)  # the field is uncontrolled after its first render
    loaded = use_data(
        lambda: _load(app, state.query, state.verdict, state.sort, state.shown),
        [state.query, state.verdict, state.sort, state.shown, state.revision],
    )
    if loaded is LOADING:
        return Screen([Loading(app)], key="credentials")
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))])
    page, total = loaded
    filtered = bool(state.query.strip()) or state.verdict != "all"
    if total == 0:
        return Screen(
            [
                ft.Icon(ft.Icons.BADGE_OUTLINED, size=64, color=ft.Colors.GREY_600),
                ft.Text(app.tr("list.empty"), size=16),
                ft.FilledButton(
                    app.tr("list.empty.button"),
                    icon=ft.Icons.DOWNLOAD,
                    on_click=lambda _e: state.go("receive"),
                    key="receive-first",
                ),
            ]
        )
    search = ft.TextField(
        label=app.tr("list.search"),
        value=query,
        prefix_icon=ft.Icons.SEARCH,
        key="search",
        expand=state.compact,
        dense=state.compact,
        on_change=lambda e: state.search(e.control.value or ""),
    )
    if state.compact:
        top: list[ft.Control] = [ft.Row([search, _filters_menu(app, state)], spacing=4)]
        if state.verdict != "all":
            top.append(
                ft.Row(
                    [
                        ft.Chip(
                            label=ft.Text(app.tr(f"list.filter.{state.verdict}")),
                            selected=True,
                            key="filter-active",
                            on_delete=lambda _e: state.filter("all"),
                        )
                    ]
                )
            )
    else:
        sort = ft.Dropdown(
            label=app.tr("list.sort"),
            value=state.sort,
            key="sort",
            options=[
                ft.DropdownOption(key=k, text=app.tr(f"list.sort.{k}"))
                for k in ("received", "name", "issuer")
            ],
            on_select=lambda e: state.sort_by(e.control.value),
        )
        filters = ft.Row(
            [
                ft.Chip(
                    label=ft.Text(app.tr(f"list.filter.{v}")),
                    selected=state.verdict == v,
                    on_select=lambda _e, v=v: state.filter(v),
                )
                for v in ("all", *LEVELS)
            ],
            wrap=True,
            spacing=6,
            run_spacing=6,
        )
        top = [
            ft.ResponsiveRow(
                [
                    ft.Container(search, col={"xs": 12, "md": 8}),
                    ft.Container(sort, col={"xs": 12, "md": 4}),
                ],
                run_spacing=8,
            ),
            filters,
        ]
    cards: list[ft.Control] = [
        CredentialCard(app, s, lambda _e, rid=s.id: state.open_detail(rid)) for s in page.items
    ]
    if page.total > len(page.items):
        cards.append(
            ft.TextButton(app.tr("list.more"), on_click=lambda _e: state.show_more(page.total))
        )
    return ft.Column(
        [
            *top,
            ft.Text(
                _count(app, page, total, filtered),
                size=12,
                key="list-count",
                color=ft.Colors.ON_SURFACE_VARIANT,
            ),
            ft.ListView(cards, expand=True, spacing=8, key="credential-list"),
        ],
        expand=True,
        spacing=8 if state.compact else 10,
    )
