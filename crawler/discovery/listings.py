"""Listing pages: the next page (``rel=next``, "التالي", the numbered link
N+1, a "load more" button whose ``href`` is an ordinary next page),
pagination links, and when an incremental run may stop paging.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from crawler.discovery.links import page_number
from crawler.text.arabic import normalize, to_ascii_digits

NEXT_TEXTS = frozenset(
    normalize(t) for t in ("التالي", "التالية", "الصفحة التالية", "التالى", "next", "next page", "older posts")
)
NEXT_SYMBOLS = frozenset({"»", "›", ">", ">>"})
# "load more" buttons: on their own they often lead elsewhere ("more from this
# section"), so they count only when their URL carries the next page number
LOAD_MORE_TEXTS = frozenset(
    normalize(t)
    for t in (
        "المزيد",
        "تحميل المزيد",
        "عرض المزيد",
        "اعرض المزيد",
        "حمل المزيد",
        "شاهد المزيد",
        "المزيد من الأخبار",
        "المزيد من الاخبار",
        "المزيد من المقالات",
        "أخبار أخرى",
        "load more",
        "show more",
        "more",
        "more news",
        "more stories",
        "more posts",
    )
)
_LOAD_MORE_CLASS = re.compile(r"load[-_ ]?more|more[-_ ]?(?:posts|news|articles|items)|next[-_ ]?posts|infinite", re.I)


@dataclass(frozen=True)
class Anchor:
    url: str
    text: str = ""
    rel: str = ""
    classes: str = ""  # the element's class and id: "load-more" buttons


def _is_load_more(anchor: Anchor) -> bool:
    text = normalize(anchor.text.strip())
    return (bool(text) and text in LOAD_MORE_TEXTS) or _LOAD_MORE_CLASS.search(anchor.classes) is not None


def _is_next_text(text: str) -> bool:
    text = text.strip()
    return text in NEXT_SYMBOLS or (bool(normalize(text)) and normalize(text) in NEXT_TEXTS)


def next_page(url: str, anchors: Iterable[Anchor]) -> str | None:
    """The next page of the listing at ``url``: ``rel=next``, a "التالي"/"next"
    link, a "load more" link to a higher page number, or the link numbered
    N+1 whose URL carries page N+1."""
    anchors = list(anchors)
    for anchor in anchors:
        if "next" in anchor.rel.lower().split():
            return anchor.url
    current = page_number(url) or 1
    for anchor in anchors:
        number = page_number(anchor.url)
        if _is_next_text(anchor.text) and anchor.url != url and (number or 2) > current:
            return anchor.url
    for anchor in anchors:
        if _is_load_more(anchor) and (page_number(anchor.url) or 0) > current:
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
