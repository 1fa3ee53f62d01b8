"""Presenting Open Badges 2.0 badges: the learner's CLR carries each as learner-asserted evidence
(its assertion as received, with a digest, and its hosted address); the share page and our
verifier verify it again the OB 2.0 way when it is read — hosted: asked of its host through the
service's own network policy; signed: checked — and say plainly that it is an OB 2.0 badge, not
an OB 3.0 credential, never green unless its own verification passed. A DCQL or Query by Example
request never takes it for an OB 3.0 credential."""

from __future__ import annotations

import base64
import copy
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from ob2_helpers import A, Ob2Origins, case_bytes, require_fixtures
from vault_helpers import make_service

from wallet.exchange.http import HttpFetcher
from wallet.exchange.verifier import Ask
from wallet.ob2.carried import carried_badges, verify_carried
from wallet.presenting.present import digest_multibase
from wallet.result import Verdict
from wallet.services import WalletService
from wallet.services.serving import serve_share_service

LEARNER = "learner@example.net"
HOSTED = "tampered/alignment-case-item.json"
SIGNED = "vt/baked_heart-signed.png"


@pytest.fixture(scope="module")
def origins() -> Iterator[Ob2Origins]:
    require_fixtures()
    served = Ob2Origins()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(autouse=True)
def _fresh_routes(origins: Ob2Origins) -> Iterator[None]:
    yield
    origins.routes.clear()


@pytest.fixture
def learner(tmp_path: Path) -> Iterator[WalletService]:
    http = HttpFetcher(dev=True, timeout=3.0)
    svc = make_service(tmp_path / "home", fetcher=http, http=http, dev=True)
    svc.profiles.ensure()
    svc.profiles.set_identity("Jimin Park", email=LEARNER)  # disclosed to employers
    try:
        yield svc
    finally:
        svc.close()
        http.close()


@pytest.fixture
def share(tmp_path: Path):
    running = serve_share_service(database_url=str(tmp_path / "shares.db"), dev=True)
    try:
        yield running
    finally:
        running.stop()


def _text(page: str) -> str:
    page = re.sub(r"<style.*?</style>", "", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _served(origins: Ob2Origins, path: str) -> dict:
    assertion = json.loads(case_bytes(HOSTED))
    assertion["id"] = f"{A}{path}"
    origins.serve(f"A{path}", assertion)
    return assertion


def test_the_share_page_verifies_them_again_in_english_and_korean(learner, share, origins) -> None:
    hosted = _served(origins, "/bad/share-hosted.json")
    ids = [
        learner.credentials.add(json.dumps(hosted).encode()).id,
        learner.credentials.add(case_bytes(SIGNED)).id,
    ]
    shared = learner.presenting.share(share.url, ids)
    origins.hits.clear()
    en = _text(httpx.get(shared.url, headers={"Accept-Language": "en"}).text)
    assert "A/bad/share-hosted.json" in origins.hits  # asked of its host at view time
    assert f"Open Badges 2.0 · hosted by {A}" in en
    assert "Open Badges 2.0 · signed by An Example Badge Issuer" in en
    assert f"not an Open Badges 3.0 credential: checked with its host, {A}" in en
    assert "checked by its signature (JWS)" in en
    assert "2 Open Badges 2.0 badges, checked the Open Badges 2.0 way" in en
    card = en[en.index("Tamper Test Badge Badge") :]
    assert card.split(" Issued by")[0].split(f"hosted by {A} ")[1].startswith("✓ Verified")
    assert "✓ Issued to Jimin Park" in card  # it names the e-mail address the learner gives
    ko = _text(httpx.get(shared.url + "?lang=ko").text)
    assert f"Open Badges 2.0 · {A}에서 호스팅" in ko
    assert "Open Badges 2.0 · An Example Badge Issuer 서명" in ko
    assert "Open Badges 3.0 자격증명이 아닌 Open Badges 2.0 배지입니다" in ko
    assert "Open Badges 2.0 배지 2개, Open Badges 2.0 방식으로 확인" in ko


def test_a_badge_revoked_since_is_never_shown_green(learner, share, origins) -> None:
    hosted = _served(origins, "/bad/share-revoked.json")
    rid = learner.credentials.add(json.dumps(hosted).encode()).id
    shared = learner.presenting.share(share.url, [rid])
    origins.serve("A/bad/share-revoked.json", {"revoked": True}, status=410)
    page = httpx.get(shared.url).text
    text = _text(page)
    assert text.strip().startswith("Not verified")  # the page's own title and verdict
    body = page.split("</style>", 1)[1]
    assert 'class="verdict tone-failed"' in body and "tone-verified" not in body
    assert "Tamper Test Badge — Revocation:" in text  # the reason, named by the badge


def test_what_the_record_carries_and_a_changed_copy(learner, origins) -> None:
    rid = learner.credentials.add(case_bytes(HOSTED)).id
    composed = learner.presenting.compose([rid])
    (carried,) = carried_badges(composed.presentation)
    assert carried.raw == case_bytes(HOSTED) and carried.url == f"{A}/tm/assertion-aligned.json"
    (found,) = verify_carried(composed.presentation, fetcher=learner.session.fetcher)
    assert found.result.verdict is Verdict.VERIFIED and found.recipient is True
    # the learner changes the copy they carry (and its digest): the host disagrees
    changed = copy.deepcopy(composed.presentation)
    entry = next(
        e
        for e in changed["verifiableCredential"][0]["evidence"]
        if e["genre"] == "Open Badges 2.0 badge"
    )
    assertion = json.loads(carried.raw)
    assertion["issuedOn"] = "2020-01-01T00:00:00Z"
    raw = json.dumps(assertion).encode()
    entry["id"] = "data:application/ld+json;base64," + base64.b64encode(raw).decode()
    entry["digestMultibase"] = digest_multibase(raw)
    (found,) = verify_carried(changed, fetcher=learner.session.fetcher)
    assert found.result.verdict is Verdict.NOT_VERIFIED
    entry["digestMultibase"] = digest_multibase(b"something else")
    (found,) = verify_carried(changed, fetcher=learner.session.fetcher)
    assert found.result.verdict is Verdict.NOT_VERIFIED
    assert "does not match its digest" in found.result.checks[0].message
    # offline, a hosted badge is not confirmed: never green
    (found,) = verify_carried(composed.presentation, fetcher=None)
    assert found.result.verdict is Verdict.ISSUER_NOT_CONFIRMED


def test_our_verifier_checks_them_and_never_counts_them_as_answers(learner, share, origins) -> None:
    rid = learner.credentials.add(case_bytes(HOSTED)).id
    verifier = share.share.verifier
    request = verifier.create([Ask(type="VerifiableCredential")])
    composed = learner.presenting.compose([rid], challenge=request.nonce, domain=request.client_id)
    qid = request.dcql["credentials"][0]["id"]
    answer = verifier.check_vp_token(request.id, {qid: [composed.presentation]}, request.state)
    (check,) = answer.presentations
    (badge,) = check.badges
    assert badge.result.verdict is Verdict.VERIFIED  # verified the OB 2.0 way
    assert not answer.verified  # but no credential answers what was asked
    assert "not what was asked for" in " ".join(
        answer.problems
    ) or "does not include everything" in " ".join(answer.problems)


def test_the_wallet_never_offers_a_badge_for_a_request(learner, share, origins) -> None:
    learner.credentials.add(case_bytes(HOSTED))
    for ask in (Ask(), Ask(type="VerifiableCredential"), Ask(format="ldp_vc")):
        request = share.share.verifier.create([ask])
        preview = learner.responding.preview(share.share.verifier.link(request, by_reference=False))
        assert not preview.satisfiable and all(not q.matches for q in preview.queries)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_pdf_shows_them_verified_again(learner, origins, tmp_path, lang) -> None:
    import shutil
    import subprocess

    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("poppler's pdftotext is not installed")
    rid = learner.credentials.add(case_bytes(HOSTED)).id
    composed = learner.presenting.compose([rid])
    data = learner.presenting.record_pdf(composed.presentation, lang=lang)
    source = tmp_path / "record.pdf"
    source.write_bytes(data)
    text = subprocess.run(
        [tool, "-enc", "UTF-8", str(source), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode()
    text = " ".join(text.split())
    marking = (
        f"Open Badges 2.0 · hosted by {A}" if lang == "en" else f"Open Badges 2.0 · {A}에서 호스팅"
    )
    assert marking in text and "Tamper Test Badge" in text
    assert (
        "not an Open Badges 3.0 credential" if lang == "en" else "Open Badges 3.0 자격증명이 아닌"
    ) in text


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_apps_verify_shows_a_badge_and_a_link_carrying_one_as_the_page(
    learner, share, origins, lang
) -> None:
    from wallet.record.view import CredentialCard, RecordView
    from wallet.services import Verifier

    marking = (
        f"Open Badges 2.0 · hosted by {A}" if lang == "en" else f"Open Badges 2.0 · {A}에서 호스팅"
    )
    hosted = _served(origins, f"/bad/verify-hosted-{lang}.json")
    rid = learner.credentials.add(json.dumps(hosted).encode()).id
    shared = learner.presenting.share(share.url, [rid])
    with Verifier(dev=True) as verifier:
        # a badge pasted: its own card, checked the OB 2.0 way (a host, not a signature)
        card = verifier.check_text(json.dumps(hosted)).view(lang)
        assert isinstance(card, CredentialCard) and card.marking == marking
        assert card.name == "Tamper Test Badge" and card.verdict.level is Verdict.VERIFIED
        assert card.issuer.name == "An Example Badge Issuer" and card.competencies
        # the learner's link: the record, with the badge it carries verified again — as the
        # share page shows it
        origins.hits.clear()
        record = verifier.check_text(shared.url).view(lang)
        assert isinstance(record, RecordView)
        assert f"A/bad/verify-hosted-{lang}.json" in origins.hits  # asked of its host
        (badge,) = [c for c in record.credentials if c.marking]
        assert badge.marking == marking and badge.verdict.level is Verdict.VERIFIED
        assert (
            "1 Open Badges 2.0 badge" if lang == "en" else "Open Badges 2.0 배지 1개"
        ) in record.verdict.summary
        # revoked since: the employer's Verify is never green, as the page is not
        origins.serve(f"A/bad/verify-hosted-{lang}.json", {"revoked": True}, status=410)
        again = verifier.check_text(shared.url).view(lang)
        assert again.verdict.level is Verdict.NOT_VERIFIED


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_our_verifiers_answer_page_shows_a_carried_badge_once(
    learner, share, origins, lang
) -> None:
    from wallet.exchange.verifier_pages import render_answer

    rid = learner.credentials.add(case_bytes(HOSTED)).id
    verifier = share.share.verifier
    request = verifier.create([Ask(type="VerifiableCredential")])
    composed = learner.presenting.compose([rid], challenge=request.nonce, domain=request.client_id)
    qid = request.dcql["credentials"][0]["id"]
    answer = verifier.check_vp_token(request.id, {qid: [composed.presentation]}, request.state)
    text = _text(render_answer(request, answer, verifier.page_url(request), lang))
    marking = (
        f"Open Badges 2.0 · hosted by {A}" if lang == "en" else f"Open Badges 2.0 · {A}에서 호스팅"
    )
    assert text.count(marking) == 1  # its card, once, in the reader's language
    assert (
        "not an Open Badges 3.0 credential" if lang == "en" else "Open Badges 3.0 자격증명이 아닌"
    ) in text


def test_our_verifiers_check_page_verifies_a_pdfs_badges_again(learner, share, origins) -> None:
    from wallet.exchange.check_page import Upload, check_upload

    hosted = _served(origins, "/bad/check-page.json")
    rid = learner.credentials.add(json.dumps(hosted).encode()).id
    composed = learner.presenting.compose([rid])
    pdf = learner.presenting.record_pdf(composed.presentation, lang="en")
    verifier = share.share.verifier
    page, status = check_upload(
        Upload(pdf, "record.pdf"), "en", fetcher=verifier.fetcher, trust=verifier.trust
    )
    text = _text(page)
    assert status == 200 and text.count(f"Open Badges 2.0 · hosted by {A}") == 1
    # revoked by its host since the PDF was made: the PDF's check is never green
    origins.serve("A/bad/check-page.json", {"revoked": True}, status=410)
    page, _status = check_upload(
        Upload(pdf, "record.pdf"), "en", fetcher=verifier.fetcher, trust=verifier.trust
    )
    body = page.split("</style>", 1)[1]
    assert "Tamper Test Badge — Revocation:" in _text(page)
    assert 'class="verdict tone-failed"' in body and "tone-verified" not in body
