"""The values that cross the storage seam: what dedupe reads, decides and the store writes.

:class:`Decision` is computed by the dedupe step (:func:`crawler.dedupe.decide`)
from the store's read queries, travels on the item as its one ``decision``
field, and is written by the store step (:meth:`crawler.storage.Store.write_article`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class StoredArticle:
    """The stored row with an article's canonical URL: what a revision keeps of it."""

    id: int
    url: str
    content_hash: str
    source: str
    title: str | None
    body: str
    fetched_at: str
    updated_at: str | None


@dataclass(frozen=True)
class Revision:
    """The text a re-fetch replaces, kept in ``revisions`` (``revised_at``: when stored)."""

    article_id: int
    old_seen_at: str
    old_hash: str
    new_hash: str | None
    old_title: str | None
    old_body: str
    diff: str


@dataclass(frozen=True)
class Decision:
    """What dedupe decided about an article that is to be stored.

    * new: ``replaces`` is None and ``matches`` is empty: a story of its own;
    * revision of X: ``replaces`` is the stored row X (same canonical URL, new
      text); ``revision`` holds the old text to keep (None when X was an AMP
      rendition: its text is not an edit);
    * same story as X, Y...: ``matches`` are the ids of stored rows with the
      same or nearly the same text (the story is merged and its original,
      the earliest-published row, is pointed at by every other).
    """

    body_key: str
    """``normalize(body)``: the content hash, the shingles and the search column use it."""
    fingerprint: Any = field(repr=False)
    """Sorted 32-bit hashes of the body's shingles (numpy array), stored in ``fingerprints``."""
    buckets: tuple[int, ...] = field(repr=False)
    """MinHash LSH buckets of the fingerprint, stored in ``minhash_buckets``."""
    replaces: StoredArticle | None = None
    revision: Revision | None = None
    matches: tuple[int, ...] = ()

    @property
    def kind(self) -> str:
        if self.replaces is not None:
            return "revision"
        return "same story" if self.matches else "new"


@dataclass(frozen=True)
class Written:
    """Where the store put an article: its row, its story and its story's original."""

    article_id: int
    story_id: int
    duplicate_of: int | None
