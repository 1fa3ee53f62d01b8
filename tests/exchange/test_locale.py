"""The issuer's display data in the learner's language: OID4VCI ``display`` entries for
``ko-KR`` are chosen for a Korean learner (the consent shows the Korean name)."""

from __future__ import annotations

from exchange_helpers import Learner

from wallet.demo.issuer import OfferOptions


def test_the_consent_shows_the_issuers_name_in_the_learners_language(demo_issuer, wallet) -> None:
    offer = demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",)))
    english = Learner()
    wallet.receiving.receive(offer, english)
    assert english.previews[0].issuer_name == "Riverside Community College (demo issuer)"
    wallet.settings.set("language", "ko")  # the app's Settings
    korean = Learner()
    wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",))), korean
    )
    assert korean.previews[0].issuer_name == "리버사이드 커뮤니티 칼리지 (데모 발급기관)"
    explicit = Learner()
    wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",))),
        explicit,
        locale="en-US",
    )
    assert explicit.previews[0].issuer_name.startswith("Riverside")
