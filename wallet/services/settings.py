"""The learner's settings (language, theme, share service, …): one record per profile."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from wallet.services.session import Session
from wallet.storage.records import Records

__all__ = ["SettingsService"]


class _Settings(BaseModel):
    values: dict[str, Any] = {}


class SettingsService:
    def __init__(self, session: Session) -> None:
        self._records: Records[_Settings, Any] = Records(session.vault, "settings", _Settings)

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
        ids = self._records.ids()
        values = {**self.all(), key: value}
        if ids:
            self._records.replace(ids[0], _Settings(values=values))
        else:
            self._records.add(_Settings(values=values))
