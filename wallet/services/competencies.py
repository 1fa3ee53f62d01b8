"""Competencies: CASE 1.0 frameworks imported into the vault, the map of what the learner's
credentials (and own evidence) show, the charts, and the fewest credentials that cover a job's
requirements (the rules are in :mod:`wallet.competency.mapping`)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from wallet.assets import assets_dir
from wallet.competency.case import MAX_PACKAGE_BYTES, Framework, parse_case_package
from wallet.competency.charts import flower_png, flower_svg, growth_png, growth_svg
from wallet.competency.mapping import (
    CompetencyMap,
    CoverResult,
    CredentialFacts,
    LearnerEvidence,
    cover,
    facts_from_credential,
    map_competencies,
)
from wallet.credential import load_json
from wallet.errors import (
    FrameworkError,
    InputError,
    NotFoundError,
    WalletError,
)
from wallet.exchange.http import HttpFetcher
from wallet.formats.vcjwt import unverified_credential
from wallet.services.badges import KIND as BADGE
from wallet.services.credentials import CredentialService
from wallet.services.files import read_file
from wallet.services.portfolio import PortfolioService
from wallet.services.session import Session, now_iso
from wallet.services.stored import FrameworkBody, FrameworkInfo
from wallet.storage.records import Records

__all__ = ["MAX_PACKAGE_BYTES", "CompetencyService", "FrameworkInfo", "sample_framework"]

MAX_PACKAGE_CONTAINERS = 1_000_000
"""Objects and arrays in a CASE package (each item is a few, each association three): far
above the largest published frameworks (tens of thousands of items), and about 150 MB of
Python objects at worst (:func:`wallet.credential.load_json` counts them before parsing)."""
MAX_PACKAGE_VALUES = 10_000_000


def sample_framework() -> Path:
    """The sample framework the demo issuer's badges align to."""
    return assets_dir() / "case" / "riverside-skills-framework.json"


class CompetencyService:
    def __init__(
        self, session: Session, credentials: CredentialService, portfolio: PortfolioService
    ) -> None:
        self._s = session
        self._credentials = credentials
        self._portfolio = portfolio
        self._frameworks: list[Framework] | None = None  # parsed, while the vault is open
        self._facts: dict[tuple[str, bool], CredentialFacts] = {}
        self._records: Records[FrameworkInfo, FrameworkBody] = Records(
            session.vault, "framework", FrameworkInfo, FrameworkBody
        )
        session.on_reset(self._forget)

    def _forget(self) -> None:
        self._frameworks, self._facts = None, {}

    # --- frameworks ---------------------------------------------------------------------------

    def import_framework(self, data: bytes, *, source: str | None = None) -> FrameworkInfo:
        """Store a CASE 1.0 package (validated first; nothing is stored if it is malformed).
        A package already stored (the same CFDocument) is replaced by the new one."""
        if len(data) > MAX_PACKAGE_BYTES:
            raise FrameworkError("the CASE package is too large")
        try:
            package = load_json(
                data,
                what="the CASE package",
                max_bytes=MAX_PACKAGE_BYTES,
                max_containers=MAX_PACKAGE_CONTAINERS,
                max_values=MAX_PACKAGE_VALUES,
            )
        except InputError as exc:  # not strict JSON, nested or counted beyond the limits
            raise FrameworkError(exc.message) from None
        framework = parse_case_package(package)
        vault = self._s.vault()
        info = FrameworkInfo(
            identifier=framework.identifier,
            title=framework.title,
            uri=framework.uri,
            items=len(framework.items),
            source=source,
            imported=now_iso(),
        )
        dedupe = vault.dedupe_key(framework.identifier.encode())
        existing = self._records.duplicate(dedupe)
        with vault.transaction():
            if existing:
                vault.delete_now(existing)
            self._records.add(info, FrameworkBody(package=package), dedupe=dedupe)
        self._frameworks = None
        return info

    def import_sample(self) -> FrameworkInfo:
        return self.import_framework(sample_framework().read_bytes(), source="sample")

    def import_url(self, url: str) -> FrameworkInfo:
        """From a CASE provider (``…/ims/case/v1p0/CFPackages/{id}``; https, or loopback in
        development mode)."""
        url = url.strip()
        if not url.startswith(("https://", "http://")):
            raise InputError("give the CASE package's https address")
        with HttpFetcher(dev=self._s.dev, max_bytes=MAX_PACKAGE_BYTES) as http:
            body = http.get(url, accept="application/json").body
        return self.import_framework(body, source=url)

    def import_file(self, path: str | Path) -> FrameworkInfo:
        return self.import_framework(read_file(path, limit=MAX_PACKAGE_BYTES), source=str(path))

    def list_frameworks(self) -> list[FrameworkInfo]:
        return self._records.all()

    def frameworks(self) -> list[Framework]:
        """The imported frameworks, parsed (kept in memory after the first call)."""
        if self._frameworks is None:
            self._frameworks = [
                parse_case_package(self._records.secret(rid).package)
                for rid, info in self._records.rows()
                if info is not None
            ]
        return list(self._frameworks)

    def choices(self) -> list[tuple[str, str]]:
        """(item URI, label) of every imported framework's competencies, for linking a
        reflection or a work sample to one."""
        try:
            frameworks = self.frameworks()
        except WalletError:
            return []
        return [(item.uri, item.label) for fw in frameworks for item in fw.items.values()]

    def choice_tree(self) -> list[tuple[str, str, int, str]]:
        """(item URI, label, depth, framework title) of every imported framework's
        competencies in each framework's own order — areas first, their parts beneath — for a
        picker that shows them grouped, not flat."""
        try:
            frameworks = self.frameworks()
        except WalletError:
            return []
        out: list[tuple[str, str, int, str]] = []
        for fw in frameworks:
            seen: set[str] = set()

            def walk(ident: str, depth: int, fw: Any = fw, seen: set[str] = seen) -> None:
                if ident in seen or ident not in fw.items:
                    return
                seen.add(ident)
                item = fw.items[ident]
                out.append((item.uri, item.label, depth, fw.title))
                for child in item.children:
                    walk(child, depth + 1)

            for root in fw.roots:
                walk(root, 0)
            for ident in fw.items:  # (any not reached from a root)
                walk(ident, 0)
        return out

    # --- the map ------------------------------------------------------------------------------

    def facts(self) -> list[CredentialFacts]:
        """What the competency map needs from every stored credential."""
        # Parsed once per credential and verdict, kept while the vault is open (the map is
        # redrawn often; decrypting and parsing every credential each time is not needed).
        cache, keep, out = self._facts, {}, []
        for rid, verified, raw, kind in self._credentials.stored():
            key = (rid, verified)
            facts = cache.get(key)
            if facts is None:
                try:
                    if kind == BADGE:  # Open Badges 2.0: its BadgeClass's alignments
                        facts = self._badge_facts(rid, verified)
                    else:
                        doc: Any = (
                            unverified_credential(raw.decode())
                            if kind == "jwt"
                            else load_json(raw, what="the stored credential")
                        )
                        facts = facts_from_credential(rid, doc, verified=verified)
                except (WalletError, ValueError):
                    continue
            keep[key] = facts
            out.append(facts)
        self._facts = keep
        return out

    def _badge_facts(self, rid: str, verified: bool) -> CredentialFacts:
        """A kept Open Badges 2.0 badge, read from its kept documents
        (:func:`wallet.competency.mapping.facts_from_ob2`)."""
        _stored, body = self._credentials.record(rid)
        return self._credentials.badges.facts(rid, body, verified=verified)

    def map(self) -> CompetencyMap:
        learner = [
            LearnerEvidence(r.id, "reflection", r.title, r.competencies, r.credential_ids)
            for r in self._portfolio.reflections()
        ]
        learner += [
            LearnerEvidence(a.id, "artifact", a.name, a.competencies, a.credential_ids)
            for a in self._portfolio.artifacts()
        ]
        return map_competencies(self.facts(), self.frameworks(), learner)

    def cover(self, requirements: Iterable[str]) -> CoverResult:
        """The fewest credentials that show what a job asks for."""
        return cover(self.map(), requirements)

    def names(self) -> dict[str, str]:
        """Names of credentials, reflections and artifacts by id (to show a cover)."""
        names = self._credentials.names()
        names.update({r.id: r.title for r in self._portfolio.reflections()})
        names.update({a.id: a.name for a in self._portfolio.artifacts()})
        return names

    # --- charts -------------------------------------------------------------------------------

    def write_charts(
        self, framework_id: str | None, folder: Path, *, flower_title: str, growth_title: str
    ) -> list[Path]:
        """The flower and growth charts as PNG and SVG files in ``folder``."""
        cmap = self.map()
        if framework_id not in cmap.frameworks:
            raise NotFoundError("import a competency framework first")
        areas, points = cmap.areas(framework_id), cmap.growth()
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name, data in (
            ("competency-areas.png", flower_png(areas, flower_title)),
            ("competency-areas.svg", flower_svg(areas, flower_title)),
            ("competency-growth.png", growth_png(points, growth_title)),
            ("competency-growth.svg", growth_svg(points, growth_title)),
        ):
            path = folder / name
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
            tmp.replace(path)
            out.append(path)
        return out


def write_chart(path: Path, svg: str, png: bytes) -> None:
    """One chart to ``path``: PNG or SVG by its suffix."""
    try:
        if path.suffix.lower() == ".png":
            path.write_bytes(png)
        else:
            path.write_text(svg, "utf-8")
    except OSError as exc:
        raise InputError(f"could not write {path}: {exc.strerror or exc}") from None
