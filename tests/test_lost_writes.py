"""Honest run records after lost writes (issue #15): a crawl whose disk fills
up says in ``crawl_runs`` what it really committed, and the next run does not
trust it -- it fetches the sitemap again and stores what was lost.
"""

from __future__ import annotations

from pathlib import Path

from crawler.constants import EXIT_SOURCE_PROBLEM
from tests.support import fault_server as fs
from tests.support.crawl import BATCH, crawl
from tests.support.databases import rows
from tests.support.disk_full import pipelines_with_full_disk

ARTICLES = [f"/2024/05/{n:02d}/story-{n}.html" for n in range(1, 10)]


def sitemap_with_validators(handler: fs.FaultHandler) -> None:
    """The site's sitemap, with an ETag; a conditional request that matches gets a 304."""
    if handler.headers.get("If-None-Match") == '"v1"':
        fs.send(handler, b"", status=304, headers={"ETag": '"v1"'})
        return
    base = f"http://{handler.headers['Host']}"
    body = fs.sitemap_xml(*(base + path for path in ARTICLES)).encode()
    fs.send(handler, body, content_type="application/xml", headers={"ETag": '"v1"'})


def site() -> dict[str, fs.Responder]:
    built = fs.Site()
    for path in ARTICLES:
        built.add(path, fs.page(fs.article_html(path.rsplit("/", 1)[-1])), linked=False)
    built.add("/sitemap.xml", sitemap_with_validators, linked=False)
    return built.build()


def last_run(db: Path) -> dict:
    return rows(db, "SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1")[0]


def test_a_run_that_lost_writes_says_so_and_is_not_trusted(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with fs.run(site()) as server:
        full = crawl("-a", f"url={server.url}", *BATCH, *pipelines_with_full_disk(after=2), db=db, check=False)
        stored = len(rows(db))
        run = last_run(db)
        assert full.returncode == EXIT_SOURCE_PROBLEM, full.stderr[-2000:]
        assert 2 <= stored < len(ARTICLES)  # the disk filled up after two articles
        # the record counts what is in the database, and what was lost
        assert run["articles_stored"] == stored
        assert run["lost"] == len(ARTICLES) - stored
        assert run["with_date"] <= stored
        first_hits = server.hits().get("/sitemap.xml", 0)

        again = crawl("-a", f"url={server.url}", db=db, check=False)
        assert again.returncode == 0, again.stderr[-2000:]
        # not a 304 from a validator saved by the broken run: the sitemap is read again
        assert server.hits().get("/sitemap.xml", 0) > first_hits
    assert len(rows(db)) == len(ARTICLES)
    run = last_run(db)
    assert run["lost"] == 0 and run["articles_stored"] == len(ARTICLES) - stored
