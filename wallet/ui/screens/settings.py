"""Settings: about you (the learner's name, headline, links and photo, in
:mod:`~wallet.ui.screens.about_you`), profiles (create, rename, switch, delete), lock,
language, theme, backup and restore, and the trust lists the wallet checks issuers against
(add an issuer, import a registry file or address, remove)."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.about_you import AboutYou
from wallet.ui.screens.first_run import LanguagePicker
from wallet.ui.state import AppState, Question
from wallet.ui.widgets import ErrorBox, Heading, Screen, bound_field, clear_field, wrap_row

__all__ = ["SettingsScreen"]


def _confirm(state: AppState, title: str, body: str, action: str) -> asyncio.Future[Any]:
    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    state.ask(Question("confirm", (title, body, action),
                       lambda value: future.done() or future.set_result(value)))
    return future


@ft.component
def Profiles(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    renaming, set_renaming = ft.use_state(None)
    problem, set_problem = ft.use_state(None)
    try:
        profiles = app.c.profiles()
    except EXPECTED as exc:
        return ErrorBox(app.explain(exc))

    def attempt(work: Any) -> bool:
        try:
            work()
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return False
        set_problem(None)
        return True

    def switch(pid: str) -> None:
        if attempt(lambda: app.c.switch_profile(pid)):
            if app.c.needs_unlock():
                state.phase = "unlock"
            else:
                app.enter()

    def rename(pid: str) -> None:
        if attempt(lambda: app.c.rename_profile(pid, fields.get("rename", ""))):
            set_renaming(None)
            state.changed()

    async def delete(pid: str, name: str) -> None:
        sure = await _confirm(state, app.tr("settings.delete_title", name=name),
                              app.tr("settings.delete_body"), app.tr("settings.delete"))
        if sure and attempt(lambda: app.c.delete_profile(pid)):
            app.toast(app.tr("settings.deleted", name=name))
            state.changed()

    def create() -> None:
        name = fields.get("new", "").strip()
        if attempt(lambda: app.c.add_profile(name, fields.get("new_pass") or None)):
            clear_field(fields, "new")
            clear_field(fields, "new_pass")
            app.enter()

    rows: list[ft.Control] = []
    for pid, name, current in profiles:
        if renaming == pid:
            rows.append(ft.Row([
                bound_field(fields, "rename", label=app.tr("settings.rename_field"),
                            expand=True, on_submit=lambda _e, p=pid: rename(p)),
                ft.IconButton(ft.Icons.CHECK, tooltip=app.tr("settings.rename"),
                              on_click=lambda _e, p=pid: rename(p))]))
            continue
        actions: list[ft.Control] = [ft.TextButton(
            app.tr("settings.rename"),
            on_click=lambda _e, p=pid, n=name: (clear_field(fields, "rename"),
                                               fields.__setitem__("rename", n),
                                               set_renaming(p)))]
        if not current:
            actions += [ft.TextButton(app.tr("settings.switch"),
                                      on_click=lambda _e, p=pid: switch(p)),
                        ft.TextButton(app.tr("settings.delete"),
                                      on_click=partial(delete, pid, name))]
        rows.append(ft.Column([
            ft.Row([ft.Icon(ft.Icons.RADIO_BUTTON_CHECKED if current
                            else ft.Icons.RADIO_BUTTON_UNCHECKED, size=18),
                    ft.Text(name + (f" ({app.tr('settings.current')})" if current else ""),
                            weight=ft.FontWeight.BOLD if current else None, expand=True)]),
            wrap_row(actions, spacing=4)], spacing=0, tight=True))
    keyring = app.c.keyring_available()
    return ft.Column([
        Heading(app.tr("settings.profile")),
        *rows,
        *([ErrorBox(problem)] if problem else []),
        ft.Text(app.tr("settings.new_profile"), weight=ft.FontWeight.BOLD),
        ft.ResponsiveRow([
            ft.Container(bound_field(fields, "new", label=app.tr("first.name")),
                         col={"xs": 12, "md": 5}),
            *([] if keyring else [ft.Container(bound_field(
                fields, "new_pass", label=app.tr("first.passphrase_field"), password=True),
                col={"xs": 12, "md": 5})]),
            ft.Container(ft.OutlinedButton(app.tr("settings.create"), icon=ft.Icons.ADD,
                                           on_click=create), col={"xs": 12, "md": 2})],
            run_spacing=8, vertical_alignment=ft.CrossAxisAlignment.CENTER),
    ], spacing=8)


@ft.component
def TrustLists(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    problem, set_problem = ft.use_state(None)
    try:
        lists = app.c.trust_lists()
    except EXPECTED as exc:
        return ErrorBox(app.explain(exc))

    def attempt(work: Any, done: str | None = None) -> bool:
        try:
            work()
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return False
        set_problem(None)
        if done:
            app.toast(done)
        state.changed()
        return True

    def add() -> None:
        identifier = fields.get("issuer", "")
        if attempt(lambda: app.c.trust_add(identifier, fields.get("issuer_name") or None),
                   app.tr("trust.added")):
            clear_field(fields, "issuer")
            clear_field(fields, "issuer_name")

    async def from_file() -> None:
        picked = await app.pick(["json"])
        if picked:
            attempt(lambda: app.c.trust_import(picked[1], picked[0]), app.tr("trust.imported"))

    async def from_url() -> None:
        url = fields.get("url", "").strip()
        if not url:
            return
        try:
            await app.work(lambda: app.c.trust_import_url(url), app.tr("trust.import_url"))
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        set_problem(None)
        app.toast(app.tr("trust.imported"))
        state.changed()

    blocks: list[ft.Control] = []
    for info in lists:
        head = ft.Row([ft.Icon(ft.Icons.VERIFIED_USER_OUTLINED, size=18),
                       ft.Text(app.tr("trust.own") if info.source is None else info.name,
                               weight=ft.FontWeight.BOLD, expand=True)])
        if info.source is not None:
            head.controls.append(ft.TextButton(
                app.tr("trust.remove"), on_click=lambda _e, k=info.id or info.name: attempt(
                    lambda: app.c.trust_remove(k))))
        entries = [ft.Row([ft.Text(e.name or e.id, size=13, expand=True, selectable=True),
                           *([ft.IconButton(ft.Icons.DELETE_OUTLINE,
                                            tooltip=app.tr("trust.remove_entry", id=e.id),
                                            on_click=lambda _e, k=e.id: attempt(
                                                lambda: app.c.trust_remove(k)))]
                             if info.source is None else [])])
                   for e in info.entries[:50]]
        more = len(info.entries) - len(entries)
        blocks.append(ft.Column([
            head, *([ft.Text(app.tr("trust.from", source=info.source), size=11)]
                    if info.source else []),
            *entries, *([ft.Text(app.trn("trust.more", more), size=12)] if more > 0 else [])],
            spacing=2))
    return ft.Column([
        Heading(app.tr("trust.title")),
        ft.Text(app.tr("trust.help"), size=12),
        *(blocks or [ft.Text(app.tr("trust.none"))]),
        *([ErrorBox(problem, key="trust-error")] if problem else []),
        ft.ResponsiveRow([
            ft.Container(bound_field(fields, "issuer", label=app.tr("trust.issuer")),
                         col={"xs": 12, "md": 6}),
            ft.Container(bound_field(fields, "issuer_name", label=app.tr("trust.name")),
                         col={"xs": 12, "md": 4}),
            ft.Container(ft.OutlinedButton(app.tr("trust.add"), icon=ft.Icons.ADD,
                                           on_click=add, key="trust-add"),
                         col={"xs": 12, "md": 2})], run_spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER),
        wrap_row([ft.OutlinedButton(app.tr("trust.import_file"), icon=ft.Icons.UPLOAD_FILE,
                                    on_click=from_file)]),
        ft.Row([bound_field(fields, "url", label=app.tr("trust.url"), expand=True,
                            on_submit=from_url),
                ft.IconButton(ft.Icons.DOWNLOAD, tooltip=app.tr("trust.import_url"),
                              on_click=from_url)]),
    ], spacing=8)


@ft.component
def SettingsScreen(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    try:
        settings = app.c.settings()
        did, protection = app.c.did, app.c.protection()
    except EXPECTED as exc:
        return Screen([ErrorBox(app.explain(exc))])

    def language() -> None:
        app.c.set_setting("language", state.lang)

    def dark(e: ft.Event[ft.Switch]) -> None:
        state.dark = bool(e.control.value)
        app.c.set_setting("dark", state.dark)

    def lock() -> None:
        app.c.lock()
        state.phase = "unlock"

    async def backup() -> None:
        passphrase = fields.get("backup", "")
        try:
            path = await app.work(lambda: app.c.backup(passphrase), app.tr("settings.backup"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        app.toast(app.tr("settings.backup_done", path=path))

    async def restore() -> None:
        picked = await app.pick(["wbk"])
        if not picked:
            return
        passphrase = fields.get("backup", "")
        try:
            count = await app.work(lambda: app.c.restore(picked[1], passphrase),
                                   app.tr("settings.restore"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        app.toast(app.trn("settings.restored", count))
        state.changed()

    autolock = ft.Dropdown(
        label=app.tr("settings.autolock"), value=str(settings.get("autolock", 0)),
        options=[ft.DropdownOption(key=str(m), text=app.trn("settings.minutes", m) if m
                                   else app.tr("settings.never")) for m in (0, 5, 15, 60)],
        on_select=lambda e: app.c.set_setting("autolock", int(e.control.value or 0)))
    return Screen([
        AboutYou(app, state),
        ft.Divider(),
        Profiles(app, state),
        ft.Text(f"{app.tr('settings.did')}: {did}", selectable=True, size=12),
        ft.Text(f"{app.tr('settings.protection')}: {protection}", size=12),
        ft.ResponsiveRow([
            ft.Container(ft.OutlinedButton(app.tr("settings.lock"), icon=ft.Icons.LOCK,
                                           on_click=lock), col={"xs": 12, "md": 4}),
            ft.Container(autolock, col={"xs": 12, "md": 8})], run_spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER),
        LanguagePicker(app, language),
        ft.Switch(label=app.tr("settings.theme"), value=state.dark, on_change=dark),
        Heading(app.tr("settings.backups")),
        bound_field(fields, "backup", label=app.tr("settings.backup_pass"), password=True),
        wrap_row([ft.OutlinedButton(app.tr("settings.backup"), icon=ft.Icons.BACKUP,
                                    on_click=backup),
                  ft.OutlinedButton(app.tr("settings.restore"), icon=ft.Icons.RESTORE,
                                    on_click=restore)]),
        TrustLists(app, state),
    ], key="settings")
