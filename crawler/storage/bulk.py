"""Bulk fills without the dedupe step: benchmark databases of up to millions of rows.

Rows go in as they are given (no upsert, no cleaning, no story linking, no
lookups), with ``executemany``, in the caller's transaction. The benchmarks
(``bench/``) build their large databases with these; the crawl never does.
The schema's triggers still run: the full-text index and ``story_stats`` are
filled as the crawl fills them (:func:`remember_search_texts` spares the
index trigger a second normalization of each body).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from crawler.storage.articles import COLUMNS, NewsConnection, register_functions, search_texts_of
from crawler.text.fingerprints import to_blob

ARTICLE_COLUMNS = frozenset({"id", "updated_at", "story_id", "capture_id", *COLUMNS})


def fill_connection(path: str | Path) -> sqlite3.Connection:
    """A connection for loading a throwaway database fast: no fsync, a large page cache."""
    conn = sqlite3.connect(path, factory=NewsConnection)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")
    register_functions(conn)  # the search index's triggers call them
    return conn


def insert_articles(
    conn: sqlite3.Connection, columns: Sequence[str], rows: Iterable[Sequence[Any]], own_stories: bool = False
) -> range:
    """Insert ``rows`` (values in ``columns`` order) into ``articles``; returns
    their ids. ``own_stories``: each new row is a story of its own."""
    unknown = set(columns) - ARTICLE_COLUMNS
    if unknown:
        raise ValueError(f"not columns of articles: {', '.join(sorted(unknown))}")
    (before,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()
    conn.executemany(f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", rows)
    if own_stories:
        conn.execute("UPDATE articles SET story_id = id WHERE id > ? AND story_id IS NULL", [before])
    (after,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM articles").fetchone()
    return range(before + 1, after + 1)


def insert_signatures(conn: sqlite3.Connection, rows: Iterable[tuple[int, Any]]) -> None:
    """(article_id, MinHash signature) rows into ``minhash_signatures``."""
    conn.executemany(
        "INSERT INTO minhash_signatures (article_id, signature) VALUES (?, ?)", ((i, to_blob(v)) for i, v in rows)
    )


def insert_buckets(conn: sqlite3.Connection, pairs: Iterable[tuple[int, int]]) -> None:
    """(bucket, article_id) pairs into ``minhash_buckets`` (sorted pairs load fastest)."""
    conn.executemany("INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES (?, ?)", pairs)


def rows_sharing_buckets(conn: sqlite3.Connection, buckets: Sequence[int]) -> int:
    """How many rows share at least one of ``buckets``: the LSH candidates before the bound."""
    if not buckets:
        return 0
    marks = ", ".join("?" for _ in buckets)
    sql = f"SELECT COUNT(DISTINCT article_id) FROM minhash_buckets WHERE bucket IN ({marks})"
    return conn.execute(sql, list(buckets)).fetchone()[0]


def remember_search_texts(conn: sqlite3.Connection, texts: Iterable[tuple[str | None, str | None, str, str]]) -> None:
    """(title, subtitle, body, search text) of the rows about to be inserted,
    computed elsewhere (e.g. by worker processes) with
    :func:`crawler.storage.articles.search_text`: the index trigger takes them
    instead of normalizing each body again."""
    search_texts_of(conn).remember_computed(texts)


def _insert(conn: sqlite3.Connection, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    known = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    if unknown := set(columns) - known:
        raise ValueError(f"not columns of {table}: {', '.join(sorted(unknown))}")
    conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})", rows)


def insert_crawl_runs(conn: sqlite3.Connection, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows (values in ``columns`` order) into ``crawl_runs``."""
    _insert(conn, "crawl_runs", columns, rows)


def insert_fetch_state(conn: sqlite3.Connection, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows (values in ``columns`` order) into ``fetch_state``."""
    _insert(conn, "fetch_state", columns, rows)


def insert_captures(conn: sqlite3.Connection, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Rows (values in ``columns`` order) into ``captures``."""
    _insert(conn, "captures", columns, rows)


def finish_fill(conn: sqlite3.Connection) -> None:
    """After a bulk fill: the full-text index merged into one segment, the
    planner's statistics, and WAL mode as the crawler keeps it."""
    conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
