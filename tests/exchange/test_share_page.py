"""The employer's page, rendered directly: credential cards read through the model views."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factories import badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.share_page import render_presentation
from wallet.presenting.present import CredentialInput, compose
from wallet.proofs import dataintegrity as di
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = Ed25519KeyPair.generate()
LEARNER = Ed25519KeyPair.generate()
NOW = datetime(2026, 3, 1, tzinfo=UTC)
PNG = "data:image/png;base64,iVBORw0KGgo="


def _badge(name: str, achievement_id: str) -> dict:
    doc = badge(ISSUER, name=name)
    doc["credentialSubject"]["id"] = LEARNER.did
    doc["credentialSubject"]["achievement"].update({"id": achievement_id, "name": name})
    return doc


def test_cards_for_json_and_jwt_credentials() -> None:
    ldp = _badge("Data <Analysis>", "https://college.example/a/data")
    ldp["validUntil"] = "2030-01-01T00:00:00Z"
    ldp["credentialSubject"]["achievement"].update(
        {
            "image": {"id": PNG, "type": "Image"},
            "alignment": [
                {
                    "type": ["Alignment"],
                    "targetType": "CFItem",
                    "targetCode": "S1",
                    "targetName": "Cleaning & shaping",
                    "targetFramework": "Data Skills",
                    "targetUrl": "https://case.example/CFItems/1",
                },
                {
                    "type": ["Alignment"],
                    "targetName": "Plain link",
                    "targetUrl": "http://not-https.example/2",
                },
            ],
        }
    )
    jwt_doc = _badge("Python", "https://college.example/a/python")
    jwt_doc["image"] = "https://images.example/python.png"  # not inline: never loaded
    jwt_doc["credentialSubject"]["achievement"]["image"] = PNG
    jwt = sign_jws(
        {"typ": "JWT"}, {"iss": ISSUER.did, "sub": LEARNER.did, "vc": jwt_doc}, ISSUER.signer()
    )
    composed = compose(
        [CredentialInput("c1", di.sign(ldp, ISSUER.signer())), CredentialInput("c2", jwt)],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        challenge="c",
        domain="https://e.example",
        now=NOW,
    )
    result = verify_document(
        composed.presentation,
        VerifyOptions(now=NOW + timedelta(hours=1), challenge="c", domain="https://e.example"),
    )
    assert result.verified
    page = render_presentation(composed.presentation, result, base="https://s.example/s/1/k")
    # (the markup changed with the people-first page: Jinja2 templates, dates in words)
    assert page.count(f'<img alt="" src="{PNG}">') == 2  # the achievement's, for both
    assert "images.example" not in page
    assert "<h2>Data &lt;Analysis&gt;</h2>" in page and "<h2>Python</h2>" in page
    assert page.count("Issued by Example College") == 2
    assert "<p>Collaborates within a group to reach a shared goal.</p>" in page
    assert "<h3>How it was earned</h3><p>Nominated by peers and confirmed by staff.</p>" in page
    assert (
        '<li><span class="code">S1</span><a rel="noreferrer" '
        'href="https://case.example/CFItems/1">Cleaning &amp; shaping</a></li>'
    ) in page
    assert "Framework: Data Skills" in page
    assert "<li>Plain link</li>" in page  # not https: no link
    assert "Issued 1 January 2024" in page and "Expires 1 January 2030" in page
    korean = render_presentation(
        composed.presentation, result, base="https://s.example/s/1/k", lang="ko"
    )
    assert '<html lang="ko">' in korean and "2024년 1월 1일 발급" in korean
    assert "2030년 1월 1일 만료 예정" in korean and "발급기관: Example College" in korean
