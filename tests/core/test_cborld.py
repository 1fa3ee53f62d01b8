"""CBOR-LD (legacy singleton form, as @digitalcredentials/cborld 4.x) and the VP1 QR text: the
wallet's bytes are the JavaScript library's (vectors made by it), a round trip keeps the RDF and
the proofs, and hostile payloads are refused with a specific error before any allocation."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from wallet.errors import (
    CborldEncodeError,
    CborldError,
    CborldLimitError,
    CborldMalformedError,
    CborldTagError,
    CborldTermError,
    CborldTruncatedError,
    ContextNotAllowedError,
    Vp1TextError,
    WalletError,
)
from wallet.formats import cborld, cborwire, vpqr
from wallet.formats import cborld_contexts as contexts
from wallet.formats.cborld import same_json
from wallet.ld import jsonld, rdfc
from wallet.result import CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify_document

VECTORS = json.loads(
    (Path(__file__).resolve().parents[1] / "vectors" / "cborld" / "vectors.json").read_text()
)
BY_NAME = {v["name"]: v for v in VECTORS}
VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
HEADER = bytes((0xD9, 0x05, 0x01))


def _canonical(doc: dict[str, Any]) -> str:
    return rdfc.canonicalize(rdfc.quads_from_pyld(jsonld.to_rdf(doc)))


def _payload(value: Any) -> bytes:
    return HEADER + cborwire.write(value)


# --- the JavaScript library's bytes ----------------------------------------------------------


@pytest.mark.parametrize("vector", VECTORS, ids=lambda v: v["name"])
def test_our_bytes_are_the_javascript_librarys(vector: dict[str, Any]) -> None:
    document = vector["document"]
    assert cborld.encode(document).hex() == vector["cborld"]
    assert same_json(cborld.decode(bytes.fromhex(vector["cborld"])), document)
    if "vp1" in vector:
        assert vpqr.to_vp1(document) == vector["vp1"]
        assert same_json(vpqr.from_vp1(vector["vp1"]), document)


def test_the_published_ob_context_numbers_the_terms(monkeypatch) -> None:
    """The bundled OB 3.0.3 context is the validator's superset: numbered from it, every term
    after `endorsementJwt` gets another id than the DCC wallet's reader gives it."""
    loader = jsonld.DocumentLoader()
    bundled = loader(OB303)["document"]["@context"]
    published = contexts.published_context(loader, OB303)
    assert set(bundled) - set(published) == {"endorsementJwt", "jti"}
    assert set(published) < set(bundled)

    sample = BY_NAME["ob3-data-analysis"]
    monkeypatch.setattr(contexts, "VALIDATOR_ONLY_TERMS", {})
    superset = jsonld.DocumentLoader()
    numbered = cborld.term_ids(sample["document"], loader=superset)
    assert numbered["endorsementJwt"] and numbered["jti"]
    assert cborld.encode(sample["document"], loader=superset).hex() != sample["cborld"]


# --- a round trip keeps the RDF and the proofs -----------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "1edtech-ob3-example",
        "ob3-data-analysis",
        "demo-issuer-badge",
        "presentation-of-two",
        "presentation-of-demo-badge",
    ],
)
def test_a_round_trip_keeps_the_rdf_and_the_proofs(name: str) -> None:
    document = BY_NAME[name]["document"]
    back = vpqr.from_vp1(vpqr.to_vp1(document))
    assert _canonical(back) == _canonical(document)
    options = VerifyOptions(
        check_status=False, challenge="job-42", domain="https://employer.example"
    )
    result = verify_document(back, options)
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED, result.checks
    assert result.verdict is verify_document(document, options).verdict
    for nested in result.nested:
        assert nested.check(CheckId.PROOF).outcome is Outcome.PASSED


def test_the_tampered_sample_stays_tampered() -> None:
    back = vpqr.from_vp1(vpqr.to_vp1(BY_NAME["tampered-ob3-data-analysis"]["document"]))
    assert verify_document(back, VerifyOptions(check_status=False)).verdict is Verdict.NOT_VERIFIED


def test_values_the_javascript_codecs_would_change_stay_text() -> None:
    """A date before 1970 (which @digitalcredentials/cborld 4.x writes as a broken number), a
    base64 value without its padding, a did:key with two fragments: carried as text, back as
    they were."""
    doc = copy.deepcopy(BY_NAME["ob3-data-analysis"]["document"])
    doc["awardedDate"] = "1969-07-20T20:17:40Z"
    doc["proof"]["proofValue"] = "MAA"
    doc["credentialSubject"]["id"] = "did:key:zA#zB#zC"
    data = cborld.encode(doc)
    for text in ("1969-07-20T20:17:40Z", "MAA", "zA#zB#zC"):
        assert text.encode() in data
    assert same_json(cborld.decode(data), doc)


def test_an_integral_number_comes_back_as_the_same_number() -> None:
    doc = copy.deepcopy(BY_NAME["ob3-data-analysis"]["document"])
    doc["credentialSubject"]["achievement"]["creditsAvailable"] = 3.0
    back = cborld.decode(cborld.encode(doc))
    assert back["credentialSubject"]["achievement"]["creditsAvailable"] == 3
    assert _canonical(back) == _canonical(doc)


# --- what cannot be encoded ------------------------------------------------------------------


def _with(change) -> dict[str, Any]:
    doc = copy.deepcopy(BY_NAME["ob3-data-analysis"]["document"])
    change(doc)
    return doc


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d.update(notATerm=1), "notATerm"),
        (lambda d: d.update(name={"@value": "Badge", "@language": "en"}), "keyword @language"),
        (lambda d: d["credentialSubject"].update(id=["did:example:a"]), "id is not text"),
        (
            lambda d: d.update(type=["VerifiableCredential", "OpenBadgeCredential", 5]),
            "type is not text",
        ),
        (lambda d: d.update(validFrom=1704067200), "date is not text"),
        (lambda d: d.update(name="half a character \ud800"), "cannot be written"),
        (lambda d: d.update({"@context": [VC2, None]}), "@context"),
    ],
)
def test_what_cbor_ld_cannot_carry_is_refused(change, words: str) -> None:
    with pytest.raises(CborldEncodeError, match=words):
        cborld.encode(_with(change))


def test_a_document_is_one_object() -> None:
    with pytest.raises(CborldEncodeError):
        cborld.encode([BY_NAME["ob3-data-analysis"]["document"]])  # type: ignore[arg-type]


# --- hostile VP1 texts and payloads ----------------------------------------------------------


VP1 = BY_NAME["presentation-of-one"]["vp1"]


@pytest.mark.parametrize(
    "text",
    [
        VP1.lower(),
        "vp1-b" + VP1[5:],
        VP1[:40] + "0" + VP1[41:],
        VP1[:40] + "1" + VP1[41:],
        VP1[:40] + "8" + VP1[41:],
        VP1 + "=",
        VP1[:40] + " " + VP1[40:],
        VP1[:40] + "é" + VP1[41:],
        "VP2-" + VP1[4:],
        "VP1-C" + VP1[5:],
        "",
        "hello",
        "VP1-",
    ],
)
def test_a_wrong_alphabet_or_prefix_is_refused(text: str) -> None:
    with pytest.raises(Vp1TextError):
        vpqr.from_vp1(text)


def test_a_truncated_payload_is_refused() -> None:
    """Cut anywhere: a length no bytes have, or a last character whose unused bits are set, is
    refused as text; a whole number of base32 blocks cut off, as truncated CBOR-LD."""
    body = len(VP1) - len(vpqr.PREFIX)
    for cut in range(1, 80):
        with pytest.raises((Vp1TextError, CborldTruncatedError)) as info:
            vpqr.from_vp1(VP1[:-cut])
        if (body - cut) % 8 in (1, 3, 6):
            assert isinstance(info.value, Vp1TextError)
        if cut % 8 == 0:
            assert isinstance(info.value, CborldTruncatedError)


def test_leftover_bits_are_refused() -> None:
    # 5 bytes of base32 end exactly; 1 byte is 2 characters with 2 bits left over, which must
    # be zero ('A' = 0, 'B' = 1 in the last character's low bits).
    assert vpqr.base32_decode("AE") == b"\x01"
    with pytest.raises(Vp1TextError, match="bits"):
        vpqr.base32_decode("AF")


def test_surrounding_whitespace_is_ignored() -> None:
    assert same_json(vpqr.from_vp1(f"  {VP1}\r\n"), BY_NAME["presentation-of-one"]["document"])


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\xd9\x05",
        bytes.fromhex("a0"),  # no tag at all
        bytes.fromhex("d9cb1d8201a0"),  # CBOR-LD 1.0 (0xcb1d) is not read
        bytes.fromhex("d90601a0"),
        bytes.fromhex("d90502a0"),  # legacy range, unknown mode
        bytes.fromhex("c1a0"),
        HEADER + bytes.fromhex("a11864c100"),  # a tag inside the payload
    ],
)
def test_an_unknown_tag_is_refused(data: bytes) -> None:
    with pytest.raises((CborldTagError, CborldTruncatedError)) as info:
        cborld.decode(data)
    if len(data) >= 3:
        assert isinstance(info.value, CborldTagError)


@pytest.mark.parametrize(
    "payload",
    [
        {0: VC2, 9998: "x"},  # a term id no context defines
        {0: VC2, 9999: ["x"]},  # its array form
        {0: VC2, 2: 9998},  # a type that is no term
        {0: 0x21},  # a context code not in the table
        {1: [VC2, 0x7F]},
    ],
)
def test_a_term_id_the_table_does_not_hold_is_refused(payload: dict[int, Any]) -> None:
    with pytest.raises(CborldTermError):
        cborld.decode(_payload(payload))


def test_a_term_is_refused_where_no_active_context_defines_it() -> None:
    """A term id the table holds, used where it is not defined: ``validFrom`` (from the scoped
    context of the type VerifiableCredential) inside the credential's subject."""
    ids = cborld.term_ids(
        {
            "@context": VC2,
            "type": "VerifiableCredential",
            "credentialSubject": {},
            "validFrom": "1970-01-01T00:00:00Z",
        }
    )
    top = jsonld.default_loader()(VC2)["document"]["@context"]
    assert "validFrom" not in top and "validFrom" in top["VerifiableCredential"]["@context"]
    good = {0: VC2, 2: ids["VerifiableCredential"], ids["validFrom"]: 0}
    assert cborld.decode(_payload(good))["validFrom"] == "1970-01-01T00:00:00Z"
    with pytest.raises(CborldTermError, match="not defined where"):
        cborld.decode(
            _payload(
                {
                    0: VC2,
                    2: ids["VerifiableCredential"],
                    ids["credentialSubject"]: {ids["validFrom"]: 0},
                }
            )
        )


@pytest.mark.parametrize(
    "payload",
    [
        {0: "https://evil.example/context"},  # a URL the wallet does not bundle
        {0: 0x10},  # registered, not bundled
        {1: [VC2, "https://w3id.org/vc/v99"]},
    ],
)
def test_a_context_the_wallet_does_not_bundle_is_refused(payload: dict[int, Any]) -> None:
    with pytest.raises(ContextNotAllowedError):
        cborld.decode(_payload(payload))


@pytest.mark.parametrize(
    "data",
    [
        HEADER + bytes.fromhex("9bffffffffffffffff"),  # an array of 2^64 - 1 members
        HEADER + bytes.fromhex("bb7fffffffffffffff"),  # a map of 2^63 - 1 entries
        HEADER + bytes.fromhex("5affffffff"),  # 4 GiB of bytes
        HEADER + bytes.fromhex("5b0000000100000000"),  # and more
        HEADER + bytes.fromhex("7b0fffffffffffffff") + b"x",  # 2^60 bytes of text
        HEADER + b"\xa1\x00" + b"\x81" * 100_000 + b"\xf6",  # nested 100,000 deep
        HEADER + b"\xa1\x00" + b"\xa1\x00" * 5_000 + b"\xf6",  # maps nested 5,000 deep
        HEADER + b"\x58\x20" + b"x" * (cborld.MAX_CBORLD_BYTES + 1),  # longer than any payload
    ],
)
def test_a_cbor_bomb_is_refused_before_allocating(data: bytes) -> None:
    with pytest.raises(CborldLimitError):
        cborld.decode(data)


def test_contexts_piled_up_are_refused() -> None:
    """As the JavaScript processor does, contexts embedded in sibling objects stay active one
    above the other; thousands of tiny objects each naming four contexts would pile up copies
    of every term (measured: 150 s and 380 MB before the bound)."""
    ids = cborld.term_ids(
        {"@context": VC2, "type": "VerifiableCredential", "credentialSubject": {}}
    )
    child = {1: [0x11, 0x32, 0x14, 0x12]}
    payload = {0: VC2, 2: ids["VerifiableCredential"], ids["credentialSubject"] + 1: [child] * 3000}
    with pytest.raises(CborldLimitError, match="contexts"):
        cborld.decode(_payload(payload))


def test_an_enormous_vp1_text_is_refused_before_decoding() -> None:
    with pytest.raises(CborldLimitError):
        vpqr.from_vp1("VP1-B" + "A" * (vpqr.MAX_VP1_CHARS + 8))


@pytest.mark.parametrize(
    "data",
    [
        _payload({0: VC2}) + b"\x00",  # bytes after the end
        HEADER + bytes.fromhex("a2000000") + b"\x00",  # the same key twice
        HEADER + bytes.fromhex("bf00ff"),  # an indefinite-length map
        HEADER + bytes.fromhex("a1 00 62 c328".replace(" ", "")),  # text that is not UTF-8
        HEADER
        + bytes.fromhex("a1 18 00 f6".replace(" ", "")),  # a number in more bytes than needed
        HEADER + bytes.fromhex("a1 00 f7".replace(" ", "")),  # undefined
        HEADER + bytes.fromhex("a1 00 f97e00".replace(" ", "")),  # NaN
        HEADER + bytes.fromhex("a1 00 f0".replace(" ", "")),  # a simple value JSON lacks
        HEADER + bytes.fromhex("a1 62 6964 00".replace(" ", "")),  # a key that is not a term id
        HEADER + bytes.fromhex("80"),  # not a map
        _payload({0: VC2, 0x1: [VC2]}),  # @context twice
    ],
)
def test_malformed_cbor_is_refused(data: bytes) -> None:
    with pytest.raises(CborldMalformedError):
        cborld.decode(data)


def test_values_of_the_wrong_kind_are_refused() -> None:
    doc = BY_NAME["ob3-data-analysis"]["document"]
    ids = cborld.term_ids(doc)
    payload = cborwire.Reader(bytes.fromhex(BY_NAME["ob3-data-analysis"]["cborld"]), 3).read()
    for key, value in [
        (ids["name"] + 1, "not an array"),  # an array id holding text
        (ids["name"], [{}]),  # a single id holding an array
        (ids["name"], b"bytes"),  # bytes JSON has no place for
        (ids["validFrom"], [1, 2000]),  # milliseconds past 999
        (ids["id"] + 1, ["urn:a"]),
    ]:  # two ids
        broken = dict(payload)
        broken.pop(ids["name"], None)
        broken[key] = value
        with pytest.raises(CborldMalformedError):
            cborld.decode(_payload(broken))


def test_one_changed_character_is_refused_or_fails_verification() -> None:
    """Every 23rd character of a presentation's VP1 text changed in turn: the text is refused
    with a specific error, or the presentation it decodes to does not verify."""
    original = BY_NAME["presentation-of-one"]
    options = VerifyOptions(
        check_status=False, challenge="job-42", domain="https://employer.example"
    )
    refused = failed = 0
    for position in range(len(vpqr.PREFIX), len(VP1), 23):
        char = VP1[position]
        other = "B" if char != "B" else "C"
        text = VP1[:position] + other + VP1[position + 1 :]
        try:
            document = vpqr.from_vp1(text)
        except WalletError as exc:
            assert isinstance(exc, (CborldError, ContextNotAllowedError)) or exc.code, exc
            refused += 1
            continue
        assert not same_json(document, original["document"])
        assert verify_document(document, options).verdict is Verdict.NOT_VERIFIED, position
        failed += 1
    assert refused and failed


# --- the CBOR writer and reader --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "hex_"),
    [
        # RFC 8949 Appendix A
        (0, "00"),
        (23, "17"),
        (24, "1818"),
        (1000000, "1a000f4240"),
        (18446744073709551615, "1bffffffffffffffff"),
        (-1, "20"),
        (-1000, "3903e7"),
        (1.5, "f93e00"),
        (100000.5, "fa47c35040"),
        (3.4028234663852886e38, "fa7f7fffff"),
        (1.0e300, "fb7e37e43c8800759c"),
        (5.960464477539063e-8, "f90001"),
        (0.00006103515625, "f90400"),
        (-4.1, "fbc010666666666666"),
        (1.1, "fb3ff199999999999a"),
        (3 * 2**-24, "fa34400000"),  # cborg: its half encoding of subnormals keeps one bit
        (2.0, "02"),
        (-0.0, "00"),  # integral numbers are integers, as in JavaScript
        ("IETF", "6449455446"),
        ("\u6c34", "63e6b0b4"),
        (b"\x01\x02", "420102"),
        ([1, [2, 3]], "8201820203"),
        (None, "f6"),
        (True, "f5"),
        (False, "f4"),
        ({"aa": 1, "b": 2, 10: 3, 1: 4}, "a401040a0361620262616101"),  # ints, then length-first
    ],
)
def test_the_writer(value: Any, hex_: str) -> None:
    assert cborwire.write(value).hex() == hex_
    if not isinstance(value, float) or not value.is_integer():
        assert same_json(cborwire.Reader(bytes.fromhex(hex_)).read(), value)


def test_the_writer_refuses_what_json_is_not() -> None:
    for value in (float("nan"), float("inf"), 2**64, -(2**64) - 1, {(1, 2): 3}, {1.5: 0}):
        with pytest.raises((ValueError, TypeError)):
            cborwire.write(value)
