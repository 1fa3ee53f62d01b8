"""A cold ``wallet verify --offline FILE`` imports what verifying needs and no more: not the
other commands, the wallet's services, the vault, the wire (httpx, the share service), the
credential views, pyld's network loaders or lxml's HTML, nor the cryptosuites the credential
does not use — the import path benchmarks/cold_verify.py measures. Each check runs in a fresh
interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "assets" / "samples" / "ob3-data-analysis.json"
NOT_NEEDED = (
    "httpx",
    "uvicorn",
    "starlette",
    "asyncio",
    "ssl",
    "lxml.etree",
    "cbor2",
    "PIL",
    "pyld.documentloader.aiohttp",
    "pyld.documentloader.requests",
    "wallet.exchange",
    "wallet.storage.vault",
    "wallet.services.facade",
    "wallet.services.backup",
    "wallet.services.presenting",
    "wallet.services.responding",
    "wallet.services.receiving",
    "wallet.services.credentials",
    "wallet.services.composing",
    "wallet.services.credential_record",
    "wallet.services.request_preview",
    "wallet.reading.models",
    "wallet.proofs.ecdsa_sd_2023",
    "wallet.proofs.ecdsa_rdfc_2019",
    "wallet.cli.demo",
    "wallet.cli.vault",
    "wallet.cli.presenting",
    "wallet.record.view",
)


def _modules_after(code: str, tmp_path: Path) -> tuple[set[str], str]:
    out = tmp_path / "modules.json"
    script = (
        f"import json, sys\n{code}\n"
        f"open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return set(json.loads(out.read_text())), proc.stdout


def test_a_cold_verify_imports_only_what_verifying_needs(tmp_path: Path) -> None:
    home = tmp_path / "home"  # no wallet: an employer's computer
    modules, printed = _modules_after(
        "from wallet.cli import main\n"
        f"assert main(['--home', {str(home)!r}, 'verify', '--offline', {str(SAMPLE)!r}]) == 0",
        tmp_path,
    )
    assert "VERIFIED" in printed and "eddsa-rdfc-2022 signature verified" in printed
    imported = sorted(m for m in modules if m.startswith(NOT_NEEDED))
    assert imported == []
    assert not home.exists()  # nothing opened, nothing made


def test_the_share_link_and_network_paths_still_import_what_they_need(tmp_path: Path) -> None:
    modules, _ = _modules_after(
        "from wallet.services.verifying import Verifier\n"
        "with Verifier(dev=True) as v:\n"
        "    assert v.http is not None\n",
        tmp_path,
    )
    assert "httpx" in modules and "wallet.exchange.http" in modules
