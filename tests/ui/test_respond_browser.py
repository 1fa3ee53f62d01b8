""" "Respond to a request" in a real headless Chromium, at a phone's size (390×844) and a
laptop's (1280×800), read through Flutter's semantics tree: the employer asks on the share
service's request page, the learner opens Present → Respond to a request, pastes the link, sees
who asks and what will be sent, and sends; the answer arrives on the employer's page.
Screenshots: docs/screenshots/app-respond-consent-{390,1280}.png, app-respond-sent-390.png and
app-respond-consent-390-ko.png."""

from __future__ import annotations

import html
import json
import re

import httpx
import pytest
from browser_helpers import RAIL, SHOTS, include_own, open_app, sizes, t, type_into
from drawn import settled

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"
VERIFIER = "Riverside Transit"
BOXES_JS = """() => Array.from(document.querySelectorAll('flt-semantics')).map(e => {
  const r = e.getBoundingClientRect();
  return {x: r.left, w: r.width, label: (e.getAttribute('aria-label') || '').slice(0, 200)};
}).filter(b => b.w > 0)"""


@pytest.fixture(scope="module")
def learner(app_env):
    """A wallet with two badges and a reflection on one; the employer's verifier named."""
    c, issuer = app_env.controller, app_env.issuer
    if c.needs_first_run():
        c.create_profile("Personal", "passphrase", PASSPHRASE)
    ids = {}
    for badge in ("data-analysis", "python"):
        doc = issuer.sign_ldp(issuer.badge_credential(badge, c.service.did, status=False))
        ids[badge] = c.service.credentials.add(json.dumps(doc).encode(), name=f"{badge}.json").id
    c.service.portfolio.reflect(
        "I cleaned a messy bike-share data set and explained it to the council.",
        credential_ids=[ids["data-analysis"]],
    )
    app_env.share_server.share.verifier.name = VERIFIER
    return ids


def _ask(app_env, prefix: str) -> tuple[str, str]:
    """The employer's request, made on the request page: (the link for the learner, the
    employer's page)."""
    page = httpx.post(
        f"{app_env.share_server.url}/ask",
        timeout=30,
        follow_redirects=True,
        data={
            "purpose": "Junior data analyst",
            "type1": "OpenBadgeCredential",
            "count1": "1",
            "competency1": "Clean and prepare tabular data",
            "issuer1": "",
            "format1": "any",
            "prefix": prefix,
            "mode": "direct_post",
            "method": "get",
        },
    )
    assert page.status_code == 200 and "Waiting for the learner" in page.text
    link = html.unescape(re.search(r"<a id=link href='([^']+)'", page.text).group(1))
    return link, str(page.url)


def _host(app_env) -> str:
    return app_env.share_server.url.split("://")[1]


def _tab(page, label: str):
    return page.get_by_role("tab", name=label, exact=True).or_(
        page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}{RAIL}"))
    )


def _scroll_to(page, locator, *, steps: int = 24) -> None:
    """Scroll with the mouse wheel (Flutter builds semantics only near the viewport) until
    ``locator`` is on the screen."""
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    page.mouse.move(width / 2 + 40, height / 2)
    for _ in range(steps):
        if locator.count():
            box = locator.first.bounding_box()
            if box and 60 < box["y"] < height - 120:
                return
            page.mouse.wheel(0, 250 if box is None or box["y"] > 0 else -250)
        else:
            page.mouse.wheel(0, 250)
        settled(page)  # the scroll has come to rest
    locator.first.wait_for(timeout=5_000)


def _type(page, name: str, text: str) -> None:
    type_into(page, page.get_by_role("textbox", name=name), text, what=f"the field {name!r}")


def _fits(page, where: str) -> None:
    width = page.viewport_size["width"]
    for box in page.evaluate(BOXES_JS):
        assert box["x"] >= -1 and box["x"] + box["w"] <= width + 1, (where, box)


def _consent(browser, app_env, width: int, height: int, lang: str, prefix: str):
    """Present → Respond to a request → paste the link → the consent view."""
    link, employer_page = _ask(app_env, prefix)
    page = open_app(browser, app_env.url, width=width, height=height)
    _tab(page, t("nav.credentials", lang)).first.wait_for(timeout=60_000)
    _tab(page, t("nav.present", lang)).first.click()
    page.get_by_text(t("present.choose", lang)).first.wait_for(timeout=15_000)
    respond = page.get_by_role("button", name=t("respond.open", lang), exact=True)
    _scroll_to(page, respond)
    respond.click()
    page.get_by_role("textbox", name=t("respond.link", lang)).wait_for(timeout=15_000)
    _type(page, t("respond.link", lang), link)
    page.get_by_role("button", name=t("respond.go", lang), exact=True).click()
    try:  # who asks: the domain (did:web) or the origin (unsigned) — never the name it gives
        page.get_by_text(_host(app_env), exact=True).first.wait_for(timeout=60_000)
    except Exception:
        page.screenshot(path="/tmp/failed-wait.png")
        raise
    settled(page)
    _fits(page, f"consent at {width} in {lang}")
    page.mouse.move(width - 2, 2)
    return page, employer_page


@pytest.mark.parametrize("size", sizes())
def test_respond_to_a_request_from_the_request_page(app_env, browser, learner, size) -> None:
    width, height = size
    page, employer_page = _consent(browser, app_env, width, height, "en", "did_web")
    host = _host(app_env)
    try:
        assert page.get_by_text("Verified", exact=True).count()
        assert page.get_by_text(f"It calls itself “{VERIFIER}”", exact=False).count()
        assert page.get_by_text("the DID document served by", exact=False).count()
        page.screenshot(path=str(SHOTS / f"app-respond-consent-{width}.png"))
        what = page.get_by_text(f"Exactly what {host} will receive")
        _scroll_to(page, what)
        assert page.get_by_text(re.compile("^Data Analysis Fundamentals")).count()
        include_own(page)  # the reflection goes only when the learner includes it
        send = page.get_by_role("button", name="Send", exact=True)
        _scroll_to(page, send)
        _fits(page, f"disclosure at {width}")
        send.click()
        page.get_by_text(f"Sent to {host}.").wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Open the link").count() == 1
        settled(page)
        _fits(page, f"sent at {width}")
        if width == 390:
            page.screenshot(path=str(SHOTS / "app-respond-sent-390.png"))
        answer = httpx.get(employer_page, timeout=30).text  # the answer arrived
        assert "data-verdict='Verified'" in answer and "Data Analysis Fundamentals" in answer
        assert "bike-share" in answer  # with the learner's reflection, marked as theirs
    finally:
        page.close()


def test_the_consent_view_in_korean(app_env, browser, learner) -> None:
    app_env.controller.service.settings.set("language", "ko")
    try:
        page, employer_page = _consent(browser, app_env, 390, 844, "ko", "redirect_uri")
        try:
            assert page.get_by_text(t("respond.not_verified", "ko"), exact=True).count()
            assert page.get_by_text("not signed", exact=False).count() == 0
            page.screenshot(path=str(SHOTS / "app-respond-consent-390-ko.png"))
            decline = page.get_by_role("button", name=t("respond.decline", "ko"), exact=True)
            _scroll_to(page, decline)
            decline.click()
            page.get_by_text(t("respond.declined", "ko")).wait_for(timeout=30_000)
            assert "data-verdict='Decline reported'" in httpx.get(employer_page, timeout=30).text
        finally:
            page.close()
    finally:
        app_env.controller.service.settings.set("language", "en")
