"""Opening a file a user named: regular files only, and never waiting on a pipe or a device;
replacing one of our own files in one step; and holding a file's lock while it is read and
written again, so that two explorers of one analyst never write over each other's change.

Opening a named pipe (FIFO) for reading waits until something writes to it, and a device such
as ``/dev/zero`` never ends. Every file that comes from a user (a PDF, an export, a library
entry's path) is therefore opened without blocking and checked to be a regular file before
anything is read from it; anything else raises ``NotAFile``, an ``OSError`` whose ``strerror``
says what the path is instead.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

try:  # POSIX only; elsewhere concurrent edits are simply not serialised.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a block device"),
)


def kind(mode: int) -> str:
    """What a file of ``mode`` (``st_mode``) is, in a user's words: ``a named pipe``..."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotAFile(OSError):
    """A path that exists but is not a regular file (a pipe, a device, a folder...)."""

    def __init__(self, path: str | Path, what: str) -> None:
        super().__init__(0, f"{what}, not a file", str(path))
        self.what = what


def open_regular(path: str | Path) -> BinaryIO:
    """``path`` opened for reading in binary, once it is known to be a regular file.

    Raises ``NotAFile`` for a folder, pipe, device or socket (without waiting on it), and the
    usual ``OSError`` when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotAFile(path, kind(mode))
        # Reads of a regular file never block; clear the flag so they behave as usual.
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def read_regular(path: str | Path) -> bytes:
    """The whole of the regular file ``path`` (see ``open_regular``)."""
    with open_regular(path) as handle:
        return handle.read()


def replace_text(file: Path, text: str) -> None:
    """Write ``text`` to ``file`` atomically: a temporary file beside it, then a rename, so a
    reader never sees half of it. Raises ``OSError``."""
    file.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{file.name}-", suffix=".tmp", dir=file.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, file)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)


@contextlib.contextmanager
def locked(file: Path) -> Iterator[None]:
    """Hold ``file``'s lock (``FILE.lock`` beside it, made if need be) for the ``with``
    block: whoever else reads, changes and writes ``file`` under it waits. Raises ``OSError``
    when the lock cannot be made (the folder cannot be written)."""
    file.parent.mkdir(parents=True, exist_ok=True)
    with open(file.with_name(file.name + ".lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield
