"""The spider's callbacks on saved responses (no crawl): which requests a
listing page leads to in an incremental run."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
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


def atom_feed(url: str, updated: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
    <entry><title>خبر</title><link rel="alternate" href="{url}"/>
    <published>2024-03-07T08:00:00Z</published><updated>{updated}</updated></entry></feed>""".encode()


@pytest.mark.parametrize(
    ("updated", "refetched"),
    [("2024-03-10T12:00:00Z", True), ("2024-03-08T12:00:00Z", False)],  # OLD_A was stored on 2024-03-09
)
def test_feed_updated_later_than_the_stored_copy_refetches_conditionally(
    spider: NewsSpider, updated: str, refetched: bool
) -> None:
    spider.fetch_state.conn.execute(
        "INSERT INTO fetch_state (url, source, etag, checked_at) VALUES (?, ?, ?, ?)",
        [OLD_A, spider.sources[0].name, '"v1"', "2024-03-09T00:00:00+00:00"],
    )
    request = Request(HOME + "feed/", meta={"news_kind": "feed"})
    response = XmlResponse(url=HOME + "feed/", body=atom_feed(OLD_A, updated), request=request)
    out = [r for r in spider.parse_feed(response, source=spider.sources[0].name) if isinstance(r, Request)]
    assert [r.url for r in out] == ([OLD_A] if refetched else [])
    if refetched:
        assert out[0].headers.get("If-None-Match") == b'"v1"'
        assert out[0].meta["handle_httpstatus_list"] == [304]


def test_a_304_on_a_stored_article_records_the_check_and_yields_nothing(spider: NewsSpider) -> None:
    request = Request(OLD_A, meta={"news_kind": "article", "handle_httpstatus_list": [304]})
    response = HtmlResponse(url=OLD_A, status=304, body=b"", request=request)
    assert list(spider.parse_page(response, source=spider.sources[0].name)) == []
    seen = spider.seen_validators[spider.sources[0].name][OLD_A]
    assert seen.checked_at is not None and seen.checked_at > "2024-03-09"


WP_HOME = f"""<html><head><link rel="https://api.w.org/" href="{HOME}wp-json/"></head><body>
<a href="{HOME}category/news/">أخبار</a> <h2><a href="{HOME}archives/2001">خبر</a></h2></body></html>""".encode()


@pytest.mark.parametrize(
    ("api_body", "listings_crawled"),
    [
        (f'[{{"id": 2001, "link": "{HOME}archives/2001", "modified_gmt": "2024-03-01T00:00:00"}}]', False),
        ("[]", True),  # an empty API
        ('{"code": "rest_disabled"}', True),  # a closed one
        ('[{"id": 2001, "link": "https://backend.example/archives/2001"}]', True),  # a headless site's back end
    ],
)
def test_wordpress_api_stands_in_for_section_pages_only_when_it_lists_the_sites_posts(
    spider: NewsSpider, api_body: str, listings_crawled: bool
) -> None:
    home = HtmlResponse(url=HOME, body=WP_HOME, request=Request(HOME, meta={"news_hop": 0, "news_page": 1}))
    first = [r for r in spider.parse_page(home, source=spider.sources[0].name) if isinstance(r, Request)]
    api = [r for r in first if r.meta["news_kind"] == "api"]
    assert len(api) == 1 and HOME + "category/news/" not in [r.url for r in first]
    response = TextResponse(url=api[0].url, body=api_body.encode(), request=api[0])
    then = [r.url for r in spider.parse_api(response, source=spider.sources[0].name)]
    assert (HOME + "category/news/" in then) is listings_crawled
