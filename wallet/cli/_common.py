"""What every ``wallet`` command shares: exit codes, opening the wallet, asking for
passphrases, printing errors, durations, and serving until interrupted."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import re
import sys
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import TYPE_CHECKING, TextIO

from wallet.errors import InputError, ProfileError
from wallet.text import visible

if TYPE_CHECKING:  # imported where used: `wallet verify` starts without the wallet's services
    from wallet.services import WalletService

__all__ = [
    "EXIT_FAILED",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "VERDICT_MARKS",
    "VERDICT_NOTES",
    "Handler",
    "ask",
    "ask_learner_name",
    "ask_passphrase",
    "echo",
    "ensure_profile",
    "open_wallet",
    "parse_duration",
    "print_error",
    "serve_until_interrupted",
    "short",
    "visible",
]

EXIT_OK = 0  # done; for ``wallet verify``: verified
EXIT_FAILED = 1  # the command failed; for ``wallet verify``: not verified
EXIT_USAGE = 2  # a usage error, unreadable input, no profile, a file that cannot be read
EXIT_INTERRUPTED = 130  # Ctrl-C

Handler = Callable[[argparse.Namespace], int]
USAGE_ERRORS: tuple[type[BaseException], ...] = (ProfileError, OSError)


def echo(
    *values: object,
    sep: str = " ",
    end: str = "\n",
    file: TextIO | None = None,
    flush: bool = False,
) -> None:
    """``print`` for every line the ``wallet`` command writes: each control, format or
    separator character in it (ESC and so every ANSI/OSC sequence, CR, BS, the C1 controls,
    bidi overrides and isolates, zero-width characters) is shown as an escape
    (:func:`wallet.text.visible`), except the line breaks — the command's own. An untrusted
    value next to a label of ours is escaped whole before (``visible(value)``, its line breaks
    included), so that it cannot start a line that looks like ours."""
    print(
        visible(sep.join(map(str, values)), keep="\n"),
        end=end,
        file=sys.stdout if file is None else file,
        flush=flush,
    )


def ask(prompt: str) -> str:
    """``input`` with its prompt escaped as :func:`echo` escapes a line."""
    return input(visible(prompt, keep="\n"))


def ask_passphrase(reason: str) -> str | None:
    """Passphrases: from the environment, else asked on the terminal (twice for new ones)."""
    from wallet.services.session import env_passphrase

    from_env = env_passphrase(reason)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    prompts = {
        "unlock": "Wallet passphrase: ",
        "new": "New passphrase: ",
        "backup": "Backup passphrase: ",
    }
    first = getpass.getpass(prompts.get(reason, "Passphrase: "))
    if reason == "new" and getpass.getpass("Repeat it: ") != first:
        raise ProfileError("the two passphrases differ")
    return first


@contextlib.contextmanager
def open_wallet(args: argparse.Namespace, *, online: bool = False) -> Iterator[WalletService]:
    """The wallet at ``--home`` (profile ``--profile``), closed afterwards. ``online``:
    verification may use the network (unless ``--offline``); ``--dev`` allows plain http to
    this computer."""
    from wallet.services.facade import WalletService

    wallet = WalletService(
        args.home,
        profile=args.profile,
        dev=bool(getattr(args, "dev", False)),
        online=online and not getattr(args, "offline", False),
        passphrase_source=ask_passphrase,
    )
    try:
        yield wallet
    finally:
        wallet.close()


def ensure_profile(wallet: WalletService, *, ask_name: bool = True) -> None:
    """First use: create a "Personal" profile, say how it is protected and, on a terminal,
    ask for the learner's name (as employers will see it)."""
    created = wallet.profiles.ensure("Personal")
    if created is not None:
        echo(
            f"Created the profile '{visible(created.name)}': "
            f"{wallet.profiles.describe_protection()}.",
            file=sys.stderr,
        )
        if ask_name:
            ask_learner_name(wallet)


def ask_learner_name(wallet: WalletService) -> None:
    """On a terminal, ask for the learner's name when none is set (Enter skips)."""
    if not sys.stdin.isatty() or wallet.profiles.identity().name:
        return
    try:
        name = ask("Your full name, as employers will see it (Enter to skip): ").strip()
    except EOFError:
        return
    if name:
        wallet.profiles.set_identity(name)
        echo(
            f"Employers will see: Presented by {visible(name)} (as given by you). Change it "
            'with `wallet profile set-name "Full Name"`.',
            file=sys.stderr,
        )


VERDICT_NOTES = {
    "verified": "verified",
    "warning": "verified, with warnings",
    "unconfirmed": "authentic, but the issuer could not be confirmed",
    "failed": "kept, but NOT currently valid",
}
VERDICT_MARKS = {"verified": "ok", "warning": "warn", "unconfirmed": "unconf", "failed": "FAIL"}


def short(rid: str) -> str:
    return rid[:8]


def print_error(command: str, exc: BaseException) -> int:
    """Print one clear sentence for ``exc``; returns the exit code it means."""
    from wallet.record.report import describe_error

    echo(f"wallet {command}: {visible(describe_error(exc))}", file=sys.stderr)
    return EXIT_USAGE if isinstance(exc, USAGE_ERRORS) else EXIT_FAILED


def parse_duration(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m``, ``2w``."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text or "")
    if not match:
        raise InputError(f"{text!r} is not a duration like 7d, 12h or 30m")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "m": timedelta(minutes=amount),
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
        "w": timedelta(weeks=amount),
    }[unit]


def serve_until_interrupted(stop: Callable[[], None], *, farewell: str | None = None) -> int:
    """Keep the servers running until Ctrl-C, then stop them."""
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        if farewell:
            echo(f"\n{farewell}")
    finally:
        stop()
    return EXIT_OK
