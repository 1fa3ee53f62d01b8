"""The `wallet` command: exit codes, reports, no tracebacks — run in this process through
``wallet.cli.main`` (:mod:`cli_runner`), and as a real process where only one shows what is
tested (its exit codes, the demo, a reader that goes away)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import run_in_process, run_process
from factories import signed_badge, tiny_png

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair
from wallet.formats.baking import bake_png

ROOT = Path(__file__).resolve().parents[2]
KEY = Ed25519KeyPair.generate()


def wallet(*args: str, stdin: bytes | None = None, home: Path | None = None, process: bool = False):
    """``wallet ARGS`` in this process (``process``: as a real process)."""
    env = {"WALLET_PASSPHRASE": "cli test passphrase"}
    if home:
        env["WALLET_HOME"] = str(home)
    if process:
        return run_process(args, env=env, stdin=stdin, timeout=120)
    return run_in_process(args, env=env, stdin=stdin or b"")


def _no_traceback(proc) -> None:
    assert b"Traceback" not in proc.stderr and b"Traceback" not in proc.stdout


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(signed_badge(KEY)))
    return path


@pytest.fixture
def trust_file(tmp_path: Path) -> Path:
    path = tmp_path / "trusted.json"
    path.write_text(
        json.dumps(
            {
                "meta": {"created": "2026-01-01"},
                "registry": {
                    KEY.did: {"name": "Example College", "url": "https://college.example"}
                },
            }
        )
    )
    return path


def test_verified_exit_0_and_readable_report(good: Path, trust_file: Path, tmp_path) -> None:
    proc = wallet(
        "verify", "--offline", "--trust", str(trust_file), str(good), home=tmp_path / "no-wallet"
    )
    assert proc.returncode == 0, proc.stdout
    assert b"VERIFIED: Teamwork Badge" in proc.stdout
    assert b"recognised by 'trusted.json' as Example College" in proc.stdout.replace(
        str(trust_file).encode(), b"trusted.json"
    )
    _no_traceback(proc)


def test_an_issuer_no_list_recognises_is_verified_with_warnings(good: Path, tmp_path) -> None:
    proc = wallet("verify", "--offline", str(good), home=tmp_path / "no-wallet")
    assert proc.returncode == 0, proc.stdout
    assert b"VERIFIED (with warnings): Teamwork Badge" in proc.stdout
    assert b"Example College [as the issuer calls itself]" in proc.stdout
    assert b"you keep no trust lists" in proc.stdout


def test_issuer_not_confirmed_exit_3_json_and_strict(tmp_path: Path) -> None:
    doc = signed_badge(
        KEY,
        issuer={
            "id": "urn:uuid:7d1e2b3c-4f5a-4b6c-8d7e-9f0a1b2c3d4e",
            "type": ["Profile"],
            "name": "Famous University",
        },
        name=None,
    )
    path = tmp_path / "urn.json"
    path.write_text(json.dumps(doc))
    proc = wallet("verify", "--offline", str(path), home=tmp_path / "no-wallet")
    assert proc.returncode == 3, proc.stdout
    assert b"ISSUER NOT CONFIRMED" in proc.stdout
    as_json = json.loads(
        wallet("verify", "--offline", "--json", str(path), home=tmp_path / "no-wallet").stdout
    )
    assert as_json["verdict"] == "issuer_not_confirmed" and as_json["verified"] is False
    assert {c["id"]: c["outcome"] for c in as_json["checks"]}["conformance"] == "warning"
    assert as_json["findings"][0]["rule"].startswith("OB 3.0")
    strict = wallet("verify", "--offline", "--strict", str(path), home=tmp_path / "no-wallet")
    assert strict.returncode == 1 and b"NOT VERIFIED" in strict.stdout


def test_trust_commands_and_a_wallets_own_lists(
    good: Path, trust_file: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env_home = {"home": home}
    listed = wallet("trust", "list", **env_home)
    assert listed.returncode == 0 and b"No trust lists yet" in listed.stdout
    added = wallet("trust", "add", KEY.did, "--name", "Example College", **env_home)
    assert added.returncode == 0, added.stderr
    mine = wallet("verify", "--offline", str(good), **env_home)  # the wallet's own list
    assert mine.returncode == 0 and b"VERIFIED: Teamwork Badge" in mine.stdout, mine.stdout
    imported = wallet("trust", "import", str(trust_file), "--name", "Employer", **env_home)
    assert imported.returncode == 0 and b"imported 'Employer': 1 entry" in imported.stdout
    assert b"== Employer" in wallet("trust", "list", **env_home).stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    refused = wallet("trust", "import", str(bad), **env_home)
    assert refused.returncode == 1 and b"not a trust list" in refused.stderr
    assert wallet("trust", "remove", KEY.did, **env_home).returncode == 0
    assert wallet("trust", "remove", "Employer", **env_home).returncode == 0
    again = wallet("verify", "--offline", str(good), **env_home)
    assert b"VERIFIED (with warnings)" in again.stdout
    for proc in (listed, added, mine, imported, refused, again):
        _no_traceback(proc)


def test_a_real_process_exits_with_the_code_of_its_verdict(
    good: Path, trust_file: Path, tmp_path: Path
) -> None:
    """The exit codes as the shell sees them (``sys.exit(main())``): 0 verified, 1 not
    verified, 2 a usage error (argparse's own exit); the other codes are checked in process."""
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps({**signed_badge(KEY), "name": "Forged"}))
    home = tmp_path / "no-wallet"
    for args, code in (
        (["verify", "--offline", "--trust", str(trust_file), str(good)], 0),
        (["verify", "--offline", str(forged)], 1),
        (["frobnicate"], 2),
    ):
        proc = wallet(*args, home=home, process=True)
        assert proc.returncode == code, (args, proc.stdout, proc.stderr)
        _no_traceback(proc)


def test_json_output(good: Path) -> None:
    proc = wallet("verify", "--offline", "--json", str(good))
    result = json.loads(proc.stdout)
    assert result["verified"] is True
    assert {c["id"] for c in result["checks"]} >= {"structure", "proof", "issuer_binding"}


def test_not_verified_exit_1(tmp_path: Path) -> None:
    doc = signed_badge(KEY)
    doc["name"] = "Forged"
    path = tmp_path / "forged.json"
    path.write_text(json.dumps(doc))
    proc = wallet("verify", "--offline", str(path))
    assert proc.returncode == 1
    assert b"NOT VERIFIED" in proc.stdout and b"[FAILED]" in proc.stdout
    _no_traceback(proc)


@pytest.mark.parametrize(
    "content",
    [b"{not json", random.Random(5).randbytes(5 * 1024 * 1024), b"\x89PNG\r\n\x1a\n\x00\x00"],
    ids=["not-json", "5-MiB-of-noise", "a-PNG-header-only"],  # the same on every worker
)
def test_unreadable_exit_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "input.bin"
    path.write_bytes(content)
    proc = wallet("verify", "--offline", str(path))
    assert proc.returncode == 2
    assert b"UNREADABLE" in proc.stdout
    _no_traceback(proc)


def test_hostile_numbers_and_text_exit_2(tmp_path: Path) -> None:
    text = json.dumps(signed_badge(KEY))[:-1]
    for extra, words in (("1" * 5000, b"5,000 characters"), ('"\\ud800"', b"surrogate")):
        path = tmp_path / "input.json"
        path.write_text(f'{text}, "extra": {extra}}}')
        proc = wallet("verify", "--offline", str(path))
        assert proc.returncode == 2 and words in proc.stdout, proc.stdout + proc.stderr
        _no_traceback(proc)


def test_far_future_clock_and_huge_skew(good: Path) -> None:
    late = wallet("verify", "--offline", "--now", "9999-12-31T23:59:59Z", str(good))
    assert late.returncode == 0, late.stdout + late.stderr
    _no_traceback(late)
    skewed = wallet(
        "verify",
        "--offline",
        "--now",
        "9999-12-31T23:59:59Z",
        "--clock-skew",
        str(10**14),
        str(good),
    )
    assert skewed.returncode == 2 and b"--clock-skew" in skewed.stderr, skewed.stderr
    _no_traceback(skewed)
    assert b"unexpected" not in skewed.stderr
    widest = wallet(
        "verify",
        "--offline",
        "--now",
        "9999-12-31T23:59:59Z",
        "--clock-skew",
        str(86_399_999_999_999),
        str(good),
    )
    assert widest.returncode == 0, widest.stdout + widest.stderr


def test_missing_file_and_usage_errors_exit_2(tmp_path: Path) -> None:
    proc = wallet("verify", str(tmp_path / "nope.json"))
    assert proc.returncode == 2 and b"Could not read" in proc.stderr
    _no_traceback(proc)
    assert wallet("verify").returncode == 2
    assert wallet("frobnicate").returncode == 2


def test_stdin_jwt_and_baked_png(tmp_path: Path) -> None:
    doc = signed_badge(KEY)
    assert wallet("verify", "--offline", "-", stdin=json.dumps(doc).encode()).returncode == 0
    token = sign_jws({"typ": "JWT"}, {"iss": KEY.did, "vc": doc}, KEY.signer())
    assert wallet("verify", "--offline", token).returncode == 0
    png = tmp_path / "badge.png"
    png.write_bytes(bake_png(tiny_png(), json.dumps(doc)))
    proc = wallet("verify", "--offline", str(png))
    assert proc.returncode == 0, proc.stdout


def test_url_source_over_loopback_in_dev_mode(http_server) -> None:
    url = http_server.serve_json("/badge.json", signed_badge(KEY))
    assert wallet("verify", "--dev", url).returncode == 0
    refused = wallet("verify", url)  # plain http without --dev: refused, clearly
    assert refused.returncode == 2 and b"https" in refused.stderr
    _no_traceback(refused)


def test_home_option_is_accepted(good: Path, tmp_path: Path) -> None:
    assert wallet("--home", str(tmp_path / "h"), "verify", "--offline", str(good)).returncode == 0


def test_samples_run() -> None:
    proc = wallet("samples")
    assert proc.returncode == 0, proc.stdout
    assert b"they did." in proc.stdout


def test_main_job_demo_receives_an_offer(tmp_path: Path) -> None:
    """`wallet demo --cli`: a demo issuer, a demo wallet, an offer accepted in the terminal
    (the app version is tested in tests/ui)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    env.pop("WALLET_PASSPHRASE", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "wallet.cli",
            "--home",
            str(tmp_path / "demo"),
            "demo",
            "--cli",
            "--once",
        ],
        capture_output=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert "openid-credential-offer://" in out and "█" in out  # the link and its QR code
    assert "received 'Data Analysis Fundamentals'" in out and "received 'Teamwork'" in out
    assert out.count("VERIFIED: ") == 2 and "[ok]       status" in out
    # the badges mapped to the sample framework: a grade of A is Advanced; no result, Emerging
    assert "DS.1.2 Clean and prepare tabular data  [Advanced]" in out
    assert "WS.1.1 Collaborate in a team  [Emerging]" in out
    assert "Areas of Riverside Data & Workplace Skills Framework: Data Skills 0.7/4" in out
    assert b"Traceback" not in proc.stderr


def test_a_reader_that_goes_away_ends_the_command_quietly(tmp_path: Path) -> None:
    """``wallet … | head``: when the reader closes the pipe while a command still writes, the
    command stops with exit 0 and says nothing (a BrokenPipeError is an OSError, and must not
    be reported as an error, nor end in a traceback)."""
    script = (
        "import sys, wallet.cli as cli, wallet.cli.trust as trust\n"
        "def chatty(_args):\n"
        "    for _ in range(2000):\n"
        "        print('x' * 1000)\n"
        "    return 0\n"
        "trust.cmd_list = chatty\n"
        "sys.exit(cli.main(['--home', sys.argv[1], 'trust', 'list']))\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "home")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(10) == b"x" * 10
    proc.stdout.close()  # the reader goes away
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert "Traceback" not in err and "wallet:" not in err, err
