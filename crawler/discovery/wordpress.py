"""WordPress outlets (most Syrian outlets run it): the REST API, the feed at
``/feed/`` and the signs that a site is WordPress.

The REST API (``/wp-json/wp/v2/posts``) lists every post with its link and its
``modified_gmt``, 100 to a request: asked newest-modified first, one request
per run tells a monitor what is new *and* what was edited, at a fraction of
the cost of listing pages. It is announced by ``<link rel="https://api.w.org/">``
or the ``Link:`` header of every page; sites without pretty permalinks
announce ``/?rest_route=/``. The article pages themselves are still fetched
and extracted: the API is for discovery and modified signals only (its
``content.rendered`` is not what readers see, and often trimmed by plugins).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from crawler.discovery.feeds_sitemaps import Entry

API_REL = "https://api.w.org/"
POSTS_PER_PAGE = 100
# only what discovery needs: a page of 100 posts is ~15 KB instead of ~1 MB
POSTS_FIELDS = "id,link,date_gmt,modified_gmt"
_LINK_HEADER_PART = re.compile(r"<([^>]+)>\s*;([^,]*)")
_WORDPRESS_SIGNS = re.compile(
    rb'/wp-content/|/wp-includes/|<meta[^>]+name=["\']generator["\'][^>]+content=["\']WordPress', re.I
)


def api_root_from_header(link_header: str | None) -> str | None:
    """The API root a ``Link: <...>; rel="https://api.w.org/"`` header gives."""
    for url, params in _LINK_HEADER_PART.findall(link_header or ""):
        rels = re.findall(r'rel\s*=\s*"?([^";]+)"?', params)
        if any(API_REL in rel.split() for rel in rels):
            return url.strip()
    return None


def api_root(page_url: str, link_hrefs: Iterable[str], link_header: str | None) -> str | None:
    """The REST API root a page announces (its ``<link rel="https://api.w.org/">``
    hrefs first, then the ``Link`` header), resolved against the page."""
    for href in link_hrefs:
        if href.strip():
            return urljoin(page_url, href.strip())
    from_header = api_root_from_header(link_header)
    return urljoin(page_url, from_header) if from_header else None


def looks_like_wordpress(body: bytes) -> bool:
    """Theme or core assets under ``/wp-content/``/``/wp-includes/``, or the
    generator tag."""
    return _WORDPRESS_SIGNS.search(body) is not None


def posts_url(root: str, page: int = 1, per_page: int = POSTS_PER_PAGE) -> str:
    """Page ``page`` of the posts, most recently modified first, from the API
    root (``https://site/wp-json/`` or ``https://site/?rest_route=/``)."""
    params = [
        ("per_page", str(per_page)),
        ("orderby", "modified"),
        ("order", "desc"),
        ("_fields", POSTS_FIELDS),
        ("page", str(page)),
    ]
    parts = urlsplit(root)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    if "rest_route" in query:  # plain permalinks: the route is a query parameter
        query["rest_route"] = query["rest_route"].rstrip("/") + "/wp/v2/posts"
        return urlunsplit(parts._replace(query=urlencode([*query.items(), *params], safe="/,")))
    base = root if root.endswith("/") else root + "/"
    return urljoin(base, "wp/v2/posts") + "?" + urlencode(params, safe=",")


def feed_url(root: str | None, home: str) -> str:
    """The site's main feed, which WordPress serves at ``/feed/`` whether or
    not a page links to it (``?feed=rss2`` without pretty permalinks)."""
    if root:
        parts = urlsplit(root)
        if "rest_route=" in parts.query:
            return urlunsplit(parts._replace(query="feed=rss2"))
        if parts.path.rstrip("/").endswith("/wp-json") or parts.path.rstrip("/") == "wp-json":
            return urlunsplit(parts._replace(path=parts.path.rstrip("/")[: -len("wp-json")] + "feed/", query=""))
    parts = urlsplit(home)
    return urlunsplit((parts.scheme, parts.netloc, "/feed/", "", ""))


def _gmt(value: object) -> datetime | None:
    """``modified_gmt``/``date_gmt`` are ISO times without an offset, in UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def parse_posts(body: bytes, base: str) -> list[Entry] | None:
    """The posts of one API page as entries (``published``: ``date_gmt``,
    ``lastmod``: ``modified_gmt``); None when the answer is not a list of
    posts (API disabled, an error object, an HTML login page)."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, list):
        return None
    entries: list[Entry] = []
    for post in data:
        if not isinstance(post, dict) or not isinstance(post.get("link"), str) or not post["link"].strip():
            continue
        entries.append(
            Entry(
                url=urljoin(base, post["link"].strip()),
                lastmod=_gmt(post.get("modified_gmt")),
                published=_gmt(post.get("date_gmt")),
            )
        )
    return entries


def more_posts(entries: list[Entry], page: int, total_pages: str | None, per_page: int = POSTS_PER_PAGE) -> bool:
    """Whether page ``page + 1`` exists: the ``X-WP-TotalPages`` header when
    the site sends it, else a full page."""
    if total_pages is not None and total_pages.strip().isdigit():
        return page < int(total_pages.strip())
    return len(entries) >= per_page
