"""Shared links the learner can tell apart (title, status, views with times, the QR code
again) and the LinkedIn form filled in from a credential and its link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
from test_share import share_server, stocked  # noqa: F401 - the fixtures

from wallet.exchange.qr import decode_qr


def test_links_have_titles_status_and_view_times(
    share_server,  # noqa: F811
    wallet,
    stocked,  # noqa: F811
) -> None:
    running, server, _db = share_server
    named = wallet.presenting.share(running.url, stocked[:1], title="Job application: ACME")
    default = wallet.presenting.share(running.url, stocked, max_views=1)
    withdrawn = wallet.presenting.share(running.url, stocked[1:2])
    assert httpx.get(default.url, timeout=30).status_code == 200
    wallet.presenting.revoke(withdrawn.record_id)
    links = {link.id: link for link in wallet.presenting.shares()}
    assert links[named.record_id].title == "Job application: ACME"
    assert links[named.record_id].status == "active" and links[named.record_id].views == ()
    names = wallet.credentials.names()
    assert links[default.record_id].title == f"{names[stocked[0]]}, {names[stocked[1]]} +1"
    assert links[default.record_id].status == "used up"  # its one view is spent
    assert len(links[default.record_id].views) == 1 and links[default.record_id].last_view
    assert links[withdrawn.record_id].status == "withdrawn"
    assert links[named.record_id].credential_ids == (stocked[0],)
    # the QR code again, without asking the share service
    again = wallet.presenting.shared(named.record_id)
    assert decode_qr(again.qr_png()) == [named.url]
    # an expired link, as time would make it
    server.store.upload(named.share_id, server.store.get(named.share_id).ciphertext, 1.0, None)
    (expired,) = [s for s in wallet.presenting.shares() if s.id == named.record_id]
    assert expired.status == "expired"


def test_add_to_linkedin(share_server, wallet, stocked) -> None:  # noqa: F811
    running, _server, _db = share_server
    shared = wallet.presenting.share(running.url, stocked[:2])
    url = wallet.presenting.linkedin(stocked[0])
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    summary = wallet.credentials.get(stocked[0]).summary
    assert query["startTask"] == "CERTIFICATION_NAME"
    assert query["name"] == summary.name == "Data Analysis Fundamentals"
    assert query["organizationName"] == "Riverside Community College (demo issuer)"
    issued = summary.valid_from
    assert (query["issueYear"], query["issueMonth"]) == (issued[:4], str(int(issued[5:7])))
    assert query["certUrl"] == shared.url  # the share link as the credential URL
    # a credential no link shares: the form without a credential URL
    assert "certUrl" not in wallet.presenting.linkedin(stocked[2])


def test_the_preview_is_the_page(wallet, stocked) -> None:  # noqa: F811
    """The app's "what the employer sees" reads the page's view model."""
    wallet.profiles.set_identity("Jimin Park")
    presentation, view = wallet.presenting.preview_record(stocked[:2], lang="ko")
    assert presentation["type"] == ["VerifiablePresentation"]
    assert view.learner.presented == "제출자: Jimin Park" and len(view.credentials) == 2
    assert view.verdict.summary.startswith("자격증명 2개")  # 2 selected, 2 counted
    card = wallet.presenting.credential_card(stocked[0], lang="en")
    assert card.name == "Data Analysis Fundamentals" and card.results[0].text == "Final grade: A"
