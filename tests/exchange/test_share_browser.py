"""The employer's page in a real browser (Debian's Chromium through Playwright), on a phone
(390×844, and 360–430 px wide) and a desktop (1280×800), in English and Korean: three
credentials (a grade with its label, CASE alignments, a transcript), named for the learner by
their issuer, a Markdown reflection with a heading, a list and a link, and a work sample."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from exchange_helpers import Learner
from record_helpers import KOREAN_REFLECTION, KOREAN_TITLE, REFLECTION

from wallet.demo import OfferOptions, Recipient, demo_trust_list
from wallet.services.serving import serve_share_service

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NAME, EMAIL = "Jimin Park", "jimin.park@example.edu"
ISSUED_BY = "Riverside Community College (demo issuer)"

# Every word whose letters the browser laid out on two lines, and any sideways scrolling.
LAYOUT_PROBLEMS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector("main"),
                                           NodeFilter.SHOW_TEXT);
  const word = /[\\p{L}\\p{N}]+/gu;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".token, details:not([open]) > :not(summary)")) continue;
    for (const m of node.data.matchAll(word)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                           .map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return {broken, overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""

# The text the reader sees without scrolling.
ABOVE_THE_FOLD = """() => {
  const seen = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.height > 0 && rect.top < window.innerHeight && node.data.trim())
      seen.push(node.data.trim());
  }
  return seen.join(" ");
}"""


@pytest.fixture
def shared(tmp_path: Path, demo_issuer, wallet):
    """A share link to the record, the service that serves it, and the verification result
    the wallet's own check gives (for the technical messages that must stay folded)."""
    wallet.profiles.set_identity(
        NAME,
        headline="Data analyst · Riverside CC graduate",
        links=["https://portfolio.example/jimin"],
        email=EMAIL,
    )
    offer = demo_issuer.issuer.create_offer(
        OfferOptions(
            credentials=("data-analysis", "python-jwt", "transcript"),
            recipient=Recipient(NAME, EMAIL),
        )
    )
    ids = [a.id for a in wallet.receiving.receive(offer, Learner()).stored]
    wallet.portfolio.reflect(REFLECTION, title="Cleaning survey data", credential_ids=[ids[0]])
    wallet.portfolio.reflect(KOREAN_REFLECTION, title=KOREAN_TITLE, credential_ids=[ids[1]])
    wallet.portfolio.attach_file(
        io.BytesIO(b"%PDF-1.7 the analysis report"),
        name="analysis-report.pdf",
        credential_ids=[ids[0]],
    )
    with serve_share_service(
        database_url=str(tmp_path / "shares.db"),
        dev=True,
        trust=[demo_trust_list(demo_issuer.issuer)],
    ) as running:
        link = wallet.presenting.share(running.url, ids, title="Job application: data analyst")
        presentation, result = wallet.presenting.preview(ids, reflections=True, artifacts=True)
        yield link.url, wallet.credentials, ids, result


def _technical_messages(result) -> set[str]:
    messages, todo = set(), [result]
    while todo:
        current = todo.pop()
        messages |= {c.message for c in current.checks if len(c.message) > 12}
        todo += current.nested
    return messages


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_shared_record_reads_like_a_record(browser, shared, lang) -> None:
    url, credentials, ids, result = shared
    technical = _technical_messages(result)
    assert "every term is defined by the bundled contexts" in technical
    summaries = [credentials.get(i).summary for i in ids]
    words = {
        "en": {
            "verdict": "Verified",
            "issued": "Issued ",
            "by": f"Issued by {ISSUED_BY}",
            "names": f"3 of 3 issuers name their recipient {NAME}",
            "given": "as given by the learner",
            "grade": "Final grade: A",
            "learner": "From the learner",
            "how": "How this was checked",
        },
        "ko": {
            "verdict": "검증됨",
            "issued": " 발급",
            "by": f"발급기관: {ISSUED_BY}",
            "names": f"발급기관 3곳 중 3곳이 수령인을 {NAME}(으)로 명시합니다",
            "given": "학습자 본인이 입력한 정보",
            "grade": "Final grade: A",
            "learner": "학습자가 제공한 자료",
            "how": "확인 방법",
        },
    }[lang]
    for width, height in ((390, 844), (1280, 800)):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="ko-KR" if lang == "ko" else "en-GB"
        )
        page = context.new_page()
        page.goto(url)  # the reader's language from Accept-Language
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator(".verdict").get_attribute("data-level") == "verified"
        assert page.locator(".verdict h1").inner_text() == words["verdict"]
        header = page.locator("header.learner").inner_text()
        assert NAME in header and words["given"] in header and words["names"] in header
        body = page.locator("main").inner_text()
        for summary in summaries:  # each credential, its issuer and its issue date
            card = page.locator("article.credential", has_text=summary.name).first
            text = card.inner_text()
            assert words["by"] in text
            assert any(words["issued"] in line for line in text.splitlines())
        assert body.count(words["by"]) == 3
        assert words["grade"] in body and "DS.1.2" in body  # the label, a CASE item
        assert page.locator(".md h4", has_text="What I learned").count() == 1  # a heading
        assert "## " not in body and page.locator(".md li").count() >= 5  # lists rendered
        link = page.locator(".md a", has_text="my notes")
        assert link.get_attribute("href") == "https://portfolio.example/jimin/notes"
        assert KOREAN_TITLE in body and words["learner"] in body
        assert page.locator(".learner-item", has_text="analysis-report.pdf").count() == 1
        # the checks are folded away, in plain words; nothing technical shows
        fold = page.evaluate(ABOVE_THE_FOLD)
        assert not [m for m in technical if m in fold], fold
        assert not [m for m in technical if m in body]
        assert page.locator("details.how[open], details.how-all[open]").count() == 0
        page.locator("details.how-all summary").click()
        opened = page.locator("details.how-all").inner_text()
        assert words["how"] in opened
        if lang == "en":
            assert "It was made for this very link" in opened
        else:
            assert "바로 이 링크를 위해 만들어졌으므로" in opened
            assert "It was made" not in opened and "every term" not in opened
        page.locator("details.how-all summary").click()
        page.evaluate("window.scrollTo(0, 0)")
        if (width, height) == (390, 844):
            for phone in (360, 390, 412, 430):  # no word broken across lines, no side scroll
                page.set_viewport_size({"width": phone, "height": 844})
                layout = page.evaluate(LAYOUT_PROBLEMS)
                assert layout == {"broken": [], "overflow": 0}, (phone, layout)
            page.set_viewport_size({"width": 390, "height": 844})
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"share-record-{lang}-{width}.png"))
        if width == 390 and lang == "en":
            page.screenshot(path=str(SHOTS / "share-record-en-390-full.png"), full_page=True)
        # printable: the print stylesheet keeps the record and drops the language switch
        page.emulate_media(media="print")
        assert page.locator("nav.langs").is_hidden() and page.locator(".verdict").is_visible()
        context.close()
