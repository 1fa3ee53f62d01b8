"""CBOR-LD value codecs: how URLs, multibase values and XSD dates are written compactly.

These are the codecs of the legacy CBOR-LD processor (``@digitalcredentials/cborld`` 4.x, which
``@digitalcredentials/vpqr`` 2.x uses), written from their observable behaviour and pinned byte
for byte by ``tests/interop/test_cborld_interop.py``:

=========================  ==========================================  ======================
value (by term type)       written as                                  when
=========================  ==========================================  ======================
``http://…``/``https://…``  ``[1, rest]`` / ``[2, rest]``               the only ``:`` is the
(``@id``, ``@vocab``,                                                   scheme's and the URL
an ``@id`` or ``@type``)                                                parses (WHATWG)
``urn:uuid:…``              ``[3, 16 bytes]`` (lower-case RFC 4122      no other ``:``
                            UUID, versions 1–5, or nil), else
                            ``[3, rest]``
``did:key:…``,              ``[1025 | 1024, authority, fragment?]``,    no other ``:``
``did:v1:nym:…``            each part ``z…`` as its base58btc bytes,
                            else as text
a type or ``@vocab`` term   its term id                                 a term of the contexts
multibase (``sec:multibase``) ``b"z" + base58btc`` / ``b"M" + base64``  ``z`` or ``M``
``xsd:dateTime``            seconds since 1970 / ``[seconds, ms]``      canonical
                                                                        ``…T…Z`` / ``…T….sssZ``
``xsd:date``                seconds since 1970 at midnight              canonical ``YYYY-MM-DD``
=========================  ==========================================  ======================

Where the JavaScript codec would change a value (a base58 value with whitespace, a ``did:key``
with two ``#``, a non-canonical base64 value, a date before 1970 — which it writes as a broken
integer) or throws (a lower-case ``urn:uuid`` that is not an RFC 4122 UUID), these codecs leave
the value as text: our bytes then differ from theirs, but both decoders give the value back.
They also leave as text an ``http(s)`` URL whose host is internationalized or percent-encoded
(the JavaScript codec compresses it when its WHATWG parser accepts the host); both forms decode
to the same URL. Decoding refuses any encoded form these codecs would not write.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from typing import Any, Final

from wallet.crypto.multiformats import MAX_BASE58_CHARS, b58decode, b58encode
from wallet.errors import CborldLimitError, CborldMalformedError, KeyFormatError

__all__ = [
    "NOT_ENCODED",
    "decode_date",
    "decode_datetime",
    "decode_multibase",
    "decode_uri",
    "encode_date",
    "encode_datetime",
    "encode_multibase",
    "encode_uri",
]

NOT_ENCODED: Final = object()
"""What an ``encode_*`` function returns for a value it leaves as it is."""

XSD_DATE: Final = "http://www.w3.org/2001/XMLSchema#date"
XSD_DATETIME: Final = "http://www.w3.org/2001/XMLSchema#dateTime"
MULTIBASE: Final = "https://w3id.org/security#multibase"

_HTTP, _HTTPS, _UUID, _DID_V1, _DID_KEY = 1, 2, 3, 1024, 1025
_DID_SCHEMES: Final = {"did:v1:nym:": _DID_V1, "did:key:": _DID_KEY}
_DID_PREFIX: Final = {v: k for k, v in _DID_SCHEMES.items()}
_MAX_BASE58_BYTES: Final = MAX_BASE58_CHARS * 3 // 4
"""Bytes turned back into base58btc text at most (the conversion is quadratic): 3,072 bytes,
far above any key, signature or digest."""

_UUID_RE: Final = re.compile(
    r"(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
    r"|00000000-0000-0000-0000-000000000000)"
)
_JS_SPACE: Final = re.compile(r"[\s\ufeff]")  # what JavaScript's \s matches (and more)

# --- URLs ----------------------------------------------------------------------------------

_FORBIDDEN_HOST: Final = frozenset("\x00\t\n\r #/:<>?@[\\]^|%\x7f") | frozenset(
    chr(c) for c in range(0x20)
)


def _ipv4_number(part: str) -> int | None:
    if part == "":
        return None
    base = 10
    if part[:2] in ("0x", "0X"):
        part, base = part[2:], 16
        if part == "":
            return 0
    elif len(part) > 1 and part[0] == "0":
        part, base = part[1:], 8
    try:
        return int(part, base) if part.isascii() and part.isalnum() else None
    except ValueError:
        return None


def _ipv4_fails(host: str) -> bool:
    """WHATWG URL §3.5: a host that ends in a number is an IPv4 address, or a failure."""
    parts = host.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    last = parts[-1]
    is_number = last != "" and (
        last.isdigit()
        and last.isascii()
        or (last[:2] in ("0x", "0X") and all(c in "0123456789abcdefABCDEF" for c in last[2:]))
    )
    if not is_number:
        return False
    if len(parts) > 4:
        return True
    parsed = [_ipv4_number(p) for p in parts]
    numbers = [n for n in parsed if n is not None]
    if len(numbers) < len(parsed):
        return True
    if any(n > 255 for n in numbers[:-1]):
        return True
    return numbers[-1] >= 256 ** (5 - len(numbers))


def _http_compressible(value: str, prefix_length: int) -> bool:
    """Would a WHATWG URL parser accept this http(s) URL (one with no ``:`` after its
    scheme)? Hosts that need IDNA or percent-decoding are answered "no" (left as text)."""
    text = value.rstrip("".join(chr(c) for c in range(0x21)))
    text = text.replace("\t", "").replace("\n", "").replace("\r", "")
    rest = text[prefix_length:].lstrip("/\\")
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if host == "" or not host.isascii() or "xn--" in host.lower():
        return False
    if any(c in _FORBIDDEN_HOST for c in host):
        return False
    return not _ipv4_fails(host.lower())


def _base58_part(text: str) -> Any:
    if text.startswith("z") and len(text) <= MAX_BASE58_CHARS and not _JS_SPACE.search(text):
        try:
            return b58decode(text[1:])
        except KeyFormatError:
            pass
    return text


def encode_uri(value: Any) -> Any:
    """``value`` in its compact form, or :data:`NOT_ENCODED`."""
    if not isinstance(value, str) or ":" not in value:
        return NOT_ENCODED
    scheme = value[: value.rindex(":")]
    if scheme in ("http", "https"):
        for prefix, code in (("https://", _HTTPS), ("http://", _HTTP)):
            if value.startswith(prefix) and _http_compressible(value, len(prefix)):
                return [code, value[len(prefix) :]]
        return NOT_ENCODED
    if scheme == "urn:uuid":
        rest = value[len("urn:uuid:") :]
        if rest == rest.lower() and _UUID_RE.fullmatch(rest):
            return [_UUID, uuid.UUID(rest).bytes]
        return [_UUID, rest]
    for prefix, code in _DID_SCHEMES.items():
        if scheme == prefix[:-1]:
            parts = value[len(prefix) :].split("#")
            if len(parts) > 2:
                return NOT_ENCODED  # the JavaScript codec would drop all after a second '#'
            return [code, *(_base58_part(p) for p in parts)]
    return NOT_ENCODED


def _bytes_to_base58(data: bytes) -> str:
    if len(data) > _MAX_BASE58_BYTES:
        raise CborldLimitError(
            f"a CBOR-LD value holds {len(data):,} bytes to write as base58btc (at most "
            f"{_MAX_BASE58_BYTES:,} are)",
            limit=_MAX_BASE58_BYTES,
        )
    return b58encode(data)


def decode_uri(value: Any) -> str | None:
    """The URL of an encoded form (an array), or None when ``value`` is not one."""
    if not isinstance(value, list) or len(value) < 2 or isinstance(value[0], bool):
        return None
    code = value[0]
    if code in (_HTTP, _HTTPS):
        if len(value) == 2 and isinstance(value[1], str):
            return ("https://" if code == _HTTPS else "http://") + value[1]
        return None
    if code == _UUID:
        if len(value) != 2:
            return None
        if isinstance(value[1], str):
            return "urn:uuid:" + value[1]
        if isinstance(value[1], bytes):
            text = str(uuid.UUID(bytes=value[1])) if len(value[1]) == 16 else ""
            if not _UUID_RE.fullmatch(text):
                raise CborldMalformedError(
                    "a CBOR-LD urn:uuid holds bytes that are not an RFC 4122 UUID"
                )
            return "urn:uuid:" + text
        return None
    if code in _DID_PREFIX and len(value) <= 3:
        parts = []
        for part in value[1:]:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, bytes):
                parts.append("z" + _bytes_to_base58(part))
            else:
                raise CborldMalformedError(
                    "a CBOR-LD DID URL holds a part that is neither text nor bytes"
                )
        return _DID_PREFIX[code] + "#".join(parts)
    return None


# --- multibase -------------------------------------------------------------------------------


def encode_multibase(value: Any) -> Any:
    if not isinstance(value, str) or value[:1] not in ("z", "M"):
        return NOT_ENCODED
    if value[0] == "z":
        part = _base58_part(value)
        return b"z" + part if isinstance(part, bytes) else NOT_ENCODED
    try:
        raw = base64.b64decode(value[1:], validate=True)
    except (binascii.Error, ValueError):
        return NOT_ENCODED
    if base64.b64encode(raw).decode("ascii") != value[1:]:
        return NOT_ENCODED  # not canonical: the JavaScript codec would change it
    return b"M" + raw


def decode_multibase(value: Any) -> str | None:
    if not isinstance(value, bytes) or value[:1] not in (b"z", b"M"):
        return None
    if value[:1] == b"z":
        return "z" + _bytes_to_base58(value[1:])
    return "M" + base64.b64encode(value[1:]).decode("ascii")


# --- xsd:date and xsd:dateTime (as JavaScript's Date writes them) ------------------------------

_MAX_MS: Final = 8_640_000_000_000_000  # ECMAScript's time range, ±100,000,000 days
_DAY: Final = 86_400
_DATETIME_RE: Final = re.compile(
    r"([0-9]{4}|\+[0-9]{6})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]{3}))?Z"
)
_DATE_RE: Final = re.compile(r"([0-9]{4}|\+[0-9]{6})-([0-9]{2})-([0-9]{2})")


def _days_from_civil(y: int, m: int, d: int) -> int:
    y -= m <= 2
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = (z if z >= 0 else z - 146096) // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (m <= 2), m, d


def _year_text(year: int) -> str:
    if 0 <= year <= 9999:
        return f"{year:04d}"
    return f"{'+' if year > 0 else '-'}{abs(year):06d}"


def _iso(ms: int) -> str:
    """``new Date(ms).toISOString()``."""
    if abs(ms) > _MAX_MS:
        raise CborldMalformedError("a CBOR-LD date lies outside the range of dates")
    days, rest = divmod(ms, _DAY * 1000)
    y, m, d = _civil_from_days(days)
    secs, milli = divmod(rest, 1000)
    return (
        f"{_year_text(y)}-{m:02d}-{d:02d}T{secs // 3600:02d}:{secs // 60 % 60:02d}:"
        f"{secs % 60:02d}.{milli:03d}Z"
    )


def _epoch_seconds(match: re.Match[str], has_time: bool) -> int | None:
    """Seconds since 1970 of a canonical date (and time), None for one that does not exist
    or that JavaScript would write otherwise (``+002024``)."""
    year, month, day = (int(match.group(i)) for i in (1, 2, 3))
    if match.group(1).startswith("+") and year <= 9999:
        return None
    days = _days_from_civil(year, month, day)
    if not 1 <= month <= 12 or _civil_from_days(days) != (year, month, day):
        return None
    hours = minutes = seconds = 0
    if has_time:
        hours, minutes, seconds = (int(match.group(i)) for i in (4, 5, 6))
        if hours > 23 or minutes > 59 or seconds > 59:
            return None
    return days * _DAY + hours * 3600 + minutes * 60 + seconds


def encode_datetime(value: str) -> Any:
    """``2024-01-01T00:00:00Z`` → seconds; ``….500Z`` → ``[seconds, 500]``; else text."""
    match = _DATETIME_RE.fullmatch(value)
    if not match:
        return NOT_ENCODED
    seconds = _epoch_seconds(match, True)
    if seconds is None or seconds < 0 or seconds * 1000 > _MAX_MS:
        return NOT_ENCODED  # before 1970 the JavaScript codec writes a broken number
    millis = match.group(7)
    if millis is None:
        return seconds
    if _iso(seconds * 1000 + int(millis)) != value:
        return NOT_ENCODED
    return [seconds, int(millis)]


def encode_date(value: str) -> Any:
    match = _DATE_RE.fullmatch(value)
    if not match:
        return NOT_ENCODED
    seconds = _epoch_seconds(match, False)
    if seconds is None or seconds < 0 or seconds * 1000 > _MAX_MS:
        return NOT_ENCODED
    return seconds


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def decode_datetime(value: Any) -> str | None:
    if _int(value):
        return _iso(value * 1000).replace(".000Z", "Z")
    if isinstance(value, list) and len(value) == 2 and (_int(value[0]) or _int(value[1])):
        if not (_int(value[0]) and _int(value[1]) and 0 <= value[1] <= 999):
            raise CborldMalformedError("a CBOR-LD date and time is not [seconds, milliseconds]")
        return _iso(value[0] * 1000 + value[1])
    return None


def decode_date(value: Any) -> str | None:
    if _int(value):
        return _iso(value * 1000).split("T", 1)[0]
    return None
