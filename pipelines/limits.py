"""Limits pipeline: a page with an absurd amount of text is not an article.

Runs right after the clean pipeline, so a hostile page (a 10 MB paragraph)
is dropped before the costlier stages instead of being stored cut short.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

DEFAULT_MAX_TEXT_CHARS = 1_000_000


def text_chars(blocks: list[Any]) -> int:
    return sum(len(block.text) for block in blocks)


class TextLimitPipeline:
    """Drops pages whose text blocks hold more than ``NEWS_MAX_TEXT_CHARS``
    characters, counted as ``news/dropped/too_long``."""

    def __init__(self, max_chars: int = DEFAULT_MAX_TEXT_CHARS, stats: Any = None) -> None:
        self.max_chars = max_chars
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> TextLimitPipeline:
        return cls(crawler.settings.getint("NEWS_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS), crawler.stats)

    def process_item(self, item: Any) -> Any:
        chars = text_chars(item.blocks)
        if chars > self.max_chars:
            if self.stats:
                self.stats.inc_value("news/dropped/too_long")
            raise DropItem(f"{item.url}: {chars} characters of text, over NEWS_MAX_TEXT_CHARS ({self.max_chars})")
        return item
