"""The profiles in a wallet home (e.g. "School" and "Work"), each its own vault, keys and DID.

``profiles.json`` lists them (ids, names, creation times and which is the default) so that the
app can offer a choice before anything is unlocked; profile *names* are therefore not secret.
Everything inside a profile is in its encrypted vault.

Several processes may use one wallet home at once (the app and a few ``wallet`` commands):
every change to the list is a read-modify-write under an exclusive file lock
(``profiles.lock``), written to a temporary file and renamed into place, so a reader sees the
old list or the new one, never half of one, and no change is lost. A profile appears in the list
only once its vault is ready (see :meth:`Profiles.create`).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wallet.errors import ProfileError
from wallet.storage.locks import FileLock, LockTimeout

__all__ = ["ProfileEntry", "Profiles"]


@dataclass(frozen=True)
class ProfileEntry:
    id: str
    name: str
    created: float


LOCK_TIMEOUT = 120.0
"""How long a change to the profile list waits for another process's (creating a profile
takes a key derivation, perhaps a keyring prompt)."""


class Profiles:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / "profiles.json"
        self._lock = FileLock(self.home / "profiles.lock")

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the profile list's lock (re-entrant): no other process changes the list
        meanwhile."""
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            self._lock.acquire(LOCK_TIMEOUT)
        except LockTimeout:
            raise ProfileError(
                "another wallet process is changing the profiles; try again in a moment"
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {"version": 1, "default": None, "profiles": []}
        except (OSError, ValueError) as exc:
            raise ProfileError(f"the profile list {self.path} cannot be read ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("profiles"), list):
            raise ProfileError(f"the profile list {self.path} is damaged")
        return data

    def _write(self, data: dict[str, Any]) -> None:
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        tmp = self.path.with_suffix(f".{uuid.uuid4().hex}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=2, ensure_ascii=False)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        with contextlib.suppress(OSError):  # the rename itself durable
            fd = os.open(self.home, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def all(self) -> list[ProfileEntry]:
        return [
            ProfileEntry(p["id"], p["name"], p.get("created", 0.0))
            for p in self._read()["profiles"]
        ]

    def directory(self, entry: ProfileEntry) -> Path:
        return self.home / "profiles" / entry.id

    def default(self) -> ProfileEntry | None:
        data = self._read()
        for p in self.all():
            if p.id == data.get("default"):
                return p
        profiles = self.all()
        return profiles[0] if profiles else None

    def set_default(self, entry: ProfileEntry) -> None:
        with self.locked():
            data = self._read()
            data["default"] = entry.id
            self._write(data)

    def find(self, key: str) -> ProfileEntry:
        """A profile by id, id prefix or name (case-insensitive)."""
        profiles = self.all()
        for p in profiles:
            if p.id == key or p.name.casefold() == key.casefold():
                return p
        matches = [p for p in profiles if len(key) >= 4 and p.id.startswith(key)]
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(p.name for p in profiles) or "none yet"
        raise ProfileError(f"there is no profile {key!r} (profiles: {names})")

    @staticmethod
    def _checked_name(name: str, data: dict[str, Any], *, other_than: str | None = None) -> str:
        name = name.strip()
        if not name or len(name) > 60 or re.search(r"[\x00-\x1f\x7f]", name):
            raise ProfileError("a profile name is 1 to 60 printable characters")
        if any(
            p["name"].casefold() == name.casefold() and p["id"] != other_than
            for p in data["profiles"]
        ):
            raise ProfileError(f"a profile named {name!r} exists already")
        return name

    def rename(self, entry: ProfileEntry, name: str) -> ProfileEntry:
        with self.locked():
            data = self._read()
            name = self._checked_name(name, data, other_than=entry.id)
            for p in data["profiles"]:
                if p["id"] == entry.id:
                    p["name"] = name
            self._write(data)
        return ProfileEntry(entry.id, name, entry.created)

    def create(
        self, name: str, *, prepare: Callable[[ProfileEntry], None] | None = None
    ) -> ProfileEntry:
        """Add a profile named ``name``. ``prepare(entry)`` (e.g. making its vault and keys)
        runs under the lock before the profile is listed, so no one sees a profile that is not
        ready; if it raises, the profile's folder is removed and nothing is listed."""
        with self.locked():
            data = self._read()
            name = self._checked_name(name, data)
            entry = ProfileEntry(uuid.uuid4().hex, name, time.time())
            try:
                if prepare is not None:
                    prepare(entry)
                data["profiles"].append(asdict(entry))
                if not data.get("default"):
                    data["default"] = entry.id
                self._write(data)
            except BaseException:
                shutil.rmtree(self.directory(entry), ignore_errors=True)
                raise
        return entry

    def remove(self, entry: ProfileEntry) -> None:
        with self.locked():
            data = self._read()
            data["profiles"] = [p for p in data["profiles"] if p["id"] != entry.id]
            if data.get("default") == entry.id:
                data["default"] = data["profiles"][0]["id"] if data["profiles"] else None
            self._write(data)
            shutil.rmtree(self.directory(entry), ignore_errors=True)
