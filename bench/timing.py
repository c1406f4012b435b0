"""Bench-only instrumentation, switched on with ``-s`` by :mod:`bench.run`.

* ``TimedPipeline0`` … ``TimedPipeline19`` each wrap the project pipeline named
  at that position of ``BENCH_PIPELINES`` (a JSON list of class paths, the
  project's ``ITEM_PIPELINES`` in order) and time its ``process_item``; the
  real pipeline is built with Scrapy's own ``build_from_crawler`` and sees
  nothing different. Time spent by a pipeline that drops the item counts.
  A pipeline with a ``step_timings`` attribute (``ExtractPipeline``) also
  reports the CPU time of each of its steps, as ``<pipeline>/<step>`` rows.
* :class:`BenchReport` (an extension) writes the crawl's stats and those
  timings to ``BENCH_REPORT`` (a JSON file) when the spider closes.

The pipelines themselves are not touched.
"""

from __future__ import annotations

import inspect
import json
import os
import time
import weakref
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.misc import build_from_crawler, load_object

MAX_PIPELINES = 20


class Timings:
    """Per-pipeline durations and per-item totals for one crawler, in seconds:
    ``wall`` (perf_counter) and ``cpu`` (this thread's CPU time, which other
    processes on a busy machine do not inflate)."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self.samples: dict[str, dict[str, list[float]]] = {name: {"wall": [], "cpu": []} for name in names}
        self.totals: dict[str, list[float]] = {"wall": [], "cpu": []}
        self._open: dict[int, tuple[float, float]] = {}
        self.positions: set[int] = set()  # the wrappers built in this process
        self.step_names: dict[int, list[str]] = {}  # position -> "<pipeline>/<step>" names, in first-seen order

    def add_steps(self, position: int, steps: dict[str, float]) -> None:
        """CPU seconds of a pipeline's own steps for one item (``steps`` is emptied)."""
        for step, cpu in steps.items():
            name = f"{self.names[position]}/{step}"
            self.samples.setdefault(name, {"wall": [], "cpu": []})["cpu"].append(cpu)  # CPU only: no wall clock
            known = self.step_names.setdefault(position, [])
            if name not in known:
                known.append(name)
        steps.clear()

    def add(self, position: int, item: Any, wall: float, cpu: float, finished: bool) -> None:
        samples = self.samples[self.names[position]]
        samples["wall"].append(wall)
        samples["cpu"].append(cpu)
        key = id(item)
        wall_sum, cpu_sum = self._open.pop(key, (0.0, 0.0))
        if finished:
            self.totals["wall"].append(wall_sum + wall)
            self.totals["cpu"].append(cpu_sum + cpu)
        else:
            self._open[key] = (wall_sum + wall, cpu_sum + cpu)


_TIMINGS: weakref.WeakKeyDictionary[Any, Timings] = weakref.WeakKeyDictionary()


def timings_for(crawler: Any) -> Timings:
    """The :class:`Timings` of this crawler (one per crawler, made on first use)."""
    if crawler not in _TIMINGS:
        _TIMINGS[crawler] = Timings(json.loads(crawler.settings.get("BENCH_PIPELINES", "[]")))
    return _TIMINGS[crawler]


def _call(method: Any, crawler: Any) -> Any:
    """Call open_spider/close_spider with or without the (deprecated) spider argument."""
    if len(inspect.signature(method).parameters) >= 1:
        return method(crawler.spider)
    return method()


class _TimedPipeline:
    position = 0

    def __init__(self, crawler: Any) -> None:
        self.timings = timings_for(crawler)
        if self.position >= len(self.timings.names):
            raise NotConfigured("no pipeline at this position")
        self.crawler = crawler
        self.inner = build_from_crawler(load_object(self.timings.names[self.position]), crawler)
        self.timings.positions.add(self.position)
        self.steps = hasattr(self.inner, "step_timings")
        if self.steps:
            self.inner.step_timings = {}
        self._process = self.inner.process_item
        self._needs_spider = len(inspect.signature(self._process).parameters) >= 2

    @classmethod
    def from_crawler(cls, crawler: Any) -> _TimedPipeline:
        return cls(crawler)

    def open_spider(self) -> Any:
        if hasattr(self.inner, "open_spider"):
            return _call(self.inner.open_spider, self.crawler)
        return None

    def close_spider(self) -> Any:
        result = _call(self.inner.close_spider, self.crawler) if hasattr(self.inner, "close_spider") else None
        if self.position == min(self.timings.positions):  # closed last in this process: its timings are in
            write_timings(self.crawler)
        return result

    @property
    def last(self) -> bool:
        """Last in this process: the item's total (of this process's part) is complete."""
        return self.position == max(self.timings.positions)

    def _record(self, item: Any, start: tuple[float, float], finished: bool) -> None:
        wall, cpu = time.perf_counter() - start[0], time.thread_time() - start[1]
        self.timings.add(self.position, item, wall, cpu, finished)
        if self.steps:
            self.timings.add_steps(self.position, self.inner.step_timings)

    def process_item(self, item: Any) -> Any:
        start = (time.perf_counter(), time.thread_time())
        try:
            result = self._process(item, self.crawler.spider) if self._needs_spider else self._process(item)
        except BaseException:
            self._record(item, start, finished=True)
            raise
        if inspect.isawaitable(result):  # async pipeline: wall time includes waiting
            return self._finish_async(item, result, start)
        self._record(item, start, finished=self.last or result is None)
        return result

    async def _finish_async(self, item: Any, result: Any, start: tuple[float, float]) -> Any:
        try:
            value = await result
        except BaseException:
            self._record(item, start, finished=True)
            raise
        self._record(item, start, finished=self.last or value is None)
        return value


for _position in range(MAX_PIPELINES):
    _name = f"TimedPipeline{_position}"
    globals()[_name] = type(_name, (_TimedPipeline,), {"position": _position, "__module__": __name__})


def write_timings(crawler: Any) -> None:
    """Hand this process's timings to :class:`BenchReport` through a file."""
    report = crawler.settings.get("BENCH_REPORT")
    if report:
        timings = timings_for(crawler)
        names = [n for p in sorted(timings.positions) for n in (timings.names[p], *timings.step_names.get(p, []))]
        samples = {name: timings.samples[name] for name in names}
        data = {"pipelines": samples, "totals": timings.totals}
        Path(f"{report}.timings.{os.getpid()}.json").write_text(json.dumps(data), encoding="utf-8")


def read_timings(report: str) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """Every process's timings: per-pipeline samples, and per-article totals
    (summed across processes when each saw the same articles, as on the bench
    site, which drops none)."""
    parts = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(Path(report).parent.glob(f"{Path(report).name}.timings.*.json"))
    ]
    samples = {name: values for part in parts for name, values in part["pipelines"].items()}
    totals: dict[str, list[float]] = {}
    for part in parts:
        for clock, values in part["totals"].items():
            if clock not in totals:
                totals[clock] = list(values)
            elif len(totals[clock]) == len(values):
                totals[clock] = [a + b for a, b in zip(totals[clock], values, strict=True)]
            else:
                totals[clock] = []
    return samples, totals


class BenchReport:
    """Writes stats and pipeline timings to ``BENCH_REPORT`` when the spider closes."""

    def __init__(self, crawler: Any, path: str) -> None:
        self.crawler = crawler
        self.path = Path(path)
        self.started = time.perf_counter()

    @classmethod
    def from_crawler(cls, crawler: Any) -> BenchReport:
        path = crawler.settings.get("BENCH_REPORT")
        if not path:
            raise NotConfigured("BENCH_REPORT not set")
        extension = cls(crawler, path)
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def engine_started(self) -> None:
        self.started = time.perf_counter()

    def spider_closed(self, spider: Any, reason: str) -> None:
        samples, totals = read_timings(str(self.path))
        report = {
            "reason": reason,
            "wall_seconds": time.perf_counter() - self.started,
            "stats": {
                k: v if isinstance(v, int | float | str) else str(v) for k, v in self.crawler.stats.get_stats().items()
            },
            "pipelines": samples,
            "totals": totals,
        }
        self.path.write_text(json.dumps(report), encoding="utf-8")
