"""Network faults: the crawl goes on, each fault is counted, nothing is half-stored.

One real ``scrapy crawl`` runs against a local server where most pages
misbehave (see tests/support/fault_server.py); the good pages must still be stored whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadTimeoutError, ResponseDataLossError
from scrapy.http import HtmlResponse, Response, TextResponse, XmlResponse
from twisted.internet.error import ConnectionLost, DNSLookupError
from twisted.web._newclient import ResponseNeverReceived

from crawler.middlewares import fault_kind, is_document, redirect_fault, status_kind
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows

GOOD = ("/articles/good-1.html", "/articles/good-2.html", "/articles/flaky.html")
# pages whose download must fail; none of them may leave a row
BROKEN = (
    "/articles/reset.html",
    "/articles/truncated.html",
    "/articles/giant.html",
    "/articles/giant-stream.html",
    "/articles/bomb.html",
)
NOT_HTML = ("/articles/data", "/articles/image", "/articles/plain")
GIANT = 11 * 1024 * 1024  # over the project's DOWNLOAD_MAXSIZE (10 MiB)


@dataclass
class Run:
    db: Path
    stats: dict
    hits: dict[str, int]
    base: str
    returncode: int


def fault_site() -> dict[str, fs.Responder]:
    site = fs.Site()
    for path in GOOD[:2]:
        site.add(path, fs.page(fs.article_html(path)))
    site.add("/articles/flaky.html", fs.fail_first(1, 503, fs.page(fs.article_html("/articles/flaky.html"))))
    site.add("/articles/reset.html", fs.reset)
    site.add("/articles/truncated.html", fs.truncated(fs.article_html("truncated")))
    site.add("/articles/giant.html", fs.page(fs.article_html("giant", extra_body="<p>" + "x" * GIANT + "</p>")))
    site.add("/articles/giant-stream.html", fs.stream(b"<p>" + b"x" * 65536 + b"</p>", GIANT))
    site.add("/articles/bomb.html", fs.page(fs.gzip_bomb(), Content_Encoding="gzip"))
    site.add("/loop/a", fs.redirect("/loop/b"))
    site.add("/loop/b", fs.redirect("/loop/a"), linked=False)
    site.add("/chain/0", fs.redirect_chain("/chain/"))
    site.add("/chain/*", fs.redirect_chain("/chain/"), linked=False)
    site.add("/articles/data", fs.page(b'{"title": "json"}', content_type="application/json"))
    site.add("/articles/image", fs.page(b"\x89PNG\r\n\x1a\n" + b"\0" * 64, content_type="image/png"))
    site.add("/articles/plain", fs.page(fs.article_html("plain"), content_type="text/plain; charset=utf-8"))
    return site.build()


def run_crawl(site: dict[str, fs.Responder], tmp: Path, *settings: str) -> Run:
    db, stats_file = tmp / "news.db", tmp / "stats.json"
    with fs.run(site) as server:
        result = crawl("-a", f"url={server.url}", "-s", f"NEWS_STATS_FILE={stats_file}", *settings, db=db, check=False)
        hits = dict(server.hits())
    assert result.returncode == 0, result.stderr[-3000:]
    return Run(db, json.loads(stats_file.read_text(encoding="utf-8")), hits, server.url, result.returncode)


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_crawl(fault_site(), tmp_path_factory.mktemp("faults"))


def stored_paths(run: Run) -> set[str]:
    return {r["url"].removeprefix(run.base.rstrip("/")) for r in rows(run.db)}


def test_crawl_goes_on_and_stores_every_good_page(faults: Run) -> None:
    assert faults.stats["finish_reason"] == "finished"
    assert stored_paths(faults) == set(GOOD)
    assert faults.stats["news/stored"] == len(GOOD)


@pytest.mark.parametrize("path", BROKEN + NOT_HTML)
def test_each_bad_page_was_tried_and_left_no_row(faults: Run, path: str) -> None:
    assert faults.hits.get(path, 0) >= 1
    assert path not in stored_paths(faults)


def test_stored_pages_are_whole(faults: Run) -> None:
    for row in rows(faults.db):
        paragraphs = row["body"].split("\n\n")
        assert len(paragraphs) == len(fs.PARAGRAPHS), row["url"]
        assert all(p.startswith(text) for p, text in zip(paragraphs, fs.PARAGRAPHS, strict=True))


@pytest.mark.parametrize(
    ("kind", "count"),
    [
        ("http_5xx", 1),  # flaky.html once, then a 200
        ("truncated", 3),  # first try + RETRY_TIMES=2
        ("connection", 3),  # reset.html, retried twice
        ("too_large", 3),  # Content-Length over the cap, streamed over the cap, gzip bomb
        ("redirect_loop", 2),  # a -> b -> a, and /chain/N -> /chain/N+1 for ever
        ("not_html", 3),  # JSON, PNG, text/plain
    ],
)
def test_each_fault_is_counted(faults: Run, kind: str, count: int) -> None:
    assert faults.stats.get(f"news/errors/{kind}") == count


def test_no_spurious_faults(faults: Run) -> None:
    counted = {k for k in faults.stats if k.startswith("news/errors/")}
    expected = {"http_5xx", "truncated", "connection", "too_large", "redirect_loop", "not_html"}
    assert counted == {f"news/errors/{k}" for k in expected}


def test_redirect_loops_stop_early(faults: Run) -> None:
    assert faults.hits["/loop/a"] == 1
    assert faults.hits["/loop/b"] == 1
    chain = sum(n for path, n in faults.hits.items() if path.startswith("/chain/"))
    assert chain <= 21  # REDIRECT_MAX_TIMES (20) + the first request


def test_retried_fault_is_retried_then_stored(faults: Run) -> None:
    assert faults.hits["/articles/flaky.html"] == 2
    assert faults.stats["retry/reason_count/503 Service Unavailable"] == 1


def test_timeouts_are_retried_counted_and_skipped(tmp_path: Path) -> None:
    site = fs.Site()
    site.add("/articles/good-1.html", fs.page(fs.article_html("good-1")))
    site.add("/articles/slow.html", fs.slow(5, fs.page(fs.article_html("slow"))))
    run = run_crawl(site.build(), tmp_path, "-s", "DOWNLOAD_TIMEOUT=1.5", "-s", "RETRY_TIMES=1")
    assert run.stats["news/errors/timeout"] == 2
    assert run.hits["/articles/slow.html"] == 2
    assert stored_paths(run) == {"/articles/good-1.html"}


# --- the classification, table-driven ---------------------------------------


@pytest.mark.parametrize(
    ("exception", "kind"),
    [
        (DownloadTimeoutError("slow"), "timeout"),
        (ResponseDataLossError(), "truncated"),
        (DownloadCancelledError("too big"), "too_large"),
        (ConnectionLost(), "connection"),
        (ResponseNeverReceived([]), "connection"),
        (ConnectionResetError(), "connection"),
        (DNSLookupError(), "dns"),
        (ValueError("?"), "other"),
    ],
)
def test_fault_kind(exception: Exception, kind: str) -> None:
    assert fault_kind(exception) == kind


@pytest.mark.parametrize(
    ("status", "kind"), [(200, None), (301, None), (404, "http_4xx"), (429, "http_4xx"), (503, "http_5xx")]
)
def test_status_kind(status: int, kind: str | None) -> None:
    assert status_kind(status) == kind


H = "http://a.test"


@pytest.mark.parametrize(
    ("chain", "target", "kind"),
    [
        ([f"{H}/x"], f"{H}/y", None),
        ([f"{H}/x"], "https://www.a.test/x", None),  # https and www. are the same site
        ([f"{H}/x"], f"{H}/x", "redirect_loop"),
        ([f"{H}/a", f"{H}/b"], f"{H}/a", "redirect_loop"),
        ([f"{H}/{n}" for n in range(22)], f"{H}/22", "redirect_loop"),
        # where a redirect leads is crawler.confinement's to judge (tests/test_confinement.py)
        ([f"{H}/x"], "http://b.test/x", None),
    ],
)
def test_redirect_fault(chain: list[str], target: str, kind: str | None) -> None:
    assert redirect_fault(chain, target, max_hops=20) == kind


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        (HtmlResponse("http://a.test/", body=b"<html></html>"), True),
        (XmlResponse("http://a.test/feed", body=b"<rss/>"), True),
        (TextResponse("http://a.test/x", body=b"{}", headers={"Content-Type": "application/json"}), False),
        (Response("http://a.test/x.png", headers={"Content-Type": "image/png"}), False),
        (Response("http://a.test/sitemap.xml.gz", headers={"Content-Type": "application/x-gzip"}), True),
        (Response("http://a.test/file.zip", headers={"Content-Type": "application/x-gzip"}), False),
    ],
)
def test_is_document(response: Response, expected: bool) -> None:
    assert is_document(response) is expected
