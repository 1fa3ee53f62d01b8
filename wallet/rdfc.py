"""RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024; the URDNA2015 algorithm).

Works on the dataset form pyld produces (:func:`wallet.jsonld.to_rdf`). It is ours rather than
pyld's because canonical N-Quads (RDFC-1.0 §4.2, RDF 1.1 N-Quads canonical form as tightened by
RDF 1.2) escape control characters inside literals — ``\\b``, ``\\t``, ``\\n``, ``\\f``, ``\\r``,
``\\"``, ``\\\\`` and ``\\u00XX`` (upper-case hex) for the rest of U+0000–U+001F and U+007F — and
pyld 3.3 writes some of them raw, both in the output and in the first-degree hashes that choose
blank-node labels. It also bounds the work a hostile document can demand (§4.4 notes the
exponential case), raising :class:`~wallet.errors.CanonicalizationLimitError`.

Each function below is one algorithm of the specification, named after its section.

The hash function is SHA-256 by default; RDFC-1.0 §4.4 lets an application choose another, and
vc-di-ecdsa uses SHA-384 with P-384 keys (``hash_name="sha384"``). :func:`canonical_dataset`
keeps the canonical blank-node labels beside the quads, which selective disclosure needs.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NamedTuple

from wallet.errors import CanonicalizationLimitError

__all__ = [
    "CanonicalDataset",
    "Quad",
    "Term",
    "canonical_dataset",
    "canonical_labels",
    "canonicalize",
    "escape_literal",
    "quads_from_pyld",
    "serialize_quad",
]

HASHES = ("sha256", "sha384")

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Bounds on the work a document may demand of Hash N-Degree Quads (§4.8); ordinary credentials
# need none or a handful of calls.
MAX_N_DEGREE_CALLS = 5_000
MAX_PERMUTATIONS = 2_000_000


class Term(NamedTuple):
    kind: str  # "iri" | "bnode" | "literal"
    value: str
    datatype: str = ""
    language: str = ""


class Quad(NamedTuple):
    subject: Term
    predicate: Term
    object: Term
    graph: Term | None


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}
for _cp in [*range(0x00, 0x20), 0x7F]:
    _ESCAPES.setdefault(chr(_cp), f"\\u{_cp:04X}")
_ESCAPE_TABLE = str.maketrans(_ESCAPES)


def escape_literal(value: str) -> str:
    """A literal's lexical form as canonical N-Quads writes it between the quotes."""
    return value.translate(_ESCAPE_TABLE)


def _term(term: Term, bnode_label: str | None = None) -> str:
    if term.kind == "iri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return bnode_label if bnode_label is not None else term.value
    text = f'"{escape_literal(term.value)}"'
    if term.language:
        return f"{text}@{term.language}"
    if term.datatype and term.datatype != XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


def serialize_quad(quad: Quad, labels: Mapping[str, str] | None = None) -> str:
    """One canonical N-Quads line; ``labels`` renames blank nodes."""

    def t(term: Term) -> str:
        if term.kind == "bnode" and labels is not None:
            return _term(term, labels.get(term.value, term.value))
        return _term(term)

    graph = "" if quad.graph is None else " " + t(quad.graph)
    return f"{t(quad.subject)} {t(quad.predicate)} {t(quad.object)}{graph} .\n"


def _from_pyld_term(term: Mapping[str, Any]) -> Term:
    kind = term["type"]
    if kind == "IRI":
        return Term("iri", term["value"])
    if kind == "blank node":
        return Term("bnode", term["value"])
    datatype = term.get("datatype") or XSD_STRING
    language = (term.get("language") or "") if datatype == RDF_LANGSTRING else ""
    return Term("literal", term["value"], datatype, language)


def quads_from_pyld(dataset: Mapping[str, Iterable[Mapping[str, Any]]]) -> list[Quad]:
    """Quads from pyld's ``{graph name: [triple, ...]}`` dataset."""
    quads = []
    for graph_name, triples in dataset.items():
        if graph_name == "@default":
            graph = None
        elif graph_name.startswith("_:"):
            graph = Term("bnode", graph_name)
        else:
            graph = Term("iri", graph_name)
        for triple in triples:
            quads.append(
                Quad(
                    _from_pyld_term(triple["subject"]),
                    _from_pyld_term(triple["predicate"]),
                    _from_pyld_term(triple["object"]),
                    graph,
                )
            )
    return quads


def _hasher(hash_name: str) -> Callable[[str], str]:
    if hash_name not in HASHES:
        raise ValueError(f"RDFC-1.0 here hashes with {' or '.join(HASHES)}, not {hash_name!r}")
    new = getattr(hashlib, hash_name)

    def digest(text: str) -> str:
        return new(text.encode("utf-8")).hexdigest()

    return digest


class _Issuer:
    """Identifier Issuer (§4.3): issues ``prefix + n`` in order, remembering the order."""

    __slots__ = ("prefix", "counter", "issued")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.counter = 0
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        label = self.issued.get(existing)
        if label is None:
            label = f"{self.prefix}{self.counter}"
            self.counter += 1
            self.issued[existing] = label
        return label

    def copy(self) -> _Issuer:
        other = _Issuer(self.prefix)
        other.counter = self.counter
        other.issued = dict(self.issued)
        return other


class _State:
    """Canonicalization state (§4.2)."""

    def __init__(self, quads: list[Quad], hash_name: str = "sha256") -> None:
        self.quads = quads
        self.hash = _hasher(hash_name)
        self.bnode_quads: dict[str, list[Quad]] = defaultdict(list)
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph):
                if term is not None and term.kind == "bnode":
                    bucket = self.bnode_quads[term.value]
                    if not bucket or bucket[-1] is not quad:
                        bucket.append(quad)
        self.canonical = _Issuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.n_degree_calls = 0
        self.permutations = 0

    # §4.6 Hash First Degree Quads
    def hash_first_degree(self, ref: str) -> str:
        cached = self.first_degree.get(ref)
        if cached is not None:
            return cached
        lines = []
        for quad in self.bnode_quads[ref]:
            labels = {}
            for term in (quad.subject, quad.object, quad.graph):
                if term is not None and term.kind == "bnode":
                    labels[term.value] = "_:a" if term.value == ref else "_:z"
            lines.append(serialize_quad(quad, labels))
        lines.sort()
        digest = self.hash("".join(lines))
        self.first_degree[ref] = digest
        return digest

    # §4.7 Hash Related Blank Node
    def hash_related(self, related: str, quad: Quad, issuer: _Issuer, position: str) -> str:
        if related in self.canonical.issued:
            ident = self.canonical.issued[related]
        elif related in issuer.issued:
            ident = issuer.issued[related]
        else:
            ident = self.hash_first_degree(related)
        data = position
        if position != "g":
            data += f"<{quad.predicate.value}>"
        return self.hash(data + ident)

    # §4.8 Hash N-Degree Quads
    def hash_n_degree(self, ref: str, issuer: _Issuer) -> tuple[str, _Issuer]:
        self.n_degree_calls += 1
        if self.n_degree_calls > MAX_N_DEGREE_CALLS:
            raise CanonicalizationLimitError(
                "the document's blank nodes need too much work to canonicalize "
                f"(over {MAX_N_DEGREE_CALLS} n-degree hashes); refusing it as hostile"
            )
        related_hashes: dict[str, list[str]] = defaultdict(list)
        for quad in self.bnode_quads[ref]:
            for term, position in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                if term is not None and term.kind == "bnode" and term.value != ref:
                    h = self.hash_related(term.value, quad, issuer, position)
                    related_hashes[h].append(term.value)

        data = ""
        for related_hash in sorted(related_hashes):
            data += related_hash
            chosen_path = ""
            chosen_issuer: _Issuer | None = None
            for permutation in itertools.permutations(related_hashes[related_hash]):
                self.permutations += 1
                if self.permutations > MAX_PERMUTATIONS:
                    raise CanonicalizationLimitError(
                        "the document's blank nodes need too much work to canonicalize "
                        f"(over {MAX_PERMUTATIONS} permutations); refusing it as hostile"
                    )
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skip = False
                for related in permutation:
                    if related in self.canonical.issued:
                        path += self.canonical.issued[related]
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += issuer_copy.issue(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result_hash, result_issuer = self.hash_n_degree(related, issuer_copy)
                    path += issuer_copy.issue(related)
                    path += f"<{result_hash}>"
                    issuer_copy = result_issuer
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data += chosen_path
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return self.hash(data), issuer


def canonical_labels(quads: list[Quad], hash_name: str = "sha256") -> dict[str, str]:
    """§4.4 Canonicalization Algorithm, steps 1–6: blank node → canonical label (``_:c14nN``)."""
    state = _State(quads, hash_name)
    hash_to_bnodes: dict[str, list[str]] = defaultdict(list)
    for bnode in state.bnode_quads:
        hash_to_bnodes[state.hash_first_degree(bnode)].append(bnode)

    shared: list[tuple[str, list[str]]] = []
    for h in sorted(hash_to_bnodes):
        bnodes = hash_to_bnodes[h]
        if len(bnodes) == 1:
            state.canonical.issue(bnodes[0])
        else:
            shared.append((h, bnodes))

    for _h, bnodes in shared:
        paths: list[tuple[str, _Issuer]] = []
        for bnode in bnodes:
            if bnode in state.canonical.issued:
                continue
            temp = _Issuer("_:b")
            temp.issue(bnode)
            paths.append(state.hash_n_degree(bnode, temp))
        for _hash, issuer in sorted(paths, key=lambda p: p[0]):
            for existing in issuer.issued:
                state.canonical.issue(existing)
    return state.canonical.issued


@dataclass(frozen=True)
class CanonicalDataset:
    """A dataset with its canonical blank-node labels (§4.4 step 7: the *canonical issuer*)."""

    quads: tuple[Quad, ...]
    labels: Mapping[str, str]  # input blank node ("_:b0") → canonical label ("_:c14n0")

    @cached_property
    def lines(self) -> tuple[str, ...]:
        """The canonical N-Quads, one statement per line, sorted (§4.5)."""
        return tuple(sorted({serialize_quad(q, self.labels) for q in self.quads}))

    @cached_property
    def text(self) -> str:
        """The canonical N-Quads document."""
        return "".join(self.lines)

    def relabeled(self, label_map: Mapping[str, str]) -> list[str]:
        """The canonical statements with each canonical label ``c14nN`` replaced by
        ``label_map["c14nN"]`` (no ``_:`` on either side), sorted again — vc-di-ecdsa
        *labelReplacementCanonicalizeNQuads*. Raises ``KeyError`` for a label the map lacks."""
        labels = {bnode: "_:" + label_map[c14n[2:]] for bnode, c14n in self.labels.items()}
        return sorted({serialize_quad(q, labels) for q in self.quads})


def canonical_dataset(quads: Iterable[Quad], hash_name: str = "sha256") -> CanonicalDataset:
    """Canonicalize ``quads``: the canonical labels, kept with the quads (§4.4)."""
    quads = list(quads)
    return CanonicalDataset(tuple(quads), canonical_labels(quads, hash_name))


def canonicalize(quads: list[Quad], hash_name: str = "sha256") -> str:
    """The canonical N-Quads document of ``quads`` (§4.4 step 7 and §4.5)."""
    return canonical_dataset(quads, hash_name).text
