"""The competency charts as live Flet charts (``flet-charts``, drawn by the offline web client):
a radar ("flower") of the areas with the level names as its scale, and the growth over a real
time axis; readable labels (≥ 12 px) and tooltips. Without ``flet-charts`` the PNG charts of
:mod:`wallet.competency.charts` are shown instead."""

from __future__ import annotations

from datetime import date
from typing import Any

import flet as ft

from wallet.ui.i18n import t

__all__ = ["FlowerChart", "GrowthChart", "level_name"]


def _charts() -> Any:
    """flet-charts (see pyproject.toml), imported when a chart is first drawn (not at
    start-up); None without it (the PNG charts then)."""
    try:
        import flet_charts
    except ImportError:  # pragma: no cover - flet-charts is a dependency
        return None
    return flet_charts


LABEL = ft.TextStyle(size=12)


# A transparent pixel: behind a chart, it gives the chart its accessible name (an image with
# the figures in words). ft.Semantics around a control in a scrolling column does not render
# in Flet 1.0.5's web client, so the label rides on an image instead.
_CLEAR = bytes.fromhex(  # a valid PNG: its chunks' lengths and CRCs right (browsers check)
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


def _described(
    chart: ft.Control, summary: str, key: str, width: float, height: float
) -> ft.Control:
    """A chart read out as one image with its summary (the figures in words)."""
    return ft.Stack(
        [
            ft.Image(
                src=_CLEAR, width=width, height=height, fit=ft.BoxFit.FILL, semantics_label=summary
            ),
            chart,
        ],
        width=width,
        height=height,
        key=key,
    )


def level_name(score: float, lang: str) -> str:
    """An area's mean level (0–4) by the name of the nearest level."""
    return t(f"comp.level.{max(0, min(4, round(score + 1e-9)))}", lang)


def FlowerChart(
    areas: list[tuple[str, float]], lang: str, width: float, summary: str
) -> ft.Control:
    side = max(260.0, min(460.0, width))
    fch = _charts()
    if fch is None or len(areas) < 3:
        from wallet.competency.charts import flower_png

        return ft.Image(
            src=flower_png(areas, t("comp.flower", lang)),
            width=side,
            height=side * 0.74,
            semantics_label=summary,
            key="chart-flower",
        )
    chart = fch.RadarChart(
        data_sets=[
            fch.RadarDataSet(
                entries=[fch.RadarDataSetEntry(max(0.0, score)) for _name, score in areas],
                fill_color=ft.Colors.with_opacity(0.3, ft.Colors.INDIGO),
                border_color=ft.Colors.INDIGO,
                border_width=2,
            ),
            # the scale's top (Advanced) drawn invisibly, so the radar always runs 0–4
            fch.RadarDataSet(
                entries=[fch.RadarDataSetEntry(4.0) for _ in areas],
                fill_color=ft.Colors.TRANSPARENT,
                border_color=ft.Colors.TRANSPARENT,
                entry_radius=0,
            ),
        ],
        # upright titles: an angle of its own (0 is the default, which is not sent, and then
        # the chart turns each title to face its spoke); a full turn reads as upright
        titles=[
            fch.RadarChartTitle(text=f"{name}\n{level_name(score, lang)}", angle=360)
            for name, score in areas
        ],
        title_text_style=ft.TextStyle(size=12, weight=ft.FontWeight.BOLD),
        title_position_percentage_offset=0.12,
        tick_count=4,
        ticks_text_style=ft.TextStyle(size=10, color=ft.Colors.TRANSPARENT),
        radar_shape=fch.RadarShape.POLYGON,
        width=side,
        height=side * 0.85,
        tick_border_side=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT),
        grid_border_side=ft.BorderSide(1, ft.Colors.OUTLINE_VARIANT),
        radar_border_side=ft.BorderSide(2, ft.Colors.OUTLINE),
    )
    scale = ft.Text(t("comp.scale", lang), size=12, color=ft.Colors.ON_SURFACE_VARIANT)
    return ft.Column(
        [
            ft.Text(t("comp.flower", lang), size=14, weight=ft.FontWeight.BOLD),
            _described(chart, summary, "chart-flower", side, side * 0.85),
            scale,
        ],
        spacing=4,
        width=side,
        tight=True,
    )


def GrowthChart(points: list[tuple[str, int]], lang: str, width: float, summary: str) -> ft.Control:
    side = max(260.0, min(520.0, width))
    fch = _charts()
    if fch is None or not points:
        from wallet.competency.charts import growth_png

        return ft.Image(
            src=growth_png(points, t("comp.growth", lang)),
            width=side,
            height=side * 0.5,
            semantics_label=summary,
            key="chart-growth",
        )
    days = [date.fromisoformat(d[:10]) for d, _n in points]
    first = days[0]
    xs = [(d - first).days for d in days]
    span = max(xs[-1], 30)  # one date, or dates close together: a month's axis
    top = max(n for _d, n in points)
    y_step = max(1, -(-top // 4))
    top_y = y_step * (-(-(top + 1) // y_step))
    if len(points) == 1:  # one date: the point in the middle, its date under it
        low, high, ticks = -span / 2, span / 2, [0]
    else:
        step = max(1, span // (3 if width < 400 else 4))
        low, high, ticks = -span * 0.03, span * 1.05, list(range(0, span + 1, step))
    labels = [
        fch.ChartAxisLabel(
            value=x, label=ft.Text(date.fromordinal(first.toordinal() + x).isoformat(), size=12)
        )
        for x in ticks
    ]
    chart = fch.LineChart(
        data_series=[
            fch.LineChartData(
                points=[
                    fch.LineChartDataPoint(x, n, tooltip=f"{d[:10]}: {n}")
                    for x, (d, n) in zip(xs, points, strict=True)
                ],
                color=ft.Colors.INDIGO,
                stroke_width=3,
                curved=False,
                rounded_stroke_cap=True,
                point=True,
            )
        ],
        min_x=low,
        max_x=high,
        min_y=0,
        max_y=top_y,
        left_axis=fch.ChartAxis(
            label_size=36,
            label_spacing=y_step,
            title=ft.Text(t("comp.growth_axis", lang), size=12),
            title_size=20,
        ),
        bottom_axis=fch.ChartAxis(labels=labels, label_size=28),
        horizontal_grid_lines=fch.ChartGridLines(
            interval=y_step, color=ft.Colors.OUTLINE_VARIANT, width=1
        ),
        interactive=True,
        width=side,
        height=side * 0.55,
    )
    return ft.Column(
        [
            ft.Text(t("comp.growth", lang), size=14, weight=ft.FontWeight.BOLD),
            _described(chart, summary, "chart-growth", side, side * 0.55),
        ],
        spacing=4,
        width=side,
        tight=True,
    )
