"""The ``wallet present``, ``share``, ``shares`` and ``share-server`` commands."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from datetime import timedelta
from pathlib import Path

from wallet.errors import ExchangeError, InputError, WalletError
from wallet.report import describe_error

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def parse_duration(text: str) -> timedelta:
    """``7d``, ``12h``, ``30m``, ``2w``."""
    match = re.fullmatch(r"\s*(\d+)\s*([mhdw])\s*", text or "")
    if not match:
        raise InputError(f"{text!r} is not a duration like 7d, 12h or 30m")
    amount, unit = int(match.group(1)), match.group(2)
    return {"m": timedelta(minutes=amount), "h": timedelta(hours=amount),
            "d": timedelta(days=amount), "w": timedelta(weeks=amount)}[unit]


def add_commands(sub: argparse._SubParsersAction) -> None:
    pr = sub.add_parser("present", help="compose a signed presentation of chosen credentials")
    pr.add_argument("ids", nargs="*", metavar="ID")
    pr.add_argument("--reflections", action=argparse.BooleanOptionalAction, default=True,
                    help="include the reflections linked to them (default: yes)")
    pr.add_argument("--artifacts", action=argparse.BooleanOptionalAction, default=True,
                    help="include the artifacts linked to them (default: yes)")
    pr.add_argument("--challenge", help="the verifier's challenge")
    pr.add_argument("--domain", help="the verifier's domain")
    pr.add_argument("--expires", default="7d", help="how long it is valid (default 7d)")
    pr.add_argument("--title", default="Learner record")
    pr.add_argument("--preset", help="use a saved selection")
    pr.add_argument("--cover", metavar="LIST", help="choose the fewest credentials that show "
                    "these competencies (names, codes or CASE URIs, comma-separated)")
    pr.add_argument("--save-preset", metavar="NAME", help="save this selection for reuse")
    pr.add_argument("--out", required=True, help="write the presentation (JSON) here")
    pr.add_argument("--pdf", help="also write a one-page PDF summary here")

    sh = sub.add_parser("share", help="share chosen credentials by link and QR code")
    sh.add_argument("ids", nargs="*", metavar="ID")
    sh.add_argument("--server", help="the share service (default: $WALLET_SHARE_SERVER)")
    sh.add_argument("--expires", default="7d", help="how long the link works (default 7d)")
    sh.add_argument("--max-views", type=int, help="how many times it may be opened")
    sh.add_argument("--reflections", action=argparse.BooleanOptionalAction, default=True)
    sh.add_argument("--artifacts", action=argparse.BooleanOptionalAction, default=True)
    sh.add_argument("--title", default="Learner record")
    sh.add_argument("--preset", help="use a saved selection")
    sh.add_argument("--cover", metavar="LIST", help="share the fewest credentials that show "
                    "these competencies (names, codes or CASE URIs, comma-separated)")
    sh.add_argument("--qr", default="share-qr.png",
                    help="write the QR code here (.png, .svg or .pdf; default share-qr.png)")
    sh.add_argument("--dev", action="store_true",
                    help="development mode: allow plain http to this computer only")

    ss = sub.add_parser("shares", help="your shared links, their views; revoke one")
    ss.add_argument("--revoke", metavar="ID", help="withdraw this link now")
    ss.add_argument("--dev", action="store_true")

    srv = sub.add_parser("share-server", help="run the share service")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=0)
    srv.add_argument("--public-url", help="the URL people reach it by (default: http://HOST:PORT)")
    srv.add_argument("--database", help="a database URL (default $DATABASE_URL, else SQLite)")
    srv.add_argument("--data", default=".", help="folder for the SQLite database")
    srv.add_argument("--dev", action="store_true",
                     help="let its verifier reach this computer (for local testing)")
    srv.add_argument("--rate-limit", type=int, default=120, metavar="N",
                     help="page views per minute per client address (default 120)")


def _selection(service, args) -> tuple[list[str], object, object]:  # noqa: ANN001
    if getattr(args, "cover", None):
        from wallet.competency import parse_requirements

        result = service.cover(parse_requirements(args.cover))
        for req in result.uncovered:
            print(f"not covered by any credential: {req}", file=sys.stderr)
        if not result.chosen:
            raise InputError("no credential shows any of those competencies")
        extra = [service.resolve(i) for i in args.ids]
        names = {c.id: c.name for c in service.list_credentials(limit=100_000).items}
        print("chosen to cover them: " + ", ".join(sorted(names.get(c, c[:8])
                                                          for c in result.chosen)),
              file=sys.stderr)
        # the learner's own evidence on those competencies or on the chosen credentials
        reflections = list(result.reflections) if args.reflections else False
        artifacts = list(result.artifacts) if args.artifacts else False
        return list(dict.fromkeys([*result.chosen, *extra])), reflections, artifacts
    if args.preset:
        preset = service.preset(args.preset)
        return preset["credential_ids"], preset["reflections"], preset["artifacts"]
    if not args.ids:
        raise InputError("choose at least one credential (IDs) or --preset")
    return [service.resolve(i) for i in args.ids], args.reflections, args.artifacts


def write_qr(url: str, path: Path, title: str = "Shared learner record") -> None:
    from wallet.exchange.pdf import one_page_pdf
    from wallet.exchange.qr import qr_png, qr_svg

    if path.suffix.lower() == ".svg":
        path.write_text(qr_svg(url), "utf-8")
    elif path.suffix.lower() == ".pdf":
        path.write_bytes(one_page_pdf(title, ["Scan the code, or open:", url], url))
    else:
        path.write_bytes(qr_png(url))


def cmd_present(args: argparse.Namespace) -> int:
    from wallet.cli_vault import _service
    from wallet.exchange.pdf import one_page_pdf

    service = _service(args, online=False)
    try:
        ids, reflections, artifacts = _selection(service, args)
        if args.save_preset:
            service.save_preset(args.save_preset, ids, reflections=reflections,
                                artifacts=artifacts)
        composed = service.compose_presentation(
            ids, reflections=reflections, artifacts=artifacts, title=args.title,
            challenge=args.challenge, domain=args.domain,
            expires_in=parse_duration(args.expires))
        Path(args.out).write_text(json.dumps(composed.presentation, indent=2,
                                             ensure_ascii=False), "utf-8")
        if args.pdf:
            names = [service.get_credential(i).summary.name for i in ids]
            Path(args.pdf).write_bytes(one_page_pdf(args.title, [
                f"Presented by {service.did}", *[f"- {n}" for n in names],
                f"The signed presentation is in {Path(args.out).name}; verify it with "
                "`wallet verify`."]))
        print(f"wrote {args.out}: {len(ids)} credential(s), signed by {service.did}")
        return EXIT_OK
    except WalletError as exc:
        print(f"wallet present: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        service.close()


def cmd_share(args: argparse.Namespace) -> int:
    import os

    from wallet.cli_vault import _service
    from wallet.exchange.http import HttpFetcher
    from wallet.exchange.share import ShareClient, share_credentials

    server = args.server or os.environ.get("WALLET_SHARE_SERVER")
    if not server:
        print("wallet share: give --server URL (or set WALLET_SHARE_SERVER)", file=sys.stderr)
        return EXIT_USAGE
    service = _service(args, online=False)
    http = HttpFetcher(dev=args.dev)
    try:
        ids, reflections, artifacts = _selection(service, args)
        result, _rid = share_credentials(
            service, ShareClient(server, http), ids, reflections=reflections,
            artifacts=artifacts, expires_in=parse_duration(args.expires),
            max_views=args.max_views, title=args.title)
        write_qr(result.url, Path(args.qr), args.title)
        print(result.url)
        print(f"(expires {result.expires:%Y-%m-%d %H:%M} UTC"
              + (f", at most {result.max_views} views" if result.max_views else "")
              + f"; QR code written to {args.qr})", file=sys.stderr)
        return EXIT_OK
    except WalletError as exc:
        print(f"wallet share: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        http.close()
        service.close()


def cmd_shares(args: argparse.Namespace) -> int:
    from wallet.cli_vault import _service
    from wallet.exchange.http import HttpFetcher
    from wallet.exchange.share import ShareClient

    service = _service(args, online=False)
    http = HttpFetcher(dev=args.dev)
    try:
        shares = service.list_shares()
        if args.revoke:
            rid = service.resolve(args.revoke, kind="share")
            info = next(s for s in shares if s["id"] == rid)
            ShareClient(info["server"], http).revoke(info["share_id"],
                                                     service.share_secret(rid)["manage_token"])
            service.update_share(rid, revoked=True)
            print(f"{rid[:8]} withdrawn: the link no longer opens")
            return EXIT_OK
        if not shares:
            print("No shared links yet. `wallet share ID… --server URL` makes one.")
        for info in shares:
            views = "?"
            if not info.get("revoked"):
                try:
                    status = ShareClient(info["server"], http).status(
                        info["share_id"], service.share_secret(info["id"])["manage_token"])
                    seen = status.get("views", [])
                    last = time.strftime("%Y-%m-%d %H:%M", time.gmtime(seen[-1])) if seen \
                        else "never"
                    views = f"{len(seen)} view(s), last {last}"
                except ExchangeError as exc:
                    views = f"status unknown ({exc.message})"
            state = "withdrawn" if info.get("revoked") else f"expires {info['expires'][:16]}"
            print(f"{info['id'][:8]}  {info['title'][:30]:<30}  {state}  {views}")
        return EXIT_OK
    except WalletError as exc:
        print(f"wallet shares: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        http.close()
        service.close()


def cmd_share_server(args: argparse.Namespace) -> int:
    from wallet.exchange.server import serve_in_thread
    from wallet.exchange.share import ShareServer

    def factory(url: str):  # noqa: ANN202
        server = ShareServer.from_environment(args.public_url or url,
                                              database_url=args.database, data_dir=args.data,
                                              dev=args.dev)
        server.views.limit = max(1, args.rate_limit)
        return server.app()

    try:
        server = serve_in_thread(factory, host=args.host, port=args.port)
    except (OSError, RuntimeError) as exc:
        print(f"wallet share-server: cannot start ({exc})", file=sys.stderr)
        return EXIT_USAGE
    print(f"Share service at {args.public_url or server.url}; Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return EXIT_OK
