"""``wallet frameworks`` (CASE frameworks: import, list) and ``wallet competencies`` (what the
credentials show, competency by competency; charts)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    echo,
    ensure_profile,
    open_wallet,
    visible,
)
from wallet.competency.charts import flower_png, flower_svg, growth_png, growth_svg
from wallet.competency.mapping import CompetencyMap
from wallet.i18n import t
from wallet.services.competencies import write_chart

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    fw = sub.add_parser("frameworks", help="CASE competency frameworks: import, list")
    fsub = fw.add_subparsers(dest="frameworks_command", metavar="ACTION", required=True)
    imp = fsub.add_parser("import", help="import a CASE 1.0 package (a file or an https URL)")
    imp.add_argument("source", nargs="?", help="a CFPackage JSON file or …/CFPackages/{id} URL")
    imp.add_argument("--sample", action="store_true", help="the bundled sample framework")
    imp.add_argument("--dev", action="store_true", help="allow plain http to this computer")
    imp.set_defaults(handler=cmd_import)
    fsub.add_parser("list", help="the imported frameworks").set_defaults(handler=cmd_list)

    comp = sub.add_parser(
        "competencies", help="what your credentials show, competency by competency"
    )
    comp.add_argument("--framework", help="only this framework (identifier or title)")
    comp.add_argument("--json", action="store_true")
    comp.add_argument("--chart", metavar="FILE", help="write the flower chart (.svg or .png)")
    comp.add_argument("--growth", metavar="FILE", help="write the growth chart (.svg or .png)")
    comp.set_defaults(handler=cmd_competencies)


def cmd_list(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        frameworks = wallet.competencies.list_frameworks()
    if not frameworks:
        echo("No frameworks yet. `wallet frameworks import --sample` adds one.")
    for info in frameworks:
        echo(f"{visible(info.identifier)}  {visible(info.title)}  ({info.items} items)")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    if not (args.sample or args.source):
        echo("wallet frameworks import: give a FILE, a URL, or --sample", file=sys.stderr)
        return EXIT_USAGE
    with open_wallet(args) as wallet:
        ensure_profile(wallet)
        if args.sample:
            info = wallet.competencies.import_sample()
        elif args.source.startswith(("https://", "http://")):
            info = wallet.competencies.import_url(args.source)
        else:
            info = wallet.competencies.import_file(args.source)
    echo(f"imported '{visible(info.title)}': {info.items} items")
    return EXIT_OK


def _as_json(cmap: CompetencyMap, chosen: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {"frameworks": [], "other": []}
    for fid in chosen:
        framework = cmap.frameworks[fid]
        out["frameworks"].append(
            {
                "identifier": fid,
                "title": framework.title,
                "areas": [{"name": n, "score": round(v, 2)} for n, v in cmap.areas(fid)],
                "competencies": [
                    {
                        "item": c.item,
                        "code": item.code,
                        "uri": item.uri,
                        "label": c.label,
                        "depth": depth,
                        "level": c.level,
                        "level_name": c.level_name,
                        "credentials": sorted(c.all_credentials),
                        "learner_evidence": sorted(c.learner),
                    }
                    for depth, c in cmap.tree(fid)
                    # every competency of a framework's tree is one of its items
                    if (item := framework.items.get(c.item or "")) is not None
                ],
            }
        )
    out["other"] = [
        {
            "label": c.label,
            "framework": c.framework,
            "level": c.level,
            "credentials": sorted(c.credentials),
            "learner_evidence": sorted(c.learner),
        }
        for c in cmap.groups()
    ]
    out["growth"] = cmap.growth()
    return out


def _print_tree(cmap: CompetencyMap, chosen: list[str]) -> None:
    for fid in chosen:
        echo(f"== {visible(cmap.frameworks[fid].title)}")
        for depth, c in cmap.tree(fid):
            count = (
                t("comp.evidence", "en", count=len(c.all_credentials)) if c.all_credentials else ""
            )
            mine = f", {len(c.learner)} of yours" if c.learner else ""
            line = f"{'  ' * depth}{visible(c.label)}  [{visible(c.level_name)}]  {count}{mine}"
            echo(line.rstrip())
    others = cmap.groups()
    if others:
        echo("== Outside the imported frameworks")
        for c in others:
            where = f" ({visible(c.framework)})" if c.framework else ""
            echo(
                f"{visible(c.label)}{where}  [{visible(c.level_name)}]  "
                f"{t('comp.evidence', 'en', count=len(c.credentials))}"
            )
    if not chosen and not others:
        echo(
            "Nothing yet: add credentials aligned to competencies, and import their "
            "framework (`wallet frameworks import --sample`)."
        )


def cmd_competencies(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        cmap = wallet.competencies.map()
    chosen = list(cmap.frameworks)
    if args.framework:
        chosen = [
            f
            for f, fw in cmap.frameworks.items()
            if args.framework in (f, fw.title)
            or fw.title.casefold().startswith(args.framework.casefold())
        ]
        if not chosen:
            echo(f"wallet competencies: no framework '{visible(args.framework)}'", file=sys.stderr)
            return EXIT_USAGE
    if args.json:
        echo(json.dumps(_as_json(cmap, chosen), indent=2, ensure_ascii=False))
    else:
        _print_tree(cmap, chosen)
    if args.chart and not chosen:
        echo(
            "wallet competencies: the flower chart needs a framework (`wallet frameworks import`)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    if args.chart:
        areas = cmap.areas(chosen[0])
        write_chart(Path(args.chart), flower_svg(areas), flower_png(areas))
    if args.growth:
        points = cmap.growth()
        write_chart(Path(args.growth), growth_svg(points), growth_png(points))
    return EXIT_OK
