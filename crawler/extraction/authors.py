"""Authors: every writer the byline names, and no one else.

Candidates come as bylines, most trustworthy first: JSON-LD persons, the
``author`` meta tags, the page's framework state (when the page shows those
names too), ``rel=author`` links, links to author pages beside the headline,
byline classes, then a short line starting with a byline word ("كتب:",
"بقلم", "إعداد:", "بواسطة"). The first byline that names someone wins; all
its names are kept, joined with :data:`~crawler.extraction.credits.AUTHOR_SEPARATOR`.

Never an author: the outlet, a news agency (wire copy has no person), a
translator, editor or photographer credited on the same line, a commenter or
a comment form's "الاسم" label. Candidates are read lazily: the XPath ones
cost more and are rarely needed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from crawler.extraction.credits import author_part, is_agency, join_authors, split_names, strip_role
from crawler.extraction.published import PAGE_LEVEL, headline_box
from crawler.extraction.structured import person_names
from crawler.text.arabic import clean_text, normalize
from crawler.text.dates import strip_trailing_date

AUTHOR_PREFIX = re.compile(
    r"^\s*(?:كتب|كتبت|بقلم|إعداد|اعداد|بواسطة|تقرير|الكاتب|by|written by)\s*[:：\-–]?\s*",
    re.I,
)
_MAX_NAME_WORDS = 6
_MIN_OUTLET_CHARS = 4  # "مرآة المدن - حمص" names the outlet, not a person; a 2-letter outlet name proves nothing


def clean_author(name: str, outlet_names: tuple[str, ...]) -> str | None:
    """One name without its byline word; None for the outlet, an agency or a non-name."""
    name = clean_text(AUTHOR_PREFIX.sub("", clean_text(name)))
    if not name or len(name) > 80 or name.startswith("http") or len(name.split()) > _MAX_NAME_WORDS:
        return None
    if any(char.isdigit() for char in name):  # a date, a time, a count: never part of a name
        return None
    key = normalize(name)
    outlets = {normalize(o) for o in outlet_names if o}
    if key in outlets or any(o in key for o in outlets if len(o) >= _MIN_OUTLET_CHARS) or is_agency(name):
        return None
    return name


def author_names(byline: str, outlet_names: tuple[str, ...]) -> list[str]:
    """The writers one byline names: other credits on the line dropped, names split."""
    writer = author_part(strip_trailing_date(clean_text(byline)))
    if not writer:
        return []
    names = (clean_author(name, outlet_names) for name in split_names(strip_role(writer)))
    return [name for name in names if name]


# never inside comments (a commenter, the comment form's "الاسم" label) or a form
_NOT_COMMENTS = "not(ancestor-or-self::*[contains(@class,'comment') or contains(@id,'comment') or self::form])"
_AUTHOR_LINKS_XPATH = (
    f"//*[@rel='author' or @itemprop='author'][{_NOT_COMMENTS}][not(.//*[@rel='author' or @itemprop='author'])]"
)
_BYLINE_XPATH = (
    f"//*[contains(@class,'author') or contains(@class,'byline') or contains(@class,'writer')][{_NOT_COMMENTS}]"
)
# short elements whose text starts with a byline word: "كتب: ...", "بقلم ...", "إعداد: ..."
_PREFIXED_XPATH = (
    "//*[self::span or self::div or self::p or self::a or self::strong or self::b or self::em]["
    + " or ".join(
        f"starts-with(normalize-space(text()), '{word}')"
        for word in ("كتب", "بقلم", "إعداد", "اعداد", "بواسطة", "By ", "by ")
    )
    + "]"
)
AUTHOR_URL = re.compile(r"/(?:author|authors|writer|writers|kuttab|columnists?|people|profile|contributors?)/", re.I)


def _author_links(tree: Any, title: str | None) -> list[str]:
    """Links to author pages in the headline's box (or the box around it)."""
    heading = headline_box(tree, title)
    if heading is None:
        return []
    around = heading.getparent()
    box = heading if around is None or around.tag in PAGE_LEVEL else around
    return [clean_text(a.text_content()) for a in box.iter("a") if AUTHOR_URL.search(a.get("href") or "")]


def _bylines(
    tree: Any, jsonld: dict, meta: dict[str, str], state_authors: Callable[[], list[str]] | None, title: str | None
) -> Iterator[list[str]]:
    """Bylines (each a list of texts), most trustworthy first; computed lazily."""
    yield person_names(jsonld.get("author"))
    yield from ([meta[k]] for k in ("author", "article:author", "dc.creator", "byl") if k in meta)
    yield state_authors() if state_authors is not None else []
    yield [element.text_content() for element in tree.xpath(_AUTHOR_LINKS_XPATH)]
    yield _author_links(tree, title)
    for element in tree.xpath(_BYLINE_XPATH):
        text = element.text_content()
        if len(text) < 100:
            yield [text]
    prefixed = (clean_text(element.text_content()) for element in tree.xpath(_PREFIXED_XPATH))
    # the innermost element first: "<div>إعداد: <span>…</span> <span>date</span></div>" is too wide
    yield from ([t] for t in sorted((t for t in prefixed if len(t) <= 80 and AUTHOR_PREFIX.match(t)), key=len))


def pick_author(
    tree: Any,
    jsonld: dict,
    meta: dict[str, str],
    outlet_names: tuple[str, ...],
    state_authors: Callable[[], list[str]] | None = None,
    title: str | None = None,
) -> str | None:
    """Every writer of the first byline that names one ("سلمى الخطيب، باسل عيسى").

    ``state_authors`` gives the framework state's names for this article that
    the page shows too (asked only when the bylines before it name no one); ``title`` locates the headline's box.
    """
    for byline in _bylines(tree, jsonld, meta, state_authors, title):
        names = [name for text in byline for name in author_names(text, outlet_names)]
        if names:
            return join_authors(names)
    return None
