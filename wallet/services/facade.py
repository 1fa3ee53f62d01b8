"""The facade: one wallet home and its current profile, with every service over it (see
:mod:`wallet.services`)."""

from __future__ import annotations

import os

from wallet.exchange.http import HttpFetcher
from wallet.fetch import Fetcher
from wallet.services.backup import BackupService
from wallet.services.competencies import CompetencyService
from wallet.services.credentials import CredentialService
from wallet.services.portfolio import PortfolioService
from wallet.services.presenting import PresentingService
from wallet.services.profiles import ProfileService
from wallet.services.receiving import ReceivingService
from wallet.services.responding import RespondingService
from wallet.services.session import PassphraseSource, Session
from wallet.services.settings import SettingsService
from wallet.services.trust import TrustService
from wallet.storage.crypto import KdfCost
from wallet.storage.protection import KeyringStore

__all__ = ["WalletService"]


class WalletService:
    """One wallet home and its current profile, with every service over it.

    ``fetcher``: what verification may use to reach the network (None: offline). ``http``: the
    fetcher for exchanges (made on first use, with ``dev`` — plain http to this computer —
    unless given). ``online=True`` makes verification use that same fetcher. ``kdf``: the
    passphrase KDF's cost — libsodium's moderate limits unless a test asks for less
    (:func:`wallet.storage.crypto.kdf_cost_from_environment`).
    """

    def __init__(self, home: str | os.PathLike[str] | None = None, *,
                 profile: str | None = None, fetcher: Fetcher | None = None,
                 http: HttpFetcher | None = None, dev: bool = False, online: bool = False,
                 keyring_store: KeyringStore | None = None,
                 passphrase_source: PassphraseSource | None = None,
                 kdf: KdfCost | None = None) -> None:
        self.session = Session(home, profile=profile, fetcher=fetcher, http=http, dev=dev,
                               keyring_store=keyring_store, passphrase_source=passphrase_source,
                               kdf=kdf)
        if online and fetcher is None:
            self.session.fetcher = self.session.http
        self.profiles = ProfileService(self.session)
        self.settings = SettingsService(self.session)
        self.trust = TrustService(self.session, self.settings)
        self.portfolio = PortfolioService(self.session)
        self.credentials = CredentialService(self.session, self.portfolio)
        self.receiving = ReceivingService(self.session, self.credentials)
        self.presenting = PresentingService(self.session, self.credentials, self.portfolio)
        self.responding = RespondingService(self.session, self.credentials, self.presenting)
        self.competencies = CompetencyService(self.session, self.credentials, self.portfolio)
        self.backups = BackupService(self.session, self.credentials)

    @property
    def home(self) -> os.PathLike[str]:
        return self.session.home

    @property
    def did(self) -> str:
        return self.session.holder_key().did

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> WalletService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
