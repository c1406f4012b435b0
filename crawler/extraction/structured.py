"""Structured data on the page: JSON-LD (``@graph`` included) and ``<meta>`` tags.

What the publisher declares beats what extraction guesses, so the field
pickers read these first. JSON-LD is walked with an explicit stack: a
hostile, deeply nested document is skipped or read, never a RecursionError.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "webpage",
        "liveblogposting",
    }
)
_NESTED = ("@graph", "mainEntity", "mainEntityOfPage")


def _walk(value: Any, inside: Callable[[dict], list[Any]]) -> Iterator[Any]:
    """Every value in ``value`` but lists (flattened), in document order; after
    an object, the values ``inside(object)`` picks from it."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, list):
            stack.extend(reversed(current))
        else:
            yield current
            if isinstance(current, dict):
                stack.extend(reversed(inside(current)))


def _walk_jsonld(node: Any) -> Iterator[dict]:
    """Every object of a JSON-LD document (``@graph`` and ``mainEntity`` descended into)."""
    return (
        item for item in _walk(node, lambda obj: [obj[key] for key in _NESTED if key in obj]) if isinstance(item, dict)
    )


def _types(node: dict) -> set[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def jsonld_article(tree: Any) -> dict:
    """The first Article-like JSON-LD object on the page ({} when none)."""
    fallback: dict = {}
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except (ValueError, RecursionError):  # broken, or nested deeper than the parser allows
            continue
        for node in _walk_jsonld(data):
            types = _types(node)
            if types & (ARTICLE_TYPES - {"webpage"}):
                return node
            if "webpage" in types and not fallback and "datePublished" in node:
                fallback = node
    return fallback


def meta_tags(tree: Any) -> dict[str, str]:
    """``<meta property|name|itemprop=... content=...>`` as a dict (first wins)."""
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


def names(value: Any) -> list[str]:
    """The names a JSON-LD value gives: a string, ``{"name": ...}`` or a list of them."""
    return [
        item.strip() for item in _walk(value, lambda obj: [obj.get("name")]) if isinstance(item, str) and item.strip()
    ]


def person_names(value: Any) -> list[str]:
    """The names of a JSON-LD ``author`` that are people: an Organization
    (the outlet, a news agency) is not an author."""
    people = value if isinstance(value, list) else [value]
    return [
        n for item in people if not (isinstance(item, dict) and "organization" in _types(item)) for n in names(item)
    ]


def first(values: list[str]) -> str | None:
    return values[0] if values else None
