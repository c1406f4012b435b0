"""Crash safety: kill -9 mid-crawl, restart, and end with exactly the rows of
an uninterrupted crawl; unusable database files stop the crawl before it fetches.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crawler import storage
from crawler.storage import schema
from tests.support import fault_server as fs
from tests.support.crawl import crawl, crawl_command
from tests.support.databases import comparable, rows
from tests.support.paths import ROOT

ARTICLES = 24
KILLS = 3
SEED = int(os.environ.get("CRASH_SEED", "20171015"))


def crash_site() -> dict[str, fs.Responder]:
    site = fs.Site()
    for n in range(ARTICLES):
        path = f"/articles/{n:02d}.html"
        site.add(path, fs.slow(0.08, fs.page(fs.article_html(path))))
    return site.build()


# small batches: a kill lands with some batches committed and one open



def integrity(db: Path) -> str:
    return rows(db, "PRAGMA integrity_check")[0]["integrity_check"]


def kill_when(process: subprocess.Popen, server: fs.FaultServer, requests: int, deadline: float = 60) -> None:
    """SIGKILL the crawl once the server has answered ``requests`` requests."""
    start = time.monotonic()
    while sum(server.hits().values()) < requests and process.poll() is None:
        if time.monotonic() - start > deadline:
            break
        time.sleep(0.01)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def test_kill_9_and_restart_ends_with_the_uninterrupted_rows(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    with fs.run(crash_site()) as server:
        reference = tmp_path / "reference.db"
        crawl("-a", f"url={server.url}", db=reference)
        expected = comparable(reference)
        assert len(expected) == ARTICLES

        db = tmp_path / "killed.db"
        killed_at = []
        for _ in range(KILLS):
            # a point somewhere in the crawl: after robots.txt + home, before the last article
            before = sum(server.hits().values())
            target = before + rng.randint(2, ARTICLES + 1)
            process = subprocess.Popen(
                crawl_command(server.url, db), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
            kill_when(process, server, target)
            print("killed after", target - before, "requests:", len(rows(db)) if db.exists() else 0, "rows")
            killed_at.append((target - before, process.returncode, len(rows(db)) if db.exists() else 0))
            if db.exists():
                assert integrity(db) == "ok", killed_at
        crawl("-a", f"url={server.url}", db=db)

    assert any(code == -signal.SIGKILL for _, code, _ in killed_at), killed_at
    assert integrity(db) == "ok"
    assert comparable(db) == expected, killed_at
    assert rows(db, "SELECT canonical_url FROM articles GROUP BY canonical_url HAVING count(*) > 1") == []
    assert rows(db, "SELECT content_hash FROM articles GROUP BY content_hash HAVING count(*) > 1") == []


@pytest.mark.parametrize("step", range(len(schema.MIGRATIONS)))
def test_killed_in_the_middle_of_a_migration_recovers(tmp_path: Path, step: int) -> None:
    """SIGKILL after a migration step ran but before it was committed: the
    next start finds the old schema whole and migrates again."""
    db = tmp_path / "news.db"
    code = f"""
import os, signal
from crawler.storage import connect, schema
real = schema.MIGRATIONS[{step}]
def killed(database):
    real(database)
    os.kill(os.getpid(), signal.SIGKILL)
schema.MIGRATIONS[{step}] = killed
connect({str(db)!r})
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, timeout=60, check=False)
    assert result.returncode == -signal.SIGKILL
    storage.connect(db).conn.close()
    assert integrity(db) == "ok"
    assert rows(db, "PRAGMA user_version") == [{"user_version": len(schema.MIGRATIONS)}]


# --- unusable database files -------------------------------------------------


def half_written(tmp_path: Path) -> Path:
    good = tmp_path / "good.db"
    conn = sqlite3.connect(good)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("ن" * 2000,) for _ in range(200)])
    conn.commit()
    conn.close()
    data = good.read_bytes()
    half = tmp_path / "half.db"
    half.write_bytes(data[: len(data) // 2])
    return half


def garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not a database\n" * 100)
    return path


@pytest.mark.parametrize("make", [garbage, half_written], ids=["not-sqlite", "half-written"])
@pytest.mark.parametrize("check", [storage.connect, storage.check], ids=["connect", "check"])
def test_unusable_database_is_refused_untouched(
    tmp_path: Path, make: Callable[[Path], Path], check: Callable[[Path], object]
) -> None:
    path = make(tmp_path)
    before = path.read_bytes()
    with pytest.raises(storage.DatabaseError, match=f"{path.name}: not a usable SQLite database"):
        check(path)
    assert path.read_bytes() == before


def test_crawl_with_unusable_database_stops_before_fetching(tmp_path: Path) -> None:
    path = half_written(tmp_path)
    before = path.read_bytes()
    site = fs.Site()
    site.add("/articles/a.html", fs.page(fs.article_html("a")))
    with fs.run(site.build()) as server:
        result = crawl("-a", f"url={server.url}", db=path, check=False)
        hits = sum(server.hits().values())
    assert result.returncode == 1
    assert f"error: {path}: not a usable SQLite database" in result.stderr
    assert "Traceback" not in result.stderr
    assert hits == 0
    assert path.read_bytes() == before
    # no -wal, -shm or -journal, not even the run lock: a torn file is refused on its header
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]
