"""The ``wallet`` command.

Exit codes of ``wallet verify``: 0 verified, 1 not verified, 2 unreadable input or usage error.
Every error reaches the user as one clear sentence (:func:`wallet.report.describe_error`), never
as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path

from wallet import __version__
from wallet.errors import InputTooLargeError, WalletError
from wallet.report import describe_error, render
from wallet.result import CheckId, VerificationResult
from wallet.sources import MAX_INPUT_BYTES
from wallet.storage.paths import wallet_home

EXIT_VERIFIED, EXIT_NOT_VERIFIED, EXIT_UNREADABLE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wallet",
        description="A learner's wallet for Open Badges 3.0 and CLR 2.0 credentials.",
    )
    parser.add_argument("--version", action="version", version=f"wallet {__version__}")
    parser.add_argument("--profile", metavar="NAME", default=None,
                        help="the profile to use (default: the default profile)")
    parser.add_argument(
        "--home",
        metavar="DIR",
        default=None,
        help="where the wallet keeps its data (default: $WALLET_HOME, else the per-user data "
        "directory)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    v = sub.add_parser(
        "verify",
        help="verify a credential or presentation",
        description="Verify a credential or presentation: a file, an https URL, '-' for stdin, "
        "a baked PNG/SVG badge, or a compact JWT given directly.",
    )
    v.add_argument("source", metavar="SOURCE")
    v.add_argument("--json", action="store_true", help="print the result object as JSON")
    v.add_argument("--challenge", help="the challenge a presentation must answer")
    v.add_argument("--domain", help="the domain a presentation must be made for")
    v.add_argument("--offline", action="store_true",
                   help="never touch the network (status lists and did:web stay unchecked)")
    v.add_argument("--dev", action="store_true",
                   help="development mode: allow plain http to this computer (loopback) only")
    v.add_argument("--now", help="verify as of this date-time (ISO 8601), e.g. for audits")
    v.add_argument("--clock-skew", type=int, default=300, metavar="SECONDS",
                   help="tolerance for validity dates (default 300)")

    dm = sub.add_parser("demo", help="the main job: a demo issuer and wallet, with an offer "
                        "ready to accept")
    dm.add_argument("--cli", action="store_true",
                    help="the terminal version: receive the offer here instead of in the app")
    dm.add_argument("--yes", action="store_true", help="(--cli) accept without asking")
    dm.add_argument("--once", action="store_true", help="(--cli) stop after the offer")
    dm.add_argument("--port", type=int, default=0, help="the app's port (default: any)")
    dm.add_argument("--no-browser", action="store_true", help="do not open a browser")

    ui = sub.add_parser("ui", help="open the wallet app")
    ui.add_argument("--web", action="store_true", help="the web view, even where a desktop "
                    "window is possible")
    ui.add_argument("--port", type=int, default=0)
    ui.add_argument("--share-server", help="the share service for links and QR codes")
    ui.add_argument("--dev", action="store_true",
                    help="development mode: allow plain http to this computer only")
    ui.add_argument("--no-browser", action="store_true", help="do not open a browser")
    sub.add_parser("samples", help="verify the bundled sample credentials, offline")

    rc = sub.add_parser("receive", help="receive credentials from an issuer (OID4VCI)")
    rc.add_argument("offer", nargs="?", help="an offer link, a QR code image, or a file "
                    "holding the link")
    rc.add_argument("--tx-code", help="the transaction code the issuer sent you")
    rc.add_argument("--yes", action="store_true", help="accept without asking")
    rc.add_argument("--dev", action="store_true",
                    help="development mode: allow plain http to this computer only")
    rc.add_argument("--pending", action="store_true",
                    help="collect credentials the issuer deferred")
    rc.add_argument("--wait", type=float, default=60.0,
                    help="with --pending: wait up to this many seconds (default 60)")

    iss = sub.add_parser("issuer", help="run the demo issuer (OID4VCI) on this computer")
    iss.add_argument("--port", type=int, default=0, help="port (default: any free one)")
    iss.add_argument("--host", default="127.0.0.1")
    _vault_commands(sub)
    from wallet import cli_competency, cli_share

    cli_share.add_commands(sub)
    cli_competency.add_commands(sub)
    return parser


def _vault_commands(sub: argparse._SubParsersAction) -> None:
    a = sub.add_parser("add", help="verify a credential and keep it in the wallet")
    a.add_argument("files", nargs="+", metavar="FILE", help="JSON, JWT, or a baked PNG/SVG")
    a.add_argument("--offline", action="store_true", help="do not check status online")
    a.add_argument("--dev", action="store_true", help="allow plain http to this computer")

    ls = sub.add_parser("list", help="list the credentials in the wallet")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--query", "-q", default="", help="search names, issuers and skills")
    ls.add_argument("--issuer")
    ls.add_argument("--skill")
    ls.add_argument("--tag")
    ls.add_argument("--sort", choices=["received", "name", "issuer", "valid_from"],
                    default="received")
    ls.add_argument("--ascending", action="store_true")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--page", type=int, default=1)

    sh = sub.add_parser("show", help="show one credential, its reflections and artifacts")
    sh.add_argument("id")
    sh.add_argument("--json", action="store_true", help="the credential exactly as received")

    r = sub.add_parser("reflect", help="write a reflection on a credential")
    r.add_argument("id")
    r.add_argument("--text", help="the reflection (markdown); without it, $EDITOR opens")
    r.add_argument("--competency", action="append", default=[])

    at = sub.add_parser("attach", help="attach a file or a link to a credential")
    at.add_argument("id")
    at.add_argument("file", nargs="?", help="a file to keep (encrypted) in the wallet")
    at.add_argument("--link", help="attach a link instead of a file")
    at.add_argument("--name", help="a name for it")

    t = sub.add_parser("tag", help="add (or --remove) tags on a credential")
    t.add_argument("id")
    t.add_argument("tags", nargs="+")
    t.add_argument("--remove", action="store_true")

    d = sub.add_parser("delete", help="move a credential (or reflection, artifact) to the "
                       "trash")
    d.add_argument("id")
    d.add_argument("--undo", action="store_true", help="bring it back from the trash")

    e = sub.add_parser("export", help="write chosen credentials, unencrypted, to a folder")
    e.add_argument("ids", nargs="+")
    e.add_argument("--out", required=True, help="the folder to write them to")

    b = sub.add_parser("backup", help="write the whole profile to an encrypted backup file")
    b.add_argument("file")
    rs = sub.add_parser("restore", help="merge an encrypted backup into this profile")
    rs.add_argument("file")

    sub.add_parser("lock", help="lock the wallet until `wallet unlock`")
    sub.add_parser("unlock", help="unlock the wallet")

    p = sub.add_parser("profile", help="profiles (e.g. school and work) and their protection")
    psub = p.add_subparsers(dest="profile_command", metavar="ACTION", required=True)
    psub.add_parser("list", help="list profiles and how each is protected")
    pc = psub.add_parser("create", help="create a profile with its own keys and DID")
    pc.add_argument("name")
    group = pc.add_mutually_exclusive_group()
    group.add_argument("--keyring", action="store_true", help="guard it with the OS keyring")
    group.add_argument("--passphrase", action="store_true", help="guard it with a passphrase")
    pu = psub.add_parser("use", help="make a profile the default")
    pu.add_argument("name")
    pd = psub.add_parser("delete", help="delete a profile and everything in it")
    pd.add_argument("name")
    pd.add_argument("--yes", action="store_true", help="really delete it")
    psub.add_parser("passphrase", help="set or change the passphrase that guards the key")
    psub.add_parser("keyring", help="guard the key with the OS keyring instead")
    psub.add_parser("rotate", help="re-wrap the key under a fresh key-encryption key")


def _looks_like_jwt(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(parts[:2]) and all(
        c.isalnum() or c in "-_" for c in "".join(parts)
    )


def _share_source(source: str) -> str | None:
    """A share link behind SOURCE (the link itself, or a QR image of one)."""
    from wallet.exchange.share import parse_share_url

    text = source
    if not source.startswith(("https://", "http://")):
        try:
            data = Path(source).read_bytes()[:64]
        except OSError:
            return None
        if not (data.startswith(b"\x89PNG") or data.startswith(b"\xff\xd8\xff")):
            return None
        from wallet.errors import InputError
        from wallet.exchange.qr import decode_qr

        try:
            text = decode_qr(Path(source).read_bytes())[0]
        except InputError:  # an image without a QR code: perhaps a baked badge
            return None
    return text if parse_share_url(text) else None


def _read_source(source: str, fetcher: object | None) -> tuple[bytes, str]:
    """The bytes behind SOURCE and a name for it."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return data, "<stdin>"
    if source.startswith(("https://", "http://")):
        if fetcher is None:
            raise WalletError("fetching a URL needs the network, and --offline was given")
        response = fetcher.get(source, accept="application/json, application/jwt, image/*")  # type: ignore[attr-defined]
        return response.body, source
    if _looks_like_jwt(source.strip()):
        try:
            is_file = Path(source).exists()
        except OSError:  # e.g. a token longer than any file name
            is_file = False
        if not is_file:
            return source.strip().encode("ascii"), "<jwt>"
    path = Path(source)
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"{source} is {size} bytes; the limit is {MAX_INPUT_BYTES}")
    return path.read_bytes(), str(path)


def _exit_code(result: VerificationResult) -> int:
    if result.verified:
        return EXIT_VERIFIED
    if result.check(CheckId.FORMAT) is not None:
        return EXIT_UNREADABLE
    return EXIT_NOT_VERIFIED


def _cmd_verify(args: argparse.Namespace) -> int:
    from wallet.exchange.http import HttpFetcher
    from wallet.verify import VerifyOptions, verify_bytes

    now = None
    if args.now:
        try:
            now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError:
            print(f"wallet verify: --now {args.now!r} is not an ISO 8601 date-time",
                  file=sys.stderr)
            return EXIT_UNREADABLE
    try:
        clock_skew = timedelta(seconds=max(0, args.clock_skew))
    except OverflowError:
        print(f"wallet verify: --clock-skew {args.clock_skew} is more seconds than a clock skew "
              f"can be (at most {timedelta.max.days * 86400 + timedelta.max.seconds:,})",
              file=sys.stderr)
        return EXIT_UNREADABLE
    fetcher = None if args.offline else HttpFetcher(dev=args.dev)
    try:
        challenge, domain = args.challenge, args.domain
        source = args.source
        shared = _share_source(source)
        if shared:
            # A share link: fetch its presentation; it must answer this very link.
            from urllib.parse import urlsplit

            from wallet.exchange.share import parse_share_url

            server, share_id, _key = parse_share_url(shared)  # type: ignore[misc]
            source = f"{shared}/raw"
            challenge = challenge or share_id
            domain = domain or "{0.scheme}://{0.netloc}".format(urlsplit(server))
        data, name = _read_source(source, fetcher)
        options = VerifyOptions(
            now=now,
            clock_skew=clock_skew,
            fetcher=fetcher,
            challenge=challenge,
            domain=domain,
        )
        result = verify_bytes(data, options, name=name)
    except (WalletError, OSError) as exc:
        if args.json:
            code = exc.code if isinstance(exc, WalletError) else "unreadable_input"
            print(json.dumps({"verified": False, "error": {"code": code,
                                                           "message": describe_error(exc)}}))
        else:
            print(f"wallet verify: {describe_error(exc)}", file=sys.stderr)
        return EXIT_UNREADABLE
    finally:
        if fetcher is not None:
            fetcher.close()
    if args.json:
        print(result.model_dump_json(indent=2))
    else:
        print(render(result))
    return _exit_code(result)


def _cmd_samples(args: argparse.Namespace) -> int:
    from wallet.assets import sample_paths
    from wallet.verify import VerifyOptions, verify_bytes

    print("Verifying the bundled sample credentials, offline.\n")
    worst = EXIT_VERIFIED
    for path in sample_paths():
        result = verify_bytes(path.read_bytes(), VerifyOptions(), name=path.name)
        print(f"== {path.name}")
        print(render(result))
        print()
        expected_bad = path.name.startswith("tampered")
        if result.verified == expected_bad:
            worst = EXIT_NOT_VERIFIED
    print("The tampered sample must fail, the others pass; "
          + ("they did." if worst == EXIT_VERIFIED else "SOMETHING IS WRONG."))
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.home:
        os.environ["WALLET_HOME"] = str(wallet_home(args.home))
    if args.command is None:
        parser.print_help()
        return EXIT_UNREADABLE
    from wallet import cli_exchange

    handlers = {"verify": _cmd_verify, "samples": _cmd_samples,
                "demo": cli_exchange.cmd_demo, "receive": cli_exchange.cmd_receive,
                "issuer": cli_exchange.cmd_issuer, "ui": cli_exchange.cmd_ui}
    from wallet import cli_share

    handlers.update({"present": cli_share.cmd_present, "share": cli_share.cmd_share,
                     "shares": cli_share.cmd_shares, "share-server": cli_share.cmd_share_server})
    from wallet import cli_competency

    handlers.update({"frameworks": cli_competency.cmd_frameworks,
                     "competencies": cli_competency.cmd_competencies})
    try:
        if args.command in handlers:
            return handlers[args.command](args)
        from wallet.cli_vault import run_vault_command

        return run_vault_command(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (``wallet list | head``): stop quietly
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        if os.environ.get("WALLET_DEBUG"):
            raise
        print(f"wallet: an unexpected error occurred ({exc.__class__.__name__}); run again "
              "with WALLET_DEBUG=1 for details", file=sys.stderr)
        return EXIT_UNREADABLE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
