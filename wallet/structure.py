"""The structural rules of W3C VC 1.1 / 2.0, Open Badges 3.0 and CLR 2.0 (the MUSTs only).

:func:`check_structure` walks a credential as received and returns every problem found, each
with a stable ``code`` and the JSON path it concerns. Section references are to the 1EdTech
specifications' data models (OB 3.0 Appendix B.1, CLR 2.0 Appendix B.1) and to VC 2.0 §4.
Things the specifications only recommend (SHOULD) are not problems.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

__all__ = ["StructureProblem", "check_structure", "credential_family"]

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
_OB_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.0\.\d+)?\.json$")
_CLR_CONTEXT = re.compile(r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.0\.\d+)?\.json$")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")
# xsd:dateTime; DateTimeZ (OB 3.0 §B.4 "DateTimeZ") also requires the zone.
_DATETIME = re.compile(
    r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)"
    r"(\.\d+)?(?P<tz>Z|[+-](0\d|1[0-4]):[0-5]\d)?$"
)
ALIGNMENT_TARGET_TYPES = {"ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric",
                          "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL"}
RESULT_TYPES = {"GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel",
                "PredictedScore", "RawScore", "Result", "RubricCriterion",
                "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status"}
ASSOCIATION_TYPES = {"exactMatchOf", "isChildOf", "isParentOf", "isPartOf", "isPeerOf",
                     "isRelatedTo", "precedes", "replacedBy"}


@dataclass(frozen=True)
class StructureProblem:
    code: str  # "missing_field" | "wrong_type_value" | "context_order" | "bad_date" | ...
    path: str
    message: str


def _types(node: Mapping[str, Any]) -> list[str]:
    t = node.get("type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def credential_family(doc: Mapping[str, Any]) -> Literal["clr", "ob3", "endorsement", "vc"]:
    types = _types(doc)
    if "ClrCredential" in types:
        return "clr"
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "ob3"
    if "EndorsementCredential" in types:
        return "endorsement"
    return "vc"


class _Checker:
    def __init__(self) -> None:
        self.problems: list[StructureProblem] = []

    def add(self, code: str, path: str, message: str) -> None:
        self.problems.append(StructureProblem(code, path, message))

    # --- primitives ---------------------------------------------------------------------

    def required(self, node: Mapping[str, Any], key: str, path: str, owner: str) -> bool:
        if node.get(key) is None:
            self.add("missing_field", _join(path, key), f"{_join(path, key)} is required in "
                     f"{owner}")
            return False
        return True

    def string(self, node: Mapping[str, Any], key: str, path: str, owner: str,
               required: bool = False) -> None:
        if key not in node:
            if required:
                self.required(node, key, path, owner)
            return
        if not isinstance(node[key], str):
            self.add("wrong_value", _join(path, key), f"{_join(path, key)} must be a string")

    def iri(self, node: Mapping[str, Any], key: str, path: str, owner: str,
            required: bool = False) -> None:
        if key not in node:
            if required:
                self.required(node, key, path, owner)
            return
        value = node[key]
        if not isinstance(value, str) or not _IRI.match(value):
            self.add("bad_iri", _join(path, key), f"{_join(path, key)} must be an absolute IRI"
                     f" (got {str(value)[:60]!r})")

    def has_type(self, node: Mapping[str, Any], wanted: str, path: str) -> None:
        if "type" not in node:
            self.add("missing_field", _join(path, "type"), f"{_join(path, 'type')} is "
                     f"required and must include {wanted}")
        elif wanted not in _types(node):
            self.add("wrong_type_value", _join(path, "type"),
                     f"{_join(path, 'type')} must include {wanted}")

    def date(self, node: Mapping[str, Any], key: str, path: str, *, zone: bool,
             required: bool = False, owner: str = "") -> datetime | None:
        if key not in node:
            if required:
                self.required(node, key, path, owner)
            return None
        value = node[key]
        match = _DATETIME.match(value) if isinstance(value, str) else None
        if match is None or (zone and not match.group("tz")):
            self.add("bad_date", _join(path, key), f"{_join(path, key)} must be a date-time"
                     f"{' with a time zone' if zone else ''}, like 2024-05-01T09:00:00Z "
                     f"(got {str(value)[:40]!r})")
            return None
        try:
            text = value.replace("Z", "+00:00")
            return datetime.fromisoformat(re.sub(r"(\.\d{6})\d+", r"\1", text))
        except ValueError:
            self.add("bad_date", _join(path, key), f"{_join(path, key)} is not a real date")
            return None

    def objects(self, node: Mapping[str, Any], key: str, path: str) -> list[
            tuple[str, Mapping[str, Any]]]:
        """The objects under ``key`` (an object or an array of them), with their paths."""
        value = node.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        out = []
        for i, item in enumerate(items):
            p = _join(path, key) + (f"[{i}]" if isinstance(value, list) else "")
            if isinstance(item, Mapping):
                out.append((p, item))
            else:
                self.add("wrong_value", p, f"{p} must be an object")
        return out

    # --- classes ------------------------------------------------------------------------

    def context(self, doc: Mapping[str, Any], family: str) -> bool:
        """VC 2.0 §4.3; OB 3.0 §B.1.1 / CLR 2.0 §B.1.1: the VC context first, the OB (CLR)
        context second. Returns whether this is a VC 1.1 credential."""
        ctx = doc.get("@context")
        if ctx is None:
            self.add("missing_field", "@context", "@context is required")
            return False
        if not isinstance(ctx, list) or not ctx:
            ctx = [ctx]
        first = ctx[0]
        v1 = first == VC1
        if first not in (VC1, VC2):
            if any(c in (VC1, VC2) for c in ctx):
                self.add("context_order", "@context", f"the first @context must be the VC "
                         f"context ({VC2}); it is listed later")
            else:
                self.add("missing_field", "@context", f"@context must start with {VC2}")
        if family in ("ob3", "endorsement"):
            self._second_context(ctx, _OB_CONTEXT, "Open Badges 3.0",
                                 "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json")
        elif family == "clr":
            self._second_context(ctx, _CLR_CONTEXT, "CLR 2.0",
                                 "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json")
        return v1

    def _second_context(self, ctx: list[Any], pattern: re.Pattern[str], name: str,
                        example: str) -> None:
        positions = [i for i, c in enumerate(ctx) if isinstance(c, str) and pattern.match(c)]
        if not positions:
            self.add("missing_field", "@context", f"@context must include the {name} context "
                     f"({example})")
        elif positions[0] != 1:
            self.add("context_order", "@context", f"the {name} context must come right after "
                     "the VC context")

    def profile(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.15 Profile: id and type Profile required."""
        self.iri(node, "id", path, "a Profile", required=True)
        self.has_type(node, "Profile", path)
        for key in ("name", "description", "email", "phone"):
            self.string(node, key, path, "a Profile")
        for sub_path, endorsement in self.objects(node, "endorsement", path):
            self.credential(endorsement, sub_path)

    def issuer(self, doc: Mapping[str, Any], family: str) -> None:
        if not self.required(doc, "issuer", "", "a credential"):
            return
        issuer = doc["issuer"]
        if isinstance(issuer, str):
            if family != "vc":
                self.add("wrong_value", "issuer", "issuer must be a Profile object (with id, "
                         "type and name) in Open Badges 3.0 and CLR 2.0")
            elif not _IRI.match(issuer):
                self.add("bad_iri", "issuer", "issuer must be an absolute IRI")
        elif isinstance(issuer, Mapping):
            if family == "vc":
                self.iri(issuer, "id", "issuer", "the issuer", required=True)
            else:
                self.profile(issuer, "issuer")
        else:
            self.add("wrong_value", "issuer", "issuer must be a URL or an object")

    def achievement(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.2 Achievement."""
        owner = "an Achievement"
        self.iri(node, "id", path, owner, required=True)
        self.has_type(node, "Achievement", path)
        self.string(node, "name", path, owner, required=True)
        self.string(node, "description", path, owner, required=True)
        if self.required(node, "criteria", path, owner):
            criteria = node["criteria"]
            if not isinstance(criteria, Mapping):
                self.add("wrong_value", _join(path, "criteria"), "criteria must be an object")
            elif "id" not in criteria and "narrative" not in criteria:
                self.add("missing_field", _join(path, "criteria"), f"{_join(path, 'criteria')}"
                         " needs an id or a narrative (OB 3.0 Criteria)")
            else:
                self.iri(criteria, "id", _join(path, "criteria"), "Criteria")
        for sub_path, alignment in self.objects(node, "alignment", path):
            self.alignment(alignment, sub_path)
        for sub_path, rd in self.objects(node, "resultDescription", path):
            self.result_description(rd, sub_path)
        for sub_path, creator in self.objects(node, "creator", path):
            self.profile(creator, sub_path)
        for sub_path, endorsement in self.objects(node, "endorsement", path):
            self.credential(endorsement, sub_path)

    def alignment(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.3 Alignment: targetName and targetUrl required."""
        self.has_type(node, "Alignment", path)
        self.string(node, "targetName", path, "an Alignment", required=True)
        self.iri(node, "targetUrl", path, "an Alignment", required=True)
        target_type = node.get("targetType")
        if target_type is not None and (not isinstance(target_type, str) or (
                target_type not in ALIGNMENT_TARGET_TYPES and not target_type.startswith("ext:"))):
            self.add("wrong_value", _join(path, "targetType"), f"{_join(path, 'targetType')} "
                     f"must be one of {', '.join(sorted(ALIGNMENT_TARGET_TYPES))} or ext:…")

    def result_description(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.19 ResultDescription: id, name and resultType required."""
        owner = "a ResultDescription"
        self.iri(node, "id", path, owner, required=True)
        self.has_type(node, "ResultDescription", path)
        self.string(node, "name", path, owner, required=True)
        if self.required(node, "resultType", path, owner):
            rt = node["resultType"]
            if not isinstance(rt, str) or (rt not in RESULT_TYPES and not rt.startswith("ext:")):
                self.add("wrong_value", _join(path, "resultType"), f"{_join(path, 'resultType')}"
                         " is not a ResultType")
        for sub_path, level in self.objects(node, "rubricCriterionLevel", path):
            self.iri(level, "id", sub_path, "a RubricCriterionLevel", required=True)
            self.has_type(level, "RubricCriterionLevel", sub_path)
            self.string(level, "name", sub_path, "a RubricCriterionLevel", required=True)
        for sub_path, alignment in self.objects(node, "alignment", path):
            self.alignment(alignment, sub_path)

    def identity(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.10 IdentityObject."""
        owner = "an IdentityObject"
        self.has_type(node, "IdentityObject", path)
        if self.required(node, "hashed", path, owner) and not isinstance(node["hashed"], bool):
            self.add("wrong_value", _join(path, "hashed"), "hashed must be true or false")
        self.string(node, "identityHash", path, owner, required=True)
        self.string(node, "identityType", path, owner, required=True)

    def achievement_subject(self, node: Mapping[str, Any], path: str) -> None:
        """OB 3.0 §B.1.4 AchievementSubject: achievement required; id or identifier."""
        self.has_type(node, "AchievementSubject", path)
        if self.required(node, "achievement", path, "an AchievementSubject"):
            if isinstance(node["achievement"], Mapping):
                self.achievement(node["achievement"], _join(path, "achievement"))
            else:
                self.add("wrong_value", _join(path, "achievement"), "achievement must be an "
                         "object")
        identifiers = self.objects(node, "identifier", path)
        if "id" in node:
            self.iri(node, "id", path, "an AchievementSubject")
        elif not identifiers:
            self.add("missing_field", _join(path, "id"), f"{path} needs an id or at least one "
                     "identifier")
        for sub_path, ident in identifiers:
            self.identity(ident, sub_path)
        for sub_path, result in self.objects(node, "result", path):
            self.has_type(result, "Result", sub_path)
            self.iri(result, "resultDescription", sub_path, "a Result")
            self.iri(result, "achievedLevel", sub_path, "a Result")
            for al_path, alignment in self.objects(result, "alignment", sub_path):
                self.alignment(alignment, al_path)
        for sub_path, source in self.objects(node, "source", path):
            self.profile(source, sub_path)

    def clr_subject(self, node: Mapping[str, Any], path: str) -> None:
        """CLR 2.0 §B.1.2 ClrSubject: verifiableCredential required (1..*)."""
        self.has_type(node, "ClrSubject", path)
        if "id" in node:
            self.iri(node, "id", path, "a ClrSubject")
        for sub_path, ident in self.objects(node, "identifier", path):
            self.identity(ident, sub_path)
        vcs = node.get("verifiableCredential")
        carried = {_achievement_id(vc) for vc in (vcs if isinstance(vcs, list) else [vcs])}
        for sub_path, achievement in self.objects(node, "achievement", path):
            if achievement.get("id") in carried - {None}:
                # A reference to an achievement a credential inside awards (the same node):
                # that credential describes it in full and is checked on its own.
                self.has_type(achievement, "Achievement", sub_path)
                self.string(achievement, "name", sub_path, "an Achievement", required=True)
            else:
                self.achievement(achievement, sub_path)
        if vcs in (None, []):
            self.add("missing_field", _join(path, "verifiableCredential"),
                     f"{_join(path, 'verifiableCredential')} must hold at least one credential")
        else:
            items = vcs if isinstance(vcs, list) else [vcs]
            for i, item in enumerate(items):
                sub = _join(path, "verifiableCredential") + f"[{i}]"
                if isinstance(item, Mapping):
                    self.credential(item, sub)
                elif not isinstance(item, str):
                    self.add("wrong_value", sub, f"{sub} must be a credential or a JWT")
        for sub_path, assoc in self.objects(node, "association", path):
            self.has_type(assoc, "Association", sub_path)
            kind = assoc.get("associationType")
            if kind not in ASSOCIATION_TYPES:
                self.add("wrong_value", _join(sub_path, "associationType"),
                         f"{_join(sub_path, 'associationType')} must be one of "
                         f"{', '.join(sorted(ASSOCIATION_TYPES))}")
            self.iri(assoc, "sourceId", sub_path, "an Association", required=True)
            self.iri(assoc, "targetId", sub_path, "an Association", required=True)

    def credential(self, doc: Mapping[str, Any], path: str = "") -> None:
        """A whole credential (recursively for CLRs and endorsements); paths are prefixed."""
        inner = _Checker()
        family = credential_family(doc)
        v1 = inner.context(doc, family)
        types = _types(doc)
        if "type" not in doc or "VerifiableCredential" not in types:
            inner.add("wrong_type_value", "type", "type must include VerifiableCredential")
        inner.issuer(doc, family)
        if "id" in doc or family != "vc":
            inner.iri(doc, "id", "", "a credential", required=family != "vc")
        if family != "vc":
            inner.string(doc, "name", "", "an Open Badges / CLR credential", required=True)
        start_key, end_key = ("issuanceDate", "expirationDate") if v1 else ("validFrom",
                                                                             "validUntil")
        zone = family != "vc"
        start = inner.date(doc, start_key, "", zone=zone, required=v1 or family != "vc",
                           owner="this credential")
        end = inner.date(doc, end_key, "", zone=zone)
        if start and end and _aware(end) < _aware(start):
            inner.add("bad_date", end_key, f"{end_key} is before {start_key}")
        if "awardedDate" in doc:
            inner.date(doc, "awardedDate", "", zone=True)
        subjects = inner.objects(doc, "credentialSubject", "")
        if "credentialSubject" not in doc:
            inner.add("missing_field", "credentialSubject", "credentialSubject is required")
        for sub_path, subject in subjects:
            if family == "ob3":
                inner.achievement_subject(subject, sub_path)
            elif family == "clr":
                inner.clr_subject(subject, sub_path)
            elif family == "endorsement":
                inner.has_type(subject, "EndorsementSubject", sub_path)
                inner.iri(subject, "id", sub_path, "an EndorsementSubject", required=True)
        if family in ("ob3", "clr") and len(subjects) > 1:
            inner.add("wrong_value", "credentialSubject", "credentialSubject must be a single "
                      "object")
        for sub_path, evidence in inner.objects(doc, "evidence", ""):
            inner.has_type(evidence, "Evidence", sub_path)
            if "id" in evidence:
                inner.iri(evidence, "id", sub_path, "Evidence")
        for sub_path, endorsement in inner.objects(doc, "endorsement", ""):
            inner.credential(endorsement, sub_path)
        for p in inner.problems:
            self.problems.append(StructureProblem(
                p.code, _join(path, p.path) if p.path else path, _prefix(path, p.message)))


def _achievement_id(credential: Any) -> str | None:
    if isinstance(credential, str):  # a VC-JWT inside a CLR
        from wallet import jose
        from wallet.errors import WalletError

        try:
            credential = jose.vc_from_jwt_payload(jose.decode_jws(credential).payload)
        except WalletError:
            return None
    subject = credential.get("credentialSubject") if isinstance(credential, Mapping) else None
    subject = subject[0] if isinstance(subject, list) and subject else subject
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return achievement.get("id") if isinstance(achievement, Mapping) else None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _prefix(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


def _aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_structure(doc: Mapping[str, Any]) -> list[StructureProblem]:
    """Every structural problem of ``doc`` (empty when it is well-formed)."""
    checker = _Checker()
    if not isinstance(doc, Mapping):
        return [StructureProblem("wrong_value", "", "a credential must be a JSON object")]
    checker.credential(doc)
    return checker.problems
