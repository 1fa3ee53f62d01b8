"""The JSON shapes the structural rules are written in (:mod:`wallet.reading.structure`): a required
property, a string, language-tagged text, a number, an absolute IRI, a ``type`` that includes a
class, a term of an enumeration, an xsd:dateTime, a calendar date, one object or an array of
them — each reported as a :class:`~wallet.rules.conformance.StructureProblem` with its path."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, TypeGuard

from wallet.credential import objects, parse_datetime, type_names
from wallet.errors import WalletError
from wallet.formats.vcjwt import unverified_credential
from wallet.rules.conformance import StructureProblem

__all__ = [
    "COMPACT_JWS",
    "DATE",
    "IRI",
    "MAX_DEPTH",
    "Shapes",
    "achievement_id_of",
    "in_enum",
    "is_absolute_iri",
    "is_text",
    "join",
    "show",
    "types_of",
]

MAX_DEPTH = 16  # nested credentials / profiles (CLR → credential → endorsement → …)
# RFC 3987 absolute IRI: a scheme, a colon, and no white space (the JSON-LD layer checks the
# finer syntax when it turns identifiers into RDF).
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S*$")
DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d\d)-(?P<day>\d\d)$", re.ASCII)  # OB B.8
COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$")


def is_absolute_iri(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and IRI.match(value) is not None


# --- helpers ------------------------------------------------------------------------------------


def types_of(node: Mapping[str, Any]) -> tuple[str, ...]:
    return type_names(node.get("type"))


def join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def show(value: Any) -> str:
    """A short rendering of a bad value for a message (never the whole of a large one)."""
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    text = repr(value[:61] if isinstance(value, str) else value)
    return text if len(text) <= 60 else text[:57] + "..."


def in_enum(value: Any, terms: frozenset[str], extensible: bool) -> bool:
    """A term of the enumeration, or — when it is extensible — an ``ext:`` term (OB C.2)."""
    if not isinstance(value, str):
        return False
    return value in terms or (extensible and value.startswith("ext:") and len(value) > 4)


def is_text(value: Any) -> bool:
    """A string, or VC 2.0 language value objects (VC2 §11.1) — for ``name``/``description``."""

    def one(v: Any) -> bool:
        return isinstance(v, str) or (isinstance(v, Mapping) and isinstance(v.get("@value"), str))

    if isinstance(value, list):
        return bool(value) and all(one(v) for v in value)
    return one(value)


def achievement_id_of(credential: Any) -> str | None:
    """The id of the achievement a credential inside a CLR awards (a VC-JWT is decoded, not
    verified: only to recognise references)."""
    if isinstance(credential, str):
        try:
            credential = unverified_credential(credential)
        except WalletError:
            return None
    subjects = (
        objects(credential.get("credentialSubject")) if isinstance(credential, Mapping) else []
    )
    achievement = subjects[0].get("achievement") if subjects else None
    found = achievement.get("id") if isinstance(achievement, Mapping) else None
    return found if isinstance(found, str) else None


class Shapes:
    """The primitives the rules are written in: each takes the node, the key and the node's
    absolute JSON path, and adds a :class:`StructureProblem` when the value is not as the
    specifications require (the rules themselves: :class:`wallet.reading.structure._Walk`)."""

    def __init__(self) -> None:
        self.problems: list[StructureProblem] = []
        self._too_deep = False

    def add(self, code: str, path: str, message: str) -> None:
        self.problems.append(StructureProblem(code, path, message))

    # --- primitives -----------------------------------------------------------------------

    def present(self, node: Mapping[str, Any], key: str, path: str, owner: str) -> bool:
        """A required property (OB A.1: null and empty arrays count as absent)."""
        value = node.get(key)
        if value is None or value == []:
            self.add("missing_field", join(path, key), f"{join(path, key)} is required in {owner}")
            return False
        return True

    def string(
        self, node: Mapping[str, Any], key: str, path: str, owner: str, *, required: bool = False
    ) -> None:
        if node.get(key) is None and not required:
            return
        if self.present(node, key, path, owner) and not isinstance(node[key], str):
            self.add("wrong_value", join(path, key), f"{join(path, key)} must be a string")

    def text(
        self, node: Mapping[str, Any], key: str, path: str, owner: str, *, required: bool = False
    ) -> None:
        """``name`` / ``description`` of a credential: a string, or VC2 §11.1 language value
        objects."""
        if node.get(key) is None and not required:
            return
        if self.present(node, key, path, owner) and not is_text(node[key]):
            self.add("wrong_value", join(path, key), f"{join(path, key)} must be a string")

    def number(self, node: Mapping[str, Any], key: str, path: str) -> None:
        value = node.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            self.add("wrong_value", join(path, key), f"{join(path, key)} must be a number")

    def iri(
        self, node: Mapping[str, Any], key: str, path: str, owner: str, *, required: bool = False
    ) -> None:
        if node.get(key) is None and not required:
            return
        if self.present(node, key, path, owner) and not is_absolute_iri(node[key]):
            self.add(
                "bad_iri",
                join(path, key),
                f"{join(path, key)} must be an absolute IRI "
                f"such as https://… or urn:uuid:… (got {show(node[key])})",
            )

    def has_type(self, node: Mapping[str, Any], wanted: str, path: str) -> None:
        """OB B.1: "The value of the type property MUST be an unordered set. One of the items
        MUST be the IRI '<wanted>'" (a single string is its compacted form, OB A.2.1)."""
        p = join(path, "type")
        if node.get("type") in (None, []):
            self.add("missing_field", p, f"{p} is required and must include {wanted}")
        elif wanted not in types_of(node):
            self.add("wrong_type_value", p, f"{p} must include {wanted}")

    def typed(self, node: Mapping[str, Any], path: str) -> None:
        """VC2 §4.5: an object whose ``type`` is required but open (status, schema, evidence)."""
        p = join(path, "type")
        if node.get("type") in (None, []):
            self.add("missing_field", p, f"{p} is required")
        elif not types_of(node):
            self.add("wrong_value", p, f"{p} must be a string or a list of strings")

    def enum(
        self,
        node: Mapping[str, Any],
        key: str,
        path: str,
        owner: str,
        terms: frozenset[str],
        *,
        extensible: bool,
        required: bool = False,
    ) -> None:
        if node.get(key) is None and not required:
            return
        if self.present(node, key, path, owner) and not in_enum(node[key], terms, extensible):
            p = join(path, key)
            self.add(
                "wrong_value",
                p,
                f"{p} must be one of {', '.join(sorted(terms))}"
                + (" or an ext: term" if extensible else "")
                + f" (got {show(node[key])})",
            )

    def date(
        self,
        node: Mapping[str, Any],
        key: str,
        path: str,
        owner: str,
        *,
        zone: bool,
        required: bool = False,
    ) -> datetime | None:
        if node.get(key) is None and not required:
            return None
        if not self.present(node, key, path, owner):
            return None
        p, value = join(path, key), node[key]
        parsed = parse_datetime(value, require_zone=zone)
        if parsed is None:
            self.add(
                "bad_date",
                p,
                f"{p} must be a date and time"
                f"{' with a time zone' if zone else ''}, like 2024-05-01T09:00:00Z "
                f"(got {show(value)})",
            )
            return None
        return parsed

    def calendar_date(self, node: Mapping[str, Any], key: str, path: str) -> None:
        """OB B.8 Date: YYYY-MM-DD."""
        value = node.get(key)
        if value is None:
            return
        match = DATE.match(value) if isinstance(value, str) else None
        try:
            ok = match is not None and bool(date(*map(int, match.groups())))
        except ValueError:
            ok = False
        if not ok:
            p = join(path, key)
            self.add("bad_date", p, f"{p} must be a date like 2001-04-30 (got {show(value)})")

    def objects(
        self,
        node: Mapping[str, Any],
        key: str,
        path: str,
        *,
        single: bool = False,
        allow_strings: bool = False,
    ) -> list[tuple[str, Any]]:
        """The objects under ``key`` (one, or an array of them) with their paths. ``single``:
        the multiplicity is [1] / [0..1] — a one-item array is tolerated (the same graph in
        JSON-LD), more items are a problem. ``allow_strings``: IRIs are passed through too."""
        value = node.get(key)
        if value is None:
            return []
        p = join(path, key)
        if not isinstance(value, list):
            items = [(p, value)]
        elif single and len(value) > 1:
            self.add("wrong_value", p, f"{p} must be a single object, not a list")
            return []
        else:
            items = [(f"{p}[{i}]", item) for i, item in enumerate(value)]
        out = []
        for item_path, item in items:
            if isinstance(item, Mapping) or (allow_strings and isinstance(item, str)):
                out.append((item_path, item))
            else:
                self.add("wrong_value", item_path, f"{item_path} must be an object")
        return out

    def deep(self, depth: int, path: str) -> bool:
        if depth <= MAX_DEPTH:
            return False
        if not self._too_deep:
            self._too_deep = True
            self.add(
                "too_deep",
                path,
                f"{path or 'the credential'} nests credentials or "
                f"profiles more than {MAX_DEPTH} levels deep",
            )
        return True
