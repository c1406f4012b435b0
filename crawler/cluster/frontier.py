"""The shared frontier with leases: a request a node takes is never lost with the node.

scrapy-redis's queue pops a request out of Redis; a node killed with
``kill -9`` (or a lost machine) would take its popped-but-unfinished
requests with it, and the dupefilter would keep every other node from
queuing them again. So :class:`LeasedQueue` pops a request *and* records it
in the node's lease hash ``news:inflight:<node>`` (request -> its queue
score) in one Lua script: at every moment a request is either in the queue
or leased to a live node.

* A request is done when Scrapy's engine no longer holds it (its response,
  with the items and requests it yielded, has been handled, or a redirect
  put its successor in the queue); the node's heartbeat gives the leases of
  done requests back (:meth:`Leases.release_done`). A node that closes
  cleanly drops its whole hash.
* A node whose heartbeat expired is dead: whoever notices first (another
  node's heartbeat, a node joining or leaving) moves its leases back into the
  queue, straight into the sorted set, past the dupefilter
  (:data:`REQUEUE_DEAD`), and the live nodes fetch them.
* So a request may be fetched twice (a node dies after handling a response
  but before its lease went back): the article it yields reaches the writer
  twice and dedupe drops the second one as unchanged. Nothing is lost, nothing
  stored twice.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy_redis.queue import PriorityQueue

from crawler.cluster import PREFIX

logger = logging.getLogger(__name__)

INFLIGHT = f"{PREFIX}:inflight"  # + ":<node>": hash request -> score, the node's leases

# KEYS[1] the queue, KEYS[2] the node's leases: take the first request and lease it
_POP = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return nil end
redis.call('ZREM', KEYS[1], top[1])
redis.call('HSET', KEYS[2], top[1], top[2])
return top[1]
"""

# Lua body shared by the node scripts (crawler.cluster.node): KEYS[1] the live
# nodes, KEYS[2] the queue; ARGV[1] now, ARGV[2] the lease-hash prefix. Moves
# every dead node's leases back to the queue and forgets the node.
REQUEUE_DEAD = """
for _, dead in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])) do
  local leases = redis.call('HGETALL', ARGV[2] .. dead)
  for i = 1, #leases, 2 do redis.call('ZADD', KEYS[2], leases[i + 1], leases[i]) end
  redis.call('DEL', ARGV[2] .. dead)
  redis.call('ZREM', KEYS[1], dead)
end
"""


def lease_key(node: str) -> str:
    return f"{INFLIGHT}:{node}"


class Leases:
    """This node's leased requests (one per crawler: :meth:`of_crawler`)."""

    def __init__(self, client: Any, node: str) -> None:
        self.client = client
        self.key = lease_key(node)
        self.held: dict[bytes, Any] = {}  # the queue member -> the request object the engine got

    @classmethod
    def of_crawler(cls, crawler: Any) -> Leases | None:
        return getattr(crawler, "news_leases", None)

    def attach(self, crawler: Any) -> None:
        crawler.news_leases = self

    def take(self, member: bytes, request: Any) -> None:
        self.held[member] = request

    def release_done(self, in_progress: set[Any] | None) -> int:
        """Give back the leases of requests the engine no longer holds; how many."""
        if in_progress is None:  # cannot tell (another Scrapy): the leases go back when the node leaves
            self.held.clear()  # and the requests are not kept in memory meanwhile
            return 0
        done = [member for member, request in self.held.items() if request not in in_progress]
        if done:
            self.client.hdel(self.key, *done)
            for member in done:
                del self.held[member]
        return len(done)


def engine_in_progress(crawler: Any) -> set[Any] | None:
    """The requests Scrapy's engine holds (downloading or being handled), or
    None when this Scrapy does not say. Scrapy has no "response handled"
    signal; its engine keeps this set for its own closing logic."""
    slot = getattr(getattr(crawler, "engine", None), "_slot", None)
    requests = getattr(slot, "inprogress", None)
    return requests if isinstance(requests, set) else None


class LeasedQueue(PriorityQueue):
    """scrapy-redis's priority queue, whose pop leases the request to this node
    (``SCHEDULER_QUEUE_CLASS`` of a node; see the module doc)."""

    def __init__(self, server: Any, spider: Any, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        crawler = spider.crawler
        self.leases = Leases.of_crawler(crawler)
        if self.leases is None:
            self.leases = Leases(server, crawler.settings.get("NEWS_REDIS_NODE") or "unnamed")
            self.leases.attach(crawler)

    def pop(self, timeout: int = 0) -> Any:
        member = self.server.eval(_POP, 2, self.key, self.leases.key)
        if member is None:
            return None
        request = self._decode_request(member)
        self.leases.take(member, request)
        return request
