"""Settings — About you: the learner as every presentation carries them (their own word,
marked so): the name employers see, a headline, links, and a photo (chosen from a file, checked
and kept small by the wallet; or removed). Shown as the employer's page shows it. And the
learner's own identities — e-mail addresses, telephone numbers, web addresses — by which the
wallet tells whether an Open Badges 2.0 badge names them: kept in the wallet, never sent."""

from __future__ import annotations

import flet as ft

from wallet.ui.context import EXPECTED, App
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, bound_field, image_src, wrap_row

__all__ = ["AboutYou", "PHOTO_TYPES"]

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp", "gif"]


def _links(text: str) -> list[str]:
    return [part for line in text.splitlines() for part in line.split() if part]


@ft.component
def AboutYou(app: App, state: AppState) -> ft.Control:
    revision = state.revision
    me = ft.use_memo(lambda: _identity(app), [revision])
    fields = ft.use_ref(dict).current
    problem, set_problem = ft.use_state(None)
    own = ft.use_memo(lambda: _own_identities(app), [revision])
    if isinstance(me, BaseException):
        return ErrorBox(app.explain(me))
    for name, value in (("name", me.name or ""), ("headline", me.headline or ""),
                        ("links", "\n".join(me.links)), ("identities", "\n".join(own))):
        fields.setdefault(name, value)

    def done(message: str) -> None:
        set_problem(None)
        app.toast(message)
        state.changed()

    def save() -> None:
        name = " ".join(fields.get("name", "").split())
        if not name:
            set_problem(app.tr("about.name_needed"))
            return
        try:
            app.c.set_identity(name=name, headline=fields.get("headline", ""),
                               links=_links(fields.get("links", "")))
            app.c.set_own_identities(fields.get("identities", "").splitlines())
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        done(app.tr("about.saved"))

    async def choose_photo() -> None:
        picked = await app.pick(PHOTO_TYPES)
        if not picked:
            return
        try:
            await app.work(lambda: app.c.set_photo(picked[1]), app.tr("about.photo_choose"))
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        done(app.tr("about.photo_saved"))

    def remove_photo() -> None:
        try:
            app.c.remove_photo()
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        done(app.tr("about.photo_removed"))

    photo = image_src(me.photo)
    if photo:
        picture: ft.Control = ft.Image(src=photo, width=88, height=88, fit=ft.BoxFit.COVER,
                                       border_radius=44, key="about-photo",
                                       semantics_label=app.tr("about.photo_label"))
    else:
        picture = ft.CircleAvatar(content=ft.Text((me.name or "?")[:1], size=30), radius=44,
                                  key="about-no-photo")
    shown = ft.Column([
        ft.Text(me.name or app.tr("about.no_name"), size=18, weight=ft.FontWeight.BOLD,
                key="about-name"),
        *([ft.Text(me.headline, size=14)] if me.headline else []),
        ft.Text(app.tr("about.as_given"), size=12, italic=True),
        *[ft.Text(link, size=12, selectable=True) for link in me.links]],
        spacing=2, tight=True, expand=True)
    photo_actions: list[ft.Control] = [ft.OutlinedButton(
        app.tr("about.photo_change" if photo else "about.photo_choose"),
        icon=ft.Icons.PHOTO_CAMERA_OUTLINED, on_click=choose_photo, key="photo-choose")]
    if photo:
        photo_actions.append(ft.TextButton(app.tr("about.photo_remove"),
                                           icon=ft.Icons.DELETE_OUTLINE, on_click=remove_photo,
                                           key="photo-remove"))
    return ft.Column([
        Heading(app.tr("about.title")),
        ft.Text(app.tr("about.help"), size=12),
        ft.Row([picture, shown], vertical_alignment=ft.CrossAxisAlignment.START, spacing=16),
        wrap_row(photo_actions),
        ft.ResponsiveRow([
            ft.Container(bound_field(fields, "name", label=app.tr("about.name")),
                         col={"xs": 12, "md": 6}),
            ft.Container(bound_field(fields, "headline", label=app.tr("about.headline")),
                         col={"xs": 12, "md": 6})], run_spacing=8),
        bound_field(fields, "links", label=app.tr("about.links"), multiline=True,
                    min_lines=1, max_lines=5, helper=app.tr("about.links_help"),
                    helper_max_lines=2),
        bound_field(fields, "identities", label=app.tr("about.identities"), multiline=True,
                    min_lines=1, max_lines=6, helper=app.tr("about.identities_help"),
                    helper_max_lines=3, key="about-identities"),
        *([ErrorBox(problem, key="about-error")] if problem else []),
        ft.Row([ft.FilledButton(app.tr("about.save"), icon=ft.Icons.CHECK, on_click=save,
                                key="about-save")]),
    ], spacing=8, key="about-you")


def _own_identities(app: App) -> list[str]:
    try:
        return app.c.own_identities()
    except EXPECTED:
        return []


def _identity(app: App) -> object:
    try:
        return app.c.identity()
    except EXPECTED as exc:
        return exc
