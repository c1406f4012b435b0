"""Politeness across crawl nodes: three nodes on one site never have more than
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight there, in total."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from crawler.cluster import ARTICLES
from tests.support.crawl import FAST, SCRAPY_CRAWL
from tests.support.demo import DEMO
from tests.support.paths import ROOT
from tests.support.redis_server import RedisServer, redis_server
from tests.support.servers import QuietHandler, serve

LIMIT = 2


class Recorder:
    """Requests in flight on the server, and the most seen at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = 0
        self.most = 0
        self.total = 0

    def enter(self) -> None:
        with self.lock:
            self.now += 1
            self.total += 1
            self.most = max(self.most, self.now)

    def leave(self) -> None:
        with self.lock:
            self.now -= 1


RECORDER = Recorder()


class SlowCountingHandler(QuietHandler):
    """Every answer takes 0.8 s, so requests of several nodes overlap."""

    def do_GET(self) -> None:
        RECORDER.enter()
        try:
            time.sleep(0.8)
            super().do_GET()
        finally:
            RECORDER.leave()


QUIET: dict = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE, "text": True}


def node_command(url: str, redis_url: str, state_db: Path) -> list[str]:
    limit = ["-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={LIMIT}"]
    return [
        *SCRAPY_CRAWL,
        "-a",
        f"url={url}",
        "-s",
        f"NEWS_DB={state_db}",
        "-s",
        f"NEWS_REDIS_URL={redis_url}",
        *limit,
        *FAST,
    ]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as running:
        yield running


def test_three_nodes_stay_within_the_per_host_limit(server: RedisServer, tmp_path: Path) -> None:
    with serve(DEMO, SlowCountingHandler) as url:
        nodes = [
            subprocess.Popen(node_command(url, server.url, tmp_path / f"node{n}.db"), cwd=ROOT, **QUIET)
            for n in range(3)
        ]
        results = [(node.wait(timeout=300), node.stderr.read()) for node in nodes]
    for code, stderr in results:
        assert code == 0, stderr[-3000:]
    assert redis.Redis.from_url(server.url).xlen(ARTICLES) == 6  # the whole site was crawled, once
    assert RECORDER.total > 3 * LIMIT  # enough requests to break the limit without the slots
    assert RECORDER.most <= LIMIT
