"""The employer's page against hostile text: a name cannot add markup (autoescaped Jinja2),
and no control, bidi override or isolate in it reaches the page raw, so none can reorder the
page's own words ("Issued by", "Not verified") around it — each is shown as an escape."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from factories import badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.share_page import render_presentation
from wallet.presenting.present import CredentialInput, compose
from wallet.proofs import dataintegrity as di
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = Ed25519KeyPair.from_seed(bytes(range(3, 35)))
LEARNER = Ed25519KeyPair.from_seed(bytes(range(4, 36)))
NOW = datetime(2026, 3, 1, tzinfo=UTC)
SCRIPT = "<script>alert('owned')</script>"
# our "Not verified" after it would read backwards; an isolate left open; ANSI; a zero-width
# joiner hiding inside a look-alike name
HOSTILE = f"{SCRIPT}Har\u200dvard\u202e deifirev toN\u2067\x1b[2K\r"


def _page(*, tamper: bool = False) -> str:
    doc = badge(
        ISSUER,
        name=HOSTILE,
        description=HOSTILE,
        issuer={"id": ISSUER.did, "type": ["Profile"], "name": HOSTILE},
    )
    doc["credentialSubject"]["id"] = LEARNER.did
    doc["credentialSubject"]["achievement"].update({"name": HOSTILE, "description": HOSTILE})
    signed = di.sign(doc, ISSUER.signer())
    if tamper:
        signed["credentialSubject"]["achievement"]["criteria"]["narrative"] = "changed"
    composed = compose(
        [CredentialInput("c1", signed)],
        holder=LEARNER.signer(),
        holder_did=LEARNER.did,
        challenge="c",
        domain="https://e.example",
        now=NOW,
        title=HOSTILE,
    )
    result = verify_document(
        composed.presentation,
        VerifyOptions(now=NOW + timedelta(hours=1), challenge="c", domain="https://e.example"),
    )
    return render_presentation(composed.presentation, result, base="https://s.example/s/1/k")


def test_a_hostile_name_adds_no_markup_and_no_control_reaches_the_page() -> None:
    for page in (_page(), _page(tamper=True)):
        assert SCRIPT not in page and "<script" not in page.lower()
        assert "&lt;script&gt;alert(" in page
        acting = sorted(
            {
                hex(ord(c))
                for c in page
                if c not in "\n\r\t" and unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
            }
        )
        assert not acting, acting
        # shown, not hidden: the override and the joiner as escapes a reader can see
        assert "Har\\u200dvard\\u202e deifirev toN\\u2067\\u001b[2K" in page
    assert "Issued by &lt;script&gt;" in _page()
