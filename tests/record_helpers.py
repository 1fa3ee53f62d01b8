"""A shared record as the issue's tests need it, built without servers: three credentials from
the demo catalog (a grade with its label and CASE alignments, a VC-JWT, a CLR transcript), the
learner Jimin Park named by the issuer (plain name, hashed email), a Markdown reflection with a
heading, a list and a link, a Korean one, and a small artifact — verified online against the
catalog's status list and recognised by the demo's trust list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo.catalog import DemoCatalog, Recipient
from wallet.errors import FetchError
from wallet.fetch import FetchResponse
from wallet.presenting.identity import LearnerIdentity
from wallet.presenting.present import ArtifactInput, CredentialInput, ReflectionInput, compose
from wallet.result import VerificationResult
from wallet.verification.trust import OUR_FORMAT, TrustLists, parse_trust_list
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER_KEY = Ed25519KeyPair.from_seed(bytes(range(32)))
LEARNER_KEY = Ed25519KeyPair.from_seed(bytes(range(1, 33)))
BASE = "https://riverside.example.edu"
JIMIN = LearnerIdentity(
    name="Jimin Park",
    headline="Data analyst · Riverside CC graduate",
    links=("https://portfolio.example/jimin",),
    email="jimin.park@example.edu",
)
REFLECTION = """## What I learned

Cleaning **messy** survey data taught me three things:

- check every column's type first
- keep the raw file untouched
- write the steps down ([my notes](https://portfolio.example/jimin/notes))
"""
KOREAN_TITLE = "데이터 분석 프로젝트 회고"
KOREAN_REFLECTION = "## 배운 점\n\n- 데이터 정제의 중요성\n- 팀원과의 협업"
CHALLENGE, DOMAIN = "share-1", "https://share.example"


class CatalogFetcher:
    """Answers the catalog's status list URL (as its issuer would); refuses the rest."""

    def __init__(self, catalog: DemoCatalog) -> None:
        self.catalog = catalog

    def get(self, url: str, *, accept: str = "application/json") -> FetchResponse:
        if url == self.catalog.status_list_url:
            body = json.dumps(self.catalog.status_list_credential()).encode()
            return FetchResponse(url, 200, "application/json", body)
        raise FetchError(f"no such document: {url}")

    def get_within(
        self, url: str, timeout: float, *, accept: str = "application/json"
    ) -> FetchResponse:
        return self.get(url, accept=accept)


@dataclass
class SampleRecord:
    presentation: dict[str, Any]
    result: VerificationResult
    catalog: DemoCatalog
    now: datetime


def trust() -> TrustLists:
    data = json.dumps(
        {
            "format": OUR_FORMAT,
            "name": "Demo issuers",
            "entries": [{"id": ISSUER_KEY.did, "name": "Riverside Community College"}],
        }
    )
    return TrustLists((parse_trust_list(data),))


def credentials(catalog: DemoCatalog, recipient: Recipient | None = None) -> list[Any]:
    recipient = recipient or Recipient(JIMIN.name, JIMIN.email)
    return [
        catalog.issue(c, LEARNER_KEY.did, recipient=recipient)
        for c in ("data-analysis", "python-jwt", "transcript")
    ]


def sample_record(
    *,
    learner: LearnerIdentity | None = JIMIN,
    title: str = "Job application: data analyst",
    recipient: Recipient | None = None,
) -> SampleRecord:
    catalog = DemoCatalog(BASE, ISSUER_KEY)
    issued = credentials(catalog, recipient)
    inputs = [CredentialInput(f"c{i}", c) for i, c in enumerate(issued)]
    reflections = [
        ReflectionInput("r1", "Cleaning survey data", REFLECTION, ("c0",)),
        ReflectionInput("r2", KOREAN_TITLE, KOREAN_REFLECTION, ("c1",)),
    ]
    artifacts = [
        ArtifactInput(
            "a1",
            "analysis-report.pdf",
            "application/pdf",
            b"%PDF-1.4 a small report",
            None,
            ("c0",),
        )
    ]
    now = datetime.now(UTC)
    composed = compose(
        inputs,
        holder=LEARNER_KEY.signer(),
        holder_did=LEARNER_KEY.did,
        learner=learner,
        reflections=reflections,
        artifacts=artifacts,
        title=title,
        challenge=CHALLENGE,
        domain=DOMAIN,
        expires_in=timedelta(days=7),
        now=now,
    )
    result = verify_document(
        composed.presentation,
        VerifyOptions(
            fetcher=CatalogFetcher(catalog), trust=trust(), challenge=CHALLENGE, domain=DOMAIN
        ),
    )
    return SampleRecord(composed.presentation, result, catalog, now)
