"""Short lines inside the article that are not body, as data.

Each rule names a kind of line outlets print between or after the paragraphs:

* ``credit``: "ترجمة: …", "تحرير: …", "تصوير: …", "المصدر: …", "كتب: …"
  (the roles are :data:`crawler.extraction.credits.CREDIT_ROLES`);
* ``caption``: a short line holding a photo credit ("… (عدسة: فلان)");
* ``follow``: a call to follow the outlet on Telegram, WhatsApp, Facebook…
  (:data:`FOLLOW_WORDS` with a link to a social host or a platform's name);
* ``interface``: the words of a video player, a like or share widget, a
  "load more" button (:data:`INTERFACE_WORDS`, :data:`INTERFACE_PHRASES`);
* ``disclaimer``: "المقالات المنشورة تعبر عن آراء كتّابها…" (:data:`DISCLAIMERS`);
* ``timestamp``: a line that is only a time or a date (a live blog's entry
  times, a card's "منذ يومين").

Only short lines are judged (a real paragraph that merely mentions "إعلان",
"تلغرام" or "المصدر" is never one of them), and each rule needs the whole
line to be of its kind, not one of its words.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from crawler.extraction.boxes import PHOTO_CREDIT, is_social_link
from crawler.extraction.credits import credit_role
from crawler.extraction.published import PUBLISHED_LABELS, UPDATED_LABELS
from crawler.text.arabic import normalize
from crawler.text.dates import parse_visible_date

_MAX_LINE_CHARS = 200
_MAX_CAPTION_CHARS = 160

FOLLOW_WORDS: frozenset[str] = frozenset(
    normalize(w)
    for w in (
        "تابع",
        "تابعوا",
        "تابعونا",
        "تابعنا",
        "تابعي",
        "انضم",
        "انضموا",
        "انضمي",
        "اشترك",
        "اشتركوا",
        "اشتركي",
        "لمتابعة",
        "للمتابعة",
        "للاشتراك",
        "للانضمام",
        "حمل",
        "حملوا",
        "نزل",
        "follow",
        "join",
        "subscribe",
    )
)
PLATFORMS: tuple[str, ...] = (
    "تلغرام",
    "تليغرام",
    "تيليغرام",
    "تيليجرام",
    "تلجرام",
    "تليجرام",
    "واتساب",
    "واتس اب",
    "واتسآب",
    "فيسبوك",
    "فيس بوك",
    "تويتر",
    "إكس",
    "انستغرام",
    "إنستغرام",
    "انستقرام",
    "إنستقرام",
    "يوتيوب",
    "تيك توك",
    "غوغل نيوز",
    "جوجل نيوز",
    "تطبيق",
    "Telegram",
    "WhatsApp",
    "Facebook",
    "Twitter",
    "Instagram",
    "YouTube",
    "TikTok",
    "Google News",
)
_PLATFORM = re.compile("|".join(re.escape(normalize(p)) for p in PLATFORMS), re.I)
_MAX_UNLINKED_FOLLOW_CHARS = 90

# words of players, like/share widgets and buttons; a short line made only of these is interface
INTERFACE_WORDS: frozenset[str] = frozenset(
    normalize(w).casefold()
    for w in (
        "تشغيل",
        "إيقاف",
        "ايقاف",
        "مؤقت",
        "كتم",
        "الصوت",
        "إلغاء",
        "ملء",
        "الشاشة",
        "الإعدادات",
        "الاعدادات",
        "الجودة",
        "الترجمة",
        "تخطي",
        "الإعلان",
        "إعلان",
        "اعلان",
        "بعد",
        "ثوان",
        "ثواني",
        "ثانية",
        "إعجاب",
        "أعجبني",
        "تحميل",
        "المزيد",
        "نسخ",
        "الرابط",
        "مشاركة",
        "شارك",
        "طباعة",
        "حفظ",
        "إغلاق",
        "اغلاق",
        "مباشر",
        "تحديث",
        "عاجل",
        "Play",
        "Pause",
        "Replay",
        "Mute",
        "Unmute",
        "Volume",
        "Fullscreen",
        "Full",
        "screen",
        "Exit",
        "Settings",
        "Quality",
        "Subtitles",
        "Captions",
        "CC",
        "HD",
        "Live",
        "Skip",
        "Ad",
        "Ads",
        "Advertisement",
        "Close",
        "Like",
        "Share",
        "Loading",
        "Load",
        "more",
        "Copy",
        "link",
        "video",
        "url",
    )
)
_LATIN = re.compile(r"[A-Za-z]")
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])")  # spans with no space between
_TIME_TOKEN = re.compile(r"^\d{1,2}(?::\d{2}){1,2}$|^\d+$|^[/|·:.\-–]+$")
INTERFACE_PHRASES: tuple[str, ...] = tuple(
    normalize(p).casefold()
    for p in (
        "does not support the video",
        "does not support html5 video",
        "does not support video",
        "متصفحك لا يدعم",
        "المتصفح لا يدعم",
        "Error loading media",
        "Copy video url",
        "Share this video",
        "Vidverto Player",
        "Video Player is loading",
        "This video file cannot be played",
    )
)
_MAX_INTERFACE_CHARS = 80

DISCLAIMERS: tuple[str, ...] = tuple(
    normalize(p).casefold()
    for p in (
        "لا تعبر بالضرورة عن",
        "لا تعبر عن رأي",
        "لا يعبر بالضرورة عن",
        "تعبر عن رأي كاتبها",
        "تعبر عن آراء كتابها",
        "تعبر عن آراء كتّابها",
        "تعبر عن وجهة نظر كاتبها",
        "does not necessarily reflect",
        "do not necessarily reflect",
        "views expressed in this",
    )
)
_MAX_DISCLAIMER_CHARS = 250

_TIME_LINE = re.compile(r"^\d{1,2}[:.]\d{2}(?:\s*(?:ص|م|am|pm))?$", re.I)
_RELATIVE_LINE = re.compile(r"^(?:منذ|قبل)\s+(?:\d+\s+)?\w+$|^\d+\s+\w+\s+ago$", re.I)
_MAX_DATE_LINE_CHARS = 50
DATE_LABELS: tuple[str, ...] = (*PUBLISHED_LABELS, *UPDATED_LABELS, "التاريخ")
_DATE_LABEL = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(DATE_LABELS, key=len, reverse=True)) + r")\s*(?:[:：\-–]\s*|\s)",
    re.I,
)


@functools.lru_cache(maxsize=4096)  # every rule reads the same line folded
def _folded(text: str) -> str:
    return normalize(text).casefold()


def _links(element: Any) -> list[str]:
    if element is None:
        return []
    anchors = [element] if element.tag == "a" else []
    return [a.get("href") or "" for a in [*anchors, *element.iter("a")]]


def is_credit(text: str) -> bool:
    """ "ترجمة: فلان", "(إعداد فلان للنشرة العربية - تحرير علان)", "كتب: فلان"."""
    if credit_role(text, need_colon=True):
        return True
    stripped = text.strip()
    return stripped.startswith("(") and stripped.endswith(")") and credit_role(stripped) is not None


def is_caption(text: str) -> bool:
    """A picture's caption printed as a line of the text: "… (عدسة: فلان)", "… الصورة: فلان"."""
    return len(text) <= _MAX_CAPTION_CHARS and bool(PHOTO_CREDIT.search(text))


def is_follow_call(text: str, element: Any = None) -> bool:
    """A call to follow the outlet somewhere ("تابعونا على تلغرام", "انضموا إلى قناتنا")."""
    key = _folded(text)
    if not FOLLOW_WORDS.intersection(key.split()):
        return False
    if any(is_social_link(href) for href in _links(element)):
        return True
    return len(text) <= _MAX_UNLINKED_FOLLOW_CHARS and bool(_PLATFORM.search(key))


def is_interface(text: str) -> bool:
    """Player controls, like/share widgets, buttons: every word is an interface word."""
    if len(text) > _MAX_INTERFACE_CHARS:
        return False
    key = _folded(text)
    if any(phrase in key for phrase in INTERFACE_PHRASES):
        return True
    words = (_folded(_GLUED.sub(" ", text)) if _LATIN.search(text) else key).split()
    return (
        bool(words)
        and all(w in INTERFACE_WORDS or _TIME_TOKEN.match(w) for w in words)
        and any(w in INTERFACE_WORDS for w in words)
    )


def is_disclaimer(text: str) -> bool:
    if len(text) > _MAX_DISCLAIMER_CHARS:
        return False
    key = _folded(text)
    return any(phrase in key for phrase in DISCLAIMERS)


def is_timestamp(text: str) -> bool:
    """A line that is only a time ("18:40"), a relative time ("منذ يومين") or a
    date, maybe labelled ("آخر تحديث: 8 آذار 2026 - 18:40")."""
    text = _DATE_LABEL.sub("", text.strip(), count=1)
    if len(text) > _MAX_DATE_LINE_CHARS:
        return False
    if _TIME_LINE.match(text) or _RELATIVE_LINE.match(_folded(text)):
        return True
    return len(text.split()) <= 8 and parse_visible_date(text) is not None


LINE_RULES = (
    ("credit", lambda text, element: is_credit(text)),
    ("caption", lambda text, element: is_caption(text)),
    ("follow", is_follow_call),
    ("interface", lambda text, element: is_interface(text)),
    ("disclaimer", lambda text, element: is_disclaimer(text)),
    ("timestamp", lambda text, element: is_timestamp(text)),
)


def line_rule(text: str, element: Any = None, heading: bool = False) -> str | None:
    """The name of the rule a short line of the article matches, or None.
    A heading is judged by the interface rule alone (a live blog's "تحديث")."""
    if len(text) > _MAX_LINE_CHARS:
        return None
    if heading:
        return "interface" if is_interface(text) else None
    for name, test in LINE_RULES:
        if test(text, element):
            return name
    return None
