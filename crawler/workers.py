"""The item pipelines in worker processes (``NEWS_PIPELINE_WORKERS``).

Scrapy runs the item pipelines in the crawl process, between downloads: every
millisecond of extraction, MinHash and full-text indexing is a millisecond not
spent fetching. With ``NEWS_PIPELINE_WORKERS=1`` the same ``ITEM_PIPELINES``,
built from the same settings, run in one worker process; the crawl process
hands each item over and goes on downloading. With ``2`` the chain is cut at
priority ``NEWS_PIPELINE_SPLIT`` (default 400: extraction in the first worker,
dedupe and store, which share one database connection, in the second).

* Nothing else changes: each worker takes items one at a time, in the order
  Scrapy hands them over (dedupe relies on that); a ``DropItem`` is raised
  again in the crawl process, so Scrapy logs and counts it as usual; an error
  comes back with the worker's traceback; the pipelines' stats are replayed
  into the crawl's stats after every call, so ``crawl_runs``, the stats file
  and the exit code see them.
* Items cross as pickles, without the spider's lxml tree (extraction then
  parses the HTML again).
* The store step's batch timing is kept: ``spider_idle`` is forwarded, and
  ``response_received`` at most once a second while items are pending.
* Workers ignore SIGINT/SIGTERM: the crawl process shuts down gracefully and
  then closes the pipelines (committing the open batch). If the crawl process
  dies, its workers see their pipe close and exit; an open batch is rolled
  back by SQLite and the next run fetches those articles again.
* If a worker dies, the crawl stops with exit code 3 and
  ``news/errors/pipeline_worker``; what was committed stays.

Each worker reports ``news/pipeline_worker/N/busy_seconds`` (time spent on
items: near the crawl's length when it holds the crawl up), ``cpu_seconds``
and ``max_rss_mb``; ``news/pipeline_worker/crawl_process/max_rss_mb`` is the
crawl process's own peak, for the sum. This pays only when the crawl is CPU-bound (a large
backfill) on a machine with a core to spare; a polite crawl of a few sites
waits on the network and gains nothing but a second process's memory.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import multiprocessing
import resource
import signal
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.pipelines import ItemPipelineManager
from scrapy.settings import Settings
from scrapy.signalmanager import SignalManager
from scrapy.utils.asyncio import is_asyncio_available
from scrapy.utils.conf import build_component_list
from scrapy.utils.log import configure_logging
from scrapy.utils.misc import build_from_crawler, load_object

from crawler.constants import EXIT_SOURCE_PROBLEM

logger = logging.getLogger(__name__)

DEFAULT_SPLIT = 400  # with two workers, the second runs dedupe and store (they share one connection)
FORWARD_EVERY = 1.0  # seconds between forwarded response_received signals


class ItemProcessor:
    """``ITEM_PROCESSOR``: Scrapy's own pipeline manager, or with
    ``NEWS_PIPELINE_WORKERS`` set, :class:`WorkerPipelines`."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        settings = crawler.settings
        workers = settings.getint("NEWS_PIPELINE_WORKERS")
        slices = split_stages(
            settings.get_component_priority_dict_with_base("ITEM_PIPELINES"),
            workers,
            settings.getint("NEWS_PIPELINE_SPLIT", DEFAULT_SPLIT),
        )
        if workers > 0 and slices:
            if is_asyncio_available():
                return WorkerPipelines(crawler, slices)
            logger.warning("NEWS_PIPELINE_WORKERS needs the asyncio reactor; the pipelines run in the crawl process")
        return build_from_crawler(ItemPipelineManager, crawler)


class PipelineWorkerError(Exception):
    """An item pipeline failed in the worker; the message holds its traceback."""


class PipelineWorkerDied(Exception):
    """The worker process is gone; no item can be processed."""


# --- worker side ----------------------------------------------------------------


class StatsRecorder:
    """The worker's ``crawler.stats``: keeps the values and records every change,
    to be replayed on the crawl's own stats collector."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.changes: list[tuple[Any, ...]] = []

    def get_value(self, key: str, default: Any = None, spider: Any = None) -> Any:
        return self.values.get(key, default)

    def get_stats(self, spider: Any = None) -> dict[str, Any]:
        return self.values

    def set_value(self, key: str, value: Any, spider: Any = None) -> None:
        self.changes.append(("set_value", key, value))
        self.values[key] = value

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        self.changes.append(("inc_value", key, count, start))
        self.values[key] = self.values.setdefault(key, start) + count

    def max_value(self, key: str, value: Any, spider: Any = None) -> None:
        self.changes.append(("max_value", key, value))
        self.values[key] = max(self.values.setdefault(key, value), value)

    def min_value(self, key: str, value: Any, spider: Any = None) -> None:
        self.changes.append(("min_value", key, value))
        self.values[key] = min(self.values.setdefault(key, value), value)

    def drain(self) -> list[tuple[Any, ...]]:
        changes, self.changes = self.changes, []
        return changes


class WorkerCrawler:
    """What a pipeline's ``from_crawler`` reads, in the worker: settings, stats
    and signals (there is no engine and no spider)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.stats = StatsRecorder()
        self.signals = SignalManager(self)
        self.spider = None


@dataclass
class Reply:
    """What the worker sends back for one call."""

    value: Any = None
    dropped: DropItem | None = None
    error: str = ""
    stats: list[tuple[Any, ...]] = field(default_factory=list)


class Worker:
    """The pipelines, built in the worker process from the crawl's settings."""

    def __init__(self, settings: dict[str, Any], number: int, paths: list[str]) -> None:
        self.crawler = WorkerCrawler(Settings(settings))
        self.number = number
        self.paths = paths
        self.pipelines: list[Any] = []
        self.loop: asyncio.AbstractEventLoop | None = None
        self.wants_spider: dict[Any, bool] = {}
        self.busy = 0.0  # seconds spent on items: close to the crawl's length when the worker holds the crawl up
        self.cpu = 0.0  # CPU seconds of that: well below ``busy`` when other processes take the core

    def open(self) -> Reply:
        """Build and open the pipelines; an error names the pipeline that failed."""
        for path in self.paths:
            try:
                self.pipelines.append(build_from_crawler(load_object(path), self.crawler))
            except NotConfigured:
                continue
            except Exception:
                return self._reply(error=f"{path} could not be built:\n{traceback.format_exc()}")
        for pipeline in self.pipelines:
            try:
                if hasattr(pipeline, "open_spider"):
                    self._call(pipeline.open_spider)
            except Exception:
                return self._reply(error=f"{_name(pipeline)} could not open:\n{traceback.format_exc()}")
        return self._reply()

    def process(self, item: Any) -> Reply:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return self._process(item)
        finally:
            self.busy += time.perf_counter() - started
            self.cpu += time.thread_time() - cpu

    def _process(self, item: Any) -> Reply:
        for pipeline in self.pipelines:
            if not hasattr(pipeline, "process_item"):
                continue
            try:
                item = self._call(pipeline.process_item, item)
            except DropItem as exc:
                return self._reply(dropped=exc)
            except Exception:
                return self._reply(
                    error=f"{_name(pipeline)} failed in pipeline worker {self.number}:\n{traceback.format_exc()}"
                )
        return self._reply(value=transferable(item))

    def signal(self, name: str) -> Reply:
        self.crawler.signals.send_catch_log(getattr(signals, name))
        return self._reply()

    def close(self) -> Reply:
        errors = []
        for pipeline in reversed(self.pipelines):
            if hasattr(pipeline, "close_spider"):
                try:
                    self._call(pipeline.close_spider)
                except Exception:
                    errors.append(f"{_name(pipeline)} could not close:\n{traceback.format_exc()}")
        prefix = f"news/pipeline_worker/{self.number}"
        self.crawler.stats.set_value(f"{prefix}/max_rss_mb", _max_rss_mb())
        self.crawler.stats.set_value(f"{prefix}/busy_seconds", round(self.busy, 6))
        self.crawler.stats.set_value(f"{prefix}/cpu_seconds", round(self.cpu, 6))
        return self._reply(error="\n".join(errors))

    def _call(self, method: Any, *args: Any) -> Any:
        if method not in self.wants_spider:  # the deprecated spider argument: there is no spider here
            self.wants_spider[method] = len(inspect.signature(method).parameters) > len(args)
        result = method(*args, None) if self.wants_spider[method] else method(*args)
        if inspect.iscoroutine(result):
            self.loop = self.loop or asyncio.new_event_loop()
            return self.loop.run_until_complete(result)
        if inspect.isawaitable(result):
            raise TypeError(f"{method!r} returned {result!r}: only plain or async def pipelines run in the worker")
        return result

    def _reply(self, **kwargs: Any) -> Reply:
        return Reply(stats=self.crawler.stats.drain(), **kwargs)


_worker: Worker | None = None


def _start(settings: dict[str, Any], number: int, paths: list[str]) -> None:
    """The worker process's initializer."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the crawl process shuts down and then closes us
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    configure_logging(Settings({**settings, "LOG_FILE_APPEND": True, "LOG_INSTALL_ROOT_HANDLER": True}))
    _worker = Worker(settings, number, paths)


def _run(method: str, *args: Any) -> Reply:
    assert _worker is not None
    return getattr(_worker, method)(*args)


def _name(pipeline: Any) -> str:
    return f"{type(pipeline).__module__}.{type(pipeline).__qualname__}"


def _max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- crawl side -----------------------------------------------------------------


TREE_FIELDS = ("doc",)  # ArticleItem's working state that holds lxml nodes


def transferable(item: Any) -> Any:
    """The item without the lxml nodes that cannot cross processes: the
    parsed tree (extraction then parses the HTML again)."""
    if not is_dataclass(item) or isinstance(item, type):
        return item
    cleared = {
        f.name: f.default_factory() if callable(f.default_factory) else None
        for f in fields(item)
        if f.name in TREE_FIELDS
    }
    return replace(item, **cleared) if cleared else item


class Stage:
    """One worker process and the slice of ``ITEM_PIPELINES`` it runs."""

    def __init__(self, number: int, paths: list[str], settings: dict[str, Any], stats: Any) -> None:
        self.number = number
        self.name = f"pipeline worker {number} ({', '.join(p.rpartition('.')[2] for p in paths)})"
        self.paths = paths
        self.settings = settings
        self.stats = stats
        self.pool: ProcessPoolExecutor | None = None
        self.dead = ""

    async def open(self) -> None:
        context = multiprocessing.get_context("spawn")  # a fresh interpreter: no reactor, threads or open DB inherited
        self.pool = ProcessPoolExecutor(
            1, mp_context=context, initializer=_start, initargs=(self.settings, self.number, self.paths)
        )
        reply = await self.call("open")
        if reply.error:
            raise PipelineWorkerError(f"{self.name} could not open its pipelines:\n{reply.error}")

    async def call(self, method: str, *args: Any) -> Reply:
        if self.dead or self.pool is None:
            raise PipelineWorkerDied(self.dead or f"{self.name} is not running")
        try:
            reply: Reply = await asyncio.get_running_loop().run_in_executor(self.pool, _run, method, *args)
        except BrokenProcessPool as exc:
            self.dead = f"{self.name} died ({exc})"
            raise PipelineWorkerDied(self.dead) from exc
        for name, *values in reply.stats:
            getattr(self.stats, name)(*values)
        return reply

    async def close(self) -> None:
        if self.pool is None:
            return
        try:
            if not self.dead:
                reply = await self.call("close")
                if reply.error:
                    logger.error("closing the item pipelines of %s failed:\n%s", self.name, reply.error)
        finally:
            self.pool.shutdown(wait=True)
            self.pool = None


def split_stages(priorities: dict[str, int | None], workers: int, split: int) -> list[list[str]]:
    """``ITEM_PIPELINES`` in order, cut into the slices the workers run: one
    slice, or with two workers the pipelines before priority ``split`` and
    those from it on (an empty slice is left out)."""
    ordered = build_component_list(priorities)
    if workers < 2:
        return [ordered] if ordered else []
    cut = sum(1 for path in ordered if (priorities.get(path) or 0) < split)
    return [part for part in (ordered[:cut], ordered[cut:]) if part]


class WorkerPipelines:
    """The item processor that hands items to the worker processes, stage by stage."""

    def __init__(self, crawler: Any, slices: list[list[str]]) -> None:
        self.crawler = crawler
        settings = crawler.settings.copy_to_dict()
        self.stages = [Stage(number, paths, settings, crawler.stats) for number, paths in enumerate(slices, 1)]
        self.unsignalled: dict[str, int] = {"spider_idle": 0, "response_received": 0}  # items since each forward
        self.forwarded = 0.0
        self.tasks: set[asyncio.Future[Any]] = set()  # forwarded signals
        self.closing: asyncio.Future[Any] | None = None  # holds the engine's close task after a death
        self.died = ""  # the first worker death, reported once
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.response_received, signal=signals.response_received)

    async def open_spider_async(self) -> None:
        await asyncio.gather(*(stage.open() for stage in self.stages))

    async def process_item_async(self, item: Any) -> Any:
        for name in self.unsignalled:
            self.unsignalled[name] += 1
        item = transferable(item)  # the workers hand back items that can cross again
        for stage in self.stages:
            try:
                reply = await stage.call("process", item)
            except PipelineWorkerDied:
                self._died(stage.dead)
                raise
            if reply.dropped is not None:
                raise reply.dropped
            if reply.error:
                raise PipelineWorkerError(reply.error)
            item = reply.value
        return item

    async def close_spider_async(self) -> None:
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
        for stage in self.stages:  # in order: a later stage gets no more items from an earlier one
            await stage.close()
        self.crawler.stats.set_value("news/pipeline_worker/crawl_process/max_rss_mb", _max_rss_mb())

    def spider_idle(self) -> None:
        if self.unsignalled["spider_idle"]:
            self._forward("spider_idle")

    def response_received(self) -> None:
        if self.unsignalled["response_received"] and time.monotonic() - self.forwarded >= FORWARD_EVERY:
            self._forward("response_received")

    def _forward(self, name: str) -> None:
        self.unsignalled[name] = 0
        self.forwarded = time.monotonic()
        for stage in self.stages:
            if stage.pool is not None and not stage.dead:
                task = asyncio.ensure_future(stage.call("signal", name))
                self.tasks.add(task)
                task.add_done_callback(self._forwarded)

    def _forwarded(self, task: asyncio.Future[Any]) -> None:
        self.tasks.discard(task)
        if task.cancelled() or task.exception() is None:
            return
        if isinstance(task.exception(), PipelineWorkerDied):
            self._died(str(task.exception()))
        else:
            logger.error("forwarding a signal to the pipeline worker failed: %s", task.exception())

    def _died(self, why: str) -> None:
        if self.died:
            return
        self.died = why
        logger.error("%s: its uncommitted articles are not stored; the next run fetches them again", why)
        self.crawler.stats.inc_value("news/errors/pipeline_worker")
        self.crawler.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)
        try:
            engine = self.crawler.engine
        except (AttributeError, RuntimeError):  # not crawling (Scrapy raises before the crawl starts)
            engine = None
        if engine is not None:
            self.closing = asyncio.ensure_future(engine.close_spider_async(reason="pipeline_worker_died"))
