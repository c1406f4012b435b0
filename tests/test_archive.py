"""The raw-page archive: standard WARC files, torn-file recovery, replay.

Writer and reader are tested directly (round trip, warcio's own checker,
a killed crawl's torn ``.part`` file, a refused write); the crawl side with
real crawls of a real HTTP server: the archive holds the articles, a replay
from it stores the same rows with no network, and a crawl whose archive
cannot be written stores nothing.
"""

from __future__ import annotations

import gzip
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker

from crawler.archive.reader import iter_records, read_record
from crawler.archive.writer import PART, ArchiveError, ArchiveWriter, Fetch, payload_digest, recover
from tests.support.crawl import crawl
from tests.support.databases import comparable, rows
from tests.support.fault_server import Site, article_html, gzip_bomb, page, run

WHEN = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def fetch(index: int, body: bytes | None = None, url: str | None = None) -> Fetch:
    return Fetch(
        url=url or f"http://news.example/2024/05/01/article-{index}",
        fetched_at=WHEN,
        status=200,
        response_headers=[("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")],
        body=body if body is not None else f"<html><p>خبر رقم {index}</p></html>".encode(),
        request_headers=(("User-Agent", "test"),),
    )


def archive_file(folder: Path) -> Path:
    (only,) = sorted(folder.iterdir())
    return only


def test_round_trip_reads_back_bytes_headers_and_digest(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    captures = [writer.write(fetch(i)) for i in range(3)]
    writer.close()
    for index, capture in enumerate(captures):
        record = read_record(tmp_path, capture.file, capture.offset)
        assert record.url == f"http://news.example/2024/05/01/article-{index}"
        assert record.body == fetch(index).body
        assert record.sha256 == capture.sha256
        assert record.payload_digest == payload_digest(fetch(index).body)
        assert record.record_id == capture.record_id
        assert record.date == "2024-05-01T08:30:00Z"
        # a decoded body keeps its transfer headers under X-Crawler- names
        assert record.header("X-Crawler-Content-Encoding") == "gzip"
        assert record.header("Content-Encoding") is None
        assert record.header("Content-Length") == str(len(fetch(index).body))


def test_files_are_standard_warc_that_warcio_checks(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    writer.write(fetch(1))
    writer.write(fetch(2, url="file:///srv/demo/index.html"))  # a local page: a resource record
    writer.close()
    path = archive_file(tmp_path)
    assert path.name.endswith(".warc.gz")
    checker = Checker(cmd=type("Args", (), {"inputs": [str(path)], "verbose": False}))
    checker.process_all()
    assert checker.exit_value == 0
    with open(path, "rb") as handle:
        kinds = [(r.rec_type, r.rec_headers.get_header("WARC-Type")) for r in ArchiveIterator(handle)]
    assert [kind for kind, _ in kinds] == ["response", "request", "resource"]
    with open(path, "rb") as handle:
        versions = {r.rec_headers.protocol for r in ArchiveIterator(handle)}
    assert versions == {"WARC/1.1"}


def test_a_flipped_byte_fails_warcio_check(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    capture = writer.write(fetch(1, body=b"<p>" + "نص ".encode() * 400 + b"</p>"))
    writer.close()
    path = archive_file(tmp_path)
    member = gzip.decompress(path.read_bytes()[capture.offset : capture.offset + capture.length])
    flipped = member.replace("نص".encode(), "نض".encode(), 1)
    data = path.read_bytes()
    path.write_bytes(data[: capture.offset] + gzip.compress(flipped) + data[capture.offset + capture.length :])
    checker = Checker(cmd=type("Args", (), {"inputs": [str(path)], "verbose": False}))
    checker.process_all()
    assert checker.exit_value != 0


def test_open_file_is_part_until_closed_and_rotates_by_size(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path, max_bytes=1)
    first = writer.write(fetch(1))
    assert [p.name for p in tmp_path.iterdir()] == [first.file + PART]
    second = writer.write(fetch(2))
    writer.close()
    assert first.file != second.file
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.file, second.file])


@pytest.mark.parametrize("cut", [1, 37, 300, 700, 1500])
def test_recover_cuts_a_torn_part_file_back_to_whole_records(tmp_path: Path, cut: int) -> None:
    writer = ArchiveWriter(tmp_path)
    captures = [writer.write(fetch(i, body=bytes(range(256)) * 4)) for i in range(3)]
    writer.close()
    path = archive_file(tmp_path)
    data = path.read_bytes()
    path.unlink()
    torn = path.with_name(path.name + PART)
    torn.write_bytes(data[:-cut])  # what kill -9 mid-write leaves
    assert recover(tmp_path) == [path.name]
    assert not torn.exists()
    urls = [record.url for record in iter_records(tmp_path)]
    kept = [c for c in captures if c.offset + c.length <= len(data) - cut]
    assert urls == [fetch(i).url for i in range(len(kept))]
    for capture in kept:  # every address handed out before the tear still reads whole
        assert read_record(tmp_path, capture.file, capture.offset).sha256 == capture.sha256
    checker = Checker(cmd=type("Args", (), {"inputs": [str(path)], "verbose": False}))
    checker.process_all()
    assert checker.exit_value == 0


class FailingFile(io.BytesIO):
    """A file that refuses writes past ``room`` bytes, like a full disk."""

    def __init__(self, room: int) -> None:
        super().__init__()
        self.room = room

    def write(self, data: bytes) -> int:  # type: ignore[override]
        if self.tell() + len(data) > self.room:
            raise OSError(28, "No space left on device")
        return super().write(data)

    def fileno(self) -> int:
        raise OSError("no descriptor")


def test_a_refused_write_raises_and_leaves_whole_records(tmp_path: Path) -> None:
    writer = ArchiveWriter(tmp_path)
    first = writer.write(fetch(1))
    room = first.length + 500
    failing = FailingFile(room)
    failing.write((tmp_path / (first.file + PART)).read_bytes())
    writer._file = failing  # type: ignore[assignment]  # the disk fills up now
    writer._writer.out = failing  # type: ignore[union-attr]
    with pytest.raises(ArchiveError, match="No space left"):
        writer.write(fetch(2, body=b"x" * 5000))
    # the file ends at the last whole record: nothing torn was left behind
    with pytest.raises(ArchiveError):
        writer.close()
    assert (
        failing.getvalue()[: first.offset + first.length]
        == (tmp_path / (first.file + PART)).read_bytes()[: first.offset + first.length]
    )
    assert len(failing.getvalue()) <= room


# --- crawls ---------------------------------------------------------------------------


def news_site(count: int = 4) -> dict:
    site = Site()
    for index in range(count):
        site.add(f"/2024/05/0{index + 1}/story-{index}.html", page(article_html(f"story-{index}")))
    return site.build()


def test_crawl_archives_each_article_and_replay_stores_the_same_rows(tmp_path: Path) -> None:
    live, replayed = tmp_path / "live" / "news.db", tmp_path / "replay" / "news.db"
    live.parent.mkdir()
    replayed.parent.mkdir()
    with run(news_site()) as server:
        crawl("-a", f"url={server.url}", db=live)
    archive = live.parent / "archive"
    records = list(iter_records(archive))
    stored = rows(live)
    assert len(stored) == 4
    assert {r.url for r in records} == {row["url"] for row in stored}  # articles only, by default
    # the server is gone: the replay reads only the archive
    crawl("-a", f"url={server.url}", "-a", f"replay={archive}", db=replayed)
    assert comparable(replayed) == comparable(live)
    assert not (replayed.parent / "archive").exists()  # a replay does not archive again


def test_all_pages_mode_archives_listings_too(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with run(news_site(2)) as server:
        crawl("-a", f"url={server.url}", "-s", "NEWS_ARCHIVE_PAGES=all", db=db)
    urls = {record.url for record in iter_records(tmp_path / "archive")}
    assert server.url in urls
    assert len(urls) >= 3


def test_archiving_off_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    with run(news_site(2)) as server:
        crawl("-a", f"url={server.url}", "-s", "NEWS_ARCHIVE_ENABLED=False", db=db)
    assert len(rows(db)) == 2
    assert not (tmp_path / "archive").exists()


def test_an_unwritable_archive_stops_the_crawl_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the archive folder should be")
    with run(news_site()) as server:
        result = crawl("-a", f"url={server.url}", "-s", f"NEWS_ARCHIVE_DIR={blocked}", db=db, check=False)
    assert result.returncode == 3
    assert "archive: cannot create archive folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert rows(db) == []


def test_a_gzip_bomb_never_reaches_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = Site()
    site.add("/2024/05/01/fine.html", page(article_html("fine")))
    site.add("/2024/05/02/bomb.html", page(gzip_bomb(), Content_Encoding="gzip"))
    with run(site.build()) as server:
        crawl("-a", f"url={server.url}", db=db, check=False)
    urls = {record.url for record in iter_records(tmp_path / "archive")}
    assert urls == {server.url + "2024/05/01/fine.html"}
