"""Crawls that end: bounded bodies, sitemaps, URLs, time per source, and stop signals.

Real crawls against servers on 127.0.0.1 (``tests/support/fault_server.py``) that
never stop offering work: gzip bombs, sitemap indexes that point at new
indexes for ever, huge sitemaps, pages that never come.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.fault_server import sitemap_xml


def read_stats(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_gzip_bomb_sitemap_is_too_large_and_the_crawl_goes_on(tmp_path: Path) -> None:
    """A raw ``.xml.gz`` sitemap (no Content-Encoding) inflating to 64 MB."""
    db, stats = tmp_path / "news.db", tmp_path / "stats.json"
    with fs.run({}) as server:
        good = gzip.compress(sitemap_xml(f"{server.url}articles/listed.html").encode())
        server.site.update(
            {
                "/robots.txt": fs.page(
                    "Sitemap: /bomb.xml.gz\nSitemap: /good.xml.gz\n", content_type="text/plain"
                ),
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
