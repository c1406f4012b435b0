"""robots.txt, sitemaps (index, urlset, Google News, gzipped) and RSS/Atom
feeds: the URLs they list with the dates they give.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from crawler.discovery.links import path_segments, same_site
from crawler.sources import Source
from crawler.text.dates import machine_date


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
    return same_site(url, source) and not {"comments", "comment"} & set(path_segments(url))


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
