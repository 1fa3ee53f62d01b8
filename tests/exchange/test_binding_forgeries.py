"""Who signed, on the employer's side: our verifier refuses a presentation signed with a key
that only *looks* like the holder's (``urn:uuid:…#z6Mk<attacker>`` for ``urn:uuid:…``;
``did:web:alice.example.evil.test`` for ``did:web:alice.example``; a did:web path that extends
the holder's), in every format (VP-JWT, ldp_vp, VC-API); and the share page never shows a
forged degree green. Real signatures throughout; the DID documents are served over real HTTPS
on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from factories import badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import b64url_encode
from wallet.exchange.http import HttpFetcher
from wallet.exchange.oid4vp import requests as rq
from wallet.exchange.share_page import render_presentation
from wallet.exchange.verifier import Ask, EmployerVerifier
from wallet.exchange.verifier_web import render_request
from wallet.proofs import dataintegrity as di
from wallet.result import Verdict
from wallet.verification.trust import TrustEntry, TrustList, TrustLists
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = Ed25519KeyPair.from_seed(bytes(range(1, 33)))
URN = "urn:uuid:5b7a3c1e-2d4f-4e6a-8b9c-0d1e2f3a4b5c"
TRUST = TrustLists(
    (
        TrustList(
            "Operator's list",
            (
                TrustEntry(ISSUER.did, "Riverside Community College"),
                TrustEntry(URN, "A learner the operator knows"),
                TrustEntry("https://www.harvard.edu/issuers/1", "Harvard University"),
            ),
        ),
    )
)


def _verifier(fetcher=None) -> EmployerVerifier:
    verifier = EmployerVerifier("https://verifier.example", fetcher=fetcher)
    verifier.trust = TRUST
    return verifier


def _stolen_jwt(holder: str) -> str:
    """A genuine credential of the holder's (as an attacker who copied it holds it)."""
    vc = badge(ISSUER)
    vc["credentialSubject"]["id"] = holder
    return sign_jws(
        {"typ": "JWT"},
        {"vc": vc, "iss": ISSUER.did, "jti": vc["id"], "nbf": 1704067200, "sub": holder},
        ISSUER.signer(),
    )


def _stolen_ldp(holder: str) -> dict:
    vc = badge(ISSUER)
    vc["credentialSubject"]["id"] = holder
    return di.sign(vc, ISSUER.signer(), created="2024-01-01T00:00:00Z")


def _refused(verifier: EmployerVerifier, request, answer) -> None:
    assert not answer.verified
    problems = [p for c in answer.presentations for p in c.problems]
    results = [c.result for c in answer.presentations if c.result is not None]
    assert any("not the holder's" in p for p in problems) or any(not r.verified for r in results), (
        problems,
        results,
    )
    assert request.status == "waiting"  # the real answer can still come
    page = render_request(verifier, request)
    assert (
        'data-level="verified"' not in page
        and "Answered by" not in page.split("An answer arrived but did not verify")[0]
    )


def _vp_jwt(
    verifier: EmployerVerifier,
    request,
    holder: str,
    kid: str,
    key: Ed25519KeyPair,
) -> dict:
    token = rq.jwt_presentation(
        [_stolen_jwt(holder)],
        signer=key.signer(kid),
        holder_did=holder,
        nonce=request.nonce,
        audience=request.client_id,
    )
    return verifier.check_vp_token(request.id, {"c1_jwt": [token]}, request.state)


def test_a_vp_jwt_signed_under_the_holders_urn_with_another_key() -> None:
    verifier = _verifier()
    request = verifier.create([Ask(format="jwt_vc_json")])
    attacker = Ed25519KeyPair.generate()
    answer = _vp_jwt(verifier, request, URN, f"{URN}#{attacker.public.multibase}", attacker)
    _refused(verifier, request, answer)


@pytest.fixture
def did_web_hosts(https_server_for):
    """``alice.example.evil.test`` on 127.0.0.1 (its certificate is for that name); the
    resolver sends ``alice.example`` to a documentation address the fetcher refuses."""
    server, tls = https_server_for("alice.example.evil.test")

    def resolver(host: str) -> list[str]:
        return ["127.0.0.1"] if host == "alice.example.evil.test" else ["192.0.2.1"]

    with HttpFetcher(dev=True, verify=tls, resolver=resolver, timeout=5) as fetcher:
        yield server, fetcher


def _did_document(did: str, key: Ed25519KeyPair) -> dict:
    vm = f"{did}#key-1"
    return {
        "@context": ["https://www.w3.org/ns/did/v1"],
        "id": did,
        "verificationMethod": [
            {
                "id": vm,
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": key.public.multibase,
            }
        ],
        "authentication": [vm],
        "assertionMethod": [vm],
    }


def test_a_vp_jwt_signed_by_a_lookalike_did_web(did_web_hosts) -> None:
    server, fetcher = did_web_hosts
    attacker = Ed25519KeyPair.generate()
    evil = f"did:web:alice.example.evil.test%3A{server.port}"
    server.serve_json("/.well-known/did.json", _did_document(evil, attacker))
    verifier = _verifier(fetcher)
    request = verifier.create([Ask(format="jwt_vc_json")])
    answer = _vp_jwt(verifier, request, "did:web:alice.example", f"{evil}#key-1", attacker)
    _refused(verifier, request, answer)
    assert "/.well-known/did.json" in server.hits  # the attacker's key itself resolved fine


def test_a_vp_jwt_signed_by_a_did_web_that_extends_the_holders_path(https_server) -> None:
    server, tls = https_server
    alice, attacker = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    holder = f"did:web:127.0.0.1%3A{server.port}:alice"
    evil = f"{holder}.evil"
    server.serve_json("/alice/did.json", _did_document(holder, alice))
    server.serve_json("/alice.evil/did.json", _did_document(evil, attacker))
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        verifier = _verifier(fetcher)
        request = verifier.create([Ask(format="jwt_vc_json")])
        _refused(verifier, request, _vp_jwt(verifier, request, holder, f"{evil}#key-1", attacker))
        # alice's own key, listed in her own document, is hers
        honest = verifier.create([Ask(format="jwt_vc_json")])
        answer = _vp_jwt(verifier, honest, holder, f"{holder}#key-1", alice)
    assert answer.verified, [p for c in answer.presentations for p in c.problems]


def _ldp_forgery(request, domain: str, holder: str = URN) -> dict:
    attacker = Ed25519KeyPair.generate()
    return rq.ldp_presentation(
        [_stolen_ldp(holder)],
        holder=attacker.signer(f"{holder}#{attacker.public.multibase}"),
        holder_did=holder,
        nonce=request.nonce,
        client_id=domain,
    )


def test_an_ldp_vp_signed_under_the_holders_urn_with_another_key() -> None:
    """The operator's list names the holder's urn: that recognises, it never binds a key."""
    verifier = _verifier()
    request = verifier.create([Ask(format="ldp_vc")])
    vp = _ldp_forgery(request, request.client_id)
    answer = verifier.check_vp_token(request.id, {"c1_ldp": [vp]}, request.state)
    _refused(verifier, request, answer)
    assert answer.presentations[0].result.verdict is Verdict.ISSUER_NOT_CONFIRMED


def test_a_vcapi_presentation_signed_under_the_holders_urn_with_another_key() -> None:
    verifier = _verifier()
    request = verifier.create([Ask(format="ldp_vc")])
    answer = verifier.check_vcapi(request.id, _ldp_forgery(request, verifier.origin))
    _refused(verifier, request, answer)


# --- the share page ---------------------------------------------------------------------------


@pytest.mark.parametrize("issuer_id", ["https://www.harvard.edu/issuers/1", URN])
def test_a_forged_degree_is_never_green_on_the_share_page(issuer_id: str) -> None:
    attacker = Ed25519KeyPair.generate()
    doc = badge(
        attacker, issuer={"id": issuer_id, "type": ["Profile"], "name": "Harvard University"}
    )
    forged = di.sign(
        doc,
        attacker.signer(f"{issuer_id}#{attacker.public.multibase}"),
        created="2024-01-01T00:00:00Z",
    )
    trust = TrustLists(
        (TrustList("Employer's list", (TrustEntry(issuer_id, "Harvard University"),)),)
    )
    now = datetime(2026, 3, 1, tzinfo=UTC)
    result = verify_document(forged, VerifyOptions(now=now, trust=trust))
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED
    page = render_presentation(
        forged, result, base="https://s.example/s/1/k", now=now + timedelta(hours=1)
    )
    assert 'data-level="issuer_not_confirmed"' in page
    assert 'data-level="verified"' not in page and 'class="verdict tone-verified' not in page
    assert "Recognised by" not in page and "recognition yes" not in page


# --- what the wallet accepts as issued to the learner ------------------------------------------


def test_a_credential_is_the_learners_only_when_its_subject_binds_the_learners_key() -> None:
    from wallet.services.admission import holder_bound as _holder_bound

    learner = Ed25519KeyPair.generate()
    jwk = b64url_encode(json.dumps(learner.public.to_jwk(), separators=(",", ":")).encode())

    def issued(subject: object) -> dict:
        vc = badge(ISSUER)
        vc["credentialSubject"]["id"] = subject
        return vc

    assert _holder_bound(issued(learner.did), learner.did)
    assert _holder_bound(issued(f"did:jwk:{jwk}"), learner.did)  # the same key, another form
    for other in (
        f"{learner.did}#{learner.public.multibase}",
        learner.did.upper(),
        f"urn:uuid:{learner.public.multibase}",
        learner.did[:-1],
        Ed25519KeyPair.generate().did,
        f"did:web:{learner.public.multibase}",
    ):
        assert not _holder_bound(issued(other), learner.did), other
    assert not _holder_bound(issued([learner.did]), learner.did)  # not an identifier at all
    token = _stolen_jwt(learner.did)
    assert _holder_bound(token, learner.did)
    assert not _holder_bound(token, Ed25519KeyPair.generate().did)
