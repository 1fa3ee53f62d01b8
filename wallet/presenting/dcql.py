"""DCQL, the Digital Credentials Query Language (OpenID for Verifiable Presentations 1.0 §6,
claims path pointers §7, W3C credentials Annex B.1), over credential documents.

* :func:`parse_query` reads a query strictly but tolerantly: the structure the spec requires is
  checked (ids, formats, paths, references between ``claims``/``claim_sets`` and
  ``credentials``/``credential_sets``), unknown properties are ignored (§6), and the size is
  bounded (a hostile verifier cannot make matching expensive).
* :func:`evaluate` matches a query against the wallet's credentials: ``meta.type_values``
  against the credential's *expanded* type IRIs (§B.1.1; :func:`expanded_types` expands with the
  bundled contexts only), ``claims`` with ``values`` (§6.3, §6.4.1), the first satisfiable
  ``claim_sets`` option, and ``credential_sets`` (required and optional, §6.4.2).
* :func:`default_selection` and :func:`check_selection` turn matches into what the wallet sends
  (``multiple``, required sets, nothing for a set that cannot be met).

Formats: ``ldp_vc`` (Data Integrity, JSON-LD) and ``jwt_vc_json`` (VC-JWT). Pure: no network,
no disk.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wallet.credential import type_names
from wallet.errors import DcqlError, NothingMatchesError, WalletError

__all__ = [
    "FORMATS",
    "MAX_QUERY_CHARS",
    "Candidate",
    "ClaimQuery",
    "CredentialQuery",
    "CredentialSetQuery",
    "DcqlQuery",
    "Evaluation",
    "Match",
    "check_selection",
    "claims_path",
    "default_selection",
    "evaluate",
    "expanded_types",
    "parse_query",
]

FORMATS = ("ldp_vc", "jwt_vc_json")
MAX_QUERY_CHARS = 32 * 1024
MAX_CREDENTIAL_QUERIES = 32
MAX_CLAIMS = 64
MAX_PATH = 16
MAX_VALUES = 64
MAX_SETS = 32
_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


@dataclass(frozen=True)
class ClaimQuery:
    path: tuple[str | int | None, ...]
    id: str | None = None
    values: tuple[str | int | bool, ...] | None = None


@dataclass(frozen=True)
class CredentialQuery:
    id: str
    format: str
    multiple: bool = False
    type_values: tuple[tuple[str, ...], ...] | None = None
    claims: tuple[ClaimQuery, ...] = ()
    claim_sets: tuple[tuple[str, ...], ...] | None = None
    require_binding: bool = True

    @property
    def supported(self) -> bool:
        return self.format in FORMATS


@dataclass(frozen=True)
class CredentialSetQuery:
    options: tuple[tuple[str, ...], ...]
    required: bool = True
    # why the verifier asks, in its own words (a claim): a set's ``purpose`` as OpenID4VP's
    # drafts 22–27 defined it ("the Wallet MAY use this information to show the user the
    # reason for the request"); 1.0 dropped it and ignores it — text only, at most 300
    # characters, anything else left out
    purpose: str | None = None


@dataclass(frozen=True)
class DcqlQuery:
    credentials: tuple[CredentialQuery, ...]
    credential_sets: tuple[CredentialSetQuery, ...] | None = None

    def query(self, qid: str) -> CredentialQuery:
        return next(q for q in self.credentials if q.id == qid)

    @property
    def purpose(self) -> str | None:
        """Why the verifier asks, in its own words: the first purpose its credential sets
        give (a claim of the verifier's), else None."""
        return next((s.purpose for s in self.credential_sets or () if s.purpose), None)


@dataclass(frozen=True)
class Candidate:
    """A credential the wallet could present: its vault id, format, the credential as JSON (a
    VC-JWT's credential, decoded) and its expanded type IRIs."""

    id: str
    format: str
    document: Mapping[str, Any]
    types: tuple[str, ...]


@dataclass(frozen=True)
class Match:
    """A credential that answers a credential query, with the claims it was matched on."""

    candidate: str
    claims: tuple[ClaimQuery, ...]


@dataclass(frozen=True)
class Evaluation:
    query: DcqlQuery
    matches: dict[str, tuple[Match, ...]]  # credential query id → matching credentials

    def answerable(self, qid: str) -> bool:
        return bool(self.matches.get(qid))

    @property
    def satisfiable(self) -> bool:
        """Whether the wallet can send an answer the verifier accepts (§6.4.2)."""
        try:
            default_selection(self)
        except NothingMatchesError:
            return False
        return True


# --- parsing --------------------------------------------------------------------------------


def _fail(message: str) -> DcqlError:
    return DcqlError(f"the verifier's query is not valid DCQL: {message}")


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise _fail(f"{what} must be a short string of letters, digits, '_' or '-'")
    return value


def _array(value: Any, what: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise _fail(f"{what} must be a non-empty array")
    if len(value) > limit:
        raise DcqlError(
            f"the verifier's query is too large ({what} has {len(value)} entries; "
            f"at most {limit} are read)"
        )
    return value


def _path(value: Any) -> tuple[str | int | None, ...]:
    parts = _array(value, "a claim's path", MAX_PATH)
    for part in parts:
        if not (
            part is None
            or isinstance(part, str)
            or (isinstance(part, int) and not isinstance(part, bool) and part >= 0)
        ):
            raise _fail("a claim's path holds only strings, null and non-negative integers")
    return tuple(parts)


def _claim(value: Any) -> ClaimQuery:
    if not isinstance(value, Mapping):
        raise _fail("each entry of 'claims' must be an object")
    cid = _id(value["id"], "a claim's id") if "id" in value else None
    values = None
    if "values" in value:
        items = _array(value["values"], "a claim's values", MAX_VALUES)
        if not all(isinstance(v, (str, int, bool)) and not isinstance(v, float) for v in items):
            raise _fail("a claim's values are strings, integers or booleans")
        values = tuple(items)
    return ClaimQuery(_path(value.get("path")), cid, values)


def _type_values(meta: Mapping[str, Any]) -> tuple[tuple[str, ...], ...] | None:
    if "type_values" not in meta:
        return None
    outer = _array(meta["type_values"], "meta.type_values", MAX_SETS)
    out = []
    for inner in outer:
        items = _array(inner, "an entry of meta.type_values", MAX_SETS)
        if not all(isinstance(t, str) and t for t in items):
            raise _fail("meta.type_values holds arrays of type IRIs")
        out.append(tuple(items))
    return tuple(out)


def _credential_query(value: Any) -> CredentialQuery:
    if not isinstance(value, Mapping):
        raise _fail("each entry of 'credentials' must be an object")
    qid = _id(value.get("id"), "a credential query's id")
    fmt = value.get("format")
    if not isinstance(fmt, str) or not fmt:
        raise _fail(f"the credential query {qid!r} names no format")
    meta = value.get("meta", {})
    if not isinstance(meta, Mapping):
        raise _fail(f"the credential query {qid!r} has a 'meta' that is not an object")
    multiple = value.get("multiple", False)
    binding = value.get("require_cryptographic_holder_binding", True)
    if not isinstance(multiple, bool) or not isinstance(binding, bool):
        raise _fail(
            f"'multiple' and 'require_cryptographic_holder_binding' of {qid!r} are booleans"
        )
    claims = (
        tuple(_claim(c) for c in _array(value["claims"], "claims", MAX_CLAIMS))
        if "claims" in value
        else ()
    )
    ids = [c.id for c in claims if c.id is not None]
    if len(ids) != len(set(ids)):
        raise _fail(f"the claims of {qid!r} repeat an id")
    claim_sets = None
    if "claim_sets" in value:
        if not claims:
            raise _fail(f"{qid!r} has claim_sets but no claims")
        sets = []
        for option in _array(value["claim_sets"], "claim_sets", MAX_SETS):
            names = _array(option, "an option of claim_sets", MAX_CLAIMS)
            if any(n not in ids for n in names):
                raise _fail(f"a claim set of {qid!r} names a claim it does not define")
            sets.append(tuple(names))
        claim_sets = tuple(sets)
    type_values = _type_values(meta) if fmt in FORMATS else None
    if fmt in FORMATS and type_values is None:
        raise _fail(
            f"the credential query {qid!r} has no meta.type_values (required for W3C credentials)"
        )
    return CredentialQuery(qid, fmt, multiple, type_values, claims, claim_sets, binding)


def parse_query(value: Any) -> DcqlQuery:
    """A DCQL query from its JSON text or decoded object."""
    if isinstance(value, (str, bytes)):
        if len(value) > MAX_QUERY_CHARS:
            raise DcqlError(
                f"the verifier's query is too large ({len(value)} characters; at "
                f"most {MAX_QUERY_CHARS} are read)"
            )
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            raise _fail("it is not JSON") from None
    elif isinstance(value, Mapping):
        try:
            size = len(json.dumps(value, ensure_ascii=False))
        except (TypeError, ValueError, RecursionError):
            raise _fail("it cannot be read as JSON") from None
        if size > MAX_QUERY_CHARS:
            raise DcqlError(
                f"the verifier's query is too large ({size} characters; at most "
                f"{MAX_QUERY_CHARS} are read)"
            )
    if not isinstance(value, Mapping):
        raise _fail("it is not a JSON object")
    queries = tuple(
        _credential_query(q)
        for q in _array(value.get("credentials"), "credentials", MAX_CREDENTIAL_QUERIES)
    )
    ids = [q.id for q in queries]
    if len(ids) != len(set(ids)):
        raise _fail("two credential queries have the same id")
    sets = None
    if "credential_sets" in value:
        parsed = []
        for entry in _array(value["credential_sets"], "credential_sets", MAX_SETS):
            if not isinstance(entry, Mapping):
                raise _fail("each entry of credential_sets must be an object")
            options = []
            for option in _array(entry.get("options"), "a credential set's options", MAX_SETS):
                names = _array(option, "an option of a credential set", MAX_CREDENTIAL_QUERIES)
                if any(n not in ids for n in names):
                    raise _fail("a credential set names a credential query that is not there")
                options.append(tuple(names))
            required = entry.get("required", True)
            if not isinstance(required, bool):
                raise _fail("a credential set's 'required' is a boolean")
            purpose = entry.get("purpose")
            parsed.append(
                CredentialSetQuery(
                    tuple(options),
                    required,
                    purpose.strip()[:300] or None if isinstance(purpose, str) else None,
                )
            )
        sets = tuple(parsed)
    return DcqlQuery(queries, sets)


# --- matching -------------------------------------------------------------------------------


def expanded_types(document: Mapping[str, Any], loader: Any = None) -> tuple[str, ...]:
    """The credential's ``type`` values as IRIs, expanded with its ``@context`` (bundled
    contexts only, §B.1.1). A type no context defines stays as written; a document whose
    contexts cannot be loaded keeps its types as written."""
    from wallet.ld import jsonld

    written = type_names(document.get("type"))
    try:
        expanded = jsonld.expand(
            {"@context": document.get("@context"), "type": list(written)}, loader=loader, safe=False
        )
    except (WalletError, TypeError, ValueError):
        return written
    node = expanded[0] if expanded and isinstance(expanded[0], Mapping) else {}
    types = node.get("@type", [])
    return tuple(t for t in types if isinstance(t, str)) or written


def claims_path(document: Any, path: Sequence[str | int | None]) -> list[Any] | None:
    """§7.1: the elements ``path`` selects in ``document`` (None: processing aborted — a
    component that does not fit, or nothing selected)."""
    selected = [document]
    for part in path:
        nxt: list[Any] = []
        for element in selected:
            if isinstance(part, str):
                if not isinstance(element, Mapping):
                    return None
                if part in element:
                    nxt.append(element[part])
            elif part is None:
                if not isinstance(element, list):
                    return None
                nxt.extend(element)
            elif isinstance(part, int) and not isinstance(part, bool):
                if not isinstance(element, list):
                    return None
                if part < len(element):
                    nxt.append(element[part])
            else:
                return None
        selected = nxt
    return selected or None


def _same(value: Any, wanted: str | int | bool) -> bool:
    return type(value) is type(wanted) and value == wanted


def _claim_ok(document: Mapping[str, Any], claim: ClaimQuery) -> bool:
    found = claims_path(document, claim.path)
    if found is None:
        return False
    if claim.values is None:
        return True
    return any(_same(v, w) for v in found for w in claim.values)


def _claims_for(
    query: CredentialQuery, document: Mapping[str, Any]
) -> tuple[ClaimQuery, ...] | None:
    """The claims to send (§6.4.1): all of ``claims``, or the first satisfiable option of
    ``claim_sets``; None when the credential cannot deliver them."""
    if not query.claims:
        return ()
    if query.claim_sets is None:
        return query.claims if all(_claim_ok(document, c) for c in query.claims) else None
    by_id = {c.id: c for c in query.claims}
    for option in query.claim_sets:
        chosen = tuple(by_id[n] for n in option)
        if all(_claim_ok(document, c) for c in chosen):
            return chosen
    return None


def _types_ok(query: CredentialQuery, candidate: Candidate) -> bool:
    if query.type_values is None:
        return True
    have = set(candidate.types)
    return any(set(option) <= have for option in query.type_values)


def evaluate(query: DcqlQuery, candidates: Sequence[Candidate]) -> Evaluation:
    """Which of ``candidates`` answer each credential query."""
    matches: dict[str, tuple[Match, ...]] = {}
    for cq in query.credentials:
        found = []
        if cq.supported:
            for candidate in candidates:
                if candidate.format != cq.format or not _types_ok(cq, candidate):
                    continue
                claims = _claims_for(cq, candidate.document)
                if claims is not None:
                    found.append(Match(candidate.id, claims))
        matches[cq.id] = tuple(found)
    return Evaluation(query, matches)


def _sets(query: DcqlQuery) -> tuple[CredentialSetQuery, ...]:
    """The credential sets; without any, one required set of every credential query."""
    if query.credential_sets is not None:
        return query.credential_sets
    return (CredentialSetQuery((tuple(q.id for q in query.credentials),), True),)


def default_selection(evaluation: Evaluation) -> dict[str, tuple[str, ...]]:
    """What the wallet proposes to send: for each required set its first option the wallet
    can meet, the first matching credential per query (all of them when ``multiple``); optional
    sets are left out (the learner may add them). Raises :class:`NothingMatchesError`."""
    chosen: dict[str, tuple[str, ...]] = {}
    for cs in _sets(evaluation.query):
        if not cs.required:
            continue
        option = next((o for o in cs.options if all(evaluation.answerable(q) for q in o)), None)
        if option is None:
            raise NothingMatchesError("none of your credentials matches what the verifier asks for")
        for qid in option:
            found = evaluation.matches[qid]
            multiple = evaluation.query.query(qid).multiple
            chosen[qid] = tuple(m.candidate for m in (found if multiple else found[:1]))
    return chosen


def check_selection(
    evaluation: Evaluation, selection: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """The learner's choice (credential query id → vault ids), checked: only matching
    credentials, one per query unless ``multiple``, and every required set met."""
    out: dict[str, tuple[str, ...]] = {}
    for qid, ids in selection.items():
        ids = tuple(dict.fromkeys(ids))
        if not ids:
            continue
        if qid not in evaluation.matches:
            raise NothingMatchesError(f"the verifier did not ask for {qid!r}")
        allowed = {m.candidate for m in evaluation.matches[qid]}
        if not set(ids) <= allowed:
            raise NothingMatchesError(
                f"a credential chosen for {qid!r} does not match what the verifier asks for"
            )
        if len(ids) > 1 and not evaluation.query.query(qid).multiple:
            raise NothingMatchesError(f"the verifier asks for one credential for {qid!r}")
        out[qid] = ids
    answered = set(out)
    covered: set[str] = set()
    for cs in _sets(evaluation.query):
        met = [o for o in cs.options if set(o) <= answered]
        if cs.required and not met:
            raise NothingMatchesError(
                "the chosen credentials do not answer everything the verifier requires"
            )
        if met:
            covered |= set(met[0])
    # A query that completes no option of any set is not sent (§6.4.2).
    return {qid: ids for qid, ids in out.items() if qid in covered}
