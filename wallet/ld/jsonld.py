"""JSON-LD, strictly offline: bundled contexts only, and a safe mode that refuses to drop data.

* :class:`DocumentLoader` serves the contexts vendored in ``wallet/contexts`` (``index.json``:
  URL → file). Any other URL raises :class:`~wallet.errors.ContextNotAllowedError`; nothing is
  ever fetched.
* :func:`to_rdf` expands a document with pyld and turns it into an RDF dataset. In safe mode
  (always on for signing and verification) a property the contexts do not define
  (:class:`~wallet.errors.UndefinedTermError`) or an IRI that is not absolute, including an
  undefined ``type`` (:class:`~wallet.errors.RelativeIriError`), is an error — the JSON-LD
  algorithms would otherwise silently leave it out of what gets signed.
* Canonicalization of the dataset is :mod:`wallet.ld.rdfc` (RDFC-1.0).
* The work is bounded (:mod:`wallet.limits`): every document's shape is checked before it is
  expanded, and the expanded document's node merging before pyld flattens it; a document over
  a bound raises :class:`~wallet.errors.DocumentTooComplexError`.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from wallet.errors import (
    ContextNotAllowedError,
    InvalidJsonLdError,
    RelativeIriError,
    UndefinedTermError,
    WalletError,
)
from wallet.ld._pyld import ContextResolver
from wallet.ld._pyld import jsonld as _pyld
from wallet.limits import CONTEXT_TERM_UNITS, charge, check_merge, check_shape, work_budget

__all__ = [
    "DocumentLoader",
    "bundled_context_urls",
    "compact",
    "default_loader",
    "expand",
    "expanded_to_rdf",
    "to_rdf",
]

_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


@cache
def _index() -> dict[str, str]:
    """URL → the file of the bundled context, read once on first use (never at import time)."""
    return json.loads((resources.files("wallet") / "contexts" / "index.json").read_text("utf-8"))


@cache
def _bundled(url: str) -> dict[str, Any]:
    """The bundled context for ``url`` (one of :func:`_index`'s), parsed once, when first
    asked for: a verification reads the two or three its credential names, not all of them."""
    return json.loads((resources.files("wallet") / "contexts" / _index()[url]).read_text("utf-8"))


def bundled_context_urls() -> frozenset[str]:
    return frozenset(_index())


class DocumentLoader:
    """A strict document loader for pyld: bundled contexts (plus ``extra`` ones) or an error.

    Each loader keeps its own cache of resolved and processed contexts, so a loader that knows
    more contexts (a test's) can never leak them into a stricter one.
    """

    def __init__(self, extra: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._extra: dict[str, Any] = {url: dict(doc) for url, doc in (extra or {}).items()}
        self._resolved_cache: dict[str, Any] = {}
        # Processed (type- and property-scoped) contexts, see _SafeProcessor._process_context.
        self.processed_memo: dict[tuple[Any, ...], tuple[Any, Any]] = {}

    def _document(self, url: object) -> Any:
        """The context this loader serves for ``url`` (an extra one first), else None."""
        if not isinstance(url, str):
            return None
        if url in self._extra:
            return self._extra[url]
        return _bundled(url) if url in _index() else None

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (url in self._extra or url in _index())

    def terms(self, url: str) -> int:
        """How many terms the context at ``url`` defines (0 for one it does not know)."""
        document = self._document(url)
        context = document.get("@context") if isinstance(document, Mapping) else None
        if isinstance(context, list):
            return sum(len(c) for c in context if isinstance(c, Mapping))
        return len(context) if isinstance(context, Mapping) else 0

    def __call__(self, url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        document = self._document(url)
        if document is None:
            raise ContextNotAllowedError(
                f"the JSON-LD context {url!r} is not one the wallet knows; "
                "contexts are never fetched from the network",
                url=url,
            )
        # pyld may annotate what it is given; hand out a copy of the pristine context.
        return {
            "contextUrl": None,
            "documentUrl": url,
            "document": copy.deepcopy(document),
            "tag": "static",
        }

    def context_resolver(self) -> ContextResolver:
        return ContextResolver(self._resolved_cache, self)


@cache
def default_loader() -> DocumentLoader:
    return DocumentLoader()


class _Dropped(Exception):
    def __init__(self, term: str | None) -> None:
        self.term = term


def _raise_dropped(term: str | None) -> None:
    raise _Dropped(term)


class _SafeProcessor(_pyld.JsonLdProcessor):  # type: ignore[misc]  # pyld has no types: Any
    """pyld's processor, with expansion checked before anything is turned into RDF."""

    def __init__(self, safe: bool) -> None:
        super().__init__(on_property_dropped=_raise_dropped if safe else _pyld.noop)
        self._safe = safe

    def expand(self, input_: Any, options: Any) -> Any:
        expanded = super().expand(input_, options)
        if self._safe:
            _check_absolute(expanded)
        check_merge(expanded)  # before pyld's node map (to_rdf) flattens it, quadratically
        return expanded

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        """pyld's context processing, memoized per loader.

        pyld caches a processed context under the *active* context's ``_uuid``, but every
        type-scoped context (``VerifiableCredential``, ``Achievement``, …) is applied to a fresh
        clone with a fresh ``_uuid``, so in a credential nearly every scoped context is processed
        again on every call — most of the cost of verifying. Processed contexts are frozen and
        depend only on (active context, local context, flags), so the result is remembered
        under those. Local contexts are keyed by value when they are URLs, else by identity
        (scoped contexts live in the loader's cached, frozen contexts, so their identity is
        stable; the memo keeps a reference so an id is never reused).
        """
        loader = options.get("documentLoader")
        memo = getattr(loader, "processed_memo", None)
        uid = active_ctx.get("_uuid") if isinstance(active_ctx, Mapping) else None
        if memo is None or cycles is not None or uid is None:
            _charge_context(local_ctx, loader)
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
        if isinstance(local_ctx, str):
            local_key: Any = local_ctx
        elif isinstance(local_ctx, list) and all(isinstance(c, str) for c in local_ctx):
            local_key = tuple(local_ctx)
        else:
            local_key = id(local_ctx)
        key = (uid, local_key, override_protected, propagate, validate_scoped)
        hit = memo.get(key)
        if hit is not None and (hit[0] is local_ctx or not isinstance(local_key, int)):
            return hit[1]
        _charge_context(local_ctx, loader)
        result = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )
        if len(memo) > 4096:
            memo.clear()
        memo[key] = (local_ctx, result)
        return result


def _context_terms(local_ctx: Any, loader: Any) -> int:
    if isinstance(local_ctx, Mapping):
        return len(local_ctx)
    if isinstance(local_ctx, list):
        return sum(_context_terms(c, loader) for c in local_ctx if not isinstance(c, list))
    if isinstance(local_ctx, str) and isinstance(loader, DocumentLoader):
        return loader.terms(local_ctx)
    return 0


def _charge_context(local_ctx: Any, loader: Any) -> None:
    """Processing a context costs about its terms' worth of work: charged before it is done
    (a property-scoped context applied along thousands of distinct paths is processed anew
    on each, and a 54 KB document could take 9 s)."""
    charge(CONTEXT_TERM_UNITS * max(1, _context_terms(local_ctx, loader)), "the document")


def _iter_iris(node: Any, path: str) -> Iterator[tuple[str, str, str]]:
    """Yield (iri, kind, path) for every IRI of an expanded document that must be absolute."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _iter_iris(item, f"{path}[{i}]")
        return
    if not isinstance(node, dict):
        return
    if "@value" in node:
        datatype = node.get("@type")
        if isinstance(datatype, str) and datatype != "@json":
            yield datatype, "datatype", path
        return
    for key, value in node.items():
        if key == "@id" and isinstance(value, str):
            yield value, "id", path
        elif key == "@type":
            for t in value if isinstance(value, list) else [value]:
                if isinstance(t, str):
                    yield t, "type", path
        elif key.startswith("@"):
            yield from _iter_iris(value, path)
        else:
            yield key, "property", path
            yield from _iter_iris(value, f"{path}.{key.rsplit('#', 1)[-1].rsplit('/', 1)[-1]}")


def _check_absolute(expanded: Any) -> None:
    for iri, kind, path in _iter_iris(expanded, "$"):
        if iri.startswith("_:") or _ABSOLUTE_IRI.match(iri):
            continue
        if kind == "type":
            raise UndefinedTermError(
                f"the type {iri!r} (at {path}) is not defined by the document's contexts",
                term=iri,
                path=path,
            )
        raise RelativeIriError(
            f"{iri!r} (at {path}) is not an absolute IRI; a signed credential must use "
            "absolute IRIs",
            iri=iri,
            path=path,
        )


def _options(loader: DocumentLoader | None) -> dict[str, Any]:
    loader = loader or default_loader()
    return {
        "documentLoader": loader,
        "contextResolver": loader.context_resolver(),
        "base": None,
        "processingMode": "json-ld-1.1",
    }


def _unwrap(exc: BaseException) -> WalletError | None:
    """The wallet error (or dropped term) that caused a pyld error, if any."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, WalletError):
            return cur
        if isinstance(cur, _Dropped):
            term = cur.term
            return UndefinedTermError(
                f"the property {term!r} is not defined by the document's contexts "
                "and would be left out of what is signed",
                term=term,
            )
        cur = cur.__cause__ or cur.__context__
    return None


def _run(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except (_pyld.JsonLdError, _Dropped, WalletError) as exc:
        known = _unwrap(exc)
        if known is not None:
            raise known from None
        raise InvalidJsonLdError(f"not valid JSON-LD: {_pyld_reason(exc)}") from None
    except RecursionError:
        raise InvalidJsonLdError("not valid JSON-LD: the document is nested too deeply") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # pyld lets some malformed input escape as plain Python errors (e.g. a relative
        # context URL: ValueError). Hostile input must still get a named error.
        known = _unwrap(exc)
        if known is not None:
            raise known from None
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise InvalidJsonLdError(f"not valid JSON-LD: {reason}") from None


def _pyld_reason(exc: BaseException) -> str:
    cur: BaseException | None = exc
    reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    while cur is not None:
        code = getattr(cur, "code", None)
        if code:
            reason = f"{code}"
        cur = cur.__cause__
    return reason


def expand(
    document: Mapping[str, Any], *, loader: DocumentLoader | None = None, safe: bool = True
) -> list[Any]:
    """Expand ``document`` (never mutated) with the strict loader."""
    with work_budget():
        check_shape(document)
        processor = _SafeProcessor(safe)
        return _run(processor.expand, copy.deepcopy(dict(document)), _options(loader))


def compact(
    expanded: list[Any], context: Any, *, loader: DocumentLoader | None = None
) -> dict[str, Any]:
    """Compact an *expanded* document (never mutated) under ``context`` with the strict loader
    (selective disclosure compacts a skolemized document back to the shape JSON pointers name).
    """
    if context is None:
        raise InvalidJsonLdError("a document without @context cannot be compacted")
    with work_budget():
        check_shape(expanded)
        processor = _SafeProcessor(True)
        options = _options(loader)
        options["skipExpansion"] = True
        result = _run(processor.compact, copy.deepcopy(expanded), {"@context": context}, options)
    if not isinstance(result, dict):  # pragma: no cover - pyld always returns an object here
        raise InvalidJsonLdError("not valid JSON-LD: compaction gave no object")
    return result


def to_rdf(
    document: Mapping[str, Any], *, loader: DocumentLoader | None = None, safe: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """The RDF dataset of ``document`` (pyld's dataset form), checked in safe mode."""
    if not isinstance(document, Mapping):
        raise InvalidJsonLdError("a JSON-LD document must be a JSON object")
    with work_budget():
        check_shape(document)
        return _to_rdf(copy.deepcopy(dict(document)), loader, safe)


def expanded_to_rdf(
    expanded: list[Any], *, loader: DocumentLoader | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The RDF dataset of an *expanded* document (a JSON array, as :func:`expand` gives),
    checked in safe mode — selective disclosure works on skolemized expanded documents."""
    if not isinstance(expanded, list):
        raise InvalidJsonLdError("an expanded JSON-LD document is a JSON array")
    with work_budget():
        check_shape(expanded)
        return _to_rdf(copy.deepcopy(expanded), loader, True)


def _to_rdf(
    source: Any, loader: DocumentLoader | None, safe: bool
) -> dict[str, list[dict[str, Any]]]:
    processor = _SafeProcessor(safe)
    options = _options(loader)
    options["produceGeneralizedRdf"] = False
    return _run(processor.to_rdf, source, options)
