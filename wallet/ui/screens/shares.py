"""The links the learner shared, told apart: each with its title, its status (active,
expired, withdrawn, used up), until when, its views and when they were, its QR code again, and
"Add to LinkedIn" for what it shares; withdraw the active ones."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial

import flet as ft

from wallet.services import SharedLink
from wallet.ui.context import EXPECTED, App
from wallet.ui.state import AppState
from wallet.ui.viewmodel import link_facts
from wallet.ui.widgets import Heading, wrap_row

__all__ = ["LinkedInButton", "QrCode", "SharedLinks"]

_STATUS_COLORS = {"active": (ft.Colors.GREEN_800, ft.Colors.WHITE),
                  "expired": (ft.Colors.GREY_300, ft.Colors.BLACK),
                  "withdrawn": (ft.Colors.GREY_300, ft.Colors.BLACK),
                  "used up": (ft.Colors.AMBER_200, ft.Colors.BLACK)}


def QrCode(app: App, url: str, png: bytes, width: float, *, key: str = "share-url"
           ) -> list[ft.Control]:
    """A share link as text and as a QR code to scan, with a button to copy it."""
    async def copy() -> None:
        if app.clipboard is not None:
            await app.clipboard.set(url)
        app.toast(app.tr("present.copied"))

    side = max(120, min(260, int(width) - 64))
    return [ft.Text(url, selectable=True, key=key, size=12),
            ft.Image(src=png, width=side, height=side,
                     semantics_label="QR code of the share link"),
            ft.Row([ft.OutlinedButton(app.tr("present.copy"), icon=ft.Icons.COPY,
                                      on_click=copy)])]


def LinkedInButton(app: App, credential_id: str, label: str, *, share: str | None = None,
                   key: str | None = None, outlined: bool = False) -> ft.Control:
    """Opens LinkedIn's "add license or certification" form, filled in for the credential (a
    plain link in the learner's browser: nothing is sent to LinkedIn)."""
    async def open_form() -> None:
        try:
            url = app.c.linkedin(credential_id, share=share)
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        await app.open_url(url)

    kind = ft.OutlinedButton if outlined else ft.TextButton
    return kind(label, icon=ft.Icons.WORK_OUTLINE, on_click=open_form, key=key)


def _status(link: SharedLink, text: str) -> ft.Control:
    bg, fg = _STATUS_COLORS.get(link.status, _STATUS_COLORS["expired"])
    return ft.Container(ft.Text(text, size=12, color=fg, weight=ft.FontWeight.BOLD),
                        bgcolor=bg, border_radius=10, key=f"status-{link.id[:8]}",
                        padding=ft.Padding.symmetric(horizontal=8, vertical=2))


@ft.component
def SharedLinks(app: App, state: AppState, links: Sequence[SharedLink],
                names: Mapping[str, str], on_withdraw: Callable[[str], object]) -> ft.Control:
    shown, set_shown = ft.use_state(None)  # (record id, url, QR code) shown again
    lang = state.lang

    def show_qr(rid: str) -> None:
        if shown is not None and shown[0] == rid:
            set_shown(None)
            return
        try:
            url, png = app.c.shared_qr(rid)
        except EXPECTED as exc:
            app.toast(app.explain(exc))
            return
        set_shown((rid, url, png))

    rows: list[ft.Control] = []
    for link in links:
        facts = link_facts(link, lang)
        lines: list[ft.Control] = [
            ft.Row([ft.Text(link.title, weight=ft.FontWeight.BOLD, expand=True, size=15),
                    _status(link, facts.status_text)],
                   vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Text(" · ".join(x for x in (
                app.trn("share.credentials", len(link.credential_ids)), facts.until,
                facts.views) if x), size=13, key=f"views-{link.id[:8]}")]
        if facts.times:
            lines.append(ft.Text(app.tr("links.viewed_at", times="; ".join(facts.times)),
                                 size=12, color=ft.Colors.ON_SURFACE_VARIANT))
        actions: list[ft.Control] = []
        if link.status == "active":
            actions.append(ft.TextButton(
                app.tr("links.hide_qr") if shown and shown[0] == link.id
                else app.tr("links.show_qr"), icon=ft.Icons.QR_CODE,
                on_click=lambda _e, r=link.id: show_qr(r), key=f"qr-again-{link.id[:8]}"))
        for cid in link.credential_ids if link.status == "active" else ():
            if cid in names:
                label = app.tr("links.linkedin") if len(link.credential_ids) == 1 else \
                    app.tr("links.linkedin_named", name=names[cid])
                actions.append(LinkedInButton(app, cid, label, share=link.id,
                                              key=f"linkedin-{link.id[:8]}-{cid[:8]}"))
        if not link.revoked and link.status != "expired":
            actions.append(ft.TextButton(app.tr("present.revoke"), icon=ft.Icons.LINK_OFF,
                                         on_click=partial(on_withdraw, link.id)))
        lines.append(wrap_row(actions, spacing=4))
        if shown is not None and shown[0] == link.id:
            lines += QrCode(app, shown[1], shown[2], state.width,
                            key=f"again-url-{link.id[:8]}")
        rows.append(ft.Container(
            ft.Column(lines, spacing=4, tight=True,
                      horizontal_alignment=ft.CrossAxisAlignment.START),
            padding=ft.Padding.symmetric(horizontal=12, vertical=10), border_radius=10,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT), key=f"link-{link.id[:8]}"))
    return ft.Column([Heading(app.tr("present.active"), size=18),
                      *(rows or [ft.Text(app.tr("links.none"))])],
                     spacing=8, key="shared-links",
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
