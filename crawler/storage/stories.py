"""Dedupe's tables: MinHash signatures, LSH buckets, stories (``story_id``,
``duplicate_of``) and revisions -- the lookups dedupe decides with and the
writes that record its decision.

Every lookup is an index probe (canonical URL, content hash, LSH buckets,
signatures and bodies by id), so its cost does not grow with the table.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from crawler.storage.records import Decision, Revision, StoredArticle
from crawler.text.fingerprints import buckets_of, from_blob, to_blob

_OWN_COLUMNS = ("id", "url", "content_hash", "source", "title", "body", "fetched_at", "updated_at")
_FIND_OWN = f"SELECT {', '.join(_OWN_COLUMNS)} FROM articles WHERE canonical_url = ?"


def find_by_canonical_url(conn: sqlite3.Connection, canonical: str) -> StoredArticle | None:
    """The stored row with this canonical URL (the columns a revision needs)."""
    row = conn.execute(_FIND_OWN, [canonical]).fetchone()
    return StoredArticle(*row) if row else None


def find_same_text(conn: sqlite3.Connection, digest: str, exclude: int | None, limit: int) -> list[tuple[int, str]]:
    """(id, source) of at most ``limit`` rows with this content hash, oldest first."""
    rows = conn.execute(
        "SELECT id, source FROM articles WHERE content_hash = ? AND id IS NOT ? ORDER BY id LIMIT ?",
        [digest, exclude, limit],
    )
    return [(r[0], r[1]) for r in rows]


def similar_candidates(
    conn: sqlite3.Connection, buckets: tuple[int, ...] | list[int], exclude: int | None, limit: int
) -> list[tuple[int, Any]]:
    """(id, signature) of at most ``limit`` rows sharing LSH buckets, most shared first."""
    if not buckets:
        return []
    marks = ", ".join("?" for _ in buckets)
    rows = conn.execute(
        f"SELECT b.article_id, s.signature FROM (SELECT article_id, COUNT(*) AS shared FROM minhash_buckets "
        f"WHERE bucket IN ({marks}) AND article_id IS NOT ? GROUP BY article_id "
        "ORDER BY shared DESC, article_id LIMIT ?) AS b JOIN minhash_signatures s ON s.article_id = b.article_id",
        [*buckets, exclude, limit],
    ).fetchall()
    return [(article_id, from_blob(blob)) for article_id, blob in rows]


def stored_signature(conn: sqlite3.Connection, article_id: int) -> Any:
    row = conn.execute("SELECT signature FROM minhash_signatures WHERE article_id = ?", [article_id]).fetchone()
    return from_blob(row[0]) if row else None


def stored_bodies(conn: sqlite3.Connection, ids: list[int]) -> list[tuple[int, str]]:
    """(id, body) of these rows (a candidate near the threshold is compared on its text)."""
    marks = ", ".join("?" for _ in ids)
    return [(r[0], r[1]) for r in conn.execute(f"SELECT id, body FROM articles WHERE id IN ({marks})", ids)]


# --- writing (inside the store's transaction) ---------------------------------


def save_revision(conn: sqlite3.Connection, revision: Revision, revised_at: str) -> None:
    conn.execute(
        "INSERT INTO revisions (article_id, revised_at, old_seen_at, old_hash, new_hash, old_title, old_body, diff) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            revision.article_id,
            revised_at,
            revision.old_seen_at,
            revision.old_hash,
            revision.new_hash,
            revision.old_title,
            revision.old_body,
            revision.diff,
        ],
    )


def save_signature(
    conn: sqlite3.Connection, article_id: int, values: Any, buckets: tuple[int, ...], replaced: bool
) -> None:
    """Store the row's MinHash signature and LSH buckets; when the row's text
    was replaced, first remove the buckets of the old text (cut from its stored signature)."""
    if replaced:
        old = stored_signature(conn, article_id)
        if old is not None:
            conn.executemany(
                "DELETE FROM minhash_buckets WHERE bucket = ? AND article_id = ?",
                [(b, article_id) for b in buckets_of(old)],
            )
    conn.execute(
        "INSERT OR REPLACE INTO minhash_signatures (article_id, signature) VALUES (?, ?)",
        [article_id, to_blob(values)],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO minhash_buckets (bucket, article_id) VALUES (?, ?)",
        [(b, article_id) for b in buckets],
    )


def own_story(conn: sqlite3.Connection, article_id: int) -> tuple[int, None]:
    """A new row like no other: a story of its own, of which it is the original."""
    conn.execute("UPDATE articles SET story_id = id, duplicate_of = NULL WHERE id = ?", [article_id])
    return article_id, None


def link_story(conn: sqlite3.Connection, article_id: int, matches: tuple[int, ...]) -> tuple[int, int | None]:
    """Put the row in one story with its matches (merging their stories) and
    point every member at the story's earliest-published row.

    Returns (story_id, duplicate_of) of the row. The story id is the smallest
    id among the stories joined, so it never changes for the older story.
    """
    ids = [article_id, *matches]
    marks = ", ".join("?" for _ in ids)
    stories = {r[0] for r in conn.execute(f"SELECT story_id FROM articles WHERE id IN ({marks})", ids) if r[0]}
    story = min(stories) if stories else article_id
    others = sorted(stories - {story})
    conn.execute(
        f"UPDATE articles SET story_id = ? WHERE (id = ? OR story_id IN ({', '.join('?' for _ in others) or 'NULL'})) "
        "AND story_id IS NOT ?",
        [story, article_id, *others, story],
    )
    (original,) = conn.execute(
        "SELECT id FROM articles WHERE story_id = ? "
        "ORDER BY COALESCE(julianday(published_at), julianday(fetched_at)), id LIMIT 1",
        [story],
    ).fetchone()
    conn.execute(
        "UPDATE articles SET duplicate_of = NULLIF(?, id) WHERE story_id = ? AND duplicate_of IS NOT NULLIF(?, id)",
        [original, story, original],
    )
    return story, (None if original == article_id else original)


def record(conn: sqlite3.Connection, article_id: int, decision: Decision, now: str) -> tuple[int, int | None]:
    """Everything dedupe keeps for a stored row: revision, signature and
    buckets, story. Returns the row's (story_id, duplicate_of)."""
    if decision.revision is not None:
        save_revision(conn, decision.revision, now)
    replaced = decision.replaces is not None
    save_signature(conn, article_id, decision.signature, decision.buckets, replaced)
    if not replaced and not decision.matches:
        return own_story(conn, article_id)
    return link_story(conn, article_id, decision.matches)
