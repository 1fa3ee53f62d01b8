"""Selective disclosure as the learner does it: an ecdsa-sd-2023 credential with a grade kept
in the wallet (its base proof verified as the holder's), presented without the grade; the
employer's verification of what was presented passes; what the issuer requires cannot be
hidden; a pointer at nothing is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from factories import badge

from wallet.crypto.keys import EcKeyPair, Ed25519KeyPair
from wallet.errors import InputError, SelectionError
from wallet.proofs import dataintegrity as di
from wallet.result import CheckId, Verdict
from wallet.services import WalletService
from wallet.verification.trust import TrustEntry, TrustList, TrustLists
from wallet.verification.verify import VerifyOptions, verify_document

ISSUER = EcKeyPair.generate("P-256")
PASSPHRASE = "disclosure tests passphrase"
MANDATORY = ["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"]


def graded_base(subject: str) -> bytes:
    doc = badge(ISSUER)
    doc["credentialSubject"]["id"] = subject
    doc["credentialSubject"]["result"] = [
        {"type": ["Result"], "value": "A", "resultDescription": "urn:uuid:grade"}
    ]
    return json.dumps(
        di.sign(doc, ISSUER.signer(), cryptosuite="ecdsa-sd-2023", mandatory_pointers=MANDATORY)
    ).encode()


@pytest.fixture
def wallet(tmp_path: Path) -> WalletService:
    svc = WalletService(tmp_path / "home", passphrase_source=lambda _w: PASSPHRASE)
    svc.profiles.create("Learner", protection="passphrase")
    svc.trust.add(ISSUER.did, name="Example College")
    yield svc
    svc.close()


def _presented_credentials(presentation: dict) -> list[dict]:
    clr = presentation["verifiableCredential"][0]
    return clr["credentialSubject"]["verifiableCredential"]


def test_a_grade_left_out_and_the_rest_verified(wallet: WalletService) -> None:
    added = wallet.credentials.add(graded_base(wallet.did))
    assert added.summary.verdict == "verified", added.verification.checks  # holder: base ok
    composed = wallet.presenting.compose(
        [added.id],
        hide=["/credentialSubject/result"],
        challenge="c",
        domain="https://employer.example",
    )
    (presented,) = _presented_credentials(composed.presentation)
    assert "result" not in presented["credentialSubject"]
    assert presented["credentialSubject"]["achievement"]["name"] == "Teamwork"  # mandatory
    employer = TrustLists((TrustList("Employer", (TrustEntry(ISSUER.did, "Example College"),)),))
    result = verify_document(
        composed.presentation,
        VerifyOptions(challenge="c", domain="https://employer.example", trust=employer),
    )
    assert result.verdict is Verdict.VERIFIED, [
        c for r in [result, *result.nested] for c in r.checks if c.outcome != "passed"
    ]
    inner = result.nested[0].nested[0]
    assert inner.check(CheckId.PROOF).message == "ecdsa-sd-2023 derived proof verified"
    # Presented whole by default: the grade is there, still verified.
    whole = wallet.presenting.compose([added.id])
    assert "result" in _presented_credentials(whole.presentation)[0]["credentialSubject"]


def test_what_the_issuer_requires_cannot_be_hidden(wallet: WalletService) -> None:
    added = wallet.credentials.add(graded_base(wallet.did))
    with pytest.raises(SelectionError, match="requires /credentialSubject/achievement"):
        wallet.presenting.compose([added.id], hide=["/credentialSubject/achievement/name"])
    with pytest.raises(SelectionError, match="points at nothing"):
        wallet.presenting.compose([added.id], hide=["/credentialSubject/nothing"])


def test_only_selective_credentials_can_hide_parts(wallet: WalletService) -> None:
    plain_issuer = Ed25519KeyPair.generate()
    doc = badge(plain_issuer)
    doc["credentialSubject"]["id"] = wallet.did
    added = wallet.credentials.add(json.dumps(di.sign(doc, plain_issuer.signer())).encode())
    with pytest.raises(InputError, match="only ecdsa-sd-2023"):
        wallet.presenting.compose([added.id], hide=["/credentialSubject/result"])


def test_wallet_present_hide_on_the_command_line(tmp_path: Path) -> None:
    run = wallet_runner(tmp_path / "cli", PASSPHRASE)
    created = run("profile", "create", "Learner", "--passphrase")
    did = created.stdout.decode().rsplit("its DID is ", 1)[1].strip()
    badge_file = tmp_path / "graded.json"
    badge_file.write_bytes(graded_base(did))
    added = run("add", "--offline", str(badge_file))
    assert added.returncode == 0, added.stderr
    rid = added.stdout.decode().split(" as ", 1)[1][:8]
    out = tmp_path / "vp.json"
    made = run("present", rid, "--hide", "/credentialSubject/result", "--out", str(out))
    assert made.returncode == 0, made.stderr
    (presented,) = _presented_credentials(json.loads(out.read_text()))
    assert "result" not in presented["credentialSubject"]
    refused = run("present", rid, "--hide", "/credentialSubject/achievement", "--out", str(out))
    assert refused.returncode == 1 and b"cannot be hidden" in refused.stderr
