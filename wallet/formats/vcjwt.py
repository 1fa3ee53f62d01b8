"""VC-JWT: the credential a JWT secures, and the consistency rules between the JWT's claims and
that credential (Open Badges 3.0 §8.2.6.1, VC Data Model 1.1 §6.3.1).

* :func:`vc_from_jwt_payload` — the credential, with the JWT's registered claims mapped in;
* :func:`jwt_claim_problems` — where the claims and the credential disagree;
* :func:`unverified_credential` — the credential of a compact JWS, *not* verified (for reading
  and showing; verification is :mod:`wallet.verification.verify`).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wallet.credential import (
    objects,
    parse_datetime,
    validity_fields,
)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    PublicKey = Ed25519PublicKey | EllipticCurvePublicKey | RSAPublicKey

from wallet.crypto.jws import decode_jws

__all__ = [
    "vc_from_jwt_payload",
    "jwt_claim_problems",
    "unverified_credential",
]


# --- -------------------------------------------------------------------


def _numeric(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _iso(seconds: Any) -> str | None:
    """A NumericDate (RFC 7519 §2) as an XML Schema dateTime in UTC, or None."""
    if not _numeric(seconds):
        return None
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment.isoformat().replace("+00:00", "Z")


def _seconds(text: Any) -> int | None:
    """Whole seconds since the epoch of an xsd:dateTime (no zone: UTC), or None when it cannot
    be read (:func:`wallet.credential.parse_datetime`)."""
    moment = parse_datetime(text)
    if moment is None:
        return None
    try:
        return math.floor(moment.timestamp())
    except (OverflowError, OSError, ValueError):
        return None


def _credential_of(payload: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The credential object in a payload: the ``vc`` claim (VC 1.1 §6.3.1) or the payload
    itself (VC 2.0 / VC-JOSE-COSE, OB 3.0 §8.2.4.1)."""
    if "vc" in payload:
        return payload["vc"] if isinstance(payload["vc"], Mapping) else None
    return payload


def _subject_slot(credential: dict[str, Any]) -> dict[str, Any] | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict):
        return subject
    if isinstance(subject, list) and len(subject) == 1 and isinstance(subject[0], dict):
        return subject[0]
    return None


def vc_from_jwt_payload(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The credential a VC-JWT secures, as a new dict (``payload`` is never touched).

    * VC 1.1 style (a ``vc`` claim): the ``vc`` object.
    * VC 2.0 style (``application/vc+jwt``, OB 3.0 §8.2.4.1): the payload itself.

    The registered claims then fill in what the credential leaves out (VC 1.1 §6.3.1, OB 3.0
    §8.2.4.1): ``iss`` → ``issuer`` (an issuer object keeps its other fields and gains ``id``),
    ``nbf`` → ``validFrom``/``issuanceDate``, ``exp`` → ``validUntil``/``expirationDate``,
    ``jti`` → ``id``, ``sub`` → ``credentialSubject.id``. Values the credential states itself are
    kept as written; where a claim disagrees with them :func:`jwt_claim_problems` says so.
    """
    source = _credential_of(payload)
    if source is None:  # a 'vc' claim that is not an object: nothing better to show
        return copy.deepcopy(dict(payload))
    credential: dict[str, Any] = copy.deepcopy(dict(source))
    start, end = validity_fields(credential)
    iss = payload.get("iss")
    if isinstance(iss, str):
        issuer = credential.get("issuer")
        if isinstance(issuer, dict) and not isinstance(issuer.get("id"), str):
            credential["issuer"] = {**issuer, "id": iss}
        elif issuer is None:
            credential["issuer"] = iss
    if start not in credential and _iso(payload.get("nbf")):
        credential[start] = _iso(payload["nbf"])
    if end not in credential and _iso(payload.get("exp")):
        credential[end] = _iso(payload["exp"])
    if "id" not in credential and isinstance(payload.get("jti"), str):
        credential["id"] = payload["jti"]
    subject = _subject_slot(credential)
    if isinstance(payload.get("sub"), str) and subject is not None and "id" not in subject:
        subject["id"] = payload["sub"]
    return credential


def jwt_claim_problems(payload: Mapping[str, Any], *, strict: bool = False) -> list[str]:
    """How the JWT claims disagree with the credential they carry (OB 3.0 §8.2.6.1, VC 1.1
    §6.3.1); empty when they agree.

    Always checked: NumericDate claims are finite numbers; ``iss``, ``sub`` and ``jti`` are
    strings; ``iss`` = ``issuer.id``, ``sub`` = ``credentialSubject.id``, ``jti`` = ``id``,
    ``nbf`` = ``validFrom`` and ``exp`` = ``validUntil`` (to the second) wherever both sides are
    present. With ``strict``, the claims OB 3.0 §8.2.6.1 says a payload MUST have are
    required too: ``iss``, ``nbf``, ``jti``, and ``sub`` when the subject has an ``id``.
    """
    problems: list[str] = []
    for claim in ("exp", "nbf", "iat"):
        if claim in payload and not _numeric(payload[claim]):
            problems.append(f"the JWT claim '{claim}' must be a number of seconds")
    for claim in ("iss", "sub", "jti"):
        if claim in payload and not isinstance(payload[claim], str):
            problems.append(f"the JWT claim '{claim}' must be a string")
    credential = _credential_of(payload)
    if credential is None:
        problems.append("the JWT claim 'vc' must be a JSON object")
        return problems

    issuer = credential.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
    subject_ids = [
        s["id"]
        for s in objects(credential.get("credentialSubject"))
        if isinstance(s.get("id"), str)
    ]
    start, end = validity_fields(credential)
    pairs = (
        ("iss", issuer_id, "the credential's issuer"),
        ("jti", credential.get("id"), "the credential's id"),
    )
    for claim, value, what in pairs:
        if (
            isinstance(payload.get(claim), str)
            and isinstance(value, str)
            and payload[claim] != value
        ):
            problems.append(f"the JWT '{claim}' differs from {what}")
    sub = payload.get("sub")
    if isinstance(sub, str) and subject_ids and sub not in subject_ids:
        problems.append("the JWT 'sub' differs from the credential subject's id")
    for claim, name in (("nbf", start), ("exp", end)):
        if _numeric(payload.get(claim)) and name in credential:
            stated = _seconds(credential[name])
            if stated is not None and stated != math.floor(payload[claim]):
                problems.append(
                    f"the JWT '{claim}' ({_iso(payload[claim]) or payload[claim]}) "
                    f"differs from the credential's {name}"
                )
    if strict:
        required = ["iss", "nbf", "jti"] + (["sub"] if subject_ids else [])
        problems.extend(
            f"the JWT has no '{claim}' claim (OB 3.0 §8.2.6.1 requires it)"
            for claim in required
            if claim not in payload
        )
    return problems


def unverified_credential(token: str) -> dict[str, Any]:
    """The credential a VC-JWT carries, read **without** checking its signature: the compact
    JWS taken apart strictly (:func:`decode_jws`), then the credential mapped out
    of its payload (:func:`vc_from_jwt_payload`). For display, indexing and
    recognising references — never for a decision that needs authenticity (that is
    :func:`wallet.verification.verify.verify_jwt`).

    Raises a :class:`~wallet.errors.WalletError` subclass (an :class:`InputError` for anything
    that is not a well-formed JWT) when it cannot be read.
    """
    return vc_from_jwt_payload(decode_jws(token).payload)
