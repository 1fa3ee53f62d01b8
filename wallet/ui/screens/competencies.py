"""Competencies: import a CASE framework; the map (charts, the tree with a level beside each
competency), what lies outside the imported frameworks, and a job's requirements covered by the
fewest credentials (handed to Present)."""

from __future__ import annotations

from functools import partial
from typing import Any

import flet as ft

from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.charts import FlowerChart, GrowthChart, level_name
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, LevelChip, Screen, bound_field, wrap_row

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


@ft.component
def Importer(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current

    async def run(work: Any, busy: str) -> None:
        try:
            info = await app.work(work, busy)
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        state.framework = info.identifier
        app.toast(app.tr("comp.imported", title=info.title, items=info.items))
        state.changed()

    async def from_file() -> None:
        picked = await app.pick(["json"])
        if picked:
            await run(lambda: app.c.import_framework(picked[1], picked[0]),
                      app.tr("comp.import_file"))

    async def from_url() -> None:
        address = fields.get("url", "").strip()
        if address:
            await run(lambda: app.c.import_framework_url(address), app.tr("comp.import_url_go"))

    return ft.Column([
        wrap_row([ft.FilledButton(app.tr("comp.import_sample"), icon=ft.Icons.DOWNLOAD,
                                  on_click=partial(run, app.c.import_sample_framework,
                                                   app.tr("comp.import_sample"))),
                  ft.OutlinedButton(app.tr("comp.import_file"), icon=ft.Icons.UPLOAD_FILE,
                                    on_click=from_file)]),
        ft.Row([bound_field(fields, "url", label=app.tr("comp.import_url"), expand=True,
                            on_submit=from_url),
                ft.IconButton(ft.Icons.DOWNLOAD, tooltip=app.tr("comp.import_url_go"),
                              on_click=from_url)])], spacing=8)


@ft.component
def JobPanel(app: App, state: AppState, labels: dict[str, str]) -> ft.Control:
    fields = ft.use_ref(lambda: {"job": state.requirements_text}).current
    output, set_output = ft.use_state(None)

    def find() -> None:
        state.requirements_text = fields.get("job", "")
        try:
            set_output(app.c.cover(list(state.required), state.requirements_text))
        except EXPECTED as exc:
            set_output(exc)

    controls: list[ft.Control] = []
    if isinstance(output, BaseException):
        controls.append(ErrorBox(app.explain(output)))
    elif output is not None:
        result, names = output

        def named(ids: Any) -> str:
            return ", ".join(names.get(i, i[:8]) for i in ids)

        controls.append(ft.Text(app.trn("comp.chosen", len(result.chosen)),
                                weight=ft.FontWeight.BOLD, key="cover-count"))
        controls += [ft.Text("• " + names.get(c, c[:8])) for c in result.chosen]
        controls += [ft.Text(app.tr("comp.covered_by", requirement=labels.get(r, r),
                                    names=named(ids)), size=12)
                     for r, ids in result.covered.items()]
        if result.uncovered:
            controls.append(ft.Text(app.tr("comp.uncovered", names=", ".join(
                labels.get(r, r) for r in result.uncovered)), color=ft.Colors.RED_900))
        else:
            controls.append(ft.Text(app.tr("comp.all_covered"), color=ft.Colors.GREEN_900))
        own = [*result.reflections, *result.artifacts]
        if own:
            controls.append(ft.Text(app.tr("comp.own", names=named(own)), size=12))
        if result.chosen:
            controls.append(ft.FilledButton(
                app.tr("comp.use"), icon=ft.Icons.QR_CODE,
                on_click=lambda: state.use_cover(list(result.chosen), list(result.reflections),
                                                 list(result.artifacts))))
    picked = [labels.get(u, u) for u in state.required]
    return ft.Column([
        Heading(app.tr("comp.job"), size=18),
        ft.Text(app.tr("comp.job_help"), size=12),
        *([ft.Text(app.tr("comp.picked", names="; ".join(picked)), size=12)] if picked else []),
        bound_field(fields, "job", label=app.tr("comp.job_field"), multiline=True, min_lines=2,
                    max_lines=6),
        ft.FilledButton(app.tr("comp.cover"), icon=ft.Icons.CHECKLIST, on_click=find),
        ft.Column(controls, key="cover-output", spacing=6)], spacing=8)


def _focus(app: App, framework: Any, tree: list[Any], focus: str | None) -> list[ft.Control]:
    """The competency a credential's alignment opened, shown first."""
    if not focus:
        return []
    key = framework.by_uri.get(focus) or framework.by_code.get(focus.casefold())
    for _depth, comp in tree:
        if comp.item and comp.item == key:
            return [ft.Container(ft.Column([
                ft.Text(app.tr("comp.opened"), size=12),
                ft.Text(comp.label, weight=ft.FontWeight.BOLD, size=16),
                ft.Row([LevelChip(shown_level(comp), app.state.lang),
                        ft.Text(_counts(app, len(comp.all_credentials), len(comp.learner)),
                                size=12, expand=True)])], spacing=4),
                bgcolor=ft.Colors.SECONDARY_CONTAINER, padding=12, border_radius=8,
                key="focus-item")]
    return [ft.Text(app.tr("comp.not_in_framework"), size=12, key="focus-item")]


@ft.component
def CompetenciesScreen(app: App, state: AppState) -> ft.Control:
    heading = Heading(app.tr("comp.title"), size=22)
    try:
        frameworks = app.c.frameworks()
        cmap = app.c.competency_map() if frameworks else None
    except EXPECTED as exc:
        return Screen([heading, ErrorBox(app.explain(exc))])
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
    picker: ft.Control = ft.Dropdown(
        label=app.tr("comp.framework"), value=fid, expand=True,
        on_select=lambda e: setattr(state, "framework", e.control.value),
        options=[ft.DropdownOption(key=f, text=cmap.frameworks[f].title) for f in ids]) \
        if len(ids) > 1 else ft.Text(framework.title, size=16, weight=ft.FontWeight.BOLD)
    areas, points = cmap.areas(fid), cmap.growth()
    summary = ", ".join(f"{name} {score:.1f}/4 ({level_name(score, lang)})"
                        for name, score in areas)
    growth_label = app.tr("comp.growth_label", count=points[-1][1], date=points[-1][0]) \
        if points else app.tr("comp.growth_none")
    chart_width = state.width - (40 if state.compact else 180)
    if not state.compact:
        chart_width = min(chart_width / 2 - 16, 520)
    charts = wrap_row([FlowerChart(areas, lang, chart_width,
                                   app.tr("comp.flower_label", summary=summary)),
                       GrowthChart(points, lang, chart_width, growth_label)], spacing=16)

    async def export() -> None:
        try:
            paths = await app.work(lambda: app.c.export_charts(
                fid, flower_title=app.tr("comp.flower"), growth_title=app.tr("comp.growth")),
                app.tr("comp.export"))
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        app.toast(app.tr("comp.exported", path=paths[0].parent))

    tree = cmap.tree(fid)
    shown = tree if len(tree) <= TREE_LIMIT else [
        (depth, c) for depth, c in tree
        if depth <= 1 or c.all_credentials or c.learner
        or framework.items[c.item or ""].uri in state.required]
    indent = 12 if state.compact else 20
    rows: list[ft.Control] = []
    for depth, comp in shown:
        uri = framework.items[comp.item or ""].uri
        rows.append(ft.Container(ft.Column([
            ft.Checkbox(label=comp.label, value=uri in state.required,
                        on_change=lambda _e, u=uri: state.require(u)),
            ft.Row([LevelChip(shown_level(comp), lang),
                    ft.Text(_counts(app, len(comp.all_credentials), len(comp.learner)),
                            size=12, color=ft.Colors.ON_SURFACE_VARIANT, expand=True)],
                   spacing=8)], spacing=0, tight=True),
            padding=ft.Padding.only(left=indent * depth, bottom=6)))
    if len(shown) < len(tree):
        rows.append(ft.Text(app.tr("comp.hidden", count=len(tree) - len(shown)), italic=True,
                            size=12))
    others = [ft.Row([ft.Text(c.label + (f" ({c.framework})" if c.framework else ""),
                              expand=True), LevelChip(shown_level(c), lang),
                      ft.Text(_counts(app, len(c.credentials), len(c.learner)), size=12)],
                     wrap=True) for c in cmap.groups()]
    labels = {item.uri: item.label for item in framework.items.values()}
    return Screen([
        heading, *_focus(app, framework, tree, state.focus_item), picker, charts,
        wrap_row([ft.OutlinedButton(app.tr("comp.export"), icon=ft.Icons.SAVE_ALT,
                                    on_click=export)]),
        ft.Text(app.tr("comp.rule"), size=12, italic=True),
        Heading(app.tr("comp.tree"), size=18),
        ft.Column(rows, spacing=0),
        *([Heading(app.tr("comp.others"), size=18), *others] if others else []),
        JobPanel(app, state, labels),
        ft.Divider(), Importer(app, state)], key="competencies")
