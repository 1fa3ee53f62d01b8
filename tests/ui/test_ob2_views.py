"""What the app's screens show of an Open Badges 2.0 badge, worked out without Flet: its facts
from its own documents, the marking, and its checks in its own words (a host, not a signature,
vouches for a hosted badge)."""

from __future__ import annotations

from wallet.result import Check, CheckId, Outcome, VerificationResult
from wallet.services import CredentialDetail, CredentialSummary
from wallet.services.types import BadgeInfo
from wallet.ui.viewmodel import check_rows, facts, marking

A = "http://127.0.0.1:47620"


def _detail() -> CredentialDetail:
    summary = CredentialSummary(id="b1", name="Tamper Test Badge", format="ob2_hosted",
                                issuer_name="An Example Badge Issuer", hosted_by=A)
    badge = BadgeInfo(kind="hosted", assertion={
        "issuedOn": "2024-05-01T12:00:00Z", "expires": "2020-01-01T00:00:00Z",
        "narrative": "Built a robot.", "evidence": [{"id": f"{A}/work", "name": "The robot"}]},
        badge={"criteria": {"narrative": "Take part."}, "alignment": [
            {"targetName": "Trends", "targetCode": "DS.2.3",
             "targetUrl": "https://case.example/ims/case/v1p0/CFItems/x"}]},
        issuer={"url": "https://issuer.example"}, hosted_url=f"{A}/a.json", host=A)
    return CredentialDetail(summary=summary, raw=b"{}", document=badge.assertion, badge=badge)


def test_a_badges_facts_come_from_its_own_documents() -> None:
    f = facts(_detail(), "en")
    assert (f.issued, f.expires, f.expired) == ("2024-05-01T12:00:00Z", "2020-01-01T00:00:00Z",
                                                True)
    assert f.criteria == "Take part." and f.narrative == "Built a robot."
    assert [(a.label, a.is_case) for a in f.alignments] == [("DS.2.3 Trends", True)]
    assert f.evidence == (("The robot", ""),)
    assert f.marking == f"Open Badges 2.0 · hosted by {A}"
    assert facts(_detail(), "ko").marking == f"Open Badges 2.0 · {A}에서 호스팅"


def test_the_marking_says_what_it_is() -> None:
    signed = CredentialSummary(id="s", name="S", format="ob2_signed", issuer_name="Issuer")
    assert marking(signed, "en") == "Open Badges 2.0 · signed by Issuer"
    assert marking(CredentialSummary(id="v", name="V", format="ldp_vc"), "en") is None


def test_a_hosted_badges_checks_in_its_own_words() -> None:
    check = Check(id=CheckId.PROOF, outcome=Outcome.PASSED, message="m", detail="hosted")
    ob2 = VerificationResult(verified=True, kind="credential", format="ob2_hosted",
                             checks=(check,))
    vc = VerificationResult(verified=True, kind="credential", format="ldp_vc",
                            checks=(check,))
    assert check_rows(ob2, "en")[0].plain == "Its issuer's web site serves this very badge."
    assert "signature" in check_rows(vc, "en")[0].plain  # the OB 3.0 wording stays
