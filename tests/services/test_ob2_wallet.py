"""Open Badges 2.0 badges in the wallet (wallet/services/badges.py): added in every form the
learner holds them, kept as received with the documents their verification fetched (with the
fetch time), shown offline from those, re-checked (a host that revokes), kept once, exported as
they came (a baked image re-baked), restored from a backup, mapped onto imported competency
frameworks — against the fixture origins served on 127.0.0.1 (tests/ob2_helpers.py), through the
wallet's own network policy in dev mode."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from ob2_helpers import WWW, A, Ob2Origins, case_bytes, require_fixtures
from vault_helpers import PASSPHRASE, make_service

from wallet.errors import InputError
from wallet.exchange.http import HttpFetcher
from wallet.formats.sources import load_bytes
from wallet.ob2.reading import read_ob2
from wallet.result import CheckId, Outcome, Verdict
from wallet.services import WalletService

LEARNER = "learner@example.net"  # the tm/ cases' recipient (hashed, salt tm-salt-1)
HOSTED = "tampered/alignment-case-item.json"
SIGNED = "vt/simple.jws"  # awarded to nobody@example.org
BADGR_PNG = "real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png"
BADGR_URL = f"{A}/badgr/public/assertions/OnTs_y9OTvSMOYfHxrtu1g"


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
def http() -> Iterator[HttpFetcher]:
    with HttpFetcher(dev=True, timeout=3.0) as fetcher:
        yield fetcher


@pytest.fixture
def wallet(tmp_path: Path, http: HttpFetcher) -> Iterator[WalletService]:
    svc = make_service(tmp_path / "home", fetcher=http, http=http, dev=True)
    svc.profiles.ensure()
    svc.profiles.set_identities(add=[f"email:{LEARNER}"])
    try:
        yield svc
    finally:
        svc.close()


def _offline(tmp_path: Path) -> WalletService:
    return make_service(tmp_path / "home")


def test_every_form_is_added_and_kept_as_received(wallet, origins) -> None:
    inputs = {
        HOSTED: case_bytes(HOSTED),
        SIGNED: case_bytes(SIGNED),
        BADGR_PNG: case_bytes(BADGR_PNG),
        "tampered/baked-hosted.svg": case_bytes("tampered/baked-hosted.svg"),
    }
    ids = {}
    for case, data in inputs.items():
        added = wallet.credentials.add(data, name=case)
        ids[case] = added.id
        assert not added.duplicate, case
        assert wallet.credentials.raw(added.id) == (data, "ob2")  # the exact bytes
        detail = wallet.credentials.get(added.id)
        assert detail.badge is not None and detail.badge.badge.get("name")
        assert detail.summary.format in ("ob2_hosted", "ob2_signed")
    hosted = wallet.credentials.get(ids[HOSTED]).summary
    assert hosted.hosted_by == A and hosted.format == "ob2_hosted"
    assert hosted.image and hosted.image.startswith("data:image/png;base64,")  # fetched
    assert hosted.valid_from == "2024-05-01T12:00:00Z"
    assert hosted.skills == ("Analyze data sets to identify trends",)
    assert hosted.verdict == "verified"  # and it names this learner
    signed = wallet.credentials.get(ids[SIGNED]).summary
    assert signed.format == "ob2_signed" and signed.hosted_by is None
    assert signed.verdict == "failed"  # awarded to someone else: kept, marked
    check = wallet.credentials.get(signed.id).verification.check(CheckId.RECIPIENT)
    assert (check.outcome, check.detail) == (Outcome.FAILED, "someone_else")
    # search and filters see them as any credential
    assert [s.id for s in wallet.credentials.search(skill="trends").items] == [ids[HOSTED]]
    svg = wallet.credentials.get(ids["tampered/baked-hosted.svg"]).summary
    assert svg.image and svg.image.startswith("data:image/svg+xml;base64,")  # the image itself
    assert {s.id for s in wallet.credentials.search(verdict="failed").items} == {
        ids[SIGNED],
        ids[BADGR_PNG],
    }  # both name another e-mail address


def test_the_documents_fetched_are_kept_with_their_fetch_time(wallet, origins) -> None:
    added = wallet.credentials.add(case_bytes(HOSTED))
    _kind, _meta, body = wallet.session.vault().get(added.id)
    kept = {d["url"]: d for d in body["ob2"]["documents"]}
    assert set(kept) == {
        f"{A}/tm/assertion-aligned.json",
        f"{A}/tm/badge-aligned.json",
        f"{A}/vt/organization.json",
    }
    served = base64.b64decode(kept[f"{A}/tm/badge-aligned.json"]["body"])
    assert served == (WWW / "A/tm/badge-aligned.json").read_bytes()  # exactly as fetched
    assert all(d["fetched_at"] for d in kept.values())
    assert (
        body["ob2"]["checked_at"] and body["ob2"]["hosted_url"] == f"{A}/tm/assertion-aligned.json"
    )


def test_it_shows_offline_from_what_was_kept(wallet, origins, tmp_path) -> None:
    added = wallet.credentials.add(case_bytes(HOSTED))
    wallet.close()
    offline = _offline(tmp_path)  # no fetcher: nothing may be fetched from here on
    try:
        hits = len(origins.hits)
        detail = offline.credentials.get(added.id)
        assert detail.badge.badge["name"] == "Tamper Test Badge"
        assert detail.badge.issuer["name"] == "An Example Badge Issuer"
        card = offline.presenting.credential_card(added.id, lang="en")
        assert card.marking == f"Open Badges 2.0 · hosted by {A}"
        assert card.issuer.name == "An Example Badge Issuer" and card.issued_text == "1 May 2024"
        assert [c.code for c in card.competencies] == ["DS.2.3"]
        ko = offline.presenting.credential_card(added.id, lang="ko")
        assert (
            ko.marking == f"Open Badges 2.0 · {A}에서 호스팅" and ko.issued_text == "2024년 5월 1일"
        )
        # verified again offline: with the kept documents, never green
        result = offline.credentials.reverify(added.id, offline.session.verify_options())
        assert result.verdict is Verdict.ISSUER_NOT_CONFIRMED
        assert len(origins.hits) == hits
        card = offline.presenting.credential_card(added.id, lang="en")
        proof = next(line for line in card.checks if line.id is CheckId.PROOF)
        assert (
            proof.text.startswith("Not re-checked: offline. Its issuer last vouched for it on ")
            and "UTC" in proof.text
        )  # when it was last asked
        assert (
            card.verdict.tone == "unconfirmed"
            and card.verdict.level is Verdict.ISSUER_NOT_CONFIRMED
        )
        ko = offline.presenting.credential_card(added.id, lang="ko")
        assert next(line for line in ko.checks if line.id is CheckId.PROOF).text != proof.text
    finally:
        offline.close()


def test_one_assertion_is_kept_once_however_it_came(wallet, origins) -> None:
    first = wallet.credentials.add(case_bytes(BADGR_PNG))
    by_url = wallet.credentials.add(BADGR_URL.encode())
    by_json = wallet.credentials.add(case_bytes("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.json"))
    assert not first.duplicate and by_url.duplicate and by_json.duplicate
    assert by_url.id == by_json.id == first.id
    assert wallet.credentials.search().total == 1


def test_recheck_asks_the_host_again_and_sees_a_revocation(wallet, origins) -> None:
    assertion = json.loads(case_bytes(HOSTED))
    assertion["id"] = f"{A}/bad/later-revoked.json"
    origins.serve("A/bad/later-revoked.json", assertion)
    added = wallet.credentials.add(json.dumps(assertion).encode())
    assert added.summary.verdict == "verified"
    origins.serve("A/bad/later-revoked.json", {"revoked": True}, status=410)
    report = wallet.credentials.recheck(older_than=timedelta(0))
    assert report.revoked == [(added.id, "Tamper Test Badge")]
    summary = wallet.credentials.get(added.id).summary
    assert summary.verdict == "failed" and summary.status_state == "revoked"
    check = wallet.credentials.get(added.id).verification.check(CheckId.STATUS)
    assert (check.outcome, check.detail) == (Outcome.FAILED, "revoked")


def test_what_is_not_authentic_is_refused_and_nothing_stored(wallet, origins) -> None:
    for case in (
        "tampered/local-copy-recipient-swapped.json",
        "tampered/signed-wrong-key.jws",
        "tampered/assertion-on-foreign-origin.json",
    ):
        with pytest.raises(InputError) as refused:
            wallet.credentials.add(case_bytes(case))
        assert refused.value.message.startswith("not stored:"), case
    assert wallet.credentials.search().total == 0


def test_adding_needs_the_network_the_first_time(tmp_path, origins) -> None:
    offline = _offline(tmp_path)
    try:
        offline.profiles.ensure()
        for data in (BADGR_URL.encode(), case_bytes(HOSTED)):
            with pytest.raises(InputError, match="needs the network the first time"):
                offline.credentials.add(data)
        assert offline.credentials.search().total == 0
    finally:
        offline.close()


def test_export_gives_back_what_was_received(wallet, origins, tmp_path) -> None:
    png = wallet.credentials.add(case_bytes(BADGR_PNG)).id
    svg = wallet.credentials.add(case_bytes("tampered/baked-hosted.svg")).id
    jws = wallet.credentials.add(case_bytes(SIGNED)).id
    data, suffix = wallet.credentials.exported(png)
    assert suffix == ".png" and data.startswith(b"\x89PNG")
    assert read_ob2(data).raw == read_ob2(case_bytes(BADGR_PNG)).raw  # re-baked, same badge
    assert load_bytes(data).ob2
    data, suffix = wallet.credentials.exported(svg)
    assert (
        suffix == ".svg"
        and read_ob2(data).document == read_ob2(case_bytes("tampered/baked-hosted.svg")).document
    )
    assert wallet.credentials.exported(jws) == (case_bytes(SIGNED), ".jws")
    # and the exported image is added again as the same badge
    assert wallet.credentials.add(wallet.credentials.exported(png)[0]).duplicate


def test_identities_decide_whom_it_names(wallet, origins) -> None:
    wallet.profiles.set_identities(
        remove=[f"email:{LEARNER}"], add=["mallory@example.net", "+1 555 555 0123"]
    )
    assert [(i.type, i.value) for i in wallet.profiles.identities()] == [
        ("email", "mallory@example.net"),
        ("telephone", "+1 555 555 0123"),
    ]
    other = wallet.credentials.add(case_bytes(HOSTED))
    assert other.summary.verdict == "failed"  # awarded to another e-mail address
    phone = wallet.credentials.add(case_bytes("tampered/recipient-telephone.json"))
    assert phone.verification.check(CheckId.RECIPIENT).detail == "matches"
    # never in a presentation
    composed = wallet.presenting.compose([phone.id])
    text = json.dumps(composed.presentation)
    assert "mallory@example.net" not in text and "555" not in text.replace(phone.summary.name, "")
    with pytest.raises(InputError):
        wallet.profiles.set_identities(add=["email:not-an-address"])


def test_backup_and_restore_keep_the_badge_and_its_documents(
    wallet, origins, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("WALLET_BACKUP_PASSPHRASE", PASSPHRASE)
    rid = wallet.credentials.add(case_bytes(HOSTED)).id
    wallet.credentials.tag(rid, add=["capstone"])
    wallet.backups.backup(tmp_path / "w.wbk", PASSPHRASE)
    other = make_service(
        tmp_path / "other", fetcher=wallet.session.fetcher, http=wallet.session.http, dev=True
    )
    try:
        other.profiles.ensure()
        report = other.backups.restore(tmp_path / "w.wbk", PASSPHRASE)
        assert not report.refused
        (summary,) = other.credentials.all()
        assert summary.name == "Tamper Test Badge" and summary.tags == ("capstone",)
        assert other.credentials.raw(summary.id) == (case_bytes(HOSTED), "ob2")
        again = other.backups.restore(tmp_path / "w.wbk", PASSPHRASE)
        assert other.credentials.search().total == 1 and not again.refused  # kept once
    finally:
        other.close()


def test_competencies_map_kept_badges(wallet, origins) -> None:
    package = {"CFDocument": {}, "CFItems": []}
    item = json.loads(
        (
            WWW / "A/case/ims/case/v1p0/CFItems/6b6b1d4e-2f3a-4a1b-9c53-1f0e5a7c2d11" / "index"
        ).read_text()
    )
    document = item["CFDocumentURI"]
    package["CFDocument"] = {
        "identifier": document["identifier"],
        "uri": document["uri"],
        "title": document["title"],
    }
    package["CFItems"] = [
        {
            k: item[k]
            for k in ("identifier", "uri", "fullStatement", "humanCodingScheme", "CFItemType")
        }
    ]
    wallet.competencies.import_framework(json.dumps(package).encode())
    rid = wallet.credentials.add(case_bytes(HOSTED)).id
    unrelated = wallet.credentials.add(case_bytes(SIGNED)).id
    cmap = wallet.competencies.map()
    key = f"{document['identifier']}#{item['identifier']}"
    assert cmap.competencies[key].credentials == {rid}  # by its CFItem URI
    assert rid in cmap.credentials and unrelated in cmap.credentials


def test_choosing_a_kept_badge_for_a_presentation(wallet, origins) -> None:
    hosted = wallet.credentials.add(case_bytes(HOSTED)).id
    signed = wallet.credentials.add(case_bytes("vt/baked_heart-signed.png")).id
    composed = wallet.presenting.compose([hosted, signed])
    (clr,) = composed.presentation["verifiableCredential"]
    assert clr["credentialSubject"]["verifiableCredential"] == []  # not as credentials
    entries = [e for e in clr["evidence"] if e["genre"] == "Open Badges 2.0 badge"]
    assert [e["name"] for e in entries] == [
        "Tamper Test Badge",
        wallet.credentials.get(signed).summary.name,
    ]
    assert entries[0]["url"] == f"{A}/tm/assertion-aligned.json"
    assert entries[0]["id"].startswith("data:application/ld+json;base64,")
    assert entries[1]["id"].startswith("data:application/jose;base64,") and "url" not in entries[1]
    assert all(e["digestMultibase"].startswith("z") for e in entries)
    assert "not an Open Badges 3.0 credential" in entries[0]["description"]
    view = wallet.presenting.record(composed.presentation, lang="en")
    badges = [c for c in view.credentials if c.source.startswith("ob2")]
    assert [c.marking for c in badges] == [
        f"Open Badges 2.0 · hosted by {A}",
        "Open Badges 2.0 · signed by An Example Badge Issuer",
    ]
    assert badges[0].verdict.level is Verdict.VERIFIED  # re-verified with its host
    assert wallet.presenting.disclosure_choices(hosted) == ()


def test_the_employers_verifier_reads_every_form(origins, tmp_path) -> None:
    from wallet.ob2.model import Identity
    from wallet.services import Verifier

    path = tmp_path / "badge.png"
    path.write_bytes(case_bytes(BADGR_PNG))
    with Verifier(dev=True, recipient=[Identity("email", LEARNER)]) as verifier:
        by_url = verifier.verify_source(f"{A}/tm/assertion-aligned.json")
        assert by_url.verdict is Verdict.VERIFIED and by_url.format == "ob2_hosted"
        assert by_url.check(CheckId.RECIPIENT).detail == "matches"
        pasted = verifier.check_text(case_bytes(HOSTED).decode())
        assert pasted.result.verdict is Verdict.VERIFIED
        assert pasted.document and pasted.document["badge"].endswith("/tm/badge-aligned.json")
        image = verifier.verify_source(str(path))
        assert image.check(CheckId.RECIPIENT).detail == "someone_else"  # another address
        baked = verifier.check_image(case_bytes("vt/simple-badge.png"))  # the app's photo path
        assert baked.result.format == "ob2_hosted"
    with Verifier(offline=True) as offline:
        assert offline.verify_source(str(path)).verdict is Verdict.ISSUER_NOT_CONFIRMED
