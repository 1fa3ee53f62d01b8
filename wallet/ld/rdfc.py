"""RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024; the URDNA2015 algorithm).

Works on the dataset form pyld produces (:func:`wallet.ld.jsonld.to_rdf`). It is ours rather than
pyld's because canonical N-Quads (RDFC-1.0 §4.2, RDF 1.1 N-Quads canonical form as tightened by
RDF 1.2) escape control characters inside literals — ``\\b``, ``\\t``, ``\\n``, ``\\f``, ``\\r``,
``\\"``, ``\\\\`` and ``\\u00XX`` (upper-case hex) for the rest of U+0000–U+001F and U+007F — and
pyld 3.3 writes some of them raw, both in the output and in the first-degree hashes that choose
blank-node labels. It also bounds the work a hostile document can demand (§4.4 notes the
exponential case) by what that work costs — steps of hashing, permutation and label copying,
the labels held at once and the depth of the recursion (:data:`~wallet.limits.MAX_RDFC_WORK`,
:data:`~wallet.limits.MAX_RDFC_LIVE_LABELS`, :data:`~wallet.limits.MAX_RDFC_DEPTH`, and the
share left in the verification's :class:`~wallet.limits.WorkBudget`) — raising
:class:`~wallet.errors.CanonicalizationLimitError`. Permutations of related blank nodes are
tried as a search that leaves out every branch whose beginning the specification would skip,
and a group whose nodes all have labels already is sorted instead of permuted: the labels are
the specification's, and symmetric but harmless documents (many identical results in a
presentation) stay cheap.

Each function below is one algorithm of the specification, named after its section.

The hash function is SHA-256 by default; RDFC-1.0 §4.4 lets an application choose another, and
vc-di-ecdsa uses SHA-384 with P-384 keys (``hash_name="sha384"``). :func:`canonical_dataset`
keeps the canonical blank-node labels beside the quads, which selective disclosure needs.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, cmp_to_key
from typing import Any, NamedTuple

from wallet.errors import CanonicalizationLimitError
from wallet.limits import MAX_RDFC_DEPTH, MAX_RDFC_LIVE_LABELS, MAX_RDFC_WORK, current_budget

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
    """Canonicalization state (§4.2), with the work it has done.

    ``work`` counts the steps of blank-node labelling — a quad serialized for a first-degree
    hash or examined by Hash N-Degree Quads, a related blank node hashed, a permutation prefix
    tried, a label copied into an identifier issuer, 64 bytes hashed — and ``max_work`` bounds
    it; ``live`` counts the labels the identifier issuers of the recursion hold at once,
    bounded by :data:`~wallet.limits.MAX_RDFC_LIVE_LABELS` (the memory bound).
    """

    def __init__(
        self, quads: list[Quad], hash_name: str = "sha256", *, max_work: int = MAX_RDFC_WORK
    ) -> None:
        self._hash = _hasher(hash_name)
        # An RDF dataset is a set: a statement given twice is one statement, hashed once
        # (the W3C suite's test076 and test077 give one twice).
        quads = list(dict.fromkeys(quads))
        self.quads = quads
        self.bnode_quads: dict[str, list[Quad]] = defaultdict(list)
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph):
                if term is not None and term.kind == "bnode":
                    bucket = self.bnode_quads[term.value]
                    if not bucket or bucket[-1] is not quad:
                        bucket.append(quad)
        self.canonical = _Issuer("_:c14n")
        self.first_degree: dict[str, str] = {}
        self.max_work = max_work
        self.work = 0
        self.live = 0
        self.depth = 0
        self.n_degree_calls = 0

    def spend(self, steps: int) -> None:
        self.work += steps
        if self.work > self.max_work:
            raise CanonicalizationLimitError(
                "the document's blank nodes need too much work to canonicalize (over "
                f"{self.max_work:,} steps of RDFC-1.0 labelling); refusing it as hostile",
                limit="MAX_RDFC_WORK",
            )

    def hash(self, text: str) -> str:
        self.spend(1 + len(text) // 64)
        return self._hash(text)

    # §4.6 Hash First Degree Quads
    def hash_first_degree(self, ref: str) -> str:
        cached = self.first_degree.get(ref)
        if cached is not None:
            return cached
        quads = self.bnode_quads[ref]
        self.spend(len(quads))
        lines = []
        for quad in quads:
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
        quads = self.bnode_quads[ref]
        self.spend(len(quads))
        if self.depth >= MAX_RDFC_DEPTH:
            raise CanonicalizationLimitError(
                "the document's blank nodes need too deep a recursion to canonicalize (over "
                f"{MAX_RDFC_DEPTH} levels of Hash N-Degree Quads); refusing it as hostile",
                limit="MAX_RDFC_DEPTH",
            )
        self.depth += 1
        # This level keeps the issuer it was given, the one of the permutation it tries and
        # the one it has chosen: what the recursion holds in memory.
        held = 3 * len(issuer.issued) + 1
        self.live += held
        try:
            if self.live > MAX_RDFC_LIVE_LABELS:
                raise CanonicalizationLimitError(
                    "the document's blank nodes need too much memory to canonicalize (over "
                    f"{MAX_RDFC_LIVE_LABELS:,} labels held at once by RDFC-1.0's Hash N-Degree "
                    "Quads); refusing it as hostile",
                    limit="MAX_RDFC_LIVE_LABELS",
                )
            related_hashes: dict[str, list[str]] = defaultdict(list)
            for quad in quads:
                for term, position in ((quad.subject, "s"), (quad.object, "o"), (quad.graph, "g")):
                    if term is not None and term.kind == "bnode" and term.value != ref:
                        h = self.hash_related(term.value, quad, issuer, position)
                        related_hashes[h].append(term.value)
            data = ""
            for related_hash in sorted(related_hashes):
                data += related_hash
                chosen_path, issuer = self._choose_path(related_hashes[related_hash], issuer)
                data += chosen_path
            return self.hash(data), issuer
        finally:
            self.live -= held
            self.depth -= 1

    def _choose_path(self, group: list[str], issuer: _Issuer) -> tuple[str, _Issuer]:
        """§4.8.3 step 5.4–5.6: the smallest path over the permutations of ``group`` (the
        related blank nodes with one hash), and the issuer that goes with it."""
        canonical, issued = self.canonical.issued, issuer.issued
        fixed = [canonical.get(r) or issued.get(r) for r in group]
        labels = [label for label in fixed if label is not None]
        if len(labels) == len(fixed):
            # Every node is labelled already: no permutation issues a label or recurses, each
            # path is its labels joined, and the chosen one is the smallest such string — the
            # labels in the order a + b < b + a (labels all begin with "_:", so no two orders
            # give the same string). The issuer is unchanged.
            self.spend(len(group) * max(1, len(group).bit_length()))
            ordered = sorted(labels, key=cmp_to_key(_concatenation_order))
            return "".join(ordered), issuer.copy()
        chosen: list[str] = [""]  # the chosen path so far, read by _candidates as it changes
        chosen_issuer: _Issuer | None = None
        for path, recursion in self._candidates(group, fixed, issuer, chosen):
            issuer_copy = issuer.copy()
            self.spend(len(issuer_copy.issued) + len(recursion))
            for related in recursion:
                issuer_copy.issue(related)
            skip = False
            for related in recursion:
                result_hash, result_issuer = self.hash_n_degree(related, issuer_copy)
                path += issuer_copy.issue(related)
                path += f"<{result_hash}>"
                issuer_copy = result_issuer
                if chosen[0] and len(path) >= len(chosen[0]) and path > chosen[0]:
                    skip = True
                    break
            if skip:
                continue
            if not chosen[0] or path < chosen[0]:
                chosen[0] = path
                chosen_issuer = issuer_copy
        assert chosen_issuer is not None
        return chosen[0], chosen_issuer

    def _candidates(
        self, group: list[str], fixed: list[str | None], issuer: _Issuer, chosen: list[str]
    ) -> Iterator[tuple[str, list[str]]]:
        """The permutations of ``group`` in the order of ``itertools.permutations`` that §4.8.3
        step 5.4.4 does not skip: each as (its path, the blank nodes it newly labels, which the
        recursion of step 5.4.5 visits in that order).

        The path of a permutation's first *k* members depends on those members only (a node
        already labelled keeps its label, the others are labelled in order), and the chosen
        path only ever decreases; so once a prefix is skipped, every permutation that begins
        with it would be skipped there too, or never chosen, and the whole branch is left out.
        The result is the specification's; only the work is less. ``fixed`` holds the label
        each node already has (canonical, or from ``issuer``), else None.
        """
        k = len(group)
        used = [False] * k
        choice = [-1] * k
        paths = [""] * (k + 1)
        fresh = [0] * (k + 1)  # blank nodes newly labelled by the prefix
        depth = 0
        while depth >= 0:
            previous = choice[depth]
            if previous >= 0:
                used[previous] = False
            i = previous + 1
            while i < k and used[i]:
                i += 1
            if i >= k:
                choice[depth] = -1
                depth -= 1
                continue
            choice[depth] = i
            self.spend(1)
            label = fixed[i]
            count = fresh[depth]
            if label is None:
                label = f"{issuer.prefix}{issuer.counter + count}"
                count += 1
            path = paths[depth] + label
            best = chosen[0]
            if best and len(path) >= len(best) and path > best:
                continue
            if depth + 1 == k:
                yield path, [group[j] for j in choice if fixed[j] is None]
                continue
            used[i] = True
            paths[depth + 1] = path
            fresh[depth + 1] = count
            depth += 1


def _concatenation_order(a: str, b: str) -> int:
    return -1 if a + b < b + a else (1 if a + b > b + a else 0)


def canonical_labels(quads: list[Quad], hash_name: str = "sha256") -> dict[str, str]:
    """§4.4 Canonicalization Algorithm, steps 1–6: blank node → canonical label (``_:c14nN``).

    At most :data:`~wallet.limits.MAX_RDFC_WORK` steps (less when the verification running
    has spent its share, :class:`~wallet.limits.WorkBudget`); more raise
    :class:`~wallet.errors.CanonicalizationLimitError`."""
    budget = current_budget()
    state = _State(
        quads, hash_name, max_work=budget.rdfc_allowance() if budget is not None else MAX_RDFC_WORK
    )
    try:
        try:
            return _label(state)
        except RecursionError:  # a last resort: the depth bound above comes first
            raise CanonicalizationLimitError(
                "the document's blank nodes need too deep a recursion to canonicalize; "
                "refusing it as hostile",
                limit="MAX_RDFC_DEPTH",
            ) from None
    except CanonicalizationLimitError as exc:
        if budget is not None:
            budget.refuse(exc)
        raise
    finally:
        if budget is not None:
            budget.charge_rdfc(state.work)


def _label(state: _State) -> dict[str, str]:
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
