"""Adversarial credentials, each shape grown to a size in bytes: the corpus of
``benchmarks/hostile.py`` (up to the 5 MB input limit) and, smaller but still pathological, of
``tests/core/test_hostile.py``.

Every generator takes ``size`` (the serialized bytes to aim for; the result is within a few
percent, never above the 5 MB limit) and returns the credential as bytes, as it would arrive.
Where a valid signature changes nothing about the work (canonicalization comes before the
signature check) the proof is one copied from a small credential; nested credentials
(endorsements, a CLR's contents) are really signed.
"""

from __future__ import annotations

import base64
import copy
import json
import random
from collections.abc import Callable
from functools import cache
from typing import Any

from factories import OB3, VC2, badge, clr, signed_badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair

LIMIT = 5 * 1024 * 1024
LINK = {
    "zzLink": {"@id": "https://hostile.example/vocab#link", "@type": "@id"},
    "zzNest": {"@id": "https://hostile.example/vocab#nest"},
    "zzValue": {"@id": "https://hostile.example/vocab#value"},
}
"""An inline context: terms that link nodes (the bundled contexts have few such terms)."""


@cache
def key() -> Ed25519KeyPair:
    return Ed25519KeyPair.from_seed(bytes(range(32)))


@cache
def _small() -> dict[str, Any]:
    return signed_badge(key())


def _proof() -> dict[str, Any]:
    return copy.deepcopy(_small()["proof"])


def _encode(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _fit(build: Callable[[int], Any], size: int, *, start: int = 16) -> bytes:
    """``build(n)`` for the largest n (found by doubling, then by proportion) whose bytes stay
    within ``size`` and the 5 MB limit."""
    size = min(size, LIMIT)
    n, data = start, _encode(build(start))
    while len(data) < size:
        grown = max(n + 1, int(n * min(2.0, size / max(len(data), 1))))
        candidate = _encode(build(grown))
        if len(candidate) > size:
            # proportional step down to fit
            grown = max(n, int(grown * size / len(candidate) * 0.995))
            candidate = _encode(build(grown))
            if len(candidate) > size:
                break
            n, data = grown, candidate
            break
        n, data = grown, candidate
    return data


def _base(**overrides: Any) -> dict[str, Any]:
    doc = badge(key(), **overrides)
    doc["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    doc["proof"] = _proof()
    return doc


def signed(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` signed by :func:`key` in place of its proof, when the wallet can sign it (a
    document over the limits cannot be signed either: then its copied proof stays)."""
    from wallet.errors import SigningError
    from wallet.proofs import dataintegrity as di

    unsigned = {k: v for k, v in doc.items() if k != "proof"}
    try:
        return di.sign(unsigned, key().signer(), created="2024-01-01T00:00:00Z")
    except SigningError:  # "cannot sign: … too complex"
        return doc


def _signed_fit(build: Callable[[int], Any], size: int, *, start: int = 16) -> bytes:
    """:func:`_fit`, then the document really signed when the wallet can sign it (the proof
    is as long as the copied one, give or take a few bytes)."""
    return _encode(signed(json.loads(_fit(build, size - 200, start=start))))


def _linked(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    doc = _base()
    doc["@context"] = [VC2, OB3, LINK]
    doc["credentialSubject"]["achievement"]["zzNest"] = nodes
    return doc


# --- JSON-LD expansion and pyld's node map -------------------------------------------------------


def tags(size: int) -> bytes:
    """One achievement with very many distinct ``tag`` strings (quadratic merging)."""

    def build(n: int) -> Any:
        doc = _base()
        doc["credentialSubject"]["achievement"]["tag"] = [f"t{i}" for i in range(n)]
        return doc

    return _signed_fit(build, size)


def same_id(size: int) -> bytes:
    """Many objects with one ``id``, each adding a distinct value: pyld merges them into one
    node, comparing every value with every other."""

    def build(n: int) -> Any:
        return _linked([{"id": "urn:hostile:one", "zzValue": f"v{i}"} for i in range(n)])

    return _signed_fit(build, size)


def aliases(size: int) -> bytes:
    """An inline context with thousands of terms for one IRI, all used on one node."""

    def build(n: int) -> Any:
        doc = _base()
        doc["@context"] = [VC2, OB3, {f"zz{i}": "https://schema.org/name" for i in range(n)}]
        achievement = doc["credentialSubject"]["achievement"]
        achievement.update({f"zz{i}": f"v{i}" for i in range(n)})
        return doc

    return _signed_fit(build, size)


def scoped_paths(size: int) -> bytes:
    """Property-scoped contexts of 200 terms, nested along thousands of distinct paths: each
    new path makes pyld process a scoped context again (54 KB took 9 s)."""
    terms = {f"zt{i}": f"https://hostile.example/t{i}" for i in range(200)}
    context = {
        f"zp{k}": {"@id": f"https://hostile.example/p{k}", "@context": terms} for k in range(5)
    }

    def chain(seed: int) -> Any:
        choose = random.Random(seed)
        node: Any = {"zt1": "x"}
        for _ in range(40):
            node = {f"zp{choose.randrange(5)}": node}
        return node

    def build(n: int) -> Any:
        doc = _base()
        doc["@context"] = [VC2, OB3, context]
        doc["credentialSubject"]["achievement"]["zp0"] = [chain(i) for i in range(n)]
        return doc

    return _signed_fit(build, size, start=2)


def wide_tree(size: int) -> bytes:
    """Many small nodes with ids, in a tree (no quadratic merging: pure expansion work)."""

    def build(n: int) -> Any:
        leaves = [{"id": f"urn:hostile:{i}", "zzValue": f"value {i}"} for i in range(n)]
        groups = [{"zzNest": leaves[i : i + 50]} for i in range(0, n, 50)]
        return _linked(groups)

    return _signed_fit(build, size)


def numbers(size: int) -> bytes:
    """Very many numbers (each expanded to an xsd:double or xsd:integer literal)."""

    def build(n: int) -> Any:
        groups = [{"zzValue": [i + 0.5 for i in range(j, min(j + 50, n))]} for j in range(0, n, 50)]
        return _linked(groups)

    return _signed_fit(build, size)


def deep(size: int) -> bytes:
    """Objects nested as deeply as the JSON reader allows, many times over."""

    def chain(depth: int, tag: int) -> Any:
        node: Any = {"zzValue": f"leaf {tag}"}
        for _ in range(depth):
            node = {"zzNest": node}
        return node

    def build(n: int) -> Any:
        return _linked([chain(90, i) for i in range(n)])

    return _signed_fit(build, size, start=1)


def empty_objects(size: int) -> bytes:
    """A CLR whose subjects list very many empty objects as credentials, 4,000 a subject
    (fan-out: each is verified on its own)."""

    def build(n: int) -> Any:
        doc = copy.deepcopy(_clr_template())
        subject = doc["credentialSubject"]
        doc["credentialSubject"] = [
            {**subject, "verifiableCredential": [{} for _ in range(min(4000, n - i))]}
            for i in range(0, n, 4000)
        ]
        return doc

    return _signed_fit(build, size)


def fan_out(item: Any, count: int, *, per_subject: int = 1_000) -> bytes:
    """A CLR whose subjects carry ``count`` copies of ``item`` as credentials, ``per_subject``
    a subject: each is verified on its own, however little it is (an empty object, a string
    that is not a JWT)."""
    doc = copy.deepcopy(_clr_template())
    subject = doc["credentialSubject"]
    doc["credentialSubject"] = [
        {
            **subject,
            "verifiableCredential": [
                copy.deepcopy(item) for _ in range(min(per_subject, count - i))
            ],
        }
        for i in range(0, count, per_subject)
    ]
    return _encode(doc)


# --- blank nodes (canonicalization) --------------------------------------------------------------


def clique(size: int) -> bytes:
    """Blank nodes each linked to every other: symmetric, so Hash N-Degree Quads explodes."""

    def build(n: int) -> Any:
        return _linked(
            [{"id": f"_:n{i}", "zzLink": [f"_:n{j}" for j in range(n) if j != i]} for i in range(n)]
        )

    return _signed_fit(build, size, start=4)


def star(size: int) -> bytes:
    """One blank node linked to very many identical blank leaves."""

    def build(n: int) -> Any:
        return _linked([{"id": "_:center", "zzLink": [f"_:leaf{i}" for i in range(n)]}])

    return _signed_fit(build, size)


def cycle(size: int) -> bytes:
    """One long ring of identical blank nodes."""

    def build(n: int) -> Any:
        return _linked([{"id": f"_:r{i}", "zzLink": f"_:r{(i + 1) % n}"} for i in range(n)])

    return _signed_fit(build, size)


def rings(size: int) -> bytes:
    """Many small identical rings of blank nodes (each tie needs Hash N-Degree Quads)."""

    def build(n: int) -> Any:
        return _linked(
            [
                {"id": f"_:r{i}-{k}", "zzLink": f"_:r{i}-{(k + 1) % 4}"}
                for i in range(n)
                for k in range(4)
            ]
        )

    return _signed_fit(build, size)


def identical_blanks(size: int) -> bytes:
    """Very many identical blank nodes without ids (identical alignments)."""

    def build(n: int) -> Any:
        doc = _base()
        doc["credentialSubject"]["achievement"]["alignment"] = [
            {"type": ["Alignment"], "targetName": "Same", "targetUrl": "https://x.example/a"}
            for _ in range(n)
        ]
        return doc

    return _signed_fit(build, size)


# --- many of one thing ---------------------------------------------------------------------------


def proofs(size: int) -> bytes:
    """A small credential carrying a very long proof set, every proof valid."""

    def build(n: int) -> Any:
        doc = copy.deepcopy(_small())
        doc["proof"] = [copy.deepcopy(_small()["proof"]) for _ in range(n)]
        return doc

    return _fit(build, size)


def status_entries(size: int) -> bytes:
    """Very many status entries."""

    def build(n: int) -> Any:
        doc = _base()
        url = "https://status.example/list"
        doc["credentialStatus"] = [
            {
                "id": f"{url}#{i}",
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": str(i),
                "statusListCredential": url,
            }
            for i in range(n)
        ]
        return doc

    return _signed_fit(build, size)


@cache
def _endorsement() -> dict[str, Any]:
    doc = {
        "@context": [VC2, OB3],
        "id": "urn:uuid:00000000-0000-4000-8000-0000000000e1",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement",
        "issuer": {"id": key().did, "type": ["Profile"], "name": "Endorser"},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://college.example/achievements/teamwork",
            "type": ["EndorsementSubject"],
            "endorsementComment": "Good.",
        },
    }
    from wallet.proofs import dataintegrity as di

    return di.sign(doc, key().signer(), created="2024-01-01T00:00:00Z")


def endorsements(size: int) -> bytes:
    """An achievement with very many (signed) endorsements, each verified on its own."""

    def build(n: int) -> Any:
        doc = _base()
        doc["credentialSubject"]["achievement"]["endorsement"] = [
            copy.deepcopy(_endorsement()) for _ in range(n)
        ]
        return doc

    return _signed_fit(build, size, start=2)


@cache
def _clr_template() -> dict[str, Any]:
    doc = clr(key(), [])
    doc["id"] = "urn:uuid:00000000-0000-4000-8000-0000000000c1"
    return doc


@cache
def _nested_badges(n: int) -> tuple[dict[str, Any], ...]:
    return tuple(
        signed_badge(key(), name=f"Course {i}", id=f"urn:uuid:course-{i}") for i in range(n)
    )


def clr_nested(count: int) -> bytes:
    """A CLR carrying ``count`` signed credentials (as a CLR of a long transcript would),
    itself signed when it is not too complex to sign."""
    doc = copy.deepcopy(_clr_template())
    doc["credentialSubject"]["verifiableCredential"] = [
        copy.deepcopy(c) for c in _nested_badges(count)
    ]
    return _encode(signed(doc))


@cache
def _demo_credentials(count: int) -> tuple[dict[str, Any], ...]:
    from wallet.demo.catalog import read_catalog as catalog
    from wallet.demo.issuer import DemoIssuer

    issuer = DemoIssuer("https://issuer.example", key=key())
    badges = [b["id"] for b in catalog()["badges"]]
    return tuple(
        issuer.sign_ldp(
            issuer.badge_credential("course", "did:example:learner", course=i + 1)
            if i % 2
            else issuer.badge_credential(badges[i % len(badges)], "did:example:learner")
        )
        for i in range(count)
    )


def presentation(count: int) -> bytes:
    """What the wallet composes (:func:`wallet.presenting.present.compose`): a presentation of a
    learner's
    CLR carrying ``count`` credentials of the demo issuer (course badges and its catalog)."""
    from wallet.presenting.present import CredentialInput, compose

    holder = Ed25519KeyPair.from_seed(bytes(range(1, 33)))
    composed = compose(
        [CredentialInput(id=str(i), credential=c) for i, c in enumerate(_demo_credentials(count))],
        holder=holder.signer(),
        holder_did=holder.did,
        holder_name="A. Learner",
    )
    return _encode(composed.presentation)


def clr_of_clrs(size: int) -> bytes:
    """A CLR of CLRs of credentials: every level is expanded again."""
    inner = json.loads(clr_nested(20))

    def build(n: int) -> Any:
        doc = copy.deepcopy(_clr_template())
        doc["credentialSubject"]["verifiableCredential"] = [inner] * n
        return doc

    return _signed_fit(build, size, start=1)


def jwt_clr(size: int) -> bytes:
    """A VC-JWT whose CLR payload carries one signed credential very many times (each is
    verified on its own)."""
    signer = key().signer()

    def build(n: int) -> str:
        vc = copy.deepcopy(_clr_template())
        vc.pop("proof", None)
        vc["credentialSubject"]["verifiableCredential"] = [_small()] * n
        payload = {"iss": key().did, "nbf": 1704067200, "vc": vc}
        return sign_jws({"alg": "EdDSA", "typ": "JWT", "kid": signer.key_id}, payload, signer)

    # the token's size grows by a third over the payload's: fit on the token itself
    n, token = 16, build(16)
    while len(token) < min(size, LIMIT) * 0.7:
        n *= 2
        token = build(n)
    while len(token) > min(size, LIMIT):
        n = int(n * 0.9)
        token = build(n)
    return token.encode("ascii")


# --- big literals --------------------------------------------------------------------------------


def big_text(size: int) -> bytes:
    """One description of nearly 5 MB of plain text (signed: a legitimate shape)."""

    def build(n: int) -> Any:
        return _base(description="lorem ipsum " * n)

    return _signed_fit(build, size)


def big_controls(size: int) -> bytes:
    """A description of control characters, each escaped in JSON and in canonical N-Quads."""

    def build(n: int) -> Any:
        return _base(description="\u0001\b" * n)

    return _signed_fit(build, size)


def big_unicode(size: int) -> bytes:
    """A description of multi-byte characters (3 and 4 bytes each in UTF-8)."""

    def build(n: int) -> Any:
        return _base(description="漢😀" * n)

    return _signed_fit(build, size)


def big_data_uri(size: int) -> bytes:
    """An achievement image as a nearly 5 MB data: URI (a legitimate shape)."""

    def build(n: int) -> Any:
        doc = _base()
        payload = base64.b64encode(b"\x89PNG" + bytes(n)).decode("ascii")
        doc["credentialSubject"]["achievement"]["image"] = {
            "id": f"data:image/png;base64,{payload}",
            "type": "Image",
        }
        return doc

    return _signed_fit(build, size)


def many_strings(size: int) -> bytes:
    """Very many small distinct strings in small arrays (expansion work, no long array)."""

    def build(n: int) -> Any:
        return _linked([{"zzValue": [f"s{j}-{i}" for i in range(40)]} for j in range(n)])

    return _signed_fit(build, size)


# --- baked badges ------------------------------------------------------------------------------


def png_chunks(size: int) -> bytes:
    """A PNG of hundreds of thousands of empty text chunks and no credential."""
    from factories import png_chunk, tiny_png

    chunk = png_chunk(b"tEXt", b"")
    return tiny_png(chunk * max(1, (min(size, LIMIT) - 100) // len(chunk)))


def svg_elements(size: int) -> bytes:
    """An SVG of a million empty elements and no credential."""
    head, tail = b'<svg xmlns="http://www.w3.org/2000/svg">', b"</svg>"
    return head + b"<g/>" * max(1, (min(size, LIMIT) - len(head) - len(tail)) // 4) + tail


SHAPES: dict[str, Callable[[int], bytes]] = {
    "tags": tags,
    "same-id merge": same_id,
    "aliases of one term": aliases,
    "scoped contexts on distinct paths": scoped_paths,
    "wide tree of ids": wide_tree,
    "numbers": numbers,
    "deep nesting": deep,
    "CLR of empty objects": empty_objects,
    "blank-node clique": clique,
    "blank-node star": star,
    "blank-node cycle": cycle,
    "small blank rings": rings,
    "identical blank nodes": identical_blanks,
    "proofs": proofs,
    "status entries": status_entries,
    "endorsements": endorsements,
    "CLR of CLRs": clr_of_clrs,
    "VC-JWT CLR fan-out": jwt_clr,
    "big text": big_text,
    "big control characters": big_controls,
    "big multi-byte text": big_unicode,
    "big data: URI": big_data_uri,
    "many strings": many_strings,
    "PNG of empty chunks": png_chunks,
    "SVG of empty elements": svg_elements,
}
"""Each shape's generator, by name; ``clr_nested``, ``presentation`` and ``fan_out`` (by
count, not size) are apart."""
