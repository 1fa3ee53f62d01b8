"""The application layer: what the CLI and the app call, one module per use case.

::

    with WalletService(home, fetcher=..., passphrase_source=...) as wallet:
        wallet.profiles.ensure()                   # profiles, protection, lock/unlock
        added = wallet.credentials.add(data)       # verified first, stored as received
        wallet.portfolio.reflect("What I learned", credential_ids=[added.id])
        wallet.receiving.receive(offer_link, ui)   # OpenID4VCI
        asked = wallet.responding.preview(link)    # OpenID4VP / VC-API: who asks, what matches
        wallet.responding.answer(asked, asked.proposed)
        shared = wallet.presenting.share(server, [added.id])
        wallet.competencies.map()
        wallet.trust.add("did:web:riverside.example.edu", name="Riverside Community College")
        wallet.backups.backup(path)

:class:`WalletService` holds one :class:`~wallet.services.session.Session` (one wallet home,
one current profile, its vault and HTTP fetcher) and the services over it. The services
orchestrate core (verification, presentations, competencies), storage (the vault) and exchange
(the wire); the faces hold no logic of their own. :class:`~wallet.services.verifying.Verifier`
verifies without a wallet (the employer's side).
"""

from __future__ import annotations

import os

from wallet.exchange.http import HttpFetcher
from wallet.fetch import Fetcher
from wallet.services.backup import BackupService, RestoreReport
from wallet.services.competencies import CompetencyService, FrameworkInfo, sample_framework
from wallet.services.credentials import (
    AUTHENTICITY_CHECKS,
    VERDICTS,
    CredentialService,
    Recheck,
)
from wallet.services.portfolio import PortfolioService
from wallet.services.presenting import (
    Own,
    PresentingService,
    Preset,
    Shared,
    SharedLink,
    write_qr,
)
from wallet.services.profiles import ProfileService
from wallet.services.receiving import (
    Consent,
    OfferPreview,
    PendingCredential,
    ReceiveResult,
    ReceiveUI,
    ReceivingService,
    TxCode,
    offer_link,
)
from wallet.services.responding import (
    CredentialChoice,
    Disclosure,
    QueryPreview,
    RequestPreview,
    RespondingService,
    RespondResult,
    VerifierIdentity,
)
from wallet.services.session import PassphraseSource, Session, default_home, env_passphrase
from wallet.services.settings import SettingsService
from wallet.services.trust import TrustListInfo, TrustService
from wallet.services.types import (
    AddResult,
    ArtifactInfo,
    CredentialDetail,
    CredentialSummary,
    Page,
    ProfileInfo,
    ReflectionInfo,
)
from wallet.services.verifying import Verifier
from wallet.storage.protection import KeyringStore

__all__ = [
    "AUTHENTICITY_CHECKS",
    "VERDICTS",
    "AddResult",
    "ArtifactInfo",
    "Consent",
    "CredentialChoice",
    "CredentialDetail",
    "CredentialSummary",
    "Disclosure",
    "FrameworkInfo",
    "OfferPreview",
    "Own",
    "Page",
    "PendingCredential",
    "Preset",
    "Recheck",
    "ProfileInfo",
    "QueryPreview",
    "ReceiveResult",
    "ReceiveUI",
    "ReflectionInfo",
    "RequestPreview",
    "RespondResult",
    "RestoreReport",
    "Shared",
    "SharedLink",
    "TrustListInfo",
    "TxCode",
    "Verifier",
    "VerifierIdentity",
    "WalletService",
    "default_home",
    "env_passphrase",
    "offer_link",
    "sample_framework",
    "write_qr",
]


class WalletService:
    """One wallet home and its current profile, with every service over it.

    ``fetcher``: what verification may use to reach the network (None: offline). ``http``: the
    fetcher for exchanges (made on first use, with ``dev`` — plain http to this computer —
    unless given). ``online=True`` makes verification use that same fetcher.
    """

    def __init__(self, home: str | os.PathLike[str] | None = None, *,
                 profile: str | None = None, fetcher: Fetcher | None = None,
                 http: HttpFetcher | None = None, dev: bool = False, online: bool = False,
                 keyring_store: KeyringStore | None = None,
                 passphrase_source: PassphraseSource | None = None) -> None:
        self.session = Session(home, profile=profile, fetcher=fetcher, http=http, dev=dev,
                               keyring_store=keyring_store, passphrase_source=passphrase_source)
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
