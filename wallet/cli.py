"""The ``wallet`` command.

Exit codes of ``wallet verify``: 0 verified, 1 not verified, 2 unreadable input or usage error.
Every error reaches the user as one clear sentence (:func:`wallet.report.describe_error`), never
as a traceback.
"""

from __future__ import annotations

import argparse
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

    sub.add_parser("demo", help="verify the bundled sample credentials (a first look)")
    return parser


def _looks_like_jwt(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 3 and all(parts[:2]) and all(
        c.isalnum() or c in "-_" for c in "".join(parts)
    )


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
    fetcher = None if args.offline else HttpFetcher(dev=args.dev)
    try:
        data, name = _read_source(args.source, fetcher)
        options = VerifyOptions(
            now=now,
            clock_skew=timedelta(seconds=max(0, args.clock_skew)),
            fetcher=fetcher,
            challenge=args.challenge,
            domain=args.domain,
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


def _cmd_demo(args: argparse.Namespace) -> int:
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
    handlers = {"verify": _cmd_verify, "demo": _cmd_demo}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
