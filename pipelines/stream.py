"""Stream pipeline: on a crawl node (``NEWS_REDIS_URL``), the extracted article
goes to the cluster's writer through Redis instead of into a local database.

:func:`crawler.cluster.node.node_settings` puts it where dedupe and store
stand in an in-process crawl; the writer (:mod:`crawler.writer`) runs those.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured

from crawler.cluster import ARTICLES, connect
from crawler.cluster.stream import encode
from crawler.dedupe import is_amp_page


class StreamPipeline:
    """Sends each extracted article to the writer (XADD to ``news:articles``).

    Stats: ``news/cluster/sent``. The stream is unbounded on purpose: an entry
    leaves Redis only when the writer has committed it (see :mod:`crawler.writer`).
    """

    def __init__(self, url: str, stats: Any = None) -> None:
        self.client = connect(url)
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> StreamPipeline:
        url = crawler.settings.get("NEWS_REDIS_URL")
        if not url:
            raise NotConfigured("no NEWS_REDIS_URL")
        return cls(url, crawler.stats)

    def process_item(self, item: Any) -> Any:
        self.client.xadd(ARTICLES, encode(item, is_amp_page(item)))
        if self.stats:
            self.stats.inc_value("news/cluster/sent")
        return item
