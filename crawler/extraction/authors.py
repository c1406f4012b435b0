"""Author: the byline without "كتب:"/"بقلم"/"إعداد:", and never the outlet's name.

Candidates come most trustworthy first (JSON-LD, meta, ``rel=author`` and
byline classes, then a short line starting with a byline word) and are read
lazily: the XPath ones cost more and are rarely needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from crawler.extraction.structured import names
from crawler.text.arabic import clean_text, normalize

AUTHOR_PREFIX = re.compile(
    r"^\s*(?:كتب|كتبت|بقلم|إعداد|اعداد|تحرير|تقرير|المحرر|الكاتب|by|written by)\s*[:：\-–]?\s*",
    re.I,
)


def clean_author(name: str, outlet_names: tuple[str, ...]) -> str | None:
    name = clean_text(AUTHOR_PREFIX.sub("", clean_text(name)))
    if not name or len(name) > 80 or name.startswith("http"):
        return None
    if normalize(name) in {normalize(o) for o in outlet_names if o}:
        return None
    return name


_BYLINE_XPATH = " | ".join(
    (
        "//*[@rel='author'] | //*[@itemprop='author']",
        "//*[contains(@class,'author') or contains(@class,'byline') or contains(@class,'writer')]",
    )
)
# short elements whose text starts with a byline word: "كتب: ...", "بقلم ...", "إعداد: ..."
_PREFIXED_XPATH = (
    "//*[self::span or self::div or self::p or self::a or self::strong or self::b or self::em]["
    + " or ".join(
        f"starts-with(normalize-space(text()), '{word}')"
        for word in ("كتب", "بقلم", "إعداد", "اعداد", "تحرير", "By ", "by ")
    )
    + "]"
)


def _author_candidates(tree: Any, jsonld: dict, meta: dict[str, str]) -> Iterator[str]:
    """Author texts, most trustworthy first; computed lazily (the XPath ones are slower)."""
    yield from names(jsonld.get("author"))
    yield from (meta[k] for k in ("author", "article:author", "dc.creator", "byl") if k in meta)
    for element in tree.xpath(_BYLINE_XPATH):
        text = element.text_content()
        if len(text) < 100:
            yield text
    prefixed = (clean_text(element.text_content()) for element in tree.xpath(_PREFIXED_XPATH))
    # the innermost element first: "<div>إعداد: <span>…</span> <span>date</span></div>" is too wide
    yield from sorted((t for t in prefixed if len(t) <= 80 and AUTHOR_PREFIX.match(t)), key=len)


def pick_author(tree: Any, jsonld: dict, meta: dict[str, str], outlet_names: tuple[str, ...]) -> str | None:
    """The byline without "كتب:"/"بقلم"/"إعداد:", never the outlet's name."""
    for name in _author_candidates(tree, jsonld, meta):
        cleaned = clean_author(name, outlet_names)
        if cleaned:
            return cleaned
    return None
