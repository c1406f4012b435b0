"""Which fetched pages are articles: ``og:type``, JSON-LD types, the URL, and
enough long paragraphs (not a page of article cards). Only articles are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler.discovery.links import non_article_url, url_looks_like_article
from crawler.sources import Source

ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*\[?\s*"(?:[A-Za-z]*Article|BlogPosting)"', re.I)
NON_ARTICLE_TYPES = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:VideoObject|CollectionPage|ProfilePage|AboutPage|ContactPage|SearchResultsPage|Person)"',
    re.I,
)
MIN_ARTICLE_TEXT = 400
MIN_DATED_ARTICLE_TEXT = 200
MIN_LISTING_CARDS = 4


@dataclass(frozen=True)
class PageSignals:
    """What the spider reads from a fetched page to decide if it is an article."""

    url: str
    og_type: str | None = None
    jsonld: str = ""
    paragraphs: tuple[str, ...] = ()
    has_date: bool = False
    linked_headings: int = 0  # <h2>/<h3> holding a link: article cards of a listing


def is_article(page: PageSignals, source: Source) -> bool:
    """Only article pages are stored: not the home page, about, video, tag,
    author or listing pages. A source's ``article_pattern`` is a whitelist."""
    if source.article_pattern and re.search(source.article_pattern, page.url) is None:
        return False
    if not source.article_pattern and non_article_url(page.url):
        return False
    og = (page.og_type or "").strip().lower()
    if og == "article" or ARTICLE_TYPES.search(page.jsonld):
        return True
    if NON_ARTICLE_TYPES.search(page.jsonld) or og not in {"", "website"}:  # video.other, profile...
        return False
    if source.article_pattern:
        return True
    if og == "website":  # some sites say "website" on every page: the URL must look like an article too
        return url_looks_like_article(page.url, source) and reads_like_article(page)
    return reads_like_article(page)


def reads_like_article(page: PageSignals) -> bool:
    """Enough long paragraphs (fewer when the page gives a date), and not a
    page of article cards."""
    if page.linked_headings >= MIN_LISTING_CARDS:
        return False
    text = sum(len(p.strip()) for p in page.paragraphs if len(p.strip()) >= 80)
    return text >= MIN_ARTICLE_TEXT or (page.has_date and text >= MIN_DATED_ARTICLE_TEXT)
