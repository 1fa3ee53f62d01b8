"""Building what the learner presents: the learner-signed CLR and presentation (`present`), the
learner's identity and how issuers name them (`identity`), the plain presentation an offline QR
code carries (`offline`), selective disclosure (`disclosure`),
and matching requests (`dcql`: DCQL, `qbe`: VCALM Query by Example). The package's public names
are re-exported here and imported on first use (PEP 562), so importing one module of the package
does not import the rest; its modules hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.presenting.dcql import (
        FORMATS,
        MAX_QUERY_CHARS,
        Candidate,
        ClaimQuery,
        CredentialQuery,
        CredentialSetQuery,
        DcqlQuery,
        Evaluation,
        Match,
        check_selection,
        claims_path,
        default_selection,
        evaluate,
        expanded_types,
        parse_query,
    )
    from wallet.presenting.disclosure import (
        Claim,
        claims,
        disclose,
        is_selective,
        leaf_pointers,
        mandatory_pointers,
    )
    from wallet.presenting.identity import (
        ID_TYPES,
        LINK_TYPE,
        LearnerIdentity,
        RecipientMatch,
        identity_hash,
        issuer_profile,
        read_learner,
        recipient_match,
        same_name,
        subject_identifiers,
    )
    from wallet.presenting.offline import carried_credentials, offline_presentation
    from wallet.presenting.present import (
        DEFAULT_TITLE,
        INLINE_ARTIFACT_BYTES,
        LEARNER_ARTIFACT,
        LEARNER_REFLECTION,
        OB2_BADGE,
        ArtifactInput,
        BadgeInput,
        CredentialInput,
        ReflectionInput,
        compose,
        digest_multibase,
    )
    from wallet.presenting.qbe import (
        DidAuthQuery,
        ExampleQuery,
        PresentationRequest,
        matches,
        parse_request,
    )

_WHERE = {
    "ArtifactInput": "present",
    "BadgeInput": "present",
    "Candidate": "dcql",
    "Claim": "disclosure",
    "ClaimQuery": "dcql",
    "CredentialInput": "present",
    "CredentialQuery": "dcql",
    "CredentialSetQuery": "dcql",
    "DEFAULT_TITLE": "present",
    "DcqlQuery": "dcql",
    "DidAuthQuery": "qbe",
    "Evaluation": "dcql",
    "ExampleQuery": "qbe",
    "FORMATS": "dcql",
    "ID_TYPES": "identity",
    "INLINE_ARTIFACT_BYTES": "present",
    "LEARNER_ARTIFACT": "present",
    "LEARNER_REFLECTION": "present",
    "LINK_TYPE": "identity",
    "LearnerIdentity": "identity",
    "MAX_QUERY_CHARS": "dcql",
    "OB2_BADGE": "present",
    "Match": "dcql",
    "PresentationRequest": "qbe",
    "RecipientMatch": "identity",
    "ReflectionInput": "present",
    "check_selection": "dcql",
    "claims": "disclosure",
    "claims_path": "dcql",
    "compose": "present",
    "default_selection": "dcql",
    "carried_credentials": "offline",
    "digest_multibase": "present",
    "offline_presentation": "offline",
    "disclose": "disclosure",
    "evaluate": "dcql",
    "expanded_types": "dcql",
    "identity_hash": "identity",
    "is_selective": "disclosure",
    "issuer_profile": "identity",
    "leaf_pointers": "disclosure",
    "mandatory_pointers": "disclosure",
    "matches": "qbe",
    "parse_query": "dcql",
    "parse_request": "qbe",
    "read_learner": "identity",
    "recipient_match": "identity",
    "same_name": "identity",
    "subject_identifiers": "identity",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ArtifactInput",
    "BadgeInput",
    "Candidate",
    "Claim",
    "ClaimQuery",
    "CredentialInput",
    "CredentialQuery",
    "CredentialSetQuery",
    "DEFAULT_TITLE",
    "DcqlQuery",
    "DidAuthQuery",
    "Evaluation",
    "ExampleQuery",
    "FORMATS",
    "ID_TYPES",
    "INLINE_ARTIFACT_BYTES",
    "LEARNER_ARTIFACT",
    "LEARNER_REFLECTION",
    "LINK_TYPE",
    "LearnerIdentity",
    "MAX_QUERY_CHARS",
    "OB2_BADGE",
    "Match",
    "PresentationRequest",
    "RecipientMatch",
    "ReflectionInput",
    "carried_credentials",
    "check_selection",
    "claims",
    "claims_path",
    "compose",
    "default_selection",
    "digest_multibase",
    "disclose",
    "evaluate",
    "expanded_types",
    "identity_hash",
    "is_selective",
    "issuer_profile",
    "leaf_pointers",
    "mandatory_pointers",
    "matches",
    "offline_presentation",
    "parse_query",
    "parse_request",
    "read_learner",
    "recipient_match",
    "same_name",
    "subject_identifiers",
]
