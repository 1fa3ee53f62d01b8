"""What the employer sees, in the app: the share page's own view model of the presentation
(:class:`~wallet.record.view.RecordView`, from :meth:`PresentingService.preview_record`) drawn with
Flet controls, in the page's order — the learner (as given by them, and whether the issuers
name the same person), the verdict in plain words, one card per credential, the learner's own
reflections and work samples (their Markdown through the one renderer), and how it was
checked, folded away."""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft

from wallet.record.view import CheckLine, CredentialCard, LearnerItem, RecordView
from wallet.ui.context import App
from wallet.ui.widgets import OUTCOME_STYLE, Heading, MarkdownView, VerdictChip, image_src

__all__ = ["RecordPreview"]

_OK = ft.Colors.GREEN_800
_FLAG = ft.Colors.AMBER_900


def _box(controls: list[ft.Control], *, key: str | None = None,
         bgcolor: str | None = None) -> ft.Control:
    return ft.Container(ft.Column(controls, spacing=6, tight=True,
                                  horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
                        padding=12, border_radius=10, key=key, bgcolor=bgcolor,
                        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT))


def _line(text: str, *, icon: str | None = None, color: str | None = None, size: int = 14,
          bold: bool = False, key: str | None = None) -> ft.Control:
    words = ft.Text(text, size=size, color=color, expand=True, key=key,
                    weight=ft.FontWeight.BOLD if bold else None)
    if icon is None:
        return words
    return ft.Row([ft.Icon(icon, size=16, color=color), words], spacing=6,
                  vertical_alignment=ft.CrossAxisAlignment.START)


def _picture(uri: str | None, size: int, label: str, *, round: bool = False
             ) -> list[ft.Control]:
    src = image_src(uri)
    return [ft.Image(src=src, width=size, height=size,
                     fit=ft.BoxFit.COVER if round else ft.BoxFit.CONTAIN,
                     border_radius=size // 2 if round else None,
                     semantics_label=label)] if src else []


def _checks(app: App, lines: Sequence[CheckLine]) -> list[ft.Control]:
    out: list[ft.Control] = []
    for line in lines:
        icon, color = OUTCOME_STYLE[line.outcome]
        words: list[ft.Control] = [
            ft.Text(f"{line.title} · {line.outcome_text}", size=13, weight=ft.FontWeight.BOLD),
            ft.Text(line.text, size=13)]
        if line.technical:
            words.append(ft.Text(app.tr("checks.technical", message=line.technical), size=11,
                                 selectable=True, color=ft.Colors.ON_SURFACE_VARIANT))
        out.append(ft.Row([ft.Icon(icon, color=color, size=18),
                           ft.Column(words, spacing=0, tight=True, expand=True)],
                          vertical_alignment=ft.CrossAxisAlignment.START))
    return out


def _folded(app: App, controls: list[ft.Control], *, key: str | None = None) -> ft.Control:
    return ft.ExpansionTile(title=ft.Text(app.tr("checks.title"), size=13), key=key,
                            controls=controls, tile_padding=ft.Padding.symmetric(horizontal=0),
                            expanded_cross_axis_alignment=ft.CrossAxisAlignment.START)


def _learner(app: App, view: RecordView) -> ft.Control:
    person = view.learner.identity
    name = view.learner.name
    if person.photo and image_src(person.photo):
        avatar: list[ft.Control] = _picture(person.photo, 64, app.tr("about.photo_label"),
                                            round=True)
    elif name:
        avatar = [ft.CircleAvatar(content=ft.Text(name[:1], size=24), radius=32)]
    else:
        avatar = []
    words: list[ft.Control] = []
    if name:
        words.append(ft.Text(name, size=20, weight=ft.FontWeight.BOLD, key="preview-name"))
    if person.headline:
        words.append(ft.Text(person.headline, size=14))
    words.append(ft.Text(f"{view.learner.presented} — {view.learner.as_given}"
                         if name else view.learner.presented, size=13, italic=True))
    if view.names.text:
        matched = bool(view.names.matched) and not view.names.others_text
        words.append(_line(view.names.text, icon=ft.Icons.CHECK if matched else ft.Icons.INFO,
                           color=_OK if matched else None, size=13, key="preview-names"))
    if view.names.others_text:
        words.append(_line(view.names.others_text, icon=ft.Icons.WARNING_AMBER, color=_FLAG,
                           size=13))
    words += [ft.Text(link, size=12, selectable=True) for link in person.links]
    return ft.Row([*avatar, ft.Column(words, spacing=2, tight=True, expand=True)],
                  vertical_alignment=ft.CrossAxisAlignment.START, key="preview-learner")


def _verdict(app: App, view: RecordView) -> ft.Control:
    verdict = view.verdict
    controls: list[ft.Control] = [
        ft.Row([VerdictChip(verdict.level, view.lang, large=True, key="preview-verdict")]),
        ft.Text(verdict.summary, size=15, weight=ft.FontWeight.W_500, key="preview-summary")]
    controls += [_line(reason, icon=ft.Icons.ERROR_OUTLINE, size=13)
                 for reason in verdict.reasons]
    when = app.tr("record.checked", when=view.checked_text)
    if view.learner.bound_text:
        when += f" · {view.learner.bound_text}"
    controls.append(ft.Text(when, size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    return _box(controls, key="preview-verdict-box")


def _card(app: App, card: CredentialCard, index: int) -> ft.Control:
    head: list[ft.Control] = [*_picture(card.image, 56, card.name), ft.Column(
        [ft.Text(card.name, size=17, weight=ft.FontWeight.BOLD),
         *([ft.Text(card.kind, size=12)] if card.kind else [])], spacing=0, tight=True,
        expand=True)]
    controls: list[ft.Control] = [
        ft.Row(head, vertical_alignment=ft.CrossAxisAlignment.START),
        ft.Row([VerdictChip(card.verdict.level, app.state.lang)])]
    controls += [ft.Text(reason, size=12) for reason in card.verdict.reasons]
    issuer = card.issuer
    controls.append(ft.Row([*_picture(issuer.logo, 28, issuer.name), ft.Column([
        ft.Text(app.tr("card.issued_by", issuer=issuer.name), size=14),
        *([_line(issuer.recognition, icon=ft.Icons.VERIFIED if issuer.recognised else None,
                 color=_OK if issuer.recognised else None, size=12)]
          if issuer.recognition else [])], spacing=0, tight=True, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START))
    dates = []
    if card.issued_text:
        dates.append(app.tr("card.issued", date=card.issued_text))
    dates.append(app.tr("card.expired" if card.expired else "card.expires",
                        date=card.expires_text) if card.expires_text
                 else app.tr("card.no_expiry"))
    if card.credits:
        dates.append(card.credits)
    controls.append(ft.Text(" · ".join(dates), size=13, color=_FLAG if card.expired else None))
    controls += [ft.Text(r.text, size=15, weight=ft.FontWeight.W_600) for r in card.results]
    if card.recipient_text and card.recipient is not None:
        matched = card.recipient.state == "matched"
        controls.append(_line(card.recipient_text, size=13, color=_OK if matched else _FLAG,
                              icon=ft.Icons.CHECK if matched else ft.Icons.WARNING_AMBER))
    if card.description:
        controls.append(ft.Text(card.description, size=13))
    if card.criteria:
        controls += [Heading(app.tr("card.criteria"), size=14), ft.Text(card.criteria, size=13)]
    if card.competencies:
        controls.append(Heading(app.tr("card.competencies"), size=14))
        controls += [ft.Text(f"{c.code} {c.name}" if c.code else c.name, size=13)
                     for c in card.competencies]
        controls += [ft.Text(app.tr("card.framework", framework=f), size=12, italic=True)
                     for f in dict.fromkeys(c.framework for c in card.competencies
                                            if c.framework)]
    if card.parts:
        controls.append(Heading(app.tr("card.includes"), size=14))
        controls += [ft.Text(" — ".join([p.name, *(r.text for r in p.results)]), size=13)
                     for p in card.parts]
    checks = _checks(app, card.checks)
    for part in card.parts:
        checks += [ft.Text(part.name, weight=ft.FontWeight.BOLD, size=13),
                   *_checks(app, part.checks)]
    controls.append(_folded(app, checks))
    return _box(controls, key=f"preview-card-{index}")


def _item(app: App, item: LearnerItem) -> ft.Control:
    controls: list[ft.Control] = [
        ft.Row([ft.Container(ft.Text(item.tag, size=11, color=ft.Colors.WHITE),
                             bgcolor=ft.Colors.PURPLE_700, border_radius=8,
                             padding=ft.Padding.symmetric(horizontal=8, vertical=2))]),
        ft.Text(item.title, size=15, weight=ft.FontWeight.BOLD)]
    if item.about:
        controls.append(ft.Text(app.tr("learner.about", names=", ".join(item.about)), size=12))
    parsed = list(item.blocks)
    if parsed and parsed[0].kind == "heading" and parsed[0].text.strip() == item.title.strip():
        parsed = parsed[1:]  # the title is the reflection's own first heading: said once
    if parsed:
        controls.append(MarkdownView(parsed=parsed))
    if item.link:
        controls.append(ft.Text(spans=[ft.TextSpan(
            text=app.tr("learner.open_link"), url=item.link, style=ft.TextStyle(
                color=ft.Colors.BLUE_800, decoration=ft.TextDecoration.UNDERLINE))]))
        controls.append(ft.Text(item.link, size=12, selectable=True))
    if item.integrity:
        controls.append(ft.Text(item.integrity, size=12, color=_OK if item.intact else _FLAG))
    return _box(controls, bgcolor=ft.Colors.with_opacity(0.05, ft.Colors.PURPLE))


def RecordPreview(app: App, view: RecordView) -> ft.Control:
    """The record as the employer's page shows it (see the module docstring)."""
    controls: list[ft.Control] = [_learner(app, view), _verdict(app, view)]
    if view.title and view.title != view.page_title:
        controls.append(Heading(view.title, size=17))
    if view.unsupported_claims:
        controls.append(_box([Heading(app.tr("claims.title"), size=15),
                              ft.Text(app.tr("claims.body"), size=13),
                              *[ft.Text(f"• {c}", size=13) for c in view.unsupported_claims]],
                             bgcolor=ft.Colors.AMBER_50))
    controls += [_card(app, card, n) for n, card in enumerate(view.credentials)]
    if view.learner_items:
        controls += [Heading(app.tr("learner.title"), size=17),
                     ft.Text(app.tr("learner.intro"), size=12, italic=True),
                     *[_item(app, item) for item in view.learner_items]]
    how: list[ft.Control] = [ft.Text(app.tr("preview.checks_intro"), size=12)]
    if view.record_checks:
        how += [Heading(app.tr("checks.learner_record"), size=14),
                *_checks(app, view.record_checks)]
    how += [Heading(app.tr("checks.presentation"), size=14),
            *_checks(app, view.presentation_checks)]
    if view.learner.identity.did:
        how.append(ft.Text(app.tr("record.holder_key", did=view.learner.identity.did),
                           size=11, selectable=True))
    controls.append(_box([_folded(app, how, key="preview-how")]))
    if view.expires_text:
        controls.append(ft.Text(app.tr("record.expires", when=view.expires_text), size=12))
    return ft.Column(controls, spacing=10, key="preview",
                     horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
