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
  similarity >= the threshold join its story: MinHash LSH candidates whose
  stored signatures say clearly alike or clearly not are decided on them;
  the few near the threshold on the exact similarity of the two texts'
  shingles (the candidate's body is read and fingerprinted again). In a story the earliest
  published row (publication time, else fetch time, then id) is the
  original: its ``duplicate_of`` is NULL and every other row points at it,
  re-pointed whenever an earlier version turns up.
"""

from __future__ import annotations

import difflib
from typing import Any, Protocol

from crawler.storage.records import Decision, Revision, StoredArticle
from crawler.text.arabic import normalize
from crawler.text.fingerprints import buckets_of, content_hash, estimated_similarity, fingerprint, signature, similarity
from crawler.text.urls import canonicalize_url, is_amp_url

DEFAULT_THRESHOLD = 0.5
MAX_CANDIDATES = 50  # rows with the same content hash looked at
# LSH candidates whose signature is compared, most shared buckets first: a
# real copy shares many buckets, so it is among the first; a bound keeps the
# cost per article flat on sites whose pages share boilerplate sentences
MAX_VERIFIED = 20
# A signature's estimate this far from the threshold decides on its own: for
# a pair exactly at a threshold of 0.5 it is on the wrong side with a
# probability of 2.5e-6 (a binomial tail of 128 draws), next to the 13 % of
# such pairs LSH never offers as candidates. Closer, the candidate's text is
# read and the exact similarity decides. (0.25: 2e-9, but a tenth of the
# unrelated candidates of a site whose pages share a fifth of their
# sentences is read; 0.2: one in 300.)
ESTIMATE_MARGIN = 0.2


class StoredArticles(Protocol):
    """The read queries dedupe decides with (:class:`crawler.storage.Store` has them)."""

    def stored_article(self, canonical_url: str) -> StoredArticle | None: ...

    def same_text(self, digest: str, exclude: int | None, limit: int) -> list[tuple[int, str]]: ...

    def similar_candidates(
        self, buckets: tuple[int, ...], exclude: int | None, limit: int
    ) -> list[tuple[int, Any]]: ...

    def stored_bodies(self, ids: list[int]) -> list[tuple[int, str]]: ...


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
    stored: StoredArticles,
    hashes: Any,
    values: Any,
    buckets: tuple[int, ...],
    threshold: float,
    exclude: int | None = None,
) -> list[int]:
    """Ids of rows whose text is a near duplicate (Jaccard similarity of the
    shingles >= ``threshold``): LSH candidates of the ``buckets`` cut from the
    signature ``values``, most shared buckets first, decided on the estimate
    when it is clear and on the exact similarity to the fingerprint
    ``hashes`` when it is not."""
    candidates = stored.similar_candidates(buckets, exclude, MAX_VERIFIED)
    alike, unsure = [], []
    for article_id, other in candidates:
        estimate = estimated_similarity(values, other)
        if estimate >= threshold + ESTIMATE_MARGIN:
            alike.append(article_id)
        elif estimate >= threshold - ESTIMATE_MARGIN:
            unsure.append(article_id)
    if unsure:
        texts = stored.stored_bodies(unsure)
        alike += [i for i, body in texts if similarity(hashes, fingerprint(body or "")) >= threshold]
    return sorted(alike)


def unchecked(item: Any, matches: tuple[int, ...] = ()) -> Decision:
    """The decision for an article stored without the dedupe lookups (imports,
    fixtures): new, or in the story of ``matches``."""
    body_key = normalize(item.body or "")
    values = signature(fingerprint(item.body or "", normalized=body_key))
    return Decision(body_key, values, tuple(buckets_of(values)), matches=tuple(matches))


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
    values = signature(hashes)
    buckets = tuple(buckets_of(values))
    similar = similar_ids(stored, hashes, values, buckets, threshold, own_id) if buckets else []
    return Decision(
        body_key=body_key,
        signature=values,
        buckets=buckets,
        replaces=own,
        revision=revision_of(own, item.body or "", item.content_hash) if own is not None else None,
        matches=tuple(sorted({i for i, _ in same_text} | set(similar))),
    )
