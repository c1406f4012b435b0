"""Boilerplate: remove whole boilerplate *blocks*, keep what they name.

Rules live in one list, :data:`BLOCK_RULES`. A rule matches a short label
block ("أقسام", "أخبار متعلقة", "اقرأ أيضاً"...) and removes it together with
the list that follows it (list items or link-dominated lines), stopping at
the next real paragraph or heading. Words inside real paragraphs are never
touched. A rule may *capture* what it removes (the article's section from
"أقسام", tags from "وسوم").

Inside the main content, boxes that are not body (related-article cards,
captions, forms) and stray lines (credits, follow calls, player controls,
disclaimers, timestamps) are removed by their shape (:func:`strip_boxes`).

The seed-style teaser (paragraph 1 cut with "...") is removed when it repeats
the start of the first body paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crawler.extraction.blocks import Block
from crawler.extraction.boxes import box_blocks
from crawler.extraction.lines import line_rule
from crawler.text.arabic import normalize

_MAX_LABEL_CHARS = 40
_MAX_INLINE_CHARS = 160
_LABEL_COLON = re.compile(r"^(?P<label>[^:：\-–]{1,30})\s*[:：\-–]")


@dataclass(frozen=True)
class BlockRule:
    """A labelled boilerplate block: its label texts and what it captures."""

    name: str
    labels: tuple[str, ...]
    capture: str | None = None  # "section" or "tags"
    inline: bool = False  # also a line "label: <link text>" on its own
    heading_prefix: bool = False  # also a short heading that starts with a label ("الأكثر قراءة اليوم")
    keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "keys", frozenset(normalize(label) for label in self.labels))

    def matches(self, block: Block) -> bool:
        """The block is this rule's label, or (inline rules) a "label: link" line."""
        if len(block.text) > _MAX_INLINE_CHARS and block.link_density < 0.4:
            return False  # a real paragraph: never a label (and the common case, so first)
        if len(block.text) <= _MAX_LABEL_CHARS and block.key in self.keys:
            return True
        if self.heading_prefix and block.kind == "h" and len(block.text) <= _MAX_LABEL_CHARS:
            return any(block.key.startswith(k + " ") for k in self.keys)
        if not self.inline or block.kind == "h":
            return False
        match = _LABEL_COLON.match(block.text)
        if match is not None and normalize(match["label"]) in self.keys:
            return block.link_density >= 0.4 or len(block.text) <= _MAX_INLINE_CHARS
        # "شارك فيسبوك تويتر": the label followed by nothing but links
        key = block.key
        return block.link_density >= 0.4 and any(key.startswith(k + " ") for k in self.keys)


BLOCK_RULES: tuple[BlockRule, ...] = (
    BlockRule("sections", ("أقسام", "الأقسام", "القسم", "التصنيف", "التصنيفات", "تصنيفات"), capture="section"),
    BlockRule("tags", ("وسوم", "الوسوم", "الكلمات المفتاحية", "كلمات مفتاحية", "كلمات دالة", "Tags"), capture="tags"),
    BlockRule(
        "related",
        (
            "أخبار متعلقة",
            "أخبار ذات صلة",
            "مواضيع ذات صلة",
            "مقالات ذات صلة",
            "مواد ذات صلة",
            "ذات صلة",
            "مقالات مشابهة",
            "أخبار مشابهة",
            "قد يهمك",
            "لا تفوت",
            "لا تفوّت",
            "اقرأ أيضاً",
            "اقرأ أيضا",
            "إقرأ أيضاً",
            "إقرأ أيضا",
            "اقرأ المزيد",
            "شاهد أيضاً",
            "شاهد أيضا",
            "قد يهمك أيضاً",
            "قد يهمك أيضا",
            "قد يعجبك أيضاً",
            "قد يعجبك أيضا",
            "Related",
            "Related articles",
            "Related stories",
            "Related news",
            "Related posts",
            "Read more",
            "Read also",
            "Read next",
            "See more",
            "See also",
            "More from",
            "More stories",
            "More on this story",
            "You may also like",
            "You might also like",
            "Recommended",
            "Recommended for you",
        ),
        inline=True,
        heading_prefix=True,
    ),
    BlockRule(
        "popular",
        (
            "الأكثر قراءة",
            "الأكثر مشاهدة",
            "الأكثر تداولاً",
            "الأكثر تداولا",
            "الأكثر شعبية",
            "آخر الأخبار",
            "أخبار عاجلة",
            "Most read",
            "Most popular",
            "Most viewed",
            "Trending",
            "Trending now",
        ),
        heading_prefix=True,
    ),
    BlockRule(
        "ads",
        (
            "إعلان",
            "اعلان",
            "إعلانات",
            "اعلانات",
            "مساحة إعلانية",
            "مساحة اعلانية",
            "إعلان ممول",
            "إعلان مدفوع",
            "محتوى مدعوم",
            "محتوى ممول",
            "محتوى إعلاني",
            "برعاية",
            "Advertisement",
            "Advertising",
            "Advert",
            "Ad",
            "Ads",
            "Sponsored",
            "Sponsored content",
            "Promoted",
            "Paid content",
            "Partner content",
        ),
    ),
    BlockRule(
        "social",
        (
            "شارك",
            "شارك الخبر",
            "شارك المقال",
            "مشاركة",
            "شارك هذا المقال",
            "شارك هذا",
            "شارك هذه المقالة",
            "شارك المقالة",
            "معجب بهذه",
            "أعجبني",
            "Like this",
            "تابعنا",
            "تابعنا على",
            "تابعونا",
            "تابعونا على",
            "انشر",
            "طباعة",
            "أرسل لصديق",
            "Share",
            "Follow us",
        ),
        inline=True,
    ),
    BlockRule(
        "comments",
        (
            "التعليقات",
            "تعليقات",
            "أضف تعليق",
            "أضف تعليقاً",
            "إضافة تعليق جديد",
            "اترك تعليقاً",
            "اترك تعليقا",
            "Comments",
        ),
    ),
)
_ELLIPSIS = re.compile(r"\s*(?:\.{2,}|…)\s*$")


def _is_list_line(block: Block) -> bool:
    return block.kind == "li" or block.link_density >= 0.6


def rule_for(block: Block, rules: tuple[BlockRule, ...] = ()) -> BlockRule | None:
    """The first rule whose label this block is, or None."""
    return next((rule for rule in rules or BLOCK_RULES if rule.matches(block)), None)


@dataclass
class Stripped:
    blocks: list[Block]
    removed: list[tuple[str, str]]  # (rule name, text) for each removed block
    section: str | None
    tags: list[str]


def strip_rules(blocks: list[Block], rules: tuple[BlockRule, ...] = BLOCK_RULES) -> Stripped:
    """Remove labelled boilerplate blocks; capture section/tags they hold.

    Section captures are taken from the first labelled block that comes after
    the main content starts (a page-wide "الأقسام" menu later is ignored).
    """
    kept: list[Block] = []
    removed: list[tuple[str, str]] = []
    section: str | None = None
    tags: list[str] = []
    main_started = False
    i = 0
    while i < len(blocks):
        block = blocks[i]
        main_started = main_started or block.in_main
        rule = rule_for(block, rules)
        if rule is None:
            kept.append(block)
            i += 1
            continue
        removed.append((rule.name, block.text))
        captured: list[str] = []
        i += 1
        while i < len(blocks) and _is_list_line(blocks[i]) and rule_for(blocks[i], rules) is None:
            captured.append(blocks[i].text)
            removed.append((rule.name, blocks[i].text))
            i += 1
        if rule.capture == "section" and captured and section is None and main_started:
            section = captured[0]
        elif rule.capture == "tags":
            tags.extend(captured)
    return Stripped(kept, removed, section, tags)


def strip_teaser(blocks: list[Block]) -> list[Block]:
    """Drop a paragraph cut with "..." that repeats the start of the body.

    The teaser may sit before or inside the main content; it is dropped only
    when the first main paragraph after it starts with the same words.
    """
    body = [b for b in blocks if b.in_main and b.kind == "p"]
    if not body:
        return blocks
    out: list[Block] = []
    for index, block in enumerate(blocks):
        if block.kind == "p" and _ELLIPSIS.search(block.text):
            prefix = normalize(_ELLIPSIS.sub("", block.text))
            following = next((b for b in blocks[index + 1 :] if b.in_main and b.kind == "p"), None)
            if prefix and following is not None and len(prefix) >= 20 and normalize(following.text).startswith(prefix):
                continue
        out.append(block)
    return out


def strip_boxes(stripped: Stripped, url: str) -> None:
    """Drop the main content's boxes (cards, captions, forms: :mod:`crawler.extraction.boxes`)
    and stray lines (credits, follow calls, player controls, disclaimers,
    timestamps: :mod:`crawler.extraction.lines`), each counted under its rule."""
    boxes = box_blocks(stripped.blocks, url)
    kept = []
    for index, block in enumerate(stripped.blocks):
        rule = boxes.get(index)
        if rule is None and block.in_main:
            rule = line_rule(block.text, None if block.loose else block.element, heading=block.kind == "h")
        if rule is None:
            kept.append(block)
        else:
            stripped.removed.append((rule, block.text))
    stripped.blocks = kept


def strip_boilerplate(blocks: list[Block], url: str = "") -> Stripped:
    """All boilerplate rules, the article's boxes and stray lines, then the
    teaser: the blocks that may be body. ``url`` is the page's own address
    (a card links elsewhere)."""
    stripped = strip_rules(blocks)
    strip_boxes(stripped, url)
    stripped.blocks = strip_teaser(stripped.blocks)
    return stripped
