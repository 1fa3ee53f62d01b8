"""The verification result: one entry per check, never patched after it is built."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AUTHENTICITY_CHECKS",
    "Check",
    "CheckId",
    "EvidenceCheck",
    "Outcome",
    "VerificationResult",
]


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    WARNING = "warning"
    SKIPPED = "skipped"


class CheckId(StrEnum):
    """The checks a verification runs, in the order they are reported."""

    FORMAT = "format"  # the input could be read (JSON, JWT, baked badge)
    STRUCTURE = "structure"  # W3C VC / OB 3.0 / CLR 2.0 structural rules
    JSONLD = "jsonld"  # contexts bundled, every term defined (safe mode)
    PROOF = "proof"  # a supported proof by the issuer verifies
    ISSUER_BINDING = "issuer_binding"  # the signing key belongs to the issuer
    VALIDITY = "validity"  # validFrom / validUntil (issuanceDate / expirationDate)
    STATUS = "status"  # revocation / suspension status lists
    ENDORSEMENTS = "endorsements"  # endorsements carried inside the credential
    NESTED = "nested"  # CLR: every credential inside the ClrSubject
    HOLDER_BINDING = "holder_binding"  # presentation: signed by the holder
    CHALLENGE = "challenge"  # presentation: challenge and domain as expected
    CLAIMS = "claims"  # learner-signed CLR: every achievement backed by an issuer's credential
    EVIDENCE = "evidence"  # evidence with a digestMultibase: the content matches


# A credential failing one of these is not authentic or not readable, and is not kept. One that
# is only expired or revoked is genuine (kept in the wallet, marked as failed).
AUTHENTICITY_CHECKS = frozenset({CheckId.FORMAT, CheckId.STRUCTURE, CheckId.JSONLD,
                                 CheckId.PROOF, CheckId.ISSUER_BINDING, CheckId.NESTED})


class Check(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: CheckId
    outcome: Outcome
    message: str
    detail: str | None = None  # a machine-oriented reason code (e.g. "expired", "revoked")


class EvidenceCheck(BaseModel):
    """One piece of evidence in a credential; ``learner`` marks what the learner authored."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    name: str | None = None
    genre: str | None = None
    learner: bool = False
    outcome: Outcome = Outcome.SKIPPED  # of its integrity check (skipped: nothing to check)
    message: str = ""


class VerificationResult(BaseModel):
    """What :func:`wallet.verify.verify` returns for one credential or presentation.

    ``verified`` is true when no check failed and a proof passed. ``nested`` holds the results of
    credentials inside a CLR or a presentation, in document order; ``endorsements`` those of the
    endorsements a credential carries.
    """

    model_config = ConfigDict(frozen=True)

    verified: bool
    kind: str  # "credential" | "presentation"
    format: str  # "ldp_vc" | "jwt_vc" | "ldp_vp" | ...
    credential_id: str | None = None
    types: tuple[str, ...] = ()
    name: str | None = None
    issuer: str | None = None
    issuer_name: str | None = None
    checks: tuple[Check, ...] = ()
    nested: tuple[VerificationResult, ...] = Field(default_factory=tuple)
    endorsements: tuple[VerificationResult, ...] = Field(default_factory=tuple)
    evidence: tuple[EvidenceCheck, ...] = ()
    unsupported_claims: tuple[str, ...] = ()  # achievements a learner claims without backing

    def check(self, check_id: CheckId | str) -> Check | None:
        """The first check with that id, if it ran."""
        for c in self.checks:
            if c.id == check_id:
                return c
        return None

    @property
    def warnings(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is Outcome.WARNING)

    @property
    def failures(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is Outcome.FAILED)

    @property
    def authenticity_failures(self) -> tuple[Check, ...]:
        """The failed checks that make the credential not authentic or unreadable
        (:data:`AUTHENTICITY_CHECKS`); empty for one that is genuine (even if expired)."""
        return tuple(c for c in self.failures if c.id in AUTHENTICITY_CHECKS)
