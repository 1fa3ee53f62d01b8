"""``wallet demo`` (the main job: a demo issuer, a share service and the wallet app, with an
offer ready to accept; ``--cli`` does it in the terminal), ``wallet issuer`` and ``wallet ui``.

This module stays light: the app's web view starts serving at once and the wallet is imported
and opened while the browser loads it (:func:`wallet.ui.serve_web`); what the commands run
lives in :mod:`wallet.cli.demo_run`.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.ui import Prepared

__all__ = ["register"]

EXIT_OK = 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dm = sub.add_parser(
        "demo", help="the main job: a demo issuer and wallet, with an offer ready to accept"
    )
    dm.add_argument(
        "--cli",
        action="store_true",
        help="the terminal version: receive the offer here instead of in the app",
    )
    dm.add_argument("--yes", action="store_true", help="(--cli) accept without asking")
    dm.add_argument("--once", action="store_true", help="(--cli) stop after the offer")
    dm.add_argument("--port", type=int, default=0, help="the app's port (default: any)")
    dm.add_argument("--no-browser", action="store_true", help="do not open a browser")
    dm.set_defaults(handler=cmd_demo)

    ui = sub.add_parser("ui", help="open the wallet app")
    ui.add_argument(
        "--web", action="store_true", help="the web view, even where a desktop window is possible"
    )
    ui.add_argument("--port", type=int, default=0)
    ui.add_argument("--share-server", help="the share service for links and QR codes")
    ui.add_argument(
        "--dev",
        action="store_true",
        help="development mode: allow plain http to this computer only",
    )
    ui.add_argument("--no-browser", action="store_true", help="do not open a browser")
    ui.set_defaults(handler=cmd_ui)

    iss = sub.add_parser("issuer", help="run the demo issuer (OID4VCI) on this computer")
    iss.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    iss.add_argument("--host", default="127.0.0.1")
    iss.set_defaults(handler=cmd_issuer)


def cmd_issuer(args: argparse.Namespace) -> int:
    from wallet.cli.demo_run import cmd_issuer as run

    return run(args)


def cmd_ui(args: argparse.Namespace) -> int:
    from wallet.ui import Prepared, desktop_available, run_app, serve_web

    def prepare() -> Prepared:
        from wallet.ui.controller import AppController

        controller = AppController(
            args.home,
            dev=args.dev,
            share_server=args.share_server,
            passphrase=os.environ.get("WALLET_PASSPHRASE"),
        )
        return Prepared(controller, None, controller.close)

    if args.web or not desktop_available():
        _close(serve_web(prepare, port=args.port, open_browser=not args.no_browser))
        return EXIT_OK
    prepared = prepare()
    try:
        run_app(prepared.controller, port=args.port, open_browser=not args.no_browser)
    finally:
        _close(prepared)
    return EXIT_OK


def _close(prepared: Prepared) -> None:
    if prepared.stop is not None:
        prepared.stop()


def cmd_demo(args: argparse.Namespace) -> int:
    if args.cli:
        from wallet.cli.demo_run import demo_cli, demo_home

        return demo_cli(args, demo_home(args.home))
    from wallet.ui import serve_web

    def prepare() -> Prepared:
        from wallet.cli.demo_run import demo_home, prepare_demo

        return prepare_demo(demo_home(args.home))

    _close(serve_web(prepare, port=args.port, open_browser=not args.no_browser))
    return EXIT_OK
