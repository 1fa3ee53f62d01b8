"""Settings' backups: back up the wallet to a file the learner saves where they choose, with a
passphrase typed twice, and restore one, saying by kind what came back (:func:`restored_text`).
A component of the Settings screen (:mod:`wallet.ui.screens.settings`)."""

from __future__ import annotations

import flet as ft

from wallet.services import RestoreReport
from wallet.ui.context import App
from wallet.ui.screens.present import file_name
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, bound_field, wrap_row
from wallet.ui.words import component

__all__ = ["Backups", "restored_text"]

# What a backup restores, by kind, in the order a person cares about.
RESTORED_KINDS = (
    "credential",
    "reflection",
    "artifact",
    "framework",
    "share",
    "trust_list",
    "presentation",
    "preset",
    "pending",
)


def restored_text(app: App, report: RestoreReport) -> str:
    """What a restore brought back, said by kind: "Restored 3 credentials and 1 reflection;
    2 were here already" (never "Restored 4 items")."""
    parts = [
        app.trn(f"restore.kind.{kind}", report.added[kind])
        for kind in RESTORED_KINDS
        if report.added.get(kind)
    ]
    others = sum(n for kind, n in report.added.items() if kind not in RESTORED_KINDS)
    if others:
        parts.append(app.trn("restore.kind.other", others))
    if not parts:
        text = app.tr("restore.nothing")
    else:
        text = app.tr(
            "restore.done",
            what=app.tr("restore.and").join(
                [", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts
            ),
        )
    skipped = sum(report.skipped.values())
    if skipped:
        text += " " + app.trn("restore.skipped", skipped)
    if report.refused:
        text += " " + app.trn("restore.refused", len(report.refused))
    return text


@component
def Backups(app: App, state: AppState) -> ft.Control:
    """Back up to a file the learner saves where they choose, with a passphrase typed twice
    (the one passphrase nobody can recover); restore, saying what came back."""
    fields = ft.use_ref(dict).current
    problem, set_problem = ft.use_state(None)

    async def backup() -> None:
        passphrase = fields.get("backup", "")
        if len(passphrase) < 8:
            set_problem(app.tr("first.too_short"))
            return
        if passphrase != fields.get("backup2", ""):
            set_problem(app.tr("settings.backup_mismatch"))
            return
        done = await app.act(
            lambda: app.c.backup(passphrase), busy=app.tr("settings.backup"), problem=set_problem
        )
        if done is not None:
            await app.save(file_name("wallet-backup", "wbk"), done.value, ["wbk"])

    async def restore() -> None:
        picked = await app.pick(["wbk"])
        if not picked:
            return
        passphrase = fields.get("restore", "")
        await app.act(
            lambda: app.c.restore(picked[1], passphrase),
            busy=app.tr("settings.restore"),
            problem=set_problem,
            changed=True,
            done=lambda report: restored_text(app, report),
        )

    return ft.Column(
        [
            Heading(app.tr("settings.backups")),
            ft.Text(app.tr("settings.backup_help"), size=12),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        bound_field(
                            fields,
                            "backup",
                            label=app.tr("settings.backup_pass"),
                            password=True,
                            can_reveal_password=True,
                            key="backup-pass",
                        ),
                        col={"xs": 12, "md": 6},
                    ),
                    ft.Container(
                        bound_field(
                            fields,
                            "backup2",
                            label=app.tr("settings.backup_repeat"),
                            password=True,
                            key="backup-pass2",
                            on_submit=backup,
                        ),
                        col={"xs": 12, "md": 6},
                    ),
                ],
                run_spacing=8,
            ),
            wrap_row(
                [
                    ft.OutlinedButton(
                        app.tr("settings.backup"),
                        icon=ft.Icons.BACKUP,
                        on_click=backup,
                        key="backup",
                    )
                ]
            ),
            bound_field(
                fields,
                "restore",
                label=app.tr("settings.restore_pass"),
                password=True,
                key="restore-pass",
            ),
            wrap_row(
                [
                    ft.OutlinedButton(
                        app.tr("settings.restore"),
                        icon=ft.Icons.RESTORE,
                        on_click=restore,
                        key="restore",
                    )
                ]
            ),
            *([ErrorBox(problem, key="backup-error")] if problem else []),
        ],
        spacing=8,
        key="backups",
    )
