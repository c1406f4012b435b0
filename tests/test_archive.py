"""The raw-page archive: standard WARC files, torn-file recovery, replay.

Writer and reader are tested directly (round trip, warcio's own checker,
a killed crawl's torn ``.part`` file, a refused write); the crawl side with
real crawls of a real HTTP server: the archive holds the articles, a replay
from it stores the same rows with no network, and a crawl whose archive
cannot be written stores nothing.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker

from crawler.archive.reader import iter_records, read_record
from crawler.archive.writer import PART, ArchiveError, ArchiveWriter, Fetch, payload_digest, recover
from tests.support.crawl import crawl, crawl_command
from tests.support.databases import comparable, rows, writable
from tests.support.fault_server import Site, article_html, gzip_bomb, page, run, slow
from tests.support.paths import ROOT

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


# --- the database's links, verify, export, reprocess ------------------------------------


def demo_crawl(tmp_path: Path) -> Path:
    db = tmp_path / "news.db"
    crawl("-a", "source=demo", db=db)
    return db


def python_module(module: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_every_stored_row_points_at_its_capture(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    linked = rows(
        db,
        "SELECT a.id, a.url, c.archive_file, c.archive_offset, c.record_id, c.payload_sha256, c.article_id "
        "FROM articles a JOIN captures c ON c.id = a.capture_id",
    )
    assert len(linked) == len(rows(db)) == 6
    for row in linked:
        record = read_record(tmp_path / "archive", row["archive_file"], row["archive_offset"])
        assert record.url == row["url"]
        assert record.record_id == row["record_id"]
        assert record.sha256 == row["payload_sha256"]
        assert row["article_id"] == row["id"]


def test_verify_passes_then_names_a_flipped_byte(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    ok = python_module("crawler.archive", "verify", "--db", str(db))
    assert ok.returncode == 0, ok.stderr
    assert "6 captures checked, 0 problems" in ok.stderr
    path = next((tmp_path / "archive").glob("*.warc.gz"))
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    bad = python_module("crawler.archive", "verify", "--db", str(db))
    assert bad.returncode == 1
    assert "unreadable" in bad.stdout or "altered" in bad.stdout
    path.unlink()
    gone = python_module("crawler.archive", "verify", "--db", str(db))
    assert gone.returncode == 1
    assert gone.stdout.count("missing_file") == 6


def test_export_writes_one_sources_captures_as_a_warc(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    out = tmp_path / "demo.warc.gz"
    result = python_module("crawler.archive", "export", "--db", str(db), "--source", "demo", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(record.url for record in iter_records(out)) == sorted(row["url"] for row in rows(db))
    checker = Checker(cmd=type("Args", (), {"inputs": [str(out)], "verbose": False}))
    checker.process_all()
    assert checker.exit_value == 0


def test_reprocess_reproduces_the_stored_rows_and_is_idempotent(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    before = comparable(db)
    first = python_module("crawler.reprocess", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "6 captures read, 0 rows changed" in first.stdout
    assert comparable(db) == before
    assert rows(db, "SELECT * FROM revisions") == []


def test_reprocess_updates_exactly_the_rows_a_rule_reads_differently(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    stored = {row["id"]: row for row in rows(db)}
    # an older extractor's reading of two rows: a title with a site-name suffix, a lost author
    with_author = sorted(i for i, row in stored.items() if row["author"])  # crawl order sets the ids
    target_author = with_author[0]
    target_title = next(i for i in sorted(stored) if i != target_author)
    conn = writable(db)
    with conn:
        conn.execute("UPDATE articles SET title = title || ' - سوريا اليوم' WHERE id = ?", [target_title])
        conn.execute("UPDATE articles SET author = NULL WHERE id = ?", [target_author])
        conn.execute("DELETE FROM article_enrichment WHERE article_id = ?", [target_title])  # an older rules' state
    conn.close()
    result = python_module("crawler.reprocess", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "2 rows changed (by field: author 1, title 1)" in result.stdout
    after = {row["id"]: row for row in rows(db)}
    assert after == stored  # the current rules' reading is back, in place
    enriched = rows(db, "SELECT article_id FROM article_enrichment WHERE article_id = ?", (target_title,))
    assert enriched == [{"article_id": target_title}]  # a changed title is enriched again
    revisions = rows(db, "SELECT article_id, kind, changed_fields, capture_id, old_title FROM revisions ORDER BY id")
    assert sorted((r["article_id"], r["kind"], json.loads(r["changed_fields"])) for r in revisions) == sorted(
        [(target_title, "reextraction", ["title"]), (target_author, "reextraction", ["author"])]
    )
    assert next(r for r in revisions if r["article_id"] == target_title)["old_title"].endswith(" - سوريا اليوم")
    assert all(r["capture_id"] == after[r["article_id"]]["capture_id"] for r in revisions)
    again = python_module("crawler.reprocess", "--db", str(db))
    assert "0 rows changed" in again.stdout  # idempotent
    assert len(rows(db, "SELECT * FROM revisions")) == 2


def test_reprocess_applies_a_changed_rule_to_exactly_the_pages_it_matches(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    before = {row["id"]: row for row in rows(db)}
    overrides = tmp_path / "overrides.toml"
    # a new rule: this outlet's headline is the secondary headline's element
    overrides.write_text('[demo]\ntitle = "h2.sub-title"\n', encoding="utf-8")
    result = python_module("crawler.reprocess", "--db", str(db), "--overrides", str(overrides), "--source", "demo")
    assert result.returncode == 0, result.stderr
    after = {row["id"]: row for row in rows(db)}
    changed = {i for i in before if before[i] != after[i]}
    matched = {
        i
        for i in before
        if "sub-title"
        in read_record(
            tmp_path / "archive",
            *rows(db, "SELECT archive_file, archive_offset FROM captures WHERE article_id = ?", (i,))[0].values(),
        ).body.decode()
    }
    assert changed == matched and changed
    assert f"{len(changed)} rows changed (by field: " in result.stdout
    assert f"title {len(changed)}" in result.stdout
    assert all(after[i]["title"] == before[i]["subtitle"] for i in changed)
    assert {r["kind"] for r in rows(db, "SELECT kind FROM revisions")} == {"reextraction"}
    none = python_module("crawler.reprocess", "--db", str(db), "--source", "elsewhere")
    assert "0 captures read" in none.stdout


def test_reprocess_resumes_after_an_interrupted_run(tmp_path: Path) -> None:
    db = demo_crawl(tmp_path)
    conn = writable(db)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
    with conn:
        conn.execute("UPDATE articles SET author = NULL")
        # a run of the same task stopped after the first three articles
        conn.execute(
            "INSERT INTO reprocess_progress (task, last_article_id, updated_at) VALUES (?, ?, '2024-01-01')",
            ["source=* since=* url=*", ids[2]],
        )
    conn.close()
    result = python_module("crawler.reprocess", "--db", str(db))
    assert "3 captures read" in result.stdout
    assert rows(db, "SELECT * FROM reprocess_progress") == []


def test_reprocess_refuses_bad_input_in_one_line(tmp_path: Path) -> None:
    missing = python_module("crawler.reprocess", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 2
    assert missing.stderr.startswith("error:") and "Traceback" not in missing.stderr
    db = demo_crawl(tmp_path)
    bad_date = python_module("crawler.reprocess", "--db", str(db), "--since", "yesterday")
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr


def test_kill_9_leaves_rows_that_all_point_at_whole_records(tmp_path: Path) -> None:
    site = Site()
    for n in range(16):
        site.add(f"/2024/05/{n + 1:02d}/story-{n}.html", slow(0.1, page(article_html(f"story-{n}"))))
    db = tmp_path / "news.db"
    with run(site.build()) as server:
        command = [*crawl_command(server.url, db), "-s", "NEWS_COMMIT_ITEMS=2"]
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(sqlite3.Error):  # the crawl may not have made the tables yet
                if db.exists() and len(rows(db, "SELECT id FROM articles")) >= 4:
                    break
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        archive = tmp_path / "archive"
        assert list(archive.glob("*.part"))  # the open file of the killed crawl
        stored = len(rows(db, "SELECT id FROM articles"))
        assert stored >= 4
        verified = python_module("crawler.archive", "verify", "--db", str(db))
        assert verified.returncode == 0, verified.stdout  # every stored row's record is whole
        crawl("-a", f"url={server.url}", db=db)  # the next run closes the file and fetches the rest
    assert not list(archive.glob("*.part"))
    assert len(rows(db)) == 16
    final = python_module("crawler.archive", "verify", "--db", str(db))
    assert final.returncode == 0, final.stdout
    assert "16 captures checked" in final.stderr or "captures checked, 0 problems" in final.stderr


def test_replay_reads_a_wacz_package(tmp_path: Path) -> None:
    live = demo_crawl(tmp_path)
    package = tmp_path / "demo.wacz"
    with zipfile.ZipFile(package, "w") as wacz:  # the WACZ layout: WARCs stored under archive/
        for warc in (tmp_path / "archive").glob("*.warc.gz"):
            wacz.write(warc, f"archive/{warc.name}", compress_type=zipfile.ZIP_STORED)
        wacz.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
    replayed = tmp_path / "replayed" / "news.db"
    replayed.parent.mkdir()
    crawl("-a", "source=demo", "-a", f"replay={package}", db=replayed)
    assert comparable(replayed) == comparable(live)
    broken = tmp_path / "broken.wacz"
    broken.write_bytes(b"not a zip")
    refused = crawl("-a", "source=demo", "-a", f"replay={broken}", db=replayed, check=False)
    assert refused.returncode == 1 and "not a WACZ package" in refused.stderr
    assert "Traceback" not in refused.stderr
