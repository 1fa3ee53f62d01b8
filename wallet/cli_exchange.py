"""The ``wallet receive``, ``wallet issuer`` and ``wallet demo`` commands."""

from __future__ import annotations

import argparse
import os
import sys
import time
import webbrowser
from pathlib import Path
from typing import Any

from wallet.errors import ExchangeError, InputError, ProfileError, WalletError
from wallet.exchange.oid4vci.client import OfferPreview, Receiver, ReceiveResult
from wallet.exchange.oid4vci.messages import TxCode
from wallet.report import describe_error, render

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class TerminalUI:
    """The receiving dialogue in a terminal."""

    def __init__(self, *, assume_yes: bool = False, interactive: bool | None = None) -> None:
        self.assume_yes = assume_yes
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def consent(self, preview: OfferPreview) -> bool:
        print(f"\n{preview.issuer_name} ({preview.issuer}) offers you:")
        for item in preview.credentials:
            kind = "VC-JWT" if item.format == "jwt_vc_json" else "signed JSON-LD"
            print(f"  - {item.name}  [{kind}]")
        if preview.flow == "authorization_code":
            print("You will sign in with the issuer in your browser.")
        if self.assume_yes:
            return True
        if not self.interactive:
            print("Not accepted: run with --yes to accept without being asked.", file=sys.stderr)
            return False
        return input("Accept and store them in your wallet? [y/N] ").strip().lower() in (
            "y", "yes")

    def tx_code(self, spec: TxCode, attempt: int, problem: str | None) -> str | None:
        if problem:
            print(problem, file=sys.stderr)
        if not self.interactive:
            return None
        hint = spec.description or "The issuer sent you a code"
        shape = f"{spec.length} {'digits' if spec.input_mode == 'numeric' else 'characters'}" \
            if spec.length else ("digits" if spec.input_mode == "numeric" else "text")
        code = input(f"{hint} ({shape}): ").strip()
        return code or None

    def authorize(self, url: str) -> None:
        print(f"Sign in with the issuer to continue:\n  {url}")
        webbrowser.open(url)

    def progress(self, message: str) -> None:
        print(f"… {message}", file=sys.stderr)


def _offer_text(offer: str) -> str:
    """An offer link as given, or read from a QR image or a text file."""
    if offer.startswith(("openid-credential-offer://", "https://", "http://", "haip://",
                         "openid-vc://")):
        return offer
    path = Path(offer)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{offer} is neither an offer link nor a readable file "
                         f"({exc.strerror})") from None
    if data[:8] == b"\x89PNG\r\n\x1a\n" or data[:3] == b"\xff\xd8\xff" or data[:4] in (
            b"GIF8", b"RIFF"):
        from wallet.exchange.qr import decode_qr

        texts = decode_qr(data)
        return texts[0]
    return data.decode("utf-8", "replace").strip()


def report_received(result: ReceiveResult) -> None:
    for added in result.stored:
        s = added.summary
        note = "already in your wallet" if added.duplicate else {
            "verified": "verified", "warning": "verified, with warnings",
            "failed": "kept, but NOT currently valid"}[s.verdict]
        print(f"received {s.name!r} from {s.issuer_name or s.issuer} as {s.id[:8]} ({note})")
    for reason in result.rejected:
        print(f"rejected: {reason}", file=sys.stderr)
    if result.pending:
        print(f"{len(result.pending)} credential(s) will be ready later; "
              "`wallet receive --pending` collects them")


def cmd_receive(args: argparse.Namespace) -> int:
    from wallet.cli_vault import _ensure_profile, _service
    from wallet.exchange.http import HttpFetcher

    service = _service(args, online=False)
    http = HttpFetcher(dev=args.dev)
    try:
        _ensure_profile(service)
        receiver = Receiver(service, http, locale=os.environ.get("LANG", "en")[:2])
        if args.pending:
            result = receiver.poll_pending(wait=True, timeout=args.wait)
        elif not args.offer:
            raise InputError("give an OFFER (link, QR image or file), or --pending")
        else:
            result = receiver.receive(_offer_text(args.offer), TerminalUI(assume_yes=args.yes),
                                      tx_code=args.tx_code)
        report_received(result)
        return EXIT_OK if not result.rejected else EXIT_FAILED
    except ExchangeError as exc:
        print(f"wallet receive: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except (WalletError, OSError) as exc:
        print(f"wallet receive: {describe_error(exc)}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, (ProfileError, OSError, InputError)) else \
            EXIT_FAILED
    finally:
        http.close()
        service.close()


def _standard_offers(issuer) -> list[tuple[str, str]]:  # noqa: ANN001 - DemoIssuer
    from wallet.exchange.demo_issuer import OfferOptions

    return [
        ("Data Analysis Fundamentals + Teamwork (pre-authorized)",
         issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork")))),
        ("Python Programming I, with transaction code 4711",
         issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))),
        ("CLR 2.0 transcript, after a (demo) sign-in",
         issuer.create_offer(OfferOptions(credentials=("transcript",),
                                          flow="authorization_code"))),
        ("Professional Communication as VC-JWT", issuer.create_offer(
            OfferOptions(credentials=("communication-jwt",)))),
        ("Data Visualization from a draft 13 issuer", issuer.create_offer(
            OfferOptions(credentials=("visualization",), draft13=True))),
        ("Teamwork, issued later (deferred)", issuer.create_offer(
            OfferOptions(credentials=("teamwork",), deferred=5.0))),
        ("A programme of 10 course badges in one offer", issuer.create_offer(
            OfferOptions(batch=10))),
    ]


def _print_offers(offers: list[tuple[str, str]], *, qr_first: bool = True) -> None:
    from wallet.exchange.qr import qr_terminal

    for n, (label, link) in enumerate(offers):
        print(f"\n== {label}")
        if qr_first and n == 0:
            print(qr_terminal(link))
        print(link)


def cmd_issuer(args: argparse.Namespace) -> int:
    from wallet.exchange.demo_issuer import DemoIssuer
    from wallet.exchange.server import serve_in_thread

    made: dict[str, DemoIssuer] = {}

    def factory(url: str):  # noqa: ANN202
        made["issuer"] = DemoIssuer(url)
        return made["issuer"].app()

    try:
        server = serve_in_thread(factory, host=args.host, port=args.port)
    except OSError as exc:
        print(f"wallet issuer: cannot listen on {args.host}:{args.port} ({exc.strerror})",
              file=sys.stderr)
        return EXIT_USAGE
    issuer = made["issuer"]
    print(f"Demo issuer at {server.url} (DID {issuer.did}); its page lists open offers.")
    print("Receive with: wallet receive --dev '<offer link>'")
    _print_offers(_standard_offers(issuer))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nstopping the demo issuer")
    finally:
        server.stop()
    return EXIT_OK


def cmd_ui(args: argparse.Namespace) -> int:
    from wallet.ui import run_app
    from wallet.ui.controller import AppController

    controller = AppController(args.home, dev=args.dev, share_server=args.share_server,
                               passphrase=os.environ.get("WALLET_PASSPHRASE"))
    try:
        run_app(controller, web=args.web, port=args.port, open_browser=not args.no_browser)
    finally:
        controller.close()
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    """The main job: the demo issuer, a share service and the wallet app, with an offer ready
    to accept (``--cli``: the same in the terminal)."""
    if not args.cli:
        return _demo_app(args)
    return _demo_cli(args)


def _demo_app(args: argparse.Namespace) -> int:
    from wallet.exchange.demo_issuer import DemoIssuer, OfferOptions
    from wallet.exchange.server import serve_in_thread
    from wallet.exchange.share import ShareServer
    from wallet.exchange.share_store import open_store
    from wallet.storage.paths import wallet_home
    from wallet.ui import run_app
    from wallet.ui.controller import AppController

    home = Path(args.home) if args.home else wallet_home() / "demo"
    home.mkdir(parents=True, exist_ok=True)
    made: dict[str, DemoIssuer] = {}

    def issuer_factory(url: str):  # noqa: ANN202
        made["issuer"] = DemoIssuer(url)
        return made["issuer"].app()

    issuer_server = serve_in_thread(issuer_factory)
    share_server = serve_in_thread(lambda url: ShareServer(
        url, open_store(None, default_path=str(home / "shares.db")), dev=True).app())
    issuer = made["issuer"]
    first = issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork")))
    print(f"Demo issuer: {issuer_server.url} (its page lists offers to try)")
    print(f"Share service: {share_server.url}")
    print("An offer is ready in the app's Receive screen; more offers, one with transaction "
          "code 4711:")
    _print_offers(_standard_offers(issuer), qr_first=False)
    controller = AppController(home, dev=True, share_server=share_server.url,
                               passphrase=os.environ.get("WALLET_PASSPHRASE"), demo=True)
    try:
        run_app(controller, web=True, port=args.port, first_offer=first,
                open_browser=not args.no_browser)
    finally:
        controller.close()
        share_server.stop()
        issuer_server.stop()
    return EXIT_OK


def _demo_competencies(service: Any, home: Path) -> None:
    """The badges' competencies, against the sample framework they align to."""
    from wallet.cli_competency import sample_framework

    if not service.list_frameworks():
        service.import_framework(sample_framework().read_bytes(), source="sample")
    cmap = service.competency_map()
    print("\nCompetencies your badges show (the sample CASE framework):")
    for fid, framework in cmap.frameworks.items():
        for _depth, comp in cmap.tree(fid):
            if comp.credentials:
                print(f"  {comp.label}  [{comp.level_name}]")
        areas = ", ".join(f"{name} {score:.1f}/4" for name, score in cmap.areas(fid))
        print(f"  Areas of {framework.title}: {areas}")
    print(f"`wallet --home {home} competencies` shows the whole map.")


def _demo_cli(args: argparse.Namespace) -> int:
    """The terminal demo: a demo issuer, a demo wallet, an offer ready to accept."""
    from wallet.exchange.demo_issuer import DemoIssuer, OfferOptions
    from wallet.exchange.http import HttpFetcher
    from wallet.exchange.qr import qr_terminal
    from wallet.exchange.server import serve_in_thread
    from wallet.storage.paths import wallet_home
    from wallet.storage.protection import keyring_available
    from wallet.storage.service import WalletService

    made: dict[str, DemoIssuer] = {}

    def factory(url: str):  # noqa: ANN202
        made["issuer"] = DemoIssuer(url)
        return made["issuer"].app()

    server = serve_in_thread(factory)
    issuer = made["issuer"]
    home = Path(args.home) if args.home else wallet_home() / "demo"
    passphrase = os.environ.get("WALLET_PASSPHRASE") or "demo-wallet-passphrase"
    service = WalletService(home, passphrase_source=lambda _why: passphrase)
    http = HttpFetcher(dev=True)
    interactive = sys.stdin.isatty() and not args.yes
    try:
        print(f"Demo issuer running at {server.url}")
        print(f"Demo wallet in {home}")
        if not service.profiles.list():
            service.create_profile("Demo")
            if not keyring_available()[0]:
                shown = "$WALLET_PASSPHRASE" if "WALLET_PASSPHRASE" in os.environ \
                    else repr(passphrase)
                print(f"(no OS keyring here: the demo wallet's passphrase is {shown}; keep "
                      "real credentials in your own wallet)")
        print(f"Your DID in this wallet: {service.did}\n")
        link = issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork"),
                                                tx_code="4711"))
        print("An offer is ready. Scan it, or it is accepted right here:")
        print(qr_terminal(link))
        print(link)
        print("(the transaction code the issuer 'e-mailed' you is 4711)")
        receiver = Receiver(service, http)
        result = receiver.receive(link, TerminalUI(assume_yes=not interactive,
                                                   interactive=interactive),
                                  tx_code=None if interactive else "4711")
        report_received(result)
        for added in result.stored:
            print()
            print(render(service.get_credential(added.id).verification))  # type: ignore[arg-type]
        if result.stored and not args.once:
            rid = result.stored[0].id
            service.add_reflection("What I learned: how to clean a messy data set and explain "
                                   "it to others.", credential_ids=[rid])
            print("\nA reflection was added to the first badge; `wallet --home "
                  f"{home} show {rid[:8]}` shows it.")
        if result.stored:
            _demo_competencies(service, home)
        if interactive and not args.once:
            print("\nMore offers to try (another terminal: "
                  f"wallet --home {home} receive --dev '<link>'):")
            _print_offers(_standard_offers(issuer), qr_first=False)
            print("\nThe issuer keeps running; Ctrl-C stops it.")
            try:
                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                pass
        return EXIT_OK if result.stored and not result.rejected else EXIT_FAILED
    except WalletError as exc:
        print(f"wallet demo: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        http.close()
        service.close()
        server.stop()
