"""Selective disclosure functions — W3C vc-di-ecdsa 1.0 §3.4 (Digital Bazaar's
``di-sd-primitives`` is the model): JSON pointers, selection, skolemization, label maps, and
*canonicalizeAndGroup*.

A document is skolemized (every blank node gets a ``urn:bnid:`` IRI) so that a selection made
with JSON pointers on its compact form can be matched, statement by statement, against the
canonical N-Quads of the whole document. Blank nodes are handled as RDF terms throughout
(:mod:`wallet.ld.rdfc`), never by rewriting N-Quads text. Any JSON pointer that selects nothing is
a :class:`~wallet.errors.SelectionError`.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wallet.crypto.multiformats import b64url_encode
from wallet.errors import SelectionError
from wallet.ld import rdfc
from wallet.ld.jsonld import DocumentLoader, compact, expand, expanded_to_rdf, to_rdf

__all__ = [
    "Group",
    "Grouped",
    "canonicalize_and_group",
    "hash_mandatory",
    "hmac_label_map_function",
    "label_map_function",
    "label_replacement_canonicalize",
    "parse_pointer",
    "select_json_ld",
    "skolemize_compact",
    "skolemize_expanded",
    "to_deskolemized_quads",
]

SKOLEM_PREFIX = "urn:bnid:"
LabelMapFunction = Callable[[Mapping[str, str]], dict[str, str]]


# --- JSON pointers and selection (§3.4.11–§3.4.14) -------------------------------------------


def parse_pointer(pointer: str) -> list[str | int]:
    """*jsonPointerToPaths* (RFC 6901): ``"/a/0/b~1c"`` → ``["a", 0, "b/c"]``."""
    if not isinstance(pointer, str) or (pointer and not pointer.startswith("/")):
        raise SelectionError(f"{str(pointer)[:80]!r} is not a JSON pointer (RFC 6901)")
    paths: list[str | int] = []
    for part in pointer.split("/")[1:]:
        if "~" in part:
            rest = part.replace("~0", "").replace("~1", "")
            if "~" in rest:
                raise SelectionError(f"the JSON pointer {pointer[:80]!r} has an invalid escape")
            paths.append(part.replace("~1", "/").replace("~0", "~"))
        elif part.isdigit() and (part == "0" or not part.startswith("0")):
            paths.append(int(part))
        else:
            paths.append(part)
    return paths


def _initial_selection(source: Any) -> dict[str, Any]:
    """*createInitialSelection*: the ``id`` (unless a blank node) and ``type`` of ``source``."""
    selection: dict[str, Any] = {}
    if isinstance(source, Mapping):
        ident = source.get("id")
        if isinstance(ident, str) and ident and not ident.startswith("_:"):
            selection["id"] = ident
        if source.get("type"):
            selection["type"] = copy.deepcopy(source["type"])
    return selection


class _Sparse(dict[int, Any]):
    """A selected array while it is being filled: index → value, made dense at the end."""


def _child(value: Any, path: str | int, pointer: str) -> Any:
    if isinstance(value, list) and isinstance(path, int) and path < len(value):
        return value[path]
    if isinstance(value, Mapping) and str(path) in value:
        return value[str(path)]
    raise SelectionError(f"the JSON pointer {pointer[:80]!r} does not match the document")


def _get(container: Any, key: str | int) -> Any:
    if isinstance(container, _Sparse):
        return container.get(key) if isinstance(key, int) else None
    if isinstance(container, list):
        return container[key] if isinstance(key, int) and key < len(container) else None
    return container.get(str(key)) if isinstance(container, dict) else None


def _put(container: Any, key: str | int, value: Any, pointer: str) -> None:
    if isinstance(container, (_Sparse, list)):
        if isinstance(key, int):
            container[key] = value  # a list: _get found the index, so it exists
            return
    elif isinstance(container, dict):
        container[str(key)] = value
        return
    raise SelectionError(f"the JSON pointer {pointer[:80]!r} crosses an earlier selection")


def _select_paths(
    document: Mapping[str, Any], pointer: str, paths: list[str | int], selection: dict[str, Any]
) -> None:
    """*selectPaths*: walk ``paths`` in ``document``, building the same path in ``selection``."""
    value: Any = document
    selected_parent: Any = selection
    selected: Any = selection
    for path in paths:
        selected_parent = selected
        value = _child(value, path, pointer)
        selected = _get(selected_parent, path)
        if selected is None:
            selected = _Sparse() if isinstance(value, list) else _initial_selection(value)
            _put(selected_parent, path, selected, pointer)
    if isinstance(value, list):
        chosen: Any = copy.deepcopy(value)
    elif isinstance(value, Mapping):
        chosen = {**(selected if isinstance(selected, dict) else {}), **copy.deepcopy(dict(value))}
    else:
        chosen = value
    _put(selected_parent, paths[-1], chosen, pointer)


def _dense(value: Any) -> Any:
    if isinstance(value, _Sparse):
        return [_dense(value[i]) for i in sorted(value)]
    if isinstance(value, dict):
        return {k: _dense(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dense(v) for v in value]
    return value


def select_json_ld(document: Mapping[str, Any], pointers: Sequence[str]) -> dict[str, Any] | None:
    """*selectJsonLd*: the part of a compact JSON-LD ``document`` that ``pointers`` name, with
    the ``id`` and ``type`` of every object on the way and the document's ``@context``.
    ``None`` when there are no pointers."""
    if not pointers:
        return None
    selection = {
        "@context": copy.deepcopy(document.get("@context")),
        **_initial_selection(document),
    }
    for pointer in pointers:
        paths = parse_pointer(pointer)
        if not paths:
            return copy.deepcopy(dict(document))  # "" selects the whole document
        _select_paths(document, pointer, paths, selection)
    return _dense(selection)


# --- skolemization (§3.4.5–§3.4.10) ----------------------------------------------------------


@dataclass
class _Labeler:
    random: str
    count: int = 0


def skolemize_expanded(expanded: list[Any], labeler: _Labeler | None = None) -> list[Any]:
    """*skolemizeExpandedJsonLd*: every node object gets a ``urn:bnid:`` ``@id`` (a blank node
    keeps its label in it)."""
    labeler = labeler or _Labeler(str(uuid.uuid4()))
    out: list[Any] = []
    for element in expanded:
        if not isinstance(element, dict) or "@value" in element or "@list" in element:
            if isinstance(element, dict) and "@list" in element:
                out.append({**element, "@list": skolemize_expanded(element["@list"], labeler)})
            else:
                out.append(copy.deepcopy(element))
            continue
        node: dict[str, Any] = {}
        for prop, value in element.items():
            node[prop] = (
                skolemize_expanded(value, labeler)
                if isinstance(value, list)
                else skolemize_expanded([value], labeler)[0]
            )
        ident = node.get("@id")
        if ident is None:
            node["@id"] = f"{SKOLEM_PREFIX}_{labeler.random}_{labeler.count}"
            labeler.count += 1
        elif isinstance(ident, str) and ident.startswith("_:"):
            node["@id"] = SKOLEM_PREFIX + ident[2:]
        out.append(node)
    return out


def skolemize_compact(
    document: Mapping[str, Any], loader: DocumentLoader | None, random: str | None = None
) -> tuple[list[Any], dict[str, Any]]:
    """*skolemizeCompactJsonLd*: the skolemized document, expanded and compacted again.
    ``random`` is the random part of new skolem IRIs (a fresh UUID unless given)."""
    if "@context" not in document:
        raise SelectionError("selective disclosure needs a JSON-LD document with an @context")
    skolemized = skolemize_expanded(
        expand(document, loader=loader), _Labeler(random or str(uuid.uuid4()))
    )
    return skolemized, compact(skolemized, document["@context"], loader=loader)


def _deskolemize(term: rdfc.Term) -> rdfc.Term:
    if term.kind == "iri" and term.value.startswith(SKOLEM_PREFIX):
        return rdfc.Term("bnode", "_:" + term.value[len(SKOLEM_PREFIX) :])
    return term


def to_deskolemized_quads(document: Any, loader: DocumentLoader | None) -> list[rdfc.Quad]:
    """*toDeskolemizedNQuads*: the document's statements, ``urn:bnid:`` IRIs back to blank
    nodes."""
    dataset = (
        expanded_to_rdf(document, loader=loader)
        if isinstance(document, list)
        else to_rdf(document, loader=loader)
    )
    quads = rdfc.quads_from_pyld(dataset)
    return [
        rdfc.Quad(
            _deskolemize(q.subject),
            q.predicate,
            _deskolemize(q.object),
            None if q.graph is None else _deskolemize(q.graph),
        )
        for q in quads
    ]


# --- label maps and canonicalization (§3.4.1–§3.4.4, §3.4.15–§3.4.17) -------------------------


def hmac_label_map_function(key: bytes, hash_name: str = "sha256") -> LabelMapFunction:
    """*createHmacIdLabelMapFunction*: canonical label → ``u`` + base64url(HMAC(label))."""
    digest = getattr(hashlib, hash_name)

    def labels(canonical_ids: Mapping[str, str]) -> dict[str, str]:
        return {
            node: "u" + b64url_encode(hmac.new(key, c14n.encode(), digest).digest())
            for node, c14n in canonical_ids.items()
        }

    return labels


def label_map_function(label_map: Mapping[str, str]) -> LabelMapFunction:
    """*createLabelMapFunction*: canonical label → ``label_map[label]``."""

    def labels(canonical_ids: Mapping[str, str]) -> dict[str, str]:
        return {node: label_map[c14n] for node, c14n in canonical_ids.items()}

    return labels


def _strip(label: str) -> str:
    return label[2:] if label.startswith("_:") else label


def canonical_ids(dataset: rdfc.CanonicalDataset) -> dict[str, str]:
    """The canonical identifier map, without ``_:`` on either side."""
    return {_strip(k): _strip(v) for k, v in dataset.labels.items()}


def label_replacement_canonicalize(
    quads: list[rdfc.Quad], labels: LabelMapFunction
) -> tuple[list[str], dict[str, str]]:
    """*labelReplacementCanonicalizeNQuads*: the canonical statements with blank nodes relabeled
    by ``labels``, sorted, and the label map used (input blank node → new label)."""
    dataset = rdfc.canonical_dataset(quads)
    ids = canonical_ids(dataset)
    label_map = labels(ids)
    return relabel(dataset, {ids[node]: new for node, new in label_map.items()}), label_map


def relabel(dataset: rdfc.CanonicalDataset, by_canonical: Mapping[str, str]) -> list[str]:
    """The canonical statements of ``dataset`` with canonical label ``c14nN`` replaced by
    ``by_canonical["c14nN"]``, sorted (duplicates kept, as the specification's string
    replacement keeps them)."""
    names = {node: "_:" + by_canonical[_strip(c14n)] for node, c14n in dataset.labels.items()}
    unique = {rdfc.serialize_quad(q, dataset.labels): q for q in dataset.quads}
    return sorted(rdfc.serialize_quad(q, names) for q in unique.values())


@dataclass(frozen=True)
class Group:
    matching: dict[int, str]  # index in the canonical statements → statement
    non_matching: dict[int, str]
    deskolemized: list[rdfc.Quad]  # the selection's statements, skolem labels as blank nodes


@dataclass(frozen=True)
class Grouped:
    groups: dict[str, Group]
    label_map: dict[str, str]  # skolem label → new label
    nquads: list[str]  # the whole document's canonical, relabeled statements
    skolemized_expanded: list[Any]
    skolemized_compact: dict[str, Any]
    deskolemized: list[rdfc.Quad]  # the whole document's, skolem labels as blank nodes


def canonicalize_and_group(
    document: Mapping[str, Any],
    labels: LabelMapFunction,
    groups: Mapping[str, Sequence[str]],
    loader: DocumentLoader | None,
    *,
    random: str | None = None,
) -> Grouped:
    """*canonicalizeAndGroup*: canonicalize ``document`` with ``labels`` and sort its statements
    into each named group of JSON pointers (matching or not). ``random``: see
    :func:`skolemize_compact` (the result does not depend on it)."""
    expanded, compacted = skolemize_compact(document, loader, random)
    deskolemized_all = to_deskolemized_quads(expanded, loader)
    nquads, label_map = label_replacement_canonicalize(deskolemized_all, labels)
    result: dict[str, Group] = {}
    for name, pointers in groups.items():
        selection = select_json_ld(compacted, pointers)
        deskolemized = [] if selection is None else to_deskolemized_quads(selection, loader)
        try:
            names = {
                q_term.value: "_:" + label_map[q_term.value[2:]]
                for q in deskolemized
                for q_term in (q.subject, q.object, q.graph)
                if q_term is not None and q_term.kind == "bnode"
            }
        except KeyError as exc:  # pragma: no cover - a selection only holds the document's nodes
            raise SelectionError(f"the selection names a node the document lacks: {exc}") from None
        selected = {rdfc.serialize_quad(q, names) for q in deskolemized}
        matching = {i: nq for i, nq in enumerate(nquads) if nq in selected}
        non_matching = {i: nq for i, nq in enumerate(nquads) if nq not in selected}
        result[name] = Group(matching, non_matching, deskolemized)
    return Grouped(result, label_map, nquads, expanded, compacted, deskolemized_all)


def hash_mandatory(mandatory: Sequence[str], hash_name: str = "sha256") -> bytes:
    """*hashMandatoryNQuads*: the hash of the joined mandatory statements."""
    return getattr(hashlib, hash_name)("".join(mandatory).encode("utf-8")).digest()
