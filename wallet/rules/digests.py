"""Resource integrity: the digests a document gives for what it links to, and the bytes to
check them against when they are at hand (VC Data Model 2.0 §5.3 Integrity of Related
Resources; VC Data Integrity §2.3 Resource Integrity).

* ``digestSRI``: Subresource Integrity hash expressions (SRI §3.5, ``sha384-<base64>``; of
  several, only the strongest algorithm given counts, SRI §3.3.3);
* ``digestMultibase``: a multibase (``z`` base58btc or ``u`` base64url) multihash of SHA-2 or
  SHA-3 (256, 384, 512 bits);
* bytes at hand: an inline ``data:`` URL (RFC 2397) and the JSON-LD contexts the wallet bundles
  (the very copies it uses). Nothing here fetches anything.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import urllib.parse
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

from wallet.credential import as_list
from wallet.crypto.multiformats import multibase_decode
from wallet.errors import KeyFormatError
from wallet.rules.shapes import join, show

__all__ = ["Digest", "bundled_context_bytes", "data_url_bytes", "matches", "read_digests"]

Digest = tuple[str, bytes]  # (hashlib name, digest)

_SRI = {"sha256": 32, "sha384": 48, "sha512": 64}
_SRI_ORDER = ("sha256", "sha384", "sha512")
# multihash codes: sha2-256, sha2-512, sha2-384, sha3-512, sha3-384, sha3-256
_MULTIHASH = {
    0x12: ("sha256", 32),
    0x13: ("sha512", 64),
    0x20: ("sha384", 48),
    0x14: ("sha3_512", 64),
    0x15: ("sha3_384", 48),
    0x16: ("sha3_256", 32),
}


def read_digests(item: Mapping[str, Any], path: str) -> list[Digest] | tuple[str, str]:
    """The digests ``item`` gives (its ``digestSRI`` and ``digestMultibase``, each one value or
    a list), or ``(path, message)`` saying why there are none that can be read."""
    sri, multibase = item.get("digestSRI"), item.get("digestMultibase")
    if sri in (None, []) and multibase in (None, []):
        return path, f"{path} must have a digestSRI or a digestMultibase"
    from_sri: list[Digest] = []
    for value in as_list(sri):
        for expression in value.split() if isinstance(value, str) else [value]:
            digest = _sri(expression)
            if digest is None:
                p = join(path, "digestSRI")
                return p, f"{p} is not a Subresource Integrity digest (got {show(expression)})"
            from_sri.append(digest)
    from_multibase: list[Digest] = []
    for value in as_list(multibase):
        digest = _multihash(value)
        if digest is None:
            p = join(path, "digestMultibase")
            return p, f"{p} is not a multibase-encoded multihash (got {show(value)})"
        from_multibase.append(digest)
    if from_sri:
        strongest = max(_SRI_ORDER.index(name) for name, _ in from_sri)
        from_sri = [d for d in from_sri if _SRI_ORDER.index(d[0]) == strongest]
    return from_sri + from_multibase


def matches(content: bytes, digests: list[Digest]) -> bool:
    """Whether ``content`` has one of ``digests``."""
    return any(hashlib.new(name, content).digest() == want for name, want in digests)


def _sri(expression: Any) -> Digest | None:
    """``sha384-<base64>`` (options after ``?`` ignored), per SRI §3.5."""
    if not isinstance(expression, str) or "-" not in expression:
        return None
    name, _, value = expression.partition("-")
    value = value.split("?", 1)[0]
    if name not in _SRI:
        return None
    try:
        digest = base64.b64decode(value, validate=True)
    except (ValueError, binascii.Error):
        return None
    return (name, digest) if len(digest) == _SRI[name] else None


def _multihash(value: Any) -> Digest | None:
    """A multibase multihash (Data Integrity §2.3)."""
    try:
        data = multibase_decode(value)
    except KeyFormatError:
        return None
    if len(data) < 2 or data[0] not in _MULTIHASH:
        return None
    name, size = _MULTIHASH[data[0]]
    return (name, data[2:]) if data[1] == size and len(data) == size + 2 else None


def data_url_bytes(url: str) -> bytes | None:
    """The bytes of a ``data:`` URL (RFC 2397: base64 or percent-encoded); None when it
    cannot be read."""
    header, comma, payload = url.partition(",")
    if not comma or not header.startswith("data:"):
        return None
    if header.endswith(";base64"):
        try:
            return base64.b64decode(urllib.parse.unquote(payload), validate=True)
        except (ValueError, binascii.Error):
            return None
    return urllib.parse.unquote_to_bytes(payload)


@cache
def _context_files() -> Mapping[str, str]:
    """URL → file name of the bundled contexts (``wallet/contexts/index.json``), read once."""
    root = resources.files("wallet") / "contexts"
    index = json.loads((root / "index.json").read_text("utf-8"))
    return {url: name for url, name in index.items() if isinstance(name, str)}


def bundled_context_bytes(url: str) -> bytes | None:
    """The bytes of the JSON-LD context the wallet uses for ``url``, if it bundles one."""
    name = _context_files().get(url)
    if name is None:
        return None
    return (resources.files("wallet") / "contexts" / name).read_bytes()
