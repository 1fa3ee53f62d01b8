"""Bounds on the work a document may demand, so that hostile input is refused, never a hang.

Verifying a Data Integrity proof means JSON-LD expansion (pyld), the conversion to RDF and
RDFC-1.0 canonicalization (:mod:`wallet.ld.rdfc`). None of them is linear in the input's bytes:

* pyld's expansion costs about 20 µs per value and 0.2 ms per document on the build machine
  (AMD EPYC, 2 cores), so a 5 MB document of small values would take seconds, and a credential
  is expanded again for every level it is nested in (presentation, CLR, credential);
* pyld's node map merges the values of one node's property with a duplicate check against every
  value already there: quadratic (5,000 ``tag`` strings, 46 KB, took 17 s);
* canonicalization is exponential in the worst case (RDFC-1.0 §4.4, Hash N-Degree Quads: a
  clique of 400 blank nodes took 50 s and 328 MB).

So the work is bounded at each stage by what that stage really costs, every limit far above any
real credential, and an input over a limit is refused with
:class:`~wallet.errors.DocumentTooComplexError` (code ``document_too_complex``; its
``details["limit"]`` names the bound), which verification reports as a failed check::

    stage                              bound                          what it stops
    the document's shape, before       MAX_NODES, MAX_BLANK_NODES,    expansion work; the
    expansion (check_shape)            MAX_ARRAY_MEMBERS,             fan-out of nested
                                       MAX_LITERALS, MAX_STRING_BYTES, credentials and proofs
                                       MAX_EMBEDDED
    pyld's node map, after expansion   MAX_MERGE_COMPARISONS          the quadratic merge
    (check_merge)
    the proofs of one document         MAX_PROOFS                     a proof set or chain
    (dataintegrity.verify_proofs)                                     checked proof by proof
    canonicalization (wallet.ld.rdfc)     MAX_RDFC_WORK,                 Hash N-Degree Quads
                                       MAX_RDFC_LIVE_LABELS,          (time, memory, stack)
                                       MAX_RDFC_DEPTH
    one verification in all            MAX_RUN_WORK                   many documents, each
    (WorkBudget)                                                      within the bounds above
    the trust lists it consults        MAX_TRUST_ENTRIES,             a registry too big to
    (wallet.verification.trust)        TRUST_ENTRY_UNITS,             read, and a scan of it
                                       TRUST_LOOKUP_UNITS             per issuer

The shape is counted on the JSON value as given (an object is a *node*, a string, number,
boolean or null a *literal*; an object without ``id``/``@id``, or with a ``_:`` one, a *blank
node*), before any JSON-LD processing, in one pass without recursion that stops at the first
limit passed. Verification checks the whole input first (:func:`check_shape` in
:func:`wallet.verification.verify.verify_document`; a VC-JWT's payload in
:func:`wallet.crypto.jws.decode_jws`), so
everything nested in it — the credentials of a CLR or a presentation, endorsements, proofs — is
within the same numbers; each JSON-LD document is checked again before it is expanded
(documents the wallet builds and signs too). Before that, :func:`wallet.credential.load_json`
bounds how many values the JSON text may hold at all.

A :class:`WorkBudget` is the time bound of one verification and everything nested in it: each
stage charges its work, in one currency of about a microsecond of the build machine's CPU (each
document, value, 64 bytes of text, merge comparison, canonicalization step and signature), to
:data:`MAX_RUN_WORK`, *before* doing it; once one document is refused, every later one of the
same verification is refused at once.

Reference points (``benchmarks/hostile.py``): an ordinary badge is about 10 nodes, 50 literals
and costs 2,000 units; the wallet's presentation of a learner's CLR with 100 demo badges is
about 1,300 nodes, 6,100 literals, 15,000 merge comparisons, and costs 700,000 units (0.7 s);
every input of the hostile corpus, up to 5 MB, is verified or refused within 1 s and 180 MB.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Final

from wallet.errors import DocumentTooComplexError, InvalidJsonLdError

__all__ = [
    "CONTEXT_TERM_UNITS",
    "MAX_ARRAY_MEMBERS",
    "MAX_BLANK_NODES",
    "MAX_EMBEDDED",
    "MAX_LITERALS",
    "MAX_MERGE_COMPARISONS",
    "MAX_NODES",
    "MAX_PROOFS",
    "MAX_RDFC_DEPTH",
    "MAX_RDFC_LIVE_LABELS",
    "MAX_RDFC_WORK",
    "MAX_RUN_WORK",
    "MAX_STRING_BYTES",
    "MAX_TRUST_ENTRIES",
    "TRUST_ENTRY_UNITS",
    "TRUST_LOOKUP_UNITS",
    "Shape",
    "WorkBudget",
    "charge",
    "charge_signature",
    "check_merge",
    "check_shape",
    "current_budget",
    "measure",
    "merge_comparisons",
    "work_budget",
]

# --- the shape of one document -------------------------------------------------------------------

MAX_NODES: Final = 10_000
"""JSON objects in one document. Expansion costs about 0.1 ms per object with its few values;
the wallet's presentation of a CLR of 100 demo badges has about 1,300, an ordinary badge 10."""

MAX_BLANK_NODES: Final = 8_000
"""Objects without ``id``, or with a blank node identifier (``_:x``) for one (each a blank
node to hash and label). Most objects of a credential
are blank (criteria, images, results, proofs); RDFC-1.0 hashes each one's quads at least once."""

MAX_ARRAY_MEMBERS: Final = 5_000
"""Members of one JSON array, or of one object. The longest arrays of real credentials are the
credentials of a CLR or a presentation (tens to a few hundred) and alignments or tags (tens),
the largest objects the bundled contexts (a few hundred terms); pyld compares each value of one
property with every value before it, so long arrays are refused before expansion."""

MAX_LITERALS: Final = 30_000
"""Strings, numbers, booleans and nulls in one document: what expansion spends its time on
(about 20 µs each). The presentation of a 100-badge CLR has about 6,100, a badge 50."""

MAX_EMBEDDED: Final = 2_000
"""Credentials embedded in one document, at any depth — the members of every
``verifiableCredential`` (a presentation's, a CLR's), ``endorsement`` and ``endorsementJwt``:
each is verified on its own, and even one that fails at once (an empty object, a string that
is not a JWT) costs tens of microseconds, so 30,000 of them cost a second. A learner's CLR of
a long transcript carries a few hundred."""

MAX_STRING_BYTES: Final = 8 * 1024 * 1024
"""UTF-8 bytes of all strings and keys in one document. Big literals are cheap per byte (they
are copied, escaped and hashed a few times) and legitimate — images and artifacts as ``data:``
URIs — so this is a memory bound above the 5 MB input limit, for documents the wallet builds."""

MAX_PROOFS: Final = 32
"""Proofs on one document (a proof set or chain, VC Data Integrity §2.1.1, §2.1.2). Each is
checked on its own, and each proof of a chain canonicalizes the document again with the proofs
it names; real documents carry one, or an issuer's and a few countersignatures. A document with
more is refused before any proof is checked (:func:`wallet.proofs.dataintegrity.verify_proofs`),
and the signer adds no proof beyond it."""

# --- pyld's node map -----------------------------------------------------------------------------

MAX_MERGE_COMPARISONS: Final = 250_000
"""Duplicate checks pyld's node map makes (about 1.5 µs each, so about 0.4 s), counted exactly
on the expanded document before it is flattened. Values with the same subject and property are
compared one by one: a credential's own values need a handful, the presentation of a CLR of
100 demo badges about 15,000 (they all name the same learner and the same few achievements);
the quadratic case is one property with thousands of distinct values (700 need 245,000)."""

# --- canonicalization (used by wallet.ld.rdfc) ----------------------------------------------------

MAX_RDFC_WORK: Final = 900_000
"""Steps of RDFC-1.0's blank-node labelling: quads serialized for a hash, related blank nodes
hashed, permutations tried, labels copied between identifier issuers (about 0.5 µs each).
Blank nodes that first-degree hashes tell apart need one step per quad; ties (symmetric blank
nodes) need Hash N-Degree Quads, which real credentials need rarely and for few nodes — but a
presentation that carries a credential directly and again inside the learner's CLR (an answer
to an employer) holds two identical graphs, and one demo badge there takes about 270,000 steps
(measured). Within a verification the run's budget (:data:`MAX_RUN_WORK`) bounds it first."""

MAX_RDFC_LIVE_LABELS: Final = 200_000
"""Labels held at once by the identifier issuers of the Hash N-Degree Quads recursion (each
level keeps copies of the issuer it was given): the memory bound of canonicalization."""

MAX_RDFC_DEPTH: Final = 300
"""Levels of the Hash N-Degree Quads recursion (a chain or ring of identical blank nodes
recurses along itself), well inside Python's stack. Real credentials need one or two."""

# --- one verification in all: its work in one currency -------------------------------------------

MAX_RUN_WORK: Final = 1_200_000
"""Work units one verification may spend, with everything nested in it: about a microsecond
of the build machine's CPU each, so about 1.4 s. Every expansion, merge, canonicalization and
signature of the verification is charged (:data:`DOCUMENT_UNITS`, :data:`VALUE_UNITS`,
:data:`TEXT_BYTES_PER_UNIT`, :data:`MERGE_UNITS`, :data:`RDFC_UNITS`,
:data:`SIGNATURE_UNITS`): a presentation, its CLR and the credentials inside are each expanded
on their own, so the same values are paid for up to four times. A presentation of a learner's
CLR with 100 demo badges costs about 650,000 (0.65 s); one of about 200 is the most that
verifies."""

DOCUMENT_UNITS: Final = 200
"""Expanding one document, whatever its size (about 0.2 ms): a thousand proofs, each with its
proof configuration to expand, add up."""
VALUE_UNITS: Final = 24
"""Expanding, flattening and converting one value (an object or a literal) to RDF."""
TEXT_BYTES_PER_UNIT: Final = 64
"""Bytes of strings copied, escaped and hashed for one unit (big literals are cheap)."""
MERGE_UNITS: Final = 2
"""One duplicate check of pyld's node map (about 1.5 µs)."""
RDFC_UNITS: Final = 1
"""One step of canonicalization (about 0.75 µs)."""
CONTEXT_TERM_UNITS: Final = 20
"""Processing one term definition of a JSON-LD context (processed contexts are remembered, so
the bundled ones cost this once per process; a scoped context met along a new path costs it
again)."""
SIGNATURE_UNITS: Final = 500
"""One signature checked (P-384, the slowest, about 0.5 ms; Ed25519 and P-256 about 0.06 ms)."""

# --- trust lists ---------------------------------------------------------------------------------

MAX_TRUST_ENTRIES: Final = 100_000
"""Entries one trust list may hold (:mod:`wallet.verification.trust`; its file is read up to 8
MiB). A list
is indexed when it is read — by exact id, and by identifier and public key — so its size costs
memory and reading time once, never a scan per issuer."""
TRUST_ENTRY_UNITS: Final = 10
"""Reading and indexing one trust-list entry (about 10 µs): charged to the work budget that
reads the list (a fresh one when no verification is running), so the largest list costs
1,000,000 units, within :data:`MAX_RUN_WORK`."""
TRUST_LOOKUP_UNITS: Final = 2
"""One look-up in one list's index, charged to the verification that asks: the same for a list
of ten entries and of 100,000."""


@dataclass(frozen=True)
class Shape:
    """What :func:`measure` counted in a JSON value."""

    nodes: int = 0
    blank_nodes: int = 0
    literals: int = 0
    string_bytes: int = 0
    longest_array: int = 0  # members of the longest array or object
    embedded: int = 0  # members of verifiableCredential, endorsement, endorsementJwt

    @property
    def values(self) -> int:
        return self.nodes + self.literals


def _utf8_length(text: str) -> int:
    if text.isascii():
        return len(text)
    try:
        return len(text.encode("utf-8"))
    except UnicodeEncodeError:
        raise InvalidJsonLdError(
            "a string of the document holds an unpaired UTF-16 surrogate "
            "(half of a character), which is not text"
        ) from None


class _Over(Exception):
    def __init__(self, count: int, limit: int, name: str, noun: str) -> None:
        self.count, self.limit, self.name, self.noun = count, limit, name, noun


_BOUNDS = (
    ("nodes", MAX_NODES, "MAX_NODES", "objects"),
    ("blank_nodes", MAX_BLANK_NODES, "MAX_BLANK_NODES", "objects without an id"),
    ("longest_array", MAX_ARRAY_MEMBERS, "MAX_ARRAY_MEMBERS", "members in one array or object"),
    ("literals", MAX_LITERALS, "MAX_LITERALS", "values"),
    ("string_bytes", MAX_STRING_BYTES, "MAX_STRING_BYTES", "bytes of text"),
    ("embedded", MAX_EMBEDDED, "MAX_EMBEDDED", "embedded credentials and endorsements"),
)
_EMBEDDING = frozenset({"verifiableCredential", "endorsement", "endorsementJwt"})
"""The properties whose members verification verifies one by one (by these very names)."""


def _walk(value: Any, bounded: bool) -> Shape:
    """Count ``value``'s shape in one pass without recursion (nesting cannot overflow the
    stack); ``bounded``: raise :class:`_Over` as soon as a count passes its limit (checked at
    each object and array, so a huge input is refused after a bounded amount of work)."""
    big = 1 << 62
    max_nodes, max_blank, max_members, max_literals, max_bytes, max_embedded = (
        (
            MAX_NODES,
            MAX_BLANK_NODES,
            MAX_ARRAY_MEMBERS,
            MAX_LITERALS,
            MAX_STRING_BYTES,
            MAX_EMBEDDED,
        )
        if bounded
        else (big, big, big, big, big, big)
    )
    nodes = blank = literals = string_bytes = longest = embedded = 0
    stack: list[Any] = [value]
    pop, push = stack.pop, stack.append
    while stack:
        item = pop()
        if isinstance(item, dict):
            nodes += 1
            size = len(item)
            if size > longest:
                longest = size
                if longest > max_members:
                    raise _Over(longest, MAX_ARRAY_MEMBERS, *_BOUNDS[2][2:])
            ident = item.get("id", item.get("@id"))
            if not isinstance(ident, str) or ident.startswith("_:"):
                blank += 1
            for key, child in item.items():
                if isinstance(key, str):
                    string_bytes += len(key) if key.isascii() else _utf8_length(key)
                    if key in _EMBEDDING:
                        embedded += len(child) if isinstance(child, list) else 1
                if isinstance(child, dict | list):
                    push(child)
                else:
                    literals += 1
                    if isinstance(child, str):
                        string_bytes += len(child) if child.isascii() else _utf8_length(child)
        elif isinstance(item, list):
            size = len(item)
            if size > longest:
                longest = size
                if longest > max_members:
                    raise _Over(longest, MAX_ARRAY_MEMBERS, *_BOUNDS[2][2:])
            for child in item:
                if isinstance(child, dict | list):
                    push(child)
                else:
                    literals += 1
                    if isinstance(child, str):
                        string_bytes += len(child) if child.isascii() else _utf8_length(child)
        else:
            literals += 1
            if isinstance(item, str):
                string_bytes += len(item) if item.isascii() else _utf8_length(item)
        if (
            nodes > max_nodes
            or blank > max_blank
            or longest > max_members
            or literals > max_literals
            or string_bytes > max_bytes
            or embedded > max_embedded
        ):
            counts = (nodes, blank, longest, literals, string_bytes, embedded)
            for count, (_field, limit, name, noun) in zip(counts, _BOUNDS, strict=True):
                if count > limit:
                    raise _Over(count, limit, name, noun)
    return Shape(nodes, blank, literals, string_bytes, longest, embedded)


def measure(value: Any) -> Shape:
    """Count ``value``'s nodes, blank nodes, literals, string bytes and its longest array, in
    one pass without recursion. Raises :class:`~wallet.errors.InvalidJsonLdError` for a string
    that is not text (a lone surrogate), which nothing downstream could encode."""
    return _walk(value, False)


def _too_complex(what: str, reason: str, limit: str) -> DocumentTooComplexError:
    return DocumentTooComplexError(
        f"{what} is too complex to verify safely: {reason}; refusing it as hostile", limit=limit
    )


def check_shape(value: Any, *, what: str = "the document") -> Shape:
    """``value``'s :class:`Shape`, or :class:`~wallet.errors.DocumentTooComplexError` as soon
    as a shape limit is passed (counted so far: "more than"); charged to the current
    :class:`WorkBudget`."""
    budget = current_budget()
    if budget is not None:
        budget.check_open()
    try:
        shape = _walk(value, True)
    except _Over as over:
        raise _refuse(
            budget,
            _too_complex(
                what,
                f"it has more than {over.limit:,} {over.noun} (counted {over.count:,} so far)",
                over.name,
            ),
        ) from None
    if budget is not None:
        budget.charge(
            DOCUMENT_UNITS + VALUE_UNITS * shape.values + shape.string_bytes // TEXT_BYTES_PER_UNIT,
            what,
        )
    return shape


# --- pyld's node map -----------------------------------------------------------------------------


def _value_key(value: Any) -> Any:
    """What pyld's ``compare_values`` compares, as a hashable key: equal keys are equal
    values. Node references compare by ``@id``, value objects by value, type, language and
    index (a boolean never equals a number), plain strings (``@type``) by themselves."""
    if isinstance(value, dict):
        if "@value" in value:
            literal = value["@value"]
            kind = "bool" if isinstance(literal, bool) else "other"
            try:
                hash(literal)
            except TypeError:  # an @json value: compared as objects, never equal here
                return ("unique", id(value))
            return (
                "value",
                kind,
                literal,
                value.get("@type"),
                value.get("@language"),
                value.get("@index"),
            )
        ident = value.get("@id")
        return ("id", ident) if ident is not None else ("unique", id(value))
    return ("plain", type(value) is bool, value)


def merge_comparisons(expanded: Any) -> int:
    """How many duplicate checks pyld's node map makes to flatten ``expanded`` (an expanded
    JSON-LD document): exact for the value comparisons its ``has_value`` makes.

    A dry run of pyld's ``_create_node_map``: a value added to a property (of a subject, in a
    graph) that has values already is compared with them in order until one equals it; a new
    value is compared with all of them. Blank nodes without an identifier are each their own
    subject; values inside ``@list`` are appended without a check."""
    comparisons = 0
    properties: dict[tuple[Any, Any, str], dict[Any, int]] = {}
    blank = 0

    def add(graph: Any, subject: Any, prop: str, key: Any) -> None:
        nonlocal comparisons
        seen = properties.get((graph, subject, prop))
        if seen is None:
            properties[(graph, subject, prop)] = {key: 0}
            return
        position = seen.get(key)
        if position is None:
            comparisons += len(seen)
            seen[key] = len(seen)
        else:
            comparisons += position + 1

    # (element, graph, subject, property, in a list)
    stack: list[tuple[Any, Any, Any, Any, bool]] = [(expanded, "@default", None, None, False)]
    pop, push = stack.pop, stack.append
    while stack:
        element, graph, subject, prop, in_list = pop()
        if isinstance(element, list):
            for e in reversed(element):
                push((e, graph, subject, prop, in_list))
            continue
        if not isinstance(element, dict):
            continue
        if "@value" in element:
            if isinstance(subject, str) and not in_list:
                add(graph, subject, prop, _value_key(element))
            continue
        if "@list" in element:
            push((element["@list"], graph, subject, prop, True))
            continue
        ident = element.get("@id")
        if isinstance(ident, str):
            node = ident
        else:
            blank += 1
            node = f"\0blank{blank}"
        if isinstance(subject, dict):  # a reverse property: the subject is added to us
            add(graph, node, prop, ("id", subject.get("@id")))
        elif prop is not None and subject is not None and not in_list:
            add(graph, subject, prop, ("id", node))
        for key, objects in element.items():
            if key == "@id":
                continue
            if key == "@type":
                for t in objects if isinstance(objects, list) else [objects]:
                    add(graph, node, "@type", ("plain", type(t) is bool, t))
            elif key == "@reverse" and isinstance(objects, dict):
                for rprop, items in objects.items():
                    for item in items if isinstance(items, list) else [items]:
                        push((item, graph, {"@id": node}, rprop, False))
            elif key == "@graph":
                push((objects, node, None, None, False))
            elif key == "@included":
                push((objects, graph, None, None, False))
            elif key[:1] != "@":
                for o in objects if isinstance(objects, list) else [objects]:
                    push((o, graph, node, key, False))
    return comparisons


def check_merge(expanded: Any, *, what: str = "the document") -> int:
    """:func:`merge_comparisons`, or :class:`~wallet.errors.DocumentTooComplexError` over
    :data:`MAX_MERGE_COMPARISONS` (charged to the current :class:`WorkBudget`)."""
    budget = current_budget()
    if budget is not None:
        budget.check_open()
    comparisons = merge_comparisons(expanded)
    if comparisons > MAX_MERGE_COMPARISONS:
        raise _refuse(
            budget,
            _too_complex(
                what,
                f"flattening it would compare {comparisons:,} pairs of values (at most "
                f"{MAX_MERGE_COMPARISONS:,}); one node holds too many values of one property",
                "MAX_MERGE_COMPARISONS",
            ),
        )
    if budget is not None:
        budget.charge(MERGE_UNITS * comparisons, what)
    return comparisons


# --- one verification ----------------------------------------------------------------------------


class WorkBudget:
    """The work one verification may do in all, with everything nested in it, in work units
    (:data:`MAX_RUN_WORK`).

    Entered as a context manager (see :func:`work_budget`), it is the *current* budget of the
    code that runs inside: :func:`check_shape`, :func:`check_merge` and :func:`charge` charge
    it, and :mod:`wallet.ld.rdfc` takes at most :meth:`rdfc_allowance` steps and charges what it
    took. Once one document is refused, :meth:`check_open` refuses every later one at once:
    the input as a whole is too complex.
    """

    def __init__(self, limit: int = MAX_RUN_WORK) -> None:
        self.limit = limit
        self.spent = 0
        self.refused: DocumentTooComplexError | None = None

    def check_open(self) -> None:
        if self.refused is not None:
            raise DocumentTooComplexError(
                f"not checked: {self.refused.message}", **self.refused.details
            )

    def charge(self, units: int, what: str = "the credential") -> None:
        self.check_open()
        self.spent += units
        if self.spent > self.limit:
            raise self.refuse(
                _too_complex(
                    what,
                    "with everything nested in it, verifying it needs more work than "
                    f"{self.limit:,} units (about {self.limit / 1e6:.1f} s)",
                    "MAX_RUN_WORK",
                )
            )

    def rdfc_allowance(self) -> int:
        """Steps of canonicalization still allowed (at most one document's
        :data:`MAX_RDFC_WORK`)."""
        self.check_open()
        return max(0, min(MAX_RDFC_WORK, (self.limit - self.spent) // RDFC_UNITS))

    def charge_rdfc(self, steps: int) -> None:
        self.spent += RDFC_UNITS * steps

    def refuse(self, error: DocumentTooComplexError) -> DocumentTooComplexError:
        """Remember ``error`` as the reason this verification is refused; returns it."""
        if self.refused is None:
            self.refused = error
        return error


def charge(units: int, what: str = "the credential") -> None:
    """Charge the current :class:`WorkBudget`, if a verification is running; raises
    :class:`~wallet.errors.DocumentTooComplexError` once it is spent."""
    budget = _CURRENT.get()
    if budget is not None:
        budget.charge(units, what)


def charge_signature() -> None:
    """One signature about to be checked (:data:`SIGNATURE_UNITS`)."""
    charge(SIGNATURE_UNITS)


def _refuse(budget: WorkBudget | None, error: DocumentTooComplexError) -> DocumentTooComplexError:
    return budget.refuse(error) if budget is not None else error


_CURRENT: ContextVar[WorkBudget | None] = ContextVar("wallet_work_budget", default=None)


def current_budget() -> WorkBudget | None:
    """The budget of the verification running in this context, if any."""
    return _CURRENT.get()


@contextmanager
def work_budget() -> Iterator[WorkBudget]:
    """Run the block under one :class:`WorkBudget` — a new one, or the budget of the
    verification already running (a nested verification shares its parent's)."""
    current = _CURRENT.get()
    if current is not None:
        yield current
        return
    budget = WorkBudget()
    token = _CURRENT.set(budget)
    try:
        yield budget
    finally:
        _CURRENT.reset(token)
