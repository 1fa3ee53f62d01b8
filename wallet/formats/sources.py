"""Read whatever the user hands us as a credential: JSON, a compact JWT, a baked badge, an
offline QR code (its ``VP1-`` text, or an image of it) or a PDF carrying a presentation.

The kind is told by content, never by file name: ``%PDF-`` (:mod:`wallet.formats.pdfattach`),
the PNG signature (a baked badge, else a QR code), a JPEG/GIF/WebP signature (a QR code,
:mod:`wallet.formats.qrcodes`: one code per image, several refused), markup (an SVG image), a
compact JWS, ``VP1-`` (:mod:`wallet.formats.vpqr`), else JSON. Baked badges follow Open
Badges 3.0 §5.3 "Baking":

* PNG (§5.3.1): the first ``iTXt`` chunk with the keyword ``openbadgecredential``; its text is
  the credential as JSON, or the compact JWS of a VC-JWT.
* SVG (§5.3.2): the first ``<openbadges:credential>`` element (namespace
  ``https://purl.imsglobal.org/ob/v3p0``); a VC-JWT is its ``verify`` attribute, a credential with
  an embedded proof is its text (in ``<![CDATA[…]]>``).

Open Badges 2.0 (and 1.x) badges are baked as the OB 2.0 Baking Specification says, and read
here with the same bounded readers; what comes back is marked ``ob2=True`` and read further by
:mod:`wallet.ob2.reading`:

* PNG: the ``openbadges`` text chunk (``iTXt``; the pre-2.0 ``tEXt``, and ``zTXt``, inflated
  within the same bound), holding a hosted assertion's URL (``kind="url"``), an assertion as
  JSON, or a signed assertion as a compact JWS. It "MUST NOT appear in a PNG more than once":
  a PNG with two is refused. (An image that also carries an OB 3.0 credential is read as that.)
* SVG: the ``<openbadges:assertion>`` element (namespace ``http://openbadges.org``): a JWS in
  its ``verify`` attribute, else the assertion as JSON in its text, else the hosted URL in
  ``verify``. An image with two is refused.

Every failure is an :class:`~wallet.errors.InputError` subclass with a specific message; nothing
else escapes :func:`load_bytes`, whatever the bytes. Hostile input is bounded: 5 MB in, 5 MB out of
a compressed chunk, JSON read by the one strict reader (:func:`wallet.credential.load_json`:
nested at most :data:`MAX_JSON_DEPTH` deep, no duplicate keys, no over-long numbers, no unpaired
surrogates), and no XML entity declarations (so no "billion laughs" and no external entities).
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from wallet.credential import MAX_JSON_DEPTH, load_json
from wallet.crypto.multiformats import b64url_decode
from wallet.errors import (
    BakedBadgeError,
    CborldError,
    ImageError,
    InputError,
    InputTooLargeError,
    JsonLdError,
    MalformedJSONError,
    QrImageError,
    UnsupportedInputError,
    WalletError,
)
from wallet.formats.pdfattach import MAX_PDF_BYTES, attached_presentation, is_pdf
from wallet.formats.vpqr import from_vp1, is_vp1

if TYPE_CHECKING:  # the XML parsers are imported when an SVG is read
    from xml.etree import ElementTree

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_PDF_BYTES",
    "MAX_JSON_DEPTH",
    "LoadedInput",
    "load_bytes",
]

MAX_INPUT_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORD = b"openbadgecredential"
OB2_KEYWORD = b"openbadges"
SVG_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_SVG_NAMESPACE = "http://openbadges.org"
_SVG = "http://www.w3.org/2000/svg"
_MAX_CHUNK = 0x7FFFFFFF  # PNG §5.3: a chunk's length is at most 2^31 - 1
_MAX_INFLATED = MAX_INPUT_BYTES
_BOM = b"\xef\xbb\xbf"
_NOT_A_CREDENTIAL = "not a credential: expected JSON, a JWT, or a baked PNG/SVG badge"
_MAX_SNIFFED_HEADER = 64 * 1024  # a JOSE header parsed to tell a JWT (x5c chains are a few KB)

Origin = Literal["json", "jwt", "png", "svg", "vp1", "qr", "pdf"]


@dataclass(frozen=True)
class LoadedInput:
    """A credential as read: ``document`` when it is JSON, ``jwt`` when it is a compact JWS.

    ``origin`` says what carried it: ``vp1`` an offline QR code's text (``raw`` is that text),
    ``qr`` an image of such a code (or of a JSON/JWT credential), ``pdf`` a PDF's attachment.

    ``ob2``: baked as an Open Badges 2.0 badge (see the module docstring); then ``kind`` may
    also be ``"url"``, a hosted assertion's URL, given in ``raw`` (``document`` and ``jwt``
    None)."""

    kind: Literal["json", "jwt", "url"]
    origin: Origin
    document: dict[str, Any] | None
    jwt: str | None
    raw: bytes  # the credential exactly as received (JSON text or JWT), never re-serialized
    ob2: bool = False


# --- JSON and JWT ----------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")  # never in JSON text or a JWT
_JWT_SHAPE = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def _is_jwt(text: str) -> bool:
    """A compact JWS: three base64url parts, the first a JSON object with ``alg``.

    Only a sniff, so lenient (numbers are not even converted): whether the header is *valid*
    JSON is for :func:`wallet.crypto.jws.decode_jws` to say, with a message that says why."""
    if not _JWT_SHAPE.fullmatch(text):
        return False
    try:
        raw = b64url_decode(text.split(".", 1)[0])
        if len(raw) > _MAX_SNIFFED_HEADER:  # no JOSE header is this long: let decode_jws say
            return raw.lstrip()[:1] == b"{" and b'"alg"' in raw
        header = json.loads(raw, parse_int=str, parse_float=str, parse_constant=str)
    except (WalletError, ValueError, RecursionError):  # not base64url, not UTF-8, not JSON
        return False
    return isinstance(header, dict) and isinstance(header.get("alg"), str)


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    return "a number"


_WHERE = {"png": "the PNG badge", "svg": "the SVG badge"}


def _unsupported(origin: Origin, detail: str) -> InputError:
    if origin in _WHERE:
        return BakedBadgeError(
            f"the credential baked into {_WHERE[origin]} is neither JSON nor a JWT ({detail})"
        )
    return UnsupportedInputError(f"{_NOT_A_CREDENTIAL} ({detail})")


def _from_text(raw: bytes, origin: Origin) -> LoadedInput:
    """The credential in ``raw`` (UTF-8 text: a JSON object, a JWT, or a JSON string holding
    a JWT). ``raw`` of the result is the text without a byte order mark."""
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise _unsupported(origin, "the text is UTF-16; credentials are UTF-8")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _unsupported(
            origin, f"the bytes are not UTF-8 text: a bad byte at offset {exc.start}"
        ) from None
    if _CONTROL.search(text, 0, 4096):
        raise _unsupported(origin, "the bytes are binary data, not text")
    stripped = text.strip()
    if not stripped:
        raise _unsupported(origin, "it is empty")
    if _is_jwt(stripped):
        return _jwt(stripped, origin)
    if is_vp1(stripped):  # the text of an offline QR code: CBOR-LD, read within its bounds
        try:
            document = from_vp1(stripped)
        except JsonLdError as exc:  # a context not bundled: unreadable input, as the rest
            raise CborldError(
                f"the offline QR code cannot be read: {exc.message}", reason=exc.code
            ) from None
        return LoadedInput(
            "json",
            "qr" if origin == "qr" else "vp1",
            document,
            None,
            stripped.encode("ascii", "replace"),
        )
    what = f"the credential baked into {_WHERE[origin]}" if origin in _WHERE else "the credential"
    if stripped[0] not in '{["':  # not an object, array or string: say what it is instead
        if _JWT_SHAPE.fullmatch(stripped):
            raise _unsupported(
                origin, "it looks like a JWT, but its first part is not a JOSE header with 'alg'"
            )
        try:
            scalar = load_json(stripped, what=what, max_bytes=None)
        except MalformedJSONError as exc:
            if "line" not in exc.details:  # JSON, but refused (NaN, a 5,000-digit number…)
                raise
            raise _unsupported(origin, "the text is not JSON") from None
        raise _unsupported(
            origin, f"a credential is a JSON object; this JSON is {_json_kind(scalar)}"
        )
    value = load_json(text, what=what, max_bytes=MAX_INPUT_BYTES)
    if isinstance(value, str) and _is_jwt(value.strip()):
        return _jwt(value.strip(), origin)
    if not isinstance(value, dict):
        raise _unsupported(
            origin, f"a credential is a JSON object; this JSON is {_json_kind(value)}"
        )
    return LoadedInput("json", origin, value, None, body)


def _jwt(token: str, origin: Origin) -> LoadedInput:
    return LoadedInput(
        "jwt", "jwt" if origin == "json" else origin, None, token, token.encode("ascii")
    )


# --- PNG (OB 3.0 §5.3.1; PNG §5.3 chunk layout, §11.3.4.5 iTXt) -------------------------------


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """Every chunk up to IEND, each checked: length, type, checksum."""
    if not data.startswith(PNG_SIGNATURE):
        raise BakedBadgeError("not a PNG image")
    chunks: list[tuple[bytes, bytes]] = []
    pos = len(PNG_SIGNATURE)
    while True:
        if pos == len(data):
            raise BakedBadgeError("the PNG image is truncated (it ends before its IEND chunk)")
        if pos + 8 > len(data):
            raise BakedBadgeError("the PNG image is truncated (it ends inside a chunk header)")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        if not kind.isalpha():
            raise BakedBadgeError("the PNG image is damaged (a chunk has an invalid type)")
        name = kind.decode("ascii")
        if not chunks and kind != b"IHDR":
            raise BakedBadgeError("the PNG image is damaged (it does not begin with IHDR)")
        if length > _MAX_CHUNK:
            raise BakedBadgeError(
                f"the PNG image is damaged (its {name} chunk claims an impossible length)"
            )
        end = pos + 12 + length
        if end > len(data):
            raise BakedBadgeError(f"the PNG image is truncated (its {name} chunk is cut off)")
        body = data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(kind + body) != crc:
            raise BakedBadgeError(f"the PNG image is damaged (bad checksum in its {name} chunk)")
        chunks.append((kind, body))
        pos = end
        if kind == b"IEND":
            return chunks


def _keyword(body: bytes) -> bytes | None:
    """The keyword of a tEXt/zTXt/iTXt chunk (1-79 bytes before a NUL)."""
    nul = body.find(b"\0", 0, 80)
    return body[:nul] if nul > 0 else None


def _itxt_text(body: bytes, name: str = "openbadgecredential") -> bytes:
    """The text of an ``openbadgecredential`` iTXt chunk (``name``: its keyword), inflated if
    it was compressed.

    OB 3.0 says compression MUST NOT be used; compressed chunks are still read (with a bound on
    the inflated size) because the PNG format allows them and refusing helps nobody."""
    _keyword_, _, rest = body.partition(b"\0")
    if len(rest) < 2:
        raise BakedBadgeError(f"the PNG's {name} chunk is malformed")
    flag, method = rest[0], rest[1]
    _language, sep1, rest = rest[2:].partition(b"\0")
    _translated, sep2, text = rest.partition(b"\0")
    if not sep1 or not sep2 or flag not in (0, 1):
        raise BakedBadgeError(f"the PNG's {name} chunk is malformed")
    if flag == 0:
        return text
    if method != 0:
        raise BakedBadgeError(f"the PNG's {name} chunk uses an unknown compression")
    return _inflate(text)


def _inflate(text: bytes) -> bytes:
    """zlib data inflated to at most :data:`_MAX_INFLATED` bytes (a bomb is refused)."""
    inflater = zlib.decompressobj()
    try:
        inflated = inflater.decompress(text, _MAX_INFLATED + 1)
    except zlib.error:
        raise BakedBadgeError("the PNG's compressed credential is damaged") from None
    if len(inflated) > _MAX_INFLATED:
        raise InputTooLargeError(
            f"the PNG's compressed credential inflates to more than {_MAX_INFLATED:,} bytes"
        )
    if not inflater.eof:
        raise BakedBadgeError("the PNG's compressed credential is truncated")
    return inflated


def _from_png(data: bytes) -> LoadedInput:
    ob2: list[tuple[bytes, bytes]] = []
    for kind, body in _png_chunks(data):
        if kind not in (b"iTXt", b"tEXt", b"zTXt"):
            continue
        keyword = _keyword(body)
        if keyword == PNG_KEYWORD:
            if kind != b"iTXt":
                raise BakedBadgeError(
                    f"the PNG keeps its credential in a {kind.decode()} "
                    "chunk; Open Badges 3.0 uses an iTXt chunk"
                )
            return _from_text(_itxt_text(body), "png")
        if keyword == OB2_KEYWORD:
            ob2.append((kind, body))
    if len(ob2) > 1:
        raise BakedBadgeError(
            "the PNG carries two 'openbadges' chunks; an Open Badges 2.0 "
            "badge has one (Baking 2.0: it MUST NOT appear more than once)"
        )
    if ob2:
        kind, body = ob2[0]
        if kind == b"iTXt":
            text = _itxt_text(body, "openbadges")
        elif kind == b"zTXt":  # keyword, NUL, method (0: zlib), compressed Latin-1 text
            rest = body[len(OB2_KEYWORD) + 1 :]
            if rest[:1] != b"\0":
                raise BakedBadgeError("the PNG's openbadges chunk uses an unknown compression")
            text = _inflate(rest[1:])
        else:  # tEXt: Latin-1 text, in practice a pre-2.0 hosted assertion's URL
            text = body[len(OB2_KEYWORD) + 1 :]
        return _ob2_payload(text, "png")
    return _from_qr_image(
        data,
        BakedBadgeError(
            "this PNG image carries no Open Badges 3.0 credential (no iTXt chunk "
            "'openbadgecredential') and no QR code"
        ),
    )


_IMAGE_MAGIC = (b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def _is_image(data: bytes) -> bool:
    return data.startswith(_IMAGE_MAGIC) or (data[:4] == b"RIFF" and data[8:12] == b"WEBP")


def _from_qr_image(data: bytes, none_found: InputError) -> LoadedInput:
    """The credential or presentation in the one QR code of an image (an offline code's
    ``VP1-`` text, or JSON or a JWT); ``none_found`` when the image has no QR code."""
    from wallet.formats.qrcodes import read_qr

    try:
        texts = read_qr(data)
    except ImageError:
        raise
    except InputError:
        raise none_found from None
    if len(texts) > 1:
        raise QrImageError(
            f"the image holds {len(texts)} QR codes; which one is meant is not "
            "guessed: crop the image to the one code to read"
        )
    text = texts[0].strip()
    if text.startswith(("https://", "http://")):
        raise QrImageError(
            "the QR code in the image holds a link, not a credential: open the "
            "link, or give it instead of the image"
        )
    return _from_text(text.encode("utf-8", "surrogatepass"), "qr")


_OB2_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`]+", re.ASCII)


def _ob2_payload(text: bytes, origin: Origin) -> LoadedInput:
    """What an Open Badges 2.0 image carries: a hosted assertion's URL, JSON or a JWS."""
    stripped = text.strip()
    if len(stripped) <= 2048 and _OB2_URL.fullmatch(stripped.decode("latin-1")):
        return LoadedInput("url", origin, None, None, stripped, ob2=True)
    return replace(_from_text(text, origin), ob2=True)


# --- SVG (OB 3.0 §5.3.2) ---------------------------------------------------------------------

# A DOCTYPE naming an external DTD only (as SVG editors write) declares nothing and loads
# nothing here. An internal subset or an ENTITY declaration is how entity bombs and external
# entities get in: refused before any parser sees them.
_QUOTED = r"""(?:"[^"]*"|'[^']*')"""
_PLAIN_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+[^\s>\[]+(?:\s+(?:PUBLIC\s+{_QUOTED}(?:\s+{_QUOTED})?|SYSTEM\s+{_QUOTED}))?"
    r"\s*>"
)
_ANY_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(r"<!ENTITY", re.IGNORECASE)
_TAG = re.compile(rb"""<[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>""")
_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _refuse_declarations(text: str) -> None:
    if _ENTITY.search(text):
        raise BakedBadgeError(
            "SVG images with entity declarations are refused (they can hide "
            "an XML bomb or read local files)"
        )
    doctypes = _ANY_DOCTYPE.findall(text)
    if doctypes and (len(doctypes) > 1 or not _PLAIN_DOCTYPE.search(text)):
        raise BakedBadgeError(
            "SVG images whose DOCTYPE declares anything are refused (it can "
            "hide an XML bomb or read local files)"
        )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_markup(data: bytes) -> LoadedInput:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsupportedInputError(
            f"{_NOT_A_CREDENTIAL} (markup that is not UTF-8 text: a bad byte at offset {exc.start})"
        ) from None
    head = text[:2048].lower()
    if "<svg" not in head and ("<html" in head or "<!doctype html" in head):
        raise UnsupportedInputError(
            f"{_NOT_A_CREDENTIAL} (this is a web page; save the credential itself)"
        )
    _refuse_declarations(text)
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        if "<svg" in text.lower():
            raise BakedBadgeError(f"the SVG image is malformed ({exc})") from None
        raise UnsupportedInputError(
            f"{_NOT_A_CREDENTIAL} (markup that is not an SVG image)"
        ) from None
    if _local(root.tag) != "svg":
        raise UnsupportedInputError(
            f"{_NOT_A_CREDENTIAL} (an XML document whose root is "
            f"<{_local(root.tag)[:40]}>, not an SVG image)"
        )
    element = next(root.iter(f"{{{SVG_NAMESPACE}}}credential"), None)  # the first, §5.3.2.2
    if element is None:
        assertions = list(root.iter(f"{{{OB2_SVG_NAMESPACE}}}assertion"))
        if len(assertions) > 1:
            raise BakedBadgeError(
                "the SVG carries two <openbadges:assertion> elements; an "
                "Open Badges 2.0 badge has one"
            )
        if assertions:
            return _from_ob2_svg(assertions[0])
        raise BakedBadgeError(
            "this SVG image carries no Open Badges 3.0 credential (no "
            "<openbadges:credential> element)"
        )
    verify = (element.get("verify") or "").strip()
    if verify:  # VC-JWT: the compact JWS is the verify attribute
        if not _is_jwt(verify):
            raise BakedBadgeError(
                "the verify attribute of <openbadges:credential> is not a compact JWS"
            )
        return _jwt(verify, "svg")
    content = "".join(element.itertext()).strip()  # embedded proof: JSON in CDATA
    if not content:
        raise BakedBadgeError("the SVG's <openbadges:credential> element is empty")
    return _from_text(content.encode("utf-8"), "svg")


def _from_ob2_svg(element: ElementTree.Element) -> LoadedInput:
    """Open Badges 2.0 Baking, SVG: a JWS in ``verify``, else the assertion (JSON) in the
    element's text, else the hosted assertion's URL in ``verify``."""
    verify = (element.get("verify") or "").strip()
    if _is_jwt(verify):
        return replace(_jwt(verify, "svg"), ob2=True)
    content = "".join(element.itertext()).strip()
    if content:
        return _ob2_payload(content.encode("utf-8"), "svg")
    if verify:
        return _ob2_payload(verify.encode("utf-8"), "svg")
    raise BakedBadgeError("the SVG's <openbadges:assertion> element is empty")


# --- entry point -----------------------------------------------------------------------------


def load_bytes(data: bytes, *, name: str | None = None) -> LoadedInput:
    """Read ``data`` as a credential or presentation: JSON, a compact JWS, a baked PNG/SVG
    badge, the ``VP1-`` text of an offline QR code, an image of one QR code holding such a text
    (or JSON, or a JWT), or a PDF carrying a presentation as its one attachment
    (:mod:`wallet.formats.pdfattach`; up to :data:`MAX_PDF_BYTES`, everything else up to
    :data:`MAX_INPUT_BYTES`).

    ``name`` (a file name, say) only improves messages; the kind is told by content."""
    if isinstance(data, (bytearray, memoryview)):
        data = bytes(data)
    if is_pdf(data):  # a PDF: the presentation it carries as its one attachment
        if len(data) > MAX_PDF_BYTES:
            raise InputTooLargeError(
                f"{name or 'the PDF'} is {len(data):,} bytes; PDFs are "
                f"read up to {MAX_PDF_BYTES:,} bytes"
            )
        attachment = attached_presentation(data)
        return replace(_from_text(attachment.data, "json"), origin="pdf")
    if len(data) > MAX_INPUT_BYTES:
        raise InputTooLargeError(
            f"{name or 'the input'} is {len(data):,} bytes; credentials are read up to "
            f"{MAX_INPUT_BYTES:,} bytes"
        )
    if data.startswith(PNG_SIGNATURE):
        return _from_png(data)
    if _is_image(data):  # JPEG, GIF, WebP: a photo of a QR code
        return _from_qr_image(data, QrImageError("no QR code was found in the image"))
    if data.startswith(b"\x89PNG") or (data and PNG_SIGNATURE.startswith(data[:8])):
        raise BakedBadgeError(
            "the PNG image is damaged (its signature is truncated or altered, "
            "as when a file is copied as text)"
        )
    if data[:2048].lstrip(_BOM + b" \t\r\n").startswith(b"<"):
        return _from_markup(data)
    return _from_text(data, "json")
