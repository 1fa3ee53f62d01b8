"""Our verifier's answer page (``/ask/{token}``, issue 25 item 5), read as the employer reads it:
each credential once — a badge sent directly and again inside the learner's CLR is one card —,
in the reader's language (``Accept-Language: ko``, ``?lang=ko``) with no English sentence of
ours in Korean, answered on a date and time with its zone, and at a phone's 390 px without
sideways scrolling (a real Chromium; ``WALLET_TEST_BROWSER=1``), in English and Korean."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from exchange_helpers import Learner

from wallet.demo import OfferOptions, demo_trust_list
from wallet.exchange.verifier import Ask
from wallet.i18n import STRINGS, format_date
from wallet.services.serving import serve_share_service

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAME = "Jimin Park"
BADGE, JWT_BADGE = "Data Analysis Fundamentals", "Python Programming I"
CARD = re.compile(r"<article class=\"card credential\">.*?</article>", re.S)
TAGS = re.compile(r"<[^>]+>")


@pytest.fixture
def answered(tmp_path: Path, demo_issuer, wallet) -> Iterator[str]:
    """The page of a request answered by the learner's wallet: a badge showing a competency
    (Data Integrity) and a VC-JWT badge, with a reflection — so the answer carries the badge
    directly and again inside the learner's CLR, and the VC-JWT badge in its own presentation
    and inside that CLR too."""
    wallet.profiles.set_identity(NAME)
    offer = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt"))
    )
    ids = [a.id for a in wallet.receiving.receive(offer, Learner()).stored]
    wallet.portfolio.reflect("I cleaned a messy city bike-share data set.", credential_ids=[ids[0]])
    with serve_share_service(
        database_url=str(tmp_path / "shares.db"),
        dev=True,
        trust=[demo_trust_list(demo_issuer.issuer)],
    ) as running:
        verifier = running.share.verifier
        request = verifier.create(
            [
                Ask(competency="Clean and prepare tabular data", format="ldp_vc"),
                Ask(format="jwt_vc_json"),
            ],
            purpose="Junior data analyst",
        )
        preview = wallet.responding.preview(verifier.link(request))
        wallet.responding.answer(preview, reflections=True)
        assert request.answer is not None and request.answer.verified
        yield verifier.page_url(request)


def _english_of_ours(text: str) -> list[str]:
    """Sentences (or parts of them, between placeholders) of our English strings in ``text``
    that the Korean strings do not share (product names such as OpenID4VP are shared)."""
    found = []
    for key, english in STRINGS["en"].items():
        if key.endswith("_hint"):  # an example typed into a field (the form's), not a sentence
            continue
        korean = STRINGS["ko"].get(key, "")
        for part in re.split(r"\{[a-z_]+\}", english):
            part = part.strip(" .,:;·—()")
            if len(part) >= 10 and " " in part and part not in korean and part in text:
                found.append(part)
    return found


def test_each_credential_once_with_a_date_and_its_zone(answered: str) -> None:
    page = httpx.get(answered, timeout=30, headers={"Accept-Language": "en-GB,en;q=0.8"}).text
    cards = [TAGS.sub(" ", card) for card in CARD.findall(page)]
    # the badge came directly and inside the learner's CLR; the VC-JWT badge in its own
    # presentation and inside the CLR: one card each
    assert sum(BADGE in card.split("Includes")[0] for card in cards) == 1, cards
    assert sum(JWT_BADGE in card for card in cards) == 1, cards
    when = re.search(r'<p class="when">([^<]*)</p>', page)
    assert when, page
    today = format_date(datetime.now(UTC), "en")
    assert re.fullmatch(rf"Answered over OpenID4VP on {today}, \d\d:\d\d UTC", when.group(1)), (
        when.group(1)
    )
    assert f"Presented by {NAME}" in page and 'class="token holder"' in page


@pytest.mark.parametrize("how", ["accept-language", "query"])
def test_the_answer_in_korean(answered: str, how: str) -> None:
    if how == "accept-language":
        reply = httpx.get(answered, timeout=30, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    else:
        reply = httpx.get(
            answered,
            params={"lang": "ko"},
            timeout=30,
            headers={"Accept-Language": "en-GB,en;q=0.8"},
        )
    page = reply.text
    assert '<html lang="ko">' in page
    main = TAGS.sub(" ", page.split("<main>", 1)[1])
    assert "검증됨" in main and f"제출자: {NAME}" in main
    assert format_date(datetime.now(UTC), "ko") in main and "UTC" in main
    assert not _english_of_ours(main), _english_of_ours(main)
    for english in ("Answered", "You asked", "an answer arrived", "Learner's key"):
        assert english not in page


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_answer_page_fits_a_phone(browser, answered: str, lang: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ko-KR" if lang == "ko" else "en-GB"
    )
    page = context.new_page()
    try:
        page.goto(answered)
        page.wait_for_selector(".verdict h1")  # the answer, drawn
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator(".verdict").get_attribute("data-level") == "verified"
        for width in (360, 390):  # no sideways scrolling: the holder's DID wraps
            page.set_viewport_size({"width": width, "height": 844})
            wide = page.evaluate("() => [document.documentElement.scrollWidth, innerWidth]")
            assert wide[0] <= wide[1], (width, wide)
        body = page.locator("main").inner_text()
        assert page.locator("article.credential", has_text=BADGE).count() == 1
        if lang == "ko":
            assert not _english_of_ours(body), _english_of_ours(body)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / f"request-page-answer-{lang}-390.png"), full_page=True)
    finally:
        context.close()
