"""The demo issuer on this computer — one function that starts it, for the main job, the
benchmarks and the tests — and the offers the demo prints."""

from __future__ import annotations

import json
from dataclasses import dataclass

from wallet.demo.issuer import DemoIssuer, OfferOptions
from wallet.exchange.server import RunningServer, serve_in_thread
from wallet.verification.trust import OUR_FORMAT

__all__ = ["DemoIssuerServer", "demo_trust_list", "serve_demo_issuer", "standard_offers"]


@dataclass
class DemoIssuerServer:
    """The demo issuer, serving at :attr:`url` until :meth:`stop`."""

    server: RunningServer
    issuer: DemoIssuer

    @property
    def url(self) -> str:
        return self.server.url

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> DemoIssuerServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve_demo_issuer(*, host: str = "127.0.0.1", port: int = 0) -> DemoIssuerServer:
    """Start the demo issuer (a fresh key) on ``host``, on a port chosen at run time unless
    ``port`` is given; it knows its own URL."""
    made: dict[str, DemoIssuer] = {}

    def factory(url: str) -> object:
        made["issuer"] = DemoIssuer(url)
        return made["issuer"].app()

    server = serve_in_thread(factory, host=host, port=port)
    return DemoIssuerServer(server, made["issuer"])


def standard_offers(issuer: DemoIssuer) -> list[tuple[str, str]]:
    """The offers the demo prints, each (what it is, the offer link)."""
    return [
        (
            "Data Analysis Fundamentals + Teamwork (pre-authorized)",
            issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork"))),
        ),
        (
            "Python Programming I, with transaction code 4711",
            issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711")),
        ),
        (
            "CLR 2.0 transcript, after a (demo) sign-in",
            issuer.create_offer(
                OfferOptions(credentials=("transcript",), flow="authorization_code")
            ),
        ),
        (
            "Professional Communication as VC-JWT",
            issuer.create_offer(OfferOptions(credentials=("communication-jwt",))),
        ),
        (
            "Data Visualization from a draft 13 issuer",
            issuer.create_offer(OfferOptions(credentials=("visualization",), draft13=True)),
        ),
        (
            "Teamwork, issued later (deferred)",
            issuer.create_offer(OfferOptions(credentials=("teamwork",), deferred=5.0)),
        ),
        (
            "A programme of 10 course badges in one offer",
            issuer.create_offer(OfferOptions(batch=10)),
        ),
    ]


def demo_trust_list(issuer: DemoIssuer) -> bytes:
    """The demo's trust list (the format of :mod:`wallet.verification.trust`): the demo issuer's
    DID, so
    that the demo is green for the right reason — a list the learner keeps says who it is."""
    return json.dumps(
        {
            "format": OUR_FORMAT,
            "name": "Demo issuers",
            "entries": [
                {
                    "id": issuer.did,
                    "name": "Riverside Community College (demo issuer)",
                    "url": issuer.base,
                }
            ],
        }
    ).encode()
