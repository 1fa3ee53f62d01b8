"""What identifies the learner in what they share or send — exactly what goes with it: the name
employers see (always, when the learner gave one), the headline, photo, links, email and
student id they gave, and the wallet's own key, which proves the learner sent it (never their
name). Shown before sharing a link and before answering an employer's request."""

from __future__ import annotations

import flet as ft

from wallet.presenting.identity import LearnerIdentity
from wallet.ui.context import App

__all__ = ["Who", "who_lines"]


def who_lines(app: App, me: LearnerIdentity) -> list[str]:
    """What identifies the learner, one line each, in the learner's words."""
    lines = [app.tr("who.name", name=me.name) if me.name else app.tr("who.no_name")]
    if me.headline:
        lines.append(app.tr("who.headline", headline=me.headline))
    if me.photo:
        lines.append(app.tr("who.photo"))
    lines += [app.tr("who.link", link=link) for link in me.links]
    if me.email:
        lines.append(app.tr("who.email", email=me.email))
    if me.student_id:
        lines.append(app.tr("who.student_id", id=me.student_id))
    lines.append(app.tr("who.key"))
    return lines


def Who(app: App, me: object) -> ft.Control:
    """The block itself (nothing when the identity could not be read: the screen says why
    elsewhere)."""
    if not isinstance(me, LearnerIdentity):
        return ft.Container(key="who")
    rows: list[ft.Control] = [ft.Text(app.tr("who.title"), weight=ft.FontWeight.BOLD, size=14)]
    rows += [
        ft.Row(
            [
                ft.Icon(ft.Icons.PERSON_OUTLINE if n == 0 else ft.Icons.CHECK, size=16),
                ft.Text(line, size=13, expand=True),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        for n, line in enumerate(who_lines(app, me))
    ]
    rows.append(ft.Text(app.tr("who.change"), size=12, italic=True))
    return ft.Container(
        ft.Column(rows, spacing=4, tight=True),
        padding=12,
        border_radius=10,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        key="who",
    )
