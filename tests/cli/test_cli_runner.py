"""The CLI tests' runner (tests/cli_runner.py) shows what a process would, and leaks nothing: a
command run in this process gets its own streams, environment and no OS keyring, and whatever
it changes (environment, working directory, keyring backend, signal handlers) is put back; an
exception that escapes ``main`` reaches ``stderr`` as a traceback, so the runner's
no-traceback check can see it; a command run in a worker process is bounded in time and
memory."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import keyring
import pytest
from cli_runner import run_in_process, wallet_runner
from keyring.backends import null

import wallet.cli.trust as trust_cli


def test_a_command_in_this_process_leaves_nothing_behind(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    def meddling(_args) -> int:
        seen["home"] = os.environ.get("WALLET_HOME")
        seen["debug"] = os.environ.get("WALLET_DEBUG")
        seen["keyring"] = type(keyring.get_keyring()).__module__
        seen["tty"] = sys.stdin.isatty()
        seen["stdin"] = sys.stdin.buffer.read()
        os.environ["LEAKED"] = "yes"
        os.environ.pop("WALLET_TESTING")
        os.chdir(tmp_path)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        keyring.set_keyring(null.Keyring())
        print("out ✓")
        sys.stdout.buffer.write(b"\xffraw\n")
        print("err", file=sys.stderr)
        return 3

    monkeypatch.setattr(trust_cli, "cmd_list", meddling)
    monkeypatch.setenv("WALLET_DEBUG", "1")
    before = (
        dict(os.environ),
        os.getcwd(),
        keyring.get_keyring(),
        signal.getsignal(signal.SIGINT),
        sys.stdout,
        sys.stderr,
        sys.stdin,
    )

    proc = run_in_process(
        ["trust", "list"],
        env={"WALLET_HOME": str(tmp_path / "h"), "WALLET_DEBUG": None},
        stdin=b"given",
    )

    assert proc.returncode == 3
    assert proc.stdout == "out ✓\n".encode() + b"\xffraw\n" and proc.stderr == b"err\n"
    assert seen == {
        "home": str(tmp_path / "h"),
        "debug": None,
        "keyring": "keyring.backends.fail",
        "tty": False,
        "stdin": b"given",
    }
    assert (
        dict(os.environ),
        os.getcwd(),
        keyring.get_keyring(),
        signal.getsignal(signal.SIGINT),
        sys.stdout,
        sys.stderr,
        sys.stdin,
    ) == before


class _Escaping(BaseException):
    """Not an Exception: ``main``'s last line of defence lets it through."""


def test_an_exception_that_escapes_main_is_a_traceback_the_runner_sees(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(_args) -> int:
        raise _Escaping("a bug")

    monkeypatch.setattr(trust_cli, "cmd_list", broken)
    proc = run_in_process(["trust", "list"])
    assert proc.returncode == 1
    assert b"Traceback" in proc.stderr and b"_Escaping: a bug" in proc.stderr
    with pytest.raises(AssertionError, match="Traceback"):
        wallet_runner(tmp_path / "home", "a pass phrase")("trust", "list")


def test_usage_errors_exit_as_argparse_makes_a_process_exit() -> None:
    proc = run_in_process(["frobnicate"])
    assert proc.returncode == 2 and b"invalid choice" in proc.stderr
    assert run_in_process(["--version"]).returncode == 0


def test_a_worker_process_is_bounded_in_time_and_memory(tmp_path: Path) -> None:
    run = wallet_runner(tmp_path / "home", "a pass phrase", timeout=10, max_memory=3 * 2**30)
    assert run("trust", "list").returncode == 0
    pid = run.workers[0].proc.pid
    limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
    line = next(line for line in limits if line.startswith("Max address space"))
    assert line.split()[3:5] == [str(3 * 2**30)] * 2
    # a command that never returns (a server) fails the test after `timeout`, and is killed
    with pytest.raises(AssertionError, match="no answer within 10 s"):
        run("share-server", "--data", str(tmp_path / "shares"))
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
