"""Run accounting: one ``crawl_runs`` row per run and source, filled from
Scrapy signals and stats.

The row is written when the run starts (``status = 'running'``, no
``ended_at``) and completed when it closes, so a killed run stays visible.
Per-source counters live in the stats as ``news/source/<name>/<counter>``:
the spider counts skipped known articles, 304s and errors; this extension
counts fetched pages and what happened to each item.

At close every source gets a status: ``ok``; ``failed`` (not one page could
be fetched); ``empty`` (pages came back but no article, new or known, was
found). Any ``failed``/``empty`` source sets the stat ``news/exit_code`` to
:data:`EXIT_SOURCE_PROBLEM`, which the ``crawl`` command returns.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from scrapy import signals

from crawler.cluster.state import report_run
from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.storage import DatabaseError
from crawler.storage.runs import COUNTERS, finish_runs, start_runs
from crawler.text.dates import to_iso, utc_now

__all__ = ["COUNTERS", "Outcome", "RunsExtension", "drop_reason", "judge", "source_key", "stored_counters", "take_back"]
DUPLICATE_REASONS = frozenset({"unchanged", "duplicate"})
_DROP_PREFIX = "news/dropped/"


def source_key(source: str, counter: str) -> str:
    return f"news/source/{source}/{counter}"


@dataclass(frozen=True)
class Outcome:
    status: str  # ok | empty | failed
    counts: dict[str, int]


def stored_counters(item: Any) -> list[str]:
    """The ``crawl_runs`` counters a stored article adds to. The store step
    takes them back (:func:`take_back`) when SQLite refuses the batch the
    article was in: the run record counts what was committed."""
    flags = {
        "articles_stored": True,
        "duplicates": item.duplicate_of is not None,
        "with_date": bool(item.published_at),
        "with_author": bool(item.author),
        "with_section": bool(item.section),
    }
    return [name for name, counted in flags.items() if counted]


def take_back(stats: Any, lost: list[tuple[str, list[str]]]) -> None:
    """Articles of a batch SQLite refused, as (source, :func:`stored_counters`):
    their counters are taken back and counted as ``lost`` (the run is then
    not complete: :func:`crawler.storage.runs.last_run_complete`)."""
    for source, counters in lost:
        for counter in counters:
            stats.inc_value(source_key(source, counter), -1)
        stats.inc_value(source_key(source, "lost"))


def judge(counts: dict[str, int]) -> str:
    """A source's status from its counters (see the module doc)."""
    if counts["pages_fetched"] == 0 and counts["not_modified"] == 0:
        return "failed"
    found = counts["articles_stored"] + counts["duplicates"] + counts["known_skipped"] + counts["not_modified"]
    return "ok" if found else "empty"


def drop_reason(before: dict[str, Any], after: dict[str, Any]) -> str | None:
    """Which ``news/dropped/<reason>`` stat the pipeline that dropped an item
    just increased (pipelines count the reason right before raising)."""
    for key, value in after.items():
        if key.startswith(_DROP_PREFIX) and value != before.get(key, 0):
            return key[len(_DROP_PREFIX) :]
    return None


class RunsExtension:
    """Writes ``crawl_runs`` (setting: ``NEWS_DB``)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.db_path = crawler.settings.get("NEWS_DB")
        # a crawl node (README "Scale-out") sees only its share of each source's
        # pages: a source empty here may be full on another node; it reports
        # its counters, and the writer records the whole run (crawler.cluster.state)
        self.cluster_url = crawler.settings.get("NEWS_REDIS_URL")
        self.partial = bool(self.cluster_url)
        self.run_id = ""
        self.started_at = ""
        self.drops: dict[str, Any] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunsExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(ext.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        return ext

    def _names(self, spider: Any) -> list[str]:
        return [s.name for s in getattr(spider, "sources", [])]

    def _inc(self, source: str | None, counter: str) -> None:
        if source:
            self.stats.inc_value(source_key(source, counter))

    def spider_opened(self, spider: Any) -> None:
        self.started_at = to_iso(utc_now())
        self.run_id = f"{self.started_at}/{id(self):x}"
        start_runs(self.db_path, self.run_id, self._names(spider), self.started_at)

    def response_received(self, response: Any, request: Any, spider: Any) -> None:
        if response.status < 400 and response.status != 304:  # 304s: counted by the spider
            self._inc(request.meta.get("news_source"), "pages_fetched")

    def item_scraped(self, item: Any, response: Any, spider: Any) -> None:
        for counter in stored_counters(item):
            self._inc(item.source, counter)
        self.drops = self._drop_stats()

    def item_dropped(self, item: Any, response: Any, exception: Any, spider: Any) -> None:
        after = self._drop_stats()
        reason = drop_reason(self.drops, after)
        self.drops = after
        self._inc(item.source, "duplicates" if reason in DUPLICATE_REASONS else "dropped")

    def item_error(self, item: Any, response: Any, spider: Any, failure: Any) -> None:
        self._inc(getattr(item, "source", None), "errors")

    def spider_error(self, failure: Any, response: Any, spider: Any) -> None:
        self._inc(response.meta.get("news_source") if response is not None else None, "errors")

    def _drop_stats(self) -> dict[str, Any]:
        return {k: v for k, v in self.stats.get_stats().items() if k.startswith(_DROP_PREFIX)}

    def outcomes(self, names: list[str]) -> dict[str, Outcome]:
        out: dict[str, Outcome] = {}
        for name in names:
            counts = {c: int(self.stats.get_value(source_key(name, c), 0)) for c in COUNTERS}
            out[name] = Outcome(judge(counts), counts)
        return out

    def spider_closed(self, spider: Any, reason: str) -> None:
        outcomes = self.outcomes(self._names(spider))
        ended_at = to_iso(utc_now())
        try:
            finish_runs(
                self.db_path, self.run_id, ended_at, reason, {name: (o.status, o.counts) for name, o in outcomes.items()}
            )
        except (sqlite3.Error, DatabaseError) as exc:  # a full disk: the rows stay 'running', i.e. not complete
            spider.logger.error("could not complete the crawl_runs rows of run %s: %s", self.run_id, exc)
            self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
        if self.cluster_url:
            report = {"reason": reason, "started_at": self.started_at, "ended_at": ended_at}
            report["counts"] = {name: o.counts for name, o in outcomes.items()}
            report_run(self.cluster_url, self.crawler.settings.get("NEWS_REDIS_NODE") or self.run_id, report)
        bad = [] if self.partial else sorted(name for name, o in outcomes.items() if o.status != "ok")
        for name in bad:
            spider.logger.error("source %s: %s (%s)", name, outcomes[name].status, outcomes[name].counts)
        if bad or reason != "finished":
            self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
