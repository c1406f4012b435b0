"""Scrapy settings for the news crawler.

Every ``NEWS_*`` setting is documented in README.md (a test checks it); set
them on the command line with ``-s NAME=VALUE``.
"""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

BOT_NAME = "syria-news-monitor"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
# --- project settings (documented in README.md) ---
NEWS_DB = str(PROJECT_ROOT / "data" / "news.db")
NEWS_SOURCES = str(PROJECT_ROOT / "seeds" / "sources.toml")
NEWS_TIMEZONE = "Asia/Damascus"
NEWS_MIN_BODY_CHARS = 200
NEWS_MAX_HOPS = 2  # link hops from the home page to section pages; articles and next pages are extra
NEWS_MAX_PAGES = 50  # pages followed per listing (rel=next, page/N/)
NEWS_REVISIT_SCHEDULE = "1h,6h,24h,3d,7d"  # stored articles refetched (conditionally) at these ages; "off"
NEWS_LOCK_FILE = ""  # default: <NEWS_DB>.lock; a second crawl on the same DB exits with code 75

NEWS_NEAR_DUPLICATE_THRESHOLD = 0.5
NEWS_COMMIT_ITEMS = 50  # articles per transaction (and at least every NEWS_COMMIT_SECONDS)
NEWS_COMMIT_SECONDS = 2.0
NEWS_STATS_FILE = ""
NEWS_MAX_TEXT_CHARS = 1_000_000
# crawls that end (crawler/bounds.py; README "Security"): per source and run
NEWS_MAX_SITEMAPS = 500  # sitemaps requested (an index leads to sitemaps, one level)
NEWS_MAX_URLS_PER_SOURCE = 20_000  # other requests (articles, listings, feeds)
NEWS_SOURCE_BUDGET_SECONDS = 1800  # wall-clock time from the source's first request
NEWS_STOP_SECONDS = 20  # after SIGTERM/SIGINT, downloads still in flight are cancelled
# scale-out (README "Scale-out"): set, this crawl is a node of the cluster at this
# Redis URL (shared frontier; articles go to the writer, `python -m crawler.writer`)
NEWS_REDIS_URL = ""
NEWS_ENRICH = True  # places, events, casualty figures and actors of each article (docs/enrichment.md)

# `scrapy crawl`: checks the sources file and database first, holds a run lock,
# exits non-zero when a source broke (crawler/commands/crawl.py)
COMMANDS_MODULE = "crawler.commands"
NEWS_OVERRIDES = str(PROJECT_ROOT / "seeds" / "overrides.toml")
# raw-page archive (README "Raw-page archive"): WARC files of every article fetched
NEWS_ARCHIVE_ENABLED = True
NEWS_ARCHIVE_DIR = ""  # default: the folder "archive" beside NEWS_DB
NEWS_ARCHIVE_PAGES = "articles"  # or "all": listings, feeds and sitemaps too
NEWS_ARCHIVE_MAX_BYTES = 100 * 1024 * 1024  # a file is closed and a new one started past this size

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,  # crawler.extraction.extract_article: the whole extraction
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.enrich.EnrichPipeline": 450,  # crawler.enrich: places, events, casualties (NEWS_ENRICH)
    "pipelines.store.StorePipeline": 500,
}

# --- reliability (README.md, "Reliability") ---
DOWNLOADER_MIDDLEWARES = {
    # first of all: every request, whatever made it, is judged before it is fetched (or replayed)
    "crawler.confinement.ConfinementMiddleware": 0,
    "crawler.archive.replay.ReplayMiddleware": 1,  # -a replay=PATH: answers from the archive, no network
    "crawler.bounds.SourceBudgetMiddleware": 5,  # before robots.txt: a source out of time waits for nothing
    "crawler.middlewares.FaultStatsMiddleware": 950,
    # last before the downloader: a host whose DNS answer is internal is refused, not retried (crawler/resolver.py)
    "crawler.resolver.AddressRefusalMiddleware": 960,
    "crawler.middlewares.RedirectGuardMiddleware": 650,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.SizedCompressionMiddleware": 590,
    "crawler.middlewares.GzipFileMiddleware": 585,  # sitemap.xml.gz, after Content-Encoding
    "crawler.middlewares.CharsetMiddleware": 580,
}
# confinement by address: names that resolve to loopback/private/link-local addresses are not fetched
TWISTED_DNS_RESOLVER = "crawler.resolver.ConfinedResolver"
NEWS_ALLOW_PRIVATE_ADDRESSES = False  # True: an intranet's sites may resolve to private addresses
# http(s) only, plus bounded local files for folder sources (crawler/handlers.py)
DOWNLOAD_HANDLERS = {
    "data": None,
    "ftp": None,
    "s3": None,
    "file": "crawler.handlers.BoundedFileDownloadHandler",
    "http": "crawler.handlers.CancellableHTTPDownloadHandler",
    "https": "crawler.handlers.CancellableHTTPDownloadHandler",
}
SPIDER_MIDDLEWARES = {
    "crawler.middlewares.HtmlOnlyMiddleware": 60,
    "crawler.bounds.CrawlBoundsMiddleware": 70,  # sitemap nesting, sitemaps and URLs per source
    # writes article responses to NEWS_ARCHIVE_DIR before their items reach the pipelines
    "crawler.archive.middleware.ArchiveMiddleware": 950,
}
EXTENSIONS = {
    "crawler.runs.RunsExtension": 500,  # fills crawl_runs
    "crawler.extensions.StatsFile": 510,  # NEWS_STATS_FILE
    "crawler.bounds.BoundedStop": 520,  # NEWS_STOP_SECONDS
}

# --- politeness ---
USER_AGENT = "syria-news-monitor/0.1 (+https://github.com/syria-news-monitor; news research crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every response's output; a page
# yields one article and its links, so the default 100 was pure overhead
# (bare crawl ~30 % faster at 8; README "Performance")
CONCURRENT_ITEMS = 8
# responses (with their parsed trees) waiting for the item pipelines: 1 MB
# instead of 5 keeps less waiting in memory at no measurable cost in speed
# (README "Performance")
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
DEPTH_LIMIT = 0  # discovery is bounded by NEWS_MAX_HOPS / NEWS_MAX_PAGES instead
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
# LOG_FILE = "/var/log/syria-news/crawl.log"  # or -s LOG_FILE=...; see README "Monitoring and scheduling"
