"""The ``wallet`` command: one parser, one module per command group, each registering its
commands with ``set_defaults(handler=…)``; every handler talks to :mod:`wallet.services`.

Exit codes (:mod:`wallet.cli._common`): 0 done (``verify``: verified), 1 failed (``verify``: not
verified), 2 usage error or unreadable input, 130 interrupted. Every error reaches the user as
one clear sentence (:func:`wallet.record.report.describe_error`), never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from wallet import __version__
from wallet.errors import WalletError

__all__ = ["main", "parser"]

GROUPS = (
    "verify",
    "demo",
    "receive",
    "respond",
    "vault",
    "profile",
    "trust",
    "presenting",
    "competency",
)

# Commands whose group's parser alone is built, so that the rest of the wallet is not imported
# first: the app's (its web view starts serving sooner, see wallet.cli.demo) and `wallet verify`
# (a cold verification imports what verifying needs and no more, see benchmarks/cold_verify.py).
_APP_COMMANDS = {"demo": "demo", "ui": "demo", "verify": "verify", "samples": "verify"}

EXIT_OK, EXIT_USAGE, EXIT_INTERRUPTED = 0, 2, 130  # as wallet.cli._common says


def _command_of(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names (after the global options), or None."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--profile")
    pre.add_argument("--home")
    known, rest = pre.parse_known_args(argv)
    return rest[0] if rest and not rest[0].startswith("-") else None


def parser(groups: Sequence[str] = GROUPS) -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="wallet", description="A learner's wallet for Open Badges 3.0 and CLR 2.0 credentials."
    )
    top.add_argument("--version", action="version", version=f"wallet {__version__}")
    top.add_argument(
        "--profile",
        metavar="NAME",
        default=None,
        help="the profile to use (default: the default profile)",
    )
    top.add_argument(
        "--home",
        metavar="DIR",
        default=None,
        help="where the wallet keeps its data (default: $WALLET_HOME, else the "
        "per-user data directory)",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for group in groups:
        importlib.import_module(f"wallet.cli.{group}").register(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    group = _APP_COMMANDS.get(_command_of(argv) or "")
    if group == "verify":
        # pydantic looks for plugins (scanning every installed package's entry points) when it
        # builds its first model; the wallet has none and a cold `wallet verify` spends no time
        # on it. Whoever wants one sets PYDANTIC_DISABLE_PLUGINS themselves (even to "").
        os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    top = parser((group,) if group else GROUPS)
    args = top.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        top.print_help()
        return EXIT_USAGE
    try:
        return handler(args)
    except BrokenPipeError:  # the reader went away (``wallet list | head``): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (WalletError, OSError) as exc:  # the wallet's own errors, unreadable files
        from wallet.cli._common import print_error

        return print_error(args.command, exc)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:
        if os.environ.get("WALLET_DEBUG"):
            raise
        from wallet.cli._common import echo

        echo(
            f"wallet: an unexpected error occurred ({exc.__class__.__name__}); run again "
            "with WALLET_DEBUG=1 for details",
            file=sys.stderr,
        )
        return EXIT_USAGE
