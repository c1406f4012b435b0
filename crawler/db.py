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
    for version, step in enumerate(MIGRATIONS[current:], current + 1):
        with db.conn:
            step(db)
            db.execute(f"PRAGMA user_version = {version}")
    return len(MIGRATIONS)


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    WAL mode lets Datasette read while a crawl writes; a busy timeout makes
    concurrent writers wait instead of failing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    return db
