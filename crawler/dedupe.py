"""Dedupe's rules: from an article and the store's read queries, a :class:`Decision`.

No SQL here (the reads are :class:`crawler.storage.Store` methods) and no
Scrapy (the pipeline, :mod:`pipelines.dedupe`, counts and drops). Decisions,
in order:

* same canonical URL, same content hash -> dropped as unchanged;
* same canonical URL fetched as an AMP rendition -> dropped (the AMP copy
  never overwrites the row of its canonical page);
* same canonical URL, new text -> an update of that row; the old text goes to
  ``revisions`` (unless the stored row was fetched from an AMP rendition: the
  canonical page replaces it without a revision, AMP text is not an edit);
* same content hash as a row of the same source under another URL -> dropped
  (one outlet, one copy);
* otherwise stored; rows with the same hash or a 3-word-shingle Jaccard
  similarity >= the threshold (MinHash LSH candidates, confirmed on their
  stored shingle fingerprints) join its story. In a story the earliest
  published row (publication time, else fetch time, then id) is the
  original: its ``duplicate_of`` is NULL and every other row points at it,
  re-pointed whenever an earlier version turns up.
"""

from __future__ import annotations

import difflib
from typing import Any, Protocol

from crawler.storage.records import Decision, Revision, StoredArticle
from crawler.text.arabic import normalize
from crawler.text.fingerprints import band_buckets, content_hash, fingerprint, similarity
from crawler.text.urls import canonicalize_url, is_amp_url

DEFAULT_THRESHOLD = 0.5
MAX_CANDIDATES = 50  # rows with the same content hash looked at
# LSH candidates whose fingerprint is compared, most shared buckets first: a
# real copy shares many buckets, so it is among the first; a bound keeps the
# cost per article flat on sites whose pages share boilerplate sentences
MAX_VERIFIED = 20


class StoredArticles(Protocol):
    """The read queries dedupe decides with (:class:`crawler.storage.Store` has them)."""

    def stored_article(self, canonical_url: str) -> StoredArticle | None: ...

    def same_text(self, digest: str, exclude: int | None, limit: int) -> list[tuple[int, str]]: ...

    def similar_candidates(
        self, buckets: tuple[int, ...], exclude: int | None, limit: int
    ) -> list[tuple[int, Any]]: ...


class Rejected(Exception):
    """The article is not stored; ``reason`` is the ``news/dropped/<reason>`` stat."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def is_amp_page(item: Any) -> bool:
    root = getattr(item, "doc", None)
    marked = root is not None and hasattr(root, "get") and (root.get("amp") is not None or root.get("⚡") is not None)
    return marked or is_amp_url(item.url)


def revision_of(previous: StoredArticle, body: str, new_hash: str | None) -> Revision | None:
    """The old text a re-fetch replaces, with a paragraph diff; None when the
    stored row came from an AMP rendition (its text is not an edit)."""
    if is_amp_url(previous.url):
        return None
    diff = "\n".join(
        difflib.unified_diff(previous.body.split("\n\n"), body.split("\n\n"), "old", "new", lineterm="", n=0)
    )
    return Revision(
        article_id=previous.id,
        old_seen_at=previous.updated_at or previous.fetched_at,
        old_hash=previous.content_hash,
        new_hash=new_hash,
        old_title=previous.title,
        old_body=previous.body,
        diff=diff,
    )


def similar_ids(
    stored: StoredArticles, hashes: Any, buckets: tuple[int, ...], threshold: float, exclude: int | None = None
) -> list[int]:
    """Ids of rows whose text is a near duplicate: LSH candidates (most shared
    buckets first) confirmed by the Jaccard similarity of their fingerprints."""
    candidates = stored.similar_candidates(buckets, exclude, MAX_VERIFIED)
    return sorted(i for i, other in candidates if similarity(hashes, other) >= threshold)


def unchecked(item: Any, matches: tuple[int, ...] = ()) -> Decision:
    """The decision for an article stored without the dedupe lookups (imports,
    fixtures): new, or in the story of ``matches``."""
    body_key = normalize(item.body or "")
    hashes = fingerprint(item.body or "", normalized=body_key)
    return Decision(body_key, hashes, tuple(band_buckets(hashes)), matches=tuple(matches))


def decide(item: Any, stored: StoredArticles, threshold: float) -> Decision:
    """The decision for ``item`` (see the module doc); raises :class:`Rejected`
    for an article that is not stored. Sets the item's ``canonical_url`` and
    ``content_hash``, which are stored with it."""
    item.canonical_url = canonicalize_url(item.canonical_url or item.url)
    body_key = normalize(item.body)  # once: hash, shingles and the search column use it
    item.content_hash = content_hash(item.body, normalized=body_key)
    own = stored.stored_article(item.canonical_url)
    if own is not None and own.content_hash == item.content_hash:
        raise Rejected("unchanged", f"{item.url}: already stored, unchanged")
    if own is not None and is_amp_page(item):
        raise Rejected("amp", f"{item.url}: AMP rendition of stored row {own.id}")
    own_id = own.id if own else None
    same_text = stored.same_text(item.content_hash, own_id, MAX_CANDIDATES)
    if own is None and any(source == item.source for _, source in same_text):
        raise Rejected("duplicate", f"{item.url}: same text as row {same_text[0][0]} of the same source")
    hashes = fingerprint(item.body or "", normalized=body_key)
    buckets = tuple(band_buckets(hashes))
    similar = similar_ids(stored, hashes, buckets, threshold, own_id) if buckets else []
    return Decision(
        body_key=body_key,
        fingerprint=hashes,
        buckets=buckets,
        replaces=own,
        revision=revision_of(own, item.body or "", item.content_hash) if own is not None else None,
        matches=tuple(sorted({i for i, _ in same_text} | set(similar))),
    )
