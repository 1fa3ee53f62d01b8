"""The ``wallet`` command and Open Badges 2.0 badges, run as a real process against the fixture
origins served on 127.0.0.1 (tests/ob2_helpers.py):

``wallet verify INPUT --json --dev --recipient email:someone@example.org`` exits 0 for a valid
badge awarded to that address, 1 for one awarded to another, 1 for a revoked one, 3 for a
hosted one checked offline (2 for what cannot be read); ``wallet add`` takes every form (a URL,
a file, stdin, a JWS given directly), ``wallet export`` gives back what was received (re-baked),
``wallet recheck`` sees a host that revoked, ``wallet profile identities`` keeps the learner's
own identities."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from ob2_helpers import CASES, A, Ob2Origins, case_bytes, require_fixtures

from wallet.ob2.reading import read_ob2

LEARNER = "learner@example.net"  # the tm/ cases' recipient (hashed, salted)
HOSTED = CASES / "tampered/alignment-case-item.json"


@pytest.fixture(scope="module")
def origins() -> Iterator[Ob2Origins]:
    require_fixtures()
    served = Ob2Origins()
    try:
        yield served
    finally:
        served.stop()


@pytest.fixture(autouse=True)
def _fresh_routes(origins: Ob2Origins) -> Iterator[None]:
    yield
    origins.routes.clear()


@pytest.fixture
def run(tmp_path: Path):
    return wallet_runner(tmp_path / "home", "correct horse battery staple")


def _verify(run, source: str, who: str, *extra: str) -> tuple[int, dict]:
    proc = run("verify", source, "--json", "--dev", "--recipient", f"email:{who}", *extra)
    return proc.returncode, json.loads(proc.stdout)


@pytest.mark.parametrize(
    ("case", "who", "extra", "code", "verdict"),
    [
        (HOSTED, LEARNER, (), 0, "verified"),
        (HOSTED, "someone@example.org", (), 1, "not_verified"),
        (CASES / "vt/simple.jws", "nobody@example.org", (), 0, "verified"),
        (CASES / "vt/simple.jws", "someone@example.org", (), 1, "not_verified"),
        (CASES / "spec/assertion-revoked-410.json", LEARNER, (), 1, "not_verified"),
        (CASES / "tampered/hosted-revoked-true-200.json", LEARNER, (), 1, "not_verified"),
        (HOSTED, LEARNER, ("--offline",), 3, "issuer_not_confirmed"),
        (CASES / "tampered/baked-hosted.svg", LEARNER, ("--offline",), 3, "issuer_not_confirmed"),
    ],
    ids=[
        "valid",
        "another",
        "signed",
        "signed-another",
        "410",
        "revoked-true",
        "offline",
        "baked-offline",
    ],
)
def test_verify_exit_codes(run, origins, case, who, extra, code, verdict) -> None:
    exit_code, result = _verify(run, str(case), who, *extra)
    assert (exit_code, result["verdict"]) == (code, verdict), result
    assert result["format"] in ("ob2_hosted", "ob2_signed")
    recipient = next(c for c in result["checks"] if c["id"] == "recipient")
    if "--offline" not in extra and "revoked" not in str(case) and "410" not in str(case):
        assert recipient["detail"] == ("matches" if code == 0 else "someone_else")


def test_verify_a_hosted_url_and_stdin(run, origins) -> None:
    url = f"{A}/tm/assertion-aligned.json"
    assert _verify(run, url, LEARNER)[0] == 0
    report = run("verify", url, "--dev", "--recipient", f"email:{LEARNER}", "--lang", "ko")
    assert report.returncode == 0 and "이 학습자에게 수여되었습니다" in report.stdout.decode()


def test_verify_what_cannot_be_read_exits_2(run, origins, tmp_path) -> None:
    bad = run("verify", str(HOSTED), "--dev", "--recipient", "fax:123")
    assert bad.returncode == 2 and b"TYPE:VALUE" in bad.stderr
    png = tmp_path / "cut.png"  # a baked badge cut short
    png.write_bytes(case_bytes("vt/simple-badge.png")[:40])
    assert run("verify", str(png), "--dev").returncode == 2


def test_add_list_show_export_recheck(run, origins, tmp_path) -> None:
    assert run("profile", "identities", "--add", f"email:{LEARNER}").returncode == 0
    shown = run("profile", "identities")
    assert shown.stdout.split()[:2] == [b"email:", LEARNER.encode()] and b"never" in shown.stdout
    assertion = json.loads(HOSTED.read_bytes())
    assertion["id"] = f"{A}/bad/cli-revoked.json"
    origins.serve("A/bad/cli-revoked.json", assertion)
    local = tmp_path / "badge.json"
    local.write_text(json.dumps(assertion))
    jws = (CASES / "vt/simple.jws").read_text().strip()
    proc = run(
        "add",
        str(local),
        str(CASES / "real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png"),
        jws,
        f"{A}/badgr/public/assertions/OnTs_y9OTvSMOYfHxrtu1g",
        "--dev",
    )
    out = proc.stdout.decode()
    assert proc.returncode == 0, proc.stderr
    assert f"Open Badges 2.0 · hosted by {A}" in out
    assert "Open Badges 2.0 · signed by An Example Badge Issuer" in out
    assert "already in your wallet" in out  # the URL is the PNG's assertion
    listed = json.loads(run("list", "--json").stdout)
    assert len(listed) == 3 and {s["format"] for s in listed} == {"ob2_hosted", "ob2_signed"}
    badgr = next(s for s in listed if s["name"].startswith("badgr"))
    folder = tmp_path / "out"
    assert run("export", badgr["id"][:8], "--out", str(folder)).returncode == 0
    (exported,) = folder.iterdir()
    assert exported.suffix == ".png"
    original = case_bytes("real/badgr-OnTs_y9OTvSMOYfHxrtu1g.png")
    assert read_ob2(exported.read_bytes()).raw == read_ob2(original).raw  # re-baked
    mine = next(s for s in listed if s["name"] == "Tamper Test Badge")
    show = run("show", mine["id"][:8]).stdout.decode()
    assert f"Open Badges 2.0 · hosted by {A}" in show and "Tamper Test Badge" in show
    origins.serve("A/bad/cli-revoked.json", {"revoked": True}, status=410)
    proc = run("recheck", "--older-than", "0d", "--dev")
    assert proc.returncode == 0, proc.stderr
    assert "Tamper Test Badge: the issuer has revoked or suspended it" in proc.stdout.decode()


def test_add_from_stdin(tmp_path, origins) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "WALLET_HOME": str(tmp_path / "home"),
        "WALLET_PASSPHRASE": "correct horse battery staple",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(root),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "wallet.cli", "add", "-", "--dev"],
        input=HOSTED.read_bytes(),
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert b"added 'Tamper Test Badge'" in proc.stdout
