"""Reading named files: regular files only, the size cap applied while reading.

Before :mod:`wallet.services.files`, each caller did ``path.stat().st_size`` (or nothing) and
then ``read_bytes()``: a FIFO blocked the process for ever, ``/dev/zero`` was read until memory
ran out, and a sparse 500 MB file was read whole. Each case runs in a thread with a deadline so
that a regression fails instead of hanging the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import signed_badge

from wallet.crypto.keys import Ed25519KeyPair
from wallet.errors import InputError, InputTooLargeError
from wallet.exchange.qr import MAX_IMAGE_BYTES
from wallet.formats.sources import MAX_INPUT_BYTES
from wallet.services.files import open_file, read_file
from wallet.services.receiving import offer_link
from wallet.services.responding import request_link
from wallet.services.verifying import Verifier

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


def _within(seconds: float, call: Callable[[], Any]) -> Any:
    """``call()``'s result or exception, or a failure if it is still running after
    ``seconds`` (a blocked read: the thread is left behind, a daemon)."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@pytest.fixture
def sparse(tmp_path: Path) -> Path:
    path = tmp_path / "huge.json"
    subprocess.run(["truncate", "-s", "500M", str(path)], check=True)
    return path


def _refused(kind: str, call: Callable[[], Any]) -> InputError:
    with pytest.raises(InputError) as caught:
        _within(5, call)
    assert kind in caught.value.message
    return caught.value


def test_a_fifo_is_refused_without_blocking(fifo: Path) -> None:
    _refused("pipe", lambda: read_file(fifo, limit=10))
    _refused("pipe", lambda: open_file(fifo))


def test_a_character_device_is_refused() -> None:
    _refused("character device", lambda: read_file("/dev/zero", limit=MAX_INPUT_BYTES))


def test_a_folder_is_refused(tmp_path: Path) -> None:
    _refused("folder", lambda: read_file(tmp_path, limit=10))


def test_a_sparse_file_is_refused_after_reading_at_most_the_limit(sparse: Path) -> None:
    error = _refused("larger than", lambda: read_file(sparse, limit=MAX_INPUT_BYTES))
    assert isinstance(error, InputTooLargeError)


def test_a_file_that_grows_past_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "growing"
    path.write_bytes(b"x" * 100)
    with open_file(path) as handle:
        path.write_bytes(b"x" * 5_000)  # the size when opened no longer holds
        assert len(handle.read()) == 5_000
    with pytest.raises(InputTooLargeError):
        read_file(path, limit=1_000)


def test_a_regular_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "exact"
    path.write_bytes(b"y" * 1_000)
    assert read_file(path, limit=1_000) == b"y" * 1_000
    with pytest.raises(FileNotFoundError):
        read_file(tmp_path / "missing", limit=10)


def test_a_symbolic_link_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.write_bytes(b"z")
    link = tmp_path / "link"
    link.symlink_to(target)
    assert read_file(link, limit=10) == b"z"
    (tmp_path / "to-zero").symlink_to("/dev/zero")
    _refused("character device", lambda: read_file(tmp_path / "to-zero", limit=10))


# --- the callers ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "zero", "sparse", "folder"])
def test_the_verifier_reads_only_regular_files_within_the_limit(
    kind: str, fifo: Path, sparse: Path, tmp_path: Path
) -> None:
    source = {"fifo": fifo, "zero": Path("/dev/zero"), "sparse": sparse, "folder": tmp_path}[kind]
    with Verifier(offline=True) as verifier, pytest.raises(InputError):
        _within(5, lambda: verifier.read(str(source)))


def test_the_verifier_still_reads_a_credential_file(tmp_path: Path) -> None:
    path = tmp_path / "badge.json"
    path.write_text(json.dumps(signed_badge(Ed25519KeyPair.from_seed(bytes(32)))))
    with Verifier(offline=True) as verifier:
        assert verifier.verify_source(str(path)).verified


@pytest.mark.parametrize("kind", ["fifo", "zero", "sparse", "folder"])
def test_an_offer_file_must_be_a_regular_file(
    kind: str, fifo: Path, sparse: Path, tmp_path: Path
) -> None:
    source = {"fifo": fifo, "zero": Path("/dev/zero"), "sparse": sparse, "folder": tmp_path}[kind]
    with pytest.raises(InputError):
        _within(5, lambda: offer_link(str(source)))


@pytest.mark.parametrize("kind", ["fifo", "zero", "sparse", "folder"])
def test_a_request_file_must_be_a_regular_file_read_within_the_cap(
    kind: str, fifo: Path, sparse: Path, tmp_path: Path
) -> None:
    # request_link was written as a copy of offer_link and read its file with read_bytes():
    # /dev/zero until memory ran out, a FIFO for ever, a sparse file whole.
    source = {"fifo": fifo, "zero": Path("/dev/zero"), "sparse": sparse, "folder": tmp_path}[kind]
    with pytest.raises(InputError):
        _within(5, lambda: request_link(str(source)))


def test_a_request_file_within_the_cap_gives_its_link(tmp_path: Path) -> None:
    path = tmp_path / "request.txt"
    path.write_text("  openid4vp://?request_uri=https%3A%2F%2Fverifier.example%2Fr%2F1\n")
    assert (
        request_link(str(path)) == "openid4vp://?request_uri=https%3A%2F%2Fverifier.example%2Fr%2F1"
    )
    path.write_bytes(b"x" * (MAX_IMAGE_BYTES + 1))
    with pytest.raises(InputTooLargeError):
        request_link(str(path))
