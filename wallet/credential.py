"""Reading a credential: the few readers every core module shares, written once.

Pure functions, no I/O:

* :func:`load_json` — strict JSON (RFC 8259) for anything that comes from outside: duplicate
  keys, ``NaN``/``Infinity``, nesting deeper than :data:`MAX_JSON_DEPTH`, input larger than
  :data:`MAX_JSON_BYTES`, number literals longer than :data:`MAX_NUMBER_LENGTH` characters (far
  below Python's 4,300-digit integer conversion limit), numbers too large for a double, and
  strings or keys holding an unpaired UTF-16 surrogate (``"\\ud800"``) are all refused with a
  named :class:`~wallet.errors.InputError`; so is text with more than
  :data:`MAX_JSON_CONTAINERS` objects and arrays or :data:`MAX_JSON_VALUES` values, counted
  before parsing (5 MB of ``{},`` would otherwise become 1.7 million Python objects).
  RFC 8259 §4 ("names SHOULD be unique"), §6 ("may set limits on the range and precision of
  numbers"), §8.2 (unpaired surrogates: "behavior is unpredictable") and §9 ("may set limits
  on the size of texts … and the maximum depth").
* :func:`parse_datetime` — XML Schema 1.1 Part 2 §3.3.7 ``dateTime``, the one date parser.
* :func:`as_list`, :func:`objects`, :func:`type_names` — a property that may hold one value or
  an array of them (VC2 §4.5, OB A.1 "compacted" single values), read as a list.
* :func:`is_vc1`, :func:`validity_fields` — VC 1.1 or VC 2.0, and the names of its dates.
* the credential inside a VC-JWT, read *without* trusting it, is
  :func:`wallet.formats.vcjwt.unverified_credential` (jose reads its JSON and dates through this
  module).

The context URLs are constants in :mod:`wallet.vocab`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final, NoReturn, TypedDict

from wallet.errors import InputError, InputTooLargeError, MalformedJSONError
from wallet.vocab import VC1_CONTEXT

__all__ = [
    "MAX_JSON_BYTES",
    "MAX_JSON_CONTAINERS",
    "MAX_JSON_DEPTH",
    "MAX_JSON_VALUES",
    "MAX_NUMBER_LENGTH",
    "JsonLimits",
    "as_list",
    "is_vc1",
    "load_json",
    "objects",
    "parse_datetime",
    "parse_iso_datetime",
    "type_names",
    "validity_fields",
]

MAX_JSON_BYTES: Final = 5 * 1024 * 1024
MAX_JSON_DEPTH: Final = 100
MAX_NUMBER_LENGTH: Final = 1000
"""The longest number literal read, in characters (digits, sign, point and exponent). No
credential needs more; Python itself refuses integers of more than 4,300 digits."""
MAX_JSON_CONTAINERS: Final = 200_000
"""Objects and arrays in one JSON text, bounded before parsing by counting ``{`` and ``[``
(inside strings too, so the count can only be higher): each costs Python about 150 bytes and a
microsecond, so 5 MB of ``{},`` would take 280 MB and more than a second. A credential has
tens to a few thousand (see :mod:`wallet.limits`), a CASE package of 5,000 items about 20,000."""
MAX_JSON_VALUES: Final = 1_000_000
"""Values in one JSON text, bounded before parsing by counting ``,`` (every value but the
first of an array or object follows one): 5 MB of ``0,`` would be 2.6 million numbers, each
read by a Python function."""


# --- strict JSON -----------------------------------------------------------------------------


class _Refused(Exception):
    """Raised from the JSON parser's hooks: valid to Python's parser, refused by ours."""


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # json pairs valid surrogates into one char
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _show(text: str, limit: int = 40) -> str:
    """A short, printable rendering of untrusted text for messages."""
    shown = text if len(text) <= limit else text[:limit] + "…"
    return repr(_LONE_SURROGATE.sub("\ufffd", shown))


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):  # two readers could disagree on which value counts: refuse
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise _Refused(f"the key {_show(key)} appears twice in one object")
            seen.add(key)
    return obj


def _no_constants(name: str) -> NoReturn:
    raise _Refused(f"{name} is not a JSON number")


def _too_long(literal: str) -> _Refused:
    return _Refused(
        f"a number is written with {len(literal):,} characters (numbers are read "
        f"up to {MAX_NUMBER_LENGTH:,})"
    )


def _int(literal: str) -> int:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise _too_long(literal)
    try:
        return int(literal)
    except ValueError:  # a lowered sys.set_int_max_str_digits
        raise _too_long(literal) from None


def _float(literal: str) -> float:
    if len(literal) > MAX_NUMBER_LENGTH:
        raise _too_long(literal)
    value = float(literal)
    if not math.isfinite(value):  # 1e400: what Infinity would be, written as a number
        raise _Refused(f"the number {_show(literal, 20)} is too large to be read")
    return value


def _walk(value: Any, max_depth: int, strings: bool, what: str) -> None:
    """Refuse nesting deeper than ``max_depth`` (arrays and objects; checked without recursion,
    so the check cannot overflow the stack) and, when ``strings``, any key or string holding
    an unpaired surrogate."""

    def check(text: str) -> None:
        found = _LONE_SURROGATE.search(text)
        if found:
            raise MalformedJSONError(
                f"{what} is not valid JSON: a string holds an unpaired UTF-16 surrogate "
                f"(\\u{ord(found.group()):04x}), half of a character, which is not text"
            )

    if isinstance(value, str) and strings:
        check(value)
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if strings:
                for key in item:
                    check(key)
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > max_depth:
            raise _deep(what, max_depth)
        for child in children:
            if isinstance(child, dict | list):
                stack.append((child, depth + 1))
            elif strings and isinstance(child, str):
                check(child)


def _deep(what: str, max_depth: int) -> InputTooLargeError:
    return InputTooLargeError(f"{what} is nested too deeply (the limit is {max_depth} levels)")


def _count_values(text: str, what: str, max_containers: int, max_values: int) -> None:
    """Refuse text with too many values before it is parsed (see :data:`MAX_JSON_CONTAINERS`):
    the counts are of characters, at C speed, and can only over-count."""
    containers = text.count("{") + text.count("[")
    if containers > max_containers:
        raise InputTooLargeError(
            f"{what} has {containers:,} objects and arrays; JSON is read "
            f"with up to {max_containers:,}"
        )
    values = text.count(",")
    if values > max_values:
        raise InputTooLargeError(
            f"{what} has {values:,} values; JSON is read with up to {max_values:,}"
        )


class JsonLimits(TypedDict, total=False):
    """Bounds of :func:`load_json` kept together, for a kind of input (``**limits``)."""

    max_bytes: int | None
    max_depth: int
    max_containers: int
    max_values: int


def load_json(
    data: bytes | str,
    *,
    what: str = "the input",
    max_bytes: int | None = MAX_JSON_BYTES,
    max_depth: int = MAX_JSON_DEPTH,
    max_containers: int = MAX_JSON_CONTAINERS,
    max_values: int = MAX_JSON_VALUES,
) -> Any:
    """``data`` (UTF-8 bytes, or text) parsed as strict JSON.

    ``what`` names the input in messages ("the JWT's payload", "the credential baked into the
    PNG badge"); ``max_bytes`` bounds its size (bytes, or characters of text; ``None``: the
    caller has bounded it already); ``max_depth`` bounds the nesting of arrays and objects;
    ``max_containers`` and ``max_values`` the number of objects and arrays and of values
    (:data:`MAX_JSON_CONTAINERS`, :data:`MAX_JSON_VALUES`: a credential's; larger documents,
    a CASE package, pass their own).

    Raises :class:`~wallet.errors.MalformedJSONError` for text that is not UTF-8 or not JSON
    (with ``line`` and ``column`` details), duplicate keys, ``NaN``/``Infinity``, number
    literals longer than :data:`MAX_NUMBER_LENGTH` or beyond a double's range, and unpaired
    surrogates; :class:`~wallet.errors.InputTooLargeError` for too much input or too deep
    nesting or too many values. Nothing else escapes, whatever the input.
    """
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        if max_bytes is not None and len(raw) > max_bytes:
            raise InputTooLargeError(
                f"{what} is {len(raw):,} bytes; JSON is read up to {max_bytes:,} bytes"
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise MalformedJSONError(
                f"{what} is not UTF-8 text (a bad byte at offset {exc.start})"
            ) from None
    elif isinstance(data, str):
        text = data
        if max_bytes is not None and len(text) > max_bytes:
            raise InputTooLargeError(
                f"{what} is {len(text):,} characters; JSON is read up to {max_bytes:,}"
            )
    else:
        raise InputError(f"{what} is not JSON text")
    _count_values(text, what, max_containers, max_values)
    try:
        value = json.loads(
            text,
            object_pairs_hook=_unique_keys,
            parse_constant=_no_constants,
            parse_int=_int,
            parse_float=_float,
        )
    except json.JSONDecodeError as exc:
        raise MalformedJSONError(
            f"{what} is not JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except _Refused as exc:
        raise MalformedJSONError(f"{what} is not valid JSON: {exc}") from None
    except RecursionError:
        raise _deep(what, max_depth) from None
    strings = bool(_SURROGATE_ESCAPE.search(text) or _LONE_SURROGATE.search(text))
    _walk(value, max_depth, strings, what)
    return value


# --- dates -----------------------------------------------------------------------------------

# XML Schema 1.1 Part 2 §3.3.7 dateTime: the time zone is optional (dateTimeStamp, VC2 §4.9,
# and 1EdTech's DateTimeZ, OB B.7, require it: ``require_zone``).
_DATETIME = re.compile(
    r"^(?P<year>-?(?:[1-9]\d{3,}|0\d{3}))-(?P<month>\d\d)-(?P<day>\d\d)"
    r"T(?P<hour>\d\d):(?P<minute>\d\d):(?P<second>\d\d)(?P<fraction>\.\d+)?"
    r"(?P<zone>Z|[+-]\d\d:\d\d)?$",
    re.ASCII,
)


def parse_datetime(value: Any, *, require_zone: bool = False) -> datetime | None:
    """An aware datetime for an ``xsd:dateTime`` string, else ``None``; never raises.

    The strictness, decided once for the whole wallet:

    * the XSD lexical form ``YYYY-MM-DDThh:mm:ss`` with optional fractional seconds (any number
      of digits; read to the microsecond) and an optional zone, ``Z`` or ``±hh:mm`` (at most
      14:00). ``2024-05-01T09:00:00Z`` and ``2024-05-01T09:00:00.5+02:00`` parse; a bare date,
      a space instead of ``T``, missing seconds, a lower-case ``z``, ``+0200`` or an impossible
      day do not. ``24:00:00`` is the first instant of the next day (XSD §3.3.7).
    * no zone: read as UTC, as every part of the wallet always has (``None`` instead with
      ``require_zone``, for the properties that must carry one).
    * the result keeps the offset written; years outside 1–9999 (valid XSD, but not
      representable) and instants whose UTC time falls outside them are ``None``, so that
      converting or comparing a parsed value can never overflow.
    """
    match = _DATETIME.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    g = match.groupdict()
    if len(g["year"].lstrip("-")) > 4:  # valid XSD, but beyond what datetime represents
        return None
    zone = g["zone"]
    if zone is None and require_zone:
        return None
    year, month, day = int(g["year"]), int(g["month"]), int(g["day"])
    hour, minute, second = int(g["hour"]), int(g["minute"]), int(g["second"])
    fraction = g["fraction"] or ""
    micro = int((fraction[1:] + "000000")[:6]) if fraction else 0
    end_of_day = hour == 24 and minute == 0 and second == 0 and not fraction.strip(".0")
    if (hour > 23 and not end_of_day) or minute > 59 or second > 59:
        return None
    tz: timezone = UTC
    if zone and zone != "Z":
        zh, zm = int(zone[1:3]), int(zone[4:6])
        if zm > 59 or zh > 14 or (zh == 14 and zm):
            return None
        offset = timedelta(hours=zh, minutes=zm)
        tz = timezone(-offset if zone[0] == "-" else offset)
    try:
        moment = datetime(
            year, month, day, 0 if end_of_day else hour, minute, second, micro, tzinfo=tz
        )
        if end_of_day:
            moment += timedelta(days=1)
        moment.astimezone(UTC)  # the instant itself must be representable
    except (ValueError, OverflowError):
        return None
    return moment


def parse_iso_datetime(value: Any) -> datetime | None:
    """An aware datetime for a date-time as a person types it or the wallet's own records
    write it, read leniently, else ``None``; never raises.

    Whatever ISO 8601 form :meth:`datetime.fromisoformat` reads is taken — a bare date
    (midnight), a space for ``T``, no seconds, ``+0200``, ``Z`` — and no zone is read as UTC.
    For what a *document* says (a credential's dates, a proof's ``created``) use
    :func:`parse_datetime`, XSD's one form: a lenient reading there would accept dates the
    specifications refuse. Used for ``wallet verify --now``, the wallet's own stamps (when a
    status was checked, when a share ends) and the dates the app shows."""
    if not isinstance(value, str) or not value:
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


# --- properties that hold one value or a list ------------------------------------------------


def as_list(value: Any) -> list[Any]:
    """A property's values as a list: ``[]`` when absent (``None``), the items of an array,
    else the single value in a list."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The JSON objects among a property's values (anything else is left out)."""
    return [v for v in as_list(value) if isinstance(v, Mapping)]


def type_names(value: Any) -> tuple[str, ...]:
    """The names in a ``type`` value — a string or an array of them (non-strings are left
    out); ``()`` for anything else."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def is_vc1(doc: Mapping[str, Any]) -> bool:
    """A VC Data Model 1.1 document: its first ``@context`` is the VC 1.1 context."""
    ctx = doc.get("@context")
    return (ctx[0] if isinstance(ctx, list) and ctx else ctx) == VC1_CONTEXT


def validity_fields(doc: Mapping[str, Any]) -> tuple[str, str]:
    """The names of the start and end of validity: ``issuanceDate`` / ``expirationDate``
    (VC 1.1 §4.6, §7.8) or ``validFrom`` / ``validUntil`` (VC 2.0 §4.9)."""
    return ("issuanceDate", "expirationDate") if is_vc1(doc) else ("validFrom", "validUntil")
