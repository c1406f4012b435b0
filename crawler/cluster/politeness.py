"""Politeness across the cluster: at most ``CONCURRENT_REQUESTS_PER_DOMAIN``
requests in flight per host, whichever nodes send them.

Each node's own downloader already keeps that limit, but N nodes sharing one
frontier would send N times as many. So before a request is downloaded the
node takes one of the host's slots in Redis (``news:slots:<host>``, a sorted
set of slot tokens scored by their expiry) and gives it back when the
response (or the error) arrives. A slot is named after its node, and the
node's hosts are listed in ``news:slothosts:<node>``: once the node's
heartbeat has expired (``kill -9``, a lost machine) the node that notices
frees its slots with its leases (:data:`FREE_DEAD_SLOTS`); in any case a slot
expires after ``DOWNLOAD_TIMEOUT`` + 30 s.
Requests that find every slot taken wait (polling every 50-200 ms) without
holding a local download slot. robots.txt is read and honoured by every node
(Scrapy's ``ROBOTSTXT_OBEY``, one copy per node).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from crawler.cluster import PREFIX, connect

SLOTS = f"{PREFIX}:slots"
_TOKEN = "news_cluster_slot"

SLOT_HOSTS = f"{PREFIX}:slothosts"  # + ":<node>": the slot keys the node has held slots in

# Atomically: forget expired slots, and take one if fewer than the limit are
# held (KEYS[2]: the node's slot keys, for FREE_DEAD_SLOTS).
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('SADD', KEYS[2], KEYS[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  return 1
end
return 0
"""

# Lua fragment of the node scripts (crawler.cluster.node), run before the dead
# nodes are forgotten: KEYS[1] the live nodes, ARGV[1] now. Frees every slot
# a dead node holds (its tokens start with "<node>|").
FREE_DEAD_SLOTS = f"""
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  local hosts = '{SLOT_HOSTS}:' .. dead
  for _, key in ipairs(redis.call('SMEMBERS', hosts)) do
    for _, token in ipairs(redis.call('ZRANGE', key, 0, -1)) do
      if string.sub(token, 1, #dead + 1) == dead .. '|' then redis.call('ZREM', key, token) end
    end
  end
  redis.call('DEL', hosts)
end
"""


def slot_key(url: str) -> str:
    from urllib.parse import urlsplit

    return f"{SLOTS}:{(urlsplit(url).hostname or '').lower()}"


class ClusterSlotMiddleware:
    """Downloader middleware of a crawl node (see module doc). Stats:
    ``news/cluster/slot_waits`` (requests that had to wait for a slot)."""

    def __init__(self, url: str, limit: int, ttl_seconds: float, stats: Any = None, node: str = "node") -> None:
        self.client = connect(url)
        self.node = node
        self.hosts = f"{SLOT_HOSTS}:{node}"
        self.limit = limit
        self.ttl = ttl_seconds
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterSlotMiddleware:
        settings = crawler.settings
        url = settings.get("NEWS_REDIS_URL")
        if not url:
            raise NotConfigured("no NEWS_REDIS_URL")
        limit = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        ttl = settings.getfloat("DOWNLOAD_TIMEOUT", 180) + 30
        return cls(url, limit, ttl, crawler.stats, settings.get("NEWS_REDIS_NODE") or "node")

    def _try(self, key: str, token: str) -> bool:
        now = time.time()
        args = [now, self.limit, now + self.ttl, token, int(self.ttl * 1000)]
        return bool(self.client.eval(_ACQUIRE, 2, key, self.hosts, *args))

    async def process_request(self, request: Any) -> None:
        if _TOKEN in request.meta:
            return None
        # imported here, not at the top: the crawl command imports this module before Scrapy installs its reactor
        from twisted.internet import reactor

        key, token = slot_key(request.url), f"{self.node}|{uuid.uuid4().hex}"
        delay = 0.05
        if not self._try(key, token):
            if self.stats:
                self.stats.inc_value("news/cluster/slot_waits")
            while not self._try(key, token):
                await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
                delay = min(delay * 1.5, 0.2)
        request.meta[_TOKEN] = (key, token)
        return None

    def _release(self, request: Any) -> None:
        held = request.meta.pop(_TOKEN, None)
        if held is not None:
            self.client.zrem(*held)

    def process_response(self, request: Any, response: Any) -> Any:
        self._release(request)
        return response

    def process_exception(self, request: Any, exception: Exception) -> None:
        self._release(request)
