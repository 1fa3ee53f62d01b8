"""The facade: one wallet home and its current profile, with every service over it (see
:mod:`wallet.services`)."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from wallet.fetch import Fetcher
from wallet.services.profiles import ProfileService
from wallet.services.session import PassphraseSource, Session
from wallet.services.settings import SettingsService
from wallet.services.trust import TrustService

if TYPE_CHECKING:  # the other services are made (and imported) on first use
    from wallet.exchange.http import HttpFetcher
    from wallet.services.backup import BackupService
    from wallet.services.competencies import CompetencyService
    from wallet.services.credentials import CredentialService
    from wallet.services.portfolio import PortfolioService
    from wallet.services.presenting import PresentingService
    from wallet.services.receiving import ReceivingService
    from wallet.services.responding import RespondingService
    from wallet.storage.crypto import KdfCost
    from wallet.storage.protection import KeyringStore

__all__ = ["WalletService"]

T = TypeVar("T")


class _service(Generic[T]):
    """A service made on first use, once, under the session's lock (threads may ask at the
    same moment); assignable, like any attribute."""

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make, self.name = make, make.__name__

    @overload
    def __get__(self, wallet: None, owner: type) -> _service[T]: ...
    @overload
    def __get__(self, wallet: WalletService, owner: type) -> T: ...

    def __get__(self, wallet: WalletService | None, owner: type) -> T | _service[T]:
        if wallet is None:
            return self
        made = wallet.__dict__
        if self.name not in made:
            with wallet.session.lock:
                if self.name not in made:
                    made[self.name] = self.make(wallet)
        return made[self.name]


class WalletService:
    """One wallet home and its current profile, with every service over it.

    ``fetcher``: what verification may use to reach the network (None: offline). ``http``: the
    fetcher for exchanges (made on first use, with ``dev`` — plain http to this computer —
    unless given). ``online=True`` makes verification use that same fetcher. ``kdf``: the
    passphrase KDF's cost — libsodium's moderate limits unless a test asks for less
    (:func:`wallet.storage.crypto.kdf_cost_from_environment`).

    The profiles, settings and trust services are made at once (the trust service gives the
    session the learner's trust lists); each other service, and its module, on first use — so
    that reading a wallet's trust lists (``wallet verify``) imports no exchange or backup code.
    """

    def __init__(
        self,
        home: str | os.PathLike[str] | None = None,
        *,
        profile: str | None = None,
        fetcher: Fetcher | None = None,
        http: HttpFetcher | None = None,
        dev: bool = False,
        online: bool = False,
        keyring_store: KeyringStore | None = None,
        passphrase_source: PassphraseSource | None = None,
        kdf: KdfCost | None = None,
    ) -> None:
        self.session = Session(
            home,
            profile=profile,
            fetcher=fetcher,
            http=http,
            dev=dev,
            keyring_store=keyring_store,
            passphrase_source=passphrase_source,
            kdf=kdf,
        )
        if online and fetcher is None:
            self.session.fetcher = self.session.http
        self.profiles = ProfileService(self.session)
        self.settings = SettingsService(self.session)
        self.trust = TrustService(self.session, self.settings)

    @_service
    def portfolio(self) -> PortfolioService:
        from wallet.services.portfolio import PortfolioService

        return PortfolioService(self.session)

    @_service
    def credentials(self) -> CredentialService:
        from wallet.services.credentials import CredentialService

        return CredentialService(self.session, self.portfolio)

    @_service
    def receiving(self) -> ReceivingService:
        from wallet.services.receiving import ReceivingService

        return ReceivingService(self.session, self.credentials)

    @_service
    def presenting(self) -> PresentingService:
        from wallet.services.presenting import PresentingService

        return PresentingService(self.session, self.credentials, self.portfolio)

    @_service
    def responding(self) -> RespondingService:
        from wallet.services.responding import RespondingService

        return RespondingService(self.session, self.credentials, self.presenting)

    @_service
    def competencies(self) -> CompetencyService:
        from wallet.services.competencies import CompetencyService

        return CompetencyService(self.session, self.credentials, self.portfolio)

    @_service
    def backups(self) -> BackupService:
        from wallet.services.backup import BackupService

        return BackupService(self.session, self.credentials)

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
