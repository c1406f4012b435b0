"""Write a file whole or not at all, and never through what the name points at.

``python -m crawler.export -o FILE`` used to open ``FILE.part`` and rename it
over ``FILE`` whatever ``FILE`` was: a symbolic link was replaced by a file
(its target untouched, the link gone), a FIFO or a device node by a regular
file; and a write that failed for want of space could still report success.
Here:

* ``FILE`` must be a regular file or not exist: a symbolic link, a FIFO, a
  device, a socket or a directory is refused (:class:`UnsafeTarget`) and left
  as it is;
* the text goes to ``FILE.part``, created with ``O_EXCL | O_NOFOLLOW`` (a
  stale regular ``.part`` is removed first; anything else there is refused),
  flushed and ``fsync``-ed, then renamed over ``FILE``; on any error the
  ``.part`` is removed and the error raised (``OSError``: ENOSPC, EIO...), so
  the caller reports it and exits non-zero.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO


class UnsafeTarget(OSError):
    """A path that is not a regular file; the message says what it is."""


_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(path: Path) -> str | None:
    """What ``path`` is when it exists and is not a regular file, else None."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    return next((name for test, name in _KINDS if test(mode)), None if stat.S_ISREG(mode) else "not a regular file")


def _create_part(part: Path) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    kind = _kind(part)
    if kind is not None:
        raise UnsafeTarget(f"{part} is {kind}; refusing to write there")
    with contextlib.suppress(FileNotFoundError):
        part.unlink()  # a regular leftover of an export that was killed
    return os.open(part, flags, 0o644)


@contextlib.contextmanager
def replace_whole(path: Path, encoding: str) -> Iterator[IO[str]]:
    """A text file open for writing that replaces ``path`` only once complete."""
    kind = _kind(path)
    if kind is not None:
        raise UnsafeTarget(f"{path} is {kind}; refusing to replace it (write to a regular file, or to stdout)")
    part = path.with_name(path.name + ".part")
    descriptor = _create_part(part)
    try:
        with open(descriptor, "w", encoding=encoding, newline="") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, path)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise
