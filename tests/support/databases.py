"""Read a crawl's SQLite database back, for assertions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from crawler.storage import schema
from crawler.storage.articles import register_functions, search_text, unpack_body_html


def rows(db: Path, sql: str = "SELECT * FROM articles ORDER BY id", params: tuple = ()) -> list[dict]:
    """The rows of ``sql``, articles as a reader sees them: ``body_html``
    unpacked (it is stored packed against ``body``) and ``search_text``, what
    the full-text index holds for the row (no longer a stored column)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    register_functions(conn)
    try:
        found = [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()
    for row in found:
        if row.get("body_html") is not None and "body" in row:
            row["body_html"] = unpack_body_html(row["body"], row["body_html"])
        if {"title", "subtitle", "body"} <= row.keys() and "search_text" not in row:
            row["search_text"] = search_text(row["title"], row["subtitle"], row["body"])
    return found


def writable(db: Path) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection that may change any column: it has the
    schema's SQL functions (the search index's triggers call them), as every
    connection of :func:`crawler.storage.connect` has."""
    conn = sqlite3.connect(db)
    register_functions(conn)
    return conn


def database_at(path: Path, version: int, first_rows: list[dict]) -> None:
    """A database as version ``version`` of the crawler left it (its shipped
    migration steps), with ``first_rows`` stored right after the first step."""
    db = sqlite_utils.Database(path)
    register_functions(db.conn)  # as crawler.storage.connect does
    for number, step in enumerate(schema.MIGRATIONS[:version], 1):
        with db.conn:
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
        if number == 1:
            with db.conn:
                for row in first_rows:
                    db.execute(
                        f"INSERT INTO articles ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                        list(row.values()),
                    )
    db.conn.close()


# columns that legitimately differ between two crawls of the same site
RUN_COLUMNS = {"id", "fetched_at", "updated_at", "capture_id"}  # capture_id: a row id of captures


def comparable(db: Path) -> list[tuple]:
    """Every row, minus ids and fetch times; ``duplicate_of`` and ``story_id``
    (row ids, which depend on the order pages were stored) as URLs."""
    urls = {r["id"]: r["canonical_url"] for r in rows(db, "SELECT id, canonical_url FROM articles")}
    out = []
    for row in rows(db):
        row["duplicate_of"] = urls.get(row["duplicate_of"])
        row["story_id"] = urls.get(row.get("story_id"))
        out.append(tuple(sorted((k, v) for k, v in row.items() if k not in RUN_COLUMNS)))
    return sorted(out, key=repr)  # repr: None and str columns side by side
