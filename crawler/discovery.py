"""Discovery helpers for the spider: which links to follow, which pages are articles.

Pure functions over URLs and Scrapy selectors, tested without a crawl.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from crawler.sources import Source

ASSET_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".svg",
        ".ico",
        ".bmp",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".zip",
        ".rar",
        ".gz",
        ".mp3",
        ".mp4",
        ".m4a",
        ".avi",
        ".mov",
        ".wmv",
        ".webm",
        ".css",
        ".js",
        ".json",
        ".woff",
        ".woff2",
        ".ttf",
        ".eot",
        ".apk",
        ".exe",
    ]
)
ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*\[?\s*"(?:News|Reportage|Analysis|Opinion)?Article"', re.I)
MIN_ARTICLE_TEXT = 400


def _host(url: str) -> str:
    netloc = urlsplit(url).netloc.lower()
    return netloc[4:] if netloc.startswith("www.") else netloc


def same_site(url: str, source: Source) -> bool:
    """On the source's own site: same host *and port* (www. ignored); for
    file:// sources, under the home page's folder."""
    parts = urlsplit(url)
    home = urlsplit(source.url)
    if parts.scheme != home.scheme and {parts.scheme, home.scheme} != {"http", "https"}:
        return False
    if home.scheme == "file":
        root = PurePosixPath(unquote(home.path)).parent
        return PurePosixPath(unquote(parts.path)).is_relative_to(root)
    return _host(url) == _host(source.url)


def is_asset(url: str) -> bool:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix in ASSET_EXTENSIONS


def follow_candidates(urls: Iterable[str], source: Source) -> list[str]:
    """Links worth requesting: same site, http(s)/file, not an asset; in order, once."""
    out: dict[str, None] = {}
    for url in urls:
        url = url.split("#", 1)[0]
        if urlsplit(url).scheme in {"http", "https", "file"} and same_site(url, source) and not is_asset(url):
            out.setdefault(url, None)
    return list(out)


def looks_like_article(og_type: str | None, jsonld: str, url: str, paragraphs: Iterable[str], source: Source) -> bool:
    """Cheap signals that a page is an article (the pipelines check the body)."""
    if og_type and og_type.strip().lower() == "article":
        return True
    if ARTICLE_TYPES.search(jsonld):
        return True
    if source.article_pattern:
        return re.search(source.article_pattern, url) is not None
    if og_type:  # the page says what it is: website, video.other, profile...
        return False
    text = sum(len(p.strip()) for p in paragraphs if len(p.strip()) >= 80)
    return text >= MIN_ARTICLE_TEXT
