"""What receiving an offer hands back (:mod:`wallet.exchange.oid4vci.client`): the credentials
the issuer sent (:class:`Issued`, exactly as sent: not yet verified, nor known to be the
holder's), those it will issue later (:class:`Deferred`: what is needed to ask again, also after a
restart) and where to tell the issuer what became of each (:class:`Notice`, OID4VCI §11).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wallet.exchange.oid4vci import messages as m

__all__ = ["Deferred", "Issued", "Notice", "Received"]


@dataclass(frozen=True)
class Notice:
    """Where and how to tell the issuer what became of a credential (OID4VCI §11)."""

    endpoint: str | None
    token: m.TokenResponse
    notification_id: str | None


@dataclass(frozen=True)
class Issued:
    """A credential the issuer sent, exactly as it sent it — not yet verified, nor known to be
    the holder's (the caller decides: :mod:`wallet.services.admission`)."""

    credential: str | dict[str, Any]  # a VC-JWT, or a JSON object (Data Integrity)
    format: str  # the credential configuration's format (``ldp_vc``, ``jwt_vc_json``, …)
    issuer: str  # the credential issuer identifier
    configuration: str  # the credential configuration id
    notice: Notice


@dataclass(frozen=True)
class Deferred:
    """A credential the issuer will issue later: what is needed to ask for it again. The
    transaction id and access token are secrets (keep them encrypted)."""

    issuer: str
    issuer_name: str
    configuration: str
    name: str
    endpoint: str
    notification_endpoint: str | None
    interval: float
    next_poll: float  # seconds since the epoch
    draft13: bool
    transaction_id: str
    access_token: str
    token_type: str = "Bearer"
    format: str = ""  # the credential configuration's format, when known


@dataclass
class Received:
    issued: list[Issued] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # deferred ones the issuer has forgotten
