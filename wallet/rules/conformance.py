r"""Conformance: what a structural problem means and which rule it departs from.

:func:`wallet.reading.structure.check_structure` reports :class:`StructureProblem`\s; each is
either an
``error`` — the document would mean something else (a ``type`` missing or wrong, no subject, no
issuer): the credential is *not verified* — or a ``finding``: a deviation that keeps the
meaning, which reference verifiers accept and the wallet reports as a warning (a failure under
``--strict``), naming the specification rule (:func:`rule_of`).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["StructureProblem", "rule_of"]


@dataclass(frozen=True)
class StructureProblem:
    code: str  # see the table in the module docstring
    path: str  # e.g. "credentialSubject.achievement.criteria", "" for the document itself
    message: str  # a sentence that names the path, e.g. "… is required in an Achievement"

    @property
    def severity(self) -> str:
        """``error`` when the document would mean something else — a ``type`` missing or
        wrong (on the credential, its subject, issuer profile, achievement, result, evidence,
        identity object, …), no subject or no issuer at all, credentials nested beyond reason;
        else ``finding``: a deviation that keeps the meaning (a conformance finding), which
        reference verifiers accept and the wallet reports as a warning."""
        if self.code in ("wrong_type_value", "too_deep"):
            return "error"
        leaf = self.path.rsplit(".", 1)[-1].split("[", 1)[0]
        if self.code == "missing_field" and leaf in ("type", "credentialSubject", "issuer"):
            return "error"
        if self.path == "" and self.code == "wrong_value":
            return "error"  # not a JSON object at all
        return "finding"

    @property
    def rule(self) -> str:
        """The specification rule this departs from."""
        return rule_of(self)


# What a message's owner ("… in an Achievement") means, as the specification names it.
_OWNER_RULES = (
    ("an OpenBadgeCredential", "OB 3.0 §B.1.2 AchievementCredential"),
    ("an AchievementCredential", "OB 3.0 §B.1.2 AchievementCredential"),
    ("an EndorsementCredential", "OB 3.0 §B.1.7 EndorsementCredential"),
    ("a ClrCredential", "CLR 2.0 §B.1 ClrCredential"),
    ("a ClrSubject", "CLR 2.0 §B.1 ClrSubject"),
    ("an AchievementSubject", "OB 3.0 §B.1.3 AchievementSubject"),
    ("an Achievement", "OB 3.0 §B.1.1 Achievement"),
    ("a Profile", "OB 3.0 §B.1.12 Profile"),
    ("an IdentityObject", "OB 3.0 §B.1.10 IdentityObject"),
    ("an IdentifierEntry", "OB 3.0 §B.1.9 IdentifierEntry"),
    ("an Alignment", "OB 3.0 §B.1.4 Alignment"),
    ("a ResultDescription", "OB 3.0 §B.1.17 ResultDescription"),
    ("a Result", "OB 3.0 §B.1.16 Result"),
    ("a RubricCriterionLevel", "OB 3.0 §B.1.19 RubricCriterionLevel"),
    ("an EndorsementSubject", "OB 3.0 §B.1.8 EndorsementSubject"),
    ("an Association", "CLR 2.0 §B.1 Association"),
    ("an Image", "OB 3.0 §B.1.11 Image"),
    ("a credential status", "VC 2.0 §4.10 Status"),
    ("a credential schema", "VC 2.0 §5.4 Data Schemas"),
)
_CODE_RULES = {
    "context_order": "VC 2.0 §4.3 Contexts; OB 3.0 §B.1.2 (@context order)",
    "bad_date": "VC 2.0 §4.9 Validity Period (xsd:dateTime)",
    "date_order": "VC 2.0 §4.9 Validity Period",
    "bad_iri": "VC 2.0 §4.4 Identifiers",
    "too_deep": "the wallet's bound on nesting",
}


def rule_of(problem: StructureProblem) -> str:
    leaf = problem.path.rsplit(".", 1)[-1].split("[", 1)[0]
    if leaf == "@context":
        return _CODE_RULES["context_order"]
    if leaf == "achievementType":
        return "OB 3.0 §B.1.28 AchievementType (enumeration)"
    for owner, rule in _OWNER_RULES:
        if f"in {owner}" in problem.message or f"{owner} " in problem.message:
            return rule
    if problem.code in _CODE_RULES:
        return _CODE_RULES[problem.code]
    if leaf in ("validFrom", "validUntil", "issuanceDate", "expirationDate"):
        return _CODE_RULES["bad_date"]
    parts = [p.split("[", 1)[0] for p in problem.path.split(".")]
    owner = parts[-2] if len(parts) > 1 else parts[-1]
    by_owner = {
        "achievement": "OB 3.0 §B.1.1 Achievement",
        "issuer": "OB 3.0 §B.1.12 Profile",
        "creator": "OB 3.0 §B.1.12 Profile",
        "result": "OB 3.0 §B.1.16 Result",
        "resultDescription": "OB 3.0 §B.1.17 ResultDescription",
        "evidence": "OB 3.0 §B.1.8 Evidence; VC 2.0 §5.6",
        "identifier": "OB 3.0 §B.1.10 IdentityObject",
        "alignment": "OB 3.0 §B.1.4 Alignment",
        "endorsement": "OB 3.0 §B.1.7 EndorsementCredential",
        "credentialSubject": "OB 3.0 §B.1.3 AchievementSubject; VC 2.0 §4.8",
        "credentialStatus": "VC 2.0 §4.10 Status",
    }
    if owner in by_owner:
        return by_owner[owner]
    if leaf == "issuer":
        return "VC 2.0 §4.7 Issuer; OB 3.0 §B.1.2 (issuer is a Profile)"
    if parts[0] == "credentialSubject":
        return by_owner["credentialSubject"]
    return "VC 2.0 §4 Basic Concepts; OB 3.0 §B.1.2"
