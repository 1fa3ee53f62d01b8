"""Baking an Open Badges 2.0 badge into its image, as the OB 2.0 Baking Specification says (the
reading side is :mod:`wallet.formats.sources`):

* **PNG**: one ``iTXt`` chunk with the keyword ``openbadges``, uncompressed, right after
  ``IHDR``, holding what the badge is — the assertion's JSON, a signed assertion's compact JWS,
  or a hosted assertion's URL. An earlier ``openbadges`` chunk (``iTXt``, or the pre-2.0
  ``tEXt`` and ``zTXt``) is replaced: the chunk "MUST NOT appear in a PNG more than once".
  Every other chunk is kept byte for byte.
* **SVG**: one ``<openbadges:assertion>`` element (namespace ``http://openbadges.org``) right
  after the ``<svg>`` tag: a JWS, or a hosted assertion's URL, in its ``verify`` attribute; an
  assertion's JSON in CDATA, with its hosted URL (the assertion's ``id``) in ``verify``. An
  earlier one is replaced; the rest of the image is kept as it was.

What is baked must read back as an Open Badges 2.0 badge (:func:`wallet.formats.sources.load_bytes`
gives the same text back, marked ``ob2``); anything else is refused with
:class:`~wallet.errors.BakedBadgeError`.
"""

from __future__ import annotations

from wallet.credential import load_json
from wallet.errors import BakedBadgeError, InputError, InputTooLargeError
from wallet.formats.baking import _cdata, _placed, _png_chunk, _svg_layout
from wallet.formats.sources import (
    _OB2_URL,
    _SVG,
    _XML_ILLEGAL,
    MAX_INPUT_BYTES,
    OB2_KEYWORD,
    OB2_SVG_NAMESPACE,
    PNG_SIGNATURE,
    _is_jwt,
    _keyword,
    _png_chunks,
    _refuse_declarations,
)

__all__ = ["bake_ob2_png", "bake_ob2_svg"]

_TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")


def _payload(payload: str | bytes) -> str:
    """What is baked, as text, refused unless it is a URL, a compact JWS or a JSON object."""
    if isinstance(payload, bytes):
        try:
            payload = payload.decode("utf-8")
        except UnicodeDecodeError:
            raise BakedBadgeError("what is to be baked is not UTF-8 text") from None
    if not isinstance(payload, str):
        raise BakedBadgeError("what is to be baked must be text (a URL, JSON or a JWS)")
    text = payload.strip()
    if len(text) <= 2048 and _OB2_URL.fullmatch(text):
        return text
    if _is_jwt(text):
        return text
    try:
        value = load_json(text, what="the assertion to bake", max_bytes=MAX_INPUT_BYTES)
    except InputError:
        value = None
    if not isinstance(value, dict):
        raise BakedBadgeError(
            "an Open Badges 2.0 image carries an assertion's URL, its JSON or "
            "a signed assertion (JWS)"
        )
    return payload


def bake_ob2_png(png: bytes, payload: str | bytes) -> bytes:
    """``png`` with ``payload`` (an assertion's URL, JSON or JWS) in one uncompressed
    ``openbadges`` iTXt chunk right after IHDR (module docstring)."""
    text = _payload(payload).encode("utf-8")
    itxt = _png_chunk(b"iTXt", OB2_KEYWORD + b"\0\0\0\0\0" + text)
    out = bytearray(PNG_SIGNATURE)
    for kind, body in _png_chunks(bytes(png)):
        if kind in _TEXT_CHUNKS and _keyword(body) == OB2_KEYWORD:
            continue
        out += _png_chunk(kind, body)
        if kind == b"IHDR":
            out += itxt
    if len(out) > MAX_INPUT_BYTES:
        raise InputTooLargeError(f"the baked image would be larger than {MAX_INPUT_BYTES:,} bytes")
    return bytes(out)


def _attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    )


def bake_ob2_svg(svg: str, payload: str | bytes, *, hosted_url: str | None = None) -> str:
    """``svg`` with ``payload`` baked in one ``<openbadges:assertion>`` element right after
    the ``<svg>`` tag (module docstring); ``hosted_url``: the ``verify`` attribute beside an
    assertion's JSON."""
    text = _payload(payload)
    if _XML_ILLEGAL.search(text):
        raise BakedBadgeError("the assertion holds characters that XML cannot carry")
    if not isinstance(svg, str):
        raise BakedBadgeError("the SVG image must be given as text")
    _refuse_declarations(svg)
    try:
        data = svg.encode("utf-8")
    except UnicodeEncodeError:
        raise BakedBadgeError("the SVG image is not valid Unicode text") from None
    layout = _svg_layout(data, f"{OB2_SVG_NAMESPACE}}}assertion")
    if layout.root_name != f"{{{_SVG}}}svg":
        raise BakedBadgeError("not an SVG image (its root element is not <svg>)")
    declared = layout.root_prefixes.get("openbadges")
    local_ns = (
        "" if declared in (None, OB2_SVG_NAMESPACE) else f' xmlns:openbadges="{OB2_SVG_NAMESPACE}"'
    )
    stripped = text.strip()
    if _is_jwt(stripped) or _OB2_URL.fullmatch(stripped):
        element = (
            f'<openbadges:assertion{local_ns} verify="{_attribute(stripped)}">'
            "</openbadges:assertion>"
        )
    else:
        verify = (
            f' verify="{_attribute(hosted_url)}"'
            if hosted_url and _OB2_URL.fullmatch(hosted_url)
            else ""
        )
        element = f"<openbadges:assertion{local_ns}{verify}>{_cdata(text)}</openbadges:assertion>"
    return _placed(data, layout, element, OB2_SVG_NAMESPACE if declared is None else None)
