"""Reading input: JSON, JWT, baked PNG and SVG — and a clear error for everything else."""

from __future__ import annotations

import contextlib
import json
import os
import zlib

import pytest
from factories import png_chunk as _chunk
from factories import tiny_png
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.errors import (
    BakedBadgeError,
    InputError,
    InputTooLargeError,
    MalformedJSONError,
    UnsupportedInputError,
)
from wallet.sources import MAX_INPUT_BYTES, bake_png, bake_svg, load_bytes

CREDENTIAL = json.dumps({"@context": ["https://www.w3.org/ns/credentials/v2"],
                         "type": ["VerifiableCredential"], "name": "Ünïcode ✓"},
                        ensure_ascii=False)
JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJkaWQ6ZXhhbXBsZToxIn0.c2ln"


def test_json_raw_bytes_are_kept_exactly() -> None:
    data = ("\ufeff" + CREDENTIAL).encode("utf-8")
    loaded = load_bytes(data)
    assert loaded.kind == "json" and loaded.origin == "json"
    assert loaded.document["name"] == "Ünïcode ✓"
    assert loaded.raw == CREDENTIAL.encode("utf-8")  # exact bytes, without the BOM


def test_jwt_plain_and_as_a_json_string() -> None:
    assert load_bytes(JWT.encode()).jwt == JWT
    assert load_bytes(f" {JWT}\n".encode()).jwt == JWT
    assert load_bytes(json.dumps(JWT).encode()).kind == "jwt"


def test_malformed_json_says_where() -> None:
    with pytest.raises(MalformedJSONError) as err:
        load_bytes(b'{\n  "a": 1,\n  "b": }')
    assert "line 3" in err.value.message and "column" in err.value.message


@pytest.mark.parametrize("data", [b"", b"   ", b"[1,2]", b"42", b"null"])
def test_not_an_object(data: bytes) -> None:
    with pytest.raises(InputError):
        load_bytes(data)


def test_size_limit() -> None:
    with pytest.raises(InputTooLargeError):
        load_bytes(b" " * (MAX_INPUT_BYTES + 1))
    with pytest.raises(UnsupportedInputError):
        load_bytes(b"\xff" + os.urandom(MAX_INPUT_BYTES - 1))


def test_baked_png_round_trip_json_and_jwt() -> None:
    png = tiny_png()
    baked = bake_png(png, CREDENTIAL)
    loaded = load_bytes(baked)
    assert loaded.origin == "png" and loaded.raw == CREDENTIAL.encode("utf-8")
    rebaked = bake_png(baked, JWT)  # replaces, never adds a second credential
    assert rebaked.count(b"openbadgecredential") == 1
    assert load_bytes(rebaked).jwt == JWT


def test_compressed_itxt() -> None:
    body = b"openbadgecredential\0\x01\x00\0\0" + zlib.compress(CREDENTIAL.encode())
    assert load_bytes(tiny_png(_chunk(b"iTXt", body))).document["name"] == "Ünïcode ✓"


def test_truncated_png() -> None:
    baked = bake_png(tiny_png(), CREDENTIAL)
    for cut in (5, 20, len(baked) // 2, len(baked) - 3):
        with pytest.raises(BakedBadgeError):
            load_bytes(baked[:cut])


def test_png_with_bad_crc() -> None:
    baked = bytearray(bake_png(tiny_png(), CREDENTIAL))
    baked[baked.index("Ünïcode".encode())] ^= 0x01
    with pytest.raises(BakedBadgeError, match="checksum"):
        load_bytes(bytes(baked))


def test_png_without_a_credential_and_ob2() -> None:
    with pytest.raises(BakedBadgeError, match="no Open Badges 3.0"):
        load_bytes(tiny_png())
    ob2 = tiny_png(_chunk(b"iTXt", b"openbadges\0\0\0\0\0{}"))
    with pytest.raises(BakedBadgeError, match="2.0"):
        load_bytes(ob2)


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>'


def test_baked_svg_json_and_jwt() -> None:
    baked = bake_svg(SVG, CREDENTIAL)
    loaded = load_bytes(baked.encode())
    assert loaded.origin == "svg" and loaded.document["name"] == "Ünïcode ✓"
    assert load_bytes(bake_svg(baked, JWT).encode()).jwt == JWT
    assert bake_svg(baked, JWT).count("openbadges:credential>") == 2  # one element


def test_svg_bombs_and_entities_are_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]>'
            '<svg xmlns="http://www.w3.org/2000/svg">&lol;</svg>')
    with pytest.raises(BakedBadgeError, match="DOCTYPE"):
        load_bytes(bomb.encode())
    with pytest.raises(BakedBadgeError, match="no Open Badges 3.0"):
        load_bytes(SVG.encode())
    with pytest.raises(BakedBadgeError, match="malformed"):
        load_bytes(b"<svg><unclosed></svg>")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_arbitrary_bytes_only_ever_raise_input_errors(data: bytes) -> None:
    with contextlib.suppress(InputError):
        load_bytes(data)


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 200), st.binary(min_size=1, max_size=8))
def test_damaged_baked_png_only_raises_input_errors(position: int, junk: bytes) -> None:
    baked = bake_png(tiny_png(), CREDENTIAL)
    position %= len(baked)
    damaged = baked[:position] + junk + baked[position + len(junk):]
    with contextlib.suppress(InputError):
        load_bytes(damaged)
