"""Backups: the whole current profile, keys included, in one passphrase-protected file, and
merging such a file back in (what is here already is skipped). The file format is
:mod:`wallet.storage.backup` (``docs/backup-format.md``).

A backup is not trusted for what it says about its credentials: each one is verified again
with the wallet's own verification (:meth:`Session.verify_options`) and its listing rebuilt
from its bytes and that verdict, as adding it would (:meth:`CredentialService.record_of`); one
that is not authentic is left out and named in the report, one that is only expired or revoked
is kept, marked as failed. An Open Badges 2.0 badge is verified again the OB 2.0 way, with the
documents it keeps (:meth:`~wallet.services.badges.BadgeService.restored`). Of the stored
listing only what the learner made is kept: tags, when it was received, where it came from. A
holder key's DID is derived from its seed again."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import BackupError, InputError, ProfileError, WalletError
from wallet.formats.sources import LoadedInput, load_bytes
from wallet.reading.models import parse_credential
from wallet.services.badges import BadgeService, is_badge
from wallet.services.credential_record import dedupe_content, document_of, issuer_display_names
from wallet.services.credentials import CredentialService
from wallet.services.files import open_file
from wallet.services.receiving import checked_logo
from wallet.services.session import Session
from wallet.services.stored import (
    CredentialBody,
    FrameworkBody,
    FrameworkInfo,
    KeySeed,
    ReflectionBody,
    StoredArtifact,
    StoredKey,
    StoredReflection,
)
from wallet.storage.backup import Admit, RestoreReport, restore, write_backup
from wallet.storage.records import body_of, changed, listing
from wallet.storage.vault import Vault
from wallet.verification.verify import verify

__all__ = ["BackupService", "RestoreReport"]


def _dedupe(vault: Vault) -> Callable[[str, dict[str, Any], Any], bytes | None]:
    """What makes a restored record a duplicate of one already here: a credential's content,
    a framework's CFDocument."""

    def dedupe_of(kind: str, meta: dict[str, Any], body: Any) -> bytes | None:
        if kind == "framework" and isinstance(meta.get("identifier"), str):
            return vault.dedupe_key(meta["identifier"].encode())  # one per CFDocument
        if kind != "credential" or not isinstance(body, dict) or "raw" not in body:
            return None
        if is_badge(body):  # an Open Badges 2.0 badge: one per assertion
            try:
                return vault.dedupe_key(BadgeService.dedupe_of(_badge_of(body)))
            except (WalletError, ValueError):
                raise BackupError("the backup holds a badge that cannot be read") from None
        return vault.dedupe_key(dedupe_content(_credential_of(body)))

    return dedupe_of


def _credential_of(body: Any) -> LoadedInput:
    """The credential a backup's credential record carries, read from its exact bytes."""
    if not isinstance(body, dict) or not isinstance(body.get("raw"), str):
        raise BackupError("the backup holds a credential record without its credential")
    try:
        return load_bytes(base64.b64decode(body["raw"], validate=True))
    except (WalletError, ValueError, binascii.Error):
        raise BackupError("the backup holds a credential that cannot be read") from None


def _badge_of(body: Any) -> CredentialBody:
    """The Open Badges 2.0 badge a backup's credential record keeps, as this wallet keeps one
    (its bytes, its verification, the documents fetched)."""
    try:
        return CredentialBody.model_validate(body)
    except ValidationError:
        raise BackupError("the backup holds a badge that cannot be read") from None


def _learners_own(meta: dict[str, Any]) -> dict[str, Any]:
    """What a credential's stored listing holds that the learner made, not the credential:
    tags, when it was received, where it came from, the issuer's logo fetched then (each kept
    only when well-formed)."""
    kept: dict[str, Any] = {}
    tags = meta.get("tags")
    if isinstance(tags, list) and all(isinstance(t, str) for t in tags):
        kept["tags"] = [t[:100] for t in tags[:100]]
    if isinstance(meta.get("received_at"), str) and len(meta["received_at"]) <= 40:
        kept["received_at"] = meta["received_at"]
    if isinstance(meta.get("source"), str) and len(meta["source"]) <= 2000:
        kept["source"] = meta["source"]
    logo = checked_logo(meta.get("issuer_logo"))  # fetched when it was received
    if logo:
        kept["issuer_logo"] = logo
    names = issuer_display_names(meta.get("issuer_names"))  # its metadata gave them then
    if names:
        kept["issuer_names"] = names
    return kept


def _holder_key(meta: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
    """A holder key as restored: its seed must be one, and its DID and key id are derived
    from it again (never taken from the listing)."""
    seed = body.get("seed") if isinstance(body, dict) else None
    try:
        if not isinstance(seed, str):
            raise ValueError
        key = Ed25519KeyPair.from_seed(bytes.fromhex(seed))
    except (ValueError, WalletError):
        raise BackupError("the backup file is damaged (a holder key)") from None
    if meta.get("did") is not None and meta.get("did") != key.did:
        raise BackupError("the backup file is damaged (a holder key and its DID disagree)")
    try:
        return (
            listing(StoredKey.model_validate({**meta, "did": key.did, "key_id": key.key_id})),
            body_of(KeySeed.model_validate({**body, "seed": key.seed.hex()})),
        )
    except ValidationError:
        raise BackupError("the backup file is damaged (a holder key)") from None


_TYPED: dict[str, tuple[type[BaseModel], type[BaseModel] | None]] = {
    "reflection": (StoredReflection, ReflectionBody),
    "artifact": (StoredArtifact, None),  # its file is a blob of the backup
    "framework": (FrameworkInfo, FrameworkBody),
}


def _typed(kind: str, meta: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
    """A reflection, work sample or framework as this wallet writes one: read through the
    model of its kind (one that is not of that shape is a damaged file, never stored to fail
    later)."""
    model, body_model = _TYPED[kind]
    try:
        return (
            listing(model.model_validate(meta)),
            body_of(body_model.model_validate(body)) if body_model else body,
        )
    except ValidationError:
        raise BackupError(f"the backup file is damaged (a {kind} that cannot be read)") from None


class BackupService:
    def __init__(self, session: Session, credentials: CredentialService) -> None:
        self._s = session
        self._credentials = credentials

    def _admit(self) -> Admit:
        """Each restored record as the wallet would store it now (see the module's doc)."""
        options = self._s.verify_options()

        def admit(kind: str, meta: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
            if kind == "key":
                return _holder_key(meta, body)
            if kind in _TYPED:
                return _typed(kind, meta, body)
            if kind != "credential":
                return meta, body
            if is_badge(body):  # verified the OB 2.0 way, with the documents it keeps
                own = _learners_own(meta)
                try:
                    fresh, fresh_body = self._credentials.badges.restored(_badge_of(body), options)
                except InputError as exc:
                    raise InputError(
                        f"a badge was not restored: it does not verify "
                        f"({exc.message.removeprefix('not stored: ')})"
                    ) from None
                except WalletError:
                    raise BackupError("the backup holds a badge that cannot be read") from None
                return listing(changed(fresh, **own)), body_of(fresh_body)
            loaded = _credential_of(body)
            result = verify(loaded, options)
            own = _learners_own(meta)
            try:
                fresh, fresh_body = self._credentials.record_of(
                    loaded, result, source=own.pop("source", None)
                )
            except InputError as exc:
                # Named from its own bytes, not from the backup's listing.
                name = parse_credential(document_of(loaded) or {}).display_name[:80]
                raise InputError(
                    f"{name!r} was not restored: it does not verify "
                    f"({exc.message.removeprefix('not stored: ')})"
                ) from None
            return listing(changed(fresh, **own)), body_of(fresh_body)

        return admit

    def backup(self, path: str | os.PathLike[str], passphrase: str | None = None) -> dict[str, int]:
        """Write this profile, keys included, to one passphrase-protected file."""
        vault = self._s.vault()
        passphrase = passphrase or self._s.passphrase_source("backup")
        if not passphrase:
            raise ProfileError("a backup needs a passphrase (or set WALLET_BACKUP_PASSPHRASE)")
        return write_backup(vault, Path(path), passphrase, profile_name=self._s.entry.name)

    def restore(self, path: str | os.PathLike[str], passphrase: str | None = None) -> RestoreReport:
        """Merge a backup into this profile (what is here already is skipped). ``path`` must
        be a regular file (:func:`wallet.services.files.open_file`: a FIFO would block); the
        file so opened is the one read."""
        with open_file(path) as handle:
            vault = self._s.vault()
            passphrase = passphrase or self._s.passphrase_source("backup")
            if not passphrase:
                raise ProfileError("the backup's passphrase is needed")
            report = restore(
                vault, handle, passphrase, dedupe_of=_dedupe(vault), admit=self._admit()
            )
        self._s.reset()
        return report

    def restore_bytes(self, data: bytes, passphrase: str, *, scratch: Path) -> RestoreReport:
        """The same from the backup's bytes (e.g. a file picked in the app), written to
        ``scratch`` for the duration."""
        scratch.parent.mkdir(parents=True, exist_ok=True)
        scratch.write_bytes(data)
        try:
            return self.restore(scratch, passphrase)
        finally:
            scratch.unlink(missing_ok=True)
