"""Hostile offline inputs for the tests (issue 24's "Bad input"): VP1 texts, QR images, PDFs."""

from __future__ import annotations

import io
import zlib
from typing import Any

from wallet.formats import cborwire, vpqr
from wallet.formats.qrcodes import offline_qr

VC2 = "https://www.w3.org/ns/credentials/v2"


def _payload(value: Any) -> bytes:
    return bytes((0xD9, 0x05, 0x01)) + cborwire.write(value)


def _vp1(data: bytes) -> bytes:
    return (vpqr.PREFIX + vpqr.base32_encode(data)).encode()


def _two_codes(text: str) -> bytes:
    from PIL import Image

    one = Image.open(io.BytesIO(offline_qr(text).png(scale=3)))
    both = Image.new("1", (one.width * 2 + 20, one.height), 1)
    both.paste(one, (0, 0))
    both.paste(one, (one.width + 20, 0))
    out = io.BytesIO()
    both.save(out, "PNG")
    return out.getvalue()


def _changed(text: str) -> bytes:
    """One character changed in the middle of the payload."""
    at = len(text) // 2
    return (text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :]).encode()


BAD_TEXTS = {
    "a wrong base32 alphabet": lambda text: text.replace(text[20], "1", 1).encode(),
    "lower case": lambda text: text[:5].encode() + text[5:].lower().encode(),
    "a truncated payload": lambda text: text[: len(text) // 2 - 1].encode(),
    "an unknown CBOR tag": lambda _text: _vp1(bytes.fromhex("d90601a0")),
    "a term id the table does not hold": lambda _text: _vp1(_payload({0: VC2, 9998: "x"})),
    "a CBOR bomb: a huge declared length": lambda _text: _vp1(bytes.fromhex("d905015affffffff")),
    "a CBOR bomb: deep nesting": lambda _text: _vp1(
        bytes.fromhex("d90501a100") + b"\x81" * 3000 + b"\xf6"
    ),
    "a context URL the wallet does not bundle": lambda _text: _vp1(
        _payload({0: "https://evil.example/context"})
    ),
}


def _pdf(*attachments: tuple[str, bytes], action: str | None = None) -> bytes:
    """A PDF with these attachments; ``action``: an action of that type run when it opens
    (``/JavaScript``), or when its page's annotation is clicked (``/Launch``)."""
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    for name, data in attachments:
        writer.add_attachment(name, data)
    if action == "/JavaScript":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hi')"),
            }
        )
    elif action:
        link = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([]),
                NameObject("/A"): DictionaryObject(
                    {
                        NameObject("/S"): NameObject(action),
                        NameObject("/F"): TextStringObject("calc"),
                    }
                ),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _bomb_pdf(inflated: int) -> bytes:
    """One attachment whose Flate stream inflates to ``inflated`` bytes (of spaces) and says
    nothing of its size."""
    from pypdf import PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    entry = writer.add_attachment("p.json", b"{}")
    stream = entry._embedded_file
    stream._data = zlib.compress(b" " * inflated, 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Length")] = NumberObject(len(stream._data))
    if "/Params" in stream:
        del stream["/Params"]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
