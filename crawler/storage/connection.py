"""Opening the database: checks first, then WAL, a busy timeout and the migrations.

A file that is not SQLite, is half-written, or comes from a newer crawler is
refused with a :class:`DatabaseError` that says which file and why, before
anything writes to it: the file is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from crawler.storage import articles, schema
from crawler.storage.schema import DatabaseError

BUSY_TIMEOUT_MS = 30_000


def truncated(path: Path) -> bool:
    """The file is shorter than its SQLite header says: a half-written copy.

    Only trusted when there is no write-ahead log to recover from (after a
    crash the log may hold pages the main file does not have yet).
    """
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return False
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(b"SQLite format 3\0"):
        return False  # not SQLite at all: sqlite3 says so itself
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    return header_valid and path.stat().st_size < pages * page_size


def _check_usable(conn: sqlite3.Connection, path: Path) -> None:
    """Read before anything writes: a file that is not SQLite, is half-written,
    or comes from a newer crawler is refused and left exactly as it was."""
    if path.exists() and truncated(path):
        raise DatabaseError(f"{path}: not a usable SQLite database: the file is truncated (half-written copy?)")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if reason := schema.newer_than_crawler(conn.execute("PRAGMA user_version").fetchone()[0]):
        raise DatabaseError(f"{path}: {reason}")


def open_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to an existing file (never creates or changes it)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, factory=articles.NewsConnection)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from None
    articles.register_functions(conn)  # the search index's content view calls them
    return conn


def check(path: str | Path) -> None:
    """Raise :class:`DatabaseError` if the file at ``path`` exists and cannot
    be used; read-only, so the file is never changed (a missing file is fine)."""
    path = Path(path)
    if not path.exists():
        return
    conn = open_readonly(path)
    try:
        _check_usable(conn, path)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    finally:
        conn.close()


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    WAL mode lets Datasette read while a crawl writes; a busy timeout makes
    concurrent writers wait instead of failing. A file that cannot be used
    raises :class:`DatabaseError` before anything is written to it.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, factory=articles.NewsConnection)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_usable(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        articles.register_functions(conn)  # the search index's triggers call them
        db = sqlite_utils.Database(conn)
        schema.migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    except DatabaseError:
        conn.close()
        raise
    return db
