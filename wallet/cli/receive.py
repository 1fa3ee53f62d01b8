"""``wallet receive``: credentials from an issuer over OpenID4VCI, asked about in the
terminal."""

from __future__ import annotations

import argparse
import os
import sys
import webbrowser

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    VERDICT_NOTES,
    ask,
    echo,
    ensure_profile,
    open_wallet,
    short,
    visible,
)
from wallet.errors import InputError
from wallet.i18n import t
from wallet.services import Consent, Decision, ReceiveResult, TxCode, offer_link

__all__ = ["TerminalUI", "register", "report_received"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rc = sub.add_parser("receive", help="receive credentials from an issuer (OID4VCI)")
    rc.add_argument(
        "offer", nargs="?", help="an offer link, a QR code image, or a file holding the link"
    )
    rc.add_argument("--tx-code", help="the transaction code the issuer sent you")
    rc.add_argument("--yes", action="store_true", help="accept without asking")
    rc.add_argument(
        "--dev",
        action="store_true",
        help="development mode: allow plain http to this computer only",
    )
    rc.add_argument(
        "--pending", action="store_true", help="collect credentials the issuer deferred"
    )
    rc.add_argument(
        "--wait",
        type=float,
        default=60.0,
        help="with --pending: wait up to this many seconds (default 60)",
    )
    rc.set_defaults(handler=cmd_receive)


class TerminalUI:
    """The receiving dialogue in a terminal."""

    def __init__(self, *, assume_yes: bool = False, interactive: bool | None = None) -> None:
        self.assume_yes = assume_yes
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def consent(self, consent: Consent) -> Decision:
        who = visible(consent.issuer)
        if consent.recognised is not None and consent.recognised.name:
            named = f'{who}; recognised by "{visible(consent.recognised.list_name)}"'
        else:
            named = f"{who}; the name is the issuer's own"
        if consent.granted:
            echo(
                f"\n{visible(consent.shown_name)} will send you {len(consent.credentials)} "
                "credentials:"
            )
        else:
            echo(f"\n{visible(consent.shown_name)} ({named}) offers you:")
        for item in consent.credentials:
            kind = "VC-JWT" if item.format == "jwt_vc_json" else "signed JSON-LD"
            which = f" ({visible(item.identifier)})" if item.identifier else ""
            echo(f"  - {visible(item.name)}{which}  [{kind}]")
        for name, received in consent.already:
            echo(
                f"You already have '{visible(name)}' from this issuer (received "
                f"{visible(received[:10])}); accepting keeps a second copy."
            )
        if consent.tx_code is not None:
            echo("You will be asked for the transaction code the issuer sent you.")
        if consent.flow == "authorization_code" and not consent.granted:
            echo("You will sign in with the issuer in your browser.")
        if self.assume_yes:
            return Decision.ACCEPT
        if not self.interactive:
            echo("Not accepted: run with --yes to accept without being asked.", file=sys.stderr)
            return Decision.DECLINE
        answer = ask("Accept and store them in your wallet? [y/N] ").strip().lower()
        return Decision.ACCEPT if answer in ("y", "yes") else Decision.DECLINE

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        if problem:
            echo(visible(problem), file=sys.stderr)
        if not self.interactive:
            return None
        hint = visible(spec.description) if spec.description else "The issuer sent you a code"
        shape = (
            f"{spec.length} {'digits' if spec.input_mode == 'numeric' else 'characters'}"
            if spec.length
            else ("digits" if spec.input_mode == "numeric" else "text")
        )
        code = ask(f"{hint} ({shape}): ").strip()
        return code or None

    def authorize(self, url: str) -> None:
        echo(f"Sign in with the issuer to continue:\n  {visible(url)}")
        webbrowser.open(url)

    def progress(self, message: str) -> None:
        echo(f"… {visible(message)}", file=sys.stderr)


def report_received(result: ReceiveResult) -> None:
    if result.declined:
        echo(t("receive.declined", "en"), file=sys.stderr)
        return
    for added in result.stored:
        s = added.summary
        note = "already in your wallet" if added.duplicate else VERDICT_NOTES[s.verdict]
        echo(
            f"received '{visible(s.name)}' from {visible(s.issuer_name or s.issuer)} as "
            f"{short(s.id)} ({note})"
        )
    for reason in result.rejected:
        echo(f"rejected: {visible(reason)}", file=sys.stderr)
    if result.pending:
        echo(
            f"{t('receive.pending', 'en', count=len(result.pending))}; "
            "`wallet receive --pending` collects them"
        )


def cmd_receive(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        if args.pending:
            result = wallet.receiving.poll_pending(wait=True, timeout=args.wait)
        elif not args.offer:
            raise InputError("give an OFFER (link, QR image or file), or --pending")
        else:
            result = wallet.receiving.receive(
                offer_link(args.offer),
                TerminalUI(assume_yes=args.yes),
                tx_code=args.tx_code,
                locale=(os.environ.get("LANG") or "").split(".")[0] or None,
            )
    report_received(result)
    # declined (here, or by a run without --yes) receives nothing: not a success for a script
    return EXIT_OK if not (result.rejected or result.declined) else EXIT_FAILED
