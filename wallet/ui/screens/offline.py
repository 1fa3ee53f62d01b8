"""A credential's offline QR code, as the detail screen and Present show it: the code to scan —
it holds the credential itself, so anyone can verify it with no server and no link — its
``VP1-`` text to copy, and a button to save the image. When the credentials do not
fit one code, the reason says by how much, and points to a link instead."""

from __future__ import annotations

import hashlib

import flet as ft

from wallet.errors import QrTooLargeError
from wallet.services import OfflineQr
from wallet.ui.context import App
from wallet.ui.widgets import ErrorBox, Heading

__all__ = ["OfflineQrView", "offline_error"]


def offline_error(app: App, exc: BaseException) -> ft.Control:
    """Why there is no offline QR code — for one too large, by how much — and what to do
    instead (share a link)."""
    if isinstance(exc, QrTooLargeError):
        details = exc.details
        reason = app.tr(
            "offline.over",
            size=f"{details.get('bytes', 0):,}",
            over=f"{details.get('over', 0):,}",
            capacity=f"{details.get('capacity', 0):,}",
        )
    else:
        reason = app.explain(exc)
    return ErrorBox(app.tr("offline.too_large", reason=reason), key="offline-error")


def OfflineQrView(app: App, made: OfflineQr, width: float) -> list[ft.Control]:
    """The code, what it is, its text, and "Save"."""

    async def copy() -> None:
        if app.clipboard is not None:
            await app.clipboard.set(made.text)
        app.toast(app.tr("offline.copied"))

    async def save() -> None:
        """The image where the learner chooses (a download in the web view), named after the
        code — a new code never overwrites another."""
        stem = f"offline-qr-{hashlib.sha256(made.text.encode()).hexdigest()[:12]}"
        done = await app.act(lambda: made.png(scale=6))
        if done is not None:
            await app.save(f"{stem}.png", done.value, ["png"])

    side = max(160, min(360, int(width) - 64))
    count = len(made.credential_ids)
    return [
        Heading(app.tr("offline.title"), size=16),
        ft.Text(app.tr("offline.scan"), weight=ft.FontWeight.BOLD, key="offline-scan"),
        ft.Image(
            src=made.png(scale=4),
            width=side,
            height=side,
            key="offline-qr",
            semantics_label=app.tr("offline.image"),
        ),
        ft.Text(app.trn("offline.about", count, version=made.version, level=made.level), size=12),
        ft.Row(
            [
                ft.OutlinedButton(
                    app.tr("offline.copy"), icon=ft.Icons.COPY, on_click=copy, key="offline-copy"
                ),
                ft.OutlinedButton(
                    app.tr("offline.save"),
                    icon=ft.Icons.DOWNLOAD,
                    on_click=save,
                    key="offline-save",
                ),
            ],
            wrap=True,
        ),
    ]
