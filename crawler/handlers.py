"""Download handlers: what remains of Scrapy's, bounded.

``settings.DOWNLOAD_HANDLERS`` switches off ``data:``, ``ftp:`` and ``s3:``
(defence in depth behind :mod:`crawler.confinement`, which refuses them
first) and replaces two:

* ``file``: :class:`BoundedFileDownloadHandler` reads regular files only (not
  ``/dev/zero``, a FIFO, a socket or a directory) and never more than
  ``DOWNLOAD_MAXSIZE`` bytes; Scrapy's reads whatever the path names, whole.
  Only the offline demo and other local-folder sources use it.
* ``http``/``https``: :class:`CancellableHTTPDownloadHandler` is Scrapy's,
  with a handle on the downloads in flight, so a source over its time budget
  or a crawl asked to stop can cancel them instead of waiting for
  ``DOWNLOAD_TIMEOUT`` (see :class:`InFlight`).
"""

from __future__ import annotations

import asyncio
import os
import stat
from collections.abc import Callable
from typing import Any

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.reactor import is_asyncio_reactor_installed
from w3lib.url import file_uri_to_path


class NotARegularFile(IgnoreRequest):
    """A ``file://`` URL naming a device, FIFO, socket or directory."""


class FileTooLarge(IgnoreRequest):
    """A local file over ``DOWNLOAD_MAXSIZE`` (counted as ``too_large``)."""


def read_regular_file(path: str, max_size: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_size``.

    Opened without blocking (a FIFO would wait for a writer) and checked
    after opening, so a path swapped for a device in between is caught."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotARegularFile(f"not a regular file: {path}")
    with os.fdopen(fd, "rb") as handle:
        body = handle.read(max_size + 1 if max_size else -1)
    if max_size and len(body) > max_size:
        raise FileTooLarge(f"{path}: larger than DOWNLOAD_MAXSIZE ({max_size} bytes)")
    return body


class BoundedFileDownloadHandler(BaseDownloadHandler):
    """``file://``: regular files only, at most ``DOWNLOAD_MAXSIZE`` bytes."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    async def download_request(self, request: Request) -> Response:
        path = file_uri_to_path(request.url)
        max_size = int(request.meta.get("download_maxsize", self.max_size))
        body = await run_in_thread(read_regular_file, path, max_size)
        response_class = responsetypes.from_args(filename=path, body=body)
        return response_class(url=request.url, body=body)


class DownloadStopped(IgnoreRequest):
    """A download cancelled by :meth:`InFlight.cancel`; ``reason`` says why
    (``budget``, ``stop``). Not a fault of the site: not retried, not counted
    as an error."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason


class InFlight:
    """The http(s) downloads in flight, by request, for one crawler: the
    handler adds them, the budget and stop components cancel them."""

    def __init__(self) -> None:
        self.tasks: dict[Request, asyncio.Future[Response]] = {}
        self.blocked: list[tuple[Callable[[Request], bool], str]] = []

    @classmethod
    def of(cls, crawler: Any) -> InFlight:
        """The crawler's registry (created on first use)."""
        registry = getattr(crawler, "news_in_flight", None)
        if registry is None:
            registry = cls()
            crawler.news_in_flight = registry
        return registry

    def cancel(self, which: Callable[[Request], bool], reason: str) -> int:
        """Cancel the downloads ``which`` selects, now and from now on
        (requests already queued in the downloader start later); returns
        how many were in flight."""
        self.blocked.append((which, reason))
        chosen = [request for request in self.tasks if which(request)]
        for request in chosen:
            request.meta["news_cancelled"] = reason
            request.meta["dont_retry"] = True
            self.tasks[request].cancel()
        return len(chosen)

    def refusal(self, request: Request) -> str | None:
        """Why a download about to start is already cancelled, or None."""
        return next((reason for which, reason in self.blocked if which(request)), None)


class CancellableHTTPDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler; each download runs as a task that
    :meth:`InFlight.cancel` can end at once (it fails with
    :class:`DownloadStopped`). Needs the asyncio reactor (Scrapy's default);
    under another reactor downloads are not cancellable."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.in_flight = InFlight.of(crawler)

    async def download_request(self, request: Request) -> Response:
        reason = self.in_flight.refusal(request)
        if reason is not None:
            raise DownloadStopped(reason, request.url)
        if not is_asyncio_reactor_installed():
            return await super().download_request(request)
        task = asyncio.ensure_future(super().download_request(request))
        self.in_flight.tasks[request] = task
        try:
            return await task
        except asyncio.CancelledError:
            if task.cancelled() and "news_cancelled" in request.meta:
                raise DownloadStopped(request.meta["news_cancelled"], request.url) from None
            raise
        finally:
            self.in_flight.tasks.pop(request, None)
