"""What the cluster's state mirror (crawler/cluster/mirror.py) costs on a large database.

    .venv/bin/python -m bench.mirror_cost --redis redis://127.0.0.1:6391/0 [--rows 100000]

Fills a temporary database with ROWS fake articles (bench.bench_known's:
long Arabic URLs, each fetched with a tracking query, so both spellings are
mirrored), then times the writer's start-up publication (``publish_all``), the
Redis memory it takes per article, and a node's "already stored?" lookup per
link (:class:`crawler.cluster.state.ClusterKnownArticles`, one HMGET). The
Redis database is flushed. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import redis

from bench.bench_known import article_url, fill
from crawler.cluster.mirror import Mirror
from crawler.cluster.state import ClusterKnownArticles

LINKS = 5000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", required=True, help="a scratch Redis (its database is flushed!)")
    parser.add_argument("--rows", type=int, default=100_000, help="stored articles (default 100000)")
    args = parser.parse_args()
    client = redis.Redis.from_url(args.redis)
    client.flushdb()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "news.db"
        fill(path, args.rows)
        before = client.info("memory")["used_memory"]
        mirror = Mirror(client, path)
        try:
            started = time.perf_counter()
            published = mirror.publish_all()
            elapsed = time.perf_counter() - started
        finally:
            mirror.close()
    used = client.info("memory")["used_memory"] - before
    print(f"publish_all: {published} articles in {elapsed:.1f} s ({published / elapsed:.0f} per s)")
    print(f"Redis memory: {used / max(published, 1):.0f} bytes per stored article")
    known = ClusterKnownArticles(client)
    links = [article_url(n) for n in range(0, args.rows, max(args.rows // LINKS, 1))]
    links += [f"https://www.example.com/new/{n}" for n in range(LINKS)]
    started = time.perf_counter()
    hits = sum(link in known for link in links)
    elapsed = time.perf_counter() - started
    print(f"lookup: {elapsed / len(links) * 1e6:.0f} µs per link ({hits} stored of {len(links)})")
    client.flushdb()


if __name__ == "__main__":
    main()
