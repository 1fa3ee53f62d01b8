"""``wallet present``, ``share``, ``shares`` and ``share-server``: presentations of chosen
credentials, shared by link and QR code."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    ask_learner_name,
    echo,
    open_wallet,
    parse_duration,
    serve_until_interrupted,
    short,
    visible,
)
from wallet.competency.mapping import parse_requirements
from wallet.errors import InputError, QrTooLargeError, WalletError
from wallet.i18n import t
from wallet.record.report import describe_error
from wallet.services import Own, SharedLink, WalletService, write_qr
from wallet.services.presenting import qr_text
from wallet.services.serving import serve_share_service

__all__ = ["register"]


def _selection_arguments(p: argparse.ArgumentParser, verb: str) -> None:
    p.add_argument("ids", nargs="*", metavar="ID")
    p.add_argument(
        "--reflections",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include the reflections linked to them (default: yes)",
    )
    p.add_argument(
        "--artifacts",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="include the artifacts linked to them (default: yes)",
    )
    p.add_argument(
        "--title",
        help="what the presentation is for (default: the preset's name, "
        "else its first credentials)",
    )
    p.add_argument("--lang", help="the PDF's language: en or ko (default: your language setting)")
    p.add_argument("--preset", help="use a saved selection")
    p.add_argument(
        "--cover",
        metavar="LIST",
        help=f"{verb} the fewest credentials that show "
        "these competencies (names, codes or CASE URIs, comma-separated)",
    )
    p.add_argument(
        "--disclose",
        action="append",
        metavar="POINTER",
        help="of credentials "
        "issued for selective disclosure (ecdsa-sd-2023), reveal only this part "
        "(a JSON pointer, e.g. /credentialSubject/achievement) besides what the "
        "issuer requires; repeatable",
    )
    p.add_argument(
        "--hide",
        action="append",
        default=[],
        metavar="POINTER",
        help="of such "
        "credentials, leave this part out (e.g. /credentialSubject/result: the "
        "grade); repeatable",
    )


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pr = sub.add_parser("present", help="compose a signed presentation of chosen credentials")
    _selection_arguments(pr, "choose")
    pr.add_argument("--challenge", help="the verifier's challenge")
    pr.add_argument("--domain", help="the verifier's domain")
    pr.add_argument("--expires", default="7d", help="how long it is valid (default 7d)")
    pr.add_argument("--save-preset", metavar="NAME", help="save this selection for reuse")
    pr.add_argument("--out", help="write the presentation (JSON) here")
    pr.add_argument(
        "--pdf",
        help="also write it as a PDF here (what an employer sees: you, "
        "each credential, the verdict, your reflections — with the signed file "
        "attached and each credential's offline QR code)",
    )
    pr.add_argument(
        "--qr-offline",
        metavar="OUT.png",
        help="write an offline QR code (PNG) "
        "holding the credentials themselves: anyone can verify it with no server "
        "and no link, for as long as the credentials are valid (reflections and "
        "artifacts travel by link or file only)",
    )
    pr.add_argument(
        "--qr-text", metavar="OUT.txt", help="write that offline QR code's text (VP1-B…) here"
    )
    pr.set_defaults(handler=cmd_present)

    sh = sub.add_parser("share", help="share chosen credentials by link and QR code")
    _selection_arguments(sh, "share")
    sh.add_argument("--server", help="the share service (default: $WALLET_SHARE_SERVER)")
    sh.add_argument("--expires", default="7d", help="how long the link works (default 7d)")
    sh.add_argument("--max-views", type=int, help="how many times it may be opened")
    sh.add_argument(
        "--qr",
        default="share-qr.png",
        help="write the QR code here (.png, .svg or .pdf; default share-qr.png)",
    )
    sh.add_argument("--pdf", help="also write it as a PDF here, with the link and its QR code")
    sh.add_argument(
        "--dev",
        action="store_true",
        help="development mode: allow plain http to this computer only",
    )
    sh.set_defaults(handler=cmd_share)

    ss = sub.add_parser(
        "shares",
        help="your shared links: title, status, views and when; "
        "revoke one, or show its QR code again",
    )
    ss.add_argument("--revoke", metavar="ID", help="withdraw this link now")
    ss.add_argument("--qr", metavar="ID", help="show this link and its QR code again")
    ss.add_argument(
        "--out",
        metavar="FILE",
        help="with --qr: write the QR code here (.png, .svg or .pdf) instead of drawing it",
    )
    ss.add_argument("--dev", action="store_true")
    ss.set_defaults(handler=cmd_shares)

    li = sub.add_parser(
        "linkedin",
        help="LinkedIn's 'add license or certification' form, "
        "filled in for a credential (a link to open; nothing is sent)",
    )
    li.add_argument("id", metavar="ID", help="the credential")
    li.add_argument(
        "--link",
        metavar="SHARE",
        help="the shared link to give as its URL (default: the newest active link that shares it)",
    )
    li.set_defaults(handler=cmd_linkedin)

    srv = sub.add_parser(
        "share-server",
        help="run the share service (shared links, the employer's request "
        "page, VC-API verification)",
        description="Run the share service: learners' shared links (/s/…), the employer's "
        "request page (/ask), and verification over VC-API for other software: "
        "POST /credentials/verify and POST /presentations/verify (200 verified, 400 not, "
        "with checks, warnings and errors).",
    )
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=0)
    srv.add_argument("--public-url", help="the URL people reach it by (default: http://HOST:PORT)")
    srv.add_argument("--database", help="a database URL (default $DATABASE_URL, else SQLite)")
    srv.add_argument("--data", default=".", help="folder for the SQLite database")
    srv.add_argument(
        "--dev",
        action="store_true",
        help="let its verifier reach this computer (for local testing)",
    )
    srv.add_argument(
        "--rate-limit",
        type=int,
        default=120,
        metavar="N",
        help="page views per minute per client address (default 120)",
    )
    srv.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="FILE",
        help="a trust list (DCC issuer registry or ours) naming the issuers the "
        "page calls recognised; repeatable",
    )
    srv.add_argument(
        "--verify-token",
        metavar="TOKEN",
        default=os.environ.get("WALLET_VERIFY_TOKEN") or None,
        help="the bearer token POST /credentials/verify and /presentations/verify "
        "ask for (default $WALLET_VERIFY_TOKEN — better than the command line, "
        "which other users of this computer can see; none: open to anyone, "
        "within the rate limits)",
    )
    srv.add_argument(
        "--verify-rate-limit",
        type=int,
        default=120,
        metavar="N",
        help="VC-API verifications per minute per client address, across replicas (default 120)",
    )
    srv.add_argument(
        "--verify-online",
        action="store_true",
        help="let VC-API verification fetch status lists and did:web documents "
        "(default: offline — status unknown, did:web issuers not confirmed)",
    )
    srv.set_defaults(handler=cmd_share_server)


def _selection(wallet: WalletService, args: argparse.Namespace) -> tuple[list[str], Own, Own]:
    if args.cover:
        result = wallet.competencies.cover(parse_requirements(args.cover))
        for req in result.uncovered:
            echo(f"not covered by any credential: {visible(req)}", file=sys.stderr)
        if not result.chosen:
            raise InputError("no credential shows any of those competencies")
        extra = [wallet.credentials.resolve(i) for i in args.ids]
        names = wallet.credentials.names()
        echo(
            "chosen to cover them: "
            + ", ".join(sorted(visible(names.get(c, c[:8])) for c in result.chosen)),
            file=sys.stderr,
        )
        # the learner's own evidence on those competencies or on the chosen credentials
        reflections: Own = list(result.reflections) if args.reflections else False
        artifacts: Own = list(result.artifacts) if args.artifacts else False
        return list(dict.fromkeys([*result.chosen, *extra])), reflections, artifacts
    if args.preset:
        preset = wallet.presenting.preset(args.preset)
        args.title = args.title or preset.label
        return preset.credential_ids, preset.reflections, preset.artifacts
    if not args.ids:
        raise InputError("choose at least one credential (IDs) or --preset")
    return [wallet.credentials.resolve(i) for i in args.ids], args.reflections, args.artifacts


def _offline(wallet: WalletService, ids: list[str], args: argparse.Namespace) -> bool:
    """``--qr-offline`` / ``--qr-text``: the offline QR code, or why it does not fit."""
    try:
        made = wallet.presenting.offline(
            ids, challenge=args.challenge, domain=args.domain, reveal=args.disclose, hide=args.hide
        )
    except QrTooLargeError as exc:
        echo(
            f"wallet present: no offline QR code: {visible(describe_error(exc))}. Share a "
            "link instead (`wallet share ID… --server URL`), or choose fewer or smaller "
            "credentials.",
            file=sys.stderr,
        )
        return False
    if args.qr_offline:
        Path(args.qr_offline).write_bytes(made.png(scale=6))
    if args.qr_text:
        Path(args.qr_text).write_text(made.text + "\n", "ascii")
    count = t("share.credentials", "en", count=len(ids))
    signed = (
        "signed by you for that challenge"
        if (args.challenge or args.domain)
        else "unsigned: each credential proves itself"
    )
    where = " and ".join(visible(p) for p in (args.qr_offline, args.qr_text) if p)
    echo(
        f"wrote the offline QR code to {where}: {count}, {signed}; QR version "
        f"{made.version}-{made.level}, {len(made.text):,} characters"
    )
    return True


def cmd_present(args: argparse.Namespace) -> int:
    offline = bool(args.qr_offline or args.qr_text)
    if not (args.out or offline):
        echo(
            "wallet present: give --out FILE (the signed presentation), --qr-offline FILE.png "
            "or --qr-text FILE.txt (an offline QR code)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with open_wallet(args, online=True) as wallet:  # the PDF's verdict checks status lists
        if args.out:
            ask_learner_name(wallet)
        ids, reflections, artifacts = _selection(wallet, args)
        if offline and not _offline(wallet, ids, args):
            return EXIT_FAILED
        if not args.out:
            return EXIT_OK
        if args.save_preset:
            wallet.presenting.save_preset(
                args.save_preset, ids, reflections=reflections, artifacts=artifacts
            )
        title = args.title or wallet.presenting.default_title(ids)
        composed = wallet.presenting.compose(
            ids,
            reflections=reflections,
            artifacts=artifacts,
            title=title,
            challenge=args.challenge,
            domain=args.domain,
            expires_in=parse_duration(args.expires),
            reveal=args.disclose,
            hide=args.hide,
        )
        Path(args.out).write_text(
            json.dumps(composed.presentation, indent=2, ensure_ascii=False), "utf-8"
        )
        if args.pdf:
            lang = wallet.presenting.language(args.lang)
            Path(args.pdf).write_bytes(
                wallet.presenting.record_pdf(
                    composed.presentation,
                    lang=lang,
                    challenge=args.challenge,
                    domain=args.domain,
                    note=t("pdf.no_link", lang, name=Path(args.out).name),
                )
            )
        count = t("share.credentials", "en", count=len(ids))
        echo(
            f"wrote {visible(args.out)}: {count}, signed by {visible(wallet.did)}"
            + (f"; the PDF is {visible(args.pdf)}" if args.pdf else "")
        )
    return EXIT_OK


def cmd_share(args: argparse.Namespace) -> int:
    server = args.server or os.environ.get("WALLET_SHARE_SERVER")
    if not server:
        echo("wallet share: give --server URL (or set WALLET_SHARE_SERVER)", file=sys.stderr)
        return EXIT_USAGE
    with open_wallet(args, online=True) as wallet:
        ask_learner_name(wallet)
        ids, reflections, artifacts = _selection(wallet, args)
        shared = wallet.presenting.share(
            server,
            ids,
            reflections=reflections,
            artifacts=artifacts,
            expires_in=parse_duration(args.expires),
            max_views=args.max_views,
            title=args.title,
            reveal=args.disclose,
            hide=args.hide,
        )
        lang = wallet.presenting.language(args.lang)
        title = shared.title
        if args.pdf and shared.presentation is not None:
            Path(args.pdf).write_bytes(
                wallet.presenting.record_pdf(
                    shared.presentation,
                    link=shared.url,
                    lang=lang,
                    challenge=shared.share_id,
                    domain=_origin(shared.url),
                )
            )
    write_qr(shared.url, Path(args.qr), title, lang)
    echo(visible(shared.url))
    echo(
        f"({visible(title)}; expires {visible(shared.expires[:16].replace('T', ' '))} UTC"
        + (f", at most {shared.max_views} views" if shared.max_views else "")
        + f"; QR code written to {visible(args.qr)}"
        + (f", the PDF to {visible(args.pdf)}" if args.pdf else "")
        + ")",
        file=sys.stderr,
    )
    return EXIT_OK


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _views(link: SharedLink) -> str:
    if link.views is None:
        return t("share.views_unknown", "en", reason=visible(link.problem)) if link.problem else ""
    count = t("share.views", "en", count=len(link.views))
    if not link.views:
        return f"{count} ({t('share.never_viewed', 'en')})"
    last = time.strftime("%Y-%m-%d %H:%M", time.gmtime(link.views[-1]))
    return f"{count}, {t('share.last_view', 'en', when=last + ' UTC')}"


def cmd_shares(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        if args.revoke:
            rid = wallet.presenting.resolve_share(args.revoke)
            wallet.presenting.revoke(rid)
            echo(f"{short(rid)} withdrawn: the link no longer opens")
            return EXIT_OK
        if args.qr:
            link = wallet.presenting.shared(wallet.presenting.resolve_share(args.qr))
            if args.out:
                write_qr(link.url, Path(args.out), link.title)
                echo(f"{visible(link.title)}: the QR code is in {visible(args.out)}")
            else:
                echo(qr_text(link.url))
            echo(visible(link.url))
            return EXIT_OK
        links = wallet.presenting.shares()
    if not links:
        echo("No shared links yet. `wallet share ID… --server URL` makes one.")
    for link in links:
        until = (
            f" until {visible(link.expires[:16].replace('T', ' '))}"
            if link.status == "active"
            else ""
        )
        echo(
            f"{short(link.id)}  {visible(link.title)[:34]:<34}  {visible(link.status)}{until}"
            f"  {_views(link)}"
        )
        for moment in (link.views or ())[-5:]:
            echo(f"          viewed {time.strftime('%Y-%m-%d %H:%M', time.gmtime(moment))} UTC")
    return EXIT_OK


def cmd_linkedin(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        rid = wallet.credentials.resolve(args.id)
        share = wallet.presenting.resolve_share(args.link) if args.link else None
        url = wallet.presenting.linkedin(rid, share=share)
    echo(visible(url))
    if "certUrl=" not in url:
        echo(
            "(no shared link includes this credential, so the form has no credential URL; "
            "`wallet share` makes one)",
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_share_server(args: argparse.Namespace) -> int:
    try:
        running = serve_share_service(
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            database_url=args.database,
            data_dir=args.data,
            dev=args.dev,
            rate_limit=args.rate_limit,
            trust_files=args.trust,
            verify_token=args.verify_token,
            verify_online=args.verify_online,
            verify_rate_limit=args.verify_rate_limit,
        )
    except (OSError, RuntimeError, WalletError) as exc:
        echo(f"wallet share-server: cannot start ({visible(exc)})", file=sys.stderr)
        return EXIT_USAGE
    echo(f"Share service at {visible(args.public_url or running.url)}; Ctrl-C stops it.")
    echo(f"Employers ask learners for credentials at {visible(args.public_url or running.url)}/ask")
    echo(
        f"Other software verifies at {visible(args.public_url or running.url)}"
        f"/credentials/verify and /presentations/verify (VC-API"
        f"{', bearer token required' if args.verify_token else ', open'}"
        f"{', online' if args.verify_online else ', offline'})"
    )
    return serve_until_interrupted(running.stop)
