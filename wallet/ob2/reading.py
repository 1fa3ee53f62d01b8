"""Open Badges 2.0 (and 1.1, 1.0, 0.5): reading every form a learner holds and upgrading the older
shapes to OB 2.0's. The JSON-LD contexts they are read under are checked in
:mod:`wallet.ob2.contexts`.

**Forms** (:func:`read_ob2`): a hosted assertion's URL (typed, in a ``.url`` file, or baked), an
assertion as JSON, a signed assertion as a compact JWS, and a baked PNG or SVG (read by
:mod:`wallet.formats.sources`, which bounds them and marks what it found as OB 2.0). What was
received is kept exactly (:attr:`Ob2Input.raw`); the assertion is a view over it, never
re-serialized.

**Upgrading** (:func:`upgrade`), as OB 2.0's "Changes from 1.1" and the 0.5 → 1.0 "Assertion
Specification Changes" have it (the rules 1EdTech's validator applies): ``verify`` becomes
``verification`` (hosted verification then uses the ``id``; a 1.x assertion without one takes
``verify.url``); an alignment's ``name``/``url``/``description`` become ``targetName``/
``targetUrl``/``targetDescription``; 1.x timestamps (Unix seconds, bare dates) become ISO 8601
in UTC; a 1.0 BadgeClass or issuer without ``id`` is identified by the URL it was fetched from;
0.5's string ``recipient`` and top-level ``salt`` become an IdentityObject, ``issued_on``
becomes ``issuedOn``, its embedded issuer's ``origin``/``contact`` become ``url``/``email``
(its ``org`` joins its name), and it is verified as hosted at the URL it came from. The input
is never changed: :func:`upgrade` returns a new document.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, TypeGuard

from wallet.credential import as_list, load_json, objects, parse_datetime
from wallet.crypto.multiformats import b64url_decode
from wallet.errors import InputError, KeyFormatError, UnsupportedInputError
from wallet.formats.sources import MAX_INPUT_BYTES, LoadedInput, load_bytes
from wallet.vocab import VC_CONTEXTS

__all__ = [
    "OB1_CONTEXT",
    "OB2_CONTEXT",
    "Ob2Alignment",
    "Ob2Input",
    "alignments",
    "badge_address",
    "badge_of",
    "detect_version",
    "from_loaded",
    "hosted_url",
    "is_http_url",
    "is_ob2",
    "jws_payload",
    "looks_ob2",
    "read_ob2",
    "ref_id",
    "shown",
    "type_of",
    "upgrade",
    "verification_type",
]

OB2_CONTEXT = "https://w3id.org/openbadges/v2"
OB1_CONTEXT = "https://w3id.org/openbadges/v1"
OBI = "https://w3id.org/openbadges#"
_MAX_URL = 2048
# No whitespace, no control or bidirectional-override characters (they would mislead a reader).
_URL = re.compile("https?://[^\x00-\x20\x7f-\x9f<>\"'{}|\\\\^`\u202a-\u202e\u2066-\u2069]+")
_UNSHOWABLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Version = Literal["2.0", "1.1", "1.0", "0.5"]
Role = Literal[
    "Assertion", "BadgeClass", "Profile", "CryptographicKey", "RevocationList", "Endorsement"
]


def is_http_url(value: Any) -> TypeGuard[str]:
    """An absolute ``http``/``https`` URL (what OB 2.0 can dereference)."""
    return isinstance(value, str) and len(value) <= _MAX_URL and bool(_URL.fullmatch(value))


def shown(value: Any, limit: int = 120) -> str:
    """Text from a document, made safe to put in a message: cut to ``limit`` characters,
    control and bidirectional-override characters replaced (messages reach terminals)."""
    text = str(value)
    text = text if len(text) <= limit else text[:limit] + "…"
    return _UNSHOWABLE.sub("?", text)


def ref_id(value: Any) -> str | None:
    """The id of a reference: an IRI given as a string, or an embedded object's ``id``."""
    ident = value.get("id") if isinstance(value, Mapping) else value
    return ident if isinstance(ident, str) and ident else None


def type_of(doc: Mapping[str, Any]) -> tuple[str, ...]:
    """``type`` as a tuple of names, the OBI IRIs written out read as their terms."""
    return tuple(
        t.removeprefix(OBI).removeprefix("obi:")
        for t in as_list(doc.get("type"))
        if isinstance(t, str)
    )


# --- the input ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ob2Input:
    """An Open Badges 2.0 (or 1.x) badge as received.

    ``form``: ``"url"`` (a hosted assertion's URL, :attr:`url`), ``"json"`` (the assertion,
    :attr:`document`) or ``"jws"`` (a signed assertion, :attr:`jws`; :attr:`document` is its
    payload, unverified). ``origin``: how it came — ``"url"``, ``"json"``, ``"jwt"``, or baked
    in a ``"png"``/``"svg"``. ``raw``: the URL, JSON text or JWS exactly as received (for a
    baked badge, what was baked in it). ``version``: the OB version its shape is, None for a
    URL not yet fetched."""

    form: Literal["url", "json", "jws"]
    origin: Literal["url", "json", "jwt", "png", "svg"]
    raw: bytes
    url: str | None = None
    document: dict[str, Any] | None = None
    jws: str | None = None
    version: Version | None = None

    @property
    def baked(self) -> bool:
        return self.origin in ("png", "svg")


def looks_ob2(doc: Any) -> bool:
    """Whether a JSON object is an Open Badges 0.5–2.0 assertion (or endorsement) rather than
    a Verifiable Credential: told by its contexts, else by OB's own properties."""
    if not isinstance(doc, Mapping):
        return False
    contexts = as_list(doc.get("@context"))
    urls = {c for c in contexts if isinstance(c, str)}
    if urls & set(VC_CONTEXTS) or "VerifiableCredential" in type_of(doc):
        return False
    if urls & {OB2_CONTEXT, OB1_CONTEXT}:
        return True
    if any(isinstance(c, Mapping) and c.get("obi") == OBI for c in contexts):
        return True
    shaped = "recipient" in doc and "badge" in doc
    return shaped or bool({"Assertion", "Endorsement"} & set(type_of(doc)))


def is_ob2(loaded: LoadedInput) -> bool:
    """Whether what :func:`wallet.formats.sources.load_bytes` read is an OB 2.0 badge (baked as one,
    or an assertion or signed assertion by its content)."""
    if loaded.ob2:
        return True
    if loaded.kind == "json":
        return looks_ob2(loaded.document)
    if loaded.kind == "jwt" and loaded.jwt:
        try:
            payload = jws_payload(loaded.jwt)
        except InputError:
            return False
        return "vc" not in payload and looks_ob2(payload)
    return False


def jws_payload(token: str) -> dict[str, Any]:
    """A compact JWS's payload as a JSON object, unverified (reading only: its signature and
    ``alg`` are for verification to judge, with a reason)."""
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise InputError("a compact JWS has three parts separated by dots")
    try:
        raw = b64url_decode(parts[1])
    except KeyFormatError:
        raise InputError("the JWS payload is not base64url") from None
    value = load_json(raw, what="the JWS payload", max_bytes=MAX_INPUT_BYTES)
    if not isinstance(value, dict):
        raise InputError("the JWS payload is not a JSON object")
    return value


def _url_input(text: str, origin: Literal["url", "png", "svg"]) -> Ob2Input:
    return Ob2Input("url", origin, text.encode("utf-8"), url=text)


def from_loaded(loaded: LoadedInput) -> Ob2Input:
    """An :class:`Ob2Input` from what :func:`wallet.formats.sources.load_bytes` read; raises
    :class:`~wallet.errors.UnsupportedInputError` for anything that is not an OB 2.0 badge."""
    origin: Any = loaded.origin
    if loaded.kind == "url":
        url = loaded.raw.decode("latin-1").strip()
        if not is_http_url(url):
            raise UnsupportedInputError("the badge image holds a link that is not a web address")
        return _url_input(url, origin)
    if loaded.kind == "jwt" and loaded.jwt is not None:
        payload = jws_payload(loaded.jwt)
        if "vc" in payload or not looks_ob2(payload):
            raise UnsupportedInputError("this JWT is not a signed Open Badges 2.0 assertion")
        return Ob2Input(
            "jws",
            origin,
            loaded.raw,
            document=payload,
            jws=loaded.jwt,
            version=detect_version(payload),
        )
    if loaded.document is None or not looks_ob2(loaded.document):
        raise UnsupportedInputError("this is not an Open Badges 2.0 (or 1.x) badge")
    return Ob2Input(
        "json",
        origin,
        loaded.raw,
        document=loaded.document,
        version=detect_version(loaded.document),
    )


def read_ob2(data: bytes | str, *, name: str | None = None) -> Ob2Input:
    """Read an Open Badges 2.0 badge in any of its forms (module docstring). ``data``: the
    bytes of a file, paste or stdin, or a URL as text. Raises an
    :class:`~wallet.errors.InputError` with a specific message for anything else."""
    if isinstance(data, str):
        if is_http_url(data.strip()):
            return _url_input(data.strip(), "url")
        data = data.encode("utf-8")
    head = bytes(data[: _MAX_URL + 64]).removeprefix(b"\xef\xbb\xbf").strip()
    if len(data) <= _MAX_URL + 64 and head.isascii():
        text = head.decode("ascii")
        if text.startswith("[InternetShortcut]"):  # a Windows .url file
            text = next(
                (
                    line.strip()[4:]
                    for line in text.splitlines()
                    if line.strip().upper().startswith("URL=")
                ),
                "",
            )
        if is_http_url(text):
            return _url_input(text, "url")  # a URL, or a .url file holding one
    return from_loaded(load_bytes(bytes(data), name=name))


# --- versions and upgrading -----------------------------------------------------------------


def detect_version(doc: Mapping[str, Any]) -> Version:
    """The OB version of a document's shape: by its context, else (no context) 0.5 for a
    string ``recipient`` without ``verify`` or an embedded 0.5 badge, else 1.0."""
    contexts = as_list(doc.get("@context"))
    if not contexts:
        badge = doc.get("badge")
        old = isinstance(badge, Mapping) and str(badge.get("version", "")).startswith("0.5")
        if old or (isinstance(doc.get("recipient"), str) and "verify" not in doc):
            return "0.5"
        return "1.0"
    urls = {c for c in contexts if isinstance(c, str)}
    if OB1_CONTEXT in urls and OB2_CONTEXT not in urls:
        return "1.1"
    return "2.0"


def _upgrade_datetime(value: Any) -> Any:
    """A 1.x timestamp as OB 2.0's ISO 8601 with a zone: Unix seconds (number or numeric
    string) and bare dates in UTC; a date-time without a zone read as UTC. Anything else is
    returned as it was (the data model check then says what is wrong with it)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) or (
        isinstance(value, str) and re.fullmatch(r"\d{1,11}(\.\d+)?", value)
    ):
        try:
            return datetime.fromtimestamp(float(value), UTC).isoformat()
        except (OverflowError, ValueError, OSError):
            return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        try:
            return datetime.fromisoformat(value).replace(tzinfo=UTC).isoformat()
        except ValueError:
            return value
    if (
        isinstance(value, str)
        and parse_datetime(value, require_zone=True) is None
        and parse_datetime(value) is not None
    ):
        return value + "Z"
    return value


_ALIGNMENT_TERMS = (
    ("name", "targetName"),
    ("url", "targetUrl"),
    ("description", "targetDescription"),
)


def _upgrade_badge(badge: dict[str, Any]) -> None:
    fixed = []
    for item in as_list(badge.get("alignment")):
        if isinstance(item, Mapping):
            item = dict(item)
            for old, new in _ALIGNMENT_TERMS:
                if old in item and new not in item:
                    item[new] = item.pop(old)
        fixed.append(item)
    if "alignment" in badge:
        badge["alignment"] = fixed


def _upgrade_0_5(doc: dict[str, Any], source_url: str | None) -> None:
    if isinstance(doc.get("recipient"), str):
        identity = doc["recipient"]
        recipient: dict[str, Any] = {
            "type": "email",
            "identity": identity,
            "hashed": "@" not in identity,
        }
        if "salt" in doc:
            recipient["salt"] = doc.pop("salt")
        doc["recipient"] = recipient
    if "issued_on" in doc and "issuedOn" not in doc:
        doc["issuedOn"] = doc.pop("issued_on")
    doc.setdefault("type", "Assertion")
    doc.setdefault("verification", {"type": "HostedBadge"})
    if source_url and "id" not in doc:
        doc["id"] = source_url
    badge = doc.get("badge")
    if isinstance(badge, dict):
        badge.setdefault("type", "BadgeClass")
        issuer = badge.get("issuer")
        if isinstance(issuer, dict):
            issuer = dict(issuer)
            for old, new in (("origin", "url"), ("contact", "email")):
                if old in issuer and new not in issuer:
                    issuer[new] = issuer.pop(old)
            if isinstance(issuer.get("name"), str) and isinstance(issuer.get("org"), str):
                issuer["name"] = f"{issuer['name']}: {issuer.pop('org')}"
            issuer.setdefault("type", "Profile")
            badge["issuer"] = issuer


def upgrade(
    doc: Mapping[str, Any], role: Role, *, source_url: str | None = None
) -> tuple[dict[str, Any], Version]:
    """``doc`` in OB 2.0's shape (module docstring) and the version it was; ``source_url``:
    the URL it was fetched from (the id of 1.0 and 0.5 documents without one)."""
    version = detect_version(doc)
    out = copy.deepcopy(dict(doc))
    if "verify" in out and "verification" not in out:  # the 2.0 alias, and 1.x's name
        out["verification"] = out.pop("verify")
    if version == "2.0":
        return out, version
    if version == "0.5" and role == "Assertion":
        _upgrade_0_5(out, source_url)
    verification = out.get("verification")
    if (
        role in ("Assertion", "Endorsement")
        and "id" not in out
        and isinstance(verification, Mapping)
        and is_http_url(verification.get("url"))
    ):
        out["id"] = verification["url"]  # a 1.0 hosted assertion is identified by verify.url
    if version in ("1.0", "0.5") and "id" not in out and source_url:
        out["id"] = source_url
    if version == "1.0":
        out.setdefault("type", "Issuer" if role == "Profile" else role)
    for key in ("issuedOn", "expires"):
        if key in out:
            out[key] = _upgrade_datetime(out[key])
    if role == "BadgeClass":
        _upgrade_badge(out)
    elif isinstance(out.get("badge"), dict):
        _upgrade_badge(out["badge"])
    return out, version


def hosted_url(doc: Mapping[str, Any]) -> str | None:
    """Where a hosted assertion is served: its ``id`` (OB 2.0), else 1.x's ``verify.url``."""
    ident = doc.get("id")
    if is_http_url(ident):
        return ident
    verification = doc.get("verification", doc.get("verify"))
    url = verification.get("url") if isinstance(verification, Mapping) else None
    return url if is_http_url(url) else None


def verification_type(doc: Mapping[str, Any]) -> Literal["hosted", "signed"] | None:
    """``hosted`` or ``signed`` from the VerificationObject (``HostedBadge``/``hosted``,
    ``SignedBadge``/``signed``), None when it says neither."""
    verification = doc.get("verification", doc.get("verify"))
    if not isinstance(verification, Mapping):
        return None
    names = {t.casefold() for t in type_of(verification)}
    if names & {"hostedbadge", "hosted"}:
        return "hosted"
    if names & {"signedbadge", "signed"}:
        return "signed"
    return None


# --- alignments (for the competency map) ----------------------------------------------------


@dataclass(frozen=True)
class Ob2Alignment:
    """An OB 2.0 AlignmentObject, in the attribute names the competency map reads from an
    OB 3.0 Alignment (``targetType`` is OB 3.0's; OB 2.0 has none)."""

    targetName: str | None
    targetUrl: str | None
    targetCode: str | None
    targetFramework: str | None
    targetDescription: str | None = None
    targetType: str | None = None


def alignments(badge: Mapping[str, Any]) -> tuple[Ob2Alignment, ...]:
    """A BadgeClass's ``alignment`` objects (upgraded: 1.x's ``name``/``url`` read as
    ``targetName``/``targetUrl``), those with neither a name, a URL nor a code left out."""

    def text(item: Mapping[str, Any], key: str) -> str | None:
        value = item.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    out = []
    for item in objects(badge.get("alignment")):
        item = {new: item.get(new, item.get(old)) for old, new in _ALIGNMENT_TERMS} | {
            k: item.get(k) for k in ("targetCode", "targetFramework")
        }
        found = Ob2Alignment(
            text(item, "targetName"),
            text(item, "targetUrl"),
            text(item, "targetCode"),
            text(item, "targetFramework"),
            text(item, "targetDescription"),
        )
        if found.targetName or found.targetUrl or found.targetCode:
            out.append(found)
    return tuple(out)


# --- what is an Open Badges 2.0 badge -------------------------------------------------------

MAX_ADDRESS = 2200  # a hosted assertion's address given as text


def badge_address(data: bytes) -> Ob2Input | None:
    """A hosted assertion's address given as text (typed, pasted, in a ``.url`` file): the
    badge it names; None for anything else."""
    if len(data) > MAX_ADDRESS:
        return None
    try:
        given = read_ob2(bytes(data))
    except InputError:
        return None
    return given if given.form == "url" and given.origin == "url" else None


def badge_of(loaded: LoadedInput) -> Ob2Input | None:
    """What :func:`~wallet.formats.sources.load_bytes` read, as an Open Badges 2.0 badge (baked,
    or an assertion or signed assertion by its content); None for anything else (an OB 3.0
    credential, say). A baked badge that holds something unusable is refused by name."""
    return from_loaded(loaded) if is_ob2(loaded) else None
