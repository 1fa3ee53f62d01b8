"""``wallet trust``: the trust lists the wallet recognises issuers by — your own entries (a
DID, an issuer URL or a key id) and imported registry files (the DCC issuer-registry format, or
ours: :mod:`wallet.verification.trust`)."""

from __future__ import annotations

import argparse

from wallet.cli._common import EXIT_OK, echo, ensure_profile, open_wallet, visible

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    t = sub.add_parser("trust", help="the issuers you trust: add, list, remove, import a list")
    tsub = t.add_subparsers(dest="trust_command", metavar="ACTION", required=True)
    add = tsub.add_parser("add", help="trust an issuer (its DID or URL) or a key (its id)")
    add.add_argument("id", help="did:…, https://… or a key id (did:…#…)")
    add.add_argument("--name", help="what to call it (e.g. Riverside Community College)")
    add.add_argument("--url", help="its web address")
    add.set_defaults(handler=cmd_add)
    tsub.add_parser("list", help="your trust lists and their entries").set_defaults(
        handler=cmd_list
    )
    rm = tsub.add_parser("remove", help="remove one of your entries, or an imported list")
    rm.add_argument("key", help="an entry's id, or an imported list's name")
    rm.set_defaults(handler=cmd_remove)
    imp = tsub.add_parser(
        "import", help="import a trust list: a file or an https URL (DCC issuer registry, or ours)"
    )
    imp.add_argument("source", metavar="FILE|URL")
    imp.add_argument("--name", help="what to call the list")
    imp.add_argument("--dev", action="store_true", help="allow plain http to this computer")
    imp.set_defaults(handler=cmd_import)


def cmd_add(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        wallet.trust.add(args.id, name=args.name, url=args.url)
    echo(
        f"trusted {visible(args.name or args.id)}" + (f" ({visible(args.id)})" if args.name else "")
    )
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        lists = wallet.trust.lists() if wallet.profiles.exists() else []
    if not lists:
        echo(
            "No trust lists yet: `wallet trust add DID --name NAME`, or `wallet trust import "
            "FILE|URL` (e.g. a DCC issuer registry)."
        )
    for info in lists:
        origin = "yours" if info.source is None else f"from {visible(info.source)}"
        count = len(info.entries)
        echo(f"== {visible(info.name)} ({origin}; {count} entr{'y' if count == 1 else 'ies'})")
        for entry in info.entries[:50]:
            echo(f"  {visible(entry.name) if entry.name else '(no name)'}  {visible(entry.id)}")
        if count > 50:
            echo(f"  … and {count - 50} more")
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        removed = wallet.trust.remove(args.key)
    echo(f"removed {visible(removed)}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        if args.source.startswith(("https://", "http://")):
            info = wallet.trust.import_url(args.source, name=args.name)
        else:
            info = wallet.trust.import_file(args.source, name=args.name)
    count = len(info.entries)
    echo(f"imported '{visible(info.name)}': {count} entr{'y' if count == 1 else 'ies'}")
    return EXIT_OK
