"""The reads of one article's page (the reading view of the project's Datasette).

Every query is a primary-key or indexed lookup of one article, so the page
costs the same on a million articles as on ten (the index each one uses is
named beside it). Tables a database may not have yet (enrichment, captures:
an older file served before the crawler upgraded it) are skipped, not an
error. The caller passes a read connection (Datasette's ``execute_fn``
gives one); nothing is written.
"""

from __future__ import annotations

import sqlite3
from typing import Any

ARTICLE_COLUMNS = (
    "id", "url", "source", "title", "subtitle", "body", "body_html", "section", "author", "published_at",
    "published_raw", "fetched_at", "updated_at", "story_id", "duplicate_of",
)  # fmt: skip
OTHER_OUTLETS_LIMIT = 50
REVISIONS_LIMIT = 10


def rows(conn: sqlite3.Connection, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """The rows of ``sql`` as dicts (whatever row factory the connection has)."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return [dict(row) for row in cursor.execute(sql, params).fetchall()]


def relations(conn: sqlite3.Connection) -> set[str]:
    """Names of the database's tables and views."""
    return {r["name"] for r in rows(conn, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r["name"] for r in rows(conn, "SELECT name FROM pragma_table_info(?)", [table])}


def article(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The article's reader-facing columns (and ``capture_id`` when the column exists); primary key."""
    wanted = list(ARTICLE_COLUMNS) + (["capture_id"] if "capture_id" in columns(conn, "articles") else [])
    found = rows(conn, f"SELECT {', '.join(wanted)} FROM articles WHERE id = ?", [article_id])
    return found[0] if found else None


def other_outlets(conn: sqlite3.Connection, story_id: int | None, article_id: int) -> list[dict[str, Any]]:
    """The other articles of the story, earliest first (idx_articles_story_id)."""
    if story_id is None:
        return []
    return rows(
        conn,
        "SELECT id, source, title, url, published_at, fetched_at FROM articles WHERE story_id = ? AND id != ? "
        "ORDER BY coalesce(published_at, fetched_at), id LIMIT ?",
        [story_id, article_id, OTHER_OUTLETS_LIMIT],
    )


def revisions(conn: sqlite3.Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's latest revisions, newest first (idx_revisions_article_id)."""
    extra = [c for c in ("kind", "changed_fields", "capture_id") if c in columns(conn, "revisions")]
    return rows(
        conn,
        f"SELECT {', '.join(['revised_at', 'old_title', 'old_body', *extra])} FROM revisions "
        "WHERE article_id = ? ORDER BY revised_at DESC, id DESC LIMIT ?",
        [article_id, REVISIONS_LIMIT],
    )


def places(conn: sqlite3.Connection, article_id: int) -> list[dict[str, Any]]:
    """The places the article names, primary first (article_places' primary key, then places' own)."""
    return rows(
        conn,
        "SELECT p.id, p.name_ar, p.governorate, p.kind, x.mentions, x.in_title, x.is_primary "
        "FROM article_places x JOIN places p ON p.id = x.place_id WHERE x.article_id = ? "
        "ORDER BY x.is_primary DESC, x.mentions DESC, p.name_ar",
        [article_id],
    )


def events(conn: sqlite3.Connection, article_id: int) -> list[dict[str, Any]]:
    """The article's event types (article_events' primary key)."""
    return rows(
        conn, "SELECT event_type, services FROM article_events WHERE article_id = ? ORDER BY event_type", [article_id]
    )


def casualties(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """The article's casualty figures (casualties' primary key), with the place they are about."""
    found = rows(
        conn,
        "SELECT c.killed, c.killed_at_least, c.killed_stated, c.injured, c.injured_at_least, c.injured_stated, "
        "c.text, p.name_ar AS place FROM casualties c LEFT JOIN places p ON p.id = c.place_id "
        "WHERE c.article_id = ?",
        [article_id],
    )
    return found[0] if found else None


def actors(conn: sqlite3.Connection, article_id: int) -> list[dict[str, Any]]:
    """Armed groups, forces, states named (article_actors' primary key)."""
    return rows(conn, "SELECT actor, name FROM article_actors WHERE article_id = ? ORDER BY actor", [article_id])


def capture_count(conn: sqlite3.Connection, article_id: int) -> int:
    """How many archived fetches became this row (idx_captures_article_id)."""
    return rows(conn, "SELECT count(*) AS n FROM captures WHERE article_id = ?", [article_id])[0]["n"]


def article_page(conn: sqlite3.Connection, article_id: int) -> dict[str, Any] | None:
    """Everything the reading view shows of one article, or None if there is no such row."""
    row = article(conn, article_id)
    if row is None:
        return None
    have = relations(conn)
    enriched = {"article_places", "places", "article_events", "casualties", "article_actors"} <= have
    return {
        "article": row,
        "other_outlets": other_outlets(conn, row["story_id"], article_id),
        "revisions": revisions(conn, article_id) if "revisions" in have else [],
        "places": places(conn, article_id) if enriched else [],
        "events": events(conn, article_id) if enriched else [],
        "casualties": casualties(conn, article_id) if enriched else None,
        "actors": actors(conn, article_id) if enriched else [],
        "captures": capture_count(conn, article_id) if "captures" in have else 0,
    }
