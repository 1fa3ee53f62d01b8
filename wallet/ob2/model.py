"""The Open Badges 2.0 data model — the properties each class requires and the types their
values take (OB 2.0 "Open Badges Vocabulary"; "Data Validation") — and the recipient: whether
an assertion names *this* learner.

**Data model** (:func:`model_problems`): a missing required property, or a value of the wrong
type, is an *error* (the badge is not well-formed: not verified). Deviations that do not change
what the badge says are *findings* (conformance: a warning, a failure only when verifying
strictly): a time stamp without its time zone, an alignment without ``targetUrl`` or
``targetName``, an issuer without ``email``, ``hashed`` left out. A revoked hosted assertion
needs only ``id`` and ``revoked``. OB 1.x and 0.5 documents are judged after
:func:`wallet.ob2.reading.upgrade`; what their version did not require yet (an issuer's email, an
embedded 0.5 badge's ``id``) is a finding, not an error.

**Recipient** (:func:`recipient_matches`): ``recipient`` is an IdentityObject — ``type`` (the
profile property that identifies: ``email``, ``url`` or ``telephone``), ``identity`` (the value,
or ``sha256$…``/``md5$…``, a hex digest of the value followed by ``salt``), ``hashed``. As the
specification says, a missing ``salt`` means the hash was not salted: the digest is of the bare
value. An identity that is not one string (an array names no one in particular) or a hash in
another algorithm cannot be compared: :class:`~wallet.errors.RecipientError`. E-mail addresses
are compared as given and in lower case (issuers hash the address they hold, commonly lowered);
telephone numbers as given and in E.164 form (``+`` and digits).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from wallet.credential import as_list, parse_datetime
from wallet.errors import RecipientError
from wallet.ob2.reading import Role, is_http_url, shown, type_of

__all__ = [
    "HASH_ALGORITHMS",
    "IDENTITY_TYPES",
    "Identity",
    "ModelProblem",
    "Recipient",
    "model_problems",
    "parse_identity",
    "read_recipient",
    "recipient_matches",
]

HASH_ALGORITHMS = {"sha256": 64, "md5": 32}  # algorithm → hex digest length
IDENTITY_TYPES = ("email", "url", "telephone")
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")
_HASH = re.compile(r"^([A-Za-z0-9_-]{1,16})\$([0-9A-Fa-f]+)$")
_TYPE_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
_CLASS = {
    "Assertion": ("Assertion",),
    "BadgeClass": ("BadgeClass",),
    "Profile": ("Issuer", "Profile"),
    "CryptographicKey": ("CryptographicKey",),
    "RevocationList": ("RevocationList",),
    "Endorsement": ("Endorsement",),
}


@dataclass(frozen=True)
class ModelProblem:
    """One departure from the data model: ``error`` (not well-formed) or ``finding``."""

    severity: Literal["error", "finding"]
    code: str
    path: str  # e.g. "BadgeClass.criteria"
    message: str


class _Collector:
    def __init__(self, role: str, legacy: bool) -> None:
        self.role, self.legacy = role, legacy
        self.problems: list[ModelProblem] = []

    def error(self, prop: str, message: str, code: str = "ob2_model") -> None:
        self.problems.append(ModelProblem("error", code, f"{self.role}.{prop}", message))

    def finding(self, prop: str, message: str, code: str = "ob2_conformance") -> None:
        self.problems.append(ModelProblem("finding", code, f"{self.role}.{prop}", message))

    def required(self, doc: Mapping[str, Any], prop: str, kind: str, *, soft: bool = False) -> None:
        """``prop`` present with a value of ``kind`` (text, iri, date, ref, object, bool)."""
        if doc.get(prop) is None:
            (self.finding if soft else self.error)(prop, f"{self.role} has no '{prop}'")
            return
        self.optional(doc, prop, kind)

    def optional(self, doc: Mapping[str, Any], prop: str, kind: str, *, many: bool = False) -> None:
        value = doc.get(prop)
        if value is None:
            return
        for item in as_list(value) if many else [value]:
            problem = _type_problem(item, kind)
            if problem == "no_zone":
                self.finding(prop, f"{self.role}.{prop} has no time zone (OB 2.0 requires one)")
            elif problem:
                self.error(prop, f"{self.role}.{prop} {problem}")


def _type_problem(value: Any, kind: str) -> str | None:
    if kind == "text":
        return None if isinstance(value, str) else "is not text"
    if kind == "bool":
        return None if isinstance(value, bool) else "is not true or false"
    if kind == "iri":
        return None if isinstance(value, str) and _IRI.match(value) else "is not an IRI"
    if kind == "object":
        return None if isinstance(value, Mapping) else "is not an object"
    if kind == "date":
        if parse_datetime(value, require_zone=True) is not None:
            return None
        return "no_zone" if parse_datetime(value) is not None else "is not an ISO 8601 date-time"
    if kind == "ref":  # an IRI, or an embedded document with an id
        if isinstance(value, str):
            return None if _IRI.match(value) else "is not an IRI"
        if isinstance(value, Mapping):
            return None
        return "is neither an IRI nor an object"
    raise ValueError(kind)


def _check_type(doc: Mapping[str, Any], role: Role, out: _Collector) -> None:
    names = type_of(doc)
    if not names:
        if role in ("CryptographicKey",):
            return  # optional in the vocabulary
        out.error("type", f"{role} has no 'type'")
    elif not set(names) & set(_CLASS[role]):
        out.error("type", f"its type is {shown(', '.join(names), 80)}, not {_CLASS[role][0]}")


def model_problems(
    doc: Mapping[str, Any], role: Role, *, legacy: bool = False, embedded: bool = False
) -> list[ModelProblem]:
    """What departs from OB 2.0's data model in ``doc`` read as ``role`` (upgraded first, see
    the module docstring). ``legacy``: it was a 1.x or 0.5 document; ``embedded``: it came
    inside another document (an embedded 0.5 badge or issuer may lack ``id``)."""
    out = _Collector(role, legacy)
    if role == "Assertion" and doc.get("revoked") is True:  # a revoked hosted assertion
        out.required(doc, "id", "iri")
        return out.problems
    if doc.get("id") is None and legacy and embedded:
        out.finding("id", f"the embedded {role} has no 'id' (OB 2.0 requires one)")
    else:
        out.required(doc, "id", "iri")
    _check_type(doc, role, out)
    if role in ("Assertion", "Endorsement"):
        _assertion(doc, role, out)
    elif role == "BadgeClass":
        _badge_class(doc, out)
    elif role == "Profile":
        out.required(doc, "name", "text")
        out.required(doc, "url", "iri")
        out.required(doc, "email", "text", soft=True)
        for prop, kind in (
            ("telephone", "text"),
            ("description", "text"),
            ("image", "ref"),
            ("verification", "object"),
            ("revocationList", "iri"),
        ):
            out.optional(doc, prop, kind)
        out.optional(doc, "publicKey", "ref", many=True)
    elif role == "CryptographicKey":
        out.required(doc, "owner", "iri")
        out.required(doc, "publicKeyPem", "text")
    elif role == "RevocationList" and not isinstance(
        doc.get("revokedAssertions"), list | str | Mapping
    ):
        out.error("revokedAssertions", "the RevocationList has no 'revokedAssertions'")
    return out.problems


def _assertion(doc: Mapping[str, Any], role: str, out: _Collector) -> None:
    out.required(doc, "issuedOn", "date")
    out.required(doc, "verification", "object")
    out.optional(doc, "expires", "date")
    out.optional(doc, "revoked", "bool")
    for prop, kind in (("revocationReason", "text"), ("narrative", "text"), ("image", "ref")):
        out.optional(doc, prop, kind)
    out.optional(doc, "evidence", "ref", many=True)
    if role == "Endorsement":
        out.required(doc, "claim", "object")
        out.required(doc, "issuer", "ref")
        return
    out.required(doc, "recipient", "object")
    out.required(doc, "badge", "ref")
    recipient = doc.get("recipient")
    if isinstance(recipient, Mapping) and "hashed" not in recipient:
        out.finding("recipient", "recipient.hashed is missing (OB 2.0 requires it)")


def _badge_class(doc: Mapping[str, Any], out: _Collector) -> None:
    out.required(doc, "name", "text")
    out.required(doc, "description", "text")
    out.required(doc, "image", "ref")
    out.required(doc, "criteria", "ref")
    out.required(doc, "issuer", "ref")
    criteria = doc.get("criteria")
    if (
        isinstance(criteria, Mapping)
        and not isinstance(criteria.get("narrative"), str)
        and not isinstance(criteria.get("id"), str)
    ):
        out.error("criteria", "the criteria have neither a narrative nor a link")
    out.optional(doc, "tags", "text", many=True)
    for n, item in enumerate(as_list(doc.get("alignment"))):
        if not isinstance(item, Mapping):
            out.error("alignment", f"alignment {n + 1} is not an AlignmentObject")
            continue
        for prop in ("targetName", "targetUrl"):
            if not isinstance(item.get(prop), str):
                out.finding("alignment", f"alignment {n + 1} has no '{prop}' (OB 2.0 requires one)")
        if isinstance(item.get("targetUrl"), str) and not is_http_url(item["targetUrl"]):
            out.finding("alignment", f"alignment {n + 1}'s targetUrl is not a web address")


# --- the recipient --------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """One identity of the learner: ``email``, ``url`` or ``telephone``, and its value."""

    type: str
    value: str


def parse_identity(text: str) -> Identity:
    """``TYPE:VALUE`` (``email:someone@example.org``, ``url:https://…``,
    ``telephone:+821012345678``), as ``--recipient`` takes it."""
    kind, sep, value = text.partition(":")
    kind = kind.strip().casefold()
    if not sep or kind not in IDENTITY_TYPES or not value.strip():
        raise RecipientError(
            "a recipient is TYPE:VALUE, TYPE one of email, url, telephone "
            "(e.g. email:someone@example.org)"
        )
    return Identity(kind, value.strip())


@dataclass(frozen=True)
class Recipient:
    """An assertion's IdentityObject as read: ``algorithm`` and ``digest`` for a hashed one,
    ``value`` for one in plain text."""

    type: str
    hashed: bool
    algorithm: str | None = None
    digest: str | None = None
    salt: str = ""
    value: str | None = None


def _identity_type(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise RecipientError("the recipient's identity type is missing")
    for prefix in _TYPE_PREFIXES:
        value = value.removeprefix(prefix)
    return value


def read_recipient(assertion: Mapping[str, Any]) -> Recipient:
    """The assertion's ``recipient``; :class:`~wallet.errors.RecipientError` when it cannot
    be compared with anyone's identity (module docstring)."""
    recipient = assertion.get("recipient")
    if not isinstance(recipient, Mapping):
        raise RecipientError("the assertion has no recipient (an IdentityObject)")
    identity = recipient.get("identity")
    if isinstance(identity, list):
        raise RecipientError("the recipient's identity is a list; an assertion names one recipient")
    if not isinstance(identity, str) or not identity.strip():
        raise RecipientError("the recipient's identity is not text")
    kind = _identity_type(recipient.get("type"))
    salt = recipient.get("salt", "")
    if salt is None:
        salt = ""
    if not isinstance(salt, str):
        raise RecipientError("the recipient's salt is not text")
    hashed = recipient.get("hashed")
    if hashed is None:  # not written: told by the value's shape
        hashed = bool(_HASH.match(identity))
    if not isinstance(hashed, bool):
        raise RecipientError("the recipient's 'hashed' is not true or false")
    if not hashed:
        return Recipient(kind, False, salt=salt, value=identity)
    match = _HASH.match(identity.strip())
    if match is None:
        raise RecipientError(
            "the recipient's identity is marked hashed but is not ALGORITHM$HEXDIGEST"
        )
    algorithm, digest = match.group(1).casefold(), match.group(2).lower()
    if algorithm not in HASH_ALGORITHMS:
        raise RecipientError(
            f"the recipient is hashed with {shown(algorithm, 16)!r}; OB 2.0 "
            "hashes are sha256 or md5"
        )
    if len(digest) != HASH_ALGORITHMS[algorithm]:
        raise RecipientError(f"the recipient's {algorithm} digest has the wrong length")
    return Recipient(kind, True, algorithm, digest, salt)


def _variants(identity: Identity) -> list[str]:
    value = identity.value.strip()
    out = [value]
    if identity.type == "email":
        out.append(value.lower())
    elif identity.type == "telephone":
        out.append(("+" if value.startswith("+") else "") + re.sub(r"\D", "", value))
    return list(dict.fromkeys(out))


def _digest(algorithm: str, text: str) -> str:
    data = text.encode("utf-8")
    if algorithm == "md5":
        return hashlib.md5(data, usedforsecurity=False).hexdigest()
    return hashlib.sha256(data).hexdigest()


def recipient_matches(
    assertion: Mapping[str, Any], identities: Iterable[Identity | tuple[str, str]]
) -> bool | None:
    """Whether the assertion names this learner, given the learner's ``identities``: True (one
    of them is the recipient), False (the learner has identities of the recipient's type, and
    none is it), None (the learner gave none of that type: it cannot be told). Raises
    :class:`~wallet.errors.RecipientError` for a recipient that cannot be compared."""
    recipient = read_recipient(assertion)
    mine = [
        i if isinstance(i, Identity) else Identity(str(i[0]).casefold(), str(i[1]))
        for i in identities
    ]
    candidates = [i for i in mine if i.type == recipient.type]
    if not candidates:
        return None
    for identity in candidates:
        for value in _variants(identity):
            if recipient.hashed:
                assert recipient.algorithm is not None and recipient.digest is not None
                if hmac.compare_digest(
                    _digest(recipient.algorithm, value + recipient.salt), recipient.digest
                ):
                    return True
            elif recipient.value is not None:
                theirs = recipient.value.strip()
                if value == theirs or (
                    recipient.type == "email" and value.lower() == theirs.lower()
                ):
                    return True
    return False
