"""Settings — About you: the learner as every presentation carries them (their own word,
marked so): the name employers see, a headline, links, and a photo (chosen from a file, checked
and kept small by the wallet; or removed). Shown as the employer's page shows it. And the
learner's own identities — e-mail addresses, telephone numbers, web addresses — by which the
wallet tells whether an Open Badges 2.0 badge names them: kept in the wallet, never sent."""

from __future__ import annotations

from typing import Any

import flet as ft

from wallet.ui.context import LOADING, App, use_data
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, Loading, bound_field, image_src, wrap_row
from wallet.ui.words import component

__all__ = ["AboutYou", "PHOTO_TYPES"]

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp", "gif"]


def _links(text: str) -> list[str]:
    return [part for line in text.splitlines() for part in line.split() if part]


@component
def AboutYou(app: App, state: AppState) -> ft.Control:
    profiles = app.wallet.profiles
    me = use_data(profiles.identity, [state.revision])
    fields = ft.use_ref(dict).current
    problem, set_problem = ft.use_state(None)
    own = use_data(app.c.own_identities, [state.revision])
    if me is LOADING or own is LOADING:
        return ft.Column([Heading(app.tr("about.title")), Loading(app)], key="about-you")
    if isinstance(me, BaseException):
        return ErrorBox(app.explain(me))
    if isinstance(own, BaseException):
        own = []
    for name, value in (
        ("name", me.name or ""),
        ("headline", me.headline or ""),
        ("links", "\n".join(me.links)),
        ("identities", "\n".join(own)),
    ):
        fields.setdefault(name, value)

    async def change(work: Any, done: str, busy: str | None = None) -> None:
        await app.act(work, busy=busy, done=done, problem=set_problem, changed=True)

    async def save() -> None:
        name = " ".join(fields.get("name", "").split())
        if not name:
            set_problem(app.tr("about.name_needed"))
            return
        headline, links = fields.get("headline", ""), _links(fields.get("links", ""))
        identities = fields.get("identities", "").splitlines()

        def keep() -> None:
            profiles.set_identity(name, headline=headline, links=links)
            app.c.set_own_identities(identities)

        await change(keep, app.tr("about.saved"))

    async def choose_photo() -> None:
        picked = await app.pick(PHOTO_TYPES)
        if picked:
            await change(
                lambda: profiles.set_identity(photo=picked[1]),
                app.tr("about.photo_saved"),
                app.tr("about.photo_choose"),
            )

    async def remove_photo() -> None:
        await change(
            lambda: profiles.set_identity(remove_photo=True), app.tr("about.photo_removed")
        )

    photo = image_src(me.photo)
    if photo:
        picture: ft.Control = ft.Image(
            src=photo,
            width=88,
            height=88,
            fit=ft.BoxFit.COVER,
            border_radius=44,
            key="about-photo",
            semantics_label=app.tr("about.photo_label"),
        )
    else:
        picture = ft.CircleAvatar(
            content=ft.Text((me.name or "?")[:1], size=30), radius=44, key="about-no-photo"
        )
    shown = ft.Column(
        [
            ft.Text(
                me.name or app.tr("about.no_name"),
                size=18,
                weight=ft.FontWeight.BOLD,
                key="about-name",
            ),
            *([ft.Text(me.headline, size=14)] if me.headline else []),
            ft.Text(app.tr("about.as_given"), size=12, italic=True),
            *[ft.Text(link, size=12, selectable=True) for link in me.links],
        ],
        spacing=2,
        tight=True,
        expand=True,
    )
    photo_actions: list[ft.Control] = [
        ft.OutlinedButton(
            app.tr("about.photo_change" if photo else "about.photo_choose"),
            icon=ft.Icons.PHOTO_CAMERA_OUTLINED,
            on_click=choose_photo,
            key="photo-choose",
        )
    ]
    if photo:
        photo_actions.append(
            ft.TextButton(
                app.tr("about.photo_remove"),
                icon=ft.Icons.DELETE_OUTLINE,
                on_click=remove_photo,
                key="photo-remove",
            )
        )
    return ft.Column(
        [
            Heading(app.tr("about.title")),
            ft.Text(app.tr("about.help"), size=12),
            ft.Row([picture, shown], vertical_alignment=ft.CrossAxisAlignment.START, spacing=16),
            wrap_row(photo_actions),
            ft.ResponsiveRow(
                [
                    ft.Container(
                        bound_field(fields, "name", label=app.tr("about.name")),
                        col={"xs": 12, "md": 6},
                    ),
                    ft.Container(
                        bound_field(fields, "headline", label=app.tr("about.headline")),
                        col={"xs": 12, "md": 6},
                    ),
                ],
                run_spacing=8,
            ),
            bound_field(
                fields,
                "links",
                label=app.tr("about.links"),
                multiline=True,
                min_lines=1,
                max_lines=5,
                helper=app.tr("about.links_help"),
                helper_max_lines=2,
            ),
            bound_field(
                fields,
                "identities",
                label=app.tr("about.identities"),
                multiline=True,
                min_lines=1,
                max_lines=6,
                helper=app.tr("about.identities_help"),
                helper_max_lines=3,
                key="about-identities",
            ),
            *([ErrorBox(problem, key="about-error")] if problem else []),
            ft.Row(
                [
                    ft.FilledButton(
                        app.tr("about.save"), icon=ft.Icons.CHECK, on_click=save, key="about-save"
                    )
                ]
            ),
        ],
        spacing=8,
        key="about-you",
    )
