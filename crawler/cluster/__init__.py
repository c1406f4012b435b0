"""Scale-out over Redis: crawl nodes on any machines, one writer (README "Scale-out").

Why: one process (or one machine) cannot crawl thousands of sources or a
backfill of millions of pages, but the data must still end in the one SQLite
database that Datasette and the export read. So the work is split where the
CPU goes and joined where the writes go:

* crawl nodes (``scrapy crawl news -s NEWS_REDIS_URL=...``) share one frontier
  through scrapy-redis (scheduler queue and duplicate filter), run the
  extraction and send each extracted article to a Redis Stream
  (:mod:`crawler.cluster.node`);
* one writer (``python -m crawler.writer``) reads the stream through a
  consumer group and runs the pipelines that touch the database (dedupe,
  enrichment, store); an entry is acknowledged only after the SQLite commit,
  so nothing is lost, and dedupe makes a redelivered entry a no-op, so
  nothing is stored twice (:mod:`crawler.writer`).

This module holds what both sides agree on: the key names and how an item
travels (:mod:`crawler.cluster.stream`).
"""

from __future__ import annotations

from typing import Any

# the pipelines from this ITEM_PIPELINES priority on run in the writer, the
# ones before it (extraction) on the nodes
WRITER_STAGE = 400

PREFIX = "news"
ARTICLES = f"{PREFIX}:articles"  # the stream of extracted articles
DEAD_LETTERS = f"{PREFIX}:articles:dead"  # entries that failed --max-deliveries times (crawler.writer)
GROUP = "writer"  # the consumer group of the one writer
REQUESTS = f"{PREFIX}:requests"  # scrapy-redis: the shared scheduler queue
DUPEFILTER = f"{PREFIX}:dupefilter"  # scrapy-redis: the shared request fingerprints
NODES = f"{PREFIX}:nodes"  # live nodes: sorted set, score = when the node's heartbeat expires
# incremental state, mirrored from the writer's database (crawler.cluster.state)
KNOWN = f"{PREFIX}:known"  # hash: stored article's canonical URL (and URL as fetched) -> JSON
RECENT = f"{PREFIX}:recent"  # + ":<source>": sorted set of canonical URLs by publication/modification time
VALIDATORS = f"{PREFIX}:validators"  # + ":<source>": hash feed/sitemap URL -> JSON validators
COMPLETE = f"{PREFIX}:complete"  # hash source -> "1" when its last run was complete
RUN = f"{PREFIX}:run"  # the id of the current run (set by its first node)
RUNS = f"{PREFIX}:runs"  # set: runs the writer has not recorded in crawl_runs yet


RUN_KEYS = f"{PREFIX}:run:"  # + "<run id>:<part>", see run_key


def run_key(run_id: str, part: str) -> str:
    """A key of one run: ``nodes`` (set), ``reports`` (hash node -> JSON),
    ``validators:<source>`` (hash URL -> JSON)."""
    return f"{RUN_KEYS}{run_id}:{part}"


class RedisUnavailable(RuntimeError):
    """Redis cannot be reached (the message is one line, for the user)."""


RETRIES = 20  # with backoff up to 1 s: a Redis restart of ~10 s goes unnoticed


def client_options() -> dict[str, Any]:
    """Options of every Redis client of the cluster (ours and scrapy-redis's):
    commands are retried through a Redis restart instead of losing the work."""
    from redis.backoff import ExponentialBackoff
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
    from redis.retry import Retry

    return {
        "socket_connect_timeout": 5,
        "socket_timeout": 30,
        "retry": Retry(ExponentialBackoff(cap=1.0, base=0.05), RETRIES),
        "retry_on_error": [RedisConnectionError, RedisTimeoutError],
    }


def connect(url: str) -> Any:
    """A client for ``url``, checked with one quick PING (no retries: a node
    that cannot reach Redis says so at once); RedisUnavailable otherwise."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
        client = redis.Redis.from_url(url, **client_options())
    except (redis.RedisError, ValueError) as exc:
        raise RedisUnavailable(f"cannot reach Redis at {url}: {exc}") from None
    return client
