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
    signature: Any = field(repr=False)
    """MinHash signature of the body's shingles (numpy array), stored in ``minhash_signatures``."""
    buckets: tuple[int, ...] = field(repr=False)
    """MinHash LSH buckets cut from the signature, stored in ``minhash_buckets``."""
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


@dataclass(frozen=True, slots=True)
class PlaceRow:
    """One gazetteer place as the ``places`` table stores it."""

    id: int
    name_ar: str
    name_en: str
    kind: str
    governorate: str | None
    latitude: float | None
    longitude: float | None
    source: str
    source_id: str


@dataclass(frozen=True, slots=True)
class CasualtyRow:
    """The article's casualty figures: a number, or None with ``*_stated`` when given without one."""

    killed: int | None
    killed_at_least: bool
    killed_stated: bool
    injured: int | None
    injured_at_least: bool
    injured_stated: bool
    text: str
    place_id: int | None


@dataclass(frozen=True)
class EnrichmentRows:
    """What enrichment decided for one article, as rows (:mod:`crawler.storage.enrichment`)."""

    version: str
    places: tuple[PlaceRow, ...] = ()
    article_places: tuple[tuple[int, int, bool, bool], ...] = ()  # (place_id, mentions, in_title, is_primary)
    events: tuple[str, ...] = ()
    services: str | None = None  # comma-separated, for services_crisis
    casualties: CasualtyRow | None = None
    actors: tuple[tuple[str, str], ...] = ()  # (code, name)
