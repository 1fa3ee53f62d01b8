"""The wallet's OpenID4VP answers checked by a verifier that is not ours: requests made and
answers parsed by @openid4vc/openid4vp, the vp_token checked against the DCQL query by the
``dcql`` package, and the presentations verified by Digital Bazaar's VC library — by value
(``redirect_uri:``) and by reference (a JAR signed for a did:key), over 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends import fail

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "exchange"))
from exchange_helpers import Learner, make_wallet

from wallet.demo import serve_demo_issuer
from wallet.demo.issuer import OfferOptions


@pytest.fixture
def node_verifier(node_modules: Path) -> Iterator[str]:
    proc = subprocess.Popen(
        ["node", str(node_modules / "oid4vp-verifier.mjs")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        if not line.startswith("http://127.0.0.1:"):
            proc.kill()
            raise AssertionError(f"the Node verifier did not start: {proc.stderr.read()[-800:]}")
        yield line
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture
def learner(tmp_path: Path):
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    wallet = make_wallet(tmp_path / "home")
    try:
        with serve_demo_issuer() as issuer:
            offer = issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
            assert wallet.receiving.receive(offer, Learner()).stored
            yield wallet
    finally:
        wallet.close()
        keyring.set_keyring(previous)


@pytest.mark.parametrize("mode", ["value", "reference"])
def test_their_verifier_accepts_our_answer(node_verifier, learner, mode) -> None:
    made = httpx.post(f"{node_verifier}/create", params={"mode": mode}, timeout=30).json()
    link = made["link"]
    assert ("request_uri=" in link) is (mode == "reference")
    preview = learner.responding.preview(link)
    # by reference: a JAR signed for a did:key — unchanged on its way, but anyone can make a
    # did:key, so not a verified requester; by value: unsigned
    assert not preview.verifier.verified
    assert preview.verifier.standing == ("integrity" if mode == "reference" else "unverified")
    assert preview.satisfiable
    result = learner.responding.answer(preview)
    assert result.sent
    seen = httpx.get(f"{node_verifier}/result/{made['id']}", timeout=30).json()
    assert "error" not in seen, seen
    assert seen["dcql"] is True
    assert seen["state"] == made["id"]
    (presentation,) = seen["verified"]
    assert presentation["verified"] is True, presentation
    assert presentation["domain"].startswith(("redirect_uri:", "decentralized_identifier:"))
