"""1EdTech CASE 1.0 (Competencies and Academic Standards Exchange) packages, read into a tree.

A ``CFPackage`` (what a CASE provider serves at ``…/ims/case/v1p0/CFPackages/{identifier}``) is
read by :func:`parse_case_package` into a :class:`Framework`: its ``CFDocument`` (identifier,
URI, title), each of its ``CFItems`` as an :class:`Item` (URI, ``fullStatement``,
``humanCodingScheme``, ``CFItemType``), and the tree their ``isChildOf`` ``CFAssociations``
draw (other association types, and a second parent, are ignored). Anything malformed is refused with
:class:`~wallet.errors.FrameworkError`, nothing partial; cycles are refused too, so every walk
ends.

Limits: :data:`MAX_PACKAGE_BYTES` of JSON (the caller reads it, with
:func:`wallet.credential.load_json`) and :data:`MAX_ITEMS` items.

Pure logic (no disk, no network); :mod:`wallet.competency.mapping` maps credentials onto frameworks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from wallet.errors import FrameworkError

__all__ = ["MAX_ITEMS", "MAX_PACKAGE_BYTES", "Framework", "Item", "parse_case_package"]

MAX_PACKAGE_BYTES: Final = 64 * 1024 * 1024
MAX_ITEMS: Final = 100_000


@dataclass
class Item:
    """A ``CFItem``, placed in its framework's tree (``parent``, ``children``: identifiers)."""

    identifier: str
    uri: str
    statement: str
    code: str | None
    kind: str | None
    parent: str | None = None
    children: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.code} {self.statement}" if self.code else self.statement


@dataclass
class Framework:
    """A ``CFDocument`` and its items, with lookups by item URI and by code (case-folded)."""

    identifier: str
    uri: str
    title: str
    items: dict[str, Item]
    roots: list[str]
    by_uri: dict[str, str] = field(default_factory=dict)
    by_code: dict[str, str] = field(default_factory=dict)

    def ancestors(self, identifier: str) -> list[str]:
        out = []
        seen = {identifier}
        parent = self.items[identifier].parent
        while parent and parent not in seen:
            out.append(parent)
            seen.add(parent)
            parent = self.items[parent].parent
        return out

    def descendants(self, identifier: str) -> list[str]:
        out, stack = [], list(self.items[identifier].children)
        while stack:
            child = stack.pop()
            out.append(child)
            stack.extend(self.items[child].children)
        return out

    def find(self, reference: str) -> str | None:
        """An item by URI, identifier, URL ending in the identifier, or code."""
        reference = reference.strip()
        if reference in self.items:
            return reference
        if reference in self.by_uri:
            return self.by_uri[reference]
        tail = reference.rstrip("/").rsplit("/", 1)[-1]
        if tail in self.items and reference.startswith(("https://", "http://")):
            return tail
        return self.by_code.get(reference.casefold())


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FrameworkError(f"the CASE package is malformed: {what} is missing or not text")
    return value.strip()


def parse_case_package(data: Mapping[str, Any] | Any) -> Framework:
    """A CASE 1.0 CFPackage (CFDocument, CFItems, CFAssociations, CFDefinitions). Refuses
    anything malformed with :class:`FrameworkError` (a specific message, nothing partial)."""
    if not isinstance(data, Mapping):
        raise FrameworkError("the CASE package is malformed: not a JSON object")
    document = data.get("CFDocument")
    if not isinstance(document, Mapping):
        raise FrameworkError("the CASE package is malformed: it has no CFDocument")
    doc_id = _text(document.get("identifier"), "CFDocument.identifier")
    doc_uri = _text(document.get("uri"), "CFDocument.uri")
    title = _text(document.get("title"), "CFDocument.title")
    raw_items = data.get("CFItems", [])
    raw_assocs = data.get("CFAssociations", [])
    if not isinstance(raw_items, list) or not isinstance(raw_assocs, list):
        raise FrameworkError(
            "the CASE package is malformed: CFItems and CFAssociations must be lists"
        )
    if not raw_items:
        raise FrameworkError("the CASE package has no CFItems")
    if len(raw_items) > MAX_ITEMS:
        raise FrameworkError(f"the CASE package has more than {MAX_ITEMS:,} items")
    items: dict[str, Item] = {}
    for n, raw in enumerate(raw_items):
        if not isinstance(raw, Mapping):
            raise FrameworkError(f"the CASE package is malformed: CFItems[{n}] is not an object")
        ident = _text(raw.get("identifier"), f"CFItems[{n}].identifier")
        if ident in items:
            raise FrameworkError(f"the CASE package lists the item {ident} twice")
        code = raw.get("humanCodingScheme")
        kind = raw.get("CFItemType")
        items[ident] = Item(
            ident,
            _text(raw.get("uri"), f"CFItems[{n}].uri"),
            _text(raw.get("fullStatement"), f"CFItems[{n}].fullStatement"),
            code.strip() if isinstance(code, str) and code.strip() else None,
            kind if isinstance(kind, str) else None,
        )
    for n, raw in enumerate(raw_assocs):
        if not isinstance(raw, Mapping):
            raise FrameworkError(
                f"the CASE package is malformed: CFAssociations[{n}] is not an object"
            )
        if raw.get("associationType") != "isChildOf":
            continue
        origin, dest = raw.get("originNodeURI"), raw.get("destinationNodeURI")
        if not isinstance(origin, Mapping) or not isinstance(dest, Mapping):
            raise FrameworkError(
                f"the CASE package is malformed: CFAssociations[{n}] has no origin or destination"
            )
        child = origin.get("identifier")
        parent = dest.get("identifier")
        if child not in items:
            raise FrameworkError(
                f"the CASE package is malformed: CFAssociations[{n}] names an "
                "item that is not in the package"
            )
        if parent in items and parent != child:
            if items[child].parent not in (None, parent):
                continue  # a second parent: keep the first tree position
            items[child].parent = parent
            items[parent].children.append(child)
    framework = Framework(doc_id, doc_uri, title, items, [])
    for ident, item in items.items():
        if item.parent is None:
            framework.roots.append(ident)
        framework.by_uri[item.uri] = ident
        if item.code:
            framework.by_code.setdefault(item.code.casefold(), ident)
    settled: set[str] = set()  # cycles would make every walk endless
    for ident in items:
        path: set[str] = set()
        node: str | None = ident
        while node is not None and node not in settled:
            if node in path:
                raise FrameworkError(
                    "the CASE package is malformed: its items form a cycle "
                    f"(isChildOf through {node})"
                )
            path.add(node)
            node = items[node].parent
        settled |= path
    return framework
