"""The spider's callbacks on saved responses (no crawl): which requests a
listing page leads to in an incremental run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.spiders.news import NewsSpider
from crawler.text.urls import canonicalize_url

HOME = "http://127.0.0.1:8001/"
LISTING = HOME + "section/news/"
NEXT = HOME + "section/news/page/2/"
OLD_A = HOME + "2024/03/07/idlib-camps-brace-for-rain/"
OLD_B = HOME + "2024/03/08/daraa-water-network-restored/"
NEW = HOME + "2024/03/11/new-story-about-aleppo/"


def listing_page(*links: str) -> bytes:
    cards = "".join(f'<h2><a href="{link}">خبر</a></h2>' for link in links)
    html = f"""<html><head><meta property="og:type" content="website"></head><body>
    <a href="/">الرئيسية</a> {cards} <a href="http://other.example/2024/03/11/x-y-z-w/">خارجي</a>
    <a rel="next" href="{NEXT}">التالي</a></body></html>"""
    return html.encode("utf-8")


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[NewsSpider]:
    crawler = get_crawler(NewsSpider, settings_dict={"NEWS_DB": str(tmp_path / "news.db")})
    spider = NewsSpider.from_crawler(crawler, url=HOME)
    for n, url in enumerate((OLD_A, OLD_B)):
        spider.fetch_state.conn.execute(
            "INSERT INTO articles (url, canonical_url, source, body, fetched_at, content_hash) VALUES (?, ?, ?, 'b', ?, ?)",
            [url, canonicalize_url(url), spider.sources[0].name, "2024-03-09T00:00:00+00:00", f"h{n}"],
        )
    spider.complete = {spider.sources[0].name}
    yield spider
    spider.closed("finished")


def requested(spider: NewsSpider, url: str, body: bytes) -> list[str]:
    request = Request(url, meta={"news_hop": 1, "news_page": 1})
    response = HtmlResponse(url=url, body=body, request=request)
    out = spider.parse_page(response, source=spider.sources[0].name)
    return [r.url for r in out if isinstance(r, Request)]


@pytest.mark.parametrize(
    ("links", "complete", "already_requested", "since", "expected"),
    [
        ((OLD_A, OLD_B), True, (), None, []),
        ((OLD_A, OLD_B), False, (), None, [NEXT]),  # the last run was killed: page on
        ((NEW, OLD_A, OLD_B), True, (), None, [NEW, NEXT]),
        ((NEW, OLD_A), True, (NEW,), None, []),  # NEW came from another page of this run
        ((NEW, OLD_A), True, (), date(2024, 3, 12), []),  # older than since
        ((NEW, OLD_A), False, (), date(2024, 3, 10), [NEW, NEXT]),  # OLD_A not fetched, paging goes on
    ],
)
def test_listing_page_requests(
    spider: NewsSpider,
    links: tuple[str, ...],
    complete: bool,
    already_requested: tuple[str, ...],
    since: date | None,
    expected: list[str],
) -> None:
    spider.complete = spider.complete if complete else set()
    spider.requested = {canonicalize_url(u) for u in already_requested}
    spider.since = since
    got = [u for u in requested(spider, LISTING, listing_page(*links)) if u != HOME]
    assert got == expected


def test_article_page_yields_one_item_and_follows_nothing(spider: NewsSpider) -> None:
    body = f"""<html><head><meta property="og:type" content="article"></head><body><h1>عنوان</h1>
    <p>{"نص " * 100}</p><a href="{NEW}">خبر آخر</a></body></html>""".encode()
    response = HtmlResponse(url=NEW, body=body, request=Request(NEW, meta={"news_hop": 2}))
    (item,) = list(spider.parse_page(response, source=spider.sources[0].name))
    assert isinstance(item, ArticleItem)
    assert (item.url, item.source) == (NEW, spider.sources[0].name)
