"""The ``news`` spider: discovery and fetching only; pipelines do the rest.

scrapy crawl news                        # every enabled source in NEWS_SOURCES
scrapy crawl news -a source=demo         # one source by name
scrapy crawl news -a url=URL             # an ad-hoc site from its home page
scrapy crawl news -a since=2024-01-01    # bound a backfill
scrapy crawl news -a replay=ARCHIVE      # the same crawl, answered from a WARC archive

From each source's home page: robots.txt -> sitemaps, feeds linked from the
page, WordPress's REST API and ``/feed/``, listing pages and their pagination;
plus the feeds, sitemaps and listings the sources file names; and recent
stored articles due for a revisit. Decisions live in :mod:`crawler.discovery`;
what earlier runs stored comes from :mod:`crawler.storage.fetch_state`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from typing import Any

import scrapy
from scrapy.http import Response

from crawler import discovery as d
from crawler.archive.replay import NotArchived, index_archive
from crawler.arguments import parse_arguments
from crawler.bounds import Cut
from crawler.cluster.state import ClusterFetchState, ClusterKnownArticles
from crawler.confinement import Refused
from crawler.discovery import freshness, wordpress
from crawler.handlers import DownloadStopped
from crawler.items import ArticleItem
from crawler.middlewares import NotHtml
from crawler.sources import Source, load_sources, select_sources, source_for_url
from crawler.storage.fetch_state import FetchState, KnownArticles, Validators
from crawler.text import dates
from crawler.text.dates import to_iso, utc_now
from crawler.text.urls import canonicalize_url

_FEED_LINKS = '//link[@rel="alternate"][contains(@type,"rss") or contains(@type,"atom")]/@href'
_API_LINKS = '//link[@rel="https://api.w.org/"]/@href'
_MODIFIED = '//meta[@property="article:modified_time" or @property="og:updated_time"]/@content'
_DATE_SIGNALS = (
    '//meta[@property="article:published_time"]/@content | //time/@datetime | //*[@itemprop="datePublished"]'
)


def stat(source: str, counter: str) -> str:
    """Per-source stats key, read by :mod:`crawler.runs` into ``crawl_runs``."""
    return f"news/source/{source}/{counter}"


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(self, **arguments: Any) -> None:
        """``arguments``: the ``-a`` values (:mod:`crawler.arguments`); raises
        ArgumentError for an unknown or bad one."""
        parsed = parse_arguments(arguments)
        super().__init__()
        self.replay_path = parsed.replay  # crawler.archive.replay serves every response from this archive
        self.replay_index: dict[str, Any] = {}
        self.source_name = parsed.source
        self.home_url = parsed.url
        self.since = parsed.since
        self.sources: list[Source] = []
        self.fetch_state: FetchState | ClusterFetchState | None = None
        self.known: KnownArticles | ClusterKnownArticles | None = None
        self.validators: dict[str, Validators] = {}
        self.seen_validators: dict[str, dict[str, Validators]] = {}
        self.complete: set[str] = set()
        self.requested: set[str] = set()
        self.by_name: dict[str, Source] = {}
        self.max_hops = 2
        self.max_pages = 50
        self.revisit_schedule: tuple[timedelta, ...] = ()
        self.wordpress: set[str] = set()  # sources whose WordPress API/feed were requested
        self.deferred: dict[str, list[scrapy.Request]] = {}  # listings held back while the API answers

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if spider.home_url:
            spider.sources = [source_for_url(spider.home_url)]
        else:
            all_sources = load_sources(crawler.settings.get("NEWS_SOURCES"))
            spider.sources = select_sources(all_sources, spider.source_name)
        spider.by_name = {s.name: s for s in spider.sources}
        spider.max_hops = crawler.settings.getint("NEWS_MAX_HOPS", 2)
        spider.max_pages = crawler.settings.getint("NEWS_MAX_PAGES", 50)
        spider.revisit_schedule = freshness.parse_schedule(
            crawler.settings.get("NEWS_REVISIT_SCHEDULE", freshness.DEFAULT_REVISIT_SCHEDULE)
        )
        spider.load_state(crawler.settings.get("NEWS_DB"), crawler.settings.get("NEWS_REDIS_URL"))
        if spider.replay_path:
            spider.replay_index = index_archive(spider.replay_path)
        return spider

    def load_state(self, db_path: str, cluster_url: str | None = None) -> None:
        """Validators and last-run status; stored URLs are looked up per link.
        A crawl node reads them from the cluster's mirror of the writer's database."""
        self.fetch_state = ClusterFetchState.open(cluster_url) if cluster_url else FetchState.open(db_path)
        names = [s.name for s in self.sources]
        self.known = self.fetch_state.known
        self.validators = self.fetch_state.validators(names)
        self.complete = {name for name in names if self.fetch_state.last_run_complete(name)}

    # --- requests -------------------------------------------------------------

    def _request(self, url: str, source: Source, kind: str, hop: int = 0, page: int = 1, **meta: Any) -> scrapy.Request:
        callbacks = {"feed": self.parse_feed, "sitemap": self.parse_sitemap, "robots": self.parse_robots}
        callback = {**callbacks, "api": self.parse_api}.get(kind, self.parse_page)
        headers: dict[str, str] = {}
        if kind in {"feed", "sitemap"}:
            meta["validators"] = self.validators.get(url, Validators())
        if "validators" in meta:  # a feed, a sitemap or a stored article: "changed since?"
            headers = meta["validators"].headers()
            meta["handle_httpstatus_list"] = [304]
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.on_error,
            headers=headers,
            meta={"news_source": source.name, "news_kind": kind, "news_hop": hop, "news_page": page, **meta},
            cb_kwargs={"source": source.name},
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for request in self.start_requests():
            yield request

    def start_requests(self) -> Iterator[scrapy.Request]:
        for source in self.sources:
            yield self._request(source.url, source, "home")
            robots = d.robots_url(source.url)
            if robots:
                yield self._request(robots, source, "robots", optional=True)
            for url in source.listings:
                yield self._request(url, source, "listing", hop=1)
            for url in source.feeds:
                yield self._request(url, source, "feed")
            for url in source.sitemaps:
                yield self._request(url, source, "sitemap")
            yield from self._revisits(source)
        yield from self._replayed_pages()

    def _replayed_pages(self) -> Iterator[scrapy.Request]:
        """In a replay, every archived page of a source, also those the live
        crawl reached through listings that were not archived."""
        for url in self.replay_index:
            source = next((s for s in self.sources if d.same_site(url, s)), None)
            request = self._article_request(url, source) if source is not None else None
            if request is not None:
                yield request

    def _revisits(self, source: Source) -> Iterator[scrapy.Request]:
        """Stored articles due for a revisit (:mod:`crawler.discovery.freshness`)."""
        if not self.revisit_schedule:
            return
        now = utc_now()
        since = to_iso(now - freshness.revisit_window(self.revisit_schedule))
        for article in self.fetch_state.recent_articles(source.name, since):
            times = (article.published_at, article.modified_at, article.fetched_at, article.last_fetched)
            if not freshness.due_for_revisit(*times, now, self.revisit_schedule):
                continue
            self.requested.add(canonicalize_url(article.url))
            self.crawler.stats.inc_value(stat(source.name, "revisits"))
            yield self._request(article.url, source, "article", hop=self.max_hops, validators=article.validators)

    def _article_request(self, url: str, source: Source, lastmod: datetime | None = None) -> scrapy.Request | None:
        """A request for a page that may be an article, unless it is stored
        (and unchanged) or already requested in this run."""
        key = canonicalize_url(url)
        if key in self.requested:
            return None
        stored = self.known.lookup(url)
        if stored is not None and not d.needs_fetch(stored[0], lastmod):
            self.crawler.stats.inc_value(stat(source.name, "known_skipped"))
            return None
        self.requested.add(key)
        if stored is None:
            return self._request(url, source, "article", hop=self.max_hops)
        self.crawler.stats.inc_value(stat(source.name, "modified_refetched"))
        return self._request(url, source, "article", hop=self.max_hops, validators=stored[1])

    def _up_to_date(self, entry: d.Entry) -> bool:
        """Stored, and no later modification announced."""
        return not d.needs_fetch(self.known.stored_at(entry.url), entry.lastmod)

    def is_known(self, url: str) -> bool:
        return url in self.known

    def _seen_before(self, url: str) -> bool:
        return canonicalize_url(url) in self.requested or url in self.known

    # --- callbacks ----------------------------------------------------------------

    def parse_page(self, response: Response, source: str) -> Iterator[Any]:
        src = self.by_name[source]
        if response.status == 304:  # a stored article, unchanged
            self.crawler.stats.inc_value(stat(src.name, "not_modified"))
            self._remember(response, src)
            return
        if not hasattr(response, "xpath"):
            self.crawler.stats.inc_value("news/skipped/not_html")
            return
        signals = self._signals(response)
        if d.is_article(signals, src):
            self._remember(response, src, freshness.page_modified(response.xpath(_MODIFIED).get(), signals.jsonld))
            yield self._article_item(response, src)
            return
        yield from self._discover(response, src)

    def _article_item(self, response: Response, source: Source) -> ArticleItem:
        return ArticleItem(
            url=response.url,
            source=source.name,
            html=response.text,
            fetched_at=to_iso(utc_now()),
            doc=response.selector.root,  # already parsed for the article signals: the clean step reuses it
        )

    def _discover(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """Links of a non-article page: feeds, WordPress's API, articles, more
        pages, the next page."""
        for href in response.xpath(_FEED_LINKS).getall():
            url = response.urljoin(href)
            if d.wanted_feed(url, source):
                yield self._request(url, source, "feed")
        api = yield from self._wordpress(response, source)
        defer = api and source.name in self.complete  # the API stands in for listing pages, unless it fails
        for request in self._listings(response, source):
            if defer and request.meta["news_kind"] != "article":
                self.deferred.setdefault(source.name, []).append(request)
            else:
                yield request

    def _listings(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        hop = response.meta.get("news_hop", 0)
        anchors = self._anchors(response)
        links = d.follow_candidates([a.url for a in anchors], source)
        paging = d.pagination_links(anchors)
        articles = [u for u in links if u not in paging and (self.is_known(u) or d.url_looks_like_article(u, source))]
        article_set = set(articles)
        # judged before this page's own links are requested: a link another page
        # of this run already requested (a "latest news" sidebar) is not news here
        exhausted = d.listing_exhausted(articles, self._seen_before)
        for url in links:
            if url in paging or url == response.url:
                continue
            if url in article_set:
                if not dates.older_than(dates.url_date(url), self.since):
                    request = self._article_request(url, source)
                    if request is not None:
                        yield request
            elif hop < self.max_hops:
                yield self._request(url, source, "page", hop=hop + 1)
        yield from self._next_page(response, source, anchors, articles, exhausted)

    def _next_page(
        self, response: Response, source: Source, anchors: list[d.Anchor], articles: list[str], exhausted: bool
    ) -> Iterator[scrapy.Request]:
        page = response.meta.get("news_page", 1)
        url = d.next_page(response.url, anchors)
        if url is None or not d.same_site(url, source) or page >= self.max_pages:
            return
        if source.name in self.complete and exhausted:
            self.crawler.stats.inc_value(stat(source.name, "listing_stopped"))
            return
        if dates.listing_before_since(articles, self.since):
            return
        yield self._request(url, source, "listing", hop=response.meta.get("news_hop", 0), page=page + 1)

    def _wordpress(self, response: Response, source: Source) -> Iterator[scrapy.Request]:
        """Once per source, on a WordPress page: the feed at ``/feed/`` (linked
        or not) and page 1 of the REST API when announced. Returns whether the
        API was requested."""
        if source.name in self.wordpress:
            return False
        root = wordpress.api_root(response.url, response.xpath(_API_LINKS).getall(), _header(response, b"Link"))
        if root is None and not wordpress.looks_like_wordpress(response.body):
            return False
        self.wordpress.add(source.name)
        feed = wordpress.feed_url(root, source.url)
        if d.same_site(feed, source):
            yield self._request(feed, source, "feed", optional=True)
        if root is None or not d.same_site(root, source):
            return False
        yield self._request(wordpress.posts_url(root), source, "api", optional=True, wp_root=root)
        return True

    def parse_api(self, response: Response, source: str) -> Iterator[scrapy.Request]:
        """A page of WordPress posts, most recently modified first: new and
        edited posts are fetched; paging stops at a page with nothing new once
        the source's last run was complete, else at ``NEWS_MAX_PAGES``."""
        src = self.by_name[source]
        page = response.meta.get("news_page", 1)
        entries = wordpress.parse_posts(response.body, response.url) or []
        on_site = [e for e in entries if d.same_site(e.url, src) and not d.skip_url(e.url)]
        if not on_site:
            # closed, empty, or a headless site's API linking its back end: the
            # listings it stood in for are crawled after all
            if page == 1:
                yield from self.deferred.pop(src.name, [])
            return
        if page == 1 and src.name in self.deferred:
            self.crawler.stats.inc_value(stat(src.name, "listings_skipped"), len(self.deferred.pop(src.name)))
        up_to_date = True
        for entry in on_site:
            if dates.older_than(entry.date, self.since):
                continue
            up_to_date = up_to_date and self._up_to_date(entry)
            request = self._article_request(entry.url, src, entry.lastmod)
            if request is not None:
                yield request
        total = _header(response, b"X-WP-TotalPages")
        if page >= self.max_pages or not wordpress.more_posts(entries, page, total):
            return
        if up_to_date and src.name in self.complete:
            self.crawler.stats.inc_value(stat(src.name, "listing_stopped"))
            return
        root = response.meta["wp_root"]
        yield self._request(wordpress.posts_url(root, page + 1), src, "api", page=page + 1, optional=True, wp_root=root)

    def parse_robots(self, response: Response, source: str) -> Iterator[scrapy.Request]:
        src = self.by_name[source]
        sitemaps = d.sitemaps_from_robots(response.text if hasattr(response, "text") else "", response.url)
        for url in sitemaps:
            yield self._request(url, src, "sitemap")
        if not sitemaps and not src.sitemaps:
            yield self._request(d.default_sitemap(src.url), src, "sitemap", optional=True)

    def parse_sitemap(self, response: Response, source: str) -> Iterator[scrapy.Request]:
        src = self.by_name[source]
        if not self._changed(response, src):
            return
        kind, entries = d.parse_sitemap(response.body, response.url)  # .xml.gz: inflated by GzipFileMiddleware
        for entry in entries:
            if dates.older_than(entry.date, self.since):
                continue
            if kind == "index":
                if self._child_unchanged(entry, src):
                    self.crawler.stats.inc_value(stat(src.name, "not_modified"))
                    continue
                yield self._request(entry.url, src, "sitemap")
            elif d.same_site(entry.url, src) and not d.skip_url(entry.url):
                request = self._article_request(entry.url, src, entry.lastmod)
                if request is not None:
                    yield request

    def parse_feed(self, response: Response, source: str) -> Iterator[scrapy.Request]:
        src = self.by_name[source]
        if not self._changed(response, src):
            return
        for entry in d.parse_feed(response.body, response.url):
            if dates.older_than(entry.date, self.since) or not d.same_site(entry.url, src) or d.skip_url(entry.url):
                continue
            request = self._article_request(entry.url, src, entry.lastmod)
            if request is not None:
                yield request

    def on_error(self, failure: Any) -> Iterator[scrapy.Request]:
        request = failure.request
        source = request.meta.get("news_source", "?")
        if request.meta.get("news_kind") == "api" and request.meta.get("news_page") == 1:
            yield from self.deferred.pop(source, [])  # no API: crawl the listings it stood in for
        if failure.check(NotHtml, NotArchived):  # counted by their middlewares; not a broken source
            self.logger.info("Skipped %s", failure.value)
            return
        if failure.check(Refused, Cut, DownloadStopped):  # counted by crawler.confinement / crawler.bounds
            return
        if request.meta.get("news_kind") == "robots":  # no robots.txt: still try /sitemap.xml
            src = self.by_name[source]
            if not src.sitemaps:
                yield self._request(d.default_sitemap(src.url), src, "sitemap", optional=True)
        if request.meta.get("optional"):
            self.logger.debug("optional %s not available: %s", request.url, failure.value)
            return
        self.crawler.stats.inc_value(stat(source, "errors"))
        response = getattr(failure.value, "response", None)
        if d.transient_failure(response.status if response is not None else None):
            self.crawler.stats.inc_value(stat(source, "retry_needed"))
        self.logger.warning("%s: %s failed: %s", source, request.url, failure.getErrorMessage())

    # --- helpers ------------------------------------------------------------------

    def _changed(self, response: Response, source: Source) -> bool:
        """False for a 304; else remember the validators of this feed/sitemap."""
        if response.status == 304:
            self.crawler.stats.inc_value(stat(source.name, "not_modified"))
            return False
        seen = self.seen_validators.setdefault(source.name, {})
        # the lastmod its sitemap index gave in this run, else the one kept from earlier runs
        lastmod = (seen.get(response.url) or self.validators.get(response.url) or Validators()).lastmod
        seen[response.url] = Validators(
            etag=_header(response, b"ETag"), last_modified=_header(response, b"Last-Modified"), lastmod=lastmod
        )
        return True

    def _remember(self, response: Response, source: Source, modified: datetime | None = None) -> None:
        """An article page's validators, when it says it was last modified and
        the time it was fetched: for revisits and conditional requests next run."""
        old = response.meta.get("validators") or Validators()
        self.seen_validators.setdefault(source.name, {})[response.url] = Validators(
            etag=_header(response, b"ETag") or old.etag,
            last_modified=_header(response, b"Last-Modified") or old.last_modified,
            lastmod=to_iso(modified) if modified else old.lastmod,
            checked_at=to_iso(utc_now()),
        )

    def _child_unchanged(self, entry: d.Entry, source: Source) -> bool:
        """A child sitemap whose ``lastmod`` has not moved since the last
        complete run is not fetched again."""
        lastmod = to_iso(entry.lastmod) if entry.lastmod else None
        previous = self.validators.get(entry.url, Validators())
        seen = self.seen_validators.setdefault(source.name, {})
        seen[entry.url] = Validators(previous.etag, previous.last_modified, lastmod)
        return lastmod is not None and previous.lastmod == lastmod

    def _anchors(self, response: Response) -> list[d.Anchor]:
        anchors = [
            d.Anchor(response.urljoin(a.attrib["href"].strip()), a.xpath("string()").get(""), a.attrib.get("rel", ""))
            for a in response.xpath("//a[@href] | //link[@rel='next'][@href]")
        ]
        return [a for a in anchors if not a.url.startswith(("javascript:", "mailto:", "tel:"))]

    def _signals(self, response: Response) -> d.PageSignals:
        return d.PageSignals(
            url=response.url,
            og_type=response.xpath('//meta[@property="og:type"]/@content').get(),
            jsonld=" ".join(response.xpath('//script[@type="application/ld+json"]/text()').getall()),
            paragraphs=(*response.xpath("//p").xpath("string()").getall(), *_div_paragraphs(response)),
            has_date=bool(response.xpath(_DATE_SIGNALS)),
            linked_headings=len(response.xpath("//h2[.//a] | //h3[.//a]")),
        )

    def closed(self, reason: str) -> None:
        """Keep the validators of sources that finished with nothing to retry,
        nothing cut (crawler.bounds) and no article lost to a refused commit:
        else the next run would get 304s for sitemaps whose URLs it never took
        or never kept."""
        if self.fetch_state is None:
            return
        try:
            if reason == "finished":
                for name, validators in self.seen_validators.items():
                    if not any(self.crawler.stats.get_value(stat(name, c)) for c in ("retry_needed", "cut", "lost")):
                        self.fetch_state.save_validators(name, validators)
        finally:
            self.fetch_state.close()
            self.fetch_state = None


# <div>s holding text and no block of their own: the paragraphs of "div soup"
# and of <br><br> text (framework templates print no <p>)
_MAX_LINKED_SHARE = 0.3
_LEAF_DIVS = "//div[normalize-space(text())][not(div|p|section|article|ul|ol|table|form|h1|h2|h3|h4)]"


def _div_paragraphs(response: Response) -> list[str]:
    """The texts of the leaf ``<div>`` paragraphs that share one parent, the
    largest such group: an article's body. A listing's teasers sit one per
    card, each under its own parent, and add nothing."""
    groups: dict[Any, list[str]] = {}
    for div in response.xpath(_LEAF_DIVS):
        text = div.xpath("string()").get() or ""
        linked = sum(len(link) for link in div.xpath(".//a").xpath("string()").getall())
        if linked < _MAX_LINKED_SHARE * len(text):  # a headline or a list of links is no paragraph
            groups.setdefault(div.root.getparent(), []).append(text)
    return max(groups.values(), key=lambda texts: sum(len(t) for t in texts), default=[])


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
