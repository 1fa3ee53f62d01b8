"""The ``wallet frameworks`` and ``wallet competencies`` commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from wallet.errors import WalletError
from wallet.report import describe_error

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_commands(sub: argparse._SubParsersAction) -> None:
    fw = sub.add_parser("frameworks", help="CASE competency frameworks: import, list")
    fsub = fw.add_subparsers(dest="frameworks_command", metavar="ACTION", required=True)
    imp = fsub.add_parser("import", help="import a CASE 1.0 package (a file or an https URL)")
    imp.add_argument("source", nargs="?", help="a CFPackage JSON file or …/CFPackages/{id} URL")
    imp.add_argument("--sample", action="store_true", help="the bundled sample framework")
    imp.add_argument("--dev", action="store_true", help="allow plain http to this computer")
    fsub.add_parser("list", help="the imported frameworks")

    comp = sub.add_parser("competencies", help="what your credentials show, competency by "
                          "competency")
    comp.add_argument("--framework", help="only this framework (identifier or title)")
    comp.add_argument("--json", action="store_true")
    comp.add_argument("--chart", metavar="FILE", help="write the flower chart (.svg or .png)")
    comp.add_argument("--growth", metavar="FILE", help="write the growth chart (.svg or .png)")


def sample_framework() -> Path:
    from wallet.assets import assets_dir

    return assets_dir() / "case" / "riverside-skills-framework.json"


def cmd_frameworks(args: argparse.Namespace) -> int:
    from wallet.cli_vault import _ensure_profile, _service

    service = _service(args, online=False)
    try:
        if args.frameworks_command == "list":
            frameworks = service.list_frameworks()
            if not frameworks:
                print("No frameworks yet. `wallet frameworks import --sample` adds one.")
            for meta in frameworks:
                print(f"{meta['identifier']}  {meta['title']}  ({meta['items']} items)")
            return EXIT_OK
        _ensure_profile(service)
        if args.sample:
            data, source = sample_framework().read_bytes(), "sample"
        elif args.source and args.source.startswith(("https://", "http://")):
            from wallet.exchange.http import HttpFetcher

            with HttpFetcher(dev=args.dev, max_bytes=64 * 1024 * 1024) as http:
                data, source = http.get(args.source).body, args.source
        elif args.source:
            data, source = Path(args.source).read_bytes(), args.source
        else:
            print("wallet frameworks import: give a FILE, a URL, or --sample", file=sys.stderr)
            return EXIT_USAGE
        meta = service.import_framework(data, source=source)
        print(f"imported {meta['title']!r}: {meta['items']} items")
        return EXIT_OK
    except (WalletError, OSError) as exc:
        print(f"wallet frameworks: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        service.close()


def _write_chart(path: Path, svg: str, png: bytes) -> None:
    from wallet.errors import InputError

    try:
        if path.suffix.lower() == ".png":
            path.write_bytes(png)
        else:
            path.write_text(svg, "utf-8")
    except OSError as exc:
        raise InputError(f"could not write {path}: {exc.strerror or exc}") from None


def cmd_competencies(args: argparse.Namespace) -> int:
    from wallet.charts import flower_png, flower_svg, growth_png, growth_svg
    from wallet.cli_vault import _service

    service = _service(args, online=False)
    try:
        cmap = service.competency_map()
        chosen = list(cmap.frameworks)
        if args.framework:
            chosen = [f for f, fw in cmap.frameworks.items()
                      if args.framework in (f, fw.title) or fw.title.casefold().startswith(
                          args.framework.casefold())]
            if not chosen:
                print(f"wallet competencies: no framework {args.framework!r}", file=sys.stderr)
                return EXIT_USAGE
        if args.json:
            out = {"frameworks": [], "other": []}
            for fid in chosen:
                out["frameworks"].append({
                    "identifier": fid, "title": cmap.frameworks[fid].title,
                    "areas": [{"name": n, "score": round(v, 2)} for n, v in cmap.areas(fid)],
                    "competencies": [{
                        "item": c.item, "code": cmap.frameworks[fid].items[c.item].code,
                        "uri": cmap.frameworks[fid].items[c.item].uri,
                        "label": c.label, "depth": depth,
                        "level": c.level, "level_name": c.level_name,
                        "credentials": sorted(c.all_credentials),
                        "learner_evidence": sorted(c.learner)} for depth, c in cmap.tree(fid)]})
            out["other"] = [{"label": c.label, "framework": c.framework, "level": c.level,
                             "credentials": sorted(c.credentials),
                             "learner_evidence": sorted(c.learner)} for c in cmap.groups()]
            out["growth"] = cmap.growth()
            print(json.dumps(out, indent=2, ensure_ascii=False))
        else:
            for fid in chosen:
                print(f"== {cmap.frameworks[fid].title}")
                for depth, c in cmap.tree(fid):
                    count = f"{len(c.all_credentials)} credential(s)" if c.all_credentials \
                        else ""
                    mine = f", {len(c.learner)} of yours" if c.learner else ""
                    print(f"{'  ' * depth}{c.label}  [{c.level_name}]  {count}{mine}".rstrip())
            others = cmap.groups()
            if others:
                print("== Outside the imported frameworks")
                for c in others:
                    where = f" ({c.framework})" if c.framework else ""
                    print(f"{c.label}{where}  [{c.level_name}]  {len(c.credentials)} "
                          "credential(s)")
            if not chosen and not others:
                print("Nothing yet: add credentials aligned to competencies, and import their "
                      "framework (`wallet frameworks import --sample`).")
        if args.chart and not chosen:
            print("wallet competencies: the flower chart needs a framework "
                  "(`wallet frameworks import`)", file=sys.stderr)
            return EXIT_FAILED
        if args.chart:
            areas = cmap.areas(chosen[0])
            _write_chart(Path(args.chart), flower_svg(areas), flower_png(areas))
        if args.growth:
            points = cmap.growth()
            _write_chart(Path(args.growth), growth_svg(points), growth_png(points))
        return EXIT_OK
    except WalletError as exc:
        print(f"wallet competencies: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        service.close()
