"""The run lock holds the database file by identity, not by name (issue 15).

A hard-linked alias of the database used to take a lock of its own
(``alias.db.lock``), so two crawls wrote at once, each with its own WAL
file: once the database was left "malformed". Two real crawl processes: one
holds the database while a page it waits for is held back; the other comes
through a hard link, a symbolic link or a roundabout path and must exit at
once with code 75, fetching nothing.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.commands.crawl import run_lock
from crawler.constants import EXIT_LOCKED
from tests.support import fault_server as fs
from tests.support.crawl import FAST, crawl
from tests.support.paths import ROOT


def command(url: str, db: Path) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={url}", "-s", f"NEWS_DB={db}", *FAST]


def wait_for_hit(server: fs.FaultServer, path: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while server.hits().get(path, 0) == 0:
        assert process.poll() is None, "the first crawl ended early"
        assert time.monotonic() < deadline, f"{path} was never requested"
        time.sleep(0.05)


def settled_hits(server: fs.FaultServer, quiet: float = 1.0, timeout: float = 30) -> int:
    """The server's hit count once the first crawl has nothing left to fetch but
    the held page (its other requests may still be in flight when the held one
    arrives; counting them against the second crawl made the test flaky)."""
    deadline = time.monotonic() + timeout
    count, since = sum(server.hits().values()), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.05)
        now = sum(server.hits().values())
        if now != count:
            count, since = now, time.monotonic()
    return count


ALIASES = {
    "hard link": lambda db, tmp: (tmp / "alias.db").hardlink_to(db) or tmp / "alias.db",
    "symbolic link": lambda db, tmp: (tmp / "link.db").symlink_to(db) or tmp / "link.db",
    "another path": lambda db, tmp: (tmp / "sub").mkdir() or tmp / "sub" / ".." / db.name,
}


@pytest.mark.parametrize("alias", ALIASES)
def test_a_second_crawl_through_another_name_of_the_database_is_locked_out(tmp_path: Path, alias: str) -> None:
    db = tmp_path / "news.db"
    release = threading.Event()
    site = fs.Site()
    site.add("/a/first.html", fs.page(fs.article_html("first")))
    site.add("/a/held.html", fs.gated(release, fs.page(fs.article_html("held"))))
    with fs.run(site.build()) as server:
        first = subprocess.Popen(
            command(server.url, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
        )
        try:
            wait_for_hit(server, "/a/held.html", first)
            other = ALIASES[alias](db, tmp_path)
            assert other.samefile(db) and str(other) != str(db)
            before = settled_hits(server)
            second = subprocess.run(command(server.url, other), cwd=ROOT, capture_output=True, text=True, timeout=120)
            assert second.returncode == EXIT_LOCKED, second.stderr[-2000:]
            assert "another crawl holds" in second.stderr
            assert sum(server.hits().values()) == before  # the second crawl fetched nothing
        finally:
            release.set()
            _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr[-3000:]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
    finally:
        conn.close()
    assert not list(tmp_path.glob("alias.db-wal")) and not list(tmp_path.glob("link.db-wal"))


def test_the_database_lock_covers_a_first_run(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    with run_lock(tmp_path / "one.lock", db) as first:
        assert first is not None
        assert db.exists() and db.stat().st_size == 0  # created empty: an empty SQLite database
        (tmp_path / "alias.db").hardlink_to(db)
        with run_lock(tmp_path / "two.lock", tmp_path / "alias.db") as second:
            assert second is None
    with run_lock(tmp_path / "two.lock", tmp_path / "alias.db") as again:
        assert again is not None


def test_a_crawl_after_a_locked_out_one_runs_normally(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = fs.Site()
    site.add("/a/one.html", fs.page(fs.article_html("one")))
    with fs.run(site.build()) as server:
        with run_lock(tmp_path / "elsewhere.lock", db) as held:
            assert held is not None
            locked = crawl("-a", f"url={server.url}", db=db, check=False)
            assert locked.returncode == EXIT_LOCKED
        crawl("-a", f"url={server.url}", db=db)
