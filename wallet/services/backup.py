"""Backups: the whole current profile, keys included, in one passphrase-protected file, and
merging such a file back in (what is here already is skipped). The file format is
:mod:`wallet.storage.backup` (``docs/backup-format.md``)."""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from wallet.errors import BackupError, ProfileError, WalletError
from wallet.services.credentials import dedupe_content
from wallet.services.files import open_file
from wallet.services.session import Session
from wallet.sources import load_bytes
from wallet.storage.backup import RestoreReport, restore, write_backup
from wallet.storage.vault import Vault

__all__ = ["BackupService", "RestoreReport"]


def _dedupe(vault: Vault) -> Callable[[str, dict[str, Any], Any], bytes | None]:
    """What makes a restored record a duplicate of one already here: a credential's content,
    a framework's CFDocument."""
    def dedupe_of(kind: str, meta: dict[str, Any], body: Any) -> bytes | None:
        if kind == "framework" and isinstance(meta.get("identifier"), str):
            return vault.dedupe_key(meta["identifier"].encode())  # one per CFDocument
        if kind != "credential" or not isinstance(body, dict) or "raw" not in body:
            return None
        try:
            loaded = load_bytes(base64.b64decode(body["raw"]))
        except (WalletError, ValueError):
            raise BackupError("the backup holds a credential that cannot be read") from None
        return vault.dedupe_key(dedupe_content(loaded))

    return dedupe_of


class BackupService:
    def __init__(self, session: Session) -> None:
        self._s = session

    def backup(self, path: str | os.PathLike[str], passphrase: str | None = None
               ) -> dict[str, int]:
        """Write this profile, keys included, to one passphrase-protected file."""
        vault = self._s.vault()
        passphrase = passphrase or self._s.passphrase_source("backup")
        if not passphrase:
            raise ProfileError("a backup needs a passphrase (or set WALLET_BACKUP_PASSPHRASE)")
        return write_backup(vault, Path(path), passphrase, profile_name=self._s.entry.name)

    def restore(self, path: str | os.PathLike[str], passphrase: str | None = None
                ) -> RestoreReport:
        """Merge a backup into this profile (what is here already is skipped). ``path`` must
        be a regular file (:func:`wallet.services.files.open_file`: a FIFO would block)."""
        open_file(path).close()
        vault = self._s.vault()
        passphrase = passphrase or self._s.passphrase_source("backup")
        if not passphrase:
            raise ProfileError("the backup's passphrase is needed")
        report = restore(vault, Path(path), passphrase, dedupe_of=_dedupe(vault))
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
