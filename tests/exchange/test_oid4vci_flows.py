"""Every OID4VCI flow, end to end over real HTTP on 127.0.0.1: demo issuer ↔ wallet.

Each test asserts that what was stored verifies and is bound to the holder's DID."""

from __future__ import annotations

import json

import pytest
from exchange_helpers import Learner, make_wallet

from wallet.demo import OfferOptions, demo_trust_list
from wallet.errors import TokenError
from wallet.exchange.http import HttpFetcher
from wallet.result import CheckId, Outcome


def _assert_stored_and_bound(wallet, result, count: int) -> list:
    assert not result.rejected, result.rejected
    assert len(result.stored) == count
    details = []
    for added in result.stored:
        detail = wallet.credentials.get(added.id)
        assert detail.verification.verified, detail.verification.checks
        assert detail.summary.verdict == "verified"
        subject = detail.document["credentialSubject"]
        assert subject["id"] == wallet.did  # bound to the holder
        assert detail.verification.check(CheckId.STATUS).outcome is Outcome.PASSED
        details.append(detail)
    return details


def test_pre_authorized_without_tx_code(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    learner = Learner()
    result = receiver.receive(link, learner)
    (detail,) = _assert_stored_and_bound(wallet, result, 1)
    assert detail.summary.name == "Data Analysis Fundamentals"
    assert "Interpret data using descriptive statistics" in detail.summary.skills
    preview = learner.previews[0]
    assert preview.issuer_name == "Riverside Community College (demo issuer)"
    assert preview.credentials[0].name == "Data Analysis Fundamentals"
    assert preview.background_color == "#12355B" and preview.logo
    assert {"event": "credential_accepted"}.items() <= demo_issuer.issuer.notifications[-1].items()


def test_pre_authorized_with_tx_code_and_a_wrong_first_try(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    learner = Learner(codes=["1234", "4711"])
    result = receiver.receive(link, learner)
    _assert_stored_and_bound(wallet, result, 1)
    assert learner.problems[0] is None and "not accepted" in learner.problems[1]


def test_tx_code_given_up_after_three_wrong_tries(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    with pytest.raises(TokenError, match="not accepted") as err:
        receiver.receive(link, Learner(codes=["1", "2", "3"]))
    assert err.value.error == "invalid_grant"
    assert wallet.credentials.search().total == 0


def test_tx_code_from_the_command_line_first(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    result = receiver.receive(link, Learner(), tx_code="4711")
    _assert_stored_and_bound(wallet, result, 1)


def test_authorization_code_with_pkce_and_a_clr(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("transcript",), flow="authorization_code")
    )
    learner = Learner()
    result = receiver.receive(link, learner)
    (detail,) = _assert_stored_and_bound(wallet, result, 1)
    assert learner.logins == 1 and learner.previews[0].flow == "authorization_code"
    assert detail.verification.check(CheckId.NESTED).outcome is Outcome.PASSED
    assert len(detail.verification.nested) == 3
    assert all(n.verified for n in detail.verification.nested)


def test_draft13_by_reference_and_by_value(demo_issuer, wallet, receiver) -> None:
    for by_reference in (True, False):
        link = demo_issuer.issuer.create_offer(
            OfferOptions(credentials=("visualization",), draft13=True, by_reference=by_reference)
        )
        assert ("credential_offer_uri" in link) == by_reference
        result = receiver.receive(link, Learner())
        (detail,) = _assert_stored_and_bound(wallet, result, 1)
        assert detail.summary.name == "Data Visualization"
    # the second one is a fresh credential (new id), not a duplicate
    assert wallet.credentials.search().total == 2


def test_draft13_batch_endpoint(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("teamwork", "communication"), draft13=True)
    )
    result = receiver.receive(link, Learner())
    details = _assert_stored_and_bound(wallet, result, 2)
    assert {d.summary.name for d in details} == {"Teamwork", "Professional Communication"}


def test_batch_offer_with_credential_identifiers(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(batch=12))
    result = receiver.receive(link, Learner())
    details = _assert_stored_and_bound(wallet, result, 12)
    assert sorted(d.summary.name for d in details) == [f"Course {i:03d}" for i in range(1, 13)]


def test_vc_jwt(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("communication-jwt", "teamwork"))
    )
    result = receiver.receive(link, Learner())
    details = _assert_stored_and_bound(wallet, result, 2)
    formats = {d.summary.format for d in details}
    assert formats == {"jwt_vc", "ldp_vc"}
    jwt_detail = next(d for d in details if d.jwt)
    assert jwt_detail.raw == jwt_detail.jwt.encode()


def test_deferred_survives_a_restart(demo_issuer, tmp_path) -> None:
    home = tmp_path / "home"
    first = make_wallet(home)
    first.trust.import_bytes(demo_trust_list(demo_issuer.issuer), source="demo")
    with HttpFetcher(dev=True) as http:
        link = demo_issuer.issuer.create_offer(
            OfferOptions(credentials=("teamwork",), deferred=0.5)
        )
        result = first.receiving.receive(link, Learner(), http=http)
    assert result.stored == [] and len(result.pending) == 1
    assert first.receiving.pending()[0].name == "Teamwork"
    first.close()  # the app is closed…

    second = make_wallet(home)  # …and opened again later
    with HttpFetcher(dev=True) as http:
        collected = second.receiving.poll_pending(wait=True, timeout=20, http=http)
    _assert_stored_and_bound(second, collected, 1)
    assert second.receiving.pending() == []
    second.close()


def test_declining_is_a_declined_result_at_once_and_the_offer_stays_usable(
    demo_issuer, wallet, receiver
) -> None:
    """No is an answer, not an error: the result says ``declined`` and nothing is asked of the
    issuer after it (no token: the offer's code is not spent, it can still be accepted)."""
    issuer = demo_issuer.issuer
    link = issuer.create_offer(OfferOptions(credentials=("teamwork",)))
    before = set(issuer.tokens)
    result = receiver.receive(link, Learner(accept=False))
    assert result.declined and not result.stored and not result.rejected
    assert set(issuer.tokens) == before  # no token asked for once the learner said no
    assert wallet.credentials.search().total == 0
    accepted = receiver.receive(link, Learner())  # changed their mind: the offer still works
    assert not accepted.declined
    _assert_stored_and_bound(wallet, accepted, 1)


def test_no_transaction_code_given_is_a_decline(demo_issuer, wallet, receiver) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    result = receiver.receive(link, Learner(codes=[]))
    assert result.declined and wallet.credentials.search().total == 0


def test_offer_as_a_qr_image(demo_issuer, wallet, receiver, tmp_path) -> None:
    from wallet.exchange.qr import qr_png
    from wallet.services import offer_link as _offer_text

    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",)))
    image = tmp_path / "offer.png"
    image.write_bytes(qr_png(link))
    assert _offer_text(str(image)) == link
    result = receiver.receive(_offer_text(str(image)), Learner())
    _assert_stored_and_bound(wallet, result, 1)


def test_wallet_receive_command(demo_issuer, tmp_path) -> None:
    from cli_runner import run_in_process

    env = {"WALLET_HOME": str(tmp_path / "cli"), "WALLET_PASSPHRASE": "a pass phrase"}
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))

    def wallet(*args: str):
        return run_in_process(args, env=env)

    refused = wallet("receive", link)  # plain http to loopback needs --dev
    assert refused.returncode == 1 and b"dev mode" in refused.stderr
    no_yes = wallet("receive", "--dev", link)
    assert no_yes.returncode == 1 and b"--yes" in no_yes.stderr
    ok = wallet("receive", "--dev", "--yes", "--tx-code", "4711", link)
    assert ok.returncode == 0, ok.stderr
    assert b"received 'Python Programming I'" in ok.stdout
    listed = json.loads(wallet("list", "--json").stdout)
    assert listed[0]["name"] == "Python Programming I" and listed[0]["verified"]
    assert b"Traceback" not in refused.stderr + no_yes.stderr + ok.stderr
