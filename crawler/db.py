"""The SQLite database: connection settings, schema and migrations.

The schema is a list of numbered migrations; ``PRAGMA user_version`` records
how many have run, so a database made by an older version upgrades in place.
Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 30_000


class DatabaseError(RuntimeError):
    """The database file cannot be used; the message says which and why."""


def _v1_articles(db: sqlite_utils.Database) -> None:
    db.execute(
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            canonical_url TEXT NOT NULL UNIQUE,
            source TEXT NOT NULL,
            title TEXT,
            subtitle TEXT,
            body TEXT NOT NULL,
            body_html TEXT,
            section TEXT,
            tags TEXT,
            author TEXT,
            published_at TEXT,
            published_raw TEXT,
            fetched_at TEXT NOT NULL,
            updated_at TEXT,
            language TEXT,
            content_hash TEXT NOT NULL,
            duplicate_of INTEGER REFERENCES articles(id),
            search_text TEXT
        )
        """
    )
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["source", "published_at"])
    db["articles"].create_index(["published_at"])
    db["articles"].enable_fts(["title", "search_text"], fts_version="FTS5", create_triggers=True)


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _v1_articles,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database) -> int:
    """Run the migrations this database has not had yet; returns the new version."""
    current = schema_version(db)
    if current > len(MIGRATIONS):
        raise DatabaseError(
            f"database schema version {current} is newer than this crawler ({len(MIGRATIONS)}); upgrade the crawler"
        )
    while current < len(MIGRATIONS):
        # One transaction per step, DDL included: a crash or an error leaves
        # the step undone, never half-done. The version is read again under
        # the write lock in case another process migrated meanwhile.
        with db.conn:
            db.execute("BEGIN IMMEDIATE")
            current = schema_version(db)
            if current < len(MIGRATIONS):
                MIGRATIONS[current](db)
                current += 1
                db.execute(f"PRAGMA user_version = {current}")
    return len(MIGRATIONS)


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
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise DatabaseError(
            f"{path}: database schema version {version} is newer than this crawler ({len(MIGRATIONS)}); "
            "upgrade the crawler"
        )


def check(path: str | Path) -> None:
    """Raise :class:`DatabaseError` if the file at ``path`` exists and cannot
    be used; read-only, so the file is never changed (a missing file is fine)."""
    path = Path(path)
    if not path.exists():
        return
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from None
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
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise DatabaseError(f"{path}: cannot open the database: {exc}") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _check_usable(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    except DatabaseError:
        conn.close()
        raise
    return db
