"""Servers of ours for demos and tests (not wire code of the wallet): the demo issuer
(:mod:`wallet.demo.issuer`, the OID4VCI app; :mod:`wallet.demo.catalog`, the credentials it
issues; :mod:`wallet.demo.pages`, its HTML) and the function that starts it
(:mod:`wallet.demo.servers`)."""

from wallet.demo.catalog import DemoCatalog, Recipient, read_catalog
from wallet.demo.issuer import DemoIssuer, OfferOptions
from wallet.demo.servers import (
    DemoIssuerServer,
    demo_trust_list,
    serve_demo_issuer,
    standard_offers,
)

__all__ = [
    "DemoCatalog",
    "DemoIssuer",
    "DemoIssuerServer",
    "OfferOptions",
    "Recipient",
    "demo_trust_list",
    "read_catalog",
    "serve_demo_issuer",
    "standard_offers",
]
