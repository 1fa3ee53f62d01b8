"""On a phone: the screens that are not in the bottom bar, one tap away."""

from __future__ import annotations

import flet as ft

from wallet.ui.context import App
from wallet.ui.state import PHONE_NAV, SCREENS, AppState
from wallet.ui.widgets import Heading, Screen
from wallet.ui.words import component

__all__ = ["MoreScreen"]

ICONS = {
    "portfolio": ft.Icons.AUTO_STORIES_OUTLINED,
    "competencies": ft.Icons.LOCAL_FLORIST_OUTLINED,
    "settings": ft.Icons.SETTINGS_OUTLINED,
}


@component
def MoreScreen(app: App, state: AppState) -> ft.Control:
    tiles = [
        ft.ListTile(
            leading=ft.Icon(ICONS[s]),
            title=ft.Text(app.tr(f"nav.{s}")),
            on_click=lambda _e, s=s: state.go(s),
            key=f"more-{s}",
        )
        for s in SCREENS
        if s not in PHONE_NAV
    ]
    return Screen([Heading(app.tr("nav.more")), *tiles], key="more-screen")
