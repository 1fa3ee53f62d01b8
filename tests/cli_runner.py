"""Run the ``wallet`` command for the CLI tests: in this process through
:func:`wallet.cli.main` (the default: no interpreter to start, nothing to import again), or as a
real process where only a process shows what is tested (exit codes through ``sys.exit``,
tracebacks, pipes, FIFOs, ``/dev/zero`` under a memory limit, a terminal, signals).

An in-process run sees what a process would: the same arguments and environment
(``WALLET_HOME``, ``WALLET_PASSPHRASE``, no ``WALLET_DEBUG``), an empty standard input that is
not a terminal, no OS keyring, and its own standard output and error as bytes; afterwards the
environment, the working directory, the standard streams, the keyring backend and the signal
handlers are put back as they were, so no run leaks into the next test."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTUP = 300.0  # seconds a worker process may take to start (a loaded machine is slow)
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGPIPE, signal.SIGHUP)


@contextlib.contextmanager
def _isolated(env: Mapping[str, str | None]) -> Iterator[None]:
    """``env`` set (``None``: removed) for the duration; the environment, working directory,
    keyring backend and signal handlers restored afterwards, whatever the command changed."""
    import keyring
    from keyring.backends import fail

    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_keyring = keyring.get_keyring()
    saved_handlers = {sig: signal.getsignal(sig) for sig in _SIGNALS}
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
        keyring.set_keyring(saved_keyring)
        for sig, handler in saved_handlers.items():
            if handler is not None:
                signal.signal(sig, handler)


def run_in_process(
    args: Sequence[str], *, env: Mapping[str, str | None] | None = None, stdin: bytes = b""
) -> subprocess.CompletedProcess:
    """``wallet ARGS`` through :func:`wallet.cli.main` in this process, as a
    :class:`subprocess.CompletedProcess` (``stdout``/``stderr`` as bytes, ``returncode`` as the
    process would exit with). An exception that escapes ``main`` is written to ``stderr`` as
    the traceback a process would print (and the code is 1), so a test sees it as it would."""
    from wallet.cli import main

    out, err = io.BytesIO(), io.BytesIO()
    real = sys.__stdout__  # a process here would encode its output as this one does
    encoding, errors = (real.encoding, real.errors) if real else ("utf-8", "strict")
    streams = (
        io.TextIOWrapper(io.BytesIO(stdin), encoding=encoding, errors=errors),
        io.TextIOWrapper(out, encoding=encoding, errors=errors, write_through=True),
        io.TextIOWrapper(err, encoding=encoding, errors="backslashreplace", write_through=True),
    )
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    with _isolated(env or {}):
        sys.stdin, sys.stdout, sys.stderr = streams
        try:
            code: object = main(list(args))
        except SystemExit as exc:  # argparse's usage errors, --help, --version
            code = exc.code
        except KeyboardInterrupt:
            raise
        except BaseException:
            sys.stderr.write(traceback.format_exc())
            code = 1
        finally:
            for stream in streams[1:]:
                stream.flush()
            sys.stdin, sys.stdout, sys.stderr = saved_streams
    if code is None:
        code = 0
    elif not isinstance(code, int):  # sys.exit("message"): printed, exit status 1
        err.write(f"{code}\n".encode())
        code = 1
    return subprocess.CompletedProcess(["wallet", *args], code, out.getvalue(), err.getvalue())


def run_process(
    args: Sequence[str],
    *,
    env: Mapping[str, str | None] | None = None,
    stdin: bytes | None = None,
    timeout: float = 180,
    max_memory: int | None = None,
) -> subprocess.CompletedProcess:
    """``python -m wallet.cli ARGS`` as a real process (``stdin``: its input; none is the
    null device). ``max_memory``: its address space in bytes."""
    full = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    for name, value in (env or {}).items():
        if value is None:
            full.pop(name, None)
        else:
            full[name] = value

    def limit() -> None:
        import resource

        assert max_memory is not None
        resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    return subprocess.run(
        [sys.executable, "-m", "wallet.cli", *args],
        capture_output=True,
        env=full,
        timeout=timeout,
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        preexec_fn=limit if max_memory else None,
    )


class _Worker:
    """A ``wallet`` process of a runner's own: started once, it runs each command it is sent
    through :func:`wallet.cli.main` — so a command meets a real process's limits (its address
    space capped at ``max_memory``; a command that blocks, e.g. on a FIFO, is killed after
    ``timeout`` seconds and fails the test) without an interpreter started for each."""

    def __init__(
        self, env: Mapping[str, str | None], timeout: float, max_memory: int | None
    ) -> None:
        import select
        import tempfile

        self.timeout = timeout
        read, write = os.pipe()
        self._answers = os.fdopen(read, "rb")
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        full = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"}
        for name, value in env.items():
            if value is None:
                full.pop(name, None)
            else:
                full[name] = value

        def limit() -> None:
            import resource

            if max_memory is not None:
                resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__)), str(write)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
            env=full,
            pass_fds=(write,),
            preexec_fn=limit,
        )
        os.close(write)

        # Ready once the whole command line is imported: ``timeout`` bounds each command alone.
        ready, _, _ = select.select([self._answers], [], [], STARTUP)
        if not ready or self._answers.readline() != b"ready\n":
            self._log.seek(0)
            said = self._log.read()[-2000:]
            self.close()
            raise AssertionError(f"the wallet worker did not start within {STARTUP} s: {said!r}")

    def run(self, args: Sequence[str]) -> subprocess.CompletedProcess:
        import json

        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps([os.fsencode(a).hex() for a in args]).encode() + b"\n")
        self.proc.stdin.flush()
        import select

        ready, _, _ = select.select([self._answers], [], [], self.timeout)
        line = self._answers.readline() if ready else b""
        if not line:
            self._log.seek(0)
            said = self._log.read()[-2000:]
            self.close()
            raise AssertionError(
                f"wallet {' '.join(args)}: no answer within {self.timeout} s "
                f"(blocked, or the process died): {said!r}"
            )
        code, out, err = json.loads(line)
        return subprocess.CompletedProcess(
            ["wallet", *args], code, bytes.fromhex(out), bytes.fromhex(err)
        )

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for handle in (self.proc.stdin, self._answers, self._log):
            if handle is not None:
                handle.close()


def _serve(answer_fd: int) -> None:
    """The worker's side: one command per line (its arguments as hex bytes), one answer per
    line on ``answer_fd``: [exit code, stdout, stderr as hex]."""
    import json

    from wallet.cli import parser

    parser()  # every command group imported before the first command is timed
    with os.fdopen(answer_fd, "wb") as answers:
        answers.write(b"ready\n")
        answers.flush()
        for line in sys.stdin.buffer:
            args = [os.fsdecode(bytes.fromhex(a)) for a in json.loads(line)]
            proc = run_in_process(args)
            answers.write(
                json.dumps([proc.returncode, proc.stdout.hex(), proc.stderr.hex()]).encode() + b"\n"
            )
            answers.flush()


def wallet_runner(
    home: Path,
    passphrase: str,
    *,
    timeout: float = 180,
    max_memory: int | None = None,
    in_process: bool | None = None,
) -> Callable[..., subprocess.CompletedProcess]:
    """``run(*args)`` for a wallet kept in ``home`` (no OS keyring: the passphrase protects
    it). Every run is checked to show no traceback, whatever it prints.

    In this process, unless ``in_process=False`` or a ``max_memory`` is given: then in a
    process of the runner's own (:class:`_Worker`, ended with the test), each command bounded
    by ``timeout`` seconds and the process by ``max_memory`` bytes of address space — a run
    that would read without end fails at that size, not at the machine's. (In this process, a
    hang is ended by the suite's per-test timeout.)"""
    import weakref

    env = {"WALLET_HOME": str(home), "WALLET_PASSPHRASE": passphrase, "WALLET_DEBUG": None}
    here = max_memory is None if in_process is None else in_process
    if here and max_memory is not None:
        raise ValueError("a memory limit needs a process of its own")
    worker: list[_Worker] = []

    def run(*args: str) -> subprocess.CompletedProcess:
        if here:
            proc = run_in_process(args, env=env)
        else:
            if not worker or worker[0].proc.poll() is not None:
                worker[:] = [_Worker(env, timeout, max_memory)]
                weakref.finalize(run, worker[0].close)
            proc = worker[0].run(args)
        assert b"Traceback" not in proc.stderr + proc.stdout, proc.stderr
        return proc

    run.workers = worker  # type: ignore[attr-defined] - the runner's own test looks at it
    return run


if __name__ == "__main__":  # a _Worker
    _serve(int(sys.argv[1]))
