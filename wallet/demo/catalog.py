"""The demo issuer's credentials: its catalog made into signed documents, and their revocation.

``assets/demo-issuer/catalog.json`` lists what the demo issuer awards: badges (with images,
criteria, CASE alignments, results and evidence), a CLR 2.0 transcript that includes some of
them, and numbered course badges for batch offers. :class:`DemoCatalog` builds from it

* Open Badges 3.0 ``OpenBadgeCredential`` documents (an ``Achievement`` with its
  ``ResultDescription`` and rubric levels, the ``Result`` achieved, ``Evidence``) and a CLR 2.0
  ``ClrCredential`` carrying signed badges and their ``isPartOf`` associations;
* signed with eddsa-rdfc-2022 (``ldp_vc``) or as VC-JWT (``jwt_vc_json``, OB 3.0 §8.2.6.1:
  ``nbf`` is the credential's own ``validFrom``); and
* a revocation BitstringStatusList (W3C Bitstring Status List 1.0) that every credential it
  issues has an entry in, and that :meth:`DemoCatalog.revoke` flips bits of.

It knows nothing of OID4VCI: :mod:`wallet.demo.issuer` offers these credentials over the wire
(configuration ids are :attr:`Offering.configuration_id`, a VC-JWT one ending in ``-jwt``).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from wallet.assets import assets_dir
from wallet.credential import parse_datetime
from wallet.crypto import jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.proofs import dataintegrity as di
from wallet.rules.vcdm import require_conforming
from wallet.verification.status import MIN_BITS, encode_bitstring
from wallet.vocab import CLR2_CONTEXT, OB3_CONTEXT, VC2_CONTEXT

__all__ = [
    "JWT_SUFFIX",
    "JWT_VC_JSON",
    "LDP_VC",
    "STATUS_LIST_PATH",
    "DemoCatalog",
    "Offering",
    "Recipient",
    "image_data_uri",
    "offerings",
    "read_catalog",
    "tampered",
]

JWT_SUFFIX = "-jwt"  # a configuration id ending in this is issued as VC-JWT
STATUS_LIST_PATH = "/status/1"  # where, under the issuer's base URL, the status list is served
LDP_VC = "ldp_vc"
JWT_VC_JSON = "jwt_vc_json"


@cache
def read_catalog() -> dict[str, Any]:
    """``assets/demo-issuer/catalog.json``, read once."""
    return json.loads((assets_dir() / "demo-issuer" / "catalog.json").read_text("utf-8"))


def tampered(credential: Any, misbehave: str | None) -> Any:
    """A signed credential as a misbehaving issuer sends it (a copy): ``"bad-signature"`` (its
    name altered after signing), ``"unknown-context"`` (a context no wallet bundles, added
    after signing); any other ``misbehave``, or a VC-JWT: as it is."""
    if not isinstance(credential, dict) or misbehave not in ("bad-signature", "unknown-context"):
        return credential
    credential = copy.deepcopy(credential)
    if misbehave == "bad-signature":
        credential["name"] += " (altered)"
    else:
        credential["@context"] = [*credential["@context"], "https://unknown.example/ctx"]
    return credential


@cache
def image_data_uri(name: str) -> str:
    """The demo issuer's image ``name`` (an SVG under ``assets/demo-issuer/images``) as a
    ``data:`` URI."""
    svg = (assets_dir() / "demo-issuer" / "images" / Path(name).name).read_bytes()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


@dataclass(frozen=True)
class Offering:
    """One credential the catalog can issue, in one format."""

    configuration_id: str  # "data-analysis", "data-analysis-jwt", "transcript", "course", …
    name: str  # the credential's name
    type: str  # "OpenBadgeCredential" or "ClrCredential"
    format: str  # "ldp_vc" or "jwt_vc_json"
    contexts: tuple[str, ...]


def offerings() -> list[Offering]:
    """Every credential in the catalog, in each format it is issued in: each badge and the
    course badge as ``ldp_vc`` and VC-JWT, the CLR as ``ldp_vc`` only."""
    data = read_catalog()
    entries = [(b["id"], b["name"], "OpenBadgeCredential") for b in data["badges"]]
    entries.append((data["clr"]["id"], data["clr"]["name"], "ClrCredential"))
    entries.append(("course", data["course"]["name"], "OpenBadgeCredential"))
    out: list[Offering] = []
    for cid, name, vc_type in entries:
        if vc_type == "ClrCredential":
            out.append(
                Offering(cid, name, vc_type, LDP_VC, (VC2_CONTEXT, CLR2_CONTEXT, OB3_CONTEXT))
            )
            continue
        out.append(Offering(cid, name, vc_type, LDP_VC, (VC2_CONTEXT, OB3_CONTEXT)))
        out.append(
            Offering(cid + JWT_SUFFIX, name, vc_type, JWT_VC_JSON, (VC2_CONTEXT, OB3_CONTEXT))
        )
    return out


@dataclass(frozen=True)
class Recipient:
    """Who the issuer's records say the learner is: named in the credentials it issues by
    ``identifier`` entries (OB 3.0 B.1.12 IdentityObject) — the name in plain text, the email
    hashed with a fresh salt (``sha256$`` + SHA-256 of email + salt)."""

    name: str | None = None
    email: str | None = None

    def identifiers(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        if self.name:
            out.append(
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": self.name,
                }
            )
        if self.email:
            salt = secrets.token_hex(8)
            digest = hashlib.sha256((self.email + salt).encode()).hexdigest()
            out.append(
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                    "identityHash": f"sha256${digest}",
                }
            )
        return out


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class DemoCatalog:
    """The demo issuer's documents, signed with ``key``; their status entries point at the
    list it serves at ``{base_url}/status/1``. Thread-safe."""

    def __init__(self, base_url: str, key: Ed25519KeyPair) -> None:
        self.base = base_url.rstrip("/")
        self.key = key
        self.lock = threading.RLock()
        self.issued: dict[str, int] = {}  # credential id → status list index
        self.status_bits = bytearray(MIN_BITS // 8)
        self._status_credential: dict[str, Any] | None = None
        self._next_index = 0

    @property
    def did(self) -> str:
        return self.key.did

    @property
    def status_list_url(self) -> str:
        return self.base + STATUS_LIST_PATH

    # --- building credentials --------------------------------------------------------------

    def profile(self) -> dict[str, Any]:
        """The issuer's OB 3.0 ``Profile`` (its id is the key's did:key)."""
        info = read_catalog()["issuer"]
        return {
            "id": self.did,
            "type": ["Profile"],
            "name": info["name"],
            "url": info["url"],
            "email": info["email"],
            "description": info["description"],
        }

    def _status_entry(self, credential_id: str) -> dict[str, Any]:
        with self.lock:
            index = self._next_index
            self._next_index += 1
            self.issued[credential_id] = index
        url = self.status_list_url
        return {
            "id": f"{url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": url,
        }

    def _achievement(self, badge: dict[str, Any]) -> dict[str, Any]:
        achievement: dict[str, Any] = {
            "id": f"{read_catalog()['issuer']['url']}/achievements/{badge['id']}",
            "type": ["Achievement"],
            "name": badge["name"],
            "description": badge["description"],
            "criteria": {"narrative": badge["criteria"]},
            "image": {
                "id": image_data_uri(badge["image"]),
                "type": "Image",
                "caption": f"{badge['name']} badge",
            },
            "creator": self.profile(),
        }
        for key in ("achievementType", "creditsAvailable", "tag", "alignment"):
            if key in badge:
                achievement[key] = copy.deepcopy(badge[key])
        result = badge.get("result")
        if result:
            rd_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, badge['id'] + '/result')}"
            rd: dict[str, Any] = {
                "id": rd_id,
                "type": ["ResultDescription"],
                "name": result["name"],
                "resultType": result["resultType"],
            }
            for key in ("allowedValue", "valueMin", "valueMax"):
                if key in result:
                    rd[key] = result[key]
            if "levels" in result:
                rd["rubricCriterionLevel"] = [
                    {
                        "id": f"{rd_id}-{points}",
                        "type": ["RubricCriterionLevel"],
                        "name": name,
                        "points": points,
                    }
                    for name, points in result["levels"]
                ]
            achievement["resultDescription"] = [rd]
        return achievement

    @staticmethod
    def _result(badge: dict[str, Any], achievement: dict[str, Any]) -> list[dict[str, Any]]:
        result = badge.get("result")
        if not result:
            return []
        rd = achievement["resultDescription"][0]
        out: dict[str, Any] = {"type": ["Result"], "resultDescription": rd["id"]}
        if "levels" in result:
            level = next(
                lv for lv in rd["rubricCriterionLevel"] if lv["name"] == result["achieved"]
            )
            out["achievedLevel"] = level["id"]
        else:
            out["value"] = result["value"]
        return [out]

    def badge_credential(
        self,
        badge_id: str,
        subject: str,
        *,
        course: int | None = None,
        status: bool = True,
        recipient: Recipient | None = None,
    ) -> dict[str, Any]:
        """The unsigned OB 3.0 credential for the catalog's badge ``badge_id`` (or course badge
        number ``course`` when ``badge_id`` is ``"course"``), awarded to ``subject`` (named as
        ``recipient`` when given); with a status list entry unless ``status`` is false."""
        data = read_catalog()
        if badge_id == "course":
            info = data["course"]
            number = course or 1
            badge = {
                "id": f"course-{number:03d}",
                "name": f"Course {number:03d}",
                "description": info["description"],
                "criteria": f"Completed course {number:03d} with a passing grade.",
                "image": info["image"],
                "achievementType": "Course",
            }
        else:
            badge = next(b for b in data["badges"] if b["id"] == badge_id)
        achievement = self._achievement(badge)
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        now = _now()
        doc: dict[str, Any] = {
            "@context": [VC2_CONTEXT, OB3_CONTEXT],
            "id": credential_id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": badge["name"],
            "description": badge["description"],
            "image": {"id": image_data_uri(badge["image"]), "type": "Image"},
            "issuer": self.profile(),
            "validFrom": now,
            "awardedDate": now,
            "credentialSubject": {
                "id": subject,
                "type": ["AchievementSubject"],
                "achievement": achievement,
            },
        }
        if recipient is not None and recipient.identifiers():
            doc["credentialSubject"]["identifier"] = recipient.identifiers()
        result = self._result(badge, achievement)
        if result:
            doc["credentialSubject"]["result"] = result
        if "evidence" in badge:
            doc["evidence"] = [
                {
                    "id": f"{data['issuer']['url']}/evidence/{uuid.uuid4().hex[:12]}",
                    "type": ["Evidence"],
                    **badge["evidence"],
                }
            ]
        if status:
            doc["credentialStatus"] = self._status_entry(credential_id)
        return doc

    def clr_credential(self, subject: str, recipient: Recipient | None = None) -> dict[str, Any]:
        """The unsigned CLR 2.0 transcript for ``subject``: the badges it includes, each signed,
        and an ``isPartOf`` association from each achievement to the transcript's."""
        data = read_catalog()
        info = data["clr"]
        parts = [
            self.sign_ldp(self.badge_credential(b, subject, recipient=recipient))
            for b in info["includes"]
        ]
        achievements = [p["credentialSubject"]["achievement"] for p in parts]
        associations = [
            {
                "type": "Association",
                "associationType": "isPartOf",
                "sourceId": a["id"],
                "targetId": f"{data['issuer']['url']}/achievements/{info['id']}",
            }
            for a in achievements
        ]
        credential_id = f"urn:uuid:{uuid.uuid4()}"
        now = _now()
        return {
            "@context": [VC2_CONTEXT, CLR2_CONTEXT, OB3_CONTEXT],
            "id": credential_id,
            "type": ["VerifiableCredential", "ClrCredential"],
            "name": info["name"],
            "description": info["description"],
            "image": {"id": image_data_uri(info["image"]), "type": "Image"},
            "issuer": self.profile(),
            "validFrom": now,
            "awardedDate": now,
            "credentialSubject": {
                "id": subject,
                "type": ["ClrSubject"],
                "verifiableCredential": parts,
                "association": associations,
                **(
                    {"identifier": recipient.identifiers()}
                    if recipient and recipient.identifiers()
                    else {}
                ),
            },
            "credentialStatus": self._status_entry(credential_id),
        }

    # --- signing ----------------------------------------------------------------------------

    def sign_ldp(self, doc: dict[str, Any]) -> dict[str, Any]:
        """``doc`` with an eddsa-rdfc-2022 proof (a new document; ``doc`` is left as it is)."""
        return di.sign(doc, self.key.signer())

    def sign_jwt(self, doc: dict[str, Any]) -> str:
        """``doc`` as a VC-JWT (EdDSA). ``nbf`` and ``iat`` are the credential's own
        ``validFrom`` (OB 3.0 §8.2.6.1), not a second clock reading. Refused, as a Data
        Integrity proof would be, when ``doc`` breaks a rule of the VC Data Model
        (:class:`~wallet.errors.DataModelError`)."""
        require_conforming(doc)
        valid_from = parse_datetime(doc["validFrom"])
        if valid_from is None:
            raise ValueError("the credential's validFrom is not an xsd:dateTime")
        issued = int(valid_from.timestamp())
        payload = {
            "iss": self.did,
            "sub": doc["credentialSubject"]["id"],
            "jti": doc["id"],
            "nbf": issued,
            "iat": issued,
            "vc": doc,
        }
        return jws.sign_jws({"typ": "JWT"}, payload, self.key.signer())

    def issue(
        self,
        configuration_id: str,
        subject: str,
        identifier: str | None = None,
        recipient: Recipient | None = None,
    ) -> Any:
        """The signed credential of :attr:`Offering.configuration_id` ``configuration_id`` for
        ``subject`` (named as ``recipient`` when given): a JSON object (``ldp_vc``) or a VC-JWT
        string. For ``"course"``, ``identifier`` (``course-007``) picks the course's number."""
        fmt_jwt = configuration_id.endswith(JWT_SUFFIX)
        base_id = configuration_id.removesuffix(JWT_SUFFIX)
        if base_id == read_catalog()["clr"]["id"]:
            doc = self.clr_credential(subject, recipient)
        elif base_id == "course":
            number = int(identifier.rsplit("-", 1)[-1]) if identifier else 1
            doc = self.badge_credential("course", subject, course=number, recipient=recipient)
        else:
            doc = self.badge_credential(base_id, subject, recipient=recipient)
        return self.sign_jwt(doc) if fmt_jwt else self.sign_ldp(doc)

    # --- status list ----------------------------------------------------------------------

    def revoke(self, credential_id: str) -> None:
        """Set the revocation bit of an issued credential (``KeyError`` for one it did not
        issue)."""
        with self.lock:
            index = self.issued[credential_id]
            self.status_bits[index // 8] |= 0x80 >> (index % 8)
            self._status_credential = None

    def status_list_credential(self) -> dict[str, Any]:
        """The signed ``BitstringStatusListCredential`` (re-signed after each revocation)."""
        with self.lock:
            if self._status_credential is None:
                url = self.status_list_url
                self._status_credential = self.sign_ldp(
                    {
                        "@context": [VC2_CONTEXT],
                        "id": url,
                        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
                        "issuer": self.did,
                        "validFrom": _now(),
                        "credentialSubject": {
                            "id": f"{url}#list",
                            "type": "BitstringStatusList",
                            "statusPurpose": "revocation",
                            "encodedList": encode_bitstring(self.status_bits),
                        },
                    }
                )
            return self._status_credential
