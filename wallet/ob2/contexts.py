"""The JSON-LD contexts an Open Badges 2.0 (or 1.1) document is read under
(:func:`context_problems`); reading the document itself is :mod:`wallet.ob2.reading`.

OB 2.0 documents are JSON-LD. Their contexts are the
bundled ``https://w3id.org/openbadges/v2`` and ``/v1`` (never fetched; any other URL is refused,
as an unknown vocabulary), or an object of term definitions. Rather than expand every document
(the signature of a badge covers its JSON, not an RDF graph), each term this wallet reads must
mean in the document's context exactly what it means in the bundled one — same IRI, same type
coercion — which is what compacting it to the OB 2.0 context would give for those terms; a
context that redefines ``recipient`` or ``Assertion`` is refused. 1.0 and 0.5 documents have
no context.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from wallet.credential import as_list
from wallet.errors import InputError
from wallet.ld.jsonld import default_loader
from wallet.ob2.reading import OB1_CONTEXT, OB2_CONTEXT, detect_version, shown

__all__ = ["context_problems"]

# The terms this wallet reads from OB 2.0 documents (properties and type names).
READ_TERMS = frozenset(
    {
        "id",
        "type",
        "recipient",
        "badge",
        "verification",
        "verify",
        "issuedOn",
        "expires",
        "revoked",
        "revocationReason",
        "image",
        "evidence",
        "narrative",
        "name",
        "description",
        "criteria",
        "issuer",
        "alignment",
        "tags",
        "targetName",
        "targetUrl",
        "targetDescription",
        "targetFramework",
        "targetCode",
        "url",
        "email",
        "telephone",
        "publicKey",
        "revocationList",
        "owner",
        "publicKeyPem",
        "creator",
        "startsWith",
        "allowedOrigins",
        "verificationProperty",
        "identity",
        "hashed",
        "salt",
        "revokedAssertions",
        "uid",
        "endorsement",
        "claim",
        "endorsementComment",
        "genre",
        "audience",
        "caption",
        "Assertion",
        "BadgeClass",
        "Issuer",
        "Profile",
        "CryptographicKey",
        "RevocationList",
        "Endorsement",
        "hosted",
        "HostedBadge",
        "signed",
        "SignedBadge",
    }
)
_MAX_CONTEXT_DEPTH = 4

Definition = tuple[str | None, str | None]  # (IRI, type coercion)


def _raw_terms(context: Any, depth: int = 0) -> dict[str, Any]:
    """Term → definition as written, through bundled context URLs (later entries win)."""
    if depth > _MAX_CONTEXT_DEPTH:
        raise InputError("the JSON-LD contexts nest too deeply")
    table: dict[str, Any] = {}
    for entry in as_list(context):
        if isinstance(entry, str):
            document = _bundled_context(entry)  # ContextNotAllowedError: never fetched
            table.update(_raw_terms(document, depth + 1))
        elif isinstance(entry, Mapping):
            table.update({k: v for k, v in entry.items() if not k.startswith("@")})
        elif entry is not None:
            raise InputError("a JSON-LD context is a URL, an object, or a list of them")
    return table


@cache
def _bundled_context(url: str) -> Any:
    return default_loader()(url)["document"].get("@context")


def _expand(value: Any, table: Mapping[str, Any], seen: frozenset[str] = frozenset()) -> Any:
    if not isinstance(value, str) or value.startswith("@") or value in seen:
        return value
    if value in table:
        definition = table[value]
        target = definition.get("@id") if isinstance(definition, Mapping) else definition
        return _expand(target, table, seen | {value})
    prefix, colon, suffix = value.partition(":")
    if colon and not suffix.startswith("//") and isinstance(table.get(prefix), str):
        return _expand(table[prefix], table, seen | {value}) + suffix
    return value


def _definitions(table: Mapping[str, Any]) -> dict[str, Definition]:
    out: dict[str, Definition] = {}
    for term in READ_TERMS & set(table):
        definition = table[term]
        if isinstance(definition, Mapping):
            iri = definition.get("@id", term)
            coerce = _expand(definition.get("@type"), table)
        else:
            iri, coerce = definition, None
        if isinstance(iri, str) and iri in table and iri != term:  # an alias of another term
            iri, coerce = _definitions_of(iri, table)
        else:
            iri = _expand(iri, table)
        out[term] = (
            iri if isinstance(iri, str) else None,
            coerce if isinstance(coerce, str) else None,
        )
    return out


def _definitions_of(term: str, table: Mapping[str, Any]) -> Definition:
    definition = table[term]
    if isinstance(definition, Mapping):
        return _expand(definition.get("@id", term), table), _expand(definition.get("@type"), table)
    return _expand(definition, table), None


@cache
def _reference(url: str) -> dict[str, Definition]:
    return _definitions(_raw_terms(url))


@cache
def _url_definitions(urls: tuple[str, ...]) -> dict[str, Definition]:
    """The definitions of a context that is bundled URLs only (the common case), once each;
    an unknown URL raises every time (nothing is cached for it)."""
    return _definitions(_raw_terms(list(urls)))


def _keys(value: Any, depth: int = 0) -> Iterator[str]:
    if depth > 8:
        return
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key != "@context":
                yield key
                yield from _keys(item, depth + 1)
        if isinstance(value.get("type"), str | list):
            yield from (t for t in as_list(value["type"]) if isinstance(t, str))
    elif isinstance(value, list):
        for item in value:
            yield from _keys(item, depth + 1)


def context_problems(doc: Mapping[str, Any]) -> list[str]:
    """What is wrong with a document's JSON-LD contexts for reading it as OB 2.0 (empty: it
    may be read). Raises :class:`~wallet.errors.ContextNotAllowedError` for a context URL that
    is not bundled. A document without ``@context`` (OB 1.0, 0.5) has nothing to check."""
    context = doc.get("@context")
    if context is None:
        return []
    urls = as_list(context)
    if urls and len(urls) <= 4 and all(isinstance(u, str) for u in urls):
        mine = _url_definitions(tuple(urls))  # bundled contexts only: worked out once
    else:
        mine = _definitions(_raw_terms(context))
    reference = _reference(OB1_CONTEXT if detect_version(doc) == "1.1" else OB2_CONTEXT)
    problems = []
    for term in sorted(set(_keys(doc)) & set(reference)):
        if term not in mine:
            problems.append(f"'{term}' is not defined by its @context")
        elif mine[term] != reference[term]:
            problems.append(f"its @context redefines '{term}' (as {shown(mine[term][0])})")
    return problems
