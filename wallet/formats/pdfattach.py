"""The signed presentation a PDF carries as a file attachment (ISO 32000-1 §7.11.4 "Embedded
File Streams"), as the wallet's PDFs carry it — read with the bounds of every other input.

A PDF comes from anyone, so before anything is decoded:

* the file is at most :data:`MAX_PDF_BYTES`; an encrypted PDF is refused (nothing the wallet
  writes is encrypted, and no password is asked);
* pypdf parses it under a tight configuration (:func:`_limits`): every stream it inflates stops
  at :data:`MAX_ATTACHMENT_BYTES` (a compressed-stream bomb — a few KB that inflate to
  gigabytes — is refused, not decoded), arrays and dictionaries are bounded, name trees shallow;
* a PDF with **active content** — JavaScript (a ``/JavaScript`` name anywhere in the file, a
  ``/Names`` JavaScript tree, an action of type JavaScript), or an action that launches a
  program, submits a form or imports data, at open or on a page or annotation — is refused
  (:class:`~wallet.errors.PdfActiveContentError`): the wallet writes none, and a PDF that has
  them was made to attack the reader that opens it;
* exactly **one** attachment is read: the embedded files of the document's name tree and the
  file-attachment annotations of its pages, counted together. None, or two or more, is refused
  (:class:`~wallet.errors.PdfAttachmentError`) — which of two files is "the" presentation is
  not guessed, as a second could be slipped in beside the one its author attached;
* the attachment's declared size and its inflated size are at most
  :data:`MAX_ATTACHMENT_BYTES` (:class:`~wallet.errors.InputTooLargeError`); only unfiltered or
  ``FlateDecode`` streams are read; a ``/CheckSum`` (MD5, §7.11.4.2) that does not match is
  refused as damage.

What comes back is the attachment's bytes; :func:`wallet.formats.sources.load_bytes` reads them
as any JSON input (depth, keys, numbers) and the verifier decides what they prove: nothing in the
PDF's pages — its text, its colours, its QR codes — is evidence of anything.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Final

from wallet.errors import (
    InputTooLargeError,
    PdfActiveContentError,
    PdfAttachmentError,
    PdfError,
    WalletError,
)

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "MAX_PDF_BYTES",
    "PDF_MAGIC",
    "Attachment",
    "attached_presentation",
    "is_pdf",
]

PDF_MAGIC: Final = b"%PDF-"
MAX_PDF_BYTES: Final = 20 * 1024 * 1024
"""The largest PDF read (a record of dozens of credentials, each with its picture, is a few
MB)."""
MAX_ATTACHMENT_BYTES: Final = 5 * 1024 * 1024
"""The largest attachment read, declared or inflated: the bound of every other input
(:data:`wallet.formats.sources.MAX_INPUT_BYTES`)."""
_ACTIVE_ACTIONS: Final = {
    "/JavaScript": "JavaScript",
    "/Launch": "an action that launches a program",
    "/SubmitForm": "an action that submits a form",
    "/ImportData": "an action that imports data",
    "/Rendition": "JavaScript (a rendition action)",
}
_JAVASCRIPT_NAME: Final = re.compile(rb"/JavaScript(?![A-Za-z0-9#_.-])|/J#61vaScript")
_MAX_PAGES_SCANNED: Final = 2000
_MAX_ANNOTATIONS: Final = 20_000


@dataclass(frozen=True)
class Attachment:
    """The file a PDF carries: its ``name``, ``media_type`` (as the PDF declares it; None when
    it declares none) and ``data``."""

    name: str
    media_type: str | None
    data: bytes


def is_pdf(data: bytes) -> bool:
    """Whether ``data`` is a PDF: ``%PDF-`` in its first 1024 bytes (ISO 32000-1 allows
    bytes before it, as some mail programs prepend)."""
    return PDF_MAGIC in data[:1024]


def _limits() -> Any:
    from pypdf import apply_configuration

    bound = MAX_ATTACHMENT_BYTES + 1
    return apply_configuration(
        maximum_declared_stream_length=MAX_PDF_BYTES,
        array_based_stream_maximum_output_length=bound,
        array_maximum_element_count=20_000,
        dictionary_maximum_element_count=20_000,
        jbig2_maximum_output_length=bound,
        lzw_maximum_output_length=bound,
        run_length_maximum_output_length=bound,
        zlib_maximum_output_length=bound,
        zlib_maximum_recovery_input_length=bound,
        brotli_maximum_output_length=bound,
        stream_filters_maximum_length=4,
        stream_decoding_work_maximum_length=4 * bound,
        image_maximum_buffer_size=bound,
        xmp_maximum_input_length=bound,
        outline_maximum_entries=10_000,
        outline_maximum_depth=32,
        page_tree_maximum_entries=10_000,
        page_tree_maximum_depth=32,
        page_tree_maximum_page_entries=100_000,
        named_destinations_maximum_entries=10_000,
        named_destinations_maximum_depth=32,
        form_fields_maximum_entries=10_000,
        form_fields_maximum_depth=32,
        jbig2dec_binary=None,
    )


def _name(value: Any) -> str | None:
    return str(value) if value is not None else None


def _get(obj: Any, key: str) -> Any:
    try:
        value = obj.get(key) if hasattr(obj, "get") else None
        return value.get_object() if value is not None and hasattr(value, "get_object") else value
    except (AttributeError, TypeError):
        return None


def _actions(action: Any, depth: int = 0) -> Iterator[str]:
    """The types (``/S``) of an action and of the actions it chains (``/Next``)."""
    action = action.get_object() if hasattr(action, "get_object") else action
    if depth > 16 or not hasattr(action, "get"):
        return
    kind = _name(_get(action, "/S"))
    if kind:
        yield kind
    chained = _get(action, "/Next")
    for item in chained if isinstance(chained, list) else [chained] if chained else []:
        yield from _actions(item, depth + 1)


def _trigger_actions(holder: Any) -> Iterator[str]:
    """The actions an object triggers: ``/A``, ``/OpenAction`` and every ``/AA`` entry."""
    for key in ("/A", "/OpenAction"):
        found = _get(holder, key)
        if found is not None and hasattr(found, "get"):
            yield from _actions(found)
    additional = _get(holder, "/AA")
    if additional is not None and hasattr(additional, "values"):
        for value in list(additional.values())[:32]:
            yield from _actions(value)


def _refuse_active(reader: Any, data: bytes) -> None:
    found: str | None = None
    if _JAVASCRIPT_NAME.search(data):
        found = "JavaScript"
    root = reader.trailer["/Root"].get_object()
    names = _get(root, "/Names")
    if found is None and names is not None and _get(names, "/JavaScript") is not None:
        found = "JavaScript"
    if (
        found is None
        and _get(root, "/AcroForm") is not None
        and _get(_get(root, "/AcroForm"), "/XFA") is not None
    ):
        found = "an XFA form (it can run scripts)"
    kinds = list(_trigger_actions(root))
    for number, page in enumerate(reader.pages):
        if number >= _MAX_PAGES_SCANNED or found is not None:
            break
        kinds += _trigger_actions(page)
        for annotation in (_get(page, "/Annots") or [])[:_MAX_ANNOTATIONS]:
            kinds += _trigger_actions(annotation.get_object())
    for kind in kinds:
        if kind in _ACTIVE_ACTIONS and found is None:
            found = _ACTIVE_ACTIONS[kind]
    if found is not None:
        raise PdfActiveContentError(
            f"the PDF holds {found}; PDFs with active content are "
            "refused (the wallet's PDFs have none)"
        )


def _file_annotations(reader: Any) -> int:
    count = 0
    for number, page in enumerate(reader.pages):
        if number >= _MAX_PAGES_SCANNED:
            break
        for annotation in (_get(page, "/Annots") or [])[:_MAX_ANNOTATIONS]:
            if _name(_get(annotation.get_object(), "/Subtype")) == "/FileAttachment":
                count += 1
    return count


def _content(entry: Any) -> bytes:
    stream = entry._embedded_file
    filters = _get(stream, "/Filter")
    listed = filters if isinstance(filters, list) else [filters] if filters else []
    if any(_name(f) != "/FlateDecode" for f in listed) or len(listed) > 1:
        raise PdfAttachmentError(
            "the PDF's attached file is encoded in a way the wallet does "
            "not read (only plain or Flate-compressed files are read)"
        )
    declared = entry.size
    if isinstance(declared, int) and declared > MAX_ATTACHMENT_BYTES:
        raise InputTooLargeError(
            f"the PDF's attached file declares {declared:,} bytes; "
            f"attachments are read up to {MAX_ATTACHMENT_BYTES:,} bytes"
        )
    data = entry.content
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputTooLargeError(
            f"the PDF's attached file is larger than "
            f"{MAX_ATTACHMENT_BYTES:,} bytes, the most that is read"
        )
    checksum = entry.checksum  # a PDF string: pypdf may have read its bytes as text
    expected = getattr(checksum, "original_bytes", checksum)
    if isinstance(expected, str):
        expected = expected.encode("latin-1", "replace")
    # ISO 32000-1 §7.11.4.2: the MD5 of the uncompressed file; fpdf2 (to 2.8.9 at least)
    # hashes the stream as compressed, so that is accepted too
    encoded = getattr(stream, "_data", b"")
    if expected and bytes(expected) not in (
        hashlib.md5(data, usedforsecurity=False).digest(),
        hashlib.md5(encoded, usedforsecurity=False).digest(),
    ):
        raise PdfAttachmentError(
            "the PDF's attached file does not match the checksum the "
            "PDF gives for it: it was damaged or changed"
        )
    return data


def attached_presentation(data: bytes) -> Attachment:
    """The one file ``data`` (a PDF) carries — the signed presentation, as the wallet's PDFs
    carry it; refused as the module docstring says."""
    if len(data) > MAX_PDF_BYTES:
        raise InputTooLargeError(
            f"the PDF is {len(data):,} bytes; PDFs are read up to {MAX_PDF_BYTES:,} bytes"
        )
    import logging

    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError, PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings about damaged files
    try:
        with _limits():
            reader = PdfReader(
                io.BytesIO(data),
                strict=False,
                root_object_recovery_limit=1000,
                xref_stream_maximum_entries=200_000,
            )
            if reader.is_encrypted:
                raise PdfError("the PDF is encrypted; the wallet reads no encrypted PDFs")
            _refuse_active(reader, data)
            entries = list(reader.attachment_list)[:3]
            count = len(entries) + _file_annotations(reader)
            if count == 0:
                raise PdfAttachmentError(
                    "the PDF carries no attached file, so no signed presentation: it cannot be "
                    "checked by itself (ask for the signed file, or the PDF the wallet saves)"
                )
            if count > 1:
                raise PdfAttachmentError(
                    f"the PDF carries {count} attached files; the wallet's PDFs carry one, the "
                    "signed presentation, and which of several is meant is not guessed"
                )
            entry = entries[0]
            subtype = entry.subtype
            return Attachment(
                str(entry.name)[:200],
                str(subtype).lstrip("/").replace("#2F", "/") if subtype else None,
                _content(entry),
            )
    except WalletError:
        raise
    except LimitReachedError:
        raise InputTooLargeError(
            "the PDF holds more data, or larger compressed streams, than "
            "any PDF with a presentation needs; refused"
        ) from None
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
        IndexError,
        RecursionError,
        OverflowError,
        MemoryError,
        AssertionError,
        UnicodeError,
    ) as exc:
        raise PdfError(
            f"the PDF is damaged or not one the wallet can read ({type(exc).__name__})"
        ) from None
