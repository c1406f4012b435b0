"""Which links are worth a request and which look like articles, from the URL
alone: same site, assets, tag/author/search pages, numbered listing pages.

Pure functions over URLs (tests/test_discovery_unit.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from crawler.confinement import home_scope
from crawler.sources import Source
from crawler.text.dates import DATE_IN_PATH

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

# Path segments of pages that are never articles. Links to the first group are
# not even requested; the second group (video...) is fetched for discovery only.
SKIP_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "author",
        "authors",
        "writer",
        "writers",
        "search",
        "login",
        "register",
        "signup",
        "contact",
        "contact-us",
        "privacy",
        "privacy-policy",
        "terms",
        "about",
        "about-us",
        "wp-admin",
        "wp-login.php",
        "wp-json",
        "cdn-cgi",
        "print",
        "share",
        "comments",
        "feed",
        "amp-stories",
        "كاتب",
        "وسم",
        "من-نحن",
        "اتصل-بنا",
    }
)
NON_ARTICLE_SEGMENTS = SKIP_SEGMENTS | frozenset(
    {"video", "videos", "vid", "gallery", "galleries", "photos", "live", "podcast", "podcasts", "category", "section"}
)
NON_ARTICLE_STEMS = frozenset({"about", "contact", "privacy", "terms", "sitemap", "search"})

_PAGE_IN_PATH = re.compile(r"/(?:page|paged|p|الصفحة)/(\d{1,5})(?=/|$)", re.I)
_PAGE_IN_QUERY = re.compile(r"(?:^|&)(?:page|paged|p|pg|pageno|start_page)=(\d{1,5})(?:&|$)", re.I)
_WP_POST_PATH = re.compile(r"/archives/\d+/?$")
_WP_POST_QUERY = re.compile(r"(?:^|&)p=\d+(?=&|$)")
_SITE_ROOTS = frozenset({"", "/", "/index.php"})
_NUMERIC_ID = re.compile(r"(?<!\d)\d{4,}(?!\d)")


def same_site(url: str, source: Source) -> bool:
    """On the source's own site, as :mod:`crawler.confinement` defines a site
    (host and port, ``www.`` ignored; for file:// sources, under the home
    page's folder). Only the home page's site: the check every request passes
    before download also allows the hosts the sources file names."""
    return home_scope(source.url).allows(url)


def is_asset(url: str) -> bool:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix in ASSET_EXTENSIONS


def path_segments(url: str) -> list[str]:
    return [unquote(s).lower() for s in urlsplit(url).path.split("/") if s]


def skip_url(url: str) -> bool:
    """Tag, author, search, login, about... pages: not worth a request."""
    segments = path_segments(url)
    if any(s in SKIP_SEGMENTS for s in segments):
        return True
    return bool(segments) and PurePosixPath(segments[-1]).stem in NON_ARTICLE_STEMS


def non_article_url(url: str) -> bool:
    """The URL alone says this page is not an article (video, tag, section, a
    numbered listing page, the home page...)."""
    if wordpress_post_url(url):
        return False
    segments = path_segments(url)
    if not segments or any(s in NON_ARTICLE_SEGMENTS for s in segments):
        return True
    if (page_number(url) or 0) >= 2:  # "?page=1" is often cruft on article URLs
        return True
    stem = PurePosixPath(segments[-1]).stem
    if stem == "index":  # /index.html is a home page, /2019/11/18/story/index.html is not
        return len(segments) == 1
    return stem in NON_ARTICLE_STEMS


def follow_candidates(urls: Iterable[str], source: Source) -> list[str]:
    """Links worth requesting: same site, http(s)/file, not an asset, not a
    tag/author/search/login page; fragments removed; in order, once."""
    out: dict[str, None] = {}
    for url in urls:
        url = url.split("#", 1)[0]
        if (
            urlsplit(url).scheme in {"http", "https", "file"}
            and same_site(url, source)
            and not is_asset(url)
            and not skip_url(url)
        ):
            out.setdefault(url, None)
    return list(out)


def url_looks_like_article(url: str, source: Source) -> bool:
    """A link that probably leads to an article (before fetching it): the
    source's ``article_pattern``, else a date or a long numeric id in the path,
    or a long slug."""
    if source.article_pattern:
        return re.search(source.article_pattern, url) is not None
    if non_article_url(url) or is_asset(url):
        return False
    if wordpress_post_url(url):
        return True
    path = unquote(urlsplit(url).path)
    if DATE_IN_PATH.search(path) or _NUMERIC_ID.search(path):
        return True
    last = PurePosixPath(path.rstrip("/")).stem
    return len(re.split(r"[-_+]", last)) >= 4


def page_number(url: str) -> int | None:
    """The page number a listing URL carries (``/page/3/``, ``?page=3``; not
    WordPress's ``/?p=123``, a post id)."""
    parts = urlsplit(url)
    query = parts.query
    if _WP_POST_QUERY.search(query) and parts.path in _SITE_ROOTS:
        query = _WP_POST_QUERY.sub("&", query)
    match = _PAGE_IN_PATH.search(unquote(parts.path)) or _PAGE_IN_QUERY.search(query)
    return int(match.group(1)) if match else None


def wordpress_post_url(url: str) -> bool:
    """WordPress's numeric post URLs: ``/archives/123456`` (a common permalink
    structure) and ``/?p=123`` (plain permalinks, and the short link)."""
    parts = urlsplit(url)
    if _WP_POST_PATH.search(parts.path):
        return True
    return parts.path in _SITE_ROOTS and _WP_POST_QUERY.search(parts.query) is not None
