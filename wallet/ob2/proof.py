"""The two ways an Open Badges 2.0 assertion (or endorsement) is vouched for, as OB 2.0
"Verification" describes them — the proof, issuer-binding and status checks of
:mod:`wallet.ob2.verify`:

* **HostedBadge**: the assertion's ``id`` must serve the same assertion (compared on what
  matters, :func:`differences`); ``410 Gone`` or ``revoked: true`` is revoked; the assertion and
  its BadgeClass must be on the issuer's origin, or within the ``allowedOrigins`` and
  ``startsWith`` of the issuer's own ``verification`` (:func:`hosted_scope`).
* **SignedBadge**: a compact JWS (RS256, PS256 or ES256; ``none`` and HS* refused) that
  verifies with a key the issuer's own Profile lists (``publicKey``), whose key document names
  the issuer as its ``owner`` — ``verification.creator``, when given, must be one of them; then
  the issuer's ``revocationList``.

Offline (no fetcher), a hosted badge is not re-checked: its proof is a warning with
``issuer_not_confirmed`` and the time it was last checked; a signed one is checked with the
documents kept from an earlier check, when there are.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from wallet.credential import as_list, parse_datetime
from wallet.crypto import jws
from wallet.errors import KeyFormatError, UnsupportedProofError, WalletError
from wallet.ob2.documents import DocumentProblem, Documents, ReadDocument, origin_of, resolve
from wallet.ob2.model import Identity
from wallet.ob2.reading import (
    Ob2Input,
    Role,
    detect_version,
    hosted_url,
    is_http_url,
    ref_id,
    shown,
    upgrade,
    verification_type,
)
from wallet.result import NOT_CONFIRMED, Check, CheckId, Outcome
from wallet.verification.checks import failed, passed, skipped, warning

__all__ = [
    "ALLOWED_ALGS",
    "Found",
    "Run",
    "chain",
    "differences",
    "hosted",
    "hosted_scope",
    "signed",
]

# OB 2.0 signs with a public key published as PEM; RSA-SHA256 is the one it recommends. The
# asymmetric JWS algorithms the wallet implements are accepted; "none" and the shared-secret
# HS* are refused (with a public key as the HMAC secret, anyone could forge a badge).
ALLOWED_ALGS = ("RS256", "PS256", "ES256")
MAX_KEYS = 4
MAX_PEM = 16 * 1024


@dataclass
class Run:
    """One verification's settings and its documents (shared with the endorsements in it)."""

    docs: Documents
    now: datetime
    skew: timedelta
    identities: tuple[Identity, ...]
    strict: bool
    last_checked: datetime | None
    depth: int = 0


@dataclass
class Found:
    """What one subject's verification gathered (an assertion or an endorsement)."""

    role: Role
    read: list[ReadDocument] = field(default_factory=list)
    unavailable: list[DocumentProblem] = field(default_factory=list)
    offline_missing: list[str] = field(default_factory=list)
    subject: ReadDocument | None = None
    badge: ReadDocument | None = None
    issuer: ReadDocument | None = None
    proof: Check | None = None
    binding: Check | None = None
    status: Check | None = None
    checked_at: datetime | None = None
    hosted_url: str | None = None
    fmt: str = "ob2"


# --- reading the documents ------------------------------------------------------------------


def _fetch(found: Found, run: Run, value: Any, role: Role, what: str) -> ReadDocument | None:
    try:
        read = resolve(value, run.docs, role, what)
    except DocumentProblem as problem:
        if problem.detail == "offline":
            found.offline_missing.append(what)
        else:
            found.unavailable.append(problem)
        return None
    found.read.append(read)
    return read


def chain(found: Found, run: Run) -> None:
    """The BadgeClass (of an assertion) and the issuer Profile."""
    doc = found.subject.doc if found.subject else {}
    if found.role == "Assertion":
        if doc.get("badge") is None:
            return  # a revoked hosted assertion, stripped to its id
        found.badge = _fetch(found, run, doc["badge"], "BadgeClass", "BadgeClass")
        if found.badge is not None and found.badge.doc.get("issuer") is not None:
            found.issuer = _fetch(
                found, run, found.badge.doc["issuer"], "Profile", "issuer's profile"
            )
    elif doc.get("issuer") is not None:
        found.issuer = _fetch(found, run, doc["issuer"], "Profile", "endorser's profile")


# --- hosted ---------------------------------------------------------------------------------


def _recipient_key(doc: Mapping[str, Any]) -> tuple[Any, ...]:
    r = doc.get("recipient")
    if not isinstance(r, Mapping):
        return (r,)
    return (r.get("type"), r.get("identity"), r.get("hashed"), r.get("salt") or "")


def differences(local: Mapping[str, Any], served: Mapping[str, Any]) -> list[str]:
    """What differs, in what matters, between the copy held and the one hosted."""
    out = []
    if local.get("id") != served.get("id"):
        out.append("id")
    if _recipient_key(local) != _recipient_key(served):
        out.append("recipient")
    if ref_id(local.get("badge")) != ref_id(served.get("badge")):
        out.append("badge")
    for key in ("issuedOn", "expires"):
        mine, theirs = local.get(key), served.get(key)
        if (parse_datetime(mine) or mine) != (parse_datetime(theirs) or theirs):
            out.append(key)
    if verification_type(local) != verification_type(served):
        out.append("verification")
    return out


def hosted(given: Ob2Input, run: Run, found: Found) -> None:
    found.fmt = "ob2_hosted"
    local = None
    if given.document is not None:
        doc, version = upgrade(given.document, found.role)
        local = ReadDocument(found.role, doc, given.document, version)
    url = given.url or (hosted_url(local.doc) if local else None)
    found.hosted_url = url
    if local is not None and verification_type(local.doc) == "signed":
        found.subject = local
        found.read.append(local)
        found.proof = failed(
            CheckId.PROOF,
            "it says it is a signed badge (SignedBadge) but came "
            "without its signature (the JWS): it cannot be verified",
            "signed_without_jws",
        )
        return
    if url is None:
        found.subject = local
        if local is not None:
            found.read.append(local)
        found.proof = failed(
            CheckId.PROOF,
            "a hosted badge whose id is not a web address cannot be checked with its host",
            "hosted_no_url",
        )
        return
    served: ReadDocument | None = None
    what = "hosted endorsement" if found.role == "Endorsement" else "hosted assertion"
    try:
        served = run.docs.get_document(url, found.role, what)
    except DocumentProblem as problem:
        if problem.detail == "gone":
            found.status = failed(
                CheckId.STATUS, "its host answers 410 Gone: the issuer has revoked it", "revoked"
            )
            found.proof = skipped(
                CheckId.PROOF, "its host no longer serves it (revoked)", "hosted_gone"
            )
        elif problem.detail != "offline":
            found.proof = failed(
                CheckId.PROOF, f"its host does not vouch for it: {problem.message}", problem.detail
            )
    if run.docs.online:
        reached = served is not None or (
            found.status is not None and found.status.detail == "revoked"
        )
        found.checked_at = run.now if reached else None
    else:
        found.checked_at = run.last_checked or run.docs.fetched_at(url)
        when = found.checked_at.isoformat() if found.checked_at else None
        found.proof = warning(
            CheckId.PROOF,
            "not re-checked: offline; "
            + (
                f"its host last confirmed it at {when}"
                if when
                else "it has not been checked with its host yet"
            ),
            NOT_CONFIRMED,
        )
        found.status = warning(
            CheckId.STATUS, "whether it was revoked was not re-checked: offline", "not_rechecked"
        )
    if served is not None:
        if served.doc.get("revoked") is True:
            reason = served.doc.get("revocationReason")
            found.status = failed(
                CheckId.STATUS,
                "its host marks it revoked"
                + (f": {shown(reason, 200)}" if isinstance(reason, str) else ""),
                "revoked",
            )
            if found.proof is None:
                found.proof = skipped(
                    CheckId.PROOF, "its host now serves only a revocation notice", "hosted_gone"
                )
        elif local is not None and (diffs := differences(local.doc, served.doc)):
            found.proof = failed(
                CheckId.PROOF,
                "its host serves a different assertion (they "
                f"differ in {', '.join(diffs)}): this copy is not what the "
                "issuer stands behind",
                "hosted_mismatch",
            )
        elif found.proof is None:
            found.proof = passed(
                CheckId.PROOF, f"its host ({origin_of(url)}) serves this very assertion", "hosted"
            )
        if found.status is None:
            found.status = passed(
                CheckId.STATUS, "its host serves it and does not mark it revoked", "hosted"
            )
    use_served = served is not None and (local is None or served.doc.get("revoked") is not True)
    found.subject = served if use_served else local
    if served is not None:
        found.read.append(served)
    if local is not None and not use_served:
        found.read.append(local)
    if found.subject is not None:
        run.docs.claim(found.subject.id, found.role)
    chain(found, run)
    if (
        found.subject is not None
        and found.proof is not None
        and found.proof.outcome is not Outcome.FAILED
    ):
        found.binding = hosted_scope(found, run)


def hosted_scope(found: Found, run: Run) -> Check:
    """OB 2.0 HostedBadge Verification: the assertion (and the BadgeClass) within the scope
    the issuer declares, by default its own origin."""
    subject = found.subject
    assert subject is not None
    if found.issuer is None:
        if not run.docs.online:
            return warning(
                CheckId.ISSUER_BINDING,
                "whether it is hosted where its issuer says was not re-checked: offline",
                "not_rechecked",
            )
        return skipped(
            CheckId.ISSUER_BINDING,
            "there is no issuer profile to check its host against",
            "no_issuer",
        )
    issuer = found.issuer.doc
    if found.issuer.url is not None:  # the issuer's own profile, fetched from its id
        home: Any = found.issuer.url
        policy: Mapping[str, Any] = (
            declared if isinstance(declared := issuer.get("verification"), Mapping) else {}
        )
    elif subject.version == "0.5":  # a 0.5 issuer is its origin, which hosts its badges
        home, policy = issuer.get("url"), {}
    else:
        return warning(
            CheckId.ISSUER_BINDING,
            "its issuer has no profile of its own on the web, so nothing ties the badge to it",
            NOT_CONFIRMED,
        )
    allowed = [o.lower() for o in as_list(policy.get("allowedOrigins")) if isinstance(o, str)]
    starts = [s for s in as_list(policy.get("startsWith")) if isinstance(s, str) and s]
    targets = [("assertion", subject.id or found.hosted_url or "")]
    if found.badge is not None and found.badge.url is not None:
        targets.append(("BadgeClass", found.badge.url))
    for what, url in targets:
        parts = urlsplit(url)
        if allowed:
            ok = parts.netloc.lower() in allowed or (parts.hostname or "") in allowed
            scope = f"its allowed origins ({shown(', '.join(allowed))})"
        elif is_http_url(home):
            ok = origin_of(url) == origin_of(home)
            scope = f"its issuer's origin ({origin_of(home)})"
        else:
            return failed(
                CheckId.ISSUER_BINDING,
                "its issuer has no web address, so where its badges may be hosted cannot be told",
                "no_scope",
            )
        if not ok:
            return failed(
                CheckId.ISSUER_BINDING,
                f"the {what} is hosted on {origin_of(url)}, "
                f"outside {scope}: anyone can host a copy that names this issuer",
                "outside_scope",
            )
    assertion_id = targets[0][1]
    if starts and not any(assertion_id.startswith(s) for s in starts):
        return failed(
            CheckId.ISSUER_BINDING,
            f"the assertion's id does not start with what its "
            f"issuer allows ({shown(', '.join(starts))})",
            "outside_scope",
        )
    return passed(
        CheckId.ISSUER_BINDING,
        "the assertion and its BadgeClass are hosted where "
        "its issuer's own profile says its badges are",
        "hosted_scope",
    )


# --- signed ---------------------------------------------------------------------------------


def _jwk_from_pem(pem: Any) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    from wallet.crypto.multiformats import b64url_encode

    if not isinstance(pem, str) or len(pem) > MAX_PEM:
        raise KeyFormatError("the key document has no usable publicKeyPem")
    try:
        key = load_pem_public_key(pem.strip().encode("ascii"))
    except (ValueError, TypeError, UnicodeError):
        raise KeyFormatError("the key document's publicKeyPem is not a PEM public key") from None

    def b64(number: int, size: int | None = None) -> str:
        length = size or max(1, (number.bit_length() + 7) // 8)
        return b64url_encode(number.to_bytes(length, "big"))

    if isinstance(key, rsa.RSAPublicKey):
        numbers = key.public_numbers()
        return {"kty": "RSA", "n": b64(numbers.n), "e": b64(numbers.e)}
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1":
        point = key.public_numbers()
        return {"kty": "EC", "crv": "P-256", "x": b64(point.x, 32), "y": b64(point.y, 32)}
    raise KeyFormatError("the key is neither RSA nor P-256")


def signed(given: Ob2Input, run: Run, found: Found) -> None:
    found.fmt = "ob2_signed"
    payload = given.document or {}
    doc, version = upgrade(payload, found.role)
    found.subject = ReadDocument(found.role, doc, payload, version)
    found.read.append(found.subject)
    try:
        decoded = jws.decode_jws(given.jws or "")
    except WalletError as exc:
        detail = "alg_refused" if isinstance(exc, UnsupportedProofError) else exc.code
        found.proof = failed(
            CheckId.PROOF, f"the signature cannot be checked: {exc.message}", detail
        )
        return
    alg = decoded.header.get("alg")
    if alg not in ALLOWED_ALGS:
        why = (
            "a shared-secret algorithm: with the issuer's public key anyone could make such "
            "a signature"
            if str(alg).upper().startswith("HS")
            else "not one OB 2.0 badges are verified with"
        )
        found.proof = failed(
            CheckId.PROOF,
            f"it is signed with {shown(alg, 20)!r}, {why}; "
            f"refused ({', '.join(ALLOWED_ALGS)} are accepted)",
            "alg_refused",
        )
        return
    if verification_type(doc) != "signed":
        found.proof = failed(
            CheckId.PROOF,
            "the signed assertion does not say it is verified as signed (SignedBadge)",
            "not_signed_badge",
        )
        return
    run.docs.claim(found.subject.id, found.role)
    chain(found, run)
    if found.issuer is None:
        found.proof = (
            warning(CheckId.PROOF, "the issuer's key was not fetched: offline", NOT_CONFIRMED)
            if found.offline_missing
            else skipped(
                CheckId.PROOF, "there is no issuer profile to take its key from", "no_issuer"
            )
        )
        return
    _signature(decoded, found, run)
    if found.proof is not None and found.proof.outcome is Outcome.PASSED:
        found.status = _revocation(found, run)
        kept = [d.fetched_at for d in run.docs.used_stored.values()]
        found.checked_at = (
            run.now if run.docs.online else run.last_checked or (min(kept) if kept else None)
        )


def _key_ids(issuer: Mapping[str, Any]) -> dict[str, Mapping[str, Any] | None]:
    """The keys the issuer's Profile lists: id → the key document embedded there, if any."""
    out: dict[str, Mapping[str, Any] | None] = {}
    for item in as_list(issuer.get("publicKey")):
        ident = ref_id(item)
        if ident:
            embedded = item if isinstance(item, Mapping) and "publicKeyPem" in item else None
            out[ident] = embedded
    return out


def _signature(decoded: jws.DecodedJws, found: Found, run: Run) -> None:
    assert found.subject is not None and found.issuer is not None
    issuer, issuer_id = found.issuer.doc, found.issuer.id
    verification = found.subject.doc.get("verification") or {}
    creator = ref_id(verification.get("creator")) if isinstance(verification, Mapping) else None
    listed = _key_ids(issuer)
    if found.issuer.url is None:
        found.binding = warning(
            CheckId.ISSUER_BINDING,
            "the issuer has no profile of its own on the web, so nothing ties a key to it",
            NOT_CONFIRMED,
        )
    elif creator and creator not in listed:
        found.binding = failed(
            CheckId.ISSUER_BINDING,
            f"the key that signed it ({shown(creator)}) is not one the issuer's profile lists",
            "key_not_listed",
        )
        found.proof = skipped(
            CheckId.PROOF, "the key named is not the issuer's; it was not used", "key_not_listed"
        )
        return
    candidates = [creator] if creator else list(listed)[:MAX_KEYS]
    if not candidates:
        found.proof = failed(CheckId.PROOF, "the issuer's profile lists no public key", "no_key")
        return
    problem: Check | None = None
    for key_id in candidates:
        embedded = listed.get(key_id)
        try:
            key = (
                dict(embedded)
                if embedded is not None
                else run.docs.get_document(key_id, "CryptographicKey", "signing key").doc
            )
            if embedded is None:
                found.read.append(
                    ReadDocument("CryptographicKey", key, key, detect_version(key), key_id)
                )
            if embedded is None and key.get("owner") != issuer_id:
                found.binding = failed(
                    CheckId.ISSUER_BINDING,
                    f"the key document says it "
                    f"belongs to {shown(key.get('owner'))}, not to the "
                    "issuer",
                    "key_owner_mismatch",
                )
                found.proof = skipped(
                    CheckId.PROOF,
                    "the key belongs to someone else; it was not used",
                    "key_owner_mismatch",
                )
                return
            ok = jws.verify_jws(decoded, _jwk_from_pem(key.get("publicKeyPem")))
        except DocumentProblem as exc:
            detail = NOT_CONFIRMED if exc.detail == "offline" else exc.detail
            make = warning if exc.detail == "offline" else failed
            problem = problem or make(CheckId.PROOF, exc.message, detail)
            continue
        except WalletError as exc:
            problem = problem or failed(CheckId.PROOF, exc.message, exc.code)
            continue
        if ok:
            found.proof = passed(
                CheckId.PROOF,
                f"the signature ({decoded.header['alg']}) "
                f"verifies with the issuer's key {shown(key_id)}",
                "signed",
            )
            if found.binding is None:
                found.binding = passed(
                    CheckId.ISSUER_BINDING,
                    "the key is listed in the "
                    "issuer's own profile, and its key document names the "
                    "issuer as its owner",
                    "key_listed",
                )
            return
        problem = problem or failed(
            CheckId.PROOF,
            "the signature does not match: it was "
            "changed after signing, or signed with another key",
            "bad_signature",
        )
    found.proof = problem


def _revocation(found: Found, run: Run) -> Check:
    assert found.issuer is not None and found.subject is not None
    url = found.issuer.doc.get("revocationList")
    if not run.docs.online:  # the issuer may have revoked it, or published a list, since
        return warning(
            CheckId.STATUS, "whether it was revoked was not re-checked: offline", "not_rechecked"
        )
    if url is None:
        return skipped(CheckId.STATUS, "the issuer publishes no revocation list", "no_status")
    try:
        listed = run.docs.get_document(url, "RevocationList", "revocation list")
    except DocumentProblem as problem:
        return warning(
            CheckId.STATUS,
            f"whether it was revoked could not be checked: {problem.message}",
            "status_unknown",
        )
    found.read.append(listed)
    ident, uid = found.subject.id, found.subject.doc.get("uid")
    for entry in as_list(listed.doc.get("revokedAssertions")):
        if entry == ident or (
            isinstance(entry, Mapping)
            and ((ident and entry.get("id") == ident) or (uid and entry.get("uid") == uid))
        ):
            reason = entry.get("revocationReason") if isinstance(entry, Mapping) else None
            return failed(
                CheckId.STATUS,
                "the issuer's revocation list revokes it"
                + (f": {shown(reason, 200)}" if isinstance(reason, str) else ""),
                "revoked",
            )
    return passed(CheckId.STATUS, "the issuer's revocation list does not list it", "not_revoked")
