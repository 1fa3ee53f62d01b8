"""The Present screen's preview (what the employer sees, drawn from the share page's view
model), its choice of what to show of a selective-disclosure credential, the shared links told
apart, and Settings' "About you" with the learner's photo — in a real headless Chromium at a
phone's size (390×844) and a laptop's (1280×800), in English and Korean, read through
Flutter's semantics tree. Screenshots go to docs/screenshots/ (app-present-preview-*,
app-settings-about-*, app-present-disclose-*, app-present-links-*)."""

from __future__ import annotations

import io
import json
import re

import httpx
import pytest
from browser_helpers import (
    SHOTS,
    assert_fits,
    boxes,
    go,
    include_own,
    open_app,
    ready,
    scroll_to,
    sizes,
    sizes_and_languages,
    t,
    wait_text,
)
from drawn import read_qr, settled
from factories import badge
from PIL import Image, ImageDraw

from wallet.crypto.keys import EcKeyPair
from wallet.demo import Recipient
from wallet.proofs import dataintegrity as di

pytestmark = pytest.mark.browser

PASSPHRASE = "correct horse battery"
SD_ISSUER = EcKeyPair.generate("P-256")
LEARNER = {"en": "Jimin Park", "ko": "Jimin Park"}  # as the issuers name them


def _photo() -> bytes:
    """A portrait-like picture (a face drawn in circles), as a learner's photo file."""
    image = Image.new("RGB", (600, 600), (214, 228, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse((170, 90, 430, 370), fill=(233, 196, 160))
    draw.ellipse((90, 380, 510, 760), fill=(52, 84, 140))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def wallet(app_env):
    """The learner (name, headline, links, photo), three badges the issuer names them in, an
    ecdsa-sd-2023 badge with a grade, a reflection, and a shared link viewed once."""
    c = app_env.controller
    if c.needs_first_run():
        c.create_profile("Personal", "passphrase", PASSPHRASE, learner=LEARNER["en"])
    c.service.profiles.set_identity(
        name=LEARNER["en"],
        headline="Data analyst · Riverside graduate",
        links=["https://portfolio.example/jimin"],
    )
    c.service.profiles.set_identity(photo=_photo())
    issuer = app_env.issuer
    ids = {}
    for name in ("data-analysis", "python", "visualization"):
        doc = issuer.sign_ldp(
            issuer.catalog.badge_credential(
                name, c.service.did, status=False, recipient=Recipient(LEARNER["en"])
            )
        )
        ids[name] = c.service.credentials.add(json.dumps(doc).encode(), name=f"{name}.json").id
    lab = badge(SD_ISSUER, name="Statistics Lab")
    lab["issuer"]["name"] = "Example College"
    lab["credentialSubject"]["id"] = c.service.did
    lab["credentialSubject"]["achievement"]["resultDescription"] = [
        {
            "id": "urn:uuid:grade",
            "type": ["ResultDescription"],
            "name": "Lab grade",
            "resultType": "LetterGrade",
        }
    ]
    lab["credentialSubject"]["result"] = [
        {"type": ["Result"], "value": "B+", "resultDescription": "urn:uuid:grade"}
    ]
    c.service.trust.add(SD_ISSUER.did, name="Example College")
    signed = di.sign(
        lab,
        SD_ISSUER.signer(),
        cryptosuite="ecdsa-sd-2023",
        mandatory_pointers=["/issuer", "/validFrom", "/name", "/credentialSubject/achievement"],
    )
    ids["lab"] = c.service.credentials.add(json.dumps(signed).encode(), name="lab.json").id
    c.service.portfolio.reflect(
        "## What I learned\nCleaning data is **most** of the work:\n\n"
        "- merged three sources\n- documented every step",
        credential_ids=[ids["data-analysis"]],
    )
    url, _png = c.share([ids["python"]], reflections=True, artifacts=True, days=7)
    assert httpx.get(url).status_code == 200  # an employer opened it once
    c.share([ids["visualization"]], reflections=True, artifacts=True, days=7)
    c.service.presenting.revoke(c.service.presenting.shares()[0].id)  # the newest: withdrawn
    return ids


def _labels(page) -> list[str]:
    return [b["label"] for b in boxes(page)]


def _check(page, name: str) -> None:
    box = page.get_by_role("checkbox", name=name, exact=True)
    scroll_to(page, box)
    box.click()
    settled(page)


def _shot(page, name: str) -> None:
    page.mouse.move(page.viewport_size["width"] - 2, 2)  # no hover tooltip in the picture
    settled(page)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.mark.parametrize(("size", "lang"), sizes_and_languages())
def test_the_preview_and_about_you(app_env, browser, wallet, size, lang) -> None:
    c = app_env.controller
    c.service.settings.set("language", lang)
    c.service.profiles.set_identity(name=LEARNER[lang])
    width, height = size
    suffix = "" if lang == "en" else "-ko"
    page = open_app(browser, app_env.url, width=width, height=height)
    try:
        ready(page, lang)
        # Settings: About you, with the photo, at the top.
        go(page, "settings", lang)
        wait_text(page, t("about.title", lang))
        page.get_by_role("img", name=t("about.photo_label", lang)).first.wait_for(timeout=15_000)
        assert page.get_by_role("textbox", name=t("about.name", lang)).count() >= 1
        assert any(LEARNER[lang] in label for label in _labels(page))
        assert_fits(page, f"settings at {width}x{height} in {lang}")
        _shot(page, f"app-settings-about-{width}{suffix}")

        # Present: two badges chosen, previewed as the employer's page shows them.
        go(page, "present", lang)
        wait_text(page, t("present.choose", lang))
        _check(page, "Data Analysis Fundamentals")
        _check(page, "Python Programming I")
        include_own(page, lang)  # (the learner's own work stays home until chosen)
        preview = page.get_by_role("button", name=t("present.preview", lang), exact=True)
        scroll_to(page, preview)
        preview.click()
        presented = t("record.presented_by", lang, name=LEARNER[lang])
        header = page.get_by_text(re.compile("^" + re.escape(presented)))
        header.first.wait_for(timeout=60_000)
        scroll_to(page, header, top=120, bottom=300)
        labels = _labels(page)
        summary = t("summary.credentials", lang, count=2)
        assert any(label.startswith(summary) for label in labels), labels
        assert any(t("record.as_given", lang) in label for label in labels), labels
        matched = t("record.names_match", lang, matched=2, total=2, name=LEARNER[lang])
        assert any(matched in label for label in labels), labels
        assert_fits(page, f"preview at {width}x{height} in {lang}")
        _shot(page, f"app-present-preview-{width}{suffix}")
        grade = page.get_by_text(t("card.result", lang, label="Final grade", value="A"))
        scroll_to(page, grade, top=220)
        issued_by = t("card.issued_by", lang, issuer="Riverside Community College (demo issuer)")
        assert any(issued_by in label for label in _labels(page)), _labels(page)
        assert_fits(page, f"preview card at {width}x{height} in {lang}")
        if width < 600:
            _shot(page, f"app-present-preview-card-{width}{suffix}")
        reflection = page.get_by_text(t("learner.reflection", lang))
        scroll_to(page, reflection, top=140)
        assert any("Cleaning data is most of the work" in label for label in _labels(page))
        assert_fits(page, f"preview reflection at {width}x{height} in {lang}")

        # The links, told apart: titles, status, views.
        links = page.get_by_text(t("present.active", lang), exact=True)
        scroll_to(page, links, top=100)
        page.mouse.wheel(0, 200)
        settled(page)
        labels = " | ".join(_labels(page))
        assert t("share.status.withdrawn", lang) in labels, labels
        assert t("share.status.active", lang) in labels, labels
        assert t("share.views.one", lang, count=1) in labels, labels
        assert_fits(page, f"links at {width}x{height} in {lang}")
        _shot(page, f"app-present-links-{width}{suffix}")
    finally:
        page.close()
        c.service.settings.set("language", "en")
        c.service.profiles.set_identity(name=LEARNER["en"])


@pytest.mark.parametrize("size", sizes())
def test_choosing_what_to_show(app_env, browser, wallet, size) -> None:
    """An ecdsa-sd-2023 badge chosen: "Choose what to show" lists its claims in words; the
    grade unticked, the preview shows the badge without it; the QR code of a link is shown
    again."""
    width, height = size
    page = open_app(browser, app_env.url, width=width, height=height)
    try:
        ready(page, "en")
        go(page, "present", "en")
        wait_text(page, "Choose credentials to present")
        _check(page, "Statistics Lab")
        chooser = page.get_by_role("button", name=re.compile("^Choose what to show"))
        scroll_to(page, chooser)
        chooser.first.click()
        grade = page.get_by_role("checkbox", name="Results (grades, scores): B+")
        grade.wait_for(timeout=15_000)
        assert page.get_by_role("checkbox", name=re.compile(r"\(always included\)$")).count()
        grade.click()
        settled(page)
        # Still open after the choice (the list re-renders), the grade now unticked.
        page.get_by_role("checkbox", name="Results (grades, scores): B+", checked=False).wait_for(
            timeout=10_000
        )
        left_out = page.get_by_text("1 part left out")
        if not left_out.count():  # (the chooser's summary may sit above the window)
            scroll_to(page, left_out, top=0)
        assert left_out.count() or any("1 part left out" in label for label in _labels(page))
        assert_fits(page, f"disclosure at {width}x{height}")
        _shot(page, f"app-present-disclose-{width}")
        preview = page.get_by_role("button", name="Preview what the employer sees", exact=True)
        scroll_to(page, preview)
        preview.click()
        card = page.get_by_text("Statistics Lab", exact=True)
        page.get_by_text(re.compile("^Presented by ")).first.wait_for(timeout=60_000)
        scroll_to(page, card.last, top=120)
        labels = _labels(page)
        assert not any("Lab grade" in label for label in labels), labels
        assert any("Example College" in label for label in labels), labels

        # A link's QR code again: the code on screen is the link's.
        active = next(
            s for s in app_env.controller.service.presenting.shares() if s.status == "active"
        )
        again = page.get_by_role("button", name="Show the QR code again", exact=True)
        scroll_to(page, again)
        again.first.click()
        qr = page.get_by_role("img", name="QR code of the share link")
        qr.first.wait_for(timeout=15_000)
        scroll_to(page, qr, top=40)
        for _ in range(12):  # all of it on screen, above the bottom bar (a square: the box
            box = qr.first.bounding_box()  # is cut to what the scroll view shows)
            if (
                box
                and box["y"] >= 0
                and box["height"] >= box["width"] - 2
                and box["y"] + box["height"] < height - 90
            ):
                break
            page.mouse.wheel(0, -120 if box and box["y"] < 0 else 120)
            settled(page)
        # Read off the whole window, as a phone's camera would (an element's screenshot is cut
        # to its semantics box, which the scroll view may clip), once the code is drawn.
        assert active.url in read_qr(page, page.screenshot)
    finally:
        page.close()
