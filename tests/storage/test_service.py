"""The wallet service over a real SQLite vault on disk."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from factories import signed_badge
from vault_helpers import PASSPHRASE, make_service

from wallet.errors import (
    InputError,
    NotFoundError,
    ProfileError,
    VaultLockedError,
    WrongPassphraseError,
)
from wallet.keys import Ed25519KeyPair
from wallet.storage.service import WalletService


def test_add_keeps_exact_bytes_and_lists(service, badges) -> None:
    added = service.add_credential(badges[0])
    assert not added.duplicate and added.summary.verdict == "verified"
    detail = service.get_credential(added.id)
    assert detail.raw == badges[0]  # exactly as received
    assert detail.verification.verified
    page = service.list_credentials()
    assert page.total == 1 and page.items[0].name == "Badge 0"


def test_duplicate_is_stored_once_whatever_the_formatting(service, badges) -> None:
    first = service.add_credential(badges[1])
    again = service.add_credential(json.dumps(json.loads(badges[1])).encode())
    assert again.duplicate and again.id == first.id
    assert service.list_credentials().total == 1


def test_tampered_credential_is_refused_and_nothing_stored(service, badges) -> None:
    doc = json.loads(badges[2])
    doc["name"] = "Forged"
    with pytest.raises(InputError, match="not stored"):
        service.add_credential(json.dumps(doc).encode())
    assert service.list_credentials().total == 0


def test_expired_credential_is_kept_but_marked(service, issuer_key) -> None:
    doc = signed_badge(issuer_key, validUntil="2024-06-01T00:00:00Z")
    added = service.add_credential(json.dumps(doc).encode())
    assert added.summary.verdict == "failed" and not added.summary.verified


def test_search_filters_sort_and_pages(service, badges) -> None:
    ids = [service.add_credential(b).id for b in badges[:6]]
    service.tag(ids[2], add=["portfolio"])
    assert [s.name for s in service.list_credentials(query="badge 3").items] == ["Badge 3"]
    assert [s.name for s in service.list_credentials(tag="portfolio").items] == ["Badge 2"]
    assert service.list_credentials(query="example college").total == 6
    assert service.list_credentials(query="nothing-like-this").total == 0
    by_name = service.list_credentials(sort="name", descending=False)
    assert [s.name for s in by_name.items] == sorted(s.name for s in by_name.items)
    first = service.list_credentials(limit=4)
    second = service.list_credentials(limit=4, offset=4)
    assert first.total == 6 and len(first.items) == 4 and len(second.items) == 2
    assert first.items[0].id == ids[-1]  # newest first


def test_delete_and_undo(service, badges) -> None:
    rid = service.add_credential(badges[3]).id
    service.delete(rid)
    assert service.list_credentials().total == 0
    with pytest.raises(NotFoundError):
        service.get_credential(rid)
    service.undo_delete(rid)
    assert service.list_credentials().total == 1
    service.delete(rid)
    again = service.add_credential(badges[3])  # received again: it comes back, once
    assert again.duplicate and again.id == rid and service.list_credentials().total == 1


def test_reflections_with_history(service, badges) -> None:
    rid = service.add_credential(badges[4]).id
    reflection = service.add_reflection("# Teamwork\nI led the retro.", credential_ids=[rid],
                                        competencies=["Collaboration"])
    assert reflection.title == "Teamwork"
    edited = service.edit_reflection(reflection.id, "# Teamwork\nI led two retros.")
    assert edited.versions == 2
    assert service.reflection_history(reflection.id)[0]["text"] == "# Teamwork\nI led the retro."
    assert [r.id for r in service.get_credential(rid).reflections] == [reflection.id]
    with pytest.raises(InputError):
        service.add_reflection("   ")
    with pytest.raises(NotFoundError):
        service.add_reflection("x", credential_ids=["0" * 32])


def test_artifacts_are_encrypted_blobs_stored_once(service, badges) -> None:
    rid = service.add_credential(badges[5]).id
    content = b"%PDF-1.7\n" + bytes(range(256)) * 1000
    a = service.attach_file(io.BytesIO(content), name="report.pdf", credential_ids=[rid])
    b = service.attach_file(io.BytesIO(content), name="copy.pdf")
    assert a.media_type == "application/pdf" and a.size == len(content) and b.id != a.id
    assert b"".join(service.read_artifact(a.id)) == content
    vault_dir = service._open().directory  # noqa: SLF001 - inspecting the files on disk
    assert len(list((vault_dir / "blobs").glob("*/*"))) == 1  # same content, one blob
    link = service.attach_link("https://portfolio.example/me", credential_ids=[rid])
    assert {x.id for x in service.get_credential(rid).artifacts} == {a.id, link.id}


def test_profiles_have_their_own_keys_and_dids(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    school = svc.create_profile("School", protection="passphrase")
    school_did = svc.did
    svc.add_credential(badges[0])
    work = svc.create_profile("Work", protection="passphrase")
    assert svc.did != school_did and svc.list_credentials().total == 0
    svc.use_profile("school")
    assert svc.did == school_did and svc.list_credentials().total == 1
    assert {p.name for p in svc.list_profiles()} == {"School", "Work"}
    assert school.id != work.id
    with pytest.raises(ProfileError):
        svc.create_profile("work", protection="passphrase")
    svc.close()


def test_wrong_passphrase_is_clear_and_changes_nothing(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    svc.create_profile("School", protection="passphrase")
    svc.add_credential(badges[0])
    svc.close()
    db = tmp_path / "home" / "profiles"
    before = {p: p.read_bytes() for p in db.rglob("*") if p.is_file()}
    wrong = WalletService(tmp_path / "home", passphrase_source=lambda _w: "not the passphrase")
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        wrong.list_credentials()
    wrong.close()
    after = {p: p.read_bytes() for p in db.rglob("*") if p.is_file()}
    assert after == before


def test_lock_and_unlock(service, badges) -> None:
    service.add_credential(badges[0])
    service.lock()
    with pytest.raises(VaultLockedError):
        service.list_credentials()
    other = make_service(service.home)  # another process sees the lock too
    with pytest.raises(VaultLockedError):
        other.list_credentials()
    other.close()
    service.unlock(PASSPHRASE)
    assert service.list_credentials().total == 1


def test_passphrase_change_and_rotation_keep_records(tmp_path: Path, badges) -> None:
    svc = make_service(tmp_path / "home")
    svc.create_profile("School", protection="passphrase")
    rid = svc.add_credential(badges[0]).id
    vault_dir = svc._open().directory  # noqa: SLF001
    blob_before = (vault_dir / "vault.db").stat().st_size
    svc.change_passphrase("a brand new passphrase", old=PASSPHRASE)
    svc.close()
    old = WalletService(tmp_path / "home", passphrase_source=lambda _w: PASSPHRASE)
    with pytest.raises(WrongPassphraseError):
        old.list_credentials()
    old.close()
    new = WalletService(tmp_path / "home", passphrase_source=lambda _w: "a brand new passphrase")
    assert new.get_credential(rid).raw == badges[0]
    new.rotate_key("another passphrase entirely")
    new.close()
    last = WalletService(tmp_path / "home", passphrase_source=lambda _w: "another passphrase "
                         "entirely")
    assert last.get_credential(rid).raw == badges[0]
    last.close()
    assert abs((vault_dir / "vault.db").stat().st_size - blob_before) < 65536


def test_vc_jwt_and_holder_key(service, issuer_key) -> None:
    from wallet.jose import sign_jws

    token = sign_jws({"typ": "JWT"}, {"iss": issuer_key.did,
                                      "vc": signed_badge(issuer_key, name="JWT badge")},
                     issuer_key.signer())
    added = service.add_credential(token.encode())
    detail = service.get_credential(added.id)
    assert detail.jwt == token and detail.summary.format == "jwt_vc"
    holder = service.holder_key()
    assert isinstance(holder, Ed25519KeyPair) and holder.did == service.did


def test_settings(service) -> None:
    assert service.settings() == {}
    service.set_setting("language", "ko")
    service.set_setting("theme", "dark")
    assert service.settings() == {"language": "ko", "theme": "dark"}


def test_no_profile_yet_is_a_clear_error(tmp_path: Path) -> None:
    svc = make_service(tmp_path / "empty")
    with pytest.raises(ProfileError, match="no profile"):
        svc.list_credentials()


def test_presentations_and_shares_are_kept_encrypted(service, badges) -> None:
    rid = service.add_credential(badges[0]).id
    pid = service.save_presentation({"type": ["VerifiablePresentation"], "x": 1},
                                    label="Job application", credential_ids=[rid])
    assert service.list_presentations()[0]["label"] == "Job application"
    assert service.get_presentation(pid)["x"] == 1
    sid = service.save_share({"url": "https://share.example/s/abc", "expires": "2026-12-01"},
                             secret={"key": "k", "token": "t"})
    service.update_share(sid, revoked=True)
    (share,) = service.list_shares()
    assert share["revoked"] is True and share["url"].endswith("/abc")
    assert service.share_secret(sid) == {"key": "k", "token": "t"}
    with pytest.raises(NotFoundError):
        service.share_secret(pid)


def test_frameworks_malformed_refused_replaced_and_restored(service, tmp_path: Path) -> None:
    from wallet.cli_competency import sample_framework
    from wallet.competency import FrameworkError

    good = sample_framework().read_bytes()
    package = json.loads(good)
    before = service._vault_open().count("framework")
    for damaged in (b"{not json", json.dumps({**package, "CFItems": "x"}).encode(),
                    json.dumps({**package, "CFDocument": {"identifier": "x"}}).encode()):
        with pytest.raises(FrameworkError, match="CASE package"):
            service.import_framework(damaged)
    assert service._vault_open().count("framework") == before == 0
    assert service.list_frameworks() == [] and service.frameworks() == []

    meta = service.import_framework(good, source="sample")
    assert meta["items"] == 35 and service.frameworks()[0].title == meta["title"]
    package["CFItems"] = package["CFItems"][:10]  # the same CFDocument, a newer version
    package["CFAssociations"] = [a for a in package["CFAssociations"]
                                 if a["originNodeURI"]["identifier"] in
                                 {i["identifier"] for i in package["CFItems"]}
                                 and a["destinationNodeURI"]["identifier"] in
                                 {i["identifier"] for i in package["CFItems"]}]
    service.import_framework(json.dumps(package).encode())
    (listed,) = service.list_frameworks()
    assert listed["items"] == 10 and len(service.frameworks()[0].items) == 10

    path = tmp_path / "with-framework.walletbackup"
    service.backup(path, "backup passphrase")
    other = make_service(tmp_path / "other")
    other.create_profile("Other", protection="passphrase")
    other.import_framework(good)
    other.restore(path, "backup passphrase")  # the same CFDocument is here: kept once
    assert len(other.list_frameworks()) == 1
    fresh = make_service(tmp_path / "fresh")
    fresh.create_profile("Fresh", protection="passphrase")
    fresh.restore(path, "backup passphrase")
    assert [f["items"] for f in fresh.list_frameworks()] == [10]
    assert len(fresh.frameworks()[0].items) == 10
    other.close()
    fresh.close()


def test_each_profile_sees_its_own_frameworks(tmp_path: Path, issuer_key) -> None:
    from wallet.cli_competency import sample_framework

    svc = make_service(tmp_path / "home")
    svc.create_profile("School", protection="passphrase")
    svc.import_framework(sample_framework().read_bytes())
    svc.add_credential(json.dumps(signed_badge(issuer_key, name="Badge A")).encode())
    assert len(svc.frameworks()) == 1 and len(svc.competency_facts()) == 1
    svc.create_profile("Work", protection="passphrase")
    svc.use_profile("Work")
    assert svc.frameworks() == [] and svc.competency_facts() == []
    svc.use_profile("School")
    assert len(svc.frameworks()) == 1 and len(svc.competency_facts()) == 1
    svc.close()
