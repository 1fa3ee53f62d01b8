"""A strict reader of RDF 1.1 N-Quads into :mod:`wallet.ld.rdfc`'s quads.

The wallet makes its RDF from JSON-LD (:func:`wallet.ld.jsonld.to_rdf`); N-Quads text is read only
where others give it — the W3C RDFC-1.0 test suite, whose inputs are N-Quads. pyld's
``parse_nquads`` (pyld 3.3) is not used: it leaves ``\\uXXXX`` and ``\\UXXXXXXXX`` escapes
undecoded in IRIs and literals and ``\\b``, ``\\f`` and ``\\'`` as written, reads ``"\\\\n"``
(a backslash, then ``n``) as a backslash and a newline, and accepts an unknown escape such as
``\\q`` — of the suite's evaluation tests it fails test060, "n-quads escaping".

This follows the grammar of RDF 1.1 N-Quads §5 (W3C Recommendation 2014) — statements of an
IRI or blank-node subject, an IRI predicate, an object (IRI, blank node or literal) and an
optional graph label, one per line, ``#`` comments — and decodes ``ECHAR`` and ``UCHAR``
escapes. It is strict where the grammar is, and a little stricter where the canonical form
needs it: IRIs must be absolute, and an escape may not produce a character an IRI cannot hold
raw (a space, ``<``, ``>``…), a surrogate, or a code point past U+10FFFF. Statements are
returned as written, a repeated one repeated: :mod:`wallet.ld.rdfc` reads them as the set an RDF
dataset is.

Bounded: at most :data:`MAX_NQUADS_BYTES` bytes of text and :data:`MAX_NQUADS_STATEMENTS`
statements (:class:`~wallet.errors.InputTooLargeError`); anything malformed raises
:class:`~wallet.errors.InputError` naming the line. The work is linear in the text.
"""

from __future__ import annotations

import re
from typing import Final

from wallet.errors import InputError, InputTooLargeError
from wallet.ld.rdfc import RDF_LANGSTRING, XSD_STRING, Quad, Term
from wallet.limits import MAX_STRING_BYTES

__all__ = ["MAX_NQUADS_BYTES", "MAX_NQUADS_STATEMENTS", "parse_nquads"]

MAX_NQUADS_BYTES: Final = MAX_STRING_BYTES
"""UTF-8 bytes of one N-Quads document (the bound on a JSON-LD document's strings)."""

MAX_NQUADS_STATEMENTS: Final = 100_000
"""Statements in one N-Quads document (each held as a few small objects)."""

_HEX4 = r"u[0-9A-Fa-f]{4}"
_HEX8 = r"U[0-9A-Fa-f]{8}"
_IRI = rf"<((?:[^\x00-\x20<>\"{{}}|^`\\]|\\{_HEX4}|\\{_HEX8})*)>"
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_:"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_BNODE = rf"(_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)"
_STRING = r'"([^"\\\n\r]*(?:\\(?:[tbnrf"\'\\]|' + _HEX4 + "|" + _HEX8 + r')[^"\\\n\r]*)*)"'
_LANGTAG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
_WS = r"[ \t]*"

# One line: an optional statement, then an optional comment. Groups: subject (IRI | bnode),
# predicate, object (IRI | bnode | string with language or datatype), graph (IRI | bnode).
_LINE = re.compile(
    rf"{_WS}(?:"
    rf"(?:{_IRI}|{_BNODE}){_WS}"
    rf"{_IRI}{_WS}"
    rf"(?:{_IRI}|{_BNODE}|{_STRING}(?:{_LANGTAG}|\^\^{_IRI})?){_WS}"
    rf"(?:(?:{_IRI}|{_BNODE}){_WS})?"
    rf"\.{_WS})?(?:#[^\n\r]*)?"
)
_ESCAPE = re.compile(r"\\(?:([tbnrf\"'\\])|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_ECHARS = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_NOT_IN_IRI = re.compile(r"[\x00-\x20<>\"{}|^`\\]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SURROGATE = re.compile("[\ud800-\udfff]")
_EOL = re.compile(r"[\n\r]+")


class _LineError(ValueError):
    pass


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        echar, hex4, hex8 = match.group(1), match.group(2), match.group(3)
        if echar is not None:
            return _ECHARS[echar]
        code = int(hex4 or hex8, 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise _LineError(f"the escape {match.group(0)!r} is not a Unicode scalar value")
        return chr(code)

    return _ESCAPE.sub(one, text)


def _iri(raw: str) -> Term:
    value = _unescape(raw)
    if _NOT_IN_IRI.search(value):
        raise _LineError(f"the IRI <{raw}> holds an escaped character an IRI cannot hold")
    if not _SCHEME.match(value):
        raise _LineError(f"the IRI <{raw}> is not absolute")
    return Term("iri", value)


def _node(iri: str | None, bnode: str | None) -> Term:
    return _iri(iri) if iri is not None else Term("bnode", bnode or "")


def _statement(groups: tuple[str | None, ...]) -> Quad:
    (s_iri, s_bnode, p_iri, o_iri, o_bnode, o_string, o_lang, o_type, g_iri, g_bnode) = groups
    subject = _node(s_iri, s_bnode)
    predicate = _iri(p_iri or "")
    if o_string is not None:
        value = _unescape(o_string)
        if o_lang is not None:
            obj = Term("literal", value, RDF_LANGSTRING, o_lang)
        else:
            obj = Term("literal", value, XSD_STRING if o_type is None else _iri(o_type).value)
    else:
        obj = _node(o_iri, o_bnode)
    graph = None if g_iri is None and g_bnode is None else _node(g_iri, g_bnode)
    return Quad(subject, predicate, obj, graph)


def parse_nquads(
    document: str | bytes,
    *,
    max_bytes: int = MAX_NQUADS_BYTES,
    max_statements: int = MAX_NQUADS_STATEMENTS,
) -> list[Quad]:
    """The quads of an N-Quads document, in the order written.

    Raises :class:`~wallet.errors.InputTooLargeError` past the bounds and
    :class:`~wallet.errors.InputError` (``details["line"]``, from 1) for text that is not
    N-Quads."""
    if isinstance(document, bytes):
        if len(document) > max_bytes:
            raise _too_large(max_bytes)
        try:
            text = document.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"the N-Quads document is not UTF-8 (byte {exc.start})") from None
    else:
        text = document
        if len(text) > max_bytes:
            raise _too_large(max_bytes)
        if _SURROGATE.search(text):
            raise InputError("the N-Quads document holds an unpaired surrogate")
        if len(text.encode("utf-8")) > max_bytes:
            raise _too_large(max_bytes)
    quads: list[Quad] = []
    for number, line in enumerate(_EOL.split(text), start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            raise InputError(
                f"line {number} of the N-Quads document is not an N-Quads statement", line=number
            )
        if match.group(1) is None and match.group(2) is None:
            continue  # blank, or a comment
        try:
            quads.append(_statement(match.groups()))
        except _LineError as exc:
            raise InputError(f"line {number} of the N-Quads document: {exc}", line=number) from None
        if len(quads) > max_statements:
            raise InputTooLargeError(
                f"the N-Quads document holds more than {max_statements:,} statements",
                limit="MAX_NQUADS_STATEMENTS",
            )
    return quads


def _too_large(max_bytes: int) -> InputTooLargeError:
    return InputTooLargeError(
        f"the N-Quads document is larger than {max_bytes:,} bytes", limit="MAX_NQUADS_BYTES"
    )
