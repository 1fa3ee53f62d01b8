"""Verifiable Presentation Requests of VCALM (the VC-API, §"Requesting a Presentation"): read a
request, and match its ``QueryByExample`` queries over credential documents.

* ``DIDAuthentication``: the holder proves control of a DID (``acceptedMethods``), by a
  presentation without credentials signed over ``challenge`` and ``domain``.
* ``QueryByExample``: ``credentialQuery`` (one object, or a list of them) with ``example``
  (``type`` and ``credentialSubject`` fields: a field given as ``""`` or ``{}`` must exist, any
  other value must be equal), ``acceptedIssuers`` (URLs or objects with an ``id``),
  ``acceptedCryptosuites`` (objects with a ``cryptosuite``, or names) and ``acceptedEnvelopes``
  (media types: ``application/jwt`` admits a VC-JWT).

Pure: no network, no disk. Hostile requests are bounded (:data:`MAX_QUERIES`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wallet.credential import as_list, objects, type_names
from wallet.errors import PresentationRequestError

__all__ = ["DidAuthQuery", "ExampleQuery", "PresentationRequest", "matches", "parse_request"]

MAX_QUERIES = 16
MAX_LIST = 64


@dataclass(frozen=True)
class DidAuthQuery:
    methods: tuple[str, ...] = ()  # DID methods accepted ("key", "web"); empty: any


@dataclass(frozen=True)
class ExampleQuery:
    reason: str | None = None
    types: tuple[str, ...] = ()
    subject: Mapping[str, Any] = field(default_factory=dict)
    issuers: tuple[str, ...] = ()
    cryptosuites: tuple[str, ...] = ()
    envelopes: tuple[str, ...] = ()
    group: str | None = None


@dataclass(frozen=True)
class PresentationRequest:
    challenge: str | None
    domain: str | None
    did_auth: DidAuthQuery | None
    examples: tuple[ExampleQuery, ...]


def _bad(message: str) -> PresentationRequestError:
    return PresentationRequestError(f"the presentation request cannot be read: {message}")


def _strings(values: Any, key: str) -> tuple[str, ...]:
    items = as_list(values)[:MAX_LIST]
    out = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, Mapping) and isinstance(item.get(key), str):
            out.append(item[key])
    return tuple(out)


def _example(query: Mapping[str, Any], group: str | None) -> ExampleQuery:
    example = found if isinstance(found := query.get("example"), Mapping) else {}
    subject = example.get("credentialSubject")
    reason = query.get("reason")
    return ExampleQuery(
        reason=reason[:500] if isinstance(reason, str) else None,
        types=type_names(example.get("type")),
        subject=subject if isinstance(subject, Mapping) else {},
        issuers=_strings(query.get("acceptedIssuers"), "id"),
        cryptosuites=_strings(query.get("acceptedCryptosuites"), "cryptosuite"),
        envelopes=_strings(query.get("acceptedEnvelopes"), "mediaType"),
        group=group,
    )


def parse_request(value: Any) -> PresentationRequest:
    """A ``verifiablePresentationRequest`` object."""
    if not isinstance(value, Mapping):
        raise _bad("it is not a JSON object")
    queries = as_list(value.get("query"))
    if not queries:
        raise _bad("it has no query")
    if len(queries) > MAX_QUERIES:
        raise _bad(f"it has more than {MAX_QUERIES} queries")
    did_auth = None
    examples: list[ExampleQuery] = []
    for query in queries:
        if not isinstance(query, Mapping):
            raise _bad("a query is not an object")
        kind = query.get("type")
        group = query.get("group") if isinstance(query.get("group"), str) else None
        if kind == "DIDAuthentication":
            did_auth = DidAuthQuery(_strings(query.get("acceptedMethods"), "method"))
        elif kind == "QueryByExample":
            inner = as_list(query.get("credentialQuery"))[:MAX_QUERIES]
            examples.extend(_example(q, group) for q in inner if isinstance(q, Mapping))
        else:
            raise _bad(f"the query type {str(kind)[:40]!r} is not supported")
    challenge, domain = value.get("challenge"), value.get("domain")
    return PresentationRequest(
        challenge if isinstance(challenge, str) else None,
        domain if isinstance(domain, str) else None,
        did_auth,
        tuple(examples),
    )


def _fits(actual: Any, wanted: Any) -> bool:
    if wanted == "" or wanted == {} or wanted == []:
        return actual is not None
    if isinstance(wanted, Mapping):
        candidates = objects(actual)
        return any(
            all(
                k == "type"
                and set(type_names(v)) <= set(type_names(c.get("type")))
                or k != "type"
                and _fits(c.get(k), v)
                for k, v in wanted.items()
            )
            for c in candidates
        )
    if isinstance(actual, list):
        return any(_fits(a, wanted) for a in actual)
    return actual == wanted


def _issuer(document: Mapping[str, Any]) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def matches(query: ExampleQuery, document: Mapping[str, Any], *, jwt: bool = False) -> bool:
    """Whether the credential ``document`` (a VC-JWT's credential when ``jwt``) answers
    ``query``."""
    if query.types and not set(query.types) <= set(type_names(document.get("type"))):
        return False
    if query.subject and not _fits(document.get("credentialSubject"), dict(query.subject)):
        return False
    if query.issuers and _issuer(document) not in query.issuers:
        return False
    if jwt:
        return not (query.cryptosuites or query.envelopes) or any(
            e in ("application/jwt", "application/vc+jwt") for e in query.envelopes
        )
    if query.cryptosuites:
        suites = {p.get("cryptosuite") for p in objects(document.get("proof"))}
        return bool(suites & set(query.cryptosuites))
    return True
