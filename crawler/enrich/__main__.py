"""Enrich stored articles again, without fetching them.

    python -m crawler.enrich --db data/news.db --all
    python -m crawler.enrich --db data/news.db --since 2025-01-01
    python -m crawler.enrich --db data/news.db --source demo [--redo]

Each article gets the places, event types, casualty figures and actors of
the current rules version (:func:`crawler.enrich.rules_version`), written
through :mod:`crawler.storage.enrichment` in place of the old ones.
Idempotent and resumable: only articles not yet at this version are done
(``--redo``: all in scope), in committed batches, so a stopped run goes on
where it stopped. A progress bar goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TextIO

from crawler.constants import EXIT_USAGE
from crawler.enrich import enrich, load_gazetteer, rules_version
from crawler.enrich.stored import place_row, to_rows
from crawler.storage import DatabaseError, Store, check, database_path
from crawler.storage import enrichment as stored
from crawler.text.dates import to_iso, utc_now

DEFAULT_DB = "data/news.db"
BATCH = 200


class Progress:
    """A one-line bar on a terminal; on a pipe, a line every 10 %."""

    def __init__(self, total: int, out: TextIO = sys.stderr, width: int = 30) -> None:
        self.total, self.out, self.width = total, out, width
        self.tty = out.isatty()
        self.started = time.monotonic()
        self.last_tenth = -1

    def update(self, done: int) -> None:
        share = done / self.total if self.total else 1.0
        if self.tty:
            filled = int(share * self.width)
            rate = done / max(time.monotonic() - self.started, 1e-9)
            self.out.write(f"\r[{'#' * filled}{' ' * (self.width - filled)}] {done}/{self.total} ({rate:.0f}/s)")
            self.out.flush()
        elif int(share * 10) > self.last_tenth:
            self.last_tenth = int(share * 10)
            self.out.write(f"{done}/{self.total} articles enriched\n")

    def close(self) -> None:
        if self.tty:
            self.out.write("\n")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m crawler.enrich", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="the news database (default data/news.db)")
    scope = parser.add_mutually_exclusive_group(required=True)
    scope.add_argument("--all", action="store_true", help="every stored article")
    scope.add_argument("--since", metavar="YYYY-MM-DD", help="articles published on or after this day")
    scope.add_argument("--source", metavar="NAME", help="articles of one source")
    parser.add_argument("--redo", action="store_true", help="also articles already at the current rules version")
    args = parser.parse_args(argv)
    if args.since and not _is_day(args.since):
        parser.error(f"--since: expected YYYY-MM-DD, got {args.since!r}")
    return args


def _is_day(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        database_path(args.db, write=False)  # it must exist: enrich never starts a new database
        check(args.db)
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    version = rules_version()
    gazetteer = load_gazetteer()
    store = Store(args.db)
    store.open()
    try:
        return run(store, version, gazetteer, args)
    except KeyboardInterrupt:
        print("\nstopped: the batches done are kept; run the same command again to go on", file=sys.stderr)
        return 130
    finally:
        store.close()


def run(store: Store, version: str, gazetteer, args: argparse.Namespace) -> int:
    scope = {"source": args.source, "since": args.since, "redo": args.redo}
    store.begin_batch()
    stored.upsert_places(store.conn, (place_row(p) for p in gazetteer.places.values() if not p.foreign))
    store.commit()
    total = stored.count_pending(store.conn, version, **scope)
    progress = Progress(total)
    done, after = 0, 0
    while rows := stored.pending(store.conn, version, after=after, limit=BATCH, **scope):
        now = to_iso(utc_now())
        store.begin_batch()
        for article_id, title, body, published in rows:
            stored.write(store.conn, article_id, to_rows(enrich(title, body, published, gazetteer), version), now)
        store.commit()
        done += len(rows)
        after = rows[-1][0]
        progress.update(done)
    progress.close()
    print(f"{done} articles enriched (rules version {version})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
