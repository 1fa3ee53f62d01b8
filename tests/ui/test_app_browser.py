"""The app end to end in a real headless Chromium, found through Flutter's semantics tree (the
accessibility tree), as a learner and an employer would use it. Screenshots of each main screen
go to docs/screenshots/."""

from __future__ import annotations

import re

import pytest
from browser_helpers import include_own, open_app, shot, type_into
from drawn import read_qr, settled

from wallet.demo.issuer import OfferOptions
from wallet.ui.words import keep_words

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"


def _type(page, name: str, text: str, *, exact: bool = False) -> None:
    box = page.get_by_role("textbox", name=name, exact=exact)
    type_into(page, box, text, what=f"the field {name!r}")


def _tab(page, label: str):
    """A navigation destination (its accessible name is "<label> Tab n of 6")."""
    label = keep_words(label)  # (Korean words are kept whole by invisible joiners)
    return page.get_by_role("button", name=re.compile(rf"^{re.escape(label)}(\s|$)"))


def _nav(page, label: str) -> None:
    _tab(page, label).first.click()
    settled(page)


def _ready(page) -> None:
    """The app's main screens, whether or not an earlier test has made the wallet."""
    create = page.get_by_role("button", name="Create my wallet")
    tabs = _tab(page, "Settings")
    create.or_(tabs).first.wait_for(timeout=60_000)
    if create.count():
        _type(page, "Your name", "Jimin Park")
        _type(page, "Passphrase (at least 8 characters)", PASSPHRASE)
        _type(page, "Repeat the passphrase", PASSPHRASE)
        create.click()
    tabs.first.wait_for(timeout=30_000)


def _card(page, name: str):
    """A credential's card in the list (one control, read out as a whole)."""
    return page.get_by_role("button", name=re.compile(re.escape(name)))


def _receive(page, link: str | None = None) -> None:
    if link is not None:
        _type(page, "Offer link", link)
    page.get_by_role("button", name="Receive", exact=True).last.click()


def test_a_learner_from_first_run_to_a_verified_share(app_env, browser, tmp_path) -> None:
    page = open_app(browser, app_env.url)

    # First run: a profile, protected by a passphrase (no OS keyring here), backup explained.
    page.get_by_role("button", name="Create my wallet").wait_for(timeout=60_000)
    _type(page, "Your name", "Jimin Park")
    shot(page, "app-first-run")
    _type(page, "Passphrase (at least 8 characters)", PASSPHRASE)
    _type(page, "Repeat the passphrase", PASSPHRASE)
    page.get_by_role("button", name="Create my wallet").click()

    # The demo offer is ready on the Receive screen: the consent dialog names the issuer.
    page.get_by_role("textbox", name="Offer link").wait_for(timeout=30_000)
    _receive(page)
    page.get_by_role("button", name="Accept").wait_for(timeout=30_000)
    assert page.get_by_label("Riverside Community College (demo issuer) offers you").count()
    shot(page, "app-receive-consent")
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Received 1 credential").last.wait_for(timeout=30_000)

    # A second badge, protected by a transaction code.
    second = app_env.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    _receive(page, second)
    accept = page.get_by_role("button", name="Accept")
    try:
        accept.wait_for(timeout=30_000)
    except Exception:
        shot(page, "debug-second-offer")
        raise
    accept.click()
    page.get_by_role("textbox", name="Code").wait_for(timeout=30_000)
    _type(page, "Code", "4711")
    shot(page, "app-receive-tx-code")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Received 1 credential").last.wait_for(timeout=30_000)

    # The list: two verified badges.
    _nav(page, "Credentials")
    _card(page, "Python Programming I").wait_for(timeout=15_000)
    assert _card(page, "Data Analysis Fundamentals").count() == 1
    shot(page, "app-credentials")

    # The detail; a reflection on it; a file attached to it.
    _card(page, "Data Analysis Fundamentals").click()
    page.get_by_role("button", name="Reflect").wait_for(timeout=15_000)
    shot(page, "app-credential-detail")
    sample = tmp_path / "analysis-notes.txt"
    sample.write_text("Notes from my final project: bike-share usage by hour.")
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Attach a file").click()
    chooser.value.set_files(str(sample))
    page.get_by_text("Attached analysis-notes.txt").last.wait_for(timeout=15_000)
    page.get_by_role("button", name="Reflect").click()
    _type(
        page, "Reflection (Markdown)", "## What I learned\nCleaning data is **most** of the work."
    )
    page.get_by_role("button", name="Save reflection").click()
    page.get_by_text("Reflection saved").last.wait_for(timeout=15_000)
    shot(page, "app-portfolio")
    reflections = app_env.controller.service.portfolio.reflections()
    assert reflections and reflections[0].credential_ids  # linked to the badge
    assert reflections[0].text.startswith("## What I learned\nCleaning data is"), reflections
    assert any(
        a.name == "analysis-notes.txt" for a in app_env.controller.service.portfolio.artifacts()
    )

    # Present both badges with the reflection and the file; share; a QR code appears.
    _nav(page, "Present")
    # The credentials' own boxes (the reflection and the file name the badge they are on with
    # a box of their own, not to be ticked until the badge is).
    page.get_by_role("checkbox", name="Data Analysis Fundamentals", disabled=False).click()
    page.get_by_role("checkbox", name="Python Programming I", disabled=False).click()
    include_own(page, artifacts=True)  # (off until the learner chooses)
    page.get_by_role("button", name="Create link and QR code").click()
    qr = page.get_by_role("img", name="QR code of the share link")
    qr.wait_for(timeout=60_000)
    shot(page, "app-present-qr")

    # The employer scans the QR code as it is on screen (once drawn), and opens the link.
    (url,) = read_qr(page, qr.screenshot)
    assert url.startswith(app_env.share_server.url + "/s/")
    employer = browser.new_page(viewport={"width": 412, "height": 915})
    employer.goto(url)
    assert employer.locator(".verdict h1").inner_text() == "Verified"
    body = employer.locator("main").inner_text()
    assert "Data Analysis Fundamentals" in body and "Python Programming I" in body
    assert (
        "Cleaning data is most of the work." in body.replace("\n", " ")
        or "Cleaning data is" in body
    )
    employer.close()

    # The same check in the app's employer mode.
    _nav(page, "Verify")
    _type(page, "Link or JSON", url)
    page.get_by_role("button", name="Verify", exact=True).last.click()
    try:
        page.get_by_text("Verified", exact=True).last.wait_for(timeout=60_000)
    except Exception:
        shot(page, "debug-verify")
        raise
    shot(page, "app-verify")
    page.close()


def _scroll_to(page, locator, *, steps: int = 20) -> None:
    """Scroll the screen (with the mouse wheel, as a user does; Flutter builds semantics only
    for what is near the viewport) until ``locator`` is on it."""
    page.mouse.move(700, 500)
    for _ in range(steps):
        if locator.count():
            box = locator.first.bounding_box()
            if box and 60 < box["y"] < page.viewport_size["height"] - 60:
                return
            page.mouse.wheel(0, 300 if box is None or box["y"] > 0 else -300)
        else:
            page.mouse.wheel(0, 300)
        settled(page)  # the scroll has come to rest
    locator.first.wait_for(timeout=5_000)


def test_competency_map_charts_and_a_job_cover(app_env, browser) -> None:
    """The sample framework imported in the app; the map with its charts; a job's
    requirements (ticked in the tree, and typed) covered by the fewest credentials, handed to
    the presentation composer."""
    import json

    page = open_app(browser, app_env.url)
    _ready(page)
    controller, issuer = app_env.controller, app_env.issuer
    have = {c.name for c in controller.service.credentials.search(limit=100).items}
    for badge, name in (
        ("data-analysis", "Data Analysis Fundamentals"),
        ("python", "Python Programming I"),
        ("teamwork", "Teamwork"),
        ("visualization", "Data Visualization"),
    ):
        if name not in have:
            doc = issuer.sign_ldp(
                issuer.badge_credential(badge, controller.service.did, status=False)
            )
            controller.service.credentials.add(json.dumps(doc).encode(), name=f"{badge}.json")

    _nav(page, "Competencies")
    sample = page.get_by_role("button", name="Import the sample framework")
    sample.wait_for(timeout=15_000)
    if not controller.service.competencies.list_frameworks():
        sample.click()
        page.get_by_text(re.compile("Imported Riverside")).last.wait_for(timeout=30_000)
    flower = page.get_by_role("img", name=re.compile("Competency areas chart: Data Skills"))
    flower.wait_for(timeout=30_000)
    assert "Digital Literacy 0.0/4" in flower.get_attribute("aria-label")
    growth = page.get_by_role("img", name=re.compile("Growth chart: 1[0-9] competencies"))
    assert growth.count() == 1
    shot(page, "app-competencies")

    # The tree: levels beside each competency; tick two the job asks for.
    ws11 = page.get_by_role("checkbox", name="WS.1.1 Collaborate in a team")
    _scroll_to(page, ws11)
    shot(page, "app-competencies-tree")
    ws11.click()
    ds32 = page.get_by_role("checkbox", name="DS.3.2 Test and debug code")
    _scroll_to(page, ds32)
    ds32.click()
    field = page.get_by_role("textbox", name="The job's required competencies")
    _scroll_to(page, field)
    _type(
        page,
        "The job's required competencies",
        "Present findings to an audience\nQuantum computing",
    )
    page.get_by_role("button", name="Find the fewest credentials").click()
    count = page.get_by_text("3 credentials cover what can be covered")
    count.wait_for(timeout=15_000)
    _scroll_to(page, page.get_by_role("button", name="Present these"))
    assert page.get_by_text(re.compile("Not covered yet: Quantum computing")).count() == 1
    shot(page, "app-competencies-cover")

    page.get_by_role("button", name="Present these").click()
    page.get_by_role("button", name="Create link and QR code").wait_for(timeout=15_000)
    for name in ("Python Programming I", "Teamwork", "Data Visualization"):
        assert page.get_by_role("checkbox", name=name, checked=True).count() == 1, name
    assert (
        page.get_by_role("checkbox", name="Data Analysis Fundamentals", checked=False).count() == 1
    )
    page.close()


def test_a_bad_offer_link_gets_a_clear_error(app_env, browser) -> None:
    page = open_app(browser, app_env.url)
    _ready(page)
    _nav(page, "Receive")
    _receive(page, "openid-credential-offer://?credential_offer=%7Bnot-json")
    error = page.get_by_text(
        re.compile("Could not receive: The credential offer is not valid JSON")
    )
    error.wait_for(timeout=30_000)
    shot(page, "app-receive-error")
    page.close()


def test_switching_to_korean_changes_the_visible_strings(app_env, browser) -> None:
    page = open_app(browser, app_env.url)
    _ready(page)
    _nav(page, "Settings")
    page.get_by_role("radio", name=keep_words("한국어")).click()
    _tab(page, "설정").first.wait_for(timeout=15_000)
    assert _tab(page, "자격증명").count() == 1
    assert _tab(page, "Credentials").count() == 0
    shot(page, "app-settings-korean")
    page.get_by_role("radio", name="English").click()
    _tab(page, "Settings").first.wait_for(timeout=15_000)
    page.close()
