"""Print what the spider's "already stored?" check costs on a large database.

    .venv/bin/python -m bench.bench_known [ROWS]

Fills a temporary database with ROWS fake articles (default 200,000), then
times crawler.storage.fetch_state.KnownArticles on links that are stored (in their fetched
or canonical spelling) and links that are not. Nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from crawler.storage import connect
from crawler.storage.bulk import insert_articles
from crawler.storage.fetch_state import KnownArticles

LINKS = 20_000


def article_url(n: int) -> str:
    return f"https://www.example.com/2024/01/{n % 28 + 1:02d}/%D8%AE%D8%A8%D8%B1-{n}"


def fill(db_path: Path, rows: int) -> float:
    started = time.perf_counter()
    conn = connect(db_path).conn
    with conn:
        insert_articles(
            conn,
            ("url", "canonical_url", "source", "body", "fetched_at", "content_hash"),
            (
                (
                    f"{article_url(n)}/?utm_source=rss",
                    article_url(n),
                    "bench",
                    "x",
                    "2024-01-01T00:00:00+00:00",
                    f"h{n}",
                )
                for n in range(rows)
            ),
        )
    conn.close()
    return time.perf_counter() - started


def per_link(known: KnownArticles, links: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    hits = sum(link in known for link in links)
    return (time.perf_counter() - started) / len(links), hits


def main(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.db"
        filled = fill(path, rows)
        db = connect(path)
        started = time.perf_counter()
        known = KnownArticles(db.conn)
        opened = time.perf_counter() - started
        step = max(rows // LINKS, 1)
        cases = {
            "stored, as fetched": [f"{article_url(n)}/?utm_source=rss" for n in range(0, rows, step)],
            "stored, other spelling": [f"{article_url(n)}/#comments" for n in range(0, rows, step)],
            "not stored": [f"{article_url(n + rows)}/" for n in range(0, rows, step)],
        }
        print(f"rows: {rows:,} (filled in {filled:.1f} s); start-up cost of the check: {opened * 1e3:.2f} ms")
        for name, links in cases.items():
            seconds, hits = per_link(known, links)
            print(f"{name:24} {seconds * 1e6:6.1f} us per link, {hits:,} of {len(links):,} found stored")
        db.conn.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
