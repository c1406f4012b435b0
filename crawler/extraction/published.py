"""Publication date: declared dates first, then a visible date next to the article.

Structured data wins (JSON-LD ``datePublished``, ``article:published_time``
and friends, ``<time datetime>``, ``itemprop=datePublished``); visible text
inside the article, the main content or the headline's box is the fallback.
A date that cannot be read with confidence stays None: never the site
header's "today", never the modified date, never a future date. Reading a
date is :mod:`crawler.text.dates`; choosing which one is this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from crawler.text.arabic import clean_text, normalize
from crawler.text.dates import DEFAULT_TZ, parse_date, to_iso

PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
DATE_CLASS = re.compile(r"date|time|publish|posted|created", re.I)
_PAGE_LEVEL = frozenset({"html", "body", "form", "main"})


def read_date(raw: str, now: datetime, tz: str) -> tuple[str, str] | None:
    parsed = parse_date(raw, now=now, tz=tz)
    if parsed is None or parsed > now:
        return None
    return to_iso(parsed), clean_text(raw)


def pick_published(
    tree: Any,
    jsonld: dict,
    meta: dict[str, str],
    main: Any,
    now: datetime,
    tz: str = DEFAULT_TZ,
    title: str | None = None,
) -> tuple[str | None, str | None]:
    """(published_at ISO with offset, raw text) or (None, None).

    ``title`` locates the headline's box, where a visible date often sits.
    """
    candidates: list[str] = []
    if isinstance(jsonld.get("datePublished"), str):
        candidates.append(jsonld["datePublished"])
    candidates += [meta[key.lower()] for key in PUBLISHED_META if key.lower() in meta]
    scope = main if main is not None else tree
    for node in (scope, tree):
        candidates += [t.get("datetime") for t in node.iter("time") if t.get("datetime")]
        candidates += [e.get("content") or e.text_content() for e in node.xpath(".//*[@itemprop='datePublished']")]
    for raw in candidates:
        found = read_date(raw, now, tz)
        if found:
            return found
    for raw in _visible_dates(tree, main, title):
        found = read_date(raw, now, tz)
        if found:
            return found
    return None, None


def _headline_box(tree: Any, title: str | None) -> Any:
    """The parent of the ``<h1>`` that holds the headline (not a logo's <h1>)."""
    key = normalize(title) if title else None
    for h1 in tree.iter("h1"):
        if key and normalize(h1.text_content()) == key:
            parent = h1.getparent()
            return None if parent is None or parent.tag in _PAGE_LEVEL else parent
    return None


def _visible_dates(tree: Any, main: Any, title: str | None = None) -> Iterator[str]:
    """Texts of date-looking elements, those inside the article first."""
    article = next(iter(tree.iter("article")), None)
    heading = _headline_box(tree, title)  # the headline's box: date, byline
    around = main.getparent() if main is not None else None  # the article's box, unless it is the page
    if around is not None and around.tag in _PAGE_LEVEL:
        around = main
    scopes = [s for s in (article, around, heading) if s is not None]
    for scope in scopes:
        for element in scope.iter():
            if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
                continue
            marks = f"{element.get('class', '')} {element.get('id', '')}"
            if DATE_CLASS.search(marks) or element.tag == "time":
                text = clean_text(element.text_content())
                if 6 <= len(text) <= 120:
                    yield text
