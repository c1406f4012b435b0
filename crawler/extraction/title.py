"""Title and subtitle: the headline as the publisher wrote it, without the site name.

The page's ``<h1>`` wins when the declared titles (JSON-LD headline,
og:title, ``<title>``) agree with it; the subtitle is a heading or sub-title
element between the headline and the first body paragraph.
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extraction.blocks import Block
from crawler.extraction.structured import first, names
from crawler.text.arabic import clean_text, normalize

TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«]\s+|\s+::\s+")
SUBTITLE_CLASS = re.compile(r"sub-?title|strapline|standfirst|kicker|sub-?head|(?<![a-z])dec?k(?![a-z])", re.I)


def strip_site_name(title: str, site_names: tuple[str, ...] = ()) -> str:
    """ "Headline - Outlet" -> "Headline"; keeps headlines that hold a dash."""
    title = clean_text(title)
    keys = {normalize(name) for name in site_names if name}
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if keys:
        while len(parts) > 1 and normalize(parts[-1]) in keys:
            parts.pop()
        while len(parts) > 1 and normalize(parts[0]) in keys:
            parts.pop(0)
        if len(parts) == 1:
            return parts[0]
    # unknown site name: drop a short last part (an outlet name is short)
    if len(parts[-1]) <= 30 and len(parts[-1]) < len(" ".join(parts[:-1])) / 2:
        return clean_text(title[: title.rfind(parts[-1])].rstrip(" |-–—:»«"))
    return title


def pick_title(tree: Any, jsonld: dict, meta: dict[str, str], site_names: tuple[str, ...]) -> str | None:
    """The headline: the page's <h1> when the meta titles agree with it,
    else JSON-LD headline / og:title / <title> without the site name."""
    h1s = [clean_text(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    declared = [
        v
        for v in (
            first(names(jsonld.get("headline"))),
            meta.get("og:title"),
            meta.get("twitter:title"),
            _title_tag(tree),
        )
        if v
    ]
    stripped = [strip_site_name(v, site_names) for v in declared]
    declared_keys = [normalize(v) for v in stripped]
    for h1 in h1s:
        key = normalize(h1)
        if key in declared_keys:  # same words: the publisher's declared wording wins
            return stripped[declared_keys.index(key)]
        if key and any(key in d and len(key) >= 0.6 * len(d) for d in declared_keys):
            return h1
    if declared:
        title = strip_site_name(declared[0], site_names)
        return _shown_part(tree, title) or title
    return h1s[0] if h1s else None


_SHOWN_TAGS = ("b", "strong", "font", "h2", "h3", "span", "div", "td", "p", "a")


def _shown_part(tree: Any, title: str) -> str | None:
    """The part of a title with several parts ("Outlet | Headline", "عاجل - Headline")
    that the page shows as a line of its own: a page without an <h1> prints its
    headline in a bold or large element, never the outlet's name beside it."""
    split = TITLE_SEPARATORS.split(title)
    parts = [part for part in split if len(part) >= 15]
    if len(split) < 2 or not parts:
        return None
    wanted = {normalize(part): part for part in parts}
    body = tree.find("body")
    for element in (body if body is not None else tree).iter(*_SHOWN_TAGS):
        text = element.text_content()
        if len(text) <= 300 and (key := normalize(text)) in wanted:
            return wanted[key]
    return None


def _title_tag(tree: Any) -> str | None:
    title = tree.find(".//title")
    return clean_text(title.text_content()) if title is not None else None


def pick_subtitle(blocks: list[Block], title: str | None) -> str | None:
    """A secondary headline: a heading (or sub-title element) after the title
    and before the first body paragraph."""
    title_key = normalize(title) if title else None
    seen_title = title_key is None
    for block in blocks:
        key = block.key
        if not seen_title:
            seen_title = block.kind == "h" and key == title_key
            continue
        marks = f"{block.element.get('class', '')} {block.element.get('id', '')}"
        if SUBTITLE_CLASS.search(marks) and 10 <= len(block.text) <= 300:
            return block.text  # a dek may sit inside the article's own box
        if block.in_main and block.kind == "p":
            return None
        if block.kind == "h" and block.level >= 2 and 10 <= len(block.text) <= 300:
            return block.text
    return None
