"""OpenID for Verifiable Credential Issuance 1.0 (draft 13 tolerated), the wallet's side:
:mod:`~wallet.exchange.oid4vci.messages` and :mod:`~wallet.exchange.oid4vci.requests` are
sans-I/O (parse what the issuer sends, prepare what the wallet sends), and
:mod:`~wallet.exchange.oid4vci.client` drives one offer over the HTTP policy (what it hands back:
:mod:`~wallet.exchange.oid4vci.received`; the browser sign-in's redirect listener:
:mod:`~wallet.exchange.oid4vci.loopback`)."""

from wallet.exchange.oid4vci.client import (
    Deferred,
    Holder,
    Issued,
    OfferedCredential,
    OfferPreview,
    Received,
    Receiver,
    TokenUI,
)
from wallet.exchange.oid4vci.messages import TxCode

__all__ = [
    "Deferred",
    "Holder",
    "Issued",
    "OfferPreview",
    "OfferedCredential",
    "Received",
    "Receiver",
    "TokenUI",
    "TxCode",
]
