"""Section and tags the page declares (JSON-LD, ``article:*`` meta, breadcrumbs).

The labelled blocks boilerplate removal captures ("أقسام", "وسوم") are the
other source; :func:`merge_tags` joins both without repeats.
"""

from __future__ import annotations

import re
from typing import Any

from crawler.text.arabic import clean_text, normalize


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


def merge_tags(*groups: list[str]) -> list[str]:
    """Tags of every group in order, each once."""
    return list(dict.fromkeys(tag for group in groups for tag in group))
