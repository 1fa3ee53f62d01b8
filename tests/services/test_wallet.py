"""The wallet service over a real SQLite vault on disk."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from factories import signed_badge
from vault_helpers import PASSPHRASE, make_service

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import (
    InputError,
    NotFoundError,
    ProfileError,
    VaultLockedError,
    WrongPassphraseError,
)
from wallet.services import WalletService
from wallet.services.presenting import ShareRecord, ShareSecret
from wallet.storage.records import Records


def test_add_keeps_exact_bytes_and_lists(service, badges) -> None:
    added = service.credentials.add(badges[0])
    assert not added.duplicate and added.summary.verdict == "verified"
    detail = service.credentials.get(added.id)
    assert detail.raw == badges[0]  # exactly as received
    assert detail.verification.verified
    page = service.credentials.search()
    assert page.total == 1 and page.items[0].name == "Badge 0"


def test_duplicate_is_stored_once_whatever_the_formatting(service, badges) -> None:
    first = service.credentials.add(badges[1])
    again = service.credentials.add(json.dumps(json.loads(badges[1])).encode())
    assert again.duplicate and again.id == first.id
    assert service.credentials.search().total == 1


def test_tampered_credential_is_refused_and_nothing_stored(service, badges) -> None:
    doc = json.loads(badges[2])
    doc["name"] = "Forged"
    with pytest.raises(InputError, match="not stored"):
        service.credentials.add(json.dumps(doc).encode())
    assert service.credentials.search().total == 0


def test_expired_credential_is_kept_but_marked(service, issuer_key) -> None:
    doc = signed_badge(issuer_key, validUntil="2024-06-01T00:00:00Z")
    added = service.credentials.add(json.dumps(doc).encode())
    assert added.summary.verdict == "failed" and not added.summary.verified


def test_search_filters_sort_and_pages(service, badges) -> None:
    ids = [service.credentials.add(b).id for b in badges[:6]]
    service.credentials.tag(ids[2], add=["portfolio"])
    assert [s.name for s in service.credentials.search(query="badge 3").items] == ["Badge 3"]
    assert [s.name for s in service.credentials.search(tag="portfolio").items] == ["Badge 2"]
    assert service.credentials.search(query="example college").total == 6
    assert service.credentials.search(query="nothing-like-this").total == 0
    by_name = service.credentials.search(sort="name", descending=False)
    assert [s.name for s in by_name.items] == sorted(s.name for s in by_name.items)
    first = service.credentials.search(limit=4)
    second = service.credentials.search(limit=4, offset=4)
    assert first.total == 6 and len(first.items) == 4 and len(second.items) == 2
    assert first.items[0].id == ids[-1]  # newest first


def test_delete_and_undo(service, badges) -> None:
    rid = service.credentials.add(badges[3]).id
    service.credentials.delete(rid)
    assert service.credentials.search().total == 0
    with pytest.raises(NotFoundError):
        service.credentials.get(rid)
    service.credentials.undo_delete(rid)
    assert service.credentials.search().total == 1
    service.credentials.delete(rid)
    again = service.credentials.add(badges[3])  # received again: it comes back, once
    assert again.duplicate and again.id == rid and service.credentials.search().total == 1


def test_reflections_with_history(service, badges) -> None:
    rid = service.credentials.add(badges[4]).id
    reflection = service.portfolio.reflect(
        "# Teamwork\nI led the retro.", credential_ids=[rid], competencies=["Collaboration"]
    )
    assert reflection.title == "Teamwork"
    edited = service.portfolio.edit_reflection(reflection.id, "# Teamwork\nI led two retros.")
    assert edited.versions == 2
    history = service.portfolio.reflection_history(reflection.id)
    assert history[0]["text"] == "# Teamwork\nI led the retro."
    assert [r.id for r in service.credentials.get(rid).reflections] == [reflection.id]
    with pytest.raises(InputError):
        service.portfolio.reflect("   ")
    with pytest.raises(NotFoundError):
        service.portfolio.reflect("x", credential_ids=["0" * 32])


def test_artifacts_are_encrypted_blobs_stored_once(service, badges) -> None:
    rid = service.credentials.add(badges[5]).id
    content = b"%PDF-1.7\n" + bytes(range(256)) * 1000
    a = service.portfolio.attach_file(io.BytesIO(content), name="report.pdf", credential_ids=[rid])
    b = service.portfolio.attach_file(io.BytesIO(content), name="copy.pdf")
    assert a.media_type == "application/pdf" and a.size == len(content) and b.id != a.id
    assert b"".join(service.portfolio.read_artifact(a.id)) == content
    vault_dir = service.session.open_vault().directory
    assert len(list((vault_dir / "blobs").glob("*/*"))) == 1  # same content, one blob
    link = service.portfolio.attach_link("https://portfolio.example/me", credential_ids=[rid])
    assert {x.id for x in service.credentials.get(rid).artifacts} == {a.id, link.id}


def test_profiles_have_their_own_keys_and_dids(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    school = svc.profiles.create("School", protection="passphrase")
    school_did = svc.did
    svc.credentials.add(badges[0])
    work = svc.profiles.create("Work", protection="passphrase")
    assert svc.did != school_did and svc.credentials.search().total == 0
    svc.profiles.use("school")
    assert svc.did == school_did and svc.credentials.search().total == 1
    assert {p.name for p in svc.profiles.all()} == {"School", "Work"}
    assert school.id != work.id
    with pytest.raises(ProfileError):
        svc.profiles.create("work", protection="passphrase")
    svc.close()


def test_wrong_passphrase_is_clear_and_changes_nothing(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    svc.credentials.add(badges[0])
    svc.close()
    db = tmp_path / "home" / "profiles"
    before = {p: p.read_bytes() for p in db.rglob("*") if p.is_file()}
    wrong = WalletService(tmp_path / "home", passphrase_source=lambda _w: "not the passphrase")
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        wrong.credentials.search()
    wrong.close()
    after = {p: p.read_bytes() for p in db.rglob("*") if p.is_file()}
    assert after == before


def test_lock_and_unlock(service, badges) -> None:
    service.credentials.add(badges[0])
    service.profiles.lock()
    with pytest.raises(VaultLockedError):
        service.credentials.search()
    other = make_service(service.home)  # another process sees the lock too
    with pytest.raises(VaultLockedError):
        other.credentials.search()
    other.close()
    service.profiles.unlock(PASSPHRASE)
    assert service.credentials.search().total == 1


def test_passphrase_change_and_rotation_keep_records(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    rid = svc.credentials.add(badges[0]).id
    vault_dir = svc.session.open_vault().directory
    blob_before = (vault_dir / "vault.db").stat().st_size
    svc.profiles.change_passphrase("a brand new passphrase", old=PASSPHRASE)
    svc.close()
    old = WalletService(tmp_path / "home", passphrase_source=lambda _w: PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        old.credentials.search()
    old.close()
    new = WalletService(tmp_path / "home", passphrase_source=lambda _w: "a brand new passphrase")
    assert new.credentials.get(rid).raw == badges[0]
    new.profiles.rotate_key("another passphrase entirely")
    new.close()
    last = WalletService(
        tmp_path / "home", passphrase_source=lambda _w: "another passphrase entirely"
    )
    assert last.credentials.get(rid).raw == badges[0]
    last.close()
    assert abs((vault_dir / "vault.db").stat().st_size - blob_before) < 65536


def test_vc_jwt_and_holder_key(service, issuer_key) -> None:
    from wallet.crypto.jws import sign_jws

    token = sign_jws(
        {"typ": "JWT"},
        {"iss": issuer_key.did, "vc": signed_badge(issuer_key, name="JWT badge")},
        issuer_key.signer(),
    )
    added = service.credentials.add(token.encode())
    detail = service.credentials.get(added.id)
    assert detail.jwt == token and detail.summary.format == "jwt_vc"
    holder = service.profiles.holder_key()
    assert isinstance(holder, Ed25519KeyPair) and holder.did == service.did


def test_settings(service) -> None:
    assert service.settings.all() == {}
    service.settings.set("language", "ko")
    service.settings.set("theme", "dark")
    assert service.settings.all() == {"language": "ko", "theme": "dark"}


def test_no_profile_yet_is_a_clear_error(tmp_path: Path) -> None:
    svc = make_service(tmp_path / "empty")
    with pytest.raises(ProfileError, match="no profile"):
        svc.credentials.search()


def test_presentations_and_shares_are_kept_encrypted(service, badges) -> None:
    rid = service.credentials.add(badges[0]).id
    pid = service.presenting.save_presentation(
        {"type": ["VerifiablePresentation"], "x": 1}, label="Job application", credential_ids=[rid]
    )
    assert service.presenting.presentations()[0].label == "Job application"
    assert service.presenting.presentation(pid)["x"] == 1
    shares = Records(service.session.vault, "share", ShareRecord, ShareSecret)
    sid = shares.add(
        ShareRecord(server="https://share.example", share_id="abc", expires="2026-12-01"),
        ShareSecret(url="https://share.example/s/abc", manage_token="t"),
    )
    shares.update(sid, revoked=True)
    (share,) = service.presenting.shares()
    assert share.revoked is True and share.url.endswith("/abc")
    assert shares.secret(sid) == ShareSecret(url="https://share.example/s/abc", manage_token="t")
    with pytest.raises(NotFoundError):
        shares.secret(pid)


def test_frameworks_malformed_refused_replaced_and_restored(service, tmp_path: Path) -> None:
    from wallet.competency.mapping import FrameworkError
    from wallet.services import sample_framework

    good = sample_framework().read_bytes()
    package = json.loads(good)
    before = service.session.vault().count("framework")
    for damaged in (
        b"{not json",
        json.dumps({**package, "CFItems": "x"}).encode(),
        json.dumps({**package, "CFDocument": {"identifier": "x"}}).encode(),
    ):
        with pytest.raises(FrameworkError, match="CASE package"):
            service.competencies.import_framework(damaged)
    assert service.session.vault().count("framework") == before == 0
    assert service.competencies.list_frameworks() == [] and service.competencies.frameworks() == []

    meta = service.competencies.import_framework(good, source="sample")
    assert meta.items == 35 and service.competencies.frameworks()[0].title == meta.title
    package["CFItems"] = package["CFItems"][:10]  # the same CFDocument, a newer version
    package["CFAssociations"] = [
        a
        for a in package["CFAssociations"]
        if a["originNodeURI"]["identifier"] in {i["identifier"] for i in package["CFItems"]}
        and a["destinationNodeURI"]["identifier"] in {i["identifier"] for i in package["CFItems"]}
    ]
    service.competencies.import_framework(json.dumps(package).encode())
    (listed,) = service.competencies.list_frameworks()
    assert listed.items == 10 and len(service.competencies.frameworks()[0].items) == 10

    path = tmp_path / "with-framework.walletbackup"
    service.backups.backup(path, "backup passphrase")
    other = make_service(tmp_path / "other")
    other.profiles.create("Other", protection="passphrase")
    other.competencies.import_framework(good)
    other.backups.restore(path, "backup passphrase")  # the same CFDocument is here: kept once
    assert len(other.competencies.list_frameworks()) == 1
    fresh = make_service(tmp_path / "fresh")
    fresh.profiles.create("Fresh", protection="passphrase")
    fresh.backups.restore(path, "backup passphrase")
    assert [f.items for f in fresh.competencies.list_frameworks()] == [10]
    assert len(fresh.competencies.frameworks()[0].items) == 10
    other.close()
    fresh.close()


def test_each_profile_sees_its_own_frameworks(tmp_path: Path, issuer_key) -> None:
    from wallet.services import sample_framework

    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    svc.competencies.import_framework(sample_framework().read_bytes())
    svc.credentials.add(json.dumps(signed_badge(issuer_key, name="Badge A")).encode())
    assert len(svc.competencies.frameworks()) == 1 and len(svc.competencies.facts()) == 1
    svc.profiles.create("Work", protection="passphrase")
    svc.profiles.use("Work")
    assert svc.competencies.frameworks() == [] and svc.competencies.facts() == []
    svc.profiles.use("School")
    assert len(svc.competencies.frameworks()) == 1 and len(svc.competencies.facts()) == 1
    svc.close()
