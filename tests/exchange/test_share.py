"""Sharing: compose → share → QR → the employer's page, over real HTTP on 127.0.0.1."""

from __future__ import annotations

import io
import json
import re
import sqlite3
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from exchange_helpers import Learner

from wallet.demo import OfferOptions, demo_trust_list
from wallet.errors import ExchangeError
from wallet.exchange.qr import decode_qr, qr_png
from wallet.exchange.share import MAX_UPLOAD
from wallet.exchange.share_link import ShareClient, open_share, parse_share_url, seal_share
from wallet.services.serving import serve_share_service


@pytest.fixture
def share_server(tmp_path: Path, demo_issuer):
    """A share service whose operator keeps the demo issuer on a trust list."""
    with serve_share_service(
        database_url=str(tmp_path / "shares.db"),
        dev=True,
        rate_limit=60,
        trust=[demo_trust_list(demo_issuer.issuer)],
    ) as running:
        yield running, running.share, tmp_path / "shares.db"


@pytest.fixture
def stocked(demo_issuer, wallet, receiver):
    """A wallet with three issuer credentials (JSON-LD, VC-JWT, CLR), a reflection, a small
    and a large artifact."""
    link = demo_issuer.issuer.create_offer(
        OfferOptions(credentials=("data-analysis", "python-jwt", "transcript"))
    )
    ids = [a.id for a in receiver.receive(link, Learner()).stored]
    wallet.portfolio.reflect("I learned to **clean** messy data.", credential_ids=[ids[0]])
    wallet.portfolio.attach_file(
        io.BytesIO(b"%PDF-1.7 report"), name="report.pdf", credential_ids=[ids[0]]
    )
    wallet.portfolio.attach_file(
        io.BytesIO(bytes(range(256)) * 800), name="dataset.bin", credential_ids=[ids[1]]
    )
    return ids


def _verdict(html: str) -> str:
    match = re.search(r"data-verdict='([^']*)'", html)
    assert match, html[:500]
    return match.group(1)


def test_share_page_verifies_everything(share_server, wallet, http, stocked) -> None:
    running, _server, db = share_server
    result = wallet.presenting.share(running.url, stocked)
    page = httpx.get(result.url, timeout=30)
    assert page.status_code == 200
    assert _verdict(page.text) == "Verified"
    for name in (
        "Data Analysis Fundamentals",
        "Python Programming I",
        "Certificate in Data Skills",
    ):
        assert name in page.text
    assert page.text.count("Learner-asserted") == 3  # the reflection and two files
    # Markdown rendered by the one renderer (wallet/record/markdown.py), not a bold-only subset
    assert "I learned to <strong>clean</strong> messy data." in page.text
    assert page.headers["referrer-policy"] == "no-referrer"  # the URL holds the key
    assert "script" not in page.headers["content-security-policy"]
    raw = httpx.get(result.url + "/raw", timeout=30).json()
    assert raw["type"] == ["VerifiablePresentation"] and raw["holder"] == wallet.did
    # The store holds ciphertext only.
    stored = sqlite3.connect(db).execute("SELECT ciphertext FROM shares").fetchone()[0]
    assert b"Data Analysis" not in stored and b"clean" not in stored
    assert wallet.presenting.share_record(result.record_id).share_id == result.share_id
    (link,) = [s for s in wallet.presenting.shares() if s.id == result.record_id]
    assert link.views  # the learner sees when it was viewed


def test_tampered_upload_shows_not_verified_with_the_check(
    share_server, wallet, http, stocked
) -> None:
    running, server, _db = share_server
    client = ShareClient(running.url, http)
    share_id, token = client.reserve()
    composed = wallet.presenting.compose(stocked[:1], challenge=share_id, domain=client.origin)
    doc = composed.presentation
    doc["verifiableCredential"][0]["credentialSubject"]["verifiableCredential"][0]["name"] = (
        "Advanced Data Science"
    )
    key = b"k" * 32
    from datetime import UTC, datetime

    client.upload(share_id, token, key, doc, {}, datetime.now(UTC) + timedelta(days=1), None)
    from wallet.exchange.share_link import share_url

    page = httpx.get(share_url(running.url, share_id, key), timeout=30)
    assert _verdict(page.text) == "Not verified"
    assert "signature" in page.text and "does not match the document" in page.text


def test_qr_round_trip_and_wallet_verify(share_server, wallet, http, stocked, tmp_path) -> None:
    from cli_runner import run_in_process

    running, _server, _db = share_server
    result = wallet.presenting.share(running.url, stocked[:2])
    image = tmp_path / "qr.png"
    image.write_bytes(qr_png(result.url))
    (decoded,) = decode_qr(image.read_bytes())
    assert decoded == result.url
    proc = run_in_process(["verify", "--dev", str(image)])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert b"VERIFIED" in proc.stdout and b"challenge and domain match" in proc.stdout


def test_expiry_view_limit_and_revocation(share_server, wallet, stocked) -> None:
    running, server, _db = share_server
    limited = wallet.presenting.share(running.url, stocked[:1], max_views=2)
    assert httpx.get(limited.url).status_code == 200
    assert httpx.get(limited.url).status_code == 200
    third = httpx.get(limited.url)
    assert third.status_code == 410 and "viewed as many times" in third.text
    revoked = wallet.presenting.share(running.url, stocked[:1])
    wallet.presenting.revoke(revoked.record_id)
    gone = httpx.get(revoked.url)
    assert gone.status_code == 410 and "withdrawn" in gone.text
    record = server.store.get(revoked.share_id)
    assert record.ciphertext is None  # nothing kept of a withdrawn link
    short = wallet.presenting.share(running.url, stocked[:1], expires_in=timedelta(days=1))
    # an expired link: move its expiry into the past, as time would
    server.store.upload(short.share_id, server.store.get(short.share_id).ciphertext, 1.0, None)
    assert "expired" in httpx.get(short.url).text


def test_guessing_and_wrong_keys(share_server, wallet, http, stocked) -> None:
    running, _server, _db = share_server
    result = wallet.presenting.share(running.url, stocked[:1])
    server, share_id, key = parse_share_url(result.url)
    assert server == running.url and len(share_id) == 22  # 128 random bits
    wrong_key = httpx.get(f"{running.url}/s/{share_id}/{'A' * 43}")
    assert wrong_key.status_code == 404
    unknown = httpx.get(f"{running.url}/s/{'B' * 22}/{'A' * 43}")
    assert unknown.status_code == 404
    statuses = [httpx.get(f"{running.url}/s/{i:022d}/x").status_code for i in range(70)]
    assert 429 in statuses  # guessing is rate-limited


def test_oversized_upload_is_refused(share_server, http) -> None:
    running, _server, _db = share_server
    client = ShareClient(running.url, http)
    share_id, token = client.reserve()
    too_big = httpx.put(
        f"{running.url}/api/shares/{share_id}",
        content=b"x" * (MAX_UPLOAD + 1),
        headers={"Authorization": f"Bearer {token}", "X-Share-Expires": "9999999999"},
        timeout=60,
    )
    assert too_big.status_code == 413
    with pytest.raises(ExchangeError, match="does not know"):
        ShareClient(running.url, http).status(share_id, "not the token")


def test_share_encryption_binds_the_share_id() -> None:
    key = b"\x01" * 32
    sealed = seal_share(key, b"secret", "share-a")
    assert open_share(key, sealed, "share-a") == b"secret"
    with pytest.raises(Exception, match="damaged|altered"):
        open_share(key, sealed, "share-b")


@pytest.mark.browser
def test_employer_scans_the_qr_code_in_a_real_browser(
    share_server, wallet, http, stocked, browser, tmp_path
) -> None:
    """compose → share → QR PNG → decoded by zxing-cpp → opened in headless Chromium."""
    running, server, _db = share_server
    result = wallet.presenting.share(running.url, stocked)
    (url,) = decode_qr(qr_png(result.url))
    page = browser.new_page(viewport={"width": 412, "height": 915})  # a phone
    page.goto(url)
    assert page.locator(".verdict h1").inner_text() == "Verified"
    body = page.locator("main").inner_text()
    for name in (
        "Data Analysis Fundamentals",
        "Python Programming I",
        "Certificate in Data Skills — Transcript",
    ):
        assert name in body
    shots = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "share-page-verified.png"))

    client = ShareClient(running.url, http)
    share_id, token = client.reserve()
    composed = wallet.presenting.compose(stocked[:1], challenge=share_id, domain=client.origin)
    tampered = json.loads(json.dumps(composed.presentation))
    tampered["verifiableCredential"][0]["evidence"][0]["narrative"] = "I invented statistics."
    from datetime import UTC, datetime

    from wallet.exchange.share_link import share_url

    key = bytes(range(32))
    client.upload(share_id, token, key, tampered, {}, datetime.now(UTC) + timedelta(days=1), None)
    page.goto(share_url(running.url, share_id, key))
    assert page.locator(".verdict h1").inner_text() == "Not verified"
    assert "signature" in page.locator(".verdict").inner_text()
    page.screenshot(path=str(shots / "share-page-not-verified.png"))
    page.close()


def test_present_share_and_shares_commands(share_server, demo_issuer, tmp_path) -> None:
    from cli_runner import wallet_runner

    running, _server, _db = share_server
    wallet = wallet_runner(tmp_path / "cli", "a pass phrase")

    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis", "teamwork")))
    assert wallet("receive", "--dev", "--yes", link).returncode == 0
    ids = [item["id"][:8] for item in json.loads(wallet("list", "--json").stdout)]
    assert wallet("reflect", ids[0], "--text", "Proud of this one.").returncode == 0

    out, pdf = tmp_path / "vp.json", tmp_path / "vp.pdf"
    made = wallet(
        "present",
        *ids,
        "--out",
        str(out),
        "--pdf",
        str(pdf),
        "--challenge",
        "c-1",
        "--domain",
        "https://hr.example",
        "--save-preset",
        "Data analyst",
    )
    assert made.returncode == 0, made.stderr
    assert pdf.read_bytes().startswith(b"%PDF-1.4")
    checked = wallet(
        "verify", "--dev", str(out), "--challenge", "c-1", "--domain", "https://hr.example"
    )
    assert checked.returncode == 0, checked.stdout
    replayed = wallet("verify", "--dev", str(out), "--challenge", "c-2")
    assert replayed.returncode == 1 and b"another request" in replayed.stdout

    qr = tmp_path / "share.pdf"
    shared = wallet(
        "share",
        "--preset",
        "Data analyst",
        "--server",
        running.url,
        "--dev",
        "--max-views",
        "3",
        "--qr",
        str(qr),
    )
    assert shared.returncode == 0, shared.stderr
    url = shared.stdout.decode().strip()
    assert url.startswith(running.url + "/s/") and qr.read_bytes().startswith(b"%PDF")
    assert _verdict(httpx.get(url, timeout=60).text) == "Verified"
    listed = wallet("shares", "--dev").stdout.decode()
    assert "1 view," in listed  # plurals without "(s)"
    share_id = listed.split()[0]
    assert wallet("shares", "--dev", "--revoke", share_id).returncode == 0
    assert httpx.get(url).status_code == 410
    assert "withdrawn" in wallet("shares", "--dev").stdout.decode()
