"""Build real, signed OB 3.0 / CLR 2.0 credentials and status lists for tests."""

from __future__ import annotations

import copy
import struct
import uuid
import zlib
from typing import Any

from wallet.crypto.keys import Ed25519KeyPair, Signer
from wallet.proofs import dataintegrity as di
from wallet.proofs import registry
from wallet.proofs.base import unsecured_of
from wallet.verification.status import MIN_BITS, encode_bitstring

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CLR2 = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"


def badge(key: Ed25519KeyPair, **overrides: Any) -> dict[str, Any]:
    """An unsigned OpenBadgeCredential issued by ``key``'s did:key; an override of None removes
    the field."""
    doc: dict[str, Any] = {
        "@context": [VC2, OB3],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork Badge",
        "description": "Recognises collaboration within a group.",
        "issuer": {
            "id": key.did,
            "type": ["Profile"],
            "name": "Example College",
            "url": "https://college.example",
        },
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://college.example/achievements/teamwork",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Collaborates within a group to reach a shared goal.",
                "criteria": {"narrative": "Nominated by peers and confirmed by staff."},
            },
        },
    }
    for key, value in overrides.items():
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


def signed_badge(key: Ed25519KeyPair, **overrides: Any) -> dict[str, Any]:
    return di.sign(badge(key, **overrides), key.signer(), created="2024-01-01T00:00:00Z")


def sign_unchecked(
    doc: dict[str, Any],
    signer: Signer,
    *,
    created: str = "2024-01-01T00:00:00Z",
    proof_purpose: str = "assertionMethod",
) -> dict[str, Any]:
    """``doc`` with a real eddsa-rdfc-2022 proof made by the suite itself, without the
    signer's VC Data Model check (:func:`wallet.rules.vcdm.require_conforming`): what another
    issuer's software may send, which the wallet's own signer refuses — for testing that the
    verifier flags it."""
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": created,
        "verificationMethod": signer.key_id,
        "proofPurpose": proof_purpose,
    }
    suite = registry.cryptosuite("eddsa-rdfc-2022")
    assert suite is not None and suite.create is not None
    return {**doc, "proof": suite.create(unsecured_of(doc), signer, options, None)}


def status_list(
    issuer: Ed25519KeyPair, url: str, revoked: set[int] = frozenset(), purpose: str = "revocation"
) -> dict[str, Any]:
    """A signed BitstringStatusListCredential with ``revoked`` indices set."""
    bits = bytearray(MIN_BITS // 8)
    for index in revoked:
        bits[index // 8] |= 0x80 >> (index % 8)
    doc = {
        "@context": [VC2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer.did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encode_bitstring(bits),
        },
    }
    return di.sign(doc, issuer.signer(), created="2024-01-01T00:00:00Z")


def status_entry(url: str, index: int, purpose: str = "revocation") -> dict[str, Any]:
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def clr(issuer: Ed25519KeyPair, credentials: list[Any]) -> dict[str, Any]:
    """A signed ClrCredential carrying ``credentials`` (signed dicts or JWT strings)."""
    doc = {
        "@context": [VC2, CLR2, OB3],
        "id": f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": "Transcript",
        "issuer": {"id": issuer.did, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["ClrSubject"],
            "verifiableCredential": copy.deepcopy(credentials),
        },
    }
    return di.sign(doc, issuer.signer(), created="2024-01-01T00:00:00Z")


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return (
        struct.pack(">I", len(body))
        + kind
        + body
        + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    )


def tiny_png(*extra: bytes) -> bytes:
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + b"".join(extra)
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )
