"""``wallet respond LINK``: answer an employer's request (OpenID4VP 1.0, or a VCALM interaction
URL: OpenID4VP or a VC-API exchange), asked about in the terminal like ``receive``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from wallet.cli._common import EXIT_FAILED, EXIT_OK, ensure_profile, open_wallet, short
from wallet.cli.receive import TerminalUI, report_received
from wallet.i18n import t
from wallet.services import Disclosure, RequestPreview, WalletService

__all__ = ["register"]


def register(sub: argparse._SubParsersAction) -> None:
    rp = sub.add_parser("respond", help="answer an employer's request for credentials "
                        "(OpenID4VP, VC-API)")
    rp.add_argument("link", help="an openid4vp:// link, an https link carrying a request, a "
                    "VCALM interaction URL, or a QR code image of any of them")
    rp.add_argument("--yes", action="store_true", help="send the proposed credentials "
                    "without asking")
    rp.add_argument("--dev", action="store_true",
                    help="development mode: allow plain http (and did:web) to this computer "
                    "only")
    rp.add_argument("--own", action="store_true", help="add your reflections and work "
                    "samples linked to the chosen credentials")
    rp.add_argument("--decline", action="store_true", help="tell the verifier no")
    rp.add_argument("--protocol", choices=("oid4vp", "vcapi"), default=None,
                    help="for an interaction URL offering both: which to use")
    rp.set_defaults(handler=cmd_respond)


def _show(preview: RequestPreview) -> None:
    """Who asks, no further than proven: the proven name (a certificate's DNS name, a did:web's
    domain, a verifier the learner added), else the signing DID or the origin — what the
    requester calls itself only as its claim; where the answer goes, always."""
    who = preview.verifier
    print(f"\n{who.name} asks for credentials  [{t(f'respond.mark.{who.standing}', 'en')}]")
    if who.claimed_name and who.claimed_name != who.name:
        print(f"  {t('respond.claimed', 'en', name=who.claimed_name)}")
    print(f"  {who.how}")
    print(f"  answers go to {who.origin}")
    if preview.did_auth:
        print("  It asks you to prove that you control your wallet's DID.")
    for query in preview.queries:
        need = "required" if query.required else "optional"
        print(f"\n  {query.label}  ({need}{', several allowed' if query.multiple else ''})")
        for claim in query.claims:
            print(f"    asks about: {claim}")
        if not query.matches:
            print("    none of your credentials matches")
        for n, match in enumerate(query.matches, 1):
            chosen = match.id in preview.proposed.get(query.id, ())
            print(f"    {'*' if chosen else ' '} {n}. {match.name} — {match.issuer_name or '?'}"
                  f" [{short(match.id)}]")


def _show_disclosure(disclosure: Disclosure) -> None:
    print(f"\nWhat {disclosure.verifier.recipient} will receive:")
    print(f"  your wallet's identifier {disclosure.holder}")
    for item in disclosure.credentials:
        print(f"  - {item.name} from {item.issuer_name or '?'}, whole:")
        for label, value in item.fields[:12]:
            print(f"      {label}: {value}")
        if len(item.fields) > 12:
            print(f"      … and {len(item.fields) - 12} more fields")
    for title in disclosure.reflections:
        print(f"  - your reflection {title!r} (written by you)")
    for name in disclosure.artifacts:
        print(f"  - your work sample {name!r} (provided by you)")
    print(f"  {disclosure.note}")


def _choose(preview: RequestPreview) -> dict[str, Sequence[str]]:
    """Ask which credential to send where several match."""
    chosen: dict[str, Sequence[str]] = dict(preview.proposed)
    for query in preview.queries:
        if query.id not in chosen or len(query.matches) < 2 or query.multiple:
            continue
        answer = input(f"Which one for {query.label}? [1-{len(query.matches)}, Enter: the "
                       "marked one] ").strip()
        if answer.isdigit() and 1 <= int(answer) <= len(query.matches):
            chosen[query.id] = (query.matches[int(answer) - 1].id,)
    return chosen


def _respond(wallet: WalletService, args: argparse.Namespace) -> int:
    preview = wallet.responding.preview(args.link, prefer=args.protocol)
    if preview.protocol == "oid4vci":
        print(f"{preview.verifier.name} offers credentials; receiving them.")
        result = wallet.receiving.receive(preview.offer_link or "",
                                          TerminalUI(assume_yes=args.yes),
                                          locale=os.environ.get("LANG", "en")[:2])
        report_received(result)
        return EXIT_OK if not result.rejected else EXIT_FAILED
    _show(preview)
    interactive = sys.stdin.isatty() and not args.yes
    if args.decline:
        print(wallet.responding.decline(preview).message)
        return EXIT_OK
    if not preview.satisfiable:
        print("\nNone of your credentials matches what is asked for; the verifier is told so.")
        print(wallet.responding.decline(preview).message)
        return EXIT_FAILED
    selection = _choose(preview) if interactive else dict(preview.proposed)
    _show_disclosure(wallet.responding.disclosure(preview, selection, reflections=args.own,
                                                  artifacts=args.own))
    if not args.yes:
        if not interactive:
            print("Not sent: run with --yes to send without being asked.", file=sys.stderr)
            return EXIT_FAILED
        if input("\nSend this? [y/N] ").strip().lower() not in ("y", "yes"):
            print(wallet.responding.decline(preview).message)
            return EXIT_OK

    def accept(names: list[str]) -> bool:
        print(f"The exchange delivers: {', '.join(names)}")
        return args.yes or input("Store them in your wallet? [y/N] ").strip().lower() in (
            "y", "yes")

    result = wallet.responding.answer(preview, selection, reflections=args.own,
                                      artifacts=args.own, accept_delivery=accept)
    print(result.message)
    for added in result.stored:
        print(f"received {added.summary.name!r} as {short(added.id)}")
    for reason in result.rejected:
        print(f"rejected: {reason}", file=sys.stderr)
    if result.redirect:
        print(f"The verifier asks you to continue at: {result.redirect}")
    ok = result.sent and not result.rejected and not result.stopped
    return EXIT_OK if ok else EXIT_FAILED


def cmd_respond(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        return _respond(wallet, args)
