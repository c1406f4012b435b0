"""The article item: what the spider fetched and what the pipelines add."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """One fetched page on its way through the pipelines.

    The spider fills the first group; each pipeline fills its own fields.
    Fields starting with ``doc``/``blocks`` are working state and not stored.
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
    """The page bytes as received; the clean pipeline decodes them (see ``decode_html``)."""
    content_type: str | None = None
    """The HTTP ``Content-Type`` header (its ``charset`` is a hint, not the truth)."""

    capture: Any = field(default=None, repr=False)
    """Where the page is archived (:class:`crawler.archive.writer.Capture`), or None with no archive."""

    # clean pipeline
    override: Any = field(default=None, repr=False)
    """The source's extraction override (``seeds/overrides.toml``), if any; never stored."""
    doc: Any = field(default=None, repr=False)
    """The parsed page (lxml tree): the spider's own parse when it has one, else
    the clean pipeline's; shared by later pipelines, never mutated, never stored."""
    blocks: list[Any] = field(default_factory=list, repr=False)
    """Text blocks of the page in reading order; never stored."""

    # boilerplate + metadata pipelines
    title: str | None = None
    """Headline without the site-name suffix."""
    subtitle: str | None = None
    """Secondary headline (strapline), if the page has one."""
    body: str | None = None
    """Plain text, paragraphs separated by one blank line."""
    body_html: str | None = None
    """The kept body as sanitized HTML (paragraphs, links, emphasis), or None."""
    section: str | None = None
    """The article's section, e.g. "من سوريا"."""
    tags: list[str] = field(default_factory=list)
    """Keywords/tags the page gives."""
    author: str | None = None
    """Byline without "كتب:"/"بقلم" and never the outlet's name."""
    published_at: str | None = None
    """Publication time, ISO 8601 with UTC offset, or None when unknown."""
    published_raw: str | None = None
    """The date text as found on the page (attribute value or visible text)."""
    language: str | None = None
    """ISO 639-1 code of the body's language (``ar`` for Arabic)."""
    canonical_url: str | None = None
    """The page's canonical URL (``<link rel=canonical>`` or the normalized fetch URL)."""

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
