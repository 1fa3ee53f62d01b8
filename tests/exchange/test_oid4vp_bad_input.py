"""Bad input, each named: requests the wallet refuses, answers our verifier refuses, and VC-API
exchanges that misbehave — on 127.0.0.1 (private addresses are refused before any
connection)."""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

import httpx
import pytest
from exchange_helpers import PASSPHRASE, Learner
from starlette.applications import Starlette
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from vp_helpers import make_ca, make_leaf, serve_verifier

from wallet.crypto import jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.crypto.multiformats import b64url_decode, b64url_encode
from wallet.demo.issuer import OfferOptions
from wallet.errors import (
    AnswerRefusedError,
    ExchangeFlowError,
    NothingMatchesError,
    PresentationRequestError,
    ProblemDetailsError,
    RequestObjectError,
    TransactionDataError,
    VerifierTrustError,
)
from wallet.exchange.oid4vp import Holder, vp_token
from wallet.exchange.oid4vp import requests as rq
from wallet.exchange.verifier import Ask
from wallet.services import WalletService
from wallet.services.serving import serve_asgi

COMPETENCY = "Clean and prepare tabular data"
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
def stocked(demo_issuer, wallet, receiver):
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt"))
    )
    return [a.id for a in receiver.receive(link, Learner()).stored]


def _by_value(**params: object) -> str:
    return "openid4vp://?" + urlencode(
        {k: json.dumps(v) if isinstance(v, dict) else v for k, v in params.items()}
    )


def _params(response_uri: str = "https://verifier.example/cb", **extra: object) -> dict:
    base = {
        "client_id": f"redirect_uri:{response_uri}",
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": "n-0S6_WzA2Mj",
        "state": "s1",
        "dcql_query": DCQL,
    }
    base.update(extra)
    return {k: v for k, v in base.items() if v is not None}


# --- requests the wallet refuses --------------------------------------------------------------


def test_missing_nonce(wallet) -> None:
    with pytest.raises(PresentationRequestError, match="no nonce") as caught:
        wallet.responding.preview(_by_value(**_params(nonce=None)))
    assert caught.value.error == "invalid_request"


def test_redirect_uri_together_with_direct_post(wallet) -> None:
    with pytest.raises(PresentationRequestError, match="must not carry a redirect_uri"):
        wallet.responding.preview(_by_value(**_params(redirect_uri="https://verifier.example/cb")))


def test_redirect_uri_client_whose_response_uri_differs(wallet) -> None:
    params = _params(response_uri="https://elsewhere.example/cb")
    params["client_id"] = "redirect_uri:https://verifier.example/cb"
    with pytest.raises(PresentationRequestError, match="differs from the redirect_uri"):
        wallet.responding.preview(_by_value(**params))


def test_signed_request_with_a_bad_signature(employer, wallet) -> None:
    request = employer.verifier.create([Ask()])
    token = employer.verifier.request_object(request)
    head, body, sig = token.split(".")
    claims = json.loads(b64url_decode(body))
    claims["response_uri"] = claims["response_uri"].replace("/response/", "/elsewhere/")
    forged = f"{head}.{b64url_encode(json.dumps(claims).encode())}.{sig}"
    link = "openid4vp://?" + urlencode({"client_id": request.client_id, "request": forged})
    with pytest.raises(RequestObjectError, match="signature does not match") as caught:
        wallet.responding.preview(link)
    assert caught.value.error == "invalid_request_object"


def test_signed_request_whose_kid_is_not_in_the_did_document(employer, wallet) -> None:
    other = Ed25519KeyPair.generate()
    for prefix, kid in (
        ("decentralized_identifier", f"{employer.verifier.key.did}#{other.public.multibase}"),
        ("did_web", f"{employer.verifier.did_web}#key-2"),
    ):
        request = employer.verifier.create([Ask()], prefix=prefix)
        claims = employer.verifier.claims(request)
        token = jws.sign_jws({"typ": "oauth-authz-req+jwt", "kid": kid}, claims, other.signer(kid))
        link = "openid4vp://?" + urlencode({"client_id": request.client_id, "request": token})
        with pytest.raises(RequestObjectError, match="not in the DID document"):
            wallet.responding.preview(link)


def test_request_object_without_the_jar_typ(employer, wallet) -> None:
    request = employer.verifier.create([Ask()])
    token = jws.sign_jws(
        {"typ": "JWT"}, employer.verifier.claims(request), employer.verifier.key.signer()
    )
    link = "openid4vp://?" + urlencode({"client_id": request.client_id, "request": token})
    with pytest.raises(RequestObjectError, match="typ"):
        wallet.responding.preview(link)


def test_x5c_chain_that_does_not_validate(tmp_path, wallet, ca) -> None:
    wallet.responding.trust_store = ca.store
    stranger = serve_verifier(tmp_path / "a", x509_signing=make_leaf(make_ca("Unknown CA")))
    try:
        request = stranger.verifier.create([Ask()], prefix="x509_san_dns")
        with pytest.raises(VerifierTrustError, match="does not validate") as caught:
            wallet.responding.preview(stranger.verifier.link(request))
        assert caught.value.error == "invalid_client"
    finally:
        stranger.stop()
    with pytest.raises(VerifierTrustError):  # the system's CA store knows no test CA
        wallet.responding.trust_store = None
        served = serve_verifier(tmp_path / "b", x509_signing=make_leaf(ca))
        try:
            wallet.responding.preview(
                served.verifier.link(served.verifier.create([Ask()], prefix="x509_san_dns"))
            )
        finally:
            served.stop()


def test_x5c_whose_san_differs(tmp_path, wallet, ca) -> None:
    wallet.responding.trust_store = ca.store
    served = serve_verifier(tmp_path, x509_signing=make_leaf(ca, dns="other.example"))
    try:
        request = served.verifier.create([Ask()], prefix="x509_san_dns")
        with pytest.raises(VerifierTrustError, match="not for localhost"):
            wallet.responding.preview(served.verifier.link(request))
    finally:
        served.stop()


def test_private_addresses_without_dev(tmp_path) -> None:
    strict = WalletService(
        tmp_path / "strict", dev=False, passphrase_source=lambda _why: PASSPHRASE
    )
    try:
        strict.profiles.create("Learner", protection="passphrase")
        for uri in (
            "https://10.1.2.3/request",
            "https://192.168.0.7/r",
            "http://127.0.0.1:9/request",
            "https://127.0.0.1:9/request",
        ):
            link = "openid4vp://?" + urlencode(
                {"client_id": "redirect_uri:https://a.example/", "request_uri": uri}
            )
            with pytest.raises(PresentationRequestError, match="refused|not https"):
                strict.responding.preview(link)
        preview = strict.responding.preview(
            _by_value(**_params(response_uri="https://192.168.7.7/cb"))
        )
        with pytest.raises(AnswerRefusedError, match="private or special-purpose"):
            strict.responding.decline(preview)
    finally:
        strict.close()


def test_oversized_request_object_and_dcql(wallet, tmp_path) -> None:
    async def big(request):
        return Response(b"e" * 70_000, media_type="application/oauth-authz-req+jwt")

    async def moved(request):
        return RedirectResponse("/big", status_code=302)

    with serve_asgi(
        lambda _url: Starlette(routes=[Route("/big", big), Route("/moved", moved)])
    ) as server:
        for path, message in (("/big", "too large"), ("/moved", "redirected")):
            link = "openid4vp://?" + urlencode(
                {
                    "client_id": "redirect_uri:https://a.example/",
                    "request_uri": f"{server.url}{path}",
                }
            )
            with pytest.raises(PresentationRequestError, match=message):
                wallet.responding.preview(link)
    many = {"credentials": [dict(DCQL["credentials"][0], id=f"q{n}") for n in range(40)]}
    with pytest.raises(PresentationRequestError, match="too large"):
        wallet.responding.preview(_by_value(**_params(dcql_query=many)))
    huge = {"credentials": [dict(DCQL["credentials"][0], padding="x" * 40_000)]}
    with pytest.raises(PresentationRequestError, match="too large"):
        wallet.responding.preview(_by_value(**_params(dcql_query=huge)))


def test_bad_request_uri_method(wallet) -> None:
    link = "openid4vp://?" + urlencode(
        {"client_id": "x", "request_uri": "https://a.example/r", "request_uri_method": "PUT"}
    )
    with pytest.raises(PresentationRequestError) as caught:
        wallet.responding.preview(link)
    assert caught.value.error == "invalid_request_uri_method"


def test_refused_and_unknown_prefixes_and_preregistered_ids(wallet) -> None:
    for client_id in (
        "origin:https://verifier.example",
        "openid_federation:https://v.example",
        "something:else",
        "bare-verifier",
    ):
        params = _params()
        params["client_id"] = client_id
        with pytest.raises(VerifierTrustError):
            wallet.responding.preview(_by_value(**params))
    wallet.responding.add_verifier("bare-verifier", "Bare Corp", ["https://verifier.example/cb"])
    params = _params()
    params["client_id"] = "bare-verifier"
    preview = wallet.responding.preview(_by_value(**params))
    # the learner's own entry (this client id, answered only at the URI they gave) vouches
    assert preview.verifier.name == "Bare Corp" and preview.verifier.verified
    assert preview.verifier.basis == "registered"


def test_unknown_transaction_data_is_answered_invalid_transaction_data(employer, wallet) -> None:
    request = employer.verifier.create([Ask()], prefix="redirect_uri")
    claims = employer.verifier.claims(request)
    claims["transaction_data"] = [
        b64url_encode(json.dumps({"type": "payment", "credential_ids": ["c1_ldp"]}).encode())
    ]
    params = {
        k: (json.dumps(v) if isinstance(v, (dict, list)) else str(v))
        for k, v in claims.items()
        if k not in ("aud", "iat", "exp")
    }
    with pytest.raises(TransactionDataError, match="'payment'") as caught:
        wallet.responding.preview("openid4vp://?" + urlencode(params))
    assert caught.value.error == "invalid_transaction_data"
    assert request.status == "waiting"  # a reported decline leaves the request open
    assert request.declined.startswith("invalid_transaction_data")


def test_a_query_that_matches_nothing(employer, wallet, stocked) -> None:
    request = employer.verifier.create([Ask(type="ClrCredential")])
    preview = wallet.responding.preview(employer.verifier.link(request))
    assert not preview.satisfiable and preview.proposed == {}
    assert all(not q.matches for q in preview.queries)
    with pytest.raises(NothingMatchesError) as caught:
        wallet.responding.answer(preview)
    assert caught.value.error == "access_denied"
    wallet.responding.decline(preview)
    assert request.status == "waiting"  # a reported decline leaves the request open
    assert "no credential that matches" in request.declined


# --- answers our verifier refuses --------------------------------------------------------------


def _token_for(
    wallet, link: str, *, nonce: str | None = None, client_id: str | None = None
) -> tuple[dict, object]:
    resolved = wallet.responding._responder().resolve(link)
    chosen = wallet.responding.preview(link).proposed
    key = wallet.session.holder_key()
    holder = Holder(key.did, key.signer())
    items = {q: [wallet.responding._received(i) for i in ids] for q, ids in chosen.items()}
    if nonce or client_id:
        token = {
            q: [
                rq.ldp_presentation(
                    [c for _f, c in v],
                    holder=holder.signer,
                    holder_did=holder.did,
                    nonce=nonce or resolved.request.nonce,
                    client_id=client_id or resolved.request.client_id,
                )
            ]
            for q, v in items.items()
        }
    else:
        token = vp_token(resolved, items, holder)
    return token, resolved


def _post(verifier, request, token, state=None) -> httpx.Response:
    return httpx.post(
        verifier.response_uri(request),
        timeout=30,
        data={"vp_token": json.dumps(token), "state": state or request.state},
    )


def test_replayed_and_cross_request_answers(employer, wallet, stocked) -> None:
    verifier = employer.verifier
    first = verifier.create([Ask(competency=COMPETENCY, format="ldp_vc")])
    token, _resolved = _token_for(wallet, verifier.link(first))
    assert _post(verifier, first, token).status_code == 200
    assert first.status == "answered" and first.answer.verified
    replay = _post(verifier, first, token)
    assert replay.status_code == 400 and "replay" in replay.json()["error_description"]
    second = verifier.create([Ask(competency=COMPETENCY, format="ldp_vc")])
    cross = _post(verifier, second, token)
    assert cross.status_code == 400
    assert "another request" in cross.json()["error_description"]
    wrong_state = _post(verifier, second, token, state=first.state)
    assert "state" in wrong_state.json()["error_description"]
    assert second.status == "waiting" and second.answer is None
    assert [e["event"] for e in second.events].count("refused") == 2


def test_presentations_with_the_wrong_challenge_or_domain(employer, wallet, stocked) -> None:
    verifier = employer.verifier
    request = verifier.create([Ask(competency=COMPETENCY, format="ldp_vc")])
    link = verifier.link(request)
    for kwargs, said in (
        ({"nonce": "another-nonce"}, "another request"),
        ({"client_id": "decentralized_identifier:did:key:z6Mkother"}, "another verifier"),
    ):
        token, _ = _token_for(wallet, link, **kwargs)
        answer = _post(verifier, request, token)
        assert answer.status_code == 400 and said in answer.json()["error_description"]
    assert request.status == "waiting"
    jwt_request = verifier.create([Ask(format="jwt_vc_json")])
    resolved = wallet.responding._responder().resolve(verifier.link(jwt_request))
    key = wallet.session.holder_key()
    credential = wallet.responding._received(stocked[1])[1]
    wrong_aud = rq.jwt_presentation(
        [credential],
        signer=key.signer(),
        holder_did=key.did,
        nonce=resolved.request.nonce,
        audience="someone-else",
    )
    answer = _post(verifier, jwt_request, {"c1_jwt": [wrong_aud]})
    assert answer.status_code == 400 and "aud" in answer.json()["error_description"]


def test_expired_request(tmp_path, wallet, stocked) -> None:
    served = serve_verifier(tmp_path, lifetime=1.0)
    try:
        request = served.verifier.create([Ask(format="ldp_vc")])
        preview = wallet.responding.preview(served.verifier.link(request))
        assert not request.expired
        request.expires = time.time() - 0.2  # its lifetime has passed, as time would pass
        with pytest.raises(AnswerRefusedError, match="expired"):
            wallet.responding.answer(preview)
        assert request.answer is None
    finally:
        served.stop()


def test_a_tampered_presentation_is_shown_not_verified(employer, wallet, stocked) -> None:
    verifier = employer.verifier
    request = verifier.create([Ask(competency=COMPETENCY, format="ldp_vc")])
    token, _ = _token_for(wallet, verifier.link(request))
    vp = token["c1_ldp"][0]
    vp["verifiableCredential"][0]["name"] = "Data Analysis Grandmaster"
    assert _post(verifier, request, token).status_code == 200
    assert request.answer is not None and not request.answer.verified
    assert request.status == "waiting"  # the real answer can still come


# --- VC-API exchanges that misbehave ------------------------------------------------------------


@pytest.mark.parametrize(
    ("misbehave", "error", "said"),
    [  # loops: see test_who_asks.py
        ("redirect", ExchangeFlowError, "redirect"),
        ("interaction-elsewhere", ExchangeFlowError, "another website"),
        ("problem", ProblemDetailsError, "Delivery is paused"),
    ],
)
def test_vcapi_exchanges_that_misbehave(demo_issuer, wallet, misbehave, error, said) -> None:
    url = demo_issuer.issuer.delivery.create(("teamwork",), misbehave=misbehave)
    with pytest.raises(error, match=said):
        preview = wallet.responding.preview(url)
        wallet.responding.answer(preview)
    assert not wallet.credentials.all()


def test_vcapi_credential_for_another_subject_is_not_stored(demo_issuer, wallet) -> None:
    url = demo_issuer.issuer.delivery.create(("teamwork",), misbehave="other-subject")
    result = wallet.responding.answer(wallet.responding.preview(url))
    assert not result.stored and "another subject" in result.rejected[0]
    assert not wallet.credentials.all()
