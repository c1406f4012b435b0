"""Incremental state across the cluster (crawler/cluster/state.py, mirror.py):
a recrawl by nodes that have never seen the site fetches no stored article,
and the writer's crawl_runs has one row per source per run: the nodes'
counters summed, recorded once, validators kept only after a clean run."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from crawler.cluster import COMPLETE, RUNS, VALIDATORS, run_key
from crawler.cluster.mirror import Mirror
from crawler.cluster.state import encode_validators
from crawler.storage.fetch_state import Validators
from crawler.storage.runs import COUNTERS
from tests.support.cluster import run_nodes, run_writer
from tests.support.databases import rows
from tests.support.demo import DEMO
from tests.support.redis_server import RedisServer, redis_server
from tests.support.servers import QuietHandler, serve


class Requests:
    """Paths the server was asked for, with whether the request was conditional."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: list[tuple[str, bool]] = []

    def add(self, path: str, conditional: bool) -> None:
        with self.lock:
            self.seen.append((path, conditional))

    def take(self) -> list[tuple[str, bool]]:
        with self.lock:
            seen, self.seen = self.seen, []
        return seen


REQUESTS = Requests()


class CountingHandler(QuietHandler):
    def do_GET(self) -> None:
        conditional = bool(self.headers.get("If-Modified-Since") or self.headers.get("If-None-Match"))
        REQUESTS.add(urlsplit(self.path).path, conditional)
        super().do_GET()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as running:
        yield running


def test_a_recrawl_by_new_nodes_fetches_no_stored_article_and_each_run_has_its_row(
    server: RedisServer, tmp_path: Path
) -> None:
    db = tmp_path / "news.db"
    client = redis.Redis.from_url(server.url)
    with serve(DEMO, CountingHandler) as url:
        for node in run_nodes(2, url, server.url, tmp_path / "first"):
            assert node.returncode == 0, node.stderr[-3000:]
        writer = run_writer(server.url, db)
        assert writer.returncode == 0, writer.stderr[-3000:]
        first = REQUESTS.take()
        source = rows(db, "SELECT source FROM crawl_runs")[0]["source"]
        assert client.hget(COMPLETE, source) == b"1"  # nodes may stop paging at known links
        # nodes with empty folders of their own: all they know comes from Redis
        for node in run_nodes(2, url, server.url, tmp_path / "second"):
            assert node.returncode == 0, node.stderr[-3000:]
        writer = run_writer(server.url, db)
        assert writer.returncode == 0, writer.stderr[-3000:]
        second = REQUESTS.take()
    articles = {urlsplit(row["url"]).path for row in rows(db)}
    assert len(articles) == 6
    assert articles <= {path for path, _ in first}
    assert not articles & {path for path, _ in second}  # no stored article fetched again
    assert ("/feed.xml", True) in second  # the feed's validators, seen by a node of the first run
    runs = rows(db, "SELECT * FROM crawl_runs ORDER BY id")
    assert len({run["run_id"] for run in runs}) == 2
    assert [(run["status"], run["finish_reason"]) for run in runs] == [("ok", "finished")] * 2
    assert len({run["source"] for run in runs}) == 1
    assert (runs[0]["articles_stored"], runs[1]["articles_stored"]) == (6, 0)
    assert runs[1]["known_skipped"] > 0
    assert len(articles) < runs[0]["pages_fetched"] <= len(first)  # summed over the nodes' reports


def report(reason: str, **counts: int) -> str:
    full = dict.fromkeys(COUNTERS, 0) | counts
    return json.dumps({"reason": reason, "started_at": "2026-01-01T10:00:00+00:00",
                       "ended_at": f"2026-01-01T10:0{len(counts)}:00+00:00", "counts": {"demo": full}})  # fmt: skip


@pytest.mark.parametrize(
    ("second", "reason", "kept"),
    [
        (report("finished", pages_fetched=4, articles_stored=2), "finished", True),
        (report("finished", pages_fetched=4, retry_needed=1), "finished", False),  # a request to retry: no 304s
        (report("shutdown", pages_fetched=4), "shutdown", False),
        (None, "node_lost", False),  # the second node never reported (kill -9)
    ],
)
def test_the_writer_records_a_run_once_summing_its_nodes(
    server: RedisServer, tmp_path: Path, second: str | None, reason: str, kept: bool
) -> None:
    client = redis.Redis.from_url(server.url)
    run = "2026-01-01T10:00:00+00:00/cluster-abc"
    client.sadd(RUNS, run)
    client.sadd(run_key(run, "nodes"), "a", "b")
    client.hset(run_key(run, "reports"), "a", report("finished", pages_fetched=3, articles_stored=1, known_skipped=5))
    if second is not None:
        client.hset(run_key(run, "reports"), "b", second)
    feed = Validators(etag='"v1"', last_modified=None, lastmod=None, checked_at="2026-01-01T10:01:00+00:00")
    client.hset(run_key(run, "validators:demo"), "http://demo/feed.xml", encode_validators(feed))
    mirror = Mirror(client, tmp_path / "news.db")
    try:
        assert mirror.record_runs(live_nodes=0) == [run]
        assert mirror.record_runs(live_nodes=0) == []  # recorded once
        mirror.record_run(run)  # a writer killed before forgetting the run records it again: still one row
    finally:
        mirror.close()
    (row,) = rows(tmp_path / "news.db", "SELECT * FROM crawl_runs")
    assert (row["run_id"], row["source"], row["finish_reason"]) == (run, "demo", reason)
    assert row["pages_fetched"] == 3 + (4 if second else 0)
    assert row["known_skipped"] == 5
    assert client.hget(COMPLETE, "demo") == (b"1" if kept else b"0")
    saved = rows(tmp_path / "news.db", "SELECT url, etag FROM fetch_state")
    assert saved == ([{"url": "http://demo/feed.xml", "etag": '"v1"'}] if kept else [])
    assert (client.hget(f"{VALIDATORS}:demo", "http://demo/feed.xml") is not None) == kept
    assert not client.exists(run_key(run, "reports"), run_key(run, "nodes"), run_key(run, "validators:demo"))
