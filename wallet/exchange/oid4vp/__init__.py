"""OpenID for Verifiable Presentations 1.0, the wallet's side:
:mod:`~wallet.exchange.oid4vp.messages` and :mod:`~wallet.exchange.oid4vp.requests` are sans-I/O
(parse what the verifier sends, prepare what the wallet sends), :mod:`~wallet.exchange.oid4vp.trust`
checks who signed a request, and :mod:`~wallet.exchange.oid4vp.client` drives one request over
the HTTP policy. The DCQL query is matched by core (:mod:`wallet.presenting.dcql`)."""

from wallet.exchange.oid4vp.client import Holder, Resolved, Responder, vp_token
from wallet.exchange.oid4vp.messages import AuthorizationRequest, VerifierAnswer
from wallet.exchange.oid4vp.trust import Signer

__all__ = [
    "AuthorizationRequest",
    "Holder",
    "Resolved",
    "Responder",
    "Signer",
    "VerifierAnswer",
    "vp_token",
]
