"""Main content: which container holds the article's paragraphs.

Each real paragraph (long enough, few links) credits its length to its parent
and half of it to its grandparent; the best container grows over an article
split into several boxes (looking through wrapper levels that add nothing)
and takes paragraph-rich siblings; a live blog's entries (same-shaped
siblings, each with its own time) are taken together. A small box
between the article and a comments widget (the comment policy) is dropped.
Only blocks are marked (``Block.in_main``); the tree is never changed.
"""

from __future__ import annotations

import re
from typing import Any

from crawler.extraction.blocks import Block, iter_blocks
from crawler.extraction.lines import is_timestamp

_SIBLING_SHARE = 0.3


def _container_scores(blocks: list[Block]) -> dict[Any, float]:
    """Each real paragraph (long enough, few links) credits its length to its
    parent and half of it to its grandparent."""
    scores: dict[Any, float] = {}
    for block in blocks:
        if block.kind != "p" or len(block.text) < 25 or block.link_density > 0.4:
            continue
        parent = block.element if block.loose or block.split else block.element.getparent()
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


def grow_main(best: Any, blocks: list[Block], inside: tuple[dict[Any, int], dict[Any, int]] | None = None) -> Any:
    """Climb from the best container while an ancestor adds much more paragraph
    text and little else: an article split over several boxes (one per
    paragraph group, around ads or pictures) is taken whole."""
    good, other = inside or _text_inside(blocks)
    node = best
    for _ in range(_GROW_LEVELS):
        grown = _grown(node, good, other)
        if grown is None:
            break
        node = grown
    return node


def _grown(node: Any, good: dict[Any, int], other: dict[Any, int]) -> Any:
    """The nearest ancestor that adds enough paragraph text and little else,
    looking through wrapper levels that add nothing at all ("<div><div
    class=row><div class=col>…"), or None."""
    ancestor = node
    for _ in range(_GROW_LEVELS):
        ancestor = ancestor.getparent()
        if ancestor is None or ancestor.tag in {"body", "html"}:
            return None
        gained = good.get(ancestor, 0) - good.get(node, 0)
        noise = other.get(ancestor, 0) - other.get(node, 0)
        if gained >= _GROW_MIN_GAIN * good.get(node, 1) and noise <= _GROW_MAX_NOISE * gained:
            return ancestor
        if gained or noise:  # a level that adds something, not enough: stop here
            return None
    return None


_FEED_MIN_ENTRIES = 3


def _has_timestamp(element: Any) -> bool:
    """A ``<time>`` or a short line that is only a time or a date."""
    for node in element.iter():
        if node.tag == "time":
            return True
        if isinstance(node.tag, str) and len(node) == 0 and node.text and is_timestamp(node.text):
            return True
    return False


def live_feed(best: Any, good: dict[Any, int]) -> list[Any] | None:
    """A live blog's entries: same-shaped siblings around the best container,
    each with paragraphs and its own time (the best container is one entry's text).
    ``good``: the paragraph characters inside each element (:func:`_text_inside`)."""
    node = best
    for _ in range(_GROW_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            return None
        shape = (node.tag, node.get("class"))
        entries = [child for child in parent if (child.tag, child.get("class")) == shape and good.get(child, 0) > 0]
        if len(entries) >= _FEED_MIN_ENTRIES and all(_has_timestamp(entry) for entry in entries):
            return entries
        node = parent
    return None


def find_main_parts(blocks: list[Block]) -> list[Any]:
    """The main container (grown over split boxes) plus sibling containers
    holding a fair share of paragraph text."""
    scores = _container_scores(blocks)
    if not scores:
        return []
    best = max(scores, key=scores.__getitem__)
    inside = _text_inside(blocks)
    feed = live_feed(best, inside[0])
    if feed:
        return feed
    best = grow_main(best, blocks, inside)
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


def main_element(blocks: list[Block]) -> Any:
    """The element around the first main-content block (where dates are looked for)."""
    for block in blocks:
        if block.in_main:
            return block.element if block.loose or block.split else block.element.getparent()
    return None
