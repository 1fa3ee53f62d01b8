"""JSON-LD, strictly offline (`jsonld`: bundled contexts, safe mode), and the two canonicalizations
proofs sign: RDFC-1.0 (`rdfc`, with the strict N-Quads reader `nquads`) and JCS, RFC 8785
(`jcs`). The package's public names are re-exported here and imported on first use (PEP 562), so
importing one module of the package does not import the rest; its modules hold the
implementation.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.ld.jsonld import (
        DocumentLoader,
        bundled_context_urls,
        compact,
        default_loader,
        expand,
        expanded_to_rdf,
        to_rdf,
    )
    from wallet.ld.nquads import (
        MAX_NQUADS_BYTES,
        MAX_NQUADS_STATEMENTS,
        parse_nquads,
    )
    from wallet.ld.rdfc import (
        CanonicalDataset,
        Quad,
        Term,
        canonical_dataset,
        canonical_labels,
        escape_literal,
        quads_from_pyld,
        serialize_quad,
    )

_WHERE = {
    "CanonicalDataset": "rdfc",
    "DocumentLoader": "jsonld",
    "MAX_NQUADS_BYTES": "nquads",
    "MAX_NQUADS_STATEMENTS": "nquads",
    "Quad": "rdfc",
    "Term": "rdfc",
    "bundled_context_urls": "jsonld",
    "canonical_dataset": "rdfc",
    "canonical_labels": "rdfc",
    "compact": "jsonld",
    "default_loader": "jsonld",
    "escape_literal": "rdfc",
    "expand": "jsonld",
    "expanded_to_rdf": "jsonld",
    "parse_nquads": "nquads",
    "quads_from_pyld": "rdfc",
    "serialize_quad": "rdfc",
    "to_rdf": "jsonld",
}


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "CanonicalDataset",
    "DocumentLoader",
    "MAX_NQUADS_BYTES",
    "MAX_NQUADS_STATEMENTS",
    "Quad",
    "Term",
    "bundled_context_urls",
    "canonical_dataset",
    "canonical_labels",
    "compact",
    "default_loader",
    "escape_literal",
    "expand",
    "expanded_to_rdf",
    "parse_nquads",
    "quads_from_pyld",
    "serialize_quad",
    "to_rdf",
]
