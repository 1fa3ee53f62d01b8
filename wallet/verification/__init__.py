"""Verifying: the sequence (`verify`), its checks (`checks`), what secures a document, format by
format (`signatures`), who signed (`binding`), status lists (`status`), trust lists and issuer
recognition (`trust`), and the network budget of one verification (`budget`). The package's public
names are re-exported here and imported on first use (PEP 562), so importing one module of the
package does not import the rest; its modules hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.verification.binding import (
        ASSERTION,
        AUTHENTICATION,
        Binding,
        Standing,
        Via,
        bind_key,
        binding_check,
        check_of,
        claimed_name_of,
        identifier_key,
        recognition_check,
    )
    from wallet.verification.budget import (
        FetchBudget,
    )
    from wallet.verification.checks import (
        challenge_check,
        claims_check,
        data_uri,
        enveloped,
        evidence_check,
        failed,
        party_id,
        passed,
        proof_set_checks,
        related_check,
        skipped,
        structure_and_model,
        subjects,
        validity_check,
        warning,
    )
    from wallet.verification.signatures import (
        Secured,
        jwt_proof,
        proof_checks,
        unsigned_presentation,
    )
    from wallet.verification.status import (
        StatusOutcome,
        check_status,
        decode_bitstring,
        encode_bitstring,
    )
    from wallet.verification.trust import (
        MAX_ENTRIES,
        MAX_LIST_BYTES,
        OUR_FORMAT,
        TrustEntry,
        TrustList,
        TrustLists,
        key_in_key_id,
        parse_trust_list,
    )
    from wallet.verification.verify import (
        VerifyOptions,
        verify,
        verify_bytes,
        verify_document,
        verify_jwt,
    )

_WHERE = {
    "ASSERTION": "binding",
    "AUTHENTICATION": "binding",
    "Binding": "binding",
    "FetchBudget": "budget",
    "MAX_ENTRIES": "trust",
    "MAX_LIST_BYTES": "trust",
    "OUR_FORMAT": "trust",
    "Secured": "signatures",
    "Standing": "binding",
    "StatusOutcome": "status",
    "TrustEntry": "trust",
    "TrustList": "trust",
    "TrustLists": "trust",
    "VerifyOptions": "verify",
    "Via": "binding",
    "bind_key": "binding",
    "binding_check": "binding",
    "challenge_check": "checks",
    "check_of": "binding",
    "check_status": "status",
    "claimed_name_of": "binding",
    "claims_check": "checks",
    "data_uri": "checks",
    "decode_bitstring": "status",
    "encode_bitstring": "status",
    "enveloped": "checks",
    "evidence_check": "checks",
    "failed": "checks",
    "identifier_key": "binding",
    "jwt_proof": "signatures",
    "key_in_key_id": "trust",
    "parse_trust_list": "trust",
    "party_id": "checks",
    "passed": "checks",
    "proof_checks": "signatures",
    "proof_set_checks": "checks",
    "recognition_check": "binding",
    "related_check": "checks",
    "skipped": "checks",
    "structure_and_model": "checks",
    "subjects": "checks",
    "unsigned_presentation": "signatures",
    "validity_check": "checks",
    "verify": "verify",
    "verify_bytes": "verify",
    "verify_document": "verify",
    "verify_jwt": "verify",
    "warning": "checks",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ASSERTION",
    "AUTHENTICATION",
    "Binding",
    "FetchBudget",
    "MAX_ENTRIES",
    "MAX_LIST_BYTES",
    "OUR_FORMAT",
    "Secured",
    "Standing",
    "StatusOutcome",
    "TrustEntry",
    "TrustList",
    "TrustLists",
    "VerifyOptions",
    "Via",
    "bind_key",
    "binding_check",
    "challenge_check",
    "check_of",
    "check_status",
    "claimed_name_of",
    "claims_check",
    "data_uri",
    "decode_bitstring",
    "encode_bitstring",
    "enveloped",
    "evidence_check",
    "failed",
    "identifier_key",
    "jwt_proof",
    "key_in_key_id",
    "parse_trust_list",
    "party_id",
    "passed",
    "proof_checks",
    "proof_set_checks",
    "recognition_check",
    "related_check",
    "skipped",
    "structure_and_model",
    "subjects",
    "unsigned_presentation",
    "validity_check",
    "verify",
    "verify_bytes",
    "verify_document",
    "verify_jwt",
    "warning",
]
