"""An Open Badges 2.0 badge in the app, in a real headless Chromium: added from Receive by its
address (as a learner pastes it), it shows in the list and the detail with its issuer, its
image, its dates and "Open Badges 2.0 · hosted by …"; presented, the employer's page shows it
verified again the OB 2.0 way, in English and in Korean. The badge is served by the fixture
origins on 127.0.0.1 (tests/ob2_helpers.py). Screenshots: docs/screenshots/app-ob2-*."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_helpers import SHOTS, open_app, shot, t, type_into
from drawn import settled
from ob2_helpers import A, Ob2Origins, require_fixtures

from wallet.i18n import format_date
from wallet.ui.i18n import t as plain_t

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"
LEARNER = "learner@example.net"  # whom the badge names (hashed, salted)
BADGE = f"{A}/tm/assertion-aligned.json"
NAME = "Tamper Test Badge"
ISSUER = "An Example Badge Issuer"


@pytest.fixture(scope="module")
def origins() -> Iterator[Ob2Origins]:
    require_fixtures()
    served = Ob2Origins()
    try:
        yield served
    finally:
        served.stop()


def _type(page, name: str, text: str) -> None:
    type_into(page, page.get_by_role("textbox", name=name), text, what=f"the field {name!r}")


def _nav(page, label: str) -> None:
    page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}(\s|$)")).first.click()
    settled(page)


def _ready(page) -> None:
    create = page.get_by_role("button", name="Create my wallet")
    tabs = page.get_by_role("button", name=re.compile(r"^Settings(\s|$)"))
    create.or_(tabs).first.wait_for(timeout=60_000)
    if create.count():
        _type(page, "Your name", "Jimin Park")
        _type(page, "Passphrase (at least 8 characters)", PASSPHRASE)
        _type(page, "Repeat the passphrase", PASSPHRASE)
        create.click()
    tabs.first.wait_for(timeout=30_000)


def test_an_ob2_badge_added_shown_and_presented(app_env, browser, origins) -> None:
    c = app_env.controller
    page = open_app(browser, app_env.url)
    try:
        _ready(page)
        c.service.settings.set("language", "en")
        c.service.profiles.set_identity("Jimin Park", email=LEARNER)  # disclosed: matched on
        c.set_own_identities([LEARNER])  # the page; and the wallet's own (never sent)

        # Receive: the badge's address, pasted where an offer link goes.
        _nav(page, t("nav.receive", "en"))
        _type(page, t("receive.link", "en"), BADGE)
        page.get_by_role("button", name=t("receive.go", "en"), exact=True).last.click()
        page.get_by_text(t("receive.done.one", "en", count=1)).last.wait_for(timeout=60_000)
        shot(page, "app-ob2-received")

        # The list: the badge, its issuer and the marking.
        marking = f"Open Badges 2.0 · hosted by {A}"
        _nav(page, t("nav.credentials", "en"))
        card = page.get_by_role("button", name=re.compile(re.escape(NAME)))
        card.first.wait_for(timeout=30_000)
        label = card.first.get_attribute("aria-label") or card.first.inner_text()
        assert ISSUER in label and marking in label, label

        # The detail: issuer, image, dates, marking.
        card.first.click()
        page.get_by_text(marking).first.wait_for(timeout=30_000)
        page.get_by_role("img", name=NAME).first.wait_for(timeout=15_000)  # its image
        page.get_by_text(re.compile(re.escape(ISSUER))).first.wait_for(timeout=15_000)
        issued = t("card.issued", "en", date=format_date("2024-05-01", "en"))  # in words
        page.get_by_text(issued).first.wait_for(timeout=15_000)
        page.get_by_text(t("card.no_expiry", "en")).first.wait_for(timeout=15_000)
        shot(page, "app-ob2-detail")

        # Presented (a share link, as the Present screen makes it): the employer's page.
        (rid,) = [s.id for s in c.service.credentials.search().items if s.name == NAME]
        url, _png = c.share([rid], reflections=False, artifacts=False, days=7)
        origins.hits.clear()
        for lang, words in (
            (
                "en",
                (
                    f"Open Badges 2.0 · hosted by {A}",
                    "not an Open Badges 3.0 credential",
                    "1 Open Badges 2.0 badge, checked the Open Badges 2.0 way",
                ),
            ),
            (
                "ko",
                (
                    f"Open Badges 2.0 · {A}에서 호스팅",
                    "Open Badges 3.0 자격증명이 아닌 Open Badges 2.0 배지입니다",
                    "Open Badges 2.0 배지 1개",
                ),
            ),
        ):
            employer = browser.new_page(viewport={"width": 412, "height": 915})
            try:
                employer.goto(f"{url}?lang={lang}")
                badge = employer.locator("article.credential", has_text=NAME)
                badge.wait_for(timeout=30_000)
                text = badge.inner_text()
                for word in words[:2]:
                    assert word in text, (lang, word, text)
                assert words[2] in employer.locator(".verdict").inner_text()
                verified = plain_t("verdict.level.verified", lang)  # (the HTML page's words)
                assert badge.locator(".status").inner_text().strip() == f"✓ {verified}"
                assert "tone-verified" in badge.locator(".status").get_attribute("class")
                employer.screenshot(path=str(SHOTS / f"share-ob2-{lang}.png"), full_page=True)
            finally:
                employer.close()
        assert "A/tm/assertion-aligned.json" in origins.hits  # asked of its host again
    finally:
        page.close()
