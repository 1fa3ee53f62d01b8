"""What the vault keeps of the learner's credentials, reflections, work samples and competency
frameworks: one model per kind of record for its listing (the record's metadata) and one for its
secret body, read and written through :class:`~wallet.storage.records.Records` — never as
dicts written by hand.

==============  =======================  =========================================
kind            listing                  body
==============  =======================  =========================================
``credential``  :class:`StoredCredential`  :class:`CredentialBody` (the exact bytes)
``reflection``  :class:`StoredReflection`  :class:`ReflectionBody` (text, history)
``artifact``    :class:`StoredArtifact`    none (a file's content is a blob)
``framework``   :class:`FrameworkInfo`     :class:`FrameworkBody` (the CASE package)
``key``         :class:`StoredKey`         :class:`KeySeed` (the holder key's seed)
==============  =======================  =========================================

The format is the one every version of the wallet has written (``docs/backup-format.md``), so
existing vaults and backups open as they are: a field missing from an older record reads as
its default, and a field these models do not know (a newer version's) is kept as it is
(``extra="allow"``) and written back unchanged. A record that is not of its kind's shape is
reported as damaged (:class:`~wallet.errors.IntegrityError`), never half read.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer, ValidationError

from wallet.result import VerificationResult
from wallet.services.types import ArtifactInfo, CredentialSummary, ReflectionInfo

__all__ = [
    "ArtifactVersion",
    "CredentialBody",
    "FrameworkBody",
    "FrameworkInfo",
    "KeptBadge",
    "KeptDocument",
    "KeySeed",
    "ReflectionBody",
    "ReflectionVersion",
    "StoredAlignment",
    "StoredArtifact",
    "StoredCredential",
    "StoredKey",
    "StoredReflection",
]


class _Stored(BaseModel):
    """A record's listing: ``id`` is the record's id, filled in on reading (never stored)."""

    model_config = ConfigDict(extra="allow")

    id: str | None = None


# --- credentials ------------------------------------------------------------------------------


class StoredAlignment(BaseModel):
    """One alignment of the credential's achievement, as listed (a CASE item, a skill)."""

    model_config = ConfigDict(extra="allow")

    name: str | None = None
    url: str | None = None
    code: str | None = None
    framework: str | None = None
    type: str | None = None


class StoredCredential(_Stored):
    """A credential's listing: what the list, the search index and the filters read without
    decrypting the credential itself. Written when the credential is stored, from its bytes
    and this wallet's verification (:meth:`CredentialService.record_of`)."""

    name: str | None = None
    issuer: str | None = None
    issuer_name: str | None = None
    types: list[str] = []
    format: str = ""
    achievement_type: str | None = None
    description: str | None = None
    image: str | None = None
    skills: list[str] = []
    alignments: list[StoredAlignment] = []
    tags: list[str] = []  # the learner's own
    valid_from: str | None = None
    valid_until: str | None = None
    received_at: str = ""
    verified: bool = False
    verdict: str = "failed"  # "verified" | "warning" | "unconfirmed" | "failed"
    checked_at: str = ""  # when its status was last checked
    status_state: str | None = None  # "revoked" | "suspended" when the issuer says so
    status_noticed: str | None = None  # when the wallet first saw that state
    credential_id: str | None = None  # the credential's own id
    source: str | None = None  # the issuer it was received from (OID4VCI), if any
    issuer_logo: str | None = None  # a data: URI the wallet fetched when receiving
    issuer_names: list[list[str | None]] = []  # the issuer's own display, [locale, name] pairs
    hosted_by: str | None = None  # an Open Badges 2.0 hosted badge: the origin that hosts it

    def summary(self) -> CredentialSummary:
        return CredentialSummary(
            id=self.id or "",
            name=self.name or "(unnamed credential)",
            issuer=self.issuer,
            issuer_name=self.issuer_name,
            types=tuple(self.types),
            format=self.format,
            achievement_type=self.achievement_type,
            description=self.description,
            image=self.image,
            skills=tuple(self.skills),
            tags=tuple(self.tags),
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            received_at=self.received_at,
            verified=self.verified,
            verdict=self.verdict,
            checked_at=self.checked_at,
            issuer_logo=self.issuer_logo,
            issuer_names=tuple(
                (locale, name) for locale, name in self.issuer_names if isinstance(name, str)
            ),
            status_state=self.status_state,
            status_noticed=self.status_noticed,
            source=self.source,
            hosted_by=self.hosted_by,
        )


def _from_base64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("not base64") from None
    return value


Base64Bytes = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    PlainSerializer(
        lambda data: base64.b64encode(data).decode("ascii"), return_type=str, when_used="json"
    ),
]
"""Bytes, stored as standard base64 text (no line breaks)."""


class KeptDocument(BaseModel):
    """A document an Open Badges 2.0 badge's verification fetched, exactly as fetched."""

    model_config = ConfigDict(extra="allow")

    url: str
    body: Base64Bytes
    fetched_at: str  # ISO 8601, as written by the wallet
    content_type: str = ""


class KeptBadge(BaseModel):
    """What the wallet keeps of an Open Badges 2.0 badge beyond its bytes
    (:mod:`wallet.services.badges`): the form it came in, its hosted address, when its host
    or issuer last answered, and the documents fetched."""

    model_config = ConfigDict(extra="allow")

    form: str | None = None  # "url" | "json" | "jws" (wallet.ob2.reading.Ob2Input.form)
    hosted_url: str | None = None
    checked_at: str | None = None
    documents: list[KeptDocument] = []


class CredentialBody(BaseModel):
    """A credential's secret part: its exact bytes, how they were read, and the wallet's last
    verification of them."""

    model_config = ConfigDict(extra="allow")

    raw: Base64Bytes  # the credential exactly as received
    kind: str = "json"  # "json" | "jwt" (wallet.formats.sources.LoadedInput.kind) | "ob2"
    origin: str | None = None  # what it came as: "json", "jwt", "png", "svg"
    verification: dict[str, Any] | None = None  # a VerificationResult, as JSON
    ob2: KeptBadge | None = None  # an Open Badges 2.0 badge's kept documents (kind "ob2")

    def result(self) -> VerificationResult | None:
        """The stored verification; None when there is none, or it is no longer readable (a
        result written by another version: verifying again gives a fresh one)."""
        if not self.verification:
            return None
        try:
            return VerificationResult.model_validate(self.verification)
        except ValidationError:
            return None


# --- the learner's own work -------------------------------------------------------------------


class StoredReflection(_Stored):
    title: str
    credential_ids: list[str] = []
    competencies: list[str] = []
    created: str
    edited: str
    versions: int = 1

    def info(self, text: str) -> ReflectionInfo:
        return ReflectionInfo(
            id=self.id or "",
            title=self.title,
            text=text,
            credential_ids=tuple(self.credential_ids),
            competencies=tuple(self.competencies),
            created=self.created,
            edited=self.edited,
            versions=self.versions,
        )


class ReflectionVersion(BaseModel):
    """An earlier text of a reflection and when it was written."""

    model_config = ConfigDict(extra="allow")

    text: str
    edited: str


class ReflectionBody(BaseModel):
    model_config = ConfigDict(extra="allow")

    text: str = ""
    history: list[ReflectionVersion] = []  # the earlier texts, oldest first


class ArtifactVersion(BaseModel):
    """An earlier name (and competencies) of a work sample, and until when it had them."""

    model_config = ConfigDict(extra="allow")

    name: str
    competencies: list[str] = []
    edited: str


class StoredArtifact(_Stored):
    """A work sample: a file (``blob``: its encrypted content in the vault) or a link
    (``url``)."""

    name: str
    media_type: str = "application/octet-stream"
    size: int = 0
    blob: str | None = None
    url: str | None = None
    sha256: str | None = None  # of a file's content
    credential_ids: list[str] = []
    competencies: list[str] = []
    created: str
    history: list[ArtifactVersion] = []  # what it was called before, oldest first

    def info(self) -> ArtifactInfo:
        return ArtifactInfo(
            id=self.id or "",
            name=self.name,
            media_type=self.media_type,
            size=self.size,
            url=self.url,
            sha256=self.sha256,
            credential_ids=tuple(self.credential_ids),
            competencies=tuple(self.competencies),
            created=self.created,
        )


# --- keys -------------------------------------------------------------------------------------


class StoredKey(BaseModel):
    """A key of the profile's, as listed: the holder key (``label`` ``holder``) and its DID."""

    model_config = ConfigDict(extra="allow")

    did: str
    key_id: str
    created: str = ""
    label: str = "holder"


class KeySeed(BaseModel):
    """A key's secret: its Ed25519 seed, in hex."""

    model_config = ConfigDict(extra="allow")

    seed: str


# --- competency frameworks --------------------------------------------------------------------


class FrameworkInfo(BaseModel):
    """An imported CASE framework, as listed."""

    model_config = ConfigDict(extra="allow")

    identifier: str
    title: str
    uri: str | None = None
    items: int
    source: str | None = None
    imported: str = ""


class FrameworkBody(BaseModel):
    package: dict[str, Any]  # the CASE 1.0 package, as imported (checked then)
