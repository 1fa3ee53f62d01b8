"""The structural rules of W3C VC 1.1 / 2.0, Open Badges 3.0 and CLR 2.0 — the MUSTs only.

:func:`check_structure` walks a credential *as received* (it never changes it) and returns every
problem found, each with a stable ``code``, the JSON path it concerns and a sentence saying what
is wrong. An empty list means the credential is well-formed. Things the specifications only
recommend (SHOULD) are not problems.

References used in the comments below:

* **VC2** — W3C Verifiable Credentials Data Model v2.0 (§4.3 contexts, §4.4 identifiers,
  §4.5 types, §4.7 issuer, §4.8 credential subject, §4.9 validity period, §4.10 status,
  §5.4 data schemas, §5.6 evidence, §5.7 refresh, §5.8 terms of use).
* **VC1** — W3C VC Data Model v1.1 (§4.1 contexts, §4.6 issuance date, §7.8 expiration).
* **OB** — 1EdTech Open Badges 3.0, Appendix B.1 "Credential Data Models" (shared with CLR 2.0),
  B.9 (VC 1.1 based credentials), A.1 (JSON serialization), §9.1 (verification) and the
  normative JSON Schema (Appendix E.2).
* **CLR** — 1EdTech Comprehensive Learner Record 2.0, Appendix B.1 (ClrCredential, ClrSubject,
  Association) and its JSON Schema.

Problem codes (stable; the UI and the CLI may map them):

=====================  ====================================================================
``missing_field``      a required property (or a required @context entry) is absent or null
``wrong_type_value``   ``type`` lacks the class the property requires (e.g. ``Achievement``)
``wrong_value``        a value of the wrong JSON shape, or a term outside an enumeration
``context_order``      the required contexts are present but not in the required positions
``bad_date``           not an xsd:dateTime (or lacks the time zone the spec requires)
``date_order``         ``validUntil`` / ``expirationDate`` earlier than the start of validity
``bad_iri``            an identifier that is not an absolute IRI (``scheme:…``)
``too_deep``           credentials nested beyond :data:`MAX_DEPTH` (hostile input)
=====================  ====================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from wallet.credential import parse_datetime, type_names
from wallet.rules.conformance import StructureProblem, rule_of
from wallet.rules.shapes import (
    COMPACT_JWS,
    MAX_DEPTH,
    Shapes,
    achievement_id_of,
    is_absolute_iri,
    join,
    show,
    types_of,
)
from wallet.vocab import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    ASSOCIATION_TYPES,
    CLR2_CONTEXT,
    CLR2_CONTEXT_PATTERN,
    IDENTIFIER_TYPES,
    OB3_CONTEXT,
    OB3_CONTEXT_PATTERN,
    RESULT_STATUS_TYPES,
    RESULT_TYPES,
    VC1_CONTEXT,
    VC2_CONTEXT,
)

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ASSOCIATION_TYPES",
    "IDENTIFIER_TYPES",
    "MAX_DEPTH",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "VC1_CONTEXT",
    "VC2_CONTEXT",
    "StructureProblem",
    "check_structure",
    "credential_family",
    "is_absolute_iri",
    "parse_xsd_datetime",
    "rule_of",
]

OB_CONTEXT_EXAMPLE = OB3_CONTEXT
CLR_CONTEXT_EXAMPLE = CLR2_CONTEXT
parse_xsd_datetime = parse_datetime  # the name this module has always exported


Family = Literal["clr", "ob3", "endorsement", "vc"]
_FAMILY_NAMES = {
    "clr": "a ClrCredential",
    "endorsement": "an EndorsementCredential",
    "vc": "a verifiable credential",
}


def credential_family(doc: Mapping[str, Any]) -> Family:
    """Which rule set applies, by ``type``: CLR 2.0, OB 3.0, an OB 3.0 endorsement, or a
    plain verifiable credential."""
    types = type_names(doc.get("type")) if isinstance(doc, Mapping) else ()
    if "ClrCredential" in types:
        return "clr"
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "ob3"
    if "EndorsementCredential" in types:
        return "endorsement"
    return "vc"


def check_structure(doc: Mapping[str, Any]) -> list[StructureProblem]:
    """Every structural problem of ``doc`` (empty when it is well-formed). Never raises for
    any JSON value; ``doc`` is not modified."""
    if not isinstance(doc, Mapping):
        return [StructureProblem("wrong_value", "", "a credential must be a JSON object")]
    walk = _Walk()
    walk.credential(doc, "", 0)
    return walk.problems


class _Walk(Shapes):
    """Collects problems; every method takes the node and its absolute JSON path."""

    # --- the credential -------------------------------------------------------------------

    def credential(self, doc: Mapping[str, Any], path: str, depth: int) -> None:
        """A whole credential; nested ones (CLR contents, endorsements) are walked with their
        paths prefixed."""
        if self.deep(depth, path):
            return
        family = credential_family(doc)
        types = types_of(doc)
        owner = _FAMILY_NAMES.get(family) or (
            "an AchievementCredential"
            if "AchievementCredential" in types
            else "an OpenBadgeCredential"
        )
        strict = family != "vc"  # the 1EdTech credentials (OB B.1.2, B.1.7; CLR B.1)
        v1 = self.context(doc, path, family)

        # VC2 §4.5 / VC1 §4.3: type, including VerifiableCredential.
        p = join(path, "type")
        if doc.get("type") in (None, []):
            self.add("missing_field", p, f"{p} is required and must include VerifiableCredential")
        elif "VerifiableCredential" not in types:
            self.add("wrong_type_value", p, f"{p} must include VerifiableCredential")
        if isinstance(doc.get("type"), list) and len(types) != len(doc["type"]):
            self.add("wrong_value", p, f"{p} must contain only strings")

        # VC2 §4.4: id optional, a URL when present; OB B.1.2 / B.1.7 / CLR: id [1].
        self.iri(doc, "id", path, owner, required=strict)
        # OB B.1.2 / B.1.7 / CLR: name [1]; VC2 §4.6: name/description are text when present.
        self.text(doc, "name", path, owner, required=strict)
        self.text(doc, "description", path, owner)
        self.issuer(doc, path, owner, strict, depth)
        self.validity(doc, path, owner, strict, v1)
        self.images(doc, "image", path)

        # VC2 §4.8: credentialSubject is required; OB/CLR: exactly one subject object.
        if self.present(doc, "credentialSubject", path, owner):
            subjects = self.objects(doc, "credentialSubject", path, single=strict)
            for sub_path, subject in subjects:
                if family == "ob3":
                    self.achievement_subject(subject, sub_path, owner, depth)
                elif family == "clr":
                    self.clr_subject(subject, sub_path, depth)
                elif family == "endorsement":
                    self.endorsement_subject(subject, sub_path)
                else:
                    self.iri(subject, "id", sub_path, "a credential subject")

        for sub_path, evidence in self.objects(doc, "evidence", path):
            self.evidence(evidence, sub_path, strict)
        for sub_path, status in self.objects(doc, "credentialStatus", path):
            # VC2 §4.10: type required, id optional; VC1 §7.1 and OB B.1.21: id [1] too.
            self.typed(status, sub_path)
            self.iri(status, "id", sub_path, "a credential status", required=v1 or strict)
        for sub_path, schema in self.objects(doc, "credentialSchema", path):
            # VC2 §5.4 / OB B.1.20: id and type.
            self.iri(schema, "id", sub_path, "a credential schema", required=True)
            self.typed(schema, sub_path)
        for key in ("refreshService", "termsOfUse"):  # VC2 §5.7, §5.8: each has a type
            for sub_path, item in self.objects(doc, key, path):
                self.typed(item, sub_path)
        if family == "clr" and "partial" in doc and not isinstance(doc["partial"], bool):
            self.add(
                "wrong_value",
                join(path, "partial"),
                f"{join(path, 'partial')} must be true or false",
            )
        self.endorsements(doc, path, depth)

    def context(self, doc: Mapping[str, Any], path: str, family: str) -> bool:
        """VC2 §4.3: the first @context item is the VC 2.0 context (VC1 §4.1: the VC 1.1
        context). OB B.1.2 / B.1.7 (and B.9.2 for VC 1.1): the OB 3.0 context second. CLR B.1
        ClrCredential: the CLR 2.0 context second and the OB 3.0 context third (the 1EdTech
        validator checks exactly these positions). Returns whether this is a VC 1.1 credential."""
        p = join(path, "@context")
        ctx = doc.get("@context")
        if ctx is None or ctx == []:
            self.add("missing_field", p, f"{p} is required and must start with {VC2_CONTEXT}")
            return False
        if isinstance(ctx, str | Mapping):
            ctx = [ctx]
        elif not isinstance(ctx, list):
            self.add("wrong_value", p, f"{p} must be a list of context URLs")
            return False
        for i, entry in enumerate(ctx):
            if not isinstance(entry, str | Mapping):
                self.add("wrong_value", f"{p}[{i}]", f"{p}[{i}] must be a URL or an object")
        vc_positions = [i for i, c in enumerate(ctx) if c in (VC2_CONTEXT, VC1_CONTEXT)]
        if not vc_positions:
            self.add("missing_field", p, f"{p} must start with {VC2_CONTEXT}")
            v1 = False
        else:
            v1 = ctx[vc_positions[0]] == VC1_CONTEXT
            if vc_positions[0] != 0:
                self.add(
                    "context_order",
                    p,
                    f"the first {p} entry must be the VC context "
                    f"({VC1_CONTEXT if v1 else VC2_CONTEXT})",
                )
        if family in ("ob3", "endorsement"):
            self.positioned(ctx, p, 1, OB3_CONTEXT_PATTERN, "Open Badges 3.0", OB_CONTEXT_EXAMPLE)
        elif family == "clr":
            self.positioned(ctx, p, 1, CLR2_CONTEXT_PATTERN, "CLR 2.0", CLR_CONTEXT_EXAMPLE)
            self.positioned(ctx, p, 2, OB3_CONTEXT_PATTERN, "Open Badges 3.0", OB_CONTEXT_EXAMPLE)
        return v1

    def positioned(
        self,
        ctx: list[Any],
        p: str,
        position: int,
        pattern: re.Pattern[str],
        name: str,
        example: str,
    ) -> None:
        found = [i for i, c in enumerate(ctx) if isinstance(c, str) and pattern.match(c)]
        ordinal = {1: "second", 2: "third"}[position]
        if not found:
            self.add(
                "missing_field",
                p,
                f"{p} must include the {name} context ({example}) as its {ordinal} entry",
            )
        elif found[0] != position:
            self.add(
                "context_order",
                p,
                f"the {name} context must be the {ordinal} {p} entry "
                "(the VC context first, then the 1EdTech contexts)",
            )

    def issuer(
        self, doc: Mapping[str, Any], path: str, owner: str, strict: bool, depth: int
    ) -> None:
        """VC2 §4.7: a URL, or an object with an ``id`` URL. OB B.1.2 / CLR: a Profile — a JSON
        object (OB A.1: complex types are objects, not URIs) with id and type Profile."""
        if not self.present(doc, "issuer", path, owner):
            return
        p, issuer = join(path, "issuer"), doc["issuer"]
        if isinstance(issuer, str):
            if strict:
                self.add(
                    "wrong_value",
                    p,
                    f"{p} must be a Profile object (with id and type "
                    f"Profile) in {owner}, not a bare URL",
                )
            elif not is_absolute_iri(issuer):
                self.add("bad_iri", p, f"{p} must be an absolute IRI (got {show(issuer)})")
        elif isinstance(issuer, Mapping):
            if strict:
                self.profile(issuer, p, depth)
            else:
                self.iri(issuer, "id", p, "the issuer", required=True)
        else:
            self.add("wrong_value", p, f"{p} must be a URL or an object")

    def validity(
        self, doc: Mapping[str, Any], path: str, owner: str, strict: bool, v1: bool
    ) -> None:
        """VC2 §4.9: validFrom/validUntil are optional xsd:dateTimeStamp values and validFrom is
        not later than validUntil; OB B.1.2: validFrom [1], DateTimeZ. VC1 §4.6/§7.8:
        issuanceDate (required) and expirationDate are xsd:dateTime; OB B.9.2: DateTimeZ."""
        if v1:
            start_key, end_key, zone = "issuanceDate", "expirationDate", strict
        else:
            start_key, end_key, zone = "validFrom", "validUntil", True
        start = self.date(doc, start_key, path, owner, zone=zone, required=v1 or strict)
        end = self.date(doc, end_key, path, owner, zone=zone)
        if start and end and end < start:
            p = join(path, end_key)
            self.add(
                "date_order",
                p,
                f"{p} ({doc[end_key]}) is earlier than {join(path, start_key)} ({doc[start_key]})",
            )
        if strict:
            self.date(doc, "awardedDate", path, owner, zone=True)  # OB B.1.2: DateTimeZ

    # --- Open Badges 3.0 classes (OB Appendix B.1) -------------------------------------------

    def images(self, node: Mapping[str, Any], key: str, path: str) -> None:
        """OB B.1.13 Image: id (a URI or data: URI) and type Image. The class text says images
        "can typically be represented as just the id string", so a bare IRI is accepted."""
        for sub_path, image in self.objects(node, key, path, single=True, allow_strings=True):
            if isinstance(image, str):
                if not is_absolute_iri(image):
                    self.add(
                        "bad_iri",
                        sub_path,
                        f"{sub_path} must be an absolute IRI or a data: URI (got {show(image)})",
                    )
                continue
            self.iri(image, "id", sub_path, "an Image", required=True)
            self.has_type(image, "Image", sub_path)
            self.string(image, "caption", sub_path, "an Image")

    def profile(self, node: Mapping[str, Any], path: str, depth: int) -> None:
        """OB B.1.14 Profile: id [1], type Profile [1..*]."""
        if self.deep(depth, path):
            return
        owner = "a Profile"
        self.iri(node, "id", path, owner, required=True)
        self.has_type(node, "Profile", path)
        for key in ("name", "description", "email", "phone", "official", "familyName", "givenName"):
            self.string(node, key, path, owner)
        self.iri(node, "url", path, owner)
        self.images(node, "image", path)
        self.calendar_date(node, "dateOfBirth", path)
        for sub_path, address in self.objects(node, "address", path, single=True):
            self.has_type(address, "Address", sub_path)  # B.1.4
            for geo_path, geo in self.objects(address, "geo", sub_path, single=True):
                self.has_type(geo, "GeoCoordinates", geo_path)  # B.1.10
                for key in ("latitude", "longitude"):
                    if self.present(geo, key, geo_path, "GeoCoordinates"):
                        self.number(geo, key, geo_path)
        self.identifier_entries(node, path)
        for sub_path, parent in self.objects(node, "parentOrg", path, single=True):
            self.profile(parent, sub_path, depth + 1)
        self.endorsements(node, path, depth)

    def identifier_entries(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.11 IdentifierEntry (``otherIdentifier``): type, identifier, identifierType."""
        for sub_path, entry in self.objects(node, "otherIdentifier", path):
            self.has_type(entry, "IdentifierEntry", sub_path)
            self.string(entry, "identifier", sub_path, "an IdentifierEntry", required=True)
            self.enum(
                entry,
                "identifierType",
                sub_path,
                "an IdentifierEntry",
                IDENTIFIER_TYPES,
                extensible=True,
                required=True,
            )

    def achievement_subject(
        self, node: Mapping[str, Any], path: str, owner: str, depth: int
    ) -> None:
        """OB B.1.3 AchievementSubject: type, achievement [1]; "Either id or at least one
        identifier MUST be supplied" (also §9.1)."""
        self.has_type(node, "AchievementSubject", path)
        self.subject_identity(node, path)
        if self.present(node, "achievement", path, owner):
            for sub_path, achievement in self.objects(node, "achievement", path, single=True):
                self.achievement(achievement, sub_path, depth)
        for sub_path, result in self.objects(node, "result", path):
            self.result(result, sub_path)
        for sub_path, source in self.objects(node, "source", path, single=True):
            self.profile(source, sub_path, depth + 1)
        self.images(node, "image", path)
        self.number(node, "creditsEarned", path)
        for key in ("activityStartDate", "activityEndDate"):  # B.8 DateTime: zone optional
            self.date(node, key, path, "an AchievementSubject", zone=False)
        for key in ("narrative", "role", "term", "licenseNumber"):
            self.string(node, key, path, "an AchievementSubject")

    def subject_identity(self, node: Mapping[str, Any], path: str) -> None:
        identifiers = self.objects(node, "identifier", path)
        if node.get("id") is not None:
            self.iri(node, "id", path, "a credential subject")
        elif not identifiers:
            p = join(path, "id")
            self.add("missing_field", p, f"{path} needs an id or at least one identifier")
        for sub_path, identity in identifiers:
            self.identity_object(identity, sub_path)

    def identity_object(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.12 IdentityObject: type IdentityObject, hashed, identityHash, identityType."""
        owner = "an IdentityObject"
        self.has_type(node, "IdentityObject", path)
        if self.present(node, "hashed", path, owner) and not isinstance(node["hashed"], bool):
            self.add(
                "wrong_value", join(path, "hashed"), f"{join(path, 'hashed')} must be true or false"
            )
        self.string(node, "identityHash", path, owner, required=True)
        self.enum(
            node, "identityType", path, owner, IDENTIFIER_TYPES, extensible=True, required=True
        )
        self.string(node, "salt", path, owner)

    def achievement(
        self, node: Mapping[str, Any], path: str, depth: int, *, reference: bool = False
    ) -> None:
        """OB B.1.1 Achievement: id, type, name, description and criteria are [1].

        ``reference``: an entry of a ClrSubject's ``achievement`` list that names an
        achievement which a credential inside the CLR awards. It is the same JSON-LD node (same
        id), described in full — and checked — in that credential, so only id, type and name
        are required here (the wallet's own learner-signed CLRs list achievements this way)."""
        owner = "an Achievement"
        self.iri(node, "id", path, owner, required=True)
        self.has_type(node, "Achievement", path)
        self.string(node, "name", path, owner, required=True)
        self.string(node, "description", path, owner, required=not reference)
        if ("criteria" in node or not reference) and self.present(node, "criteria", path, owner):
            for sub_path, criteria in self.objects(node, "criteria", path, single=True):
                # B.1.6: id and narrative are each optional; providing one is only a SHOULD.
                self.iri(criteria, "id", sub_path, "Criteria")
                self.string(criteria, "narrative", sub_path, "Criteria")
        self.enum(node, "achievementType", path, owner, ACHIEVEMENT_TYPES, extensible=True)
        for sub_path, alignment in self.objects(node, "alignment", path):
            self.alignment(alignment, sub_path)
        for sub_path, rd in self.objects(node, "resultDescription", path):
            self.result_description(rd, sub_path)
        for sub_path, creator in self.objects(node, "creator", path, single=True):
            self.profile(creator, sub_path, depth + 1)
        for sub_path, related in self.objects(node, "related", path):
            self.iri(related, "id", sub_path, "a Related entry", required=True)  # B.1.15
            self.has_type(related, "Related", sub_path)
        self.identifier_entries(node, path)
        self.images(node, "image", path)
        self.number(node, "creditsAvailable", path)
        tags = node.get("tag")
        if tags is not None and not (
            isinstance(tags, str)
            or (isinstance(tags, list) and all(isinstance(t, str) for t in tags))
        ):
            self.add(
                "wrong_value", join(path, "tag"), f"{join(path, 'tag')} must be a list of strings"
            )
        for key in ("fieldOfStudy", "humanCode", "specialization", "version", "inLanguage"):
            self.string(node, key, path, owner)
        self.endorsements(node, path, depth)

    def alignment(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.5 Alignment: type, targetName [1], targetUrl [1] (a URL); targetType from
        B.1.29 (CASE: CFItem, CFRubric…; Credential Engine: ceasn:Competency, CTDL…) or ext:."""
        owner = "an Alignment"
        self.has_type(node, "Alignment", path)
        self.string(node, "targetName", path, owner, required=True)
        self.iri(node, "targetUrl", path, owner, required=True)
        self.enum(node, "targetType", path, owner, ALIGNMENT_TARGET_TYPES, extensible=True)
        for key in ("targetCode", "targetDescription", "targetFramework"):
            self.string(node, key, path, owner)

    def result_description(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.17 ResultDescription: id, type, name, resultType [1]."""
        owner = "a ResultDescription"
        self.iri(node, "id", path, owner, required=True)
        self.has_type(node, "ResultDescription", path)
        self.string(node, "name", path, owner, required=True)
        self.enum(node, "resultType", path, owner, RESULT_TYPES, extensible=True, required=True)
        self.iri(node, "requiredLevel", path, owner)
        for sub_path, level in self.objects(node, "rubricCriterionLevel", path):
            # B.1.18 RubricCriterionLevel: id, type, name [1].
            self.iri(level, "id", sub_path, "a RubricCriterionLevel", required=True)
            self.has_type(level, "RubricCriterionLevel", sub_path)
            self.string(level, "name", sub_path, "a RubricCriterionLevel", required=True)
            for al_path, alignment in self.objects(level, "alignment", sub_path):
                self.alignment(alignment, al_path)
        for sub_path, alignment in self.objects(node, "alignment", path):
            self.alignment(alignment, sub_path)

    def result(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.16 Result: type; achievedLevel and resultDescription are URIs; status from
        B.1.32."""
        owner = "a Result"
        self.has_type(node, "Result", path)
        self.iri(node, "resultDescription", path, owner)
        self.iri(node, "achievedLevel", path, owner)
        self.enum(node, "status", path, owner, RESULT_STATUS_TYPES, extensible=False)
        self.string(node, "value", path, owner)
        for sub_path, alignment in self.objects(node, "alignment", path):
            self.alignment(alignment, sub_path)

    def evidence(self, node: Mapping[str, Any], path: str, strict: bool) -> None:
        """VC2 §5.6: every evidence object has a type; OB B.1.9: including Evidence."""
        if strict:
            self.has_type(node, "Evidence", path)
        else:
            self.typed(node, path)
        self.iri(node, "id", path, "Evidence")

    def endorsement_subject(self, node: Mapping[str, Any], path: str) -> None:
        """OB B.1.8 EndorsementSubject: id [1], type EndorsementSubject."""
        self.iri(node, "id", path, "an EndorsementSubject", required=True)
        self.has_type(node, "EndorsementSubject", path)
        self.string(node, "endorsementComment", path, "an EndorsementSubject")

    def endorsements(self, node: Mapping[str, Any], path: str, depth: int) -> None:
        """``endorsement`` (OB B.1.1, B.1.2, B.1.14): EndorsementCredentials, each checked as a
        credential in its own right; ``endorsementJwt``: compact JWS strings."""
        for sub_path, endorsement in self.objects(node, "endorsement", path):
            if "EndorsementCredential" not in types_of(endorsement):
                self.add(
                    "wrong_type_value",
                    join(sub_path, "type"),
                    f"{join(sub_path, 'type')} must include EndorsementCredential",
                )
            self.credential(endorsement, sub_path, depth + 1)
        jwts = node.get("endorsementJwt")
        if jwts is not None:
            items = jwts if isinstance(jwts, list) else [jwts]
            for i, jwt in enumerate(items):
                p = join(path, "endorsementJwt") + (f"[{i}]" if isinstance(jwts, list) else "")
                if not (isinstance(jwt, str) and COMPACT_JWS.match(jwt)):
                    self.add(
                        "wrong_value", p, f"{p} must be a compact JWS (header.payload.signature)"
                    )

    # --- CLR 2.0 classes (CLR Appendix B.1) --------------------------------------------------

    def clr_subject(self, node: Mapping[str, Any], path: str, depth: int) -> None:
        """CLR ClrSubject: type ClrSubject; id or at least one identifier; verifiableCredential
        [1..*] (JSON credentials are checked recursively; VC-JWT strings are left to the
        verifier, which decodes and verifies them); achievement [0..*]; association [0..*]."""
        self.has_type(node, "ClrSubject", path)
        self.subject_identity(node, path)
        vcs = node.get("verifiableCredential")
        p = join(path, "verifiableCredential")
        items: Iterable[tuple[str, Any]] = ()
        if vcs is None or vcs == []:
            self.add("missing_field", p, f"{p} must hold at least one credential")
        elif isinstance(vcs, list):
            items = [(f"{p}[{i}]", vc) for i, vc in enumerate(vcs)]
        else:
            items = [(p, vcs)]
        carried: set[str] = set()
        for item_path, item in items:
            if isinstance(item, Mapping):
                self.credential(item, item_path, depth + 1)
            elif not isinstance(item, str):
                self.add(
                    "wrong_value",
                    item_path,
                    f"{item_path} must be a credential (a JSON object) or a VC-JWT",
                )
            found = achievement_id_of(item)
            if found:
                carried.add(found)
        for sub_path, achievement in self.objects(node, "achievement", path):
            reference = isinstance(achievement.get("id"), str) and achievement["id"] in carried
            self.achievement(achievement, sub_path, depth, reference=reference)
        for sub_path, association in self.objects(node, "association", path):
            self.association(association, sub_path)

    def association(self, node: Mapping[str, Any], path: str) -> None:
        """CLR Association: type Association, associationType, sourceId, targetId."""
        owner = "an Association"
        self.has_type(node, "Association", path)
        self.enum(
            node, "associationType", path, owner, ASSOCIATION_TYPES, extensible=False, required=True
        )
        self.iri(node, "sourceId", path, owner, required=True)
        self.iri(node, "targetId", path, owner, required=True)
