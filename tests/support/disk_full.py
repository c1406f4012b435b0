"""A full disk, on demand, for a real crawl: a test-only item pipeline.

Placed just before the store step (``-s ITEM_PIPELINES=...``, see
:func:`pipelines_with_full_disk`), it lets the first ``TEST_DISK_FULL_AFTER``
articles through and then forbids the crawl's database connection to grow
the file (``PRAGMA max_page_count`` = its current size): from then on SQLite
answers writes and commits the way it does on a full disk (SQLITE_FULL,
"database or disk is full"). Only that connection is limited, as only the
article writes would be on a disk that still has room for the small
``crawl_runs`` update.
"""

from __future__ import annotations

import json
from typing import Any

from crawler.settings import ITEM_PIPELINES
from crawler.storage import Store

SETTING = "TEST_DISK_FULL_AFTER"


class DiskFullAfter:
    def __init__(self, store: Store, after: int) -> None:
        self.store = store
        self.after = after
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> DiskFullAfter:
        return cls(Store.of_crawler(crawler), crawler.settings.getint(SETTING, 2))

    def open_spider(self) -> None:
        self.store.open()

    def close_spider(self) -> None:
        self.store.close()

    def process_item(self, item: Any) -> Any:
        self.seen += 1
        if self.seen == self.after + 1:
            (pages,) = self.store.conn.execute("PRAGMA page_count").fetchone()
            self.store.conn.execute(f"PRAGMA max_page_count = {pages}")
        return item


def pipelines_with_full_disk(after: int) -> list[str]:
    """The ``-s`` options of a crawl whose disk is full after ``after`` articles."""
    pipelines = {**ITEM_PIPELINES, f"{__name__}.DiskFullAfter": 490}
    return ["-s", f"ITEM_PIPELINES={json.dumps(pipelines)}", "-s", f"{SETTING}={after}"]
