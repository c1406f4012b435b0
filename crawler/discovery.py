"""Discovery for the spider: which links to follow, which pages are articles,
what sitemaps, feeds and listings hold, what a later run may skip.

Pure functions over URLs, bytes and small records, tested without a crawl
(tests/test_discovery_unit.py). The spider only fetches and calls these.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from lxml import etree

from crawler.confinement import home_scope
from crawler.sources import Source
from crawler.text.arabic import normalize, to_ascii_digits
from crawler.text.dates import DATE_IN_PATH, machine_date, parse_iso

ASSET_EXTENSIONS = frozenset(
    [
        ".jpg",
        ".jpeg",
        ".png",
        ".gif",
        ".webp",
        ".svg",
        ".ico",
        ".bmp",
        ".pdf",
        ".doc",
        ".docx",
        ".xls",
        ".xlsx",
        ".ppt",
        ".pptx",
        ".zip",
        ".rar",
        ".gz",
        ".mp3",
        ".mp4",
        ".m4a",
        ".avi",
        ".mov",
        ".wmv",
        ".webm",
        ".css",
        ".js",
        ".json",
        ".woff",
        ".woff2",
        ".ttf",
        ".eot",
        ".apk",
        ".exe",
    ]
)
ARTICLE_TYPES = re.compile(r'"@type"\s*:\s*\[?\s*"(?:[A-Za-z]*Article|BlogPosting)"', re.I)
NON_ARTICLE_TYPES = re.compile(
    r'"@type"\s*:\s*\[?\s*"(?:VideoObject|CollectionPage|ProfilePage|AboutPage|ContactPage|SearchResultsPage|Person)"',
    re.I,
)
MIN_ARTICLE_TEXT = 400
MIN_DATED_ARTICLE_TEXT = 200
MIN_LISTING_CARDS = 4

# Path segments of pages that are never articles. Links to the first group are
# not even requested; the second group (video...) is fetched for discovery only.
SKIP_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "author",
        "authors",
        "writer",
        "writers",
        "search",
        "login",
        "register",
        "signup",
        "contact",
        "contact-us",
        "privacy",
        "privacy-policy",
        "terms",
        "about",
        "about-us",
        "wp-admin",
        "wp-login.php",
        "wp-json",
        "cdn-cgi",
        "print",
        "share",
        "comments",
        "feed",
        "amp-stories",
        "كاتب",
        "وسم",
        "من-نحن",
        "اتصل-بنا",
    }
)
NON_ARTICLE_SEGMENTS = SKIP_SEGMENTS | frozenset(
    {"video", "videos", "vid", "gallery", "galleries", "photos", "live", "podcast", "podcasts", "category", "section"}
)
NON_ARTICLE_STEMS = frozenset({"about", "contact", "privacy", "terms", "sitemap", "search"})

_PAGE_IN_PATH = re.compile(r"/(?:page|paged|p|الصفحة)/(\d{1,5})(?=/|$)", re.I)
_PAGE_IN_QUERY = re.compile(r"(?:^|&)(?:page|paged|p|pg|pageno|start_page)=(\d{1,5})(?:&|$)", re.I)
_NUMERIC_ID = re.compile(r"(?<!\d)\d{4,}(?!\d)")
NEXT_TEXTS = frozenset(
    normalize(t) for t in ("التالي", "التالية", "الصفحة التالية", "التالى", "next", "next page", "older posts")
)
NEXT_SYMBOLS = frozenset({"»", "›", ">", ">>"})


# --- sites and links -----------------------------------------------------------


def same_site(url: str, source: Source) -> bool:
    """On the source's own site, as :mod:`crawler.confinement` defines a site
    (host and port, ``www.`` ignored; for file:// sources, under the home
    page's folder). Only the home page's site: the check every request passes
    before download also allows the hosts the sources file names."""
    return home_scope(source.url).allows(url)


def is_asset(url: str) -> bool:
    suffix = PurePosixPath(urlsplit(url).path).suffix.lower()
    return suffix in ASSET_EXTENSIONS


def _segments(url: str) -> list[str]:
    return [unquote(s).lower() for s in urlsplit(url).path.split("/") if s]


def skip_url(url: str) -> bool:
    """Tag, author, search, login, about... pages: not worth a request."""
    segments = _segments(url)
    if any(s in SKIP_SEGMENTS for s in segments):
        return True
    return bool(segments) and PurePosixPath(segments[-1]).stem in NON_ARTICLE_STEMS


def non_article_url(url: str) -> bool:
    """The URL alone says this page is not an article (video, tag, section, a
    numbered listing page, the home page...)."""
    segments = _segments(url)
    if not segments or any(s in NON_ARTICLE_SEGMENTS for s in segments):
        return True
    if (page_number(url) or 0) >= 2:  # "?page=1" is often cruft on article URLs
        return True
    stem = PurePosixPath(segments[-1]).stem
    if stem == "index":  # /index.html is a home page, /2019/11/18/story/index.html is not
        return len(segments) == 1
    return stem in NON_ARTICLE_STEMS


def follow_candidates(urls: Iterable[str], source: Source) -> list[str]:
    """Links worth requesting: same site, http(s)/file, not an asset, not a
    tag/author/search/login page; fragments removed; in order, once."""
    out: dict[str, None] = {}
    for url in urls:
        url = url.split("#", 1)[0]
        if (
            urlsplit(url).scheme in {"http", "https", "file"}
            and same_site(url, source)
            and not is_asset(url)
            and not skip_url(url)
        ):
            out.setdefault(url, None)
    return list(out)


def url_looks_like_article(url: str, source: Source) -> bool:
    """A link that probably leads to an article (before fetching it): the
    source's ``article_pattern``, else a date or a long numeric id in the path,
    or a long slug."""
    if source.article_pattern:
        return re.search(source.article_pattern, url) is not None
    if non_article_url(url) or is_asset(url):
        return False
    path = unquote(urlsplit(url).path)
    if DATE_IN_PATH.search(path) or _NUMERIC_ID.search(path):
        return True
    last = PurePosixPath(path.rstrip("/")).stem
    return len(re.split(r"[-_+]", last)) >= 4


# --- articles ------------------------------------------------------------------


@dataclass(frozen=True)
class PageSignals:
    """What the spider reads from a fetched page to decide if it is an article."""

    url: str
    og_type: str | None = None
    jsonld: str = ""
    paragraphs: tuple[str, ...] = ()
    has_date: bool = False
    linked_headings: int = 0  # <h2>/<h3> holding a link: article cards of a listing


def is_article(page: PageSignals, source: Source) -> bool:
    """Only article pages are stored: not the home page, about, video, tag,
    author or listing pages. A source's ``article_pattern`` is a whitelist."""
    if source.article_pattern and re.search(source.article_pattern, page.url) is None:
        return False
    if not source.article_pattern and non_article_url(page.url):
        return False
    og = (page.og_type or "").strip().lower()
    if og == "article" or ARTICLE_TYPES.search(page.jsonld):
        return True
    if NON_ARTICLE_TYPES.search(page.jsonld) or og not in {"", "website"}:  # video.other, profile...
        return False
    if source.article_pattern:
        return True
    if og == "website":  # some sites say "website" on every page: the URL must look like an article too
        return url_looks_like_article(page.url, source) and reads_like_article(page)
    return reads_like_article(page)


def reads_like_article(page: PageSignals) -> bool:
    """Enough long paragraphs (fewer when the page gives a date), and not a
    page of article cards."""
    if page.linked_headings >= MIN_LISTING_CARDS:
        return False
    text = sum(len(p.strip()) for p in page.paragraphs if len(p.strip()) >= 80)
    return text >= MIN_ARTICLE_TEXT or (page.has_date and text >= MIN_DATED_ARTICLE_TEXT)


# --- listings and pagination -----------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    url: str
    text: str = ""
    rel: str = ""


def page_number(url: str) -> int | None:
    """The page number a listing URL carries (``/page/3/``, ``?page=3``)."""
    parts = urlsplit(url)
    match = _PAGE_IN_PATH.search(unquote(parts.path)) or _PAGE_IN_QUERY.search(parts.query)
    return int(match.group(1)) if match else None


def _is_next_text(text: str) -> bool:
    text = text.strip()
    return text in NEXT_SYMBOLS or (bool(normalize(text)) and normalize(text) in NEXT_TEXTS)


def next_page(url: str, anchors: Iterable[Anchor]) -> str | None:
    """The next page of the listing at ``url``: ``rel=next``, a "التالي"/"next"
    link, or the link numbered N+1 whose URL carries page N+1."""
    anchors = list(anchors)
    for anchor in anchors:
        if "next" in anchor.rel.lower().split():
            return anchor.url
    current = page_number(url) or 1
    for anchor in anchors:
        number = page_number(anchor.url)
        if _is_next_text(anchor.text) and anchor.url != url and (number or 2) > current:
            return anchor.url
    wanted = current + 1
    for anchor in anchors:
        if to_ascii_digits(anchor.text.strip()) == str(wanted) and page_number(anchor.url) == wanted:
            return anchor.url
    return None


def pagination_links(anchors: Iterable[Anchor]) -> set[str]:
    """Links to other pages of a listing (numbered or "next"): only the next
    one is followed, through :func:`next_page`."""
    out: set[str] = set()
    for anchor in anchors:
        text = to_ascii_digits(anchor.text.strip())
        if (
            page_number(anchor.url) is not None
            or "next" in anchor.rel.lower().split()
            or "prev" in anchor.rel.lower().split()
            or _is_next_text(text)
        ):
            out.add(anchor.url)
    return out


def listing_exhausted(article_links: Iterable[str], is_known: Callable[[str], bool]) -> bool:
    """A listing page whose article links are all stored already: older pages
    hold nothing new, so paging stops here (incremental runs)."""
    links = list(article_links)
    return bool(links) and all(is_known(link) for link in links)


def needs_fetch(stored_at: str | None, lastmod: datetime | None) -> bool:
    """Fetch an article unless it is stored and no ``lastmod`` says it changed
    after it was stored (``stored_at``: its updated_at or fetched_at)."""
    if stored_at is None:
        return True
    if lastmod is None:
        return False
    stored = parse_iso(stored_at, tz="UTC")
    return stored is None or lastmod > stored


def transient_failure(status: int | None) -> bool:
    """A failed request worth retrying next run: no response at all (timeout,
    refused, DNS), 429 or 5xx. A 404/410 will not get better."""
    return status is None or status == 429 or status >= 500


# --- robots.txt, sitemaps and feeds ----------------------------------------------------


def robots_url(home: str) -> str | None:
    parts = urlsplit(home)
    return f"{parts.scheme}://{parts.netloc}/robots.txt" if parts.scheme in {"http", "https"} else None


def sitemaps_from_robots(text: str, base: str) -> list[str]:
    """``Sitemap:`` lines of a robots.txt (any case), resolved."""
    out: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(urljoin(base, value.strip()))
    return list(dict.fromkeys(out))


def wanted_feed(url: str, source: Source) -> bool:
    """A feed of the source's articles: on its site, not a comments feed."""
    return same_site(url, source) and not {"comments", "comment"} & set(_segments(url))


def default_sitemap(home: str) -> str | None:
    parts = urlsplit(home)
    return f"{parts.scheme}://{parts.netloc}/sitemap.xml" if parts.scheme in {"http", "https"} else None


def is_gzip(body: bytes) -> bool:
    return body[:2] == b"\x1f\x8b"


@dataclass(frozen=True)
class Entry:
    """A URL found in a sitemap or a feed, with the dates given for it."""

    url: str
    lastmod: datetime | None = None
    published: datetime | None = None

    @property
    def date(self) -> datetime | None:
        return self.published or self.lastmod


_XML_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)


def _xml(body: bytes) -> etree._Element | None:
    try:
        root = etree.fromstring(body, parser=_XML_PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname.lower() if isinstance(element.tag, str) else ""


def _child_text(element: etree._Element, *names: str) -> str | None:
    for node in element.iter():
        if _local(node) in names and node.text and node.text.strip():
            return node.text.strip()
    return None


def parse_sitemap(body: bytes, base: str) -> tuple[str, list[Entry]]:
    """(``"index"`` | ``"urlset"`` | ``""``, entries) of a sitemap (already
    gunzipped). News sitemaps give ``publication_date`` as ``published``."""
    root = _xml(body)
    if root is None:
        return "", []
    kind = {"sitemapindex": "index", "urlset": "urlset"}.get(_local(root), "")
    entries: list[Entry] = []
    for node in root:
        if _local(node) not in {"url", "sitemap"}:
            continue
        loc = _child_text(node, "loc")
        if not loc:
            continue
        entries.append(
            Entry(
                url=urljoin(base, loc),
                lastmod=machine_date(_child_text(node, "lastmod")),
                published=machine_date(_child_text(node, "publication_date")),
            )
        )
    return kind, entries


def _feed_link(node: etree._Element) -> str | None:
    links = [c for c in node if _local(c) == "link"]
    for link in links:  # Atom: <link rel="alternate" href="..."/>
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            return link.get("href").strip()
    for link in links:  # RSS: <link>url</link>
        if link.text and link.text.strip():
            return link.text.strip()
    guid = next((c for c in node if _local(c) == "guid"), None)
    if guid is not None and guid.text and guid.get("isPermaLink", "true") != "false":
        return guid.text.strip()
    return None


def parse_feed(body: bytes, base: str) -> list[Entry]:
    """Entries of an RSS 2.0, RSS 1.0 or Atom feed, in feed order."""
    root = _xml(body)
    if root is None:
        return []
    entries: list[Entry] = []
    for node in root.iter():
        if _local(node) not in {"item", "entry"}:
            continue
        link = _feed_link(node)
        if not link:
            continue
        dates = {_local(c): c.text for c in node if _local(c) in {"pubdate", "published", "date", "updated"} and c.text}
        published = machine_date(dates.get("pubdate") or dates.get("published") or dates.get("date"))
        entries.append(Entry(url=urljoin(base, link), lastmod=machine_date(dates.get("updated")), published=published))
    return entries


def known_entry(entry: Entry, known: Mapping[str, str], canonical: Callable[[str], str]) -> bool:
    """A sitemap/feed entry that is stored and unchanged since."""
    return not needs_fetch(known.get(canonical(entry.url)), entry.lastmod)
