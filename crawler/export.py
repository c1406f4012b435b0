"""Export articles to CSV for spreadsheets: ``python -m crawler.export``.

    python -m crawler.export -o raqqa.csv --source demo --since 2017-10-01 --search "الرقة"

The file starts with a UTF-8 byte order mark by default, so Excel shows Arabic
instead of mojibake (``--no-bom`` for other tools). Rows are read from a cursor
and written one at a time: memory stays flat whatever the size of the database.
``--search`` is normalized like the Datasette search box (:mod:`crawler.search`).
A file is written under a temporary name and renamed when complete, so a failed
export never leaves half a file behind. The database is opened read-only.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import sqlite3
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from crawler.search import fts_match, terms

DEFAULT_DB = "data/news.db"
COLUMNS = (
    "id",
    "source",
    "published_at",
    "title",
    "subtitle",
    "author",
    "section",
    "tags",
    "url",
    "canonical_url",
    "duplicate_of",
    "body",
)


class ExportError(RuntimeError):
    """The export cannot run; the message says why."""


@dataclass
class Filters:
    """Which articles to export. Days are YYYY-MM-DD, both ends included, as the source dated them."""

    sources: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    search: str | None = None


def build_query(filters: Filters) -> tuple[str, list[str]]:
    """The SELECT for ``filters``, newest first, and its parameters."""
    where: list[str] = []
    params: list[str] = []
    if filters.sources:
        where.append(f"source IN ({', '.join('?' for _ in filters.sources)})")
        params.extend(filters.sources)
    if filters.since:
        where.append("substr(published_at, 1, 10) >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("substr(published_at, 1, 10) <= ?")
        params.append(filters.until)
    if filters.search is not None:
        where.append("id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_match(filters.search))
    sql = f"SELECT {', '.join(COLUMNS)} FROM articles"
    if where:
        sql += " WHERE " + " AND ".join(where)
    return sql + " ORDER BY published_at DESC, id DESC", params


def connect_readonly(path: Path) -> sqlite3.Connection:
    if not path.is_file():
        raise ExportError(f"{path}: no such database file (crawl first, or pass --db)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"{path}: not a usable SQLite database: {exc}") from None
    missing = {"articles", "articles_fts"} - tables
    if missing:
        conn.close()
        raise ExportError(f"{path}: not a news database (no {', '.join(sorted(missing))} table)")
    return conn


def rows(conn: sqlite3.Connection, filters: Filters) -> Iterator[tuple]:
    """The matching rows, streamed from the cursor."""
    sql, params = build_query(filters)
    try:
        yield from conn.execute(sql, params)
    except sqlite3.DatabaseError as exc:
        raise ExportError(f"cannot read the articles: {exc}") from None


def write_csv(records: Iterator[tuple], out: IO[str]) -> int:
    """Header and rows to ``out``; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for count, record in enumerate(records, 1):  # noqa: B007 - count is the result
        writer.writerow(record)
    return count


@contextlib.contextmanager
def open_output(target: str, bom: bool) -> Iterator[IO[str]]:
    """``-`` is stdout; a path is written to ``<path>.part`` and renamed when complete."""
    encoding = "utf-8-sig" if bom else "utf-8"
    if target == "-":
        out = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=False)
        try:
            yield out
        finally:
            out.flush()
            out.detach()
        return
    path = Path(target)
    partial = path.with_name(path.name + ".part")
    try:
        with partial.open("w", encoding=encoding, newline="") as out:
            yield out
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def export(db: Path, target: str, filters: Filters, bom: bool = True) -> int:
    """Write the CSV; returns how many articles it holds."""
    conn = connect_readonly(db)
    try:
        with open_output(target, bom) as out:
            return write_csv(rows(conn, filters), out)
    except OSError as exc:
        raise ExportError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        conn.close()


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day in YYYY-MM-DD form: {value!r}") from None


def _search(value: str) -> str:
    if not terms(value):
        raise argparse.ArgumentTypeError(f"no word to search for in {value!r}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m crawler.export", description=__doc__.split("\n\n")[0])
    p.add_argument("--db", type=Path, default=Path(DEFAULT_DB), help=f"the database (default: {DEFAULT_DB})")
    p.add_argument("-o", "--output", default="-", help="CSV file to write (default: - for stdout)")
    p.add_argument("--source", action="append", default=[], help="only this source (repeat for several)")
    p.add_argument("--since", type=_day, help="published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=_day, help="published on or before this day (YYYY-MM-DD)")
    p.add_argument("--search", type=_search, help="Arabic-aware search in title, subtitle and body")
    p.add_argument("--no-bom", dest="bom", action="store_false", help="no UTF-8 byte order mark")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    filters = Filters(sources=args.source, since=args.since, until=args.until, search=args.search)
    try:
        count = export(args.db, args.output, filters, bom=args.bom)
    except ExportError as exc:
        print(f"export: error: {exc}", file=sys.stderr)
        return 2
    if args.output != "-":
        print(f"export: {count} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
