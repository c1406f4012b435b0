"""Store pipeline: writes each article and its dedupe decision to SQLite (``NEWS_DB``), in batches.

What is written is :meth:`crawler.storage.Store.write_article`'s business:
the row (upserted by canonical URL), then what dedupe decided (the item's
``decision``: the old text in ``revisions``, the fingerprint and LSH buckets,
the story and ``duplicate_of``). This pipeline owns the batching.

Each article is written all or nothing, so a failing article leaves no
trace; the transaction is committed every ``NEWS_COMMIT_ITEMS`` articles,
every ``NEWS_COMMIT_SECONDS`` seconds of crawling, and when the crawl ends.
One commit per article cost more than the article's own writes (the full-text
index writes a segment per transaction). A crawl killed mid-batch loses
nothing for good: the articles of the open batch are not in the database, so
the next run fetches them again.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals

from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.dedupe import unchecked
from crawler.runs import stored_counters, take_back
from crawler.storage import BatchLost, Store
from crawler.text.dates import to_iso, utc_now

logger = logging.getLogger(__name__)

DEFAULT_COMMIT_ITEMS = 50
DEFAULT_COMMIT_SECONDS = 2.0


class StorePipeline:
    """Writes each article with its dedupe decision and commits in batches (see
    module doc). Settings: ``NEWS_DB``, ``NEWS_COMMIT_ITEMS``, ``NEWS_COMMIT_SECONDS``."""

    def __init__(
        self,
        store: Store,
        stats: Any = None,
        commit_items: int = DEFAULT_COMMIT_ITEMS,
        commit_seconds: float = DEFAULT_COMMIT_SECONDS,
    ) -> None:
        if commit_items < 1 or commit_seconds < 0:
            raise ValueError(
                f"NEWS_COMMIT_ITEMS must be >= 1 and NEWS_COMMIT_SECONDS >= 0, got {commit_items}, {commit_seconds}"
            )
        self.store = store
        self.stats = stats
        self.commit_items = commit_items
        self.commit_seconds = commit_seconds
        self.pending = 0
        self.batch_started = 0.0
        self.batch: list[tuple[str, list[str]]] = []  # (source, crawl_runs counters) of the open batch

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            Store.of_crawler(crawler),
            crawler.stats,
            settings.getint("NEWS_COMMIT_ITEMS", DEFAULT_COMMIT_ITEMS),
            settings.getfloat("NEWS_COMMIT_SECONDS", DEFAULT_COMMIT_SECONDS),
        )
        # while articles are scarce, a batch is still committed within seconds
        crawler.signals.connect(pipeline.commit_if_due, signal=signals.response_received)
        crawler.signals.connect(pipeline.commit, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self.store.open()

    def close_spider(self) -> None:
        self.commit()
        self.store.close()

    def commit(self) -> None:
        """Commit the open batch. If SQLite refuses (disk full, I/O error), the
        batch is rolled back whole, the loss is logged and counted
        (``news/errors/store_commit``) and the crawl exits with code 3: the
        articles are not in the database, so the next run fetches them again."""
        pending, self.pending = self.pending, 0
        try:
            self.store.commit()
        except BatchLost as exc:
            self._batch_lost(pending, exc)
        self.batch = []

    def _batch_lost(self, count: int, exc: BaseException) -> None:
        """The open batch is gone: logged, counted, and taken back from the
        run's counters, so ``crawl_runs`` says what was committed (``lost``)."""
        logger.error(
            "could not commit %d stored articles to %s: %s; the next run fetches them again",
            count,
            self.store.path,
            exc,
        )
        if self.stats:
            self.stats.inc_value("news/errors/store_commit", count)
            self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
            take_back(self.stats, self.batch)
        self.batch = []

    def commit_if_due(self) -> None:
        if self.pending and time.monotonic() - self.batch_started >= self.commit_seconds:
            self.commit()

    def process_item(self, item: Any) -> Any:
        if not self.store.in_batch:
            self.store.begin_batch()
            self.batch_started = time.monotonic()
        decision = item.decision if item.decision is not None else unchecked(item)
        try:
            written = self.store.write_article(item, decision, to_iso(utc_now()))
        except BaseException as exc:
            if not self.store.in_batch:  # SQLite ended the transaction (disk full, I/O error): the batch is gone
                pending, self.pending = self.pending, 0
                self._batch_lost(pending, exc)
            if self.stats:  # this article is not stored either: the run lost it, and says so
                take_back(self.stats, [(item.source, [])])
                self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
            raise
        item.story_id, item.duplicate_of = written.story_id, written.duplicate_of
        self.pending += 1
        self.batch.append((item.source, stored_counters(item)))
        if self.stats:
            self.stats.inc_value("news/stored")
        if self.pending >= self.commit_items:
            self.commit()
        else:
            self.commit_if_due()
        return item
