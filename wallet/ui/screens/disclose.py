"""Selective disclosure in the composer: for a chosen credential issued for it
(``ecdsa-sd-2023``), "Choose what to show" — a checkbox for each claim the learner may leave
out, in words, and the claims the issuer requires shown as always included. What is left out
is not in the presentation at all (the preview, the link and the files are made without it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from wallet.presenting.disclosure import Claim
from wallet.ui.context import App
from wallet.ui.state import AppState
from wallet.ui.viewmodel import claim_text

__all__ = ["DisclosureChooser"]


def DisclosureChooser(
    app: App,
    state: AppState,
    rid: str,
    claims: Sequence[Claim],
    on_change: Callable[[], object],
    opened: set[str],
) -> ft.Control:
    """``opened``: the credentials whose choice is unfolded (kept across renders: a choice
    re-renders the screen, and the list stays open)."""
    lang = state.lang
    hidden = set(state.hidden.get(rid, []))

    def choose(e: ft.Event[ft.Checkbox], pointer: str) -> None:
        state.hide(rid, pointer, not e.control.value)
        on_change()

    def line(box: ft.Checkbox, text: str) -> ft.Control:
        """A checkbox with its words beside it, wrapping on a phone (a checkbox's own label
        does not wrap), read as one by a screen reader."""
        return ft.MergeSemantics(
            ft.Row(
                [
                    box,
                    ft.Text(
                        text,
                        size=14,
                        expand=True,
                        color=ft.Colors.ON_SURFACE_VARIANT if box.disabled else None,
                    ),
                ],
                spacing=4,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )

    rows: list[ft.Control] = [ft.Text(app.tr("sd.help"), size=12)]
    for claim in claims:
        text = claim_text(claim, lang)
        if claim.required:
            always = app.tr("sd.always", claim=text)
            rows.append(line(ft.Checkbox(value=True, disabled=True, data=always), always))
        else:
            rows.append(
                line(
                    ft.Checkbox(
                        value=claim.pointer not in hidden,
                        data=text,
                        on_change=lambda e, p=claim.pointer: choose(e, p),
                        key=f"claim-{rid[:8]}-{claim.pointer}",
                    ),
                    text,
                )
            )
    shown = [c for c in claims if not c.required]
    left_out = len([c for c in shown if c.pointer in hidden])
    summary = app.trn("sd.left_out", left_out) if left_out else app.tr("sd.everything")

    def unfold(e: ft.Event[ft.ExpansionTile]) -> None:
        if e.data in (True, "true"):
            opened.add(rid)
        else:
            opened.discard(rid)

    return ft.Container(
        ft.ExpansionTile(
            title=ft.Text(app.tr("sd.choose"), size=14),
            subtitle=ft.Text(summary, size=12),
            leading=ft.Icon(ft.Icons.TUNE),
            controls=rows,
            key=f"disclose-{rid[:8]}",
            expanded=rid in opened,
            on_change=unfold,
            maintain_state=True,
            tile_padding=ft.Padding.symmetric(horizontal=4),
            expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
        ),
        padding=ft.Padding.only(left=28),
    )
