"""Receiving: an offer link (pasted, or from a QR image), an offline QR code (its VP1 text
pasted, or its image) or a file (a credential, a PDF with its signed presentation). The consent
and transaction code questions are dialogs (:mod:`wallet.ui.dialogs`); a new attempt clears the
last result. While the issuer's sign-in page is open (in a tab of its own) the screen says so
and offers to cancel. Credentials an issuer deferred are listed here with their state, collected
in the background at unlock (:func:`watch_deferred`) and on demand, with a notice when they
arrive."""

from __future__ import annotations

import asyncio
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import flet as ft

from wallet.errors import ExchangeError
from wallet.services import PendingCredential, ReceiveResult
from wallet.ui.context import EXPECTED, LOADING, App, use_data
from wallet.ui.state import AppState
from wallet.ui.widgets import ErrorBox, Heading, Screen, bound_field, wrap_row
from wallet.ui.words import component

__all__ = ["Outcome", "ReceiveScreen", "collect_deferred", "outcome_of", "watch_deferred"]

# Ways a receiving ends with nothing received on purpose: the learner declined the offer, gave
# no code, or cancelled the issuer's sign-in — said plainly, never as a failure.
DECLINED = ("cancelled", "access_denied")
WATCH_LEAST, WATCH_MOST = 5.0, 600.0  # how soon, and how late, deferred ones are asked again


@dataclass(frozen=True)
class Outcome:
    """What the last attempt came to, as lines to show."""

    received: tuple[str, ...] = ()
    pending: int = 0
    rejected: tuple[str, ...] = ()
    error: str | None = None
    duplicates: tuple[str, ...] = ()  # already in the wallet (the same bytes), stored once
    declined: str | None = None  # nothing was received, as the learner chose


def outcome_of(result: ReceiveResult) -> Outcome:
    return Outcome(
        received=tuple(a.summary.name for a in result.stored if not a.duplicate),
        pending=len(result.pending),
        rejected=tuple(result.rejected),
        duplicates=tuple(a.summary.name for a in result.stored if a.duplicate),
    )


def _lines(app: App, outcome: Outcome) -> list[ft.Control]:
    lines: list[ft.Control] = []
    if outcome.declined:
        lines.append(
            ft.Row(
                [ft.Icon(ft.Icons.INFO_OUTLINE), ft.Text(outcome.declined, expand=True)],
                key="receive-declined",
            )
        )
    if outcome.received:
        lines.append(
            ft.Text(
                app.trn("receive.done", len(outcome.received)),
                color=ft.Colors.GREEN_900,
                weight=ft.FontWeight.BOLD,
            )
        )
        lines += [ft.Text(f"• {name}") for name in outcome.received]
    for name in outcome.duplicates:
        lines.append(ft.Text(app.tr("receive.duplicate", name=name)))
    if outcome.pending:
        lines.append(ft.Text(app.trn("receive.pending", outcome.pending)))
    lines += [
        ErrorBox(app.tr("receive.rejected", reason=r), key="rejected") for r in outcome.rejected
    ]
    if outcome.error:
        lines.append(ErrorBox(outcome.error, key="receive-error"))
    return lines


# --- deferred credentials --------------------------------------------------------------------


def arrived(app: App, result: ReceiveResult) -> None:
    """A notice when deferred credentials arrived (and the screens read again)."""
    names = [a.summary.name for a in result.stored if not a.duplicate]
    if names:
        app.changed()
        app.toast(app.trn("receive.arrived", len(names), names=", ".join(names)))


async def collect_deferred(app: App) -> ReceiveResult | None:
    """Ask the issuers for the deferred credentials that are due, in the background; a notice
    for those that arrived. None when nothing is waiting or the issuers could not be asked
    (it is tried again later)."""
    receiving = app.wallet.receiving
    try:
        if not await asyncio.to_thread(receiving.pending):
            return None
        result = await asyncio.to_thread(receiving.poll_pending)
    except EXPECTED:
        return None
    arrived(app, result)
    if result.rejected:
        app.toast(app.tr("receive.rejected", reason=result.rejected[0]))
    return result


async def watch_deferred(app: App) -> None:
    """While the wallet is open, ask for deferred credentials again when they are due (each
    issuer says how often it may be asked); one watcher a window."""
    if app.watching:
        return
    app.watching = True
    try:
        while app.state.phase == "main":
            try:
                pending = await asyncio.to_thread(app.wallet.receiving.pending)
            except EXPECTED:
                return
            if not pending:
                return
            soonest = min(p.next_poll for p in pending)
            await asyncio.sleep(min(WATCH_MOST, max(WATCH_LEAST, soonest - time.time())))
            if app.state.phase == "main":
                await collect_deferred(app)
    finally:
        app.watching = False


def _waiting(app: App, item: PendingCredential) -> ft.Control:
    """One deferred credential: what, from whom, since when, and when it is asked for next."""
    due = item.next_poll - time.time()
    if due <= 0:
        when = app.tr("receive.deferred.due")
    else:
        when = app.trn("receive.deferred.next", max(1, round(due / 60)))
    since = app.tr("receive.deferred.since", date=item.created[:10]) if item.created else ""
    return ft.Container(
        ft.Column(
            [
                ft.Row(
                    [
                        ft.Icon(ft.Icons.HOURGLASS_EMPTY, size=18),
                        ft.Text(item.name, weight=ft.FontWeight.BOLD, expand=True),
                    ]
                ),
                ft.Text(app.tr("receive.deferred.from", issuer=item.issuer_name), size=13),
                ft.Text(
                    " · ".join(x for x in (app.tr("receive.deferred.state"), since, when) if x),
                    size=12,
                    color=ft.Colors.ON_SURFACE_VARIANT,
                ),
            ],
            spacing=2,
            tight=True,
        ),
        padding=ft.Padding.symmetric(horizontal=12, vertical=8),
        border_radius=10,
        border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
        key=f"deferred-{(item.id or '')[:8]}",
    )


def Deferred(app: App, state: AppState, pending: Any) -> list[ft.Control]:
    """The credentials the issuers deferred, and "Check now"."""
    if pending is LOADING or isinstance(pending, BaseException) or not pending:
        return []

    async def check_now() -> None:
        done = await app.act(
            app.wallet.receiving.poll_pending, busy=app.tr("receive.deferred.checking")
        )
        if done is None:
            return
        arrived(app, done.value)
        if not done.value.stored:
            app.toast(app.tr("receive.deferred.not_yet"))
        state.changed()

    return [
        Heading(app.tr("receive.deferred.title"), size=18),
        *[_waiting(app, item) for item in pending],
        wrap_row(
            [
                ft.OutlinedButton(
                    app.tr("receive.deferred.check"),
                    icon=ft.Icons.REFRESH,
                    on_click=check_now,
                    key="deferred-check",
                )
            ]
        ),
    ]


# --- the issuer's sign-in ---------------------------------------------------------------------


def cancel_sign_in(url: str) -> Callable[[], Any]:
    """What cancels an issuer's sign-in opened at ``url`` (an OAuth authorization request):
    the wallet's own redirect address is told ``error=access_denied`` for that request's
    ``state`` — as the issuer would say it — so the waiting exchange ends at once."""
    query = parse_qs(urlsplit(url).query)
    redirect = (query.get("redirect_uri") or [""])[0]
    state = (query.get("state") or [""])[0]

    def cancel() -> None:
        if not redirect.startswith("http://127.0.0.1:"):  # only the wallet's own listener
            return
        address = f"{redirect}?{urlencode({'error': 'access_denied', 'state': state})}"
        try:
            with urllib.request.urlopen(address, timeout=5) as answer:
                answer.read(1024)
        except OSError:
            pass  # it ended meanwhile

    return cancel


@component
def SignIn(app: App, state: AppState) -> ft.Control:
    """Shown while the issuer's sign-in page is open: where, and a way to stop waiting."""
    url = state.signing_in or ""
    issuer = urlsplit(url).netloc

    async def cancel() -> None:
        state.signing_in = None
        await app.work(cancel_sign_in(url))

    return ft.Container(
        ft.Column(
            [
                ft.Row(
                    [
                        ft.ProgressRing(width=18, height=18, stroke_width=2),
                        ft.Text(app.tr("receive.sign_in", issuer=issuer), expand=True),
                    ]
                ),
                wrap_row(
                    [
                        ft.OutlinedButton(
                            app.tr("receive.sign_in_cancel"),
                            icon=ft.Icons.CLOSE,
                            on_click=cancel,
                            key="sign-in-cancel",
                        )
                    ]
                ),
            ],
            spacing=8,
            tight=True,
        ),
        bgcolor=ft.Colors.SECONDARY_CONTAINER,
        padding=12,
        border_radius=10,
        key="sign-in",
    )


@component
def ReceiveScreen(app: App, state: AppState) -> ft.Control:
    outcome, set_outcome = ft.use_state(None)
    fields = ft.use_ref(lambda: {"link": state.offer_link or ""}).current
    pending = use_data(app.wallet.receiving.pending, [state.revision])

    async def run(work: Callable[[Any], ReceiveResult]) -> None:
        set_outcome(None)  # a new attempt clears the last result
        asker = app.asker(asyncio.get_running_loop())
        try:
            result = await app.work(lambda: work(asker), app.tr("receive.working"))
        except EXPECTED as exc:
            if isinstance(exc, ExchangeError) and exc.error in DECLINED:
                set_outcome(Outcome(declined=app.tr("receive.cancelled")))
            else:
                set_outcome(Outcome(error=app.tr("receive.error", reason=app.explain(exc))))
            return
        finally:
            state.signing_in = None
        if result.declined:  # the learner said no: said plainly, never as a failure
            set_outcome(Outcome(declined=app.tr("receive.declined")))
            return
        set_outcome(outcome_of(result))
        app.changed()
        if result.pending:
            asyncio.ensure_future(watch_deferred(app))

    async def go() -> None:
        value = fields.get("link", "").strip()
        if not value:
            set_outcome(Outcome(error=app.tr("receive.empty")))
            return
        state.offer_link = None
        await run(lambda asker: app.c.receive(value, asker))

    async def from_qr() -> None:  # an offer's QR code, or an offline QR code
        picked = await app.pick(["png", "jpg", "jpeg", "gif", "webp"])
        if picked:
            await run(lambda asker: app.c.receive_qr(picked[1], asker))

    async def from_file() -> None:  # a credential, an offline code's text or image, a PDF
        picked = await app.pick()
        if picked:
            await run(lambda _asker: app.c.import_all(picked[1], picked[0]))

    field = bound_field(
        fields,
        "link",
        label=app.tr("receive.link"),
        key="offer-link",
        hint_text=app.tr("receive.hint"),
        helper=app.tr("receive.help"),
        helper_max_lines=3,
        on_submit=go,
    )
    return Screen(
        [
            Heading(app.tr("receive.title"), size=22),
            field,
            wrap_row(
                [
                    ft.FilledButton(
                        app.tr("receive.go"), icon=ft.Icons.DOWNLOAD, on_click=go, key="receive-go"
                    ),
                    ft.OutlinedButton(
                        app.tr("receive.qr"), icon=ft.Icons.QR_CODE_SCANNER, on_click=from_qr
                    ),
                    ft.OutlinedButton(
                        app.tr("receive.file"), icon=ft.Icons.UPLOAD_FILE, on_click=from_file
                    ),
                ]
            ),
            *([SignIn(app, state)] if state.signing_in else []),
            ft.Column(_lines(app, outcome) if outcome else [], key="receive-status", spacing=6),
            *Deferred(app, state, pending),
        ],
        key="receive",
    )
