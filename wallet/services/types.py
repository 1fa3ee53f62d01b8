"""The boundary types the services return to the CLI and the app (frozen pydantic models)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from wallet.result import VerificationResult

__all__ = [
    "AddResult",
    "ArtifactInfo",
    "BadgeInfo",
    "CredentialDetail",
    "CredentialSummary",
    "Page",
    "ProfileInfo",
    "ReflectionInfo",
]

T = TypeVar("T")


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class ProfileInfo(_Model):
    id: str
    name: str
    is_default: bool
    is_current: bool


class CredentialSummary(_Model):
    id: str
    name: str
    issuer: str | None = None
    issuer_name: str | None = None
    types: tuple[str, ...] = ()
    format: str = ""
    achievement_type: str | None = None
    description: str | None = None
    image: str | None = None
    skills: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    valid_from: str | None = None
    valid_until: str | None = None
    received_at: str = ""
    verified: bool = False
    verdict: str = "failed"  # "verified" | "warning" | "unconfirmed" | "failed"
    checked_at: str = ""  # when its status was last checked
    issuer_logo: str | None = None  # a data: URI the wallet fetched when receiving
    # the issuer's own name per language (locale, name), from its OpenID4VCI metadata
    issuer_names: tuple[tuple[str | None, str], ...] = ()
    status_state: str | None = None  # "revoked" | "suspended" when the issuer says so
    status_noticed: str | None = None  # when the wallet first saw that state
    source: str | None = None  # the issuer it was received from (OID4VCI), if any
    hosted_by: str | None = None  # an Open Badges 2.0 hosted badge: the origin hosting it


class ReflectionInfo(_Model):
    id: str
    title: str
    text: str = ""
    credential_ids: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    created: str
    edited: str
    versions: int = 1


class ArtifactInfo(_Model):
    id: str
    name: str
    media_type: str = "application/octet-stream"
    size: int = 0
    url: str | None = None  # a link artifact
    sha256: str | None = None  # of a file's content
    credential_ids: tuple[str, ...] = ()
    competencies: tuple[str, ...] = ()
    created: str


class BadgeInfo(_Model):
    """An Open Badges 2.0 badge beyond its listing: its documents in OB 2.0's shape (read
    from what the wallet keeps), how it is vouched for (``kind``: ``hosted`` or ``signed``;
    ``host``: the origin that hosts a hosted one), how it came (``origin``: ``url``, ``json``,
    ``jwt``, ``png`` or ``svg``) and when its host or issuer last vouched for it."""

    kind: str
    origin: str = "json"
    assertion: dict[str, Any] = {}
    badge: dict[str, Any] = {}
    issuer: dict[str, Any] = {}
    hosted_url: str | None = None
    host: str | None = None
    checked_at: str | None = None


class CredentialDetail(_Model):
    summary: CredentialSummary
    raw: bytes
    document: dict[str, Any] | None = None  # the JSON as received (or the VC-JWT's view)
    jwt: str | None = None
    verification: VerificationResult | None = None
    reflections: tuple[ReflectionInfo, ...] = ()
    artifacts: tuple[ArtifactInfo, ...] = ()
    badge: BadgeInfo | None = None  # an Open Badges 2.0 badge (document: its assertion)


class AddResult(_Model):
    id: str
    duplicate: bool
    summary: CredentialSummary
    verification: VerificationResult
    also: tuple[AddResult, ...] = ()  # the other credentials an offline QR code or PDF carried


class Page(_Model, Generic[T]):
    items: tuple[T, ...]
    total: int
    offset: int
    limit: int
