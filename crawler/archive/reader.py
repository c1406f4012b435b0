"""Reading captures back: one record by address, or every record of a folder.

Re-processing, replay and verification read the archive through here, with
warcio's own parser, so what they see is what any WARC tool would see.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.archive.writer import PART, SUFFIX, ArchiveError


@dataclass(frozen=True)
class Record:
    """One archived response (or local resource)."""

    url: str
    date: str
    record_id: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    payload_digest: str | None
    file: str
    offset: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)


def locate(folder: str | Path, name: str) -> Path:
    """The file for ``name``: closed, or still ``.part`` while a crawl writes it."""
    path = Path(folder) / Path(name).name
    if path.exists():
        return path
    part = path.with_name(path.name + PART)
    if part.exists():
        return part
    raise ArchiveError(f"archive file missing: {path}")


def _record(raw, file: str, offset: int) -> Record:  # raw: a warcio ArcWarcRecord
    headers = raw.rec_headers
    http = raw.http_headers
    status = int(http.get_statuscode() or 200) if http is not None and raw.rec_type == "response" else 200
    fields = list(http.headers) if http is not None and raw.rec_type == "response" else []
    if raw.rec_type == "resource":
        fields = [("Content-Type", headers.get_header("Content-Type") or "text/html")]
    return Record(
        url=headers.get_header("WARC-Target-URI"),
        date=headers.get_header("WARC-Date"),
        record_id=headers.get_header("WARC-Record-ID"),
        status=status,
        headers=fields,
        body=raw.content_stream().read(),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
        file=file,
        offset=offset,
    )


def read_record(folder: str | Path, name: str, offset: int) -> Record:
    """The response record at ``offset`` of archive file ``name``."""
    path = locate(folder, name)
    try:
        with open(path, "rb") as handle:
            handle.seek(offset)
            for raw in ArchiveIterator(handle):
                if raw.rec_type in {"response", "resource"}:
                    return _record(raw, Path(name).name, offset)
                break
    except (OSError, ValueError, EOFError, zlib.error, ArchiveLoadFailed) as exc:
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise ArchiveError(f"cannot read {path} at offset {offset}: {reason}") from None
    raise ArchiveError(f"no response record in {path} at offset {offset}")


def archive_files(path: str | Path) -> list[Path]:
    """A WARC file, or every WARC file of a folder (closed ones, then ``.part``)."""
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ArchiveError(f"no such archive file or folder: {path}")
    return sorted([*path.glob(f"*{SUFFIX}"), *path.glob("*.warc"), *path.glob(f"*{SUFFIX}{PART}")])


def iter_records(path: str | Path) -> Iterator[Record]:
    """Every response/resource record of a file or folder, in file order."""
    for file in archive_files(path):
        with open(file, "rb") as handle:
            records = ArchiveIterator(handle)
            try:
                for raw in records:
                    if raw.rec_type in {"response", "resource"}:
                        name = file.name[: -len(PART)] if file.name.endswith(PART) else file.name
                        yield _record(raw, name, records.get_record_offset())
            except Exception as exc:  # a torn last record of a killed crawl
                if not file.name.endswith(PART):
                    raise ArchiveError(f"{file}: unreadable record: {exc}") from None
