"""Employer mode: a share link, a credential's address, its JSON, an offline QR code's VP1 text,
a QR image or a PDF with its signed presentation — verified, and
shown people first as the share page shows it: who presented it, each credential's name,
issuer and dates with its verdict, the learner's own content marked as theirs; the checks in
people's words. Errors in plain words ("This link is not available: …")."""

from __future__ import annotations

import flet as ft

from wallet.services.employer import CredentialView, EmployerView
from wallet.ui.context import EXPECTED, App
from wallet.ui.screens.respond import RespondAction
from wallet.ui.state import AppState
from wallet.ui.widgets import (
    ErrorBox,
    Heading,
    MarkdownView,
    Screen,
    VerdictChip,
    bound_field,
    wrap_row,
)
from wallet.ui.words import component

__all__ = ["VerifyScreen", "employer_controls"]


def _credential(app: App, c: CredentialView) -> ft.Control:
    lines: list[ft.Control] = [
        ft.Text(c.name, size=16, weight=ft.FontWeight.BOLD),
        ft.Row([VerdictChip(c.verdict, app.state.lang)]),
        ft.Text(app.tr("verify.issued_by", issuer=c.issuer_name or c.issuer or "?"), size=13)]
    if c.recognised_by:
        lines.append(ft.Text(app.tr("verify.recognised", list=c.recognised_by), size=12))
    dates = [app.tr("detail.issued", date=(c.issued or "—")[:10])]
    if c.expires:
        dates.append(app.tr("detail.expires", date=c.expires[:10]))
    lines.append(ft.Text(" · ".join(dates), size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    if c.description:
        lines.append(ft.Text(c.description, size=13))
    lines += [ft.Text(f"• {p}", size=12, color=ft.Colors.AMBER_900) for p in c.problems]
    return ft.Card(ft.Container(ft.Column(lines, spacing=4), padding=12))


def employer_controls(app: App, view: EmployerView) -> list[ft.Control]:
    """What the employer reads, in order."""
    lang = app.state.lang
    out: list[ft.Control] = [ft.Row([VerdictChip(view.verdict, lang, large=True,
                                                 key="verify-verdict")])]
    if view.kind == "presentation":
        who = app.tr("verify.presented_by", holder=view.holder or "?")
        if view.holder_bound:
            who += " " + app.tr("verify.signed_by_holder")
        out.append(ft.Text(who, size=12, selectable=True))
    out += [ft.Text(f"• {p}", size=13) for p in view.problems]
    if view.unsupported:
        out.append(ErrorBox(app.tr("verify.unsupported", names=", ".join(view.unsupported)),
                            key="unsupported"))
    if view.kind == "presentation":
        out.append(Heading(app.trn("verify.credentials", len(view.credentials)), size=18))
    out += [_credential(app, c) for c in view.credentials]
    if view.learner:
        out.append(Heading(app.tr("verify.from_learner"), size=18))
        for item in view.learner:
            kind = "reflection" if item.kind == "reflection" else "sample"
            body: list[ft.Control] = [
                ft.Text(app.tr(f"verify.learner.{kind}"), size=12, color=ft.Colors.PURPLE_900)]
            if not item.text.lstrip("# ").startswith(item.name):  # a title of its own
                body.append(ft.Text(item.name, weight=ft.FontWeight.BOLD))
            if item.text:
                body.append(MarkdownView(item.text))
            if item.link:
                body.append(ft.Text(item.link, size=12, selectable=True))
            body.append(ft.Text(app.tr("verify.learner_note"), size=11, italic=True))
            out.append(ft.Container(ft.Column(body, spacing=4), bgcolor=ft.Colors.PURPLE_50,
                                    padding=12, border_radius=8))
    return out


@component
def VerifyScreen(app: App, state: AppState) -> ft.Control:
    fields = ft.use_ref(dict).current
    shown, set_shown = ft.use_state(None)

    async def check(work: object) -> None:
        set_shown(None)
        try:
            view = await app.work(work, app.tr("verify.working"))  # type: ignore[arg-type]
        except EXPECTED as exc:
            set_shown(app.explain(exc))
            return
        set_shown(view)

    async def go() -> None:
        text = fields.get("input", "")
        if not text.strip():
            set_shown(app.tr("verify.empty"))
            return
        await check(lambda: app.c.check_text(text))

    async def from_qr() -> None:  # a QR image (a link, an offline code), a badge or a PDF
        picked = await app.pick(["png", "jpg", "jpeg", "gif", "webp", "svg", "pdf"])
        if picked:
            await check(lambda: app.c.check_image(picked[1]))

    result: list[ft.Control] = []
    if isinstance(shown, str):
        result = [ErrorBox(shown, key="verify-error")]
    elif shown is not None:
        result = employer_controls(app, shown)
    return Screen([
        Heading(app.tr("verify.title"), size=22),
        bound_field(fields, "input", label=app.tr("verify.input"), multiline=True,
                    min_lines=2, max_lines=8, hint_text=app.tr("verify.hint")),
        wrap_row([ft.FilledButton(app.tr("verify.go"), icon=ft.Icons.VERIFIED, on_click=go,
                                  key="verify-go"),
                  ft.OutlinedButton(app.tr("verify.qr"), icon=ft.Icons.QR_CODE_SCANNER,
                                    on_click=from_qr)]),
        RespondAction(app),  # after the main actions: the keyboard reaches those first
        ft.Column(result, key="verify-output", spacing=10,
                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
    ], key="verify")
