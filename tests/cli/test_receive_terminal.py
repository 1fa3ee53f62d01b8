"""``wallet receive`` asks in the terminal with the same typed consent as the app: who issues
(its name as its own claim, unless a trust list recognises it), every credential that will
arrive (a batch's too), the transaction code to come — untrusted text escaped — and no answer is
a no."""

from __future__ import annotations

import pytest

from wallet.cli.receive import TerminalUI
from wallet.result import Recognition
from wallet.services import Consent, Decision, TxCode
from wallet.services.receiving import OfferedCredential

HOSTILE = "Course\x1b[2K\r\x1b[1;32mVERIFIED\x1b[0m"


def _consent(**changes: object) -> Consent:
    courses = tuple(
        OfferedCredential("course", "Course badge", "ldp_vc", identifier=f"course-{n:03d}")
        for n in range(1, 11)
    )
    fields: dict[str, object] = {
        "issuer": "https://riverside.example",
        "issuer_name": "Riverside (own name)",
        "credentials": courses,
        "flow": "pre-authorized",
        "granted": True,
    }
    return Consent(**{**fields, **changes})  # type: ignore[arg-type]


def test_a_batch_is_listed_credential_by_credential(capsys: pytest.CaptureFixture[str]) -> None:
    assert TerminalUI(assume_yes=True).consent(_consent()) is Decision.ACCEPT
    out = capsys.readouterr().out
    assert "Riverside (own name) will send you 10 credentials:" in out
    assert all(f"  - Course badge (course-{n:03d})  [signed JSON-LD]" in out for n in range(1, 11))


def test_the_name_is_a_claim_unless_recognised(capsys: pytest.CaptureFixture[str]) -> None:
    offer = _consent(
        granted=False,
        credentials=(OfferedCredential("course", HOSTILE, "jwt_vc_json", identifier=HOSTILE),),
        tx_code=TxCode(length=4),
    )
    assert TerminalUI(interactive=False).consent(offer) is Decision.DECLINE
    seen = capsys.readouterr()
    assert (
        "Riverside (own name) (https://riverside.example; the name is the issuer's own) "
        "offers you:" in seen.out
    )
    assert "\x1b" not in seen.out and "Course\\u001b[2K" in seen.out  # escaped, inert
    assert "transaction code" in seen.out and "Not accepted" in seen.err
    listed = Recognition(
        list_name="My trusted issuers",
        name="Riverside Community College",
        matched="https://riverside.example",
    )
    TerminalUI(assume_yes=True).consent(_consent(granted=False, recognised=listed))
    assert (
        'Riverside Community College (https://riverside.example; recognised by "My '
        'trusted issuers") offers you:'
    ) in capsys.readouterr().out
