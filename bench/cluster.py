"""Scale-out benchmark (README "Scale-out"): the same bench site crawled

1. in process (the default);
2. one crawl node + the writer; 3. two crawl nodes + the writer;
4. the writer alone draining a queue the nodes filled beforehand (its ceiling);

and Redis memory per queued article (``used_memory`` before and after the
queue was filled, over the entries queued) and per stored article in the
state mirror (crawler/cluster/mirror.py). Prints figures, asserts nothing.

    .venv/bin/python -m bench.cluster --pages 1000
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis

from bench.run import write_sources
from bench.server import ROOT, SiteServer
from crawler.cluster import ARTICLES, KNOWN, RECENT

BASE = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DEPTH_LIMIT=0", "-s", "LOG_LEVEL=WARNING"]


def crawl_command(workdir: Path, server: SiteServer, db: Path, *settings: str) -> list[str]:
    sources = write_sources(workdir, server.url)
    stats = db.with_suffix(".stats.json")
    return [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=bench", "-s", f"NEWS_SOURCES={sources}",
        "-s", f"NEWS_DB={db}", "-s", f"NEWS_STATS_FILE={stats}", *BASE, *settings,
    ]  # fmt: skip


def pages(*dbs: Path) -> int:
    """Responses received, summed over the crawls' stats files."""
    total = 0
    for db in dbs:
        stats = json.loads(db.with_suffix(".stats.json").read_text(encoding="utf-8"))
        total += int(stats.get("response_received_count", 0))
    return total


def articles(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]


def in_process(workdir: Path, server: SiteServer, name: str, *settings: str) -> dict:
    db = workdir / f"{name}.db"
    started = time.perf_counter()
    subprocess.run(crawl_command(workdir, server, db, *settings), cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    return {"mode": name, "wall_s": wall, "pages": pages(db), "articles": articles(db)}


def start_nodes(count: int, workdir: Path, server: SiteServer, url: str, name: str) -> tuple[list, list[Path]]:
    dbs = [workdir / f"{name}-node{i}" / "state.db" for i in range(count)]  # one folder each: archive
    for db in dbs:
        db.parent.mkdir()
    procs = [
        subprocess.Popen(crawl_command(workdir, server, db, "-s", f"NEWS_REDIS_URL={url}"), cwd=ROOT) for db in dbs
    ]
    return procs, dbs


def writer(url: str, db: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "crawler.writer", "--redis", url, "--db", str(db), "--until-idle"]
    return subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)


def wait_for_nodes(client: redis.Redis) -> None:
    deadline = time.monotonic() + 60
    while not client.zcard("news:nodes") and time.monotonic() < deadline:
        time.sleep(0.05)


def cluster(count: int, workdir: Path, server: SiteServer, url: str) -> dict:
    client = redis.Redis.from_url(url)
    client.flushdb()
    name = f"{count}-node"
    db = workdir / f"{name}.db"
    started = time.perf_counter()
    procs, dbs = start_nodes(count, workdir, server, url, name)
    wait_for_nodes(client)
    w = writer(url, db)
    for p in procs:
        p.wait()
    w.wait()
    wall = time.perf_counter() - started
    stored = articles(db)
    mirror = [KNOWN.encode(), *client.scan_iter(f"{RECENT}:*")]
    known_bytes = sum(client.memory_usage(key) or 0 for key in mirror) / max(stored, 1)
    return {
        "mode": f"{count} node(s) + writer", "wall_s": wall, "pages": pages(*dbs), "articles": stored,
        "known_bytes": known_bytes,
    }  # fmt: skip


def drain(workdir: Path, server: SiteServer, url: str) -> tuple[dict, float]:
    client = redis.Redis.from_url(url)
    client.flushdb()
    before = client.info("memory")["used_memory"]
    procs, _ = start_nodes(2, workdir, server, url, "fill")
    for p in procs:
        p.wait()
    queued = client.xlen(ARTICLES)
    per_article = (client.info("memory")["used_memory"] - before) / max(queued, 1)
    db = workdir / "drain.db"
    started = time.perf_counter()
    writer(url, db).wait()
    wall = time.perf_counter() - started
    return {
        "mode": "writer alone (pre-filled queue)",
        "wall_s": wall,
        "pages": 0,
        "articles": articles(db),
    }, per_article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="articles on the bench site")
    parser.add_argument("--redis", required=True, help="a scratch Redis (its database is flushed!)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-cluster-"))
    try:
        with SiteServer(args.pages) as server:
            results = [in_process(workdir, server, "in-process")]
            results += [cluster(1, workdir, server, args.redis), cluster(2, workdir, server, args.redis)]
            drained, per_article = drain(workdir, server, args.redis)
            results.append(drained)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"| mode ({args.pages} articles) | wall s | pages | pages/s | articles stored | articles/s |")
    print("|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['mode']} | {r['wall_s']:.1f} | {r['pages']} | {r['pages'] / r['wall_s']:.1f} | "
            f"{r['articles']} | {r['articles'] / r['wall_s']:.1f} |"
        )
    rate = drained["articles"] / drained["wall_s"]
    print(f"\nwriter ceiling: {rate:.0f} articles/s = {rate * 86400 / 1e6:.1f} M articles/day")
    print(f"Redis memory per queued article: {per_article / 1024:.1f} KiB")
    known = max(r.get("known_bytes", 0) for r in results)
    print(f"Redis memory per stored article in the state mirror (news:known, news:recent): {known:.0f} bytes")


if __name__ == "__main__":
    main()
