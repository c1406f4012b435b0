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
from collections import Counter
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
# words that label a printed date: the first publication, or a later update (never the publication)
PUBLISHED_LABELS: tuple[str, ...] = ("نشر", "نُشر", "نشر في", "نُشر في", "تاريخ النشر", "Published", "Posted")
UPDATED_LABELS: tuple[str, ...] = (
    "آخر تحديث",
    "اخر تحديث",
    "تم التحديث",
    "تحديث",
    "حُدّث",
    "عُدّل",
    "Updated",
    "Last updated",
    "Modified",
)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of ``words`` (normalized) as whole words of a normalized text."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(normalize(w)) for w in words) + r")(?!\w)", re.I)


_PUBLISHED_LABEL = _words(PUBLISHED_LABELS)
_UPDATED_LABEL = _words(UPDATED_LABELS)
_UPDATED_MARK = re.compile(r"updated|modified|last-?update", re.I)
_MAX_STAMP_CHARS = 80
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
PAGE_LEVEL = frozenset({"html", "body", "form", "main"})


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
    state_date: str | None = None,
) -> tuple[str | None, str | None]:
    """(published_at ISO with offset, raw text) or (None, None).

    ``title`` locates the headline's box, where a visible date often sits.
    ``state_date`` is the publication time the page's framework state gives
    for this very article (:mod:`crawler.extraction.page_state`): after the
    declared dates, before visible text (which often prints the day alone).
    A date labelled as an update ("آخر تحديث") is never taken.
    """
    candidates: list[str] = []
    if isinstance(jsonld.get("datePublished"), str):
        candidates.append(jsonld["datePublished"])
    candidates += [meta[key.lower()] for key in PUBLISHED_META if key.lower() in meta]
    candidates += _feed_start(main, now, tz)
    scope = main if main is not None else tree
    for node in (scope, tree):
        candidates += [t.get("datetime") for t in node.iter("time") if t.get("datetime") and not is_update_stamp(t)]
        candidates += [e.get("content") or e.text_content() for e in node.xpath(".//*[@itemprop='datePublished']")]
    timed_state = bool(state_date and _HAS_TIME.search(state_date))
    if timed_state:
        candidates.append(state_date)
    for raw in candidates:
        found = read_date(raw, now, tz)
        if found:
            return found
    for raw in _visible_dates(tree, main, title):
        found = read_date(raw, now, tz)
        if found:
            return found
    # a state date without its time is no better than the page's day: last
    found = read_date(state_date, now, tz) if state_date and not timed_state else None
    return found or (None, None)


def headline_box(tree: Any, title: str | None) -> Any:
    """The parent of the ``<h1>`` that holds the headline (not a logo's <h1>);
    on a page with no ``<h1>`` at all, the box around the bold line that is the headline."""
    key = normalize(title) if title else None
    if not key:
        return None
    for h1 in tree.iter("h1"):
        if normalize(h1.text_content()) == key:
            parent = h1.getparent()
            return None if parent is None or parent.tag in PAGE_LEVEL else parent
    if next(tree.iter("h1"), None) is not None:
        return None
    # a page without <h1> prints its headline bold or large: the box around that line
    for line in tree.iter("h2", "b", "strong", "font"):
        if normalize(line.text_content()) == key:
            while (parent := line.getparent()) is not None and normalize(parent.text_content()) == key:
                line = parent
            return None if parent is None or parent.tag in PAGE_LEVEL else parent
    return None


def _visible_dates(tree: Any, main: Any, title: str | None = None) -> Iterator[str]:
    """Texts of date-looking elements, those inside the article first."""
    article = next(iter(tree.iter("article")), None)
    heading = headline_box(tree, title)  # the headline's box: date, byline
    around = main.getparent() if main is not None else None  # the article's box, unless it is the page
    if around is not None and around.tag in PAGE_LEVEL:
        around = main
    scopes = [s for s in (article, around, heading) if s is not None]
    for scope in scopes:
        for element in scope.iter():
            if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
                continue
            marks = f"{element.get('class', '')} {element.get('id', '')}"
            if DATE_CLASS.search(marks) or element.tag == "time":
                text = clean_text(element.text_content())
                if is_update_stamp(element):  # "آخر تحديث: … - نُشر: …" still names the publication
                    text = published_part(text) if _PUBLISHED_LABEL.search(normalize(text)) else None
                if text and 6 <= len(text) <= 120:
                    yield text
    if heading is not None:
        yield from _headline_stamps(heading)


def _headline_stamps(heading: Any) -> list[str]:
    """Short lines of the headline's box whatever their class ("2026-04-03 |
    09:25" in a ``span._d_1``), a labelled publication first, no update."""
    lines = [
        clean_text(node.text_content())
        for node in heading.iter()
        if isinstance(node.tag, str) and (len(node) == 0 or node.tag == "time")
    ]
    labelled = [(t, published_part(t)) for t in lines if 6 <= len(t) <= _MAX_STAMP_CHARS]
    stamps = sorted(
        ((t, part) for t, part in labelled if part), key=lambda pair: not _PUBLISHED_LABEL.search(normalize(pair[0]))
    )
    return [part for _, part in stamps]


def published_part(text: str) -> str | None:
    """The part of a date line that gives the publication: the whole line
    when it names no update; after "نُشر" when it names both ("آخر تحديث: 3
    نوفمبر - نُشر: 2 نوفمبر", "Published … | Updated …"); None for an update alone."""
    key = normalize(text)
    if not _UPDATED_LABEL.search(key):
        return text
    published = _PUBLISHED_LABEL.search(key)
    if published is None:
        return None
    update = _UPDATED_LABEL.search(key, published.end())
    return key[published.end() : update.start() if update else len(key)] or None


_FEED_MIN_TIMES = 3
_FEED_LEVELS = 3
_ENTRY_MIN_CHARS = 80


def _feed_start(main: Any, now: datetime, tz: str) -> list[str]:
    """A live blog's first entry time: around the main content, three or more
    ``<time datetime>`` in same-shaped boxes are its entries' times, newest
    first or last; the earliest is when the coverage was published."""
    node = main
    for _ in range(_FEED_LEVELS):
        if node is None or node.tag in PAGE_LEVEL:
            return []
        times = [t for t in node.iter("time") if t.get("datetime") and not is_update_stamp(t)]
        shapes = Counter((t.getparent().tag, t.getparent().get("class")) for t in times if t.getparent() is not None)
        if shapes and shapes.most_common(1)[0][1] >= _FEED_MIN_TIMES:
            shape = shapes.most_common(1)[0][0]
            entries = [t for t in times if (t.getparent().tag, t.getparent().get("class")) == shape]
            if not all(_beside_text(t) for t in entries):
                return []  # a list of other articles' dates (headlines are links), not a feed
            dated = [(parse_date(t.get("datetime"), now=now, tz=tz), t.get("datetime")) for t in entries]
            dated = [(when, raw) for when, raw in dated if when is not None]
            return [min(dated)[1]] if dated else []
        node = node.getparent()
    return []


def _beside_text(stamp: Any) -> bool:
    """The time heads an entry of its own text (not a link to another article)."""
    node = stamp.getparent()
    for _ in range(_FEED_LEVELS):
        if node is None or sum(1 for _ in node.iter("time")) > 1:
            return False  # past its own entry
        linked = sum(len(a.text_content()) for a in node.iter("a"))
        if len(node.text_content()) - linked >= _ENTRY_MIN_CHARS:
            return True
        node = node.getparent()
    return False


def is_update_stamp(element: Any) -> bool:
    """A date element that says when the article was updated, not published:
    an "updated"/"modified" class, or an update label before it."""
    for node in (element, element.getparent()):
        if node is None:
            continue
        if _UPDATED_MARK.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        text = clean_text(node.text or "")
        if text and _UPDATED_LABEL.search(normalize(text)):
            return True
    return False
