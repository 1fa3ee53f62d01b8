"""The ``wallet`` command: one parser, one module per command group, each registering its
commands with ``set_defaults(handler=…)``; every handler talks to :mod:`wallet.services`.

Exit codes (:mod:`wallet.cli._common`): 0 done (``verify``: verified), 1 failed (``verify``: not
verified), 2 usage error or unreadable input, 130 interrupted. Every error reaches the user as
one clear sentence (:func:`wallet.report.describe_error`), never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence

from wallet import __version__
from wallet.cli import (
    competency,
    demo,
    presenting,
    profile,
    receive,
    respond,
    trust,
    vault,
    verify,
)
from wallet.cli._common import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, run_guarded

__all__ = ["main", "parser"]

GROUPS = (verify, demo, receive, respond, vault, profile, trust, presenting, competency)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="wallet",
        description="A learner's wallet for Open Badges 3.0 and CLR 2.0 credentials.")
    top.add_argument("--version", action="version", version=f"wallet {__version__}")
    top.add_argument("--profile", metavar="NAME", default=None,
                     help="the profile to use (default: the default profile)")
    top.add_argument("--home", metavar="DIR", default=None,
                     help="where the wallet keeps its data (default: $WALLET_HOME, else the "
                     "per-user data directory)")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for group in GROUPS:
        group.register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args = top.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        top.print_help()
        return EXIT_USAGE
    try:
        return run_guarded(args.command, handler, args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (``wallet list | head``): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("WALLET_DEBUG"):
            raise
        print(f"wallet: an unexpected error occurred ({exc.__class__.__name__}); run again "
              "with WALLET_DEBUG=1 for details", file=sys.stderr)
        return EXIT_USAGE
