"""Dedupe pipeline: one row per article, stories across outlets, revisions.

The pipeline only reads; the store pipeline writes the row and then calls
:func:`record` in the same transaction. All state lives in the database, so a
restarted crawl (or a second process) sees every earlier fingerprint, and each
lookup is an index probe (canonical URL, content hash, 32 LSH buckets, then
the stored fingerprints of at most ``MAX_VERIFIED`` candidates by id): its
cost does not grow with the table.

Decisions, in order:

* same canonical URL, same content hash -> dropped as unchanged;
* same canonical URL fetched as an AMP rendition -> dropped (the AMP copy
  never overwrites the row of its canonical page);
* same canonical URL, new text -> an update of that row; the old text goes to
  ``revisions`` (unless the stored row was fetched from an AMP rendition: the
  canonical page replaces it without a revision, AMP text is not an edit);
* same content hash as a row of the same source under another URL -> dropped
  (one outlet, one copy);
* otherwise stored; rows with the same hash or a 3-word-shingle Jaccard
  similarity >= ``NEWS_NEAR_DUPLICATE_THRESHOLD`` (MinHash LSH candidates,
  confirmed on their stored shingle fingerprints) join their story. In a
  story the earliest published row (publication time, else fetch time, then
  id) is the original: its ``duplicate_of`` is NULL and every other row
  points at it, re-pointed whenever an earlier version turns up.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np
from scrapy.exceptions import DropItem

from crawler import db as dbmod
from crawler.text.arabic import normalize
from crawler.text.fingerprints import band_buckets, content_hash, fingerprint, from_blob, similarity, to_blob
from crawler.text.urls import canonicalize_url, is_amp_url

__all__ = ["DedupePipeline", "canonicalize_url", "content_hash", "find_similar", "record"]

DEFAULT_THRESHOLD = 0.5
MAX_CANDIDATES = 50  # rows with the same content hash looked at
# LSH candidates whose fingerprint is compared, most shared buckets first: a
# real copy shares many buckets, so it is among the first; a bound keeps the
# cost per article flat on sites whose pages share boilerplate sentences
MAX_VERIFIED = 20
_OWN_COLUMNS = ("id", "url", "content_hash", "source", "title", "body", "fetched_at", "updated_at")


def find_own(db: Any, canonical: str) -> dict[str, Any] | None:
    """The stored row with this canonical URL (the columns a revision needs)."""
    row = db.execute(f"SELECT {', '.join(_OWN_COLUMNS)} FROM articles WHERE canonical_url = ?", [canonical]).fetchone()
    return dict(zip(_OWN_COLUMNS, row, strict=True)) if row else None


def find_same_text(db: Any, digest: str, exclude: int | None) -> list[tuple[int, str]]:
    """(id, source) of rows with this content hash."""
    rows = db.execute(
        "SELECT id, source FROM articles WHERE content_hash = ? AND id IS NOT ? ORDER BY id LIMIT ?",
        [digest, exclude, MAX_CANDIDATES],
    )
    return [(r[0], r[1]) for r in rows]


def stored_fingerprint(db: Any, article_id: int) -> np.ndarray | None:
    row = db.execute("SELECT hashes FROM fingerprints WHERE article_id = ?", [article_id]).fetchone()
    return from_blob(row[0]) if row else None


def find_similar(
    db: Any, hashes: np.ndarray, buckets: list[int], threshold: float, exclude: int | None = None
) -> list[int]:
    """Ids of rows whose text is a near duplicate: LSH candidates (most shared
    buckets first) confirmed by the Jaccard similarity of their fingerprints."""
    if not buckets:
        return []
    marks = ", ".join("?" for _ in buckets)
    candidates = db.execute(
        f"SELECT b.article_id, f.hashes FROM (SELECT article_id, COUNT(*) AS shared FROM minhash_buckets "
        f"WHERE bucket IN ({marks}) AND article_id IS NOT ? GROUP BY article_id "
        "ORDER BY shared DESC, article_id LIMIT ?) AS b JOIN fingerprints f ON f.article_id = b.article_id",
        [*buckets, exclude, MAX_VERIFIED],
    ).fetchall()
    return sorted(i for i, blob in candidates if similarity(hashes, from_blob(blob)) >= threshold)


def set_fingerprint(item: Any) -> None:
    """The item's body fingerprint and its LSH buckets."""
    item.fingerprint = fingerprint(item.body or "", normalized=item.body_key)
    item.buckets = band_buckets(item.fingerprint)


def is_amp_page(item: Any) -> bool:
    root = item.doc
    marked = root is not None and hasattr(root, "get") and (root.get("amp") is not None or root.get("⚡") is not None)
    return marked or is_amp_url(item.url)


# --- writing (called by the store pipeline inside its transaction) -----------


def save_revision(db: Any, previous: dict[str, Any], item: Any, revised_at: str) -> None:
    """Keep the text a re-fetch replaces: old hash, title and body, and a diff."""
    diff = "\n".join(
        difflib.unified_diff(
            previous["body"].split("\n\n"), (item.body or "").split("\n\n"), "old", "new", lineterm="", n=0
        )
    )
    db.execute(
        "INSERT INTO revisions (article_id, revised_at, old_seen_at, old_hash, new_hash, old_title, old_body, diff) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            previous["id"],
            revised_at,
            previous["updated_at"] or previous["fetched_at"],
            previous["content_hash"],
            item.content_hash,
            previous["title"],
            previous["body"],
            diff,
        ],
    )


def save_fingerprint(db: Any, article_id: int, hashes: np.ndarray, buckets: list[int], revised: bool) -> None:
    """Store the row's fingerprint and LSH buckets; on a revision, first
    remove the buckets of the old text (computed from its stored fingerprint)."""
    if revised:
        old = stored_fingerprint(db, article_id)
        if old is not None:
            db.conn.executemany(
                "DELETE FROM minhash_buckets WHERE bucket = ? AND article_id = ?",
                [(b, article_id) for b in band_buckets(old)],
            )
    db.execute("INSERT OR REPLACE INTO fingerprints (article_id, hashes) VALUES (?, ?)", [article_id, to_blob(hashes)])
    db.conn.executemany(
        "INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES (?, ?)",
        [(b, article_id) for b in buckets],
    )


def link_story(db: Any, article_id: int, matches: list[int]) -> tuple[int, int | None]:
    """Put the row in one story with its matches (merging their stories) and
    point every member at the story's earliest-published row.

    Returns (story_id, duplicate_of) of the row. The story id is the smallest
    id among the stories joined, so it never changes for the older story.
    """
    ids = [article_id, *matches]
    marks = ", ".join("?" for _ in ids)
    stories = {r[0] for r in db.execute(f"SELECT story_id FROM articles WHERE id IN ({marks})", ids) if r[0]}
    story = min(stories) if stories else article_id
    others = sorted(stories - {story})
    db.execute(
        f"UPDATE articles SET story_id = ? WHERE (id = ? OR story_id IN ({', '.join('?' for _ in others) or 'NULL'})) "
        "AND story_id IS NOT ?",
        [story, article_id, *others, story],
    )
    (original,) = db.execute(
        "SELECT id FROM articles WHERE story_id = ? "
        "ORDER BY COALESCE(julianday(published_at), julianday(fetched_at)), id LIMIT 1",
        [story],
    ).fetchone()
    db.execute(
        "UPDATE articles SET duplicate_of = NULLIF(?, id) WHERE story_id = ? AND duplicate_of IS NOT NULLIF(?, id)",
        [original, story, original],
    )
    return story, (None if original == article_id else original)


def record(db: Any, article_id: int, item: Any, now: str) -> None:
    """Everything dedupe keeps for a stored row: revision, buckets, story."""
    previous = item.previous
    if previous is not None and not is_amp_url(previous["url"]):
        save_revision(db, previous, item, now)
    if item.fingerprint is None:  # stored without passing the dedupe step (imports, fixtures)
        set_fingerprint(item)
    save_fingerprint(db, article_id, item.fingerprint, item.buckets, revised=previous is not None)
    if previous is None and not item.near_duplicates:  # a new row like no other: a story of its own
        db.execute("UPDATE articles SET story_id = id, duplicate_of = NULL WHERE id = ?", [article_id])
        item.story_id, item.duplicate_of = article_id, None
    else:
        item.story_id, item.duplicate_of = link_story(db, article_id, item.near_duplicates)


# --- the pipeline -------------------------------------------------------------


class DedupePipeline:
    """Drops articles already stored and finds the story of the others (see
    module doc). Settings: ``NEWS_DB``, ``NEWS_NEAR_DUPLICATE_THRESHOLD``."""

    def __init__(self, db_path: str, threshold: float = DEFAULT_THRESHOLD, stats: Any = None) -> None:
        if not 0 < threshold <= 1:
            raise ValueError(f"NEWS_NEAR_DUPLICATE_THRESHOLD must be in (0, 1], got {threshold}")
        self.db_path = db_path
        self.threshold = threshold
        self.stats = stats
        self.db: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        settings = crawler.settings
        return cls(
            settings.get("NEWS_DB"),
            settings.getfloat("NEWS_NEAR_DUPLICATE_THRESHOLD", DEFAULT_THRESHOLD),
            crawler.stats,
        )

    def open_spider(self) -> None:
        self.db = dbmod.open_shared(self.db_path)  # the store step's connection: sees its uncommitted rows

    def close_spider(self) -> None:
        if self.db is not None:
            dbmod.close_shared(self.db)
            self.db = None

    def _count(self, key: str) -> None:
        if self.stats:
            self.stats.inc_value(key)

    def _drop(self, reason: str, message: str) -> None:
        self._count(f"news/dropped/{reason}")
        raise DropItem(message)

    def process_item(self, item: Any) -> Any:
        item.canonical_url = canonicalize_url(item.canonical_url or item.url)
        item.body_key = normalize(item.body)  # once: hash, shingles and the search column use it
        item.content_hash = content_hash(item.body, normalized=item.body_key)
        own = find_own(self.db, item.canonical_url)
        if own is not None and own["content_hash"] == item.content_hash:
            self._drop("unchanged", f"{item.url}: already stored, unchanged")
        if own is not None and is_amp_page(item):
            self._drop("amp", f"{item.url}: AMP rendition of stored row {own['id']}")
        own_id = own["id"] if own else None
        same_text = find_same_text(self.db, item.content_hash, own_id)
        if own is None and any(source == item.source for _, source in same_text):
            self._drop("duplicate", f"{item.url}: same text as row {same_text[0][0]} of the same source")
        set_fingerprint(item)
        similar = find_similar(self.db, item.fingerprint, item.buckets, self.threshold, own_id)
        item.near_duplicates = sorted({i for i, _ in same_text} | set(similar))
        item.previous = own
        if own is not None:
            self._count("news/revisions")
        if item.near_duplicates:
            self._count("news/duplicates")
        return item
