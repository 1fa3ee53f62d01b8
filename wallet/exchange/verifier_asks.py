"""What our verifier asks for and what it keeps of a request: the :class:`Ask` rows an employer
fills in, the queries built from them (a DCQL query for OpenID4VP, VCALM Query by Example for a
``vcapi`` exchange), and the records of an open request (:class:`VpRequest`), its answer
(:class:`Answer`) and each presentation checked in it (:class:`PresentationCheck`).

:mod:`wallet.exchange.verifier` creates the requests, signs the request objects and checks the
answers (and re-exports these names).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from wallet.exchange import verifier_guard as guard
from wallet.result import VerificationResult

__all__ = [
    "TYPE_IRIS",
    "VC",
    "Answer",
    "Ask",
    "PresentationCheck",
    "VpRequest",
    "build_dcql",
    "example_queries",
]

VC = "https://www.w3.org/2018/credentials#VerifiableCredential"
TYPE_IRIS = {
    "OpenBadgeCredential": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    "ClrCredential": "https://purl.imsglobal.org/spec/vc/clr/vocab.html#ClrCredential",
    "VerifiableCredential": VC,
}


@dataclass(frozen=True)
class Ask:
    """One row of what the employer asks for."""

    type: str = "OpenBadgeCredential"  # or "ClrCredential", "VerifiableCredential" (any)
    issuer: str | None = None
    competency: str | None = None  # a CASE item URI, or its name
    count: int = 1
    format: str = "any"  # "ldp_vc", "jwt_vc_json" or "any"

    def label(self) -> str:
        kind = {"OpenBadgeCredential": "Open Badge", "ClrCredential": "learner record (CLR)"}.get(
            self.type, "credential"
        )
        article = "an" if kind[0] in "AEIOU" else "a"
        parts = [f"{self.count} × {kind}" if self.count > 1 else f"{article} {kind}"]
        if self.competency:
            parts.append(f"showing the competency {self.competency}")
        if self.issuer:
            parts.append(f"issued by {self.issuer}")
        return " ".join(parts)


@dataclass
class PresentationCheck:
    query: str
    format: str
    result: VerificationResult | None  # an ldp_vc presentation, verified by
    # wallet.verification.verify
    credentials: list[tuple[Any, VerificationResult]] = field(default_factory=list)
    document: Any = None  # the presentation as received
    problems: list[str] = field(default_factory=list)
    holder: str | None = None
    # who the holder says they are (a VP-JWT's ``vp.holder`` Profile, under their verified
    # signature): their own claim, shown as theirs (an ldp_vc presentation's view reads it
    # from the document itself)
    identity: Any = None
    # the Open Badges 2.0 badges a learner record carries, verified again the OB 2.0 way
    # (wallet.ob2.carried); never answering the query, never green unless each verified
    badges: tuple[Any, ...] = ()

    @property
    def verified(self) -> bool:
        return (
            not self.problems
            and (self.result is None or self.result.verified)
            and all(r.verified for _c, r in self.credentials)
            and all(b.result.verified for b in self.badges)
        )


@dataclass
class Answer:
    protocol: str  # "oid4vp" | "vcapi"
    presentations: list[PresentationCheck]
    problems: list[str] = field(default_factory=list)  # the query not answered
    received: float = field(default_factory=time.time)

    @property
    def verified(self) -> bool:
        return (
            not self.problems
            and bool(self.presentations)
            and all(p.verified for p in self.presentations)
        )


@dataclass
class VpRequest:
    id: str
    page_token: str
    nonce: str
    state: str
    asks: tuple[Ask, ...]
    purpose: str
    prefix: str
    client_id: str
    response_mode: str
    request_uri_method: str
    dcql: dict[str, Any]
    expires: float
    counts: dict[str, int]  # credential query id → how many are asked for
    enc_key: Any = None  # joserfc EC key for direct_post.jwt
    status: str = "waiting"  # "answered"
    answer: Answer | None = None
    declined: str | None = None  # a decline reported (unauthenticated: the request stays open)
    attempts: int = 0
    wallet_nonce: str | None = None
    events: list[dict[str, Any]] = field(default_factory=list)  # what the verifier saw
    client: str = ""  # who asked (a hash of the client address), for the per-client bound
    answer_cost: int = 0  # the kept answer's estimated size (verifier_guard.answer_cost)

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires

    def note(self, event: dict[str, Any]) -> None:
        """Record what the verifier saw, keeping the last :data:`~verifier_guard.MAX_EVENTS`."""
        self.events.append(event)
        if len(self.events) > guard.MAX_EVENTS:
            del self.events[: len(self.events) - guard.MAX_EVENTS]


def build_dcql(asks: Sequence[Ask], purpose: str = "") -> tuple[dict[str, Any], dict[str, int]]:
    """The DCQL query for ``asks``: per row one credential query per format (``credential_sets``
    offering either when the format is "any"), claims for issuer (object or string: two
    ``claim_sets`` options) and competency (an alignment's ``targetUrl`` or ``targetName``).
    ``purpose`` (why the employer asks) goes in each credential set's ``purpose``, where
    OpenID4VP's drafts put it for the wallet to show (1.0 wallets ignore it); with one, the
    sets are always sent (a set of one option, required, asks exactly what its query does)."""
    credentials: list[dict[str, Any]] = []
    sets: list[dict[str, Any]] = []
    counts: dict[str, int] = {}
    for n, ask in enumerate(asks, 1):
        iris = [VC] + (
            [TYPE_IRIS[ask.type]]
            if ask.type in TYPE_IRIS and ask.type != "VerifiableCredential"
            else []
        )
        claims: list[dict[str, Any]] = []
        claim_sets: list[list[str]] = []
        if ask.competency:
            key = "targetUrl" if "://" in ask.competency else "targetName"
            claims.append(
                {
                    "id": "competency",
                    "path": ["credentialSubject", "achievement", "alignment", None, key],
                    "values": [ask.competency],
                }
            )
        if ask.issuer:
            claims += [
                {"id": "issuer_id", "path": ["issuer", "id"], "values": [ask.issuer]},
                {"id": "issuer", "path": ["issuer"], "values": [ask.issuer]},
            ]
            rest = [c["id"] for c in claims if not c["id"].startswith("issuer")]
            claim_sets = [[*rest, "issuer_id"], [*rest, "issuer"]]
        formats = ["ldp_vc", "jwt_vc_json"] if ask.format == "any" else [ask.format]
        ids = []
        for fmt in formats:
            qid = f"c{n}_{'ldp' if fmt == 'ldp_vc' else 'jwt'}"
            query: dict[str, Any] = {"id": qid, "format": fmt, "meta": {"type_values": [iris]}}
            if ask.count > 1:
                query["multiple"] = True
            if claims:
                query["claims"] = claims
            if claim_sets:
                query["claim_sets"] = claim_sets
            credentials.append(query)
            counts[qid] = ask.count
            ids.append(qid)
        sets.append({"options": [[i] for i in ids], "required": True})
    dcql: dict[str, Any] = {"credentials": credentials}
    if purpose.strip():
        for entry in sets:
            entry["purpose"] = purpose.strip()
    if purpose.strip() or any(len(s["options"]) > 1 for s in sets):
        dcql["credential_sets"] = sets
    return dcql, counts


def example_queries(asks: Sequence[Ask], purpose: str = "") -> list[dict[str, Any]]:
    """The same asks as VCALM QueryByExample queries (one group: all of them); each query's
    ``reason`` is ``purpose`` (why the employer asks) when there is one."""
    out = []
    for ask in asks:
        example: dict[str, Any] = {"type": [ask.type]}
        if ask.competency:
            key = "targetUrl" if "://" in ask.competency else "targetName"
            example["credentialSubject"] = {"achievement": {"alignment": {key: ask.competency}}}
        query: dict[str, Any] = {
            "reason": purpose.strip() or f"We ask for {ask.label()}.",
            "example": example,
        }
        if ask.issuer:
            query["acceptedIssuers"] = [ask.issuer]
        out.append({"type": "QueryByExample", "group": "all", "credentialQuery": query})
    return out
