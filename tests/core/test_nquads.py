"""The strict N-Quads reader (:mod:`wallet.ld.nquads`): terms, escapes, and what it refuses."""

from __future__ import annotations

import pytest

from wallet.errors import InputError, InputTooLargeError
from wallet.ld import rdfc
from wallet.ld.nquads import parse_nquads
from wallet.ld.rdfc import Quad, Term

S, P = Term("iri", "urn:ex:s"), Term("iri", "urn:ex:p")


def test_terms_of_every_kind() -> None:
    text = (
        "<urn:ex:s> <urn:ex:p> _:b0 .\n"
        '_:b0 <urn:ex:p> "plain" <urn:ex:g> .\n'
        '_:b0 <urn:ex:p> "hola"@es-ES _:g1 .\n'
        '<urn:ex:s> <urn:ex:p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
        '<urn:ex:s> <urn:ex:p> "x"^^<http://www.w3.org/2001/XMLSchema#string> .\n'
    )
    b0 = Term("bnode", "_:b0")
    assert parse_nquads(text) == [
        Quad(S, P, b0, None),
        Quad(b0, P, Term("literal", "plain", rdfc.XSD_STRING), Term("iri", "urn:ex:g")),
        Quad(b0, P, Term("literal", "hola", rdfc.RDF_LANGSTRING, "es-ES"), Term("bnode", "_:g1")),
        Quad(S, P, Term("literal", "1", "http://www.w3.org/2001/XMLSchema#integer"), None),
        Quad(S, P, Term("literal", "x", rdfc.XSD_STRING), None),
    ]


def test_comments_blank_lines_spacing_and_line_ends() -> None:
    text = (
        '# a comment\r\n\n  \t<urn:ex:s>\t<urn:ex:p>   "a#b" .  # after\r'
        "<urn:ex:s> <urn:ex:p> _:x.y.z.\n"
    )
    assert parse_nquads(text) == [
        Quad(S, P, Term("literal", "a#b", rdfc.XSD_STRING), None),
        Quad(S, P, Term("bnode", "_:x.y.z"), None),
    ]


def test_escapes_are_decoded_once() -> None:
    text = (
        "<urn:ex:\\u0065\\U00000078> <urn:ex:p> "
        '"\\t\\b\\n\\r\\f\\"\\\'\\\\ \\u005c\\u0075 \\U0001F303 \\\\u0039" .\n'
    )
    (quad,) = parse_nquads(text)
    assert quad.subject == Term("iri", "urn:ex:ex")
    assert quad.object.value == "\t\b\n\r\f\"'\\ \\u 🌃 \\u0039"


def test_raw_characters_other_line_breaks_are_not_line_ends() -> None:
    # U+0085, U+2028, VT and FF may stand raw in a literal; only LF and CR end a line.
    (quad,) = parse_nquads('<urn:ex:s> <urn:ex:p> "a\u0085b\u2028c\u000bd\u000ce" .')
    assert quad.object.value == "a\u0085b\u2028c\u000bd\u000ce"


def test_a_repeated_statement_is_returned_as_written() -> None:
    line = '_:b <urn:ex:p> "v" .\n'
    assert len(parse_nquads(line * 2)) == 2


@pytest.mark.parametrize(
    "line",
    [
        '<urn:ex:s> <urn:ex:p> "o"',  # no final dot
        '<urn:ex:s> <urn:ex:p> "o" . extra',
        '<urn:ex:s> _:p "o" .',  # a blank-node predicate
        '"s" <urn:ex:p> "o" .',  # a literal subject
        '<urn:ex:s> <urn:ex:p> "o" "g" .',  # a literal graph name
        '<urn:ex:s> <urn:ex:p> "a\\qb" .',  # an escape that is not one
        '<urn:ex:s> <urn:ex:p> "a\\u12" .',  # a short \\u
        '<urn:ex:s> <urn:ex:p> "unterminated .',
        '<urn:ex:s> <urn:ex:p> "o"@ .',  # an empty language tag
        '<urn:ex:s> <urn:ex:p> "o"^^"x" .',
        "<urn:ex s> <urn:ex:p> <urn:ex:o> .",  # a space inside an IRI
        "<urn:ex:s> <urn:ex:p> _:a. .",  # a blank node label ending in a dot
        "<urn:ex:s> <urn:ex:p> <urn:ex:o> <urn:ex:g> <urn:ex:h> .",
        "<relative> <urn:ex:p> <urn:ex:o> .",  # not absolute
        "<urn:ex:s> <urn:ex:p> <urn:ex:\\u0020> .",  # an escape to a space inside an IRI
        "<urn:ex:s> <urn:ex:p> <urn:ex:\\u003E> .",  # ... or to '>'
        '<urn:ex:s> <urn:ex:p> "\\uD800" .',  # a surrogate
        '<urn:ex:s> <urn:ex:p> "\\U00110000" .',  # past U+10FFFF
    ],
)
def test_malformed_statements_are_refused_naming_the_line(line: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_nquads("<urn:ex:s> <urn:ex:p> <urn:ex:o> .\n# fine so far\n" + line + "\n")
    assert caught.value.details["line"] == 3
    assert "line 3" in caught.value.message


def test_text_that_is_not_utf8_or_holds_a_surrogate_is_refused() -> None:
    with pytest.raises(InputError):
        parse_nquads(b'<urn:ex:s> <urn:ex:p> "\xff" .')
    with pytest.raises(InputError):
        parse_nquads('<urn:ex:s> <urn:ex:p> "\ud800" .')


def test_bounds() -> None:
    line = '<urn:ex:s> <urn:ex:p> "v" .\n'
    with pytest.raises(InputTooLargeError) as caught:
        parse_nquads(line * 10, max_bytes=len(line) * 10 - 1)
    assert caught.value.details["limit"] == "MAX_NQUADS_BYTES"
    with pytest.raises(InputTooLargeError):  # counted in UTF-8 bytes, not characters
        parse_nquads('<urn:ex:s> <urn:ex:p> "漢漢漢" .', max_bytes=30)
    with pytest.raises(InputTooLargeError) as caught:
        parse_nquads(line * 11, max_statements=10)
    assert caught.value.details["limit"] == "MAX_NQUADS_STATEMENTS"
    assert len(parse_nquads(line * 10, max_statements=10)) == 10


def test_pyld_alone_misreads_escapes() -> None:
    """Why wallet.ld.nquads exists: pyld 3.3's parse_nquads leaves \\u escapes and \\b as written
    and reads an escaped backslash before n as a newline. If pyld ever fixes this, this test
    tells us we could use it."""
    from pyld import jsonld as pyld

    text = '<urn:ex:\\u0065> <urn:ex:p> "\\u221e\\b\\\\n" .\n'
    (triple,) = pyld.parse_nquads(text)["@default"]
    assert triple["subject"]["value"] == "urn:ex:\\u0065"
    assert triple["object"]["value"] != "∞\b\\n"
    (quad,) = parse_nquads(text)
    assert quad.subject.value == "urn:ex:e"
    assert quad.object.value == "∞\b\\n"
