"""Dedupe pipeline: one row per article, by canonical URL and content hash.

All state lives in the database, so a restarted crawl (or a second process)
sees every earlier fingerprint:

* same canonical URL, same content hash -> dropped as unchanged;
* same canonical URL, new text -> passed on as an update of that row;
* same content hash from the same source under another URL -> dropped;
* same content hash from another source -> stored, ``duplicate_of`` the
  earliest-published row holding that text.
"""

from __future__ import annotations

import hashlib
from typing import Any

from scrapy.exceptions import DropItem

from crawler import db as dbmod
from crawler.arabic import normalize
from crawler.urls import canonicalize_url


def content_hash(body: str) -> str:
    """SHA-256 of the normalized body: spacing, diacritics, letter forms and
    punctuation do not change it."""
    return hashlib.sha256(normalize(body).encode("utf-8")).hexdigest()


def find_duplicate(db: Any, canonical: str, digest: str) -> dict[str, Any]:
    """Look the article up: its own row (by URL) and the original (by hash)."""
    own = db.execute("SELECT id, content_hash, source FROM articles WHERE canonical_url = ?", [canonical]).fetchone()
    original = db.execute(
        "SELECT id, source FROM articles WHERE content_hash = ? AND canonical_url != ? "
        "ORDER BY duplicate_of IS NOT NULL, COALESCE(published_at, fetched_at), id LIMIT 1",
        [digest, canonical],
    ).fetchone()
    return {
        "own_id": own[0] if own else None,
        "own_hash": own[1] if own else None,
        "original_id": original[0] if original else None,
        "original_source": original[1] if original else None,
    }


class DedupePipeline:
    """Drops articles already stored (see module doc). Setting: ``NEWS_DB``."""

    def __init__(self, db_path: str, stats: Any = None) -> None:
        self.db_path = db_path
        self.stats = stats
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler.settings.get("NEWS_DB"), crawler.stats)

    def open_spider(self) -> None:
        self.db = dbmod.connect(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.conn.close()

    def _drop(self, reason: str, message: str) -> None:
        if self.stats:
            self.stats.inc_value(f"news/dropped/{reason}")
        raise DropItem(message)

    def process_item(self, item: Any) -> Any:
        item.canonical_url = canonicalize_url(item.canonical_url or item.url)
        item.content_hash = content_hash(item.body)
        found = find_duplicate(self.db, item.canonical_url, item.content_hash)
        if found["own_id"] is not None and found["own_hash"] == item.content_hash:
            self._drop("unchanged", f"{item.url}: already stored, unchanged")
        if found["original_id"] is not None:
            if found["original_source"] == item.source and found["own_id"] is None:
                self._drop("duplicate", f"{item.url}: same text as row {found['original_id']}")
            item.duplicate_of = found["original_id"]
            if self.stats:
                self.stats.inc_value("news/duplicates")
        return item
