"""``scrapy crawl`` with checks first, a lock against overlapping runs and
honest exit codes.

A bad ``-a`` argument, a bad sources file or an unusable database stops the
command before any request is made, with one clear line (file, line, reason)
instead of a traceback.

Exit codes: 0 every source fine; 1 the crawl could not start (bad sources
file, unusable database, bad argument); 3 a source failed outright or yielded
nothing, or the run did not finish (see :mod:`crawler.runs`); 75 another
crawl holds the lock (``NEWS_LOCK_FILE``, default ``<NEWS_DB>.lock``, and
the database file itself, whatever name it is reached by).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from crawler import settings as default_settings
from crawler.arguments import ArgumentError, parse_arguments
from crawler.cluster import RedisUnavailable, connect
from crawler.cluster.node import join, node_id, node_settings, node_ttl
from crawler.constants import EXIT_LOCKED, EXIT_UNAVAILABLE, EXIT_USAGE
from crawler.discovery.freshness import parse_schedule
from crawler.sources import SourcesError, load_sources, select_sources, source_for_url
from crawler.storage import DatabaseError, check, database_path

logger = logging.getLogger(__name__)

# the in-process worker pool (crawler/workers.py), retired for the Redis scale-out (issue #19)
REMOVED_SETTINGS = ("NEWS_PIPELINE_WORKERS", "NEWS_PIPELINE_SPLIT")


def check_request(settings: Any, spider_args: dict[str, str]) -> None:
    """Raise ArgumentError/SourcesError for a crawl that cannot be what was
    asked: an unknown or bad ``-a`` argument, an unknown source, a bad home
    URL, a bad sources file; ValueError for a bad NEWS_REVISIT_SCHEDULE or a
    removed setting (:data:`REMOVED_SETTINGS`)."""
    for removed in REMOVED_SETTINGS:
        if settings.get(removed) is not None:
            raise ValueError(
                f"{removed} was removed: run crawl nodes with -s NEWS_REDIS_URL=redis://HOST:PORT/N and one writer "
                '(python -m crawler.writer), see README "Scale-out"'
            )
    parse_schedule(settings.get("NEWS_REVISIT_SCHEDULE", ""))
    arguments = parse_arguments(spider_args)
    if arguments.url:
        source_for_url(arguments.url)
    else:
        select_sources(load_sources(settings.get("NEWS_SOURCES")), arguments.source)


def preflight(settings: Any, spider_args: dict[str, str]) -> None:
    """Raise ArgumentError/SourcesError/DatabaseError for what would make the
    crawl fail (:func:`check_request`, then the database). The command runs
    the database check under the run lock: a crawl locked out never opens
    the database, not even to read it."""
    check_request(settings, spider_args)
    check(database_setting(settings), create_parent=is_default_database(settings))


def is_default_database(settings: Any) -> bool:
    """NEWS_DB is the default ``data/news.db``, whose ``data/`` folder a fresh
    clone lacks (``make demo`` creates it); any other missing folder is a
    mistake and is refused."""
    value = settings.get("NEWS_DB")
    return bool(value) and Path(value).resolve() == Path(default_settings.NEWS_DB).resolve()


def database_setting(settings: Any) -> Path:
    """NEWS_DB, checked as a path a crawl can write (:func:`crawler.storage.database_path`)."""
    return database_path(settings.get("NEWS_DB"), write=True, create_parent=is_default_database(settings))


def lock_path(settings: Any) -> Path:
    return Path(settings.get("NEWS_LOCK_FILE") or f"{settings.get('NEWS_DB')}.lock")


@contextlib.contextmanager
def _flock(handle: IO[Any]) -> Iterator[bool]:
    """An exclusive, non-blocking ``flock`` on ``handle`` for the block:
    yields False when another open file (another process) holds it."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        yield False
        return
    try:
        yield True
    finally:
        fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def run_lock(path: Path, database: Path | None = None) -> Iterator[IO[str] | None]:
    """Exclusive, non-blocking locks for a crawl; yields None when another
    process holds one of them. The kernel releases them if the process dies.

    * ``path``: the lock file (``NEWS_LOCK_FILE``), by name;
    * ``database``: the database file itself, by identity: a ``flock`` is
      held on the file (its inode), so a crawl through another name of the
      same file (a hard link, a symbolic link, ``./x/../news.db``) finds it
      taken. Two writers under two names would also keep two WAL files
      (SQLite names them after the path) and corrupt the database. The file
      is created empty if missing, so a first run is covered too (an empty
      file is an empty SQLite database). ``flock`` and SQLite's own
      ``fcntl`` locks do not interact on Linux; the handle is closed only
      when the crawl has ended.
    """
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(path.open("a+"))
        except OSError as exc:
            raise DatabaseError(f"{path}: cannot open the lock file (NEWS_LOCK_FILE): {exc.strerror or exc}") from None
        if not stack.enter_context(_flock(handle)):
            yield None
            return
        identity = _open_identity(database) if database is not None else None
        if identity is not None:
            stack.enter_context(identity)
            if not stack.enter_context(_flock(identity)):
                yield None
                return
        yield handle


def _open_identity(database: Path) -> IO[bytes] | None:
    """The database file opened for its lock (created empty if missing);
    None when it cannot be (no such directory, no permission): the crawl then
    stops on opening the database, with its own clear error."""
    try:
        return open(os.open(database, os.O_RDONLY | os.O_CREAT, 0o644), "rb")
    except OSError:
        return None


class Command(ScrapyCrawl):
    def _join_cluster(self) -> bool:
        """Make this crawl a node of the cluster at NEWS_REDIS_URL
        (:mod:`crawler.cluster.node`); False, with one line and exit code 69,
        when Redis cannot be reached."""
        assert self.settings is not None
        try:
            client = connect(self.settings.get("NEWS_REDIS_URL"))
        except RedisUnavailable as exc:
            print(f"error: {exc}; not starting", file=sys.stderr)
            self.exitcode = EXIT_UNAVAILABLE
            return False
        node = node_id()
        node_settings(self.settings)
        self.settings.set("NEWS_REDIS_NODE", node, priority="cmdline")
        others = join(client, node, node_ttl(self.settings))
        logger.info("crawl node %s joined %s (%d other live nodes)", node, self.settings.get("NEWS_REDIS_URL"), others)
        return True

    def short_desc(self) -> str:
        return "Run a spider (with a run lock; exit code 3 when a source broke)"

    def run(self, args: list[str], opts: Any) -> None:
        if len(args) != 1:
            raise UsageError("run exactly one spider: scrapy crawl news [-a ...]")
        assert self.settings is not None and self.crawler_process is not None
        try:
            check_request(self.settings, opts.spargs)
        except (ArgumentError, SourcesError, ValueError) as exc:  # ValueError: NEWS_REVISIT_SCHEDULE
            self._refuse(exc)
            return
        if self.settings.get("NEWS_REDIS_URL") and not self._join_cluster():
            return
        path = lock_path(self.settings)
        try:
            database = database_setting(self.settings)
            with run_lock(path, database) as lock:
                if lock is None:
                    logger.error(
                        "another crawl holds %s or the database %s (under this or another name); not starting",
                        path,
                        database,
                    )
                    self.exitcode = EXIT_LOCKED
                    return
                check(database)  # under the lock: a crawl locked out never opens the database
                crawler = self._create_crawler(args[0])
                self.crawler_process.crawl(crawler, **opts.spargs)
                self.crawler_process.start()
        except DatabaseError as exc:
            self._refuse(exc)
            return
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_USAGE
        elif crawler.stats.get_value("news/exit_code"):
            self.exitcode = int(crawler.stats.get_value("news/exit_code"))

    def _refuse(self, error: Exception) -> None:
        """A crawl that cannot start: one line, exit code 1."""
        print(f"error: {error}", file=sys.stderr)
        self.exitcode = EXIT_USAGE
