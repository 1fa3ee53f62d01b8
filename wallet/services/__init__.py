"""The application layer: what the CLI and the app call, one module per use case.

::

    with WalletService(home, fetcher=..., passphrase_source=...) as wallet:
        wallet.profiles.ensure()                   # profiles, protection, lock/unlock
        added = wallet.credentials.add(data)       # verified first, stored as received
        wallet.portfolio.reflect("What I learned", credential_ids=[added.id])
        wallet.receiving.receive(offer_link, ui)   # OpenID4VCI, asked: ui.consent(Consent)
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

The names below are imported when first used (PEP 562), so that importing one service — the
app's web view starting, say — does not import them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet.services.admission import Refused
    from wallet.services.backup import RestoreReport
    from wallet.services.competencies import FrameworkInfo, sample_framework
    from wallet.services.composing import OfflineQr, Own
    from wallet.services.credential_record import VERDICTS
    from wallet.services.credentials import AUTHENTICITY_CHECKS, Recheck
    from wallet.services.facade import WalletService
    from wallet.services.presenting import Preset, Shared, SharedLink, write_qr
    from wallet.services.receiving import (
        Consent,
        Decision,
        OfferPreview,
        PendingCredential,
        ReceiveResult,
        ReceiveUI,
        TxCode,
        offer_link,
    )
    from wallet.services.request_preview import (
        CredentialChoice,
        Disclosure,
        QueryPreview,
        RequestPreview,
        RespondResult,
    )
    from wallet.services.requester import VerifierIdentity
    from wallet.services.session import default_home, env_passphrase
    from wallet.services.trust import TrustListInfo
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

__all__ = [
    "AUTHENTICITY_CHECKS",
    "VERDICTS",
    "AddResult",
    "ArtifactInfo",
    "Consent",
    "CredentialChoice",
    "CredentialDetail",
    "CredentialSummary",
    "Decision",
    "Disclosure",
    "FrameworkInfo",
    "OfferPreview",
    "OfflineQr",
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
    "Refused",
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

_WHERE = {  # each name, and the module of this package that defines it
    "AUTHENTICITY_CHECKS": "credentials",
    "VERDICTS": "credential_record",
    "AddResult": "types",
    "ArtifactInfo": "types",
    "Consent": "receiving",
    "CredentialChoice": "request_preview",
    "CredentialDetail": "types",
    "CredentialSummary": "types",
    "Decision": "receiving",
    "Disclosure": "request_preview",
    "FrameworkInfo": "competencies",
    "OfferPreview": "receiving",
    "OfflineQr": "composing",
    "Own": "composing",
    "Page": "types",
    "PendingCredential": "receiving",
    "Preset": "presenting",
    "Recheck": "credentials",
    "ProfileInfo": "types",
    "QueryPreview": "request_preview",
    "ReceiveResult": "receiving",
    "ReceiveUI": "receiving",
    "ReflectionInfo": "types",
    "Refused": "admission",
    "RequestPreview": "request_preview",
    "RespondResult": "request_preview",
    "RestoreReport": "backup",
    "Shared": "presenting",
    "SharedLink": "presenting",
    "TrustListInfo": "trust",
    "TxCode": "receiving",
    "Verifier": "verifying",
    "VerifierIdentity": "requester",
    "WalletService": "facade",
    "default_home": "session",
    "env_passphrase": "session",
    "offer_link": "receiving",
    "sample_framework": "competencies",
    "write_qr": "presenting",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'wallet.services' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"wallet.services.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
