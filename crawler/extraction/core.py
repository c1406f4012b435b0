"""The one function that owns the extraction order: page -> :class:`Article`.

    decode + parse -> blocks + main content -> limits -> boilerplate (labelled
    blocks, boxes, stray lines) -> fields (title, date, author, subtitle,
    section, tags; the framework state where the page agrees) -> body (no
    subtitle, the state's body as a filter where it agrees) -> sanitize ->
    minimum body length

The crawl's pipeline (``pipelines/extract.py``), the evaluator
(``python -m crawler.evaluate``) and every later consumer call
:func:`extract_article`; nothing else composes these steps, so what is
measured is what is stored. A page that is not stored raises
:class:`NotAnArticle` with the reason the crawl counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from typing import Any

from crawler.extraction.article import Article, NotAnArticle
from crawler.extraction.authors import clean_author, pick_author
from crawler.extraction.body import body_blocks, body_html, body_text
from crawler.extraction.boilerplate import Stripped, strip_boilerplate
from crawler.extraction.language import detect_language
from crawler.extraction.limits import DEFAULT_MAX_TEXT_CHARS, check_text_limit
from crawler.extraction.main_content import main_element, page_blocks
from crawler.extraction.page import decode_html, parse_html, usable_tree
from crawler.extraction.page_state import PageState, page_state
from crawler.extraction.published import pick_published, read_date
from crawler.extraction.sanitize import sanitize
from crawler.extraction.structured import jsonld_article, meta_tags, names
from crawler.extraction.taxonomy import merge_tags, pick_section, pick_tags
from crawler.extraction.title import pick_subtitle, pick_title
from crawler.text.arabic import clean_text
from crawler.text.dates import DEFAULT_TZ
from crawler.text.urls import canonical_link

DEFAULT_MIN_BODY_CHARS = 200
OVERRIDE_FIELDS = ("title", "date", "author", "section")


def extract_article(
    page: str | bytes,
    url: str,
    fetched_at: datetime | str,
    *,
    content_type: str | None = None,
    override: Any = None,
    tz: str = DEFAULT_TZ,
    max_text_chars: int = DEFAULT_MAX_TEXT_CHARS,
    min_body_chars: int = DEFAULT_MIN_BODY_CHARS,
    tree: Any = None,
    timings: dict[str, float] | None = None,
) -> Article:
    """Every stored field of the page at ``url``, fetched at ``fetched_at``.

    ``page`` is the bytes as received (decoded here, ``content_type``'s charset
    a hint) or already decoded text; ``tree`` is the spider's own parse of that
    text, used instead of parsing again when it is a usable document.
    ``override`` is the source's entry of ``seeds/overrides.toml``: its
    selectors win when they match. ``tz`` is the zone of dates without an
    offset. Raises :class:`NotAnArticle` for an empty or unparseable page
    (``unparseable``), more than ``max_text_chars`` of text (``too_long``), a
    body shorter than ``min_body_chars`` (``not_article``) and a page too
    deeply nested to walk (``too_deep``). With ``timings`` (a dict) the CPU
    seconds of each step are added to it, for the benchmarks.
    """
    if isinstance(fetched_at, str):
        fetched_at = datetime.fromisoformat(fetched_at)
    step = _timer(timings)
    try:
        with step("parse"):
            doc = tree if isinstance(page, str) and usable_tree(tree) else _parse(page, content_type)
        with step("blocks"):
            blocks = page_blocks(doc, _forced_body(doc, override))
        with step("limits"):
            check_text_limit(blocks, max_text_chars)
        with step("boilerplate"):
            stripped = strip_boilerplate(blocks, url)
        with step("fields"):
            article, state = _fields(doc, stripped, url, fetched_at, tz, override)
        with step("body"):
            kept = body_blocks(stripped.blocks, article.subtitle, state.body if state else "", article.title)
            article.body = body_text(kept, article.title)
            article.body_html = body_html(kept, article.title)
            article.language = detect_language(article.body, doc.get("lang"))
        with step("sanitize"):
            article.sanitized = sanitize(article)
    except RecursionError:  # a last guard: the walks are iterative, a library may not be
        raise NotAnArticle("too_deep", "the page is nested too deeply to read") from None
    if len(article.body or "") < min_body_chars:
        raise NotAnArticle("not_article", f"body too short ({len(article.body or '')} chars), not an article")
    article.doc, article.removed = doc, stripped.removed
    return article


def _parse(page: str | bytes, content_type: str | None) -> Any:
    html = page if isinstance(page, str) else decode_html(page, content_type)
    try:
        return parse_html(html)
    except ValueError as exc:
        raise NotAnArticle("unparseable", str(exc)) from None


def _forced_body(doc: Any, override: Any) -> Any:
    """The element the override's ``body`` selector names, if it matches one."""
    found = next(iter(override.select(doc, "body")), None) if override is not None else None
    return found if found is not None and isinstance(found.tag, str) else None


def _fields(
    doc: Any, stripped: Stripped, url: str, fetched_at: datetime, tz: str, override: Any
) -> tuple[Article, PageState | None]:
    """The fields around the body: declared data first, override selectors over
    all; and the page's framework state for this article (what the page
    confirms of it: :func:`~crawler.extraction.page_state.page_state`)."""
    jsonld, meta = jsonld_article(doc), meta_tags(doc)
    outlets = tuple(n for n in (meta.get("og:site_name"), *names(jsonld.get("publisher"))) if n)
    forced = {name: override.text(doc, name) for name in OVERRIDE_FIELDS} if override is not None else {}
    title = (forced.get("title") and clean_text(forced["title"])) or pick_title(doc, jsonld, meta, outlets)
    state = page_state(doc, title)
    main = main_element(stripped.blocks)
    published = (forced.get("date") and read_date(forced["date"], fetched_at, tz)) or pick_published(
        doc, jsonld, meta, main, fetched_at, tz, title, state.published if state else None
    )
    article = Article(
        title=title,
        subtitle=pick_subtitle(stripped.blocks, title) or (state.shown_subtitle() if state else None),
        section=(forced.get("section") and clean_text(forced["section"]))
        or stripped.section
        or pick_section(doc, jsonld, meta),
        tags=merge_tags(stripped.tags, pick_tags(jsonld, meta)),
        author=(forced.get("author") and clean_author(forced["author"], outlets))
        or pick_author(doc, jsonld, meta, outlets, state.shown_authors if state else None, title),
        published_at=published[0],
        published_raw=published[1],
        canonical_url=canonical_link(doc, url),
    )
    return article, state


_NO_TIMER = nullcontext()


def _timer(timings: dict[str, float] | None) -> Callable[[str], AbstractContextManager[Any]]:
    """``step(name)``: a context adding its CPU seconds to ``timings[name]`` (nothing without timings)."""
    if timings is None:
        return lambda name: _NO_TIMER

    @contextmanager
    def step(name: str) -> Iterator[None]:
        start = time.thread_time()
        try:
            yield
        finally:
            timings[name] = timings.get(name, 0.0) + time.thread_time() - start

    return step
