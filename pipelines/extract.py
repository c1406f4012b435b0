"""Extract pipeline: the Scrapy adapter over :func:`crawler.extraction.extract_article`.

It reads the settings, hands the page (and the spider's parsed tree) to the
extraction core, copies the :class:`~crawler.extraction.Article` onto the
item, and turns the core's outcomes into stats and drops. It decides nothing
about extraction itself.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.extraction import (
    ARTICLE_FIELDS,
    DEFAULT_MAX_TEXT_CHARS,
    DEFAULT_MIN_BODY_CHARS,
    NotAnArticle,
    extract_article,
)
from crawler.overrides import load_overrides
from crawler.text.dates import DEFAULT_TZ


class ExtractPipeline:
    """Fills the item's article fields, or drops the page as ``news/dropped/<reason>``.

    Settings: ``NEWS_OVERRIDES`` (per-source selectors), ``NEWS_TIMEZONE``
    (dates without an offset), ``NEWS_MAX_TEXT_CHARS`` and
    ``NEWS_MIN_BODY_CHARS``. Stats: ``news/boilerplate/<rule>`` per removed
    block, ``news/sanitized/<field>`` per field markup was removed from.
    """

    def __init__(
        self,
        overrides: dict[str, Any] | None = None,
        tz: str = DEFAULT_TZ,
        max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
        min_body_chars: int = DEFAULT_MIN_BODY_CHARS,
        stats: Any = None,
    ) -> None:
        self.overrides = overrides or {}
        self.tz = tz
        self.max_text_chars = max_text_chars
        self.min_body_chars = min_body_chars
        self.stats = stats
        self.step_timings: dict[str, float] | None = None
        """Set to a dict, it collects the CPU seconds of each extraction step (``bench.pipelines``)."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        settings = crawler.settings
        return cls(
            overrides=load_overrides(settings.get("NEWS_OVERRIDES")),
            tz=settings.get("NEWS_TIMEZONE", DEFAULT_TZ),
            max_text_chars=settings.getint("NEWS_MAX_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS),
            min_body_chars=settings.getint("NEWS_MIN_BODY_CHARS", DEFAULT_MIN_BODY_CHARS),
            stats=crawler.stats,
        )

    def process_item(self, item: Any) -> Any:
        try:
            article = extract_article(
                item.raw if item.raw is not None else item.html,
                item.url,
                item.fetched_at,
                content_type=item.content_type,
                override=self.overrides.get(item.source),
                tz=self.tz,
                max_text_chars=self.max_text_chars,
                min_body_chars=self.min_body_chars,
                tree=item.doc if item.raw is None else None,
                timings=self.step_timings,
            )
        except NotAnArticle as exc:
            self._count(f"news/dropped/{exc.reason}")
            raise DropItem(f"{item.url}: {exc}") from None
        for rule, _text in article.removed:
            self._count(f"news/boilerplate/{rule}")
        for field in article.sanitized:
            self._count(f"news/sanitized/{field}")
        for name in ARTICLE_FIELDS:
            setattr(item, name, getattr(article, name))
        return item

    def _count(self, key: str) -> None:
        if self.stats:
            self.stats.inc_value(key)
