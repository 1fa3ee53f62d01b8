"""The commands that work on the encrypted vault: ``add``, ``list``, ``show``, ``reflect``,
``attach``, ``tag``, ``delete``, ``export``, ``recheck``, ``lock``, ``unlock``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from wallet.cli._common import (
    EXIT_FAILED,
    EXIT_OK,
    VERDICT_MARKS,
    VERDICT_NOTES,
    echo,
    ensure_profile,
    open_wallet,
    parse_duration,
    short,
    visible,
)
from wallet.errors import InputError
from wallet.formats.pdfattach import MAX_PDF_BYTES
from wallet.formats.sources import MAX_INPUT_BYTES
from wallet.record.badge import badge_marking
from wallet.record.report import describe_error, render
from wallet.services import AddResult, CredentialSummary
from wallet.services.files import open_file, read_file
from wallet.services.verifying import looks_like_jwt

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = sub.add_parser(
        "add",
        help="verify a credential and keep it in the wallet",
        description="Verify credentials and keep them: files (JSON, a JWT, a "
        "baked PNG/SVG badge, an offline QR code — its VP1- text in a file, or a "
        "picture of it — or a PDF with its signed presentation attached, which adds "
        "every credential it carries), '-' for stdin, and Open Badges 2.0 badges as "
        "the learner holds them — a hosted assertion's URL, its JSON, a signed "
        "assertion (JWS, also given directly), a badge image.",
    )
    a.add_argument(
        "files",
        nargs="+",
        metavar="INPUT",
        help="a file (JSON, JWT, baked PNG/SVG, an offline QR code, a PDF), '-' "
        "(stdin), an Open Badges 2.0 badge's URL, or a compact JWS",
    )
    a.add_argument("--offline", action="store_true", help="do not check status online")
    a.add_argument("--dev", action="store_true", help="allow plain http to this computer")
    a.set_defaults(handler=cmd_add)

    ls = sub.add_parser("list", help="list the credentials in the wallet")
    ls.add_argument("--json", action="store_true")
    ls.add_argument("--query", "-q", default="", help="search names, issuers and skills")
    ls.add_argument("--issuer")
    ls.add_argument("--skill")
    ls.add_argument("--tag")
    ls.add_argument(
        "--sort", choices=["received", "name", "issuer", "valid_from"], default="received"
    )
    ls.add_argument("--ascending", action="store_true")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--page", type=int, default=1)
    ls.set_defaults(handler=cmd_list)

    sh = sub.add_parser("show", help="show one credential, its reflections and artifacts")
    sh.add_argument("id")
    sh.add_argument("--json", action="store_true", help="the credential exactly as received")
    sh.set_defaults(handler=cmd_show)

    r = sub.add_parser("reflect", help="write a reflection on a credential")
    r.add_argument("id")
    r.add_argument("--text", help="the reflection (markdown); without it, $EDITOR opens")
    r.add_argument("--competency", action="append", default=[])
    r.set_defaults(handler=cmd_reflect)

    at = sub.add_parser("attach", help="attach a file or a link to a credential")
    at.add_argument("id")
    at.add_argument("file", nargs="?", help="a file to keep (encrypted) in the wallet")
    at.add_argument("--link", help="attach a link instead of a file")
    at.add_argument("--name", help="a name for it")
    at.set_defaults(handler=cmd_attach)

    t = sub.add_parser("tag", help="add (or --remove) tags on a credential")
    t.add_argument("id")
    t.add_argument("tags", nargs="+")
    t.add_argument("--remove", action="store_true")
    t.set_defaults(handler=cmd_tag)

    d = sub.add_parser("delete", help="move a credential (or reflection, artifact) to the trash")
    d.add_argument("id")
    d.add_argument("--undo", action="store_true", help="bring it back from the trash")
    d.set_defaults(handler=cmd_delete)

    e = sub.add_parser(
        "export",
        help="write chosen credentials, unencrypted, to a folder "
        "(as received; an Open Badges 2.0 badge image re-baked)",
    )
    e.add_argument("ids", nargs="+")
    e.add_argument("--out", required=True, help="the folder to write them to")
    e.set_defaults(handler=cmd_export)

    rc = sub.add_parser(
        "recheck",
        help="verify again the credentials whose status was checked long ago (revocation, expiry)",
    )
    rc.add_argument(
        "--older-than",
        default="7d",
        metavar="AGE",
        help="re-check those last checked longer ago than this (default 7d; 0d: all)",
    )
    rc.add_argument("--dev", action="store_true", help="allow plain http to this computer")
    rc.set_defaults(handler=cmd_recheck)

    sub.add_parser("lock", help="lock the wallet until `wallet unlock`").set_defaults(
        handler=cmd_lock
    )
    sub.add_parser("unlock", help="unlock the wallet").set_defaults(handler=cmd_unlock)


def cmd_add(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    with open_wallet(args, online=True) as wallet:
        ensure_profile(wallet)
        for name in args.files:
            try:
                added = wallet.credentials.add(_input(name), name=name)
            except InputError as exc:
                echo(f"{visible(name)}: not added: {visible(describe_error(exc))}", file=sys.stderr)
                worst = EXIT_FAILED
                continue
            for one in (added, *added.also):  # an offline QR code or a PDF: all it carries
                _report_added(name, one)
    return worst


def _report_added(name: str, added: AddResult) -> None:
    s = added.summary
    who = visible(s.issuer_name or s.issuer) if (s.issuer_name or s.issuer) else "an unnamed issuer"
    if added.duplicate:
        echo(
            f"{visible(name)}: already in your wallet as {short(added.id)} "
            f"('{visible(s.name)}' from {who}); stored once"
        )
        return
    echo(
        f"{visible(name)}: added '{visible(s.name)}' from {who} as {short(added.id)} "
        f"({VERDICT_NOTES[s.verdict]})"
    )
    if s.format.startswith("ob2"):
        echo(f"    {visible(_marking(s))}")
    if s.verdict != "verified":
        for check in added.verification.checks:
            if check.outcome in ("warning", "failed"):
                echo(f"    {check.outcome}: {visible(check.message)}")


def _marking(s: CredentialSummary) -> str:
    """ "Open Badges 2.0 · hosted by …" / "· signed by …"."""
    return badge_marking(s.format, host=s.hosted_by, issuer=s.issuer_name)


def _input(source: str) -> bytes:
    """What ``wallet add`` is given: ``-`` (stdin), a URL (an Open Badges 2.0 hosted
    assertion's address), a compact JWS given directly, else a file (PDFs up to their own
    bound; everything else is held to 5 MB when read)."""
    if source == "-":
        return sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
    text = source.strip()
    if text.startswith(("https://", "http://")):
        return text.encode("utf-8")
    if looks_like_jwt(text) and not os.path.lexists(text[:4096]):
        return text.encode("ascii")
    return read_file(source, limit=MAX_PDF_BYTES)


def cmd_recheck(args: argparse.Namespace) -> int:
    age = parse_duration(args.older_than)
    with open_wallet(args, online=True) as wallet:

        def progress(done: int, total: int) -> None:
            sys.stderr.write("\r")  # over the last count
            echo(f"checking {done} of {total}…", end="", file=sys.stderr, flush=True)

        report = wallet.credentials.recheck(age, progress=progress)
    if report.checked or report.failed:
        echo(file=sys.stderr)
    echo(
        f"Checked {report.checked} credential{'' if report.checked == 1 else 's'} "
        f"(status older than {visible(args.older_than)})."
    )
    for rid, name, before, now in report.changed:
        echo(
            f"  {short(rid)}  {visible(name)}: {VERDICT_NOTES.get(before, before)} -> "
            f"{VERDICT_NOTES.get(now, now)}"
        )
    for rid, name in report.revoked:
        echo(f"  {short(rid)}  {visible(name)}: the issuer has revoked or suspended it")
    for rid, why in report.failed:
        echo(f"  {short(rid)}: not checked ({visible(why)})", file=sys.stderr)
    if not report.changed:
        echo("Nothing changed.")
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    limit = max(1, args.limit)
    with open_wallet(args) as wallet:
        page = wallet.credentials.search(
            query=args.query,
            issuer=args.issuer,
            skill=args.skill,
            tag=args.tag,
            sort=args.sort,
            descending=not args.ascending,
            offset=(max(1, args.page) - 1) * limit,
            limit=limit,
        )
    if args.json:
        echo(
            json.dumps(
                [s.model_dump(mode="json") for s in page.items], indent=2, ensure_ascii=False
            )
        )
        return EXIT_OK
    if not page.items:
        echo(
            "No credentials yet. Add one with `wallet add FILE`."
            if not args.query
            else "Nothing matches."
        )
        return EXIT_OK
    for s in page.items:
        mark = VERDICT_MARKS[s.verdict]
        tags = f"  [{visible(', '.join(s.tags))}]" if s.tags else ""
        name, issuer = visible(s.name), visible(s.issuer_name or s.issuer or "")
        echo(
            f"{short(s.id)}  {mark:<6}  {name[:40]:<40}  {issuer[:30]:<30}  "
            f"{visible(s.received_at[:10])}{tags}"
        )
    shown = page.offset + len(page.items)
    if page.total > shown:
        echo(f"({shown} of {page.total}; --page {args.page + 1} for more)")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        detail = wallet.credentials.get(wallet.credentials.resolve(args.id))
    if args.json:
        if sys.stdout.isatty():  # to be read: what would act on a terminal, escaped
            echo(detail.raw.decode("utf-8", "replace").rstrip("\n"))
        else:  # to a file or a program: exactly as received
            sys.stdout.buffer.write(detail.raw + (b"" if detail.raw.endswith(b"\n") else b"\n"))
        return EXIT_OK
    s = detail.summary
    echo(f"{visible(s.name)}  ({visible(s.id)})")
    echo(f"  issuer: {visible(s.issuer_name or '')} {visible(s.issuer or '')}".rstrip())
    if s.description:  # a paragraph: its line breaks kept, each line marked as its own
        echo("\n".join(f"  | {line}" for line in visible(s.description, keep="\n").split("\n")))
    if s.skills:
        echo(f"  skills: {visible(', '.join(s.skills))}")
    if s.tags:
        echo(f"  tags: {visible(', '.join(s.tags))}")
    if s.format.startswith("ob2"):
        echo(f"  {visible(_marking(s))}")
    echo(f"  received {visible(s.received_at)}; last checked {visible(s.checked_at)}")
    if detail.verification:
        echo(render(detail.verification, indent=2))
    for r in detail.reflections:
        echo(f"  reflection {short(r.id)} ({visible(r.edited[:10])}): {visible(r.title)}")
    for a in detail.artifacts:
        what = a.url or f"{a.media_type}, {a.size:,} bytes"
        echo(f"  artifact {short(a.id)}: {visible(a.name)} ({visible(what)})")
    return EXIT_OK


def _editor_text() -> str:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor or not sys.stdin.isatty():
        raise InputError("give the reflection with --text (no editor is available)")
    # The draft lives in memory-backed storage where there is one, and is removed at once.
    folder = "/dev/shm" if os.path.isdir("/dev/shm") else None
    with tempfile.NamedTemporaryFile("w+", suffix=".md", dir=folder, delete=False) as handle:
        path = handle.name
    try:
        subprocess.run([*editor.split(), path], check=False)
        # what the editor left there: a regular file within the input limit, UTF-8 text
        data = read_file(path, limit=MAX_INPUT_BYTES, what="the reflection")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the reflection is not UTF-8 text") from None
    finally:
        Path(path).unlink(missing_ok=True)


def cmd_reflect(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        rid = wallet.credentials.resolve(args.id)
        text = args.text if args.text is not None else _editor_text()
        info = wallet.portfolio.reflect(text, credential_ids=[rid], competencies=args.competency)
    echo(f"reflection {short(info.id)} saved: {visible(info.title)}")
    return EXIT_OK


def cmd_attach(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        rid = wallet.credentials.resolve(args.id)
        if args.link:
            info = wallet.portfolio.attach_link(args.link, title=args.name, credential_ids=[rid])
        elif args.file:
            with open_file(args.file) as handle:  # a regular file, streamed (no size cap)
                info = wallet.portfolio.attach_file(
                    handle, name=args.name or Path(args.file).name, credential_ids=[rid]
                )
        else:
            raise InputError("give a FILE or --link URL")
    echo(f"artifact {short(info.id)} attached: {visible(info.name)}")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        rid = wallet.credentials.resolve(args.id)
        s = (
            wallet.credentials.tag(rid, remove=args.tags)
            if args.remove
            else wallet.credentials.tag(rid, add=args.tags)
        )
    echo(f"{short(rid)} tags: {visible(', '.join(s.tags)) or '(none)'}")
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        rid = wallet.credentials.resolve(args.id, kind=None)
        if args.undo:
            wallet.credentials.undo_delete(rid)
            echo(f"{short(rid)} is back")
        else:
            wallet.credentials.delete(rid)
            echo(f"{short(rid)} moved to the trash; undo with `wallet delete --undo {short(rid)}`")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with open_wallet(args) as wallet:
        for prefix in args.ids:
            rid = wallet.credentials.resolve(prefix)
            data, suffix = wallet.credentials.exported(rid)  # a baked badge: re-baked
            path = out / f"{rid[:8]}{suffix}"
            path.write_bytes(data)
            echo(f"wrote {visible(path)} (unencrypted)")
    return EXIT_OK


def cmd_lock(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        wallet.profiles.lock()
    echo("the wallet is locked; `wallet unlock` opens it again")
    return EXIT_OK


def cmd_unlock(args: argparse.Namespace) -> int:
    with open_wallet(args) as wallet:
        wallet.profiles.unlock()
        echo(f"the wallet is unlocked ({wallet.profiles.describe_protection()})")
    return EXIT_OK
