"""The services behind the app's rough edges (issue "The app on every screen"), over real HTTP on
127.0.0.1: receiving as a person expects (item 5), the employer's view and its friendly errors
(item 8), linking work samples and managing profiles and trust lists (item 9), and fresh status
(item 10) — the CLI's ``wallet recheck`` included."""

from __future__ import annotations

import base64
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from exchange_helpers import PASSPHRASE, Learner, make_wallet
from PIL import Image

from wallet.demo import OfferOptions
from wallet.errors import (
    InputError,
    OfferUsedError,
    ProfileError,
    ShareUnavailableError,
    TokenError,
)
from wallet.record.view import CredentialCard, RecordView
from wallet.result import Verdict
from wallet.services import Verifier
from wallet.services.receiving import LOGO_MAX_BYTES, checked_logo, fetch_logo
from wallet.services.serving import serve_share_service


@dataclass
class Asking(Learner):
    """A learner whose app shows the whole consent (logo, what is held already)."""


# --- item 5: receiving ---------------------------------------------------------------------


def test_the_logo_is_fetched_by_the_wallet_and_kept(demo_issuer, wallet) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis",)))
    learner = Asking()
    result = wallet.receiving.receive(link, learner)
    (consent,) = learner.consents
    assert consent.logo and consent.logo.startswith("data:image/svg+xml;base64,")
    assert b"<svg" in base64.b64decode(consent.logo.split(",", 1)[1])
    assert consent.already == ()  # nothing held yet
    stored = wallet.credentials.get(result.stored[0].id).summary
    assert stored.issuer_logo == consent.logo  # kept with the credential, shown in list/detail
    assert stored.source == demo_issuer.issuer.credential_issuer(False)


def test_logo_limits(http, demo_issuer) -> None:
    base = demo_issuer.issuer.base
    assert fetch_logo(http, None) is None
    assert fetch_logo(http, f"{base}/images/no-such.svg") is None  # 404: no logo, no error
    assert fetch_logo(http, f"{base}/.well-known/openid-credential-issuer") is None  # not an image
    assert fetch_logo(http, "https://10.0.0.1/logo.png") is None  # the fetcher's policy refuses
    big = (
        "data:image/png;base64,"
        + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(LOGO_MAX_BYTES)).decode()
    )
    assert fetch_logo(http, big) is None
    damaged = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(10)).decode()
    assert fetch_logo(http, damaged) is None  # a PNG signature and nothing of an image
    small = "data:image/png;base64," + base64.b64encode(_png(64)).decode()
    assert fetch_logo(http, small) == small


def _png(side: int) -> bytes:
    out = io.BytesIO()
    Image.new("1", (side, side)).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_logo_of_too_many_pixels_is_not_kept(http) -> None:
    """Before: a 20 KB PNG of 12000 × 12000 pixels was kept as the issuer's logo, and the app
    decoded it whole (576 MB) for a 48-pixel picture."""
    bomb = _png(12000)
    assert len(bomb) < LOGO_MAX_BYTES
    assert checked_logo("data:image/png;base64," + base64.b64encode(bomb).decode()) is None
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,'
        + base64.b64encode(bomb).decode()
        + '"/></svg>'
    ).encode()
    assert checked_logo("data:image/svg+xml;base64," + base64.b64encode(svg).decode()) is None
    outside = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/x.png"/></svg>'
    assert checked_logo("data:image/svg+xml;base64," + base64.b64encode(outside).decode()) is None


def test_the_same_badge_offered_again_is_asked_about(demo_issuer, wallet) -> None:
    issuer = demo_issuer.issuer
    first = wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("data-analysis",))), Learner()
    )
    received = first.stored[0].summary.received_at
    learner = Asking(accept=False)
    declined = wallet.receiving.receive(
        issuer.create_offer(OfferOptions(credentials=("data-analysis",))), learner
    )
    assert declined.declined and not declined.stored
    assert learner.consents[0].already == (("Data Analysis Fundamentals", received),)
    assert wallet.credentials.search().total == 1
    other = Asking()
    wallet.receiving.receive(issuer.create_offer(OfferOptions(credentials=("python",))), other)
    assert other.consents[0].already == ()  # another badge: nothing to ask about


def test_a_used_offer_says_so(demo_issuer, wallet) -> None:
    link = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",)))
    wallet.receiving.receive(link, Learner())
    with pytest.raises(OfferUsedError, match="already used or has expired"):
        wallet.receiving.receive(link, Learner())
    # with a transaction code the code itself may be wrong: that is asked again, not this
    coded = demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",), tx_code="4711"))
    with pytest.raises(TokenError) as caught:
        wallet.receiving.receive(coded, Learner(codes=["1", "2", "3"]))
    assert not isinstance(caught.value, OfferUsedError)


# --- item 8: the employer's view ----------------------------------------------------------


@pytest.fixture(scope="module")
def share_service(tmp_path_factory, demo_issuer):
    from wallet.demo import demo_trust_list

    home = tmp_path_factory.mktemp("share")
    running = serve_share_service(
        database_url=str(home / "shares.db"), dev=True, trust=[demo_trust_list(demo_issuer.issuer)]
    )
    try:
        yield running
    finally:
        running.stop()


def test_the_employer_sees_names_issuers_and_the_learners_content(
    demo_issuer, wallet, share_service, http
) -> None:
    result = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("data-analysis", "python"))),
        Learner(),
    )
    ids = [a.id for a in result.stored]
    wallet.portfolio.reflect(
        "## What I learned\nCleaning data is **most** of the work.", credential_ids=[ids[0]]
    )
    sample = wallet.portfolio.attach_link("https://example.org/my-notebook")
    wallet.portfolio.link_artifact(sample.id, [ids[1]])  # linked afterwards, from the portfolio
    shared = wallet.presenting.share(share_service.url, ids)
    verifier = Verifier(dev=True, http=http)
    view = verifier.check_text(shared.url).view()  # the share page's own view model
    assert isinstance(view, RecordView)
    assert view.verdict.level in (Verdict.VERIFIED, Verdict.WARNINGS)
    assert view.learner.identity.did == wallet.did and view.learner.bound
    names = {c.name for c in view.credentials}
    assert names == {"Data Analysis Fundamentals", "Python Programming I"}
    assert {c.issuer.name for c in view.credentials} == {
        "Riverside Community College (demo issuer)"
    }
    assert all(c.issued for c in view.credentials)
    kinds = {(item.kind, item.title) for item in view.learner_items}
    assert ("reflection", "What I learned") in kinds
    assert any(
        item.kind == "artifact" and item.link == "https://example.org/my-notebook"
        for item in view.learner_items
    )  # the sample linked from the portfolio came along
    reflection = next(i for i in view.learner_items if i.kind == "reflection")
    assert "Cleaning data is **most** of the work." in reflection.markdown

    # a withdrawn link, and a mistyped one, say so in plain words
    wallet.presenting.revoke(wallet.presenting.shares()[0].id)
    server, _sep, rest = shared.url.partition("/s/")
    mistyped = f"{server}/s/{'x' if rest[0] != 'x' else 'y'}{rest[1:]}"  # one letter off
    for url in (shared.url, mistyped):
        with pytest.raises(ShareUnavailableError) as caught:
            verifier.check_text(url)
        assert caught.value.message.startswith(
            "This link is not available: it was withdrawn, has expired or is mistyped"
        )
        assert "HTTP" not in caught.value.message


def test_a_single_credential_reads_people_first(demo_issuer, wallet, http) -> None:
    result = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("python",))), Learner()
    )
    raw, _kind = wallet.credentials.raw(result.stored[0].id)
    card = Verifier(dev=True, http=http).check_text(raw.decode()).view()
    assert isinstance(card, CredentialCard)
    assert card.name == "Python Programming I"
    assert card.issuer.name == "Riverside Community College (demo issuer)"
    unreadable = Verifier(offline=True).check_text("{not json").view()
    assert unreadable.verdict.level is Verdict.NOT_VERIFIED and unreadable.verdict.reasons


# --- item 9: portfolio and settings -------------------------------------------------------


def test_a_work_sample_linked_later_comes_along(wallet, demo_issuer) -> None:
    result = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("teamwork",))), Learner()
    )
    cid = result.stored[0].id
    sample = wallet.portfolio.attach_file(__import__("io").BytesIO(b"notes"), name="notes.txt")
    _doc, before = wallet.presenting.preview([cid], reflections=True, artifacts=True)
    assert not any(ev.learner for n in before.nested for ev in n.evidence)
    linked = wallet.portfolio.link_artifact(sample.id, [cid, cid])
    assert linked.credential_ids == (cid,)  # once
    _doc, after = wallet.presenting.preview([cid], reflections=True, artifacts=True)
    assert [ev.name for n in after.nested for ev in n.evidence if ev.learner] == ["notes.txt"]
    note = wallet.portfolio.reflect("Planning our sprint")
    assert wallet.portfolio.link_reflection(note.id, [cid]).credential_ids == (cid,)
    assert wallet.portfolio.reflections(credential_id=cid)[0].versions == 1  # not a new version
    with pytest.raises(Exception, match="not a credential"):
        wallet.portfolio.link_artifact(sample.id, [note.id])


def test_profiles_create_rename_switch_delete(tmp_path: Path) -> None:
    wallet = make_wallet(tmp_path / "home")
    try:
        first = wallet.profiles.current
        wallet.profiles.create("Work", protection="passphrase", passphrase=PASSPHRASE)
        assert wallet.profiles.current.name == "Work"
        renamed = wallet.profiles.rename("Work", "Job search")
        assert renamed.name == "Job search" and wallet.profiles.current.name == "Job search"
        with pytest.raises(ProfileError, match="exists already"):
            wallet.profiles.rename("Job search", first.name)
        wallet.profiles.rename(renamed.id, "job SEARCH")  # its own name, other case: fine
        wallet.profiles.use(first.id)
        wallet.profiles.delete(renamed.id)
        assert [p.name for p in wallet.profiles.all()] == [first.name]
    finally:
        wallet.close()


def test_the_old_trusted_issuers_setting_moves_into_the_trust_service(tmp_path: Path) -> None:
    wallet = make_wallet(tmp_path / "home")
    wallet.settings.set("trusted_issuers", ["did:web:riverside.example.edu", "not an id"])
    wallet.close()
    wallet = make_wallet(tmp_path / "home")  # the next open
    try:
        (own,) = wallet.trust.lists()
        assert [e.id for e in own.entries] == ["did:web:riverside.example.edu"]
        assert "trusted_issuers" not in wallet.settings.all()
        recognised = wallet.trust.trust_lists().recognise("did:web:riverside.example.edu")
        assert recognised is not None
        wallet.trust.remove("did:web:riverside.example.edu")
        assert wallet.trust.lists()[0].entries == []
        with pytest.raises(InputError):
            wallet.trust.add("not an id")
    finally:
        wallet.close()


# --- item 10: fresh status --------------------------------------------------------------


@pytest.fixture
def online_wallet(tmp_path: Path, demo_issuer):
    from wallet.demo import demo_trust_list
    from wallet.services import WalletService

    svc = WalletService(
        tmp_path / "online", dev=True, online=True, passphrase_source=lambda _why: PASSPHRASE
    )
    svc.profiles.create("Learner", protection="passphrase")
    svc.trust.import_bytes(demo_trust_list(demo_issuer.issuer), source="demo")
    try:
        yield svc
    finally:
        svc.close()


def test_recheck_needs_the_network(wallet) -> None:
    with pytest.raises(InputError, match="needs the network"):
        wallet.credentials.recheck()


def test_recheck_notices_a_revocation_with_its_date(demo_issuer, online_wallet) -> None:
    wallet = online_wallet
    result = wallet.receiving.receive(
        demo_issuer.issuer.create_offer(OfferOptions(credentials=("visualization",))), Learner()
    )
    added = result.stored[0]
    assert added.summary.verdict == "verified" and added.summary.checked_at
    assert wallet.credentials.stale() == []  # just checked
    later = datetime.now(UTC) + timedelta(days=8)
    assert [s.id for s in wallet.credentials.stale(now=later)] == [added.id]

    doc = json.loads(wallet.credentials.raw(added.id)[0])
    demo_issuer.issuer.catalog.revoke(doc["id"])
    progress: list[tuple[int, int]] = []
    report = wallet.credentials.recheck(timedelta(0), progress=lambda d, t: progress.append((d, t)))
    assert report.checked == 1 and progress[-1] == (1, 1)
    assert report.changed == [(added.id, added.summary.name, "verified", "failed")]
    assert report.revoked == [(added.id, added.summary.name)]
    summary = wallet.credentials.get(added.id).summary
    assert summary.status_state == "revoked" and summary.status_noticed
    noticed = summary.status_noticed
    again = wallet.credentials.recheck(timedelta(0))
    assert again.revoked == [] and again.changed == []  # noticed once, the date kept
    assert wallet.credentials.get(added.id).summary.status_noticed == noticed
    assert wallet.credentials.search(verdict="failed").total == 1


def test_wallet_recheck_on_the_command_line(demo_issuer, tmp_path: Path) -> None:
    home = tmp_path / "cli-home"
    wallet = make_wallet(home)
    try:
        from wallet.demo import demo_trust_list

        wallet.trust.import_bytes(demo_trust_list(demo_issuer.issuer), source="demo")
        wallet.receiving.receive(
            demo_issuer.issuer.create_offer(OfferOptions(credentials=("communication",))), Learner()
        )
    finally:
        wallet.close()
    run = wallet_runner(home, PASSPHRASE)
    fresh = run("recheck", "--dev")
    assert fresh.returncode == 0, fresh.stderr
    assert "Checked 0 credentials (status older than 7d)." in fresh.stdout.decode()
    everything = run("recheck", "--older-than", "0d", "--dev")
    assert everything.returncode == 0, everything.stderr
    assert "Checked 1 credential (status older than 0d)." in everything.stdout.decode()
    assert "Nothing changed." in everything.stdout.decode()
    bad = run("recheck", "--older-than", "soon")
    assert bad.returncode == 1 and b"not a duration like 7d" in bad.stderr
