"""CBOR-LD: a JSON-LD document as compact CBOR, as learner wallets' offline QR codes carry it.

The format is CBOR-LD 1.0 as the W3C CCG draft specifies it (json-ld/cbor-ld-spec as of
September 2022: tag 1281 for compressed and 1280 for uncompressed CBOR-LD, the "Term Codec
Registry" of context codes 0x10–0x31) and as ``@digitalcredentials/cborld`` 4.x writes it — the
processor under ``@digitalcredentials/vpqr`` 2.x and so under the DCC Learner Credential
Wallet's QR codes, which also registers 0x32 for the OB 3.0 context. The current draft calls this
form "legacy singleton": bytes ``d9 05 01`` over one map whose keys are term ids
(:mod:`wallet.formats.cborld_contexts`) and whose values are written compactly where their term's
type
allows (:mod:`wallet.formats.cborld_codecs`). The current draft's tag 51997 (``0xcb1d``, with
registry
entries and type tables) is refused with :class:`~wallet.errors.CborldTagError`: no reader the
wallet's QR codes are made for reads it.

The walk mirrors that processor's, quirks included, because the term ids depend on the order in
which it meets contexts: an object's keys in sorted order; its embedded contexts, which stay
active for the objects processed after it under the same parent; the scoped contexts of its
types, which do not reach nested objects unless a property-scoped context is applied there.

:func:`encode` refuses (:class:`~wallet.errors.CborldEncodeError`) what the format cannot carry
exactly: a property no active context defines, a keyword other than ``@context``, ``@id`` and
``@type`` (that processor cannot encode value objects or graphs), an ``@id`` or ``@type`` that
is not text, a date-typed value that is not text — and, as the last guard, any document that
would not decode to the same JSON values (numbers compared as numbers: ``3.0`` comes back as
``3``, which JSON-LD reads alike). :func:`decode` bounds its input (:data:`MAX_CBORLD_BYTES`;
sizes and nesting in :mod:`wallet.formats.cborwire`; the contexts applied in
:mod:`wallet.formats.cborld_contexts`) and refuses a term id or context id the tables do
not hold (:class:`~wallet.errors.CborldTermError`), a context the wallet does not bundle
(:class:`~wallet.errors.ContextNotAllowedError`) and any value of a kind its term's codec would
not write (:class:`~wallet.errors.CborldMalformedError`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, TypeGuard

from wallet.errors import (
    CborldEncodeError,
    CborldLimitError,
    CborldMalformedError,
    CborldTagError,
    CborldTermError,
    CborldTruncatedError,
)
from wallet.formats import cborld_codecs as codecs
from wallet.formats import cborwire
from wallet.formats.cborld_contexts import (
    EMPTY,
    KEYWORDS,
    REGISTERED_CONTEXTS,
    Active,
    Processor,
    falsy,
    utf16,
)
from wallet.ld.jsonld import DocumentLoader, default_loader

__all__ = [
    "MAX_CBORLD_BYTES",
    "TAG_COMPRESSED",
    "TAG_UNCOMPRESSED",
    "decode",
    "encode",
    "same_json",
    "term_ids",
]

MAX_CBORLD_BYTES: Final = 32 * 1024
"""The largest CBOR-LD payload read or written: a QR code holds at most 2,953 bytes (a
presentation of two or three credentials); this is ten codes' worth. Reading costs about a
microsecond per CBOR item, so the largest payload is read (or refused) well within a second."""

TAG_UNCOMPRESSED: Final = 0x0500
TAG_COMPRESSED: Final = 0x0501
_CONTEXT, _CONTEXTS = 0, 1  # the ids of @context, and of @context holding an array
_CONTEXT_URLS: Final = {v: k for k, v in REGISTERED_CONTEXTS.items()}


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


# --- JSON-LD → CBOR-LD -----------------------------------------------------------------------


class _Compressor(Processor):
    def __init__(self, loader: DocumentLoader) -> None:
        super().__init__(loader, CborldEncodeError)

    def compress(self, document: Mapping[str, Any]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        self._object(document, out, [])
        return out

    def _contexts(self, contexts: Any, out: dict[int, Any]) -> None:
        plural = isinstance(contexts, list)
        encoded: list[Any] = []
        for context in contexts if plural else [contexts]:
            if isinstance(context, str):
                encoded.append(REGISTERED_CONTEXTS.get(context, context))
            elif isinstance(context, dict):
                encoded.append(context)
            else:
                raise CborldEncodeError("a @context is a URL, an object or an array of them")
        out[_CONTEXTS if plural else _CONTEXT] = encoded if plural else encoded[0]

    def _vocab(self, value: Any) -> Any:
        if not isinstance(value, str):
            raise CborldEncodeError(f"a type is not text: {_short(value)}")
        if value in self.term_to_id:
            return self.term_to_id[value]
        encoded = codecs.encode_uri(value)
        return value if encoded is codecs.NOT_ENCODED else encoded

    def _typed(self, term_type: str | None, value: Any) -> Any:
        if term_type == "@id":
            return codecs.encode_uri(value)
        if term_type == "@vocab":
            if isinstance(value, str) and value in self.term_to_id:
                return self.term_to_id[value]
            return codecs.encode_uri(value)
        if term_type == codecs.MULTIBASE:
            return codecs.encode_multibase(value)
        if term_type in (codecs.XSD_DATE, codecs.XSD_DATETIME):
            if not isinstance(value, str):
                raise CborldEncodeError(f"a date is not text: {_short(value)}")
            if term_type == codecs.XSD_DATE:
                return codecs.encode_date(value)
            return codecs.encode_datetime(value)
        return codecs.NOT_ENCODED

    def _object(self, obj: Any, out: dict[int, Any], stack: list[Active]) -> None:
        if not isinstance(obj, Mapping):
            raise CborldEncodeError(
                f"an array inside an array holds a value that is not an object: {_short(obj)}"
            )
        contexts = obj.get("@context")
        if not falsy(contexts):
            self._contexts(contexts, out)
        self.push(stack, contexts)
        active = stack[-1] if stack else EMPTY
        child_stack = list(stack)
        top = len(stack)
        active = self.type_scoped(stack, self.types_of(obj, active))
        entries = []
        for key in sorted(obj, key=utf16):
            if key == "@context":
                continue
            definition = active.terms.get(key)
            if definition is None and key not in KEYWORDS:
                raise CborldEncodeError(
                    f"the property {_short(key)} is not defined by the document's contexts",
                    term=key,
                )
            entries.append((key, definition, obj[key]))
        for term, definition, value in entries:
            plural = isinstance(value, list)
            term_id = self.term_to_id[term] + plural
            if term == "@id" or term in active.ids:
                if not isinstance(value, str):
                    raise CborldEncodeError(f"an id is not text: {_short(value)}")
                encoded = codecs.encode_uri(value)
                out[term_id] = value if encoded is codecs.NOT_ENCODED else encoded
                continue
            if term == "@type" or term in active.types:
                out[term_id] = [self._vocab(v) for v in value] if plural else self._vocab(value)
                continue
            if term in KEYWORDS:
                raise CborldEncodeError(
                    f"the keyword {term} cannot be written as CBOR-LD by "
                    "the processors that read it",
                    term=term,
                )
            out[term_id] = self._values(term, definition, value, plural, active, stack, child_stack)
        del stack[top:]

    def _values(
        self,
        term: str,
        definition: Any,
        value: Any,
        plural: bool,
        active: Active,
        stack: list[Active],
        child_stack: list[Active],
    ) -> Any:
        property_stack, scoped_active, top = child_stack, None, len(stack)
        scoped = active.scoped.get(term)
        if scoped is not None:
            self.push(stack, scoped)
            scoped_active = stack[-1] if stack else EMPTY
            property_stack = list(stack)
        term_type = self.term_type(scoped_active or active, definition)
        outputs: list[Any] = []
        for item in value if plural else [value]:
            if item is None:
                outputs.append(None)
                continue
            encoded = self._typed(term_type, item)
            if encoded is not codecs.NOT_ENCODED:
                outputs.append(encoded)
            elif isinstance(item, list):
                children: list[Any] = []
                for member in item:
                    child: dict[int, Any] = {}
                    children.append(child)
                    self._object(member, child, property_stack)
                outputs.append(children)
            elif isinstance(item, Mapping):
                child = {}
                outputs.append(child)
                self._object(item, child, property_stack)
            else:
                outputs.append(item)
        del stack[top:]
        return outputs if plural else outputs[0]


# --- CBOR-LD → JSON-LD -----------------------------------------------------------------------


def plain_json(value: Any) -> Any:
    """A CBOR value as JSON (maps keyed by text, no bytes), or CborldMalformedError."""
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise CborldMalformedError("a CBOR-LD object has a key that is not text")
        return {k: plain_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    if isinstance(value, bytes):
        raise CborldMalformedError("CBOR-LD holds bytes where JSON has none")
    return value


class _Decompressor(Processor):
    def decompress(self, payload: dict[Any, Any]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        self._object(payload, obj, [])
        return obj

    def _context(self, value: Any) -> Any:
        if _is_int(value):
            if value not in _CONTEXT_URLS:
                raise CborldTermError(
                    f"the compressed context {value} is not in the registered context table",
                    context_id=value,
                )
            return _CONTEXT_URLS[value]
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict):
            return plain_json(value)
        raise CborldMalformedError(f"a CBOR-LD @context holds {_short(value)}")

    def _vocab(self, value: Any) -> str:
        """A type (an @type value or a @vocab-typed one): a term id, an encoded URL, text."""
        if _is_int(value):
            term = self.id_to_term.get(value)
            if term is None:
                raise CborldTermError(
                    f"the CBOR-LD term id {value} is not in the term table", term_id=value
                )
            return term
        url = codecs.decode_uri(value)
        if url is not None:
            return url
        if isinstance(value, str):
            return value
        raise CborldMalformedError(f"a CBOR-LD type holds {_short(value)}")

    def _scoping_types(self, payload: dict[Any, Any], active: Active) -> list[Any]:
        """The object's types as the JavaScript processor reads them to pick type-scoped
        contexts (before its term entries, and decoding array members one by one)."""
        types: list[Any] = []
        for term in ("@type", *active.types):
            term_id = self.term_to_id.get(term)
            if term_id is None:
                continue
            value = payload.get(term_id, payload.get(term_id + 1))
            for item in value if isinstance(value, list) else [value]:
                if _is_int(item):
                    types.append(self.id_to_term.get(item))
                elif isinstance(item, list):
                    types.append(codecs.decode_uri(item))
                else:
                    types.append(item)
        return types

    def _object(self, payload: Any, obj: dict[str, Any], stack: list[Active]) -> None:
        if not isinstance(payload, dict):
            raise CborldMalformedError(f"CBOR-LD holds {_short(payload)} where an object is")
        for key in payload:
            if not _is_int(key):
                raise CborldMalformedError(
                    f"a CBOR-LD object has a key that is not a term id: {_short(key)}"
                )
        if _CONTEXT in payload and _CONTEXTS in payload:
            raise CborldMalformedError("a CBOR-LD object holds @context twice")
        if _CONTEXT in payload:
            obj["@context"] = self._context(payload[_CONTEXT])
        elif _CONTEXTS in payload:
            if not isinstance(payload[_CONTEXTS], list):
                raise CborldMalformedError("a CBOR-LD @context array is not an array")
            obj["@context"] = [self._context(v) for v in payload[_CONTEXTS]]
        self.push(stack, obj.get("@context"))
        active = stack[-1] if stack else EMPTY
        child_stack = list(stack)
        top = len(stack)
        types = self._scoping_types(payload, active)
        active = self.type_scoped(stack, types)
        entries = []
        for term_id, value in payload.items():
            if term_id in (_CONTEXT, _CONTEXTS):
                continue
            plural = term_id & 1 == 1
            term = self.id_to_term.get(term_id - plural)
            if term is None:
                raise CborldTermError(
                    f"the CBOR-LD term id {term_id} is not in the term table", term_id=term_id
                )
            definition = active.terms.get(term)
            if definition is None and term not in KEYWORDS:
                raise CborldTermError(
                    f"the term {term!r} (id {term_id}) is not defined where it is used",
                    term_id=term_id,
                )
            if plural and not isinstance(value, list):
                raise CborldMalformedError(
                    f"the CBOR-LD term id {term_id} marks an array but holds none", term_id=term_id
                )
            entries.append((term, definition, value, plural))
        entries.sort(key=lambda e: utf16(e[0]))
        for (term, _d, _v, _p), following in zip(entries, entries[1:], strict=False):
            if term == following[0]:
                raise CborldMalformedError(f"a CBOR-LD object holds the term {term!r} twice")
        for term, definition, value, plural in entries:
            if term == "@id" or term in active.ids:
                url = codecs.decode_uri(value)
                if plural or url is None and not isinstance(value, str):
                    raise CborldMalformedError(f"a CBOR-LD id holds {_short(value)}")
                obj[term] = value if url is None else url
            elif term == "@type" or term in active.types:
                obj[term] = [self._vocab(v) for v in value] if plural else self._vocab(value)
            elif term in KEYWORDS:
                raise CborldMalformedError(
                    f"CBOR-LD holds the keyword {term}, which its processors do not write"
                )
            else:
                obj[term] = self._values(
                    term, definition, value, plural, active, stack, child_stack
                )
        del stack[top:]

    def _typed(self, term_type: str | None, value: Any) -> Any:
        if term_type == "@id":
            return codecs.decode_uri(value)
        if term_type == "@vocab":
            if _is_int(value):
                return self.id_to_term.get(value)  # an unknown number stays a number
            return codecs.decode_uri(value)
        if term_type == codecs.MULTIBASE:
            return codecs.decode_multibase(value)
        if term_type == codecs.XSD_DATE:
            return codecs.decode_date(value)
        if term_type == codecs.XSD_DATETIME:
            return codecs.decode_datetime(value)
        return None

    def _values(
        self,
        term: str,
        definition: Any,
        value: Any,
        plural: bool,
        active: Active,
        stack: list[Active],
        child_stack: list[Active],
    ) -> Any:
        property_stack, scoped_active, top = child_stack, None, len(stack)
        scoped = active.scoped.get(term)
        if scoped is not None:
            self.push(stack, scoped)
            scoped_active = stack[-1] if stack else EMPTY
            property_stack = list(stack)
        term_type = self.term_type(scoped_active or active, definition)
        outputs: list[Any] = []
        for item in value if plural else [value]:
            if item is None:
                outputs.append(None)
                continue
            decoded = self._typed(term_type, item)
            if decoded is not None:
                outputs.append(decoded)
            elif isinstance(item, bytes):
                raise CborldMalformedError(
                    f"CBOR-LD holds bytes for {term!r}, whose type does not read bytes"
                )
            elif isinstance(item, list):
                if not plural:
                    raise CborldMalformedError(
                        f"CBOR-LD holds an array for {term!r} under the id of a single value"
                    )
                children = []
                for member in item:
                    child: dict[str, Any] = {}
                    children.append(child)
                    self._object(member, child, property_stack)
                outputs.append(children)
            elif isinstance(item, dict):
                child = {}
                outputs.append(child)
                self._object(item, child, property_stack)
            else:
                outputs.append(item)
        del stack[top:]
        return outputs if plural else outputs[0]


# --- the API ---------------------------------------------------------------------------------


def same_json(a: Any, b: Any) -> bool:
    """Whether two JSON values are the same (numbers by value; true is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(same_json(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_json(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def encode(
    document: Mapping[str, Any], *, loader: DocumentLoader | None = None, compress: bool = True
) -> bytes:
    """``document`` (one JSON-LD object) as CBOR-LD bytes: tag 1281, or 1280 uncompressed."""
    if not isinstance(document, Mapping):
        raise CborldEncodeError("a CBOR-LD document is one JSON object")
    loader = loader or default_loader()
    try:
        if compress:
            data = bytes((0xD9, 0x05, 0x01)) + cborwire.write(
                _Compressor(loader).compress(document)
            )
        else:
            data = bytes((0xD9, 0x05, 0x00)) + cborwire.write(plain_json(dict(document)))
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise CborldEncodeError(f"the document cannot be written as CBOR-LD: {exc}") from None
    if len(data) > MAX_CBORLD_BYTES:
        raise CborldEncodeError(
            f"the document takes {len(data):,} bytes of CBOR-LD, more than "
            f"the {MAX_CBORLD_BYTES:,} a reader accepts"
        )
    if not same_json(decode(data, loader=loader), document):
        raise CborldEncodeError(
            "the document would not come back from CBOR-LD as it is: a "
            "value the codecs would change"
        )
    return data


def decode(data: bytes, *, loader: DocumentLoader | None = None) -> dict[str, Any]:
    """The JSON-LD document of CBOR-LD ``data`` (tag 1281, or 1280 uncompressed)."""
    if len(data) > MAX_CBORLD_BYTES:
        raise CborldLimitError(
            f"the CBOR-LD data has {len(data):,} bytes (at most {MAX_CBORLD_BYTES:,} are read)",
            limit=MAX_CBORLD_BYTES,
        )
    if len(data) < 3:
        raise CborldTruncatedError("the CBOR-LD data ends before its tag", offset=len(data))
    tag = int.from_bytes(data[1:3], "big")
    if data[0] != 0xD9 or tag not in (TAG_UNCOMPRESSED, TAG_COMPRESSED):
        shown = f"the CBOR tag {tag} (0x{tag:04x})" if data[0] == 0xD9 else "no CBOR-LD tag"
        raise CborldTagError(
            f"the data starts with {shown}; CBOR-LD here is tag 1281 (or 1280)",
            tag=tag if data[0] == 0xD9 else None,
        )
    reader = cborwire.Reader(data, 3)
    payload = reader.read()
    if reader.pos != len(data):
        raise CborldMalformedError(
            f"the CBOR-LD data goes on after its end (offset {reader.pos:,} of {len(data):,})",
            offset=reader.pos,
        )
    if not isinstance(payload, dict):
        raise CborldMalformedError("the CBOR-LD data does not hold one document (a map)")
    if tag == TAG_UNCOMPRESSED:
        return plain_json(payload)
    return _Decompressor(loader or default_loader()).decompress(payload)


def term_ids(
    document: Mapping[str, Any], *, loader: DocumentLoader | None = None
) -> dict[str, int]:
    """The term → id table that encoding ``document`` builds (for inspection and tests)."""
    compressor = _Compressor(loader or default_loader())
    compressor.compress(document)
    return dict(compressor.term_to_id)
