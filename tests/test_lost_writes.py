"""Honest run records after lost writes (issue #15): a crawl whose disk fills
up says in ``crawl_runs`` what it really committed, and the next run does not
trust it -- it fetches the sitemap again and stores what was lost.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace

from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.runs import stored_counters
from crawler.storage import BatchLost, Decision, Written
from crawler.storage.runs import last_run_complete
from pipelines.store import StorePipeline
from tests.support import fault_server as fs
from tests.support.crawl import BATCH, crawl
from tests.support.databases import rows
from tests.support.disk_full import pipelines_with_full_disk

ARTICLES = [f"/2024/05/{n:02d}/story-{n}.html" for n in range(1, 10)]


def sitemap_with_validators(handler: fs.FaultHandler) -> None:
    """The site's sitemap, with an ETag; a conditional request that matches gets a 304."""
    if handler.headers.get("If-None-Match") == '"v1"':
        fs.send(handler, b"", status=304, headers={"ETag": '"v1"'})
        return
    base = f"http://{handler.headers['Host']}"
    body = fs.sitemap_xml(*(base + path for path in ARTICLES)).encode()
    fs.send(handler, body, content_type="application/xml", headers={"ETag": '"v1"'})


def site() -> dict[str, fs.Responder]:
    built = fs.Site()
    for path in ARTICLES:
        built.add(path, fs.page(fs.article_html(path.rsplit("/", 1)[-1])), linked=False)
    built.add("/sitemap.xml", sitemap_with_validators, linked=False)
    return built.build()


def last_run(db: Path) -> dict:
    return rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def test_a_run_that_lost_writes_says_so_and_is_not_trusted(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with fs.run(site()) as server:
        full = crawl("-a", f"url={server.url}", *BATCH, *pipelines_with_full_disk(after=2), db=db, check=False)
        stored = len(rows(db))
        run = last_run(db)
        assert full.returncode == EXIT_SOURCE_PROBLEM, full.stderr[-2000:]
        assert 2 <= stored < len(ARTICLES)  # the disk filled up after two articles
        # the record counts what is in the database, and what was lost
        assert run["articles_stored"] == stored
        assert run["lost"] == len(ARTICLES) - stored
        assert run["with_date"] <= stored
        conn = sqlite3.connect(db)
        try:  # listings will not stop early on the strength of this run
            assert not last_run_complete(conn, run["source"])
        finally:
            conn.close()
        first_hits = server.hits().get("/sitemap.xml", 0)

        again = crawl("-a", f"url={server.url}", db=db, check=False)
        assert again.returncode == 0, again.stderr[-2000:]
        # not a 304 from a validator saved by the broken run: the sitemap is read again
        assert server.hits().get("/sitemap.xml", 0) > first_hits
    assert len(rows(db)) == len(ARTICLES)
    run = last_run(db)
    assert run["lost"] == 0 and run["articles_stored"] == len(ARTICLES) - stored


unchecked_decision = Decision(body_key="x", signature=b"", buckets=())


class RefusingStore:
    """A Store whose commits SQLite refuses (the batch is rolled back whole)."""

    path = "refusing.db"

    def __init__(self) -> None:
        self.in_batch = False

    def begin_batch(self) -> None:
        self.in_batch = True

    def write_article(self, item, decision, now) -> Written:
        return Written(1, 1, None)

    def commit(self) -> None:
        if self.in_batch:
            self.in_batch = False
            raise BatchLost("database or disk is full")


class Stats(dict):
    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] = self.get(key, start) + count

    def set_value(self, key: str, value: object) -> None:
        self[key] = value


def test_a_refused_commit_takes_its_articles_back_from_the_run() -> None:
    """The commit path (not the write path): what item_scraped counted for the batch is taken back."""
    stats = Stats()
    pipeline = StorePipeline(RefusingStore(), stats, commit_items=3)  # type: ignore[arg-type]
    items = [
        SimpleNamespace(source="s", decision=unchecked_decision, duplicate_of=None, published_at=d, author=a, section=None)
        for d, a in [("2024-01-01", "كاتب"), (None, None), ("2024-01-02", None)]
    ]
    for item in items:
        pipeline.process_item(item)
        for counter in stored_counters(item):  # what the runs extension counts on item_scraped
            stats.inc_value(f"news/source/s/{counter}")
    counts = {c: stats.get(f"news/source/s/{c}", 0) for c in ("articles_stored", "with_date", "with_author", "lost")}
    assert counts == {"articles_stored": 0, "with_date": 0, "with_author": 0, "lost": 3}
    assert stats["news/errors/store_commit"] == 3 and stats["news/exit_code"] == EXIT_SOURCE_PROBLEM
