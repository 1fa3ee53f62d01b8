"""``wallet profile …`` (profiles and how each is protected) and ``wallet backup`` /
``wallet restore``."""

from __future__ import annotations

import argparse
import os
import sys

from wallet.cli._common import (
    EXIT_OK,
    ask_learner_name,
    ask_passphrase,
    echo,
    ensure_profile,
    open_wallet,
    visible,
)
from wallet.errors import ProfileError

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = sub.add_parser("backup", help="write the whole profile to an encrypted backup file")
    b.add_argument("file")
    b.set_defaults(handler=cmd_backup)
    rs = sub.add_parser("restore", help="merge an encrypted backup into this profile")
    rs.add_argument("file")
    rs.add_argument(
        "--offline",
        action="store_true",
        help="verify the restored credentials without the network (status stays "
        "unknown; did:web issuers cannot be checked)",
    )
    rs.set_defaults(handler=cmd_restore)

    p = sub.add_parser("profile", help="profiles (e.g. school and work) and their protection")
    psub = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    psub.add_parser("list", help="list profiles and how each is protected").set_defaults(
        handler=cmd_list
    )
    pc = psub.add_parser("create", help="create a profile with its own keys and DID")
    pc.add_argument("name")
    group = pc.add_mutually_exclusive_group()
    group.add_argument("--keyring", action="store_true", help="guard it with the OS keyring")
    group.add_argument("--passphrase", action="store_true", help="guard it with a passphrase")
    pc.set_defaults(handler=cmd_create)
    pu = psub.add_parser("use", help="make a profile the default")
    pu.add_argument("name")
    pu.set_defaults(handler=cmd_use)
    pd = psub.add_parser("delete", help="delete a profile and everything in it")
    pd.add_argument("name")
    pd.add_argument("--yes", action="store_true", help="really delete it")
    pd.set_defaults(handler=cmd_delete)
    psub.add_parser(
        "passphrase", help="set or change the passphrase that guards the key"
    ).set_defaults(handler=cmd_passphrase)
    psub.add_parser("keyring", help="guard the key with the OS keyring instead").set_defaults(
        handler=cmd_keyring
    )
    psub.add_parser("rotate", help="re-wrap the key under a fresh key-encryption key").set_defaults(
        handler=cmd_rotate
    )
    pn = psub.add_parser(
        "set-name",
        help="your name as employers see it (and, optionally, a "
        "photo, a headline and links), carried in every presentation as "
        "given by you",
    )
    pn.add_argument("name", help='your full name, e.g. "Jimin Park"')
    pn.add_argument("--photo", metavar="FILE", help="a photo of you (kept as a small JPEG)")
    pn.add_argument("--no-photo", action="store_true", help="remove the photo")
    pn.add_argument("--headline", metavar="TEXT", help='one line, e.g. "Data analyst"')
    pn.add_argument(
        "--link",
        action="append",
        metavar="URL",
        help="a portfolio or LinkedIn address; repeatable (replaces the links)",
    )
    pn.add_argument(
        "--email",
        help="an email address issuers may name you by (disclosed to "
        "employers, so that they can match the issuers' hashed identifiers)",
    )
    pn.add_argument(
        "--student-id", help="a student id issuers may name you by (disclosed likewise)"
    )
    pn.set_defaults(handler=cmd_set_name)
    psub.add_parser("show", help="who you are, as employers see it").set_defaults(handler=cmd_show)
    pi = psub.add_parser(
        "identities",
        help="your own e-mail addresses, telephone numbers "
        "and web addresses, by which the wallet tells whether an Open Badges "
        "2.0 badge names you (kept in the wallet, never sent anywhere)",
    )
    pi.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="TYPE:VALUE",
        help="email:you@example.org, telephone:+82…, url:https://…; repeatable",
    )
    pi.add_argument("--remove", action="append", default=[], metavar="TYPE:VALUE")
    pi.set_defaults(handler=cmd_identities)


def cmd_backup(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        counts = wallet.backups.backup(args.file)
    echo(
        f"backup written to {visible(args.file)}: {counts['records']} records, {counts['blobs']} "
        "files (encrypted with your backup passphrase)"
    )
    return EXIT_OK


def _counted(table: dict[str, int]) -> str:
    return (
        ", ".join(f"{n} {visible(k)}{'s' if n != 1 else ''}" for k, n in sorted(table.items()))
        or "nothing"
    )


def cmd_restore(args: argparse.Namespace) -> int:
    with open_wallet(args, online=True) as wallet:  # each credential is verified again
        ensure_profile(wallet, ask_name=False)  # the backup brings the learner's name
        report = wallet.backups.restore(args.file)
    echo(
        f"restored from {visible(args.file)}: added {_counted(report.added)}; already here: "
        f"{_counted(report.skipped)}"
    )
    for reason in report.refused:
        echo(f"  not restored: {visible(reason)}", file=sys.stderr)
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        profiles = wallet.profiles.all()
        if not profiles:
            echo("No profiles yet. `wallet profile create NAME` makes one.")
        for p in profiles:
            default = " (default)" if p.is_default else ""
            echo(
                f"{visible(p.name)}{default}  [{visible(p.id[:8])}]  protected by: "
                f"{wallet.profiles.protection_of(p.id)}"
            )
        ok, backend = wallet.profiles.keyring_status()
    echo(f"OS keyring: {visible(backend)}" if ok else f"OS keyring: none ({visible(backend)})")
    return EXIT_OK


def cmd_create(args: argparse.Namespace) -> int:
    protection = "keyring" if args.keyring else "passphrase" if args.passphrase else "auto"
    with open_wallet(args) as wallet:
        info = wallet.profiles.create(args.name, protection=protection)
        echo(
            f"profile '{visible(info.name)}' created: "
            f"{wallet.profiles.describe_protection()}; its DID is {wallet.did}"
        )
        ask_learner_name(wallet)
    return EXIT_OK


def cmd_use(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        wallet.profiles.set_default(args.name)
    echo(f"'{visible(args.name)}' is now the default profile")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    if not args.yes:
        raise ProfileError("deleting a profile destroys everything in it; add --yes")
    with open_wallet(args) as wallet:
        wallet.profiles.delete(args.name)
    echo(f"profile '{visible(args.name)}' deleted")
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace) -> int:
    new = ask_passphrase("new")
    if not new:
        raise ProfileError("a passphrase is needed (or set WALLET_PASSPHRASE)")
    with open_wallet(args) as wallet:
        wallet.profiles.change_passphrase(new, old=os.environ.get("WALLET_OLD_PASSPHRASE"))
    echo("the wallet's key is now guarded by the new passphrase")
    return EXIT_OK


def cmd_keyring(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        wallet.profiles.use_keyring()
        echo(
            "the wallet's key is now guarded by the OS keyring "
            f"({visible(wallet.profiles.keyring_status()[1])})"
        )
    return EXIT_OK


def cmd_set_name(args: argparse.Namespace) -> int:
    photo = None
    if args.photo:  # a regular file, read within the photo's size cap (never /dev/zero, a FIFO)
        from wallet.services.files import read_file
        from wallet.services.profiles import MAX_PHOTO_BYTES

        photo = read_file(args.photo, limit=MAX_PHOTO_BYTES, what=f"the photo {args.photo}")
    with open_wallet(args) as wallet:
        ensure_profile(wallet, ask_name=False)
        identity = wallet.profiles.set_identity(
            args.name,
            headline=args.headline,
            photo=photo,
            links=args.link,
            email=args.email,
            student_id=args.student_id,
            remove_photo=args.no_photo,
        )
    echo(f"employers will see: Presented by {visible(identity.name)} (as given by you)")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        identity = wallet.profiles.identity()
    rows = [
        ("name", identity.name),
        ("headline", identity.headline),
        ("photo", "yes" if identity.photo else None),
        ("email", identity.email),
        ("student id", identity.student_id),
        ("DID", identity.did),
    ]
    rows += [("link", link) for link in identity.links]
    for label, value in rows:
        echo(f"{label + ':':<12}{visible(value) if value else '(not given)'}")
    if not identity.name:
        echo(
            'Employers see your DID only; `wallet profile set-name "Full Name"` gives them '
            "your name."
        )
    return EXIT_OK


def cmd_rotate(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        wallet.profiles.rotate_key()
    echo("the wallet's key was re-wrapped under a fresh key-encryption key")
    return EXIT_OK


def cmd_identities(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        ensure_profile(wallet, ask_name=False)
        if args.add or args.remove:
            identities = wallet.profiles.set_identities(add=args.add, remove=args.remove)
        else:
            identities = wallet.profiles.identities()
    if not identities:
        echo(
            "No identities given. `wallet profile identities --add email:you@example.org` "
            "lets the wallet tell whether an Open Badges 2.0 badge names you."
        )
    for identity in identities:
        echo(f"{identity.type + ':':<11}{visible(identity.value)}")
    if identities:
        echo("(kept in your wallet only; never put in a presentation or sent anywhere)")
    return EXIT_OK
