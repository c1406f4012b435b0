"""Confinement: the one check every request passes before it is downloaded.

A hostile site writes the URLs the crawler requests (links, ``Sitemap:``
lines, sitemap indexes, feeds, redirects, ``<meta http-equiv="refresh">``),
so predicting in each place which URLs are harmless misses some. Instead
:class:`ConfinementMiddleware` sits first in ``DOWNLOADER_MIDDLEWARES`` and
judges the URL the downloader is about to fetch, whatever made the request:
the spider, Scrapy's redirects and meta refreshes (their new requests pass
through the middlewares again) and the robots.txt requests of
``RobotsTxtMiddleware`` (sent through the same chain).

A request is allowed when

* its scheme is ``http`` or ``https`` -- or ``file`` for a source whose home
  page is a local folder (the offline demo), inside that folder only, symlinks
  resolved;
* it carries no user name or password (``http://site@evil/`` goes to ``evil``);
* its host is a plain host name, an IPv4 address or an IPv6 literal
  (percent-encoded or otherwise odd hosts are refused);
* its **site** is one of its source's sites: the site of the home page, and of
  every feed, sitemap and listing URL the sources file names for it.

A *site* is a host and a port: the host lower-cased, IDNA-encoded (as Scrapy
sends it), one trailing dot and one leading ``www.`` removed; the port as
written, the scheme's default port (80, 443) counting as none, so
``http://x/`` and ``https://www.x/`` are one site while ``x:8001`` and
``x:8002``, ``localhost`` and ``127.0.0.1``, ``news.x`` and ``x`` are not.
Sub-domains are other sites unless the sources file names them. Hosts are
compared by name, never by address: ``2130706433`` or ``0177.0.0.1`` (which
resolve to 127.0.0.1) are not ``127.0.0.1``.

A request without a source (robots.txt) is judged against all sources' sites.
Refused requests raise :class:`Refused` (an ``IgnoreRequest``), are counted
as ``news/refused/<reason>`` and logged once per reason and host.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request
from w3lib.url import safe_url_string

from crawler.sources import Source

logger = logging.getLogger(__name__)

REFUSED_PREFIX = "news/refused/"
WEB_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?$")


class Refused(IgnoreRequest):
    """A request outside its source's sites; ``reason`` names the rule."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"refused ({reason}): {url}")
        self.reason = reason
        self.url = url


@dataclass(frozen=True)
class Site:
    """A host and a port (None: the scheme's default port)."""

    host: str
    port: int | None = None

    def __str__(self) -> str:
        return self.host if self.port is None else f"{self.host}:{self.port}"


class NotASite(ValueError):
    """A URL that names no allowed site; ``args[0]`` is the reason."""


def _canonical_host(hostname: str) -> str:
    """The host as compared: lower case, one trailing dot and one ``www.``
    removed; raises :class:`NotASite` ("bad_host") for anything but a host
    name, an IPv4 address or an IPv6 literal."""
    host = hostname.lower()
    host = host[:-1] if host.endswith(".") else host
    if ":" in host:  # urlsplit strips the brackets of an IPv6 literal
        try:
            return str(ipaddress.IPv6Address(host))
        except ValueError:
            raise NotASite("bad_host") from None
    if not _HOST_NAME.match(host) or ".." in host:
        raise NotASite("bad_host")
    return host.removeprefix("www.")


def site_of(url: str) -> Site:
    """The :class:`Site` an http(s) URL is fetched from; raises
    :class:`NotASite` with the reason (``scheme``, ``userinfo``, ``bad_host``,
    ``bad_port``, ``bad_url``) when it names none."""
    try:
        parts = urlsplit(safe_url_string(url))  # what scrapy.Request makes of it: IDNA, backslashes...
    except ValueError:
        raise NotASite("bad_url") from None
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        raise NotASite("scheme")
    if "@" in parts.netloc:
        raise NotASite("userinfo")
    if not parts.hostname:
        raise NotASite("bad_host")
    try:
        port = parts.port
    except ValueError:
        raise NotASite("bad_port") from None
    return Site(_canonical_host(parts.hostname), None if port == _DEFAULT_PORTS[scheme] else port)


def file_path(url: str) -> str | None:
    """The local path of a ``file://`` URL with no host, normalized (no
    ``..``, symlinks resolved); None for any other URL."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in {"", "localhost"}:
        return None
    return os.path.realpath(unquote(parts.path))


@dataclass(frozen=True)
class Scope:
    """Where one source (or several) may be fetched from."""

    sites: frozenset[Site] = frozenset()
    folders: tuple[str, ...] = ()  # real paths of local (file://) sources' folders

    @classmethod
    def of(cls, sources: Iterable[Source]) -> Scope:
        sites: set[Site] = set()
        folders: list[str] = []
        for source in sources:
            home = file_path(source.url)
            if home is not None:
                folders.append(os.path.dirname(home))
            for url in (source.url, *source.feeds, *source.sitemaps, *source.listings):
                with contextlib.suppress(NotASite):  # file:// entries: covered by the folder
                    sites.add(site_of(url))
        return cls(frozenset(sites), tuple(folders))

    def refusal(self, url: str) -> str | None:
        """Why ``url`` must not be fetched for this scope, or None."""
        try:
            scheme = urlsplit(url).scheme.lower()
        except ValueError:
            return "bad_url"
        if scheme == "file":
            path = file_path(url)
            inside = path is not None and any(PurePosixPath(path).is_relative_to(folder) for folder in self.folders)
            return None if inside else "file"
        try:
            site = site_of(url)
        except NotASite as exc:
            return str(exc)
        return None if site in self.sites else "offsite"

    def allows(self, url: str) -> bool:
        return self.refusal(url) is None


@lru_cache(maxsize=256)
def home_scope(home_url: str) -> Scope:
    """The scope of a home page alone (its site, or its folder)."""
    return Scope.of([Source(name="home", url=home_url)])


class ConfinementMiddleware:
    """Downloader middleware, first in the chain: refuses every request
    outside its source's :class:`Scope` (see the module doc).

    The scopes are built when the spider opens, from its ``sources``
    attribute (a spider without one may fetch http(s) anywhere)."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.scopes: dict[str, Scope] = {}
        self.any_source: Scope | None = None
        self.logged: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConfinementMiddleware:
        middleware = cls(crawler.stats)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        sources = getattr(spider, "sources", None)
        if sources is None:
            return
        self.scopes = {source.name: Scope.of([source]) for source in sources}
        self.any_source = Scope.of(sources)

    def refusal(self, request: Request) -> str | None:
        scope = self.scopes.get(request.meta.get("news_source", ""), self.any_source)
        if scope is None:  # not a news spider: web schemes only
            try:
                site_of(request.url)
            except NotASite as exc:
                return str(exc)
            return None
        return scope.refusal(request.url)

    def process_request(self, request: Request) -> None:
        reason = self.refusal(request)
        if reason is None:
            return
        if self.stats is not None:
            self.stats.inc_value(REFUSED_PREFIX + reason)
        where = urlsplit(request.url)
        key = (reason, f"{where.scheme}://{where.netloc}")
        if key not in self.logged:
            self.logged.add(key)
            source = request.meta.get("news_source", "any source")
            logger.warning(
                "Refused %s (%s: not a site of %s; further refusals for this host are only counted)",
                request.url[:200],
                reason,
                source,
            )
        raise Refused(reason, request.url)
