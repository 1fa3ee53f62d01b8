"""The learner's settings (language, theme, share service, …): one record per profile.

The language chosen last is also kept beside the profiles, outside the vault (a file holding
``en`` or ``ko``, nothing else), so that the unlock screen can speak it before the vault is
open."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from wallet.errors import WalletError
from wallet.i18n import LANGUAGES
from wallet.services.files import read_file
from wallet.services.session import Session
from wallet.storage.records import Records

__all__ = ["SettingsService"]


class _Settings(BaseModel):
    values: dict[str, Any] = {}


LANGUAGE_FILE = "language"  # in the wallet home: the language chosen last (not a secret)


class SettingsService:
    def __init__(self, session: Session) -> None:
        self._records: Records[_Settings, Any] = Records(session.vault, "settings", _Settings)
        self._home: Path = Path(session.home)

    def remembered_language(self) -> str | None:
        """The language chosen last in this wallet home, readable while every profile is
        locked (the unlock screen's); None when none was chosen or the file is not ours."""
        try:  # a regular file of a few bytes only (never a FIFO, never a large file)
            text = read_file(self._home / LANGUAGE_FILE, limit=16).decode("ascii").strip()
        except (OSError, UnicodeError, WalletError):
            return None
        return text if text in LANGUAGES else None

    def _remember_language(self, value: Any) -> None:
        if value not in LANGUAGES:
            return
        path = self._home / LANGUAGE_FILE
        try:
            scratch = path.with_name(f".{LANGUAGE_FILE}.{os.getpid()}")
            scratch.write_text(value, "ascii")
            os.replace(scratch, path)
        except OSError:
            pass  # only the unlock screen's language: never worth failing a setting for

    def all(self) -> dict[str, Any]:
        for item in self._records.items():
            return dict(item.values)
        return {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.all().get(key, default)

    def remove(self, key: str) -> None:
        ids = self._records.ids()
        values = self.all()
        if ids and key in values:
            del values[key]
            self._records.replace(ids[0], _Settings(values=values))

    def set(self, key: str, value: Any) -> None:
        if key == "language":
            self._remember_language(value)
        ids = self._records.ids()
        values = {**self.all(), key: value}
        if ids:
            self._records.replace(ids[0], _Settings(values=values))
        else:
            self._records.add(_Settings(values=values))
