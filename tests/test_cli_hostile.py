"""Hostile numbers, text, time and files through the `wallet` command (in this process, and
as a real process for the files a process could block or run out of memory on: a FIFO,
``/dev/zero``): a clear sentence and the exit code it means — never "an unexpected error",
never a traceback (:func:`cli_runner.wallet_runner` checks every run for one)."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

import pytest
from cli_runner import wallet_runner
from factories import signed_badge

from wallet.crypto.jws import sign_jws
from wallet.crypto.keys import Ed25519KeyPair

ROOT = Path(__file__).resolve().parent.parent
KEY = Ed25519KeyPair.from_seed(bytes(range(32)))
CASE = ROOT / "assets" / "case" / "riverside-skills-framework.json"


@pytest.fixture
def wallet(tmp_path: Path):
    return wallet_runner(tmp_path / "home", "a hostile pass phrase", timeout=60)


@pytest.fixture
def wallet_process(tmp_path: Path):
    """Real processes, each bounded (60 s): a FIFO that blocked would fail the run, not hang
    the suite."""
    return wallet_runner(tmp_path / "home", "a hostile pass phrase", timeout=60, in_process=False)


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(signed_badge(KEY)))
    return path


def _clear(proc: subprocess.CompletedProcess, code: int, *phrases: bytes) -> None:
    out = proc.stdout + proc.stderr
    assert proc.returncode == code, out
    assert b"unexpected" not in out, out
    for phrase in phrases:
        assert phrase in out, out


# --- numbers and time ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skew", "phrase"),
    [
        ("1e14", b"more seconds than a clock skew can be"),
        ("1e400", b"not a finite number"),
        ("nan", b"not a finite number"),
        ("-inf", b"not a finite number"),
        ("twelve", b"not a number of seconds"),
    ],
)
def test_a_clock_skew_that_cannot_be_is_a_clear_usage_error(
    wallet, good: Path, skew: str, phrase: bytes
) -> None:
    _clear(
        wallet("verify", "--offline", f"--clock-skew={skew}", str(good)), 2, b"--clock-skew", phrase
    )


@pytest.mark.parametrize("skew", ["1.5", "0.000001", "-5", "86399999999999"])
def test_a_clock_skew_may_be_any_number_of_seconds(wallet, good: Path, skew: str) -> None:
    _clear(wallet("verify", "--offline", f"--clock-skew={skew}", str(good)), 0, b"VERIFIED")


@pytest.mark.parametrize(
    "now",
    [
        "9999-12-31T23:59:59+00:00",
        "9999-12-31T23:59:59-14:00",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00",
    ],
)
def test_the_ends_of_time_give_a_clean_verdict(wallet, tmp_path: Path, now: str) -> None:
    doc = signed_badge(KEY, validUntil="2030-01-01T00:00:00Z")
    path = tmp_path / "until.json"
    path.write_text(json.dumps(doc))
    proc = wallet("verify", "--offline", "--now", now, "--clock-skew", "86399999999999", str(path))
    _clear(proc, 0, b"VERIFIED")
    proc = wallet("verify", "--offline", "--now", now, str(path))
    _clear(proc, 1, b"NOT VERIFIED", b"validity")


def test_a_jwt_with_a_5000_digit_number_is_unreadable_by_name(wallet, tmp_path: Path) -> None:
    doc = signed_badge(KEY)
    doc.pop("proof")
    token = sign_jws({"alg": "EdDSA"}, {"iss": KEY.did, "vc": doc, "nbf": 1}, KEY.signer())
    head, payload, sig = token.split(".")
    body = base64.urlsafe_b64decode(payload + "==").replace(b'"nbf":1', b'"nbf":' + b"9" * 5000)
    forged = ".".join([head, base64.urlsafe_b64encode(body).rstrip(b"=").decode(), sig])
    path = tmp_path / "big.jwt"
    path.write_text(forged)
    _clear(
        wallet("verify", "--offline", str(path)), 2, b"not a readable VC-JWT", b"5,000 characters"
    )


def test_a_json_credential_with_a_5000_digit_number_is_unreadable_by_name(
    wallet, good: Path, tmp_path: Path
) -> None:
    text = good.read_text().replace('"name": "Teamwork Badge"', '"name": ' + "1" * 5000)
    path = tmp_path / "number.json"
    path.write_text(text)
    _clear(wallet("verify", "--offline", str(path)), 2, b"5,000 characters")


# --- text ----------------------------------------------------------------------------------------


def test_a_lone_surrogate_in_a_credential_is_named(wallet, good: Path, tmp_path: Path) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text(good.read_text().replace("Teamwork Badge", "Team\\ud800work"))
    _clear(wallet("verify", "--offline", str(path)), 2, b"unpaired UTF-16 surrogate")
    _clear(wallet("verify", "--offline", "--json", str(path)), 2, b"surrogate")
    _clear(wallet("add", "--offline", str(path)), 1, b"not added", b"surrogate")


def test_a_lone_surrogate_in_a_jwt_payload_is_named(wallet, tmp_path: Path) -> None:
    doc = signed_badge(KEY)
    doc.pop("proof")
    token = sign_jws({"alg": "EdDSA"}, {"iss": KEY.did, "vc": doc}, KEY.signer())
    head, payload, sig = token.split(".")
    body = base64.urlsafe_b64decode(payload + "==").replace(b"Teamwork", b"Team\\ud800")
    path = tmp_path / "surrogate.jwt"
    path.write_text(".".join([head, base64.urlsafe_b64encode(body).rstrip(b"=").decode(), sig]))
    _clear(wallet("verify", "--offline", str(path)), 2, b"surrogate")


def test_a_lone_surrogate_in_a_case_package_is_refused(wallet, tmp_path: Path) -> None:
    package = CASE.read_text().replace('"CFItems"', '"CFItems\\udc00"', 1)
    path = tmp_path / "case.json"
    path.write_text(package)
    _clear(wallet("frameworks", "import", str(path)), 1, b"surrogate")
    _clear(wallet("frameworks", "list"), 0, b"No frameworks yet")


def test_arguments_that_are_not_text_are_reported_not_crashed(wallet, good: Path) -> None:
    _clear(wallet("verify", "--offline", "/nonexistent/\udcff.json"), 2, b"Could not read")
    _clear(wallet("verify", "--offline", "--now", "\udcff", str(good)), 2, b"--now")
    _clear(wallet("verify", "--offline", "--challenge", "\udcff", str(good)), 0, b"VERIFIED")


def test_a_deeply_nested_backup_header_is_damage_not_a_crash(wallet, tmp_path: Path) -> None:
    from wallet.storage.backup import MAGIC

    header = b"[" * 50_000
    path = tmp_path / "hostile.backup"
    path.write_bytes(MAGIC + len(header).to_bytes(4, "big") + header)
    proc = wallet("restore", str(path))
    assert proc.returncode != 0 and b"unexpected" not in proc.stderr, proc.stderr
    assert b"backup file is damaged" in proc.stderr, proc.stderr


# --- files ---------------------------------------------------------------------------------------


@pytest.fixture
def odd_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    sparse = tmp_path / "sparse.json"
    subprocess.run(["truncate", "-s", "500M", str(sparse)], check=True)
    folder = tmp_path / "folder"
    folder.mkdir()
    return {
        "pipe": fifo,
        "character device": Path("/dev/zero"),
        "larger than": sparse,
        "folder": folder,
    }


def test_verify_reads_only_regular_files_within_the_limit(wallet_process, odd_files) -> None:
    for phrase, path in odd_files.items():
        _clear(wallet_process("verify", "--offline", str(path)), 2, phrase.encode())


def test_add_receive_import_attach_and_restore_refuse_odd_files(
    wallet_process, good: Path, odd_files
) -> None:
    wallet = wallet_process
    _clear(wallet("add", "--offline", str(good)), 0, b"added")
    rid = wallet("list", "--json").stdout
    rid = json.loads(rid)[0]["id"][:8]
    for phrase, path in odd_files.items():
        encoded = phrase.encode()
        _clear(wallet("add", "--offline", str(path)), 1, b"not added", encoded)
        _clear(wallet("receive", str(path)), 1, encoded)
        _clear(wallet("frameworks", "import", str(path)), 1, encoded)
        if phrase != "larger than":  # attachments have no size cap: only the file type
            _clear(wallet("attach", rid, str(path)), 1, encoded)
            _clear(wallet("restore", str(path)), 1, encoded)


def test_photo_respond_and_share_server_trust_read_only_regular_files_within_a_cap(
    tmp_path: Path, good: Path, odd_files
) -> None:
    """Before: ``--photo``, ``respond FILE`` and ``share-server --trust`` read ``/dev/zero``
    until MemoryError and waited on a FIFO for ever (each run here is bounded: 60 s, 4 GiB)."""
    bounded = wallet_runner(
        tmp_path / "home", "a hostile pass phrase", timeout=60, max_memory=4 * 2**30
    )
    for phrase, path in odd_files.items():
        encoded = phrase.encode()
        _clear(bounded("profile", "set-name", "Jimin Park", "--photo", str(path)), 1, encoded)
        _clear(bounded("respond", str(path)), 1, encoded)
        _clear(
            bounded("share-server", "--data", str(tmp_path / "shares"), "--trust", str(path)),
            2,
            encoded,
        )
        if phrase != "larger than":
            _clear(bounded("trust", "import", str(path)), 1, encoded)
            _clear(bounded("verify", "--offline", "--trust", str(path), str(good)), 2, encoded)
