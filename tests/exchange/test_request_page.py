"""The employer's request page in a real headless Chromium, and ``wallet respond`` as a real
process: the employer asks on the page, the learner answers from the terminal, and the answer
arrives on the same page, rendered as the share page renders a presentation."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from drawn import read_qr
from exchange_helpers import Learner

from wallet.demo import demo_trust_list
from wallet.demo.issuer import OfferOptions
from wallet.services.serving import serve_share_service

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def share_server(tmp_path: Path, demo_issuer):
    """The employer's share service, whose operator keeps the demo issuer on a trust list."""
    with serve_share_service(
        database_url=str(tmp_path / "shares.db"),
        dev=True,
        trust=[demo_trust_list(demo_issuer.issuer)],
    ) as running:
        yield running


def test_request_page_and_an_answer_arriving_in_a_real_browser(
    share_server, demo_issuer, wallet, receiver, browser
) -> None:
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt", "teamwork"))
    )
    ids = [a.id for a in receiver.receive(link, Learner()).stored]
    wallet.portfolio.reflect(
        "I cleaned a messy city bike-share data set and explained it to the council.",
        credential_ids=[ids[0]],
    )
    page = browser.new_page(viewport={"width": 412, "height": 915})  # a phone
    page.goto(f"{share_server.url}/ask")
    page.fill("#purpose", "Junior data analyst at Riverside Transit")
    page.fill("#competency1", "Clean and prepare tabular data")
    page.select_option("#type2", "OpenBadgeCredential")
    page.locator("#format2").locator("xpath=..").locator("summary").click()  # "Advanced"
    page.select_option("#format2", "jwt_vc_json")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "request-page-form.png"), full_page=True)
    page.click("#create")
    page.wait_for_selector(".qr img", timeout=15_000)
    assert "Waiting for the learner" in page.locator("h1").inner_text()
    # the QR code on the page is the request (read once drawn: the page refreshes itself)
    (scanned,) = read_qr(page, page.locator(".qr img").screenshot)
    assert scanned.startswith("openid4vp://") and scanned == page.get_attribute("#link", "href")
    page.screenshot(path=str(SHOTS / "request-page-qr.png"), full_page=True)

    preview = wallet.responding.preview(scanned)
    # the page's default request is signed by a did:key: unchanged, but not a proven sender
    assert preview.verifier.standing == "integrity" and not preview.verifier.verified
    wallet.responding.answer(preview, reflections=True)
    # The employer waits: the page refreshes itself (every 2 s) until the answer is there. (A
    # reload of our own raced that refresh: net::ERR_ABORTED under load.)
    page.wait_for_selector(".verdict h1", timeout=60_000)
    assert page.locator(".verdict h1").inner_text() == "Verified"
    body = page.locator("main").inner_text()
    assert "Data Analysis Fundamentals" in body and "Python Programming I" in body
    assert "Learner-asserted" in body and "bike-share" in body
    page.screenshot(path=str(SHOTS / "request-page-answer.png"), full_page=True)
    page.close()


def test_request_page_without_a_browser(share_server) -> None:
    form = httpx.get(f"{share_server.url}/ask", timeout=30)
    assert (
        form.status_code == 200 and "form-action 'self'" in form.headers["content-security-policy"]
    )
    created = httpx.post(
        f"{share_server.url}/ask",
        timeout=30,
        data={
            "purpose": "<script>alert(1)</script>",
            "type1": "OpenBadgeCredential",
            "count1": "1",
            "competency1": "",
            "issuer1": "",
            "format1": "any",
            "prefix": "redirect_uri",
            "mode": "direct_post",
            "method": "get",
        },
        follow_redirects=True,
    )
    assert created.status_code == 200 and "Waiting for the learner" in created.text
    assert "<script>" not in created.text and "&lt;script&gt;" in created.text
    assert "refresh" in created.text
    missing = httpx.get(f"{share_server.url}/ask/not-a-token", timeout=30)
    assert missing.status_code == 404
    interaction = re.search(r"<code id=interaction>([^<]+)</code>", created.text).group(1)
    import html

    url = html.unescape(interaction)
    as_json = httpx.get(url, headers={"Accept": "application/json"}, timeout=30).json()
    assert set(as_json["protocols"]) == {"oid4vp-1.0", "vcapi"}
    as_page = httpx.get(url, timeout=30)
    assert "text/html" in as_page.headers["content-type"]


def test_respond_command(share_server, demo_issuer, tmp_path) -> None:
    from cli_runner import wallet_runner

    run = wallet_runner(tmp_path / "cli", "a pass phrase")
    offer = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    assert run("receive", "--dev", "--yes", offer).returncode == 0
    asked = share_server.ask(competency="Clean and prepare tabular data")
    refused = run("respond", "--dev", asked.link)  # not a terminal, no --yes: nothing sent
    assert refused.returncode == 1 and b"--yes" in refused.stderr
    sent = run("respond", "--dev", "--yes", asked.link)
    assert sent.returncode == 0, sent.stderr
    out = sent.stdout.decode()
    # a did:key request (anyone can make one): the DID leads, the name is only its claim
    host = share_server.url.split("://")[1]
    assert "[signed — sender NOT verified]" in out and "[verified]" not in out
    assert "did:key:" in out.split(" asks for credentials")[0]
    assert "It calls itself “Employer”" in out and "Data Analysis Fundamentals" in out
    assert f"What {host} will receive" in out and "continue at" in out
    page = httpx.get(asked.page, timeout=30).text
    assert "data-verdict='Verified'" in page
    nothing = share_server.ask(competency="Interpretive dance")
    declined = run("respond", "--dev", "--yes", nothing.link)
    assert declined.returncode == 1 and b"None of your credentials matches" in declined.stdout
    # shown as reported, not authenticated; the request stays open
    assert "data-verdict='Decline reported'" in httpx.get(nothing.page, timeout=30).text
    delivery = run("respond", "--dev", "--yes", demo_issuer.issuer.delivery.create(("teamwork",)))
    assert delivery.returncode == 0 and b"received 'Teamwork'" in delivery.stdout


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_request_form_in_words_an_hr_person_uses(share_server, lang) -> None:
    """The form says what to ask for in plain words, in the reader's language; the technical
    choices (format, signing, answer mode, request URI method) are folded under "Advanced",
    each with its technical name kept there."""
    form = httpx.get(f"{share_server.url}/ask", headers={"Accept-Language": lang}, timeout=30)
    assert form.status_code == 200
    text = form.text
    folded = re.sub(r"<details class=advanced.*?</details>", "", text, flags=re.S)
    shown = re.sub(r"<[^>]+>", " ", folded)
    for technical in (
        "did:key",
        "did:web",
        "redirect_uri",
        "X.509",
        "Request URI",
        "GET",
        "POST",
        "VC-JWT",
        "Data Integrity",
        "direct_post",
        "CASE",
        "DID",
    ):
        assert technical not in shown, technical
        if technical not in ("CASE", "DID", "Request URI", "X.509"):  # X.509: with a certificate
            assert technical in text, technical  # still there, under "Advanced"
    if lang == "ko":
        assert "학습자에게 자격증명 요청하기" in text and "고급" in text
        assert not re.search(r"Ask a learner|Why you ask|Create the request", text)
    else:
        assert "Why you ask (the learner sees this)" in text and ">Advanced<" in text
    created = httpx.post(
        f"{share_server.url}/ask",
        timeout=30,
        data={
            "purpose": "입사 지원",
            "type1": "OpenBadgeCredential",
            "count1": "1",
            "format1": "any",
        },
        headers={"Accept-Language": lang},
        follow_redirects=True,
    )
    assert created.status_code == 200 and "입사 지원" in created.text
