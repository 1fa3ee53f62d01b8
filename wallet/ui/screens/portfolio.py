"""The learner's own work: reflections (Markdown, with a preview), files and links — each
linkable to credentials (and then presented with them) and to a competency — and a timeline."""

from __future__ import annotations

from typing import Any

import flet as ft

from wallet.record.markdown import title_block, without_title
from wallet.ui.context import EXPECTED, App
from wallet.ui.state import AppState
from wallet.ui.viewmodel import unique_titles
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    MarkdownView,
    Screen,
    bound_field,
    clear_field,
    wrap_row,
)

__all__ = ["PortfolioScreen"]


def _load(app: App) -> Any:
    try:
        credentials = app.c.credentials(limit=1000).items
        return (credentials, app.c.reflections(), app.c.artifacts(), app.c.timeline()[:30],
                app.c.competency_choices())
    except EXPECTED as exc:
        return exc


def _links(app: App, state: AppState, names: dict[str, str], linked: tuple[str, ...],
           relink: Any, key: str) -> ft.Control:
    """The credentials a work sample or reflection is linked to (chips to unlink) and a choice
    to link one more."""
    chips: list[ft.Control] = [
        ft.Chip(label=ft.Text(names.get(cid, cid[:8])),
                on_delete=lambda _e, cid=cid: relink([c for c in linked if c != cid]))
        for cid in linked if cid in names]
    others = [ft.DropdownOption(key=cid, text=name) for cid, name in names.items()
              if cid not in linked]
    if others:
        chips.append(ft.Dropdown(
            label=app.tr("portfolio.link_more"), options=others, key=key, dense=True,
            width=min(320, state.width - 80),
            on_select=lambda e: relink([*linked, e.control.value]) if e.control.value
            else None))
    return wrap_row(chips, spacing=6)


@ft.component
def PortfolioScreen(app: App, state: AppState) -> ft.Control:
    loaded = ft.use_memo(lambda: _load(app), [state.revision])
    fields = ft.use_ref(dict).current
    about, set_about = ft.use_state(state.link_to)
    competency, set_competency = ft.use_state(None)
    preview, set_preview = ft.use_state("")
    problem, set_problem = ft.use_state(None)
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))])
    credentials, reflections, artifacts, timeline, choices = loaded
    names = unique_titles([(c.id, c.name) for c in credentials])
    linked = [about] if about else []
    topics = [competency] if competency else []

    def done(message: str) -> None:
        set_problem(None)
        app.toast(message)
        state.changed()

    def save() -> None:
        text = fields.get("text", "")
        if not text.strip():
            set_problem(app.tr("portfolio.empty"))
            return
        try:
            app.c.save_reflection(text, linked, topics)
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        clear_field(fields, "text")
        set_preview("")
        done(app.tr("portfolio.saved"))

    def add_link() -> None:
        url = fields.get("link", "").strip()
        if not url:
            return
        try:
            app.c.attach_link(url, linked, topics)
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        clear_field(fields, "link")
        done(app.tr("portfolio.linked"))

    async def attach() -> None:
        picked = await app.pick()
        if not picked:
            return
        try:
            app.c.attach(picked[1], picked[0], linked, topics)
        except EXPECTED as exc:
            set_problem(app.explain(exc))
            return
        done(app.tr("portfolio.attached", name=picked[0]))

    def relinker(kind: str, rid: str) -> Any:
        def relink(ids: list[str]) -> None:
            try:
                if kind == "artifact":
                    app.c.link_artifact(rid, ids)
                else:
                    app.c.link_reflection(rid, ids)
            except EXPECTED as exc:
                set_problem(app.explain(exc))
                return
            state.changed()
        return relink

    titles = unique_titles([(r.id, r.title) for r in reflections])
    reflection_cards = [ft.Card(ft.Container(ft.Column([  # its title said once
        *([] if title_block(r.text, r.title) == "paragraph" else [
            ft.Text(titles[r.id], weight=ft.FontWeight.BOLD)]),
        MarkdownView(without_title(r.text, r.title) if title_block(r.text, r.title) ==
                     "heading" else r.text),
        _links(app, state, names, r.credential_ids, relinker("reflection", r.id),
               f"link-reflection-{r.id[:8]}")], spacing=6), padding=12))
        for r in reflections]
    sample_names = unique_titles([(a.id, a.name) for a in artifacts])
    sample_cards = [ft.Card(ft.Container(ft.Column([
        ft.Row([ft.Icon(ft.Icons.LINK if a.url else ft.Icons.DESCRIPTION),
                ft.Text(sample_names[a.id], weight=ft.FontWeight.BOLD, expand=True)]),
        ft.Text(a.url if a.url and a.url != a.name else
                app.tr("portfolio.file", type=a.media_type, size=f"{a.size:,}"), size=12,
                selectable=True),
        _links(app, state, names, a.credential_ids, relinker("artifact", a.id),
               f"link-artifact-{a.id[:8]}")], spacing=6), padding=12))
        for a in artifacts]
    kinds = {"credential": app.tr("portfolio.kind.credential"),
             "reflection": app.tr("portfolio.kind.reflection"),
             "artifact": app.tr("portfolio.kind.artifact")}
    about_field = ft.Dropdown(
        label=app.tr("portfolio.link_to"), value=about, key="about", expand=True,
        options=[ft.DropdownOption(key=cid, text=name) for cid, name in names.items()],
        on_select=lambda e: set_about(e.control.value))
    topic_field = ft.Dropdown(
        label=app.tr("portfolio.competency"), value=competency, enable_filter=True,
        editable=True, expand=True, options=[ft.DropdownOption(key=uri, text=label)
                                             for uri, label in choices],
        on_select=lambda e: set_competency(e.control.value))
    text = bound_field(fields, "text", label=app.tr("portfolio.text"), multiline=True,
                       min_lines=5, max_lines=12, on_change=set_preview)
    preview_box = ft.Container(ft.Column([ft.Text(app.tr("portfolio.preview"), size=12),
                                          MarkdownView(preview)], tight=True),
                               bgcolor=ft.Colors.SURFACE_CONTAINER, padding=8, border_radius=8)
    editor = ft.ResponsiveRow([ft.Container(text, col={"xs": 12, "md": 6}),
                               ft.Container(preview_box, col={"xs": 12, "md": 6})])
    return Screen([
        Heading(app.tr("portfolio.new")),
        ft.ResponsiveRow([ft.Container(about_field, col={"xs": 12, "md": 6}),
                          ft.Container(topic_field, col={"xs": 12, "md": 6})], run_spacing=8),
        editor,
        *([ErrorBox(problem)] if problem else []),
        wrap_row([ft.FilledButton(app.tr("portfolio.save"), icon=ft.Icons.SAVE, on_click=save,
                                  key="save-reflection"),
                  ft.OutlinedButton(app.tr("portfolio.attach"), icon=ft.Icons.ATTACH_FILE,
                                    on_click=attach)]),
        ft.Row([bound_field(fields, "link", label=app.tr("portfolio.link"), expand=True,
                            on_submit=lambda _e: add_link()),
                ft.IconButton(ft.Icons.ADD_LINK, tooltip=app.tr("portfolio.link_add"),
                              on_click=lambda _e: add_link())]),
        Heading(app.tr("portfolio.reflections"), size=18),
        *(reflection_cards or [ft.Text(app.tr("portfolio.none"))]),
        Heading(app.tr("portfolio.artifacts"), size=18),
        *(sample_cards or [ft.Text(app.tr("portfolio.none"))]),
        Heading(app.tr("portfolio.timeline"), size=18),
        *[ft.Text(f"{date} · {kinds.get(kind, kind)} · {title}", size=13)
          for date, kind, title in timeline],
    ], key="portfolio")
