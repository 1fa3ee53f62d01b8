"""Typed records of every kind the learner keeps (wallet/services/stored.py) over vaults and
backups written by the code before them.

The vault below is written as the earlier code wrote it — ``vault.put(kind, meta, body)`` with
the dicts its hand-written meta had (the oldest shape: no ``status_state``, ``source`` or
``issuer_logo`` yet) — and then read, changed, backed up and restored through the services.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import pytest
from factories import signed_badge
from pydantic import ValidationError
from vault_helpers import make_service

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import BackupError
from wallet.formats.sources import load_bytes
from wallet.services import WalletService
from wallet.services.badges import kept_documents
from wallet.services.competencies import sample_framework
from wallet.services.stored import CredentialBody, StoredCredential, StoredReflection
from wallet.storage.records import body_of, changed
from wallet.storage.vault import Vault
from wallet.verification.verify import verify

WHEN = "2025-03-01T09:00:00Z"
OLD_CREDENTIAL_KEYS = {
    "name",
    "issuer",
    "issuer_name",
    "types",
    "format",
    "achievement_type",
    "description",
    "image",
    "skills",
    "alignments",
    "tags",
    "valid_from",
    "valid_until",
    "received_at",
    "verified",
    "verdict",
    "checked_at",
    "credential_id",
}


def _vault(svc: WalletService) -> Vault:
    return svc.session.vault()


def _old_credential(svc: WalletService, raw: bytes, name: str) -> str:
    """A credential record as the code before typed records wrote it."""
    result = verify(load_bytes(raw), svc.session.verify_options())
    meta = {
        "name": name,
        "issuer": "did:key:z6MkOld",
        "issuer_name": "Old College",
        "types": ["VerifiableCredential", "OpenBadgeCredential"],
        "format": result.format,
        "achievement_type": "Certificate",
        "description": "Kept since last year",
        "image": None,
        "skills": ["Data analysis"],
        "alignments": [
            {
                "name": "Data analysis",
                "url": "https://case.example/item/1",
                "code": "DA.1",
                "framework": "Riverside",
                "type": "CFItem",
            }
        ],
        "tags": ["capstone"],
        "valid_from": "2024-01-01T00:00:00Z",
        "valid_until": None,
        "received_at": WHEN,
        "verified": True,
        "verdict": "verified",
        "checked_at": WHEN,
        "credential_id": "urn:uuid:old-1",
    }
    body = {
        "raw": base64.b64encode(raw).decode("ascii"),
        "kind": "json",
        "origin": "json",
        "verification": result.model_dump(mode="json"),
    }
    vault = _vault(svc)
    return vault.put(
        "credential",
        meta,
        body,
        dedupe=vault.dedupe_key(
            b"json:"
            + json.dumps(
                json.loads(raw), sort_keys=True, separators=(",", ":"), ensure_ascii=False
            ).encode()
        ),
    )


@pytest.fixture
def old(tmp_path: Path, issuer_key: Ed25519KeyPair) -> Any:
    """A wallet whose credential, reflection, work samples and framework were written in the
    old format, by hand."""
    svc = make_service(tmp_path / "home")
    svc.profiles.create("School", protection="passphrase")
    svc.trust.add(issuer_key.did, name="Example College")
    raw = json.dumps(signed_badge(issuer_key, name="Old badge")).encode()
    cid = _old_credential(svc, raw, "Old badge")
    vault = _vault(svc)
    rid = vault.put(
        "reflection",
        {
            "title": "What I learned",
            "credential_ids": [cid],
            "competencies": [],
            "created": WHEN,
            "edited": WHEN,
            "versions": 2,
        },
        {
            "text": "What I learned, revised",
            "history": [{"text": "What I learned", "edited": WHEN}],
        },
    )
    blob, size = vault.put_blob(io.BytesIO(b"my poster"))
    fid = vault.put(
        "artifact",
        {
            "name": "poster.pdf",
            "media_type": "application/pdf",
            "size": size,
            "blob": blob,
            "url": None,
            "sha256": "ab" * 32,
            "credential_ids": [cid],
            "competencies": [],
            "created": WHEN,
        },
    )
    lid = vault.put(
        "artifact",
        {
            "name": "My site",
            "media_type": "text/uri-list",
            "size": 0,
            "blob": None,
            "url": "https://example.org/me",
            "sha256": None,
            "credential_ids": [],
            "competencies": [],
            "created": WHEN,
        },
    )
    package = json.loads(sample_framework().read_bytes())
    identifier = package["CFDocument"]["identifier"]
    vault.put(
        "framework",
        {
            "identifier": identifier,
            "title": "Riverside skills",
            "uri": None,
            "items": len(package["CFItems"]),
            "source": "sample",
            "imported": WHEN,
        },
        {"package": package},
        dedupe=vault.dedupe_key(identifier.encode()),
    )
    yield svc, {"credential": cid, "reflection": rid, "file": fid, "link": lid, "raw": raw}
    svc.close()


def test_an_old_vault_opens_and_lists_as_it_did(old) -> None:
    svc, ids = old
    (summary,) = svc.credentials.search().items  # the first page, straight from the vault
    assert (summary.id, summary.name, summary.issuer_name, summary.tags, summary.skills) == (
        ids["credential"],
        "Old badge",
        "Old College",
        ("capstone",),
        ("Data analysis",),
    )
    assert summary.verdict == "verified" and summary.source is None
    assert svc.credentials.search(query="old college").items == (summary,)  # the index
    detail = svc.credentials.get(ids["credential"])
    assert detail.raw == ids["raw"] and detail.verification is not None
    assert detail.verification.verified
    assert [r.id for r in detail.reflections] == [ids["reflection"]]
    assert [a.name for a in detail.artifacts] == ["poster.pdf"]
    assert svc.credentials.raw(ids["credential"]) == (ids["raw"], "json")
    (reflection,) = svc.portfolio.reflections()
    assert (reflection.title, reflection.text, reflection.versions) == (
        "What I learned",
        "What I learned, revised",
        2,
    )
    assert svc.portfolio.reflection_history(ids["reflection"]) == [
        {"text": "What I learned", "edited": WHEN}
    ]
    assert {a.name for a in svc.portfolio.artifacts()} == {"poster.pdf", "My site"}
    assert b"".join(svc.portfolio.read_artifact(ids["file"])) == b"my poster"
    (framework,) = svc.competencies.list_frameworks()
    assert framework.title == "Riverside skills" and framework.source == "sample"
    assert len(svc.competencies.frameworks()) == 1
    assert svc.credentials.damaged() == []


def test_changes_to_old_records_keep_their_format(old) -> None:
    svc, ids = old
    vault = _vault(svc)
    svc.credentials.tag(ids["credential"], add=["portfolio"], remove=["capstone"])
    svc.credentials.reverify(ids["credential"])
    _kind, meta, body = vault.get(ids["credential"])
    assert set(meta) >= OLD_CREDENTIAL_KEYS and "id" not in meta
    assert meta["tags"] == ["portfolio"] and meta["received_at"] == WHEN
    assert meta["alignments"][0]["code"] == "DA.1" and meta["verdict"] == "verified"
    assert base64.b64decode(body["raw"]) == ids["raw"] and body["kind"] == "json"
    assert body["verification"]["verified"] is True

    svc.portfolio.edit_reflection(ids["reflection"], "Third thoughts")
    _kind, meta, body = vault.get(ids["reflection"])
    assert meta["versions"] == 3 and meta["title"] == "What I learned" and "id" not in meta
    assert body == {
        "text": "Third thoughts",
        "history": [
            {"text": "What I learned", "edited": WHEN},
            {"text": "What I learned, revised", "edited": WHEN},
        ],
    }
    svc.portfolio.link_artifact(ids["link"], [ids["credential"]])
    _kind, meta, _ = vault.get(ids["link"])
    assert meta["credential_ids"] == [ids["credential"]] and meta["url"] == "https://example.org/me"


def test_new_records_are_written_in_the_old_format(service, badges) -> None:
    """What the typed records write is what the code before them wrote (and reads back)."""
    added = service.credentials.add(badges[0])
    vault = _vault(service)
    _kind, meta, body = vault.get(added.id)
    assert set(meta) >= OLD_CREDENTIAL_KEYS and "id" not in meta
    assert isinstance(meta["types"], list) and meta["tags"] == [] and meta["verified"] is True
    assert base64.b64decode(body["raw"], validate=True) == badges[0]
    assert {"kind", "origin", "verification"} <= set(body)
    reflection = service.portfolio.reflect("Notes", credential_ids=[added.id])
    _kind, meta, body = vault.get(reflection.id)
    assert set(meta) == {
        "title",
        "credential_ids",
        "competencies",
        "created",
        "edited",
        "versions",
    } and body == {"text": "Notes", "history": []}
    link = service.portfolio.attach_link("https://example.org/cv", title="CV")
    _kind, meta, body = vault.get(link.id)
    assert (
        set(meta)
        == {
            "name",
            "media_type",
            "size",
            "blob",
            "url",
            "sha256",
            "credential_ids",
            "competencies",
            "created",
            "history",  # a work sample's earlier names (issue 25 item 7); readers ignore it
        }
        and body is None
    )


def test_a_field_written_by_a_newer_version_is_kept(old) -> None:
    svc, ids = old
    vault = _vault(svc)
    _kind, meta, _ = vault.get(ids["credential"], with_body=False)
    vault.update(ids["credential"], meta={**meta, "pinned": True})
    svc.credentials.tag(ids["credential"], add=["kept"])
    assert vault.get(ids["credential"], with_body=False)[1]["pinned"] is True


def test_a_record_not_of_its_kinds_shape_is_left_out_not_a_crash(old) -> None:
    svc, ids = old
    vault = _vault(svc)
    vault.put("reflection", {"credential_ids": "not a list"}, {"text": 5})  # no title either
    vault.put("artifact", {"media_type": "text/plain"})  # no name, no date
    bad = vault.put(
        "credential", {"name": ["a", "list"], "verified": "perhaps"}, {"raw": "%%% not base64"}
    )
    assert [r.id for r in svc.portfolio.reflections()] == [ids["reflection"]]
    assert len(svc.portfolio.artifacts()) == 2
    assert [s.id for s in svc.credentials.search().items] == [ids["credential"]]
    assert svc.credentials.search(query="badge").total == 1
    assert svc.credentials.damaged() == [bad]


def test_a_stored_verification_no_longer_readable_is_none_and_verifying_again_mends_it(old) -> None:
    svc, ids = old
    vault = _vault(svc)
    _kind, meta, body = vault.get(ids["credential"])
    vault.update(ids["credential"], body={**body, "verification": {"checks": "unreadable"}})
    detail = svc.credentials.get(ids["credential"])
    assert detail.raw == ids["raw"] and detail.verification is None
    svc.credentials.reverify(ids["credential"])
    assert svc.credentials.get(ids["credential"]).verification.verified


def test_a_change_is_checked_against_the_model() -> None:
    item = StoredReflection(title="Notes", created=WHEN, edited=WHEN)
    assert changed(item, versions=2).versions == 2
    with pytest.raises(TypeError, match="titel"):
        changed(item, titel="Typo")
    with pytest.raises(ValidationError):
        changed(item, versions="many")


def test_an_old_backup_restores_into_a_new_wallet(old, tmp_path: Path) -> None:
    svc, ids = old
    path = tmp_path / "old.wbk"
    svc.backups.backup(path, "backup passphrase")  # the records as stored: the old format
    fresh = make_service(tmp_path / "new-machine")
    fresh.profiles.create("Restored", protection="passphrase")
    try:
        report = fresh.backups.restore(path, "backup passphrase")
        assert report.refused == []
        assert {
            k: report.added.get(k) for k in ("credential", "reflection", "artifact", "framework")
        } == {"credential": 1, "reflection": 1, "artifact": 2, "framework": 1}
        summary = fresh.credentials.get(ids["credential"]).summary
        assert summary.tags == ("capstone",) and summary.received_at == WHEN
        assert fresh.portfolio.reflection_history(ids["reflection"])[0]["edited"] == WHEN
        assert b"".join(fresh.portfolio.read_artifact(ids["file"])) == b"my poster"
        assert [f.title for f in fresh.competencies.list_frameworks()] == ["Riverside skills"]
    finally:
        fresh.close()


def test_a_backup_holding_a_reflection_of_no_known_shape_is_damaged(old, tmp_path: Path) -> None:
    svc, _ids = old
    _vault(svc).put(
        "reflection", {"title": ["not", "text"], "created": WHEN, "edited": WHEN}, {"text": "x"}
    )
    path = tmp_path / "odd.wbk"
    svc.backups.backup(path, "backup passphrase")
    fresh = make_service(tmp_path / "new-machine")
    fresh.profiles.create("Restored", protection="passphrase")
    try:
        with pytest.raises(BackupError, match="reflection"):
            fresh.backups.restore(path, "backup passphrase")
        assert fresh.portfolio.reflections() == []  # all or nothing
    finally:
        fresh.close()


def test_a_kept_open_badges_2_record_reads_and_writes_as_before() -> None:
    """An Open Badges 2.0 badge's record (kind "ob2" in its body) as services/badges.py wrote
    it by hand: read into the typed body and listing, and written back the same."""
    served = b'{"id": "https://badges.example/a/1", "type": "Assertion"}'
    body = {
        "raw": base64.b64encode(b"https://badges.example/a/1").decode("ascii"),
        "kind": "ob2",
        "origin": "url",
        "verification": None,
        "ob2": {
            "form": "url",
            "hosted_url": "https://badges.example/a/1",
            "checked_at": WHEN,
            "documents": [
                {
                    "url": "https://badges.example/a/1",
                    "body": base64.b64encode(served).decode("ascii"),
                    "fetched_at": WHEN,
                    "content_type": "application/json",
                }
            ],
        },
    }
    kept = CredentialBody.model_validate(body)
    assert body_of(kept) == body
    assert kept.raw == b"https://badges.example/a/1" and kept.ob2 is not None
    documents = kept_documents(kept)
    assert documents["https://badges.example/a/1"].body == served
    assert documents["https://badges.example/a/1"].fetched_at.year == 2025
    listed = StoredCredential.model_validate(
        {"name": "Hosted", "format": "ob2_hosted", "hosted_by": "https://badges.example"}
    )
    assert listed.summary().hosted_by == "https://badges.example"
    with pytest.raises(ValidationError):  # a document that is not base64: damaged
        CredentialBody.model_validate(
            {
                **body,
                "ob2": {
                    **body["ob2"],
                    "documents": [{**body["ob2"]["documents"][0], "body": "%%%"}],
                },
            }
        )
