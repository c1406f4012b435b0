"""Sanitize: stored text holds no markup, stored HTML no scripts.

Plain-text fields (title, subtitle, body, author, section, tags) come from
text nodes and meta attributes, where a hostile page can still plant
``<script>...</script>`` as literal text; such tags are removed. Only what a
browser would take for markup goes: a known HTML/SVG/MathML element, a custom
element (``<x-widget>``) or any tag carrying attributes (``<x onfocus=...>``);
angle-bracketed prose ("<The Palace: Tale of Jang Noksu>", a Korean-style
title) is text and stays. ``body_html``
is built with nh3 by the extraction; it is cleaned again with nh3 if it
holds anything that could run (defense in depth).
"""

from __future__ import annotations

import re

import nh3
from lxml.html import defs as html_defs

from crawler.extraction.article import Article

_SCRIPT_BLOCK = re.compile(r"<(script|style|iframe|noscript|template)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)([\s/][^<>]*)?>")
_ATTRIBUTE = re.compile(r"[^\s=/]+\s*=")
# elements lxml's list of HTML tags lacks: SVG and MathML (pages embed both), newer and obsolete HTML
_MORE_TAGS = """
    animate animatemotion animatetransform bdi bgsound circle clippath data defs desc dialog ellipse feimage filter
    foreignobject frame g image line lineargradient listing maction main marker mask menuitem mi mn mo mpath mrow ms
    mtext multicol nextid nobr noembed noframes path pattern picture plaintext polygon polyline portal radialgradient
    rb rect rtc search semantics set slot spacer stop switch symbol template text textpath tspan use xmp
"""
MARKUP_TAGS = frozenset(html_defs.tags) | frozenset(_MORE_TAGS.split())
_UNSAFE_HTML = re.compile(r"<\s*(?:script|style|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:|vbscript:", re.I)
TEXT_FIELDS = ("title", "subtitle", "body", "author", "section")


def strip_markup(text: str) -> str:
    """Text without tags; script/style blocks go with their content."""
    if "<" not in text:
        return text
    return _TAG.sub(_drop_markup, _SCRIPT_BLOCK.sub("", text))


def _drop_markup(tag: re.Match[str]) -> str:
    closing, name, attributes = tag.groups()
    if name.lower() in MARKUP_TAGS or "-" in name or (not closing and _ATTRIBUTE.search(attributes or "")):
        return ""
    return tag[0]


def safe_html(html: str) -> str:
    """``html`` as is when nothing in it can run, else cleaned by nh3."""
    return nh3.clean(html) if _UNSAFE_HTML.search(html) else html


def sanitize(article: Article) -> list[str]:
    """Remove markup from the article's plain-text fields and anything that
    could run from its ``body_html``, in place; returns the fields changed."""
    changed: list[str] = []
    for name in TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and (clean := strip_markup(value)) != value:
            setattr(article, name, clean.strip())
            changed.append(name)
    tags = [strip_markup(tag).strip() for tag in article.tags]
    if tags != article.tags:
        article.tags = [tag for tag in tags if tag]
        changed.append("tags")
    if article.body_html and (clean := safe_html(article.body_html)) != article.body_html:
        article.body_html = clean
        changed.append("body_html")
    return changed
