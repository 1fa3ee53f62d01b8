"""Settings: about you (the learner's name, headline, links and photo, in
:mod:`~wallet.ui.screens.about_you`), profiles (create, rename, switch, delete), lock,
language, theme, backup and restore (:mod:`~wallet.ui.screens.backups`), and the trust lists
the wallet checks issuers against (add an issuer, import a registry file or address, remove)."""

from __future__ import annotations

from functools import partial
from typing import Any

import flet as ft

from wallet.ui.context import LOADING, App, use_data
from wallet.ui.screens.about_you import AboutYou
from wallet.ui.screens.backups import Backups
from wallet.ui.screens.first_run import LanguagePicker
from wallet.ui.screens.shares import confirm as _confirm
from wallet.ui.state import AppState
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    Loading,
    Screen,
    bound_field,
    clear_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["SettingsScreen"]


@component
def Profiles(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    renaming, set_renaming = ft.use_state(None)
    problem, set_problem = ft.use_state(None)
    service = app.wallet.profiles
    loaded = use_data(lambda: (service.all(), app.c.keyring_available()), [state.revision])
    if loaded is LOADING:
        return Loading(app)
    if isinstance(loaded, BaseException):
        return ErrorBox(app.explain(loaded))
    profiles, keyring = loaded

    async def attempt(work: Any, *, busy: str | None = None) -> bool:
        return await app.act(work, busy=busy, problem=set_problem) is not None

    async def switch(pid: str) -> None:
        if await attempt(lambda: app.c.switch_profile(pid)):
            if await app.work(app.c.needs_unlock):
                state.phase = "unlock"
            else:
                await app.open()

    async def rename(pid: str) -> None:
        if await attempt(lambda: service.rename(pid, fields.get("rename", ""))):
            set_renaming(None)
            state.changed()

    async def delete(pid: str, name: str) -> None:
        sure = await _confirm(
            state,
            app.tr("settings.delete_title", name=name),
            app.tr("settings.delete_body"),
            app.tr("settings.delete"),
        )
        if sure and await attempt(lambda: app.c.delete_profile(pid)):
            app.toast(app.tr("settings.deleted", name=name))
            state.changed()

    async def create() -> None:
        name = " ".join(fields.get("new", "").split())
        learner = " ".join(fields.get("new_learner", "").split()) or name
        passphrase = fields.get("new_pass") or None
        if not name:
            set_problem(app.tr("settings.new_name_needed"))
            return
        if not keyring and passphrase != (fields.get("new_pass2") or None):
            set_problem(app.tr("first.mismatch"))
            return
        if await attempt(
            lambda: app.c.add_profile(name, passphrase, learner=learner),
            busy=app.tr("settings.creating"),
        ):
            for key in ("new", "new_learner", "new_pass", "new_pass2"):
                clear_field(fields, key)
            await app.open()

    rows: list[ft.Control] = []
    for info in profiles:
        pid, name, current = info.id, info.name, info.is_current
        if renaming == pid:
            rows.append(
                ft.Row(
                    [
                        bound_field(
                            fields,
                            "rename",
                            label=app.tr("settings.rename_field"),
                            expand=True,
                            on_submit=partial(rename, pid),
                        ),
                        ft.IconButton(
                            ft.Icons.CHECK,
                            tooltip=app.tr("settings.rename"),
                            on_click=partial(rename, pid),
                        ),
                    ]
                )
            )
            continue
        actions: list[ft.Control] = [
            ft.TextButton(
                app.tr("settings.rename"),
                on_click=lambda _e, p=pid, n=name: (
                    clear_field(fields, "rename"),
                    fields.__setitem__("rename", n),
                    set_renaming(p),
                ),
            )
        ]
        if not current:
            actions += [
                ft.TextButton(app.tr("settings.switch"), on_click=partial(switch, pid)),
                ft.TextButton(app.tr("settings.delete"), on_click=partial(delete, pid, name)),
            ]
        rows.append(
            ft.Column(
                [
                    ft.Row(
                        [
                            ft.Icon(
                                ft.Icons.RADIO_BUTTON_CHECKED
                                if current
                                else ft.Icons.RADIO_BUTTON_UNCHECKED,
                                size=18,
                            ),
                            ft.Text(
                                name + (f" ({app.tr('settings.current')})" if current else ""),
                                weight=ft.FontWeight.BOLD if current else None,
                                expand=True,
                            ),
                        ]
                    ),
                    wrap_row(actions, spacing=4),
                ],
                spacing=0,
                tight=True,
            )
        )
    passes = (
        []
        if keyring
        else [
            ft.Container(
                bound_field(
                    fields,
                    "new_pass",
                    label=app.tr("first.passphrase_field"),
                    password=True,
                    can_reveal_password=True,
                ),
                col={"xs": 12, "md": 6},
            ),
            ft.Container(
                bound_field(
                    fields, "new_pass2", label=app.tr("first.passphrase_repeat"), password=True
                ),
                col={"xs": 12, "md": 6},
            ),
        ]
    )
    return ft.Column(
        [
            Heading(app.tr("settings.profile")),
            *rows,
            *([ErrorBox(problem)] if problem else []),
            ft.Text(app.tr("settings.new_profile"), weight=ft.FontWeight.BOLD),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        bound_field(fields, "new", label=app.tr("first.name"), key="new-profile"),
                        col={"xs": 12, "md": 6},
                    ),
                    ft.Container(
                        bound_field(
                            fields,
                            "new_learner",
                            label=app.tr("settings.new_learner"),
                            helper=app.tr("settings.new_learner_help"),
                            helper_max_lines=2,
                            key="new-learner",
                        ),
                        col={"xs": 12, "md": 6},
                    ),
                    *passes,
                ],
                run_spacing=8,
            ),
            wrap_row(
                [
                    ft.OutlinedButton(
                        app.tr("settings.create"),
                        icon=ft.Icons.ADD,
                        on_click=create,
                        key="create-profile",
                    )
                ]
            ),
        ],
        spacing=8,
    )


@component
def TrustLists(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    problem, set_problem = ft.use_state(None)
    trust = app.wallet.trust
    lists = use_data(trust.lists, [state.revision])
    if lists is LOADING:
        return ft.Column([Heading(app.tr("trust.title")), Loading(app)])
    if isinstance(lists, BaseException):
        return ErrorBox(app.explain(lists))

    async def attempt(work: Any, done: str | None = None, busy: str | None = None) -> bool:
        return (
            await app.act(work, busy=busy, done=done, problem=set_problem, changed=True) is not None
        )

    async def add() -> None:
        identifier, name = fields.get("issuer", ""), fields.get("issuer_name") or None
        if await attempt(lambda: trust.add(identifier, name=name), app.tr("trust.added")):
            clear_field(fields, "issuer")
            clear_field(fields, "issuer_name")

    async def from_file() -> None:
        picked = await app.pick(["json"])
        if picked:
            await attempt(
                lambda: trust.import_bytes(picked[1], source=picked[0]), app.tr("trust.imported")
            )

    async def from_url() -> None:
        url = fields.get("url", "").strip()
        if url:
            await attempt(
                lambda: trust.import_url(url), app.tr("trust.imported"), app.tr("trust.import_url")
            )

    async def remove(key: str) -> None:
        await attempt(lambda: trust.remove(key))

    blocks: list[ft.Control] = []
    for info in lists:
        head = ft.Row(
            [
                ft.Icon(ft.Icons.VERIFIED_USER_OUTLINED, size=18),
                ft.Text(
                    app.tr("trust.own") if info.source is None else info.name,
                    weight=ft.FontWeight.BOLD,
                    expand=True,
                ),
            ]
        )
        if info.source is not None:
            head.controls.append(
                ft.TextButton(
                    app.tr("trust.remove"), on_click=partial(remove, info.id or info.name)
                )
            )
        entries = [
            ft.Row(
                [
                    ft.Text(e.name or e.id, size=13, expand=True, selectable=True),
                    *(
                        [
                            ft.IconButton(
                                ft.Icons.DELETE_OUTLINE,
                                tooltip=app.tr("trust.remove_entry", id=e.id),
                                on_click=partial(remove, e.id),
                            )
                        ]
                        if info.source is None
                        else []
                    ),
                ]
            )
            for e in info.entries[:50]
        ]
        more = len(info.entries) - len(entries)
        blocks.append(
            ft.Column(
                [
                    head,
                    *(
                        [ft.Text(app.tr("trust.from", source=info.source), size=11)]
                        if info.source
                        else []
                    ),
                    *entries,
                    *([ft.Text(app.trn("trust.more", more), size=12)] if more > 0 else []),
                ],
                spacing=2,
            )
        )
    return ft.Column(
        [
            Heading(app.tr("trust.title")),
            ft.Text(app.tr("trust.help"), size=12),
            *(blocks or [ft.Text(app.tr("trust.none"))]),
            *([ErrorBox(problem, key="trust-error")] if problem else []),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        bound_field(fields, "issuer", label=app.tr("trust.issuer")),
                        col={"xs": 12, "md": 6},
                    ),
                    ft.Container(
                        bound_field(fields, "issuer_name", label=app.tr("trust.name")),
                        col={"xs": 12, "md": 4},
                    ),
                    ft.Container(
                        ft.OutlinedButton(
                            app.tr("trust.add"), icon=ft.Icons.ADD, on_click=add, key="trust-add"
                        ),
                        col={"xs": 12, "md": 2},
                    ),
                ],
                run_spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            wrap_row(
                [
                    ft.OutlinedButton(
                        app.tr("trust.import_file"), icon=ft.Icons.UPLOAD_FILE, on_click=from_file
                    )
                ]
            ),
            ft.Row(
                [
                    bound_field(
                        fields, "url", label=app.tr("trust.url"), expand=True, on_submit=from_url
                    ),
                    ft.IconButton(
                        ft.Icons.DOWNLOAD, tooltip=app.tr("trust.import_url"), on_click=from_url
                    ),
                ]
            ),
        ],
        spacing=8,
    )


def _load(app: App) -> tuple[dict[str, Any], str, str, str]:
    wallet = app.wallet
    settings = wallet.settings.all()
    return (
        settings,
        wallet.did,
        wallet.profiles.protection,
        app.c.share_server or settings.get("share_server") or "",
    )


@component
def SettingsScreen(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    loaded = use_data(lambda: _load(app), [state.revision])
    if loaded is LOADING:
        return Screen([AboutYou(app, state), Loading(app)], key="settings")
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))])
    settings, did, protection, server = loaded
    wallet = app.wallet
    fields.setdefault("server", server)

    async def remember(key: str, value: Any) -> None:
        await app.act(lambda: wallet.settings.set(key, value))

    async def language() -> None:
        await remember("language", state.lang)

    async def dark(e: ft.Event[ft.Switch]) -> None:
        state.dark = bool(e.control.value)
        await remember("dark", state.dark)

    async def autolock(e: ft.Event[ft.Dropdown]) -> None:
        await remember("autolock", int(e.control.value or 0))

    async def lock() -> None:
        if await app.act(app.c.lock) is not None:
            state.phase = "unlock"

    async def use_server() -> None:
        address = fields.get("server", "").strip()
        app.c.share_server = address or None
        await app.act(
            lambda: wallet.settings.set("share_server", address),
            done=app.tr("settings.server_saved"),
        )

    advanced = ft.ExpansionTile(
        title=ft.Text(app.tr("settings.advanced")),
        key="advanced",
        tile_padding=ft.Padding.symmetric(horizontal=0),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.STRETCH,
        controls=[
            ft.Text(app.tr("settings.key_help"), size=12),
            ft.Text(f"{app.tr('settings.did')}: {did}", selectable=True, size=12, key="did"),
            ft.Text(app.tr(f"settings.kdf.{protection}"), size=12),
            ft.Row(
                [
                    bound_field(
                        fields,
                        "server",
                        label=app.tr("present.server"),
                        helper=app.tr("settings.server_help"),
                        helper_max_lines=3,
                        expand=True,
                        on_submit=use_server,
                        key="share-server",
                    ),
                    ft.IconButton(
                        ft.Icons.CHECK, tooltip=app.tr("settings.server_use"), on_click=use_server
                    ),
                ]
            ),
        ],
    )
    return Screen(
        [
            AboutYou(app, state),
            ft.Divider(),
            Profiles(app, state),
            ft.Text(app.tr(f"settings.protection.{protection}"), size=12, key="protection"),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        ft.OutlinedButton(
                            app.tr("settings.lock"), icon=ft.Icons.LOCK, on_click=lock
                        ),
                        col={"xs": 12, "md": 4},
                    ),
                    ft.Container(
                        ft.Dropdown(
                            label=app.tr("settings.autolock"),
                            value=str(settings.get("autolock", 0)),
                            options=[
                                ft.DropdownOption(
                                    key=str(m),
                                    text=app.trn("settings.minutes", m)
                                    if m
                                    else app.tr("settings.never"),
                                )
                                for m in (0, 5, 15, 60)
                            ],
                            on_select=autolock,
                        ),
                        col={"xs": 12, "md": 8},
                    ),
                ],
                run_spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            LanguagePicker(app, language),
            ft.Switch(label=app.tr("settings.theme"), value=state.dark, on_change=dark),
            Backups(app, state),
            TrustLists(app, state),
            advanced,
        ],
        key="settings",
    )
