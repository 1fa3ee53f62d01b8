"""The W3C RDF Dataset Canonicalization (RDFC-1.0) test suite, run against :mod:`wallet.ld.rdfc`.

Read from ``../shared/vectors/w3c-rdf-canon`` (beside the repository; never copied into it),
one test per manifest entry, as the suite's README says to run it:

* ``rdfc:RDFC10EvalTest`` — the canonical N-Quads of the input, byte for byte equal to the
  result file (with SHA-384 where the entry's ``hashAlgorithm`` says so);
* ``rdfc:RDFC10MapTest`` — the issued identifiers map (input blank node → canonical label, §4.4
  step 7) equal to the result file, every input blank node in it;
* ``rdfc:RDFC10NegativeEvalTest`` — a "poisoned" graph, refused by the work bound
  (:data:`~wallet.limits.MAX_RDFC_WORK`) with a named error, not canonicalized at length.

The inputs are read by :func:`wallet.ld.nquads.parse_nquads`. Without the shared folder the
tests are skipped on a developer's machine and fail under CI (``CI`` set).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from wallet.errors import CanonicalizationLimitError, DocumentTooComplexError
from wallet.ld import rdfc
from wallet.ld.nquads import parse_nquads

ROOT = Path(__file__).resolve().parents[2]
SUITE = ROOT.parent / "shared" / "vectors" / "w3c-rdf-canon"
MANIFEST = SUITE / "manifest.jsonld"

EVAL = "rdfc:RDFC10EvalTest"
MAP = "rdfc:RDFC10MapTest"
NEGATIVE = "rdfc:RDFC10NegativeEvalTest"
HASHES = {"SHA256": "sha256", "SHA384": "sha384"}


def _entries() -> list[dict[str, Any]]:
    if not MANIFEST.is_file():
        return []
    return json.loads(MANIFEST.read_text(encoding="utf-8"))["entries"]


def _id(entry: dict[str, Any]) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", entry["name"].lower()).strip("-")
    return f"{entry['id'].lstrip('#')}-{name}"


ENTRIES = _entries()
PARAMS = [pytest.param(entry, id=_id(entry)) for entry in ENTRIES] or [
    pytest.param(None, id="suite-missing")
]


def _require_suite() -> None:
    if MANIFEST.is_file():
        return
    message = f"the W3C RDFC-1.0 suite is not at {MANIFEST}"
    if os.environ.get("CI", "").lower() not in ("", "0", "false"):
        pytest.fail(message + " (CI runs it: check out ../shared beside the repository)")
    pytest.skip(message)


def _quads(entry: dict[str, Any]) -> list[rdfc.Quad]:
    return parse_nquads((SUITE / entry["action"]).read_bytes())


def _hash_name(entry: dict[str, Any]) -> str:
    return HASHES[entry.get("hashAlgorithm", "SHA256")]


@pytest.mark.parametrize("entry", PARAMS)
def test_w3c_rdfc10(entry: dict[str, Any] | None) -> None:
    _require_suite()
    assert entry is not None
    assert entry["approval"] == "rdft:Approved"
    quads, hash_name = _quads(entry), _hash_name(entry)
    kind = entry["type"]
    if kind == EVAL:
        expected = (SUITE / entry["result"]).read_bytes()
        assert rdfc.canonicalize(quads, hash_name).encode("utf-8") == expected
    elif kind == MAP:
        expected_map = json.loads((SUITE / entry["result"]).read_text(encoding="utf-8"))
        issued = rdfc.canonical_labels(quads, hash_name)
        assert {
            bnode.removeprefix("_:"): label.removeprefix("_:") for bnode, label in issued.items()
        } == expected_map
        # Every blank node of the input is in the map (the suite's README).
        input_bnodes = {
            t.value
            for q in quads
            for t in (q.subject, q.object, q.graph)
            if t is not None and t.kind == "bnode"
        }
        assert set(issued) == input_bnodes
    elif kind == NEGATIVE:
        with pytest.raises(DocumentTooComplexError) as caught:
            rdfc.canonicalize(quads, hash_name)
        assert isinstance(caught.value, CanonicalizationLimitError)
        assert caught.value.code == "canonicalization_limit"
        assert caught.value.details == {"limit": "MAX_RDFC_WORK"}
    else:
        pytest.fail(f"a test type this runner does not know: {kind}")


def test_the_suite_is_whole() -> None:
    """Every entry of the manifest is one of the three kinds above and names files that exist,
    so an entry cannot drop out unnoticed; the counts are the suite's (w3c/rdf-canon 15619df)."""
    _require_suite()
    kinds = [entry["type"] for entry in ENTRIES]
    assert {kind: kinds.count(kind) for kind in set(kinds)} == {EVAL: 64, MAP: 21, NEGATIVE: 1}
    assert sum(1 for entry in ENTRIES if entry.get("hashAlgorithm") == "SHA384") == 2
    for entry in ENTRIES:
        assert (SUITE / entry["action"]).is_file()
        assert entry["type"] == NEGATIVE or (SUITE / entry["result"]).is_file()


def test_the_sha384_entries_depend_on_the_hash() -> None:
    """The SHA-384 entries are not passed by accident: hashed with SHA-256 instead, their
    labels come out otherwise."""
    _require_suite()
    (entry,) = [e for e in ENTRIES if e["type"] == MAP and e.get("hashAlgorithm") == "SHA384"]
    expected_map = json.loads((SUITE / entry["result"]).read_text(encoding="utf-8"))
    issued = rdfc.canonical_labels(_quads(entry), "sha256")
    assert {b[2:]: c[2:] for b, c in issued.items()} != expected_map


def test_the_suite_is_not_copied_into_the_project() -> None:
    _require_suite()
    assert not [p for folder in ("tests", "wallet") for p in (ROOT / folder).rglob("*.nq")]
