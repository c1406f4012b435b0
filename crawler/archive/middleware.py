"""Scrapy side of the archive: capture the responses that become articles.

A spider middleware sees each response together with what the spider made
of it. When the spider yields an article item, the response is written to
the archive *before* the item reaches the pipelines, and the item carries
the record's address (:class:`~crawler.archive.writer.Capture`), which the
store writes beside the row. With ``NEWS_ARCHIVE_PAGES = "all"`` listings,
feeds and sitemaps are archived too.

If the disk refuses a write, the crawl stops (exit code 3, stat
``news/errors/archive``) and the article is not stored without its capture.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.archive.writer import ArchiveError, ArchiveWriter, Fetch, recover
from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.items import ArticleItem

logger = logging.getLogger(__name__)
MODES = ("articles", "all")


def _headers(headers: Any) -> list[tuple[str, str]]:
    out = []
    for name, values in headers.items():
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


def fetch_of(response: Response, fetched_at: datetime | None = None) -> Fetch:
    """The request/response pair of a Scrapy response, as the archive keeps it."""
    request = response.request
    return Fetch(
        url=response.url,
        fetched_at=fetched_at or datetime.now(UTC),
        status=response.status,
        response_headers=_headers(response.headers),
        body=response.body,
        method=request.method if request is not None else "GET",
        request_headers=tuple(_headers(request.headers)) if request is not None else (),
        protocol=getattr(response, "protocol", None) or "HTTP/1.1",
    )


def archive_folder(setting: str | None, db_path: str) -> Path:
    """``NEWS_ARCHIVE_DIR``, or the folder ``archive`` beside the database."""
    return Path(setting) if setting else Path(db_path).resolve().parent / "archive"


def file_prefix(settings: Any) -> str:
    """``news``; on a crawl node (README "Scale-out") ``news-<host>``: the
    writer's database names the files of every node, so the names must not
    collide when the nodes' folders are copied into one."""
    if not settings.get("NEWS_REDIS_URL"):
        return "news"
    return "news-" + (re.sub(r"[^A-Za-z0-9.-]+", "_", socket.gethostname()) or "node")


class ArchiveMiddleware:
    """Writes article responses (or every page) to ``NEWS_ARCHIVE_DIR``."""

    def __init__(self, crawler: Any, folder: Path, mode: str, max_bytes: int, prefix: str = "news") -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer = ArchiveWriter(folder, prefix=prefix, max_bytes=max_bytes)
        self.mode = mode
        self.failed = False
        self.closing: asyncio.Future | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchiveMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWS_ARCHIVE_ENABLED", True) or getattr(crawler.spider, "replay_path", None):
            raise NotConfigured  # archiving is off, or the crawl replays an archive
        mode = settings.get("NEWS_ARCHIVE_PAGES", "articles")
        if mode not in MODES:
            raise ValueError(f"NEWS_ARCHIVE_PAGES must be one of {', '.join(MODES)}, not {mode!r}")
        folder = archive_folder(settings.get("NEWS_ARCHIVE_DIR"), settings.get("NEWS_DB"))
        return cls(
            crawler, folder, mode, settings.getint("NEWS_ARCHIVE_MAX_BYTES", 100 * 1024 * 1024), file_prefix(settings)
        )

    def spider_opened(self, spider: Any) -> None:
        # the crawl lock is held by now: any .part file is a killed crawl's
        try:
            closed = recover(self.writer.folder)
        except OSError as exc:
            self._fail(ArchiveError(f"cannot close the files an interrupted crawl left: {exc}"))
            return
        for name in closed:
            logger.info("archive: closed %s left by an interrupted crawl", name)
            self.stats.inc_value("news/archive/recovered_files")

    def spider_closed(self, spider: Any) -> None:
        try:
            self.writer.close()
        except ArchiveError as exc:
            self._fail(exc)

    # --- capture -----------------------------------------------------------------

    def _capture(self, response: Response, item: ArticleItem | None) -> bool:
        if self.failed:
            return False
        if response.meta.get("news_capture") is not None:
            if item is not None:
                item.capture = response.meta["news_capture"]
            return True
        fetched_at = datetime.fromisoformat(item.fetched_at) if item is not None else None
        try:
            capture = self.writer.write(fetch_of(response, fetched_at))
        except ArchiveError as exc:
            self._fail(exc)
            return False
        response.meta["news_capture"] = capture
        self.stats.inc_value("news/archive/records")
        self.stats.inc_value("news/archive/bytes", capture.length)
        if item is not None:
            item.capture = capture
        return True

    def _fail(self, exc: ArchiveError) -> None:
        if not self.failed:
            logger.error("archive: %s; stopping the crawl (nothing is stored without its capture)", exc)
            self.stats.inc_value("news/errors/archive")
            self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
            if self.crawler.engine is not None and self.crawler.engine.spider is not None:
                self.closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="archive_failed"))
        self.failed = True

    def _filter(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        if self.mode == "all" and isinstance(response, Response) and response.status == 200:
            self._capture(response, None)
        for element in result:
            if isinstance(element, ArticleItem) and not self._capture(response, element):
                continue  # never stored without its capture
            yield element

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        yield from self._filter(response, result)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        if self.mode == "all" and response.status == 200:
            self._capture(response, None)
        async for element in result:
            if isinstance(element, ArticleItem) and not self._capture(response, element):
                continue
            yield element
