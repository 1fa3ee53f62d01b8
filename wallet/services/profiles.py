"""Profiles (e.g. school and work), each with its own vault key and holder DID, and how that key
is protected: the OS keyring, or a passphrase where there is none; locking and unlocking."""

from __future__ import annotations

from wallet.errors import ProfileError
from wallet.keys import Ed25519KeyPair
from wallet.services.session import Session, now_iso
from wallet.services.types import ProfileInfo
from wallet.storage.protection import keyring_available
from wallet.storage.vault import Vault

__all__ = ["ProfileService"]


class ProfileService:
    def __init__(self, session: Session) -> None:
        self._s = session

    # --- which profiles -------------------------------------------------------------------

    def list(self) -> list[ProfileInfo]:
        profiles = self._s.profiles
        default = profiles.default()
        current = self._s.current_id
        return [ProfileInfo(id=p.id, name=p.name, is_default=default is not None and
                            p.id == default.id, is_current=p.id == current)
                for p in profiles.list()]

    def exists(self) -> bool:
        return bool(self._s.profiles.list())

    @property
    def current(self) -> ProfileInfo:
        entry = self._s.entry
        return next(p for p in self.list() if p.id == entry.id)

    def create(self, name: str, *, protection: str = "auto", passphrase: str | None = None,
               make_default: bool = False) -> ProfileInfo:
        """A new profile with its own vault key (OS keyring, or a passphrase where there is
        none: ``protection="auto"``) and its own holder key (did:key). It becomes current."""
        if protection == "auto":
            protection = "keyring" if keyring_available()[0] else "passphrase"
        if protection == "passphrase" and not passphrase:
            passphrase = self._s.passphrase_source("new")
        if protection not in ("keyring", "passphrase"):
            raise ProfileError("protection is 'keyring', 'passphrase' or 'auto'")
        if protection == "passphrase" and not passphrase:
            raise ProfileError("this profile needs a passphrase (no OS keyring is available); "
                               "give one, or set WALLET_PASSPHRASE")
        profiles = self._s.profiles
        entry = profiles.create(name)
        try:
            vault = Vault(profiles.directory(entry), entry.id, store=self._s.store)
            vault.initialize(protection, passphrase)
            holder = Ed25519KeyPair.generate()
            vault.put("key", {"did": holder.did, "key_id": holder.key_id, "created": now_iso(),
                              "label": "holder"}, {"seed": holder.seed.hex()})
        except BaseException:
            profiles.remove(entry)
            raise
        if make_default:
            profiles.set_default(entry)
        self._s.become(entry, vault)
        return next(p for p in self.list() if p.id == entry.id)

    def ensure(self, name: str = "Personal") -> ProfileInfo | None:
        """First use: create a profile when there is none; returns it, or None if one
        existed."""
        if self.exists():
            return None
        return self.create(name)

    def use(self, key: str) -> ProfileInfo:
        """Make the profile named (or with this id) current."""
        entry = self._s.profiles.find(key)
        self._s.become(entry)
        self._s.open_vault()
        return next(p for p in self.list() if p.id == entry.id)

    def rename(self, key: str, name: str) -> ProfileInfo:
        """Give a profile another name (names are unique, 1 to 60 printable characters)."""
        entry = self._s.profiles.rename(self._s.profiles.find(key), name)
        if self._s.current_id == entry.id:
            self._s.renamed(entry)
        return next(p for p in self.list() if p.id == entry.id)

    def set_default(self, key: str) -> None:
        self._s.profiles.set_default(self._s.profiles.find(key))

    def delete(self, key: str) -> None:
        """Delete a profile, its vault and its key in the OS keyring. Irreversible."""
        entry = self._s.profiles.find(key)
        current = self._s.current_id == entry.id
        vault = self._s.open_vault() if current else self._s.vault_of(entry)
        vault.forget_keyring_entry()
        if current:
            self._s.close_vault()
        else:
            vault.close()
        self._s.profiles.remove(entry)

    def protection_of(self, key: str) -> str:
        """How a profile's key is guarded (``keyring`` or ``passphrase``), without opening it."""
        entry = self._s.profiles.find(key)
        vault = self._s.vault_of(entry)
        try:
            return vault.protection
        finally:
            vault.close()

    # --- the current profile's key ----------------------------------------------------------

    @staticmethod
    def keyring_status() -> tuple[bool, str]:
        return keyring_available()

    @property
    def protection(self) -> str:
        return self._s.open_vault().protection

    def describe_protection(self) -> str:
        if self.protection == "keyring":
            return ("the OS keyring guards this wallet's key: it opens when you are logged in "
                    f"({keyring_available()[1]})")
        return ("a passphrase guards this wallet's key (Argon2id); there is no way in without "
                "it, so keep a backup")

    @property
    def locked(self) -> bool:
        return not self._s.open_vault().is_unlocked

    @property
    def locked_on_purpose(self) -> bool:
        """Locked by the learner (``wallet lock``), not just not yet opened."""
        return self._s.lock_flag.exists()

    def unlock(self, passphrase: str | None = None) -> None:
        self._s.unlock(passphrase)

    def lock(self) -> None:
        """Forget the key and mark the profile locked: until :meth:`unlock`, nothing opens."""
        vault = self._s.open_vault()
        vault.lock()
        self._s.reset()
        self._s.lock_flag.touch()

    def change_passphrase(self, new: str, *, old: str | None = None) -> None:
        """Protect the key with a (new) passphrase; ``old`` is checked if one is in use."""
        vault = self._s.open_vault()
        if vault.protection == "passphrase":
            vault.unlock(old if old is not None else self._s.passphrase_source("unlock"))
        else:
            self._s.vault()
        vault.rewrap("passphrase", new)

    def use_keyring(self) -> None:
        """Protect the key with the OS keyring (a new random key there)."""
        self._s.vault().rewrap("keyring")

    def rotate_key(self, passphrase: str | None = None) -> None:
        """Re-wrap the data key under a fresh key-encryption key (same protection)."""
        vault = self._s.vault()
        if vault.protection == "passphrase":
            vault.rewrap("passphrase", passphrase or self._s.passphrase_source("new"))
        else:
            vault.rewrap("keyring")

    # --- the holder ---------------------------------------------------------------------------

    def holder_key(self) -> Ed25519KeyPair:
        return self._s.holder_key()

    @property
    def did(self) -> str:
        return self._s.holder_key().did
