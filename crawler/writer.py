"""The one writer of a cluster: ``python -m crawler.writer --redis URL --db PATH [--until-idle]``.

Crawl nodes (:mod:`crawler.cluster.node`) send extracted articles to the
Redis Stream ``news:articles``; the writer reads it through the consumer
group ``writer`` and runs the project's database pipelines on each entry,
the ``ITEM_PIPELINES`` from priority :data:`~crawler.cluster.WRITER_STAGE` on
(dedupe, enrichment when present, store), exactly as an in-process crawl
does, so the database is the same.

Nothing lost, nothing twice:

* an entry is acknowledged (XACK) only after the SQLite commit of its batch:
  a writer killed mid-batch leaves its entries pending, and the restarted
  writer takes them back first (XAUTOCLAIM) and stores them;
* an entry delivered again after its commit is dropped by dedupe as
  unchanged (same canonical URL, same content hash), and acknowledged;
* an entry that fails (a poison item: not decodable, or a pipeline raises)
  stays pending and is retried; after ``--max-deliveries`` deliveries it is
  parked in ``news:articles:dead`` with its error, so it never blocks the
  queue.

The writer holds the database's run lock, like a crawl: one writer per
database, and no in-process crawl at the same time. It also keeps the
cluster's incremental state (:mod:`crawler.cluster.mirror`): what is stored
is published to Redis for the nodes, and each finished run is recorded in
``crawl_runs``.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from types import SimpleNamespace
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.signalmanager import SignalManager
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.project import get_project_settings

from crawler import storage
from crawler.cluster import ARTICLES, DEAD_LETTERS, GROUP, WRITER_STAGE, RedisUnavailable, connect
from crawler.cluster.mirror import Mirror
from crawler.cluster.node import live_nodes
from crawler.cluster.stream import decode
from crawler.commands.crawl import lock_path, run_lock
from crawler.constants import EXIT_LOCKED, EXIT_SOURCE_PROBLEM, EXIT_UNAVAILABLE, EXIT_USAGE

logger = logging.getLogger("crawler.writer")

CONSUMER = "writer-1"  # one writer per database (the run lock): one consumer name, so a restart owns its pending
DEFAULT_BATCH = 200
DEFAULT_MAX_DELIVERIES = 5


class CommitFailed(RuntimeError):
    """SQLite refused the batch commit: its entries stay pending in Redis."""


def writer_pipelines(settings: Any) -> tuple[Any, list[Any]]:
    """A crawler-shaped holder (settings, stats, signals) and the database
    pipelines built from it, in priority order."""
    crawler = SimpleNamespace(settings=settings, signals=SignalManager(), spider=None)
    crawler.stats = MemoryStatsCollector(crawler)
    ordered = sorted(
        (priority, path)
        for path, priority in settings.getdict("ITEM_PIPELINES").items()
        if priority is not None and priority >= WRITER_STAGE
    )
    return crawler, [build_from_crawler(load_object(path), crawler) for _, path in ordered]


class Writer:
    """Drains the stream into the database (see module doc)."""

    def __init__(self, client: Any, settings: Any, batch: int, max_deliveries: int) -> None:
        self.client = client
        self.batch = batch
        self.max_deliveries = max_deliveries
        self.crawler, self.pipelines = writer_pipelines(settings)
        self.stats = self.crawler.stats
        self.store = self.pipelines[-1]  # the last one writes and commits
        self.mirror: Mirror | None = None
        self.db_path = settings.get("NEWS_DB")

    def open(self) -> None:
        try:
            self.client.xgroup_create(ARTICLES, GROUP, id="0", mkstream=True)
        except Exception as exc:  # BUSYGROUP: the group exists (a restart)
            if "BUSYGROUP" not in str(exc):
                raise
        for pipeline in self.pipelines:
            if hasattr(pipeline, "open_spider"):
                pipeline.open_spider()
        self.mirror = Mirror(self.client, self.db_path)
        published = self.mirror.publish_all()
        logger.info("published the state of %d stored articles to Redis", published)

    def close(self) -> None:
        for pipeline in reversed(self.pipelines):
            if hasattr(pipeline, "close_spider"):
                pipeline.close_spider()
        if self.mirror is not None:
            self.mirror.close()

    def next_entries(self, block_ms: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        """Pending entries first (a dead writer's, or ones that failed), then new ones."""
        _cursor, claimed, *_ = self.client.xautoclaim(ARTICLES, GROUP, CONSUMER, min_idle_time=0, count=self.batch)
        claimed = [(entry_id, fields) for entry_id, fields in claimed if fields is not None]
        if claimed:
            return claimed
        answer = self.client.xreadgroup(GROUP, CONSUMER, {ARTICLES: ">"}, count=self.batch, block=block_ms or None)
        return answer[0][1] if answer else []

    def deliveries(self, entry_id: bytes) -> int:
        pending = self.client.xpending_range(ARTICLES, GROUP, min=entry_id, max=entry_id, count=1)
        return int(pending[0]["times_delivered"]) if pending else 1

    def run_pipelines(self, fields: dict[bytes, bytes]) -> Any:
        item = decode(fields)
        for pipeline in self.pipelines:
            item = pipeline.process_item(item)
        return item

    def write_batch(self, entries: list[tuple[bytes, dict[bytes, bytes]]]) -> int:
        """Store the entries, commit, then acknowledge; returns how many were done."""
        done, failed, stored = [], [], []
        for entry_id, fields in entries:
            try:
                item = self.run_pipelines(fields)
                stored += [item.url, item.canonical_url or item.url]
            except DropItem as exc:
                logger.debug("dropped %s: %s", entry_id, exc)
            except Exception as exc:  # a poison entry must not stop the others
                failed.append((entry_id, fields, f"{type(exc).__name__}: {exc}"))
                continue
            done.append(entry_id)
        lost = self.stats.get_value("news/errors/store_commit", 0)
        self.store.commit()
        if self.stats.get_value("news/errors/store_commit", 0) != lost:
            raise CommitFailed(f"could not commit {len(done)} articles; they stay queued in Redis")
        if self.mirror is not None:
            self.mirror.publish_known(stored)  # before the XACK: a node never misses a stored article
        parked = [self.park(*failure) for failure in failed if self.deliveries(failure[0]) >= self.max_deliveries]
        if done or parked:
            self.client.xack(ARTICLES, GROUP, *done, *parked)
        self.stats.inc_value("news/writer/entries", len(done))
        return len(done) + len(parked)

    def park(self, entry_id: bytes, fields: dict[bytes, bytes], error: str) -> bytes:
        """Move a poison entry to the dead-letter stream, with its error."""
        logger.error(
            "entry %s failed %d times, parked in %s: %s", entry_id.decode(), self.max_deliveries, DEAD_LETTERS, error
        )
        self.client.xadd(DEAD_LETTERS, {**fields, b"entry": entry_id, b"error": error.encode("utf-8")})
        self.stats.inc_value("news/writer/parked")
        return entry_id

    def drained(self) -> bool:
        """Nothing queued, nothing pending."""
        group = next(g for g in self.client.xinfo_groups(ARTICLES) if g["name"] in (GROUP, GROUP.encode()))
        last = self.client.xinfo_stream(ARTICLES)["last-generated-id"]
        return not group["pending"] and group["last-delivered-id"] == last

    def between_batches(self) -> bool:
        """The queue is empty: record the runs whose nodes are gone
        (crawl_runs, validators); True when no node is running either."""
        live = live_nodes(self.client)  # first: a node that was live may still send entries
        if not self.drained():
            return False
        if self.mirror is not None:
            self.mirror.record_runs(live)
        return live == 0

    def drain(self, until_idle: bool) -> None:
        while True:
            entries = self.next_entries(block_ms=1000)
            if entries:
                self.write_batch(entries)
            elif self.between_batches() and until_idle:
                return


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.writer", description=__doc__.split("\n\n")[0])
    parser.add_argument("--redis", required=True, help="the cluster's Redis, redis://HOST:PORT/N")
    parser.add_argument("--db", required=True, help="the SQLite database (NEWS_DB)")
    parser.add_argument("--until-idle", action="store_true", help="exit once the queue is drained and no node runs")
    parser.add_argument("--batch", type=int, default=DEFAULT_BATCH, help="entries per SQLite commit")
    parser.add_argument(
        "--max-deliveries", type=int, default=DEFAULT_MAX_DELIVERIES, help="deliveries before an entry is parked"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s: %(message)s")
    if args.batch < 1 or args.max_deliveries < 1:
        print("error: --batch and --max-deliveries must be >= 1", file=sys.stderr)
        return EXIT_USAGE
    settings = get_project_settings()
    settings.set("NEWS_DB", str(args.db), priority="cmdline")
    settings.set("NEWS_COMMIT_ITEMS", 10**9, priority="cmdline")  # the writer commits per batch itself
    settings.set("NEWS_COMMIT_SECONDS", 10.0**9, priority="cmdline")
    try:
        database = storage.database_path(args.db, write=True)  # a bad path is refused before Redis is asked
    except storage.DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    try:
        client = connect(args.redis)
    except RedisUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    try:
        with run_lock(lock_path(settings), database) as lock:
            if lock is None:
                print(f"error: another crawl or writer holds the database {args.db}; not starting", file=sys.stderr)
                return EXIT_LOCKED
            storage.check(args.db)
            return _write(client, settings, args)
    except storage.DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE


def _write(client: Any, settings: Any, args: argparse.Namespace) -> int:
    """Drain the stream into the database (under the run lock)."""
    writer = Writer(client, settings, args.batch, args.max_deliveries)
    writer.open()
    started = time.monotonic()
    try:
        writer.drain(args.until_idle)
    except CommitFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_SOURCE_PROBLEM
    except KeyboardInterrupt:
        logger.info("interrupted: uncommitted entries stay pending and are taken back at the next start")
    finally:
        writer.close()
    count = writer.stats.get_value("news/writer/entries", 0)
    elapsed = time.monotonic() - started
    logger.info("wrote %d entries in %.1f s (%.1f/s)", count, elapsed, count / elapsed if elapsed else 0.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
