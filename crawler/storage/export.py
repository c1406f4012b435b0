"""The export's reads: articles selected by source, day and Arabic-aware search,
newest first, streamed from a read-only connection (:mod:`crawler.export`
writes them as CSV).

Search goes through the full-text index: the query is rewritten into an FTS5
expression by :func:`crawler.search.fts_match`, the same search key the
index holds (:func:`crawler.storage.articles.search_text`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from crawler.search import fts_match
from crawler.storage.connection import open_readonly
from crawler.storage.schema import DatabaseError

COLUMNS = (
    "id",
    "source",
    "published_at",
    "title",
    "subtitle",
    "author",
    "section",
    "tags",
    "url",
    "canonical_url",
    "duplicate_of",
    "body",
)
# Enrichment (docs/enrichment.md), after the article's own columns; several values
# are joined with "|". A figure is "5", ">=10" (a lower bound) or "?" (stated
# without a number). Only in databases that have the enrichment tables.
_FIGURE = (
    "(SELECT CASE WHEN {0} IS NOT NULL THEN (CASE WHEN {0}_at_least THEN '>=' ELSE '' END) || {0}"
    " WHEN {0}_stated THEN '?' END FROM casualties c WHERE c.article_id = articles.id)"
)
ENRICHMENT_COLUMNS = {
    "primary_place": "(SELECT p.name_ar FROM article_places x JOIN places p ON p.id = x.place_id"
    " WHERE x.article_id = articles.id AND x.is_primary = 1)",
    # by the article's key (the article_governorates view is a DISTINCT over every article)
    "governorates": "(SELECT group_concat(governorate, '|') FROM (SELECT DISTINCT p.governorate FROM article_places x"
    " JOIN places p ON p.id = x.place_id WHERE x.article_id = articles.id AND p.governorate IS NOT NULL))",
    "places": "(SELECT group_concat(p.name_ar, '|') FROM article_places x JOIN places p ON p.id = x.place_id"
    " WHERE x.article_id = articles.id)",
    "event_types": "(SELECT group_concat(event_type, '|') FROM article_events e WHERE e.article_id = articles.id)",
    "killed": _FIGURE.format("killed"),
    "injured": _FIGURE.format("injured"),
}
FTS_MATCHING_IDS = "id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"


@dataclass
class Filters:
    """Which articles to export. Days are YYYY-MM-DD, both ends included, as the source dated them."""

    sources: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    search: str | None = None


def build_query(filters: Filters, enriched: bool = False) -> tuple[str, list[str]]:
    """The SELECT for ``filters``, newest first, and its parameters; ``enriched``:
    with the :data:`ENRICHMENT_COLUMNS` after the article's."""
    where: list[str] = []
    params: list[str] = []
    if filters.sources:
        where.append(f"source IN ({', '.join('?' for _ in filters.sources)})")
        params.extend(filters.sources)
    if filters.since:
        where.append("substr(published_at, 1, 10) >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("substr(published_at, 1, 10) <= ?")
        params.append(filters.until)
    if filters.search is not None:
        where.append(FTS_MATCHING_IDS)
        params.append(fts_match(filters.search))
    selected = [*COLUMNS, *(f"{sql} AS {name}" for name, sql in ENRICHMENT_COLUMNS.items())] if enriched else COLUMNS
    sql = f"SELECT {', '.join(selected)} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY published_at DESC, id DESC", params


def open_news_database(path: str | Path) -> sqlite3.Connection:
    """A read-only connection to a crawled database; :class:`DatabaseError` if it is
    none, or if its schema predates a column the export reads (a read-only
    database is never migrated: that needs a crawl with write access)."""
    conn = open_readonly(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
        missing = {"articles", "articles_fts"} - tables
        if missing:
            raise DatabaseError(f"{path}: not a news database (no {', '.join(sorted(missing))} table)")
        columns = {row[1] for row in conn.execute("PRAGMA table_info(articles)")}
        if absent := [c for c in COLUMNS if c not in columns]:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            raise DatabaseError(
                f"{path}: schema version {version} has no {', '.join(absent)} column; it needs a migration"
                " (any crawl with NEWS_DB set to it migrates it; that needs write access)"
            )
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{path}: not a usable SQLite database: {exc}") from None
    except DatabaseError:
        conn.close()
        raise
    return conn


def has_enrichment(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_enrichment'").fetchone() is not None


def export_columns(conn: sqlite3.Connection) -> tuple[str, ...]:
    """The CSV's columns for this database: :data:`COLUMNS`, and the enrichment's when it has them."""
    return (*COLUMNS, *ENRICHMENT_COLUMNS) if has_enrichment(conn) else COLUMNS


def select_articles(conn: sqlite3.Connection, filters: Filters) -> Iterator[tuple]:
    """The matching rows (:func:`export_columns`), streamed from the cursor."""
    sql, params = build_query(filters, has_enrichment(conn))
    try:
        yield from conn.execute(sql, params)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"cannot read the articles: {exc}") from None
