"""Crawls that end: bounded bodies, sitemaps, URLs, time per source, and stop signals.

Real crawls against servers on 127.0.0.1 (``tests/support/fault_server.py``) that
never stop offering work: gzip bombs, sitemap indexes that point at new
indexes for ever, huge sitemaps, pages that never come.
"""

from __future__ import annotations

import gzip
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.storage.runs import finish_runs, last_run_complete, start_runs
from tests.support import fault_server as fs
from tests.support.crawl import FAST, crawl
from tests.support.databases import rows
from tests.support.fault_server import sitemap_xml
from tests.support.paths import ROOT


def read_stats(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_gzip_bomb_sitemap_is_too_large_and_the_crawl_goes_on(tmp_path: Path) -> None:
    """A raw ``.xml.gz`` sitemap (no Content-Encoding) inflating to 64 MB."""
    db, stats = tmp_path / "news.db", tmp_path / "stats.json"
    with fs.run({}) as server:
        good = gzip.compress(sitemap_xml(f"{server.url}articles/listed.html").encode())
        server.site.update(
            {
                "/robots.txt": fs.page("Sitemap: /bomb.xml.gz\nSitemap: /good.xml.gz\n", content_type="text/plain"),
                "/bomb.xml.gz": fs.page(fs.gzip_bomb(), content_type="application/gzip"),
                "/good.xml.gz": fs.page(good, content_type="application/x-gzip"),
                "/articles/listed.html": fs.page(fs.article_html("listed")),
                "/": fs.page(fs.index_html([])),
            }
        )
        result = crawl("-a", f"url={server.url}", "-s", f"NEWS_STATS_FILE={stats}", db=db, check=False)
    assert read_stats(stats)["news/errors/too_large"] == 1
    assert "Traceback" not in result.stderr
    assert [r["url"] for r in rows(db)] == [f"{server.url}articles/listed.html"]


# --- sitemaps and URLs per source and run -------------------------------------------------


def endless_index(prefix: str, last: int = 40) -> fs.Responder:
    """``/idx?n=N`` is an index of ``/idx?n=N+1`` and a sitemap of article N
    -- up to ``last`` (a finite stand-in for "for ever")."""

    def respond(handler: fs.FaultHandler) -> None:
        n = int(handler.path.partition("n=")[2] or 0)
        children = [f"{prefix}urlset?n={n}"] + ([f"{prefix}idx?n={n + 1}"] if n < last else [])
        fs.send(handler, sitemap_xml(*children, index=True).encode(), content_type="application/xml")

    return respond


def articles_sitemap(prefix: str) -> fs.Responder:
    def respond(handler: fs.FaultHandler) -> None:
        n = int(handler.path.partition("n=")[2] or 0)
        fs.send(handler, sitemap_xml(f"{prefix}a/{n}.html").encode(), content_type="application/xml")

    return respond


def article_by_path(handler: fs.FaultHandler) -> None:
    fs.send(handler, fs.article_html(handler.path.strip("/").replace("/", "-")).encode())


def test_a_sitemap_index_is_followed_one_level_only(tmp_path: Path) -> None:
    db, stats = tmp_path / "news.db", tmp_path / "stats.json"
    with fs.run({}) as server:
        server.site.update(
            {
                "/robots.txt": fs.page("Sitemap: /idx?n=0\n", content_type="text/plain"),
                "/idx": endless_index(server.url),
                "/urlset": articles_sitemap(server.url),
                "/a/*": article_by_path,
                "/": fs.page(fs.index_html([])),
            }
        )
        crawl("-a", f"url={server.url}", "-s", f"NEWS_STATS_FILE={stats}", db=db)
        hits = server.hits()
    # the index's children are fetched; the second index is not followed
    assert {path for path in hits if path.startswith("/idx")} == {"/idx?n=0", "/idx?n=1"}
    assert {path for path in hits if path.startswith("/urlset")} == {"/urlset?n=0"}
    counted = read_stats(stats)
    assert counted["news/cut/sitemap_nesting"] == 2  # the children of /idx?n=1
    assert counted[f"news/source/127_0_0_1_{server.server_address[1]}/cut"] == 2
    assert [r["url"] for r in rows(db)] == [f"{server.url}a/0.html"]
    (run,) = rows(db, "SELECT status, cut FROM crawl_runs")
    assert run == {"status": "ok", "cut": 2}


def test_a_run_with_something_cut_is_not_complete(tmp_path: Path) -> None:
    """The next run must not stop a listing early on the word of a run that saw only part of the source."""
    db = tmp_path / "news.db"
    counts = {"pages_fetched": 5, "articles_stored": 3}
    start_runs(db, "run-1", ["whole", "cut"], "2024-03-05T10:00:00Z")
    finish_runs(
        db, "run-1", "2024-03-05T10:05:00Z", "finished", {"whole": ("ok", counts), "cut": ("ok", {**counts, "cut": 1})}
    )
    conn = sqlite3.connect(db)
    try:
        assert last_run_complete(conn, "whole") and not last_run_complete(conn, "cut")
    finally:
        conn.close()


def test_sitemaps_and_urls_per_source_are_capped(tmp_path: Path) -> None:
    """An index of 30 sitemaps of 100 URLs each, with caps of 5 sitemaps and 12 URLs:
    what is over a cap is never requested, only counted."""
    db, stats = tmp_path / "news.db", tmp_path / "stats.json"
    with fs.run({}) as server:
        children = [f"{server.url}sitemaps/{n}.xml" for n in range(30)]
        server.site.update(
            {
                "/robots.txt": fs.page("Sitemap: /index.xml\n", content_type="text/plain"),
                "/index.xml": fs.page(sitemap_xml(*children, index=True), content_type="application/xml"),
                "/a/*": fs.page(b"gone", status=404, content_type="text/plain"),
                "/": fs.page(fs.index_html([])),
            }
        )
        for n in range(30):
            urls = [f"{server.url}a/{n}-{i}.html" for i in range(100)]
            server.site[f"/sitemaps/{n}.xml"] = fs.page(sitemap_xml(*urls), content_type="application/xml")
        crawl(
            "-a",
            f"url={server.url}",
            "-s",
            f"NEWS_STATS_FILE={stats}",
            "-s",
            "NEWS_MAX_SITEMAPS=5",
            "-s",
            "NEWS_MAX_URLS_PER_SOURCE=12",
            db=db,
            check=False,
        )
        hits = server.hits()
    sitemaps = [p for p in hits if p.startswith(("/index.xml", "/sitemaps/"))]
    articles = [p for p in hits if p.startswith("/a/")]
    assert len(sitemaps) == 5  # the index and 4 of its children
    assert len(articles) == 12, hits
    counted = read_stats(stats)
    assert counted["news/cut/sitemaps"] == 30 - 4
    assert counted["news/cut/urls"] == 4 * 100 - 12


# --- time: per source, and after a stop signal ----------------------------------------------


def test_services_that_never_answer_or_hang_up_cost_a_source_its_budget_only(tmp_path: Path) -> None:
    """Two sources that are not web servers: one accepts connections and never
    answers, one accepts and hangs up. DOWNLOAD_TIMEOUT stays at its 30 s, with
    retries; the 3 s budget ends the first source's robots.txt and home page."""
    db, stats, sources = tmp_path / "news.db", tmp_path / "stats.json", tmp_path / "sources.toml"
    with fs.raw_tcp("sleep") as sleeper, fs.raw_tcp("close") as closer:
        sources.write_text(
            f'[[sources]]\nname = "sleeper"\nurl = "{sleeper}"\n\n[[sources]]\nname = "closer"\nurl = "{closer}"\n',
            encoding="utf-8",
        )
        result = crawl(
            *("-s", f"NEWS_SOURCES={sources}", "-s", f"NEWS_STATS_FILE={stats}"),
            *("-s", "NEWS_SOURCE_BUDGET_SECONDS=3", "-s", "DOWNLOAD_TIMEOUT=30"),
            db=db,
            check=False,
        )
    assert result.returncode == 3
    counted = read_stats(stats)
    assert counted["news/source/sleeper/cut"] >= 1
    assert not counted.get("news/source/closer/cut")
    runs = {r["source"]: r for r in rows(db, "SELECT * FROM crawl_runs")}
    assert {name: run["status"] for name, run in runs.items()} == {"sleeper": "failed", "closer": "failed"}
    assert runs["sleeper"]["finish_reason"] == "finished"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_ends_the_crawl_and_commits_the_open_batch(tmp_path: Path, signum: int) -> None:
    """Three articles come at once, four pages never do. The batch is held
    open (no commit before the end), downloads may take 10 minutes; a stop
    signal must still end the crawl soon, with the three articles stored."""
    db = tmp_path / "news.db"
    release = threading.Event()
    site = fs.Site()
    for slug in ("one", "two", "three"):
        site.add(f"/articles/{slug}.html", fs.page(fs.article_html(slug)))
    for n in range(4):
        site.add(f"/hang/{n}.html", fs.gated(release, fs.page(fs.article_html(f"late-{n}")), timeout=600))
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-s", f"NEWS_DB={db}", *FAST]
    settings = {"NEWS_COMMIT_ITEMS": 1000, "NEWS_COMMIT_SECONDS": 1000, "DOWNLOAD_TIMEOUT": 600, "NEWS_STOP_SECONDS": 2}
    with fs.run(site.build()) as server:
        try:
            command += ["-a", f"url={server.url}", *(f"-s{k}={v}" for k, v in settings.items())]
            process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            while not (
                {"/articles/one.html", "/articles/two.html", "/articles/three.html"} <= set(server.hits())
                and any(p.startswith("/hang/") for p in server.hits())
            ):
                assert process.poll() is None, process.communicate()[1][-3000:]
                time.sleep(0.1)
            process.send_signal(signum)
            try:
                _, stderr = process.communicate(timeout=90)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
                pytest.fail("the crawl did not end after a stop signal")
        finally:
            release.set()
    assert process.returncode == 3, stderr[-3000:]
    assert sorted(r["url"].rsplit("/", 1)[1] for r in rows(db)) == ["one.html", "three.html", "two.html"]
    (run,) = rows(db, "SELECT * FROM crawl_runs")
    assert run["finish_reason"] == "shutdown"
