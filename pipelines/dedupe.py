"""Dedupe pipeline: decides what storing an article means, through the crawl's Store.

The rules are :func:`crawler.dedupe.decide` (dropped as unchanged, an AMP
copy or a same-source copy; else new, a revision of a stored row, or in the
story of near duplicates). The decision travels on the item (``decision``)
to the store pipeline, which writes it. Both pipelines use the crawl's one
:class:`~crawler.storage.Store`, so dedupe sees the rows of the store's open
batch; all state lives in the database, so a restarted crawl (or a second
process) sees every earlier fingerprint.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.dedupe import DEFAULT_THRESHOLD, Rejected, decide
from crawler.storage import Store


class DedupePipeline:
    """Drops articles already stored and decides the story of the others.
    Settings: ``NEWS_DB``, ``NEWS_NEAR_DUPLICATE_THRESHOLD``."""

    def __init__(self, store: Store, threshold: float = DEFAULT_THRESHOLD, stats: Any = None) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"NEWS_NEAR_DUPLICATE_THRESHOLD must be in (0, 1], got {threshold}")
        self.store = store
        self.threshold = threshold
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(
            Store.of_crawler(crawler),
            crawler.settings.getfloat("NEWS_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD),
            crawler.stats,
        )

    def open_spider(self) -> None:
        self.store.open()

    def close_spider(self) -> None:
        self.store.close()

    def _count(self, key: str) -> None:
        if self.stats:
            self.stats.inc_value(key)

    def process_item(self, item: Any) -> Any:
        try:
            item.decision = decide(item, self.store, self.threshold)
        except Rejected as rejected:
            self._count(f"news/dropped/{rejected.reason}")
            raise DropItem(str(rejected)) from None
        if item.decision.replaces is not None:
            self._count("news/revisions")
        if item.decision.matches:
            self._count("news/duplicates")
        return item
