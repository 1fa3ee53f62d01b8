"""The wallet app (Flet). :func:`run_app` starts it as a desktop window where the Flet desktop
client is installed, else as a web app served on this computer (offline: ``no_cdn``) to the
learner's browser alone: a secret made at each launch, in the address the wallet opens and
prints, then a cookie (:mod:`wallet.ui.guard`)."""

from __future__ import annotations

import importlib.util
import sys
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet.ui.controller import AppController, Asker
    from wallet.ui.guard import Launch

__all__ = ["AppController", "Asker", "Prepared", "asgi_app", "run_app", "serve_web"]


def __getattr__(name: str) -> Any:
    """The controller is imported when first used: the web view starts serving before the
    wallet's services are imported (:func:`serve_web`)."""
    if name in ("AppController", "Asker"):
        from wallet.ui import controller

        return getattr(controller, name)
    raise AttributeError(f"module 'wallet.ui' has no attribute {name!r}")


# Fonts with Hangul, looked for on this computer (Debian: fonts-nanum): the web view renders
# offline, so Flutter cannot fetch a fallback font for Korean from the internet. The one found
# is the app's font in every language (Latin included), so a language's name in its own script
# never shows as boxes.
KOREAN_FONTS = (
    "/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/AppleSDGothicNeo.ttc",
    "C:/Windows/Fonts/malgun.ttf",
)


def ui_assets() -> tuple[str, dict[str, str]]:
    """An assets folder for the app and the fonts in it (family → path in the folder)."""
    import shutil
    from pathlib import Path

    from platformdirs import user_cache_dir

    root = Path(user_cache_dir("learner-wallet", appauthor=False)) / "ui-assets"
    fonts_dir = root / "fonts"
    fonts_dir.mkdir(parents=True, exist_ok=True)
    fonts: dict[str, str] = {}
    for candidate in KOREAN_FONTS:
        source = Path(candidate)
        if source.is_file() and source.suffix.lower() == ".ttf":
            target = fonts_dir / source.name
            if not target.exists() or target.stat().st_size != source.stat().st_size:
                shutil.copyfile(source, target)
            fonts["Hangul"] = f"fonts/{source.name}"
            break
    return str(root), fonts


def asgi_app(controller: Any, *, launch: Launch, url: str, first_offer: str | None = None) -> Any:
    """The app as an ASGI application served at ``url`` (by uvicorn) to whoever holds a
    secret of ``launch`` (:class:`wallet.ui.guard.Guard`)."""
    from wallet.ui.guard import Guard

    return Guard(_asgi(lambda: Prepared(controller, first_offer)), launch, url)


@dataclass
class Prepared:
    """What the app needs before its first screen: the controller, perhaps an offer to show,
    and what to stop when the app stops."""

    controller: AppController
    first_offer: str | None = None
    stop: Callable[[], None] | None = None


class _Preparing:
    """:class:`Prepared`, made in a thread of its own while the browser loads the client."""

    def __init__(self, prepare: Callable[[], Prepared]) -> None:
        self._prepare = prepare
        self._done = threading.Event()
        self.value: Prepared | None = None
        self.error: BaseException | None = None
        threading.Thread(target=self._run, name="prepare", daemon=True).start()

    def _run(self) -> None:
        try:
            self.value = self._prepare()
            import wallet.ui.app  # noqa: F401 - the screens, imported off the critical path

            self.value.controller.warm_up()  # unlock, read the first page
        except BaseException as exc:
            self.error = exc
        finally:
            self._done.set()

    def wait(self) -> Prepared:
        self._done.wait()
        if self.error is not None:
            raise self.error
        assert self.value is not None
        return self.value


def _asgi(prepared: Callable[[], Prepared]) -> Any:
    import flet as ft

    offers: list[str | None] = []
    assets, fonts = ui_assets()

    def main(page: ft.Page) -> None:
        try:
            ready = prepared()
        except Exception as exc:
            page.add(ft.Text(f"The wallet could not start: {exc}", selectable=True))
            return
        from wallet.ui.app import start

        if not offers:  # the first window shows the offer; later ones do not
            offers.append(ready.first_offer)
            offer = ready.first_offer
        else:
            offer = None
        page.fonts = fonts
        start(page, ready.controller, first_offer=offer, hangul_font="Hangul" if fonts else None)

    # CanvasKit, not skwasm: the WebAssembly build's skwasm renderer of this Flutter release
    # corrupts its heap under text layout now and then ("memory access out of bounds"), and
    # its render thread dies with the page frozen (flutter/flutter#182734, #190039) — seen
    # here in Korean screens under load. CanvasKit (dart2js) is also what Flet advises for
    # its apps: faster at the byte exchange every update makes.
    return ft.run(
        main,
        export_asgi_app=True,
        no_cdn=True,
        assets_dir=assets,
        web_renderer=ft.WebRenderer.CANVAS_KIT,
    )


def desktop_available() -> bool:
    return importlib.util.find_spec("flet_desktop") is not None


def serve_web(
    prepare: Callable[[], Prepared],
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None] | None = None,
) -> Prepared:
    """The web view: serving starts at once, and ``prepare()`` (importing the services,
    opening the wallet, starting the demo's servers) runs while the browser loads the client;
    the first window waits for it. Runs until interrupted; returns what was prepared (for the
    caller to close), or raises what ``prepare`` raised.

    The address with the launch's token is said once, to ``announce`` (the terminal the learner
    started the wallet from, like a notebook server's), never logged; the browser is opened on
    a one-time ticket instead (a command line is visible to other accounts)."""
    import time

    from wallet.services.serving import serve_asgi
    from wallet.ui.guard import Guard, Launch

    preparing = _Preparing(prepare)
    launch = Launch()
    server = serve_asgi(lambda url: Guard(_asgi(preparing.wait), launch, url), host=host, port=port)
    try:
        (announce or print)(f"The wallet app is at {launch.address(server.url)} (Ctrl-C stops it)")
        sys.stdout.flush()
        if open_browser:
            webbrowser.open(launch.address(server.url, launch.ticket()))
        ready = preparing.wait()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        return ready
    finally:
        server.stop()


def run_app(
    controller: Any,
    *,
    web: bool = False,
    host: str = "127.0.0.1",
    port: int = 0,
    first_offer: str | None = None,
    open_browser: bool = True,
) -> None:
    """Run until interrupted: a desktop window where the Flet desktop client is installed,
    else the web view."""
    if not web and desktop_available():
        import flet as ft

        from wallet.ui.app import start

        assets, fonts = ui_assets()

        def main(page: ft.Page) -> None:
            page.fonts = fonts
            start(
                page, controller, first_offer=first_offer, hangul_font="Hangul" if fonts else None
            )

        ft.run(main, assets_dir=assets)
        return
    serve_web(
        lambda: Prepared(controller, first_offer), host=host, port=port, open_browser=open_browser
    )
