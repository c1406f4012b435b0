"""Store pipeline: write articles to SQLite (``NEWS_DB``), committed in batches.

Rows are upserted by canonical URL, so a re-fetched article with new text
updates its row instead of adding one. With the row the dedupe records are
written (:func:`pipelines.dedupe.record`: the old text in ``revisions``, the
fingerprint and LSH buckets, the story and ``duplicate_of``). The full-text
index is kept in sync by triggers on a normalized, clitic-stripped
``search_text`` column.

Each article is written inside a savepoint, so a failing article leaves no
trace; the transaction is committed every ``NEWS_COMMIT_ITEMS`` articles,
every ``NEWS_COMMIT_SECONDS`` seconds of crawling, and when the crawl ends.
One commit per article cost more than the article's own writes (the full-text
index writes a segment per transaction). A crawl killed mid-batch loses
nothing for good: the articles of the open batch are not in the database, so
the next run fetches them again.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from typing import Any

from scrapy import signals

from crawler import db as dbmod
from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.text.arabic import clean_text, clitic_key, search_key
from crawler.text.dates import to_iso, utc_now
from pipelines.dedupe import record

logger = logging.getLogger(__name__)

COLUMNS = (
    "url",
    "canonical_url",
    "source",
    "title",
    "subtitle",
    "body",
    "body_html",
    "section",
    "tags",
    "author",
    "published_at",
    "published_raw",
    "fetched_at",
    "language",
    "content_hash",
    "duplicate_of",
    "search_text",
)


def search_text(title: str | None, subtitle: str | None, body: str, body_key: str | None = None) -> str:
    """The indexed column: search keys of title, subtitle and body (``body_key``:
    the body already normalized by the dedupe step, so it is not done twice)."""
    body_part = clitic_key(body_key) if body_key is not None else search_key(body)
    return " ".join(filter(None, (search_key(title or ""), search_key(subtitle or ""), body_part)))


def to_row(item: Any) -> dict[str, Any]:
    """The item as an ``articles`` row (text cleaned, search column built)."""
    text = {
        k: clean_text(v) if isinstance(v, str) else v
        for k, v in (
            ("title", item.title),
            ("subtitle", item.subtitle),
            ("body", item.body),
            ("section", item.section),
            ("author", item.author),
        )
    }
    return {
        "url": item.url,
        "canonical_url": item.canonical_url,
        "source": item.source,
        **text,
        "body_html": item.body_html,
        "tags": json.dumps(item.tags, ensure_ascii=False) if item.tags else None,
        "published_at": item.published_at,
        "published_raw": item.published_raw,
        "fetched_at": item.fetched_at,
        "language": item.language,
        "content_hash": item.content_hash,
        "duplicate_of": item.duplicate_of,
        "search_text": search_text(text["title"], text["subtitle"], text["body"], item.body_key),
    }


_UPSERT = (
    f"INSERT INTO articles ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)}) "
    "ON CONFLICT(canonical_url) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in COLUMNS if c not in {"canonical_url", "fetched_at"})
    + ", updated_at = ?"
)


def store_row(db: Any, row: dict[str, Any], now: str) -> int:
    """Upsert the row; returns its id."""
    db.execute(_UPSERT, [row[c] for c in COLUMNS] + [now])
    return db.execute("SELECT id FROM articles WHERE canonical_url = ?", [row["canonical_url"]]).fetchone()[0]


def write_item(db: Any, item: Any, now: str) -> int:
    """Write the article and its dedupe records (no commit); returns its id."""
    article_id = store_row(db, to_row(item), now)
    record(db, article_id, item, now)
    return article_id


def store_item(db: Any, item: Any, now: str | None = None) -> int:
    """Write the article and its dedupe records in one transaction; returns its id."""
    with db.conn:
        return write_item(db, item, now or to_iso(utc_now()))


DEFAULT_COMMIT_ITEMS = 50
DEFAULT_COMMIT_SECONDS = 2.0


class StorePipeline:
    """Writes each article in a savepoint and commits in batches (see module
    doc). Settings: ``NEWS_DB``, ``NEWS_COMMIT_ITEMS``, ``NEWS_COMMIT_SECONDS``."""

    def __init__(
        self,
        db_path: str,
        stats: Any = None,
        commit_items: int = DEFAULT_COMMIT_ITEMS,
        commit_seconds: float = DEFAULT_COMMIT_SECONDS,
    ) -> None:
        if commit_items < 1 or commit_seconds < 0:
            raise ValueError(
                f"NEWS_COMMIT_ITEMS must be >= 1 and NEWS_COMMIT_SECONDS >= 0, got {commit_items}, {commit_seconds}"
            )
        self.db_path = db_path
        self.stats = stats
        self.commit_items = commit_items
        self.commit_seconds = commit_seconds
        self.db: Any = None
        self.pending = 0
        self.batch_started = 0.0

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        settings = crawler.settings
        pipeline = cls(
            settings.get("NEWS_DB"),
            crawler.stats,
            settings.getint("NEWS_COMMIT_ITEMS", DEFAULT_COMMIT_ITEMS),
            settings.getfloat("NEWS_COMMIT_SECONDS", DEFAULT_COMMIT_SECONDS),
        )
        # while articles are scarce, a batch is still committed within seconds
        crawler.signals.connect(pipeline.commit_if_due, signal=signals.response_received)
        crawler.signals.connect(pipeline.commit, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self.db = dbmod.open_shared(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.commit()
            dbmod.close_shared(self.db)
            self.db = None

    def commit(self) -> None:
        """Commit the open batch. If SQLite refuses (disk full, I/O error), the
        batch is rolled back whole, the loss is logged and counted
        (``news/errors/store_commit``) and the crawl exits with code 3: the
        articles are not in the database, so the next run fetches them again."""
        pending, self.pending = self.pending, 0
        if self.db is None or not self.db.conn.in_transaction:
            return
        try:
            self.db.conn.commit()
        except sqlite3.Error as exc:
            self.db.conn.rollback()
            self._batch_lost(pending, exc)

    def _batch_lost(self, count: int, exc: Exception) -> None:
        logger.error(
            "could not commit %d stored articles to %s: %s; the next run fetches them again", count, self.db_path, exc
        )
        if self.stats:
            self.stats.inc_value("news/errors/store_commit", count)
            self.stats.set_value("news/exit_code", EXIT_SOURCE_PROBLEM)

    def _undo_item(self, conn: sqlite3.Connection) -> None:
        """Take back the failed article's writes; if SQLite already rolled the
        whole transaction back (disk full, I/O error), the batch is lost."""
        try:
            conn.execute("ROLLBACK TO store_item")
            conn.execute("RELEASE store_item")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.rollback()
            pending, self.pending = self.pending, 0
            self._batch_lost(pending, exc)

    def commit_if_due(self) -> None:
        if self.pending and time.monotonic() - self.batch_started >= self.commit_seconds:
            self.commit()

    def process_item(self, item: Any) -> Any:
        conn = self.db.conn
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")  # the write lock now: no deadlock with a reader turned writer
            self.batch_started = time.monotonic()
        conn.execute("SAVEPOINT store_item")
        try:
            write_item(self.db, item, to_iso(utc_now()))
        except BaseException:
            self._undo_item(conn)
            raise
        conn.execute("RELEASE store_item")
        self.pending += 1
        if self.stats:
            self.stats.inc_value("news/stored")
        if self.pending >= self.commit_items:
            self.commit()
        else:
            self.commit_if_due()
        return item
