"""Reading the files a person names: regular files only, and never more than a limit.

A path can name something other than a file — a FIFO that blocks the reader until someone
writes, ``/dev/zero`` or ``/dev/urandom`` that never end, a terminal, a directory — and a
regular file can be far larger than it should (a sparse file of 500 MB costs nothing to make)
or grow while it is read. So:

* :func:`open_file` opens without blocking (``O_NONBLOCK``: opening a FIFO with no writer
  returns at once), checks with ``fstat`` on what was opened (no race with a path swapped in
  between) that it is a regular file, and refuses anything else with
  :class:`~wallet.errors.InputError`; for streaming without a size limit (attachments);
* :func:`read_file` reads such a file in chunks, at most ``limit + 1`` bytes in all, and
  refuses it with :class:`~wallet.errors.InputTooLargeError` as soon as it has more than
  ``limit``, whatever its size said when it was opened.

A missing or unreadable file is the ``OSError`` it always was (the faces print it as "could not
read …").
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from wallet.errors import InputError, InputTooLargeError

__all__ = ["CHUNK", "open_file", "read_file"]

CHUNK = 1024 * 1024
_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_file(path: str | os.PathLike[str], *, what: str | None = None) -> BinaryIO:
    """``path`` opened for reading, when it is a regular file (symbolic links followed);
    :class:`~wallet.errors.InputError` when it is anything else. ``what`` names it in
    messages (default: the path)."""
    name = what or str(path)
    try:
        fd = os.open(path, _FLAGS)
    except IsADirectoryError:  # where a folder cannot even be opened
        raise InputError(f"{name} is a folder, not a file") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{name} is {_kind(mode)}, not a file; only regular files are read")
        if _FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_file(path: str | os.PathLike[str], *, limit: int, what: str | None = None) -> bytes:
    """The bytes of the regular file ``path`` (see :func:`open_file`), at most ``limit`` of
    them: :class:`~wallet.errors.InputTooLargeError` as soon as there are more — read in
    chunks up to ``limit + 1`` bytes, never the whole of a larger (or growing) file."""
    name = what or str(path)
    with open_file(path, what=name) as handle:
        parts: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = handle.read(min(CHUNK, limit + 1 - total))
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
    if total > limit:
        raise InputTooLargeError(f"{name} is larger than {limit:,} bytes, the most that is read")
    return b"".join(parts)
