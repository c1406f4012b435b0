"""Discovery for the spider: which links to follow, which pages are articles,
what sitemaps, feeds, listings and WordPress's REST API hold, what a later run
may skip and which stored articles it revisits.

Pure functions over URLs, bytes and small records, tested without a crawl
(tests/test_discovery_unit.py); the spider only fetches and calls these.

- :mod:`.links`: same site, assets, skipped pages, article-looking URLs
- :mod:`.articles`: is a fetched page an article
- :mod:`.listings`: next pages and "load more", when paging may stop
- :mod:`.feeds_sitemaps`: robots.txt, sitemaps, RSS/Atom feeds
- :mod:`.freshness`: modified signals and failures worth retrying
"""

from crawler.discovery.articles import PageSignals, is_article, reads_like_article
from crawler.discovery.feeds_sitemaps import (
    Entry,
    default_sitemap,
    is_gzip,
    parse_feed,
    parse_sitemap,
    robots_url,
    sitemaps_from_robots,
    wanted_feed,
)
from crawler.discovery.freshness import needs_fetch, transient_failure
from crawler.discovery.links import (
    follow_candidates,
    is_asset,
    non_article_url,
    page_number,
    path_segments,
    same_site,
    skip_url,
    url_looks_like_article,
)
from crawler.discovery.listings import Anchor, listing_exhausted, next_page, pagination_links

__all__ = [
    "Anchor",
    "Entry",
    "PageSignals",
    "default_sitemap",
    "follow_candidates",
    "is_article",
    "is_asset",
    "is_gzip",
    "listing_exhausted",
    "needs_fetch",
    "next_page",
    "non_article_url",
    "page_number",
    "pagination_links",
    "parse_feed",
    "parse_sitemap",
    "path_segments",
    "reads_like_article",
    "robots_url",
    "same_site",
    "sitemaps_from_robots",
    "skip_url",
    "transient_failure",
    "url_looks_like_article",
    "wanted_feed",
]
