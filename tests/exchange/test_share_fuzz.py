"""Property-based fuzzing of the share service's endpoints: random methods, paths, headers and
bodies — and random sequences of them — against the Starlette app in-process (httpx's ASGI
transport raises whatever the app raises, so an unhandled exception fails the test instead of
hiding behind a 500). Every answer is a success or a 4xx; never a 5xx, never an exception."""

from __future__ import annotations

import hashlib
import itertools
import json
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from factories import badge
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from share_helpers import (
    KEY,
    PRESENTATION,
    Asgi,
    Made,
    make_server,
    put_file,
    reserve,
    shared,
    upload,
)

from wallet.crypto.keys import Ed25519KeyPair
from wallet.exchange.share_link import _b64, seal_share
from wallet.presenting.present import CredentialInput, compose
from wallet.proofs import dataintegrity as di


def _composed() -> dict:
    issuer, learner = Ed25519KeyPair.generate(), Ed25519KeyPair.generate()
    doc = badge(issuer, name="Fuzzing badge")
    doc["credentialSubject"]["id"] = learner.did
    return compose(
        [CredentialInput("c1", di.sign(doc, issuer.signer()))],
        holder=learner.signer(),
        holder_did=learner.did,
        challenge="c",
        domain="https://e.example",
    ).presentation


class World:
    """One share service with shares in every state, and what a fuzzer may know of them."""

    def __init__(self, tmp: Path) -> None:
        self.server = make_server(tmp)
        self.api = Asgi(self.server.app())
        api = self.api
        file = b"a work sample"
        self.sha = hashlib.sha256(file).hexdigest()
        self.shares: list[Made] = [
            shared(api, _composed(), files=(file,)),
            shared(api, PRESENTATION, max_views=2),
            shared(api, b"[" * 100_000 + b"]" * 100_000),
            shared(api, b'{"type": ["VerifiablePresentation"], "n": "\\udc00"}'),
            shared(api, {"verifiableCredential": [{"evidence": [{"id": "data:,x"}, 5]}]}),
            shared(api, {"verifiableCredential": "not a list", "proof": {"type": 5}}),
        ]
        broken = reserve(api)  # an undecryptable file
        assert put_file(api, broken, file, sealed=b"\x01" * 70).status_code == 204
        assert upload(api, broken, PRESENTATION).status_code == 204
        revoked = shared(api, PRESENTATION)
        api.request("DELETE", f"/api/shares/{revoked.share_id}", headers=revoked.auth)
        expired = shared(api, PRESENTATION)
        with self.server.store._tx() as cur:
            cur.execute(
                "UPDATE shares SET expires = ? WHERE id = ?", (time.time() - 1, expired.share_id)
            )
        self.shares += [broken, revoked, expired, reserve(api)]  # (the last: only reserved)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    yield World(tmp_path_factory.mktemp("share-fuzz"))


printable = st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=30)
anything = st.text(max_size=30)  # any code point, lone surrogates included: sent %-encoded


odd_segments = st.one_of(
    printable.map(lambda t: quote(t, safe="")),
    anything.map(lambda t: quote(t, safe="", errors="surrogatepass")),
    st.sampled_from(
        [
            "%00",
            "%ED%A0%80",
            "..",
            "%2F",
            "A" * 22,
            "A" * 43,
            "0" * 64,
            "-1",
            "99999999999999999999999",
        ]
    ),
)


def _segment(draw: st.DrawFn, known: str) -> str:
    """Mostly the right one (so requests get deep into the service), else anything."""
    return known if draw(st.integers(0, 9)) < 7 else draw(odd_segments)


@st.composite
def requests(
    draw: st.DrawFn, world: World, fresh: Made | None = None
) -> tuple[str, str, dict[str, str], bytes]:
    made = draw(st.sampled_from(world.shares + [fresh] if fresh else world.shares))
    share_id = _segment(draw, made.share_id)
    key = _segment(draw, _b64(KEY))
    sha = _segment(draw, world.sha)
    index = _segment(draw, str(draw(st.integers(0, 3))))
    path = draw(
        st.sampled_from(
            [
                "/",
                "/api/shares",
                f"/api/shares/{share_id}",
                f"/api/shares/{share_id}/files/{sha}",
                f"/s/{share_id}/{key}",
                f"/s/{share_id}/{key}/raw",
                f"/s/{share_id}/{key}/files/{sha}",
                f"/s/{share_id}/{key}/evidence/{index}",
                f"/s/{share_id}",
                f"/{share_id}/{key}",
            ]
        )
    )
    if draw(st.booleans()):
        path += "?" + quote(draw(printable), safe="=&")
    method = draw(
        st.sampled_from(["GET", "GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH"])
    )
    headers = {}
    if draw(st.booleans()):
        headers["Authorization"] = draw(
            st.sampled_from([f"Bearer {made.token}", "Bearer ", "Basic x", f"Bearer {made.token}x"])
            | printable
        )
    if draw(st.booleans()):
        headers["X-Share-Expires"] = draw(
            st.sampled_from([str(time.time() + 3600), "nan", "inf", "-1", "1e400", "0x10"])
            | printable
        )
    if draw(st.booleans()):
        headers["X-Share-Max-Views"] = draw(
            st.sampled_from(["1", "5", "1e30", "9" * 40, "-3", "0", " 7 "]) | printable
        )
    if draw(st.booleans()):
        headers["Content-Type"] = draw(printable)
    body = draw(
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from([b"", b"[" * 5000, json.dumps(PRESENTATION).encode()]),
            st.just(seal_share(KEY, b"[" * 100_000, made.share_id)),
            st.just(seal_share(KEY, b'{"x": "\\ud800"}', made.share_id)),
            st.just(seal_share(KEY, json.dumps(PRESENTATION).encode(), made.share_id)),
        )
    )
    return method, path, headers, body


def _check(world: World, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
    answer = world.api.request(method, path, headers=headers, content=body)
    assert answer.status_code < 500, (method, path, headers, answer.status_code, answer.text)


def test_random_requests_never_fail(world: World) -> None:
    @settings(
        max_examples=600,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        for _ in range(data.draw(st.integers(1, 3))):  # a sequence: state carries over
            _check(world, *data.draw(requests(world)))

    run()


_addresses = itertools.count()


def test_random_uploads_to_a_fresh_reservation_never_fail(world: World) -> None:
    @settings(
        max_examples=150,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(st.data())
    def run(data: st.DataObject) -> None:
        n = next(_addresses)  # a new client each time: 60 reservations an hour per client
        made = reserve(world.api.as_client(f"198.51.{n // 250}.{n % 250 + 1}"))
        for _ in range(data.draw(st.integers(1, 3))):
            method, path, headers, body = data.draw(requests(world, made))
            if data.draw(st.booleans()):  # aimed at this reservation
                path = data.draw(
                    st.sampled_from(
                        [
                            f"/api/shares/{made.share_id}",
                            f"/api/shares/{made.share_id}/files/{world.sha}",
                            made.url,
                            made.url + "/raw",
                            made.url + f"/files/{world.sha}",
                        ]
                    )
                )
                headers = {**headers, **made.auth}
                method = data.draw(st.sampled_from(["PUT", "GET", "DELETE"]))
            _check(world, method, path, headers, body)

    run()
