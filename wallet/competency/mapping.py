"""Competencies: the map of what a learner's credentials show against 1EdTech CASE 1.0
frameworks, its growth over time, and the smallest set of credentials that covers what a job
asks for.

Pure logic (no disk, no network): the vault stores frameworks and credentials, this module
reads them. Reading a CASE package into a :class:`~wallet.competency.case.Framework` is
:mod:`wallet.competency.case`'s (its :func:`parse_case_package`, :class:`Framework` and
:class:`Item` are
importable from here too).

**Mapping.** An alignment with ``targetType: CFItem`` is matched to an imported framework's item
by ``targetUrl`` (the item's URI, or its identifier at the end of a URL), else by
``targetCode`` (``humanCodingScheme``) within the named framework. Alignments to frameworks that
are not imported are grouped by ``targetFramework`` and ``targetName``; skills without CASE
(other alignments, achievement tags) by name. Reflections and artifacts the learner links to a
competency are *learner-asserted* evidence: shown, counted apart, never raising a level alone
above Emerging.

**Mastery** (0 None, 1 Emerging, 2 Developing, 3 Proficient, 4 Advanced), per competency, from
the verified issuer credentials aligned to it:

1. *From results*, where one of those credentials carries one: a letter grade A=4, B=3, C=2,
   D=1, F=0; a percentage ≥ 90 → 4, ≥ 75 → 3, ≥ 60 → 2, else 1; a rubric level by its
   position among the rubric's levels, scaled to 1–4. The best such level counts.
2. *Else from evidence*: n credentials give min(n, 3); with 3 or more and one from the last two
   years, 4; if none is from the last two years, one level less (never below 1).
3. Only learner-asserted evidence: 1 (Emerging).
4. A competency with parts (CASE children) is at least the mean of its parts' levels, rounded
   half up: one sub-skill at Advanced does not make a whole area Advanced.

Evidence counts (``all_credentials``) and covering a job include everything below an item. A
competency area's score (for the flower chart) is the mean mastery of the leaves beneath it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.competency.case import Framework, Item, parse_case_package
from wallet.errors import FrameworkError

__all__ = [
    "LEVELS",
    "CompetencyMap",
    "CoverResult",
    "CredentialFacts",
    "Framework",
    "FrameworkError",
    "Item",
    "LearnerEvidence",
    "cover",
    "facts_from_credential",
    "facts_from_ob2",
    "map_competencies",
    "parse_case_package",
    "parse_requirements",
]

LEVELS = ("None", "Emerging", "Developing", "Proficient", "Advanced")
RECENT = timedelta(days=730)


# --- what credentials say ---------------------------------------------------------------------


@dataclass(frozen=True)
class Alignment:
    name: str
    url: str | None
    code: str | None
    framework: str | None
    type: str | None


@dataclass(frozen=True)
class ResultFacts:
    kind: str | None  # resultType
    value: str | None
    level_position: tuple[int, int] | None = None  # (1-based position, number of levels)


@dataclass(frozen=True)
class CredentialFacts:
    id: str
    name: str
    issued: datetime | None
    verified: bool
    alignments: tuple[Alignment, ...]
    results: tuple[ResultFacts, ...] = ()
    skills: tuple[str, ...] = ()  # tags and other named skills without an alignment


@dataclass(frozen=True)
class LearnerEvidence:
    id: str
    kind: str  # "reflection" | "artifact"
    title: str
    competencies: tuple[str, ...]  # item URIs, codes or names
    credential_ids: tuple[str, ...] = ()


def facts_from_credential(cid: str, doc: Mapping[str, Any], *, verified: bool) -> CredentialFacts:
    """What the mapping needs from one credential (a parsed JSON view)."""
    from wallet.reading.models import parse_credential, parse_datetime

    view = parse_credential(doc)
    alignments = tuple(
        Alignment(
            a.targetName or a.targetUrl or "?",
            a.targetUrl,
            a.targetCode,
            a.targetFramework,
            a.targetType,
        )
        for a in view.alignments
    )
    results: list[ResultFacts] = []
    achievement = view.achievement
    descriptions = {rd.id: rd for rd in achievement.resultDescription} if achievement else {}
    subject = getattr(view, "credentialSubject", None)
    for result in getattr(subject, "result", ()) or ():
        rd = descriptions.get(result.resultDescription) if result.resultDescription else None
        position = None
        if rd is not None and result.achievedLevel:
            levels = [lv.id for lv in rd.rubricCriterionLevel]
            if result.achievedLevel in levels:
                position = (levels.index(result.achievedLevel) + 1, len(levels))
        results.append(ResultFacts(rd.resultType if rd else None, result.value, position))
    skills = tuple(achievement.tag) if achievement and achievement.tag else ()
    issued = view.valid_from or parse_datetime(getattr(view, "awardedDate", None))
    return CredentialFacts(
        cid, view.display_name, issued, verified, alignments, tuple(results), skills
    )


def facts_from_ob2(
    cid: str, badge: Mapping[str, Any], *, issued: datetime | None, verified: bool
) -> CredentialFacts:
    """What the mapping needs from an Open Badges 2.0 badge, given its BadgeClass in OB 2.0's
    shape (as :func:`wallet.ob2.verify.check_ob2` returns it): its ``alignment`` objects
    (:func:`wallet.ob2.reading.alignments`), matched exactly as OB 3.0 alignments are — the CFItem
    URI
    (``targetUrl``) first, then ``targetFramework`` and ``targetCode`` — and its tags. OB 2.0
    has no results, so mastery comes from the evidence rule."""
    from wallet.ob2.reading import alignments

    aligned = tuple(
        Alignment(
            a.targetName or a.targetUrl or a.targetCode or "?",
            a.targetUrl,
            a.targetCode,
            a.targetFramework,
            a.targetType,
        )
        for a in alignments(badge)
    )
    tags = badge.get("tags")
    skills = tuple(
        t.strip()
        for t in (tags if isinstance(tags, list) else [tags])
        if isinstance(t, str) and t.strip()
    )
    name = badge.get("name")
    return CredentialFacts(
        cid, name if isinstance(name, str) and name else cid, issued, verified, aligned, (), skills
    )


def _result_level(result: ResultFacts) -> int | None:
    if result.level_position:
        position, count = result.level_position
        return max(1, round(4 * position / count)) if count else None
    value = (result.value or "").strip()
    if result.kind == "LetterGrade" or re.fullmatch(r"[A-Fa-f][+-]?", value or "-"):
        letter = value[:1].upper()
        return {"A": 4, "B": 3, "C": 2, "D": 1, "F": 0}.get(letter)
    if result.kind in ("Percent", "ScaledScore", "RawScore") or value.endswith("%"):
        try:
            number = float(value.rstrip("%"))
        except ValueError:
            return None
        return 4 if number >= 90 else 3 if number >= 75 else 2 if number >= 60 else 1
    return None


# --- the map ------------------------------------------------------------------------------------


@dataclass
class Competency:
    key: str  # "<framework id>#<item id>", or "group:<framework>#<name>"
    label: str
    framework: str | None
    item: str | None = None  # the item identifier, in an imported framework
    parent: str | None = None
    credentials: set[str] = field(default_factory=set)  # directly aligned
    all_credentials: set[str] = field(default_factory=set)  # this one or anything below
    learner: set[str] = field(default_factory=set)
    level: int = 0
    result_level: int | None = None
    last_evidence: datetime | None = None

    @property
    def level_name(self) -> str:
        return LEVELS[self.level]


@dataclass
class CompetencyMap:
    frameworks: dict[str, Framework]
    competencies: dict[str, Competency]
    credentials: dict[str, CredentialFacts]
    evidence: dict[str, LearnerEvidence] = field(default_factory=dict)  # learner-asserted

    def tree(self, framework_id: str) -> list[tuple[int, Competency]]:
        """(depth, competency) in the framework's order, for display."""
        framework = self.frameworks[framework_id]
        out: list[tuple[int, Competency]] = []

        def walk(ident: str, depth: int) -> None:
            out.append((depth, self.competencies[f"{framework_id}#{ident}"]))
            for child in framework.items[ident].children:
                walk(child, depth + 1)

        for root in framework.roots:
            walk(root, 0)
        return out

    def groups(self) -> list[Competency]:
        """Competencies outside the imported frameworks."""
        return sorted(
            (c for c in self.competencies.values() if c.item is None),
            key=lambda c: c.label.casefold(),
        )

    def areas(self, framework_id: str) -> list[tuple[str, float]]:
        """(label, mean mastery 0–4 of the items beneath) per top-level area."""
        framework = self.frameworks[framework_id]
        out = []
        for root in framework.roots:
            below = framework.descendants(root) or [root]
            leaves = [i for i in below if not framework.items[i].children] or below
            scores = [self.competencies[f"{framework_id}#{i}"].level for i in leaves]
            out.append((framework.items[root].statement, sum(scores) / len(scores)))
        return out

    def growth(self) -> list[tuple[str, int]]:
        """(date, number of competencies with issuer evidence by then), one point per date."""
        first_seen: dict[str, datetime] = {}
        for comp in self.competencies.values():
            for cid in comp.credentials:
                issued = self.credentials[cid].issued
                if issued and (comp.key not in first_seen or issued < first_seen[comp.key]):
                    first_seen[comp.key] = issued
        points: list[tuple[str, int]] = []
        for count, day in enumerate(sorted(d.date().isoformat() for d in first_seen.values()), 1):
            if points and points[-1][0] == day:
                points[-1] = (day, count)
            else:
                points.append((day, count))
        return points


def map_competencies(
    credentials: Iterable[CredentialFacts],
    frameworks: Iterable[Framework],
    learner: Iterable[LearnerEvidence] = (),
    *,
    now: datetime | None = None,
) -> CompetencyMap:
    now = now or datetime.now(UTC)
    fws = {f.identifier: f for f in frameworks}
    by_title = {f.title.casefold(): f for f in fws.values()}
    comps: dict[str, Competency] = {}
    for fw in fws.values():
        for ident, item in fw.items.items():
            comps[f"{fw.identifier}#{ident}"] = Competency(
                f"{fw.identifier}#{ident}",
                item.label,
                fw.identifier,
                ident,
                f"{fw.identifier}#{item.parent}" if item.parent else None,
            )
    uri_index = {
        item.uri: (fw.identifier, ident) for fw in fws.values() for ident, item in fw.items.items()
    }
    facts = {c.id: c for c in credentials}

    def locate(alignment: Alignment) -> tuple[str, str] | None:
        if alignment.type not in (
            None,
            "CFItem",
            "CFRubric",
            "CFRubricCriterion",
            "CFRubricCriterionLevel",
        ):
            return None
        if alignment.url and alignment.url in uri_index:
            return uri_index[alignment.url]
        if alignment.url:
            tail = alignment.url.rstrip("/").rsplit("/", 1)[-1]
            for fw in fws.values():
                if tail in fw.items:
                    return fw.identifier, tail
        if alignment.code:
            candidates = (
                [by_title[alignment.framework.casefold()]]
                if alignment.framework and alignment.framework.casefold() in by_title
                else list(fws.values())
            )
            for fw in candidates:
                ident = fw.by_code.get(alignment.code.casefold())
                if ident:
                    return fw.identifier, ident
        return None

    def group(framework: str | None, name: str) -> Competency:
        key = f"group:{(framework or '').casefold()}#{name.casefold()}"
        if key not in comps:
            comps[key] = Competency(key, name, framework)
        return comps[key]

    for cred in facts.values():
        if not cred.verified:
            continue
        for alignment in cred.alignments:
            found = locate(alignment)
            comp = (
                comps[f"{found[0]}#{found[1]}"]
                if found
                else group(alignment.framework, alignment.name)
            )
            comp.credentials.add(cred.id)
        for skill in cred.skills:
            group(None, skill).credentials.add(cred.id)

    evidence_by_id = {e.id: e for e in learner}
    for evidence in evidence_by_id.values():
        for reference in evidence.competencies:
            target = None
            for fw in fws.values():
                listed = fw.find(reference)
                if listed:
                    target = comps[f"{fw.identifier}#{listed}"]
                    break
            (target or group(None, reference)).learner.add(evidence.id)

    # roll credentials up the trees, then levels
    for comp in comps.values():
        comp.all_credentials |= comp.credentials
        if comp.item is not None:
            fw = fws[comp.framework or ""]
            for ancestor in fw.ancestors(comp.item):
                comps[f"{fw.identifier}#{ancestor}"].all_credentials |= comp.credentials
    for comp in comps.values():
        dates = [d for c in comp.all_credentials if (d := facts[c].issued) is not None]
        comp.last_evidence = max(dates) if dates else None
        comp.level, comp.result_level = _evidence_level([facts[c] for c in comp.credentials], now)
        if comp.level == 0 and comp.learner:
            comp.level = 1
    # a competency with parts: the rounded mean of its parts, unless its own evidence says more
    for fw in fws.values():
        for ident in _bottom_up(fw):
            children = fw.items[ident].children
            if children:
                comp = comps[f"{fw.identifier}#{ident}"]
                mean = sum(comps[f"{fw.identifier}#{c}"].level for c in children) / len(children)
                comp.level = max(comp.level, int(mean + 0.5))
    return CompetencyMap(fws, comps, facts, evidence_by_id)


def _evidence_level(evidence: list[CredentialFacts], now: datetime) -> tuple[int, int | None]:
    """(level, level from results or None) shown by these credentials (the rule above)."""
    result_levels = [
        lvl for c in evidence for r in c.results if (lvl := _result_level(r)) is not None
    ]
    if result_levels:
        return max(result_levels), max(result_levels)
    if not evidence:
        return 0, None
    dates = [c.issued for c in evidence if c.issued]
    recent = any(d >= now - RECENT for d in dates)
    level = min(len(evidence), 3)
    if len(evidence) >= 3 and recent:
        level = 4
    if dates and not recent:
        level = max(1, level - 1)
    return level, None


def _bottom_up(framework: Framework) -> list[str]:
    """Every item after all the items below it (iterative: deep trees are fine)."""
    order: list[str] = []
    stack = list(framework.roots)
    while stack:
        ident = stack.pop()
        order.append(ident)
        stack.extend(framework.items[ident].children)
    return order[::-1]


# --- covering a job's requirements ---------------------------------------------------------------


@dataclass(frozen=True)
class CoverResult:
    requirements: tuple[str, ...]  # as given
    resolved: dict[str, str]  # requirement → competency key
    chosen: tuple[str, ...]  # credential ids, the smallest set found
    covered: dict[str, tuple[str, ...]]  # requirement → the chosen credentials that show it
    uncovered: tuple[str, ...]
    exact: bool  # the search finished: no smaller set shows as much
    reflections: tuple[str, ...] = ()  # the learner's own, linked to a requirement or a choice
    artifacts: tuple[str, ...] = ()


def _resolve(requirement: str, cmap: CompetencyMap) -> str | None:
    requirement = requirement.strip()
    for fw in cmap.frameworks.values():
        ident = fw.find(requirement)
        if ident:
            return f"{fw.identifier}#{ident}"
    folded = requirement.casefold()
    for comp in cmap.competencies.values():
        item_statement = None
        if comp.item is not None:
            item_statement = cmap.frameworks[comp.framework or ""].items[comp.item].statement
        if folded in (comp.label.casefold(), (item_statement or "").casefold()):
            return comp.key
    return None


def cover(
    cmap: CompetencyMap, requirements: Iterable[str], *, budget: int = 200_000
) -> CoverResult:
    """The smallest set of verified credentials that shows every requirement it can (a
    competency, by URI, code, or name; a credential aligned to an item below a required one
    shows it).

    Credentials that show exactly the same requirements are one candidate (the most recent
    stands for them), and one that shows only part of what another shows is dropped; the
    smallest cover of what is left is found by branch and bound, searching at most ``budget``
    nodes. ``exact`` says whether the search finished; if not, the best cover found so far is
    returned (never worse than greedy's, which is at most ln(n) + 1 times the smallest)."""
    reqs = tuple(dict.fromkeys(r for r in (r.strip() for r in requirements) if r))
    resolved: dict[str, str] = {}
    showing: dict[str, set[str]] = {}
    for req in reqs:
        key = _resolve(req, cmap)
        if key is None:
            continue
        resolved[req] = key
        showing[req] = set(cmap.competencies[key].all_credentials)
    coverable = [r for r in showing if showing[r]]
    uncovered = tuple(r for r in reqs if r not in showing or not showing[r])
    chosen: list[str] = []
    covered: dict[str, tuple[str, ...]] = {}
    exact = True
    if coverable:
        by_credential: dict[str, set[str]] = defaultdict(set)
        for r in coverable:
            for cid in showing[r]:
                by_credential[cid].add(r)
        sets = _candidates(by_credential, cmap)
        chosen, exact = _smallest_cover(frozenset(coverable), sets, budget)
        covered = {r: tuple(c for c in chosen if r in sets[c]) for r in coverable}
    own = _learner_evidence(cmap, set(resolved.values()), set(chosen))
    return CoverResult(
        reqs,
        resolved,
        tuple(chosen),
        covered,
        uncovered,
        exact,
        tuple(e.id for e in own if e.kind == "reflection"),
        tuple(e.id for e in own if e.kind == "artifact"),
    )


def _candidates(
    by_credential: Mapping[str, set[str]], cmap: CompetencyMap
) -> dict[str, frozenset[str]]:
    """One credential per distinct set of requirements shown (the most recent, then by id),
    without those whose set is inside another's."""

    def recency(cid: str) -> tuple[float, str]:
        issued = cmap.credentials[cid].issued if cid in cmap.credentials else None
        return (-(issued.timestamp() if issued else 0.0), cid)

    distinct: dict[frozenset[str], str] = {}
    for cid in sorted(by_credential, key=recency):
        distinct.setdefault(frozenset(by_credential[cid]), cid)
    kept = list(distinct)
    if len(kept) <= 4_000:  # the quadratic pruning is worth it below this
        kept = [s for s in kept if not any(s < other for other in distinct)]
    return {distinct[s]: s for s in kept}


def _greedy_cover(universe: frozenset[str], sets: dict[str, frozenset[str]]) -> list[str]:
    left, chosen = set(universe), []
    order = sorted(sets)
    while left:
        best = max(order, key=lambda c: len(sets[c] & left))
        chosen.append(best)
        left -= sets[best]
    return chosen


def _smallest_cover(
    universe: frozenset[str], sets: dict[str, frozenset[str]], budget: int
) -> tuple[list[str], bool]:
    """Depth-first branch and bound from greedy's answer (deterministic: ties by order).
    Returns the best cover found and whether the search was complete."""
    best = _greedy_cover(universe, sets)
    by_element: dict[str, list[str]] = defaultdict(list)
    for cid in sorted(sets):
        for element in sets[cid]:
            by_element[element].append(cid)
    largest = max(len(s) for s in sets.values())
    nodes = 0

    def search(left: frozenset[str], chosen: list[str]) -> bool:
        nonlocal best, nodes
        nodes += 1
        if nodes > budget:
            return False
        if not left:
            if len(chosen) < len(best):
                best = list(chosen)
            return True
        # a lower bound: each further credential shows at most `largest` of what is left
        if len(chosen) + -(-len(left) // largest) >= len(best):
            return True
        # branch on the requirement with the fewest credentials that show it
        element = min(left, key=lambda e: (len(by_element[e]), e))
        for cid in sorted(by_element[element], key=lambda c: (-len(sets[c] & left), c)):
            chosen.append(cid)
            complete = search(left - sets[cid], chosen)
            chosen.pop()
            if not complete:
                return False
        return True

    complete = search(universe, []) if budget > 0 else False
    return best, complete


def _learner_evidence(
    cmap: CompetencyMap, keys: set[str], chosen: set[str]
) -> list[LearnerEvidence]:
    """The learner's reflections and artifacts that speak to the required competencies (or
    anything below them) or to the chosen credentials, in a stable order."""
    wanted: set[str] = set()
    for key in keys:
        comp = cmap.competencies[key]
        wanted |= comp.learner
        if comp.item is not None and comp.framework in cmap.frameworks:
            framework = cmap.frameworks[comp.framework]
            for ident in framework.descendants(comp.item):
                wanted |= cmap.competencies[f"{framework.identifier}#{ident}"].learner
    return [e for e in cmap.evidence.values() if e.id in wanted or chosen & set(e.credential_ids)]


def parse_requirements(text: str) -> list[str]:
    """A job's requirements as typed or pasted: one per line, or comma-separated on one line
    (statements may contain commas, so a pasted list with line breaks is split by lines)."""
    lines = [line.strip(" \t•-*;") for line in text.splitlines()]
    lines = [line for line in lines if line]
    if len(lines) > 1:
        return list(dict.fromkeys(lines))
    return list(
        dict.fromkeys(p.strip() for p in (lines[0] if lines else "").split(",") if p.strip())
    )
