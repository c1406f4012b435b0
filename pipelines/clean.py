"""Clean pipeline: raw HTML -> parsed page + text blocks in reading order.

The page is parsed once (lxml) and never mutated: later pipelines read meta
tags and JSON-LD from the same tree. Blocks are produced by walking the tree
and skipping noise (scripts, styles, navigation, forms, share widgets...), so
no markup, script or attribute ever reaches the stored text. The densest
paragraph container is marked as the main content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree
from scrapy.exceptions import DropItem

from crawler.arabic import clean_text

NOISE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "nav",
        "footer",
        "aside",
        "menu",
        "dialog",
        "object",
        "embed",
        "video",
        "audio",
        "picture",
        "head",
        "title",
        "meta",
        "link",
    }
)
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
LEAF_TAGS = frozenset({"p", "li", "blockquote", "pre", "dd", "dt", "td", "th", "figcaption", "caption", "address"})
BLOCK_TAGS = (
    HEADING_TAGS
    | LEAF_TAGS
    | frozenset(
        {
            "div",
            "section",
            "article",
            "main",
            "header",
            "ul",
            "ol",
            "dl",
            "table",
            "tbody",
            "thead",
            "tr",
            "figure",
            "body",
            "html",
            "center",
            "details",
            "summary",
            "hr",
            "br",
        }
    )
)
# class/id tokens of widgets that never hold article text
NOISE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|sociallinks|comments?|disqus|sidebar|"
    r"navbar|nav|menu|breadcrumbs?|newsletter|subscribe|advert|advertisement|ads?|"
    r"adsbygoogle|banner|cookie|popup|modal|sr-only|visually-hidden)(?:$|[\s_-])",
    re.I,
)
_MAX_HTML_CHARS = 5_000_000
_LINK_EDGE = "\x00"
_GLUED_EDGE = re.compile(r"(?<=\w)\x00+(?=\w)")  # "شارك<a>فيسبوك</a>" -> "شارك فيسبوك"


@dataclass
class Block:
    """One unit of text: a heading, a paragraph or a list item."""

    kind: str  # "h" (heading), "p" (paragraph), "li" (list item)
    text: str
    level: int = 0  # heading level 1..6, 0 for others
    link_density: float = 0.0  # share of the text inside <a>
    in_main: bool = False  # inside the main-content container
    element: Any = None  # the lxml element it came from
    loose: bool = False  # text lying directly in a container, between blocks


def parse_html(html: str) -> Any:
    """Parse HTML to an lxml tree; raises ValueError for an empty/unusable page."""
    if not html or not html.strip():
        raise ValueError("empty page")
    if len(html) > _MAX_HTML_CHARS:
        html = html[:_MAX_HTML_CHARS]
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unparseable HTML: {exc}") from None
    return tree


def is_noise(element: Any) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return True
    if tag.lower() in NOISE_TAGS:
        return True
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style", "")
    if "display:none" in style.replace(" ", "").lower():
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(marks.strip()) and NOISE_CLASS.search(marks) is not None


def _text_and_links(element: Any) -> tuple[str, int]:
    """Visible text of an inline subtree and how many chars sit inside links."""
    parts: list[str] = []
    linked = 0

    def walk(node: Any, in_link: bool) -> None:
        nonlocal linked
        if node.text:
            parts.append(node.text)
            if in_link:
                linked += len(node.text.strip())
        for child in node:
            if isinstance(child.tag, str) and not is_noise(child):
                if child.tag == "br":
                    parts.append("\n")
                elif child.tag == "a":  # adjacent links are separate items
                    parts.append(_LINK_EDGE)
                    walk(child, True)
                    parts.append(_LINK_EDGE)
                else:
                    walk(child, in_link)
            if child.tail:
                parts.append(child.tail)

    walk(element, element.tag == "a")
    text = _GLUED_EDGE.sub(" ", "".join(parts)).replace(_LINK_EDGE, "")
    return text, linked


def _has_block_child(element: Any) -> bool:
    return any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS and child.tag != "br" for child in element)


def _make_blocks(element: Any, kind: str, text: str, linked: int, loose: bool = False) -> list[Block]:
    level = int(element.tag[1]) if kind == "h" else 0
    blocks = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = clean_text(chunk).replace("\n", " ")
        if chunk:
            density = min(1.0, linked / max(1, len(text.strip())))
            blocks.append(Block(kind, chunk, level, density, element=element, loose=loose))
    return blocks


def iter_blocks(element: Any) -> list[Block]:
    """All text blocks under ``element`` in document order, noise skipped."""
    out: list[Block] = []

    def visit(node: Any) -> None:
        tag = node.tag
        if tag in HEADING_TAGS:
            text, linked = _text_and_links(node)
            out.extend(_make_blocks(node, "h", text, linked))
            return
        if not _has_block_child(node):
            kind = "li" if tag in {"li", "dd", "dt"} else "p"
            text, linked = _text_and_links(node)
            out.extend(_make_blocks(node, kind, text, linked))
            return
        # mixed content: loose text between block children is its own paragraph
        if node.text and node.text.strip():
            out.extend(_make_blocks(node, "p", node.text, 0, loose=True))
        for child in node:
            if isinstance(child.tag, str) and not is_noise(child):
                visit(child)
            if child.tail and child.tail.strip():
                out.extend(_make_blocks(node, "p", child.tail, 0, loose=True))

    if not is_noise(element):
        visit(element)
    return out


def find_main(blocks: list[Block]) -> Any:
    """The element holding the article text: the densest paragraph container.

    Each real paragraph (long enough, few links) credits its length to its
    parent and half of it to its grandparent; the best-scored element wins.
    """
    scores: dict[Any, float] = {}
    for block in blocks:
        if block.kind != "p" or len(block.text) < 25 or block.link_density > 0.4:
            continue
        parent = block.element if block.loose else block.element.getparent()
        weight = float(len(block.text))
        for factor, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if node is not None:
                scores[node] = scores.get(node, 0.0) + factor * weight
    if not scores:
        return None
    return max(scores, key=scores.__getitem__)


def mark_main(blocks: list[Block], main: Any) -> None:
    """Set ``in_main`` on the blocks that sit inside ``main``."""
    if main is None:
        return
    inside = set(main.iter())
    for block in blocks:
        block.in_main = block.element in inside


def page_blocks(tree: Any) -> list[Block]:
    """Blocks of the page body with the main content marked."""
    body = tree.find("body")
    blocks = iter_blocks(body if body is not None else tree)
    mark_main(blocks, find_main(blocks))
    return blocks


class CleanPipeline:
    """Parses the page and splits it into text blocks (see module doc)."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanPipeline:
        return cls(crawler.stats)

    def process_item(self, item: Any) -> Any:
        try:
            item.doc = parse_html(item.html)
        except ValueError as exc:
            if self.stats:
                self.stats.inc_value("news/dropped/unparseable")
            raise DropItem(f"{item.url}: {exc}") from None
        item.blocks = page_blocks(item.doc)
        return item
