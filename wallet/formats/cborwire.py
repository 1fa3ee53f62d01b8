"""CBOR (RFC 8949) for CBOR-LD: a deterministic writer and a bounded, strict reader.

The writer encodes what :mod:`wallet.formats.cborld` builds exactly as ``cborg`` (the encoder of the
JavaScript CBOR-LD libraries) does by default, so the bytes can be compared with theirs:

* integers in the shortest head (RFC 8949 §4.2.1); a float that is integral and within
  ±(2^53 − 1) — what JavaScript holds as an integer — as an integer, any other float in the
  shortest of half, single and double precision that holds it exactly (``cborg``'s test: its
  half-precision encoding of subnormals keeps one bit only, and only what survives counts);
* map entries sorted as ``cborg`` sorts them: by major type, then integers by value and
  strings by their UTF-8 length, then bytewise (the "length-first" order of RFC 7049 §3.9).

The reader decodes untrusted bytes with every bound checked *before* anything is allocated:
a declared length longer than the bytes left (each array member or map entry takes at least
one byte) is refused, nesting is bounded, and so is the number of items. It accepts only what
such an encoder writes — no indefinite lengths, no tags (the caller reads the CBOR-LD tag),
no ``undefined`` or other simple values, no NaN or infinities (not JSON), no duplicate map keys,
no non-shortest heads, strict UTF-8 — and refuses anything else with a specific error.
"""

from __future__ import annotations

import math
import struct
from typing import Any, Final

from wallet.errors import (
    CborldLimitError,
    CborldMalformedError,
    CborldTagError,
    CborldTruncatedError,
)

__all__ = ["MAX_DEPTH", "MAX_SAFE_INTEGER", "Reader", "write"]

MAX_SAFE_INTEGER: Final = 2**53 - 1
MAX_DEPTH: Final = 48
"""Nesting of arrays and maps read. A credential inside a presentation nests about a dozen
levels (presentation, credential, subject, achievement, result description, rubric level, each
a map inside an array); 48 leaves room for any real document and keeps the recursion short."""

_UINT64: Final = 2**64


# --- writing -------------------------------------------------------------------------------


def _head(major: int, value: int, out: bytearray) -> None:
    if value < 24:
        out.append(major << 5 | value)
    elif value < 0x100:
        out += bytes((major << 5 | 24, value))
    elif value < 0x10000:
        out.append(major << 5 | 25)
        out += value.to_bytes(2, "big")
    elif value < 0x100000000:
        out.append(major << 5 | 26)
        out += value.to_bytes(4, "big")
    else:
        out.append(major << 5 | 27)
        out += value.to_bytes(8, "big")


def _half_bits_like_cborg(value: float) -> int:
    """The half-precision bits ``cborg`` writes for a finite, non-zero ``value`` (taken
    through single precision first, the mantissa truncated; subnormals keep their top bit)."""
    bits = struct.unpack(">I", struct.pack(">f", value))[0]
    exponent = (bits >> 23) & 0xFF
    mantissa = bits & 0x7FFFFF
    sign = (bits >> 16) & 0x8000
    if exponent == 0xFF:
        return 0x7C00
    if exponent == 0:
        return sign | (mantissa >> 13)
    logical = exponent - 127
    if logical < -24:
        return 0
    if logical < -14:
        return sign | (1 << (24 + logical))
    return (sign | ((logical + 15) << 10) | (mantissa >> 13)) & 0xFFFF  # as setUint16 stores


def _float(value: float, out: bytearray) -> None:
    try:
        single = struct.unpack(">f", struct.pack(">f", value))[0]
    except OverflowError:  # beyond single precision
        single = None
    if single == value:
        half = _half_bits_like_cborg(value)
        if struct.unpack(">e", half.to_bytes(2, "big"))[0] == value:
            out.append(0xF9)
            out += half.to_bytes(2, "big")
            return
        out.append(0xFA)
        out += struct.pack(">f", value)
        return
    out.append(0xFB)
    out += struct.pack(">d", value)


def _sort_key(key: Any) -> tuple[int, int, bytes]:
    if isinstance(key, bool) or not isinstance(key, (int, str)):
        raise TypeError(f"a CBOR-LD map key is an integer or a string, not {type(key).__name__}")
    if isinstance(key, int):
        return (0, key, b"") if key >= 0 else (1, -1 - key, b"")
    raw = key.encode("utf-8")
    return (3, len(raw), raw)


def _write(value: Any, out: bytearray) -> None:
    if value is None:
        out.append(0xF6)
    elif value is True:
        out.append(0xF5)
    elif value is False:
        out.append(0xF4)
    elif isinstance(value, int):
        if value >= 0:
            if value >= _UINT64:
                raise ValueError("an integer over 64 bits cannot be written")
            _head(0, value, out)
        else:
            if -1 - value >= _UINT64:
                raise ValueError("an integer over 64 bits cannot be written")
            _head(1, -1 - value, out)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("NaN and infinities are not JSON")
        if value.is_integer() and abs(value) <= MAX_SAFE_INTEGER:
            _write(int(value), out)
        else:
            _float(value, out)
    elif isinstance(value, str):
        raw = value.encode("utf-8")  # a lone surrogate raises UnicodeEncodeError
        _head(3, len(raw), out)
        out += raw
    elif isinstance(value, (bytes, bytearray)):
        _head(2, len(value), out)
        out += value
    elif isinstance(value, list):
        _head(4, len(value), out)
        for item in value:
            _write(item, out)
    elif isinstance(value, dict):
        _head(5, len(value), out)
        for key in sorted(value, key=_sort_key):
            _write(key, out)
            _write(value[key], out)
    else:
        raise TypeError(f"{type(value).__name__} cannot be written as CBOR")


def write(value: Any) -> bytes:
    """``value`` (None, bool, int, float, str, bytes, list, dict) as deterministic CBOR.

    Raises ``ValueError``/``TypeError``/``UnicodeEncodeError`` for what CBOR-LD cannot carry;
    :mod:`wallet.formats.cborld` turns those into its own error before they reach anyone."""
    out = bytearray()
    _write(value, out)
    return bytes(out)


# --- reading -------------------------------------------------------------------------------


class Reader:
    """Reads CBOR items from ``data`` starting at ``pos``, within the bounds given."""

    def __init__(
        self, data: bytes, pos: int = 0, *, max_depth: int = MAX_DEPTH, max_items: int | None = None
    ) -> None:
        self.data = data
        self.pos = pos
        self.max_depth = max_depth
        self.items_left = len(data) if max_items is None else max_items

    def _need(self, count: int) -> None:
        if self.pos + count > len(self.data):
            raise CborldTruncatedError(
                f"the CBOR-LD data ends early: {count:,} more byte(s) needed at offset "
                f"{self.pos:,} of {len(self.data):,}",
                offset=self.pos,
            )

    def _argument(self, info: int) -> int:
        if info < 24:
            return info
        if info > 27:
            if info == 31:
                raise CborldMalformedError(
                    "the CBOR-LD data uses an indefinite length, which no CBOR-LD encoder "
                    f"writes (offset {self.pos - 1:,})",
                    offset=self.pos - 1,
                )
            raise CborldMalformedError(
                f"the CBOR-LD data holds a reserved CBOR code (offset {self.pos - 1:,})",
                offset=self.pos - 1,
            )
        size = 1 << (info - 24)
        self._need(size)
        value = int.from_bytes(self.data[self.pos : self.pos + size], "big")
        self.pos += size
        if value < (24 if size == 1 else 1 << (4 * size)):
            raise CborldMalformedError(
                f"the CBOR-LD data writes a number in more bytes than it needs "
                f"(offset {self.pos - size - 1:,}), which no CBOR-LD encoder does",
                offset=self.pos - size - 1,
            )
        return value

    def _length(self, value: int, per_item: int, what: str) -> int:
        left = len(self.data) - self.pos
        if value * per_item > left:
            if value * per_item > len(self.data):
                raise CborldLimitError(
                    f"the CBOR-LD data declares {what} of {value:,} where only {left:,} "
                    "byte(s) are left: a length that cannot be true (refused before "
                    "anything was allocated)",
                    declared=value,
                    available=left,
                )
            raise CborldTruncatedError(
                f"the CBOR-LD data ends early: {what} of {value:,} declared, {left:,} "
                f"byte(s) left at offset {self.pos:,}",
                offset=self.pos,
            )
        return value

    def read(self, depth: int = 0) -> Any:
        """The next item (int, float, str, bytes, list, dict, bool or None)."""
        self.items_left -= 1
        if self.items_left < 0:
            raise CborldLimitError("the CBOR-LD data holds more items than it has bytes")
        start = self.pos
        if start >= len(self.data):
            self._need(1)
        initial = self.data[start]
        self.pos = start + 1
        major, info = initial >> 5, initial & 0x1F
        if major == 7:
            return self._simple(info, start)
        value = info if info < 24 else self._argument(info)
        if major == 0:
            return value
        if major == 1:
            return -1 - value
        if major in (2, 3):
            size = self._length(value, 1, "a string")
            raw = self.data[self.pos : self.pos + size]
            self.pos += size
            if major == 2:
                return bytes(raw)
            try:
                return bytes(raw).decode("utf-8")
            except UnicodeDecodeError:
                raise CborldMalformedError(
                    f"the CBOR-LD data holds text that is not UTF-8 (offset {start:,})",
                    offset=start,
                ) from None
        if major == 6:
            raise CborldTagError(
                f"the CBOR-LD data holds a CBOR tag ({value}) inside it (offset {start:,}); "
                "CBOR-LD uses none",
                tag=value,
                offset=start,
            )
        if depth >= self.max_depth:
            raise CborldLimitError(
                f"the CBOR-LD data nests deeper than {self.max_depth} levels", limit=self.max_depth
            )
        if major == 4:
            count = self._length(value, 1, "an array")
            return [self.read(depth + 1) for _ in range(count)]
        count = self._length(value, 2, "a map")
        out: dict[Any, Any] = {}
        for _ in range(count):
            at = self.pos
            key = self.read(depth + 1)
            if isinstance(key, bool) or not isinstance(key, (int, str)):
                raise CborldMalformedError(
                    f"a CBOR-LD map key is neither a number nor text (offset {at:,})", offset=at
                )
            if key in out:
                raise CborldMalformedError(
                    f"a CBOR-LD map holds the same key twice (offset {at:,})", offset=at
                )
            out[key] = self.read(depth + 1)
        return out

    def _simple(self, info: int, start: int) -> Any:
        if info == 20:
            return False
        if info == 21:
            return True
        if info == 22:
            return None
        if info in (25, 26, 27):
            size = 1 << (info - 24)
            self._need(size)
            raw = bytes(self.data[self.pos : self.pos + size])
            self.pos += size
            number = struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], raw)[0]
            if not math.isfinite(number):
                raise CborldMalformedError(
                    f"the CBOR-LD data holds NaN or an infinity, which JSON cannot "
                    f"(offset {start:,})",
                    offset=start,
                )
            return number
        raise CborldMalformedError(
            f"the CBOR-LD data holds a CBOR simple value ({info}) that JSON has no "
            f"equivalent for (offset {start:,})",
            offset=start,
        )
