"""A received credential as the wallet keeps it: the listing metadata read from it (name,
issuer, skills and alignments, dates; :class:`~wallet.services.stored.StoredCredential`), its
verdict in the listing's words (:data:`VERDICTS`) with when it was checked and whether an issuer
revoked or suspended it, the issuer's names as kept, and the body with the exact bytes received
(:class:`~wallet.services.stored.CredentialBody`); and what makes two receipts the same
credential. :class:`~wallet.services.credentials.CredentialService` stores and lists these."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

from wallet.errors import WalletError
from wallet.formats.sources import LoadedInput
from wallet.formats.vcjwt import unverified_credential
from wallet.reading.models import parse_credential
from wallet.result import CheckId, Verdict, VerificationResult
from wallet.services.session import now_iso
from wallet.services.stored import CredentialBody, StoredAlignment, StoredCredential
from wallet.storage.records import changed

__all__ = [
    "VERDICTS",
    "checked",
    "dedupe_content",
    "document_of",
    "issuer_display_names",
    "status_state",
    "stored_record",
    "verdict_of",
]

# How a stored credential is listed, best first: the four verdict levels
# (:class:`wallet.result.Verdict`) as the listing's short words.
VERDICTS = ("verified", "warning", "unconfirmed", "failed")
_LISTED = {
    Verdict.VERIFIED: "verified",
    Verdict.WARNINGS: "warning",
    Verdict.ISSUER_NOT_CONFIRMED: "unconfirmed",
    Verdict.NOT_VERIFIED: "failed",
}


def verdict_of(result: VerificationResult) -> str:
    """``verified``, ``warning``, ``unconfirmed`` (issuer not confirmed) or ``failed``: how a
    stored credential is listed."""
    return _LISTED[result.verdict]


def status_state(result: VerificationResult) -> str | None:
    """``revoked`` or ``suspended`` when an authentic status list flags the credential."""
    check = result.check(CheckId.STATUS)
    if check is not None and check.detail in ("revoked", "suspended"):
        return check.detail
    return None


def dedupe_content(loaded: LoadedInput) -> bytes:
    """What makes two receipts "the same credential": the same JSON (any formatting), or
    the same JWT."""
    if loaded.kind == "jwt" and loaded.jwt:
        return b"jwt:" + loaded.jwt.encode()
    return (
        b"json:"
        + json.dumps(
            loaded.document, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()
    )


def document_of(loaded: LoadedInput) -> dict[str, Any] | None:
    """The credential's JSON: as received, or the VC inside a VC-JWT (read, not trusted)."""
    if loaded.kind == "jwt" and loaded.jwt:
        with contextlib.suppress(WalletError):
            return unverified_credential(loaded.jwt)
        return None
    return loaded.document if isinstance(loaded.document, dict) else None


def _credential_meta(loaded: LoadedInput, result: VerificationResult) -> StoredCredential:
    view = parse_credential(document_of(loaded) or {})
    achievement = view.achievement
    skills: list[str] = []
    alignments = []
    for a in view.alignments:
        if a.targetName and a.targetName not in skills:
            skills.append(a.targetName)
        alignments.append(
            StoredAlignment(
                name=a.targetName,
                url=a.targetUrl,
                code=a.targetCode,
                framework=a.targetFramework,
                type=a.targetType,
            )
        )
    if achievement and achievement.tag:
        skills.extend(t for t in achievement.tag if t not in skills)
    image = view.image_url
    if image and len(image) > 200_000:  # an inline data: URI can be large; keep listing small
        image = None
    return StoredCredential(
        name=view.display_name,
        issuer=view.issuer_id,
        issuer_name=view.issuer_name,
        types=list(view.type),
        format=result.format,
        achievement_type=achievement.achievementType if achievement else None,
        description=((achievement.description if achievement else None) or view.description or "")[
            :500
        ],
        image=image,
        skills=skills,
        alignments=alignments,
        tags=[],
        valid_from=view.validFrom or view.issuanceDate,
        valid_until=view.validUntil or view.expirationDate,
        received_at=now_iso(),
        credential_id=view.id,
    )


def checked(stored: StoredCredential, result: VerificationResult) -> StoredCredential:
    """``stored`` with the fields that follow from a verification: its verdict, when it was
    checked, and whether an issuer revoked or suspended it."""
    return changed(
        stored,
        verified=result.verified,
        verdict=verdict_of(result),
        checked_at=now_iso(),
        status_state=status_state(result),
    )


def stored_record(
    loaded: LoadedInput,
    result: VerificationResult,
    *,
    source: str | None,
    issuer_logo: str | None,
    issuer_names: Iterable[tuple[str | None, str]] = (),
) -> tuple[StoredCredential, CredentialBody]:
    stored = changed(
        checked(_credential_meta(loaded, result), result),
        source=source or None,
        issuer_logo=issuer_logo or None,  # the logo: fetched when receiving
        issuer_names=issuer_display_names(list(issuer_names)),
    )
    body = CredentialBody(
        raw=loaded.raw,
        kind=loaded.kind,
        origin=loaded.origin,
        verification=result.model_dump(mode="json"),
    )
    return stored, body


def issuer_display_names(names: Any) -> list[list[str | None]]:
    """An issuer's names per language as kept ([locale, name] pairs, bounded): what its
    OpenID4VCI metadata gave when the credential was received (or a backup held)."""
    kept: list[list[str | None]] = []
    for pair in names if isinstance(names, list | tuple) else ():
        if not (isinstance(pair, list | tuple) and len(pair) == 2):
            continue
        locale, name = pair
        if (
            isinstance(name, str)
            and name.strip()
            and (locale is None or isinstance(locale, str) and len(locale) <= 35)
        ):
            kept.append([locale, name[:200]])
    return kept[:20]
