"""Enrichment rows: places, article_places, article_events, casualties, article_actors.

What :mod:`crawler.enrich` decided for an article is written here, replacing
whatever an earlier rules version wrote for it (idempotent: enriching twice
leaves the same rows). ``enrichment_runs`` is not needed: each article's row
in ``article_enrichment`` records the rules version and when, so
``python -m crawler.enrich`` can pick the stale ones and resume after a stop.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from crawler.storage.records import EnrichmentRows, PlaceRow

PLACE_COLUMNS = ("id", "name_ar", "name_en", "kind", "governorate", "latitude", "longitude", "source", "source_id")


def upsert_places(conn: sqlite3.Connection, places: Iterable[PlaceRow]) -> None:
    """Insert or refresh gazetteer rows (a new gazetteer version may move or rename a place)."""
    conn.executemany(
        f"""INSERT INTO places ({", ".join(PLACE_COLUMNS)}) VALUES ({", ".join("?" * len(PLACE_COLUMNS))})
        ON CONFLICT(id) DO UPDATE SET {", ".join(f"{c} = excluded.{c}" for c in PLACE_COLUMNS[1:])}""",
        [tuple(getattr(p, c) for c in PLACE_COLUMNS) for p in places],
    )


def write(conn: sqlite3.Connection, article_id: int, rows: EnrichmentRows, now: str) -> None:
    """Replace the article's enrichment with ``rows`` (no commit)."""
    clear(conn, article_id)
    upsert_places(conn, rows.places)
    conn.executemany(
        "INSERT INTO article_places (article_id, place_id, mentions, in_title, is_primary) VALUES (?, ?, ?, ?, ?)",
        [(article_id, *place) for place in rows.article_places],
    )
    conn.executemany(
        "INSERT INTO article_events (article_id, event_type, services) VALUES (?, ?, ?)",
        [(article_id, event, rows.services if event == "services_crisis" else None) for event in rows.events],
    )
    if rows.casualties is not None:
        c = rows.casualties
        conn.execute(
            """INSERT INTO casualties (article_id, killed, killed_at_least, killed_stated, injured,
               injured_at_least, injured_stated, text, place_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (article_id, c.killed, c.killed_at_least, c.killed_stated, c.injured, c.injured_at_least,
             c.injured_stated, c.text, c.place_id),
        )  # fmt: skip
    conn.executemany(
        "INSERT INTO article_actors (article_id, actor, name) VALUES (?, ?, ?)",
        [(article_id, code, name) for code, name in rows.actors],
    )
    conn.execute(
        "INSERT INTO article_enrichment (article_id, version, enriched_at) VALUES (?, ?, ?)",
        (article_id, rows.version, now),
    )


def clear(conn: sqlite3.Connection, article_id: int) -> None:
    for table in ("article_places", "article_events", "casualties", "article_actors", "article_enrichment"):
        conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))


def pending(
    conn: sqlite3.Connection, version: str, *, source: str | None = None, since: str | None = None,
    redo: bool = False, after: int = 0, limit: int = 200,
) -> list[tuple[int, str | None, str, str | None]]:  # fmt: skip
    """Up to ``limit`` articles after row id ``after`` to (re-)enrich: (id, title, body, published_at).

    Without ``redo``, only those not yet enriched by this ``version``: a
    stopped run resumes where it stopped."""
    where, args = _pending_filter(version, source, since, redo)
    sql = f"SELECT a.id, a.title, a.body, a.published_at FROM articles a WHERE a.id > ? AND {where} ORDER BY a.id LIMIT ?"
    return conn.execute(sql, [after, *args, limit]).fetchall()


def count_pending(
    conn: sqlite3.Connection, version: str, *, source: str | None = None, since: str | None = None, redo: bool = False
) -> int:
    where, args = _pending_filter(version, source, since, redo)
    return conn.execute(f"SELECT COUNT(*) FROM articles a WHERE {where}", args).fetchone()[0]


def _pending_filter(version: str, source: str | None, since: str | None, redo: bool) -> tuple[str, list[str]]:
    """The WHERE clause (over ``articles a``) shared by :func:`pending` and :func:`count_pending`."""
    where, args = ["1"], []
    if source:
        where.append("a.source = ?")
        args.append(source)
    if since:
        where.append("substr(a.published_at, 1, 10) >= ?")
        args.append(since)
    if not redo:
        where.append("NOT EXISTS (SELECT 1 FROM article_enrichment e WHERE e.article_id = a.id AND e.version = ?)")
        args.append(version)
    return " AND ".join(where), args


