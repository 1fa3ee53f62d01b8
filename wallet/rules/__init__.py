"""The rules a document must keep, for the verifier and the signer alike: the W3C VC Data Model 2.0
rules, each citing its section, in one table (`vcdm_table`) and checked (`vcdm`), the digests of
related resources (`digests`), the JSON shapes rules are written in (`shapes`), and which
departures are errors and which are findings (`conformance`). The package's public names are
re-exported here and imported on first use (PEP 562), so importing one module of the package does
not import the rest; its modules hold the implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.rules.conformance import (
        StructureProblem,
        rule_of,
    )
    from wallet.rules.digests import (
        Digest,
        bundled_context_bytes,
        data_url_bytes,
        matches,
        read_digests,
    )
    from wallet.rules.shapes import (
        COMPACT_JWS,
        DATE,
        IRI,
        MAX_DEPTH,
        Shapes,
        achievement_id_of,
        in_enum,
        is_absolute_iri,
        is_text,
        join,
        show,
        types_of,
    )
    from wallet.rules.vcdm import (
        check_credential,
        check_document,
        check_presentation,
        require_conforming,
    )
    from wallet.rules.vcdm_table import (
        RULES,
        DigestCheck,
        Report,
        Rule,
        Violation,
    )

_WHERE = {
    "COMPACT_JWS": "shapes",
    "DATE": "shapes",
    "Digest": "digests",
    "DigestCheck": "vcdm_table",
    "IRI": "shapes",
    "MAX_DEPTH": "shapes",
    "RULES": "vcdm_table",
    "Report": "vcdm_table",
    "Rule": "vcdm_table",
    "Shapes": "shapes",
    "StructureProblem": "conformance",
    "Violation": "vcdm_table",
    "achievement_id_of": "shapes",
    "bundled_context_bytes": "digests",
    "check_credential": "vcdm",
    "check_document": "vcdm",
    "check_presentation": "vcdm",
    "data_url_bytes": "digests",
    "in_enum": "shapes",
    "is_absolute_iri": "shapes",
    "is_text": "shapes",
    "join": "shapes",
    "matches": "digests",
    "read_digests": "digests",
    "require_conforming": "vcdm",
    "rule_of": "conformance",
    "show": "shapes",
    "types_of": "shapes",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "COMPACT_JWS",
    "DATE",
    "Digest",
    "DigestCheck",
    "IRI",
    "MAX_DEPTH",
    "RULES",
    "Report",
    "Rule",
    "Shapes",
    "StructureProblem",
    "Violation",
    "achievement_id_of",
    "bundled_context_bytes",
    "check_credential",
    "check_document",
    "check_presentation",
    "data_url_bytes",
    "in_enum",
    "is_absolute_iri",
    "is_text",
    "join",
    "matches",
    "read_digests",
    "require_conforming",
    "rule_of",
    "show",
    "types_of",
]
