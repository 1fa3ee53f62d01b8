"""Servers of ours for demos and tests (not wire code of the wallet): the demo issuer
(:mod:`wallet.demo.issuer`) and the function that starts it (:mod:`wallet.demo.servers`)."""

from wallet.demo.issuer import DemoIssuer, OfferOptions, catalog
from wallet.demo.servers import (
    DemoIssuerServer,
    demo_trust_list,
    serve_demo_issuer,
    standard_offers,
)

__all__ = ["DemoIssuer", "DemoIssuerServer", "OfferOptions", "catalog", "demo_trust_list",
           "serve_demo_issuer", "standard_offers"]
