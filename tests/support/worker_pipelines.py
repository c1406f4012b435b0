"""Small item pipelines for the worker tests (tests/test_workers.py).

They run in a worker process, so all they share with the test is what goes
back in replies: the item, stats and the drop or error.
"""

from __future__ import annotations

import os
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem


class Mark:
    """Appends its name to ``item["seen"]``; counts items in stats; records
    open, ``spider_idle`` and (at close) the order items came in."""

    name = "mark"

    def __init__(self, crawler: Any) -> None:
        self.stats = crawler.stats
        self.order: list[int] = []
        crawler.signals.connect(self.idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Any) -> Mark:
        return cls(crawler)

    def open_spider(self) -> None:
        self.stats.inc_value(f"test/{self.name}/opened")

    def close_spider(self) -> None:
        self.stats.set_value(f"test/{self.name}/order", self.order)

    def idle(self) -> None:
        self.stats.inc_value(f"test/{self.name}/idle")

    def process_item(self, item: dict) -> dict:
        item["seen"] = [*item.get("seen", []), self.name]
        self.order.append(item["n"])
        self.stats.inc_value(f"test/{self.name}/items")
        self.stats.max_value("test/max_n", item["n"])
        return item


class Second(Mark):
    name = "second"


class Gate:
    """Drops items with an odd ``n``; fails on ``n == 4``."""

    def process_item(self, item: dict) -> dict:
        if item["n"] == 4:
            raise ValueError("n is four")
        if item["n"] % 2:
            raise DropItem(f"odd {item['n']}")
        return item


class OldStyle:
    """The deprecated signature with a spider argument."""

    def process_item(self, item: dict, spider: Any) -> dict:
        item["spider"] = repr(spider)
        return item


class Async:
    async def process_item(self, item: dict) -> dict:
        item["async"] = True
        return item


class Pid:
    """Tells which process ran it."""

    def process_item(self, item: dict) -> dict:
        item["pids"] = [*item.get("pids", []), os.getpid()]
        return item


class LaterPid(Pid):
    pass


class DieAfter:
    """Kills its own process at the ``TEST_DIE_AFTER``-th item (for the crash test)."""

    def __init__(self, after: int) -> None:
        self.after = after
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> DieAfter:
        return cls(crawler.settings.getint("TEST_DIE_AFTER"))

    def process_item(self, item: Any) -> Any:
        self.count += 1
        if self.count >= self.after:
            os._exit(1)
        return item


class BadOpen:
    """Cannot open (a database it needs is missing, say)."""

    def open_spider(self) -> None:
        raise OSError("no such database")


class BadClose:
    """Cannot close (a commit refused, say)."""

    def close_spider(self) -> None:
        raise OSError("disk full")
