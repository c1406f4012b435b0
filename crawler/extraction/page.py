"""Page bytes -> text -> lxml tree: the first step of extraction.

Decoding trusts the bytes over the labels (Arabic sites mislabel their
charset); parsing uses the very parser options of Scrapy's selectors
(``huge_tree``), so a tree the spider already parsed and a tree parsed here
from the same text are the same tree, and a page nested deeper than
libxml2's default limit (256 levels, past which the rest of the page is
silently cut off) is read whole up to the 2048 levels libxml2 allows.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

import lxml.html
from lxml import etree

from crawler.text.encodings import codec_name, real_encoding

MAX_HTML_CHARS = 5_000_000

_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w:.-]+)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_PARSER = lxml.html.HTMLParser(recover=True, huge_tree=True)


def declared_encoding(raw: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header, else the page's ``<meta>``, declares."""
    header = _HEADER_CHARSET.search(content_type or "")
    meta = _META_CHARSET.search(raw[:4096])
    return codec_name(header[1] if header else None) or codec_name(meta[1] if meta else None)


def decode_html(raw: bytes, content_type: str | None = None) -> str:
    """Page bytes -> text, right even when the declared charset is wrong.

    A BOM wins; bytes that are valid UTF-8 are UTF-8 whatever the label says
    (other encodings of Arabic are practically never valid UTF-8); a strong
    declared charset (windows-1256, iso-8859-6...) is used as declared; a
    missing, wrong "utf-8" or default "latin-1" label on Arabic bytes means
    windows-1256. Undecodable bytes become U+FFFD, never an exception.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom) :].decode(encoding, errors="replace")
    return raw.decode(real_encoding(raw, declared_encoding(raw, content_type)), errors="replace")


def parse_html(html: str) -> Any:
    """Parse HTML to an lxml tree; raises ValueError for an empty/unusable page."""
    if not html or not html.strip():
        raise ValueError("empty page")
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    html = _XML_DECLARATION.sub("", html, count=1)
    try:
        tree = lxml.html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"unparseable HTML: {exc}") from None
    return tree


def usable_tree(tree: Any) -> bool:
    """A tree the spider parsed can be used as it is: an HTML document with a
    body (the spider's parser turns an empty page into a bare ``<html/>``)."""
    return tree is not None and getattr(tree, "tag", None) == "html" and tree.find("body") is not None
