"""The crawl-node side: ``scrapy crawl news -s NEWS_REDIS_URL=redis://HOST:PORT/N``.

:func:`node_settings` turns a crawl into a node: scrapy-redis's scheduler and
duplicate filter (one frontier shared by every node), the extraction
pipelines, then :class:`pipelines.stream.StreamPipeline` in place of the database pipelines.
:class:`NodeHeartbeat` keeps the node in the live set, which tells the writer
(``--until-idle``) that work may still come and tells the last node of a run
to clear the frontier for the next run; it also runs the leases of
:mod:`crawler.cluster.frontier` (a killed node's requests come back).
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
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import task

from crawler.cluster import DUPEFILTER, NODES, REQUESTS, RUN, RUN_KEYS, RUNS, WRITER_STAGE, client_options, connect
from crawler.cluster.frontier import INFLIGHT, REQUEUE_DEAD, Leases, engine_in_progress
from crawler.cluster.politeness import FREE_DEAD_SLOTS
from crawler.text.dates import to_iso, utc_now

logger = logging.getLogger(__name__)

# scrapy-redis 0.9 still passes ``spider=`` to the stats on every request: one
# deprecation warning per request would bury the node's log
warnings.filterwarnings(
    "ignore", message="Passing a 'spider' argument to StatsCollector", module=r"scrapy_redis(\..*)?"
)

NODE_TTL_SECONDS = 30.0  # default NEWS_REDIS_NODE_TTL: a node not heard of for this long is dead (kill -9)
BEATS_PER_TTL = 6  # heartbeats per TTL: a node is declared dead only after missing several

# a dead node's slots freed, its leases requeued, the node forgotten
FORGET_DEAD = FREE_DEAD_SLOTS + REQUEUE_DEAD

# Atomically: requeue the leases of dead nodes and forget them, add this
# one, and if no other node is alive start a new run (an empty frontier). Two
# nodes starting together cannot both believe they are first, nor both
# believe they are not.
_JOIN = (
    FORGET_DEAD
    + """
local others = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
if others == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('SET', KEYS[4], ARGV[5])
  redis.call('SADD', KEYS[5], ARGV[5])
end
redis.call('SADD', ARGV[6] .. redis.call('GET', KEYS[4]) .. ':nodes', ARGV[3])
return others
"""
)
# Atomically: leave (a clean close drops its leases, a stopped node gives them
# back), requeue the leases of dead nodes, and if no live node is left the
# run is over: clear its frontier.
_LEAVE = """
local own = ARGV[2] .. ARGV[3]
if ARGV[4] == '1' then
  local leases = redis.call('HGETALL', own)
  for i = 1, #leases, 2 do redis.call('ZADD', KEYS[2], leases[i + 1], leases[i]) end
end
redis.call('DEL', own)
redis.call('ZREM', KEYS[1], ARGV[3])
""" + FORGET_DEAD + """
if redis.call('ZCARD', KEYS[1]) == 0 then redis.call('DEL', KEYS[2], KEYS[3]) end
"""
_OTHERS_LEASED = """
local n = 0
for _, other in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  if other ~= ARGV[1] then n = n + redis.call('HLEN', ARGV[2] .. other) end
end
return n
"""
# Atomically: stay alive, and requeue the leases of dead nodes.
_BEAT = FORGET_DEAD + """
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[3])
"""


def node_settings(settings: Any) -> None:
    """Make the crawl of ``settings`` a node (NEWS_REDIS_URL is set)."""
    url = settings.get("NEWS_REDIS_URL")
    pipelines = {k: v for k, v in settings.getdict("ITEM_PIPELINES").items() if v is not None and v < WRITER_STAGE}
    pipelines["pipelines.stream.StreamPipeline"] = WRITER_STAGE
    # after crawler.runs (500): the node's run report is written before it leaves the live set
    extensions = {**settings.getdict("EXTENSIONS"), "crawler.cluster.node.NodeHeartbeat": 600}
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
        "SCHEDULER_QUEUE_CLASS": "crawler.cluster.frontier.LeasedQueue",  # a killed node's requests come back
        "REDIS_URL": url,
        "REDIS_PARAMS": client_options(),  # scrapy-redis's clients retry through a Redis restart too
        "ITEM_PIPELINES": pipelines,
        "EXTENSIONS": extensions,
        "DOWNLOADER_MIDDLEWARES": middlewares,
    }.items():
        settings.set(name, value, priority="cmdline")


def node_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def node_ttl(settings: Any) -> float:
    return settings.getfloat("NEWS_REDIS_NODE_TTL", NODE_TTL_SECONDS)


def _keys() -> tuple[int, str, str, str]:
    return 3, NODES, REQUESTS, DUPEFILTER


def join(client: Any, node: str, ttl: float = NODE_TTL_SECONDS) -> int:
    """Enter the live set and the current run (``news:run``; the first node
    starts a new one); returns how many other nodes are alive (0: a new run)."""
    now = time.time()
    run_id = f"{to_iso(utc_now())}/cluster-{uuid.uuid4().hex[:6]}"  # used if this node starts the run
    keys = (5, NODES, REQUESTS, DUPEFILTER, RUN, RUNS)
    return int(client.eval(_JOIN, *keys, now, INFLIGHT + ":", node, now + ttl, run_id, RUN_KEYS))


def leave(client: Any, node: str, give_back: bool = False) -> None:
    """Leave the live set; ``give_back``: requeue this node's leases (a stopped
    node's unfinished requests) instead of dropping them (a finished node's)."""
    client.eval(_LEAVE, *_keys(), time.time(), INFLIGHT + ":", node, "1" if give_back else "0")


def live_nodes(client: Any) -> int:
    return int(client.zcount(NODES, time.time(), "+inf"))


def others_leased(client: Any, node: str) -> int:
    """Requests leased to the other nodes in the live set (dead ones not yet requeued included)."""
    return int(client.eval(_OTHERS_LEASED, 1, NODES, node, INFLIGHT + ":"))


class NodeHeartbeat:
    """Keeps this node in the live set while it crawls, gives back the leases
    of done requests, requeues dead nodes' leases, keeps the node open while
    other nodes still hold requests (they may yield more, or die), and leaves
    the live set at close."""

    def __init__(self, crawler: Any, url: str, node: str, ttl: float) -> None:
        self.crawler = crawler
        self.client = connect(url)
        self.node = node
        self.ttl = ttl
        self.leases = Leases(self.client, node)
        self.leases.attach(crawler)
        self.loop = task.LoopingCall(self.beat)

    @classmethod
    def from_crawler(cls, crawler: Any) -> NodeHeartbeat:
        url = crawler.settings.get("NEWS_REDIS_URL")
        if not url:
            raise NotConfigured("no NEWS_REDIS_URL")
        node = crawler.settings.get("NEWS_REDIS_NODE") or node_id()
        extension = cls(crawler, url, node, node_ttl(crawler.settings))
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def beat(self) -> None:
        try:
            now = time.time()
            self.client.eval(_BEAT, *_keys(), now, INFLIGHT + ":", self.node, now + self.ttl)
            released = self.leases.release_done(engine_in_progress(self.crawler))
            if released:
                self.crawler.stats.inc_value("news/cluster/leases_released", released)
        except Exception as exc:  # a missed beat is retried; Redis errors surface in the scheduler
            logger.warning("node heartbeat failed: %s", exc)

    def spider_opened(self) -> None:
        self.loop.start(self.ttl / BEATS_PER_TTL, now=True)

    def spider_idle(self) -> None:
        try:
            waiting = others_leased(self.client, self.node)
        except Exception as exc:
            logger.warning("cannot see the other nodes' work: %s", exc)
            return
        if waiting:
            self.crawler.stats.set_value("news/cluster/waited_for_others", 1)
            raise DontCloseSpider(f"{waiting} requests in flight on other nodes")

    def spider_closed(self, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()
        leave(self.client, self.node, give_back=reason != "finished")
