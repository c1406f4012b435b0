"""Readers during a crawl: a SQL reader loop and Datasette query the database
while ``scrapy crawl`` writes to it; nobody sees "database is locked".
"""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.support import fault_server as fs
from tests.support.crawl import crawl_command
from tests.support.paths import ROOT

ARTICLES = 30


@dataclass
class Observed:
    counts: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)  # first query answered

    def saw(self, count: int) -> None:
        self.counts.append(count)
        self.ready.set()


def wait_for_table(db: Path, timeout: float = 60) -> None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if db.exists():
            conn = sqlite3.connect(db, timeout=5)
            try:
                if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone():
                    return
            except sqlite3.Error:
                pass
            finally:
                conn.close()
        time.sleep(0.02)
    raise AssertionError("the crawl never created the database")


def sql_reader(db: Path, running: Callable[[], bool], seen: Observed) -> None:
    """Counts, full-text queries and a read transaction held open a while.

    No busy timeout: in WAL mode a reader never has to wait for the writer.
    """
    conn = sqlite3.connect(db, timeout=0)
    try:
        while running():
            try:
                seen.saw(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
                conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", ("ماده",)).fetchone()
                conn.execute("BEGIN")
                conn.execute("SELECT url, body FROM articles").fetchall()
                time.sleep(0.05)
                conn.execute("COMMIT")
            except sqlite3.Error as exc:
                seen.errors.append(f"reader: {exc}")
                conn.rollback()
            time.sleep(0.01)
    finally:
        conn.close()


def datasette_reader(db: Path, running: Callable[[], bool], seen: Observed) -> None:
    from datasette.app import Datasette

    async def loop() -> None:
        ds = Datasette(files=[str(db)])
        name = db.stem
        while running():
            for path in (
                f"/{name}/articles.json?_shape=array&_size=5",
                f"/{name}.json?sql=select+count(*)+as+n+from+articles&_shape=array",
                f"/{name}/articles.json?_search=ماده&_shape=array",
            ):
                response = await ds.client.get(path)
                if response.status_code != 200:
                    seen.errors.append(f"datasette {path}: {response.status_code} {response.text[:200]}")
                elif "count" in path:
                    seen.saw(response.json()[0]["n"])
            await asyncio.sleep(0.02)

    try:
        asyncio.run(loop())
    except Exception as exc:  # a reader that dies must fail the test, not hang it
        seen.errors.append(f"datasette: {exc!r}")


def test_readers_and_the_crawl_never_lock_each_other(tmp_path: Path) -> None:
    sql_seen, datasette_seen = Observed(), Observed()
    readers_ready = threading.Event()  # articles are served once both readers query
    site = fs.Site()
    for n in range(ARTICLES):
        path = f"/articles/{n:02d}.html"
        site.add(path, fs.gated(readers_ready, fs.slow(0.1, fs.page(fs.article_html(path)))))
    db = tmp_path / "live.db"
    with fs.run(site.build()) as server:
        process = subprocess.Popen(
            crawl_command(server.url, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            wait_for_table(db)
            running = lambda: process.poll() is None  # noqa: E731
            readers = [
                threading.Thread(target=sql_reader, args=(db, running, sql_seen)),
                threading.Thread(target=datasette_reader, args=(db, running, datasette_seen)),
            ]
            for reader in readers:
                reader.start()
            for seen in (sql_seen, datasette_seen):
                seen.ready.wait(60)
            readers_ready.set()
            _, stderr = process.communicate(timeout=240)
            for reader in readers:
                reader.join(timeout=60)
        finally:
            readers_ready.set()
            if process.poll() is None:
                process.kill()
                process.wait()

    assert process.returncode == 0, stderr[-3000:]
    assert "locked" not in stderr
    assert sql_seen.errors == []
    assert datasette_seen.errors == []
    final = sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert final == ARTICLES
    # the readers really ran during the crawl: they saw it half done
    assert any(0 < n < ARTICLES for n in sql_seen.counts), sql_seen.counts
    assert any(0 < n < ARTICLES for n in datasette_seen.counts), datasette_seen.counts
