"""`python -m crawler.export`: Excel-safe CSV of a crawled database, filtered and streamed."""

from __future__ import annotations

import codecs
import csv
import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.storage.export import COLUMNS, Filters, build_query
from tests.support.databases import rows
from tests.support.demo_database import RAQQA_SLUGS, SEED_SLUG, ids_by_slug, shared_db
from tests.support.paths import ROOT


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory.getbasetemp())


def export(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "crawler.export", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, timeout=60, check=False)


def parse(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_file_starts_with_a_bom_and_round_trips_arabic(news_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.csv"
    result = export("--db", str(news_db), "-o", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert not data[3:].startswith(codecs.BOM_UTF8)
    table = parse(data)
    stored = rows(news_db, "SELECT * FROM articles ORDER BY published_at DESC, id DESC")
    assert [r["id"] for r in table] == [str(r["id"]) for r in stored]
    for record, row in zip(table, stored, strict=True):
        for column in COLUMNS:
            assert record[column] == ("" if row[column] is None else str(row[column])), column
    assert "الرَّقَّة بعد المعركة" in {r["title"] for r in table}
    assert f"{len(stored)} articles" in result.stderr.decode()
    assert not list(tmp_path.glob("*.part"))


def test_stdout_and_no_bom(news_db: Path) -> None:
    with_bom = export("--db", str(news_db), "--source", "variants")
    without = export("--db", str(news_db), "--source", "variants", "--no-bom")
    assert with_bom.returncode == without.returncode == 0
    assert with_bom.stdout.startswith(codecs.BOM_UTF8)
    assert without.stdout == with_bom.stdout[len(codecs.BOM_UTF8) :]
    assert without.stdout.startswith(b"id,source,")


@pytest.mark.parametrize("query", ["الرقة", "والرقة", "بالرقه", "الرَّقَّة"])
def test_search_is_normalized_like_the_datasette_box(news_db: Path, query: str) -> None:
    ids = ids_by_slug(news_db)
    result = export("--db", str(news_db), "--search", query)
    assert result.returncode == 0, result.stderr
    expected = {ids[s] for s in RAQQA_SLUGS} | {ids[SEED_SLUG], ids["raqqa-mines-return"]}
    assert {int(r["id"]) for r in parse(result.stdout)} == expected


def test_source_and_date_filters(news_db: Path) -> None:
    result = export("--db", str(news_db), "--source", "variants", "--since", "2017-10-21", "--until", "2017-10-23")
    assert result.returncode == 0, result.stderr
    got = [(r["source"], r["published_at"][:10]) for r in parse(result.stdout)]
    sql = (
        "SELECT source, substr(published_at, 1, 10) AS day FROM articles WHERE source = 'variants'"
        " AND day BETWEEN '2017-10-21' AND '2017-10-23' ORDER BY published_at DESC"
    )
    assert got == [(r["source"], r["day"]) for r in rows(news_db, sql)]
    assert len(got) == 3


@pytest.mark.parametrize(
    ("filters", "where", "params"),
    [
        (Filters(), "", []),
        (Filters(sources=["a", "b"]), " WHERE source IN (?, ?)", ["a", "b"]),
        (Filters(since="2017-10-01"), " WHERE substr(published_at, 1, 10) >= ?", ["2017-10-01"]),
        (
            Filters(until="2017-10-31", search="بالرقة"),
            " WHERE substr(published_at, 1, 10) <= ? AND id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)",
            ["2017-10-31", '"رقه"'],
        ),
    ],
)
def test_build_query(filters: Filters, where: str, params: list[str]) -> None:
    sql, got = build_query(filters)
    assert sql == f"SELECT {', '.join(COLUMNS)} FROM articles{where} ORDER BY published_at DESC, id DESC"
    assert got == params


def make_plain_db(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda d: d / "missing.db", [], "no such database file"),
        (
            lambda d: (d / "junk.db").write_bytes(b"not a database at all" * 50) and d / "junk.db",
            [],
            "not a usable SQLite",
        ),
        (lambda d: make_plain_db(d / "plain.db"), [], "not a news database (no articles, articles_fts table)"),
        (lambda d: d / "missing.db", ["--since", "2017-02-30"], "not a day in YYYY-MM-DD form"),
        (lambda d: d / "missing.db", ["--search", "«»"], "no word to search for"),
    ],
)
def test_clear_errors(tmp_path: Path, setup, args: list[str], message: str) -> None:
    db = setup(tmp_path)
    out = tmp_path / "out.csv"
    result = export("--db", str(db), "-o", str(out), *args)
    assert result.returncode == 2
    assert message in result.stderr.decode()
    assert b"Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.part"))


def test_unwritable_output_is_a_clear_error(news_db: Path, tmp_path: Path) -> None:
    result = export("--db", str(news_db), "-o", str(tmp_path / "no-such-dir" / "out.csv"))
    assert result.returncode == 2
    assert "cannot write" in result.stderr.decode()
    assert b"Traceback" not in result.stderr
