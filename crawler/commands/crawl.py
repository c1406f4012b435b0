"""``scrapy crawl`` with checks first, a lock against overlapping runs and
honest exit codes.

A bad ``-a`` argument, a bad sources file or an unusable database stops the
command before any request is made, with one clear line (file, line, reason)
instead of a traceback.

Exit codes: 0 every source fine; 1 the crawl could not start (bad sources
file, unusable database, bad argument); 3 a source failed outright or yielded
nothing, or the run did not finish (see :mod:`crawler.runs`); 75 another
crawl holds the lock (``NEWS_LOCK_FILE``, default ``<NEWS_DB>.lock``).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler import db as dbmod
from crawler.arguments import ArgumentError, parse_arguments
from crawler.constants import EXIT_LOCKED, EXIT_USAGE
from crawler.sources import SourcesError, load_sources, select_sources, source_for_url

logger = logging.getLogger(__name__)


def preflight(settings: Any, spider_args: dict[str, str]) -> None:
    """Raise ArgumentError/SourcesError/DatabaseError for what would make the
    crawl fail: an unknown or bad ``-a`` argument, an unknown source, a bad
    home URL, a bad sources file, an unusable database."""
    arguments = parse_arguments(spider_args)
    if arguments.url:
        source_for_url(arguments.url)
    else:
        select_sources(load_sources(settings.get("NEWS_SOURCES")), arguments.source)
    dbmod.check(settings.get("NEWS_DB"))


def lock_path(settings: Any) -> Path:
    return Path(settings.get("NEWS_LOCK_FILE") or f"{settings.get('NEWS_DB')}.lock")


@contextlib.contextmanager
def run_lock(path: Path) -> Iterator[IO[str] | None]:
    """An exclusive, non-blocking ``flock`` on ``path``; yields None when
    another process holds it. The kernel releases it if the process dies."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Command(ScrapyCrawl):
    def short_desc(self) -> str:
        return "Run a spider (with a run lock; exit code 3 when a source broke)"

    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("run exactly one spider: scrapy crawl news [-a ...]")
        assert self.settings is not None and self.crawler_process is not None
        try:
            preflight(self.settings, opts.spargs)
        except (ArgumentError, SourcesError, dbmod.DatabaseError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            self.exitcode = EXIT_USAGE
            return
        path = lock_path(self.settings)
        with run_lock(path) as lock:
            if lock is None:
                logger.error("another crawl holds %s; not starting", path)
                self.exitcode = EXIT_LOCKED
                return
            crawler = self._create_crawler(args[0])
            self.crawler_process.crawl(crawler, **opts.spargs)
            self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_USAGE
        elif crawler.stats.get_value("news/exit_code"):
            self.exitcode = int(crawler.stats.get_value("news/exit_code"))
