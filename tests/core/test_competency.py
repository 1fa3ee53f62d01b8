"""The competency map on hand-worked cases: the sample CASE framework and the demo issuer's
badges (whose alignments point into it)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wallet.competency.mapping import (
    Alignment,
    CredentialFacts,
    FrameworkError,
    LearnerEvidence,
    ResultFacts,
    cover,
    facts_from_credential,
    facts_from_ob2,
    map_competencies,
    parse_case_package,
)
from wallet.crypto.keys import Ed25519KeyPair
from wallet.demo.issuer import DemoIssuer

SAMPLE = Path(__file__).resolve().parents[2] / "assets" / "case" / "riverside-skills-framework.json"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


@pytest.fixture(scope="module")
def package() -> dict:
    return json.loads(SAMPLE.read_text())


@pytest.fixture(scope="module")
def framework(package):
    return parse_case_package(package)


@pytest.fixture(scope="module")
def demo_facts():
    issuer = DemoIssuer("http://127.0.0.1:9")
    learner = Ed25519KeyPair.generate()
    return [
        facts_from_credential(
            b, issuer.badge_credential(b, learner.did, status=False), verified=True
        )
        for b in ("data-analysis", "python", "visualization", "teamwork", "communication")
    ]


def _level(cmap, framework, code: str) -> int:
    return cmap.competencies[f"{framework.identifier}#{framework.find(code)}"].level


def test_the_sample_framework(framework) -> None:
    assert framework.title == "Riverside Data & Workplace Skills Framework"
    assert len(framework.items) == 35
    assert [framework.items[r].code for r in framework.roots] == ["DS", "WS", "DL"]
    ds21 = framework.find("DS.2.1")
    assert framework.items[framework.items[ds21].parent].code == "DS.2"
    assert framework.find(framework.items[ds21].uri) == ds21
    assert framework.find("ds.2.1") == ds21  # codes are matched without case


def test_mapping_and_mastery_hand_worked(framework, demo_facts) -> None:
    cmap = map_competencies(demo_facts, [framework], now=NOW)
    # data-analysis: aligned to DS.1.2 and DS.2.1, final grade A → Advanced (4)
    assert _level(cmap, framework, "DS.1.2") == 4 and _level(cmap, framework, "DS.2.1") == 4
    # python: DS.3.1 and DS.3.2, practical exam 91% → 4
    assert _level(cmap, framework, "DS.3.2") == 4
    # visualization: rubric level "Proficient", 2nd of 3 → round(4 × 2/3) = 3
    assert _level(cmap, framework, "DS.4.1") == 3
    # WS.2.2 is shown by visualization (rubric 3) and communication (no result) → 3
    assert _level(cmap, framework, "WS.2.2") == 3
    # teamwork: no result, one recent credential → Emerging (1)
    assert _level(cmap, framework, "WS.1.1") == 1
    # nothing shows DL.1.1
    assert _level(cmap, framework, "DL.1.1") == 0
    # a parent collects the evidence beneath it, but its level is the mean of its parts'
    # (rounded half up): DS.1 = (0+4+0)/3 → 1, DS.2 = (4+0+0)/3 → 1, DS.3 = (4+4+0)/3 → 3,
    # DS.4 = (3+0)/2 → 2, and DS = (1+1+3+2)/4 → 2
    ds = cmap.competencies[f"{framework.identifier}#{framework.find('DS')}"]
    assert ds.all_credentials == {"data-analysis", "python", "visualization"}
    assert [_level(cmap, framework, c) for c in ("DS.1", "DS.2", "DS.3", "DS.4", "DS")] == [
        1,
        1,
        3,
        2,
        2,
    ]
    # areas: mean mastery of the leaves (DS has 11: 4+4 + 4+4 + 3 → 19/11)
    areas = dict(cmap.areas(framework.identifier))
    assert areas["Data Skills"] == pytest.approx(19 / 11)
    assert areas["Digital Literacy"] == 0
    # WS leaves: WS.1.1=1, WS.1.2=1, WS.2.1=1 (communication), WS.2.2=3, others 0 → 6/8
    assert areas["Workplace Skills"] == pytest.approx(6 / 8)


def test_evidence_rule_without_results(framework) -> None:
    item = framework.items[framework.find("WS.3.1")]

    def cred(cid: str, days_ago: int) -> CredentialFacts:
        return CredentialFacts(
            cid,
            cid,
            NOW - timedelta(days=days_ago),
            True,
            (Alignment(item.statement, item.uri, None, None, "CFItem"),),
        )

    levels = {}
    for label, creds in {
        "one recent": [cred("a", 10)],
        "two recent": [cred("a", 10), cred("b", 20)],
        "three, one recent": [cred("a", 10), cred("b", 900), cred("c", 900)],
        "three old": [cred("a", 900), cred("b", 900), cred("c", 900)],
        "one old": [cred("a", 900)],
    }.items():
        cmap = map_competencies(creds, [framework], now=NOW)
        levels[label] = _level(cmap, framework, "WS.3.1")
    assert levels == {
        "one recent": 1,
        "two recent": 2,
        "three, one recent": 4,
        "three old": 2,
        "one old": 1,
    }


def test_unverified_credentials_do_not_count(framework, demo_facts) -> None:
    unverified = [
        CredentialFacts(f.id, f.name, f.issued, False, f.alignments, f.results) for f in demo_facts
    ]
    cmap = map_competencies(unverified, [framework], now=NOW)
    assert all(c.level == 0 for c in cmap.competencies.values())


def test_learner_evidence_is_apart_and_only_emerging(framework) -> None:
    reflection = LearnerEvidence("r1", "reflection", "How I plan my week", ("WS.3.2",))
    named = LearnerEvidence("r2", "reflection", "Chess", ("Chess strategy",))
    cmap = map_competencies([], [framework], [reflection, named], now=NOW)
    ws32 = cmap.competencies[f"{framework.identifier}#{framework.find('WS.3.2')}"]
    assert ws32.learner == {"r1"} and not ws32.all_credentials and ws32.level == 1
    (group,) = cmap.groups()
    assert group.label == "Chess strategy" and group.learner == {"r2"}


def test_alignments_outside_imported_frameworks_are_grouped(framework) -> None:
    facts = [
        CredentialFacts(
            "x",
            "First aid",
            NOW,
            True,
            (
                Alignment(
                    "CPR", "https://other.example/cfitems/1", "FA.1", "Red Cross Skills", "CFItem"
                ),
                Alignment("Welding", "https://ctdl.example/w", None, None, "ceasn:Competency"),
            ),
            skills=("first aid",),
        )
    ]
    cmap = map_competencies(facts, [framework], now=NOW)
    labels = {(c.framework, c.label) for c in cmap.groups()}
    assert labels == {("Red Cross Skills", "CPR"), (None, "Welding"), (None, "first aid")}


def test_growth_over_time(framework) -> None:
    def cred(cid: str, code: str, day: str) -> CredentialFacts:
        item = framework.items[framework.find(code)]
        return CredentialFacts(
            cid,
            cid,
            datetime.fromisoformat(day).replace(tzinfo=UTC),
            True,
            (Alignment(item.statement, item.uri, None, None, "CFItem"),),
        )

    cmap = map_competencies(
        [
            cred("a", "DS.1.1", "2025-01-10"),
            cred("b", "DS.1.2", "2025-06-01"),
            cred("c", "DS.1.1", "2025-09-01"),
            cred("d", "WS.1.1", "2025-09-01"),
        ],
        [framework],
        now=NOW,
    )
    assert cmap.growth() == [("2025-01-10", 1), ("2025-06-01", 2), ("2025-09-01", 3)]


def test_cover_picks_the_fewest_credentials(framework, demo_facts) -> None:
    cmap = map_competencies(demo_facts, [framework], now=NOW)
    ws11_uri = framework.items[framework.find("WS.1.1")].uri
    result = cover(
        cmap,
        [
            "Interpret data using descriptive statistics",
            "DS.3.2",
            ws11_uri,
            "WS.2.2",
            "Listen actively",
            "Quantum physics",
        ],
    )
    assert set(result.chosen) == {"data-analysis", "python", "teamwork", "visualization"} or set(
        result.chosen
    ) == {"data-analysis", "python", "teamwork", "communication"}
    assert len(result.chosen) == 4 and result.exact
    assert result.uncovered == ("Listen actively", "Quantum physics")
    # an area is shown by anything beneath it: one credential covers "Data Skills"
    assert len(cover(cmap, ["Data Skills"]).chosen) == 1


def test_cover_is_exact_where_greedy_is_not(framework) -> None:
    """The classic case: greedy takes the biggest set first and needs three; two suffice."""
    codes = ["DS.1.1", "DS.1.2", "DS.1.3", "DS.2.1", "DS.2.2", "DS.2.3"]
    items = [framework.items[framework.find(c)] for c in codes]

    def cred(cid: str, picks: list[int]) -> CredentialFacts:
        return CredentialFacts(
            cid,
            cid,
            NOW,
            True,
            tuple(Alignment(items[i].statement, items[i].uri, None, None, "CFItem") for i in picks),
        )

    facts = [cred("big", [0, 1, 2, 3]), cred("odd", [0, 2, 4]), cred("even", [1, 3, 5])]
    cmap = map_competencies(facts, [framework], now=NOW)
    exact = cover(cmap, codes)
    assert sorted(exact.chosen) == ["even", "odd"] and exact.exact
    greedy = cover(cmap, codes, budget=0)
    assert len(greedy.chosen) == 3 and not greedy.exact


@pytest.mark.parametrize(
    "damage",
    [
        "no-document",
        "items-not-list",
        "duplicate",
        "cycle",
        "unknown-child",
        "no-items",
        "no-statement",
        "not-object",
    ],
)
def test_malformed_packages_are_refused(package, damage: str) -> None:
    bad = copy.deepcopy(package)
    if damage == "no-document":
        del bad["CFDocument"]
    elif damage == "items-not-list":
        bad["CFItems"] = {"a": 1}
    elif damage == "duplicate":
        bad["CFItems"].append(copy.deepcopy(bad["CFItems"][0]))
    elif damage == "cycle":
        first, second = bad["CFItems"][0], bad["CFItems"][1]
        bad["CFAssociations"] = [
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": first["identifier"]},
                "destinationNodeURI": {"identifier": second["identifier"]},
            },
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": second["identifier"]},
                "destinationNodeURI": {"identifier": first["identifier"]},
            },
        ]
    elif damage == "unknown-child":
        bad["CFAssociations"][0]["originNodeURI"]["identifier"] = "not-an-item"
    elif damage == "no-items":
        bad["CFItems"] = []
    elif damage == "no-statement":
        del bad["CFItems"][3]["fullStatement"]
    else:
        bad = ["not", "a", "package"]
    with pytest.raises(FrameworkError) as err:
        parse_case_package(bad)
    assert "CASE package" in err.value.message


def test_cover_brings_the_learners_own_evidence(framework, demo_facts) -> None:
    """Reflections and artifacts on a required competency (or one below it), or on a chosen
    credential, come along; others stay home."""
    own = [
        LearnerEvidence("r-team", "reflection", "Leading the group", ("WS.1.1",)),
        LearnerEvidence("r-ds", "reflection", "My first regression", ("DS.2.1",)),
        LearnerEvidence("a-py", "artifact", "notebook.ipynb", (), ("python",)),
        LearnerEvidence("r-off", "reflection", "Chess", ("Chess strategy",)),
        LearnerEvidence("a-off", "artifact", "essay.pdf", (), ("communication",)),
    ]
    cmap = map_competencies(demo_facts, [framework], own, now=NOW)
    result = cover(cmap, ["WS.1", "DS.3.2"])
    assert sorted(result.chosen) == ["python", "teamwork"]
    assert result.reflections == ("r-team",)  # WS.1.1 is below WS.1
    assert result.artifacts == ("a-py",)  # linked to the chosen python credential
    # a requirement nobody shows still brings the learner's reflection on it
    alone = cover(cmap, ["DS.2.1"])
    assert "r-ds" in alone.reflections and alone.chosen == ("data-analysis",)


def test_charts_draw_what_the_map_says() -> None:
    """The flower: one petal per area, its radius proportional to the score; the growth chart:
    a step line rising on each date, time on the x axis; both escape their text."""
    import io
    import math
    from xml.etree import ElementTree

    from PIL import Image

    from wallet.competency.charts import SIZE, WIDTH, flower_png, flower_svg, growth_png, growth_svg

    ns = {"s": "http://www.w3.org/2000/svg"}
    areas = [("Data <Skills>", 4.0), ("Workplace & People", 2.0), ("Digital", 0.0)]
    svg = ElementTree.fromstring(flower_svg(areas, "Areas"))
    petals = svg.findall("s:polygon", ns)
    assert [p.find("s:title", ns).text for p in petals] == [
        "Data <Skills>: 4.0 / 4",
        "Workplace & People: 2.0 / 4",
        "Digital: 0.0 / 4",
    ]

    def reach(polygon) -> float:
        pts = [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
        cx, cy = pts[0]
        return max(math.dist((cx, cy), p) for p in pts[1:])

    full, half, empty = (reach(p) for p in petals)
    assert full == pytest.approx(SIZE * 0.3, abs=0.2) and half == pytest.approx(full / 2, abs=0.2)
    assert empty == 0
    png = Image.open(io.BytesIO(flower_png(areas)))
    assert png.size == (2 * WIDTH, 2 * SIZE)

    points = [("2025-01-01", 1), ("2025-01-31", 3), ("2025-12-27", 4)]
    growth = ElementTree.fromstring(growth_svg(points, "Growth"))
    line = [
        tuple(map(float, p.split(","))) for p in growth.find("s:polyline", ns).get("points").split()
    ]
    xs = sorted({x for x, _ in line})
    # three dates 30 and 330 days apart: the gaps between the steps are in that ratio
    assert (xs[2] - xs[1]) / (xs[3] - xs[2]) == pytest.approx(30 / 330, rel=0.01)
    ys = [y for _, y in line]
    assert ys == sorted(ys, reverse=True)  # only ever rises (y grows downwards)
    assert [c.find("s:title", ns).text for c in growth.findall("s:circle", ns)] == [
        "2025-01-01: 1",
        "2025-01-31: 3",
        "2025-12-27: 4",
    ]
    assert Image.open(io.BytesIO(growth_png(points))).size == (1280, 640)
    assert Image.open(io.BytesIO(growth_png([]))).size == (1280, 640)  # nothing yet: axes


def test_cover_is_the_smallest_on_random_cases(framework) -> None:
    """Against brute force: 40 random cases of 9 requirements and 30 credentials each."""
    import itertools
    import random

    rng = random.Random(11)
    leaves = [i for i in framework.items.values() if not i.children]
    for _case in range(40):
        wanted = rng.sample(leaves, 9)
        facts = []
        for n in range(30):
            picks = rng.sample(wanted, rng.randint(1, 3))
            facts.append(
                CredentialFacts(
                    f"c{n:02d}",
                    f"c{n}",
                    NOW - timedelta(days=n),
                    True,
                    tuple(Alignment(i.statement, i.uri, None, None, "CFItem") for i in picks),
                )
            )
        cmap = map_competencies(facts, [framework], now=NOW)
        result = cover(cmap, [i.uri for i in wanted])
        shows = {f.id: {a.url for a in f.alignments} for f in facts}
        reachable = set().union(*shows.values())
        assert set().union(*(shows[c] for c in result.chosen)) == reachable
        assert result.exact
        smallest = next(
            k
            for k in range(1, 10)
            if any(
                set().union(*(shows[c] for c in combo)) == reachable
                for combo in itertools.combinations(sorted(shows), k)
            )
        )
        assert len(result.chosen) == smallest


def test_cover_prefers_the_most_recent_of_equals_and_reports_an_unfinished_search(
    framework,
) -> None:
    item = framework.items[framework.find("DS.1.1")]

    def cred(cid: str, days_ago: int) -> CredentialFacts:
        return CredentialFacts(
            cid,
            cid,
            NOW - timedelta(days=days_ago),
            True,
            (Alignment(item.statement, item.uri, None, None, "CFItem"),),
        )

    cmap = map_competencies(
        [cred("old", 400), cred("new", 3), cred("older", 900)], [framework], now=NOW
    )
    assert cover(cmap, ["DS.1.1"]).chosen == ("new",)
    unfinished = cover(cmap, ["DS.1.1"], budget=0)
    assert not unfinished.exact and unfinished.chosen == ("new",)  # greedy's answer


def test_a_parents_own_evidence_can_raise_it_above_its_parts(framework) -> None:
    ds1 = framework.items[framework.find("DS.1")]
    whole = CredentialFacts(
        "whole",
        "Data preparation certificate",
        NOW,
        True,
        (Alignment(ds1.statement, ds1.uri, None, None, "CFItem"),),
        (ResultFacts("LetterGrade", "B"),),
    )
    cmap = map_competencies([whole], [framework], now=NOW)
    assert _level(cmap, framework, "DS.1") == 3  # its own grade B, though no part is shown
    assert _level(cmap, framework, "DS.1.1") == 0
    assert _level(cmap, framework, "DS") == 1  # (3+0+0+0)/4 → 0.75 → 1


def test_open_badges_2_alignments_map_like_ob3_ones(framework) -> None:
    """An OB 2.0 BadgeClass's alignments (no targetType; 1.x's name/url upgraded) map onto an
    imported framework: by the CFItem URI first, else by framework title and code."""
    ds21, ds32 = framework.find("DS.2.1"), framework.find("DS.3.2")
    badge = {
        "type": "BadgeClass",
        "name": "Data analysis (OB 2.0)",
        "tags": ["python"],
        "alignment": [
            {"targetName": "by URI", "targetUrl": framework.items[ds21].uri},
            {
                "targetName": "by framework and code",
                "targetCode": "DS.3.2",
                "targetFramework": framework.title,
            },
            {
                "name": "outside",
                "url": "https://example.org/elsewhere",
                "targetFramework": "Another Framework",
            },
        ],
    }
    facts = facts_from_ob2("ob2-badge", badge, issued=NOW - timedelta(days=10), verified=True)
    assert [a.name for a in facts.alignments] == ["by URI", "by framework and code", "outside"]
    cmap = map_competencies([facts], [framework], now=NOW)
    assert cmap.competencies[f"{framework.identifier}#{ds21}"].credentials == {"ob2-badge"}
    assert cmap.competencies[f"{framework.identifier}#{ds32}"].credentials == {"ob2-badge"}
    assert [g.label for g in cmap.groups()] == ["outside", "python"]
    assert _level(cmap, framework, "DS.2.1") == 1  # one recent credential, no results
