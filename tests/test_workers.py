"""The item pipelines in worker processes (crawler/workers.py,
``NEWS_PIPELINE_WORKERS``): the pieces, real worker processes, and real crawls
whose database must be the same as with the pipelines in the crawl process."""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.items import ArticleItem
from crawler.workers import (
    PipelineWorkerDied,
    PipelineWorkerError,
    StatsRecorder,
    Worker,
    WorkerPipelines,
    split_stages,
    transferable,
)
from tests.support import fault_server as fs
from tests.support.crawl import FAST, crawl
from tests.support.databases import comparable, rows
from tests.support.demo import DEMO
from tests.support.paths import ROOT
from tests.support.servers import serve

HERE = "tests.support.worker_pipelines"
PIPES = {"a": 100, "b": 200, "c": 400, "d": 500}


@pytest.mark.parametrize(
    ("priorities", "workers", "split", "expected"),
    [
        (PIPES, 1, 400, [["a", "b", "c", "d"]]),
        (PIPES, 2, 400, [["a", "b"], ["c", "d"]]),
        (PIPES, 2, 500, [["a", "b", "c"], ["d"]]),
        (PIPES, 2, 100, [["a", "b", "c", "d"]]),  # nothing before the split: one worker
        (PIPES, 2, 1000, [["a", "b", "c", "d"]]),  # nothing after it
        ({"d": 500, "a": 100, "c": 400}, 2, 400, [["a"], ["c", "d"]]),  # by priority, not listing order
        ({"a": 100, "b": None, "c": 400}, 2, 400, [["a"], ["c"]]),  # disabled pipelines are left out
        ({}, 1, 400, []),
        ({}, 2, 400, []),
    ],
)
def test_split_stages(priorities: dict, workers: int, split: int, expected: list[list[str]]) -> None:
    assert split_stages(priorities, workers, split) == expected


def test_transferable_drops_the_tree_and_keeps_everything_else() -> None:
    tree = lxml.html.document_fromstring("<html><body><p>نص</p></body></html>")
    item = ArticleItem(
        url="http://x/1",
        source="s",
        html="<p>نص</p>",
        fetched_at="t",
        doc=tree,
        title="عنوان",
        removed=[("social", "شارك")],
    )
    with pytest.raises(TypeError):
        pickle.dumps(item)  # why it is needed
    out = pickle.loads(pickle.dumps(transferable(item)))
    assert out.doc is None
    assert (out.url, out.html, out.title, out.removed) == (item.url, item.html, item.title, item.removed)
    assert item.doc is tree  # the original is not touched
    plain = {"n": 1}
    assert transferable(plain) is plain


@pytest.mark.parametrize(
    "changes",
    [
        [("inc_value", "a", 1, 0)],
        [("inc_value", "a", 2, 10), ("inc_value", "a", 1, 0)],
        [("set_value", "x", "v"), ("set_value", "x", "w"), ("inc_value", "y", 3, 0)],
        [("max_value", "m", 3), ("max_value", "m", 1), ("min_value", "n", 5), ("min_value", "n", 2)],
        [("set_value", "k", [1, 2]), ("max_value", "z", 0)],
    ],
)
def test_recorded_stats_replay_to_the_same_values(changes: list[tuple]) -> None:
    recorder = StatsRecorder()
    for name, *args in changes:
        getattr(recorder, name)(*args)
    target = StatsCollector(get_crawler())
    for name, *args in recorder.drain():
        getattr(target, name)(*args)
    assert target.get_stats() == recorder.values
    assert recorder.drain() == []


def worker(*names: str, **settings: Any) -> Worker:
    made = Worker(settings, 1, [f"{HERE}.{name}" for name in names])
    made.open()
    return made


def test_worker_runs_its_pipelines_in_order_and_reports_stats() -> None:
    w = worker("Mark", "Second")
    reply = w.process({"n": 2})
    assert reply.value["seen"] == ["mark", "second"]
    assert ("inc_value", "test/mark/items", 1, 0) in reply.stats
    assert w.process({"n": 3}).stats  # drained per reply: each reply has its own changes
    assert w.crawler.stats.values["test/mark/items"] == 2


def test_worker_returns_drops_and_errors() -> None:
    w = worker("Gate", "Mark")
    dropped = w.process({"n": 1})
    assert isinstance(dropped.dropped, DropItem) and "odd 1" in str(dropped.dropped)
    assert dropped.value is None and not dropped.error
    failed = w.process({"n": 4})
    assert "ValueError: n is four" in failed.error and "Gate" in failed.error
    assert w.process({"n": 2}).value["seen"] == ["mark"]
    assert w.crawler.stats.values["test/mark/items"] == 1  # neither the drop nor the error reached it


def test_worker_calls_old_style_and_async_pipelines() -> None:
    reply = worker("OldStyle", "Async").process({"n": 2})
    assert reply.value == {"n": 2, "spider": "None", "async": True}


@pytest.mark.parametrize(
    ("paths", "message"),
    [
        ([f"{HERE}.Mark", f"{HERE}.BadOpen"], f"{HERE}.BadOpen could not open"),
        ([f"{HERE}.Mark", f"{HERE}.Missing"], f"{HERE}.Missing could not be built"),
    ],
)
def test_worker_names_the_pipeline_that_cannot_start(paths: list[str], message: str) -> None:
    reply = Worker({}, 1, paths).open()
    assert reply.error.startswith(message)


def test_worker_names_the_pipeline_that_cannot_close_and_closes_the_others() -> None:
    w = worker("Mark", "BadClose")
    reply = w.close()
    assert reply.error.startswith(f"{HERE}.BadClose could not close") and "disk full" in reply.error
    assert ("set_value", "test/mark/order", []) in reply.stats  # Mark closed after BadClose failed


def test_worker_signals_and_close() -> None:
    w = worker("Mark")
    w.process({"n": 7})
    assert ("inc_value", "test/mark/idle", 1, 0) in w.signal("spider_idle").stats
    closed = dict((change[1], change[2]) for change in w.close().stats)
    assert closed["test/mark/order"] == [7]
    assert closed["news/pipeline_worker/1/max_rss_mb"] > 0
    assert closed["news/pipeline_worker/1/busy_seconds"] > 0


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_items_go_through_two_worker_processes_in_order() -> None:
    crawler = get_crawler(settings_dict={"LOG_LEVEL": "WARNING"})
    priorities = {f"{HERE}.Mark": 100, f"{HERE}.Gate": 200, f"{HERE}.Pid": 300}
    priorities |= {f"{HERE}.Second": 400, f"{HERE}.LaterPid": 500}
    processor = WorkerPipelines(crawler, split_stages(priorities, 2, 400))

    async def scenario() -> tuple[list, list]:
        await processor.open_spider_async()
        outcomes: list[Any] = []
        try:
            for n in (2, 3, 4):
                try:
                    outcomes.append(await processor.process_item_async({"n": n}))
                except (DropItem, PipelineWorkerError) as exc:
                    outcomes.append(exc)
            together = await asyncio.gather(*(processor.process_item_async({"n": n}) for n in (6, 8, 10)))
            processor.response_received()  # forwarded (for the store's timed commit) ...
            processor.spider_idle()  # ... and idle still is: items came since the last idle
        finally:
            await processor.close_spider_async()
        return outcomes, together

    (first, dropped, failed), together = run(scenario())
    assert first["seen"] == ["mark", "second"]
    assert len(set(first["pids"])) == 2 and os.getpid() not in first["pids"]
    assert isinstance(dropped, DropItem) and "odd 3" in str(dropped)
    assert isinstance(failed, PipelineWorkerError) and "n is four" in str(failed)
    assert [item["n"] for item in together] == [6, 8, 10]
    stats = crawler.stats.get_stats()
    assert stats["test/mark/order"] == [2, 3, 4, 6, 8, 10]  # one at a time, as handed over
    assert stats["test/second/order"] == [2, 6, 8, 10]
    assert (stats["test/mark/opened"], stats["test/second/opened"]) == (1, 1)
    assert (stats["test/mark/idle"], stats["test/second/idle"]) == (1, 1)
    assert stats["test/max_n"] == 10
    assert {"news/pipeline_worker/1/busy_seconds", "news/pipeline_worker/2/busy_seconds"} <= set(stats)
    assert stats["news/pipeline_worker/crawl_process/max_rss_mb"] > 0  # the crawl process's own peak, for the sum


def test_a_dead_worker_fails_every_item_and_sets_the_exit_code() -> None:
    crawler = get_crawler(settings_dict={"TEST_DIE_AFTER": 2, "LOG_LEVEL": "WARNING"})
    processor = WorkerPipelines(crawler, [[f"{HERE}.Mark", f"{HERE}.DieAfter"]])

    async def scenario() -> list[Any]:
        await processor.open_spider_async()
        outcomes = []
        for n in (1, 2, 3):
            try:
                outcomes.append(await processor.process_item_async({"n": n}))
            except PipelineWorkerDied as exc:
                outcomes.append(exc)
        await processor.close_spider_async()  # no hang, no second error
        return outcomes

    ok, died, after = run(scenario())
    assert ok["seen"] == ["mark"]
    assert isinstance(died, PipelineWorkerDied) and "died" in str(died)
    assert isinstance(after, PipelineWorkerDied)
    assert crawler.stats.get_value("news/errors/pipeline_worker") == 1
    assert crawler.stats.get_value("news/exit_code") == EXIT_SOURCE_PROBLEM


# --- real crawls of the demo site ------------------------------------------------


@pytest.fixture(scope="module")
def demo_url() -> Any:
    with serve(DEMO) as url:  # one server: the stored URLs compare as they are
        yield url


def demo_crawl(url: str, db: Path, *settings: str) -> tuple[Any, dict[str, Any]]:
    stats_file = db.with_suffix(".stats.json")
    result = crawl("-a", f"url={url}", "-s", f"NEWS_STATS_FILE={stats_file}", *settings, db=db, check=False)
    stats = json.loads(stats_file.read_text(encoding="utf-8")) if stats_file.exists() else {}
    return result, stats


def outcome(stats: dict[str, Any]) -> dict[str, Any]:
    """The stats that say what happened to the pages (not how long it took)."""
    kept = ("news/stored", "news/dropped", "news/boilerplate", "news/sanitized", "news/duplicates", "news/errors")
    counts = ("item_scraped_count", "item_dropped_count", "response_received_count")
    return {k: v for k, v in stats.items() if k.startswith(kept) or k in counts}


@pytest.fixture(scope="module")
def in_process(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    db = tmp_path_factory.mktemp("in-process") / "news.db"
    result, stats = demo_crawl(demo_url, db)
    assert result.returncode == 0, result.stderr[-3000:]
    return db, stats


@pytest.mark.parametrize("workers", [1, 2])
def test_demo_crawl_with_workers_stores_the_same(
    in_process: tuple[Path, dict[str, Any]], demo_url: str, tmp_path: Path, workers: int
) -> None:
    reference, reference_stats = in_process
    db = tmp_path / "news.db"
    result, stats = demo_crawl(demo_url, db, "-s", f"NEWS_PIPELINE_WORKERS={workers}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(rows(db)) == 6
    assert comparable(db) == comparable(reference)
    assert outcome(stats) == outcome(reference_stats)
    assert any(k.startswith("news/boilerplate/") for k in stats)  # counted in the workers, replayed here
    assert [k for k in stats if k.startswith("news/pipeline_worker/") and k.endswith("/busy_seconds")] == [
        f"news/pipeline_worker/{n}/busy_seconds" for n in range(1, workers + 1)
    ]
    runs = rows(db, "SELECT status, articles_stored FROM crawl_runs")
    assert runs == rows(reference, "SELECT status, articles_stored FROM crawl_runs")


def test_a_worker_dying_mid_crawl_keeps_what_was_committed(demo_url: str, tmp_path: Path) -> None:
    pipelines = {**get_project_settings().getdict("ITEM_PIPELINES"), f"{HERE}.DieAfter": 900}
    db = tmp_path / "news.db"
    died, stats = demo_crawl(
        demo_url,
        db,
        *("-s", "NEWS_PIPELINE_WORKERS=1", "-s", "NEWS_COMMIT_ITEMS=2", "-s", "TEST_DIE_AFTER=3"),
        *("-s", f"ITEM_PIPELINES={json.dumps(pipelines)}"),
    )
    assert died.returncode == EXIT_SOURCE_PROBLEM, died.stderr[-3000:]
    assert "pipeline worker 1" in died.stderr and "died" in died.stderr
    assert stats["news/errors/pipeline_worker"] == 1
    assert len(rows(db)) == 2  # the first batch; the third article's open batch was lost with the worker
    assert rows(db, "PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    again, _ = demo_crawl(demo_url, db, "-s", "NEWS_PIPELINE_WORKERS=1")
    assert again.returncode == 0, again.stderr[-3000:]
    assert len(rows(db)) == 6


def test_ctrl_c_reaches_the_worker_too_and_the_open_batch_is_still_committed(tmp_path: Path) -> None:
    """Ctrl-C signals the whole process group: the worker must ignore it so that
    the crawl process's graceful shutdown can commit the open batch."""
    site = fs.Site()
    for n in range(40):
        path = f"/articles/{n:02d}.html"
        site.add(path, fs.slow(0.1, fs.page(fs.article_html(path))))
    db, stats_file = tmp_path / "news.db", tmp_path / "stats.json"
    with fs.run(site.build()) as server:
        command = [
            sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={server.url}", "-s", f"NEWS_DB={db}",
            "-s", "NEWS_PIPELINE_WORKERS=1", "-s", f"NEWS_STATS_FILE={stats_file}", *FAST,
            # one batch for the whole crawl: only the graceful close commits it
            "-s", "NEWS_COMMIT_ITEMS=100000", "-s", "NEWS_COMMIT_SECONDS=100000",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True)
        deadline = time.monotonic() + 60
        while sum(server.hits().values()) < 12 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert process.poll() is None, "the crawl ended before it could be interrupted"
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    assert "pipeline worker" not in stderr, stderr[-3000:]
    assert stats["finish_reason"] == "shutdown"
    assert 0 < stats["news/stored"] < 40
    assert len(rows(db)) == stats["news/stored"]  # every article the worker stored was committed at the close
