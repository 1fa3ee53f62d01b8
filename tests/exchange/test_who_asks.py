"""Who asks, honestly — and one consent, one presentation. Over real servers on 127.0.0.1:

* a request signed by a self-certifying DID (did:key, did:jwk: anyone can make one) proves only
  that it was not changed: the DID is who asks, the name it gives itself is shown as its claim,
  never as a verified requester — in the service's preview and in ``wallet respond``'s output;
* "verified" only for an ``x509_san_dns:`` certificate (shown as its DNS name), a did:web whose
  own DID document lists the signing key (shown as that domain), or a verifier the learner
  added; the origin the answer goes to is always given;
* VC-API: a presentation's ``domain`` must be the exchange's own origin (a relaying exchange
  that forwards an employer's challenge and domain is refused, nothing sent), and one consent
  signs at most one presentation (an exchange that asks again is stopped).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from exchange_helpers import Learner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from wallet.crypto import jws
from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
from wallet.crypto.multiformats import b64url_encode
from wallet.demo.issuer import OfferOptions
from wallet.errors import ExchangeFlowError, ExchangeRelayError, RequestObjectError
from wallet.exchange.verifier import Ask
from wallet.record.report import describe_error
from wallet.services.serving import serve_asgi

FAMOUS = "Samsung Electronics — Talent Acquisition"
DCQL = {
    "credentials": [
        {
            "id": "badge",
            "format": "ldp_vc",
            "meta": {
                "type_values": [
                    ["https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential"]
                ]
            },
        }
    ]
}


@pytest.fixture
def stocked(demo_issuer, wallet, receiver) -> list[str]:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    return [a.id for a in receiver.receive(link, Learner()).stored]


@pytest.fixture
def answers(http_server) -> str:
    """A response URI on 127.0.0.1 that takes any answer (a decline, here)."""
    return http_server.serve_json("/cb", {})


def _did_jwk(key: EcKeyPair) -> str:
    jwk = json.dumps(key.public.to_jwk(), separators=(",", ":")).encode()
    return "did:jwk:" + b64url_encode(jwk)


def _self_signed(kind: str, response_uri: str, *, name: str = FAMOUS) -> tuple[str, str]:
    """A request signed by a fresh self-certifying DID that calls itself ``name``: (link, DID)."""
    if kind == "did:key":
        key: Any = Ed25519KeyPair.generate()
        did, kid = key.did, key.key_id
    else:
        key = EcKeyPair.generate()
        did = _did_jwk(key)
        kid = f"{did}#0"
    client_id = f"decentralized_identifier:{did}"
    claims = {
        "client_id": client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": secrets.token_urlsafe(16),
        "state": "s1",
        "dcql_query": DCQL,
        "client_metadata": {"client_name": name, "logo_uri": "https://www.samsung.com/logo.png"},
    }
    token = jws.sign_jws({"typ": "oauth-authz-req+jwt", "kid": kid}, claims, key.signer(kid))
    return "openid4vp://?" + urlencode({"client_id": client_id, "request": token}), did


# --- who asks ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["did:key", "did:jwk"])
def test_a_self_certifying_did_is_never_a_verified_requester(wallet, answers, kind) -> None:
    link, did = _self_signed(kind, answers)
    who = wallet.responding.preview(link).verifier
    assert who.name == did and not who.verified  # the DID is who asks, not verified
    assert who.standing == "integrity"  # the signature proves only that it is unchanged
    assert who.claimed_name == FAMOUS  # the name is the requester's own claim
    assert who.logo is None  # so is its logo: not shown as theirs
    assert who.origin == answers.split("://")[1].split("/")[0]
    assert who.how.startswith(f"signed, but with a {kind}") and "anyone can" in who.how


def test_a_self_signed_request_changed_on_the_way_is_refused(wallet, answers) -> None:
    link, _did = _self_signed("did:jwk", answers)
    sig = link.split("request=")[1].split(".")[2]
    other = _self_signed("did:jwk", answers)[0].split("request=")[1].split(".")[2]
    with pytest.raises(RequestObjectError, match="does not match"):
        wallet.responding.preview(link.replace(sig, other))


@pytest.mark.parametrize("kind", ["did:key", "did:jwk"])
def test_wallet_respond_never_prints_a_did_key_requester_as_verified(
    tmp_path, answers, kind
) -> None:
    from cli_runner import wallet_runner

    run = wallet_runner(tmp_path / "cli", "a pass phrase")
    link, did = _self_signed(kind, answers)
    out = run("respond", "--dev", "--decline", link)
    text = out.stdout.decode()
    assert out.returncode == 0, out.stderr
    assert "[verified]" not in text and f"{FAMOUS} asks" not in text
    assert f"{did} asks for credentials" in text
    assert f"calls itself “{FAMOUS}”" in text and "its own claim" in text
    assert f"answers go to {answers.split('://')[1].split('/')[0]}" in text


def test_an_unsigned_request_does_not_lead_with_its_claimed_name(wallet) -> None:
    response_uri = "https://careers.example/cb"
    params = {
        "client_id": f"redirect_uri:{response_uri}",
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": "n-0S6_WzA2Mj",
        "dcql_query": json.dumps(DCQL),
        "client_metadata": json.dumps({"client_name": FAMOUS}),
    }
    who = wallet.responding.preview("openid4vp://?" + urlencode(params)).verifier
    assert who.name == "careers.example" == who.origin and not who.verified  # where it goes
    assert who.standing == "unverified" and who.claimed_name == FAMOUS


def test_x509_is_shown_as_the_name_its_certificate_proves(employer, wallet, ca) -> None:
    wallet.responding.trust_store = ca.store
    employer.verifier.name = FAMOUS  # what it says of itself, in client_metadata
    request = employer.verifier.create([Ask()], prefix="x509_san_dns")
    who = wallet.responding.preview(employer.verifier.link(request)).verifier
    assert who.name == "localhost" and who.verified  # the name its certificate proves
    assert who.standing == "verified" and who.basis == "x509" and who.claimed_name == FAMOUS
    assert "Test Trust Anchor" in who.how


def test_did_web_with_its_key_in_its_document_is_shown_as_its_domain(employer, wallet) -> None:
    employer.verifier.name = FAMOUS
    request = employer.verifier.create([Ask()], prefix="did_web")
    who = wallet.responding.preview(employer.verifier.link(request)).verifier
    host = employer.url.split("://")[1]
    assert who.name == host and who.verified  # its domain, not what it calls itself
    assert who.standing == "verified" and who.basis == "did_web"
    assert who.claimed_name == FAMOUS and who.origin == host
    assert employer.verifier.did_web in who.how


def _did_web_server(http_server, document_keys: dict[str, Ed25519KeyPair]) -> str:
    """A did:web on 127.0.0.1 whose document lists ``document_keys`` (fragment → key)."""
    did = f"did:web:127.0.0.1%3A{http_server.port}"
    methods = [
        {
            "id": f"{did}#{frag}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.public.multibase,
        }
        for frag, key in document_keys.items()
    ]
    http_server.serve_json(
        "/.well-known/did.json",
        {
            "@context": ["https://www.w3.org/ns/did/v1"],
            "id": did,
            "verificationMethod": methods,
            "authentication": [m["id"] for m in methods],
        },
    )
    return did


def _did_web_link(did: str, kid: str, key: Ed25519KeyPair, response_uri: str) -> str:
    client_id = f"decentralized_identifier:{did}"
    claims = {
        "client_id": client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": secrets.token_urlsafe(16),
        "dcql_query": DCQL,
        "client_metadata": {"client_name": FAMOUS},
    }
    token = jws.sign_jws({"typ": "oauth-authz-req+jwt", "kid": kid}, claims, key.signer(kid))
    return "openid4vp://?" + urlencode({"client_id": client_id, "request": token})


def test_did_web_binds_only_the_exact_key_its_document_lists(wallet, http_server, answers) -> None:
    theirs, attacker = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    did = _did_web_server(http_server, {"key-1": theirs})
    ok = wallet.responding.preview(_did_web_link(did, f"{did}#key-1", theirs, answers))
    assert ok.verifier.name == f"127.0.0.1:{http_server.port}" and ok.verifier.verified
    refused = [
        f"{did}#key-1",  # the listed id, another key
        f"{did}#key-10",  # an id the listed one is a prefix of
        f"{did}#{attacker.public.multibase}",  # the key written into the fragment
        f"{did}:evil#key-1",  # another DID under the same host
        f"{did.replace('127.0.0.1', '127.0.0.1.')}#key-1",  # a trailing dot
        f"{did}",  # no fragment
    ]
    for kid in refused:
        with pytest.raises(RequestObjectError):
            wallet.responding.preview(_did_web_link(did, kid, attacker, answers))
    # a document that lists the key under another controller does not bind it to this DID
    http_server.serve_json(
        "/.well-known/did.json",
        {
            "id": did,
            "verificationMethod": [
                {
                    "id": f"{did}#key-1",
                    "type": "Multikey",
                    "controller": "did:web:evil.example",
                    "publicKeyMultibase": attacker.public.multibase,
                }
            ],
        },
    )
    with pytest.raises(RequestObjectError):
        wallet.responding.preview(_did_web_link(did, f"{did}#key-1", attacker, answers))


def test_a_verifier_the_learner_added_is_verified_under_their_name(wallet, answers) -> None:
    link, did = _self_signed("did:key", answers)
    wallet.responding.add_verifier(f"decentralized_identifier:{did}", "My old employer", [answers])
    who = wallet.responding.preview(link).verifier
    assert who.name == "My old employer" and who.verified
    assert who.standing == "verified" and who.basis == "registered"
    assert who.claimed_name == FAMOUS
    # another key that calls itself the same is not the one the learner added
    other, _ = _self_signed("did:key", answers)
    assert not wallet.responding.preview(other).verifier.verified


# --- VC-API: the presentation is for the exchange's own origin --------------------------------


class Relay:
    """A hostile VC-API exchange: it forwards an employer's exchange (its challenge and its
    domain) to the learner, and the learner's presentation back to the employer."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.forwarded: list[Any] = []
        self.server = serve_asgi(self._app)

    @property
    def interaction(self) -> str:
        return f"{self.server.url}/interactions/1?iuv=1"

    def _app(self, base: str) -> Starlette:
        async def interaction(request: Request) -> JSONResponse:
            return JSONResponse({"protocols": {"vcapi": f"{base}/exchanges/1"}})

        async def exchange(request: Request) -> JSONResponse:
            message = json.loads(await request.body() or b"{}")
            if "verifiablePresentation" in message:
                self.forwarded.append(message["verifiablePresentation"])
            async with httpx.AsyncClient() as client:
                answer = await client.post(self.target, json=message, timeout=30)
            return JSONResponse(answer.json(), status_code=answer.status_code)

        return Starlette(
            routes=[
                Route("/interactions/1", interaction),
                Route("/exchanges/1", exchange, methods=["POST"]),
            ]
        )

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def relay(employer) -> Iterator[tuple[Relay, Any]]:
    request = employer.verifier.create([Ask(type="OpenBadgeCredential")])
    hostile = Relay(employer.verifier.exchange_url(request))
    try:
        yield hostile, request
    finally:
        hostile.stop()


def test_a_relayed_vcapi_exchange_is_refused_and_nothing_is_sent(
    relay, employer, wallet, stocked
) -> None:
    hostile, request = relay
    with pytest.raises(ExchangeRelayError) as caught:
        wallet.responding.preview(hostile.interaction)
    assert employer.verifier.origin.split("://")[1] in caught.value.message
    assert hostile.server.url.split("://")[1] in caught.value.message
    assert not hostile.forwarded and request.answer is None and request.status == "waiting"
    korean = describe_error(caught.value, "ko")
    assert korean and "domain" not in korean and any("\uac00" <= c <= "\ud7a3" for c in korean)
    # the employer's own exchange, reached directly, is answered as before
    preview = wallet.responding.preview(employer.verifier.interaction_url(request), prefer="vcapi")
    assert wallet.responding.answer(preview).sent and request.answer.verified


def test_a_vcapi_domain_of_another_origin_is_refused(demo_issuer, wallet) -> None:
    url = demo_issuer.issuer.delivery.create(("teamwork",), misbehave="foreign-domain")
    with pytest.raises(ExchangeRelayError, match="employer.example"):
        wallet.responding.preview(url)
    exchange = list(demo_issuer.issuer.delivery.exchanges.values())[-1]
    assert not exchange.received and not wallet.credentials.all()


# --- VC-API: one consent, one presentation -----------------------------------------------------


@pytest.mark.parametrize("misbehave", ["again", "loop"])
def test_an_exchange_that_asks_again_gets_one_presentation(demo_issuer, wallet, misbehave) -> None:
    url = demo_issuer.issuer.delivery.create(("teamwork",), misbehave=misbehave)
    preview = wallet.responding.preview(url)
    assert preview.did_auth
    result = wallet.responding.answer(preview)
    exchange = list(demo_issuer.issuer.delivery.exchanges.values())[-1]
    assert len(exchange.received) == 1  # the one the learner agreed to
    assert result.sent and result.stopped == "asks_again" and not result.stored
    assert "nothing more was signed" in result.message
    # the same consent cannot be used again either
    with pytest.raises(ExchangeFlowError, match="already answered"):
        wallet.responding.answer(preview)
    assert len(exchange.received) == 1


def test_wallet_respond_stops_an_exchange_that_asks_again(demo_issuer, tmp_path) -> None:
    from cli_runner import wallet_runner

    run = wallet_runner(tmp_path / "cli", "a pass phrase")
    url = demo_issuer.issuer.delivery.create(("teamwork",), misbehave="again")
    out = run("respond", "--dev", "--yes", url)
    assert out.returncode == 1
    assert "asked for another signed presentation" in out.stdout.decode()
    exchange = list(demo_issuer.issuer.delivery.exchanges.values())[-1]
    assert len(exchange.received) == 1
