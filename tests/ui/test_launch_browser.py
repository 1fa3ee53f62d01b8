"""The app's server in a real headless Chromium: the app opens through the address with the
launch's secret, a window without it sees only the refusal, and a wallet locked in one window
is locked in the others."""

from __future__ import annotations

import pytest
from browser_helpers import go, nav_tab, open_app, ready, scroll_to, t, type_into

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"


@pytest.fixture(scope="module")
def wallet(app_env):
    c = app_env.controller
    if c.needs_first_run():
        c.create_profile("Personal", "passphrase", PASSPHRASE, learner="Jimin Park")
    return c


def test_the_app_opens_through_its_address_and_a_stranger_sees_the_refusal(
    app_env, browser, wallet
) -> None:
    page = open_app(browser, app_env.url)
    try:
        ready(page, "en")  # the real app, drawn and connected
        assert "token" not in page.url  # the secret left the address bar
        cookies = page.context.cookies()
        assert [(c["httpOnly"], c["sameSite"]) for c in cookies] == [(True, "Strict")]
    finally:
        page.close()
    stranger = browser.new_page()  # a context of its own: no cookie
    try:
        for address in (
            app_env.base_url,
            app_env.base_url + "/?token=guessed",
            app_env.base_url + "/main.dart.js",
        ):
            answer = stranger.goto(address)
            assert answer is not None and answer.status == 403, address
            stranger.get_by_text(t("server.refused.secret", "en")).wait_for(timeout=10_000)
        assert stranger.context.cookies() == []
        assert stranger.locator("flt-glass-pane, flutter-view").count() == 0
    finally:
        stranger.close()


def _type(page, name: str, text: str) -> None:
    type_into(page, page.get_by_role("textbox", name=name), text, what=f"the field {name!r}")


def test_a_wallet_locked_in_one_window_is_locked_in_all(app_env, browser, wallet) -> None:
    one = open_app(browser, app_env.url)
    two = open_app(browser, app_env.url)
    try:
        ready(one, "en")
        ready(two, "en")
        go(one, "settings", "en")
        lock = one.get_by_role("button", name=t("settings.lock", "en"))
        scroll_to(one, lock)
        lock.first.click()
        unlock = t("unlock.button", "en")
        for page in (one, two):  # the other window too, without a touch
            page.get_by_role("button", name=unlock, exact=True).wait_for(timeout=30_000)
            assert nav_tab(page, t("nav.credentials", "en")).count() == 0
        assert wallet.locked()
        _type(two, t("unlock.passphrase", "en"), PASSPHRASE)
        two.get_by_role("button", name=unlock, exact=True).click()
        ready(two, "en")
        assert not wallet.locked()
    finally:
        one.close()
        two.close()
