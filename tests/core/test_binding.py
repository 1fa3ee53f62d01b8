"""Who a key belongs to (wallet.verification.binding): forgeries that named an attacker's key after
a trusted
issuer, and the legitimate bindings beside them.

Real signatures throughout (Ed25519); the issuers' documents are served over real HTTPS on
127.0.0.1 (answering 404, an HTML page, or a document that lists other keys)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from factories import badge

from wallet.crypto.did import resolve_verification_method
from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
from wallet.crypto.multiformats import b64url_encode
from wallet.exchange.http import HttpFetcher
from wallet.limits import work_budget
from wallet.proofs import dataintegrity as di
from wallet.result import NOT_CONFIRMED, CheckId, Outcome, Verdict
from wallet.verification.binding import Standing, Via, bind_key, identifier_key
from wallet.verification.trust import (
    OUR_FORMAT,
    TrustEntry,
    TrustList,
    TrustLists,
    parse_trust_list,
)
from wallet.verification.verify import VerifyOptions, verify_document, verify_jwt

NOW = datetime(2026, 1, 1, tzinfo=UTC)
HARVARD = "https://www.harvard.edu/issuers/1"
URN = "urn:uuid:2f0c6a6e-0b1d-4d38-9a49-6c3b9e0f1a11"
LEGIT = Ed25519KeyPair.from_seed(bytes(range(32)))


def listing(*entries: TrustEntry) -> TrustLists:
    return TrustLists((TrustList("Employer's list", entries),))


def options(trust: TrustLists, fetcher=None) -> VerifyOptions:
    return VerifyOptions(now=NOW, trust=trust, fetcher=fetcher)


def forged(issuer_id: str, key: Ed25519KeyPair | None = None) -> dict:
    """A degree in a famous issuer's name, signed with someone's key written after ``#``."""
    key = key or Ed25519KeyPair.generate()
    doc = badge(key, issuer={"id": issuer_id, "type": ["Profile"], "name": "Harvard University"})
    return di.sign(
        doc, key.signer(f"{issuer_id}#{key.public.multibase}"), created="2024-01-01T00:00:00Z"
    )


def assert_not_confirmed(result) -> None:
    assert result.check(CheckId.PROOF).outcome is Outcome.PASSED  # the signature is fine…
    binding = result.check(CheckId.ISSUER_BINDING)
    assert binding.outcome is Outcome.WARNING and binding.detail == NOT_CONFIRMED, binding
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED and result.verdict.exit_code == 3
    assert not result.verified and result.recognition is None  # …and nobody is named


# --- the forgeries: a trust list holding the issuer never vouches for a key ------------------


@pytest.mark.parametrize("issuer_id", [HARVARD, URN])
def test_a_key_after_a_trusted_issuers_hash_is_not_the_issuers_offline(issuer_id: str) -> None:
    trust = listing(TrustEntry(issuer_id, "Harvard University"))
    assert_not_confirmed(verify_document(forged(issuer_id), options(trust)))
    # the same through the file formats, either of them
    for data in (
        f'{{"registry": {{"{issuer_id}": {{"name": "Harvard University"}}}}}}',
        f'{{"format": "{OUR_FORMAT}", "entries": [{{"id": "{issuer_id}"}}]}}',
    ):
        lists = TrustLists((parse_trust_list(data, name="Employer's list"),))
        assert_not_confirmed(verify_document(forged(issuer_id), options(lists)))


@pytest.mark.parametrize("answer", ["404", "html"])
def test_a_key_after_a_trusted_issuers_hash_online(https_server, answer: str) -> None:
    server, tls = https_server
    issuer_id = server.url("/issuers/1")
    if answer == "html":
        server.serve(
            "/issuers/1", b"<!doctype html><title>Harvard</title><p>Welcome</p>", "text/html"
        )
    trust = listing(TrustEntry(issuer_id, "Harvard University"))
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        result = verify_document(forged(issuer_id), options(trust, fetcher))
    assert_not_confirmed(result)
    assert "/issuers/1" in server.hits  # the issuer's own document was asked, and did not say


@pytest.mark.parametrize("issuer_id", [HARVARD, URN])
def test_a_vc_jwt_whose_relative_kid_carries_someone_elses_key(issuer_id: str) -> None:
    attacker = Ed25519KeyPair.generate()
    vc = badge(
        attacker, issuer={"id": issuer_id, "type": ["Profile"], "name": "Harvard University"}
    )
    token = sign_jws(
        {"typ": "JWT", "kid": f"#{attacker.public.multibase}"},
        {
            "vc": vc,
            "iss": issuer_id,
            "jti": vc["id"],
            "nbf": 1704067200,
            "sub": vc["credentialSubject"]["id"],
        },
        attacker.signer(),
    )
    trust = listing(TrustEntry(issuer_id, "Harvard University"))
    assert_not_confirmed(verify_jwt(token, options(trust)))


def test_a_document_that_claims_another_issuer_as_its_controller(https_server) -> None:
    """A key listed in the attacker's own document, which says the victim controls it."""
    server, tls = https_server
    victim, evil = server.url("/issuers/1"), server.url("/evil")
    attacker = Ed25519KeyPair.generate()
    server.serve_json(
        "/evil",
        {
            "id": evil,
            "assertionMethod": [f"{evil}#key-1"],
            "verificationMethod": [
                {
                    "id": f"{evil}#key-1",
                    "type": "Multikey",
                    "controller": victim,
                    "publicKeyMultibase": attacker.public.multibase,
                }
            ],
        },
    )
    doc = badge(attacker, issuer={"id": victim, "type": ["Profile"], "name": "Victim U"})
    signed = di.sign(doc, attacker.signer(f"{evil}#key-1"), created="2024-01-01T00:00:00Z")
    trust = listing(TrustEntry(victim, "Victim University"))
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        unreachable = verify_document(signed, options(trust, fetcher))
        server.serve_json("/issuers/1", {"id": victim, "type": "Profile", "name": "Victim U"})
        lists_nothing = verify_document(signed, options(trust, fetcher))
    assert_not_confirmed(unreachable)
    assert lists_nothing.check(CheckId.ISSUER_BINDING).outcome is Outcome.FAILED
    assert lists_nothing.verdict is Verdict.NOT_VERIFIED


# --- what does bind ---------------------------------------------------------------------------


@pytest.mark.parametrize("issuer_id", [HARVARD, URN])
def test_a_list_naming_the_exact_key_id_binds_it_offline(issuer_id: str) -> None:
    signed = forged(issuer_id, LEGIT)
    trust = listing(TrustEntry(f"{issuer_id}#{LEGIT.public.multibase}", "Harvard University"))
    result = verify_document(signed, options(trust))
    assert result.verdict is Verdict.VERIFIED, result.checks
    assert result.check(CheckId.ISSUER_BINDING).detail == "trusted_key"
    assert result.recognition.name == "Harvard University"
    # another key under the same issuer is not named by that entry
    assert_not_confirmed(verify_document(forged(issuer_id), options(trust)))


def test_a_list_naming_the_issuer_with_its_public_key_binds_it() -> None:
    data = (
        f'{{"format": "{OUR_FORMAT}", "name": "Employer\'s list", "entries": ['
        f'{{"id": "{HARVARD}", "name": "Harvard University", '
        f'"publicKeyJwk": {{"kty": "OKP", "crv": "Ed25519", "x": '
        f'"{LEGIT.public.to_jwk()["x"]}"}}}}]}}'
    )
    trust = TrustLists((parse_trust_list(data),))
    result = verify_document(forged(HARVARD, LEGIT), options(trust))
    assert result.verdict is Verdict.VERIFIED, result.checks
    assert_not_confirmed(verify_document(forged(HARVARD), options(trust)))


def test_a_did_web_document_that_lists_the_exact_key(https_server) -> None:
    server, tls = https_server
    did = f"did:web:127.0.0.1%3A{server.port}"
    server.serve_json(
        "/.well-known/did.json",
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": [
                {
                    "id": f"{did}#key-1",
                    "type": "Multikey",
                    "controller": did,
                    "publicKeyMultibase": LEGIT.public.multibase,
                }
            ],
            "assertionMethod": [f"{did}#key-1"],
        },
    )
    with HttpFetcher(dev=True, verify=tls) as fetcher:
        bound = bind_key(did, LEGIT.public, f"{did}#key-1", fetcher=fetcher)
        other = bind_key(did, Ed25519KeyPair.generate().public, fetcher=fetcher)
        # as a holder's key it is not listed (authentication): not the holder's
        holder = bind_key(did, LEGIT.public, fetcher=fetcher, purpose="authentication")
        any_method = bind_key(did, LEGIT.public, fetcher=fetcher, purpose=None)
    assert bound.bound and bound.via is Via.DOCUMENT and any_method.bound
    assert other.standing is Standing.NOT_THE_KEY
    assert holder.standing is Standing.NOT_THE_KEY


def test_self_certifying_identifiers_are_their_key() -> None:
    ec = EcKeyPair.generate("P-256")
    did_jwk = "did:jwk:" + b64url_encode(
        b'{"kty":"EC","crv":"P-256","x":"%s","y":"%s"}'
        % (ec.public.to_jwk()["x"].encode(), ec.public.to_jwk()["y"].encode())
    )
    assert identifier_key(did_jwk) == ec.public and identifier_key(ec.public.did) == ec.public
    assert bind_key(did_jwk, ec.public).via is Via.IDENTIFIER
    assert bind_key(LEGIT.did, LEGIT.public).via is Via.IDENTIFIER
    assert bind_key(LEGIT.did, ec.public).standing is Standing.NOT_THE_KEY
    resolved = resolve_verification_method(f"{did_jwk}#0")
    assert resolved.confirmed and resolved.method.public_key == ec.public
    # a trust entry cannot make a did:key another key's
    trust = listing(TrustEntry(LEGIT.did, "Riverside", key=ec.public.multibase))
    assert bind_key(LEGIT.did, ec.public, trust=trust).standing is Standing.NOT_THE_KEY


def test_recognition_only_for_a_bound_key_and_the_binding_entry() -> None:
    """Bound by the list's key entry, the issuer is named by that entry — not by another list
    that names the identifier only."""
    signed = forged(URN, LEGIT)
    trust = TrustLists(
        (
            TrustList("Names", (TrustEntry(URN, "Harvard University"),)),
            TrustList("Keys", (TrustEntry(f"{URN}#{LEGIT.public.multibase}", "Bob's Academy"),)),
        )
    )
    result = verify_document(signed, options(trust))
    assert result.verdict is Verdict.VERIFIED
    assert (result.recognition.list_name, result.recognition.name) == ("Keys", "Bob's Academy")


# --- trust lists: indexed, and charged -------------------------------------------------------


def test_a_large_list_is_indexed_and_charged_to_the_work_budget() -> None:
    entries = tuple(TrustEntry(f"did:web:issuer{i}.example") for i in range(50_000))
    with work_budget() as budget:
        big = TrustList("Big", entries)
    assert budget.spent >= 10 * 50_000  # reading it counted
    lists = TrustLists((big,))
    with work_budget() as budget:
        for i in range(2_000):
            lists.recognise(f"did:web:issuer{i * 7}.example")
            lists.vouch(HARVARD, LEGIT.public, f"{HARVARD}#{LEGIT.public.multibase}")
    assert 0 < budget.spent <= 4_000 * 2  # a look-up costs the same whatever the list's size
    assert lists.recognise("did:web:issuer49999.example").matched == "did:web:issuer49999.example"
    assert lists.recognise("did:web:issuer49999.example.evil") is None


def test_an_unreadable_key_in_a_list_is_refused_with_the_reason() -> None:
    from wallet.errors import TrustListError

    with pytest.raises(TrustListError, match="key cannot be read"):
        parse_trust_list(
            f'{{"format": "{OUR_FORMAT}", "entries": [{{"id": "{URN}", '
            '"publicKeyMultibase": "z6MkNOTAKEY"}]}'
        )


def test_options_without_lists_still_warn_offline() -> None:
    result = verify_document(forged(HARVARD), replace(options(TrustLists()), trust=None))
    assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED
