"""The article item: the page the spider fetched, the Article extracted from it,
and what dedupe and store add.

The stored article fields are declared once, on
:class:`crawler.extraction.Article`; the item extends it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from crawler.extraction import Article


@dataclass
class ArticleItem(Article):
    """One fetched page on its way through the pipelines.

    The spider fills the first group; the extract pipeline fills the
    :class:`~crawler.extraction.Article` fields (and ``doc`` when the spider
    had no usable parse); dedupe and store fill the rest. Working-state fields
    (``doc``, ``removed``, ``sanitized``, ``body_key``...) are never stored.
    """

    url: str
    """The URL the page was fetched from (after redirects)."""
    source: str
    """The ``name`` of the source in ``seeds/sources.toml`` (or the host for ``-a url=``)."""
    html: str = field(repr=False)
    """The decoded page HTML."""
    fetched_at: str
    """When the page was fetched, ISO 8601 with offset (UTC)."""
    raw: bytes | None = field(default=None, repr=False)
    """The page bytes as received; extraction decodes them (``crawler.extraction.page.decode_html``)."""
    content_type: str | None = None
    """The HTTP ``Content-Type`` header (its ``charset`` is a hint, not the truth)."""

    capture: Any = field(default=None, repr=False)
    """Where the page is archived (:class:`crawler.archive.writer.Capture`), or None with no archive."""

    # dedupe pipeline
    body_key: str | None = field(default=None, repr=False)
    """``normalize(body)``, computed once by the dedupe step; working state, not stored."""
    content_hash: str | None = None
    """SHA-256 of the normalized body."""
    duplicate_of: int | None = None
    """Row id of the original of this article's story (set when stored), or None."""
    story_id: int | None = None
    """The story this article belongs to (set when stored)."""
    near_duplicates: list[int] = field(default_factory=list)
    """Row ids of stored articles with the same or nearly the same text."""
    fingerprint: Any = field(default=None, repr=False)
    """Sorted 32-bit hashes of the body's shingles; working state, stored in ``fingerprints``."""
    buckets: list[int] = field(default_factory=list, repr=False)
    """MinHash LSH buckets of the body; working state, stored in ``minhash_buckets``."""
    previous: dict[str, Any] | None = field(default=None, repr=False)
    """The stored row this fetch revises (same canonical URL, other text), or None."""
