"""Export articles to CSV for spreadsheets: ``python -m crawler.export``.

    python -m crawler.export -o raqqa.csv --source demo --since 2017-10-01 --search "الرقة"

The file starts with a UTF-8 byte order mark by default, so Excel shows Arabic
instead of mojibake (``--no-bom`` for other tools). Rows are read from a cursor
and written one at a time: memory stays flat whatever the size of the database.
``--search`` is normalized like the Datasette search box (:mod:`crawler.search`).
After the article's columns come its enrichment (primary place, governorates,
places, event types, killed, injured; see docs/enrichment.md).
A cell that a spreadsheet could run as a formula (``=``, ``+``, ``-``, ``@``...)
gets a leading ``'`` unless ``--raw`` (:mod:`crawler.csvsafe`). A file is
written under a temporary name and renamed when complete, so a failed export
never leaves half a file behind; a symbolic link, FIFO or device is never
replaced, and a write error (a full disk) is an error, exit code 2
(:mod:`crawler.safe_write`). The database is opened read-only.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import IO

from crawler.constants import EXIT_COMMAND_FAILED
from crawler.csvsafe import spreadsheet_row
from crawler.safe_write import UnsafeTarget, replace_whole
from crawler.search import terms
from crawler.storage import DatabaseError
from crawler.storage.export import COLUMNS, Filters, export_columns, open_news_database, select_articles

__all__ = ["COLUMNS", "ExportError", "Filters", "export", "main"]

DEFAULT_DB = "data/news.db"


class ExportError(RuntimeError):
    """The export cannot run; the message says why."""


def write_csv(records: Iterator[tuple], out: IO[str], header: Sequence[str] = COLUMNS, raw: bool = False) -> int:
    """Header and rows to ``out``, cells made safe for spreadsheets unless
    ``raw`` (:mod:`crawler.csvsafe`); returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for count, record in enumerate(records, 1):  # noqa: B007 - count is the result
        writer.writerow(spreadsheet_row(record, raw))
    return count


@contextlib.contextmanager
def open_output(target: str, bom: bool) -> Iterator[IO[str]]:
    """``-`` is stdout; a path is written to ``<path>.part`` and renamed when complete."""
    encoding = "utf-8-sig" if bom else "utf-8"
    if target == "-":
        out = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="", write_through=False)
        try:
            yield out
            out.flush()
        except OSError:
            # a full or broken stdout: what is buffered can never be written,
            # and must not fail again when Python flushes stdout at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise
        finally:
            out.detach()
        return
    with replace_whole(Path(target), encoding) as out:
        yield out


def export(db: str | Path, target: str, filters: Filters, bom: bool = True, raw: bool = False) -> int:
    """Write the CSV; returns how many articles it holds."""
    try:
        conn = open_news_database(db)
    except DatabaseError as exc:
        raise ExportError(str(exc)) from None
    try:
        with open_output(target, bom) as out:
            return write_csv(select_articles(conn, filters), out, export_columns(conn), raw)
    except DatabaseError as exc:
        raise ExportError(str(exc)) from None
    except UnsafeTarget as exc:
        raise ExportError(str(exc)) from None
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
    p.add_argument("--db", default=DEFAULT_DB, help=f"the database (default: {DEFAULT_DB})")
    p.add_argument("-o", "--output", default="-", help="CSV file to write (default: - for stdout)")
    p.add_argument("--source", action="append", default=[], help="only this source (repeat for several)")
    p.add_argument("--since", type=_day, help="published on or after this day (YYYY-MM-DD)")
    p.add_argument("--until", type=_day, help="published on or before this day (YYYY-MM-DD)")
    p.add_argument("--search", type=_search, help="Arabic-aware search in title, subtitle and body")
    p.add_argument("--no-bom", dest="bom", action="store_false", help="no UTF-8 byte order mark")
    p.add_argument(
        "--raw",
        action="store_true",
        help="cells as stored: no leading ' before a cell that starts like a formula (=, +, -, @...)",
    )
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    filters = Filters(sources=args.source, since=args.since, until=args.until, search=args.search)
    try:
        count = export(args.db, args.output, filters, bom=args.bom, raw=args.raw)
    except ExportError as exc:
        print(f"export: error: {exc}", file=sys.stderr)
        return EXIT_COMMAND_FAILED
    if args.output != "-":
        print(f"export: {count} articles written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
