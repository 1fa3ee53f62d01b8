"""Who the learner is: the identity they give (name, photo, headline, links, and the email or
student id issuers may name them by), how a learner-signed CLR carries it, and whether the
issuers' credentials name the same person.

* **Carried as learner-asserted.** :func:`issuer_profile` and :func:`subject_identifiers` are
  the OB 3.0 ``Profile`` (the CLR's ``issuer``: ``name``, ``description`` for the headline,
  ``image``, ``url`` and ``otherIdentifier`` entries for links, ``email``) and the ClrSubject's
  ``identifier`` list (``IdentityObject`` entries, ``hashed: false``: the values the learner
  discloses so a verifier can match the issuers' hashed ones). The CLR is issued and signed by
  the learner, so everything in it is the learner's own word; :func:`read_learner` reads it
  back.
* **Named by the issuers.** An issuer names its recipient by ``credentialSubject.name`` or by
  an ``identifier`` (OB 3.0 B.1.12 ``IdentityObject``): plain (``hashed: false``) or hashed
  (``identityHash`` = ``sha256$`` + hex SHA-256 of the value followed by the ``salt``).
  :func:`recipient_match` says whether a credential names the learner — by name, email or
  student id — someone else, or nobody.

Pure: no I/O.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wallet.credential import objects

__all__ = [
    "ID_TYPES",
    "LINK_TYPE",
    "LearnerIdentity",
    "RecipientMatch",
    "holder_profile",
    "identity_hash",
    "issuer_profile",
    "read_holder",
    "read_learner",
    "recipient_match",
    "same_name",
    "subject_identifiers",
]

LINK_TYPE = "ext:link"  # an IdentifierEntry that is one of the learner's links (OB C.2 ext:)
# identityType values that carry a student id (OB B.1.30 and those seen in the wild)
ID_TYPES = frozenset(
    {
        "sisSourcedId",
        "studentId",
        "ext:studentId",
        "lisSourcedId",
        "oneRosterSourcedId",
        "sourcedId",
        "identifier",
    }
)


@dataclass(frozen=True)
class LearnerIdentity:
    """The learner as they present themself. ``photo`` is a ``data:image/…`` URI; ``email``
    and ``student_id`` are disclosed only to let a verifier match the issuers' identifiers."""

    name: str | None = None
    headline: str | None = None
    photo: str | None = None
    links: tuple[str, ...] = ()
    email: str | None = None
    student_id: str | None = None
    did: str | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.name or self.headline or self.photo or self.links or self.email or self.student_id
        )


def _plain(kind: str, value: str) -> dict[str, Any]:
    return {"type": "IdentityObject", "identityType": kind, "hashed": False, "identityHash": value}


def issuer_profile(did: str, identity: LearnerIdentity | None) -> dict[str, Any]:
    """The learner-signed CLR's ``issuer``: an OB 3.0 Profile of the learner."""
    profile: dict[str, Any] = {"id": did, "type": ["Profile"]}
    if identity is None:
        return profile
    if identity.name:
        profile["name"] = identity.name
    if identity.headline:
        profile["description"] = identity.headline
    if identity.photo and identity.photo.startswith("data:image/"):
        profile["image"] = {"id": identity.photo, "type": "Image"}
    links = [link for link in identity.links if link.startswith(("https://", "http://"))]
    if links:
        profile["url"] = links[0]
        if links[1:]:
            profile["otherIdentifier"] = [
                {"type": "IdentifierEntry", "identifier": link, "identifierType": LINK_TYPE}
                for link in links[1:]
            ]
    if identity.email:
        profile["email"] = identity.email
    return profile


def holder_profile(did: str, identity: LearnerIdentity | None) -> dict[str, Any]:
    """A presentation's ``holder`` as an OB 3.0 Profile of the learner (the presentation's
    context then names the OB 3.0 context): who they say they are — name, headline, photo,
    links, email and student id (an ``otherIdentifier`` entry) — in the presentation itself,
    covered by its holder's signature, so an answer that carries only the credentials an
    employer asked for still says whose it is."""
    profile = issuer_profile(did, identity)
    if identity is not None and identity.student_id:
        entries = profile.setdefault("otherIdentifier", [])
        entries.append(
            {
                "type": "IdentifierEntry",
                "identifier": identity.student_id,
                "identifierType": "sisSourcedId",
            }
        )
    return profile


def read_holder(holder: Any) -> LearnerIdentity | None:
    """The identity a presentation's ``holder`` Profile carries (:func:`holder_profile`), or
    None where the holder is a bare identifier (or not an object with an ``id``)."""
    if not isinstance(holder, Mapping) or not isinstance(holder.get("id"), str):
        return None
    read = read_learner({"issuer": holder})
    student_id = next(
        (
            e["identifier"]
            for e in objects(holder.get("otherIdentifier"))
            if e.get("identifierType") in ID_TYPES and isinstance(e.get("identifier"), str)
        ),
        None,
    )
    return replace(read, student_id=student_id)


def subject_identifiers(identity: LearnerIdentity | None) -> list[dict[str, Any]]:
    """The ClrSubject's ``identifier`` entries: the values the learner discloses."""
    if identity is None:
        return []
    out = []
    if identity.name:
        out.append(_plain("name", identity.name))
    if identity.email:
        out.append(_plain("emailAddress", identity.email))
    if identity.student_id:
        out.append(_plain("sisSourcedId", identity.student_id))
    return out


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, Mapping) and isinstance(value.get("@value"), str):
        return value["@value"].strip() or None
    return None


def read_learner(clr: Mapping[str, Any]) -> LearnerIdentity:
    """The identity a learner-signed CLR carries (its issuer Profile and ClrSubject)."""
    issuer = clr.get("issuer")
    profile = issuer if isinstance(issuer, Mapping) else {}
    did = profile.get("id") if profile else issuer
    image = profile.get("image")
    photo = image.get("id") if isinstance(image, Mapping) else image
    links = [u for u in [profile.get("url")] if isinstance(u, str)]
    links += [
        e["identifier"]
        for e in objects(profile.get("otherIdentifier"))
        if e.get("identifierType") == LINK_TYPE and isinstance(e.get("identifier"), str)
    ]
    email = _text(profile.get("email"))
    student_id = None
    for subject in objects(clr.get("credentialSubject")):
        for entry in objects(subject.get("identifier")):
            value = entry.get("identityHash")
            if entry.get("hashed") is True or not isinstance(value, str):
                continue
            if entry.get("identityType") == "emailAddress" and not email:
                email = value
            elif entry.get("identityType") in ID_TYPES and not student_id:
                student_id = value
    return LearnerIdentity(
        name=_text(profile.get("name")),
        headline=_text(profile.get("description")),
        photo=photo if isinstance(photo, str) and photo.startswith("data:image/") else None,
        links=tuple(u for u in links if u.startswith(("https://", "http://"))),
        email=email,
        student_id=student_id,
        did=did if isinstance(did, str) else None,
    )


# --- matching -----------------------------------------------------------------------------------


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def same_name(a: str | None, b: str | None) -> bool:
    """The same name, ignoring case, Unicode form and spacing (``박 지민`` is ``박지민``)."""
    if not a or not b:
        return False
    fa, fb = _fold(a), _fold(b)
    return fa == fb or fa.replace(" ", "") == fb.replace(" ", "")


def identity_hash(value: str, salt: str | None = None, algorithm: str = "sha256") -> str:
    """OB 3.0 IdentityHash: ``sha256$`` + hex digest of ``value + salt``."""
    digest = hashlib.new(algorithm, (value + (salt or "")).encode("utf-8")).hexdigest()
    return f"{algorithm}${digest}"


def _hash_matches(expected: str, value: str, salt: str | None) -> bool:
    algorithm, _, digest = expected.partition("$")
    algorithm = algorithm.lower()
    if algorithm not in ("sha256", "md5") or not digest:
        return False
    candidates = {value, value.strip(), value.strip().lower()}
    return any(
        hmac.compare_digest(
            identity_hash(c, salt, algorithm).lower(), f"{algorithm}${digest.lower()}"
        )
        for c in candidates
    )


@dataclass(frozen=True)
class RecipientMatch:
    """How a credential names its recipient: ``matched`` (the learner, by ``by``: ``name``,
    ``email`` or ``id``), ``other`` (a name, email or id the learner also gives, with another
    value: someone else; ``shown`` is the name it gives, when one is readable) or ``unnamed``
    (by key alone, or by nothing the learner's own values can be compared with)."""

    state: str
    by: str | None = None
    shown: str | None = None


def _subject_names(subject: Mapping[str, Any]) -> list[str]:
    names = [n for n in [_text(subject.get("name"))] if n]
    for entry in objects(subject.get("identifier")):
        value = entry.get("identityHash")
        if (
            entry.get("identityType") == "name"
            and entry.get("hashed") is not True
            and isinstance(value, str)
        ):
            names.append(value)
    return names


def _learner_value(kind: Any, learner: LearnerIdentity) -> tuple[str | None, str]:
    if kind == "name":
        return learner.name, "name"
    if kind == "emailAddress":
        return learner.email, "email"
    if kind in ID_TYPES:
        return learner.student_id, "id"
    return None, ""


def recipient_match(
    subjects: Sequence[Mapping[str, Any]], learner: LearnerIdentity
) -> RecipientMatch:
    """Whether the credential subjects ``subjects`` name ``learner``."""
    mismatch = False
    shown: str | None = None
    for subject in subjects:
        for name in _subject_names(subject):
            shown = shown or name
            if same_name(name, learner.name):
                return RecipientMatch("matched", "name", name)
            mismatch = mismatch or bool(learner.name)
        for entry in objects(subject.get("identifier")):
            kind, value = entry.get("identityType"), entry.get("identityHash")
            if not isinstance(value, str) or (kind == "name" and entry.get("hashed") is not True):
                continue  # plain names were compared above
            mine, by = _learner_value(kind, learner)
            if not mine:
                continue
            if entry.get("hashed") is True:
                salt = entry.get("salt") if isinstance(entry.get("salt"), str) else None
                found = _hash_matches(value, mine, salt)
            else:
                found = _fold(value) == _fold(mine)
            if found:
                return RecipientMatch("matched", by)
            mismatch = True
    return RecipientMatch("other", shown=shown) if mismatch else RecipientMatch("unnamed")
