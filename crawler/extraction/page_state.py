"""The article as a server-rendered JavaScript framework embeds it in the page.

Next.js (``<script id="__NEXT_DATA__">``), Nuxt (``window.__NUXT__`` when it
is plain JSON, ``__NUXT_DATA__`` is not read), Redux/React apps
(``window.__INITIAL_STATE__``, ``__PRELOADED_STATE__``, ``__APOLLO_STATE__``)
and JSON-LD ``articleBody`` carry the article as data: dates with their time,
every author, the subtitle, the body without the page's boxes.

That data is used only where it agrees with the page, never blindly: a state
object is this page's article only when its headline is the page's headline
(a state may hold a prefetched neighbour or a teaser), its authors and
subtitle only when the page shows them too, and its body only as a filter
(:func:`agrees_with`) over paragraphs the page shows, never as new text.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from crawler.text.arabic import clean_text, normalize

STATE_SCRIPT_IDS: tuple[str, ...] = ("__NEXT_DATA__", "__NUXT_DATA_JSON__", "__APOLLO_STATE__")
STATE_GLOBALS: tuple[str, ...] = (
    "__NEXT_DATA__",
    "__NUXT__",
    "__INITIAL_STATE__",
    "__PRELOADED_STATE__",
    "__APOLLO_STATE__",
    "__INITIAL_DATA__",
    "__DATA__",
    "__STATE__",
)
_ASSIGNMENT = re.compile(r"window\.(?P<name>" + "|".join(STATE_GLOBALS) + r")\s*=\s*", re.S)

TITLE_KEYS: tuple[str, ...] = ("headline", "title", "name")
BODY_KEYS: tuple[str, ...] = ("articleBody", "body", "content", "bodyHtml", "body_html", "html", "text")
SUBTITLE_KEYS: tuple[str, ...] = (
    "subtitle",
    "subTitle",
    "sub_title",
    "dek",
    "deck",
    "standfirst",
    "strapline",
    "alternativeHeadline",
)
AUTHOR_KEYS: tuple[str, ...] = ("authors", "author", "writers", "writer", "byline", "creators", "creator")
PUBLISHED_KEYS: tuple[str, ...] = (
    "datePublished",
    "publishedAt",
    "published_at",
    "publishDate",
    "publish_date",
    "publishedDate",
    "published",
    "firstPublishedAt",
    "first_published_at",
    "pubDate",
    "createdAt",
    "created_at",
    "date",
)
_TAG = re.compile(r"<[^>]+>")
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|h[1-6]|li|blockquote)\b[^>]*>", re.I)
_MAX_SCRIPT_CHARS = 3_000_000
_MAX_NODES = 50_000


@dataclass
class StateArticle:
    """What a page's embedded state says about its article (raw, unchecked)."""

    title: str
    body: str = ""
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None


def _scripts(tree: Any) -> Iterator[Any]:
    """Every JSON document the page embeds as framework state."""
    for script in tree.iter("script"):
        text = script.text or ""
        if not text or len(text) > _MAX_SCRIPT_CHARS:
            continue
        kind = (script.get("type") or "").lower()
        if kind == "application/ld+json" or script.get("id") in STATE_SCRIPT_IDS:
            try:
                yield json.loads(text, strict=False)
            except (ValueError, RecursionError):  # broken, or nested deeper than the parser allows
                continue
            continue
        for match in _ASSIGNMENT.finditer(text):
            start = match.end()
            if text[start : start + 1] not in "{[":
                continue  # e.g. Nuxt 2's "(function(a,b){...})(...)": JavaScript, not data
            try:
                value, _ = json.JSONDecoder(strict=False).raw_decode(text, start)
            except (ValueError, RecursionError):
                continue
            yield value


def _walk(node: Any) -> Iterator[dict]:
    stack, seen = [node], 0
    while stack and seen < _MAX_NODES:
        item = stack.pop()
        seen += 1
        if isinstance(item, dict):
            yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _text(value: Any) -> str:
    """A state string as text (HTML paragraphs become blank lines)."""
    if isinstance(value, dict):  # {"html": "..."} / {"rendered": "..."} (WordPress REST)
        value = next((value[k] for k in ("rendered", "html", "text", "value") if isinstance(value.get(k), str)), "")
    if not isinstance(value, str):
        return ""
    if "<" in value:
        value = _TAG.sub("", _BLOCK_TAG.sub("\n\n", value))
    return "\n\n".join(clean_text(p) for p in re.split(r"\n\s*\n", value) if clean_text(p))


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        types = value.get("@type", "")
        if "Organization" in (types if isinstance(types, list) else [types]):
            return []
        return _names(value.get("name") or value.get("displayName") or value.get("fullName"))
    if isinstance(value, str) and value.strip() and len(value) <= 80:
        return [clean_text(value)]
    return []


def _first_string(node: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = node.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, dict) and isinstance(value.get("rendered"), str):
            return value["rendered"].strip()
    return None


def state_article(tree: Any, title: str | None) -> StateArticle | None:
    """The embedded state's record of the article whose headline is ``title``
    (the page's own headline), or None when no state names it."""
    if not title:
        return None
    wanted = normalize(title)
    for document in _scripts(tree):
        for node in _walk(document):
            headline = _first_string(node, TITLE_KEYS)
            if not headline or normalize(_text(headline)) != wanted:
                continue
            body = next((_text(node[k]) for k in BODY_KEYS if k in node and _text(node[k])), "")
            subtitle = _first_string(node, SUBTITLE_KEYS)
            authors = next((_names(node[k]) for k in AUTHOR_KEYS if k in node and _names(node[k])), [])
            published = _first_string(node, PUBLISHED_KEYS)
            if body or authors or published or subtitle:
                return StateArticle(headline, body, _text(subtitle) if subtitle else None, authors, published)
    return None


def visible_text(tree: Any) -> str:
    """The page's text as a reader sees it (no scripts, styles or templates)."""
    body = tree.find("body")
    root = body if body is not None else tree
    return " ".join(root.xpath(".//text()[not(ancestor::script or ancestor::style or ancestor::template)]"))


def shown_on_page(text: str, page_text_key: str) -> bool:
    """The page shows ``text`` (normalized words, as a run)."""
    key = normalize(text)
    return bool(key) and f" {key} " in f" {page_text_key} "


class PageState:
    """The framework state's record of this article, read against the page:
    its authors and subtitle count only when the page shows them too (checked
    on first use: most pages never need them). The time of publication and the
    body are checked where they are used."""

    def __init__(self, tree: Any, article: StateArticle) -> None:
        self.tree = tree
        self.article = article
        self.published = article.published
        self.body = article.body

    @functools.cached_property
    def _shown(self) -> str:
        return normalize(visible_text(self.tree))

    def shown_authors(self) -> list[str]:
        authors = self.article.authors
        return authors if authors and all(shown_on_page(name, self._shown) for name in authors) else []

    def shown_subtitle(self) -> str | None:
        subtitle = self.article.subtitle
        return subtitle if subtitle and shown_on_page(subtitle, self._shown) else None


def page_state(tree: Any, title: str | None) -> PageState | None:
    """The page's framework state for the article headed ``title``, or None."""
    article = state_article(tree, title)
    return PageState(tree, article) if article is not None else None


def agrees_with(state_body: str, page_body: str, minimum: float = 0.8) -> bool:
    """The state's body and the page's extracted body tell the same text:
    at least ``minimum`` of the state's words come in the page's body."""
    want = normalize(state_body).split()
    have = set(normalize(page_body).split())
    return len(want) >= 20 and sum(w in have for w in want) >= minimum * len(want)
