"""Limits: a page with an absurd amount of text is not an article.

Checked right after the page is split into blocks, so a hostile page (a
10 MB paragraph) is dropped before the costlier steps instead of being
stored cut short.
"""

from __future__ import annotations

from crawler.extraction.article import NotAnArticle
from crawler.extraction.blocks import Block

DEFAULT_MAX_TEXT_CHARS = 1_000_000


def text_chars(blocks: list[Block]) -> int:
    return sum(len(block.text) for block in blocks)


def check_text_limit(blocks: list[Block], max_chars: int) -> None:
    """Raise ``NotAnArticle("too_long")`` when the blocks hold more than ``max_chars`` characters."""
    chars = text_chars(blocks)
    if chars > max_chars:
        raise NotAnArticle(
            "too_long", f"{chars} characters of text, over the limit of {max_chars} (NEWS_MAX_TEXT_CHARS)"
        )
