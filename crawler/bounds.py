"""Bounds that make every crawl end, whatever the sites offer.

A site can offer work for ever: a sitemap index pointing at a new index
(``?n=N`` -> ``?n=N+1``), hundreds of thousands of sitemap URLs, pages that
never come. Each component below cuts one kind of endless work; what is cut
is counted as ``news/cut/<reason>`` and per source as
``news/source/<name>/cut`` (into ``crawl_runs.cut``), and a source with
anything cut does not save its feed/sitemap validators, so the next run sees
the same sitemaps again and takes what was left.

* :class:`CrawlBoundsMiddleware` (spider middleware) on the requests the
  spider makes: sitemap nesting (an index leads to sitemaps, one level:
  ``sitemap_nesting``), ``NEWS_MAX_SITEMAPS`` sitemaps (``sitemaps``) and
  ``NEWS_MAX_URLS_PER_SOURCE`` other requests (``urls``) per source and run.
  Requests over a bound are never made, so never queued in memory.
* :class:`SourceBudgetMiddleware` (downloader middleware):
  ``NEWS_SOURCE_BUDGET_SECONDS`` of wall-clock time per source, counted from
  its first request; then its queued requests are dropped and its downloads
  in flight cancelled (``budget``).
* :class:`BoundedStop` (extension): the first SIGTERM/SIGINT stops the crawl
  as Scrapy does (no new requests, the open batch is committed when the
  pipelines close); downloads still in flight after ``NEWS_STOP_SECONDS``
  are cancelled so the stop cannot wait on a server that never answers.
"""

from __future__ import annotations

import logging
import signal
import time
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from crawler.confinement import Scope
from crawler.handlers import InFlight

logger = logging.getLogger(__name__)

CUT_PREFIX = "news/cut/"


def _call_later(delay: float, func: Any, *args: Any) -> Any:
    """``reactor.callLater``, importing the reactor only once Scrapy installed it."""
    from twisted.internet import reactor

    return reactor.callLater(delay, func, *args)


def seconds_setting(crawler: Any, name: str) -> float:
    """A duration setting; 0 (or less) switches its component off."""
    seconds = crawler.settings.getfloat(name)
    if seconds <= 0:
        raise NotConfigured
    return seconds


def count_cut(stats: Any, source: str | None, reason: str, n: int = 1) -> None:
    """``news/cut/<reason>`` and the source's ``cut`` counter."""
    stats.inc_value(CUT_PREFIX + reason, n)
    if source:
        stats.inc_value(f"news/source/{source}/cut", n)


class Cut(IgnoreRequest):
    """A request not made because a bound was reached; not an error."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"cut ({reason}): {url}")
        self.reason = reason


class CrawlBoundsMiddleware(BaseSpiderMiddleware):
    """Sitemap nesting, sitemaps and URLs per source and run (see the module
    doc); the start requests (home page, robots.txt, the feeds, sitemaps and
    listings of the sources file) are not counted."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.stats = crawler.stats
        self.max_sitemaps = crawler.settings.getint("NEWS_MAX_SITEMAPS")
        self.max_urls = crawler.settings.getint("NEWS_MAX_URLS_PER_SOURCE")
        self.sitemaps: Counter[str] = Counter()
        self.urls: Counter[str] = Counter()
        self.warned: set[tuple[str, str]] = set()

    def _cut(self, source: str, reason: str, request: Request) -> None:
        count_cut(self.stats, source, reason)
        if (source, reason) not in self.warned:
            self.warned.add((source, reason))
            logger.warning("%s: %s bound reached at %s; more are counted, not requested", source, reason, request.url)

    def get_processed_request(self, request: Request, response: Response | None) -> Request | None:
        source = request.meta.get("news_source")
        if not source or response is None:  # start requests: the sources file's own entries
            return request
        if request.meta.get("news_kind") == "sitemap":
            parent_is_sitemap = isinstance(response, Response) and response.meta.get("news_kind") == "sitemap"
            depth = response.meta.get("news_sitemap_depth", 0) + 1 if parent_is_sitemap else 0
            if depth > 1:
                self._cut(source, "sitemap_nesting", request)
                return None
            request.meta["news_sitemap_depth"] = depth
            self.sitemaps[source] += 1
            if self.max_sitemaps and self.sitemaps[source] > self.max_sitemaps:
                self._cut(source, "sitemaps", request)
                return None
            return request
        self.urls[source] += 1
        if self.max_urls and self.urls[source] > self.max_urls:
            self._cut(source, "urls", request)
            return None
        return request


class SourceBudgetMiddleware:
    """``NEWS_SOURCE_BUDGET_SECONDS`` per source (0: none); see the module doc.

    Requests without a source (robots.txt) belong to the sources whose sites
    they are on."""

    def __init__(self, crawler: Any, budget: float) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.budget = budget
        self.started: dict[str, float] = {}
        self.expired: set[str] = set()
        self.scopes: dict[str, Scope] = {}
        self.timers: list[Any] = []  # one delayed call per source

    @classmethod
    def from_crawler(cls, crawler: Any) -> SourceBudgetMiddleware:
        middleware = cls(crawler, seconds_setting(crawler, "NEWS_SOURCE_BUDGET_SECONDS"))
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        self.scopes = {s.name: Scope.of([s]) for s in getattr(spider, "sources", [])}

    def spider_closed(self, spider: Any) -> None:
        for timer in self.timers:
            if timer.active():
                timer.cancel()

    def _sources_of(self, request: Request) -> list[str]:
        source = request.meta.get("news_source")
        if source:
            return [source]
        return [name for name, scope in self.scopes.items() if scope.allows(request.url)]

    def process_request(self, request: Request) -> None:
        sources = self._sources_of(request)
        expired = [s for s in sources if s in self.expired]
        if expired and len(expired) == len(sources):
            count_cut(self.stats, request.meta.get("news_source"), "budget")
            raise Cut("budget", request.url)
        for source in sources:
            if source not in self.started:
                self.started[source] = time.monotonic()
                self.timers.append(_call_later(self.budget, self.expire, source))

    def expire(self, source: str) -> None:
        """The source's time is up: cancel its downloads in flight."""
        self.expired.add(source)
        scope = self.scopes.get(source)

        def belongs(request: Request) -> bool:
            owner = request.meta.get("news_source")
            return owner == source or (not owner and scope is not None and scope.allows(request.url))

        cancelled = InFlight.of(self.crawler).cancel(belongs, "budget")
        if cancelled:
            count_cut(self.stats, source, "budget", cancelled)
        logger.warning(
            "%s: NEWS_SOURCE_BUDGET_SECONDS (%s s) used up; %d downloads cancelled, queued requests dropped",
            source,
            self.budget,
            cancelled,
        )


class BoundedStop:
    """The first SIGTERM/SIGINT: Scrapy's graceful stop, plus a deadline of
    ``NEWS_STOP_SECONDS`` for downloads (0: Scrapy's behaviour, which waits
    for every download in flight, retries included)."""

    def __init__(self, crawler: Any, seconds: float) -> None:
        self.crawler = crawler
        self.seconds = seconds
        self.stopping = False
        self.deadline: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> BoundedStop:
        extension = cls(crawler, seconds_setting(crawler, "NEWS_STOP_SECONDS"))
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def engine_started(self) -> None:
        # Scrapy installs its handlers once the reactor runs: wrap them after that
        _call_later(0, self.wrap_handlers)

    def wrap_handlers(self) -> None:
        from twisted.internet import reactor

        for signum in (signal.SIGTERM, signal.SIGINT):
            previous = signal.getsignal(signum)

            def handler(signum: int, frame: Any, previous: Any = previous) -> None:
                reactor.callFromThread(self.start_deadline)  # nothing else is safe in a signal handler
                if callable(previous):
                    previous(signum, frame)

            signal.signal(signum, handler)

    def start_deadline(self) -> None:
        if self.stopping:
            return
        self.stopping = True
        logger.info("Stopping: downloads still in flight in %s s are cancelled (NEWS_STOP_SECONDS)", self.seconds)
        for request in InFlight.of(self.crawler).tasks:
            request.meta["dont_retry"] = True
        self.deadline = _call_later(self.seconds, self.cancel_downloads)

    def cancel_downloads(self) -> None:
        cancelled = InFlight.of(self.crawler).cancel(lambda request: True, "stop")
        logger.warning("Stopping: %d downloads in flight cancelled after %s s", cancelled, self.seconds)
        self.crawler.stats.inc_value(CUT_PREFIX + "stop", cancelled)

    def spider_closed(self) -> None:
        if self.deadline is not None and self.deadline.active():
            self.deadline.cancel()
