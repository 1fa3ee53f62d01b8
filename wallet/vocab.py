"""The vocabulary the wallet reads and writes: JSON-LD context URLs, in one place.

Each constant is the exact URL the specification gives; the bundled copies of these contexts
(``wallet/contexts/``, the only ones the document loader ever serves) are data and are listed by
their own ``index.json``, not here.

* W3C Verifiable Credentials Data Model v2.0 §4.3 (:data:`VC2_CONTEXT`) and v1.1 §4.1
  (:data:`VC1_CONTEXT`).
* 1EdTech Open Badges 3.0 §B.1 / JSON Schema E.2.1.2 (:data:`OB3_CONTEXT`,
  :data:`OB3_CONTEXT_PATTERN`) and CLR 2.0 §B.1 (:data:`CLR2_CONTEXT`,
  :data:`CLR2_CONTEXT_PATTERN`): the versioned URLs this wallet writes, and the patterns of every
  ``x.y.z`` version (or none) it accepts.
* W3C Data Integrity 1.0 (:data:`DATA_INTEGRITY_CONTEXT`), the CCG Ed25519Signature2020 suite
  (:data:`ED25519_2020_CONTEXT`), Controlled Identifiers' Multikey (:data:`MULTIKEY_CONTEXT`),
  DID Core (:data:`DID_CONTEXT`).
* Status: the CCG StatusList2021 context (:data:`STATUS_LIST_2021_CONTEXT`) and the W3C status
  context that preceded Bitstring Status List's inclusion in the VC 2.0 context
  (:data:`CREDENTIAL_STATUS_CONTEXT`).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ASSOCIATION_TYPES",
    "IDENTIFIER_TYPES",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "CLR2_CONTEXT",
    "CLR2_CONTEXT_PATTERN",
    "CREDENTIAL_STATUS_CONTEXT",
    "DATA_INTEGRITY_CONTEXT",
    "DID_CONTEXT",
    "ED25519_2020_CONTEXT",
    "MULTIKEY_CONTEXT",
    "OB3_CONTEXT",
    "OB3_CONTEXT_PATTERN",
    "STATUS_LIST_2021_CONTEXT",
    "VC1_CONTEXT",
    "VC2_CONTEXT",
    "VC_CONTEXTS",
]

VC2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
VC1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
VC_CONTEXTS: Final = (VC2_CONTEXT, VC1_CONTEXT)
"""The contexts a credential or presentation may start with (VC2 §4.3, VC1 §4.1)."""

OB3_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR2_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"
# The OB 3.0 JSON Schema's own pattern (E.2.1.2), written for any x.y.z version (or none).
OB3_CONTEXT_PATTERN: Final = re.compile(
    r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-\d+\.\d+\.\d+)?\.json$", re.ASCII
)
CLR2_CONTEXT_PATTERN: Final = re.compile(
    r"^https://purl\.imsglobal\.org/spec/clr/v2p0/context(-\d+\.\d+\.\d+)?\.json$", re.ASCII
)

DATA_INTEGRITY_CONTEXT: Final = "https://w3id.org/security/data-integrity/v2"
ED25519_2020_CONTEXT: Final = "https://w3id.org/security/suites/ed25519-2020/v1"
MULTIKEY_CONTEXT: Final = "https://w3id.org/security/multikey/v1"
DID_CONTEXT: Final = "https://www.w3.org/ns/did/v1"

STATUS_LIST_2021_CONTEXT: Final = "https://w3id.org/vc/status-list/2021/v1"
CREDENTIAL_STATUS_CONTEXT: Final = "https://www.w3.org/ns/credentials/status/v1"


# --- vocabularies (the enumerations of OB 3.0 / CLR 2.0) ---------------------------------

# OB B.1.28 AchievementType (extensible: "ext:" terms).
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement",
        "ApprenticeshipCertificate",
        "Assessment",
        "Assignment",
        "AssociateDegree",
        "Award",
        "Badge",
        "BachelorDegree",
        "Certificate",
        "CertificateOfCompletion",
        "Certification",
        "CommunityService",
        "Competency",
        "Course",
        "CoCurricular",
        "Degree",
        "Diploma",
        "DoctoralDegree",
        "Fieldwork",
        "GeneralEducationDevelopment",
        "JourneymanCertificate",
        "LearningProgram",
        "License",
        "Membership",
        "ProfessionalDoctorate",
        "QualityAssuranceCredential",
        "MasterCertificate",
        "MasterDegree",
        "MicroCredential",
        "ResearchDoctorate",
        "SecondarySchoolDiploma",
    }
)
# OB B.1.29 AlignmentTargetType (extensible).
ALIGNMENT_TARGET_TYPES = frozenset(
    {
        "ceasn:Competency",
        "ceterms:Credential",
        "CFItem",
        "CFRubric",
        "CFRubricCriterion",
        "CFRubricCriterionLevel",
        "CTDL",
    }
)
# OB B.1.30 IdentifierTypeEnum (extensible).
IDENTIFIER_TYPES = frozenset(
    {
        "name",
        "sourcedId",
        "systemId",
        "productId",
        "userName",
        "accountId",
        "emailAddress",
        "nationalIdentityNumber",
        "isbn",
        "issn",
        "lisSourcedId",
        "oneRosterSourcedId",
        "sisSourcedId",
        "ltiContextId",
        "ltiDeploymentId",
        "ltiToolId",
        "ltiPlatformId",
        "ltiUserId",
        "identifier",
    }
)
# OB B.1.31 ResultType (extensible).
RESULT_TYPES = frozenset(
    {
        "GradePointAverage",
        "LetterGrade",
        "Percent",
        "PerformanceLevel",
        "PredictedScore",
        "RawScore",
        "Result",
        "RubricCriterion",
        "RubricCriterionLevel",
        "RubricScore",
        "ScaledScore",
        "Status",
    }
)
# OB B.1.32 ResultStatusType (closed).
RESULT_STATUS_TYPES = frozenset(
    {"Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew"}
)
# CLR B.1 AssociationType (closed).
ASSOCIATION_TYPES = frozenset(
    {
        "exactMatchOf",
        "isChildOf",
        "isParentOf",
        "isPartOf",
        "isPeerOf",
        "isRelatedTo",
        "precedes",
        "replacedBy",
    }
)
