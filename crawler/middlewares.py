"""Middlewares that keep a crawl going through a hostile web, and count what went wrong.

Every fault is counted in the run stats as ``news/errors/<kind>`` (see
README.md, "Reliability"); Scrapy's own retry and size settings do the rest:

* :class:`FaultStatsMiddleware` (downloader, next to the network) sees every
  attempt, retried or not: HTTP 4xx/5xx answers, timeouts, connection
  failures, truncated bodies, bodies over ``DOWNLOAD_MAXSIZE``.
* :class:`RedirectGuardMiddleware` (downloader, before Scrapy's redirects)
  stops redirect loops; a redirect to another site is refused by
  :mod:`crawler.confinement` when its request comes back through the chain.
* :class:`SizedCompressionMiddleware` is Scrapy's decompression, counting
  bodies that inflate past ``DOWNLOAD_MAXSIZE`` (gzip bombs).
* :class:`CharsetMiddleware` (downloader) repairs pages whose declared
  charset lies: UTF-8 sent as Latin-1, windows-1256 sent as UTF-8 or as nothing.
* :class:`HtmlOnlyMiddleware` (spider) keeps images, PDFs, JSON... away from
  the spider: only HTML and XML (feeds, sitemaps) reach it.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request, Response, XmlResponse
from twisted.internet import error as twisted_error
from twisted.internet.defer import CancelledError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.text.encodings import codec_name, real_encoding

logger = logging.getLogger(__name__)

PREFIX = "news/errors/"
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CONNECTION_ERRORS = (
    DownloadConnectionRefusedError,
    DownloadFailedError,
    ResponseFailed,
    twisted_error.ConnectError,
    twisted_error.ConnectionLost,
    twisted_error.ConnectionDone,
    ResponseNeverReceived,
    ConnectionError,
)
# gzip-typed responses that are feeds or sitemaps (".xml.gz")
_GZIP_TYPES = (b"application/gzip", b"application/x-gzip", b"application/octet-stream")


def _is_data_loss(exc: BaseException) -> bool:
    if isinstance(exc, ResponseDataLossError):
        return True
    reasons = getattr(exc, "reasons", None) or []
    return any("DataLoss" in type(getattr(r, "value", r)).__name__ for r in reasons)


def fault_kind(exc: BaseException) -> str:
    """The stats name of a download exception: timeout, connection, truncated..."""
    if isinstance(exc, DownloadTimeoutError | twisted_error.TimeoutError | TimeoutError):
        return "timeout"
    if _is_data_loss(exc):
        return "truncated"
    if isinstance(exc, DownloadCancelledError | CancelledError):
        return "too_large"
    if isinstance(exc, CannotResolveHostError | twisted_error.DNSLookupError):
        return "dns"
    if isinstance(exc, _CONNECTION_ERRORS):
        return "connection"
    return "other"


def status_kind(status: int) -> str | None:
    """``http_5xx``/``http_4xx`` for error statuses, None otherwise."""
    if 500 <= status <= 599:
        return "http_5xx"
    if 400 <= status <= 499:
        return "http_4xx"
    return None


def redirect_fault(chain: list[str], target: str, max_hops: int) -> str | None:
    """Why a redirect from the last URL of ``chain`` to ``target`` must not be
    followed: ``redirect_loop`` (back to a URL of the chain, or too many hops),
    or None. Where it leads is judged by :mod:`crawler.confinement`."""
    if target in chain or len(chain) > max_hops:
        return "redirect_loop"
    return None


def _inc(stats: Any, kind: str) -> None:
    if stats is not None:
        stats.inc_value(PREFIX + kind)


class FaultStatsMiddleware:
    """Counts every failed download attempt as ``news/errors/<kind>``.

    Sits next to the downloader (priority 950), so a page that fails twice and
    then succeeds counts two faults; Scrapy's ``RetryMiddleware`` does the retrying.
    """

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> FaultStatsMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        kind = status_kind(response.status)
        # no robots.txt, or no /sitemap.xml where the spider only probed for one, is no fault
        optional = request.meta.get("optional") or urlsplit(request.url).path == "/robots.txt"
        if kind and not optional:
            _inc(self.stats, kind)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, IgnoreRequest):
            _inc(self.stats, fault_kind(exception))


class RedirectGuardMiddleware:
    """Stops redirect loops, counted as ``news/errors/redirect_loop``.

    Runs before Scrapy's ``RedirectMiddleware`` (priority 650 > 600) and lets
    every other redirect through to it.
    """

    def __init__(self, max_hops: int = 20, stats: Any = None) -> None:
        self.max_hops = max_hops
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedirectGuardMiddleware:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES", 20), crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECT_STATUSES or not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        kind = redirect_fault(chain, target, self.max_hops)
        if kind is None:
            return response
        _inc(self.stats, kind)
        logger.warning("Not following redirect %s -> %s (%s)", request.url, target, kind)
        raise IgnoreRequest(f"{kind}: {request.url} -> {target}")


class SizedCompressionMiddleware(HttpCompressionMiddleware):
    """Scrapy's ``HttpCompressionMiddleware`` (which stops inflating at
    ``DOWNLOAD_MAXSIZE``), also counting such bodies as ``news/errors/too_large``."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            _inc(self.stats, "too_large")
            raise


class TooLarge(IgnoreRequest):
    """A body that inflates past ``DOWNLOAD_MAXSIZE``."""


def gunzip_bounded(data: bytes, max_size: int) -> bytes:
    """The inflated first gzip member of ``data`` (as much as a truncated
    stream holds); raises :class:`TooLarge` past ``max_size`` bytes (0: no
    limit) without inflating more than one byte beyond it, ``zlib.error``
    when it is not gzip."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    body = inflater.decompress(data, max_size + 1) if max_size else inflater.decompress(data)
    if max_size and len(body) > max_size:
        raise TooLarge(f"inflates past DOWNLOAD_MAXSIZE ({max_size} bytes)")
    return body


class GzipFileMiddleware:
    """Inflates feeds and sitemaps served as gzip files (``sitemap.xml.gz``
    with no ``Content-Encoding``), bounded like every body: past
    ``DOWNLOAD_MAXSIZE`` (a gzip bomb) the response is dropped and counted as
    ``news/errors/too_large``. Runs after :class:`SizedCompressionMiddleware`."""

    def __init__(self, max_size: int, stats: Any = None) -> None:
        self.max_size = max_size
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> GzipFileMiddleware:
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"), crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("news_kind") not in {"feed", "sitemap"} or response.body[:2] != b"\x1f\x8b":
            return response
        max_size = int(request.meta.get("download_maxsize", self.max_size))
        try:
            body = gunzip_bounded(response.body, max_size)
        except TooLarge as exc:
            _inc(self.stats, "too_large")
            logger.warning("Dropped %s: %s", response.url, exc)
            raise TooLarge(f"{response.url}: {exc}") from None
        except zlib.error as exc:
            logger.info("%s: broken gzip file (%s)", response.url, exc)
            return response
        return response.replace(body=body)


def better_encoding(body: bytes, encoding: str | None) -> str | None:
    """The encoding a page's bytes are really in (:func:`real_encoding`) when
    ``encoding`` (what the page says, or what was guessed) is wrong; None when
    it is right or cannot matter (pure ASCII)."""
    if body.isascii():
        return None
    real = real_encoding(body, encoding)
    return None if real == codec_name(encoding) else real


class CharsetMiddleware:
    """Re-decodes HTML/XML whose declared charset is wrong (see
    :func:`better_encoding`), counted as ``news/errors/charset``."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CharsetMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, HtmlResponse | XmlResponse):
            return response
        encoding = better_encoding(response.body, response.encoding)
        if encoding is None:
            return response
        _inc(self.stats, "charset")
        logger.info("%s says %s but is %s", response.url, response.encoding, encoding)
        return response.replace(encoding=encoding)


class NotHtml(IgnoreRequest):
    """A response that is neither HTML nor XML."""


def is_document(response: Response) -> bool:
    """HTML or XML, or a gzip file named ``*.gz`` (a compressed sitemap or feed)."""
    if isinstance(response, HtmlResponse | XmlResponse):
        return True
    content_type = response.headers.get(b"Content-Type", b"").split(b";")[0].strip().lower()
    return urlsplit(response.url).path.endswith(".gz") and content_type in _GZIP_TYPES


# Requests the spider makes for machine-readable files: robots.txt is
# text/plain, feeds and sitemaps come with all sorts of content types, and a
# 304 has none. The spider parses these itself.
_DISCOVERY_KINDS = frozenset({"robots", "feed", "sitemap", "api"})  # api: WordPress REST (JSON)


class HtmlOnlyMiddleware:
    """Spider middleware: non-HTML responses (images, PDF, JSON, text/plain...)
    never reach the spider's page callbacks; each is counted as
    ``news/errors/not_html``. robots.txt, feeds, sitemaps and the WordPress API pass."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> HtmlOnlyMiddleware:
        return cls(crawler.stats)

    def process_spider_input(self, response: Response) -> None:
        if response.meta.get("news_kind") in _DISCOVERY_KINDS or response.status == 304:
            return  # a 304 (a conditional refetch of a stored page) has no body to judge
        if not is_document(response):
            # counted here: Scrapy hands the exception to the request's errback
            # when it has one, and to process_spider_exception otherwise
            _inc(self.stats, "not_html")
            content_type = response.headers.get(b"Content-Type", b"?").decode("latin-1")
            raise NotHtml(f"{response.url}: not HTML ({content_type})")

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        if isinstance(exception, NotHtml):
            logger.info("Skipped %s", exception)
            return []
        return None
