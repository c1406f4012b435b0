"""Append-only WARC/1.1 files: gzip per record, ``.part`` until closed.

A file is written as ``NAME.warc.gz.part`` and renamed to ``NAME.warc.gz``
when it is closed (at rotation or the end of the crawl), so a finished file is
never rewritten. Each record is its own gzip member and is flushed to the
operating system before its address is handed out: a row that points at a
capture therefore always points at a whole record, even after ``kill -9``. A
killed crawl leaves a ``.part`` file whose last record may be torn;
:func:`recover` cuts such a file back to its last whole record and closes it.

Payloads are stored as the crawler received them after transfer decoding:
like Common Crawl, a decoded body keeps its original ``Content-Encoding``
and ``Content-Length`` headers under ``X-Crawler-`` names, so the record is
true to its bytes and replays without being decompressed twice. Digests are
SHA-256 (``WARC-Payload-Digest: sha256:BASE32``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

PART = ".part"
SUFFIX = ".warc.gz"
# hop-by-hop framing that no longer describes the stored (decoded) payload
_RENAMED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


class ArchiveError(OSError):
    """An archive file could not be written or read; the message says which."""


@dataclass(frozen=True)
class Capture:
    """Where one fetched page lives in the archive."""

    file: str
    """File name inside the archive folder (the closed name, without ``.part``)."""
    offset: int
    """Byte offset of the response record's gzip member."""
    length: int
    """Bytes of that gzip member."""
    record_id: str
    """The response record's ``WARC-Record-ID`` (``<urn:uuid:...>``)."""
    sha256: str
    """Hex SHA-256 of the payload (the body as received)."""


@dataclass(frozen=True)
class Fetch:
    """One request and its response, as the crawler saw them."""

    url: str
    fetched_at: datetime
    status: int
    response_headers: list[tuple[str, str]]
    body: bytes
    method: str = "GET"
    request_headers: tuple[tuple[str, str], ...] = ()
    protocol: str = "HTTP/1.1"


class _Sha256Writer(WARCWriter):
    """warcio's writer with SHA-256 digests instead of SHA-1."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def payload_digest(body: bytes) -> str:
    """``sha256:BASE32``, as written in ``WARC-Payload-Digest``."""
    return "sha256:" + base64.b32encode(hashlib.sha256(body).digest()).decode("ascii")


def _http_headers(fetch: Fetch) -> StatusAndHeaders:
    headers: list[tuple[str, str]] = []
    for name, value in fetch.response_headers:
        if name.lower() in _RENAMED_HEADERS:
            name = "X-Crawler-" + name
        headers.append((name, value))
    headers.append(("Content-Length", str(len(fetch.body))))
    reason = "OK" if fetch.status == 200 else ""
    return StatusAndHeaders(f"{fetch.status} {reason}".strip(), headers, protocol=fetch.protocol)


def _request_headers(fetch: Fetch) -> StatusAndHeaders:
    from urllib.parse import urlsplit

    parts = urlsplit(fetch.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc), *fetch.request_headers]
    return StatusAndHeaders(f"{fetch.method} {target} {fetch.protocol}", headers, is_http_request=True)


class ArchiveWriter:
    """Writes captures into ``folder``, one open file at a time.

    Files rotate when they pass ``max_bytes`` or when the UTC day of the
    fetch changes. Not thread-safe: one crawl process owns one writer.
    """

    def __init__(self, folder: str | Path, *, prefix: str = "news", max_bytes: int = 100 * 1024 * 1024) -> None:
        self.folder = Path(folder)
        self.prefix = prefix
        self.max_bytes = max_bytes
        self._file: io.BufferedWriter | None = None
        self._writer: _Sha256Writer | None = None
        self._name: str | None = None
        self._day: str | None = None
        self._sequence = 0
        self.records = 0

    # --- files ------------------------------------------------------------------

    def _open(self, day: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"cannot create archive folder {self.folder}: {exc.strerror or exc}") from None
        stamp = datetime.now(UTC).strftime("%H%M%S")
        while True:
            self._sequence += 1
            name = f"{self.prefix}-{day}-{stamp}-{os.getpid()}-{self._sequence:05d}{SUFFIX}"
            if not (self.folder / name).exists() and not (self.folder / (name + PART)).exists():
                break
        try:
            self._file = open(self.folder / (name + PART), "xb")  # noqa: SIM115 - held open across records
        except OSError as exc:
            raise ArchiveError(f"cannot create archive file in {self.folder}: {exc.strerror or exc}") from None
        self._writer = _Sha256Writer(self._file, gzip=True, warc_version="WARC/1.1")
        self._name, self._day = name, day

    def close(self) -> None:
        """Flush, sync and rename the open file to its final name."""
        if self._file is None or self._name is None:
            return
        handle, name = self._file, self._name
        self._file = self._writer = self._name = None
        try:
            handle.flush()
            os.fsync(handle.fileno())
            handle.close()
            os.replace(self.folder / (name + PART), self.folder / name)
        except OSError as exc:
            raise ArchiveError(f"cannot close archive file {name}: {exc.strerror or exc}") from None

    # --- records ----------------------------------------------------------------

    def write(self, fetch: Fetch) -> Capture:
        """Append the response (and its request) and return the response's address.

        Raises :class:`ArchiveError` when the disk refuses the write (full,
        read-only); the open file then ends at its last whole record.
        """
        day = fetch.fetched_at.astimezone(UTC).strftime("%Y%m%d")
        if self._file is not None and (day != self._day or self._file.tell() >= self.max_bytes):
            self.close()
        if self._file is None:
            self._open(day)
        assert self._file is not None and self._writer is not None and self._name is not None
        start = self._file.tell()
        try:
            capture = self._write_pair(fetch, start)
            self._file.flush()
        except OSError as exc:
            self._truncate(start)
            raise ArchiveError(f"cannot write to archive file {self._name}: {exc.strerror or exc}") from None
        self.records += 1
        return capture

    def _write_pair(self, fetch: Fetch, start: int) -> Capture:
        assert self._file is not None and self._writer is not None and self._name is not None
        date = fetch.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        digest = hashlib.sha256(fetch.body).hexdigest()
        is_http = fetch.url.lower().startswith(("http://", "https://"))
        common = {"WARC-Date": date, "WARC-Payload-Digest": payload_digest(fetch.body)}
        if is_http:
            record = self._writer.create_warc_record(
                fetch.url,
                "response",
                payload=io.BytesIO(fetch.body),
                length=len(fetch.body),
                http_headers=_http_headers(fetch),
                warc_headers_dict=common,
            )
        else:  # a local demo page: no HTTP exchange, a resource record
            content_type = dict((k.lower(), v) for k, v in fetch.response_headers).get("content-type", "text/html")
            record = self._writer.create_warc_record(
                fetch.url,
                "resource",
                payload=io.BytesIO(fetch.body),
                length=len(fetch.body),
                warc_content_type=content_type,
                warc_headers_dict=common,
            )
        self._writer.write_record(record)
        end = self._file.tell()
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        if is_http:
            request = self._writer.create_warc_record(
                fetch.url,
                "request",
                http_headers=_request_headers(fetch),
                warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": record_id},
            )
            self._writer.write_record(request)
        return Capture(file=self._name, offset=start, length=end - start, record_id=record_id, sha256=digest)

    def _truncate(self, size: int) -> None:
        """Cut the open file back to ``size`` bytes after a failed write."""
        if self._file is None:
            return
        try:
            self._file.seek(size)
            self._file.truncate(size)
        except (OSError, ValueError):
            pass


def _whole_records_end(path: Path) -> int:
    """Byte offset after the last complete gzip member (one record each).

    A member is whole when zlib reaches its end-of-stream marker and its
    CRC checks; a torn tail (kill -9 mid-write) has neither.
    """
    data = path.read_bytes()
    end = 0
    while end < len(data):
        member = zlib.decompressobj(wbits=31)
        try:
            member.decompress(data[end:])
        except zlib.error:
            break
        if not member.eof:
            break
        end = len(data) - len(member.unused_data)
    return end


def recover(folder: str | Path) -> list[str]:
    """Close the ``.part`` files a killed crawl left in ``folder``.

    Each is cut back to its last whole record and renamed; returns the names
    of the files closed. Call it only while holding the crawl lock: a live
    crawl's open file is also a ``.part`` file.
    """
    closed = []
    for part in sorted(Path(folder).glob(f"*{SUFFIX}{PART}")):
        end = _whole_records_end(part)
        with open(part, "r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
        final = part.with_name(part.name[: -len(PART)])
        os.replace(part, final)
        closed.append(final.name)
    return closed
