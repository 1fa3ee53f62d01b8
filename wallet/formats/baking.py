"""Baking a credential into a badge image (OB 3.0 §5.3): a PNG's ``openbadgecredential`` iTXt
chunk right after IHDR, an SVG's ``<openbadges:credential>`` element right after the ``<svg>``
tag — every other byte kept. What is baked is refused unless
:func:`~wallet.formats.sources.load_bytes` would read it back; the SVG's layout is found by
expat (:func:`_svg_layout`, also used by :mod:`wallet.formats.ob2baking`), never by a pattern
over the markup."""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from typing import Any

from wallet.errors import BakedBadgeError, InputTooLargeError
from wallet.formats.sources import (
    _SVG,
    _TAG,
    _XML_ILLEGAL,
    MAX_INPUT_BYTES,
    PNG_KEYWORD,
    PNG_SIGNATURE,
    SVG_NAMESPACE,
    _from_text,
    _is_jwt,
    _keyword,
    _png_chunks,
    _refuse_declarations,
)

__all__ = ["bake_png", "bake_svg"]


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _checked_credential(credential: str) -> bytes:
    """``credential`` as UTF-8, refused unless :func:`load_bytes` would read it back."""
    if not isinstance(credential, str):
        raise BakedBadgeError("the credential to bake must be text (JSON or a JWT)")
    try:
        encoded = credential.encode("utf-8")
    except UnicodeEncodeError:
        raise BakedBadgeError("the credential to bake is not valid Unicode text") from None
    _from_text(encoded, "json")
    return encoded


def bake_png(png: bytes, credential: str) -> bytes:
    """``png`` with ``credential`` (JSON text or a compact JWS) in an uncompressed
    ``openbadgecredential`` iTXt chunk right after IHDR; an earlier credential is replaced.
    Every other chunk is kept byte for byte."""
    text = _checked_credential(credential)
    itxt = _png_chunk(b"iTXt", PNG_KEYWORD + b"\0\0\0\0\0" + text)
    out = bytearray(PNG_SIGNATURE)
    for kind, body in _png_chunks(bytes(png)):
        if kind == b"iTXt" and _keyword(body) == PNG_KEYWORD:
            continue
        out += _png_chunk(kind, body)
        if kind == b"IHDR":
            out += itxt
    if len(out) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"the baked image would be larger than {MAX_INPUT_BYTES:,} bytes")
    return bytes(out)


# --- SVG (OB 3.0 §5.3.2) ---------------------------------------------------------------------


@dataclass
class _SvgLayout:
    root_tag: tuple[int, int]  # byte span of the root start tag
    root_name: str  # "{namespace}local"
    root_prefixes: dict[str, str]  # namespace prefixes declared on the root
    credentials: list[tuple[int, int]]  # byte spans of the outermost credential elements


def _svg_layout(data: bytes, element: str = f"{SVG_NAMESPACE}}}credential") -> _SvgLayout:
    """Where things are in an SVG's bytes, found by expat (so CDATA, comments and quoted ``>``
    cannot mislead a pattern); ``element`` (``namespace}local``): the baked element whose
    spans are wanted."""
    from xml.parsers import expat

    parser = expat.ParserCreate(encoding="UTF-8", namespace_separator="}")
    credential_name = element
    state: dict[str, Any] = {"depth": 0, "root": None, "name": "", "open": []}
    prefixes: dict[str, str] = {}
    spans: list[tuple[int, int]] = []

    def tag_end(at: int) -> int:
        match = _TAG.match(data, at)
        if match is None:  # expat accepted it, so this cannot happen; refuse rather than guess
            raise BakedBadgeError("the SVG image could not be laid out")
        return match.end()

    def on_namespace(prefix: str | None, uri: str) -> None:
        if state["depth"] == 0:
            prefixes[prefix or ""] = uri

    def on_start(name: str, _attrs: dict[str, str]) -> None:
        at = parser.CurrentByteIndex
        end = tag_end(at)
        if state["depth"] == 0:
            state["root"], state["name"] = (at, end), ("{" + name if "}" in name else name)
        if name == credential_name:
            if data[end - 2 : end] == b"/>":
                if not state["open"]:
                    spans.append((at, end))
            else:
                state["open"].append(at)
        state["depth"] += 1

    def on_end(name: str) -> None:
        state["depth"] -= 1
        if name == credential_name and state["open"]:
            at = parser.CurrentByteIndex
            start = state["open"].pop()
            if data[at : at + 2] == b"</" and not state["open"]:
                spans.append((start, tag_end(at)))

    def refuse(*_args: Any) -> None:
        raise BakedBadgeError("SVG images with entity declarations are refused")

    parser.StartNamespaceDeclHandler = on_namespace
    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise BakedBadgeError(f"the SVG image is malformed ({exc})") from None
    if state["root"] is None:
        raise BakedBadgeError("the SVG image has no root element")
    return _SvgLayout(state["root"], state["name"], prefixes, spans)


def _cdata(text: str) -> str:
    # "]]>" cannot appear inside CDATA: end the section there and start another.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(svg: str, credential: str) -> str:
    """``svg`` with ``credential`` baked in, per OB 3.0 §5.3.2.1: an ``<openbadges:credential>``
    element directly after the ``<svg>`` tag, holding a VC-JWT in its ``verify`` attribute or
    JSON in CDATA. An earlier credential element is replaced; the rest is kept as it was."""
    encoded = _checked_credential(credential)
    text = encoded.decode("utf-8")
    if _XML_ILLEGAL.search(text):
        raise BakedBadgeError("the credential holds characters that XML cannot carry")
    if not isinstance(svg, str):
        raise BakedBadgeError("the SVG image must be given as text")
    _refuse_declarations(svg)
    try:
        data = svg.encode("utf-8")
    except UnicodeEncodeError:
        raise BakedBadgeError("the SVG image is not valid Unicode text") from None
    layout = _svg_layout(data)
    if layout.root_name != f"{{{_SVG}}}svg":
        raise BakedBadgeError("not an SVG image (its root element is not <svg>)")
    declared = layout.root_prefixes.get("openbadges")
    local_ns = "" if declared in (None, SVG_NAMESPACE) else f' xmlns:openbadges="{SVG_NAMESPACE}"'
    stripped = text.strip()
    if _is_jwt(stripped):
        element = f'<openbadges:credential{local_ns} verify="{stripped}"></openbadges:credential>'
    else:
        element = f"<openbadges:credential{local_ns}>{_cdata(text)}</openbadges:credential>"
    return _placed(data, layout, element, SVG_NAMESPACE if declared is None else None)


def _placed(data: bytes, layout: _SvgLayout, element: str, declare: str | None) -> str:
    """The SVG ``data`` with the credentials ``layout`` found taken out and ``element`` put
    first inside its root (a self-closing root opened for it), the ``openbadges`` prefix
    declared on the root for the namespace ``declare`` when given."""
    out = bytearray(data)
    for start, end in sorted(layout.credentials, reverse=True):
        del out[start:end]
    start, end = layout.root_tag
    tag = data[start:end].decode("utf-8")
    if declare is not None:
        tag = re.sub(r"\s*(/?>)$", rf' xmlns:openbadges="{declare}"\1', tag)
    if tag.endswith("/>"):
        qname = re.match(r"<\s*([^\s/>]+)", tag)
        tag = f"{tag[:-2].rstrip()}>{element}</{qname.group(1) if qname else 'svg'}>"
    else:
        tag += element
    out[start:end] = tag.encode("utf-8")
    return out.decode("utf-8")
