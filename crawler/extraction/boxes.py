"""Boxes inside the article that are not body, found by their structure.

Modern templates put other things between the paragraphs of the article: a
card with another article's headline and link (labelled "اقرأ أيضاً" or not
labelled at all), a picture with its caption and credit, a newsletter or
comment form, a social-media embed. They are told apart by their shape, never
by one site's class names:

* **link box** (:func:`is_link_box`): small, mostly link text, no real
  paragraph, at least one link that leaves the page: a related-article card,
  a list of other headlines, a share bar;
* **picture box** (:func:`is_picture_box`): a picture and a short text: the
  caption and credit;
* **form box** (:func:`is_form_box`): a short text around an input field: a
  newsletter box, a comment form;
* **embed** (:func:`is_embed`): a post from X, Instagram, Facebook, TikTok,
  Telegram, or a WordPress post card, by the markup those platforms publish
  (:data:`EMBED_CLASSES`, :data:`EMBED_ATTRIBUTES`, a quote that links to a
  post on a social host).

:func:`box_blocks` applies the first three to the blocks of the main content;
:func:`is_embed` is a noise test for the tree walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit

# --- rules as data -------------------------------------------------------------------

SOCIAL_HOSTS: frozenset[str] = frozenset(
    {
        "twitter.com",
        "x.com",
        "t.co",
        "facebook.com",
        "fb.com",
        "fb.me",
        "fb.watch",
        "instagram.com",
        "instagr.am",
        "tiktok.com",
        "youtube.com",
        "youtu.be",
        "t.me",
        "telegram.me",
        "telegram.org",
        "whatsapp.com",
        "wa.me",
        "chat.whatsapp.com",
        "threads.net",
        "snapchat.com",
        "linkedin.com",
        "soundcloud.com",
        "news.google.com",
        "bsky.app",
    }
)
# class tokens the platforms' embed codes (and WordPress' post cards) put on their boxes
EMBED_CLASSES: frozenset[str] = frozenset(
    {
        "twitter-tweet",
        "twitter-tweet-rendered",
        "twitter-timeline",
        "twitter-video",
        "instagram-media",
        "tiktok-embed",
        "fb-post",
        "fb-video",
        "fb-page",
        "fb-comments",
        "fb-xfbml-parse-ignore",
        "wp-embedded-content",
        "reddit-embed-bq",
        "telegram-post",
        "embedly-card",
        "iframely-embed",
        "bluesky-embed",
        "text-post-media",  # Threads
    }
)
EMBED_ATTRIBUTES: tuple[str, ...] = (
    "data-instgrm-permalink",
    "data-instgrm-captioned",
    "data-tweet-id",
    "data-telegram-post",
)
_EMBED_CLASS = re.compile("|".join(sorted(EMBED_CLASSES)))  # a cheap first look at a class list
_EMBED_TAGS = frozenset({"blockquote", "div", "section"})
# a link to one post (not to a profile): what a pasted embed quote ends with
SOCIAL_POST_PATH = re.compile(
    r"/status(?:es)?/\d|/p/[\w-]+|/reel/|/posts/|/videos?/|/watch|/permalink|/story\.php|^/[\w.]+/\d+/?$|/@[\w.]+/video/",
    re.I,
)

# a photo credit anywhere in a caption: "… الصورة: فلان", "(تصوير: فلان)", "© فلان"
PHOTO_CREDIT = re.compile(
    r"(?:^|[\s.(،,\-–—|/])(?:الصورة|الصور|صورة|تصوير|عدسة|Photo|Photos|Image|Picture|Credit)\s*[:：]|©|\(c\)", re.I
)
# captions by standard markup (figcaption is never walked: see the noise tags)
CAPTION_CLASSES: frozenset[str] = frozenset({"wp-caption", "wp-caption-text", "wp-element-caption", "caption-text"})

_LINK_BOX_MAX_CHARS = 400
_LINK_BOX_MIN_LINKED = 0.5  # a box of several lines: half its text in links
_LINK_LINE_MIN_LINKED = 0.9  # a box of one line: the line is a link (a sentence with links is not a card)
_PARAGRAPH_UNLINKED_CHARS = 100  # an unlinked run this long is a real paragraph: not a box
_HEADLINE_CHARS = 160  # a card's lines are headlines: a longer linked text is a teaser paragraph
_PICTURE_BOX_MAX_CHARS = 200
_FORM_BOX_MAX_CHARS = 400
_ICON_PIXELS = 64
_CLIMB = 5  # ancestors of a block looked at for a box
_TALLY_LEVELS = 12  # ancestors each block is counted in (boxes sit at most _CLIMB above a block)


class _Block(Protocol):
    text: str
    kind: str
    element: Any
    link_density: float
    in_main: bool
    loose: bool


def _host(url: str) -> str:
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")


def is_social_link(href: str | None) -> bool:
    return bool(href) and _host(href) in SOCIAL_HOSTS


def _is_social_post(href: str | None) -> bool:
    if not is_social_link(href):
        return False
    try:
        return bool(SOCIAL_POST_PATH.search(urlsplit(href).path))
    except ValueError:
        return False


def is_embed(element: Any) -> bool:
    """A social-media post or a post card pasted into the article."""
    classes = element.get("class")
    if classes and _EMBED_CLASS.search(classes) and not EMBED_CLASSES.isdisjoint(classes.split()):
        return True
    if element.tag not in _EMBED_TAGS:
        return False
    if any(element.get(name) for name in EMBED_ATTRIBUTES):
        return True
    if element.tag != "blockquote":
        return False
    if is_social_link(element.get("cite")):
        return True
    return any(_is_social_post(a.get("href")) for a in element.iter("a"))


def _leaves_page(href: str | None, page_url: str) -> bool:
    if not href:
        return False
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    return href.split("#")[0].rstrip("/") != page_url.split("#")[0].rstrip("/")


def _real_picture(element: Any) -> bool:
    for image in element.iter("img", "picture", "video"):
        if image.tag != "img":
            return True
        sizes = [image.get("width"), image.get("height")]
        if all(s and s.isdigit() and int(s) <= _ICON_PIXELS for s in sizes):
            continue  # an icon, not a picture
        return True
    return False


# --- the tests --------------------------------------------------------------------------


@dataclass
class _Tally:
    """The main content's text inside one element."""

    chars: int = 0
    linked: float = 0.0
    blocks: int = 0
    longest_unlinked: float = 0.0
    longest: int = 0


def _tallies(blocks: Iterable[_Block]) -> dict[Any, _Tally]:
    tallies: dict[Any, _Tally] = {}
    for block in blocks:
        size = len(block.text)
        linked = block.link_density * size
        node = block.element
        for _ in range(_TALLY_LEVELS):  # a box's tally must hold all its text: count well above it
            if node is None:
                break
            tally = tallies.setdefault(node, _Tally())
            tally.chars += size
            tally.linked += linked
            tally.blocks += 1
            tally.longest_unlinked = max(tally.longest_unlinked, size - linked)
            tally.longest = max(tally.longest, size)
            node = node.getparent()
    return tallies


def is_link_box(element: Any, tally: _Tally, page_url: str) -> bool:
    """Small, mostly links, no real paragraph, and a link that leaves the page."""
    least = _LINK_BOX_MIN_LINKED if tally.blocks > 1 else _LINK_LINE_MIN_LINKED
    if tally.chars > _LINK_BOX_MAX_CHARS or tally.linked < least * tally.chars:
        return False
    if tally.longest_unlinked >= _PARAGRAPH_UNLINKED_CHARS or tally.longest > _HEADLINE_CHARS:
        return False
    return any(_leaves_page(a.get("href"), page_url) for a in element.iter("a"))


def is_picture_box(element: Any, tally: _Tally) -> bool:
    """A picture with a short text that is its caption: credited ("الصورة: …",
    "تصوير …", "©") or marked as a caption by standard markup (WordPress'
    ``wp-caption``, ``itemprop=caption``). An uncredited line beside a
    picture in unknown markup may be the article's own words: it stays."""
    if tally.chars > _PICTURE_BOX_MAX_CHARS or tally.blocks > 2 or element.tag in {"p", "li", "td"}:
        return False
    if not _real_picture(element):
        return False
    return bool(PHOTO_CREDIT.search(element.text_content())) or any(_marked_caption(node) for node in element.iter())


def _marked_caption(node: Any) -> bool:
    classes = node.get("class")
    return node.get("itemprop") == "caption" or bool(classes and not CAPTION_CLASSES.isdisjoint(classes.split()))


def is_form_box(element: Any, tally: _Tally) -> bool:
    """A short text around an input field (newsletter sign-up, comment form)."""
    if tally.chars > _FORM_BOX_MAX_CHARS:
        return False
    return any(field.get("type", "text") in {"text", "email", "search"} for field in element.iter("input")) or (
        next(element.iter("textarea"), None) is not None
    )


BOX_TESTS = (("link_box", "card"), ("picture_box", "caption"), ("form_box", "form"))


def box_blocks(blocks: list[_Block], page_url: str) -> dict[int, str]:
    """Indexes of main-content blocks that sit in a link, picture or form box,
    with the box's rule name ("card", "caption", "form")."""
    main = [b for b in blocks if b.in_main]
    if not main:
        return {}
    tallies = _tallies(main)
    total = sum(len(b.text) for b in main)
    verdict: dict[Any, str | None] = {}

    def judge(node: Any) -> str | None:
        if node not in verdict:
            tally = tallies[node]
            rule = None
            if tally.chars * 2 < total:  # never the article's own container
                if is_link_box(node, tally, page_url):
                    rule = "card"
                elif is_picture_box(node, tally):
                    rule = "caption"
                elif is_form_box(node, tally):
                    rule = "form"
            verdict[node] = rule
        return verdict[node]

    found: dict[int, str] = {}
    for index, block in enumerate(blocks):
        if not block.in_main:
            continue
        node, rule = block.element, None
        for _ in range(_CLIMB):  # the widest box holding the block wins
            if node is None or node not in tallies:
                break
            rule = judge(node) or rule
            node = node.getparent()
        if rule:
            found[index] = rule
    return found
