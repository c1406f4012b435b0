"""End-to-end discovery and monitoring: real `scrapy crawl` runs against the
fixture site tests/sites/monitor/ served on 127.0.0.1 (see tests/sites/build.py
for where each article can be found)."""

from __future__ import annotations

import fcntl
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.sites.build import ARTICLES, BY_KEY
from tests.sites.server import Site, serve_site
from tests.support.crawl import FAST, crawl
from tests.support.databases import rows
from tests.support.paths import ROOT

SITE_ROOT = ROOT / "tests" / "sites" / "monitor"
TOKENS = {"A7_LASTMOD": "2024-03-04T12:00:00+00:00", "POSTS_LASTMOD": "2024-03-10T12:00:00+00:00"}
ARTICLE_PATHS = {a.path for a in ARTICLES}
CONTENT = ("title", "subtitle", "body", "section", "author", "published_at", "language", "content_hash")


def stored_paths(db: Path, base: str) -> set[str]:
    return {r["url"].removeprefix(base.rstrip("/")) for r in rows(db)}


def runs(db: Path) -> list[dict]:
    return rows(db, "SELECT * FROM crawl_runs ORDER BY id")


@pytest.fixture(scope="module")
def monitored(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three runs on one database: first, second (nothing changed), third
    (the posts sitemap says a7 changed)."""
    db = tmp_path_factory.mktemp("monitor") / "news.db"
    site = Site(SITE_ROOT, tokens=dict(TOKENS))
    out: dict = {"db": db}
    with serve_site(site):
        out["base"] = site.base
        crawl("-a", f"url={site.base}", db=db)
        out["log1"] = list(site.log)
        out["rows1"] = rows(db)
        crawl("-a", f"url={site.base}", db=db)
        out["log2"] = site.log[len(out["log1"]) :]
        out["rows2"] = rows(db)
        edited = datetime.now(UTC).replace(microsecond=0).isoformat()  # a7 edited after it was stored
        site.tokens.update(A7_LASTMOD=edited, POSTS_LASTMOD=edited)
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)
        out["log3"] = site.log[mark:]
    return out


def test_every_article_is_found_including_page_2_and_sitemap_only(monitored: dict) -> None:
    assert stored_paths(monitored["db"], monitored["base"]) == ARTICLE_PATHS


@pytest.mark.parametrize(
    ("key", "where"),
    [
        ("a5", "only on page 2 of a listing (rel=next)"),
        ("a6", "only on page 3 (numbered link)"),
        ("a7", "only in the posts sitemap"),
        ("a8", "only in the gzipped news sitemap"),
    ],
)
def test_hard_to_reach_article_is_stored(monitored: dict, key: str, where: str) -> None:
    assert BY_KEY[key].path in stored_paths(monitored["db"], monitored["base"]), where


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/section/news/",
        "/section/news/page/2/",
        "/who-we-are.html",
        "/topics/raqqa/",
        "/video/2024/03/11/damascus-clip/",
        "/2024/03/02/breaking-short-note/",
    ],
)
def test_fetched_non_article_is_not_stored(monitored: dict, path: str) -> None:
    assert (path, 200) in monitored["log1"], "the page was not even fetched: the test would prove nothing"
    assert path not in stored_paths(monitored["db"], monitored["base"])


def test_tag_author_and_about_pages_are_not_requested(monitored: dict) -> None:
    requested = {path for path, _ in monitored["log1"]}
    assert not [p for p in requested if p.startswith(("/tag/", "/author/", "/about/"))]


def test_only_the_sources_own_host_and_port_is_crawled(monitored: dict) -> None:
    assert all(r["url"].startswith(monitored["base"]) for r in monitored["rows1"])
    assert [r["errors"] for r in runs(monitored["db"])] == [0, 0, 0]  # port 1 and other.example never tried


def test_second_run_requests_no_stored_article_and_adds_no_row(monitored: dict) -> None:
    second = [path for path, _ in monitored["log2"]]
    assert second, "the second run made no request at all"
    assert not set(second) & ARTICLE_PATHS
    assert monitored["rows2"] == monitored["rows1"]


def test_second_run_uses_conditional_requests_and_stops_paging(monitored: dict) -> None:
    assert ("/feed.xml", 304) in monitored["log2"]
    assert ("/sitemap_index.xml", 304) in monitored["log2"]
    assert "/section/news/page/2/" not in [path for path, _ in monitored["log2"]]


def test_sitemap_lastmod_change_refetches_only_that_article(monitored: dict) -> None:
    refetched = {path for path, _ in monitored["log3"]} & ARTICLE_PATHS
    assert refetched == {BY_KEY["a7"].path}
    assert len(rows(monitored["db"])) == len(ARTICLES)


def test_crawl_runs_counts(monitored: dict) -> None:
    first, second, third = runs(monitored["db"])
    served_ok = sum(1 for _, status in monitored["log1"] if status == 200)
    assert first["pages_fetched"] == served_ok - 1  # Scrapy's own robots.txt request is not a page of ours
    assert (first["articles_stored"], first["dropped"], first["duplicates"]) == (len(ARTICLES), 1, 0)
    assert (first["with_date"], first["with_author"]) == (len(ARTICLES), len(ARTICLES))
    assert (first["status"], first["finish_reason"]) == ("ok", "finished")
    assert first["ended_at"] >= first["started_at"]
    assert (second["articles_stored"], second["not_modified"], second["status"]) == (0, 2, "ok")
    assert second["known_skipped"] > 0
    # a7 refetched conditionally: its page did not change, so the server answered 304
    assert (third["articles_stored"], third["duplicates"]) == (0, 0)
    assert (BY_KEY["a7"].path, 304) in monitored["log3"]


def test_since_bounds_the_backfill(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with serve_site(Site(SITE_ROOT, tokens=dict(TOKENS))) as site:
        crawl("-a", f"url={site.base}", "-a", "since=2024-03-06", db=db)
        requested = {path for path, _ in site.log}
    expected = {a.path for a in ARTICLES if a.day >= "2024-03-06"}
    assert stored_paths(db, site.base) == expected
    assert not (requested & ARTICLE_PATHS) - expected


def test_bad_since_is_a_clear_error(tmp_path: Path) -> None:
    result = crawl("-a", "source=demo", "-a", "since=last week", db=tmp_path / "news.db", check=False)
    assert result.returncode == 1
    assert "since must be a date YYYY-MM-DD" in result.stderr


def _article_count(db: Path) -> int:
    try:
        conn = sqlite3.connect(db, timeout=1)
        try:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def test_killed_and_resumed_run_equals_an_uninterrupted_one(monitored: dict, tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = Site(SITE_ROOT, tokens=dict(TOKENS), delay={"/2024/": 0.3})
    with serve_site(site):
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={site.base}", "-s", f"NEWS_DB={db}"]
        command += ["-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]  # one article at a time: the kill lands midway
        command += ["-s", "NEWS_COMMIT_ITEMS=2"]  # committed in pairs: the kill may leave a batch open
        process = subprocess.Popen([*command, *FAST], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while _article_count(db) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed_with = _article_count(db)
        site.delay.clear()
        crawl("-a", f"url={site.base}", db=db)
    assert 0 < killed_with < len(ARTICLES), "the kill did not happen midway"
    resumed = {r["url"].removeprefix(site.base): tuple(r[c] for c in CONTENT) for r in rows(db)}
    reference = {r["url"].removeprefix(monitored["base"]): tuple(r[c] for c in CONTENT) for r in monitored["rows1"]}
    assert resumed == reference
    killed_run, resumed_run = runs(db)
    assert (killed_run["status"], killed_run["ended_at"]) == ("running", None)
    assert resumed_run["articles_stored"] == len(ARTICLES) - killed_with


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_dead_source_gives_a_non_zero_exit(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    result = crawl("-a", f"url=http://127.0.0.1:{_free_port()}/", "-s", "RETRY_TIMES=0", db=db, check=False)
    assert result.returncode == 3
    (run,) = runs(db)
    assert (run["status"], run["pages_fetched"], run["errors"]) == ("failed", 0, 1)


def test_source_that_yields_nothing_gives_a_non_zero_exit(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<html><body><p>قريباً</p></body></html>", encoding="utf-8")
    db = tmp_path / "news.db"
    with serve_site(Site(tmp_path / "site")) as site:
        result = crawl("-a", f"url={site.base}", db=db, check=False)
    assert result.returncode == 3
    (run,) = runs(db)
    assert (run["status"], run["articles_stored"]) == ("empty", 0)


def test_overlapping_run_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with (tmp_path / "news.db.lock").open("w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = crawl("-a", "source=demo", db=db, check=False)
    assert result.returncode == 75
    assert "another crawl holds" in result.stderr
    assert not db.exists()


def test_explicit_listing_and_article_pattern_from_the_sources_file(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with serve_site(Site(SITE_ROOT, tokens=dict(TOKENS))) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            "[[sources]]\n"
            'name = "fixture"\n'
            f'url = "{site.base}"\n'
            f'listings = ["{site.base}section/news/page/2/"]\n'
            'article_pattern = "/2024/03/0[56]/"\n',
            encoding="utf-8",
        )
        crawl("-a", "source=fixture", "-s", f"NEWS_SOURCES={sources}", db=db)
    assert stored_paths(db, site.base) == {BY_KEY["a5"].path, BY_KEY["a6"].path}
    assert {r["source"] for r in rows(db)} == {"fixture"}
