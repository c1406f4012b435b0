"""Text blocks: a parsed page as headings, paragraphs and list items in reading order.

Blocks come from walking the tree and skipping noise (scripts, styles,
navigation, forms, share widgets...), so no markup, script or attribute ever
reaches the stored text; the tree itself is never changed. The walks use an
explicit stack, not recursion: a page nested 2,000 levels deep (all libxml2
keeps) is read like any other instead of raising RecursionError.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from crawler.extraction.boxes import is_embed
from crawler.text.arabic import clean_text, normalize

NOISE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
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
        "figure",  # images with their captions, embedded tweets/posts/videos
        "figcaption",
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
# class/id tokens of widgets that never hold article text: a whole token, with
# at most one prefix ("post-share") and widget-part suffixes ("share-buttons")
_NOISE_WORDS = (
    "share|sharing|sharer|social|socials|comments?|disqus|sidebar|navbar|nav|navigation|menu|"
    "breadcrumbs?|newsletter|subscribe|subscription|advert|advertisement|ads?|adsbygoogle|"
    "banner|footer|copyrights?|cookies?|popup|modal|sr-only|visually-hidden|screen-reader-text|related|"
    "most-read|most-popular|popular|trending|tags|tag-list|print|toolbar|promo|outbrain|taboola|"
    "captions?|credits?|photo-credit|gallery|slideshow|carousel|lightbox|twitter-tweet|instagram-media|"
    "tiktok-embed|embed|video-player|player|consent|gdpr|author-bio|byline|dateline|meta|post-meta|entry-meta"
)
_NOISE_PARTS = (
    "box|bar|buttons?|btns?|links|list|icons?|tools|widget|wrapper|wrap|container|area|section|"
    "block|module|panel|items?|count|menu|posts|articles|stories|news|top|bottom|inline|form|text"
)
NOISE_CLASS = re.compile(rf"^(?:[a-z0-9]+[-_])?(?:{_NOISE_WORDS})(?:[-_](?:{_NOISE_PARTS}))*$", re.I)
# containers that hold the article itself even when a class says "sidebar"
_CONTENT_HINT = re.compile(r"article|content|story|entry|post-body|main", re.I)
_NEVER_NOISE_CLASS = frozenset({"html", "body", "main", "article"})
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
    split: bool = False  # one of several paragraphs of one element's text (cut by <br><br>)

    @cached_property
    def key(self) -> str:
        """The text normalized for comparison (computed once)."""
        return normalize(self.text)


def is_noise(element: Any) -> bool:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions
        return True
    if tag.lower() in NOISE_TAGS:
        return True
    if tag == "form":  # a search/comment form, unless it wraps the page (ASP.NET)
        return element.find(".//h1") is None and element.find(".//article") is None
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    if style and "display:none" in style.replace(" ", "").lower():
        return True
    return _noise_marks(element) or is_embed(element)


@functools.lru_cache(maxsize=4096)  # a site's templates repeat the same few class lists
def _widget_marks(marks: str) -> bool:
    """A class/id token names a widget and none hints at the article's content."""
    tokens = marks.split()
    return any(NOISE_CLASS.match(t) for t in tokens) and not any(_CONTENT_HINT.search(t) for t in tokens)


def _noise_marks(element: Any) -> bool:
    """A class/id token names a widget, and the element is not the article's container."""
    if element.tag in _NEVER_NOISE_CLASS:
        return False
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    return _widget_marks(marks) and element.find(".//h1") is None


def _text_and_links(element: Any) -> tuple[str, int]:
    """Visible text of an inline subtree and how many chars sit inside links."""
    in_link = element.tag == "a"
    if not len(element):  # the common case: a paragraph without inline markup
        text = element.text or ""
        if _LINK_EDGE in text:
            text = _GLUED_EDGE.sub(" ", text).replace(_LINK_EDGE, "")
        return text, len((element.text or "").strip()) if in_link else 0
    parts: list[str] = []
    linked = 0
    if element.text:
        parts.append(element.text)
        linked += len(element.text.strip()) if in_link else 0
    stack: list[tuple[Any, Any, bool]] = [(element, iter(element), in_link)]
    while stack:
        node, children, in_link = stack[-1]
        child = next(children, None)
        if child is None:  # the node is done: close it, then its tail (the root has none of ours)
            stack.pop()
            if stack:
                if node.tag == "a":
                    parts.append(_LINK_EDGE)
                if node.tail:
                    parts.append(node.tail)
            continue
        if isinstance(child.tag, str) and not is_noise(child):
            if child.tag == "br":
                parts.append("\n")
            else:
                inside = in_link or child.tag == "a"
                if child.tag == "a":  # adjacent links are separate items
                    parts.append(_LINK_EDGE)
                if child.text:
                    parts.append(child.text)
                    linked += len(child.text.strip()) if inside else 0
                stack.append((child, iter(child), inside))
                continue  # its tail comes after its children
        if child.tail:
            parts.append(child.tail)
    text = _GLUED_EDGE.sub(" ", "".join(parts)).replace(_LINK_EDGE, "")
    return text, linked


INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "img", "kbd", "label"}
    | {"mark", "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr"}
)


def _is_block(child: Any) -> bool:
    """Block-level child: known block tags and any unknown element (form, custom tags)."""
    tag = child.tag
    if not isinstance(tag, str) or tag == "br":
        return False
    if tag in BLOCK_TAGS:
        return True
    return tag not in INLINE_TAGS and tag not in NOISE_TAGS


def _has_block_child(element: Any) -> bool:
    return any(_is_block(child) for child in element)


_BLANK_LINE = re.compile(r"\n\s*\n")


def _make_blocks(element: Any, kind: str, text: str, linked: int, loose: bool = False) -> list[Block]:
    level = int(element.tag[1]) if kind == "h" else 0
    blocks = []
    chunks = _BLANK_LINE.split(text) if "\n" in text else [text]
    split = sum(1 for chunk in chunks if chunk.strip()) > 1
    in_link = next(element.iterancestors("a"), None) is not None  # a headline inside a card's link
    for chunk in chunks:
        chunk = clean_text(chunk).replace("\n", " ")
        if chunk:
            density = 1.0 if in_link else min(1.0, linked / max(1, len(text.strip())))
            blocks.append(Block(kind, chunk, level, density, element=element, loose=loose, split=split))
    return blocks


class _Run:
    """The inline content of a container between two of its block children:
    one paragraph ("<div>text <a>link</a> text<br><br>more<div>…")."""

    def __init__(self, text: str | None) -> None:
        self.parts = [text or ""]
        self.linked = 0

    def add(self, child: Any) -> None:
        if child.tag == "br":
            self.parts.append("\n")
        else:
            text, linked = _text_and_links(child)
            self.parts.append(f"{_LINK_EDGE}{text}{_LINK_EDGE}" if child.tag == "a" else text)
            self.linked += linked

    def flush(self, node: Any, out: list[Block]) -> None:
        text = _GLUED_EDGE.sub(" ", "".join(self.parts)).replace(_LINK_EDGE, "")
        if text.strip():
            out.extend(_make_blocks(node, "p", text, self.linked, loose=True))
        self.parts, self.linked = [], 0


def iter_blocks(element: Any, skipped: list[Any] | None = None) -> list[Block]:
    """All text blocks under ``element`` in document order, noise skipped
    (and appended to ``skipped`` when a list is given)."""
    out: list[Block] = []

    def enter(node: Any) -> Any:
        """Blocks of a heading or leaf node (None returned), or a container's
        iterator over its children."""
        if node.tag in HEADING_TAGS:
            text, linked = _text_and_links(node)
            out.extend(_make_blocks(node, "h", text, linked))
            return None
        if not _has_block_child(node):
            kind = "li" if node.tag in {"li", "dd", "dt"} else "p"
            text, linked = _text_and_links(node)
            out.extend(_make_blocks(node, kind, text, linked))
            return None
        return iter(node)

    if is_noise(element):
        return out
    children = enter(element)
    # a container's frame: the node, its children, the inline run being read
    stack: list[tuple[Any, Any, _Run]] = [(element, children, _Run(element.text))] if children is not None else []
    while stack:
        node, children, run = stack[-1]
        child = next(children, None)
        if child is None:
            run.flush(node, out)
            stack.pop()
            if stack:  # a finished container's tail belongs to its parent's run
                stack[-1][2].parts.append(node.tail or "")
            continue
        if isinstance(child.tag, str):
            if is_noise(child):
                if skipped is not None:
                    skipped.append(child)
            elif _is_block(child) or (len(child) and _has_block_child(child)):  # "<a><img><h3>…</h3></a>": a card
                run.flush(node, out)
                grandchildren = enter(child)
                if grandchildren is not None:
                    stack.append((child, grandchildren, _Run(child.text)))
                    continue  # its tail comes after its children
            else:
                run.add(child)
        run.parts.append(child.tail or "")
    return out
