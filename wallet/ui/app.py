"""The wallet app (Flet 1.0, declarative): the shell that routes between the screens of
:mod:`wallet.ui.screens` over one observable :class:`~wallet.ui.state.AppState`.

Wide windows get a navigation rail at the side; below :data:`~wallet.ui.state.COMPACT_WIDTH`
(phones) a bottom navigation bar and one column. The dialogs the screens ask for
(:class:`~wallet.ui.state.Question`) are shown here, as is the progress of long work and of the
background status re-check that runs after unlock.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, App, AppContext
from wallet.ui.controller import AppController
from wallet.ui.dialogs import question_dialog
from wallet.ui.screens import SCREENS as SCREEN_VIEWS
from wallet.ui.screens.first_run import FirstRun, Unlock
from wallet.ui.screens.more import MoreScreen
from wallet.ui.screens.receive import collect_deferred, watch_deferred
from wallet.ui.state import AppState
from wallet.ui.words import component, keep_words_in

__all__ = ["ICONS", "main", "start"]

ICONS = {
    "credentials": ft.Icons.BADGE_OUTLINED,
    "receive": ft.Icons.DOWNLOAD_OUTLINED,
    "portfolio": ft.Icons.AUTO_STORIES_OUTLINED,
    "competencies": ft.Icons.LOCAL_FLORIST_OUTLINED,
    "present": ft.Icons.QR_CODE_2,
    "verify": ft.Icons.VERIFIED_OUTLINED,
    "settings": ft.Icons.SETTINGS_OUTLINED,
    "more": ft.Icons.MENU,
}


def _theme(app: App) -> ft.Theme:
    # One font with Hangul for every language (the web view renders offline: no fallback
    # font can be fetched), DejaVu behind it for symbols.
    # A visible focus: what the keyboard is on is tinted strongly, not by Material's faint 10 %.
    focus = ft.Colors.with_opacity(0.45, ft.Colors.AMBER_600)
    return ft.Theme(
        color_scheme_seed=ft.Colors.INDIGO,
        font_family=app.hangul_font,
        visual_density=ft.VisualDensity.COMFORTABLE,
        focus_color=focus,
        filled_button_theme=ft.FilledButtonTheme(style=_focus_style(focus)),
        outlined_button_theme=ft.OutlinedButtonTheme(style=_focus_style(focus)),
        text_button_theme=ft.TextButtonTheme(style=_focus_style(focus)),
        icon_button_theme=ft.IconButtonTheme(style=_focus_style(focus)),
    )


def _focus_style(color: str) -> ft.ButtonStyle:
    return ft.ButtonStyle(
        overlay_color={ft.ControlState.FOCUSED: color},
        side={ft.ControlState.FOCUSED: ft.BorderSide(3, ft.Colors.AMBER_900)},
    )


def _locale(lang: str) -> ft.LocaleConfiguration:
    """Flutter's own words (a field's "characters remaining", a tooltip, the text selection
    menu) in the learner's language too."""
    locales = {"en": ft.Locale("en", "US"), "ko": ft.Locale("ko", "KR")}
    return ft.LocaleConfiguration(
        supported_locales=list(locales.values()), current_locale=locales.get(lang, locales["en"])
    )


def _apply_page(app: App) -> None:
    page = ft.context.page
    page.title = app.tr("app.title")
    page.theme = page.dark_theme = _theme(app)
    page.theme_mode = ft.ThemeMode.DARK if app.state.dark else ft.ThemeMode.LIGHT
    page.locale_configuration = _locale(app.state.lang)
    page.update()


async def _recheck(app: App) -> None:
    """After unlock, in the background: collect the credentials issuers deferred (a notice
    when they arrive), then verify again what was checked over a week ago."""
    await collect_deferred(app)
    asyncio.ensure_future(watch_deferred(app))
    state = app.state
    credentials = app.wallet.credentials
    try:
        stale = len(await asyncio.to_thread(credentials.stale))
    except EXPECTED:
        return
    if not stale:
        return
    loop = asyncio.get_running_loop()

    def progress(done: int, total: int) -> None:
        loop.call_soon_threadsafe(
            setattr, state, "recheck", app.tr("recheck.progress", done=done, total=total)
        )

    state.recheck = app.tr("recheck.progress", done=0, total=stale)
    try:
        report = await asyncio.to_thread(credentials.recheck, progress=progress)
    except EXPECTED as exc:
        state.recheck = None
        app.toast(app.tr("recheck.failed", reason=app.explain(exc)))
        return
    state.recheck = None
    app.changed()
    if report.revoked:
        app.toast(
            app.trn(
                "recheck.revoked",
                len(report.revoked),
                names=", ".join(name for _id, name in report.revoked),
            )
        )


def _navigation(app: App, state: AppState) -> ft.Control:
    items = state.nav_items()

    def label(item: str) -> str:
        return app.tr(f"nav.{item}")

    def change(e: ft.Event[Any]) -> None:
        state.navigate(int(e.control.selected_index))

    if state.compact:
        return ft.NavigationBar(
            selected_index=state.nav_index(),
            on_change=change,
            key="bottom-bar",
            label_behavior=ft.NavigationBarLabelBehavior.ALWAYS_SHOW,
            destinations=[
                ft.NavigationBarDestination(icon=ICONS[i], label=label(i)) for i in items
            ],
        )
    return ft.NavigationRail(
        selected_index=state.nav_index(),
        on_change=change,
        key="rail",
        label_type=ft.NavigationRailLabelType.ALL,
        min_width=96,
        group_alignment=-1.0,
        destinations=[ft.NavigationRailDestination(icon=ICONS[i], label=label(i)) for i in items],
    )


def _progress(state: AppState) -> ft.Control:
    """Long work and the background re-check, in a slot that is always there (so the screen
    below keeps its place in the tree, and its state)."""
    text = state.busy or state.recheck
    return ft.Container(
        ft.Row(
            [
                ft.ProgressRing(width=16, height=16, stroke_width=2),
                ft.Text(text or "", size=13, expand=True),
            ],
            key="busy" if text else "idle",
        ),
        visible=bool(text),
        padding=ft.Padding.symmetric(horizontal=12, vertical=6),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        border_radius=8,
    )


@component
def Root(app: App) -> Any:
    state, _ = ft.use_state(app.state)  # subscribes: every change re-renders what changed

    shown = ft.use_ref(lambda: (state.lang, state.dark))  # as start() drew the page

    def restyle() -> None:
        if shown.current != (state.lang, state.dark):  # not at mount: start() did it
            shown.current = (state.lang, state.dark)
            _apply_page(app)

    ft.on_updated(restyle, [state.lang, state.dark])

    def started() -> None:
        if state.phase == "main":
            asyncio.ensure_future(_recheck(app))

    ft.on_updated(started, [state.phase])
    ft.use_dialog(keep_words_in(question_dialog(app, state)) if state.question else None)

    def view(content: ft.Control, navigation: ft.Control | None = None) -> list[ft.View]:
        return [
            ft.View(
                route="/",
                padding=0,
                controls=[ft.SafeArea(content, expand=True)],
                navigation_bar=navigation,
            )
        ]

    if state.phase == "first_run":
        return AppContext(app, lambda: view(FirstRun(app, state)))
    if state.phase == "unlock":
        return AppContext(app, lambda: view(Unlock(app, state)))
    if state.phase != "main":
        return view(ft.Container(ft.ProgressRing(), alignment=ft.Alignment.CENTER, expand=True))

    def body() -> ft.Control:
        if state.compact and state.more:
            return MoreScreen(app, state, key="more")
        screen = "detail" if state.screen == "credentials" and state.detail else state.screen
        if state.responding:
            screen = "respond"
        return SCREEN_VIEWS[screen](app, state, key=f"{screen}:{state.detail or ''}")

    def shell() -> list[ft.View]:
        content = ft.Container(
            ft.Column(
                [_progress(state), ft.Container(body(), expand=True)], expand=True, spacing=8
            ),
            expand=True,
            padding=ft.Padding.all(12 if state.compact else 20),
        )
        if state.compact:
            return view(content, _navigation(app, state))
        return view(
            ft.Row(
                [_navigation(app, state), ft.VerticalDivider(width=1), content],
                expand=True,
                spacing=0,
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        )

    return AppContext(app, shell)


def _follow_others(page: ft.Page, app: App) -> None:
    """What another window of the app does reaches this one: a wallet locked in one window is
    locked in all (this window drops to the unlock screen at once, or when it connects
    again); stored data changed in one (a link withdrawn, a credential received) is read
    again in all."""
    controller, state = app.c, app.state

    async def to_unlock() -> None:
        state.locked()

    async def read_again() -> None:
        state.changed()

    def in_window(job: Any) -> None:
        try:
            here = page.session.connection is not None
        except RuntimeError:  # the window's session has ended
            return
        if here:  # else ``connected`` sees it when the window connects again
            # In a context of its own: run_task makes ``page`` its caller's current page.
            contextvars.copy_context().run(page.run_task, job)

    def connected(_e: Any) -> None:
        if controller.locked():
            state.locked()
        else:
            state.changed()

    forgets = [
        controller.when_locked(lambda: in_window(to_unlock)),
        controller.when_changed(app, lambda: in_window(read_again)),
    ]
    page.on_connect = connected
    page.on_close = lambda _e: [forget() for forget in forgets]


def start(
    page: ft.Page,
    controller: AppController,
    *,
    first_offer: str | None = None,
    hangul_font: str | None = None,
) -> App:
    """Open the app on ``page``: first run, unlock, or straight in."""
    state = AppState(width=float(page.width or 1280))
    app = App(
        controller,
        state,
        hangul_font,
        ft.FilePicker(),
        ft.Clipboard(),
        page,
        launcher=ft.UrlLauncher(),
    )
    page.services.extend([app.picker, app.clipboard, app.launcher])
    settings: dict[str, Any] = {}
    state.phase = controller.open_phase()
    if state.phase == "main":
        try:
            settings = controller.service.settings.all()
        except EXPECTED:
            settings = {}
    # locked: the language chosen last, kept beside the profiles (the unlock screen speaks it)
    remembered = controller.service.settings.remembered_language()
    state.lang = settings.get("language", remembered or state.lang)
    state.dark = bool(settings.get("dark", False))
    if first_offer:
        state.offer_link = first_offer
        state.screen = "receive"
    page.padding = 0
    page.on_resize = lambda e: state.resize(e.width)
    page.title = app.tr("app.title")
    page.theme = page.dark_theme = _theme(app)
    page.theme_mode = ft.ThemeMode.DARK if state.dark else ft.ThemeMode.LIGHT
    page.locale_configuration = _locale(state.lang)
    _follow_others(page, app)
    page.render_views(Root, app)
    return app


def main(
    controller: AppController, *, first_offer: str | None = None, hangul_font: str | None = None
) -> Any:
    """A Flet ``main(page)`` for this controller."""

    def run(page: ft.Page) -> None:
        start(page, controller, first_offer=first_offer, hangul_font=hangul_font)

    return run
