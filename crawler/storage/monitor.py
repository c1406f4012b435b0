"""The reads of the monitor's front page (``/`` of the project's Datasette).

Each query reads an index range or walks an index to a handful of rows, so
the page costs about the same on a million articles and a year of hourly
crawl runs as on the demo database; the index each one uses is named beside
it (tests/test_datasette_front_page.py checks the plans). Nothing is written.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from crawler.storage.reading import rows

STORIES_LIMIT = 10


def _sources_of(table: str) -> str:
    """A ``WITH`` clause: ``sources(source)``, the distinct values of ``table.source``
    by a loose scan of an index that starts with ``source`` (one seek per
    source instead of reading every row). The last row is NULL."""
    return f"""WITH RECURSIVE sources(source) AS (
    SELECT min(source) FROM {table}
    UNION ALL
    SELECT (SELECT min(source) FROM {table} WHERE source > sources.source) FROM sources
    WHERE sources.source IS NOT NULL
)
"""


# Per source, its articles of the period: the sources by a loose scan of
# idx_articles_source_published (one seek each), then each source's range of
# that same index; it holds (source, published_at), so nothing else is read
# (ten times faster than the published_at range with a row lookup for each source).
# CROSS JOIN and INDEXED BY pin that plan: with other statistics the planner
# chose a bloom-filtered scan (1.0-1.4 s on 100,000 articles).
_PUBLISHED_PER_SOURCE_AND_DAY = (
    _sources_of("articles")
    + """
SELECT a.source, substr(a.published_at, 1, 10) AS day, count(*) AS articles
FROM sources s CROSS JOIN articles a INDEXED BY idx_articles_source_published
WHERE a.source = s.source AND a.published_at >= ? AND a.published_at < ?
GROUP BY a.source, day
"""
)


def published_per_source_and_day(conn: sqlite3.Connection, since: str, until: str) -> list[dict[str, Any]]:
    """(source, day, articles) of the articles published from day ``since`` to
    before day ``until`` (YYYY-MM-DD, the day as the source dated it)."""
    return rows(conn, _PUBLISHED_PER_SOURCE_AND_DAY, [since, until])


# The sources that have runs: a loose scan of idx_crawl_runs_source_started_at
# (one seek per source instead of reading every run); then per source its
# latest run and latest successful run (the same index, walked backwards from
# the newest entry) and its newest article (max of idx_articles_source_published).
_LATEST_RUNS = (
    _sources_of("crawl_runs")
    + """SELECT
    r.source, r.started_at, r.ended_at, r.status, r.pages_fetched, r.articles_stored, r.errors,
    (SELECT started_at FROM crawl_runs WHERE source = s.source AND status = 'ok'
     ORDER BY started_at DESC LIMIT 1) AS last_ok,
    (SELECT max(published_at) FROM articles WHERE source = s.source) AS newest_article
FROM sources s
JOIN crawl_runs r ON r.id = (
    SELECT id FROM crawl_runs WHERE source = s.source ORDER BY started_at DESC, id DESC LIMIT 1
)
WHERE s.source IS NOT NULL
ORDER BY r.source
"""
)


def latest_runs(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Each source's latest crawl run, its latest successful run and its newest article."""
    return rows(conn, _LATEST_RUNS)


_STORED_PER_SOURCE = _sources_of("crawl_runs") + """
SELECT r.source, sum(CASE WHEN r.started_at >= ? THEN r.articles_stored ELSE 0 END) AS today,
       sum(r.articles_stored) AS week
FROM sources s JOIN crawl_runs r ON r.source = s.source AND r.started_at >= ?
GROUP BY r.source
"""


def stored_per_source(conn: sqlite3.Connection, since: str, today: str) -> list[dict[str, Any]]:
    """(source, today, week): the new articles stored by the runs started from
    ``today`` and from ``since`` (UTC times as ``crawl_runs`` writes them), dated
    or not. Per source a range of idx_crawl_runs_source_started_at: a week of its runs."""
    return rows(conn, _STORED_PER_SOURCE, [today, since])


def recent_statuses(conn: sqlite3.Connection, source: str, limit: int) -> list[str]:
    """The statuses of the source's latest ``limit`` runs, newest first
    (idx_crawl_runs_source_started_at, walked backwards from the newest entry)."""
    found = rows(
        conn,
        "SELECT status FROM crawl_runs WHERE source = ? ORDER BY started_at DESC, id DESC LIMIT ?",
        [source, limit],
    )
    return [r["status"] for r in found]


def most_carried_stories(conn: sqlite3.Connection, since: str, until: str) -> list[dict[str, Any]]:
    """The stories first published from day ``since`` to before ``until`` that
    most outlets carried (more than one), with their first article's title.

    ``story_stats`` (kept by triggers, schema v9) read over a range of
    idx_story_stats_published: a week's stories, whatever the table's size;
    the titles by primary key. A database from before v9 has no such table: none."""
    if not has_tables(conn, "story_stats"):
        return []
    return rows(
        conn,
        "SELECT s.story_id, s.original_id, s.outlets, s.articles, s.sources, s.published_at, o.title "
        "FROM story_stats s LEFT JOIN articles o ON o.id = s.original_id "
        "WHERE s.published_at >= ? AND s.published_at < ? AND s.outlets > 1 "
        "ORDER BY s.outlets DESC, s.articles DESC, s.published_at DESC LIMIT ?",
        [since, until, STORIES_LIMIT],
    )


def has_tables(conn: sqlite3.Connection, *names: str) -> bool:
    found = rows(
        conn, f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({', '.join('?' * len(names))})", names
    )
    return len(found) == len(names)
