"""The learner's own work: reflections (Markdown, with a preview) and work samples (files and
links) — each linkable to credentials (and then presented with them, when the learner includes
their own work) and to a competency (chosen in a picker grouped by area) — editable and
deletable (an edit keeps the earlier versions, shown under the card; a deletion goes to the
trash, with Undo), and a timeline."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import flet as ft

from wallet.record.markdown import title_block, without_title
from wallet.services import ArtifactInfo, ReflectionInfo
from wallet.ui.context import LOADING, App, use_data
from wallet.ui.i18n import format_date
from wallet.ui.state import AppState
from wallet.ui.viewmodel import unique_titles
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    Loading,
    MarkdownView,
    Screen,
    bound_field,
    clear_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["PortfolioScreen", "body_of", "competency_options"]


@dataclass(frozen=True)
class _Data:
    names: dict[str, str]  # credential id → a unique title
    reflections: list[ReflectionInfo]
    artifacts: list[ArtifactInfo]
    timeline: list[tuple[str, str, str]]
    choices: list[tuple[str, str, int, str]]  # (uri, label, depth, framework)
    history: dict[str, list[dict[str, Any]]]  # reflection or work sample id → earlier versions


def _load(app: App) -> _Data:
    wallet = app.wallet
    credentials = wallet.credentials.all()
    reflections = wallet.portfolio.reflections()
    artifacts = wallet.portfolio.artifacts()
    history = {
        r.id: wallet.portfolio.reflection_history(r.id) for r in reflections if r.versions > 1
    }
    history.update({a.id: wallet.portfolio.artifact_history(a.id) for a in artifacts})
    return _Data(
        unique_titles([(c.id, c.name) for c in credentials]),
        reflections,
        artifacts,
        wallet.portfolio.timeline((c.received_at, c.name) for c in credentials)[:30],
        wallet.competencies.choice_tree(),
        {k: v for k, v in history.items() if v},
    )


def body_of(title: str, text: str) -> str:
    """A reflection's text without its first line when that line is its title (shown as the
    card's heading already: never the same words twice)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.strip():
            if line.strip(" #*>-\t") == title.rstrip("…").strip() or (
                title.endswith("…") and line.strip(" #*>-\t").startswith(title[:-1])
            ):
                return "\n".join(lines[n + 1 :]).strip("\n")
            break
    return text


def competency_options(choices: Sequence[tuple[str, str, int, str]]) -> list[ft.DropdownOption]:
    """The competencies to choose from, grouped: each framework's areas with their parts
    indented beneath (the framework named first when there are several)."""
    several = len({fw for *_rest, fw in choices}) > 1
    options = []
    for uri, label, depth, framework in choices:
        prefix = "\u2003" * depth + ("· " if depth else "")
        text = f"{prefix}{label}" + (f" ({framework})" if several and depth == 0 else "")
        options.append(ft.DropdownOption(key=uri, text=text))
    return options


def _links(
    app: App, state: AppState, names: dict[str, str], linked: tuple[str, ...], relink: Any, key: str
) -> ft.Control:
    """The credentials a work sample or reflection is linked to (chips to unlink) and a choice
    to link one more."""

    async def more(e: ft.Event[ft.Dropdown]) -> None:
        if e.control.value:
            await relink([*linked, e.control.value])

    chips: list[ft.Control] = [
        ft.Chip(
            label=ft.Text(names.get(cid, cid[:8])),
            on_delete=partial(relink, [c for c in linked if c != cid]),
        )
        for cid in linked
        if cid in names
    ]
    others = [
        ft.DropdownOption(key=cid, text=name) for cid, name in names.items() if cid not in linked
    ]
    if others:
        chips.append(
            ft.Dropdown(
                label=app.tr("portfolio.link_more"),
                options=others,
                key=key,
                dense=True,
                width=min(320, state.width - 80),
                on_select=more,
            )
        )
    return wrap_row(chips, spacing=6)


def _earlier(app: App, versions: list[dict[str, Any]], *, key: str) -> list[ft.Control]:
    """The earlier versions, folded: when each was replaced, and what it said."""
    if not versions:
        return []
    rows: list[ft.Control] = []
    for old in reversed(versions):
        when = format_date(old.get("edited"), app.state.lang)
        if "text" in old:
            rows.append(
                ft.Container(
                    ft.Column(
                        [
                            ft.Text(
                                app.tr("portfolio.version_of", date=when), size=12, italic=True
                            ),
                            MarkdownView(old["text"], size=13),
                        ],
                        spacing=4,
                        tight=True,
                    ),
                    padding=8,
                    border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.OUTLINE_VARIANT)),
                )
            )
        else:
            rows.append(
                ft.Text(app.tr("portfolio.was_named", name=old.get("name", ""), date=when), size=12)
            )
    return [
        ft.ExpansionTile(
            title=ft.Text(app.trn("portfolio.earlier", len(versions)), size=13),
            controls=rows,
            key=key,
            tile_padding=ft.Padding.symmetric(horizontal=0),
            expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
        )
    ]


@component
def PortfolioScreen(app: App, state: AppState) -> ft.Control:
    loaded = use_data(lambda: _load(app), [state.revision])
    fields = ft.use_ref(dict).current
    about, set_about = ft.use_state(state.link_to)
    competency, set_competency = ft.use_state(None)
    preview, set_preview = ft.use_state("")
    problem, set_problem = ft.use_state(None)
    editing, set_editing = ft.use_state(None)  # the id of the reflection or sample edited
    if loaded is LOADING:
        return Screen([Heading(app.tr("portfolio.new")), Loading(app)], key="portfolio")
    if isinstance(loaded, BaseException):
        return Screen([ErrorBox(app.explain(loaded))], key="portfolio")
    data: _Data = loaded
    names = data.names
    linked = [about] if about else []
    topics = [competency] if competency else []
    portfolio = app.wallet.portfolio
    labels = {uri: label for uri, label, _d, _f in data.choices}

    async def act(work: Callable[[], Any], done: str, *, busy: str | None = None) -> bool:
        return (
            await app.act(work, busy=busy, done=done, problem=set_problem, changed=True) is not None
        )

    async def save() -> None:
        text = fields.get("text", "")
        if not text.strip():
            set_problem(app.tr("portfolio.empty"))
            return
        if await act(
            lambda: portfolio.reflect(text, credential_ids=linked, competencies=topics),
            app.tr("portfolio.saved"),
        ):
            clear_field(fields, "text")
            set_preview("")

    async def add_link() -> None:
        url = fields.get("link", "").strip()
        if url and await act(
            lambda: portfolio.attach_link(url, credential_ids=linked, competencies=topics),
            app.tr("portfolio.linked"),
        ):
            clear_field(fields, "link")

    async def attach() -> None:
        picked = await app.pick()
        if picked:
            name, content = picked
            await act(
                lambda: portfolio.attach_file(
                    io.BytesIO(content), name=name, credential_ids=linked, competencies=topics
                ),
                app.tr("portfolio.attached", name=name),
                busy=app.tr("portfolio.attach"),
            )

    def relinker(kind: str, rid: str) -> Any:
        async def relink(ids: list[str]) -> None:
            link = portfolio.link_artifact if kind == "artifact" else portfolio.link_reflection
            await app.act(lambda: link(rid, ids), problem=set_problem, changed=True)

        return relink

    def edit(rid: str, text: str) -> None:
        clear_field(fields, "edit")
        fields["edit"] = text
        set_editing(rid)

    async def save_edit(item: ReflectionInfo | ArtifactInfo) -> None:
        value = fields.get("edit", "")
        if isinstance(item, ReflectionInfo):
            if not value.strip():
                set_problem(app.tr("portfolio.empty"))
                return
            ok = await act(
                lambda: portfolio.edit_reflection(item.id, value, title=None),
                app.tr("portfolio.edited"),
            )
        else:
            ok = await act(
                lambda: portfolio.edit_artifact(item.id, name=value), app.tr("portfolio.edited")
            )
        if ok:
            set_editing(None)

    async def delete(rid: str, title: str) -> None:
        if not await act(lambda: portfolio.delete(rid), ""):
            return

        async def undo() -> None:
            await app.act(lambda: portfolio.undo_delete(rid), changed=True)

        app.toast(app.tr("portfolio.deleted", title=title), app.tr("detail.undo"), undo)

    def actions(rid: str, title: str, current: str, *, kind: str) -> ft.Control:
        return wrap_row(
            [
                ft.TextButton(
                    app.tr("portfolio.edit"),
                    icon=ft.Icons.EDIT_OUTLINED,
                    on_click=lambda _e: edit(rid, current),
                    key=f"edit-{kind}-{rid[:8]}",
                ),
                ft.TextButton(
                    app.tr("portfolio.delete"),
                    icon=ft.Icons.DELETE_OUTLINE,
                    on_click=partial(delete, rid, title),
                    key=f"delete-{kind}-{rid[:8]}",
                ),
            ],
            spacing=4,
        )

    def editor(item: ReflectionInfo | ArtifactInfo) -> list[ft.Control]:
        reflection = isinstance(item, ReflectionInfo)
        field = bound_field(
            fields,
            "edit",
            label=app.tr("portfolio.text" if reflection else "portfolio.sample_name"),
            multiline=reflection,
            min_lines=5 if reflection else 1,
            max_lines=12,
            key="edit-field",
        )
        return [
            field,
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("portfolio.save_edit"),
                        icon=ft.Icons.SAVE,
                        on_click=partial(save_edit, item),
                        key="save-edit",
                    ),
                    ft.TextButton(app.tr("dialog.cancel"), on_click=lambda _e: set_editing(None)),
                ]
            ),
            ft.Text(app.tr("portfolio.history_kept"), size=12, italic=True),
        ]

    def topic_chips(uris: Sequence[str]) -> list[ft.Control]:
        shown = [labels.get(u, u) for u in uris]
        return (
            [
                wrap_row(
                    [
                        ft.Chip(
                            label=ft.Text(app.tr("portfolio.shows", name=name)),
                            leading=ft.Icon(ft.Icons.LOCAL_FLORIST_OUTLINED),
                        )
                        for name in shown
                    ],
                    spacing=6,
                )
            ]
            if shown
            else []
        )

    titles = unique_titles([(r.id, r.title) for r in data.reflections])
    reflection_cards = []
    for r in data.reflections:
        block = title_block(r.text, r.title)  # its title said once
        body: list[ft.Control] = (
            []
            if block == "paragraph" and editing != r.id
            else [ft.Text(titles[r.id], weight=ft.FontWeight.BOLD)]
        )
        if editing == r.id:
            body += editor(r)
        else:
            body += [
                MarkdownView(without_title(r.text, r.title) if block == "heading" else r.text),
                *topic_chips(r.competencies),
                _links(
                    app,
                    state,
                    names,
                    r.credential_ids,
                    relinker("reflection", r.id),
                    f"link-reflection-{r.id[:8]}",
                ),
                actions(r.id, titles[r.id], r.text, kind="reflection"),
                *_earlier(app, data.history.get(r.id, []), key=f"earlier-reflection-{r.id[:8]}"),
            ]
        reflection_cards.append(
            ft.Card(
                ft.Container(ft.Column(body, spacing=6), padding=12), key=f"reflection-{r.id[:8]}"
            )
        )
    sample_names = unique_titles([(a.id, a.name) for a in data.artifacts])
    sample_cards = []
    for a in data.artifacts:
        body = [
            ft.Row(
                [
                    ft.Icon(ft.Icons.LINK if a.url else ft.Icons.DESCRIPTION),
                    ft.Text(sample_names[a.id], weight=ft.FontWeight.BOLD, expand=True),
                ]
            )
        ]
        if editing == a.id:
            body += editor(a)
        else:
            body += [
                ft.Text(
                    a.url
                    if a.url and a.url != a.name
                    else app.tr("portfolio.file", type=a.media_type, size=f"{a.size:,}"),
                    size=12,
                    selectable=True,
                ),
                *topic_chips(a.competencies),
                _links(
                    app,
                    state,
                    names,
                    a.credential_ids,
                    relinker("artifact", a.id),
                    f"link-artifact-{a.id[:8]}",
                ),
                actions(a.id, sample_names[a.id], a.name, kind="artifact"),
                *_earlier(app, data.history.get(a.id, []), key=f"earlier-artifact-{a.id[:8]}"),
            ]
        sample_cards.append(
            ft.Card(
                ft.Container(ft.Column(body, spacing=6), padding=12), key=f"artifact-{a.id[:8]}"
            )
        )
    kinds = {
        "credential": app.tr("portfolio.kind.credential"),
        "reflection": app.tr("portfolio.kind.reflection"),
        "artifact": app.tr("portfolio.kind.artifact"),
    }
    about_field = ft.Dropdown(
        label=app.tr("portfolio.link_to"),
        value=about,
        key="about",
        expand=True,
        options=[ft.DropdownOption(key=cid, text=name) for cid, name in names.items()],
        on_select=lambda e: set_about(e.control.value),
    )
    topic_field = ft.Dropdown(
        label=app.tr("portfolio.competency"),
        value=competency,
        enable_filter=True,
        editable=True,
        expand=True,
        key="competency",
        options=competency_options(data.choices),
        on_select=lambda e: set_competency(e.control.value),
    )
    text = bound_field(
        fields,
        "text",
        label=app.tr("portfolio.text"),
        multiline=True,
        min_lines=5,
        max_lines=12,
        on_change=set_preview,
    )
    preview_box = ft.Container(
        ft.Column(
            [ft.Text(app.tr("portfolio.preview"), size=12), MarkdownView(preview)], tight=True
        ),
        bgcolor=ft.Colors.SURFACE_CONTAINER,
        padding=8,
        border_radius=8,
    )
    editor_row = ft.ResponsiveRow(
        [
            ft.Container(text, col={"xs": 12, "md": 6}),
            ft.Container(preview_box, col={"xs": 12, "md": 6}),
        ]
    )
    return Screen(
        [
            Heading(app.tr("portfolio.new")),
            ft.ResponsiveRow(
                [
                    ft.Container(about_field, col={"xs": 12, "md": 6}),
                    ft.Container(topic_field, col={"xs": 12, "md": 6}),
                ],
                run_spacing=8,
            ),
            editor_row,
            *([ErrorBox(problem)] if problem else []),
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("portfolio.save"),
                        icon=ft.Icons.SAVE,
                        on_click=save,
                        key="save-reflection",
                    ),
                    ft.OutlinedButton(
                        app.tr("portfolio.attach"), icon=ft.Icons.ATTACH_FILE, on_click=attach
                    ),
                ]
            ),
            ft.Row(
                [
                    bound_field(
                        fields,
                        "link",
                        label=app.tr("portfolio.link"),
                        expand=True,
                        on_submit=add_link,
                    ),
                    ft.IconButton(
                        ft.Icons.ADD_LINK, tooltip=app.tr("portfolio.link_add"), on_click=add_link
                    ),
                ]
            ),
            Heading(app.tr("portfolio.reflections"), size=18),
            *(reflection_cards or [ft.Text(app.tr("portfolio.none"))]),
            Heading(app.tr("portfolio.artifacts"), size=18),
            *(sample_cards or [ft.Text(app.tr("portfolio.none"))]),
            Heading(app.tr("portfolio.timeline"), size=18),
            *[
                ft.Text(f"{date} · {kinds.get(kind, kind)} · {title}", size=13)
                for date, kind, title in data.timeline
            ],
        ],
        key="portfolio",
    )
