"""Confinement by address: a public host name that resolves to an internal address is not fetched.

:mod:`crawler.confinement` judges the URL by name; a hostile or hijacked DNS
answer (DNS rebinding) can still point a source's public name at the
machine's own services, the cloud metadata endpoint or the intranet. So the
check is made where the address is known, at connection time:
:class:`ConfinedResolver` is the crawl's Twisted resolver (``TWISTED_DNS_RESOLVER``)
and refuses a name whose answer is not a global unicast address -- loopback
127.0.0.0/8 and ::1, private 10/8, 172.16/12, 192.168/16, fc00::/7,
link-local 169.254/16 (metadata) and fe80::/10, 0.0.0.0, shared 100.64/10,
multicast, reserved, and the same inside IPv4-mapped IPv6 (``::ffff:10.0.0.1``).
Scrapy caches answers (``DNSCACHE_ENABLED``), so a name is judged on the
very address that is connected to.

Escape hatches: a host the sources file writes as an address or as
``localhost`` (``http://127.0.0.1:8001/``: the tests and the demo server) is
taken at its word, since no DNS answer is involved; ``NEWS_ALLOW_PRIVATE_ADDRESSES
= True`` allows every address (an intranet's news site).

A refused name fails to resolve; :class:`AddressRefusalMiddleware` (last
before the downloader, so before retries and fault counting) turns that into
a :class:`~crawler.confinement.Refused` request, counted as
``news/confinement/private_address`` and never retried.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from scrapy.exceptions import CannotResolveHostError
from scrapy.http import Request
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.defer import Deferred
from twisted.internet.error import DNSLookupError

from crawler.confinement import Refused

logger = logging.getLogger(__name__)

REFUSED_STAT = "news/confinement/private_address"
# how a failed name lookup reaches the downloader middlewares (Scrapy wraps Twisted's error)
LOOKUP_FAILURES = (DNSLookupError, CannotResolveHostError)
SETTING = "NEWS_ALLOW_PRIVATE_ADDRESSES"

# host name -> the address its DNS answer gave, for the names refused in this process
_refused: dict[str, str] = {}


class AddressRefused(DNSLookupError):
    """A name whose DNS answer is an internal address (a DNSLookupError, so
    Twisted fails the connection quietly)."""


def internal(address: str) -> bool:
    """The address is not a global unicast address (see the module doc)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def named_literally(host: str) -> bool:
    """The host is an address or ``localhost`` as written: no DNS answer decides where it goes."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def refused_address(host: str | None) -> str | None:
    """The internal address ``host`` resolved to, if the resolver refused it."""
    return _refused.get((host or "").rstrip(".").lower())


class ConfinedResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing internal answers for names (see the module doc)."""

    def __init__(self, reactor: Any, cache_size: int, timeout: float, allow_private: bool = False) -> None:
        super().__init__(reactor, cache_size, timeout)
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> ConfinedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool(SETTING, False)
        return resolver

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        answer = self.lookup(name, timeout)
        answer.addCallback(self.judge, name)
        return answer

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """The DNS answer (cached); the one step a test replaces to fake an answer."""
        return super().getHostByName(name, timeout)

    def judge(self, address: str, name: str) -> str:
        if self.allow_private or named_literally(name) or not internal(address):
            return address
        _refused[name.rstrip(".").lower()] = address
        raise AddressRefused(f"{name} resolves to the internal address {address}; not fetched ({SETTING})")


class AddressRefusalMiddleware:
    """Downloader middleware, last before the downloader: a download that
    failed because :class:`ConfinedResolver` refused its host's address
    becomes a :class:`~crawler.confinement.Refused` request (no retry, not a
    fault of the source), counted as ``news/confinement/private_address``."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats
        self.logged: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> AddressRefusalMiddleware:
        return cls(crawler.stats)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if not isinstance(exception, LOOKUP_FAILURES):
            return
        host = urlsplit(request.url).hostname
        address = refused_address(host)
        if address is None:
            return
        if self.stats is not None:
            self.stats.inc_value(REFUSED_STAT)
        if host not in self.logged:
            self.logged.add(host or "")
            logger.warning(
                "Refused %s: %s resolves to the internal address %s (set %s to allow it); "
                "further refusals for this host are only counted",
                request.url[:200],
                host,
                address,
                SETTING,
            )
        raise Refused("private_address", request.url)
