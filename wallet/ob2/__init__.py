"""Open Badges 2.0 (and 1.x), the badges learners already hold: reading every form and upgrading 1.x
(`reading`), the JSON-LD contexts they are read under (`contexts`), the data model and recipients
(`model`), fetching hosted documents (`documents`), hosted and signed proofs (`proof`), the
verification in the four-level verdict (`verify`), and the badges a presentation carries, verified
again when it is viewed (`carried`). The package's public names are re-exported here and imported on
first use (PEP 562), so importing one module of the package does not import the rest; its modules
hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.ob2.carried import (
        MAX_CARRIED,
        NETWORK_SECONDS,
        CarriedBadge,
        carried_badges,
        learner_identities,
        verify_carried,
    )
    from wallet.ob2.contexts import (
        context_problems,
    )
    from wallet.ob2.documents import (
        MAX_DOCUMENT_BYTES,
        DocumentProblem,
        Documents,
        FetchedDocument,
        ReadDocument,
        origin_of,
        resolve,
    )
    from wallet.ob2.model import (
        HASH_ALGORITHMS,
        IDENTITY_TYPES,
        Identity,
        ModelProblem,
        Recipient,
        model_problems,
        parse_identity,
        read_recipient,
        recipient_matches,
    )
    from wallet.ob2.proof import (
        ALLOWED_ALGS,
        Found,
        Run,
        chain,
        differences,
        hosted,
        hosted_scope,
        signed,
    )
    from wallet.ob2.reading import (
        OB1_CONTEXT,
        OB2_CONTEXT,
        Ob2Alignment,
        Ob2Input,
        alignments,
        detect_version,
        from_loaded,
        hosted_url,
        is_http_url,
        is_ob2,
        jws_payload,
        looks_ob2,
        read_ob2,
        ref_id,
        shown,
        type_of,
        upgrade,
        verification_type,
    )
    from wallet.ob2.verify import (
        Ob2Verification,
        check_ob2,
        verify_ob2,
    )

_WHERE = {
    "ALLOWED_ALGS": "proof",
    "CarriedBadge": "carried",
    "MAX_CARRIED": "carried",
    "NETWORK_SECONDS": "carried",
    "carried_badges": "carried",
    "learner_identities": "carried",
    "verify_carried": "carried",
    "DocumentProblem": "documents",
    "Documents": "documents",
    "FetchedDocument": "documents",
    "Found": "proof",
    "HASH_ALGORITHMS": "model",
    "IDENTITY_TYPES": "model",
    "Identity": "model",
    "MAX_DOCUMENT_BYTES": "documents",
    "ModelProblem": "model",
    "OB1_CONTEXT": "reading",
    "OB2_CONTEXT": "reading",
    "Ob2Alignment": "reading",
    "Ob2Input": "reading",
    "Ob2Verification": "verify",
    "ReadDocument": "documents",
    "Recipient": "model",
    "Run": "proof",
    "alignments": "reading",
    "chain": "proof",
    "check_ob2": "verify",
    "context_problems": "contexts",
    "detect_version": "reading",
    "differences": "proof",
    "from_loaded": "reading",
    "hosted": "proof",
    "hosted_scope": "proof",
    "hosted_url": "reading",
    "is_http_url": "reading",
    "is_ob2": "reading",
    "jws_payload": "reading",
    "looks_ob2": "reading",
    "model_problems": "model",
    "origin_of": "documents",
    "parse_identity": "model",
    "read_ob2": "reading",
    "read_recipient": "model",
    "recipient_matches": "model",
    "ref_id": "reading",
    "resolve": "documents",
    "shown": "reading",
    "signed": "proof",
    "type_of": "reading",
    "upgrade": "reading",
    "verification_type": "reading",
    "verify_ob2": "verify",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ALLOWED_ALGS",
    "CarriedBadge",
    "DocumentProblem",
    "Documents",
    "FetchedDocument",
    "Found",
    "HASH_ALGORITHMS",
    "IDENTITY_TYPES",
    "Identity",
    "MAX_CARRIED",
    "MAX_DOCUMENT_BYTES",
    "ModelProblem",
    "NETWORK_SECONDS",
    "OB1_CONTEXT",
    "OB2_CONTEXT",
    "Ob2Alignment",
    "Ob2Input",
    "Ob2Verification",
    "ReadDocument",
    "Recipient",
    "Run",
    "alignments",
    "carried_badges",
    "chain",
    "check_ob2",
    "context_problems",
    "detect_version",
    "differences",
    "from_loaded",
    "hosted",
    "hosted_scope",
    "hosted_url",
    "is_http_url",
    "is_ob2",
    "jws_payload",
    "learner_identities",
    "looks_ob2",
    "model_problems",
    "origin_of",
    "parse_identity",
    "read_ob2",
    "read_recipient",
    "recipient_matches",
    "ref_id",
    "resolve",
    "shown",
    "signed",
    "type_of",
    "upgrade",
    "verification_type",
    "verify_carried",
    "verify_ob2",
]
