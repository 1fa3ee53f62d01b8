"""``wallet verify`` and ``wallet samples``: verification, the employer's side (no wallet
needed). Exit codes: 0 verified (with or without warnings), 1 not verified, 2 unreadable input
or usage error, 3 issuer not confirmed (a valid signature whose key nothing ties to the
issuer named)."""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import timedelta

from wallet.cli._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, echo, visible
from wallet.credential import parse_iso_datetime
from wallet.errors import WalletError
from wallet.record.report import describe_error, render
from wallet.result import CheckId, Verdict, VerificationResult
from wallet.services import Verifier
from wallet.services.verifying import profile_trust, sample_results, trust_from_files
from wallet.verification.trust import TrustLists

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    v = sub.add_parser(
        "verify",
        help="verify a credential or presentation",
        description="Verify a credential or presentation: a file, an https URL, '-' for stdin, "
        "a baked PNG/SVG badge, a share link or a photo of its QR code, an offline QR code (a "
        "photo of it, or its VP1- text), a PDF with its signed presentation attached, or a "
        "compact JWT given directly. Open Badges 2.0 (and 1.x) badges — a hosted assertion's "
        "URL, its JSON, a signed assertion (JWS), a baked PNG/SVG — are verified the OB 2.0 way.",
    )
    v.add_argument("source", metavar="SOURCE")
    v.add_argument("--json", action="store_true", help="print the result object as JSON")
    v.add_argument("--challenge", help="the challenge a presentation must answer")
    v.add_argument("--domain", help="the domain a presentation must be made for")
    v.add_argument(
        "--offline",
        action="store_true",
        help="never touch the network (status lists and did:web stay unchecked)",
    )
    v.add_argument(
        "--dev",
        action="store_true",
        help="development mode: allow plain http to this computer (loopback) only",
    )
    v.add_argument("--now", help="verify as of this date-time (ISO 8601), e.g. for audits")
    v.add_argument(
        "--clock-skew",
        default="300",
        metavar="SECONDS",
        help="tolerance for validity dates, in seconds (default 300; fractions "
        "allowed; a negative value counts as 0)",
    )
    v.add_argument(
        "--strict",
        action="store_true",
        help="conformance findings fail (the specifications' letter)",
    )
    v.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="FILE",
        help="a trust list to recognise issuers by (DCC issuer registry or ours); "
        "repeatable; your wallet's own lists are used too when it opens without "
        "asking",
    )
    v.add_argument(
        "--recipient",
        action="append",
        default=[],
        metavar="TYPE:VALUE",
        help="an Open Badges 2.0 badge: whether it names this person "
        "(email:someone@example.org, telephone:+82…, url:https://…; hashed "
        "recipients included); repeatable",
    )
    v.add_argument(
        "--lang",
        default="en",
        help="the report's language: en (with each check's technical message) or ko",
    )
    v.set_defaults(handler=cmd_verify)
    s = sub.add_parser("samples", help="verify the bundled sample credentials, offline")
    s.set_defaults(handler=cmd_samples)


def exit_code(result: VerificationResult) -> int:
    """0 verified (with or without warnings), 3 issuer not confirmed, 1 not verified, 2 the
    input could not be read."""
    if result.verdict is Verdict.NOT_VERIFIED and result.check(CheckId.FORMAT) is not None:
        return EXIT_USAGE
    return result.verdict.exit_code


_MAX_SKEW_SECONDS = timedelta.max.days * 86400 + timedelta.max.seconds


def _clock_skew(text: str) -> timedelta | str:
    """``--clock-skew``: a number of seconds (``300``, ``1.5``, ``1e3``; a negative one counts
    as 0), else why not, as the end of a sentence."""
    try:
        seconds = float(text)
    except ValueError:
        return "is not a number of seconds"
    if not math.isfinite(seconds):
        return "is not a finite number of seconds"
    if seconds > _MAX_SKEW_SECONDS:
        return (
            f"is more seconds than a clock skew can be (at most "
            f"{_MAX_SKEW_SECONDS:,}, about 2.7 million years)"
        )
    return timedelta(seconds=max(0.0, seconds))


def cmd_verify(args: argparse.Namespace) -> int:
    now = None
    if args.now:
        now = parse_iso_datetime(args.now)  # as a person types it: 2030-01-01 too
        if now is None:
            echo(
                f"wallet verify: --now '{visible(args.now)}' is not an ISO 8601 date-time",
                file=sys.stderr,
            )
            return EXIT_USAGE
    clock_skew = _clock_skew(args.clock_skew)
    if isinstance(clock_skew, str):
        echo(
            f"wallet verify: --clock-skew '{visible(args.clock_skew)}' {clock_skew}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        from wallet.ob2.model import parse_identity  # imported when asked for

        recipient = [parse_identity(text) for text in args.recipient]
        lists = trust_from_files(args.trust)
        own = profile_trust(args.home, args.profile)
        trust = TrustLists(tuple(lists) + (own.lists if own is not None else ()))
        with Verifier(
            offline=args.offline, dev=args.dev, trust=trust, strict=args.strict, recipient=recipient
        ) as verifier:
            result = verifier.verify_source(
                args.source,
                challenge=args.challenge,
                domain=args.domain,
                now=now,
                clock_skew=clock_skew,
            )
    except (WalletError, OSError) as exc:
        if args.json:
            code = exc.code if isinstance(exc, WalletError) else "unreadable_input"
            echo(
                json.dumps(
                    {"verified": False, "error": {"code": code, "message": describe_error(exc)}}
                )
            )
        else:
            echo(f"wallet verify: {visible(describe_error(exc, args.lang))}", file=sys.stderr)
        return EXIT_USAGE
    # JSON: its strings' DEL, C1 and format characters as JSON escapes (json and pydantic
    # escape the C0 controls only), so the text parses to the same result
    echo(result.model_dump_json(indent=2) if args.json else render(result, lang=args.lang))
    return exit_code(result)


def cmd_samples(args: argparse.Namespace) -> int:
    echo("Verifying the bundled sample credentials, offline.\n")
    worst = EXIT_OK
    for name, result, expected_bad in sample_results():
        echo(f"== {visible(name)}")
        echo(render(result))
        echo()
        if (result.verdict is Verdict.NOT_VERIFIED) != expected_bad:
            worst = EXIT_FAILED
    echo(
        "The tampered sample must fail, the others be authentic; "
        + ("they did." if worst == EXIT_OK else "SOMETHING IS WRONG.")
    )
    return worst
