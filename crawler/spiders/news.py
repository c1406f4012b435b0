"""The ``news`` spider: discovery and fetching only; pipelines do the rest.

scrapy crawl news                    # every enabled source in NEWS_SOURCES
scrapy crawl news -a source=demo     # one source by name
scrapy crawl news -a url=URL         # an ad-hoc site from its home page
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from crawler.arabic import to_iso, utc_now
from crawler.discovery import follow_candidates, looks_like_article
from crawler.items import ArticleItem
from crawler.sources import Source, SourcesError, load_sources, source_for_url

_FEED_LINKS = '//link[@rel="alternate"][contains(@type,"rss") or contains(@type,"atom")]/@href'


def select_sources(sources: list[Source], name: str | None) -> list[Source]:
    if name is None:
        return [s for s in sources if s.enabled]
    chosen = [s for s in sources if s.name == name]
    if not chosen:
        known = ", ".join(s.name for s in sources)
        raise SourcesError(f"unknown source {name!r}; known sources: {known}")
    return chosen


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, source: str | None = None, url: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.source_name = source
        self.home_url = url
        self.sources: list[Source] = []

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.home_url:
            spider.sources = [source_for_url(spider.home_url)]
        else:
            all_sources = load_sources(crawler.settings.get("NEWS_SOURCES"))
            spider.sources = select_sources(all_sources, spider.source_name)
        return spider

    async def start(self) -> Any:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        for source in self.sources:
            kwargs = {"source": source}
            yield scrapy.Request(source.url, callback=self.parse_page, cb_kwargs=kwargs)
            for url in source.listings:
                yield scrapy.Request(url, callback=self.parse_page, cb_kwargs=kwargs)
            for url in source.feeds:
                yield scrapy.Request(url, callback=self.parse_feed, cb_kwargs=kwargs)

    def parse_page(self, response: Response, source: Source) -> Iterator[Any]:
        if not hasattr(response, "xpath"):
            self.crawler.stats.inc_value("news/skipped/not_html")
            return
        if self._is_article(response, source):
            yield ArticleItem(
                url=response.url,
                source=source.name,
                html=response.text,
                fetched_at=to_iso(utc_now()),
                raw=response.body,
                content_type=response.headers.get(b"Content-Type", b"").decode("latin-1"),
            )
        for href in response.xpath(_FEED_LINKS).getall():
            yield response.follow(href, callback=self.parse_feed, cb_kwargs={"source": source})
        links = [response.urljoin(h) for h in response.xpath("//a/@href").getall()]
        for link in follow_candidates(links, source):
            yield scrapy.Request(link, callback=self.parse_page, cb_kwargs={"source": source})

    def parse_feed(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        if not hasattr(response, "xpath"):
            return
        response.selector.remove_namespaces()
        links = response.xpath("//item/link/text() | //entry/link/@href").getall()
        urls = [response.urljoin(link.strip()) for link in links]
        for link in follow_candidates(urls, source):
            yield scrapy.Request(link, callback=self.parse_page, cb_kwargs={"source": source})

    def _is_article(self, response: Response, source: Source) -> bool:
        return looks_like_article(
            response.xpath('//meta[@property="og:type"]/@content').get(),
            " ".join(response.xpath('//script[@type="application/ld+json"]/text()').getall()),
            response.url,
            response.xpath("//p").xpath("string()").getall(),
            source,
        )
