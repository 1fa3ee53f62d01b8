"""What ``wallet demo`` and ``wallet issuer`` run (:mod:`wallet.cli.demo` registers them and
imports this module when one runs): the demo issuer, the terminal demo, and the app's demo —
its servers and wallet, prepared while the browser loads the app."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    echo,
    serve_until_interrupted,
    visible,
)
from wallet.cli.receive import TerminalUI, report_received
from wallet.demo import (
    DemoIssuer,
    OfferOptions,
    demo_trust_list,
    serve_demo_issuer,
    standard_offers,
)
from wallet.errors import WalletError
from wallet.record.report import describe_error, render
from wallet.services import WalletService, default_home
from wallet.services.presenting import qr_text
from wallet.services.serving import RunningShareService, serve_share_service

if TYPE_CHECKING:
    from wallet.ui import Prepared

__all__ = ["cmd_issuer", "demo_cli", "demo_home", "prepare_demo"]

DEMO_PASSPHRASE = "demo-wallet-passphrase"


def _print_offers(offers: list[tuple[str, str]], *, qr_first: bool = True) -> None:
    for n, (label, link) in enumerate(offers):
        echo(f"\n== {label}")
        if qr_first and n == 0:
            echo(qr_text(link))
        echo(link)


def _print_requests(shares: RunningShareService, issuer: DemoIssuer) -> None:
    """The other direction: an employer's request to answer, and a VC-API delivery."""
    asked = shares.ask(competency="Clean and prepare tabular data")
    echo(
        '\n== An employer asks for a badge showing "Clean and prepare tabular data" '
        "(in the app: Present → Respond to a request, paste the link; in a terminal: "
        "wallet respond --dev '<link>')"
    )
    echo(asked.link)
    echo(f"   the employer's page, where the answer appears: {asked.page}")
    echo(f"   the same request as a VCALM interaction URL: {asked.interaction}")
    echo(
        "\n== Teamwork, delivered by a VC-API exchange (Respond to a request in the app, "
        "or wallet respond --dev '<link>')"
    )
    echo(issuer.delivery.create(("teamwork",)))


def cmd_issuer(args: argparse.Namespace) -> int:
    try:
        running = serve_demo_issuer(host=args.host, port=args.port)
    except OSError as exc:
        echo(
            f"wallet issuer: cannot listen on {args.host}:{args.port} ({exc.strerror})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    echo(f"Demo issuer at {running.url} (DID {running.issuer.did}); its page lists open offers.")
    echo("Receive with: wallet receive --dev '<offer link>'")
    _print_offers(standard_offers(running.issuer))
    return serve_until_interrupted(running.stop, farewell="stopping the demo issuer")


def _demo_competencies(wallet: WalletService, home: Path) -> None:
    """The badges' competencies, against the sample framework they align to."""
    if not wallet.competencies.list_frameworks():
        wallet.competencies.import_sample()
    cmap = wallet.competencies.map()
    echo("\nCompetencies your badges show (the sample CASE framework):")
    for fid, framework in cmap.frameworks.items():
        for _depth, comp in cmap.tree(fid):
            if comp.credentials:
                echo(f"  {visible(comp.label)}  [{visible(comp.level_name)}]")
        areas = ", ".join(f"{visible(name)} {score:.1f}/4" for name, score in cmap.areas(fid))
        echo(f"  Areas of {visible(framework.title)}: {areas}")
    echo(f"`wallet --home {home} competencies` shows the whole map.")


def demo_cli(args: argparse.Namespace, home: Path) -> int:
    """The terminal demo: a demo issuer, a demo wallet, an offer ready to accept."""
    running = serve_demo_issuer()
    home.mkdir(parents=True, exist_ok=True)
    shares = serve_share_service(database_url=str(home / "shares.db"), dev=True)
    passphrase = os.environ.get("WALLET_PASSPHRASE") or DEMO_PASSPHRASE
    wallet = WalletService(home, dev=True, passphrase_source=lambda _why: passphrase)
    interactive = sys.stdin.isatty() and not args.yes
    try:
        echo(f"Demo issuer running at {running.url}")
        echo(f"Demo wallet in {home}")
        if not wallet.profiles.exists():
            wallet.profiles.create("Demo")
            if not wallet.profiles.keyring_status()[0]:
                shown = (
                    "$WALLET_PASSPHRASE" if "WALLET_PASSPHRASE" in os.environ else repr(passphrase)
                )
                echo(
                    f"(no OS keyring here: the demo wallet's passphrase is {shown}; keep "
                    "real credentials in your own wallet)"
                )
        wallet.trust.import_bytes(demo_trust_list(running.issuer), source="demo")
        echo(f"Your DID in this wallet: {wallet.did}\n")
        return _demo_receive(
            args,
            wallet,
            running.issuer,
            home,
            interactive,
            then=lambda: _print_requests(shares, running.issuer),
        )
    except WalletError as exc:
        echo(f"wallet demo: {visible(describe_error(exc))}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        wallet.close()
        shares.stop()
        running.stop()


def _demo_receive(
    args: argparse.Namespace,
    wallet: WalletService,
    issuer: DemoIssuer,
    home: Path,
    interactive: bool,
    then: Callable[[], None] = lambda: None,
) -> int:
    link = issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "teamwork"), tx_code="4711")
    )
    echo("An offer is ready. Scan it, or it is accepted right here:")
    echo(qr_text(link))
    echo(link)
    echo("(the transaction code the issuer 'e-mailed' you is 4711)")
    result = wallet.receiving.receive(
        link,
        TerminalUI(assume_yes=not interactive, interactive=interactive),
        tx_code=None if interactive else "4711",
    )
    report_received(result)
    for added in result.stored:
        verification = wallet.credentials.get(added.id).verification
        if verification is not None:
            echo()
            echo(render(verification))
    if result.stored and not args.once:
        rid = result.stored[0].id
        wallet.portfolio.reflect(
            "What I learned: how to clean a messy data set and explain it to others.",
            credential_ids=[rid],
        )
        echo(
            "\nA reflection was added to the first badge; `wallet --home "
            f"{home} show {rid[:8]}` shows it."
        )
    if result.stored:
        _demo_competencies(wallet, home)
    then()
    if interactive and not args.once:
        echo(
            f"\nMore offers to try (another terminal: wallet --home {home} receive --dev '<link>'):"
        )
        _print_offers(standard_offers(issuer), qr_first=False)
        echo("\nThe issuer keeps running; Ctrl-C stops it.")
        serve_until_interrupted(lambda: None)
    return EXIT_OK if result.stored and not result.rejected else EXIT_FAILED


def demo_home(given: str | None) -> Path:
    """The demo wallet's home: ``--home``, else ``demo`` in the wallet's own home."""
    return Path(given) if given else default_home() / "demo"


def prepare_demo(home: Path) -> Prepared:
    """The demo's issuer and share service, started, and the demo wallet's app controller
    with an offer ready in Receive (what the app waits for before its first screen)."""
    from wallet.ui import Prepared
    from wallet.ui.controller import AppController

    home.mkdir(parents=True, exist_ok=True)
    issuer = serve_demo_issuer()
    trust = demo_trust_list(issuer.issuer)
    shares = serve_share_service(database_url=str(home / "shares.db"), dev=True, trust=[trust])
    first = issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork")))
    echo(f"Demo issuer: {issuer.url} (its page lists offers to try)")
    echo(f"Share service: {shares.url}")
    _print_requests(shares, issuer.issuer)
    echo(
        "An offer is ready in the app's Receive screen; more offers, one with transaction "
        "code 4711:"
    )
    _print_offers(standard_offers(issuer.issuer), qr_first=False)
    sys.stdout.flush()
    controller = AppController(
        home,
        dev=True,
        share_server=shares.url,
        passphrase=os.environ.get("WALLET_PASSPHRASE"),
        demo=True,
        demo_trust=trust,
    )

    def stop() -> None:
        controller.close()
        shares.stop()
        issuer.stop()

    return Prepared(controller, first, stop)
