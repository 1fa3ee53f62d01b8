"""An offline QR code of a credential issued for selective disclosure (ecdsa-sd-2023): derived
first, with only what the learner chose to show — the grade left out is not in the code — and
the derived proof verifies from the code's text (issue 24, item 2)."""

from __future__ import annotations

from test_disclosure import ISSUER, graded_base, wallet  # noqa: F401 - the fixture

from wallet.formats import vpqr
from wallet.result import CheckId, Verdict
from wallet.verification.trust import TrustEntry, TrustList, TrustLists
from wallet.verification.verify import VerifyOptions, verify_document


def test_an_offline_code_shows_only_what_was_chosen(wallet) -> None:  # noqa: F811
    added = wallet.credentials.add(graded_base(wallet.did))
    made = wallet.presenting.offline([added.id], hide=["/credentialSubject/result"])
    read = vpqr.from_vp1(made.text)
    (shown,) = read["verifiableCredential"]
    assert "result" not in shown["credentialSubject"]
    assert shown["credentialSubject"]["achievement"]["name"] == "Teamwork"
    employer = TrustLists((TrustList("Employer", (TrustEntry(ISSUER.did, "Example College"),)),))
    result = verify_document(read, VerifyOptions(trust=employer, check_status=False))
    assert result.verdict is Verdict.VERIFIED, result.checks
    assert result.nested[0].check(CheckId.PROOF).message == "ecdsa-sd-2023 derived proof verified"
    whole = vpqr.from_vp1(wallet.presenting.offline([added.id]).text)
    assert "result" in whole["verifiableCredential"][0]["credentialSubject"]
