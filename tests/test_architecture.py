"""The layering is enforced by a tool: `lint-imports` (contracts in pyproject.toml) keeps the
real tree, and breaks on a deliberately wrong import; `ruff check` is clean; `mypy` (its files
and settings in pyproject.toml) finds no error, and finds the errors it is there to find."""

from __future__ import annotations

import ast
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
    return subprocess.run(
        [_tool("lint-imports"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )


def test_the_contracts_are_kept() -> None:
    proc = _lint_imports(ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert "0 broken" in proc.stdout


@pytest.mark.parametrize(
    ("module", "wrong"),
    [
        (
            "verification/verify.py",
            "import wallet.storage.vault",
        ),  # core reaching up into the vault
        ("exchange/share.py", "import wallet.services"),  # the wire reaching into the services
        ("ui/state.py", "import wallet.exchange.http"),  # the app reaching for the wire
        ("verification/status.py", "import wallet.verification.verify"),  # a cycle in a package
        ("reading/models.py", "import wallet.verification.verify"),  # core's layers: reading up
        ("crypto/keys.py", "import wallet.ld.jsonld"),  # two independent layers of core
        ("formats/sources.py", "import wallet.proofs.base"),  # … and another pair
        ("errors.py", "import wallet.i18n"),  # a base module over the language layer
        ("rules/vcdm.py", "import wallet.proofs.dataintegrity"),  # the rules under the signer
    ],
)
def test_a_wrong_import_breaks_a_contract(tmp_path: Path, module: str, wrong: str) -> None:
    shutil.copytree(
        ROOT / "wallet",
        tmp_path / "wallet",
        ignore=shutil.ignore_patterns("__pycache__", "contexts"),
    )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / "wallet" / module
    target.write_text(target.read_text() + f"\n{wrong}  # noqa\n")
    proc = _lint_imports(tmp_path)
    assert proc.returncode != 0, proc.stdout[-2000:]
    assert "BROKEN" in proc.stdout


def test_ruff_is_clean() -> None:
    proc = subprocess.run(
        [_tool("ruff"), "check", "wallet", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_the_code_is_formatted() -> None:
    """`ruff format` is the project's style (issue 21): a file it would change fails."""
    proc = subprocess.run(
        [_tool("ruff"), "format", "--check", "wallet", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]


MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines_unless_it_says_why() -> None:
    """A module over 600 lines is split along a seam, or its docstring says why it stays
    whole ("Why one module over 600 lines: …")."""
    import ast

    long = []
    for path in sorted((ROOT / "wallet").rglob("*.py")):
        text = path.read_text("utf-8")
        if text.count("\n") <= MAX_MODULE_LINES:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "Why one module over 600 lines" not in doc:
            long.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert long == [], long


# mypy's cache beside the code (ignored by git): a run after the first takes seconds.
MYPY_CACHE = ROOT / ".mypy_cache"

# What the settings must catch, each in a file of its own next to the real tree.
WRONG_TYPES = {
    "untyped": ("def double(x):\n    return 2 * x\n", "no-untyped-def"),
    "read_only_signer": (
        "from wallet.crypto.keys import Signer\n\n\n"
        "def rename(signer: Signer) -> None:\n"
        "    signer.key_id = 'did:example:me#key-1'\n",
        "misc",
    ),
    "optional": (
        "from wallet.credential import parse_datetime\n\n\n"
        "def year(text: str) -> int:\n    return parse_datetime(text).year\n",
        "union-attr",
    ),
    "stale_ignore": (
        "def one() -> int:\n    return 1  # type: ignore[return-value]\n",
        "unused-ignore",
    ),
    "stored_record": (
        "from wallet.services.stored import StoredReflection\n\n"
        "StoredReflection(title='Notes', created='', edited='', versions='2')\n",
        "arg-type",
    ),
}


def _mypy(*files: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_tool("mypy"), "--cache-dir", str(MYPY_CACHE), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_mypy_is_clean_and_catches_what_it_is_there_for(tmp_path: Path) -> None:
    # core, the vault, the wire, the services, the demo and the CLI (the app's modules are
    # read too, not failed on Flet's hook typings: see pyproject.toml)
    proc = _mypy()
    assert proc.returncode == 0, proc.stdout[-5000:] + proc.stderr[-2000:]
    checked = int(proc.stdout.rsplit(" in ", 1)[1].split()[0])
    assert checked >= len(list((ROOT / "wallet").rglob("*.py"))), proc.stdout
    for name, (text, _code) in WRONG_TYPES.items():
        (tmp_path / f"wrong_{name}.py").write_text(text)
    proc = _mypy(*(str(tmp_path / f"wrong_{name}.py") for name in WRONG_TYPES))
    assert proc.returncode == 1, proc.stdout
    for name, (_text, code) in WRONG_TYPES.items():  # (by name: the cache may say another
        # run's folder for a file of the same name and content)
        assert any(
            f"wrong_{name}.py:" in line and f"[{code}]" in line for line in proc.stdout.splitlines()
        ), (name, proc.stdout)


# Builtin types a method must not be named after: in the class's body, `list[str]` in a later
# annotation would then name the method (mypy reads it so: "Function ... is not valid as a type").
# (`set`, the verb, is left to the settings' setter: no annotation in that class names the type.)
BUILTIN_TYPES = {
    "list",
    "dict",
    "frozenset",
    "tuple",
    "type",
    "str",
    "int",
    "float",
    "bool",
    "bytes",
    "object",
}


def _shadowing(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef):
            found += [
                f"{node.name}.{item.name}"
                for item in node.body
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                and item.name in BUILTIN_TYPES
            ]
    return found


def test_no_method_is_named_after_a_builtin_type() -> None:
    assert _shadowing("class Service:\n    def list(self) -> None: ...\n") == ["Service.list"]
    found = [
        f"{path.relative_to(ROOT)}: {name}"
        for package in ("services", "storage", "exchange", "cli")
        for path in sorted((ROOT / "wallet" / package).rglob("*.py"))
        for name in _shadowing(path.read_text(encoding="utf-8"))
    ]
    assert found == []
