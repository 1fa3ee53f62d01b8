"""What the app's screens show of an Open Badges 2.0 badge, worked out without Flet: the detail
and Verify draw the one view model's card of it (:func:`wallet.record.badge.badge_card`) — its
facts from its own documents, the marking, and its checks in its own words (a host, not a
signature, vouches for a hosted badge); the list says what it is."""

from __future__ import annotations

from wallet.ob2.verify import Ob2Verification
from wallet.record.badge import badge_card
from wallet.record.card import credential_card
from wallet.result import Check, CheckId, Outcome, Verdict, VerificationResult
from wallet.services import CredentialSummary
from wallet.ui.viewmodel import marking

A = "http://127.0.0.1:47620"


def _found() -> Ob2Verification:
    result = VerificationResult(
        verified=False,
        verdict=Verdict.NOT_VERIFIED,
        kind="credential",
        format="ob2_hosted",
        name="Tamper Test Badge",
        issuer_name="An Example Badge Issuer",
        checks=(
            Check(id=CheckId.VALIDITY, outcome=Outcome.FAILED, message="expired", detail="expired"),
        ),
    )
    return Ob2Verification(
        result,
        assertion={
            "issuedOn": "2024-05-01T12:00:00Z",
            "expires": "2020-01-01T00:00:00Z",
            "narrative": "Built a robot.",
            "evidence": [{"id": f"{A}/work", "name": "The robot"}],
        },
        badge={
            "name": "Tamper Test Badge",
            "criteria": {"narrative": "Take part."},
            "alignment": [
                {
                    "targetName": "Trends",
                    "targetCode": "DS.2.3",
                    "targetUrl": "https://case.example/ims/case/v1p0/CFItems/x",
                }
            ],
        },
        issuer={"name": "An Example Badge Issuer", "url": "https://issuer.example"},
        hosted_url=f"{A}/a.json",
    )


def test_a_badges_card_comes_from_its_own_documents() -> None:
    card = badge_card(_found(), "en")
    assert (card.issued_text, card.expires_text, card.expired) == (
        "1 May 2024",
        "1 January 2020",
        True,
    )
    assert card.criteria == "Take part." and card.narrative == "Built a robot."
    assert [(c.code, c.name, c.case) for c in card.competencies] == [("DS.2.3", "Trends", True)]
    assert [(e.name, e.url, e.narrative) for e in card.evidence] == [
        ("The robot", f"{A}/work", None)
    ]
    assert card.issuer.name == "An Example Badge Issuer"
    assert card.issuer.url == "https://issuer.example"
    assert card.marking == f"Open Badges 2.0 · hosted by {A}"
    assert badge_card(_found(), "ko").marking == f"Open Badges 2.0 · {A}에서 호스팅"


def test_the_marking_says_what_it_is() -> None:
    signed = CredentialSummary(id="s", name="S", format="ob2_signed", issuer_name="Issuer")
    assert marking(signed, "en") == "Open Badges 2.0 · signed by Issuer"
    assert marking(CredentialSummary(id="v", name="V", format="ldp_vc"), "en") is None


def test_a_hosted_badges_checks_in_its_own_words() -> None:
    check = Check(id=CheckId.PROOF, outcome=Outcome.PASSED, message="m", detail="hosted")
    ob2 = VerificationResult(verified=True, kind="credential", format="ob2_hosted", checks=(check,))
    signed = Check(
        id=CheckId.PROOF, outcome=Outcome.PASSED, message="eddsa-rdfc-2022 signature verified"
    )
    vc = VerificationResult(verified=True, kind="credential", format="ldp_vc", checks=(signed,))
    found = Ob2Verification(ob2, assertion={}, badge={}, issuer={}, hosted_url=f"{A}/a.json")
    assert badge_card(found, "en").checks[0].text == "Its issuer's web site serves this very badge."
    assert "signature" in credential_card({}, vc, "en").checks[0].text  # the OB 3.0 wording
