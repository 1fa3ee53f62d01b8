"""The layering is enforced by a tool: `lint-imports` (contracts in pyproject.toml) keeps the
real tree, and breaks on a deliberately wrong import; `ruff check` is clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is not installed next to this Python (scripts/setup --test)")
    return str(path)


def _lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([_tool("lint-imports"), "--no-cache"], cwd=root, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(root),
                                                       "PATH": "/usr/bin:/bin"})


def test_the_contracts_are_kept() -> None:
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


@pytest.mark.parametrize(("module", "wrong"), [
    ("verification/verify.py", "import wallet.storage.vault"),  # core reaching up into the vault
    ("exchange/share.py", "import wallet.services"),     # the wire reaching into the services
    ("ui/state.py", "import wallet.exchange.http"),      # the app reaching for the wire
    ("verification/status.py", "import wallet.verification.verify"),  # a cycle in a package
    ("reading/models.py", "import wallet.verification.verify"),  # core's layers: reading up
    ("crypto/keys.py", "import wallet.ld.jsonld"),       # two independent layers of core
    ("formats/sources.py", "import wallet.proofs.base"),  # … and another pair
    ("errors.py", "import wallet.i18n"),                 # a base module over the language layer
    ("rules/vcdm.py", "import wallet.proofs.dataintegrity"),  # the rules under the signer
])
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, wrong: str) -> None:
    shutil.copytree(ROOT / "wallet", tmp_path / "wallet",
                    ignore=shutil.ignore_patterns("__pycache__", "contexts"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "wallet" / module
    target.write_text(target.read_text() + f"\n{wrong}  # noqa\n")
    proc = _lint_imports(tmp_path)
    assert proc.returncode != 0, proc.stdout[-2000:]
    assert "BROKEN" in proc.stdout


def test_ruff_is_clean() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "wallet", "tests", "benchmarks"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
