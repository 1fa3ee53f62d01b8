"""First run (the learner's name — the one employers see, also the profile's name —, how the
key is protected, backups explained) and unlock (which profile it opens). Both sit in the middle
of a wide window, and do their work (Argon2id takes a moment) in a worker thread."""

from __future__ import annotations

import inspect
from typing import Any

import flet as ft

from wallet.ui.context import LOADING, App, use_data
from wallet.ui.i18n import LANGUAGES
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, bound_field
from wallet.ui.words import component

__all__ = ["FirstRun", "LanguagePicker", "Unlock"]


def LanguagePicker(app: App, on_change: Any = None) -> ft.Control:
    """Radio buttons, each language named in itself (easy by keyboard and screen reader)."""
    state = app.state

    async def choose(e: ft.Event[ft.RadioGroup]) -> None:
        state.lang = e.control.value or "en"
        if on_change:
            result = on_change()
            if inspect.isawaitable(result):
                await result

    return ft.Column(
        [
            ft.Text(app.tr("settings.language"), weight=ft.FontWeight.BOLD),
            ft.RadioGroup(
                value=state.lang,
                on_change=choose,
                content=ft.Row(
                    [ft.Radio(value=code, label=name) for code, name in LANGUAGES.items()],
                    wrap=True,
                ),
            ),
        ],
        spacing=4,
    )


def _frame(controls: list[ft.Control], width: int) -> ft.Control:
    """A form of ``width`` pixels at most, in the middle of the window (scrolling)."""
    form = ft.Container(
        ft.Column(
            controls, spacing=12, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
        ),
        padding=ft.Padding.all(20),
        width=width,
        key="form",
    )
    return ft.Column(
        [ft.Row([form], alignment=ft.MainAxisAlignment.CENTER)],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


@component
def FirstRun(app: App, state: AppState) -> ft.Control:
    available = use_data(app.c.keyring_available, [])
    keyring = available is True
    chosen, set_protection = ft.use_state(None)
    protection = chosen or ("keyring" if keyring else "passphrase")
    problem, set_problem = ft.use_state(None)
    fields = ft.use_ref(lambda: {"name": "", "pass1": "", "pass2": ""}).current

    async def create() -> None:
        values = fields
        name = " ".join(values["name"].split())
        if not name:
            set_problem(app.tr("first.name_needed"))
            return
        if protection == "passphrase":
            if values["pass1"] != values["pass2"]:
                set_problem(app.tr("first.mismatch"))
                return
            if len(values["pass1"]) < 8:
                set_problem(app.tr("first.too_short"))
                return
        # One name: the learner's (what employers see) and the profile's (renamed in
        # Settings if the learner keeps several profiles).
        passphrase = values["pass1"] if protection == "passphrase" else None
        lang = state.lang

        def make() -> None:
            app.c.create_profile(name[:60], protection, passphrase, learner=name)
            app.wallet.settings.set("language", lang)

        if await app.act(make, busy=app.tr("first.creating"), problem=set_problem):
            await app.open()

    if available is LOADING:
        return _frame(
            [Heading(app.tr("first.title"), size=24), ft.ProgressRing(width=24, height=24)],
            min(560, int(state.width)),
        )
    width = min(560, int(state.width))
    return _frame(
        [
            Heading(app.tr("first.title"), size=24),
            ft.Text(app.tr("first.body")),
            LanguagePicker(app),
            bound_field(
                fields,
                "name",
                label=app.tr("first.your_name"),
                autofocus=True,
                helper=app.tr("first.your_name_help"),
                helper_max_lines=3,
                key="learner-name",
            ),
            ft.Text(app.tr("first.protection"), weight=ft.FontWeight.BOLD),
            ft.RadioGroup(
                value=protection,
                on_change=lambda e: set_protection(e.control.value),
                content=ft.Column(
                    [
                        ft.Radio(
                            value="keyring", label=app.tr("first.keyring"), disabled=not keyring
                        ),
                        ft.Radio(value="passphrase", label=app.tr("first.passphrase")),
                    ]
                ),
            ),
            *([] if keyring else [ft.Text(app.tr("first.no_keyring"), italic=True)]),
            *(
                [
                    bound_field(
                        fields,
                        "pass1",
                        label=app.tr("first.passphrase_field"),
                        password=True,
                        can_reveal_password=True,
                    ),
                    bound_field(
                        fields,
                        "pass2",
                        label=app.tr("first.passphrase_repeat"),
                        password=True,
                        on_submit=create,
                    ),
                ]
                if protection == "passphrase"
                else []
            ),
            ft.Container(
                ft.Row(
                    [
                        ft.Icon(ft.Icons.BACKUP_OUTLINED),
                        ft.Text(app.tr("first.backup"), expand=True),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                ),
                bgcolor=ft.Colors.BLUE_50,
                padding=12,
                border_radius=8,
            ),
            *([ErrorBox(problem)] if problem else []),
            ft.FilledButton(
                app.tr("first.create"), icon=ft.Icons.CHECK, on_click=create, key="create"
            ),
        ],
        width,
    )


@component
def Unlock(app: App, state: AppState) -> ft.Control:
    problem, set_problem = ft.use_state(None)
    fields = ft.use_ref(dict).current
    profile = use_data(lambda: app.wallet.profiles.current.name, [])
    opening, set_opening = ft.use_state(False)

    async def go() -> None:
        if opening:
            return
        set_opening(True)
        passphrase = fields.get("passphrase", "")
        try:
            if await app.act(lambda: app.c.unlock(passphrase), problem=set_problem):
                await app.open()
        finally:
            set_opening(False)

    which = profile if isinstance(profile, str) else ""
    return _frame(
        [
            ft.Icon(ft.Icons.LOCK_OUTLINE, size=48),
            Heading(app.tr("unlock.title"), size=24),
            *(
                [ft.Text(app.tr("unlock.profile", name=which), size=16, key="unlock-profile")]
                if which
                else []
            ),
            bound_field(
                fields,
                "passphrase",
                label=app.tr("unlock.passphrase"),
                password=True,
                autofocus=True,
                on_submit=go,
            ),
            *([ErrorBox(problem)] if problem else []),
            ft.FilledButton(
                app.tr("unlock.opening") if opening else app.tr("unlock.button"),
                on_click=go,
                key="unlock",
                disabled=opening,
            ),
        ],
        min(420, int(state.width)),
    )
