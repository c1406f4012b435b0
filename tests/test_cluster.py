"""Scale-out over a real Redis (tests/support/redis_server.py): crawl nodes and
one writer store what one in-process crawl stores, nothing lost or twice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.cluster import ARTICLES, DEAD_LETTERS, GROUP, NODES
from crawler.cluster.frontier import lease_key
from crawler.constants import EXIT_UNAVAILABLE, EXIT_USAGE
from crawler.writer import CONSUMER, Writer, writer_pipelines
from tests.support.cluster import (
    SlowHandler,
    finish,
    node_command,
    queue_state,
    run_nodes,
    run_writer,
    start_nodes,
    wait_until,
)
from tests.support.crawl import SCRAPY_CRAWL, crawl
from tests.support.databases import comparable, rows
from tests.support.demo import DEMO
from tests.support.paths import ROOT
from tests.support.redis_server import RedisServer, free_port, redis_server
from tests.support.servers import serve


@pytest.fixture(scope="module")
def demo_url() -> Iterator[str]:
    with serve(DEMO) as url:  # one server for the module: stored URLs compare as they are
        yield url


@pytest.fixture(scope="module")
def reference(demo_url: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of one in-process crawl of the demo site."""
    db = tmp_path_factory.mktemp("in-process") / "news.db"
    crawl("-a", f"url={demo_url}", db=db)
    return db


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RedisServer]:
    (tmp_path / "redis").mkdir()
    with redis_server(tmp_path / "redis") as running:
        yield running


def test_two_nodes_and_a_writer_store_what_one_process_stores(
    reference: Path, demo_url: str, server: RedisServer, tmp_path: Path
) -> None:
    for node in run_nodes(2, demo_url, server.url, tmp_path):
        assert node.returncode == 0, node.stderr[-3000:]
    db = tmp_path / "news.db"
    writer = run_writer(server.url, db)
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert len(rows(db)) == 6
    assert comparable(db) == comparable(reference)
    assert queue_state(redis.Redis.from_url(server.url)) == {"pending": 0, "dead": 0}
    # each row cites its capture in the archive of the node that fetched it;
    # the nodes' folders copied into the writer's, every capture verifies
    assert all(row["capture_id"] for row in rows(db))
    archive = tmp_path / "archive"
    archive.mkdir()
    for warc in tmp_path.glob("node*/archive/*.warc.gz"):
        shutil.copy(warc, archive / warc.name)
    verify = subprocess.run(
        [sys.executable, "-m", "crawler.archive", "verify", "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert verify.returncode == 0, verify.stderr
    assert "6 captures checked, 0 problems" in verify.stderr


def test_a_writer_killed_before_or_after_its_commit_loses_nothing_and_doubles_nothing(
    reference: Path, demo_url: str, server: RedisServer, tmp_path: Path
) -> None:
    (node,) = run_nodes(1, demo_url, server.url, tmp_path)
    assert node.returncode == 0, node.stderr[-3000:]
    client = redis.Redis.from_url(server.url)
    db = tmp_path / "news.db"
    crawl_settings = writer_settings(db)
    # a writer that committed three entries and died before XACK, with the
    # other three delivered to it but not committed
    dead = Writer(client, crawl_settings, batch=3, max_deliveries=5)
    dead.open()
    committed = dead.next_entries(block_ms=0)
    for _entry_id, fields in committed:
        dead.run_pipelines(fields)
    dead.store.commit()
    delivered = client.xreadgroup(GROUP, CONSUMER, {ARTICLES: ">"}, count=3)[0][1]
    dead.close()
    assert (len(committed), len(delivered), len(rows(db))) == (3, 3, 3)
    assert queue_state(client)["pending"] == 6

    writer = run_writer(server.url, db)
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert comparable(db) == comparable(reference)
    assert queue_state(client) == {"pending": 0, "dead": 0}


def writer_settings(db: Path) -> Any:
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("NEWS_DB", str(db))
    settings.set("NEWS_COMMIT_ITEMS", 10**9)
    return settings


def test_a_redis_restart_mid_crawl_loses_nothing(reference: Path, server: RedisServer, tmp_path: Path) -> None:
    """Redis killed and started again (its AOF brings the queue back) while two
    slow-served nodes crawl: they reconnect, and the writer stores everything."""
    client = redis.Redis.from_url(server.url)
    with serve(DEMO, SlowHandler) as slow_url:
        nodes = start_nodes(2, slow_url, server.url, tmp_path)
        wait_until(lambda: client.exists(ARTICLES) and client.xlen(ARTICLES) >= 1, timeout=120)
        server.restart()
        results = finish(nodes)
    for node in results:
        assert node.returncode == 0, node.stderr[-3000:]
    assert_writer_stores_the_reference_titles(server.url, tmp_path / "news.db", reference)


def test_a_node_killed_mid_crawl_loses_nothing_and_doubles_nothing(
    reference: Path, server: RedisServer, tmp_path: Path
) -> None:
    """kill -9 of a node holding an article request: once its heartbeat has
    expired the other node requeues its leases (past the dupefilter) and
    fetches them; the writer stores what one process stores."""
    client = redis.Redis.from_url(server.url)
    with serve(DEMO, SlowHandler) as slow_url:
        (victim,) = start_nodes(1, slow_url, server.url, tmp_path, *TTL)
        wait_until(lambda: node_of(client, victim.pid) is not None, timeout=60)
        leases = lease_key(node_of(client, victim.pid))
        wait_until(lambda: any(b"article" in request for request in client.hkeys(leases)), timeout=60)
        stats = tmp_path / "survivor.json"
        survivor_settings = (*TTL, "-s", f"NEWS_STATS_FILE={stats}")
        (survivor,) = start_nodes(1, slow_url, server.url, tmp_path / "survivor", *survivor_settings)  # same run
        wait_until(lambda: node_of(client, survivor.pid) is not None, timeout=60)
        victim.kill()  # SIGKILL: no close, no leave
        victim.wait(timeout=30)
        (finished,) = finish([survivor])
    assert finished.returncode == 0, finished.stderr[-3000:]
    # leases of finished requests went back during the crawl, not only at its end
    assert json.loads(stats.read_text())["news/cluster/leases_released"] > 0
    assert_writer_stores_the_reference_titles(server.url, tmp_path / "news.db", reference)
    assert not client.exists(leases)
    # the run is recorded, but not as clean: the killed node's counters are lost
    runs = rows(tmp_path / "news.db", "SELECT finish_reason FROM crawl_runs")
    assert [run["finish_reason"] for run in runs] == ["node_lost"]


TTL = ("-s", "NEWS_REDIS_NODE_TTL=6")


def node_of(client: redis.Redis, pid: int) -> str | None:
    """The live-set name of the node process ``pid`` (``host:pid:random``)."""
    return next((m.decode() for m in client.zrange(NODES, 0, -1) if f":{pid}:" in m.decode()), None)


def assert_writer_stores_the_reference_titles(redis_url: str, db: Path, reference: Path) -> None:
    """The writer drains the queue into ``db``: the reference's articles, once
    each (the slow server has another port: titles compare, URLs do not)."""
    writer = run_writer(redis_url, db)
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert len(rows(db)) == len(rows(reference)) == 6
    assert sorted(r["title"] for r in rows(db)) == sorted(r["title"] for r in rows(reference))
    assert queue_state(redis.Redis.from_url(redis_url)) == {"pending": 0, "dead": 0}


def test_a_poison_entry_is_parked_with_its_error_after_n_deliveries(
    demo_url: str, server: RedisServer, tmp_path: Path
) -> None:
    (node,) = run_nodes(1, demo_url, server.url, tmp_path)
    assert node.returncode == 0, node.stderr[-3000:]
    client = redis.Redis.from_url(server.url)
    client.xadd(ARTICLES, {"item": '{"url": "http://x/1", "source": "x"}'})  # no fetched_at: cannot be stored
    client.xadd(ARTICLES, {"item": "not json"})
    db = tmp_path / "news.db"
    writer = run_writer(server.url, db, "--max-deliveries", "3")
    assert writer.returncode == 0, writer.stderr[-3000:]
    assert len(rows(db)) == 6  # the good entries went through
    parked = client.xrange(DEAD_LETTERS)
    assert sorted(fields[b"item"] for _, fields in parked) == [b"not json", b'{"url": "http://x/1", "source": "x"}']
    assert all(b"Error" in fields[b"error"] for _, fields in parked)
    assert queue_state(client) == {"pending": 0, "dead": 2}
    assert "parked" in writer.stderr


def test_a_node_that_cannot_reach_redis_says_so_in_one_line(demo_url: str, tmp_path: Path) -> None:
    unused = f"redis://127.0.0.1:{free_port()}/0"
    result = subprocess.run(
        node_command(demo_url, unused, tmp_path / "node.db"), cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == EXIT_UNAVAILABLE
    assert "Traceback" not in result.stderr
    assert f"error: cannot reach Redis at {unused}" in result.stderr
    writer = run_writer(unused, tmp_path / "news.db")
    assert writer.returncode == EXIT_UNAVAILABLE
    assert writer.stderr.startswith(f"error: cannot reach Redis at {unused}")


def test_the_retired_worker_pool_setting_says_what_replaced_it(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    command = [*SCRAPY_CRAWL, "-a", "source=demo", "-s", f"NEWS_DB={db}", "-s", "NEWS_PIPELINE_WORKERS=1"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == EXIT_USAGE
    assert "Traceback" not in result.stderr
    assert "error: NEWS_PIPELINE_WORKERS was removed: run crawl nodes with -s NEWS_REDIS_URL=" in result.stderr
    assert not db.exists()


def test_the_writer_runs_the_database_pipelines_in_order(tmp_path: Path) -> None:
    _crawler, pipelines = writer_pipelines(writer_settings(tmp_path / "news.db"))
    assert [type(p).__name__ for p in pipelines][-1] == "StorePipeline"
    assert "ExtractPipeline" not in [type(p).__name__ for p in pipelines]
    assert CONSUMER
