"""Competencies: import a CASE framework; the map (charts, the tree with a level beside each
competency), what lies outside the imported frameworks, and a job's requirements covered by the
fewest credentials (handed to Present)."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, LOADING, App, use_data
from wallet.ui.screens.charts import FlowerChart, GrowthChart, level_name
from wallet.ui.screens.present import file_name
from wallet.ui.state import AppState
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    LevelChip,
    Loading,
    Screen,
    bound_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["CompetenciesScreen", "shown_level"]

TREE_LIMIT = 200  # a bigger framework shows its top levels and what has evidence


def shown_level(comp: Any) -> int:
    """The level shown: a competency with evidence never shows "None"."""
    if comp.level == 0 and (comp.all_credentials or comp.learner):
        return 1
    return comp.level


def _counts(app: App, credentials: int, learner: int) -> str:
    parts = [app.trn("comp.evidence", credentials)]
    if learner:
        parts.append(app.trn("comp.yours", learner))
    return " · ".join(parts)


@component
def Importer(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    competencies = app.wallet.competencies

    async def run(work: Any, busy: str) -> None:
        done = await app.act(
            work,
            busy=busy,
            changed=True,
            done=lambda info: app.tr("comp.imported", title=info.title, items=info.items),
        )
        if done is not None:
            state.framework = done.value.identifier

    async def from_file() -> None:
        picked = await app.pick(["json"])
        if picked:
            await run(
                lambda: competencies.import_framework(picked[1], source=picked[0]),
                app.tr("comp.import_file"),
            )

    async def from_url() -> None:
        address = fields.get("url", "").strip()
        if address:
            await run(lambda: competencies.import_url(address), app.tr("comp.import_url_go"))

    return ft.Column(
        [
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("comp.import_sample"),
                        icon=ft.Icons.DOWNLOAD,
                        on_click=partial(
                            run, competencies.import_sample, app.tr("comp.import_sample")
                        ),
                    ),
                    ft.OutlinedButton(
                        app.tr("comp.import_file"), icon=ft.Icons.UPLOAD_FILE, on_click=from_file
                    ),
                ]
            ),
            ft.Row(
                [
                    bound_field(
                        fields,
                        "url",
                        label=app.tr("comp.import_url"),
                        expand=True,
                        on_submit=from_url,
                    ),
                    ft.IconButton(
                        ft.Icons.DOWNLOAD, tooltip=app.tr("comp.import_url_go"), on_click=from_url
                    ),
                ]
            ),
        ],
        spacing=8,
    )


@component
def JobPanel(app: App, state: AppState, labels: dict[str, str]) -> ft.Control:
    fields = ft.use_ref(lambda: {"job": state.requirements_text}).current
    output, set_output = ft.use_state(None)

    async def find() -> None:
        state.requirements_text = text = fields.get("job", "")
        picked = list(state.required)
        try:
            set_output(await app.work(lambda: app.c.cover(picked, text), app.tr("comp.cover")))
        except EXPECTED as exc:
            set_output(exc)

    controls: list[ft.Control] = []
    if isinstance(output, BaseException):
        controls.append(ErrorBox(app.explain(output)))
    elif output is not None:
        result, names = output

        def named(ids: Any) -> str:
            return ", ".join(names.get(i, i[:8]) for i in ids)

        controls.append(
            ft.Text(
                app.trn("comp.chosen", len(result.chosen)),
                weight=ft.FontWeight.BOLD,
                key="cover-count",
            )
        )
        controls += [ft.Text("• " + names.get(c, c[:8])) for c in result.chosen]
        controls += [
            ft.Text(
                app.tr("comp.covered_by", requirement=labels.get(r, r), names=named(ids)), size=12
            )
            for r, ids in result.covered.items()
        ]
        if result.uncovered:
            controls.append(
                ft.Text(
                    app.tr(
                        "comp.uncovered",
                        names=", ".join(labels.get(r, r) for r in result.uncovered),
                    ),
                    color=ft.Colors.RED_900,
                )
            )
        else:
            controls.append(ft.Text(app.tr("comp.all_covered"), color=ft.Colors.GREEN_900))
        own = [*result.reflections, *result.artifacts]
        if own:
            controls.append(ft.Text(app.tr("comp.own", names=named(own)), size=12))
        if result.chosen:
            controls.append(
                ft.FilledButton(
                    app.tr("comp.use"),
                    icon=ft.Icons.QR_CODE,
                    on_click=lambda: state.use_cover(
                        list(result.chosen), list(result.reflections), list(result.artifacts)
                    ),
                )
            )
    picked = [labels.get(u, u) for u in state.required]
    return ft.Column(
        [
            Heading(app.tr("comp.job"), size=18),
            ft.Text(app.tr("comp.job_help"), size=12),
            *([ft.Text(app.tr("comp.picked", names="; ".join(picked)), size=12)] if picked else []),
            bound_field(
                fields,
                "job",
                label=app.tr("comp.job_field"),
                multiline=True,
                min_lines=2,
                max_lines=6,
            ),
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("comp.cover"), icon=ft.Icons.CHECKLIST, on_click=find, key="cover-go"
                    )
                ]
            ),
            ft.Column(
                controls,
                key="cover-output",
                spacing=6,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            ),
        ],
        spacing=8,
        key="job-panel",
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


def _other(app: App, comp: Any, n: int) -> ft.Control:
    """A competency outside the imported frameworks: its name on a line of its own (it wraps
        between words), its level and evidence below — no expanding text inside a wrapping row,
        which Flutter cannot lay out (the grey error box that hid the rest of the screen). Each with
    a key of its own: two alike among siblings stop the window's updates altogether."""
    name = comp.label + (f" ({comp.framework})" if comp.framework else "")
    return ft.Container(
        ft.Column(
            [
                ft.Text(name, weight=ft.FontWeight.W_500),
                ft.Row(
                    [
                        LevelChip(shown_level(comp), app.state.lang),
                        ft.Text(
                            _counts(app, len(comp.credentials), len(comp.learner)),
                            size=12,
                            color=ft.Colors.ON_SURFACE_VARIANT,
                            expand=True,
                        ),
                    ],
                    spacing=8,
                ),
            ],
            spacing=2,
            tight=True,
        ),
        padding=ft.Padding.only(bottom=6),
        key=f"other-competency-{n}",
    )


def charts_zip(files: list[tuple[str, bytes]]) -> bytes:
    """The charts (PNG and SVG) in one ZIP file: one file to save."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            archive.writestr(name, data)
    return out.getvalue()


def _focus(app: App, framework: Any, tree: list[Any], focus: str | None) -> list[ft.Control]:
    """The competency a credential's alignment opened, shown first."""
    if not focus:
        return []
    key = framework.by_uri.get(focus) or framework.by_code.get(focus.casefold())
    for _depth, comp in tree:
        if comp.item and comp.item == key:
            return [
                ft.Container(
                    ft.Column(
                        [
                            ft.Text(app.tr("comp.opened"), size=12),
                            ft.Text(comp.label, weight=ft.FontWeight.BOLD, size=16),
                            ft.Row(
                                [
                                    LevelChip(shown_level(comp), app.state.lang),
                                    ft.Text(
                                        _counts(app, len(comp.all_credentials), len(comp.learner)),
                                        size=12,
                                        expand=True,
                                    ),
                                ]
                            ),
                        ],
                        spacing=4,
                    ),
                    bgcolor=ft.Colors.SECONDARY_CONTAINER,
                    padding=12,
                    border_radius=8,
                    key="focus-item",
                )
            ]
    return [ft.Text(app.tr("comp.not_in_framework"), size=12, key="focus-item")]


def _load(app: App) -> tuple[list[Any], Any]:
    """The imported frameworks and the map of what the credentials show (None without
    frameworks)."""
    competencies = app.wallet.competencies
    frameworks = competencies.list_frameworks()
    return frameworks, competencies.map() if frameworks else None


@component
def CompetenciesScreen(app: App, state: AppState) -> ft.Control:
    heading = Heading(app.tr("comp.title"), size=22)
    loaded = use_data(lambda: _load(app), [state.revision])
    if loaded is LOADING:
        return Screen([heading, Loading(app)], key="competencies")
    if isinstance(loaded, BaseException):
        return Screen([heading, ErrorBox(app.explain(loaded))])
    frameworks, cmap = loaded
    if cmap is None:
        return Screen([heading, ft.Text(app.tr("comp.none")), Importer(app, state)])
    ids = [f.identifier for f in frameworks if f.identifier in cmap.frameworks]
    if state.focus_item:  # the framework that holds the competency opened
        for fid in ids:
            fw = cmap.frameworks[fid]
            if state.focus_item in fw.by_uri or state.focus_item.casefold() in fw.by_code:
                state.framework = fid
    if state.framework not in ids:
        state.framework = ids[0]
    fid = state.framework
    framework = cmap.frameworks[fid]
    lang = state.lang
    picker: ft.Control = (
        ft.Dropdown(
            label=app.tr("comp.framework"),
            value=fid,
            expand=True,
            on_select=lambda e: setattr(state, "framework", e.control.value),
            options=[ft.DropdownOption(key=f, text=cmap.frameworks[f].title) for f in ids],
        )
        if len(ids) > 1
        else ft.Text(framework.title, size=16, weight=ft.FontWeight.BOLD)
    )
    areas, points = cmap.areas(fid), cmap.growth()
    summary = ", ".join(
        f"{name} {score:.1f}/4 ({level_name(score, lang)})" for name, score in areas
    )
    growth_label = (
        app.tr("comp.growth_label", count=points[-1][1], date=points[-1][0])
        if points
        else app.tr("comp.growth_none")
    )
    chart_width = state.width - (40 if state.compact else 180)
    if not state.compact:
        chart_width = min(chart_width / 2 - 16, 520)
    charts = wrap_row(
        [
            FlowerChart(areas, lang, chart_width, app.tr("comp.flower_label", summary=summary)),
            GrowthChart(points, lang, chart_width, growth_label),
        ],
        spacing=16,
    )

    async def export() -> None:
        flower, growth = app.tr("comp.flower"), app.tr("comp.growth")
        done = await app.act(
            lambda: charts_zip(app.c.charts(fid, flower_title=flower, growth_title=growth)),
            busy=app.tr("comp.export"),
        )
        if done is not None:
            await app.save(file_name("competency-charts", "zip"), done.value, ["zip"])

    tree = cmap.tree(fid)
    shown = (
        tree
        if len(tree) <= TREE_LIMIT
        else [
            (depth, c)
            for depth, c in tree
            if depth <= 1
            or c.all_credentials
            or c.learner
            or framework.items[c.item or ""].uri in state.required
        ]
    )
    indent = 12 if state.compact else 20
    rows: list[ft.Control] = []
    for depth, comp in shown:
        uri = framework.items[comp.item or ""].uri
        rows.append(
            ft.Container(
                ft.Column(
                    [
                        ft.Checkbox(
                            label=comp.label,
                            value=uri in state.required,
                            on_change=lambda _e, u=uri: state.require(u),
                        ),
                        ft.Row(
                            [
                                LevelChip(shown_level(comp), lang),
                                ft.Text(
                                    _counts(app, len(comp.all_credentials), len(comp.learner)),
                                    size=12,
                                    color=ft.Colors.ON_SURFACE_VARIANT,
                                    expand=True,
                                ),
                            ],
                            spacing=8,
                        ),
                    ],
                    spacing=0,
                    tight=True,
                ),
                padding=ft.Padding.only(left=indent * depth, bottom=6),
            )
        )
    if len(shown) < len(tree):
        rows.append(
            ft.Text(app.tr("comp.hidden", count=len(tree) - len(shown)), italic=True, size=12)
        )
    others = [_other(app, c, n) for n, c in enumerate(cmap.groups())]
    labels = {item.uri: item.label for item in framework.items.values()}
    return Screen(
        [
            heading,
            *_focus(app, framework, tree, state.focus_item),
            picker,
            charts,
            wrap_row(
                [ft.OutlinedButton(app.tr("comp.export"), icon=ft.Icons.SAVE_ALT, on_click=export)]
            ),
            ft.Text(app.tr("comp.rule"), size=12, italic=True),
            Heading(app.tr("comp.tree"), size=18),
            ft.Column(rows, spacing=0),
            *([Heading(app.tr("comp.others"), size=18), *others] if others else []),
            JobPanel(app, state, labels),
            ft.Divider(),
            Importer(app, state),
        ],
        key="competencies",
    )
