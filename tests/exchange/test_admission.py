"""One way in for a credential (issue 21, item 2), over real HTTP on 127.0.0.1: the same bad
credential is refused alike — the same error code, the same failed check, nothing stored —
whether it arrives over OpenID4VCI, is delivered by a VC-API exchange, or is added as a file; and
the learner is asked with one typed consent that names the issuer as a claim (unless a trust
list recognises it) and every credential that will arrive, a batch's included."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from exchange_helpers import Learner

from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo import OfferOptions
from wallet.demo.catalog import tampered
from wallet.errors import InputError, NotAuthenticError, OtherSubjectError
from wallet.i18n import t
from wallet.record.report import describe_error
from wallet.services import Consent, Decision, Refused


def _same_refusal(errors: list[InputError], expected: type[InputError]) -> None:
    assert all(type(e) is expected for e in errors), errors
    assert len({e.code for e in errors}) == 1
    # the same check failed, for the same reason (a proof, a context), however it came
    assert len({(e.details.get("check"), e.details.get("detail")) for e in errors}) == 1
    for error in errors:  # and the learner reads the same sentence in Korean
        assert describe_error(error, "ko") == t(f"error.{expected.code}", "ko")


@pytest.mark.parametrize("misbehave", ["bad-signature", "unknown-context"])
def test_a_tampered_credential_is_refused_alike_however_it_arrives(
    demo_issuer, wallet, misbehave: str
) -> None:
    issuer = demo_issuer.issuer
    by_oid4vci = wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("teamwork",), misbehave=misbehave)), Learner()
    )
    assert by_oid4vci.stored == [] and len(by_oid4vci.refused) == 1
    by_vcapi = wallet.responding.answer(
        wallet.responding.preview(issuer.delivery.create(("teamwork",), misbehave=misbehave))
    )
    assert by_vcapi.stored == [] and len(by_vcapi.refused) == 1
    same = json.dumps(tampered(issuer.issue("teamwork", wallet.did), misbehave)).encode()
    with pytest.raises(InputError) as by_file:
        wallet.credentials.add(same, name="teamwork.json")
    _same_refusal(
        [by_oid4vci.refused[0].error, by_vcapi.refused[0].error, by_file.value], NotAuthenticError
    )
    assert wallet.credentials.search().total == 0


def test_a_credential_for_someone_else_is_refused_alike_when_it_is_sent_to_the_learner(
    demo_issuer, wallet
) -> None:
    issuer = demo_issuer.issuer
    by_oid4vci = wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("teamwork",), misbehave="other-subject")),
        Learner(),
    )
    by_vcapi = wallet.responding.answer(
        wallet.responding.preview(issuer.delivery.create(("teamwork",), misbehave="other-subject"))
    )
    someone = Ed25519KeyPair.generate().did
    same = json.dumps(issuer.issue("teamwork", someone)).encode()
    sent = wallet.credentials.admit(same, holder=wallet.did)  # what the exchanges call
    assert isinstance(sent, Refused)
    _same_refusal(
        [by_oid4vci.refused[0].error, by_vcapi.refused[0].error, sent.error], OtherSubjectError
    )
    assert "another subject" in by_oid4vci.rejected[0] and "another subject" in by_vcapi.rejected[0]
    assert wallet.credentials.search().total == 0
    # A file is the learner's own choice (a badge issued to their e-mail or another wallet):
    # it is admitted without a holder, verified all the same.
    added = wallet.credentials.add(same)
    assert added.summary.verified and not added.duplicate


def test_an_unreadable_credential_is_refused_by_the_readers_own_error(demo_issuer, wallet) -> None:
    refused = wallet.credentials.admit("not a credential", holder=wallet.did)
    assert isinstance(refused, Refused) and refused.code == "unsupported_input"
    with pytest.raises(InputError) as by_file:
        wallet.credentials.add(b"not a credential")
    assert by_file.value.code == refused.code
    assert wallet.credentials.search().total == 0


@dataclass
class _Then(Learner):
    """Accepts the first question, answers the next ones with ``later``."""

    later: bool = True

    def consent(self, consent: Consent) -> Decision:
        self.consents.append(consent)
        if len(self.consents) == 1 or self.later:
            return Decision.ACCEPT
        return Decision.DECLINE


def test_a_batch_offers_consent_names_every_credential(demo_issuer, wallet) -> None:
    learner = Learner()
    result = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(batch=10)), learner
    )
    assert len(result.stored) == 10 and not result.rejected
    offered, granted = learner.consents  # asked again, now that the issuer named each one
    assert [c.identifier for c in offered.credentials] == [None]
    assert granted.granted and granted.issuer_name == offered.issuer_name
    assert [c.identifier for c in granted.credentials] == [f"course-{n:03d}" for n in range(1, 11)]
    assert {c.name for c in granted.credentials} == {offered.credentials[0].name}


def test_declining_the_named_batch_receives_nothing(demo_issuer, wallet) -> None:
    learner = _Then(later=False)
    before = set(demo_issuer.issuer.tokens)
    declined = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(batch=4)), learner
    )
    assert declined.declined and len(learner.consents) == 2
    assert wallet.credentials.search().total == 0
    (token,) = set(demo_issuer.issuer.tokens) - before
    assert demo_issuer.issuer.tokens[token].issued == set()  # none was asked for


def test_an_offer_of_several_asks_once_and_names_them_all(demo_issuer, wallet) -> None:
    learner = Learner()
    wallet.receiving.receive(
        demo_issuer.issuer.create_offer(
            OfferOptions(credentials=("teamwork", "python"), tx_code="4711")
        ),
        learner,
        tx_code="4711",
    )
    (consent,) = learner.consents
    assert [c.name for c in consent.credentials] == ["Teamwork", "Python Programming I"]
    assert consent.tx_code is not None and consent.tx_code.length == 4


def test_the_issuers_name_is_its_claim_unless_a_trust_list_recognises_it(
    demo_issuer, wallet
) -> None:
    issuer = demo_issuer.issuer
    claimed = Learner()
    wallet.receiving.receive(issuer.create_offer(OfferOptions(credentials=("teamwork",))), claimed)
    (asked,) = claimed.consents
    # the demo's trust list names the issuer's DID, which signs; the consent is about the
    # OID4VCI issuer (its https identifier), which no list names: its name is its own claim
    assert asked.recognised is None
    assert asked.shown_name == asked.issuer_name == "Riverside Community College (demo issuer)"
    wallet.trust.add(issuer.credential_issuer(False), name="Riverside CC, per my list")
    recognised = Learner()
    wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("teamwork",))), recognised
    )
    (asked,) = recognised.consents
    assert asked.recognised is not None and asked.shown_name == "Riverside CC, per my list"
    assert asked.issuer_name == "Riverside Community College (demo issuer)"  # still its claim
    # another identifier that starts with the one listed is not recognised by it
    other = Learner()
    wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("teamwork",), draft13=True)), other
    )
    assert other.consents[0].issuer == issuer.credential_issuer(False) + "/draft13"
    assert other.consents[0].recognised is None


def test_deferred_credentials_keep_their_own_names(demo_issuer, wallet) -> None:
    """Before: every deferred credential of an offer was named after its first one."""
    wallet.receiving.receive(
        demo_issuer.issuer.create_offer(
            OfferOptions(credentials=("teamwork", "python"), deferred=30.0)
        ),
        Learner(),
    )
    assert sorted(p.name for p in wallet.receiving.pending()) == [
        "Python Programming I",
        "Teamwork",
    ]
    assert {p.format for p in wallet.receiving.pending()} == {"ldp_vc"}
