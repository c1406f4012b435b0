"""Body assembly: the kept main-content blocks as plain text and as safe HTML.

Both come from the same blocks (what boilerplate removal left, marked
``in_main``), so ``body`` and ``body_html`` always hold the same paragraphs;
the headline itself is left out when the page repeats it inside the article.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape as html_escape
from typing import Any

import lxml.html
import nh3

from crawler.extraction.blocks import Block, is_noise
from crawler.extraction.page_state import agrees_with
from crawler.text.arabic import clean_text, normalize
from crawler.text.dates import parse_date


def body_blocks(
    blocks: list[Block], subtitle: str | None = None, state_body: str = "", title: str | None = None
) -> list[Block]:
    """The blocks that make the body: never the subtitle again, and, when the
    page's embedded body (JSON-LD ``articleBody``, framework state) tells the
    same text as the main content, none of the main blocks it does not hold
    (a caption, a card the rules let through). The embedded body only ever
    removes a block: it never adds text the page does not show."""
    if subtitle:
        key = normalize(subtitle)
        blocks = [b for b in blocks if not (b.in_main and b.key == key)]
    if title:
        blocks = _without_headline_line(blocks, title)
    if not state_body:
        return blocks
    shown = " ".join(b.text for b in blocks if b.in_main)
    if not (agrees_with(state_body, shown, _STATE_COVERS_PAGE) and agrees_with(shown, state_body, _PAGE_COVERS_STATE)):
        return blocks  # another article, a teaser, a stale copy: not a filter
    words = set(normalize(state_body).split())
    return [b for b in blocks if not (b.in_main and _outside(b.key.split(), words))]


_DATELINE_MAX_CHARS = 80


def _without_headline_line(blocks: list[Block], title: str) -> list[Block]:
    """Without the headline run into the first loose paragraph: a page without
    ``<h1>`` writes "<b>headline</b><br>date | section<br><br>first paragraph"
    in one container, so its first loose block is the headline and the
    dateline. The headline goes; a short dated remainder goes with it."""
    for index, block in enumerate(blocks):
        if not block.in_main:
            continue
        if not (block.loose or block.split) or not block.text.startswith(title):
            return blocks
        rest = block.text[len(title) :].strip()
        if not rest or (len(rest) <= _DATELINE_MAX_CHARS and parse_date(rest) is not None):
            return blocks[:index] + blocks[index + 1 :]
        return [*blocks[:index], replace(block, text=rest), *blocks[index + 1 :]]
    return blocks


_STATE_COVERS_PAGE = 0.9  # of the embedded body's words are in the page's body...
_PAGE_COVERS_STATE = 0.7  # ...and of the page body's words in the embedded one
_KEPT_SHARE = 0.5  # a block keeps when half its words are in the embedded body


def _outside(words: list[str], state_words: set[str]) -> bool:
    return bool(words) and sum(w in state_words for w in words) < _KEPT_SHARE * len(words)


def body_text(blocks: list[Block], title: str | None = None) -> str:
    """The main-content blocks as plain text, one blank line between paragraphs."""
    title_key = normalize(title) if title else None
    paragraphs = [b.text for b in blocks if b.in_main and not (b.kind == "h" and title_key and b.key == title_key)]
    return "\n\n".join(paragraphs)


BODY_TAGS = frozenset({"p", "a", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "br"})
_INLINE = frozenset({"a", "strong", "em", "b", "i", "br"})


def _inner_html(element: Any) -> str:
    """The element's children as HTML (its own tag dropped, noise children skipped)."""
    parts = [html_escape(element.text or "")]
    for child in element:
        if not is_noise(child):
            inline = child.tag.lower() in _INLINE
            parts.append(
                lxml.html.tostring(child, encoding="unicode", with_tail=False)
                if inline
                else html_escape(child.text_content())
            )
        parts.append(html_escape(child.tail or ""))
    return "".join(parts)


def body_html(blocks: list[Block], title: str | None = None) -> str | None:
    """The kept body as sanitized HTML: p, a[href], emphasis, lists, quotes, h2-h4.

    Built from the same blocks as :func:`body_text`; scripts, styles, ``on*``
    and ``style`` attributes never pass nh3.
    """
    title_key = normalize(title) if title else None
    out: list[str] = []
    open_list = False
    emitted: set[Any] = set()
    for block in blocks:
        if not block.in_main or (block.kind == "h" and title_key and block.key == title_key):
            continue
        # text read apart from its element (loose between blocks, or one of the
        # paragraphs an element's <br><br> cut) is written as the text kept, so
        # body_html holds exactly body's paragraphs, never the element's dropped lines
        as_text = block.loose or block.split
        if not as_text:
            if block.element in emitted:
                continue
            emitted.add(block.element)
        if block.kind == "li" and not open_list:
            out.append("<ul>")
        elif block.kind != "li" and open_list:
            out.append("</ul>")
        open_list = block.kind == "li"
        inner = html_escape(block.text) if as_text else _inner_html(block.element)
        if block.kind == "h":
            level = min(4, max(2, block.level))
            out.append(f"<h{level}>{html_escape(block.text)}</h{level}>")
        elif block.kind == "li":
            out.append(f"<li>{inner}</li>")
        elif block.element is not None and block.element.tag == "blockquote":
            out.append(f"<blockquote><p>{inner}</p></blockquote>")
        else:
            out.append(f"<p>{inner}</p>")
    if open_list:
        out.append("</ul>")
    if not out:
        return None
    return clean_text(sanitize_body_html("".join(out))) or None


def sanitize_body_html(html: str, link_rel: str | None = None) -> str:
    """``html`` cleaned by nh3 down to :data:`BODY_TAGS` (links keep only
    ``href``, with ``link_rel`` as their rel): what extraction stores, and
    what the reading view renders again as defence in depth."""
    return nh3.clean(html, tags=set(BODY_TAGS), attributes={"a": {"href"}}, link_rel=link_rel)
