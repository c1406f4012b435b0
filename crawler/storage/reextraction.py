"""Re-extraction's reads and writes: a stored row re-read from its own capture.

A row that a newer extractor reads differently is updated in place and the
old values kept in ``revisions`` with ``kind = 'reextraction'`` and the
fields that changed, so a publisher's edit (``kind = 'publisher'``) is never
confused with a change of the project's own rules. ``reprocess_progress``
remembers how far an interrupted run got, per task (its filters).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from crawler.storage import articles, stories
from crawler.storage.records import Revision

EXTRACTED_COLUMNS = (
    "title",
    "subtitle",
    "body",
    "body_html",
    "section",
    "tags",
    "author",
    "published_at",
    "published_raw",
    "language",
)
SCHEMA = (
    "CREATE TABLE reprocess_progress (task TEXT PRIMARY KEY, last_article_id INTEGER NOT NULL, updated_at TEXT)",
)


def extracted_values(article: Any) -> dict[str, Any]:
    """The columns an :class:`~crawler.extraction.Article` would be stored as."""
    row = articles.to_row(article)
    return {column: row[column] for column in EXTRACTED_COLUMNS}


def stored_values(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The row's extracted columns (``body_html`` unpacked), plus what a revision keeps of it."""
    columns = [*EXTRACTED_COLUMNS, "url", "content_hash", "fetched_at", "updated_at", "capture_id"]
    row = conn.execute(f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", [article_id]).fetchone()
    if not row:
        return None
    values = dict(zip(columns, row, strict=True))
    if values["body_html"] is not None:  # as extracted_values gives it: None when there is no HTML
        values["body_html"] = articles.unpack_body_html(values["body"], values["body_html"])
    return values


def apply(
    conn: sqlite3.Connection,
    article_id: int,
    values: dict[str, Any],
    *,
    content_hash: str,
    signature: Any,
    buckets: tuple[int, ...],
    revision: Revision,
    changed: list[str],
    capture_id: int | None,
    now: str,
) -> None:
    """Write the re-extracted values and the revision that keeps the old ones."""
    row = {**values, "body_html": articles.pack_body_html(values["body_html"], values["body"])}
    assignments = ", ".join(f"{column} = ?" for column in row)
    conn.execute(
        f"UPDATE articles SET {assignments}, content_hash = ? WHERE id = ?",
        [*row.values(), content_hash, article_id],
    )
    stories.save_revision(conn, revision, now)
    conn.execute(
        "UPDATE revisions SET kind = 'reextraction', changed_fields = ?, capture_id = ? "
        "WHERE id = (SELECT MAX(id) FROM revisions WHERE article_id = ?)",
        [json.dumps(changed), capture_id, article_id],
    )
    if "body" in changed:
        stories.save_signature(conn, article_id, signature, buckets, replaced=True)


def progress(conn: sqlite3.Connection, task: str) -> int:
    """The last article id a run of ``task`` finished (0: start from the beginning)."""
    row = conn.execute("SELECT last_article_id FROM reprocess_progress WHERE task = ?", [task]).fetchone()
    return row[0] if row else 0


def save_progress(conn: sqlite3.Connection, task: str, last_article_id: int, now: str) -> None:
    conn.execute(
        "INSERT INTO reprocess_progress (task, last_article_id, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT(task) DO UPDATE SET last_article_id = excluded.last_article_id, updated_at = excluded.updated_at",
        [task, last_article_id, now],
    )


def clear_progress(conn: sqlite3.Connection, task: str) -> None:
    conn.execute("DELETE FROM reprocess_progress WHERE task = ?", [task])
