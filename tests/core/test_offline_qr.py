"""Offline QR codes (issue 24): the code made at the smallest version (M when it fits that
version, else L), checked against segno's independent encoder and read back by zxing-cpp; too
large said in bytes, never cut; the plain presentation an offline code carries; an unsigned
presentation verified as the envelope of its credentials; and each item of the issue's "Bad
input" list refused with a sentence by the one reader every face uses
(:func:`wallet.formats.sources.load_bytes`)."""

from __future__ import annotations

import io
import json

import pytest
import segno
from factories import signed_badge
from offline_helpers import BAD_TEXTS, _bomb_pdf, _pdf, _two_codes

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import (
    CborldEncodeError,
    CborldError,
    CborldLimitError,
    CborldTagError,
    CborldTermError,
    InputError,
    InputTooLargeError,
    PdfActiveContentError,
    PdfAttachmentError,
    QrImageError,
    QrTooLargeError,
    Vp1TextError,
)
from wallet.formats import vpqr
from wallet.formats.pdfattach import MAX_ATTACHMENT_BYTES
from wallet.formats.qrcodes import MAX_OFFLINE_BYTES, QR_MAX_CHARS, offline_qr, read_qr
from wallet.formats.sources import load_bytes
from wallet.presenting.offline import carried_credentials, offline_presentation
from wallet.result import CheckId, Outcome, Verdict
from wallet.verification.verify import VerifyOptions, verify, verify_document

OPTIONS = VerifyOptions(check_status=False)
VC2 = "https://www.w3.org/ns/credentials/v2"


@pytest.fixture(scope="module")
def issuer() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


@pytest.fixture(scope="module")
def learner() -> Ed25519KeyPair:
    return Ed25519KeyPair.generate()


@pytest.fixture(scope="module")
def text(issuer) -> str:
    return vpqr.to_vp1(offline_presentation([signed_badge(issuer)]))


# --- the code ----------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [40, 1093, 1900, 2634, 3895, QR_MAX_CHARS])
def test_the_smallest_version_and_m_when_it_fits(length: int) -> None:
    """The version and level match what segno (another encoder) finds smallest; the code reads
    back as the same text. (Letters only: with runs of digits, zint packs them in numeric
    segments, smaller than segno's one alphanumeric segment.)"""
    text = ("VP1-B" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" * 200)[:length]
    code = offline_qr(text)
    smallest = segno.make(text, error="l", micro=False, boost_error=False).version
    assert code.version == smallest
    try:
        segno.make(text, error="m", version=smallest, micro=False, boost_error=False)
        medium = True
    except segno.DataOverflowError:
        medium = False
    assert code.level == ("M" if medium else "L")
    assert read_qr(code.png(scale=3)) == [text]


def test_too_large_is_said_in_bytes_and_nothing_is_cut() -> None:
    text = "VP1-B" + "A" * (QR_MAX_CHARS - 5 + 800)
    with pytest.raises(QrTooLargeError) as info:
        offline_qr(text)
    details = info.value.details
    assert details["capacity"] == MAX_OFFLINE_BYTES == 2681
    assert details["over"] == details["bytes"] - MAX_OFFLINE_BYTES == 500
    assert "500 bytes more than the largest QR code holds" in info.value.message


# --- what it carries ---------------------------------------------------------------------------


def test_the_presentation_holds_the_credentials_directly_unsigned(issuer) -> None:
    credential = signed_badge(issuer)
    vp = offline_presentation([credential])
    assert vp["verifiableCredential"] == [credential] and "proof" not in vp
    assert "holder" not in vp  # nothing about who shows it is claimed
    result = verify_document(vpqr.from_vp1(vpqr.to_vp1(vp)), OPTIONS)
    assert result.verdict is Verdict.VERIFIED
    assert result.check(CheckId.PROOF).detail == "unsigned_presentation"


def test_signed_for_a_challenge_when_asked(issuer, learner) -> None:
    vp = offline_presentation(
        [signed_badge(issuer)],
        holder=learner.signer(),
        holder_did=learner.did,
        challenge="job-42",
        domain="https://employer.example",
    )
    read = vpqr.from_vp1(vpqr.to_vp1(vp))
    asked = VerifyOptions(check_status=False, challenge="job-42", domain="https://employer.example")
    assert verify_document(read, asked).verdict is Verdict.VERIFIED
    other = VerifyOptions(check_status=False, challenge="job-43")
    assert verify_document(read, other).verdict is Verdict.NOT_VERIFIED


def test_an_unsigned_presentation_is_refused_where_a_challenge_is_asked(issuer) -> None:
    vp = offline_presentation([signed_badge(issuer)])
    result = verify_document(vp, VerifyOptions(check_status=False, challenge="c"))
    assert result.verdict is Verdict.NOT_VERIFIED
    assert result.check(CheckId.PROOF).outcome is Outcome.FAILED


def test_an_unsigned_envelope_is_only_as_good_as_what_it_carries(issuer) -> None:
    empty = {"@context": [VC2], "type": ["VerifiablePresentation"], "verifiableCredential": []}
    assert verify_document(empty, OPTIONS).verdict is Verdict.NOT_VERIFIED
    changed = signed_badge(issuer)
    changed["credentialSubject"]["achievement"]["name"] = "Something else"
    assert verify_document(offline_presentation([changed]), OPTIONS).verdict is Verdict.NOT_VERIFIED


def test_a_vc_jwt_cannot_go_in_one() -> None:
    with pytest.raises(CborldEncodeError, match="VC-JWT"):
        offline_presentation(["eyJhbGciOiJFZERTQSJ9.e30.c2ln"])


def test_the_credentials_a_wallet_presentation_shows(issuer, learner) -> None:
    """Inside the learner's own CLR, the credentials; else those carried."""
    from wallet.presenting.present import CredentialInput, compose

    first, second = signed_badge(issuer), signed_badge(issuer)
    composed = compose(
        [CredentialInput("a", first), CredentialInput("b", second)],
        holder=learner.signer(),
        holder_did=learner.did,
    )
    assert carried_credentials(composed.presentation) == [first, second]
    assert carried_credentials(offline_presentation([second])) == [second]


# --- reading: VP1 text, QR image -----------------------------------------------------------------


def test_the_reader_takes_the_text_and_the_image(text: str) -> None:
    from_text = load_bytes(text.encode())
    from_image = load_bytes(offline_qr(text).png())
    assert from_text.origin == "vp1" and from_image.origin == "qr"
    assert from_text.document == from_image.document
    assert verify(from_image, OPTIONS).verdict is Verdict.VERIFIED


EXPECTED = {
    "a wrong base32 alphabet": Vp1TextError,
    "lower case": Vp1TextError,
    "a truncated payload": CborldError,
    "an unknown CBOR tag": CborldTagError,
    "a term id the table does not hold": CborldTermError,
    "a CBOR bomb: a huge declared length": CborldLimitError,
    "a CBOR bomb: deep nesting": CborldLimitError,
    "a context URL the wallet does not bundle": CborldError,
}


@pytest.mark.parametrize("name", list(BAD_TEXTS))
def test_bad_vp1_text_is_refused_with_a_sentence(text: str, name: str) -> None:
    bad = BAD_TEXTS[name](text)
    with pytest.raises(EXPECTED[name]) as info:
        load_bytes(bad)
    assert info.value.message and "Traceback" not in info.value.message
    assert isinstance(info.value, InputError)  # unreadable input: refused, nothing stored
    if name == "a context URL the wallet does not bundle":
        assert "https://evil.example/context" in info.value.message


def test_a_changed_character_anywhere_is_refused_or_fails(text: str) -> None:
    """Every position of the payload, one character changed: read and verified, never
    verified."""
    for at in range(5, len(text), max(1, len(text) // 60)):
        changed = text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :]
        try:
            loaded = load_bytes(changed.encode())
        except Exception as exc:
            assert getattr(exc, "message", ""), (at, exc)
            continue
        assert verify(loaded, OPTIONS).verdict is Verdict.NOT_VERIFIED, at


def test_an_image_with_several_codes_is_refused(text: str) -> None:
    with pytest.raises(QrImageError, match="2 QR codes"):
        load_bytes(_two_codes(text))


def test_a_qr_image_of_a_link_is_not_a_credential() -> None:
    from wallet.exchange.qr import qr_png

    with pytest.raises(QrImageError, match="holds a link"):
        load_bytes(qr_png("https://share.example/s/abc/def"))


# --- reading: PDF ------------------------------------------------------------------------------


def test_a_pdf_with_one_attached_presentation_is_read(issuer) -> None:
    vp = offline_presentation([signed_badge(issuer)])
    loaded = load_bytes(_pdf(("signed-presentation.json", json.dumps(vp).encode())))
    assert loaded.origin == "pdf" and loaded.document == vp
    assert verify(loaded, OPTIONS).verdict is Verdict.VERIFIED


@pytest.mark.parametrize(
    "name, make, error, words",
    [
        ("no attachment", lambda vp: _pdf(), PdfAttachmentError, "no attached file"),
        (
            "two attachments",
            lambda vp: _pdf(("a.json", vp), ("b.json", vp)),
            PdfAttachmentError,
            "2 attached files",
        ),
        ("an attachment of 50 MB", lambda vp: _bomb_pdf(50 * 2**20), InputTooLargeError, "larger"),
        (
            "a compressed-stream bomb",
            lambda vp: _bomb_pdf(MAX_ATTACHMENT_BYTES + 10),
            InputTooLargeError,
            None,
        ),
        (
            "JavaScript",
            lambda vp: _pdf(("a.json", vp), action="/JavaScript"),
            PdfActiveContentError,
            "JavaScript",
        ),
        (
            "an action that launches a program",
            lambda vp: _pdf(("a.json", vp), action="/Launch"),
            PdfActiveContentError,
            "launches a program",
        ),
        ("not a PDF after its header", lambda vp: b"%PDF-1.7\n" + b"\x00" * 100, InputError, None),
    ],
)
def test_a_hostile_pdf_is_refused_with_a_sentence(issuer, name, make, error, words) -> None:
    vp = json.dumps(offline_presentation([signed_badge(issuer)])).encode()
    with pytest.raises(error, match=words) as info:
        load_bytes(make(vp))
    assert info.value.message


def test_an_attachment_declared_as_50_mb_is_refused_before_it_is_read() -> None:
    from pypdf import PdfWriter
    from pypdf.generic import NumberObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    entry = writer.add_attachment("p.json", b"{}")
    entry.size = NumberObject(50 * 2**20)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(InputTooLargeError, match="declares 52,428,800 bytes"):
        load_bytes(out.getvalue())
