"""Competency map figures: 10,000 credentials against a 5,000-item CASE framework.

    python benchmarks/competency.py [--credentials 10000] [--items 5000] [--runs 7]

Prints the machine, then: parsing the framework; mapping every credential's alignments and
results to it (with 2,000 reflections and work samples of the learner's own); the areas and
growth the charts draw; cover queries (job requirements of 8–15 competencies: codes, item URIs
and statements, some that nothing shows), median and p95; peak RSS. The last line is
``median_ms X`` (the mapping median). Targets: mapping ≤ 1 s, a cover query ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from verify import machine  # noqa: E402

from wallet.competency.case import parse_case_package  # noqa: E402
from wallet.competency.mapping import (  # noqa: E402
    Alignment,
    CredentialFacts,
    LearnerEvidence,
    ResultFacts,
    cover,
    map_competencies,
)

BASE = "https://case.bench.example/ims/case/v1p0"
TITLE = "Bench Skills Framework"


def package(items: int) -> dict:
    """10 areas × 10 sub-areas × the rest as leaves (depth 3), in the CASE 1.0 shape."""
    doc_id = str(uuid.UUID(int=1))
    out_items, assocs = [], []

    def item(code: str, parent: str | None, kind: str) -> str:
        ident = str(uuid.uuid5(uuid.NAMESPACE_URL, code))
        out_items.append(
            {
                "identifier": ident,
                "uri": f"{BASE}/CFItems/{ident}",
                "fullStatement": f"Competency {code}",
                "humanCodingScheme": code,
                "CFItemType": kind,
                "lastChangeDateTime": "2026-01-01T00:00:00Z",
            }
        )
        if parent:
            assocs.append(
                {
                    "identifier": str(uuid.uuid5(uuid.NAMESPACE_URL, "a" + code)),
                    "associationType": "isChildOf",
                    "originNodeURI": {
                        "identifier": ident,
                        "title": code,
                        "uri": f"{BASE}/CFItems/{ident}",
                    },
                    "destinationNodeURI": {
                        "identifier": parent,
                        "title": "",
                        "uri": f"{BASE}/CFItems/{parent}",
                    },
                }
            )
        return ident

    subs = []
    for a in range(10):
        area = item(f"A{a}", None, "Area")
        subs += [(f"A{a}.{b}", item(f"A{a}.{b}", area, "Sub-area")) for b in range(10)]
    n = 0
    while len(out_items) < items:
        code, parent = subs[n % len(subs)]
        item(f"{code}.{n // len(subs)}", parent, "Competency")
        n += 1
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": f"{BASE}/CFDocuments/{doc_id}",
            "title": TITLE,
            "creator": "Bench",
        },
        "CFItems": out_items,
        "CFAssociations": assocs,
    }


def credentials(count: int, leaves: list[dict], rng: random.Random) -> list[CredentialFacts]:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    out = []
    for n in range(count):
        aligned = []
        for leaf in rng.sample(leaves, rng.randint(1, 5)):
            how = rng.random()
            if how < 0.7:  # by URI
                aligned.append(Alignment(leaf["fullStatement"], leaf["uri"], None, TITLE, "CFItem"))
            elif how < 0.9:  # by code in a named framework
                aligned.append(
                    Alignment(
                        leaf["fullStatement"], None, leaf["humanCodingScheme"], TITLE, "CFItem"
                    )
                )
            else:  # a framework not imported
                aligned.append(
                    Alignment(
                        f"Other skill {rng.randint(1, 300)}",
                        f"https://other.example/items/{rng.randint(1, 300)}",
                        None,
                        "Other Framework",
                        "CFItem",
                    )
                )
        results = ()
        if rng.random() < 0.4:
            results = (
                rng.choice(
                    [
                        ResultFacts("LetterGrade", rng.choice("ABCDF")),
                        ResultFacts("Percent", str(rng.randint(40, 100))),
                        ResultFacts("RubricCriterionLevel", None, (rng.randint(1, 4), 4)),
                    ]
                ),
            )
        out.append(
            CredentialFacts(
                f"c{n:05d}",
                f"Credential {n}",
                now - timedelta(days=rng.randint(0, 1460)),
                True,
                tuple(aligned),
                results,
                tuple(
                    rng.sample(
                        ["data", "teamwork", "design", "safety", "writing"], rng.randint(0, 2)
                    )
                ),
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--credentials", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    print(f"{machine()}")
    rng = random.Random(7)

    data = package(args.items)
    start = time.perf_counter()
    framework = parse_case_package(data)
    print(
        f"parse a {len(framework.items):,}-item CASE package: "
        f"{(time.perf_counter() - start) * 1000:.1f} ms"
    )
    leaves = [i for i in data["CFItems"] if i["CFItemType"] == "Competency"]
    facts = credentials(args.credentials, leaves, rng)
    own = [
        LearnerEvidence(
            f"r{n}",
            rng.choice(["reflection", "artifact"]),
            f"Mine {n}",
            (rng.choice(leaves)["humanCodingScheme"],),
            (f"c{rng.randrange(args.credentials):05d}",),
        )
        for n in range(2_000)
    ]

    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        cmap = map_competencies(facts, [framework], own)
        times.append((time.perf_counter() - start) * 1000)
    mapping = statistics.median(times)
    shown = sum(1 for c in cmap.competencies.values() if c.item and c.credentials)
    print(
        f"map {len(facts):,} credentials (+2,000 of the learner's own) to "
        f"{len(framework.items):,} items: n={args.runs} median {mapping:.1f} ms, "
        f"min {min(times):.1f} ms (target ≤ 1000 ms); {shown:,} items with evidence"
    )

    start = time.perf_counter()
    cmap.areas(framework.identifier)
    cmap.growth()
    print(f"areas + growth for the charts: {(time.perf_counter() - start) * 1000:.1f} ms")

    queries = []
    for _ in range(args.queries):
        picks = rng.sample(data["CFItems"], rng.randint(7, 14))
        reqs = [rng.choice([i["humanCodingScheme"], i["uri"], i["fullStatement"]]) for i in picks]
        queries.append([*reqs, "Underwater basket weaving"])
    cover_times, sizes, exact = [], [], 0
    for reqs in queries:
        start = time.perf_counter()
        result = cover(cmap, reqs)
        cover_times.append((time.perf_counter() - start) * 1000)
        sizes.append(len(result.chosen))
        exact += result.exact
    cover_times.sort()
    p95 = cover_times[max(0, int(len(cover_times) * 0.95) - 1)]
    print(
        f"cover a job's 8–15 requirements: n={len(queries)} median "
        f"{statistics.median(cover_times):.1f} ms, p95 {p95:.1f} ms (target ≤ 200 ms); "
        f"{statistics.median(sizes):.0f} credentials chosen (median), {exact} exact, "
        f"{len(queries) - exact} greedy"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MB")
    print(f"median_ms {mapping:.1f}")


if __name__ == "__main__":
    main()
