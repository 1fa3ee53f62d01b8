"""Exclusive locks between processes on one computer: ``fcntl.flock`` (``msvcrt.locking`` on
Windows) on a lock file.

A lock belongs to the open file, so it is released when its holder closes it or dies — a
crashed process never leaves a lock behind. :class:`FileLock` is re-entrant within one
instance (a thread that holds it may take it again); two instances, even in one process,
exclude each other.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["FileLock", "LockTimeout"]

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LockTimeout(TimeoutError):
    """The lock was still held by another process when the wait ended."""


class FileLock:
    """An exclusive lock on ``path`` (created if missing, never deleted by its users)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self._depth = 0
        self._owner: int | None = None
        self._guard = threading.RLock()

    def try_acquire(self) -> bool:
        """Take the lock if no one holds it; True if taken."""
        with self._guard:
            if self._fd is not None and self._owner == threading.get_ident():
                self._depth += 1
                return True
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                return False
            self._fd, self._depth, self._owner = fd, 1, threading.get_ident()
            return True

    def acquire(self, timeout: float = 60.0) -> None:
        """Wait for the lock up to ``timeout`` seconds (:class:`LockTimeout` after that)."""
        deadline = time.monotonic() + timeout
        delay = 0.002
        while True:
            with self._guard:
                mine_or_free = self._fd is None or self._owner == threading.get_ident()
                if mine_or_free and self.try_acquire():
                    return
            if time.monotonic() > deadline:
                raise LockTimeout(f"{self.path} is held by another process")
            time.sleep(delay)
            delay = min(delay * 2, 0.05)

    def still_at_path(self) -> bool:
        """Whether the file this instance holds is still the one at its path (not removed or
        replaced meanwhile by someone who took it for abandoned)."""
        with self._guard:
            if self._fd is None:
                return False
            try:
                return os.path.samestat(os.fstat(self._fd), os.stat(self.path))
            except OSError:
                return False

    def release(self) -> None:
        with self._guard:
            if self._fd is None:
                return
            self._depth -= 1
            if self._depth == 0:
                fd, self._fd, self._owner = self._fd, None, None
                _unlock(fd)
                os.close(fd)

    @contextlib.contextmanager
    def held(self, timeout: float = 60.0) -> Iterator[None]:
        self.acquire(timeout)
        try:
            yield
        finally:
            self.release()
