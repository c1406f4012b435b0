"""Store pipeline: write articles to SQLite (``NEWS_DB``), one transaction each.

Rows are upserted by canonical URL, so a re-fetched article with new text
updates its row instead of adding one. In the same transaction the dedupe
records are written (:func:`pipelines.dedupe.record`: the old text in
``revisions``, the LSH buckets, the story and ``duplicate_of``). The full-text
index is kept in sync by triggers on a normalized, clitic-stripped
``search_text`` column.
"""

from __future__ import annotations

import json
from typing import Any

from crawler import db as dbmod
from crawler.arabic import clean_text, clitic_key, search_key, to_iso, utc_now
from pipelines.dedupe import record

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


def store_item(db: Any, item: Any, now: str | None = None) -> int:
    """Write the article and its dedupe records in one transaction; returns its id."""
    now = now or to_iso(utc_now())
    with db.conn:
        article_id = store_row(db, to_row(item), now)
        record(db, article_id, item, now)
    return article_id


class StorePipeline:
    """Writes each article in its own short transaction. Setting: ``NEWS_DB``."""

    def __init__(self, db_path: str, stats: Any = None) -> None:
        self.db_path = db_path
        self.stats = stats
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler.settings.get("NEWS_DB"), crawler.stats)

    def open_spider(self) -> None:
        self.db = dbmod.connect(self.db_path)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.conn.close()

    def process_item(self, item: Any) -> Any:
        store_item(self.db, item)
        if self.stats:
            self.stats.inc_value("news/stored")
        return item
