"""Pydantic views of W3C VC 1.1 / 2.0, Open Badges 3.0 and CLR 2.0 credentials.

Views, not sources of truth: a credential is stored and verified as the exact JSON received.
These models are built *from* that JSON (:func:`parse_credential`, or ``Model.model_validate``)
for reading — listing, display, competency mapping — and are never serialized back into a
credential, least of all for signing (a view drops what it cannot read and normalises shapes,
so its dump is not the signed document).

* **Lenient.** Every field accepts the shapes found in the wild and quietly drops what it cannot
  read: ``type`` as a string or a list (always a tuple of strings here), ``issuer`` /
  ``creator`` / ``image`` as a URL or an object, ``credentialSubject`` as an object or a list,
  ``name`` as a string or a VC 2.0 language value object. Whether the credential follows the
  specifications is :mod:`wallet.reading.structure`'s business, not the view's.
* **Extensions kept.** ``extra="allow"`` everywhere: unknown properties are in ``model_extra``.
* **Dates as received.** Date properties keep the original string; ``valid_from`` /
  ``valid_until`` parse them (xsd:dateTime, strictly) into aware datetimes or ``None``.
* **Isolated.** :func:`parse_credential` works on a deep copy, so neither building a view nor
  anything done with one can change the caller's document.

This module holds what can carry a credential, and so refers back to the credential classes:
profiles (issuers, creators, sources) and achievements (each through its endorsements), the
subjects, the credentials (:class:`VerifiableCredential`, :class:`AchievementCredential`,
:class:`ClrCredential`, :class:`EndorsementCredential`), presentations, and
:func:`parse_credential` / :func:`parse_presentation`; their forward references are resolved
here, in one namespace. The field shapes and the parts that never hold a credential (results,
result descriptions, rubric levels, alignments, evidence, criteria, images, addresses,
identifiers, associations, proofs, status entries…) are in :mod:`wallet.reading.model_parts`, and
are
re-exported here.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import cached_property
from typing import Any

from pydantic import Field, ValidationError

from wallet.credential import parse_datetime
from wallet.errors import InputError
from wallet.reading.model_parts import (
    Address,
    Alignment,
    Association,
    CredentialSchema,
    CredentialStatus,
    Criteria,
    DateText,
    EndorsementSubject,
    Evidence,
    First,
    Flag,
    GeoCoordinates,
    IdentifierEntry,
    IdentityObject,
    Image,
    Many,
    Number,
    One,
    Proof,
    Raw,
    Ref,
    RefreshService,
    Related,
    Result,
    ResultDescription,
    RubricCriterionLevel,
    Strings,
    TermsOfUse,
    Text,
    View,
)
from wallet.reading.structure import credential_family
from wallet.vocab import VC1_CONTEXT

__all__ = [
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Association",
    "ClrCredential",
    "ClrSubject",
    "CredentialSchema",
    "CredentialStatus",
    "CredentialSubject",
    "Criteria",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "Profile",
    "Proof",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "TermsOfUse",
    "VerifiableCredential",
    "VerifiablePresentation",
    "parse_credential",
    "parse_datetime",
    "parse_presentation",
]


# --- Open Badges 3.0 classes (OB 3.0 Appendix B.1, shared with CLR 2.0) ---------------------------


class Profile(View):
    name: Text = None
    url: Text = None
    email: Text = None
    phone: Text = None
    description: Text = None
    official: Text = None
    givenName: Text = None
    familyName: Text = None
    additionalName: Text = None
    honorificPrefix: Text = None
    honorificSuffix: Text = None
    dateOfBirth: DateText = None
    image: Ref[Image] = None
    address: One[Address] = None
    otherIdentifier: Many[IdentifierEntry] = ()
    parentOrg: Ref[Profile] = None
    endorsement: Many[EndorsementCredential] = ()
    endorsementJwt: Strings = ()

    @property
    def display_name(self) -> str | None:
        """``name``, else the given and family names, else None."""
        if self.name:
            return self.name
        parts = [p for p in (self.givenName, self.familyName) if p]
        return " ".join(parts) or None


class Achievement(View):
    name: Text = None
    description: Text = None
    achievementType: Text = None
    criteria: One[Criteria] = None
    image: Ref[Image] = None
    creator: Ref[Profile] = None
    alignment: Many[Alignment] = ()
    resultDescription: Many[ResultDescription] = ()
    related: Many[Related] = ()
    otherIdentifier: Many[IdentifierEntry] = ()
    tag: Strings = ()
    fieldOfStudy: Text = None
    specialization: Text = None
    humanCode: Text = None
    creditsAvailable: Number = None
    version: Text = None
    inLanguage: Text = None
    endorsement: Many[EndorsementCredential] = ()
    endorsementJwt: Strings = ()

    @property
    def all_alignments(self) -> tuple[Alignment, ...]:
        """Its alignments, those of its result descriptions and of their rubric levels."""
        found = list(self.alignment)
        for rd in self.resultDescription:
            found.extend(rd.alignment)
            for level in rd.rubricCriterionLevel:
                found.extend(level.alignment)
        return tuple(found)


class AchievementSubject(View):
    achievement: One[Achievement] = None
    identifier: Many[IdentityObject] = ()
    result: Many[Result] = ()
    image: Ref[Image] = None
    source: Ref[Profile] = None
    activityStartDate: DateText = None
    activityEndDate: DateText = None
    creditsEarned: Number = None
    licenseNumber: Text = None
    narrative: Text = None
    role: Text = None
    term: Text = None


# --- W3C VC classes ------------------------------------------------------------------------------


class CredentialSubject(View):
    """The subject of a credential of no particular family (its claims are in ``model_extra``)."""

    name: Text = None


def _unique_alignments(alignments: Iterable[Alignment]) -> tuple[Alignment, ...]:
    seen: set[tuple[str | None, ...]] = set()
    out = []
    for a in alignments:
        key = (a.targetUrl, a.targetName, a.targetCode, a.targetType)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return tuple(out)


class VerifiableCredential(View):
    """Any VC 1.1 / 2.0 credential, and the base of the Open Badges and CLR views."""

    context: Raw = Field(default=(), alias="@context")
    name: Text = None
    description: Text = None
    image: Ref[Image] = None
    issuer: Ref[Profile] = None
    validFrom: DateText = None
    validUntil: DateText = None
    issuanceDate: DateText = None
    expirationDate: DateText = None
    awardedDate: DateText = None
    credentialSubject: Many[CredentialSubject] = ()
    evidence: Many[Evidence] = ()
    credentialStatus: Many[CredentialStatus] = ()
    credentialSchema: Many[CredentialSchema] = ()
    refreshService: Many[RefreshService] = ()
    termsOfUse: Many[TermsOfUse] = ()
    endorsement: Many[EndorsementCredential] = ()
    endorsementJwt: Strings = ()
    proof: Many[Proof] = ()

    @property
    def family(self) -> str:
        """``"clr"``, ``"ob3"``, ``"endorsement"`` or ``"vc"`` (see
        :func:`wallet.reading.structure.credential_family`)."""
        return credential_family({"type": list(self.type)})

    @property
    def is_ob3(self) -> bool:
        return self.has_type("OpenBadgeCredential") or self.has_type("AchievementCredential")

    @property
    def is_clr(self) -> bool:
        return self.has_type("ClrCredential")

    @property
    def is_endorsement(self) -> bool:
        return self.has_type("EndorsementCredential")

    @property
    def is_vc1(self) -> bool:
        """A VC Data Model 1.1 credential (``issuanceDate`` / ``expirationDate``)."""
        return bool(self.context) and self.context[0] == VC1_CONTEXT

    @property
    def subjects(self) -> tuple[View, ...]:
        """Every credential subject (one for Open Badges and CLR credentials)."""
        return self.credentialSubject

    @property
    def subject_id(self) -> str | None:
        return next((s.id for s in self.subjects if s.id), None)

    @property
    def issuer_id(self) -> str | None:
        return self.issuer.id if self.issuer else None

    @property
    def issuer_name(self) -> str | None:
        return self.issuer.display_name if self.issuer else None

    @property
    def valid_from(self) -> datetime | None:
        """``validFrom`` (VC 2.0), else ``issuanceDate`` (VC 1.1), parsed; None if unreadable."""
        return parse_datetime(self.validFrom or self.issuanceDate)

    @property
    def valid_until(self) -> datetime | None:
        """``validUntil`` (VC 2.0), else ``expirationDate`` (VC 1.1), parsed."""
        return parse_datetime(self.validUntil or self.expirationDate)

    @property
    def achievement(self) -> Achievement | None:
        """The achievement the (first) subject is awarded; None when there is none."""
        return None

    @property
    def achievements(self) -> tuple[Achievement, ...]:
        """Every achievement the credential speaks of (a CLR: all of them)."""
        return (self.achievement,) if self.achievement else ()

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        """Alignments (CASE, Credential Engine, …) across the achievements and results."""
        return ()

    @property
    def display_name(self) -> str:
        """The credential's name, else its achievement's, else its id."""
        if self.name:
            return self.name
        if self.achievement and self.achievement.name:
            return self.achievement.name
        return self.id or "(unnamed credential)"

    @property
    def image_url(self) -> str | None:
        """The credential's image, else its achievement's (a URL or a data: URI)."""
        if self.image and self.image.id:
            return self.image.id
        if self.achievement and self.achievement.image and self.achievement.image.id:
            return self.achievement.image.id
        return None


class AchievementCredential(VerifiableCredential):
    """OB 3.0 ``OpenBadgeCredential`` / ``AchievementCredential`` (B.1.2)."""

    credentialSubject: First[AchievementSubject] = None  # type: ignore[assignment]  # one subject here, many in the base

    @property
    def subjects(self) -> tuple[View, ...]:
        return (self.credentialSubject,) if self.credentialSubject else ()

    @property
    def achievement(self) -> Achievement | None:
        return self.credentialSubject.achievement if self.credentialSubject else None

    @property
    def results(self) -> tuple[Result, ...]:
        return self.credentialSubject.result if self.credentialSubject else ()

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        found: list[Alignment] = []
        if self.achievement:
            found.extend(self.achievement.all_alignments)
        for result in self.results:
            found.extend(result.alignment)
        return _unique_alignments(found)


class ClrSubject(View):
    identifier: Many[IdentityObject] = ()
    achievement: Many[Achievement] = ()
    verifiableCredential: Raw = ()  # as received: JSON objects, or VC-JWT strings
    association: Many[Association] = ()

    @cached_property
    def _nested(self) -> tuple[VerifiableCredential, ...]:
        return tuple(
            parse_credential(vc) for vc in self.verifiableCredential if isinstance(vc, Mapping)
        )

    def credentials(self) -> list[VerifiableCredential]:
        """Views of the JSON credentials inside (VC-JWT strings are left out: reading one
        means decoding it, which is the verifier's job)."""
        return list(self._nested)


class ClrCredential(VerifiableCredential):
    """CLR 2.0 ``ClrCredential``."""

    credentialSubject: First[ClrSubject] = None  # type: ignore[assignment]  # one subject here, many in the base
    partial: Flag = None

    @property
    def subjects(self) -> tuple[View, ...]:
        return (self.credentialSubject,) if self.credentialSubject else ()

    def credentials(self) -> list[VerifiableCredential]:
        """Views of the JSON credentials the CLR carries (VC-JWT strings are left out)."""
        return self.credentialSubject.credentials() if self.credentialSubject else []

    @property
    def achievements(self) -> tuple[Achievement, ...]:
        """The credentials' achievements (described in full there), then the ClrSubject's
        other achievements, each once (by id)."""
        found: dict[str, Achievement] = {}
        anonymous: list[Achievement] = []
        listed = self.credentialSubject.achievement if self.credentialSubject else ()
        nested = [a for vc in self.credentials() for a in vc.achievements]
        for achievement in [*nested, *listed]:
            if achievement.id is None:
                anonymous.append(achievement)
            else:
                found.setdefault(achievement.id, achievement)
        return (*found.values(), *anonymous)

    @property
    def alignments(self) -> tuple[Alignment, ...]:
        found: list[Alignment] = []
        for achievement in self.achievements:
            found.extend(achievement.all_alignments)
        for vc in self.credentials():
            found.extend(vc.alignments)
        return _unique_alignments(found)


class EndorsementCredential(VerifiableCredential):
    """OB 3.0 ``EndorsementCredential`` (B.1.7)."""

    credentialSubject: First[EndorsementSubject] = None  # type: ignore[assignment]  # one subject here, many in the base

    @property
    def subjects(self) -> tuple[View, ...]:
        return (self.credentialSubject,) if self.credentialSubject else ()


class VerifiablePresentation(View):
    context: Raw = Field(default=(), alias="@context")
    holder: Ref[Profile] = None
    verifiableCredential: Raw = ()  # as received: JSON objects, or VC-JWT strings
    proof: Many[Proof] = ()

    @property
    def holder_id(self) -> str | None:
        return self.holder.id if self.holder else None

    def credentials(self) -> list[VerifiableCredential]:
        """Views of the JSON credentials inside (VC-JWT strings are left out)."""
        return [parse_credential(vc) for vc in self.verifiableCredential if isinstance(vc, Mapping)]


for _model in (
    Profile,
    Achievement,
    AchievementSubject,
    CredentialSubject,
    VerifiableCredential,
    AchievementCredential,
    ClrSubject,
    ClrCredential,
    EndorsementCredential,
    VerifiablePresentation,
):
    _model.model_rebuild()


# --- building views ------------------------------------------------------------------------------

_VIEWS: dict[str, type[VerifiableCredential]] = {
    "clr": ClrCredential,
    "ob3": AchievementCredential,
    "endorsement": EndorsementCredential,
    "vc": VerifiableCredential,
}


def _detached(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy, so that no view shares a mutable object with the caller's document."""
    if not isinstance(doc, Mapping):
        raise InputError("a credential must be a JSON object")
    try:
        return copy.deepcopy(dict(doc))
    except RecursionError:
        raise InputError("the document is nested too deeply to be read") from None


def parse_credential(doc: Mapping[str, Any]) -> VerifiableCredential:
    """The richest view that fits ``doc``, chosen by ``type``: :class:`ClrCredential`,
    :class:`AchievementCredential`, :class:`EndorsementCredential` or the generic
    :class:`VerifiableCredential`. Odd but readable input never raises (the fields are lenient,
    and the generic view is the fallback); only a non-object raises :class:`InputError`."""
    data = _detached(doc)
    model = _VIEWS[credential_family(data)]
    for candidate in (model, VerifiableCredential):
        try:
            return candidate.model_validate(data)
        except ValidationError:
            continue
    # Unreachable with the lenient fields above; kept so callers never see a ValidationError.
    return VerifiableCredential.model_validate(
        {k: v for k, v in data.items() if k in ("id", "name") and isinstance(v, str)}
    )


def parse_presentation(doc: Mapping[str, Any]) -> VerifiablePresentation:
    """A view of a verifiable presentation (same rules as :func:`parse_credential`)."""
    data = _detached(doc)
    try:
        return VerifiablePresentation.model_validate(data)
    except ValidationError:
        return VerifiablePresentation()
