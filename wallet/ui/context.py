"""What every screen component reaches through Flet's context: the wallet's services
(:attr:`App.wallet`), the app's own controller, the observable state, the language — and the
two ways the screens reach the services, neither of them on the event loop nor while drawing:

* :func:`use_data` — what a screen shows, read in a worker thread by an effect after the screen
  is drawn (and again when what it depends on changes); the screen shows "loading" until it
  has come;
* :meth:`App.act` — what a handler does: the work in a worker thread (its progress shown when
  it has a name), then what came of it — a message, the error in people's words, the screens
  told that stored data changed (in every window of the app).

Errors the wallet raises on purpose (:class:`~wallet.errors.WalletError`) and unreadable files
(:class:`OSError`) are shown; anything else is a bug and is left to surface."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import flet as ft

from wallet.errors import InputTooLargeError, WalletError
from wallet.services.files import read_file
from wallet.ui.controller import AppController, Asker
from wallet.ui.i18n import t, tn
from wallet.ui.state import AppState, Question
from wallet.ui.viewmodel import friendly_error
from wallet.ui.words import keep_words

if TYPE_CHECKING:
    from wallet.services import WalletService

__all__ = [
    "EXPECTED",
    "LOADING",
    "App",
    "AppContext",
    "Done",
    "Loading",
    "use_app",
    "use_data",
    "use_tick",
]

T = TypeVar("T")
EXPECTED = (WalletError, OSError)  # what a handler catches and shows; never bare Exception
TOAST_MS = 5000  # how long a message stays (it goes away by itself, with or without an action)
PICK_LIMIT = 256 * 1024 * 1024  # the most a file the learner picks may hold (a backup, a file)
REOPEN_SECONDS = 10.0  # an address opened again within this is not opened a second time


@dataclass(frozen=True)
class Done(Generic[T]):
    """What :meth:`App.act` gives back when the work succeeded (None when it failed)."""

    value: T


class Loading:
    """What :func:`use_data` gives while the data is on its way."""

    def __repr__(self) -> str:
        return "LOADING"


LOADING = Loading()


@dataclass(eq=False)
class App:
    c: AppController
    state: AppState
    hangul_font: str | None = None
    picker: ft.FilePicker | None = None
    clipboard: ft.Clipboard | None = None
    page: ft.Page | None = None  # None when the screens are rendered without a page (tests)
    toasts: list[str] = field(default_factory=list)  # the messages shown, latest last
    launcher: ft.UrlLauncher | None = None
    opened: list[str] = field(default_factory=list)  # the addresses opened, latest last
    saved: list[tuple[str, bytes]] = field(default_factory=list)  # files saved, latest last
    watching: bool = False  # a watcher for deferred credentials runs (one a window)
    _opened_at: dict[str, float] = field(default_factory=dict)  # address → when it was opened

    @property
    def wallet(self) -> WalletService:
        """The wallet's services (the ones the CLI uses): called from :func:`use_data` and
        :meth:`act` only — in a worker thread, never while drawing."""
        return self.c.service

    def tr(self, key: str, **values: Any) -> str:
        return t(key, self.state.lang, **values)

    def trn(self, key: str, count: int, **values: Any) -> str:
        return tn(key, count, self.state.lang, **values)

    def explain(self, exc: BaseException) -> str:
        return friendly_error(exc, self.state.lang)

    async def work(self, fn: Callable[[], T], busy: str | None = None) -> T:
        """Run ``fn`` in a worker thread (``busy`` shown meanwhile, when given); the window
        stays responsive."""
        if busy is None:
            return await asyncio.to_thread(fn)
        self.state.start(busy)
        try:
            return await asyncio.to_thread(fn)
        finally:
            self.state.busy = None

    async def act(
        self,
        fn: Callable[[], T],
        *,
        busy: str | None = None,
        done: str | Callable[[T], str | None] | None = None,
        problem: Callable[[str | None], Any] | None = None,
        changed: bool = False,
    ) -> Done[T] | None:
        """What a handler does, in one place: ``fn`` in a worker thread (``busy`` shown
        meanwhile), then — when it failed — the reason in people's words, to ``problem`` (a
        screen's error line) or else as a message; when it succeeded, ``problem`` cleared,
        the message ``done`` (or ``done(value)``) shown and, with ``changed``, every screen
        showing stored data told to read it again (in each window of the app). Gives back
        :class:`Done` with the value, or None when it failed."""
        try:
            value = await self.work(fn, busy)
        except EXPECTED as exc:
            message = self.explain(exc)
            if problem is not None:
                problem(message)
            else:
                self.toast(message)
            return None
        if problem is not None:
            problem(None)
        if changed:
            self.changed()
        text = done(value) if callable(done) else done
        if text:
            self.toast(text)
        return Done(value)

    def changed(self) -> None:
        """Stored data changed: this window's screens read it again, and so do the other
        windows' (:meth:`~wallet.ui.controller.AppController.when_changed`)."""
        self.state.changed()
        self.c.changed(origin=self)

    async def pick(
        self, allowed: list[str] | None = None, *, limit: int = PICK_LIMIT
    ) -> tuple[str, bytes] | None:
        """A file the learner chooses: (name, content), or None (also when it cannot be read:
        the reason is shown). On a computer the file is read here, through the one safe
        reader (:func:`wallet.services.files.read_file`: a regular file, at most ``limit``
        bytes — never a FIFO that blocks or ``/dev/zero`` that never ends); in a browser the
        browser reads it, and more than ``limit`` bytes are refused."""
        assert self.picker is not None
        local = self.page is not None and not self.page.web and not self.page.platform.is_mobile()
        files = await self.picker.pick_files(
            with_data=not local,
            allowed_extensions=allowed,
            file_type=ft.FilePickerFileType.CUSTOM if allowed else ft.FilePickerFileType.ANY,
        )
        if not files:
            return None
        chosen = files[0]
        try:
            if local and chosen.path:
                data = await asyncio.to_thread(
                    read_file, chosen.path, limit=limit, what=chosen.name
                )
            elif chosen.bytes is None:
                return None
            elif len(chosen.bytes) > limit:
                raise InputTooLargeError(
                    f"{chosen.name} is larger than {limit:,} bytes, the most that is read"
                )
            else:
                data = chosen.bytes
        except EXPECTED as exc:
            self.toast(self.explain(exc))
            return None
        return chosen.name, data

    async def open_url(self, url: str) -> bool:
        """Open an address in a new tab of the learner's browser (a plain link: nothing is
        sent), and say so. The same address again within
        :data:`REOPEN_SECONDS` (a second click) is not opened twice: the learner is told that
        it is open. Whether it was opened now."""
        now = time.monotonic()
        last = self._opened_at.get(url)
        if last is not None and now - last < REOPEN_SECONDS:
            self.toast(self.tr("open.already"))
            return False
        self._opened_at = {u: t for u, t in self._opened_at.items() if now - t < REOPEN_SECONDS}
        self._opened_at[url] = now
        self.opened[:] = [*self.opened[-9:], url]
        if self.launcher is not None:
            await self.launcher.launch_url(url)
        self.toast(self.tr("open.opened"))
        return True

    async def save(self, name: str, data: bytes, allowed: list[str] | None = None) -> str | None:
        """Save a file where the learner chooses: a save dialog on a computer (the file is
        written where they chose), a download in a browser. ``name`` is the name offered (the
        screens make one that does not overwrite an earlier file). Where it went (the path,
        or the name of the download), or None when the learner cancelled."""
        self.saved[:] = [*self.saved[-9:], (name, data)]
        if self.picker is None or self.page is None:
            return name  # rendered without a window (tests): kept in ``saved``
        web = self.page.web or self.page.platform.is_mobile()
        where = await self.picker.save_file(
            file_name=name,
            src_bytes=data,
            allowed_extensions=allowed,
            file_type=ft.FilePickerFileType.CUSTOM if allowed else ft.FilePickerFileType.ANY,
        )
        if web:
            self.toast(self.tr("save.downloaded", name=name))
            return name
        if where:
            self.toast(self.tr("save.saved", path=where))
        return where or None

    def toast(
        self, message: str, action: str | None = None, on_action: Callable[[], Any] | None = None
    ) -> None:
        """A message at the bottom that goes away after a few seconds."""
        self.toasts[:] = [*self.toasts[-9:], message]
        if self.page is None:
            return
        self.page.show_dialog(
            ft.SnackBar(
                ft.Text(keep_words(message)),
                action=action and keep_words(action),
                persist=False,
                duration=TOAST_MS,
                on_action=_handler(on_action) if on_action else None,
            )
        )

    async def open(self) -> None:
        """Into the main screens (after first run or unlock), in the learner's language (their
        settings read in a worker thread)."""
        try:
            settings = await asyncio.to_thread(self.wallet.settings.all)
        except EXPECTED:
            settings = {}
        self.enter(settings)

    def enter(self, settings: dict[str, Any]) -> None:
        """Into the main screens, with the learner's ``settings`` (language, theme)."""
        self.state.lang = settings.get("language", self.state.lang)
        self.state.dark = bool(settings.get("dark", self.state.dark))
        self.state.phase = "main"
        self.state.changed()

    def asker(self, loop: asyncio.AbstractEventLoop) -> Asker:
        """The receiving flow's questions (asked from its worker thread) as dialogs."""

        def ask(kind: str) -> Callable[..., None]:
            def show(payload: Any, *rest: Any) -> None:
                answer = rest[-1]
                problem = rest[0] if len(rest) > 1 else None
                loop.call_soon_threadsafe(self.state.ask, Question(kind, payload, answer, problem))

            return show

        def open_url(url: str) -> None:  # an issuer's sign-in: said, with a way to cancel
            def show() -> None:
                self.state.signing_in = url
                asyncio.ensure_future(self.open_url(url))

            loop.call_soon_threadsafe(show)

        return Asker(ask("consent"), ask("tx_code"), open_url, lambda _m: None)


AppContext = ft.create_context(None)


def _handler(fn: Callable[[], Any]) -> Callable[[Any], Any]:
    """``fn`` as an event handler Flet runs (a coroutine function is awaited: one that only
    returned a coroutine would never run)."""
    if inspect.iscoroutinefunction(fn):

        async def run(_e: Any) -> None:
            await fn()

        return run
    return lambda _e: fn()


def use_data(load: Callable[[], T], dependencies: Sequence[Any]) -> T | BaseException | Loading:
    """A hook: what ``load`` gives, read by an effect in a worker thread after the component
    is drawn — never while drawing, never on the event loop — and again whenever one of
    ``dependencies`` changes (``state.revision``: stored data changed). :data:`LOADING`
    until the first answer has come (then the last answer until the next one); the error,
    when the wallet could not read it."""
    box, set_box = ft.use_state(lambda: _Box(LOADING))

    async def read() -> None:
        try:
            value: Any = await asyncio.to_thread(load)
        except EXPECTED as exc:
            value = exc
        set_box(_Box(value))

    ft.use_effect(read, list(dependencies))
    return box.value


def use_tick(app: App, seconds: float) -> int:
    """A hook: a number that goes up every ``seconds`` while the component is shown (to read
    something again now and then). In a window only: rendered without one (tests), it stays
    0."""
    tick, set_tick = ft.use_state(0)

    async def count() -> None:
        if app.page is None:
            return
        n = 0
        while True:
            await asyncio.sleep(seconds)
            n += 1
            set_tick(n)

    # (a cleanup, so that Flet cancels the loop when the component goes away)
    ft.use_effect(count, [], cleanup=lambda: None)
    return tick


@dataclass(eq=False)
class _Box:
    """One answer (compared by identity: each answer draws again)."""

    value: Any


def use_app() -> App:
    app = ft.use_context(AppContext)
    if app is None:
        raise RuntimeError("a screen outside the app")
    return app
