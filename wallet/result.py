"""The verification result: one entry per check, and the verdict they add up to — never patched
after it is built.

The verdict has four levels (:class:`Verdict`); authenticity, the issuer's identity and
conformance are separate questions, answered by separate checks:

==========================  =====  ==============================================================
level                       exit   when
==========================  =====  ==============================================================
``verified``                0      every check passed (or did not apply)
``verified_with_warnings``  0      authentic and bound to its issuer, with warnings: status
                                   unknown, conformance findings, an issuer no trust list
                                   recognises, …
``issuer_not_confirmed``    3      a valid signature, but nothing ties its key to the issuer
                                   named (``detail="issuer_not_confirmed"`` on a check)
``not_verified``            1      a check failed, or no supported proof verified
==========================  =====  ==============================================================
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "AUTHENTICITY_CHECKS",
    "NOT_CONFIRMED",
    "UNSIGNED_PRESENTATION",
    "Check",
    "CheckId",
    "EvidenceCheck",
    "Finding",
    "Outcome",
    "Recognition",
    "VerificationResult",
    "Verdict",
    "verdict_of",
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
    CONFORMANCE = "conformance"  # deviations from the specifications that keep the meaning
    RECOGNITION = "recognition"  # the issuer is on a trust list the user (or operator) keeps
    RECIPIENT = "recipient"  # Open Badges 2.0: the assertion names this learner (wallet.ob2.model)
    RELATED = "related_resources"  # VC 2.0 §5.3: related resources match their digests


class Verdict(StrEnum):
    """The four levels, everywhere the same (the CLI's exit code in :attr:`exit_code`)."""

    VERIFIED = "verified"
    WARNINGS = "verified_with_warnings"
    ISSUER_NOT_CONFIRMED = "issuer_not_confirmed"
    NOT_VERIFIED = "not_verified"

    @property
    def exit_code(self) -> int:
        return {
            "verified": 0,
            "verified_with_warnings": 0,
            "issuer_not_confirmed": 3,
            "not_verified": 1,
        }[self.value]

    @property
    def rank(self) -> int:
        """0 best … 3 worst."""
        return list(Verdict).index(self)


# A check's detail saying that a valid signature's key is not tied to the party named.
NOT_CONFIRMED = "issuer_not_confirmed"
# A presentation's proof check saying it is an unsigned envelope (an offline QR code's): what
# it proves is the credentials it carries, each checked by its own proof (the nested check).
UNSIGNED_PRESENTATION = "unsigned_presentation"


# A credential failing one of these is not authentic or not readable, and is not kept. One that
# is only expired or revoked is genuine (kept in the wallet, marked as failed).
AUTHENTICITY_CHECKS = frozenset(
    {
        CheckId.FORMAT,
        CheckId.STRUCTURE,
        CheckId.JSONLD,
        CheckId.PROOF,
        CheckId.ISSUER_BINDING,
        CheckId.NESTED,
    }
)


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


class Finding(BaseModel):
    """A deviation from a specification that does not change what the document means (a
    conformance finding): what, where, and the rule it departs from."""

    model_config = ConfigDict(frozen=True)

    code: str
    path: str
    message: str
    rule: str


class Recognition(BaseModel):
    """Who vouches for an issuer: the trust list that holds it and what the list calls it."""

    model_config = ConfigDict(frozen=True)

    list_name: str
    name: str | None = None  # the issuer's name as the list gives it
    url: str | None = None
    matched: str  # the DID, issuer URL or key id the list holds


def _envelope(checks: tuple[Check, ...] | list[Check]) -> bool:
    """An unsigned presentation whose credentials all passed their own checks."""
    return any(c.id is CheckId.PROOF and c.detail == UNSIGNED_PRESENTATION for c in checks) and any(
        c.id is CheckId.NESTED and c.outcome in (Outcome.PASSED, Outcome.WARNING) for c in checks
    )


def verdict_of(checks: tuple[Check, ...] | list[Check]) -> Verdict:
    """The level the checks add up to (see the module docstring). A proof check that could not
    be re-checked and says so with ``detail="issuer_not_confirmed"`` (an Open Badges 2.0 hosted
    badge offline: only its host can vouch for it) makes the issuer not confirmed, never
    verified. An unsigned presentation (``detail="unsigned_presentation"``) is as good as the
    credentials it carries (its nested check)."""
    if (
        any(c.outcome is Outcome.FAILED for c in checks)
        or not any(
            c.id is CheckId.PROOF and (c.outcome is Outcome.PASSED or c.detail == NOT_CONFIRMED)
            for c in checks
        )
        and not _envelope(checks)
    ):
        return Verdict.NOT_VERIFIED
    if any(c.detail == NOT_CONFIRMED for c in checks):
        return Verdict.ISSUER_NOT_CONFIRMED
    if any(c.outcome is Outcome.WARNING for c in checks):
        return Verdict.WARNINGS
    return Verdict.VERIFIED


class VerificationResult(BaseModel):
    """What :func:`wallet.verification.verify.verify` returns for one credential or presentation.

    ``verdict`` is what the checks add up to (:func:`verdict_of`); ``verified`` is true for the
    two levels that pass (verified, with or without warnings). ``nested`` holds the results of
    credentials inside a CLR or a presentation, in document order; ``endorsements`` those of the
    endorsements a credential carries; ``findings`` the conformance findings; ``recognition``
    the trust list that recognised the issuer (None: none did, or none was consulted).
    """

    model_config = ConfigDict(frozen=True)

    verified: bool
    verdict: Verdict = None  # type: ignore[assignment]  # filled in from the checks when absent
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
    findings: tuple[Finding, ...] = ()
    recognition: Recognition | None = None

    @model_validator(mode="after")
    def _verdict_from_checks(self) -> VerificationResult:
        # A result stored before verdicts existed reads with the verdict its checks give.
        if self.verdict is None:
            object.__setattr__(self, "verdict", verdict_of(self.checks))
        return self

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
