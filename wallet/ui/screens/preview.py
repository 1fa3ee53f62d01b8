"""What the employer sees, in the app: the share page's own view model of the presentation
(:class:`~wallet.record.view.RecordView`, from :meth:`PresentingService.preview_record`) drawn with
Flet controls, in the page's order — the learner (as given by them, and whether the issuers
name the same person), the verdict in plain words, one card per credential, the learner's own
reflections and work samples (their Markdown through the one renderer), and how it was
checked, folded away.

The parts of a credential's card (:class:`~wallet.record.card.CredentialCard`) are drawn here
once, for every screen that shows a credential: this preview, the Verify screen (a record or
one credential) and the credential's detail."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from wallet.record.view import (
    CheckLine,
    CompetencyView,
    CredentialCard,
    LearnerItem,
    RecordView,
)
from wallet.ui.context import App
from wallet.ui.widgets import OUTCOME_STYLE, Heading, MarkdownView, VerdictChip, image_src

__all__ = [
    "CardView",
    "RecordPreview",
    "card_checks",
    "card_competencies",
    "card_dates",
    "card_evidence",
    "card_issuer",
    "card_marking",
    "card_parts",
    "card_results",
    "check_lines",
]

_OK = ft.Colors.GREEN_800
_FLAG = ft.Colors.AMBER_900


def _box(
    controls: list[ft.Control], *, key: str | None = None, bgcolor: str | None = None
) -> ft.Control:
    return ft.Container(
        ft.Column(
            controls, spacing=6, tight=True, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
        ),
        padding=12,
        border_radius=10,
        key=key,
        bgcolor=bgcolor,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
    )


def _line(
    text: str,
    *,
    icon: str | None = None,
    color: str | None = None,
    size: int = 14,
    bold: bool = False,
    key: str | None = None,
) -> ft.Control:
    words = ft.Text(
        text,
        size=size,
        color=color,
        expand=True,
        key=key,
        weight=ft.FontWeight.BOLD if bold else None,
    )
    if icon is None:
        return words
    return ft.Row(
        [ft.Icon(icon, size=16, color=color), words],
        spacing=6,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def _picture(uri: str | None, size: int, label: str, *, round: bool = False) -> list[ft.Control]:
    src = image_src(uri)
    return (
        [
            ft.Image(
                src=src,
                width=size,
                height=size,
                fit=ft.BoxFit.COVER if round else ft.BoxFit.CONTAIN,
                border_radius=size // 2 if round else None,
                semantics_label=label,
            )
        ]
        if src
        else []
    )


def check_lines(app: App, lines: Sequence[CheckLine]) -> list[ft.Control]:
    """Checks in plain words (the view model's): what, how it went, what that means; the
    check's own technical words (English readers only) in small print."""
    out: list[ft.Control] = []
    for line in lines:
        icon, color = OUTCOME_STYLE[line.outcome]
        words: list[ft.Control] = [
            ft.Text(f"{line.title} · {line.outcome_text}", size=13, weight=ft.FontWeight.BOLD),
            ft.Text(line.text, size=13),
        ]
        if line.technical:
            words.append(
                ft.Text(
                    app.tr("checks.technical", message=line.technical),
                    size=11,
                    selectable=True,
                    color=ft.Colors.ON_SURFACE_VARIANT,
                )
            )
        out.append(
            ft.Row(
                [
                    ft.Icon(icon, color=color, size=18),
                    ft.Column(words, spacing=0, tight=True, expand=True),
                ],
                vertical_alignment=ft.CrossAxisAlignment.START,
            )
        )
    return out


def _folded(app: App, controls: list[ft.Control], *, key: str | None = None) -> ft.Control:
    return ft.ExpansionTile(
        title=ft.Text(app.tr("checks.title"), size=13),
        key=key,
        controls=controls,
        tile_padding=ft.Padding.symmetric(horizontal=0),
        expanded_cross_axis_alignment=ft.CrossAxisAlignment.START,
    )


def _learner(app: App, view: RecordView, prefix: str) -> ft.Control:
    person = view.learner.identity
    name = view.learner.name
    if person.photo and image_src(person.photo):
        avatar: list[ft.Control] = _picture(
            person.photo, 64, app.tr("about.photo_label"), round=True
        )
    elif name:
        avatar = [ft.CircleAvatar(content=ft.Text(name[:1], size=24), radius=32)]
    else:
        avatar = []
    words: list[ft.Control] = []
    if name:
        words.append(ft.Text(name, size=20, weight=ft.FontWeight.BOLD, key=f"{prefix}-name"))
    if person.headline:
        words.append(ft.Text(person.headline, size=14))
    words.append(
        ft.Text(
            f"{view.learner.presented} — {view.learner.as_given}"
            if name
            else view.learner.presented,
            size=13,
            italic=True,
        )
    )
    if view.names.text:
        matched = bool(view.names.matched) and not view.names.others_text
        words.append(
            _line(
                view.names.text,
                icon=ft.Icons.CHECK if matched else ft.Icons.INFO,
                color=_OK if matched else None,
                size=13,
                key=f"{prefix}-names",
            )
        )
    if view.names.others_text:
        words.append(
            _line(view.names.others_text, icon=ft.Icons.WARNING_AMBER, color=_FLAG, size=13)
        )
    words += [ft.Text(link, size=12, selectable=True) for link in person.links]
    return ft.Row(
        [*avatar, ft.Column(words, spacing=2, tight=True, expand=True)],
        vertical_alignment=ft.CrossAxisAlignment.START,
        key=f"{prefix}-learner",
    )


def _verdict(app: App, view: RecordView, prefix: str) -> ft.Control:
    verdict = view.verdict
    controls: list[ft.Control] = [
        ft.Row([VerdictChip(verdict.level, view.lang, large=True, key=f"{prefix}-verdict")]),
        ft.Text(verdict.summary, size=15, weight=ft.FontWeight.W_500, key=f"{prefix}-summary"),
    ]
    controls += [_line(reason, icon=ft.Icons.ERROR_OUTLINE, size=13) for reason in verdict.reasons]
    when = app.tr("record.checked", when=view.checked_text)
    if view.learner.bound_text:
        when += f" · {view.learner.bound_text}"
    controls.append(ft.Text(when, size=12, color=ft.Colors.ON_SURFACE_VARIANT))
    return _box(controls, key=f"{prefix}-verdict-box")


def card_issuer(app: App, card: CredentialCard, *, size: int = 14) -> ft.Control:
    """Who issued it (logo, name) and whether a trust list recognises it."""
    issuer = card.issuer
    return ft.Row(
        [
            *_picture(issuer.logo, 28, issuer.name),
            ft.Column(
                [
                    ft.Text(
                        app.tr("card.issued_by", issuer=issuer.name), size=size, key="card-issuer"
                    ),
                    *(
                        [
                            _line(
                                issuer.recognition,
                                icon=ft.Icons.VERIFIED if issuer.recognised else None,
                                color=_OK if issuer.recognised else None,
                                size=12,
                            )
                        ]
                        if issuer.recognition
                        else []
                    ),
                ],
                spacing=0,
                tight=True,
                expand=True,
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def card_marking(app: App, card: CredentialCard) -> list[ft.Control]:
    """What it is when it is not a Verifiable Credential — "Open Badges 2.0 · hosted by …" —
    and what was checked, the Open Badges 2.0 way (a host, not a signature, vouches for a
    hosted badge)."""
    if not card.marking:
        return []
    return [
        ft.Row(
            [
                ft.Icon(ft.Icons.VERIFIED_OUTLINED, size=18),
                ft.Text(card.marking, size=13, weight=ft.FontWeight.W_600, expand=True),
            ],
            key="ob2-marking",
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        *([ft.Text(card.verdict.summary, size=13)] if card.verdict.summary else []),
    ]


def card_dates(app: App, card: CredentialCard) -> ft.Control:
    """Issued, until when (or that it does not expire), credits — in the reader's words."""
    dates = []
    if card.issued_text:
        dates.append(app.tr("card.issued", date=card.issued_text))
    dates.append(
        app.tr("card.expired" if card.expired else "card.expires", date=card.expires_text)
        if card.expires_text
        else app.tr("card.no_expiry")
    )
    if card.credits:
        dates.append(card.credits)
    return ft.Text(
        " · ".join(dates), size=13, color=_FLAG if card.expired else None, key="card-dates"
    )


def card_results(app: App, card: CredentialCard) -> list[ft.Control]:
    """Each result with its label ("Final grade: A"), and whether the issuer names the
    learner."""
    controls: list[ft.Control] = [
        ft.Text(r.text, size=15, weight=ft.FontWeight.W_600) for r in card.results
    ]
    if card.recipient_text and card.recipient is not None:
        matched = card.recipient.state == "matched"
        controls.append(
            _line(
                card.recipient_text,
                size=13,
                color=_OK if matched else _FLAG,
                icon=ft.Icons.CHECK if matched else ft.Icons.WARNING_AMBER,
            )
        )
    return controls


def card_competencies(
    app: App, card: CredentialCard, on_open: Callable[[CompetencyView], None] | None = None
) -> list[ft.Control]:
    """The competencies it is aligned to (``on_open``: each opens the wallet's own view of
    it), and their frameworks."""
    if not card.competencies:
        return []
    controls: list[ft.Control] = [Heading(app.tr("card.competencies"), size=14)]
    for c in card.competencies:
        label = f"{c.code} {c.name}" if c.code else c.name
        if on_open is None:
            controls.append(ft.Text(label, size=13))
        else:
            controls.append(
                ft.Container(
                    ft.TextButton(  # at the start, within the width
                        label,
                        icon=ft.Icons.LOCAL_FLORIST_OUTLINED,
                        on_click=lambda _e, c=c: on_open(c),
                    ),
                    alignment=ft.Alignment.CENTER_LEFT,
                )
            )
    controls += [
        ft.Text(app.tr("card.framework", framework=f), size=12, italic=True)
        for f in dict.fromkeys(c.framework for c in card.competencies if c.framework)
    ]
    return controls


def card_parts(app: App, card: CredentialCard) -> list[ft.Control]:
    """What a transcript includes: each part with its results (and its verdict when it is
    not verified)."""
    if not card.parts:
        return []
    lines: list[ft.Control] = [Heading(app.tr("card.includes"), size=14)]
    for part in card.parts:
        words = " — ".join([part.name, *(r.text for r in part.results)])
        if part.verdict.tone != "verified":
            words += f" ({part.verdict.title})"
        lines.append(ft.Text(words, size=13))
    return lines


def card_evidence(app: App, card: CredentialCard) -> list[ft.Control]:
    """The evidence the issuer lists (its name, what it says, its link)."""
    if not card.evidence:
        return []
    controls: list[ft.Control] = [Heading(app.tr("card.evidence"), size=14)]
    for item in card.evidence:
        words = (
            f"{item.name} — {item.narrative}"
            if item.name and item.narrative
            else item.name or item.narrative or ""
        )
        controls.append(ft.Text(words, size=13))
        if item.url:
            controls.append(ft.Text(item.url, size=12, selectable=True))
    return controls


def card_checks(app: App, card: CredentialCard) -> list[ft.Control]:
    """Its checks in plain words, and those of each part of a transcript."""
    checks = check_lines(app, card.checks)
    for part in card.parts:
        checks += [
            ft.Text(part.name, weight=ft.FontWeight.BOLD, size=13),
            *check_lines(app, part.checks),
        ]
    return checks


def CardView(
    app: App, card: CredentialCard, *, key: str | None = None, chip: bool = True
) -> ft.Control:
    """One credential as the share page's card shows it (``chip``: with its verdict)."""
    head: list[ft.Control] = [
        *_picture(card.image, 56, card.name),
        ft.Column(
            [
                ft.Text(card.name, size=17, weight=ft.FontWeight.BOLD),
                *([ft.Text(card.kind, size=12)] if card.kind else []),
            ],
            spacing=0,
            tight=True,
            expand=True,
        ),
    ]
    controls: list[ft.Control] = [ft.Row(head, vertical_alignment=ft.CrossAxisAlignment.START)]
    if chip:
        controls.append(ft.Row([VerdictChip(card.verdict.level, app.state.lang)]))
    controls += card_marking(app, card)
    controls += [ft.Text(reason, size=12) for reason in card.verdict.reasons]
    controls += [card_issuer(app, card), card_dates(app, card), *card_results(app, card)]
    if card.description:
        controls.append(ft.Text(card.description, size=13))
    if card.criteria:
        controls += [Heading(app.tr("card.criteria"), size=14), ft.Text(card.criteria, size=13)]
    if card.narrative:  # what the recipient did, as the issuer says it
        controls += [Heading(app.tr("card.narrative"), size=14), ft.Text(card.narrative, size=13)]
    controls += [
        *card_competencies(app, card),
        *card_parts(app, card),
        *card_evidence(app, card),
        _folded(app, card_checks(app, card)),
    ]
    return _box(controls, key=key)


def _item(app: App, item: LearnerItem) -> ft.Control:
    controls: list[ft.Control] = [
        ft.Row(
            [
                ft.Container(
                    ft.Text(item.tag, size=11, color=ft.Colors.WHITE),
                    bgcolor=ft.Colors.PURPLE_700,
                    border_radius=8,
                    padding=ft.Padding.symmetric(horizontal=8, vertical=2),
                )
            ]
        ),
        *([ft.Text(item.heading, size=15, weight=ft.FontWeight.BOLD)] if item.heading else []),
    ]
    if item.about:
        controls.append(ft.Text(app.tr("learner.about", names=", ".join(item.about)), size=12))
    if item.blocks:  # without a first line that only repeats the title (the view model's)
        controls.append(MarkdownView(parsed=item.blocks))
    if item.link:
        controls.append(
            ft.Text(
                spans=[
                    ft.TextSpan(
                        text=app.tr("learner.open_link"),
                        url=item.link,
                        style=ft.TextStyle(
                            color=ft.Colors.BLUE_800, decoration=ft.TextDecoration.UNDERLINE
                        ),
                    )
                ]
            )
        )
        controls.append(ft.Text(item.link, size=12, selectable=True))
    if item.integrity:
        controls.append(ft.Text(item.integrity, size=12, color=_OK if item.intact else _FLAG))
    return _box(controls, bgcolor=ft.Colors.with_opacity(0.05, ft.Colors.PURPLE))


def RecordPreview(app: App, view: RecordView, *, prefix: str = "preview") -> ft.Control:
    """The record as the employer's page shows it (see the module docstring); ``prefix``
    names its parts' keys (``preview-verdict``, ``verify-verdict``)."""
    controls: list[ft.Control] = [_learner(app, view, prefix), _verdict(app, view, prefix)]
    if view.title and view.title != view.page_title:
        controls.append(Heading(view.title, size=17))
    if view.unsupported_claims:
        controls.append(
            _box(
                [
                    Heading(app.tr("claims.title"), size=15),
                    ft.Text(app.tr("claims.body"), size=13),
                    *[ft.Text(f"• {c}", size=13) for c in view.unsupported_claims],
                ],
                bgcolor=ft.Colors.AMBER_50,
            )
        )
    controls += [
        CardView(app, card, key=f"{prefix}-card-{n}") for n, card in enumerate(view.credentials)
    ]
    if view.learner_items:
        controls += [
            Heading(app.tr("learner.title"), size=17),
            ft.Text(app.tr("learner.intro"), size=12, italic=True),
            *[_item(app, item) for item in view.learner_items],
        ]
    how: list[ft.Control] = [ft.Text(app.tr("preview.checks_intro"), size=12)]
    if view.record_checks:
        how += [
            Heading(app.tr("checks.learner_record"), size=14),
            *check_lines(app, view.record_checks),
        ]
    how += [
        Heading(app.tr("checks.presentation"), size=14),
        *check_lines(app, view.presentation_checks),
    ]
    if view.learner.identity.did:
        how.append(
            ft.Text(
                app.tr("record.holder_key", did=view.learner.identity.did), size=11, selectable=True
            )
        )
    controls.append(_box([_folded(app, how, key=f"{prefix}-how")]))
    if view.expires_text:
        controls.append(ft.Text(app.tr("record.expires", when=view.expires_text), size=12))
    return ft.Column(
        controls, spacing=10, key=prefix, horizontal_alignment=ft.CrossAxisAlignment.STRETCH
    )
