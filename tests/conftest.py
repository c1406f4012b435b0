"""Shared fixtures: a real HTTP server on 127.0.0.1 and a real `scrapy crawl`."""

from __future__ import annotations

import contextlib
import functools
import http.server
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "seeds" / "demo"
SHARED = ROOT.parent / "shared"
SEED_FILE = SHARED / "seeds" / "000_0cdae21df2de8709.txt"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def running(server: http.server.HTTPServer) -> Iterator[http.server.HTTPServer]:
    """Run ``server`` in a background thread for the block, then shut it down."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def serve(directory: Path, handler: type = QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 at a free port; yields the base URL."""
    factory = functools.partial(handler, directory=str(directory))
    with running(http.server.ThreadingHTTPServer(("127.0.0.1", 0), factory)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture
def demo_site() -> Iterator[str]:
    with serve(DEMO) as url:
        yield url


def crawl(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real ``scrapy crawl news`` command in the project directory."""
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *args, "-s", f"NEWS_DB={db}", *FAST]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    if check and result.returncode != 0:
        raise AssertionError(f"crawl failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result


def rows(db: Path, sql: str = "SELECT * FROM articles ORDER BY id", params: tuple = ()) -> list[dict]:
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


# columns that legitimately differ between two crawls of the same site
RUN_COLUMNS = {"id", "fetched_at", "updated_at"}


def comparable(db: Path) -> list[tuple]:
    """Every row, minus ids and fetch times; ``duplicate_of`` and ``story_id``
    (row ids, which depend on the order pages were stored) as URLs."""
    urls = {r["id"]: r["canonical_url"] for r in rows(db, "SELECT id, canonical_url FROM articles")}
    out = []
    for row in rows(db):
        row["duplicate_of"] = urls.get(row["duplicate_of"])
        row["story_id"] = urls.get(row.get("story_id"))
        out.append(tuple(sorted((k, v) for k, v in row.items() if k not in RUN_COLUMNS)))
    return sorted(out, key=repr)  # repr: None and str columns side by side


def read_seed() -> dict:
    """The seed article's parts, from ../shared/seeds."""
    lines = [line.strip() for line in SEED_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    end = lines.index("أقسام")
    return {
        "title": lines[0],
        "teaser": lines[1],
        "subtitle": lines[2],
        "body": lines[3:end],
        "section": lines[end + 1],
    }
