"""What the demo issuer (:mod:`wallet.demo.issuer`) offers: its credential configurations and
the metadata a wallet reads before it asks (the OID4VCI issuer metadata, in English and Korean
with its logo, and the authorization server's), for OID4VCI 1.0 and draft 13; and the offers
themselves (:class:`OfferOptions`, :class:`Offer`, the ``openid-credential-offer://`` link by
value or by reference).

:class:`IssuerOffers` is the issuer's part that does this; :class:`~wallet.demo.issuer.DemoIssuer`
holds the state it uses (``base``, ``lock``, ``offers``, ``by_pre_code``).
"""

from __future__ import annotations

import json
import secrets
import threading
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from wallet.demo.catalog import JWT_VC_JSON, Recipient, offerings, read_catalog
from wallet.exchange.oid4vci.messages import PRE_AUTHORIZED_GRANT

__all__ = ["IssuerOffers", "Offer", "OfferOptions"]


@dataclass(frozen=True)
class OfferOptions:
    credentials: tuple[str, ...] = ("data-analysis",)  # configuration ids
    tx_code: str | None = None  # a pre-authorized offer protected by this code
    flow: str = "pre-authorized"  # or "authorization_code"
    draft13: bool = False
    deferred: float | None = None  # seconds until a deferred credential is ready
    batch: int = 0  # a batch offer of N course credentials (credential_identifiers)
    by_reference: bool = True
    recipient: Recipient | None = None  # who the issuer's records say the learner is
    # Misbehaviour, to show (and test) the wallet's defences: "stale-nonce" (the first proof
    # is answered with invalid_nonce), "other-subject", "bad-signature", "unknown-context".
    misbehave: str | None = None


@dataclass
class Offer:
    id: str
    options: OfferOptions
    pre_code: str | None
    issuer_state: str
    attempts: int = 0
    redeemed: bool = False


class IssuerOffers:
    """The demo issuer's metadata and offers (a part of :class:`~wallet.demo.issuer.DemoIssuer`,
    which sets the attributes below)."""

    base: str
    lock: threading.RLock
    offers: dict[str, Offer]
    by_pre_code: dict[str, Offer]

    # --- catalog → configurations ---------------------------------------------------------

    def configurations(self) -> dict[str, dict[str, Any]]:
        """``credential_configurations_supported``: one per :func:`offerings` entry."""
        out: dict[str, dict[str, Any]] = {}
        for offering in offerings():
            jwt = offering.format == JWT_VC_JSON
            definition: dict[str, Any] = {"type": ["VerifiableCredential", offering.type]}
            if not jwt:
                definition["@context"] = list(offering.contexts)
            # the name a person reads; the format (VC-JWT or not) is the configuration's, for
            # the details — never a technical word in the name
            display = [{"name": offering.name, "locale": "en-US"}]
            out[offering.configuration_id] = {
                "format": offering.format,
                "scope": offering.configuration_id,
                "cryptographic_binding_methods_supported": ["did:key"],
                "credential_signing_alg_values_supported": (
                    ["EdDSA"] if jwt else ["eddsa-rdfc-2022"]
                ),
                "proof_types_supported": {"jwt": {"proof_signing_alg_values_supported": ["EdDSA"]}},
                "credential_definition": definition,
                "credential_metadata": {"display": display},
                "display": display,  # draft 13 placement
            }
        return out

    def credential_issuer(self, draft13: bool) -> str:
        return self.base + ("/draft13" if draft13 else "")

    def issuer_metadata(self, draft13: bool) -> dict[str, Any]:
        issuer = self.credential_issuer(draft13)
        meta: dict[str, Any] = {
            "credential_issuer": issuer,
            "authorization_servers": [issuer],
            "credential_endpoint": f"{issuer}/credential",
            "deferred_credential_endpoint": f"{issuer}/deferred_credential",
            "notification_endpoint": f"{issuer}/notification",
            "display": [
                {
                    "name": read_catalog()["issuer"]["name"],
                    "locale": "en-US",
                    "logo": {
                        "uri": f"{self.base}/images/transcript.svg",
                        "alt_text": "Riverside Community College",
                    },
                    **read_catalog()["display"],
                },
                {
                    "name": "리버사이드 커뮤니티 칼리지 (데모 발급기관)",
                    "locale": "ko-KR",
                    **read_catalog()["display"],
                },
            ],
            "credential_configurations_supported": self.configurations(),
        }
        if draft13:
            meta["batch_credential_endpoint"] = f"{issuer}/batch_credential"
        else:
            meta["nonce_endpoint"] = f"{issuer}/nonce"
            meta["batch_credential_issuance"] = {"batch_size": 10}
        return meta

    def authorization_server_metadata(self, draft13: bool) -> dict[str, Any]:
        issuer = self.credential_issuer(draft13)
        return {
            "issuer": issuer,
            "token_endpoint": f"{issuer}/token",
            "authorization_endpoint": f"{issuer}/authorize",
            "response_types_supported": ["code"],
            "grant_types_supported": ["authorization_code", PRE_AUTHORIZED_GRANT],
            "code_challenge_methods_supported": ["S256"],
            "pre-authorized_grant_anonymous_access_supported": True,
        }

    # --- offers ---------------------------------------------------------------------------

    def create_offer(self, options: OfferOptions | None = None) -> str:
        """A new offer; returns its ``openid-credential-offer://`` link."""
        options = options or OfferOptions()
        known = self.configurations()
        for cid in options.credentials:
            if cid not in known:
                raise ValueError(f"unknown credential {cid!r}")
        if options.batch:
            options = OfferOptions(**{**options.__dict__, "credentials": ("course",)})
        offer = Offer(
            uuid.uuid4().hex,
            options,
            secrets.token_urlsafe(24) if options.flow == "pre-authorized" else None,
            secrets.token_urlsafe(16),
        )
        with self.lock:
            self.offers[offer.id] = offer
            if offer.pre_code:
                self.by_pre_code[offer.pre_code] = offer
        if options.by_reference:
            uri = f"{self.credential_issuer(options.draft13)}/offers/{offer.id}"
            return "openid-credential-offer://?" + urlencode({"credential_offer_uri": uri})
        return "openid-credential-offer://?" + urlencode(
            {"credential_offer": json.dumps(self.offer_json(offer), separators=(",", ":"))}
        )

    def offer_json(self, offer: Offer) -> dict[str, Any]:
        grants: dict[str, Any] = {}
        if offer.pre_code:
            grant: dict[str, Any] = {"pre-authorized_code": offer.pre_code}
            if offer.options.tx_code:
                grant["tx_code"] = {
                    "input_mode": "numeric" if offer.options.tx_code.isdigit() else "text",
                    "length": len(offer.options.tx_code),
                    "description": "Enter the code we e-mailed you",
                }
            grants[PRE_AUTHORIZED_GRANT] = grant
        else:
            grants["authorization_code"] = {"issuer_state": offer.issuer_state}
        return {
            "credential_issuer": self.credential_issuer(offer.options.draft13),
            "credential_configuration_ids": list(offer.options.credentials),
            "grants": grants,
        }
