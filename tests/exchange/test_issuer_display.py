"""One issuer, shown one way (issue 25, item 9): what the learner is asked on receiving, the
credentials list and the credential's card all show the issuer's own display for the reader's
language — its Korean name to a Korean reader, with its logo in either language — as the
wallet kept it from the issuer's OpenID4VCI metadata; a credential received otherwise shows
the credential's name for its issuer."""

from __future__ import annotations

from exchange_helpers import Learner

from wallet.demo import OfferOptions
from wallet.ui.viewmodel import issuer_shown

KOREAN = "리버사이드 커뮤니티 칼리지 (데모 발급기관)"
ENGLISH = "Riverside Community College (demo issuer)"


def test_the_issuer_reads_the_same_on_receiving_in_the_list_and_on_the_card(
    demo_issuer, wallet
) -> None:
    learner = Learner()
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    (added,) = wallet.receiving.receive(link, learner, locale="ko").stored
    (consent,) = learner.consents
    # asked in Korean: the Korean name — and the logo, which only the English display gives
    assert consent.issuer_name == KOREAN
    assert consent.logo and consent.logo.startswith("data:image/")
    summary = wallet.credentials.get(added.id).summary
    for lang, name in (("ko", KOREAN), ("en", ENGLISH)):
        card = wallet.presenting.credential_card(added.id, lang=lang)
        assert (card.issuer.name, card.issuer.logo) == (name, consent.logo), lang
        assert issuer_shown(summary, lang) == name  # the list says the same
    # the employer's page has no kept display: the credential's own name for its issuer
    page_card = wallet.presenting.record(
        wallet.presenting.compose([added.id], reflections=False, artifacts=False).presentation,
        lang="ko",
    ).credentials[0]
    assert page_card.issuer.name == ENGLISH
