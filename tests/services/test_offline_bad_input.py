"""Issue 24's "Bad input", through the service every face stores with: each refused with a
sentence, and nothing stored (the vault holds no credential afterwards)."""

from __future__ import annotations

import json

import pytest
from factories import signed_badge
from offline_helpers import BAD_TEXTS, _bomb_pdf, _pdf, _two_codes

from wallet.errors import InputError
from wallet.formats import vpqr
from wallet.formats.pdfattach import MAX_ATTACHMENT_BYTES
from wallet.presenting.offline import offline_presentation


@pytest.fixture
def text(issuer_key) -> str:
    return vpqr.to_vp1(offline_presentation([signed_badge(issuer_key)]))


def _inputs(text: str, issuer_key) -> dict[str, bytes]:
    vp = json.dumps(offline_presentation([signed_badge(issuer_key)])).encode()
    at = len(text) // 2
    out = {name: make(text) for name, make in BAD_TEXTS.items()}
    out.update(
        {
            "a tampered character": (
                text[:at] + ("B" if text[at] != "B" else "C") + text[at + 1 :]
            ).encode(),
            "a PDF with two attachments": _pdf(("a.json", vp), ("b.json", vp)),
            "a PDF with an attachment of 50 MB": _bomb_pdf(50 * 2**20),
            "a PDF with a compressed-stream bomb": _bomb_pdf(MAX_ATTACHMENT_BYTES + 10),
            "a PDF with JavaScript": _pdf(("a.json", vp), action="/JavaScript"),
            "a QR image with several codes": _two_codes(text),
        }
    )
    return out


def test_each_bad_input_is_refused_and_nothing_is_stored(service, text, issuer_key) -> None:
    for name, data in _inputs(text, issuer_key).items():
        with pytest.raises(InputError) as info:
            service.credentials.add(data, name="given")
        assert info.value.message, name
    assert service.credentials.search().total == 0
