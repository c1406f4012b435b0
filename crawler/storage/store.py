"""The :class:`Store`: the one connection a crawl's dedupe and store steps share.

The store step commits in batches; dedupe must see the rows stored since the
last commit, so both steps use the same connection. The crawl holds one Store
(:meth:`Store.of_crawler`, kept on the crawler object), created once and
handed to each pipeline by its ``from_crawler``; the first ``open`` connects,
the last ``close`` disconnects (anything not committed by then is rolled back,
never half-written).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from crawler.storage import articles, captures, enrichment, stories
from crawler.storage.connection import connect
from crawler.storage.records import Decision, StoredArticle, Written
from crawler.text.dates import to_iso, utc_now

CRAWLER_ATTRIBUTE = "news_store"


class BatchLost(RuntimeError):
    """SQLite refused to commit (disk full, I/O error); the batch was rolled back whole."""


class Store:
    """Reads for dedupe, batched writes for the store step, on one connection to ``path``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.conn: Any = None  # sqlite3.Connection while open
        self.users = 0

    @classmethod
    def of_crawler(cls, crawler: Any) -> Store:
        """The crawl's Store (setting ``NEWS_DB``), made on first use and kept on the crawler."""
        store = getattr(crawler, CRAWLER_ATTRIBUTE, None)
        if store is None:
            store = cls(crawler.settings.get("NEWS_DB"))
            setattr(crawler, CRAWLER_ATTRIBUTE, store)
        return store

    def open(self) -> None:
        """Connect (and migrate) for the first user; later users share the connection."""
        if self.conn is None:
            self.conn = connect(self.path).conn
        self.users += 1

    def close(self) -> None:
        """Give back what :meth:`open` gave; the last user disconnects."""
        self.users = max(self.users - 1, 0)
        if self.users == 0 and self.conn is not None:
            self.conn.close()
            self.conn = None

    # --- dedupe's reads -----------------------------------------------------

    def stored_article(self, canonical_url: str) -> StoredArticle | None:
        return stories.find_by_canonical_url(self.conn, canonical_url)

    def same_text(self, digest: str, exclude: int | None, limit: int) -> list[tuple[int, str]]:
        return stories.find_same_text(self.conn, digest, exclude, limit)

    def similar_candidates(self, buckets: tuple[int, ...], exclude: int | None, limit: int) -> list[tuple[int, Any]]:
        return stories.similar_candidates(self.conn, buckets, exclude, limit)

    def stored_bodies(self, ids: list[int]) -> list[tuple[int, str]]:
        return stories.stored_bodies(self.conn, ids)

    # --- the store step's writes --------------------------------------------

    @property
    def in_batch(self) -> bool:
        """A batch is open (begun, not yet committed or lost)."""
        return self.conn is not None and self.conn.in_transaction

    def begin_batch(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")  # the write lock now: no deadlock with a reader turned writer

    def commit(self) -> None:
        """Commit the open batch; if SQLite refuses, roll it back whole and raise :class:`BatchLost`."""
        if not self.in_batch:
            return
        try:
            self.conn.commit()
        except sqlite3.Error as exc:
            self.conn.rollback()
            raise BatchLost(str(exc)) from exc

    def write_article(self, item: Any, decision: Decision, now: str) -> Written:
        """Write the article and what dedupe decided (no commit), all or nothing:
        a failure takes back this article's writes (if SQLite already ended the
        transaction, the whole batch is gone: :attr:`in_batch` is then False)."""
        conn = self.conn
        conn.execute("SAVEPOINT store_item")
        try:
            replaced_capture = captures.current(conn, decision.revision.article_id) if decision.revision else None
            article_id = articles.upsert(conn, articles.to_row(item), now, decision.body_key)
            story_id, duplicate_of = stories.record(conn, article_id, decision, now)
            if getattr(item, "enrichment", None) is not None:  # the enrich step ran: same savepoint
                enrichment.write(conn, article_id, item.enrichment, now)
            capture = getattr(item, "capture", None)
            if capture is not None:
                captures.link(conn, captures.save(conn, capture, item.url, item.source, item.fetched_at), article_id)
            if decision.revision is not None:
                captures.link_revision(conn, article_id, replaced_capture)
        except BaseException:
            self._undo_article()
            raise
        conn.execute("RELEASE store_item")
        return Written(article_id, story_id, duplicate_of)

    def _undo_article(self) -> None:
        try:
            self.conn.execute("ROLLBACK TO store_item")
            self.conn.execute("RELEASE store_item")
        except sqlite3.Error:
            if self.conn.in_transaction:
                self.conn.rollback()

    def store(self, item: Any, decision: Decision, now: str | None = None) -> Written:
        """Write one article in a transaction of its own (imports, fixtures)."""
        self.begin_batch()
        try:
            written = self.write_article(item, decision, now or to_iso(utc_now()))
        except BaseException:
            if self.in_batch:
                self.conn.rollback()
            raise
        self.commit()
        return written
