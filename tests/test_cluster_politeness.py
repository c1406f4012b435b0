"""Politeness across crawl nodes: three nodes on one site never have more than
``CONCURRENT_REQUESTS_PER_DOMAIN`` requests in flight there, in total."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from crawler.cluster import ARTICLES
from tests.support.cluster import SlowHandler, finish, start_nodes
from tests.support.demo import DEMO
from tests.support.redis_server import RedisServer, redis_server
from tests.support.servers import serve

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


class SlowCountingHandler(SlowHandler):
    """Counts the requests in flight."""

    def do_GET(self) -> None:
        RECORDER.enter()
        try:
            super().do_GET()
        finally:
            RECORDER.leave()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    with redis_server(tmp_path) as running:
        yield running


def test_three_nodes_stay_within_the_per_host_limit(server: RedisServer, tmp_path: Path) -> None:
    with serve(DEMO, SlowCountingHandler) as url:
        nodes = start_nodes(3, url, server.url, tmp_path, "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={LIMIT}")
        results = finish(nodes)
    for node in results:
        assert node.returncode == 0, node.stderr[-3000:]
    assert redis.Redis.from_url(server.url).xlen(ARTICLES) == 6  # the whole site was crawled, once
    assert RECORDER.total > 3 * LIMIT  # enough requests to break the limit without the slots
    assert RECORDER.most <= LIMIT
