"""A verifier asks for an encrypted answer (``direct_post.jwt``) but gives a key the wallet
cannot encrypt to: the request is refused when it is read — "the verifier's encryption key is
unusable; nothing was sent" (EN and KO) — and our verifier on 127.0.0.1 receives nothing.
Before: the learner was asked, chose, and ``respond`` ended in "an unexpected error
(ValueError)"."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from cli_runner import wallet_runner
from exchange_helpers import Learner

from wallet.demo.issuer import OfferOptions
from wallet.errors import VerifierKeyError
from wallet.exchange.verifier import Ask
from wallet.record.report import describe_error

COMPETENCY = "Clean and prepare tabular data"
KOREAN = "검증자의 암호화 키를 사용할 수 없어 아무것도 보내지 않았습니다."


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _flip_y(key: dict[str, Any]) -> dict[str, Any]:
    y = base64.urlsafe_b64decode(key["y"] + "==")
    return {**key, "y": _b64(bytes([y[0] ^ 1]) + y[1:])}  # no longer a point on P-256


MANGLED: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "a point not on its curve": _flip_y,
    "x too short": lambda k: {**k, "x": _b64(b"\1" * 31)},
    "missing y": lambda k: {n: v for n, v in k.items() if n != "y"},
    "missing x": lambda k: {n: v for n, v in k.items() if n != "x"},
    "not base64": lambda k: {**k, "x": "!!!not base64!!!"},
    "x a number": lambda k: {**k, "x": 12345},
    "wrong kty (RSA)": lambda k: {**k, "kty": "RSA"},
    "wrong kty (OKP on P-256)": lambda k: {**k, "kty": "OKP"},
    "X25519 of 31 bytes": lambda k: {
        "kty": "OKP",
        "crv": "X25519",
        "x": _b64(b"\1" * 31),
        "alg": k["alg"],
        "use": "enc",
    },
}


@pytest.fixture
def stocked(demo_issuer, wallet, receiver) -> list[str]:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    return [a.id for a in receiver.receive(link, Learner()).stored]


def _mangled_link(employer, mangle: Callable[[dict[str, Any]], dict[str, Any]]):
    """Our verifier's request (encrypted answer, by value), its key replaced."""
    request = employer.verifier.create(
        [Ask(competency=COMPETENCY)], prefix="redirect_uri", response_mode="direct_post.jwt"
    )
    link = employer.verifier.link(request, by_reference=False)
    params = dict(parse_qsl(urlsplit(link).query))
    metadata = json.loads(params["client_metadata"])
    (key,) = metadata["jwks"]["keys"]
    metadata["jwks"]["keys"] = [mangle(key)]
    params["client_metadata"] = json.dumps(metadata)
    return request, "openid4vp://?" + urlencode(params)


@pytest.mark.parametrize("kind", list(MANGLED))
def test_a_key_that_cannot_be_used_stops_the_request_before_anything_is_sent(
    employer, wallet, stocked, kind
) -> None:
    request, link = _mangled_link(employer, MANGLED[kind])
    with pytest.raises(VerifierKeyError) as caught:
        wallet.responding.preview(link)
    message = caught.value.message
    assert message.startswith("the verifier's encryption key is unusable")
    assert message.endswith("; nothing was sent")
    assert describe_error(caught.value, "ko") == KOREAN
    assert request.status == "waiting" and request.answer is None
    assert not [e for e in request.events if "response" in e["event"]]  # nothing was posted


def test_a_usable_key_after_a_malformed_one_is_used(employer, wallet, stocked) -> None:
    request, link = _mangled_link(employer, lambda key: key)
    params = dict(parse_qsl(urlsplit(link).query))
    metadata = json.loads(params["client_metadata"])
    (good,) = metadata["jwks"]["keys"]
    metadata["jwks"]["keys"] = [_flip_y(good), good]
    params["client_metadata"] = json.dumps(metadata)
    preview = wallet.responding.preview("openid4vp://?" + urlencode(params))
    result = wallet.responding.answer(preview)
    assert result.sent and request.status == "answered" and request.answer.verified


def test_respond_says_so_in_a_sentence(employer, demo_issuer, tmp_path) -> None:
    wallet = wallet_runner(tmp_path / "cli", "a pass phrase")
    offer = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    assert wallet("receive", "--dev", "--yes", offer).returncode == 0
    request, link = _mangled_link(employer, _flip_y)
    proc = wallet("respond", "--dev", "--yes", link)
    out = (proc.stdout + proc.stderr).decode()
    assert proc.returncode == 1, out
    assert "The verifier's encryption key is unusable" in out and "nothing was sent" in out
    assert "unexpected" not in out
    assert request.status == "waiting" and request.answer is None
