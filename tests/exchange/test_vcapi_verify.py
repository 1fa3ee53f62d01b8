"""VC-API verification in the share service (wallet.exchange.vcapi_verify): POST
/credentials/verify and /presentations/verify on a real server on 127.0.0.1 — each verdict level
(200 verified, 400 not, the same body), a VC-JWT in an EnvelopedVerifiableCredential, each bad
input the issue names (not JSON, nested 10,000 deep, 5 MB, both a credential and a
presentation, unknown options), the bearer token, offline by default and online when the
operator allows it; the rate limit across replicas and the busy pool in-process; and every VC
Data Model 2.0 MUST broken one at a time (test_vcdm's cases) answered with the verdict the
library gives, as a credential and inside a presentation."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import copy
import importlib
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from factories import badge, signed_badge, status_entry, status_list
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from share_helpers import Asgi, make_server

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import WalletError
from wallet.exchange import verifier_guard as guard
from wallet.exchange.share import ShareServer
from wallet.exchange.share_store import open_store
from wallet.proofs import dataintegrity as di
from wallet.result import Verdict
from wallet.services.serving import RunningShareService, serve_share_service
from wallet.verification.trust import TrustLists, parse_trust_list
from wallet.verification.verify import VerifyOptions, verify_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
vcdm_cases = importlib.import_module("test_vcdm")  # the VC 2.0 MUSTs, one case each

ISSUER = Ed25519KeyPair.from_seed(b"\x31" * 32)  # on the operator's list
STRANGER = Ed25519KeyPair.from_seed(b"\x32" * 32)  # on no list
HOLDER = Ed25519KeyPair.from_seed(b"\x33" * 32)
TRUST = json.dumps(
    {
        "format": "learner-wallet-trust-list/1",
        "name": "Operator's list",
        "entries": [{"id": ISSUER.did, "name": "Example College"}],
    }
).encode()
VCDM = "https://www.w3.org/TR/vc-data-model#"
CHALLENGE, DOMAIN = "job-7", "https://employer.example"


def _served(tmp: Path, **options: Any) -> RunningShareService:
    return serve_share_service(data_dir=tmp, trust=[TRUST], verify_rate_limit=100_000, **options)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningShareService]:
    with _served(tmp_path_factory.mktemp("vcapi")) as running:
        yield running


@pytest.fixture(scope="module")
def http(service: RunningShareService) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=service.url, timeout=60) as client:
        yield client


def _post(http: httpx.Client, path: str, body: Any = None, **kwargs: Any) -> httpx.Response:
    if body is not None:
        kwargs["content"] = body if isinstance(body, bytes) else json.dumps(body).encode()
    return http.post(
        path, headers={"Content-Type": "application/json", **kwargs.pop("headers", {})}, **kwargs
    )


def _mine(key: Ed25519KeyPair) -> dict[str, Any]:
    """A badge ``key`` issued to the holder."""
    doc = badge(key)
    doc["credentialSubject"]["id"] = HOLDER.did
    return di.sign(doc, key.signer(), created="2024-01-01T00:00:00Z")


def _library(doc: Any, **options: Any) -> Verdict:
    """The verdict the library gives, with the operator's list (the oracle)."""
    lists = TrustLists((parse_trust_list(TRUST, source="given"),))
    return verify_document(doc, VerifyOptions(trust=lists, **options)).verdict


def _vp(*credentials: dict[str, Any], challenge: str = CHALLENGE) -> dict[str, Any]:
    vp = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": HOLDER.did,
        "verifiableCredential": list(credentials),
    }
    return di.sign(
        vp, HOLDER.signer(), proof_purpose="authentication", challenge=challenge, domain=DOMAIN
    )


def _codes(problems: list[dict[str, Any]]) -> set[str]:
    return {p.get("code", "") for p in problems}


# --- each verdict level, end to end -------------------------------------------------------------


def _tampered() -> dict[str, Any]:
    doc = signed_badge(ISSUER)
    doc["name"] = "Rocket Science Badge"
    return doc


LEVELS = {
    "verified": lambda: signed_badge(ISSUER),
    "verified_with_warnings": lambda: signed_badge(STRANGER),  # its issuer on no list
    # a did:key signed for a urn: issuer: nothing ties the key to the issuer named
    "issuer_not_confirmed": lambda: signed_badge(
        ISSUER,
        issuer={
            "id": "urn:uuid:7d1e2b3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "type": ["Profile"],
            "name": "Famous University",
        },
    ),
    "not_verified": _tampered,
}


@pytest.mark.parametrize("level", sorted(LEVELS))
def test_each_verdict_level_over_http(http, level: str) -> None:
    doc = LEVELS[level]()
    assert _library(doc).value == level  # the case is what it says
    answer = _post(
        http, "/credentials/verify", {"verifiableCredential": doc, "options": {"checks": ["proof"]}}
    )
    body = answer.json()
    assert body["verdict"] == level
    assert answer.headers["cache-control"] == "no-store"
    assert {"proof", "structure", "jsonld"} <= set(body["checks"])
    assert body["problemDetails"] == body["errors"] + body["warnings"]
    if level == "verified":
        assert (answer.status_code, body["verified"], body["errors"], body["warnings"]) == (
            200,
            True,
            [],
            [],
        )
    elif level == "verified_with_warnings":
        assert answer.status_code == 200 and body["verified"] is True and body["errors"] == []
        assert _codes(body["warnings"]) == {"not_recognised"}
    elif level == "issuer_not_confirmed":  # verified false, the reason an error
        assert answer.status_code == 400 and body["verified"] is False
        [error] = body["errors"]
        assert error["code"] == "issuer_not_confirmed" and error["check"] == "issuer_binding"
        assert error["type"] == VCDM + "CRYPTOGRAPHIC_SECURITY_ERROR"
    else:
        assert answer.status_code == 400 and body["verified"] is False
        assert {(e["check"], e["code"]) for e in body["errors"]} == {("proof", "bad_signature")}
        assert body["errors"][0]["type"] == VCDM + "CRYPTOGRAPHIC_SECURITY_ERROR"


def test_a_presentation_over_http(http) -> None:
    vp = _vp(_mine(ISSUER), _mine(STRANGER))
    options = {"challenge": CHALLENGE, "domain": DOMAIN}
    answer = _post(
        http, "/presentations/verify", {"verifiablePresentation": vp, "options": options}
    )
    body = answer.json()
    assert answer.status_code == 200, body
    assert body["verdict"] == _library(vp, challenge=CHALLENGE, domain=DOMAIN).value
    assert "challenge" in body["checks"] and "holder_binding" in body["checks"]
    assert [r["verdict"] for r in body["credentialResults"]] == [
        "verified",
        "verified_with_warnings",
    ]
    # made for another request: refused, the reason an error of the spec's type
    other = _post(
        http,
        "/presentations/verify",
        {"verifiablePresentation": vp, "options": {"challenge": "job-8", "domain": DOMAIN}},
    )
    assert other.status_code == 400 and other.json()["verdict"] == "not_verified"
    [error] = [e for e in other.json()["errors"] if e["check"] == "challenge"]
    assert error["type"] == "https://w3id.org/security#INVALID_CHALLENGE_ERROR"
    # a tampered credential inside: the presentation is not verified, and says which
    bad = _vp(_mine(ISSUER), _tampered())
    refused = _post(
        http, "/presentations/verify", {"verifiablePresentation": bad, "options": options}
    ).json()
    assert refused["verified"] is False
    assert [r["verified"] for r in refused["credentialResults"]] == [True, False]


def _vc_jwt(key: Ed25519KeyPair, vc: dict[str, Any]) -> str:
    header = {"alg": "EdDSA", "typ": "vc+jwt", "kid": f"{key.did}#{key.did.split(':')[-1]}"}
    payload = {
        "vc": vc,
        "iss": key.did,
        "jti": vc["id"],
        "nbf": 1704067200,
        "sub": vc["credentialSubject"]["id"],
    }
    return sign_jws(header, payload, key.signer())


def _envelope(token: str, media: str = "application/vc+jwt") -> dict[str, Any]:
    return {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "type": "EnvelopedVerifiableCredential",
        "id": f"data:{media},{token}",
    }


def test_a_vc_jwt_in_an_enveloped_credential(http) -> None:
    token = _vc_jwt(ISSUER, badge(ISSUER))
    answer = _post(
        http,
        "/credentials/verify",
        {"verifiableCredential": _envelope(token), "options": {"returnCredential": True}},
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["verdict"] == "verified"
    assert answer.json()["credential"] == _envelope(token)  # as it was sent
    head, payload, signature = token.split(".")
    other = json.loads(base64.urlsafe_b64decode(payload + "=="))
    other["vc"]["name"] = "Rocket Science"
    forged = ".".join(
        [head, base64.urlsafe_b64encode(json.dumps(other).encode()).decode().rstrip("="), signature]
    )
    refused = _post(http, "/credentials/verify", {"verifiableCredential": _envelope(forged)})
    assert refused.status_code == 400 and "bad_signature" in _codes(refused.json()["errors"])
    sd = _post(
        http,
        "/credentials/verify",
        {"verifiableCredential": _envelope(token, "application/vc+sd-jwt")},
    )
    assert sd.status_code == 400 and "application/vc+sd-jwt" in sd.json()["errors"][0]["detail"]


# --- bad input, end to end ----------------------------------------------------------------------


def _deep(depth: int) -> bytes:
    return b'{"verifiableCredential": ' + b"[" * depth + b"]" * depth + b"}"


BAD = [  # (name, endpoint, body, status, what the error says)
    ("not JSON", "/credentials/verify", b"{'verifiableCredential': 1}", 400, "not JSON"),
    ("not UTF-8", "/credentials/verify", b'{"verifiableCredential": "\xff"}', 400, "UTF-8"),
    ("an array", "/credentials/verify", b"[]", 400, "not a JSON object"),
    ("nested 10,000 deep", "/credentials/verify", _deep(10_000), 400, "deep"),
    (
        "5 MB",
        "/credentials/verify",
        b'{"verifiableCredential": "' + b"x" * (5 << 20) + b'"}',
        413,
        "larger than this verifier takes",
    ),
    (
        "both a credential and a presentation",
        "/credentials/verify",
        {"verifiableCredential": {}, "verifiablePresentation": {}},
        400,
        "holds both",
    ),
    (
        "both, to the presentations' endpoint",
        "/presentations/verify",
        {"verifiableCredential": {}, "verifiablePresentation": {}},
        400,
        "holds both",
    ),
    ("neither", "/credentials/verify", {"options": {}}, 400, "holds no verifiableCredential"),
    (
        "a presentation to the credentials' endpoint",
        "/credentials/verify",
        {"verifiablePresentation": {}},
        400,
        "/presentations/verify",
    ),
    (
        "a credential to the presentations' endpoint",
        "/presentations/verify",
        {"verifiableCredential": {}},
        400,
        "/credentials/verify",
    ),
    (
        "a presentation typed as a credential",
        "/presentations/verify",
        {"verifiablePresentation": badge(ISSUER)},
        400,
        "typed as a credential",
    ),
    (
        "an unknown option",
        "/credentials/verify",
        {"verifiableCredential": {}, "options": {"skipProof": True}},
        400,
        "'skipProof'",
    ),
    (
        "a challenge for a credential",
        "/credentials/verify",
        {"verifiableCredential": {}, "options": {"challenge": "x"}},
        400,
        "for presentations",
    ),
    (
        "an unknown check",
        "/presentations/verify",
        {"verifiablePresentation": {}, "options": {"checks": ["proof", "vibes"]}},
        400,
        "'vibes'",
    ),
    (
        "checks that are not a list",
        "/credentials/verify",
        {"verifiableCredential": {}, "options": {"checks": "proof"}},
        400,
        "list",
    ),
    (
        "options that are not an object",
        "/credentials/verify",
        {"verifiableCredential": {}, "options": ["proof"]},
        400,
        "JSON object",
    ),
    (
        "a challenge that is not a string",
        "/presentations/verify",
        {"verifiablePresentation": {}, "options": {"challenge": 7}},
        400,
        "string",
    ),
    (
        "a member of its own",
        "/credentials/verify",
        {"verifiableCredential": {}, "credential": {}},
        400,
        "'credential'",
    ),
    (
        "a compact JWT as the credential",
        "/credentials/verify",
        {"verifiableCredential": "eyJ.eyJ.sig"},
        400,
        "EnvelopedVerifiableCredential",
    ),
    (
        "an envelope without a data: URL",
        "/credentials/verify",
        {"verifiableCredential": _envelope("x") | {"id": "https://x.example/vc"}},
        400,
        "data:",
    ),
]


@pytest.mark.parametrize(
    ("endpoint", "body", "status", "says"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_input_gets_a_clear_4xx(http, endpoint: str, body: Any, status: int, says: str) -> None:
    answer = _post(http, endpoint, body)
    assert answer.status_code == status, answer.text[:500]
    payload = answer.json()
    assert payload["verified"] is False and payload["checks"] == []
    [error] = payload["errors"]
    assert says in error["detail"], error
    assert error["status"] == status and payload["problemDetails"] == [error]


def test_an_unknown_option_is_the_specs_problem_type(http) -> None:
    answer = _post(
        http, "/credentials/verify", {"verifiableCredential": {}, "options": {"unknownOption": 1}}
    )
    assert (
        answer.json()["errors"][0]["type"] == "https://www.w3.org/TR/vcalm#UNKNOWN_OPTION_PROVIDED"
    )


def test_5_mb_sent_in_chunks_is_refused_too_and_the_service_goes_on(http) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"verifiableCredential": "'
        for _ in range(80):
            yield b"x" * 65536
        yield b'"}'

    answer = http.post("/credentials/verify", content=chunks())
    assert answer.status_code == 413
    assert (
        _post(
            http, "/credentials/verify", {"verifiableCredential": signed_badge(ISSUER)}
        ).status_code
        == 200
    )


def test_too_many_credentials_in_a_presentation(http) -> None:
    vc = _mine(ISSUER)
    answer = _post(
        http,
        "/presentations/verify",
        {
            "verifiablePresentation": {
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": "VerifiablePresentation",
                "verifiableCredential": [vc] * (guard.MAX_CREDENTIALS + 1),
            }
        },
    )
    assert answer.status_code == 413
    assert f"at most {guard.MAX_CREDENTIALS}" in answer.json()["errors"][0]["detail"]


# --- the operator's choices: the token, the network ---------------------------------------------


def test_the_bearer_token(tmp_path: Path) -> None:
    token = "vc-api-s3cret-7f1d"
    with (
        _served(tmp_path, verify_token=token) as running,
        httpx.Client(base_url=running.url, timeout=60) as http,
    ):
        body = {"verifiableCredential": signed_badge(ISSUER)}
        for headers in (
            {},
            {"Authorization": "Bearer wrong"},
            {"Authorization": token},
            {"Authorization": f"Basic {token}"},
            {"Authorization": f"Bearer {token}x"},
        ):
            refused = _post(http, "/credentials/verify", body, headers=headers)
            assert refused.status_code == 401, headers
            assert refused.headers["www-authenticate"].startswith("Bearer")
            assert token not in refused.text
        assert (
            _post(
                http, "/credentials/verify", b"{not json", headers={"Authorization": "Bearer wrong"}
            ).status_code
            == 401
        )  # nothing read before it
        taken = _post(
            http,
            "/presentations/verify",
            {"verifiablePresentation": _vp()},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert taken.status_code in (200, 400) and "verdict" in taken.json()
        assert (
            _post(
                http, "/credentials/verify", body, headers={"authorization": f"bearer {token}"}
            ).status_code
            == 200
        )
        # the share service's other pages are not behind it
        assert http.get("/ask").status_code == 200


def _revocable(http_server) -> dict[str, Any]:
    url = http_server.serve_json(
        "/status/1", status_list(ISSUER, http_server.url("/status/1"), revoked={5})
    )
    return signed_badge(ISSUER, credentialStatus=status_entry(url, 5))


def test_offline_by_default_status_unknown(http, http_server) -> None:
    answer = _post(http, "/credentials/verify", {"verifiableCredential": _revocable(http_server)})
    assert answer.status_code == 200 and answer.json()["verdict"] == "verified_with_warnings"
    assert {w["check"] for w in answer.json()["warnings"]} == {"status"}
    assert http_server.hits == []  # nothing was fetched


def test_online_when_the_operator_allows_it_revoked(tmp_path: Path, http_server) -> None:
    with (
        _served(tmp_path, dev=True, verify_online=True) as running,
        httpx.Client(base_url=running.url, timeout=60) as http,
    ):
        answer = _post(
            http, "/credentials/verify", {"verifiableCredential": _revocable(http_server)}
        )
    assert answer.status_code == 400 and answer.json()["verdict"] == "not_verified"
    assert {(e["check"], e.get("code")) for e in answer.json()["errors"]} == {("status", "revoked")}
    assert http_server.hits == ["/status/1"]


# --- in-process: the rate limit across replicas, the busy pool ----------------------------------


def test_the_rate_limit_holds_across_replicas(tmp_path: Path) -> None:
    def replica() -> ShareServer:
        server = ShareServer(
            "http://share.test", open_store(None, default_path=str(tmp_path / "shares.db"))
        )
        server.verifier_limits.set_limit("verify", 3)
        return server

    one, two = Asgi(replica().app()), Asgi(replica().app())
    answers = [
        api.request("POST", "/credentials/verify", content=b"{}").status_code
        for api in (one, two, one, two)
    ]
    assert answers == [400, 400, 400, 429]
    limited = two.request("POST", "/presentations/verify", content=b"{}")
    assert limited.status_code == 429 and limited.headers["retry-after"] == "60"
    assert "verifications a minute" in limited.json()["errors"][0]["detail"]
    # another address is not limited by this one's
    assert (
        one.as_client("198.51.100.9")
        .request("POST", "/credentials/verify", content=b"{}")
        .status_code
        == 400
    )


def test_a_full_pool_answers_503_with_retry_after(tmp_path: Path) -> None:
    server = make_server(tmp_path)
    busy = guard.Workers(workers=1, waiting=0)
    server.vcapi.workers = busy
    release, started = threading.Event(), threading.Event()

    def occupy() -> None:
        def work() -> None:
            started.set()
            release.wait(30)

        asyncio.run(busy.run(work))

    holder = threading.Thread(target=occupy)
    holder.start()
    try:
        assert started.wait(10)
        answer = Asgi(server.app()).request(
            "POST", "/credentials/verify", json={"verifiableCredential": signed_badge(ISSUER)}
        )
        assert answer.status_code == 503 and answer.headers["retry-after"] == str(guard.RETRY_AFTER)
        assert "busy" in answer.json()["errors"][0]["detail"]
    finally:
        release.set()
        holder.join(30)
    assert (
        Asgi(server.app())
        .request("POST", "/credentials/verify", json={"verifiableCredential": signed_badge(ISSUER)})
        .status_code
        == 200
    )


# --- every VC 2.0 MUST broken, one at a time ----------------------------------------------------


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Asgi:
    server = make_server(tmp_path_factory.mktemp("vcdm"))
    server.verifier_limits.set_limit("verify", 100_000)
    return Asgi(server.app())


def _check_answer(answer: httpx.Response, expected: Verdict, code: str, level: str) -> None:
    body = answer.json()
    assert body["verdict"] == expected.value, body
    assert answer.status_code == (200 if body["verified"] else 400)
    problems = body["errors"] + body["warnings"]
    for nested in body.get("credentialResults", []):
        problems += nested["errors"] + nested["warnings"]
    named = [p for p in problems if p.get("code") == code or code in p["detail"]]
    assert named, problems  # the rule is named
    if level == "error":
        assert expected is Verdict.NOT_VERIFIED and answer.status_code == 400


@pytest.mark.parametrize("case", vcdm_cases.CREDENTIAL_CASES, ids=lambda c: c.id)
def test_a_broken_must_as_a_credential(api, case) -> None:
    doc = vcdm_cases._signed(vcdm_cases._broken(case))
    answer = api.request("POST", "/credentials/verify", json={"verifiableCredential": doc})
    _check_answer(answer, _library(doc), case.code, vcdm_cases.vcdm.RULES[case.code].level)


@pytest.mark.parametrize("case", vcdm_cases.CREDENTIAL_CASES, ids=lambda c: c.id)
def test_a_broken_must_inside_a_presentation(api, case) -> None:
    vp = vcdm_cases.presentation(vcdm_cases._signed(vcdm_cases._broken(case)))
    with contextlib.suppress(WalletError):  # not JSON-LD a proof can secure: flagged still
        vp = vcdm_cases.sign_vp(vp)
    options = {"challenge": "job-1", "domain": "https://employer.example"}
    answer = api.request(
        "POST", "/presentations/verify", json={"verifiablePresentation": vp, "options": options}
    )
    _check_answer(
        answer, _library(vp, **options), case.code, vcdm_cases.vcdm.RULES[case.code].level
    )


@pytest.mark.parametrize("case", vcdm_cases.PRESENTATION_CASES, ids=lambda c: c.id)
def test_a_broken_must_of_a_presentation(api, case) -> None:
    vp = vcdm_cases.presentation(di.sign(vcdm_cases.credential(), vcdm_cases.ISSUER.signer()))
    case.change(vp)
    with contextlib.suppress(WalletError):  # as above
        vp = vcdm_cases.sign_vp(vp, checked=False)
    options = {"challenge": "job-1", "domain": "https://employer.example"}
    if case.what == "no VerifiablePresentation":  # untyped, it is no presentation: refused
        answer = api.request(
            "POST", "/presentations/verify", json={"verifiablePresentation": vp, "options": options}
        )
        assert answer.status_code == 400 and "typed as a credential" in answer.text
        return
    answer = api.request(
        "POST",
        "/presentations/verify",
        json={"verifiablePresentation": copy.deepcopy(vp), "options": options},
    )
    _check_answer(
        answer, _library(vp, **options), case.code, vcdm_cases.vcdm.RULES[case.code].level
    )


# --- whatever is sent: a 4xx or a verdict, never a 500 ------------------------------------------

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)
_MEMBERS = st.sampled_from(
    ["verifiableCredential", "verifiablePresentation", "options", "presentation", "checks"]
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    endpoint=st.sampled_from(["/credentials/verify", "/presentations/verify"]),
    body=st.one_of(
        st.binary(max_size=64),
        st.dictionaries(_MEMBERS, _JSON, max_size=3).map(lambda d: json.dumps(d).encode()),
    ),
)
def test_any_body_gets_an_answer_never_a_500(api, endpoint: str, body: bytes) -> None:
    answer = api.request("POST", endpoint, content=body)
    assert answer.status_code in (200, 400, 413), answer.text[:300]
    payload = answer.json()
    assert payload["verified"] is (answer.status_code == 200)
    assert payload["errors"] or answer.status_code == 200


def test_share_server_help_names_the_endpoints(capsys: pytest.CaptureFixture[str]) -> None:
    from wallet.cli import main

    with pytest.raises(SystemExit) as done:
        main(["share-server", "--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert "POST /credentials/verify" in shown.replace("\n", " ")
    assert "/presentations/verify" in shown and "--verify-token" in shown
    assert "--verify-online" in shown and "--verify-rate-limit" in shown
