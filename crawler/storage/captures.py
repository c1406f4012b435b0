"""The ``captures`` table: every archived fetch of a URL, and which row it became.

Each row is the address of one WARC record (:mod:`crawler.archive`): file,
offset, record id and the payload's SHA-256. ``articles.capture_id`` points at
the capture the row's current text came from, and ``revisions.capture_id`` at
the capture of the version a revision replaced, so every version of an
article can be read back as the outlet served it. Re-processing
(:mod:`crawler.reprocess`) and ``python -m crawler.archive verify`` read
their work lists from here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

SCHEMA = (
    """
    CREATE TABLE captures (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL,
        source TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        archive_file TEXT NOT NULL,
        archive_offset INTEGER NOT NULL,
        archive_length INTEGER NOT NULL,
        record_id TEXT NOT NULL UNIQUE,
        payload_sha256 TEXT NOT NULL,
        article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL
    )
    """,
    "CREATE INDEX idx_captures_url ON captures(url, fetched_at)",
    "CREATE INDEX idx_captures_article_id ON captures(article_id)",
    "ALTER TABLE articles ADD COLUMN capture_id INTEGER REFERENCES captures(id)",
    "ALTER TABLE revisions ADD COLUMN capture_id INTEGER REFERENCES captures(id)",
    # 'publisher': the outlet changed its page; 'reextraction': a new extractor read the same capture anew
    "ALTER TABLE revisions ADD COLUMN kind TEXT NOT NULL DEFAULT 'publisher'",
    "ALTER TABLE revisions ADD COLUMN changed_fields TEXT",
)


@dataclass(frozen=True)
class CaptureRow:
    """A capture with the article row it belongs to (if any)."""

    id: int
    url: str
    source: str
    fetched_at: str
    archive_file: str
    archive_offset: int
    archive_length: int
    record_id: str
    payload_sha256: str
    article_id: int | None


def save(conn: sqlite3.Connection, capture: Any, url: str, source: str, fetched_at: str) -> int:
    """Record ``capture`` (a :class:`crawler.archive.writer.Capture`); its id.
    The same record saved twice (a replayed batch) keeps one row."""
    conn.execute(
        "INSERT INTO captures (url, source, fetched_at, archive_file, archive_offset, archive_length, record_id, "
        "payload_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(record_id) DO NOTHING",
        [url, source, fetched_at, capture.file, capture.offset, capture.length, capture.record_id, capture.sha256],
    )
    return conn.execute("SELECT id FROM captures WHERE record_id = ?", [capture.record_id]).fetchone()[0]


def current(conn: sqlite3.Connection, article_id: int) -> int | None:
    """The capture an article's stored text came from."""
    row = conn.execute("SELECT capture_id FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else None


def link(conn: sqlite3.Connection, capture_id: int, article_id: int) -> None:
    """The article's current text is this capture's."""
    conn.execute("UPDATE captures SET article_id = ? WHERE id = ?", [article_id, capture_id])
    conn.execute("UPDATE articles SET capture_id = ? WHERE id = ?", [capture_id, article_id])


def link_revision(conn: sqlite3.Connection, article_id: int, capture_id: int | None) -> None:
    """The newest revision of the article replaced the text of ``capture_id``."""
    conn.execute(
        "UPDATE revisions SET capture_id = ? WHERE id = (SELECT MAX(id) FROM revisions WHERE article_id = ?)",
        [capture_id, article_id],
    )


def article_captures(
    conn: sqlite3.Connection,
    *,
    source: str | None = None,
    since: str | None = None,
    url: str | None = None,
    after_id: int = 0,
) -> Iterator[CaptureRow]:
    """The current capture of each stored article, by article id, filtered."""
    sql = (
        "SELECT c.id, c.url, c.source, c.fetched_at, c.archive_file, c.archive_offset, c.archive_length, c.record_id, "
        "c.payload_sha256, a.id FROM articles a JOIN captures c ON c.id = a.capture_id WHERE a.id > ?"
    )
    params: list[Any] = [after_id]
    if source:
        sql += " AND a.source = ?"
        params.append(source)
    if since:
        sql += " AND a.fetched_at >= ?"
        params.append(since)
    if url:
        sql += " AND (a.url = ? OR a.canonical_url = ?)"
        params += [url, url]
    for row in conn.execute(sql + " ORDER BY a.id", params):
        yield CaptureRow(*row)


def all_captures(conn: sqlite3.Connection, source: str | None = None) -> Iterator[CaptureRow]:
    """Every capture the database cites (articles' and revisions' alike)."""
    sql = (
        "SELECT id, url, source, fetched_at, archive_file, archive_offset, archive_length, record_id, payload_sha256, "
        "article_id "
        "FROM captures"
    )
    params: list[Any] = []
    if source:
        sql += " WHERE source = ?"
        params.append(source)
    for row in conn.execute(sql + " ORDER BY id", params):
        yield CaptureRow(*row)
