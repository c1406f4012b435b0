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
NEWS_OVERRIDES = str(PROJECT_ROOT / "seeds" / "overrides.toml")

ITEM_PIPELINES = {
    "pipelines.clean.CleanPipeline": 100,
    "pipelines.boilerplate.BoilerplatePipeline": 200,
    "pipelines.metadata.MetadataPipeline": 300,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.store.StorePipeline": 500,
}

# --- politeness ---
USER_AGENT = "syria-news-monitor/0.1 (+https://github.com/syria-news-monitor; news research crawler)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 2
DEPTH_LIMIT = 3
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
