"""The W3C VC Data Model 2.0 rules as data: each MUST in one table (:data:`RULES`), and what a
check of them reports (:class:`Violation`, :class:`DigestCheck`, :class:`Report`). The walk
that applies them to a document is :mod:`wallet.rules.vcdm`.

Each rule has a stable code, the section of VC Data Model 2.0 (W3C Recommendation, 2025) it
cites, its level, and whether it holds for VC 1.1 documents too (their first ``@context`` is
``https://www.w3.org/2018/credentials/v1``; 1.1 dates are :mod:`wallet.reading.structure`'s):

===================  ==========================================  =======  ====
code                 section                                     level    1.1
===================  ==========================================  =======  ====
VC-CONTEXT-FIRST     §4.3 Contexts                               finding  yes
VC-CONTEXT-ITEMS     §4.3 Contexts                               finding  yes
VC-ID                §4.4 Identifiers                            finding  yes
VC-TYPE              §4.5 Types                                  error    yes
VC-NAME              §4.6 Names and Descriptions                 finding  no
VC-ISSUER            §4.7 Issuer                                 error    yes
VC-SUBJECT           §4.8 Credential Subject                     error    yes
VC-SUBJECT-EMPTY     §4.8 Credential Subject                     error    yes
VC-VALIDITY-DATE     §4.9 Validity Period                        finding  no
VC-VALIDITY-ORDER    §4.9 Validity Period                        finding  no
VC-STATUS-TYPE       §4.10 Status                                error    yes
VC-STATUS-UNIQUE     §4.10 Status                                finding  yes
VC-SCHEMA-TYPE       §4.11 Data Schemas                          error    yes
VC-SCHEMA-ID         §4.11 Data Schemas                          finding  yes
VC-SCHEMA-UNIQUE     §4.11 Data Schemas                          finding  yes
VC-RELATED-OBJECT    §5.3 Integrity of Related Resources         error    no
VC-RELATED-UNIQUE    §5.3 Integrity of Related Resources         error    no
VC-RELATED-DIGEST    §5.3 Integrity of Related Resources         error    no
VC-RELATED-MATCH     §5.3 Integrity of Related Resources         error    no
VC-REFRESH-TYPE      §5.4 Refreshing                             error    yes
VC-TERMS-TYPE        §5.5 Terms of Use                           error    yes
VC-EVIDENCE-TYPE     §5.6 Evidence                               error    yes
VP-TYPE              §4.13 Verifiable Presentations              error    yes
VP-HOLDER            §4.13 Verifiable Presentations              finding  yes
VP-CREDENTIAL        §4.13 Verifiable Presentations              error    no
VP-ENVELOPED         §4.13 Verifiable Presentations (enveloped)  error    no
===================  ==========================================  =======  ====
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["RULES", "DigestCheck", "Level", "Report", "Rule", "Violation"]

Level = Literal["error", "finding"]


@dataclass(frozen=True)
class Rule:
    """One MUST of VC Data Model 2.0: ``code`` (stable), the ``section`` it cites, its
    ``level`` (``error``: breaking it changes what the document means), what it asks, and
    whether it holds for VC 1.1 documents too."""

    code: str
    section: str
    level: Level
    text: str
    v1: bool = True

    @property
    def citation(self) -> str:
        return f"VC 2.0 {self.section}"


def _rules(*rules: Rule) -> Mapping[str, Rule]:
    return {r.code: r for r in rules}


RULES: Final[Mapping[str, Rule]] = _rules(
    Rule(
        "VC-CONTEXT-FIRST",
        "§4.3 Contexts",
        "finding",
        "@context is present and its first item is https://www.w3.org/ns/credentials/v2 "
        "(VC 1.1: https://www.w3.org/2018/credentials/v1)",
    ),
    Rule(
        "VC-CONTEXT-ITEMS",
        "§4.3 Contexts",
        "finding",
        "@context is an ordered set: its other items are URLs or objects, none repeated",
    ),
    Rule("VC-ID", "§4.4 Identifiers", "finding", "an id, where present, is a single URL"),
    Rule(
        "VC-TYPE",
        "§4.5 Types",
        "error",
        "type is present, holds only strings, and includes VerifiableCredential",
    ),
    Rule(
        "VC-NAME",
        "§4.6 Names and Descriptions",
        "finding",
        "name and description are strings or language value objects",
        v1=False,
    ),
    Rule(
        "VC-ISSUER",
        "§4.7 Issuer",
        "error",
        "issuer is present: a URL, or an object whose id is a URL",
    ),
    Rule(
        "VC-SUBJECT",
        "§4.8 Credential Subject",
        "error",
        "credentialSubject is present: an object, or a set of objects",
    ),
    Rule(
        "VC-SUBJECT-EMPTY",
        "§4.8 Credential Subject",
        "error",
        "each credentialSubject object is the subject of one or more claims (never {})",
    ),
    Rule(
        "VC-VALIDITY-DATE",
        "§4.9 Validity Period",
        "finding",
        "validFrom and validUntil are XSD dateTimeStamps (with a time zone)",
        v1=False,
    ),
    Rule(
        "VC-VALIDITY-ORDER",
        "§4.9 Validity Period",
        "finding",
        "validFrom is the same as or earlier than validUntil",
        v1=False,
    ),
    Rule(
        "VC-STATUS-TYPE",
        "§4.10 Status",
        "error",
        "each credentialStatus entry is an object with a type",
    ),
    Rule(
        "VC-STATUS-UNIQUE",
        "§4.10 Status",
        "finding",
        "no two credentialStatus entries have the same id (§4.4: an id names one thing)",
    ),
    Rule(
        "VC-SCHEMA-TYPE",
        "§4.11 Data Schemas",
        "error",
        "each credentialSchema entry is an object with a type",
    ),
    Rule(
        "VC-SCHEMA-ID",
        "§4.11 Data Schemas",
        "finding",
        "each credentialSchema entry has an id that is a URL",
    ),
    Rule(
        "VC-SCHEMA-UNIQUE",
        "§4.11 Data Schemas",
        "finding",
        "no two credentialSchema entries have the same id",
    ),
    Rule(
        "VC-RELATED-OBJECT",
        "§5.3 Integrity of Related Resources",
        "error",
        "relatedResource is one or more objects, each with an id that is a URL",
        v1=False,
    ),
    Rule(
        "VC-RELATED-UNIQUE",
        "§5.3 Integrity of Related Resources",
        "error",
        "each relatedResource id is unique among them",
        v1=False,
    ),
    Rule(
        "VC-RELATED-DIGEST",
        "§5.3 Integrity of Related Resources",
        "error",
        "each relatedResource has a digestSRI or a digestMultibase (well-formed)",
        v1=False,
    ),
    Rule(
        "VC-RELATED-MATCH",
        "§5.3 Integrity of Related Resources",
        "error",
        "a related resource's digest matches the resource",
        v1=False,
    ),
    Rule(
        "VC-REFRESH-TYPE",
        "§5.4 Refreshing",
        "error",
        "each refreshService entry is an object with a type",
    ),
    Rule(
        "VC-TERMS-TYPE",
        "§5.5 Terms of Use",
        "error",
        "each termsOfUse entry is an object with a type",
    ),
    Rule(
        "VC-EVIDENCE-TYPE", "§5.6 Evidence", "error", "each evidence entry is an object with a type"
    ),
    Rule(
        "VP-TYPE",
        "§4.13 Verifiable Presentations",
        "error",
        "type is present, holds only strings, and includes VerifiablePresentation",
    ),
    Rule(
        "VP-HOLDER",
        "§4.13 Verifiable Presentations",
        "finding",
        "holder, where present, is a URL or an object whose id is a URL",
    ),
    Rule(
        "VP-CREDENTIAL",
        "§4.13 Verifiable Presentations",
        "error",
        "verifiableCredential holds objects only (credentials or enveloped ones), never "
        "strings, numbers or URLs",
        v1=False,
    ),
    Rule(
        "VP-ENVELOPED",
        "§4.13 Verifiable Presentations",
        "error",
        "an EnvelopedVerifiableCredential (§4.13, Enveloped Verifiable Credentials) has an "
        "@context and an id that is a data: URL",
        v1=False,
    ),
)


@dataclass(frozen=True)
class Violation:
    """A rule broken at ``path`` (``""``: the document itself), said in ``message``."""

    rule: Rule
    path: str
    message: str

    @property
    def code(self) -> str:
        return self.rule.code

    @property
    def level(self) -> Level:
        return self.rule.level


@dataclass(frozen=True)
class DigestCheck:
    """One related resource's digest: ``matched`` (the resource at hand has that digest),
    ``mismatch`` (it does not: VC-RELATED-MATCH broken) or ``unchecked`` (it would need the
    network)."""

    path: str
    resource: str
    outcome: Literal["matched", "mismatch", "unchecked"]
    message: str


@dataclass(frozen=True)
class Report:
    """What a document breaks, and its related resources' digests."""

    violations: tuple[Violation, ...] = ()
    digests: tuple[DigestCheck, ...] = ()

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.level == "error")

    @property
    def findings(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.level == "finding")

    @property
    def mismatches(self) -> tuple[DigestCheck, ...]:
        return tuple(d for d in self.digests if d.outcome == "mismatch")
