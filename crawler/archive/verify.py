"""Check that the archive still holds, byte for byte, what the database cites.

For every capture the database records, the record is read back at its
address and its payload re-hashed against both the SHA-256 kept in the
database and the ``WARC-Payload-Digest`` written in the record itself. A
missing file, an unreadable record, another record at the address, or a
digest that no longer matches is a problem; the command exits non-zero.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from crawler.archive.reader import read_record
from crawler.archive.writer import ArchiveError, payload_digest


@dataclass(frozen=True)
class CapturedRow:
    """What the database says about one capture."""

    capture_id: int
    url: str
    file: str
    offset: int
    record_id: str
    sha256: str


@dataclass(frozen=True)
class Problem:
    capture_id: int
    url: str
    kind: str  # missing_file | unreadable | wrong_record | altered
    detail: str

    def line(self) -> str:
        return f"capture {self.capture_id} ({self.url}): {self.kind}: {self.detail}"


def verify(rows: Iterable[CapturedRow], folder: str | Path) -> tuple[int, list[Problem]]:
    """(captures checked, problems found)."""
    checked = 0
    problems: list[Problem] = []
    for row in rows:
        checked += 1
        try:
            record = read_record(folder, row.file, row.offset)
        except ArchiveError as exc:
            kind = "missing_file" if "missing" in str(exc) else "unreadable"
            problems.append(Problem(row.capture_id, row.url, kind, str(exc)))
            continue
        if record.record_id != row.record_id or record.url != row.url:
            detail = f"{row.file}@{row.offset} holds {record.record_id} for {record.url}"
            problems.append(Problem(row.capture_id, row.url, "wrong_record", detail))
            continue
        if record.sha256 != row.sha256:
            detail = f"payload SHA-256 {record.sha256} != {row.sha256} in the database"
            problems.append(Problem(row.capture_id, row.url, "altered", detail))
        elif record.payload_digest != payload_digest(record.body):
            detail = f"payload does not match its WARC-Payload-Digest {record.payload_digest}"
            problems.append(Problem(row.capture_id, row.url, "altered", detail))
    return checked, problems
