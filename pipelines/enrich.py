"""Enrich pipeline: where, what, how many and who (:mod:`crawler.enrich`), for the store step.

Runs after dedupe (a dropped copy costs nothing) and before store, which
writes the rows in the savepoint of the article itself: an article is never
stored without its enrichment or with half of it. ``NEWS_ENRICH = False``
switches the step off; ``python -m crawler.enrich`` enriches stored
articles later, without fetching.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.enrich import enrich, rules_version
from crawler.enrich.stored import to_rows


class EnrichPipeline:
    """Puts :class:`~crawler.storage.records.EnrichmentRows` on ``item.enrichment``. Setting: ``NEWS_ENRICH``."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.version = rules_version()  # loads the gazetteer and rules once, before the first article

    @classmethod
    def from_crawler(cls, crawler: Any) -> EnrichPipeline:
        if not crawler.settings.getbool("NEWS_ENRICH", True):
            raise NotConfigured("NEWS_ENRICH is off")
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        rows = to_rows(enrich(item.title, item.body, item.published_at), self.version)
        item.enrichment = rows
        if self.stats:
            self.stats.inc_value("news/enriched")
            if rows.article_places:
                self.stats.inc_value("news/enriched/with_place")
            if rows.casualties is not None:
                self.stats.inc_value("news/enriched/with_casualties")
        return item
