"""``python -m crawler.reprocess``: re-extract stored articles from their archived pages.

    python -m crawler.reprocess --db data/news.db [--archive DIR] [--source NAME]
                                [--since YYYY-MM-DD] [--url URL]

Each stored article whose page is in the archive is read back from its
capture and run through the extraction core (:func:`crawler.extraction.
extract_article`) again, with no network. A row the current rules read
differently is updated, and its old values are kept as a revision of kind
``reextraction`` naming the fields that changed (an outlet's own edit is a
revision of kind ``publisher``). Running it again changes nothing
(idempotent); an interrupted run continues where it stopped (the progress is
committed with each batch). The closing summary counts the rows changed,
by field. A row whose title, body or date changed is enriched again
(:mod:`crawler.enrich`: places, events, casualty figures). Story membership is not recomputed: a body that changes keeps its
story (its signature and buckets are renewed, so later articles match the new text).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from crawler.archive.reader import read_record
from crawler.archive.writer import ArchiveError
from crawler.constants import EXIT_COMMAND_FAILED
from crawler.dedupe import revision_of
from crawler.enrich import enrich, rules_version
from crawler.enrich.stored import to_rows
from crawler.extraction import NotAnArticle, extract_article
from crawler.overrides import load_overrides
from crawler.settings import NEWS_OVERRIDES, NEWS_TIMEZONE
from crawler.storage import (
    DatabaseError,
    StoredArticle,
    captures,
    check,
    connect,
    database_path,
    enrichment,
    reextraction,
)
from crawler.text.dates import to_iso, utc_now
from crawler.text.fingerprints import buckets_of, content_hash, fingerprint, signature

BATCH = 50
ENRICHED_FROM = frozenset({"title", "body", "published_at"})  # what crawler.enrich reads


@dataclass
class Summary:
    read: int = 0
    changed_rows: int = 0
    by_field: Counter[str] = field(default_factory=Counter)
    not_articles: int = 0
    unreadable: int = 0

    def lines(self) -> list[str]:
        fields = ", ".join(f"{name} {count}" for name, count in sorted(self.by_field.items())) or "none"
        return [
            f"reprocess: {self.read} captures read, {self.changed_rows} rows changed (by field: {fields})",
            f"reprocess: {self.not_articles} no longer read as articles (kept as they are), "
            f"{self.unreadable} captures unreadable",
        ]


def task_key(args: argparse.Namespace) -> str:
    """The progress key of a run: its filters."""
    return f"source={args.source or '*'} since={args.since or '*'} url={args.url or '*'}"


def _progress_line(done: int, total: int, changed: int) -> None:
    if sys.stderr.isatty():
        share = done * 100 // total if total else 100
        print(f"\rreprocess: {done}/{total} ({share} %), {changed} changed", end="", file=sys.stderr, flush=True)
    elif done == total or done % 1000 == 0:
        print(f"reprocess: {done}/{total}, {changed} changed", file=sys.stderr, flush=True)


def reextract(conn: Any, row: captures.CaptureRow, folder: Path, overrides: dict, tz: str, summary: Summary) -> None:
    """Re-read one capture and write what changed."""
    try:
        record = read_record(folder, row.archive_file, row.archive_offset)
    except ArchiveError as exc:
        print(f"reprocess: {row.url}: {exc}", file=sys.stderr)
        summary.unreadable += 1
        return
    try:
        article = extract_article(
            record.body, row.url, row.fetched_at, content_type=record.header("Content-Type"),
            override=overrides.get(row.source), tz=tz,
        )  # fmt: skip
    except NotAnArticle:
        summary.not_articles += 1
        return
    stored = reextraction.stored_values(conn, row.article_id)
    if stored is None:
        return
    values = reextraction.extracted_values(article)
    changed = [column for column, value in values.items() if stored[column] != value]
    if not changed:
        return
    new_hash = content_hash(values["body"])
    previous = StoredArticle(
        row.article_id, stored["url"], stored["content_hash"], row.source, stored["title"],
        stored["body"], stored["fetched_at"], stored["updated_at"],
    )  # fmt: skip
    revision = revision_of(previous, values["body"], new_hash)
    if revision is None:  # an AMP rendition's row: its text is not compared
        return
    values_signature = signature(fingerprint(values["body"]))
    now = to_iso(utc_now())
    reextraction.apply(
        conn, row.article_id, values, content_hash=new_hash, signature=values_signature,
        buckets=tuple(buckets_of(values_signature)), revision=revision, changed=changed,
        capture_id=row.id, now=now,
    )  # fmt: skip
    if ENRICHED_FROM & set(changed):  # places, events and figures follow the new text
        found = enrich(values["title"], values["body"], values["published_at"])
        enrichment.write(conn, row.article_id, to_rows(found, rules_version()), now)
    summary.changed_rows += 1
    summary.by_field.update(changed)


def run(args: argparse.Namespace) -> Summary:
    folder = Path(args.archive) if args.archive else Path(args.db).resolve().parent / "archive"
    database_path(args.db, write=False)  # it must exist: reprocess never starts a new database
    check(args.db)
    if not folder.is_dir():
        raise ArchiveError(f"{folder}: no archive folder (crawl with NEWS_ARCHIVE_ENABLED, or pass --archive)")
    since = date.fromisoformat(args.since).isoformat() if args.since else None
    overrides = load_overrides(args.overrides)
    conn = connect(args.db).conn
    task = task_key(args)
    summary = Summary()
    try:
        start = reextraction.progress(conn, task)
        rows = list(captures.article_captures(conn, source=args.source, since=since, url=args.url, after_id=start))
        for done, row in enumerate(rows, 1):
            reextract(conn, row, folder, overrides, args.timezone, summary)
            summary.read += 1
            if done % BATCH == 0 or done == len(rows):
                reextraction.save_progress(conn, task, row.article_id, to_iso(utc_now()))
                conn.commit()
            _progress_line(done, len(rows), summary.changed_rows)
        reextraction.clear_progress(conn, task)
        conn.commit()
    finally:
        if sys.stderr.isatty():
            print(file=sys.stderr)
        conn.close()
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.reprocess", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="data/news.db", help="the database (default data/news.db)")
    parser.add_argument("--archive", help="the archive folder (default: archive/ beside the database)")
    parser.add_argument("--source", help="only this source's articles")
    parser.add_argument("--since", help="only articles fetched on or after this day (YYYY-MM-DD)")
    parser.add_argument("--url", help="only the article at this URL (as fetched or canonical)")
    parser.add_argument("--overrides", default=NEWS_OVERRIDES, help="the extraction overrides file")
    parser.add_argument("--timezone", default=NEWS_TIMEZONE, help="zone of dates printed without an offset")
    args = parser.parse_args(argv)
    try:
        summary = run(args)
    except (DatabaseError, ArchiveError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_COMMAND_FAILED
    except ValueError as exc:
        print(f"error: --since must be a date YYYY-MM-DD ({exc})", file=sys.stderr)
        return EXIT_COMMAND_FAILED
    for line in summary.lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
