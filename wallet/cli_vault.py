"""The ``wallet`` commands that work on the encrypted vault (through the service only)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from wallet.errors import InputError, ProfileError, VaultLockedError, WalletError
from wallet.report import describe_error, render
from wallet.storage.service import WalletService, env_passphrase

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _ask(reason: str) -> str | None:
    """Passphrases: from the environment, else asked on the terminal (twice for new ones)."""
    from_env = env_passphrase(reason)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        return None
    prompts = {"unlock": "Wallet passphrase: ", "new": "New passphrase: ",
               "backup": "Backup passphrase: "}
    first = getpass.getpass(prompts.get(reason, "Passphrase: "))
    if reason == "new" and getpass.getpass("Repeat it: ") != first:
        raise ProfileError("the two passphrases differ")
    return first


def _service(args: argparse.Namespace, *, online: bool = True) -> WalletService:
    fetcher = None
    if online and not getattr(args, "offline", False):
        from wallet.exchange.http import HttpFetcher

        fetcher = HttpFetcher(dev=getattr(args, "dev", False))
    return WalletService(profile=args.profile, fetcher=fetcher, passphrase_source=_ask)


def _ensure_profile(service: WalletService) -> None:
    """First use: create a "Personal" profile and say how it is protected."""
    if service.profiles.list():
        return
    info = service.create_profile("Personal")
    print(f"Created the profile {info.name!r}: {service.describe_protection()}.",
          file=sys.stderr)


def _short(rid: str) -> str:
    return rid[:8]


def _cmd_add(service: WalletService, args: argparse.Namespace) -> int:
    _ensure_profile(service)
    worst = EXIT_OK
    for name in args.files:
        try:
            data = Path(name).read_bytes()
            added = service.add_credential(data, name=name)
        except InputError as exc:
            print(f"{name}: not added: {describe_error(exc)}", file=sys.stderr)
            worst = EXIT_FAILED
            continue
        s = added.summary
        who = s.issuer_name or s.issuer or "an unnamed issuer"
        if added.duplicate:
            print(f"{name}: already in your wallet as {_short(added.id)} ({s.name!r} from "
                  f"{who}); stored once")
        else:
            note = {"verified": "verified", "warning": "verified, with warnings",
                    "failed": "kept, but NOT currently valid"}[s.verdict]
            print(f"{name}: added {s.name!r} from {who} as {_short(added.id)} ({note})")
            if s.verdict != "verified":
                for check in added.verification.checks:
                    if check.outcome in ("warning", "failed"):
                        print(f"    {check.outcome}: {check.message}")
    return worst


def _cmd_list(service: WalletService, args: argparse.Namespace) -> int:
    limit = max(1, args.limit)
    page = service.list_credentials(query=args.query, issuer=args.issuer, skill=args.skill,
                                    tag=args.tag, sort=args.sort,
                                    descending=not args.ascending,
                                    offset=(max(1, args.page) - 1) * limit, limit=limit)
    if args.json:
        print(json.dumps([s.model_dump(mode="json") for s in page.items], indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    if not page.items:
        print("No credentials yet. Add one with `wallet add FILE`." if not args.query
              else "Nothing matches.")
        return EXIT_OK
    for s in page.items:
        mark = {"verified": "ok", "warning": "warn", "failed": "FAIL"}[s.verdict]
        tags = f"  [{', '.join(s.tags)}]" if s.tags else ""
        print(f"{_short(s.id)}  {mark:<4}  {s.name[:40]:<40}  "
              f"{(s.issuer_name or s.issuer or '')[:30]:<30}  {s.received_at[:10]}{tags}")
    shown = page.offset + len(page.items)
    if page.total > shown:
        print(f"({shown} of {page.total}; --page {args.page + 1} for more)")
    return EXIT_OK


def _cmd_show(service: WalletService, args: argparse.Namespace) -> int:
    detail = service.get_credential(service.resolve(args.id))
    if args.json:
        sys.stdout.buffer.write(detail.raw + (b"" if detail.raw.endswith(b"\n") else b"\n"))
        return EXIT_OK
    s = detail.summary
    print(f"{s.name}  ({s.id})")
    print(f"  issuer: {s.issuer_name or ''} {s.issuer or ''}".rstrip())
    if s.description:
        print(f"  {s.description}")
    if s.skills:
        print(f"  skills: {', '.join(s.skills)}")
    if s.tags:
        print(f"  tags: {', '.join(s.tags)}")
    print(f"  received {s.received_at}; last checked {s.checked_at}")
    if detail.verification:
        print(render(detail.verification, indent=2))
    for r in detail.reflections:
        print(f"  reflection {_short(r.id)} ({r.edited[:10]}): {r.title}")
    for a in detail.artifacts:
        what = a.url or f"{a.media_type}, {a.size:,} bytes"
        print(f"  artifact {_short(a.id)}: {a.name} ({what})")
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
        return Path(path).read_text("utf-8")
    finally:
        Path(path).unlink(missing_ok=True)


def _cmd_reflect(service: WalletService, args: argparse.Namespace) -> int:
    rid = service.resolve(args.id)
    text = args.text if args.text is not None else _editor_text()
    info = service.add_reflection(text, credential_ids=[rid], competencies=args.competency)
    print(f"reflection {_short(info.id)} saved: {info.title}")
    return EXIT_OK


def _cmd_attach(service: WalletService, args: argparse.Namespace) -> int:
    rid = service.resolve(args.id)
    if args.link:
        info = service.attach_link(args.link, title=args.name, credential_ids=[rid])
    elif args.file:
        with open(args.file, "rb") as handle:
            info = service.attach_file(handle, name=args.name or Path(args.file).name,
                                       credential_ids=[rid])
    else:
        raise InputError("give a FILE or --link URL")
    print(f"artifact {_short(info.id)} attached: {info.name}")
    return EXIT_OK


def _cmd_tag(service: WalletService, args: argparse.Namespace) -> int:
    rid = service.resolve(args.id)
    s = service.tag(rid, remove=args.tags) if args.remove else service.tag(rid, add=args.tags)
    print(f"{_short(rid)} tags: {', '.join(s.tags) or '(none)'}")
    return EXIT_OK


def _cmd_delete(service: WalletService, args: argparse.Namespace) -> int:
    rid = service.resolve(args.id, kind=None)
    if args.undo:
        service.undo_delete(rid)
        print(f"{_short(rid)} is back")
    else:
        service.delete(rid)
        print(f"{_short(rid)} moved to the trash; undo with `wallet delete --undo {_short(rid)}`")
    return EXIT_OK


def _cmd_export(service: WalletService, args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for prefix in args.ids:
        detail = service.get_credential(service.resolve(prefix))
        suffix = ".jwt" if detail.jwt else ".json"
        path = out / f"{detail.summary.id[:8]}{suffix}"
        path.write_bytes(detail.raw)
        print(f"wrote {path} (unencrypted)")
    return EXIT_OK


def _cmd_backup(service: WalletService, args: argparse.Namespace) -> int:
    counts = service.backup(args.file)
    print(f"backup written to {args.file}: {counts['records']} records, {counts['blobs']} "
          "files (encrypted with your backup passphrase)")
    return EXIT_OK


def _cmd_restore(service: WalletService, args: argparse.Namespace) -> int:
    _ensure_profile(service)
    report = service.restore(args.file)

    def fmt(table: dict[str, int]) -> str:
        return ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in sorted(table.items())) \
            or "nothing"

    print(f"restored from {args.file}: added {fmt(report.added)}; already here: "
          f"{fmt(report.skipped)}")
    return EXIT_OK


def _cmd_profile(service: WalletService, args: argparse.Namespace) -> int:
    action = args.profile_command
    if action == "list":
        profiles = service.list_profiles()
        if not profiles:
            print("No profiles yet. `wallet profile create NAME` makes one.")
        for p in profiles:
            probe = WalletService(profile=p.id)
            try:
                guard = probe.protection
            finally:
                probe.close()
            default = " (default)" if p.is_default else ""
            print(f"{p.name}{default}  [{p.id[:8]}]  protected by: {guard}")
        ok, backend = service.keyring_status()
        print(f"OS keyring: {backend}" if ok else f"OS keyring: none ({backend})")
        return EXIT_OK
    if action == "create":
        protection = "keyring" if args.keyring else "passphrase" if args.passphrase else "auto"
        info = service.create_profile(args.name, protection=protection)
        print(f"profile {info.name!r} created: {service.describe_protection()}; its DID is "
              f"{service.did}")
        return EXIT_OK
    if action == "use":
        service.set_default_profile(args.name)
        print(f"{args.name!r} is now the default profile")
        return EXIT_OK
    if action == "delete":
        if not args.yes:
            raise ProfileError("deleting a profile destroys everything in it; add --yes")
        service.delete_profile(args.name)
        print(f"profile {args.name!r} deleted")
        return EXIT_OK
    if action == "passphrase":
        new = _ask("new")
        if not new:
            raise ProfileError("a passphrase is needed (or set WALLET_PASSPHRASE)")
        service.change_passphrase(new, old=os.environ.get("WALLET_OLD_PASSPHRASE"))
        print("the wallet's key is now guarded by the new passphrase")
        return EXIT_OK
    if action == "keyring":
        service.use_keyring()
        print(f"the wallet's key is now guarded by the OS keyring "
              f"({service.keyring_status()[1]})")
        return EXIT_OK
    service.rotate_key()
    print("the wallet's key was re-wrapped under a fresh key-encryption key")
    return EXIT_OK


def run_vault_command(args: argparse.Namespace) -> int:
    handlers = {"add": _cmd_add, "list": _cmd_list, "show": _cmd_show,
                "reflect": _cmd_reflect, "attach": _cmd_attach, "tag": _cmd_tag,
                "delete": _cmd_delete, "export": _cmd_export, "backup": _cmd_backup,
                "restore": _cmd_restore, "profile": _cmd_profile}
    service = _service(args, online=args.command == "add")
    try:
        if args.command == "lock":
            service.lock()
            print("the wallet is locked; `wallet unlock` opens it again")
            return EXIT_OK
        if args.command == "unlock":
            service.unlock()
            print(f"the wallet is unlocked ({service.describe_protection()})")
            return EXIT_OK
        return handlers[args.command](service, args)
    except VaultLockedError as exc:
        print(f"wallet: {describe_error(exc)}", file=sys.stderr)
        return EXIT_FAILED
    except (WalletError, OSError) as exc:
        print(f"wallet {args.command}: {describe_error(exc)}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, (ProfileError, OSError)) else EXIT_FAILED
    finally:
        if service.fetcher is not None:
            service.fetcher.close()  # type: ignore[attr-defined]
        service.close()
