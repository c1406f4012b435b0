"""The database path and file, as careless operators and broken disks give them (issue #15).

Every command that takes a database refuses a bad one with one line naming
it, its own exit code (crawler/constants.py), no traceback, and nothing
created or changed: a missing folder, a directory, an empty value, a file
that is not SQLite, a half-written copy, a FIFO, an unreadable file, a
read-only folder. A corrupt database (a page overwritten, a torn file, a
broken header, a broken full-text index) is refused before the first write
and left byte for byte as it was. A read-only database (a snapshot on a
read-only filesystem, a 0444 file) can still be exported.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlite_utils

from crawler import export as export_command
from crawler import reprocess, writer
from crawler.archive import __main__ as archive_command
from crawler.constants import EXIT_COMMAND_FAILED, EXIT_USAGE
from crawler.enrich import __main__ as enrich_command
from crawler.storage import DatabaseError, check, schema
from tests.support import fault_server as fs
from tests.support.crawl import FAST, SCRAPY_CRAWL
from tests.support.demo_database import build
from tests.support.paths import ROOT
from tests.support.readonly import read_only_mounts, run_read_only

# --- fixtures ------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database a real crawl of the demo site wrote (WAL mode, full-text index, captures)."""
    return build(tmp_path_factory.mktemp("crawled") / "news.db")


def copy_of(db: Path, folder: Path, name: str = "news.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    shutil.copyfile(db, target)
    return target


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` and the bytes of its regular files."""
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        out[str(path.relative_to(folder))] = path.read_bytes() if path.is_file() and not path.is_fifo() else None
    return out


# --- bad paths, every command --------------------------------------------------


def missing_folder(tmp: Path, crawled: Path) -> str:
    return str(tmp / "no-such-folder" / "news.db")


def directory(tmp: Path, crawled: Path) -> str:
    (tmp / "a-folder").mkdir()
    return str(tmp / "a-folder")


def empty_value(tmp: Path, crawled: Path) -> str:
    return ""


def text_file(tmp: Path, crawled: Path) -> str:
    path = tmp / "notes.db"
    path.write_text("ملاحظات، ليست قاعدة بيانات\n" * 40, encoding="utf-8")
    return str(path)


def half_written(tmp: Path, crawled: Path) -> str:
    data = crawled.read_bytes()
    path = tmp / "half.db"
    path.write_bytes(data[: len(data) // 2])
    return str(path)


def fifo(tmp: Path, crawled: Path) -> str:
    path = tmp / "pipe.db"
    os.mkfifo(path)
    return str(path)


def unreadable(tmp: Path, crawled: Path) -> str:
    if os.geteuid() == 0:
        pytest.skip("root reads a file whatever its mode")
    path = copy_of(crawled, tmp, "secret.db")
    path.chmod(0)
    return str(path)


BAD_PATHS = [missing_folder, directory, empty_value, text_file, half_written, fifo, unreadable]
MESSAGES = {
    "missing_folder": ("does not exist", "no such database file"),
    "directory": ("is a directory",),
    "empty_value": ("is empty",),
    "text_file": ("not a usable SQLite database",),
    "half_written": ("truncated", "malformed", "not a usable SQLite database"),
    "fifo": ("not a regular file",),
    "unreadable": ("cannot be read",),
}


def crawl_process(db: str) -> subprocess.CompletedProcess:
    command = [*SCRAPY_CRAWL, "-a", "url=http://127.0.0.1:9/", "-s", f"NEWS_DB={db}", *FAST]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


# (name, how to run it on a database path -> (exit code, stderr), the exit code a bad database gives)
Runner = Callable[[str, pytest.CaptureFixture[str]], tuple[int, str]]


def in_process(main: Callable[[list[str]], int], *args: str) -> Runner:
    def run(db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
        code = main([arg.replace("{db}", db) for arg in args])
        return code, capsys.readouterr().err

    return run


def crawl_runner(db: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    result = crawl_process(db)
    return result.returncode, result.stderr


COMMANDS: dict[str, tuple[Runner, int]] = {
    "crawl": (crawl_runner, EXIT_USAGE),
    "export": (in_process(export_command.main, "--db", "{db}", "-o", "{db}.csv"), EXIT_COMMAND_FAILED),
    "enrich": (in_process(enrich_command.main, "--db", "{db}", "--all"), EXIT_USAGE),
    "reprocess": (in_process(reprocess.main, "--db", "{db}", "--archive", "/"), EXIT_COMMAND_FAILED),
    "writer": (in_process(writer.main, "--redis", "redis://127.0.0.1:9/0", "--db", "{db}"), EXIT_USAGE),
    "archive-verify": (in_process(archive_command.main, "verify", "--db", "{db}"), EXIT_COMMAND_FAILED),
    "archive-export": (
        in_process(archive_command.main, "export", "--db", "{db}", "--source", "demo", "-o", "{db}.warc.gz"),
        EXIT_COMMAND_FAILED,
    ),
}


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


@pytest.mark.parametrize("make", BAD_PATHS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", COMMANDS)
def test_bad_database_path_is_one_line_and_creates_nothing(
    tmp_path: Path, crawled: Path, make: Callable[[Path, Path], str], command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    db = make(work, crawled)
    before = snapshot(work)
    run, expected_code = COMMANDS[command]
    code, stderr = run(db, capsys)
    assert code == expected_code, stderr
    lines = error_lines(stderr)
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert "error:" in lines[0]
    assert any(message in lines[0] for message in MESSAGES[make.__name__]), lines[0]
    if db:
        assert Path(db).name in lines[0]
    assert snapshot(work) == before  # nothing created (no folder, no -wal, no lock file), nothing changed


def test_default_database_folder_is_still_created(tmp_path: Path) -> None:
    """data/news.db, the default, is the one path whose folder is made (a fresh clone has no data/)."""
    from crawler.commands.crawl import database_setting, is_default_database
    from crawler.settings import NEWS_DB

    class Settings(dict):
        pass

    assert is_default_database(Settings(NEWS_DB=NEWS_DB))
    assert not is_default_database(Settings(NEWS_DB=str(tmp_path / "data" / "news.db")))
    with pytest.raises(DatabaseError, match="does not exist"):
        database_setting(Settings(NEWS_DB=str(tmp_path / "data" / "news.db")))
    assert not (tmp_path / "data").exists()


# --- corrupt databases: refused before the first write, left as they were ------


def _page_size(path: Path) -> int:
    size = int.from_bytes(path.read_bytes()[16:18], "big")
    return 65536 if size == 1 else size


def overwritten_table_page(db: Path) -> None:
    """A page of the articles table in the middle of the file overwritten (a bad sector, a stray write)."""
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'articles'").fetchone()
    conn.close()
    size = _page_size(db)
    with db.open("r+b") as file:
        file.seek((root - 1) * size)
        file.write(bytes(range(256)) * (size // 256))


def overwritten_middle_pages(db: Path) -> None:
    """Every page in the middle third of the file zeroed."""
    size = _page_size(db)
    pages = db.stat().st_size // size
    with db.open("r+b") as file:
        for page in range(pages // 3, 2 * pages // 3):
            file.seek(page * size)
            file.write(b"\0" * size)


def torn_file(db: Path) -> None:
    """The last third cut off (a copy interrupted, a full disk)."""
    with db.open("r+b") as file:
        file.truncate(db.stat().st_size * 2 // 3)


def garbage_header(db: Path) -> None:
    with db.open("r+b") as file:
        file.write(b"GIF89a garbage in the first hundred bytes".ljust(100, b"\xff"))


def broken_fts_segments(db: Path) -> None:
    """The full-text index's segments overwritten: b-trees fine, the index unreadable."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    conn.close()


def lost_fts_rows(db: Path) -> None:
    """Half the full-text index's document rows gone (a shadow table out of step with its table)."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("DELETE FROM articles_fts_docsize WHERE id % 2 = 0")
    conn.close()


CORRUPTIONS = [
    overwritten_table_page,
    overwritten_middle_pages,
    torn_file,
    garbage_header,
    broken_fts_segments,
    lost_fts_rows,
]


def corrupt_copy(crawled: Path, folder: Path, corrupt: Callable[[Path], None]) -> Path:
    db = copy_of(crawled, folder)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, as a backup is
    conn.close()
    corrupt(db)
    return db


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__)
def test_corrupt_database_is_refused_by_the_check_and_left_alone(
    tmp_path: Path, crawled: Path, corrupt: Callable[[Path], None]
) -> None:
    db = corrupt_copy(crawled, tmp_path, corrupt)
    before = snapshot(tmp_path)
    with pytest.raises(DatabaseError, match=f"{db.name}: (the database is corrupt|not a usable SQLite database)"):
        check(db)
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("corrupt", CORRUPTIONS, ids=lambda f: f.__name__)
def test_crawl_on_a_corrupt_database_stops_before_fetching(
    tmp_path: Path, crawled: Path, corrupt: Callable[[Path], None]
) -> None:
    db = corrupt_copy(crawled, tmp_path / "db", corrupt)
    before = db.read_bytes()
    site = fs.Site()
    site.add("/articles/a.html", fs.page(fs.article_html("a")))
    with fs.run(site.build()) as server:
        command = [*SCRAPY_CRAWL, "-a", f"url={server.url}", "-s", f"NEWS_DB={db}", *FAST]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
        hits = sum(server.hits().values())
    assert result.returncode == EXIT_USAGE, result.stderr[-2000:]
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"error: {db}:" in lines[0]
    assert hits == 0
    assert db.read_bytes() == before
    assert sorted(p.name for p in db.parent.iterdir()) in ([db.name], [db.name, f"{db.name}.lock"])


def test_sound_database_passes_the_corruption_check(tmp_path: Path, crawled: Path) -> None:
    db = copy_of(crawled, tmp_path)
    check(db)  # no false alarm on a real crawl's database
    assert check(tmp_path / "new.db") is None and not (tmp_path / "new.db").exists()


# --- read-only databases: exported, never written --------------------------------


def exported(result_stdout: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(result_stdout.decode("utf-8-sig"), newline="")))


def export_process(db: Path | str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.export", "--db", str(db), "--no-bom", *extra]


needs_read_only_mounts = pytest.mark.skipif(not read_only_mounts(), reason="no user namespaces to mount read-only")


@needs_read_only_mounts
def test_export_reads_a_database_on_a_read_only_filesystem(tmp_path: Path, crawled: Path) -> None:
    folder = tmp_path / "snapshot"
    db = copy_of(crawled, folder)
    expected = subprocess.run(export_process(db), cwd=ROOT, capture_output=True, check=True).stdout
    before = snapshot(folder)
    result = run_read_only(folder, export_process(db, "-o", str(tmp_path / "out.csv")))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out.csv").read_bytes() == expected
    assert len(exported(expected)) == 14
    assert snapshot(folder) == before


@needs_read_only_mounts
def test_export_of_an_old_schema_on_a_read_only_filesystem(tmp_path: Path) -> None:
    """A database of schema version 1 is read as it is: a read-only file is never migrated."""
    folder = tmp_path / "snapshot"
    folder.mkdir()
    db = sqlite_utils.Database(folder / "news.db")
    with db.conn:
        schema.MIGRATIONS[0](db)
        db.execute("PRAGMA user_version = 1")
        db.execute(
            "INSERT INTO articles (url, canonical_url, source, title, body, fetched_at, language, content_hash,"
            " search_text) VALUES ('http://old.test/1', 'http://old.test/1', 'old', '=عنوان قديم', 'نص', "
            "'2019-05-10T00:00:00+00:00', 'ar', 'x', 'عنوان قديم نص')"
        )
    db.conn.close()
    before = snapshot(folder)
    result = run_read_only(folder, export_process(folder / "news.db"))
    assert result.returncode == 0, result.stderr
    assert [(row["source"], row["title"]) for row in exported(result.stdout.encode())] == [("old", "'=عنوان قديم")]
    assert snapshot(folder) == before


@needs_read_only_mounts
def test_read_only_database_with_a_pending_log_is_one_line(tmp_path: Path, crawled: Path) -> None:
    """A write-ahead log beside a read-only database holds changes the file lacks: said, not ignored."""
    folder = tmp_path / "snapshot"
    live = copy_of(crawled, tmp_path / "live")
    conn = sqlite3.connect(live)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    with conn:
        conn.execute("UPDATE articles SET section = 'قسم جديد' WHERE id = 1")
    folder.mkdir()
    for name in (live.name, f"{live.name}-wal"):
        shutil.copyfile(live.parent / name, folder / name)
    conn.close()
    before = snapshot(folder)
    result = run_read_only(folder, export_process(folder / "news.db"))
    assert result.returncode == EXIT_COMMAND_FAILED
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "write-ahead log" in lines[0], result.stderr
    assert snapshot(folder) == before


@needs_read_only_mounts
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
@pytest.mark.parametrize("command", ["crawl", "enrich"])
def test_writing_commands_refuse_a_read_only_folder_in_one_line(
    tmp_path: Path, crawled: Path, command: str, existing: bool
) -> None:
    folder = tmp_path / "snapshot"
    folder.mkdir()
    db = copy_of(crawled, folder) if existing else folder / "news.db"
    if command == "enrich" and not existing:
        pytest.skip("enrich never starts a database: a missing file is 'no such database file'")
    before = snapshot(folder)
    argv = {
        "crawl": [*SCRAPY_CRAWL, "-a", "url=http://127.0.0.1:9/", "-s", f"NEWS_DB={db}", *FAST],
        "enrich": [sys.executable, "-m", "crawler.enrich", "--db", str(db), "--all"],
    }[command]
    result = run_read_only(folder, argv)
    assert result.returncode == EXIT_USAGE, result.stderr
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and "read-only" in lines[0] and "Traceback" not in result.stderr, result.stderr
    assert snapshot(folder) == before


@pytest.mark.parametrize("query", ["mode=ro", "immutable=1", "mode=rw"])
def test_export_reads_a_file_uri_read_only(tmp_path: Path, crawled: Path, query: str) -> None:
    """``--db file:...?mode=ro`` / ``?immutable=1`` as SQLite users write it; never opened for writing."""
    folder = tmp_path / "snapshot"
    db = copy_of(crawled, folder)
    before = db.read_bytes()
    result = subprocess.run(export_process(f"file:{db}?{query}"), cwd=ROOT, capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert len(exported(result.stdout)) == 14
    assert db.read_bytes() == before  # (a WAL reader may leave an empty -wal/-shm beside a writable file)


def test_export_reads_a_0444_file(tmp_path: Path, crawled: Path) -> None:
    db = copy_of(crawled, tmp_path / "snapshot")
    db.chmod(0o444)
    (tmp_path / "snapshot").chmod(0o555)
    try:
        result = subprocess.run(export_process(db), cwd=ROOT, capture_output=True, check=False)
    finally:
        (tmp_path / "snapshot").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert len(exported(result.stdout)) == 14
