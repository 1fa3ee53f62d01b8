"""Reading input: JSON, JWT, baked PNG and SVG (OB 3.0 §5.3) — and a clear error for the rest."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.errors import (
    BakedBadgeError,
    InputError,
    InputTooLargeError,
    MalformedJSONError,
    UnsupportedInputError,
)
from wallet.formats.baking import bake_png, bake_svg
from wallet.formats.sources import MAX_INPUT_BYTES, MAX_JSON_DEPTH, load_bytes

CREDENTIAL = json.dumps(
    {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "name": "Ünïcode ✓",
        "description": "markup <br/> and a CDATA end ]]> inside",
    },
    ensure_ascii=False,
    indent=2,
)
NAME = "Ünïcode ✓"
JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2ln"
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


# --- a real PNG, built here with struct and zlib ----------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def tiny_png(*extra: bytes) -> bytes:
    """A valid 1×1 greyscale PNG, with ``extra`` chunks after IHDR."""
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + b"".join(extra)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def itxt(keyword: bytes, text: bytes, *, compressed: bool = False) -> bytes:
    body = zlib.compress(text) if compressed else text
    return chunk(b"iTXt", keyword + b"\0" + bytes([int(compressed), 0]) + b"\0\0" + body)


# --- JSON and JWT ----------------------------------------------------------------------------


def test_json_with_a_bom_keeps_the_exact_bytes() -> None:
    data = ("\ufeff" + CREDENTIAL + "\n").encode("utf-8")
    loaded = load_bytes(data, name="badge.json")
    assert (loaded.kind, loaded.origin, loaded.jwt) == ("json", "json", None)
    assert loaded.document is not None and loaded.document["name"] == NAME
    assert loaded.raw == (CREDENTIAL + "\n").encode("utf-8")  # not re-serialized; BOM dropped


def test_raw_is_the_original_bytes_not_a_reserialization() -> None:
    odd = b'{ "b" : 1,\r\n\t"a":"\\u00e9" }  '
    loaded = load_bytes(odd)
    assert loaded.raw == odd and loaded.document == {"b": 1, "a": "é"}


def test_jwt_plain_with_whitespace_and_as_a_json_string() -> None:
    for data in (JWT.encode(), f" {JWT}\r\n".encode(), json.dumps(JWT).encode()):
        loaded = load_bytes(data)
        assert (loaded.kind, loaded.origin, loaded.jwt, loaded.document) == (
            "jwt",
            "jwt",
            JWT,
            None,
        )
        assert loaded.raw == JWT.encode("ascii")


def test_content_decides_not_the_name() -> None:
    assert load_bytes(CREDENTIAL.encode(), name="badge.png").kind == "json"
    assert load_bytes(bake_png(tiny_png(), JWT), name="badge.json").origin == "png"


def test_malformed_json_says_where() -> None:
    with pytest.raises(MalformedJSONError) as err:
        load_bytes(b'{\n  "a": 1,\n  "b": }')
    assert err.value.details == {"line": 3, "column": 8}
    assert "line 3, column 8" in err.value.message


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b'{"a": 1, "a": 2}', "twice"),  # two readers could disagree on which one counts
        (b'{"a": NaN}', "NaN"),
        (b'{"a": -Infinity}', "Infinity"),
    ],
)
def test_json_that_python_accepts_but_rfc_8259_does_not(data: bytes, words: str) -> None:
    with pytest.raises(MalformedJSONError, match=words):
        load_bytes(data)


def test_nesting_is_bounded() -> None:
    ok = b'{"a":' * (MAX_JSON_DEPTH - 1) + b"{}" + b"}" * (MAX_JSON_DEPTH - 1)
    assert load_bytes(ok).kind == "json"
    deep = b'{"a":' * MAX_JSON_DEPTH + b"[]" + b"}" * MAX_JSON_DEPTH
    with pytest.raises(InputTooLargeError, match="nested"):
        load_bytes(deep)
    with pytest.raises(InputTooLargeError, match="nested"):  # beyond Python's recursion limit
        load_bytes(b"[" * 100_000 + b"]" * 100_000)


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty"),
        (b" \n\t", "empty"),
        (b"[1, 2]", "an array"),
        (b"42", "a number"),
        (b"null", "null"),
        (b'"just text"', "a string"),
        (b"hello world", "not JSON"),
        (b"abc.def.ghi", "looks like a JWT"),
        (b"\xff\xfe{\x00}\x00", "UTF-16"),
        (b"\x00\x01\x02binary", "binary data"),
        (b"{\xc3\x28}", "not UTF-8"),
        (b"<html><body>a web page</body></html>", "web page"),
        (b"<note><to>x</to></note>", "not an SVG"),
    ],
)
def test_not_a_credential(data: bytes, words: str) -> None:
    with pytest.raises(UnsupportedInputError, match=words) as err:
        load_bytes(data)
    assert err.value.message.startswith("not a credential")


def test_five_megabytes_of_random_bytes() -> None:
    noise = bytearray(os.urandom(MAX_INPUT_BYTES + 1))
    noise[0] = 0xFF  # never a PNG signature or markup by chance
    with pytest.raises(InputTooLargeError, match="5,242,880"):
        load_bytes(bytes(noise), name="noise.bin")
    with pytest.raises(UnsupportedInputError, match="expected JSON, a JWT, or a baked"):
        load_bytes(bytes(noise[:MAX_INPUT_BYTES]))
    with pytest.raises(UnsupportedInputError):
        load_bytes(b"<" + bytes(noise[1:MAX_INPUT_BYTES]))  # looks like markup, is not text


def test_bytes_like_input() -> None:
    assert load_bytes(bytearray(CREDENTIAL.encode())).kind == "json"
    assert load_bytes(memoryview(JWT.encode())).jwt == JWT


# --- PNG -------------------------------------------------------------------------------------


def test_baked_png_round_trip_json_and_jwt() -> None:
    png = tiny_png(chunk(b"tEXt", b"Comment\0kept as is"))
    baked = bake_png(png, CREDENTIAL)
    loaded = load_bytes(baked)
    assert (loaded.kind, loaded.origin) == ("json", "png")
    assert loaded.raw == CREDENTIAL.encode("utf-8")
    assert loaded.document is not None and loaded.document["name"] == NAME
    assert chunk(b"tEXt", b"Comment\0kept as is") in baked  # other chunks untouched
    rebaked = bake_png(baked, JWT)  # replaces, never adds a second credential
    assert rebaked.count(b"openbadgecredential") == 1
    loaded = load_bytes(rebaked)
    assert (loaded.kind, loaded.origin, loaded.jwt, loaded.raw) == ("jwt", "png", JWT, JWT.encode())


def test_baked_png_is_a_png_an_image_library_reads() -> None:
    from PIL import Image

    baked = bake_png(tiny_png(), CREDENTIAL)
    with Image.open(io.BytesIO(baked)) as image:
        image.load()
        assert image.size == (1, 1)
        assert image.text["openbadgecredential"] == CREDENTIAL  # an independent iTXt reader


def test_png_credential_bytes_are_exact() -> None:
    text = b'  {"@context": [],\n "name": "x"}\r\n'
    assert load_bytes(tiny_png(itxt(b"openbadgecredential", text))).raw == text


def test_first_credential_chunk_wins() -> None:  # OB 3.0 §5.3.1.2
    png = tiny_png(
        itxt(b"openbadgecredential", JWT.encode()),
        itxt(b"openbadgecredential", CREDENTIAL.encode()),
    )
    assert load_bytes(png).jwt == JWT


def test_compressed_itxt_is_read_with_a_bound() -> None:
    png = tiny_png(itxt(b"openbadgecredential", CREDENTIAL.encode(), compressed=True))
    assert load_bytes(png).raw == CREDENTIAL.encode()
    bomb = tiny_png(itxt(b"openbadgecredential", b" " * (MAX_INPUT_BYTES + 1), compressed=True))
    assert len(bomb) < 10_000
    with pytest.raises(InputTooLargeError, match="inflates"):
        load_bytes(bomb)
    body = b"openbadgecredential\0\x01\x00\0\0" + zlib.compress(CREDENTIAL.encode())[:-6]
    with pytest.raises(BakedBadgeError, match="truncated"):
        load_bytes(tiny_png(chunk(b"iTXt", body)))
    body = b"openbadgecredential\0\x01\x00\0\0" + b"not zlib at all"
    with pytest.raises(BakedBadgeError, match="damaged"):
        load_bytes(tiny_png(chunk(b"iTXt", body)))


def test_other_text_chunks_are_not_our_business() -> None:
    xmp = itxt(b"XML:com.adobe.xmp", b"\x00garbage that is not inflatable", compressed=True)
    malformed = chunk(b"iTXt", b"Title")  # no separators at all
    png = tiny_png(xmp, malformed, itxt(b"openbadgecredential", CREDENTIAL.encode()))
    assert load_bytes(png).kind == "json"


def test_truncated_png_at_every_length() -> None:
    baked = bake_png(tiny_png(), CREDENTIAL)
    for cut in range(1, len(baked)):
        with pytest.raises(BakedBadgeError, match="truncated|damaged"):
            load_bytes(baked[:cut])


def test_png_with_bad_crc() -> None:
    baked = bytearray(bake_png(tiny_png(), CREDENTIAL))
    baked[baked.index(NAME.encode())] ^= 0x01
    with pytest.raises(BakedBadgeError, match="bad checksum in its iTXt chunk"):
        load_bytes(bytes(baked))


def test_png_with_absurd_chunk_length() -> None:
    png = tiny_png()
    damaged = png[:33] + struct.pack(">I", 0xFFFFFFF0) + png[37:]  # the IDAT length
    with pytest.raises(BakedBadgeError, match="impossible length"):
        load_bytes(damaged)
    damaged = png[:33] + struct.pack(">I", 1_000_000) + png[37:]
    with pytest.raises(BakedBadgeError, match="IDAT chunk is cut off"):
        load_bytes(damaged)


def test_png_signature_damaged_by_a_text_transfer() -> None:
    png = bake_png(tiny_png(), CREDENTIAL).replace(b"\r\n", b"\n", 1)
    with pytest.raises(BakedBadgeError, match="signature"):
        load_bytes(png)


def test_png_without_a_credential() -> None:
    with pytest.raises(BakedBadgeError, match="no Open Badges 3.0 credential"):
        load_bytes(tiny_png())


OB2_JSON = b'{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}'
OB2_URL = b"https://example.org/assertion.json"


@pytest.mark.parametrize(
    ("ob2_chunk", "kind", "raw"),
    [
        (itxt(b"openbadges", OB2_JSON), "json", OB2_JSON),
        (itxt(b"openbadges", OB2_JSON, compressed=True), "json", OB2_JSON),
        (itxt(b"openbadges", JWT.encode()), "jwt", JWT.encode()),
        (chunk(b"tEXt", b"openbadges\0" + OB2_URL), "url", OB2_URL),  # pre-2.0: a hosted URL
        (chunk(b"zTXt", b"openbadges\0\0" + zlib.compress(OB2_URL)), "url", OB2_URL),
    ],
    ids=["iTXt-json", "iTXt-compressed", "iTXt-jws", "tEXt-url", "zTXt-url"],
)
def test_png_from_open_badges_2(ob2_chunk: bytes, kind: str, raw: bytes) -> None:
    """OB 2.0 Baking: the 'openbadges' chunk's payload, marked as OB 2.0 (read further by
    wallet.ob2.reading), where it used to be refused."""
    loaded = load_bytes(tiny_png(ob2_chunk))
    assert (loaded.kind, loaded.origin, loaded.ob2, loaded.raw) == (kind, "png", True, raw)


def test_png_with_two_open_badges_2_chunks_is_refused() -> None:
    twice = tiny_png(itxt(b"openbadges", OB2_JSON), chunk(b"tEXt", b"openbadges\0" + OB2_URL))
    with pytest.raises(BakedBadgeError, match="two 'openbadges' chunks"):
        load_bytes(twice)


def test_png_open_badges_2_decompression_bombs_are_refused() -> None:
    bomb = zlib.compress(b" " * (MAX_INPUT_BYTES + 1), 9)  # ~5 KB that inflate past 5 MB
    for hostile in (
        chunk(b"zTXt", b"openbadges\0\0" + bomb),
        chunk(b"iTXt", b"openbadges\0\1\0\0\0" + bomb),
    ):
        with pytest.raises(InputTooLargeError, match="inflates to more than"):
            load_bytes(tiny_png(hostile))


def test_png_credential_that_is_not_a_credential() -> None:
    with pytest.raises(BakedBadgeError, match="baked into the PNG badge is neither"):
        load_bytes(tiny_png(itxt(b"openbadgecredential", b"hello")))
    with pytest.raises(MalformedJSONError, match="baked into the PNG badge.*line 1"):
        load_bytes(tiny_png(itxt(b"openbadgecredential", b'{"a": }')))
    with pytest.raises(BakedBadgeError, match="tEXt chunk"):
        load_bytes(tiny_png(chunk(b"tEXt", b"openbadgecredential\0" + JWT.encode())))


def test_bake_refuses_what_could_not_be_read_back() -> None:
    with pytest.raises(MalformedJSONError):
        bake_png(tiny_png(), "{not json")
    with pytest.raises(UnsupportedInputError):
        bake_png(tiny_png(), "[1, 2]")
    with pytest.raises(BakedBadgeError):
        bake_png(tiny_png()[:-5], CREDENTIAL)
    with pytest.raises(BakedBadgeError):
        bake_svg("<svg/>", CREDENTIAL)  # not in the SVG namespace


# --- SVG -------------------------------------------------------------------------------------


def test_baked_svg_json_in_cdata_and_jwt_in_verify() -> None:
    baked = bake_svg(SVG, CREDENTIAL)
    assert 'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert "<openbadges:credential><![CDATA[" in baked  # §5.3.2.1, embedded proof
    loaded = load_bytes(baked.encode())
    assert (loaded.kind, loaded.origin) == ("json", "svg")
    assert loaded.document == json.loads(CREDENTIAL)  # "]]>" inside survives the CDATA split
    jwt_baked = bake_svg(baked, JWT)
    assert f'<openbadges:credential verify="{JWT}"></openbadges:credential>' in jwt_baked
    assert jwt_baked.count("<openbadges:credential") == 1  # replaced, not added
    loaded = load_bytes(jwt_baked.encode())
    assert (loaded.kind, loaded.origin, loaded.jwt, loaded.raw) == ("jwt", "svg", JWT, JWT.encode())
    assert bake_svg(jwt_baked, CREDENTIAL).count("<openbadges:credential") == 1
    assert bake_svg(jwt_baked, CREDENTIAL).endswith("<rect/></svg>")


def test_svg_examples_as_the_spec_writes_them() -> None:  # OB 3.0 §5.3.2.1, both examples
    with_jws = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"
     viewBox="0 0 512 512">
  <openbadges:credential verify="{JWT}"></openbadges:credential>
  <!-- rest-of-image -->
</svg>"""
    assert load_bytes(with_jws.encode()).jwt == JWT
    with_json = f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"
     viewBox="0 0 512 512">
  <openbadges:credential>
    <![CDATA[
      {CREDENTIAL.replace("]]>", "")}
    ]]>
  </openbadges:credential>
  <!-- rest-of-image -->
</svg>"""
    assert load_bytes(with_json.encode()).document["name"] == NAME  # type: ignore[index]


def test_svg_layouts_bake_cleanly() -> None:
    editor_doctype = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    )
    cases = [
        '<svg xmlns="http://www.w3.org/2000/svg"/>',  # self-closing root
        '<svg:svg xmlns:svg="http://www.w3.org/2000/svg"><svg:rect/></svg:svg>',
        editor_doctype + SVG,  # a DOCTYPE that names an external DTD only: harmless
        # an OB 2.0 image whose "openbadges" prefix means another namespace
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        '<openbadges:assertion verify="https://example.org/a.json"/></svg>',
        # an earlier credential that is empty, self-closing, or with a quoted ">" inside
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="https://purl.imsglobal.org/ob/v3p0">'
        '<ob:credential verify="a>b"/><g><ob:credential>x</ob:credential></g></svg>',
    ]
    for svg in cases:
        for credential in (CREDENTIAL, JWT):
            baked = bake_svg(svg, credential)
            loaded = load_bytes(baked.encode())
            assert loaded.raw.strip() == credential.encode(), svg
            assert len(re.findall(r"<\w+:credential\b", baked)) == 1


def test_svg_refuses_entity_declarations() -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&lol2;</svg>'
    )
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>'
    )
    subset = (
        '<!DOCTYPE svg [ <!ATTLIST svg a CDATA "b"> ]><svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    for svg in (laughs, xxe, subset):
        with pytest.raises(BakedBadgeError, match="refused"):
            load_bytes(svg.encode())
        with pytest.raises(BakedBadgeError, match="refused"):
            bake_svg(svg, CREDENTIAL)


def test_svg_without_a_credential_and_ob2() -> None:
    with pytest.raises(BakedBadgeError, match="no Open Badges 3.0 credential"):
        load_bytes(SVG.encode())
    head = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
    hosted = head + '<openbadges:assertion verify="https://example.org/assertion.json"/></svg>'
    loaded = load_bytes(hosted.encode())
    assert (loaded.kind, loaded.ob2, loaded.raw) == ("url", True, OB2_URL)
    signed = head + f'<openbadges:assertion verify="{JWT}"/></svg>'
    assert load_bytes(signed.encode()).jwt == JWT
    embedded = (
        head + '<openbadges:assertion verify="https://example.org/assertion.json">'
        f"<![CDATA[{OB2_JSON.decode()}]]></openbadges:assertion></svg>"
    )
    loaded = load_bytes(embedded.encode())
    assert (loaded.kind, loaded.ob2, loaded.document) == ("json", True, json.loads(OB2_JSON))
    two = (
        head + '<openbadges:assertion verify="https://a.example/1"/>'
        '<g><openbadges:assertion verify="https://b.example/2"/></g></svg>'
    )
    with pytest.raises(BakedBadgeError, match="two <openbadges:assertion>"):
        load_bytes(two.encode())
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        + head
        + '<openbadges:assertion verify="https://example.org/a.json">&x;'
        "</openbadges:assertion></svg>"
    )
    with pytest.raises(BakedBadgeError, match="entity declarations are refused"):
        load_bytes(xxe.encode())


@pytest.mark.parametrize(
    ("element", "words"),
    [
        ("<ob:credential/>", "empty"),
        ("<ob:credential>   </ob:credential>", "empty"),
        ('<ob:credential verify="https://example.org/x"/>', "not a compact JWS"),
        ("<ob:credential>hello</ob:credential>", "baked into the SVG badge is neither"),
    ],
)
def test_svg_credential_element_that_holds_no_credential(element: str, words: str) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:ob="https://purl.imsglobal.org/ob/v3p0">{element}</svg>'
    )
    with pytest.raises(BakedBadgeError, match=words):
        load_bytes(svg.encode())


def test_malformed_svg() -> None:
    with pytest.raises(BakedBadgeError, match="malformed"):
        load_bytes(b'<svg xmlns="http://www.w3.org/2000/svg"><unclosed></svg>')
    with pytest.raises(BakedBadgeError, match="malformed"):
        load_bytes(bake_svg(SVG, CREDENTIAL).encode()[:-10])


# --- nothing but InputError, whatever the bytes ----------------------------------------------


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_arbitrary_bytes_only_ever_raise_input_errors(data: bytes) -> None:
    with contextlib.suppress(InputError):
        load_bytes(data)


SEEDS = [
    bake_png(tiny_png(), CREDENTIAL),
    bake_png(tiny_png(), JWT),
    bake_svg(SVG, CREDENTIAL).encode(),
    bake_svg(SVG, JWT).encode(),
    CREDENTIAL.encode(),
    JWT.encode(),
    tiny_png(itxt(b"openbadgecredential", CREDENTIAL.encode(), compressed=True)),
]


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(SEEDS), st.integers(0, 10_000), st.binary(min_size=1, max_size=8), st.booleans()
)
def test_damaged_inputs_only_raise_input_errors(
    seed: bytes, position: int, junk: bytes, insert: bool
) -> None:
    position %= len(seed)
    tail = position if insert else position + len(junk)
    damaged = seed[:position] + junk + seed[tail:]
    with contextlib.suppress(InputError):
        load_bytes(damaged)
