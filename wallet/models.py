"""Pydantic views of W3C VC 1.1/2.0, Open Badges 3.0 and CLR 2.0 credentials.

Views, not sources of truth: a credential is kept and verified as the exact JSON received; these
models are built *from* that JSON (:func:`parse_credential`) for reading — listing, display,
competency mapping — and are never serialized back for signing. Unknown extension fields are
kept (``extra="allow"``, see ``model_extra``). The views are lenient (a string or a list for
``type``, a URL or a Profile for ``issuer``); the specifications' rules are checked by
:mod:`wallet.structure`, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from wallet.errors import InputError

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Association",
    "ClrCredential",
    "ClrSubject",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "Profile",
    "Proof",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "VerifiableCredential",
    "VerifiablePresentation",
    "parse_credential",
    "parse_datetime",
]


def parse_datetime(value: Any) -> datetime | None:
    """An aware datetime for an xsd:dateTime string (UTC when it has no zone), else None."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _as_tuple(value: Any) -> tuple[Any, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, list) else (value,)


class _View(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    id: str | None = None
    type: tuple[str, ...] = ()

    @field_validator("type", mode="before")
    @classmethod
    def _types(cls, value: Any) -> tuple[str, ...]:
        return tuple(v for v in _as_tuple(value) if isinstance(v, str))

    def has_type(self, name: str) -> bool:
        return name in self.type


class Image(_View):
    caption: str | None = None


def _image(value: Any) -> Any:
    """``image`` may be a URL (OB 3.0 allows a bare IRI) or an Image object."""
    if isinstance(value, str):
        return {"id": value, "type": ["Image"]}
    return value


class Address(_View):
    addressCountry: str | None = None
    addressLocality: str | None = None
    addressRegion: str | None = None
    streetAddress: str | None = None
    postalCode: str | None = None


class IdentifierEntry(_View):
    identifier: str | None = None
    identifierType: str | None = None


class Profile(_View):
    name: str | None = None
    url: str | None = None
    email: str | None = None
    phone: str | None = None
    description: str | None = None
    image: Image | None = None
    address: Address | None = None
    official: str | None = None
    otherIdentifier: tuple[IdentifierEntry, ...] = ()

    _image = field_validator("image", mode="before")(classmethod(lambda cls, v: _image(v)))

    @field_validator("otherIdentifier", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


def _profile(value: Any) -> Any:
    """``issuer`` (and ``creator``, ``source``) may be a URL or a Profile object."""
    if isinstance(value, str):
        return {"id": value}
    return value


class Criteria(_View):
    narrative: str | None = None


class Alignment(_View):
    targetName: str | None = None
    targetUrl: str | None = None
    targetDescription: str | None = None
    targetCode: str | None = None
    targetFramework: str | None = None
    targetType: str | None = None

    @property
    def is_case_item(self) -> bool:
        """An alignment to a 1EdTech CASE framework item (``targetType: CFItem``)."""
        return self.targetType == "CFItem"


class RubricCriterionLevel(_View):
    name: str | None = None
    description: str | None = None
    level: str | None = None
    points: str | None = None
    alignment: tuple[Alignment, ...] = ()

    @field_validator("alignment", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


class ResultDescription(_View):
    name: str | None = None
    resultType: str | None = None
    allowedValue: tuple[str, ...] = ()
    requiredLevel: str | None = None
    requiredValue: str | None = None
    valueMax: str | None = None
    valueMin: str | None = None
    rubricCriterionLevel: tuple[RubricCriterionLevel, ...] = ()
    alignment: tuple[Alignment, ...] = ()

    @field_validator("allowedValue", "rubricCriterionLevel", "alignment", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


class Result(_View):
    achievedLevel: str | None = None
    resultDescription: str | None = None
    status: str | None = None
    value: str | None = None
    alignment: tuple[Alignment, ...] = ()

    @field_validator("alignment", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


class Related(_View):
    version: str | None = None
    inLanguage: str | None = None


class Achievement(_View):
    name: str | None = None
    description: str | None = None
    achievementType: str | None = None
    criteria: Criteria | None = None
    image: Image | None = None
    creator: Profile | None = None
    alignment: tuple[Alignment, ...] = ()
    resultDescription: tuple[ResultDescription, ...] = ()
    related: tuple[Related, ...] = ()
    tag: tuple[str, ...] = ()
    fieldOfStudy: str | None = None
    humanCode: str | None = None
    creditsAvailable: float | None = None
    version: str | None = None
    inLanguage: str | None = None
    endorsement: tuple[dict[str, Any], ...] = ()

    _image = field_validator("image", mode="before")(classmethod(lambda cls, v: _image(v)))
    _creator = field_validator("creator", mode="before")(classmethod(lambda cls, v: _profile(v)))

    @field_validator("alignment", "resultDescription", "related", "tag", "endorsement",
                     mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


class IdentityObject(_View):
    hashed: bool | None = None
    identityHash: str | None = None
    identityType: str | None = None
    salt: str | None = None


class AchievementSubject(_View):
    achievement: Achievement | None = None
    identifier: tuple[IdentityObject, ...] = ()
    result: tuple[Result, ...] = ()
    activityStartDate: str | None = None
    activityEndDate: str | None = None
    creditsEarned: float | None = None
    licenseNumber: str | None = None
    narrative: str | None = None
    role: str | None = None
    term: str | None = None
    source: Profile | None = None

    _source = field_validator("source", mode="before")(classmethod(lambda cls, v: _profile(v)))

    @field_validator("identifier", "result", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


class Evidence(_View):
    name: str | None = None
    narrative: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class Proof(BaseModel):
    model_config = ConfigDict(extra="allow", frozen=True)

    type: str | None = None
    cryptosuite: str | None = None
    created: str | None = None
    verificationMethod: str | None = None
    proofPurpose: str | None = None
    proofValue: str | None = None
    challenge: str | None = None
    domain: str | None = None


class VerifiableCredential(_View):
    """Any VC 1.1 / 2.0 credential, and the base of the OB and CLR views."""

    context: tuple[Any, ...] = Field(default=(), alias="@context")
    name: str | None = None
    description: str | None = None
    image: Image | None = None
    issuer: Profile | None = None
    validFrom: str | None = None
    validUntil: str | None = None
    issuanceDate: str | None = None
    expirationDate: str | None = None
    awardedDate: str | None = None
    evidence: tuple[Evidence, ...] = ()
    credentialStatus: tuple[dict[str, Any], ...] = ()
    credentialSchema: tuple[dict[str, Any], ...] = ()
    endorsement: tuple[dict[str, Any], ...] = ()
    endorsementJwt: tuple[str, ...] = ()
    proof: tuple[Proof, ...] = ()

    _image = field_validator("image", mode="before")(classmethod(lambda cls, v: _image(v)))
    _issuer = field_validator("issuer", mode="before")(classmethod(lambda cls, v: _profile(v)))

    @field_validator("context", "evidence", "credentialStatus", "credentialSchema",
                     "endorsement", "endorsementJwt", "proof", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)

    @property
    def issuer_id(self) -> str | None:
        return self.issuer.id if self.issuer else None

    @property
    def issuer_name(self) -> str | None:
        return self.issuer.name if self.issuer else None

    @property
    def valid_from(self) -> datetime | None:
        return parse_datetime(self.validFrom or self.issuanceDate)

    @property
    def valid_until(self) -> datetime | None:
        return parse_datetime(self.validUntil or self.expirationDate)

    @property
    def is_ob3(self) -> bool:
        return self.has_type("OpenBadgeCredential") or self.has_type("AchievementCredential")

    @property
    def is_clr(self) -> bool:
        return self.has_type("ClrCredential")

    @property
    def achievement(self) -> Achievement | None:
        return None

    @property
    def display_name(self) -> str:
        if self.name:
            return self.name
        if self.achievement and self.achievement.name:
            return self.achievement.name
        return self.id or "(unnamed credential)"

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        return ()

    @property
    def image_url(self) -> str | None:
        if self.image and self.image.id:
            return self.image.id
        if self.achievement and self.achievement.image:
            return self.achievement.image.id
        return None


class AchievementCredential(VerifiableCredential):
    """OB 3.0 ``OpenBadgeCredential`` / ``AchievementCredential``."""

    credentialSubject: AchievementSubject | None = None

    @field_validator("credentialSubject", mode="before")
    @classmethod
    def _first(cls, value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value

    @property
    def achievement(self) -> Achievement | None:
        return self.credentialSubject.achievement if self.credentialSubject else None

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        """Alignments of the achievement, its result descriptions and the results."""
        found: list[Alignment] = []
        if self.achievement:
            found.extend(self.achievement.alignment)
            for rd in self.achievement.resultDescription:
                found.extend(rd.alignment)
        if self.credentialSubject:
            for result in self.credentialSubject.result:
                found.extend(result.alignment)
        return tuple(found)


class Association(_View):
    associationType: str | None = None
    sourceId: str | None = None
    targetId: str | None = None


class ClrSubject(_View):
    identifier: tuple[IdentityObject, ...] = ()
    achievement: tuple[Achievement, ...] = ()
    verifiableCredential: tuple[Any, ...] = ()  # raw: JSON objects or JWT strings, as received
    association: tuple[Association, ...] = ()

    @field_validator("identifier", "achievement", "verifiableCredential", "association",
                     mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)

    def credentials(self) -> list[VerifiableCredential]:
        """Views of the JSON credentials inside (JWT strings are left out)."""
        return [parse_credential(vc) for vc in self.verifiableCredential
                if isinstance(vc, Mapping)]


class ClrCredential(VerifiableCredential):
    """CLR 2.0 ``ClrCredential``."""

    credentialSubject: ClrSubject | None = None

    @field_validator("credentialSubject", mode="before")
    @classmethod
    def _first(cls, value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        found: list[Alignment] = []
        if self.credentialSubject:
            for achievement in self.credentialSubject.achievement:
                found.extend(achievement.alignment)
            for vc in self.credentialSubject.credentials():
                found.extend(vc.alignments)
        return tuple(found)


class EndorsementSubject(_View):
    endorsementComment: str | None = None


class EndorsementCredential(VerifiableCredential):
    credentialSubject: EndorsementSubject | None = None

    @field_validator("credentialSubject", mode="before")
    @classmethod
    def _first(cls, value: Any) -> Any:
        return value[0] if isinstance(value, list) and value else value


class VerifiablePresentation(_View):
    context: tuple[Any, ...] = Field(default=(), alias="@context")
    holder: Profile | None = None
    verifiableCredential: tuple[Any, ...] = ()
    proof: tuple[Proof, ...] = ()

    _holder = field_validator("holder", mode="before")(classmethod(lambda cls, v: _profile(v)))

    @field_validator("context", "verifiableCredential", "proof", mode="before")
    @classmethod
    def _many(cls, value: Any) -> tuple[Any, ...]:
        return _as_tuple(value)


def parse_credential(doc: Mapping[str, Any]) -> VerifiableCredential:
    """The richest view that fits ``doc``; odd-but-readable input falls back to the generic
    view (then to an empty one) rather than raising."""
    if not isinstance(doc, Mapping):
        raise InputError("a credential must be a JSON object")
    types = _as_tuple(doc.get("type"))
    if "ClrCredential" in types:
        candidates: tuple[type[VerifiableCredential], ...] = (ClrCredential,)
    elif "OpenBadgeCredential" in types or "AchievementCredential" in types:
        candidates = (AchievementCredential,)
    elif "EndorsementCredential" in types:
        candidates = (EndorsementCredential,)
    else:
        candidates = ()
    for model in (*candidates, VerifiableCredential):
        try:
            return model.model_validate(doc)
        except ValidationError:
            continue
    # Fields of the wrong shape everywhere: keep what is readable.
    readable = {k: v for k, v in doc.items() if k in ("id", "name") and isinstance(v, str)}
    return VerifiableCredential.model_validate(readable)
