"""bench.build_db: the benchmark database goes through the storage code (its
triggers fill the index and the side tables exactly) and is the same for the
same seed."""

from __future__ import annotations

from pathlib import Path

from bench.build_db import build
from tests.support.databases import rows, writable

FILLED = (
    "articles",
    "minhash_signatures",
    "minhash_buckets",
    "story_stats",
    "source_section_counts",
    "source_day_counts",
    "section_day_counts",
    "event_type_counts",
    "actor_counts",
    "article_enrichment",
    "article_places",
    "captures",
    "crawl_runs",
    "fetch_state",
)


def test_a_small_build_fills_every_table_and_repeats_with_its_seed(tmp_path: Path) -> None:
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    build(40, first, seed=3, progress=False)
    build(40, second, seed=3, progress=False)
    for table in FILLED:
        assert rows(first, f"SELECT count(*) AS n FROM {table}")[0]["n"] > 0, table
    assert rows(first) == rows(second)
    assert rows(first, "SELECT count(*) AS n FROM articles WHERE duplicate_of IS NOT NULL")[0]["n"] > 0
    conn = writable(first)
    with conn:
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    conn.close()
    html = rows(first, "SELECT body, body_html FROM articles WHERE id = 1")[0]["body_html"]
    assert html.startswith("<p>")  # packed in the file, read back whole
