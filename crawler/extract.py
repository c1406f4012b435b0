"""Extraction as one pure function: page (bytes or text) + URL + fetch time -> fields.

It runs the very functions the pipelines run, in the same order
(clean -> boilerplate -> metadata), so the evaluator (``python -m
crawler.evaluate``) measures exactly what the crawler stores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from crawler.text.dates import DEFAULT_TZ
from pipelines.boilerplate import strip_boilerplate
from pipelines.clean import clean_page
from pipelines.metadata import read_metadata


@dataclass
class Extracted:
    """What the pipelines would store for a page (plus what was removed)."""

    title: str | None
    subtitle: str | None
    body: str
    body_html: str | None
    section: str | None
    tags: list[str]
    author: str | None
    published_at: str | None
    published_raw: str | None
    language: str | None
    canonical_url: str
    removed: list[tuple[str, str]] = field(default_factory=list, repr=False)


def extract(
    page: str | bytes,
    url: str,
    fetched_at: datetime | str,
    *,
    content_type: str | None = None,
    override: Any = None,
    tz: str = DEFAULT_TZ,
) -> Extracted:
    """Extract an article; raises ValueError for an empty or unparseable page."""
    if isinstance(fetched_at, str):
        fetched_at = datetime.fromisoformat(fetched_at)
    cleaned = clean_page(page, content_type, override)
    stripped = strip_boilerplate(cleaned.blocks)
    found = read_metadata(cleaned.tree, stripped.blocks, url, fetched_at, tz, override)
    return Extracted(
        title=found.title,
        subtitle=found.subtitle,
        body=found.body,
        body_html=found.body_html,
        section=stripped.section or found.section,
        tags=list(dict.fromkeys([*stripped.tags, *found.tags])),
        author=found.author,
        published_at=found.published_at,
        published_raw=found.published_raw,
        language=found.language,
        canonical_url=found.canonical_url,
        removed=stripped.removed,
    )
