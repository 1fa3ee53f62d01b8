"""The open wallet: one wallet home, one current profile, its vault and its holder key.

Every service (:mod:`wallet.services`) works through one :class:`Session`: it opens the current
profile's vault when first needed, unlocks it (OS keyring, or a passphrase from the injected
``passphrase_source``), holds the HTTP fetcher the services share, and tells the services to drop
what they keep in memory (search index, parsed frameworks) when the vault is locked, closed,
restored into, or another profile becomes current.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import NotFoundError, ProfileError, VaultLockedError
from wallet.exchange.http import HttpFetcher
from wallet.fetch import Fetcher
from wallet.services.stored import KeySeed, StoredKey
from wallet.storage.crypto import KdfCost, kdf_cost_from_environment
from wallet.storage.paths import wallet_home
from wallet.storage.profiles import ProfileEntry, Profiles
from wallet.storage.protection import KeyringStore
from wallet.storage.records import Records
from wallet.storage.vault import Vault
from wallet.verification.trust import TrustLists
from wallet.verification.verify import VerifyOptions

__all__ = ["PassphraseSource", "Session", "default_home", "env_passphrase", "now_iso"]

PassphraseSource = Callable[[str], "str | None"]
"""Asked with a reason (``"unlock"``, ``"new"``, ``"backup"``); returns a passphrase or None."""


def now_iso() -> str:
    """Now, to the second, as the vault's records write dates (``2026-12-01T10:00:00Z``)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def default_home() -> Path:
    """Where the wallet keeps its data when no home is given: ``$WALLET_HOME``, else the
    per-user data directory."""
    return wallet_home(None)


def env_passphrase(reason: str) -> str | None:
    """Passphrases for scripts and tests: ``WALLET_PASSPHRASE`` (``WALLET_BACKUP_PASSPHRASE``
    first, for backups)."""
    if reason == "backup" and os.environ.get("WALLET_BACKUP_PASSPHRASE"):
        return os.environ["WALLET_BACKUP_PASSPHRASE"]
    return os.environ.get("WALLET_PASSPHRASE")


class Session:
    """The current profile of a wallet home.

    ``fetcher`` is what verification may use to reach the network (``None``: offline);
    ``http`` is the fetcher for exchanges (receiving, sharing, fetching frameworks) — made on
    first use with ``dev`` (plain http to this computer allowed) unless one is given.
    """

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        profile: str | None = None,
        fetcher: Fetcher | None = None,
        http: HttpFetcher | None = None,
        dev: bool = False,
        keyring_store: KeyringStore | None = None,
        passphrase_source: PassphraseSource | None = None,
        kdf: KdfCost | None = None,
    ) -> None:
        self.home = wallet_home(home)
        # The passphrase KDF's cost: libsodium's moderate limits, unless the test suite asks
        # for its minimum (here, or by WALLET_TESTING=1 with WALLET_TEST_KDF=minimum).
        self.kdf = kdf or kdf_cost_from_environment()
        self.profiles = Profiles(self.home)
        self.fetcher = fetcher
        self.dev = dev
        self.store = keyring_store or KeyringStore()
        self.passphrase_source: PassphraseSource = passphrase_source or env_passphrase
        self._http = (
            http if http is not None else (fetcher if isinstance(fetcher, HttpFetcher) else None)
        )
        self._owns_http = False
        self._profile_key = profile
        self._vault: Vault | None = None
        self._entry: ProfileEntry | None = None
        self._resets: list[Callable[[], None]] = []
        self.lock = threading.RLock()
        # The learner's trust lists, as verification consults them (set by the trust service).
        self.trust_lists: Callable[[], TrustLists] = TrustLists

    # --- what the services share ----------------------------------------------------------

    @property
    def http(self) -> HttpFetcher:
        with self.lock:
            if self._http is None:
                self._http = HttpFetcher(dev=self.dev)
                self._owns_http = True
            return self._http

    def verify_options(self) -> VerifyOptions:
        """How the wallet verifies what it holds: as the holder (an ecdsa-sd-2023 base proof,
        which only a holder may see, verifies), against the learner's trust lists, online when
        the session has a fetcher."""
        return VerifyOptions(fetcher=self.fetcher, holder=True, trust=self.trust_lists())

    def on_reset(self, forget: Callable[[], None]) -> None:
        """Call ``forget`` whenever what a service keeps in memory is no longer valid."""
        self._resets.append(forget)

    def reset(self) -> None:
        for forget in self._resets:
            forget()

    # --- the current profile and its vault ------------------------------------------------

    @property
    def entry(self) -> ProfileEntry:
        self.open_vault()
        assert self._entry is not None
        return self._entry

    @property
    def current_id(self) -> str | None:
        return self._entry.id if self._entry else None

    def open_vault(self) -> Vault:
        """The current profile's vault, opened (perhaps still locked)."""
        with self.lock:
            if self._vault is not None:
                return self._vault
            entry = (
                self.profiles.find(self._profile_key)
                if self._profile_key
                else self.profiles.default()
            )
            if entry is None:
                raise ProfileError(
                    "there is no profile yet; create one first (wallet profile create NAME)"
                )
            self._vault = Vault(
                self.profiles.directory(entry), entry.id, store=self.store, kdf=self.kdf
            )
            self._entry = entry
            return self._vault

    def vault_of(self, entry: ProfileEntry) -> Vault:
        """Another profile's vault (opened, locked), e.g. to delete it."""
        return Vault(self.profiles.directory(entry), entry.id, store=self.store, kdf=self.kdf)

    def become(self, entry: ProfileEntry, vault: Vault | None = None) -> None:
        """Make ``entry`` the current profile (with its vault, when already open)."""
        self.close_vault()
        self._profile_key = entry.id
        if vault is not None:
            self._vault, self._entry = vault, entry

    def renamed(self, entry: ProfileEntry) -> None:
        """The current profile has a new name (nothing else changes)."""
        if self._entry is not None and self._entry.id == entry.id:
            self._entry = entry

    @property
    def lock_flag(self) -> Path:
        """The file that marks a profile locked on purpose (``wallet lock``)."""
        return self.open_vault().directory / "locked"

    def unlock(self, passphrase: str | None = None) -> None:
        """Open the data key (keyring, or passphrase: given, else the passphrase source)."""
        vault = self.open_vault()
        if vault.protection == "passphrase" and passphrase is None:
            passphrase = self.passphrase_source("unlock")
        vault.unlock(passphrase)
        with contextlib.suppress(FileNotFoundError):
            self.lock_flag.unlink()

    def vault(self) -> Vault:
        """The current vault, unlocked (by itself when it can be, unless locked on purpose)."""
        vault = self.open_vault()
        if not vault.is_unlocked:
            if self.lock_flag.exists():
                raise VaultLockedError("the wallet is locked; unlock it first (wallet unlock)")
            self.unlock()
        return vault

    def holder_key(self) -> Ed25519KeyPair:
        """The profile's holder key: the newest one (after a restore, the restored key, so a
        wallet moved to a new machine keeps its DID). Older keys stay for credentials bound
        to them."""
        keys = Records(self.vault(), "key", StoredKey, KeySeed)
        for rid, key in keys.rows():
            if key is not None and key.label == "holder":
                return Ed25519KeyPair.from_seed(bytes.fromhex(keys.secret(rid).seed))
        raise NotFoundError("this profile has no holder key")

    def close_vault(self) -> None:
        with self.lock:
            if self._vault is not None:
                self._vault.close()
            self._vault, self._entry = None, None
            self.reset()

    def close(self) -> None:
        """Close the vault and, if this session made it, the HTTP fetcher."""
        self.close_vault()
        with self.lock:
            if self._owns_http and self._http is not None:
                self._http.close()
                self._http, self._owns_http = None, False
