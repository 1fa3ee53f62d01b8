"""``VP1-B…``: a presentation as the text of an offline QR code, as ``@digitalcredentials/vpqr``.

The text is ``VP1-`` (the format's version), ``B`` (the multibase code of RFC 4648 base32, upper
case) and the base32 of the presentation's CBOR-LD (:mod:`wallet.formats.cborld`), without padding —
every character in the QR alphanumeric set, so the code stays small. This is what the DCC
Learner Credential Wallet scans (it pins ``vpqr`` 2.2.1).

Reading is strict and bounded: text other than ``VP1-B`` followed by base32 (a lower-case
letter, a ``0``/``1``/``8``/``9``, padding, a length no byte string has, bits left over at the
end) is refused with :class:`~wallet.errors.Vp1TextError` before anything is decoded; a text
longer than the largest payload read (:data:`MAX_VP1_CHARS`) with
:class:`~wallet.errors.CborldLimitError`; then :func:`wallet.formats.cborld.decode` refuses what it
cannot read. A changed character that still decodes changes the presentation, whose proofs then
fail: nothing here trusts what it read — verify it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from typing import Any, Final

from wallet.errors import CborldLimitError, Vp1TextError
from wallet.formats import cborld
from wallet.ld.jsonld import DocumentLoader

__all__ = [
    "MAX_VP1_CHARS",
    "PREFIX",
    "base32_decode",
    "base32_encode",
    "from_vp1",
    "is_vp1",
    "to_vp1",
]

PREFIX: Final = "VP1-B"
MAX_VP1_CHARS: Final = len(PREFIX) + (cborld.MAX_CBORLD_BYTES * 8 + 4) // 5
_NOT_BASE32: Final = re.compile(r"[^A-Z2-7]")


def base32_encode(data: bytes) -> str:
    """RFC 4648 base32, upper case, without padding."""
    return base64.b32encode(data).decode("ascii").rstrip("=")


def base32_decode(text: str) -> bytes:
    """The bytes of unpadded upper-case RFC 4648 base32 ``text``, or :class:`Vp1TextError`."""
    bad = _NOT_BASE32.search(text)
    if bad:
        shown = repr(bad.group())
        raise Vp1TextError(
            f"the VP1 text holds {shown} at position {bad.start() + len(PREFIX)}, "
            "which is not a base32 character (A–Z, 2–7)",
            position=bad.start() + len(PREFIX),
        )
    if len(text) % 8 in (1, 3, 6):
        raise Vp1TextError(
            f"the VP1 text's payload has {len(text):,} characters, a length no "
            "bytes encode to: it was cut short or has a character too many"
        )
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except (binascii.Error, ValueError):  # pragma: no cover - excluded by the checks above
        raise Vp1TextError("the VP1 text's payload is not base32") from None
    if base32_encode(data) != text:
        raise Vp1TextError(
            "the VP1 text's last character carries bits no encoder writes: it was changed"
        )
    return data


def is_vp1(text: str) -> bool:
    """Whether ``text`` looks like a VP1 text (a reader deciding what it was given)."""
    return text.strip().startswith("VP1-")


def to_vp1(document: Mapping[str, Any], *, loader: DocumentLoader | None = None) -> str:
    """The ``VP1-B…`` text of ``document`` (a presentation; any JSON-LD object works)."""
    return PREFIX + base32_encode(cborld.encode(document, loader=loader))


def from_vp1(text: str, *, loader: DocumentLoader | None = None) -> dict[str, Any]:
    """The document of a ``VP1-B…`` text (surrounding whitespace is ignored). Unverified."""
    if not isinstance(text, str):
        raise Vp1TextError("a VP1 text is text")
    if len(text) > MAX_VP1_CHARS + 1024:
        raise CborldLimitError(
            f"the VP1 text has {len(text):,} characters (at most {MAX_VP1_CHARS:,} are read)",
            limit=MAX_VP1_CHARS,
        )
    text = text.strip()
    if not text.startswith("VP1-"):
        raise Vp1TextError("the text does not start with VP1-: it is not a VP1 code")
    if not text.startswith(PREFIX):
        raise Vp1TextError("the VP1 text's payload is not base32 (it must start with VP1-B)")
    if len(text) > MAX_VP1_CHARS:
        raise CborldLimitError(
            f"the VP1 text has {len(text):,} characters (at most {MAX_VP1_CHARS:,} are read)",
            limit=MAX_VP1_CHARS,
        )
    return cborld.decode(base32_decode(text[len(PREFIX) :]), loader=loader)
