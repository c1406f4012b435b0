"""Crawl nodes and the writer as users run them (``scrapy crawl news -s
NEWS_REDIS_URL=...``, ``python -m crawler.writer``), for the cluster tests."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from crawler.cluster import ARTICLES, DEAD_LETTERS, GROUP
from tests.support.crawl import FAST, SCRAPY_CRAWL
from tests.support.paths import ROOT
from tests.support.servers import QuietHandler

WRITER = [sys.executable, "-m", "crawler.writer"]


def node_command(url: str, redis_url: str, state_db: Path, *settings: str) -> list[str]:
    """A crawl node; ``state_db`` is its own NEWS_DB (what earlier runs fetched, its run lock)."""
    node = ["-s", f"NEWS_DB={state_db}", "-s", f"NEWS_REDIS_URL={redis_url}"]
    return [*SCRAPY_CRAWL, "-a", f"url={url}", *node, *settings, *FAST]


def node_db(tmp_path: Path, n: int) -> Path:
    """Node ``n``'s NEWS_DB, in a folder of its own: nodes on one machine must not
    share one (the raw-page archive beside it recovers the other's open file)."""
    (tmp_path / f"node{n}").mkdir(parents=True, exist_ok=True)
    return tmp_path / f"node{n}" / "state.db"


STARTED: list[subprocess.Popen] = []  # every node a test started: a failed test must not leave one running


def start_nodes(count: int, url: str, redis_url: str, tmp_path: Path, *settings: str) -> list[subprocess.Popen]:
    nodes = [
        subprocess.Popen(
            node_command(url, redis_url, node_db(tmp_path, n), *settings),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    STARTED.extend(nodes)
    return nodes


def kill_leftover_nodes() -> None:
    """Kill the nodes a failed test left running (the redis_server fixtures call it)."""
    while STARTED:
        node = STARTED.pop()
        if node.poll() is None:
            node.kill()
            node.wait(timeout=30)


def finish(nodes: list[subprocess.Popen]) -> list[subprocess.CompletedProcess]:
    return [subprocess.CompletedProcess(n.args, n.wait(timeout=300), "", n.stderr.read()) for n in nodes]


def run_nodes(
    count: int, url: str, redis_url: str, tmp_path: Path, *settings: str
) -> list[subprocess.CompletedProcess]:
    return finish(start_nodes(count, url, redis_url, tmp_path, *settings))


def run_writer(redis_url: str, db: Path, *options: str) -> subprocess.CompletedProcess:
    command = [*WRITER, "--redis", redis_url, "--db", str(db), "--until-idle", *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


def queue_state(client: Any) -> dict[str, int]:
    group = next(g for g in client.xinfo_groups(ARTICLES) if g["name"] in (GROUP, GROUP.encode()))
    return {"pending": group["pending"], "dead": client.xlen(DEAD_LETTERS)}


def wait_until(condition: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.05)


class SlowHandler(QuietHandler):
    """Every answer takes ``delay`` seconds, so nodes overlap and a fault lands mid-crawl."""

    delay = 0.8

    def do_GET(self) -> None:
        time.sleep(self.delay)
        super().do_GET()
