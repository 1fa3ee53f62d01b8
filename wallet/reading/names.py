"""What a person reads first of a credential — its name and its issuer's — read straight from the
JSON, as the views of :mod:`wallet.reading.models` read them, without building the views.

Verification names every credential it checks (:func:`credential_names`); building the pydantic
views for that cost more than the rest of a cold ``wallet verify``. The lenient readers of a
value's shape are defined here, once, and the views' field types use these same functions
(:mod:`wallet.reading.model_parts`), so the two cannot read a name differently.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wallet.credential import objects, type_names

__all__ = ["credential_names", "first_object", "object_of", "ref_object", "text_of"]

OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")


def text_of(value: Any) -> str | None:
    """A string; a number as its text; a language value object's ``@value`` (VC2 §11.1);
    the first readable entry of a list."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping) and isinstance(value.get("@value"), str):
        return value["@value"]
    if isinstance(value, list):
        return next((t for t in map(text_of, value) if t is not None), None)
    return None


def object_of(value: Any) -> Mapping[str, Any] | None:
    return value if isinstance(value, Mapping) else None


def first_object(value: Any) -> Mapping[str, Any] | None:
    """One object for a [1] property given as an object or (leniently) a list of them."""
    return next(iter(objects(value)), None)


def ref_object(value: Any) -> Mapping[str, Any] | None:
    """A URL or an object (``issuer``, ``creator``, ``image``…): a URL becomes ``{"id": url}``."""
    if isinstance(value, str):
        return {"id": value}
    return value if isinstance(value, Mapping) else None


def profile_name(profile: Mapping[str, Any] | None) -> str | None:
    """A profile's ``name``, else its given and family names, else None
    (:attr:`wallet.reading.models.Profile.display_name`)."""
    if profile is None:
        return None
    name = text_of(profile.get("name"))
    if name:
        return name
    parts = [
        p for p in (text_of(profile.get("givenName")), text_of(profile.get("familyName"))) if p
    ]
    return " ".join(parts) or None


def credential_names(doc: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(the credential's name — else, for an Open Badge, its achievement's —, its issuer's
    name), as ``parse_credential(doc)`` gives them (``.name`` or ``.achievement.name``, and
    ``.issuer_name``)."""
    name = text_of(doc.get("name"))
    if (
        name is None
        and any(t in OB3_TYPES for t in type_names(doc.get("type")))
        and "ClrCredential" not in type_names(doc.get("type"))
    ):
        subject = first_object(doc.get("credentialSubject"))
        achievement = object_of(subject.get("achievement")) if subject is not None else None
        name = text_of(achievement.get("name")) if achievement is not None else None
    return name, profile_name(ref_object(doc.get("issuer")))
