"""Compose a selective presentation: a learner-signed CLR 2.0 inside a holder-signed VP.

The learner picks credentials and, per credential, reflections and artifacts. The result is

* a **ClrCredential issued and signed by the learner's did:key** (eddsa-rdfc-2022), whose
  ClrSubject carries the chosen issuer-signed credentials *unchanged* (each still verifiable on
  its own; JWT credentials as the compact strings they are), the achievements they award, and
  ``association`` entries that tie the learner's own evidence to those achievements, and the
  learner's identity as they give it (issuer Profile and ClrSubject ``identifier``); the
  reflections and artifacts are ``evidence`` of the CLR, each with ``genre`` "Learner
  reflection" / "Learner artifact" and a description saying the learner wrote it — everything
  the learner authored is marked learner-asserted. Artifacts are inline ``data:`` URIs when
  small, else links with a ``digestMultibase`` (SHA-256) so that their integrity can be checked;
* the learner's **Open Badges 2.0 badges** (:class:`BadgeInput`), which cannot be inside a CLR
  2.0 as credentials (they are not Verifiable Credentials), are ``evidence`` of the CLR too,
  ``genre`` :data:`OB2_BADGE`: the assertion exactly as received (its JSON, or the compact JWS
  of a signed one) as a ``data:`` URI with its ``digestMultibase``, and a hosted badge's address
  as ``url``; learner-asserted like the rest — a reader verifies each the OB 2.0 way
  (:mod:`wallet.ob2.carried`), never as an OB 3.0 credential;
* wrapped in a **VerifiablePresentation signed by the holder** (proof purpose
  ``authentication``, with ``challenge``, ``domain`` and ``expires``).

Pure: no disk, no network. :mod:`wallet.storage.service` gathers the inputs from the vault.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.credential import objects
from wallet.crypto.keys import Signer
from wallet.crypto.multiformats import multibase_encode
from wallet.errors import SigningError, WalletError
from wallet.formats.vcjwt import unverified_credential
from wallet.presenting.identity import LearnerIdentity, issuer_profile, subject_identifiers
from wallet.proofs import dataintegrity as di
from wallet.vocab import CLR2_CONTEXT, OB3_CONTEXT, VC2_CONTEXT

__all__ = [
    "DEFAULT_TITLE",
    "INLINE_ARTIFACT_BYTES",
    "LEARNER_ARTIFACT",
    "LEARNER_REFLECTION",
    "OB2_BADGE",
    "ArtifactInput",
    "BadgeInput",
    "CredentialInput",
    "ReflectionInput",
    "compose",
    "digest_multibase",
]

DEFAULT_TITLE = "Learner record"
"""A presentation's name when the learner gives none; readers show their own words for it
(:func:`wallet.record.view.record_view`: "Learner record of Jimin Park", in the reader's
language)."""

INLINE_ARTIFACT_BYTES = 64 * 1024
LEARNER_REFLECTION = "Learner reflection"
LEARNER_ARTIFACT = "Learner artifact"
LEARNER_ASSERTED = "Written by the learner; not verified by any issuer."
OB2_BADGE = "Open Badges 2.0 badge"
OB2_ASSERTED = (
    "An Open Badges 2.0 badge the learner holds, as they received it. It is not an "
    "Open Badges 3.0 credential and no issuer signed it into this record: verify it "
    "the Open Badges 2.0 way, with its host or its signature."
)


def digest_multibase(data: bytes) -> str:
    """``digestMultibase`` of data: multibase(base58btc, multihash(sha2-256))."""
    return multibase_encode(b"\x12\x20" + hashlib.sha256(data).digest(), "z")


@dataclass(frozen=True)
class ReflectionInput:
    id: str
    title: str
    text: str
    credential_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArtifactInput:
    id: str
    name: str
    media_type: str
    content: bytes | None = None  # a file (None: a link artifact)
    url: str | None = None  # a link artifact, or where a large file will be served from
    credential_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class BadgeInput:
    """An Open Badges 2.0 badge the learner holds: ``assertion`` exactly as received (its
    JSON text, or a signed assertion's compact JWS — ``media_type``
    ``application/ld+json`` or ``application/jose``), and a hosted badge's address."""

    id: str  # the vault's id
    name: str
    assertion: bytes
    media_type: str
    hosted_url: str | None = None
    signed: bool = False


@dataclass(frozen=True)
class CredentialInput:
    id: str  # the vault's id, to tie reflections and artifacts to it
    credential: Any  # the credential as received: a JSON object, or a compact JWT


@dataclass
class Composed:
    presentation: dict[str, Any]
    clr: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)  # evidence URL → content to upload


def _achievement_of(credential: Any) -> dict[str, Any] | None:
    doc = credential
    if isinstance(credential, str):
        try:
            doc = unverified_credential(credential)
        except WalletError:
            return None
    subjects = objects(doc.get("credentialSubject")) if isinstance(doc, Mapping) else []
    achievement = subjects[0].get("achievement") if subjects else None
    return dict(achievement) if isinstance(achievement, Mapping) else None


def _reference(achievement: dict[str, Any]) -> dict[str, Any]:
    """The ClrSubject's entry for an achievement awarded by a credential inside: the same node
    (same id), named, without repeating the parts that carry no id of their own (criteria,
    alignments, result descriptions). In the RDF graph it *is* the issuer's achievement; copying
    those anonymous parts would only create look-alike blank nodes, which make canonicalization
    expensive (RDFC-1.0 §4.8) without saying anything new."""
    keep = (
        "id",
        "type",
        "name",
        "description",
        "achievementType",
        "image",
        "humanCode",
        "fieldOfStudy",
    )
    out = {k: achievement[k] for k in keep if k in achievement}
    criteria = achievement.get("criteria")
    if isinstance(criteria, Mapping) and isinstance(criteria.get("id"), str):
        out["criteria"] = {"id": criteria["id"]}
    return out


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def compose(
    credentials: Sequence[CredentialInput],
    *,
    holder: Signer,
    holder_did: str,
    holder_name: str | None = None,
    learner: LearnerIdentity | None = None,
    reflections: Sequence[ReflectionInput] = (),
    artifacts: Sequence[ArtifactInput] = (),
    title: str = DEFAULT_TITLE,
    challenge: str | None = None,
    domain: str | None = None,
    expires_in: timedelta = timedelta(days=7),
    file_base_url: str | None = None,
    now: datetime | None = None,
    badges: Sequence[BadgeInput] = (),
) -> Composed:
    """Build and sign the CLR and the presentation. Large artifacts become links under
    ``file_base_url`` (their content returned in :attr:`Composed.files` for upload); without a
    base URL, every artifact is inlined. ``learner`` is who the learner says they are (name,
    headline, photo, links, and the email or student id they disclose), carried in the CLR's
    issuer Profile and ClrSubject ``identifier`` (:mod:`wallet.presenting.identity`);
    ``holder_name``
    alone is the name only. ``badges``: Open Badges 2.0 badges, carried as evidence (module
    docstring)."""
    if not credentials and not badges:
        raise SigningError("choose at least one credential to present")
    now = now or datetime.now(UTC)
    expires = _iso(now + expires_in)
    issued = _iso(now)
    chosen = {c.id for c in credentials}
    clr_id = f"urn:uuid:{uuid.uuid4()}"

    achievements: list[dict[str, Any]] = []
    by_credential: dict[str, str] = {}  # vault id → achievement id
    for item in credentials:
        achievement = _achievement_of(item.credential)
        if achievement and isinstance(achievement.get("id"), str):
            by_credential[item.id] = achievement["id"]
            if all(a.get("id") != achievement["id"] for a in achievements):
                achievements.append(_reference(achievement))

    evidence: list[dict[str, Any]] = []
    associations: list[dict[str, Any]] = []
    files: dict[str, bytes] = {}

    def link(evidence_id: str, credential_ids: tuple[str, ...]) -> None:
        for cid in credential_ids:
            if cid in chosen and cid in by_credential:
                associations.append(
                    {
                        "type": "Association",
                        "associationType": "isRelatedTo",
                        "sourceId": evidence_id,
                        "targetId": by_credential[cid],
                    }
                )

    for reflection in reflections:
        evidence_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, clr_id + reflection.id)}"
        evidence.append(
            {
                "id": evidence_id,
                "type": ["Evidence"],
                "name": reflection.title,
                "narrative": reflection.text,
                "genre": LEARNER_REFLECTION,
                "description": LEARNER_ASSERTED,
            }
        )
        link(evidence_id, reflection.credential_ids)

    for artifact in artifacts:
        entry: dict[str, Any] = {
            "type": ["Evidence"],
            "name": artifact.name,
            "genre": LEARNER_ARTIFACT,
            "description": f"{LEARNER_ASSERTED} ({artifact.media_type})",
        }
        if artifact.content is None:
            if not artifact.url:
                raise SigningError(f"the link artifact {artifact.name!r} has no URL")
            entry["id"] = artifact.url
        else:
            entry["digestMultibase"] = digest_multibase(artifact.content)
            if len(artifact.content) <= INLINE_ARTIFACT_BYTES or not file_base_url:
                encoded = base64.b64encode(artifact.content).decode("ascii")
                entry["id"] = f"data:{artifact.media_type};base64,{encoded}"
            else:
                url = f"{file_base_url.rstrip('/')}/{hashlib.sha256(artifact.content).hexdigest()}"
                entry["id"] = url
                files[url] = artifact.content
        evidence.append(entry)
        link(entry["id"], artifact.credential_ids)

    for held in badges:
        encoded = base64.b64encode(held.assertion).decode("ascii")
        entry = {
            "id": f"data:{held.media_type};base64,{encoded}",
            "type": ["Evidence"],
            "name": held.name,
            "genre": OB2_BADGE,
            "description": OB2_ASSERTED,
            "digestMultibase": digest_multibase(held.assertion),
        }
        if held.hosted_url:
            entry["url"] = held.hosted_url
        evidence.append(entry)

    subject: dict[str, Any] = {
        "id": holder_did,
        "type": ["ClrSubject"],
        "verifiableCredential": [c.credential for c in credentials],
    }
    if achievements:
        subject["achievement"] = achievements
    if associations:
        subject["association"] = associations
    if learner is None and holder_name:
        learner = LearnerIdentity(name=holder_name)
    identifiers = subject_identifiers(learner)
    if identifiers:
        subject["identifier"] = identifiers
    issuer = issuer_profile(holder_did, learner)
    clr: dict[str, Any] = {
        "@context": [VC2_CONTEXT, CLR2_CONTEXT, OB3_CONTEXT],
        "id": clr_id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": title,
        "description": "Chosen by the learner. The credentials inside are signed by their "
        "issuers; the evidence is the learner's own.",
        "issuer": issuer,
        "validFrom": issued,
        "validUntil": expires,
        "credentialSubject": subject,
    }
    if evidence:
        clr["evidence"] = evidence
    clr = di.sign(clr, holder, created=issued)
    presentation = {
        "@context": [VC2_CONTEXT],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiablePresentation"],
        "holder": holder_did,
        "verifiableCredential": [clr],
    }
    presentation = di.sign(
        presentation,
        holder,
        proof_purpose="authentication",
        challenge=challenge,
        domain=domain,
        expires=expires,
        created=issued,
    )
    return Composed(presentation, clr, files)
