"""``crawl_runs``: one row per run and source, written when the run starts
(``status = 'running'``) and completed when it closes, so a killed run stays
visible. :data:`COUNTERS` are its counter columns (see :mod:`crawler.runs`).

Each call opens its own short connection: the run record never shares a
transaction with the articles' batches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from crawler.storage.connection import connect

COUNTERS = (
    "pages_fetched",
    "not_modified",
    "known_skipped",
    "articles_stored",
    "duplicates",
    "dropped",
    "errors",
    "retry_needed",
    "with_date",
    "with_author",
    "with_section",
    "cut",
    "lost",
)


def start_runs(path: str | Path, run_id: str, sources: Iterable[str], started_at: str) -> None:
    """One ``running`` row per source."""
    conn = connect(path).conn
    try:
        with conn:
            conn.executemany(
                "INSERT INTO crawl_runs (run_id, source, started_at) VALUES (?, ?, ?)",
                [(run_id, name, started_at) for name in sources],
            )
    finally:
        conn.close()


def finish_runs(
    path: str | Path,
    run_id: str,
    ended_at: str,
    finish_reason: str,
    outcomes: Mapping[str, tuple[str, Mapping[str, int]]],
) -> None:
    """Complete the run's rows: ``outcomes`` maps a source to (status, counters)."""
    assignments = ", ".join(f"{c} = ?" for c in COUNTERS)
    sql = f"UPDATE crawl_runs SET ended_at = ?, finish_reason = ?, status = ?, {assignments} WHERE run_id = ? AND source = ?"
    conn = connect(path).conn
    try:
        with conn:
            for name, (status, counts) in outcomes.items():
                conn.execute(
                    sql, [ended_at, finish_reason, status, *(counts.get(c, 0) for c in COUNTERS), run_id, name]
                )
    finally:
        conn.close()


def last_run_complete(conn: sqlite3.Connection, source: str) -> bool:
    """The latest run of ``source`` finished, found articles, no request
    failed in a way worth retrying (a 404 is not), no bound cut anything
    (crawler.bounds) and no stored article was lost to a refused commit:
    everything older than what is stored was seen and kept, so listings may
    stop early."""
    row = conn.execute(
        "SELECT finish_reason, status, retry_needed, cut, lost FROM crawl_runs WHERE source = ? ORDER BY id DESC LIMIT 1",
        [source],
    ).fetchone()
    return row is not None and row[0] == "finished" and row[1] == "ok" and row[2] == row[3] == row[4] == 0


def run_sources(conn: sqlite3.Connection) -> list[str]:
    """Every source that has a run."""
    return [row[0] for row in conn.execute("SELECT DISTINCT source FROM crawl_runs")]


def has_run(path: str | Path, run_id: str) -> bool:
    """``crawl_runs`` holds rows of ``run_id`` (a cluster run is recorded once)."""
    conn = connect(path).conn
    try:
        return conn.execute("SELECT 1 FROM crawl_runs WHERE run_id = ? LIMIT 1", [run_id]).fetchone() is not None
    finally:
        conn.close()
