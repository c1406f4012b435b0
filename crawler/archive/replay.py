"""Offline replay: the real spider and pipelines, fed from an archive.

``scrapy crawl news -a replay=PATH`` (a WARC file, a folder of them, or a WACZ package)
answers every request from the archive instead of the network: the newest
capture of the URL; a URL the archive lacks is skipped (:class:`NotArchived`).
The spider also requests every archived page of the crawled sources, since
listings and feeds are archived only with ``NEWS_ARCHIVE_PAGES = "all"``. Nothing is
downloaded, so a whole crawl can be reproduced offline, and a test can run a
crawl end to end from an archive.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Request, Response
from scrapy.responsetypes import responsetypes
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.reader import archive_files, read_record
from crawler.archive.writer import PART, ArchiveError

logger = logging.getLogger(__name__)


def unpack_wacz(path: Path, into: Path) -> Path:
    """The WARC files of a WACZ package (a zip with its WARCs under
    ``archive/``), copied into the folder ``into``; raises ArchiveError."""
    try:
        with zipfile.ZipFile(path) as package:
            members = [m for m in package.namelist() if m.startswith("archive/") and ".warc" in m]
            if not members:
                raise ArchiveError(f"{path}: a WACZ package with no WARC files under archive/")
            for member in members:
                target = into / Path(member).name  # flat: no path from the package reaches the disk
                with package.open(member) as source, open(target, "wb") as out:
                    shutil.copyfileobj(source, out)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveError(f"{path}: not a readable WACZ package: {exc}") from None
    return into


def index_archive(path: str | Path) -> dict[str, tuple[Path, str, int]]:
    """URL -> (folder, file, offset) of its newest response/resource record.

    ``path`` is a WARC file, a folder of them, or a WACZ package (unpacked
    into a temporary folder that lives as long as the process)."""
    path = Path(path)
    if path.suffix.lower() == ".wacz" and path.is_file():
        path = unpack_wacz(path, Path(tempfile.mkdtemp(prefix="news-replay-")))
    newest: dict[str, tuple[str, Path, str, int]] = {}
    for file in archive_files(path):
        name = file.name[: -len(PART)] if file.name.endswith(PART) else file.name
        with open(file, "rb") as handle:
            records = ArchiveIterator(handle)
            try:
                for record in records:
                    if record.rec_type not in {"response", "resource"}:
                        continue
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    date = record.rec_headers.get_header("WARC-Date") or ""
                    if url not in newest or date >= newest[url][0]:
                        newest[url] = (date, file.parent, name, records.get_record_offset())
            except Exception:  # a torn tail of a killed crawl's file: keep what was read
                logger.warning("replay: %s ends with an unreadable record; using the records before it", file)
    return {url: (folder, name, offset) for url, (_, folder, name, offset) in newest.items()}


class NotArchived(IgnoreRequest):
    """A replayed crawl asked for a page the archive does not hold (with
    ``NEWS_ARCHIVE_PAGES = "articles"`` listings and feeds are not archived):
    skipped, not an error of the source."""


class ReplayMiddleware:
    """Downloader middleware that serves archived responses (first in the chain)."""

    def __init__(self, crawler: Any, index: dict[str, tuple[Path, str, int]]) -> None:
        self.stats = crawler.stats
        self.index = index
        logger.info("replay: %d archived URLs", len(self.index))

    @classmethod
    def from_crawler(cls, crawler: Any) -> ReplayMiddleware:
        if not getattr(crawler.spider, "replay_path", None):
            raise NotConfigured  # no -a replay=PATH: a normal crawl
        return cls(crawler, crawler.spider.replay_index)  # indexed once, by the spider

    def process_request(self, request: Request) -> Response:
        found = self.index.get(request.url)
        if found is None:
            self.stats.inc_value("news/replay/missing")
            if request.url.split("?", 1)[0].endswith("/robots.txt"):  # as a site without one: all allowed
                return Response(request.url, status=404, request=request, flags=["replay"])
            raise NotArchived(f"not in the archive: {request.url}")
        folder, name, offset = found
        record = read_record(folder, name, offset)
        headers = [(key, value) for key, value in record.headers if not key.lower().startswith("x-crawler-")]
        header_map: dict[str, list[str]] = {}
        for key, value in headers:
            header_map.setdefault(key, []).append(value)
        cls = responsetypes.from_args(headers=header_map, url=request.url, body=record.body)
        self.stats.inc_value("news/replay/served")
        return cls(
            url=request.url,
            status=record.status,
            headers=header_map,
            body=record.body,
            request=request,
            flags=["replay"],
        )
