"""The credentials: cards with the issuer's logo or the badge image, the verdict in words and
when the status was checked; search, filters (the four verdict levels), sort."""

from __future__ import annotations

import flet as ft

from wallet.i18n import verdict_label
from wallet.services import CredentialSummary
from wallet.ui.context import EXPECTED, App
from wallet.ui.state import AppState
from wallet.ui.viewmodel import LEVELS, issuer_shown, marking, status_line, verdict_for
from wallet.ui.widgets import ErrorBox, Screen, VerdictChip, image_src, use_first

__all__ = ["CredentialCard", "CredentialsScreen", "issuer_line"]


def issuer_line(s: CredentialSummary, lang: str = "en", *, size: int = 13) -> ft.Control:
    """The issuer's name (:func:`~wallet.ui.viewmodel.issuer_shown`: the card's one rule),
    after its logo (as the wallet fetched it when receiving)."""
    logo = image_src(s.issuer_logo)
    shown = issuer_shown(s, lang)
    name = ft.Text(shown, size=size, expand=True)
    if not logo:
        return name
    return ft.Row([ft.Image(src=logo, width=size + 5, height=size + 5, fit=ft.BoxFit.CONTAIN,
                            semantics_label=shown), name], spacing=6,
                  vertical_alignment=ft.CrossAxisAlignment.START)


def _picture(s: CredentialSummary, size: int) -> ft.Control:
    for uri in (s.image, s.issuer_logo):
        src = image_src(uri)
        if src:
            return ft.Image(src=src, width=size, height=size, fit=ft.BoxFit.CONTAIN,
                            semantics_label=s.name)
    return ft.Icon(ft.Icons.WORKSPACE_PREMIUM, size=size - 8)


def CredentialCard(app: App, s: CredentialSummary, on_open: object) -> ft.Control:
    state = app.state
    revoked = s.status_state in ("revoked", "suspended")
    badge = marking(s, state.lang)  # an Open Badges 2.0 badge says so
    text = ft.Column([
        ft.Text(s.name, weight=ft.FontWeight.BOLD, size=16),
        issuer_line(s, state.lang),
        *([ft.Text(badge, size=12, color=ft.Colors.ON_SURFACE_VARIANT)] if badge else []),
        ft.Text(f"{app.tr('card.received', date=s.received_at[:10])} · "
                f"{status_line(s, state.lang)}", size=12,
                color=ft.Colors.RED_900 if revoked else ft.Colors.ON_SURFACE_VARIANT)],
        spacing=2, expand=True, tight=True)
    chip = VerdictChip(s.verdict, state.lang)
    if state.compact:
        inner: ft.Control = ft.Column([ft.Row([_picture(s, 48), text],
                                              vertical_alignment=ft.CrossAxisAlignment.START),
                                       chip], spacing=8, tight=True)
    else:
        inner = ft.Row([_picture(s, 56), text, chip],
                       vertical_alignment=ft.CrossAxisAlignment.START)
    card = ft.Card(ft.Container(inner, padding=12, ink=True, on_click=on_open))
    # One button for assistive technology: name, issuer, (what it is,) verdict, in that order.
    label = ", ".join(x for x in (s.name, issuer_shown(s, state.lang), badge,
                                   verdict_label(verdict_for(s.verdict), state.lang)) if x)
    return ft.Semantics(content=card, label=label, button=True)


@ft.component
def CredentialsScreen(app: App, state: AppState) -> ft.Control:
    query = use_first(state.query)  # the field is uncontrolled after its first render
    try:
        page = app.c.credentials(query=state.query, verdict=state.verdict, sort=state.sort,
                                 limit=state.shown)
    except EXPECTED as exc:
        return Screen([ErrorBox(app.explain(exc))])
    if page.total == 0 and not state.query and state.verdict == "all":
        return Screen([
            ft.Icon(ft.Icons.BADGE_OUTLINED, size=64, color=ft.Colors.GREY_600),
            ft.Text(app.tr("list.empty"), size=16),
            ft.FilledButton(app.tr("list.empty.button"), icon=ft.Icons.DOWNLOAD,
                            on_click=lambda _e: state.go("receive"), key="receive-first")])
    search = ft.TextField(label=app.tr("list.search"), value=query,
                          prefix_icon=ft.Icons.SEARCH, key="search",
                          on_change=lambda e: state.search(e.control.value or ""))
    sort = ft.Dropdown(label=app.tr("list.sort"), value=state.sort, key="sort",
                       options=[ft.DropdownOption(key=k, text=app.tr(f"list.sort.{k}"))
                                for k in ("received", "name", "issuer")],
                       on_select=lambda e: state.sort_by(e.control.value))
    filters = ft.Row([
        ft.Chip(label=ft.Text(app.tr(f"list.filter.{v}")), selected=state.verdict == v,
                on_select=lambda _e, v=v: state.filter(v))
        for v in ("all", *LEVELS)], wrap=True, spacing=6, run_spacing=6)
    cards: list[ft.Control] = [
        CredentialCard(app, s, lambda _e, rid=s.id: state.open_detail(rid))
        for s in page.items]
    if page.total > len(page.items):
        cards.append(ft.TextButton(app.tr("list.more"),
                                   on_click=lambda _e: state.show_more(page.total)))
    return ft.Column([
        ft.ResponsiveRow([ft.Container(search, col={"xs": 12, "md": 8}),
                          ft.Container(sort, col={"xs": 12, "md": 4})], run_spacing=8),
        filters,
        ft.Text(app.tr("list.count", shown=len(page.items), total=page.total), size=12,
                color=ft.Colors.ON_SURFACE_VARIANT),
        ft.ListView(cards, expand=True, spacing=8, key="credential-list")],
        expand=True, spacing=10)
