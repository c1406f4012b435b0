"""Clean pipeline: raw HTML -> parsed page + text blocks in reading order.

The page is parsed once (lxml) and never mutated: later pipelines read meta
tags and JSON-LD from the same tree. Blocks are produced by walking the tree
and skipping noise (scripts, styles, navigation, forms, share widgets...), so
no markup, script or attribute ever reaches the stored text. The densest
paragraph container is marked as the main content.
"""

from __future__ import annotations

import codecs
import functools
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import lxml.html
from lxml import etree
from scrapy.exceptions import DropItem

from crawler.overrides import load_overrides
from crawler.text.arabic import clean_text, normalize
from crawler.text.encodings import codec_name, real_encoding

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
    "banner|cookies?|popup|modal|sr-only|visually-hidden|screen-reader-text|related|"
    "most-read|most-popular|popular|trending|tags|tag-list|print|toolbar|promo|outbrain|taboola|"
    "captions?|credits?|photo-credit|gallery|slideshow|carousel|lightbox|twitter-tweet|instagram-media|"
    "tiktok-embed|embed|video-player|player|consent|gdpr|author-bio|byline|dateline|meta|post-meta|entry-meta"
)
_NOISE_PARTS = (
    "box|bar|buttons?|btns?|links|list|icons?|tools|widget|wrapper|wrap|container|area|section|"
    "block|module|panel|items?|count|menu|posts|articles|stories|news|top|bottom|inline|form"
)
NOISE_CLASS = re.compile(rf"^(?:[a-z0-9]+[-_])?(?:{_NOISE_WORDS})(?:[-_](?:{_NOISE_PARTS}))*$", re.I)
# containers that hold the article itself even when a class says "sidebar"
_CONTENT_HINT = re.compile(r"article|content|story|entry|post-body|main", re.I)
_NEVER_NOISE_CLASS = frozenset({"html", "body", "main", "article"})
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

    @cached_property
    def key(self) -> str:
        """The text normalized for comparison (computed once)."""
        return normalize(self.text)


# --- decoding ------------------------------------------------------------------

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def declared_encoding(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header, else the page's ``<meta>``, declares."""
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(raw[:4096])
    return codec_name(header[1] if header else None) or codec_name(meta[1] if meta else None)


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Page bytes -> text, right even when the declared charset is wrong.

    A BOM wins; bytes that are valid UTF-8 are UTF-8 whatever the label says
    (other encodings of Arabic are practically never valid UTF-8); a strong
    declared charset (windows-1256, iso-8859-6...) is used as declared; a
    missing, wrong "utf-8" or default "latin-1" label on Arabic bytes means
    windows-1256. Undecodable bytes become U+FFFD, never an exception.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode(real_encoding(raw, declared_encoding(raw, content_type)), errors="replace")


# --- parsing -------------------------------------------------------------------


def parse_html(html: str) -> Any:
    """Parse HTML to an lxml tree; raises ValueError for an empty/unusable page."""
    if not html or not html.strip():
        raise ValueError("empty page")
    if len(html) > _MAX_HTML_CHARS:
        html = html[:_MAX_HTML_CHARS]
    html = _XML_DECLARATION.sub("", html, count=1)
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
    if tag == "form":  # a search/comment form, unless it wraps the page (ASP.NET)
        return element.find(".//h1") is None and element.find(".//article") is None
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = element.get("style")
    if style and "display:none" in style.replace(" ", "").lower():
        return True
    return _noise_marks(element)


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
    for chunk in _BLANK_LINE.split(text) if "\n" in text else (text,):
        chunk = clean_text(chunk).replace("\n", " ")
        if chunk:
            density = min(1.0, linked / max(1, len(text.strip())))
            blocks.append(Block(kind, chunk, level, density, element=element, loose=loose))
    return blocks


def iter_blocks(element: Any, skipped: list[Any] | None = None) -> list[Block]:
    """All text blocks under ``element`` in document order, noise skipped
    (and appended to ``skipped`` when a list is given)."""
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
            if isinstance(child.tag, str):
                if not is_noise(child):
                    visit(child)
                elif skipped is not None:
                    skipped.append(child)
            if child.tail and child.tail.strip():
                out.extend(_make_blocks(node, "p", child.tail, 0, loose=True))

    if not is_noise(element):
        visit(element)
    return out


_SIBLING_SHARE = 0.3


def _container_scores(blocks: list[Block]) -> dict[Any, float]:
    """Each real paragraph (long enough, few links) credits its length to its
    parent and half of it to its grandparent."""
    scores: dict[Any, float] = {}
    for block in blocks:
        if block.kind != "p" or len(block.text) < 25 or block.link_density > 0.4:
            continue
        parent = block.element if block.loose else block.element.getparent()
        weight = float(len(block.text))
        for factor, node in ((1.0, parent), (0.5, parent.getparent() if parent is not None else None)):
            if node is not None:
                scores[node] = scores.get(node, 0.0) + factor * weight
    return scores


def find_main(blocks: list[Block]) -> Any:
    """The element holding the article text: the best-scored paragraph container."""
    scores = _container_scores(blocks)
    return max(scores, key=scores.__getitem__) if scores else None


_GROW_LEVELS = 3
_GROW_MIN_GAIN = 0.25  # grow when an ancestor adds >= 25 % more paragraph text...
_GROW_MAX_NOISE = 0.5  # ...and at most half as much other text as it adds


def _is_paragraph(block: Block) -> bool:
    return block.kind == "p" and len(block.text) >= 25 and block.link_density <= 0.4


def _text_inside(blocks: list[Block], levels: int = 12) -> tuple[dict[Any, int], dict[Any, int]]:
    """Per element: characters of real paragraphs and of other text (links, short lines) inside it."""
    good: dict[Any, int] = {}
    other: dict[Any, int] = {}
    for block in blocks:
        tally = good if _is_paragraph(block) else other
        if block.kind == "h":
            continue
        node = block.element
        for _ in range(levels):
            if node is None:
                break
            tally[node] = tally.get(node, 0) + len(block.text)
            node = node.getparent()
    return good, other


def grow_main(best: Any, blocks: list[Block]) -> Any:
    """Climb from the best container while an ancestor adds much more paragraph
    text and little else: an article split over several boxes (one per
    paragraph group, around ads or pictures) is taken whole."""
    good, other = _text_inside(blocks)
    node = best
    for _ in range(_GROW_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        gained = good.get(parent, 0) - good.get(node, 0)
        noise = other.get(parent, 0) - other.get(node, 0)
        if gained < _GROW_MIN_GAIN * good.get(node, 1) or noise > _GROW_MAX_NOISE * gained:
            break
        node = parent
    return node


def find_main_parts(blocks: list[Block]) -> list[Any]:
    """The main container (grown over split boxes) plus sibling containers
    holding a fair share of paragraph text."""
    scores = _container_scores(blocks)
    if not scores:
        return []
    best = grow_main(max(scores, key=scores.__getitem__), blocks)
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = _SIBLING_SHARE * scores.get(best, 0.0)
    return [node for node in parent if node is best or scores.get(node, 0.0) >= max(threshold, 1.0)]


def mark_main(blocks: list[Block], main: Any) -> None:
    """Set ``in_main`` on the blocks inside ``main`` (an element or a list of them)."""
    if main is None:
        return
    parts = main if isinstance(main, list) else [main]
    inside = {node for part in parts for node in part.iter()}
    for block in blocks:
        block.in_main = block.element in inside


_COMMENTS_TOKEN = re.compile(
    r"^(?:[a-z0-9]+[-_])?(?:comments?|disqus|fb-comments|commentlist)(?:[-_][a-z0-9]+)*$", re.I
)
_MAX_INTRO_CHARS = 600


def comment_intros(skipped: list[Any]) -> list[Any]:
    """Small boxes sitting between the article's paragraphs and a comments
    widget (among the ``skipped`` noise elements): the comment policy or
    "leave a comment" intro, not article text."""
    intros = []
    for widget in skipped:
        marks = f"{widget.get('class', '')} {widget.get('id', '')}".split()
        if not any(_COMMENTS_TOKEN.match(token) for token in marks):
            continue
        intro = widget.getprevious()
        if intro is None or intro.tag not in {"div", "section"} or len(intro.text_content()) > _MAX_INTRO_CHARS:
            continue
        if any(
            len(p.text_content()) >= 100 for sibling in intro.itersiblings(preceding=True) for p in sibling.iter("p")
        ):
            intros.append(intro)
    return intros


def page_blocks(tree: Any, main: Any = None) -> list[Block]:
    """Blocks of the page body with the main content marked.

    ``main`` (e.g. from a per-source override) replaces the detected container.
    """
    body = tree.find("body")
    skipped: list[Any] = []
    blocks = iter_blocks(body if body is not None else tree, skipped)
    intros = {node for intro in comment_intros(skipped) for node in intro.iter()}
    blocks = [block for block in blocks if block.element not in intros]
    mark_main(blocks, main if main is not None else find_main_parts(blocks))
    return blocks


@dataclass
class Page:
    """A decoded, parsed page and its text blocks."""

    html: str
    tree: Any
    blocks: list[Block]


def clean_page(page: str | bytes, content_type: str | None = None, override: Any = None) -> Page:
    """Decode (bytes), parse and split a page into blocks; ValueError if unusable."""
    html = page if isinstance(page, str) else decode_html(page, content_type)
    return clean_tree(html, parse_html(html), override)


def clean_tree(html: str, tree: Any, override: Any = None) -> Page:
    """Split an already parsed page into blocks."""
    main = next(iter(override.select(tree, "body")), None) if override is not None else None
    if main is not None and not isinstance(main.tag, str):
        main = None
    return Page(html, tree, page_blocks(tree, main))


def usable_tree(tree: Any) -> bool:
    """A tree the spider parsed can be used as it is: an HTML document with a
    body (the spider's parser turns an empty page into a bare ``<html/>``)."""
    return tree is not None and getattr(tree, "tag", None) == "html" and tree.find("body") is not None


class CleanPipeline:
    """Parses the page and splits it into text blocks (see module doc)."""

    def __init__(self, overrides: dict[str, Any] | None = None, stats: Any = None) -> None:
        self.overrides = overrides or {}
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CleanPipeline:
        return cls(load_overrides(crawler.settings.get("NEWS_OVERRIDES")), crawler.stats)

    def process_item(self, item: Any) -> Any:
        item.override = self.overrides.get(item.source)
        raw = item.raw if item.raw is not None else item.html
        try:
            if item.raw is None and usable_tree(item.doc):  # parsed by the spider: not parsed twice
                page = clean_tree(item.html, item.doc, item.override)
            else:
                page = clean_page(raw, item.content_type, item.override)
        except ValueError as exc:
            if self.stats:
                self.stats.inc_value("news/dropped/unparseable")
            raise DropItem(f"{item.url}: {exc}") from None
        item.html, item.doc, item.blocks = page.html, page.tree, page.blocks
        return item
