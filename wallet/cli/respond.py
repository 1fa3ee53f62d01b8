"""``wallet respond LINK``: answer an employer's request (OpenID4VP 1.0, or a VCALM interaction
URL: OpenID4VP or a VC-API exchange), asked about in the terminal like ``receive``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    ask,
    echo,
    ensure_profile,
    open_wallet,
    short,
    visible,
)
from wallet.cli.receive import TerminalUI, report_received
from wallet.i18n import t
from wallet.services import Disclosure, RequestPreview, WalletService

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rp = sub.add_parser(
        "respond", help="answer an employer's request for credentials (OpenID4VP, VC-API)"
    )
    rp.add_argument(
        "link",
        help="an openid4vp:// link, an https link carrying a request, a "
        "VCALM interaction URL, or a QR code image of any of them",
    )
    rp.add_argument(
        "--yes", action="store_true", help="send the proposed credentials without asking"
    )
    rp.add_argument(
        "--dev",
        action="store_true",
        help="development mode: allow plain http (and did:web) to this computer only",
    )
    rp.add_argument(
        "--own",
        action="store_true",
        help="add your reflections and work samples linked to the chosen credentials",
    )
    rp.add_argument("--decline", action="store_true", help="tell the verifier no")
    rp.add_argument(
        "--protocol",
        choices=("oid4vp", "vcapi"),
        default=None,
        help="for an interaction URL offering both: which to use",
    )
    rp.set_defaults(handler=cmd_respond)


def _show(preview: RequestPreview) -> None:
    """Who asks, no further than proven: the proven name (a certificate's DNS name, a did:web's
    domain, a verifier the learner added), else the signing DID or the origin — what the
    requester calls itself only as its claim; where the answer goes, always."""
    who = preview.verifier
    echo(f"\n{visible(who.name)} asks for credentials  [{t(f'respond.mark.{who.standing}', 'en')}]")
    if who.claimed_name and who.claimed_name != who.name:
        echo(f"  {t('respond.claimed', 'en', name=visible(who.claimed_name))}")
    echo(f"  {visible(who.how)}")
    echo(f"  answers go to {visible(who.origin)}")
    if preview.did_auth:
        echo("  It asks you to prove that you control your wallet's DID.")
    for query in preview.queries:
        need = "required" if query.required else "optional"
        echo(f"\n  {visible(query.label)}  ({need}{', several allowed' if query.multiple else ''})")
        for claim in query.claims:
            echo(f"    asks about: {visible(claim)}")
        if not query.matches:
            echo("    none of your credentials matches")
        for n, match in enumerate(query.matches, 1):
            chosen = match.id in preview.proposed.get(query.id, ())
            echo(
                f"    {'*' if chosen else ' '} {n}. {visible(match.name)} — "
                f"{visible(match.issuer_name or '?')} [{short(match.id)}]"
            )


def _show_disclosure(disclosure: Disclosure) -> None:
    echo(f"\nWhat {visible(disclosure.verifier.recipient)} will receive:")
    echo(f"  your wallet's identifier {visible(disclosure.holder)}")
    for item in disclosure.credentials:
        echo(f"  - {visible(item.name)} from {visible(item.issuer_name or '?')}, whole:")
        for label, value in item.fields[:12]:
            echo(f"      {visible(label)}: {visible(value)}")
        if len(item.fields) > 12:
            echo(f"      … and {len(item.fields) - 12} more fields")
    for title in disclosure.reflections:
        echo(f"  - your reflection '{visible(title)}' (written by you)")
    for name in disclosure.artifacts:
        echo(f"  - your work sample '{visible(name)}' (provided by you)")
    echo(f"  {visible(disclosure.note)}")


def _choose(preview: RequestPreview) -> dict[str, Sequence[str]]:
    """Ask which credential to send where several match."""
    chosen: dict[str, Sequence[str]] = dict(preview.proposed)
    for query in preview.queries:
        if query.id not in chosen or len(query.matches) < 2 or query.multiple:
            continue
        answer = ask(
            f"Which one for {visible(query.label)}? [1-{len(query.matches)}, Enter: "
            "the marked one] "
        ).strip()
        if answer.isdigit() and 1 <= int(answer) <= len(query.matches):
            chosen[query.id] = (query.matches[int(answer) - 1].id,)
    return chosen


def _respond(wallet: WalletService, args: argparse.Namespace) -> int:
    preview = wallet.responding.preview(args.link, prefer=args.protocol)
    if preview.protocol == "oid4vci":
        echo(f"{visible(preview.verifier.name)} offers credentials; receiving them.")
        received = wallet.receiving.receive(
            preview.offer_link or "",
            TerminalUI(assume_yes=args.yes),
            locale=os.environ.get("LANG", "en")[:2],
        )
        report_received(received)
        return EXIT_OK if not received.rejected else EXIT_FAILED
    _show(preview)
    interactive = sys.stdin.isatty() and not args.yes
    if args.decline:
        echo(visible(wallet.responding.decline(preview).message))
        return EXIT_OK
    if not preview.satisfiable:
        echo("\nNone of your credentials matches what is asked for; the verifier is told so.")
        echo(visible(wallet.responding.decline(preview).message))
        return EXIT_FAILED
    selection = _choose(preview) if interactive else dict(preview.proposed)
    _show_disclosure(
        wallet.responding.disclosure(preview, selection, reflections=args.own, artifacts=args.own)
    )
    if not args.yes:
        if not interactive:
            echo("Not sent: run with --yes to send without being asked.", file=sys.stderr)
            return EXIT_FAILED
        if ask("\nSend this? [y/N] ").strip().lower() not in ("y", "yes"):
            echo(visible(wallet.responding.decline(preview).message))
            return EXIT_OK

    def accept(names: list[str]) -> bool:
        echo(f"The exchange delivers: {', '.join(visible(name) for name in names)}")
        return args.yes or ask("Store them in your wallet? [y/N] ").strip().lower() in ("y", "yes")

    result = wallet.responding.answer(
        preview, selection, reflections=args.own, artifacts=args.own, accept_delivery=accept
    )
    echo(visible(result.message))
    for added in result.stored:
        echo(f"received '{visible(added.summary.name)}' as {short(added.id)}")
    for reason in result.rejected:
        echo(f"rejected: {visible(reason)}", file=sys.stderr)
    if result.redirect:
        echo(f"The verifier asks you to continue at: {visible(result.redirect)}")
    ok = result.sent and not result.rejected and not result.stopped
    return EXIT_OK if ok else EXIT_FAILED


def cmd_respond(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        return _respond(wallet, args)
