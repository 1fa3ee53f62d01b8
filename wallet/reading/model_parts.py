"""The parts of the credential views (:mod:`wallet.reading.models`): the lenient field shapes every
view
reads with, and the classes that never hold a credential.

* **Field shapes.** ``Text``, ``DateText``, ``Strings``, ``Number``, ``Flag``, ``Raw`` and the
  generic ``One`` / ``First`` / ``Ref`` / ``Many``: annotated types whose validators accept the
  shapes found in the wild and quietly drop what they cannot read; :class:`View`, the base of
  every view (``extra="allow"``, frozen, ``id`` and ``type``).
* **Parts** (OB 3.0 Appendix B.1, shared with CLR 2.0, and W3C VC): what an achievement is
  measured and aligned by (:class:`Alignment`, :class:`ResultDescription`,
  :class:`RubricCriterionLevel`, :class:`Result`, :class:`Criteria`), :class:`Evidence`,
  :class:`Image`, :class:`Address` and :class:`GeoCoordinates`, identifiers
  (:class:`IdentifierEntry`, :class:`IdentityObject`), :class:`Related`, CLR 2.0's
  :class:`Association`, :class:`EndorsementSubject`, and the credential's own machinery
  (:class:`Proof`, :class:`CredentialStatus`, :class:`CredentialSchema`,
  :class:`RefreshService`, :class:`TermsOfUse`).

What can hold a credential — profiles and achievements (through their endorsements), subjects,
the credentials and presentations themselves — refers back to the credential classes, so those
stay together in :mod:`wallet.reading.models`, which re-exports everything here that it exported
before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict

from wallet.credential import as_list, objects, type_names
from wallet.reading.names import first_object as _first
from wallet.reading.names import object_of as _object
from wallet.reading.names import ref_object as _ref
from wallet.reading.names import text_of as _text

__all__ = [
    "Address",
    "Alignment",
    "Association",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "DateText",
    "EndorsementSubject",
    "Evidence",
    "First",
    "Flag",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "Many",
    "Number",
    "One",
    "Proof",
    "Raw",
    "Ref",
    "RefreshService",
    "Related",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "Strings",
    "TermsOfUse",
    "Text",
    "View",
]


# --- lenient field shapes (:mod:`wallet.credential` reads the JSON shapes) ------------------------


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _objects(value: Any) -> tuple[Mapping[str, Any], ...]:
    return tuple(objects(value))


def _raw(value: Any) -> tuple[Any, ...]:
    return tuple(as_list(value))


T = TypeVar("T")
Text = Annotated[str | None, BeforeValidator(_text)]
DateText = Annotated[str | None, BeforeValidator(_string)]  # kept exactly as received
Strings = Annotated[tuple[str, ...], BeforeValidator(type_names)]
Number = Annotated[float | None, BeforeValidator(_number)]
Flag = Annotated[bool | None, BeforeValidator(_flag)]
Raw = Annotated[tuple[Any, ...], BeforeValidator(_raw)]
One = Annotated[T | None, BeforeValidator(_object)]
First = Annotated[T | None, BeforeValidator(_first)]
Ref = Annotated[T | None, BeforeValidator(_ref)]
Many = Annotated[tuple[T, ...], BeforeValidator(_objects)]


class View(BaseModel):
    """The base of every view: lenient, frozen, extensions kept in ``model_extra``."""

    model_config = ConfigDict(extra="allow", populate_by_name=True, frozen=True)

    id: Text = None
    type: Strings = ()

    def has_type(self, name: str) -> bool:
        return name in self.type


# --- Open Badges 3.0 parts (OB 3.0 Appendix B.1, shared with CLR 2.0) ----------------------------


class Image(View):
    caption: Text = None


class GeoCoordinates(View):
    latitude: Number = None
    longitude: Number = None


class Address(View):
    addressCountry: Text = None
    addressCountryCode: Text = None
    addressRegion: Text = None
    addressLocality: Text = None
    streetAddress: Text = None
    postOfficeBoxNumber: Text = None
    postalCode: Text = None
    geo: One[GeoCoordinates] = None


class IdentifierEntry(View):
    identifier: Text = None
    identifierType: Text = None


class Criteria(View):
    narrative: Text = None


class Alignment(View):
    targetName: Text = None
    targetUrl: Text = None
    targetDescription: Text = None
    targetCode: Text = None
    targetFramework: Text = None
    targetType: Text = None

    @property
    def is_case_item(self) -> bool:
        """An alignment to a 1EdTech CASE framework item (``targetType: CFItem``)."""
        return self.targetType == "CFItem"

    @property
    def is_case(self) -> bool:
        """Any CASE target: CFItem, CFRubric, CFRubricCriterion, CFRubricCriterionLevel."""
        return bool(self.targetType and self.targetType.startswith("CF"))


class RubricCriterionLevel(View):
    name: Text = None
    description: Text = None
    level: Text = None
    points: Text = None
    alignment: Many[Alignment] = ()


class ResultDescription(View):
    name: Text = None
    resultType: Text = None
    allowedValue: Strings = ()
    requiredLevel: Text = None
    requiredValue: Text = None
    valueMax: Text = None
    valueMin: Text = None
    rubricCriterionLevel: Many[RubricCriterionLevel] = ()
    alignment: Many[Alignment] = ()


class Result(View):
    achievedLevel: Text = None
    resultDescription: Text = None
    status: Text = None
    value: Text = None
    alignment: Many[Alignment] = ()


class Related(View):
    version: Text = None
    inLanguage: Text = None


class IdentityObject(View):
    hashed: Flag = None
    identityHash: Text = None
    identityType: Text = None
    salt: Text = None


class Evidence(View):
    name: Text = None
    narrative: Text = None
    description: Text = None
    genre: Text = None
    audience: Text = None


class EndorsementSubject(View):
    endorsementComment: Text = None


class Association(View):
    associationType: Text = None
    sourceId: Text = None
    targetId: Text = None


# --- W3C VC parts --------------------------------------------------------------------------------


class Proof(BaseModel):
    """A Data Integrity proof (VC Data Integrity 1.0 §2.1; OB 3.0 B.1.23)."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: Text = None
    type: Text = None
    cryptosuite: Text = None
    created: DateText = None
    expires: DateText = None
    verificationMethod: Text = None
    proofPurpose: Text = None
    proofValue: Text = None
    challenge: Text = None
    domain: Text = None
    nonce: Text = None
    jws: Text = None  # the older JWS-based suites (e.g. Ed25519Signature2018)


class CredentialStatus(View):
    statusPurpose: Text = None
    statusListIndex: Text = None
    statusListCredential: Text = None


class CredentialSchema(View):
    pass


class RefreshService(View):
    pass


class TermsOfUse(View):
    pass


for _model in (
    Image,
    GeoCoordinates,
    Address,
    IdentifierEntry,
    Criteria,
    Alignment,
    RubricCriterionLevel,
    ResultDescription,
    Result,
    Related,
    IdentityObject,
    Evidence,
    EndorsementSubject,
    Association,
    Proof,
    CredentialStatus,
    CredentialSchema,
    RefreshService,
    TermsOfUse,
):
    _model.model_rebuild()
