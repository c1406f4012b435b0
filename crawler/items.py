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
    (``doc``, ``removed``, ``sanitized``, ``decision``...) are never stored.
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

    # dedupe + store pipelines
    content_hash: str | None = None
    """SHA-256 of the normalized body."""
    decision: Any = field(default=None, repr=False)
    """What the dedupe step decided (:class:`crawler.storage.Decision`), written by the store step; not a column."""
    enrichment: Any = field(default=None, repr=False)
    """Places, events, casualties and actors (:class:`crawler.storage.records.EnrichmentRows`) from the
    enrich step, written by the store step with the article; not a column."""
    duplicate_of: int | None = None
    """Row id of the original of this article's story (set when stored), or None."""
    story_id: int | None = None
    """The story this article belongs to (set when stored)."""
