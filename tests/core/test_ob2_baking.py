"""Baking an Open Badges 2.0 badge back into its image (wallet/formats/ob2baking.py): what comes
out reads back as the same badge, carries one ``openbadges`` chunk or element, keeps the rest of
the image, and nothing that is not a badge is baked."""

from __future__ import annotations

import struct
import zlib

import pytest
from ob2_helpers import case_bytes, require_fixtures

from wallet.errors import BakedBadgeError
from wallet.formats.ob2baking import bake_ob2_png, bake_ob2_svg
from wallet.formats.sources import _png_chunks, load_bytes
from wallet.ob2.reading import read_ob2

URL = "http://127.0.0.1:47620/tm/assertion-aligned.json"


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _ob2_chunks(png: bytes) -> list[bytes]:
    return [
        kind
        for kind, body in _png_chunks(png)
        if kind in (b"iTXt", b"tEXt", b"zTXt") and body.startswith(b"openbadges\0")
    ]


@pytest.mark.parametrize(
    "case",
    ["real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png", "vt/simple-badge.png", "vt/baked_heart-signed.png"],
)
def test_a_baked_png_rebakes_to_the_same_badge(case: str) -> None:
    require_fixtures()
    original = case_bytes(case)
    given = read_ob2(original)
    baked = bake_ob2_png(original, given.raw)
    again = read_ob2(baked)
    assert (again.form, again.raw, again.document) == (given.form, given.raw, given.document)
    assert _ob2_chunks(baked) == [b"iTXt"]
    others = [c for c in _png_chunks(original) if not c[1].startswith(b"openbadges\0")]
    assert [c for c in _png_chunks(baked) if not c[1].startswith(b"openbadges\0")] == others


def test_a_pre_2_0_text_chunk_is_replaced_by_one_itxt() -> None:
    require_fixtures()
    png = case_bytes("vt/simple-badge.png")
    chunks = [c for c in _png_chunks(png) if not c[1].startswith(b"openbadges\0")]
    old = b"\x89PNG\r\n\x1a\n" + b"".join(
        _chunk(kind, body)
        + (_chunk(b"tEXt", b"openbadges\0" + URL.encode()) if kind == b"IHDR" else b"")
        for kind, body in chunks
    )
    assert read_ob2(old).url == URL  # a 1.x image: the URL in tEXt
    baked = bake_ob2_png(old, URL)
    assert _ob2_chunks(baked) == [b"iTXt"] and read_ob2(baked).url == URL
    assert load_bytes(baked).ob2


@pytest.mark.parametrize("case", ["tampered/baked-hosted.svg", "tampered/baked-signed.svg"])
def test_a_baked_svg_rebakes_to_the_same_badge(case: str) -> None:
    require_fixtures()
    original = case_bytes(case)
    given = read_ob2(original)
    hosted = given.document.get("id") if given.document else None
    baked = bake_ob2_svg(original.decode(), given.raw, hosted_url=hosted)
    again = read_ob2(baked.encode())
    assert (again.form, again.document) == (given.form, given.document)
    assert baked.count("<openbadges:assertion") == 1


def test_svg_with_another_openbadges_prefix_gets_its_own_namespace() -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" width="10" height="10"/>'
    )
    baked = bake_ob2_svg(svg, URL)
    assert 'xmlns:openbadges="http://openbadges.org"' in baked
    assert read_ob2(baked.encode()).url == URL


@pytest.mark.parametrize("payload", ["ftp://example.org/a", "not a badge", "[1, 2]", "", "{"])
def test_only_a_badge_is_baked(payload: str) -> None:
    require_fixtures()
    with pytest.raises(BakedBadgeError):
        bake_ob2_png(case_bytes("vt/simple-badge.png"), payload)
    with pytest.raises(BakedBadgeError):
        bake_ob2_svg('<svg xmlns="http://www.w3.org/2000/svg"/>', payload)


def test_hostile_images_are_refused() -> None:
    with pytest.raises(BakedBadgeError):
        bake_ob2_svg(
            '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>', URL
        )
    with pytest.raises(BakedBadgeError):
        bake_ob2_png(b"\x89PNG\r\n\x1a\n" + b"\0" * 20, URL)
