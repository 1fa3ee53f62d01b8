"""The shared readers: strict JSON, the one xsd:dateTime parser, list-shaped properties, the
unverified view of a VC-JWT — and hostile numbers, text and dates reaching verification."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from factories import signed_badge

from wallet.credential import (
    MAX_JSON_DEPTH,
    MAX_NUMBER_LENGTH,
    as_list,
    is_vc1,
    load_json,
    objects,
    parse_datetime,
    parse_iso_datetime,
    type_names,
    validity_fields,
)
from wallet.crypto import jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import b64url_encode
from wallet.errors import InputError, InputTooLargeError, MalformedJSONError
from wallet.formats import vcjwt
from wallet.formats.sources import load_bytes
from wallet.formats.vcjwt import unverified_credential
from wallet.result import CheckId, Outcome
from wallet.verification.verify import VerifyOptions, verify_bytes, verify_document, verify_jwt
from wallet.vocab import VC1_CONTEXT, VC2_CONTEXT

KEY = Ed25519KeyPair.generate()
HUGE = "1" * 5000  # beyond Python's 4,300-digit int conversion limit
LONE = '"\\ud800"'  # an escape that decodes to half of a character


# --- load_json -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"a": 1, "a": 2}', "appears twice"),
        ('{"a": NaN}', "NaN is not a JSON number"),
        ("[Infinity]", "Infinity"),
        ("[-Infinity]", "Infinity"),
        (f'{{"n": {HUGE}}}', "5,000 characters"),
        (f'{{"n": -{HUGE}}}', "5,001 characters"),
        (f"[{'1' * (MAX_NUMBER_LENGTH + 1)}]", "numbers are read up to 1,000"),
        (f"[0.{HUGE}]", "characters"),
        ("[1e400]", "too large"),
        ("[-1e400]", "too large"),
        (LONE, "unpaired UTF-16 surrogate"),
        ('{"name": "\\udfff"}', "surrogate"),
        ('{"\\ud800": 1}', "surrogate"),  # in a key
        ('[[[{"a": ["ok", "\\ud83d"]}]]]', "surrogate"),  # deep in an array
        ('"\ud800"', "surrogate"),  # text handed over with the surrogate itself in it
        ('{"a": }', "line 1, column 7"),
    ],
)
def test_refused_with_a_named_error(text: str, words: str) -> None:
    with pytest.raises(MalformedJSONError, match=words):
        load_json(text)


def test_what_is_refused_is_named_and_never_a_raw_error() -> None:
    with pytest.raises(MalformedJSONError, match="^the JWT's payload is not valid JSON"):
        load_json(f"[{HUGE}]", what="the JWT's payload")
    with pytest.raises(MalformedJSONError, match="not UTF-8"):
        load_json(b"[\xff]")
    with pytest.raises(InputTooLargeError, match="nested too deeply"):
        load_json("[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1))
    with pytest.raises(InputTooLargeError, match="nested too deeply"):
        load_json("[" * 100_000 + "]" * 100_000)  # beyond Python's recursion limit
    with pytest.raises(InputTooLargeError, match="read up to 10 bytes"):
        load_json(b"[1, 2, 3, 4]", max_bytes=10)
    with pytest.raises(InputError):
        load_json(42)  # type: ignore[arg-type]


def test_what_is_accepted() -> None:
    assert load_json('{"a": [1, 2.5, -0, true, null, "x"]}') == {"a": [1, 2.5, 0, True, None, "x"]}
    assert load_json(b'["\\ud83d\\ude00"]') == ["\U0001f600"]  # a pair is one character
    assert load_json("[" + "9" * MAX_NUMBER_LENGTH + "]") == [int("9" * MAX_NUMBER_LENGTH)]
    assert load_json("[1e-400]") == [0.0]
    assert load_json('["\\\\ud800"]') == ["\\ud800"]  # an escaped backslash: plain text
    assert load_json("[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH) is not None


# --- hostile JSON reaching the readers ---------------------------------------------------------


def _jwt(header: str, payload: str) -> str:
    return f"{b64url_encode(header.encode())}.{b64url_encode(payload.encode())}.AAAA"


@pytest.mark.parametrize(("value", "words"), [(HUGE, "characters"), (LONE, "surrogate")])
def test_in_a_json_credential(value: str, words: str) -> None:
    text = json.dumps(signed_badge(KEY))[:-1] + f', "extra": {value}}}'
    with pytest.raises(MalformedJSONError, match=words):
        load_bytes(text.encode())
    result = verify_bytes(text.encode())
    (check,) = result.checks
    assert (check.id, check.outcome, check.detail) == (
        CheckId.FORMAT,
        Outcome.FAILED,
        "malformed_json",
    )
    assert words in check.message


@pytest.mark.parametrize(("value", "words"), [(HUGE, "characters"), (LONE, "surrogate")])
@pytest.mark.parametrize("part", ["header", "payload"])
def test_in_a_jwt(part: str, value: str, words: str) -> None:
    header, payload = '{"alg": "EdDSA", "x": %s}', '{"iss": "did:example:i", "x": %s}'
    token = (
        _jwt(header % value, '{"a": 1}')
        if part == "header"
        else _jwt('{"alg": "EdDSA"}', payload % value)
    )
    with pytest.raises(MalformedJSONError, match=f"the JWT's {part} .*{words}"):
        jws.decode_jws(token)
    with pytest.raises(MalformedJSONError, match=words):
        unverified_credential(token)
    for result in (verify_jwt(token), verify_bytes(token.encode())):
        (check,) = result.checks
        assert (check.outcome, check.detail) == (Outcome.FAILED, "malformed_json")
        assert f"the JWT's {part}" in check.message and words in check.message


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T09:00:00Z", datetime(2024, 5, 1, 9, tzinfo=UTC)),
        (
            "2024-05-01T09:00:00.5+02:00",
            datetime(2024, 5, 1, 9, 0, 0, 500000, tzinfo=timezone(timedelta(hours=2))),
        ),
        ("2024-05-01T09:00:00", datetime(2024, 5, 1, 9, tzinfo=UTC)),  # no zone: UTC
        ("9999-12-31T23:59:59+00:00", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        (
            "9999-12-31T23:59:59+14:00",
            datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=14))),
        ),
        ("9999-12-31T23:59:59-14:00", None),  # in UTC: the year 10000
        ("0001-01-01T00:00:00+01:00", None),  # in UTC: the year 0
        ("9999-12-31T24:00:00Z", None),
        ("10000-01-01T00:00:00Z", None),
        ("2024-05-01t09:00:00z", None),
        ("2024-05-01 09:00:00Z", None),
        ("2024-05-01", None),
        ("2024-05-01T09:00:00+0200", None),
        ("2024-02-30T00:00:00Z", None),
        (20240501, None),
    ],
)
def test_parse_datetime(text: Any, expected: datetime | None) -> None:
    assert parse_datetime(text) == expected
    if expected is not None:
        expected.astimezone(UTC)  # whatever parses can be converted


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a person types (wallet verify --now) and the wallet's own stamps: every ISO form
        ("2030-01-01", datetime(2030, 1, 1, tzinfo=UTC)),
        ("2030-01-01 08:30", datetime(2030, 1, 1, 8, 30, tzinfo=UTC)),
        ("2030-01-01T08:30:00Z", datetime(2030, 1, 1, 8, 30, tzinfo=UTC)),
        (
            "2030-01-01T08:30:00+0900",
            datetime(2030, 1, 1, 8, 30, tzinfo=timezone(timedelta(hours=9))),
        ),
        (
            "2030-01-01T08:30:00.25-05:00",
            datetime(2030, 1, 1, 8, 30, 0, 250000, tzinfo=timezone(-timedelta(hours=5))),
        ),
        ("yesterday", None),
        ("2030-02-30", None),
        ("", None),
        (None, None),
        (20300101, None),
    ],
)
def test_parse_iso_datetime_is_lenient_and_never_raises(
    text: Any, expected: datetime | None
) -> None:
    assert parse_iso_datetime(text) == expected
    # … where a credential's own dates keep XSD's one form
    if isinstance(text, str) and " " in text:
        assert parse_datetime(text) is None


def test_a_zone_can_be_required() -> None:
    assert parse_datetime("2024-05-01T09:00:00", require_zone=True) is None
    assert parse_datetime("2024-05-01T09:00:00Z", require_zone=True) is not None


@pytest.mark.parametrize(
    "now",
    [
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(-timedelta(hours=14))),
        datetime(1, 1, 1, tzinfo=UTC),
    ],
)
@pytest.mark.parametrize("skew", [timedelta(minutes=5), timedelta.max, timedelta.min])
@pytest.mark.parametrize("valid_until", [None, "9999-12-31T23:59:59+00:00"])
def test_far_off_clocks_never_overflow(
    now: datetime, skew: timedelta, valid_until: str | None
) -> None:
    doc = signed_badge(KEY, validUntil=valid_until)
    result = verify_document(doc, VerifyOptions(now=now, clock_skew=skew))
    assert result.check(CheckId.VALIDITY).outcome in (Outcome.PASSED, Outcome.FAILED)


def test_a_huge_skew_is_exact_not_approximate() -> None:
    doc = signed_badge(KEY, validUntil="2025-01-01T00:00:00Z")
    late = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    forgiving = verify_document(doc, VerifyOptions(now=late, clock_skew=timedelta.max))
    assert forgiving.check(CheckId.VALIDITY).outcome is Outcome.PASSED  # within the skew
    strict = verify_document(doc, VerifyOptions(now=late))
    assert strict.check(CheckId.VALIDITY).detail == "expired"
    future = signed_badge(KEY, validFrom="9999-12-31T23:59:59Z")
    early = verify_document(
        future, VerifyOptions(now=datetime(1, 1, 1, tzinfo=UTC), clock_skew=timedelta.max)
    )
    assert early.check(CheckId.VALIDITY).outcome is Outcome.PASSED


def test_an_unrepresentable_date_is_a_failed_check() -> None:
    doc = signed_badge(KEY, validUntil="9999-12-31T23:59:59-14:00")
    check = verify_document(doc, VerifyOptions(now=datetime(2025, 1, 1, tzinfo=UTC)))
    assert check.check(CheckId.VALIDITY).detail == "bad_date"


# --- list-shaped properties, VC versions ---------------------------------------------------------


def test_list_readers() -> None:
    assert as_list(None) == [] and as_list("a") == ["a"] and as_list(["a", 1]) == ["a", 1]
    assert as_list({"id": "x"}) == [{"id": "x"}] and as_list(("a",)) == ["a"]
    assert objects([{"a": 1}, "b", None, {"c": 2}]) == [{"a": 1}, {"c": 2}]
    assert objects({"a": 1}) == [{"a": 1}] and objects("a") == [] and objects(None) == []
    assert type_names("Badge") == ("Badge",)
    assert type_names(["VerifiableCredential", 5, "Badge"]) == ("VerifiableCredential", "Badge")
    assert type_names({"a": 1}) == () and type_names(None) == ()


def test_vc_versions() -> None:
    assert is_vc1({"@context": [VC1_CONTEXT]}) and is_vc1({"@context": VC1_CONTEXT})
    assert not is_vc1({"@context": [VC2_CONTEXT, VC1_CONTEXT]}) and not is_vc1({})
    assert validity_fields({"@context": [VC1_CONTEXT]}) == ("issuanceDate", "expirationDate")
    assert validity_fields({"@context": [VC2_CONTEXT]}) == ("validFrom", "validUntil")


# --- the unverified view of a VC-JWT ---------------------------------------------------------


def test_unverified_credential() -> None:
    doc = signed_badge(KEY)
    token = jws.sign_jws(
        {"typ": "JWT"}, {"iss": KEY.did, "jti": "urn:uuid:1", "vc": doc}, KEY.signer()
    )
    assert unverified_credential(token) == vcjwt.vc_from_jwt_payload(jws.decode_jws(token).payload)
    assert unverified_credential(token)["name"] == doc["name"]
    for bad in ("not a jwt", "a.b.c", 42):
        with pytest.raises(InputError):
            unverified_credential(bad)  # type: ignore[arg-type]
