"""What every screen component reaches through Flet's context: the controller, the observable
state, the language, and the two ways to do work — quickly on the event loop, or off it in a
worker thread with progress shown (:meth:`App.work`). Errors the wallet raises on purpose
(:class:`~wallet.errors.WalletError`) and unreadable files (:class:`OSError`) are shown; anything
else is a bug and is left to surface."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import flet as ft

from wallet.errors import InputTooLargeError, WalletError
from wallet.services.files import read_file
from wallet.ui.controller import AppController, Asker
from wallet.ui.i18n import t, tn
from wallet.ui.state import AppState, Question
from wallet.ui.viewmodel import friendly_error

__all__ = ["EXPECTED", "App", "AppContext", "use_app"]

T = TypeVar("T")
EXPECTED = (WalletError, OSError)  # what a handler catches and shows; never bare Exception
TOAST_MS = 5000  # how long a message stays (it goes away by itself, with or without an action)
PICK_LIMIT = 256 * 1024 * 1024  # the most a file the learner picks may hold (a backup, a file)


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

    def tr(self, key: str, **values: Any) -> str:
        return t(key, self.state.lang, **values)

    def trn(self, key: str, count: int, **values: Any) -> str:
        return tn(key, count, self.state.lang, **values)

    def explain(self, exc: BaseException) -> str:
        return friendly_error(exc, self.state.lang)

    async def work(self, fn: Callable[[], T], busy: str) -> T:
        """Run ``fn`` in a worker thread with ``busy`` shown; the window stays responsive."""
        self.state.start(busy)
        try:
            return await asyncio.to_thread(fn)
        finally:
            self.state.busy = None

    async def pick(self, allowed: list[str] | None = None, *, limit: int = PICK_LIMIT
                   ) -> tuple[str, bytes] | None:
        """A file the learner chooses: (name, content), or None (also when it cannot be read:
        the reason is shown). On a computer the file is read here, through the one safe
        reader (:func:`wallet.services.files.read_file`: a regular file, at most ``limit``
        bytes — never a FIFO that blocks or ``/dev/zero`` that never ends); in a browser the
        browser reads it, and more than ``limit`` bytes are refused."""
        assert self.picker is not None
        local = self.page is not None and not self.page.web and \
            not self.page.platform.is_mobile()
        files = await self.picker.pick_files(
            with_data=not local, allowed_extensions=allowed,
            file_type=ft.FilePickerFileType.CUSTOM if allowed else ft.FilePickerFileType.ANY)
        if not files:
            return None
        chosen = files[0]
        try:
            if local and chosen.path:
                data = await asyncio.to_thread(read_file, chosen.path, limit=limit,
                                               what=chosen.name)
            elif chosen.bytes is None:
                return None
            elif len(chosen.bytes) > limit:
                raise InputTooLargeError(f"{chosen.name} is larger than {limit:,} bytes, the "
                                         "most that is read")
            else:
                data = chosen.bytes
        except EXPECTED as exc:
            self.toast(self.explain(exc))
            return None
        return chosen.name, data

    async def open_url(self, url: str) -> None:
        """Open an address in the learner's browser (a plain link: nothing is sent)."""
        self.opened[:] = [*self.opened[-9:], url]
        if self.launcher is not None:
            await self.launcher.launch_url(url)

    def toast(self, message: str, action: str | None = None,
              on_action: Callable[[], Any] | None = None) -> None:
        """A message at the bottom that goes away after a few seconds."""
        self.toasts[:] = [*self.toasts[-9:], message]
        if self.page is None:
            return
        self.page.show_dialog(ft.SnackBar(
            ft.Text(message), action=action, persist=False, duration=TOAST_MS,
            on_action=(lambda _e: on_action()) if on_action else None))

    def enter(self) -> None:
        """Into the main screens (after first run or unlock), in the learner's language."""
        try:
            settings = self.c.settings()
        except EXPECTED:
            settings = {}
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
                loop.call_soon_threadsafe(self.state.ask, Question(kind, payload, answer,
                                                                   problem))
            return show

        def open_url(url: str) -> None:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.open_url(url)))

        return Asker(ask("consent"), ask("tx_code"), open_url, lambda _m: None)


AppContext = ft.create_context(None)


def use_app() -> App:
    app = ft.use_context(AppContext)
    if app is None:
        raise RuntimeError("a screen outside the app")
    return app
