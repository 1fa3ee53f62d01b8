"""Read whatever the user hands us as a credential: JSON, a compact JWT, or a baked badge.

The kind is told by content, not by file name: the PNG signature, an SVG/XML document, a compact
JWS, else JSON. Baked badges follow Open Badges 3.0 §5.3 "Baking": a PNG ``iTXt`` chunk with the
keyword ``openbadgecredential``, or an SVG ``<openbadges:credential>`` element (namespace
``https://purl.imsglobal.org/ob/v3p0``) whose text is the credential (JSON or a JWT).

Every failure is an :class:`~wallet.errors.InputError` subclass with a specific message; nothing
else escapes :func:`load_bytes`, whatever the bytes.
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any, Literal
from xml.etree import ElementTree

from wallet.errors import (
    BakedBadgeError,
    InputTooLargeError,
    MalformedJSONError,
    UnsupportedInputError,
)

__all__ = ["MAX_INPUT_BYTES", "LoadedInput", "bake_png", "bake_svg", "load_bytes"]

MAX_INPUT_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
OB2_PNG_KEYWORD = b"openbadges"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
_MAX_CHUNK = MAX_INPUT_BYTES
_MAX_INFLATED = MAX_INPUT_BYTES
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class LoadedInput:
    kind: Literal["json", "jwt"]
    origin: Literal["json", "jwt", "png", "svg"]
    document: dict[str, Any] | None
    jwt: str | None
    raw: bytes  # the credential exactly as received (JSON text or JWT), not re-serialized


def _is_jwt(text: str) -> bool:
    if not _JWT.match(text):
        return False
    from wallet.multiformats import b64url_decode

    try:
        header = json.loads(b64url_decode(text.split(".", 1)[0]))
    except Exception:  # noqa: BLE001 - any failure simply means "not a JWT"
        return False
    return isinstance(header, dict) and "alg" in header


def _from_text(raw: bytes, origin: Literal["json", "jwt", "png", "svg"]) -> LoadedInput:
    """JSON or JWT from credential bytes."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UnsupportedInputError(
            "not a credential: expected JSON, a JWT, or a baked PNG/SVG badge "
            f"(the bytes are not UTF-8 text; first bad byte at offset {exc.start})"
        ) from None
    stripped = text.strip()
    if _is_jwt(stripped):
        return LoadedInput("jwt", "jwt" if origin == "json" else origin, None, stripped,
                           stripped.encode("ascii"))
    if not stripped:
        raise MalformedJSONError("the input is empty")
    if stripped[0] not in "{[\"":
        raise UnsupportedInputError(
            "not a credential: expected JSON, a JWT, or a baked PNG/SVG badge"
        )
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise MalformedJSONError(
            f"the JSON is malformed: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno, column=exc.colno,
        ) from None
    except RecursionError:
        raise MalformedJSONError("the JSON is nested too deeply") from None
    if isinstance(value, str) and _is_jwt(value.strip()):
        token = value.strip()
        return LoadedInput("jwt", "jwt" if origin == "json" else origin, None, token,
                           token.encode("ascii"))
    if not isinstance(value, dict):
        raise UnsupportedInputError(
            f"a credential is a JSON object, this JSON is a{'n' if type(value) is int else ''} "
            f"{_json_kind(value)}"
        )
    return LoadedInput("json", origin, value, None, body)


def _json_kind(value: Any) -> str:
    return {list: "array", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(value), "value")


# --- PNG -------------------------------------------------------------------------------------


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(PNG_SIGNATURE):
        raise BakedBadgeError("not a PNG image")
    chunks = []
    pos = len(PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise BakedBadgeError("the PNG image is truncated (it ends inside a chunk header)")
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        if length > _MAX_CHUNK:
            raise BakedBadgeError("the PNG image is damaged (a chunk claims an absurd length)")
        if not kind.isalpha():
            raise BakedBadgeError("the PNG image is damaged (an invalid chunk type)")
        end = pos + 8 + length + 4
        if end > len(data):
            raise BakedBadgeError(
                f"the PNG image is truncated (the {kind.decode('ascii', 'replace')} chunk "
                "is cut off)"
            )
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise BakedBadgeError(
                f"the PNG image is damaged (bad checksum in its {kind.decode('ascii')} chunk)"
            )
        chunks.append((kind, body))
        pos = end
        if kind == b"IEND":
            return chunks


def _itxt(body: bytes) -> tuple[bytes, bytes]:
    """(keyword, text) of an iTXt chunk (PNG spec §11.3.4.5)."""
    try:
        keyword, rest = body.split(b"\0", 1)
        compressed, method = rest[0], rest[1]
        _language, rest = rest[2:].split(b"\0", 1)
        _translated, text = rest.split(b"\0", 1)
    except (ValueError, IndexError):
        raise BakedBadgeError("the PNG's iTXt chunk is malformed") from None
    if compressed:
        if method != 0:
            raise BakedBadgeError("the PNG's iTXt chunk uses an unknown compression")
        try:
            inflater = zlib.decompressobj()
            text = inflater.decompress(text, _MAX_INFLATED + 1)
        except zlib.error:
            raise BakedBadgeError("the PNG's compressed iTXt chunk is damaged") from None
        if len(text) > _MAX_INFLATED:
            raise InputTooLargeError("the badge's compressed credential is implausibly large")
    return keyword, text


def _from_png(data: bytes) -> LoadedInput:
    chunks = _png_chunks(data)
    ob2 = False
    for kind, body in chunks:
        if kind == b"iTXt":
            keyword, text = _itxt(body)
            if keyword == PNG_KEYWORD:
                return _from_text(text, "png")
            ob2 = ob2 or keyword == OB2_PNG_KEYWORD
        elif kind == b"tEXt" and body.split(b"\0", 1)[0] == OB2_PNG_KEYWORD:
            ob2 = True
    if ob2:
        raise BakedBadgeError(
            "this is an Open Badges 2.0 badge; only Open Badges 3.0 credentials are supported"
        )
    raise BakedBadgeError("this PNG image carries no Open Badges 3.0 credential")


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def bake_png(png: bytes, credential: str) -> bytes:
    """``png`` with ``credential`` (JSON text or a JWT) baked in, replacing an earlier one."""
    chunks = _png_chunks(png)
    itxt = PNG_KEYWORD + b"\0\0\0\0\0" + credential.encode("utf-8")
    out = bytearray(PNG_SIGNATURE)
    for kind, body in chunks:
        if kind == b"iTXt" and body.split(b"\0", 1)[0] == PNG_KEYWORD:
            continue
        if kind == b"IEND":
            out += _png_chunk(b"iTXt", itxt)
        out += _png_chunk(kind, body)
    return bytes(out)


# --- SVG -------------------------------------------------------------------------------------


def _svg_root(text: str) -> ElementTree.Element:
    # Entity declarations are how XML bombs and external entities get in: refuse them outright.
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise BakedBadgeError("SVG badges with a DOCTYPE or entity declarations are refused")
    try:
        return ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        raise BakedBadgeError(f"the SVG image is malformed: {exc}") from None


def _from_svg(data: bytes) -> LoadedInput:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BakedBadgeError("the SVG image is not UTF-8 text") from None
    root = _svg_root(text)
    element = root.find(f".//{{{SVG_NAMESPACE}}}credential")
    if element is None:
        if root.find(".//{http://openbadges.org}assertion") is not None:
            raise BakedBadgeError(
                "this is an Open Badges 2.0 badge; only Open Badges 3.0 credentials are "
                "supported"
            )
        raise BakedBadgeError("this SVG image carries no Open Badges 3.0 credential")
    content = (element.text or "").strip()
    if not content and element.get("verify"):
        content = element.get("verify", "").strip()
    if not content:
        raise BakedBadgeError("the SVG's openbadges:credential element is empty")
    return _from_text(content.encode("utf-8"), "svg")


def bake_svg(svg: str, credential: str) -> str:
    """``svg`` with ``credential`` baked in (an ``<openbadges:credential>`` element holding
    the JSON or JWT in CDATA), replacing an earlier one."""
    _svg_root(svg)
    svg = re.sub(r"<openbadges:credential\b.*?(</openbadges:credential>|/>)", "", svg,
                 flags=re.S)
    if "]]>" in credential:
        raise BakedBadgeError("the credential cannot be placed in CDATA")
    element = f"<openbadges:credential><![CDATA[{credential}]]></openbadges:credential>"
    match = re.search(r"<svg\b[^>]*>", svg)
    if match is None or match.group(0).endswith("/>"):
        raise BakedBadgeError("not an SVG image with content")
    tag = match.group(0)
    if "xmlns:openbadges" not in tag:
        tag = tag[:-1] + f' xmlns:openbadges="{SVG_NAMESPACE}">'
    return svg[:match.start()] + tag + element + svg[match.end():]


# --- entry point -----------------------------------------------------------------------------


def load_bytes(data: bytes, *, name: str | None = None) -> LoadedInput:
    """Read ``data`` as a credential. ``name`` only improves messages."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(
            f"{name or 'the input'} is {len(data):,} bytes; credentials are read up to "
            f"{MAX_INPUT_BYTES:,} bytes"
        )
    if data.startswith(PNG_SIGNATURE):
        return _from_png(data)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        return _from_svg(data)
    if data[:1] == b"\x89" and PNG_SIGNATURE.startswith(data[:8]):
        raise BakedBadgeError("the PNG image is truncated")
    return _from_text(data, "json")
