"""The database path itself, checked before SQLite is asked to open it.

Every command that takes a database (``scrapy crawl`` through ``NEWS_DB``,
``crawler.export``, ``crawler.enrich``, ``crawler.reprocess``,
``crawler.writer``, ``crawler.archive``) passes its path through
:func:`database_path` first. Left to itself, SQLite creates a missing file
(and the crawler used to create missing directories), calls a directory or
an empty value a "disk I/O error" and a read-only file "not a usable
database". Here each of those is one line that names the path and what is
wrong with it, and nothing is created or changed: a typo in ``NEWS_DB``
must not start a new, empty database somewhere unexpected.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from crawler.storage.schema import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"


def database_path(
    value: str | Path | None, *, write: bool, create_parent: bool = False, read_header: bool = True
) -> Path:
    """``value`` as a usable database path, or :class:`DatabaseError` saying why not.

    ``write``: the command will write (a crawl, the writer, enrich,
    reprocess): the file and its directory must be writable (SQLite keeps its
    journal or write-ahead log beside the file), and a missing file is
    fine if its directory exists (a first run creates it). Otherwise the file
    must exist and be readable. ``create_parent``: create a missing
    directory (only for the default ``data/news.db``, whose ``data/`` a
    fresh clone lacks); any other missing directory is refused.
    ``read_header``: also read the file's first bytes -- only before this
    process has SQLite connections to it: closing any other descriptor of
    the file drops every POSIX lock the process holds on it, SQLite's too.
    """
    text = "" if value is None else str(value)
    if not text.strip():
        raise DatabaseError("no database given: the database path (NEWS_DB or --db) is empty")
    path = Path(text)
    try:
        info = path.stat()
    except FileNotFoundError:
        return _new_file(path, write, create_parent)
    except NotADirectoryError:
        raise DatabaseError(f"{path}: a part of the path before the file name is not a directory") from None
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot be used: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(
            f"{path}: is a directory, not a database file (give the file's path, e.g. {path / 'news.db'})"
        )
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(f"{path}: not a regular file (a FIFO, device or socket); give a database file")
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"{path}: cannot be read (permission denied)")
    if write:
        if not os.access(path, os.W_OK):
            raise DatabaseError(
                f"{path}: the database is read-only; this command writes to it (crawler.export can read it)"
            )
        folder = path.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise DatabaseError(
                f"{path}: its directory {folder} is read-only; SQLite keeps its journal beside the database,"
                " so this command cannot write (crawler.export can read it)"
            )
    if read_header:
        _check_header(path, info.st_size)
    return path


def _new_file(path: Path, write: bool, create_parent: bool) -> Path:
    """A path that does not exist yet: fine for a command that creates it, in
    an existing, writable directory."""
    if not write:
        raise DatabaseError(f"{path}: no such database file (crawl first, or pass --db)")
    folder = path.parent
    if not folder.exists():
        if not create_parent:
            raise DatabaseError(f"{path}: the directory {folder} does not exist; create it first (nothing was created)")
        folder.mkdir(parents=True, exist_ok=True)
    if not folder.is_dir():
        raise DatabaseError(f"{path}: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"{path}: cannot create the database: the directory {folder} is read-only")
    return path


def _check_header(path: Path, size: int) -> None:
    """An empty file is an empty SQLite database; anything else must start
    with SQLite's header (a text file, an HTML page, a gzip...) and be as
    long as the header says (a half-written copy is not)."""
    if size == 0:
        return
    with path.open("rb") as file:
        header = file.read(100)
    if not header.startswith(SQLITE_HEADER):
        raise DatabaseError(f"{path}: not a usable SQLite database: the file does not start with SQLite's header")
    if truncated(path, header, size):
        raise DatabaseError(f"{path}: not a usable SQLite database: the file is truncated (half-written copy?)")


def has_pending_log(path: Path) -> bool:
    """A write-ahead log with content lies beside the file (a crawl running, or killed)."""
    wal = path.with_name(path.name + "-wal")
    return wal.exists() and wal.stat().st_size > 0


def truncated(path: Path, header: bytes, size: int) -> bool:
    """The file is shorter than its SQLite header says: a half-written copy.

    Only trusted when there is no write-ahead log to recover from (after a
    crash the log may hold pages the main file does not have yet).
    """
    if has_pending_log(path):
        return False
    if len(header) < 100:
        return True
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    return header_valid and size < pages * page_size
