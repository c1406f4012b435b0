"""URL routes of the hand-written outlets under tests/sites/ whose URLs carry
a query (see :class:`tests.sites.server.Site`), shared by their tests and
``bench/recrawl_cost.py``."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from tests.sites.server import Route


def wordpress(api: bool = True) -> Route:
    """tests/sites/wordpress/: ``/?p=N``, the feed at ``/feed/`` and the REST
    API's posts in two pages (a 404 when ``api`` is False: an API closed by a
    security plugin)."""

    def route(path: str) -> tuple[str, dict[str, str]] | None:
        parts = urlsplit(path)
        query = parse_qs(parts.query)
        if parts.path == "/" and "p" in query:
            return f"p/{query['p'][0]}.html", {}
        if parts.path == "/feed/":
            return "feed.xml", {}
        if parts.path == "/wp-json/wp/v2/posts":
            if not api:
                return "closed", {}
            return f"api/posts-{query.get('page', ['1'])[0]}.json", {"X-WP-Total": "7", "X-WP-TotalPages": "2"}
        return None

    return route


def latest_pages(path: str) -> tuple[str, dict[str, str]] | None:
    """tests/sites/loadmore/: ``/latest?page=N``."""
    parts = urlsplit(path)
    if parts.path == "/latest":
        return f"latest-{parse_qs(parts.query).get('page', ['1'])[0]}.html", {}
    return None
