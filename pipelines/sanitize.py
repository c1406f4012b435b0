"""Sanitize pipeline: stored text holds no markup, stored HTML no scripts.

Plain-text fields (title, subtitle, body, author, section, tags) come from
text nodes and meta attributes, where a hostile page can still plant
``<script>...</script>`` as literal text; such tags are removed. ``body_html``
is built with nh3 by the extraction; it is cleaned again with nh3 if it
holds anything that could run (defense in depth).
"""

from __future__ import annotations

import re
from typing import Any

import nh3

_SCRIPT_BLOCK = re.compile(r"<(script|style|iframe|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>")
_UNSAFE_HTML = re.compile(r"<\s*(?:script|style|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:|vbscript:", re.I)
TEXT_FIELDS = ("title", "subtitle", "body", "author", "section")


def strip_markup(text: str) -> str:
    """Text without tags; script/style blocks go with their content."""
    if "<" not in text:
        return text
    return _TAG.sub("", _SCRIPT_BLOCK.sub("", text))


def safe_html(html: str) -> str:
    """``html`` as is when nothing in it can run, else cleaned by nh3."""
    return nh3.clean(html) if _UNSAFE_HTML.search(html) else html


class SanitizePipeline:
    """Removes markup from plain-text fields and scripts from ``body_html``;
    each change is counted as ``news/sanitized/<field>``."""

    def __init__(self, stats: Any = None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> SanitizePipeline:
        return cls(crawler.stats)

    def _count(self, field: str) -> None:
        if self.stats:
            self.stats.inc_value(f"news/sanitized/{field}")

    def process_item(self, item: Any) -> Any:
        for field in TEXT_FIELDS:
            value = getattr(item, field)
            if isinstance(value, str) and (clean := strip_markup(value)) != value:
                setattr(item, field, clean.strip())
                self._count(field)
        tags = [strip_markup(tag).strip() for tag in item.tags]
        if tags != item.tags:
            item.tags = [tag for tag in tags if tag]
            self._count("tags")
        if item.body_html and (clean := safe_html(item.body_html)) != item.body_html:
            item.body_html = clean
            self._count("body_html")
        return item
