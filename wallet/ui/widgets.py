"""The widgets the screens share: the verdict chip (four levels: green only for *verified*,
amber with plain words for the rest), the level chip, the error box, a screen's frame, and
images from the wallet's own data. (A credential's parts and checks are drawn from the one
view model by :mod:`wallet.ui.screens.preview`.)"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import flet as ft

from wallet.errors import WalletError
from wallet.formats.images import check_svg, image_info, is_svg
from wallet.i18n import verdict_label
from wallet.record.markdown import Block, blocks
from wallet.result import Outcome, Verdict
from wallet.ui.i18n import t
from wallet.ui.viewmodel import level_of, verdict_for

__all__ = [
    "ErrorBox",
    "Heading",
    "LevelChip",
    "Loading",
    "MarkdownView",
    "Screen",
    "VerdictChip",
    "bound_field",
    "clear_field",
    "image_src",
    "use_first",
    "wrap_row",
]

# Colour, text colour and icon per verdict level.
VERDICT_STYLE = {
    "verified": (ft.Colors.GREEN_800, ft.Colors.WHITE, ft.Icons.VERIFIED),
    "warning": (ft.Colors.AMBER_200, ft.Colors.BLACK, ft.Icons.WARNING_AMBER),
    "unconfirmed": (ft.Colors.AMBER_400, ft.Colors.BLACK, ft.Icons.HELP_OUTLINE),
    "failed": (ft.Colors.AMBER_900, ft.Colors.WHITE, ft.Icons.GPP_BAD_OUTLINED),
}
OUTCOME_STYLE = {
    Outcome.PASSED: (ft.Icons.CHECK_CIRCLE, ft.Colors.GREEN_800),
    Outcome.FAILED: (ft.Icons.CANCEL, ft.Colors.RED_800),
    Outcome.WARNING: (ft.Icons.WARNING_AMBER, ft.Colors.AMBER_900),
    Outcome.SKIPPED: (ft.Icons.REMOVE_CIRCLE_OUTLINE, ft.Colors.GREY_700),
}
LEVEL_COLORS = (
    ft.Colors.GREY_700,
    ft.Colors.AMBER_900,
    ft.Colors.LIGHT_BLUE_900,
    ft.Colors.BLUE_800,
    ft.Colors.GREEN_800,
)


def image_src(uri: str | None) -> Any:
    """Image data for ``ft.Image``: inline ``data:`` images only (the wallet fetched them), or
    an https address. The window decodes an image at full size, so an inline one is shown
    only within the bounds of :mod:`wallet.formats.images` (its header read, nothing decoded
    here)."""
    if not uri:
        return None
    if uri.startswith("data:") and ";base64," in uri:
        return _inline(uri)
    return uri if uri.startswith("https://") else None


@lru_cache(maxsize=128)
def _inline(uri: str) -> bytes | None:
    try:
        data = base64.b64decode(uri.split(",", 1)[1])
        if is_svg(data):
            check_svg(data)
        else:
            image_info(data)
    except (ValueError, WalletError):
        return None
    return data


def VerdictChip(
    verdict: str | Verdict, lang: str, *, large: bool = False, key: str | None = None
) -> ft.Control:
    """The verdict in words (the language layer's one mapping,
    :func:`wallet.i18n.verdict_label`), with an icon; read out as one label."""
    level = level_of(verdict)
    bg, fg, icon = VERDICT_STYLE[level]
    label = verdict_label(verdict_for(level), lang)
    size = 18 if large else 13
    return ft.Container(
        ft.Row(
            [
                ft.Icon(icon, color=fg, size=size + 2),
                ft.Text(label, size=size, color=fg, weight=ft.FontWeight.BOLD, no_wrap=False),
            ],
            spacing=4,
            tight=True,
            wrap=True,
        ),
        bgcolor=bg,
        border_radius=12,
        key=key,
        padding=ft.Padding.symmetric(horizontal=10, vertical=6 if large else 3),
    )


def LevelChip(level: int, lang: str) -> ft.Control:
    return ft.Container(
        ft.Text(
            t(f"comp.level.{level}", lang),
            size=12,
            color=ft.Colors.WHITE,
            weight=ft.FontWeight.BOLD,
        ),
        bgcolor=LEVEL_COLORS[level],
        border_radius=10,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def ErrorBox(message: str, *, key: str = "error") -> ft.Control:
    return ft.Container(
        ft.Row(
            [
                ft.Icon(ft.Icons.ERROR_OUTLINE, color=ft.Colors.RED_900),
                ft.Text(message, color=ft.Colors.RED_900, expand=True),
            ],
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        bgcolor=ft.Colors.RED_50,
        padding=12,
        border_radius=8,
        key=key,
    )


def Loading(app: Any, *, key: str = "loading") -> ft.Control:
    """What a screen shows while its data is read (in the background)."""
    return ft.Row(
        [ft.ProgressRing(width=18, height=18, stroke_width=2), ft.Text(app.tr("loading"), size=13)],
        key=key,
    )


def Heading(text: str, *, size: int = 20) -> ft.Control:
    return ft.Text(text, size=size, weight=ft.FontWeight.BOLD)


def wrap_row(controls: Sequence[ft.Control], *, spacing: int = 8) -> ft.Control:
    """A row that wraps onto more lines when the screen is narrow."""
    return ft.Row(list(controls), wrap=True, spacing=spacing, run_spacing=spacing)


def Screen(
    controls: Sequence[ft.Control], *, key: str | None = None, scroll: bool = True
) -> ft.Control:
    """A screen's one column (scrolling)."""
    return ft.Column(
        list(controls),
        spacing=12,
        expand=True,
        key=key,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
        scroll=ft.ScrollMode.AUTO if scroll else None,
    )


def bound_field(
    store: dict[str, Any], name: str, *, on_change: Any = None, **kwargs: Any
) -> ft.TextField:
    """A text field whose text lives in ``store[name]`` (a ``use_ref`` dict). The field is
    uncontrolled: its text is sent to it once (and again after :func:`clear_field`), never on
    every render — a value patched in while the learner types would drop keystrokes."""
    sent: set[str] = store.setdefault("__sent__", set())

    def keep(e: ft.Event[ft.TextField]) -> None:
        store[name] = e.control.value or ""
        if on_change:
            on_change(store[name])

    value = None if name in sent else store.get(name, "")
    sent.add(name)
    if "helper" in kwargs:  # a hint wraps; on one line Flutter cuts it mid-word on a phone
        kwargs.setdefault("helper_max_lines", 4)
    return ft.TextField(value=value, on_change=keep, **kwargs)


def clear_field(store: dict[str, Any], name: str) -> None:
    """Empty a :func:`bound_field` (on its next render)."""
    store[name] = ""
    store.setdefault("__sent__", set()).discard(name)


def use_first(value: Any) -> Any:
    """A hook: ``value`` on a component's first render, None after (for an uncontrolled
    field's initial text)."""
    ref = ft.use_ref(lambda: [False])
    if ref.current[0]:
        return None
    ref.current[0] = True
    return value


_HEADING_SIZES = {1: 18, 2: 17, 3: 16}


def _spans(block: Block, size: float) -> list[ft.TextSpan]:
    out = []
    for run in block.runs:
        style = ft.TextStyle(
            size=size,
            weight=ft.FontWeight.BOLD if run.bold else None,
            italic=run.italic,
            font_family="monospace" if run.code else None,
            color=ft.Colors.BLUE_800 if run.href else None,
            decoration=ft.TextDecoration.UNDERLINE if run.href else None,
        )
        out.append(ft.TextSpan(text=run.text, style=style, url=run.href))
    return out


def MarkdownView(
    text: str | None = None, *, parsed: Sequence[Block] | None = None, size: float = 14
) -> ft.Control:
    """Markdown through the wallet's one safe renderer (:func:`wallet.record.markdown.blocks`), as
    Flet controls: headings, paragraphs, list items (indented, with their marker), quotes,
    code and rules — the same blocks the share page and the PDF show. Links open only
    http(s) and mailto addresses (the renderer keeps no other); images and HTML are text."""
    controls: list[ft.Control] = []
    for block in parsed if parsed is not None else blocks(text or ""):
        if block.kind == "rule":
            controls.append(ft.Divider(height=8))
            continue
        if block.kind == "code":
            item: ft.Control = ft.Container(
                ft.Text(block.text, font_family="monospace", size=size - 1, selectable=True),
                bgcolor=ft.Colors.with_opacity(0.08, ft.Colors.ON_SURFACE),
                padding=8,
                border_radius=4,
            )
        elif block.kind == "heading":
            item = ft.Text(
                spans=_spans(block, _HEADING_SIZES.get(block.level, size)),
                weight=ft.FontWeight.BOLD,
            )
        elif block.kind == "item":
            item = ft.Row(
                [
                    ft.Text(block.marker, size=size, width=22),
                    ft.Text(spans=_spans(block, size), expand=True),
                ],
                spacing=2,
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        else:
            item = ft.Text(spans=_spans(block, size))
        indent = 16 * max(0, block.depth - 1) + (12 if block.quoted else 0)
        if block.quoted:
            item = ft.Container(
                item,
                padding=ft.Padding.only(left=indent),
                border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.OUTLINE_VARIANT)),
            )
        elif indent:
            item = ft.Container(item, padding=ft.Padding.only(left=indent))
        controls.append(item)
    return ft.Column(controls, spacing=6, tight=True)
