"""The one record extraction returns, and the one way it says "not stored".

:class:`Article` holds every field the crawler stores for a page, so the
evaluator, the crawl pipeline and any later consumer read the same record;
:class:`crawler.items.ArticleItem` extends it with what the spider hands in
and what dedupe/store add, instead of declaring the fields again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


class NotAnArticle(Exception):
    """The page is not stored; ``reason`` names why in one word (the crawl
    counts it as ``news/dropped/<reason>``): ``unparseable``, ``too_long``,
    ``too_deep`` or ``not_article``."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(kw_only=True)
class Article:
    """What extraction finds on one page: the stored fields, then working state."""

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

    # working state: never stored
    doc: Any = field(default=None, repr=False, compare=False)
    """The parsed page (lxml tree), never mutated: the spider's own parse when
    it hands one in, else extraction's; later steps read it (AMP marks)."""
    removed: list[tuple[str, str]] = field(default_factory=list, repr=False, compare=False)
    """(boilerplate rule, text) of every block removed as boilerplate."""
    sanitized: list[str] = field(default_factory=list, repr=False, compare=False)
    """The fields markup was removed from (a hostile page planted tags in them)."""


ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
STORED_FIELDS = tuple(f.name for f in fields(Article) if f.compare)
