"""Credential status: is the credential revoked or suspended?

Supported entries (``credentialStatus``):

* ``BitstringStatusListEntry`` — W3C Bitstring Status List 1.0 §3: ``encodedList`` is multibase
  base64url of a GZIP-compressed bitstring, bit 0 the left-most bit of the first byte, at least
  131,072 bits; the status list credential must be authentic and carry the same purpose.
* ``StatusList2021Entry`` — the CCG predecessor (same bitstring, ``encodedList`` plain base64url).
* ``1EdTechRevocationList`` — 1EdTech Revocation List 1.0: the entry's ``id`` returns a list whose
  ``revokedCredentials`` name revoked credential ids.

Status lists are fetched through the injected fetcher. When the list cannot be had (offline,
network error, malformed or unauthentic list) the status is *unknown*: a warning, never a pass
and never a failure. Only an authentic list that marks the credential gives a failure.
"""

from __future__ import annotations

import base64
import binascii
import gzip
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wallet.credential import as_list, objects, type_names
from wallet.crypto.multiformats import multibase_decode
from wallet.errors import FetchError, KeyFormatError
from wallet.fetch import Fetcher

__all__ = ["StatusOutcome", "check_status", "decode_bitstring", "encode_bitstring"]

MIN_BITS = 131_072
MAX_LIST_BYTES = 16 * 1024 * 1024  # decompressed bound: 128 Mi entries
MAX_ENTRIES = 8  # status entries checked per credential; any further ones are a warning


@dataclass(frozen=True)
class StatusOutcome:
    state: str  # "ok" | "revoked" | "suspended" | "flagged" | "unknown" | "none"
    message: str


def encode_bitstring(bits: bytes | bytearray) -> str:
    """The ``encodedList`` of a Bitstring Status List (multibase base64url of GZIP)."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode("ascii")


def decode_bitstring(encoded: str, *, multibase: bool = True) -> bytes:
    """The raw bitstring bytes; raises ValueError for anything malformed or oversized."""
    try:
        if multibase:
            compressed = multibase_decode(encoded)
        else:
            compressed = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (KeyFormatError, binascii.Error, ValueError) as exc:
        raise ValueError("encodedList is not valid base64url") from exc
    try:
        inflater = zlib.decompressobj(wbits=31)
        data = inflater.decompress(compressed, MAX_LIST_BYTES + 1)
    except zlib.error as exc:
        raise ValueError("encodedList is not GZIP data") from exc
    if len(data) > MAX_LIST_BYTES:
        raise ValueError("the status list is implausibly large")
    return data


def _bit(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def _issuer_id(doc: Mapping[str, Any]) -> str | None:
    issuer = doc.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


ListVerifier = Callable[[Mapping[str, Any]], str | None]
"""Checks a fetched status list credential; returns None when authentic, else the reason."""


def _fetch_json(url: str, fetcher: Fetcher, cache: dict[str, Any]) -> Any:
    if url not in cache:
        cache[url] = fetcher.get(url).json()
    return cache[url]


def _bitstring_entry(
    entry: Mapping[str, Any],
    credential: Mapping[str, Any],
    fetcher: Fetcher,
    verify_list: ListVerifier,
    cache: dict[str, Any],
) -> StatusOutcome:
    legacy = entry.get("type") == "StatusList2021Entry"
    url = entry.get("statusListCredential")
    purpose = entry.get("statusPurpose")
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError:
        return StatusOutcome("unknown", "the status entry has no valid statusListIndex")
    if not isinstance(url, str) or not isinstance(purpose, str) or index < 0:
        return StatusOutcome("unknown", "the status entry is incomplete")
    try:
        listed = _fetch_json(url, fetcher, cache)
    except FetchError as exc:
        return StatusOutcome(
            "unknown", f"status unknown: the status list could not be fetched ({exc.message})"
        )
    if not isinstance(listed, Mapping):
        return StatusOutcome("unknown", "status unknown: the status list is not a credential")
    expected_type = "StatusList2021Credential" if legacy else "BitstringStatusListCredential"
    if expected_type not in type_names(listed.get("type")):
        return StatusOutcome("unknown", f"status unknown: the status list is not a {expected_type}")
    problem = verify_list(listed)
    if problem:
        return StatusOutcome(
            "unknown", f"status unknown: the status list is not authentic ({problem})"
        )
    if _issuer_id(listed) != _issuer_id(credential):
        return StatusOutcome(
            "unknown",
            "status unknown: the status list was issued by someone "
            "other than the credential's issuer",
        )
    subject = next(iter(objects(listed.get("credentialSubject"))), None)
    if subject is None or not isinstance(subject.get("encodedList"), str):
        return StatusOutcome("unknown", "status unknown: the status list has no encodedList")
    list_purpose = subject.get("statusPurpose")
    purposes = as_list(list_purpose)
    if purpose not in purposes:
        return StatusOutcome(
            "unknown",
            f"status unknown: the list is for {list_purpose!r}, the entry for {purpose!r}",
        )
    try:
        bits = decode_bitstring(subject["encodedList"], multibase=not legacy)
    except ValueError as exc:
        return StatusOutcome("unknown", f"status unknown: {exc}")
    if not legacy and len(bits) * 8 < MIN_BITS:
        return StatusOutcome(
            "unknown",
            "status unknown: the status list is shorter than the "
            "131,072 entries the specification requires",
        )
    if index >= len(bits) * 8:
        return StatusOutcome("unknown", "status unknown: the index lies outside the status list")
    if not _bit(bits, index):
        return StatusOutcome("ok", f"not {_purpose_word(purpose)}")
    if purpose == "revocation":
        return StatusOutcome("revoked", "the issuer has revoked this credential")
    if purpose == "suspension":
        return StatusOutcome("suspended", "the issuer has suspended this credential")
    return StatusOutcome("flagged", f"the issuer's {purpose} status list flags this credential")


def _purpose_word(purpose: str) -> str:
    return {"revocation": "revoked", "suspension": "suspended"}.get(purpose, f"flagged ({purpose})")


def _onedtech_entry(
    entry: Mapping[str, Any],
    credential: Mapping[str, Any],
    fetcher: Fetcher,
    cache: dict[str, Any],
) -> StatusOutcome:
    url = entry.get("id")
    if not isinstance(url, str):
        return StatusOutcome("unknown", "the revocation list entry has no id")
    try:
        listed = _fetch_json(url, fetcher, cache)
    except FetchError as exc:
        return StatusOutcome(
            "unknown", f"status unknown: the revocation list could not be fetched ({exc.message})"
        )
    revoked = listed.get("revokedCredentials") if isinstance(listed, Mapping) else None
    if not isinstance(revoked, list):
        return StatusOutcome("unknown", "status unknown: the revocation list is malformed")
    if isinstance(listed.get("issuer"), (str, Mapping)) and _issuer_id(listed) != _issuer_id(
        credential
    ):
        return StatusOutcome(
            "unknown", "status unknown: the revocation list belongs to another issuer"
        )
    cid = credential.get("id")
    for item in revoked:
        rid = item.get("id") if isinstance(item, Mapping) else item
        if cid is not None and rid == cid:
            reason = item.get("revocationReason") if isinstance(item, Mapping) else None
            return StatusOutcome(
                "revoked",
                "the issuer has revoked this credential"
                + (f": {reason}" if isinstance(reason, str) else ""),
            )
    return StatusOutcome("ok", "not revoked")


def check_status(
    credential: Mapping[str, Any],
    *,
    fetcher: Fetcher | None,
    verify_list: ListVerifier,
    cache: dict[str, Any] | None = None,
) -> list[StatusOutcome]:
    """One outcome per status entry of ``credential`` (empty when it has none); past
    :data:`MAX_ENTRIES` entries, one "unknown" outcome for all the rest."""
    outcomes = []
    cache = {} if cache is None else cache
    entries = objects(credential.get("credentialStatus"))
    for entry in entries[:MAX_ENTRIES]:
        kind = entry.get("type")
        if kind not in ("BitstringStatusListEntry", "StatusList2021Entry", "1EdTechRevocationList"):
            outcomes.append(
                StatusOutcome(
                    "unknown", f"status unknown: the status type {kind!r} is not supported"
                )
            )
        elif fetcher is None:
            outcomes.append(
                StatusOutcome(
                    "unknown",
                    "status unknown: checking it needs the network, and verification is offline",
                )
            )
        elif kind == "1EdTechRevocationList":
            outcomes.append(_onedtech_entry(entry, credential, fetcher, cache))
        else:
            outcomes.append(_bitstring_entry(entry, credential, fetcher, verify_list, cache))
    if len(entries) > MAX_ENTRIES:
        outcomes.append(
            StatusOutcome(
                "unknown",
                f"status unknown for {len(entries) - MAX_ENTRIES}"
                f" of the {len(entries)} status entries: at most "
                f"{MAX_ENTRIES} are checked per credential",
            )
        )
    return outcomes
