"""The crawl-node side: ``scrapy crawl news -s NEWS_REDIS_URL=redis://HOST:PORT/N``.

:func:`node_settings` turns a crawl into a node: scrapy-redis's scheduler and
duplicate filter (one frontier shared by every node), the extraction
pipelines, then :class:`pipelines.stream.StreamPipeline` in place of the database pipelines.
:class:`NodeHeartbeat` keeps the node in the live set, which tells the writer
(``--until-idle``) that work may still come and tells the last node of a run
to clear the frontier for the next run.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
import warnings
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.cluster import DUPEFILTER, NODES, REQUESTS, WRITER_STAGE, client_options, connect

logger = logging.getLogger(__name__)

# scrapy-redis 0.9 still passes ``spider=`` to the stats on every request: one
# deprecation warning per request would bury the node's log
warnings.filterwarnings(
    "ignore", message="Passing a 'spider' argument to StatsCollector", module=r"scrapy_redis(\..*)?"
)

HEARTBEAT_SECONDS = 5.0
NODE_TTL_SECONDS = 30.0  # a node not heard of for this long is dead (kill -9, lost machine)

# Atomically: forget dead nodes, add this one, and if no other node is alive
# start a new run (an empty frontier). Two nodes starting together cannot
# both believe they are first, nor both believe they are not.
_JOIN = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local others = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
if others == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
return others
"""
# Atomically: leave, and if no live node is left the run is over: clear its frontier.
_LEAVE = """
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
"""


def node_settings(settings: Any) -> None:
    """Make the crawl of ``settings`` a node (NEWS_REDIS_URL is set)."""
    url = settings.get("NEWS_REDIS_URL")
    pipelines = {k: v for k, v in settings.getdict("ITEM_PIPELINES").items() if v is not None and v < WRITER_STAGE}
    pipelines["pipelines.stream.StreamPipeline"] = WRITER_STAGE
    extensions = {**settings.getdict("EXTENSIONS"), "crawler.cluster.node.NodeHeartbeat": 0}
    # last before the download: the cluster-wide per-host limit (crawler/cluster/politeness.py)
    middlewares = {
        **settings.getdict("DOWNLOADER_MIDDLEWARES"),
        "crawler.cluster.politeness.ClusterSlotMiddleware": 999,
    }
    for name, value in {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # one node closing must not empty the others' frontier
        "SCHEDULER_QUEUE_KEY": REQUESTS,
        "SCHEDULER_DUPEFILTER_KEY": DUPEFILTER,
        "REDIS_URL": url,
        "REDIS_PARAMS": client_options(),  # scrapy-redis's clients retry through a Redis restart too
        "ITEM_PIPELINES": pipelines,
        "EXTENSIONS": extensions,
        "DOWNLOADER_MIDDLEWARES": middlewares,
    }.items():
        settings.set(name, value, priority="cmdline")


def node_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def join(client: Any, node: str) -> int:
    """Enter the live set; returns how many other nodes are alive (0: a new run)."""
    now = time.time()
    return int(client.eval(_JOIN, 3, NODES, REQUESTS, DUPEFILTER, node, now, now + NODE_TTL_SECONDS))


def leave(client: Any, node: str) -> None:
    client.eval(_LEAVE, 3, NODES, REQUESTS, DUPEFILTER, node, time.time())


def live_nodes(client: Any) -> int:
    return int(client.zcount(NODES, time.time(), "+inf"))


class NodeHeartbeat:
    """Keeps this node in the live set while it crawls, and leaves it at close."""

    def __init__(self, url: str, node: str) -> None:
        self.client = connect(url)
        self.node = node
        self.loop = task.LoopingCall(self.beat)

    @classmethod
    def from_crawler(cls, crawler: Any) -> NodeHeartbeat:
        url = crawler.settings.get("NEWS_REDIS_URL")
        if not url:
            raise NotConfigured("no NEWS_REDIS_URL")
        node = crawler.settings.get("NEWS_REDIS_NODE") or node_id()
        extension = cls(url, node)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def beat(self) -> None:
        try:
            self.client.zadd(NODES, {self.node: time.time() + NODE_TTL_SECONDS})
        except Exception as exc:  # a missed beat is retried; Redis errors surface in the scheduler
            logger.warning("node heartbeat failed: %s", exc)

    def spider_opened(self) -> None:
        self.loop.start(HEARTBEAT_SECONDS, now=True)

    def spider_closed(self) -> None:
        if self.loop.running:
            self.loop.stop()
        leave(self.client, self.node)
