"""Metadata pipeline: title, subtitle, date, author, section, tags, language.

Structured data wins (JSON-LD NewsArticle incl. ``@graph``, OpenGraph and
``article:*`` meta, ``<time datetime>``); visible text is the fallback. A
date we cannot read with confidence stays NULL: never the site header's
"today", never a sitemap ``lastmod``, never the modified date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from scrapy.exceptions import DropItem

from crawler.text.arabic import clean_text, normalize
from crawler.text.dates import DEFAULT_TZ, parse_date, to_iso
from crawler.text.urls import canonical_link
from pipelines.boilerplate import body_html, body_text
from pipelines.clean import Block

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "webpage",
    }
)
PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datePublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
)
AUTHOR_PREFIX = re.compile(
    r"^\s*(?:كتب|كتبت|بقلم|إعداد|اعداد|تحرير|تقرير|المحرر|الكاتب|by|written by)\s*[:：\-–]?\s*",
    re.I,
)
TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:»«]\s+|\s+::\s+")
ARABIC_LETTERS = re.compile(r"[\u0600-\u06ff]+")  # runs: one match per word, not per letter
LATIN_LETTERS = re.compile(r"[A-Za-z]+")
SUBTITLE_CLASS = re.compile(r"sub-?title|strapline|standfirst|kicker|sub-?head", re.I)
DATE_CLASS = re.compile(r"date|time|publish|posted|created", re.I)
_PAGE_LEVEL = frozenset({"html", "body", "form", "main"})


# --- structured data ---------------------------------------------------------


def _walk_jsonld(node: Any) -> Iterator[dict]:
    if isinstance(node, list):
        for child in node:
            yield from _walk_jsonld(child)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in node:
                yield from _walk_jsonld(node[key])


def _types(node: dict) -> set[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).lower() for v in values}


def jsonld_article(tree: Any) -> dict:
    """The first Article-like JSON-LD object on the page ({} when none)."""
    fallback: dict = {}
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        for node in _walk_jsonld(data):
            types = _types(node)
            if types & (ARTICLE_TYPES - {"webpage"}):
                return node
            if "webpage" in types and not fallback and "datePublished" in node:
                fallback = node
    return fallback


def meta_tags(tree: Any) -> dict[str, str]:
    """``<meta property|name|itemprop=... content=...>`` as a dict (first wins)."""
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        content = element.get("content")
        if key and content and content.strip():
            meta.setdefault(key.strip().lower(), content.strip())
    return meta


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, str) and value.strip():
        return [value.strip()]
    return []


# --- fields ------------------------------------------------------------------


def strip_site_name(title: str, site_names: tuple[str, ...] = ()) -> str:
    """ "Headline - Outlet" -> "Headline"; keeps headlines that hold a dash."""
    title = clean_text(title)
    keys = {normalize(name) for name in site_names if name}
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if keys:
        while len(parts) > 1 and normalize(parts[-1]) in keys:
            parts.pop()
        while len(parts) > 1 and normalize(parts[0]) in keys:
            parts.pop(0)
        if len(parts) == 1:
            return parts[0]
    # unknown site name: drop a short last part (an outlet name is short)
    if len(parts[-1]) <= 30 and len(parts[-1]) < len(" ".join(parts[:-1])) / 2:
        return clean_text(title[: title.rfind(parts[-1])].rstrip(" |-–—:»«"))
    return title


def pick_title(tree: Any, jsonld: dict, meta: dict[str, str], site_names: tuple[str, ...]) -> str | None:
    """The headline: the page's <h1> when the meta titles agree with it,
    else JSON-LD headline / og:title / <title> without the site name."""
    h1s = [clean_text(h.text_content()) for h in tree.iter("h1")]
    h1s = [h for h in h1s if h]
    declared = [
        v
        for v in (
            _first(_names(jsonld.get("headline"))),
            meta.get("og:title"),
            meta.get("twitter:title"),
            _title_tag(tree),
        )
        if v
    ]
    stripped = [strip_site_name(v, site_names) for v in declared]
    declared_keys = [normalize(v) for v in stripped]
    for h1 in h1s:
        key = normalize(h1)
        if key in declared_keys:  # same words: the publisher's declared wording wins
            return stripped[declared_keys.index(key)]
        if key and any(key in d and len(key) >= 0.6 * len(d) for d in declared_keys):
            return h1
    if declared:
        return strip_site_name(declared[0], site_names)
    return h1s[0] if h1s else None


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _title_tag(tree: Any) -> str | None:
    title = tree.find(".//title")
    return clean_text(title.text_content()) if title is not None else None


def pick_subtitle(blocks: list[Block], title: str | None) -> str | None:
    """A secondary headline: a heading (or sub-title element) after the title
    and before the first body paragraph."""
    title_key = normalize(title) if title else None
    seen_title = title_key is None
    for block in blocks:
        key = block.key
        if not seen_title:
            seen_title = block.kind == "h" and key == title_key
            continue
        if block.in_main and block.kind == "p":
            return None
        marks = f"{block.element.get('class', '')} {block.element.get('id', '')}"
        if ((block.kind == "h" and block.level >= 2) or SUBTITLE_CLASS.search(marks)) and 10 <= len(block.text) <= 300:
            return block.text
    return None


def _parse(raw: str, now: datetime, tz: str) -> tuple[str, str] | None:
    parsed = parse_date(raw, now=now, tz=tz)
    if parsed is None or parsed > now:
        return None
    return to_iso(parsed), raw


def pick_published(
    tree: Any,
    jsonld: dict,
    meta: dict[str, str],
    main: Any,
    now: datetime,
    tz: str = DEFAULT_TZ,
    title: str | None = None,
) -> tuple[str | None, str | None]:
    """(published_at ISO with offset, raw text) or (None, None).

    ``title`` locates the headline's box, where a visible date often sits.
    """
    candidates: list[str] = []
    if isinstance(jsonld.get("datePublished"), str):
        candidates.append(jsonld["datePublished"])
    candidates += [meta[key.lower()] for key in PUBLISHED_META if key.lower() in meta]
    scope = main if main is not None else tree
    for node in (scope, tree):
        candidates += [t.get("datetime") for t in node.iter("time") if t.get("datetime")]
        candidates += [e.get("content") or e.text_content() for e in node.xpath(".//*[@itemprop='datePublished']")]
    for raw in candidates:
        found = _parse(raw, now, tz)
        if found:
            return found
    for raw in _visible_dates(tree, main, title):
        found = _parse(raw, now, tz)
        if found:
            return found
    return None, None


def _headline_box(tree: Any, title: str | None) -> Any:
    """The parent of the ``<h1>`` that holds the headline (not a logo's <h1>)."""
    key = normalize(title) if title else None
    for h1 in tree.iter("h1"):
        if key and normalize(h1.text_content()) == key:
            parent = h1.getparent()
            return None if parent is None or parent.tag in _PAGE_LEVEL else parent
    return None


def _visible_dates(tree: Any, main: Any, title: str | None = None) -> Iterator[str]:
    """Texts of date-looking elements, those inside the article first."""
    article = next(iter(tree.iter("article")), None)
    heading = _headline_box(tree, title)  # the headline's box: date, byline
    around = main.getparent() if main is not None else None  # the article's box, unless it is the page
    if around is not None and around.tag in _PAGE_LEVEL:
        around = main
    scopes = [s for s in (article, around, heading) if s is not None]
    for scope in scopes:
        for element in scope.iter():
            if not isinstance(element.tag, str) or element.tag in {"script", "style"}:
                continue
            marks = f"{element.get('class', '')} {element.get('id', '')}"
            if DATE_CLASS.search(marks) or element.tag == "time":
                text = clean_text(element.text_content())
                if 6 <= len(text) <= 120:
                    yield text


def clean_author(name: str, outlet_names: tuple[str, ...]) -> str | None:
    name = clean_text(AUTHOR_PREFIX.sub("", clean_text(name)))
    if not name or len(name) > 80 or name.startswith("http"):
        return None
    if normalize(name) in {normalize(o) for o in outlet_names if o}:
        return None
    return name


_BYLINE_XPATH = " | ".join(
    (
        "//*[@rel='author'] | //*[@itemprop='author']",
        "//*[contains(@class,'author') or contains(@class,'byline') or contains(@class,'writer')]",
    )
)
# short elements whose text starts with a byline word: "كتب: ...", "بقلم ...", "إعداد: ..."
_PREFIXED_XPATH = (
    "//*[self::span or self::div or self::p or self::a or self::strong or self::b or self::em]["
    + " or ".join(
        f"starts-with(normalize-space(text()), '{word}')"
        for word in ("كتب", "بقلم", "إعداد", "اعداد", "تحرير", "By ", "by ")
    )
    + "]"
)


def _author_candidates(tree: Any, jsonld: dict, meta: dict[str, str]) -> Iterator[str]:
    """Author texts, most trustworthy first; computed lazily (the XPath ones are slower)."""
    yield from _names(jsonld.get("author"))
    yield from (meta[k] for k in ("author", "article:author", "dc.creator", "byl") if k in meta)
    for element in tree.xpath(_BYLINE_XPATH):
        text = element.text_content()
        if len(text) < 100:
            yield text
    prefixed = (clean_text(element.text_content()) for element in tree.xpath(_PREFIXED_XPATH))
    # the innermost element first: "<div>إعداد: <span>…</span> <span>date</span></div>" is too wide
    yield from sorted((t for t in prefixed if len(t) <= 80 and AUTHOR_PREFIX.match(t)), key=len)


def pick_author(tree: Any, jsonld: dict, meta: dict[str, str], outlet_names: tuple[str, ...]) -> str | None:
    """The byline without "كتب:"/"بقلم"/"إعداد:", never the outlet's name."""
    for name in _author_candidates(tree, jsonld, meta):
        cleaned = clean_author(name, outlet_names)
        if cleaned:
            return cleaned
    return None


def pick_section(tree: Any, jsonld: dict, meta: dict[str, str]) -> str | None:
    """``articleSection``, ``article:section``, else the breadcrumb trail's last section."""
    section = jsonld.get("articleSection")
    if isinstance(section, list):
        section = section[0] if section else None
    if isinstance(section, str) and section.strip():
        return clean_text(section)
    if meta.get("article:section"):
        return clean_text(meta["article:section"])
    return breadcrumb_section(tree)


_HOME = frozenset(normalize(word) for word in ("الرئيسية", "الصفحة الرئيسية", "الرئيسيه", "Home", "الأخبار"))


def breadcrumb_section(tree: Any) -> str | None:
    """The last breadcrumb entry that is neither "home" nor the headline itself."""
    trails = tree.xpath(
        "//*[contains(@class,'breadcrumb') or contains(@id,'breadcrumb')][not(ancestor::*[contains(@class,'breadcrumb')])]"
    )
    for trail in trails[:2]:
        items = trail.xpath(".//li") or trail.xpath(".//a")
        names = [clean_text(item.text_content()) for item in items]
        names = [n for n in names if n and 1 < len(n) <= 40 and normalize(n) not in _HOME and n not in "»›>/"]
        if names:
            return names[-1]
    return None


def pick_tags(jsonld: dict, meta: dict[str, str]) -> list[str]:
    tags: list[str] = []
    keywords = jsonld.get("keywords")
    if isinstance(keywords, list):
        tags += [str(k) for k in keywords]
    elif isinstance(keywords, str):
        tags += keywords.split(",")
    for key in ("article:tag", "news_keywords", "keywords"):
        if key in meta:
            tags += re.split(r"[,،]", meta[key])
    cleaned = (clean_text(t) for t in tags)
    return list(dict.fromkeys(t for t in cleaned if t and len(t) <= 60))


def detect_language(text: str, declared: str | None) -> str | None:
    """``ar`` when Arabic letters dominate; else the page's declared language."""
    sample = text[:5000]
    arabic = sum(map(len, ARABIC_LETTERS.findall(sample)))
    latin = sum(map(len, LATIN_LETTERS.findall(sample)))
    if arabic and arabic >= latin:
        return "ar"
    if declared:
        return declared.split("-")[0].lower()[:8] or None
    return "en" if latin else None


def main_element(blocks: list[Block]) -> Any:
    for block in blocks:
        if block.in_main:
            return block.element.getparent() if not block.loose else block.element
    return None


@dataclass
class Metadata:
    """The article fields read from a cleaned, boilerplate-free page."""

    title: str | None
    subtitle: str | None
    body: str
    body_html: str | None
    published_at: str | None
    published_raw: str | None
    author: str | None
    section: str | None
    tags: list[str]
    language: str | None
    canonical_url: str


def read_metadata(
    tree: Any,
    blocks: list[Block],
    url: str,
    fetched_at: datetime,
    tz: str = DEFAULT_TZ,
    override: Any = None,
) -> Metadata:
    """Every field of the article; ``override`` selectors win when they match."""
    jsonld = jsonld_article(tree)
    meta = meta_tags(tree)
    outlets = tuple(n for n in (meta.get("og:site_name"), *_names(jsonld.get("publisher"))) if n)
    forced = _forced(tree, override)
    title = clean_text(forced["title"]) if forced.get("title") else pick_title(tree, jsonld, meta, outlets)
    published: tuple[str | None, str | None] = (None, None)
    if forced.get("date"):
        published = _parse(forced["date"], fetched_at, tz) or (None, None)
    if published[0] is None:
        published = pick_published(tree, jsonld, meta, main_element(blocks), fetched_at, tz, title)
    author = clean_author(forced["author"], outlets) if forced.get("author") else None
    body = body_text(blocks, title)
    return Metadata(
        title=title,
        subtitle=pick_subtitle(blocks, title),
        body=body,
        body_html=body_html(blocks, title),
        published_at=published[0],
        published_raw=published[1],
        author=author or pick_author(tree, jsonld, meta, outlets),
        section=clean_text(forced["section"]) if forced.get("section") else pick_section(tree, jsonld, meta),
        tags=pick_tags(jsonld, meta),
        language=detect_language(body, tree.get("lang")),
        canonical_url=canonical_link(tree, url),
    )


def _forced(tree: Any, override: Any) -> dict[str, str | None]:
    if override is None:
        return {}
    return {name: override.text(tree, name) for name in ("title", "date", "author", "section")}


class MetadataPipeline:
    """Fills title, subtitle, body, dates, author, section, tags and language.

    Settings: ``NEWS_TIMEZONE`` (default Asia/Damascus) for dates without an
    offset; ``NEWS_MIN_BODY_CHARS`` (default 200): shorter bodies are dropped as
    non-articles.
    """

    def __init__(self, tz: str = DEFAULT_TZ, min_body_chars: int = 200, stats: Any = None) -> None:
        self.tz = tz
        self.min_body_chars = min_body_chars
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> MetadataPipeline:
        settings = crawler.settings
        return cls(
            tz=settings.get("NEWS_TIMEZONE", DEFAULT_TZ),
            min_body_chars=settings.getint("NEWS_MIN_BODY_CHARS", 200),
            stats=crawler.stats,
        )

    def process_item(self, item: Any) -> Any:
        found = read_metadata(
            item.doc, item.blocks, item.url, datetime.fromisoformat(item.fetched_at), self.tz, item.override
        )
        if len(found.body) < self.min_body_chars:
            if self.stats:
                self.stats.inc_value("news/dropped/not_article")
            raise DropItem(f"{item.url}: body too short ({len(found.body)} chars), not an article")
        for name, value in vars(found).items():
            if name == "section":
                value = item.section or value
            elif name == "tags":
                value = list(dict.fromkeys([*item.tags, *value]))
            setattr(item, name, value)
        return item
