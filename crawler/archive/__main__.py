"""``python -m crawler.archive``: check the archive, or export a source's captures.

    python -m crawler.archive verify --db data/news.db [--archive DIR] [--source NAME]
    python -m crawler.archive export --db data/news.db --source NAME -o NAME.warc.gz [--archive DIR]

``verify`` re-reads every capture the database cites and re-hashes its
payload against the database and the record's own digest; it prints one line
per problem and exits 1 when there is any (2 for a usage error). ``export``
copies the response records of one source's captures into one new WARC file
(written as ``FILE.part``, renamed when complete).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from crawler.archive.verify import CapturedRow, verify
from crawler.archive.writer import PART, ArchiveError
from crawler.constants import EXIT_COMMAND_FAILED
from crawler.storage import DatabaseError, captures
from crawler.storage.export import open_news_database

DEFAULT_DB = "data/news.db"


def _folder(args: argparse.Namespace) -> Path:
    return Path(args.archive) if args.archive else Path(args.db).resolve().parent / "archive"


def _verify(args: argparse.Namespace) -> int:
    conn = open_news_database(args.db)
    try:
        rows = (
            CapturedRow(row.id, row.url, row.archive_file, row.archive_offset, row.record_id, row.payload_sha256)
            for row in captures.all_captures(conn, args.source)
        )
        checked, problems = verify(rows, _folder(args))
    finally:
        conn.close()
    for problem in problems:
        print(problem.line())
    print(f"verify: {checked} captures checked, {len(problems)} problems", file=sys.stderr)
    return 1 if problems else 0


def _export(args: argparse.Namespace) -> int:
    out = Path(args.output)
    if out.exists() and not out.is_file():
        raise ArchiveError(f"{out} exists and is not a regular file; not replacing it")
    conn = open_news_database(args.db)
    folder = _folder(args)
    part = out.with_name(out.name + PART)
    count = 0
    try:
        with open(part, "wb") as target:
            for row in captures.all_captures(conn, args.source):
                path = folder / row.archive_file
                path = path if path.exists() else path.with_name(path.name + PART)
                with open(path, "rb") as source:
                    source.seek(row.archive_offset)
                    target.write(source.read(row.archive_length))
                count += 1
            target.flush()
            os.fsync(target.fileno())
        os.replace(part, out)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise ArchiveError(f"cannot export to {out}: {exc.strerror or exc}") from None
    finally:
        conn.close()
    print(f"export: {count} captures of {args.source} written to {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.archive", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("verify", help="re-hash every capture the database cites")
    export = commands.add_parser("export", help="one source's captures as one WARC file")
    for command in (check, export):
        command.add_argument("--db", default=DEFAULT_DB, help=f"the database (default {DEFAULT_DB})")
        command.add_argument("--archive", help="the archive folder (default: archive/ beside the database)")
    check.add_argument("--source", help="only this source's captures")
    export.add_argument("--source", required=True, help="the source whose captures are exported")
    export.add_argument("-o", "--output", required=True, help="the WARC file to write (e.g. NAME.warc.gz)")
    args = parser.parse_args(argv)
    try:
        return _verify(args) if args.command == "verify" else _export(args)
    except (DatabaseError, ArchiveError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_COMMAND_FAILED


if __name__ == "__main__":
    sys.exit(main())
