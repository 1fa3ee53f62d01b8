"""The wallet app (Flet). :func:`run_app` starts it as a desktop window where the Flet desktop
client is installed, else as a web app served on this computer (offline: ``no_cdn``)."""

from __future__ import annotations

import importlib.util
import webbrowser
from typing import Any

from wallet.ui.controller import AppController, Asker

__all__ = ["AppController", "Asker", "asgi_app", "run_app"]


# Fonts with Hangul, looked for on this computer (Debian: fonts-nanum): the web view renders
# offline, so Flutter cannot fetch a fallback font for Korean from the internet. The one found
# is the app's font in every language (Latin included), so a language's name in its own script
# never shows as boxes.
KOREAN_FONTS = ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/System/Library/Fonts/AppleSDGothicNeo.ttc",
                "C:/Windows/Fonts/malgun.ttf")


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


def asgi_app(controller: Any, *, first_offer: str | None = None) -> Any:
    """The app as an ASGI application (for the web view, served by uvicorn)."""
    import flet as ft

    offers = [first_offer]
    assets, fonts = ui_assets()

    def main(page: ft.Page) -> None:
        from wallet.ui.app import start  # imported by the warm-up, while the client loads

        offer = offers.pop() if offers else None
        page.fonts = fonts
        start(page, controller, first_offer=offer, hangul_font="Hangul" if fonts else None)

    return ft.run(main, export_asgi_app=True, no_cdn=True, assets_dir=assets)


def desktop_available() -> bool:
    return importlib.util.find_spec("flet_desktop") is not None


def run_app(controller: Any, *, web: bool = False, host: str = "127.0.0.1", port: int = 0,
            first_offer: str | None = None, open_browser: bool = True) -> None:
    """Run until interrupted."""
    import time

    if not web and desktop_available():
        import flet as ft

        from wallet.ui.app import start

        assets, fonts = ui_assets()

        def main(page: ft.Page) -> None:
            page.fonts = fonts
            start(page, controller, first_offer=first_offer,
                  hangul_font="Hangul" if fonts else None)

        ft.run(main, assets_dir=assets)
        return
    import threading

    from wallet.services.serving import serve_asgi

    server = serve_asgi(lambda _url: asgi_app(controller, first_offer=first_offer),
                        host=host, port=port)
    def warm_up() -> None:
        """While the browser loads the web client: import the screens, unlock, read the first
        page."""
        import wallet.ui.app  # noqa: F401 - off the critical path

        controller.warm_up()

    threading.Thread(target=warm_up, name="warm-up", daemon=True).start()
    print(f"The wallet app is at {server.url} (Ctrl-C stops it)", flush=True)
    if open_browser:
        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
