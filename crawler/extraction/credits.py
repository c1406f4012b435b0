"""Credits: who wrote, translated, edited or photographed a story, as data.

Arabic outlets print every contributor the same way, a role word and a name
("كتب: …", "ترجمة: …", "تحرير: …", "تصوير: …", "المصدر: …"). Only the
writer's credit names an author; a translator, an editor, a photographer, a
source or a news agency never does. A credit line inside the article is a
credit, not body. Several authors are stored in one value joined with
:data:`AUTHOR_SEPARATOR` ("، ", the Arabic comma and a space), in byline order.
"""

from __future__ import annotations

import re

from crawler.text.arabic import clean_text, normalize

AUTHOR_SEPARATOR = "، "

# role -> the words that open its credit ("كتب: فلان", "بقلم فلان", "Photo: ...")
CREDIT_ROLES: dict[str, tuple[str, ...]] = {
    "author": ("كتب", "كتبت", "بقلم", "إعداد", "اعداد", "بواسطة", "تقرير", "الكاتب", "الكاتبة", "By", "Written by"),
    "translator": ("ترجمة", "ترجمه", "تعريب", "نقله إلى العربية", "Translated by", "Translation"),
    "editor": ("تحرير", "مراجعة", "تدقيق", "تنسيق", "إشراف", "Edited by", "Editing"),
    "photographer": (
        "تصوير",
        "عدسة",
        "الصورة",
        "صورة",
        "الصور",
        "صور",
        "رسوم",
        "مونتاج",
        "Photo",
        "Photos",
        "Image",
        "Credit",
    ),
    "source": ("المصدر", "مصدر", "المصادر", "نقلاً عن", "نقلا عن", "Source", "Via"),
}
# A credit is short: the role word, an optional colon or dash, and a few names.
_MAX_CREDIT_CHARS = 90
_MAX_CREDIT_WORDS = 12

# News agencies (and their usual abbreviations): wire copy has no person as author.
AGENCIES: tuple[str, ...] = (
    "رويترز",
    "فرانس برس",
    "فرانس بريس",
    "وكالة فرانس برس",
    "وكالة الصحافة الفرنسية",
    "أ ف ب",
    "أ.ف.ب",
    "ا ف ب",
    "أسوشيتد برس",
    "أسوشيتيد برس",
    "اسوشيتد برس",
    "أ ب",
    "الأناضول",
    "وكالة الأناضول",
    "سانا",
    "وكالة سانا",
    "وكالة الأنباء السورية",
    "سبوتنيك",
    "د ب أ",
    "د.ب.أ",
    "شينخوا",
    "وام",
    "واس",
    "قنا",
    "كونا",
    "بترا",
    "وكالات",
    "وكالة الأنباء",
    "Reuters",
    "AFP",
    "AP",
    "Associated Press",
    "Anadolu",
    "Anadolu Agency",
    "dpa",
    "Xinhua",
    "SANA",
)
_AGENCY_KEYS = frozenset(normalize(a) for a in AGENCIES)
_AGENCY_WORD = re.compile(r"^(?:وكاله|agency)\b|\bnews agency$", re.I)


def _prefix_pattern(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_ROLE_PREFIX = {
    role: re.compile(rf"^\s*\(?\s*(?:{_prefix_pattern(words)})(?:\s*[:：\-–—]\s*|\s+)(?=\S)", re.I)
    for role, words in CREDIT_ROLES.items()
}
_ANY_ROLE = _prefix_pattern(tuple(word for words in CREDIT_ROLES.values() for word in words))
# "role: names", also several roles at once: "ترجمة وتحرير: …", "Text & photos: …"
_ROLE_COLON = {
    role: re.compile(
        rf"^\s*\(?\s*(?:{_prefix_pattern(words)})(?:\s*(?:و|،|,|/|&|and)\s*(?:{_ANY_ROLE}))*\s*[:：\-–—]", re.I
    )
    for role, words in CREDIT_ROLES.items()
}
# "… و …", "…، …", "…, …", "… and …", "… & …" between names of one byline
_NAME_SEPARATORS = re.compile(r"\s*[،,;؛]\s*|\s+و\s+|\s+(?:and|&)\s+", re.I)
# given names that start with "و": "… وليد …" is a name, not "… و ليد"
WAW_NAMES: frozenset[str] = frozenset(
    normalize(n)
    for n in (
        "وليد",
        "وائل",
        "وسيم",
        "وسام",
        "وفاء",
        "وعد",
        "وداد",
        "وجيه",
        "وحيد",
        "وديع",
        "وصال",
        "وئام",
        "ورد",
        "وردة",
        "وهبة",
        "وهيب",
        "وضاح",
        "وفيق",
        "وجدان",
        "وهاد",
        "ولاء",
        "وطفة",
        "وزير",
        "وصفي",
        "وجيهة",
        "وحيدة",
        "وديعة",
        "وسيمة",
        "وليدة",
        "ومضة",
        "وداعة",
        "وقار",
        "ونس",
        "واصف",
        "وافي",
    )
)
_MIN_NAME_WORDS = 2
# a second credit on the same line: "بقلم: فلان · ترجمة: فلان", "فلان | تصوير: فلان"
_CREDIT_BREAK = re.compile(r"\s*[|·•/]\s*|\s+[-–—]\s+")


def credit_role(text: str, *, need_colon: bool = False) -> str | None:
    """The role a short credit line names ("ترجمة: فلان" -> "translator"), or None.

    ``need_colon``: only "role: name" (or "role - name") counts; a sentence
    that starts with "المصدر" or "صورة" is not a credit then.
    """
    text = clean_text(text)
    if not text or len(text) > _MAX_CREDIT_CHARS or len(text.split()) > _MAX_CREDIT_WORDS:
        return None
    patterns = _ROLE_COLON if need_colon else _ROLE_PREFIX
    for role, pattern in patterns.items():
        if pattern.match(text):
            return role
    return None


def strip_role(text: str) -> str:
    """The names of a credit without its role word ("بقلم: فلان" -> "فلان")."""
    text = clean_text(text)
    for pattern in _ROLE_PREFIX.values():
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            return clean_text(stripped.rstrip(")"))
    return text


def author_part(text: str) -> str:
    """The writer's part of a byline that also credits others or a place:
    "بقلم: فلان · ترجمة: علان" -> "بقلم: فلان", "كتب: فلان - دمشق" -> "كتب: فلان";
    "ترجمة: علان" alone -> ""."""
    parts = [p for p in _CREDIT_BREAK.split(clean_text(text)) if p.strip()]
    if len(parts) < 2:
        return "" if credit_role(text) not in (None, "author") else clean_text(text)
    roles = [credit_role(p) for p in parts]
    if "author" in roles:
        return " ".join(p for p, role in zip(parts, roles, strict=True) if role == "author")
    if all(role is None for role in roles):
        return clean_text(text)  # no credit at all: the line as it is
    return " ".join(p for p, role in zip(parts, roles, strict=True) if role is None)


def is_agency(name: str) -> bool:
    """A news agency (or "وكالات"), not a person."""
    key = normalize(name)
    return key in _AGENCY_KEYS or bool(_AGENCY_WORD.search(key))


def split_names(text: str) -> list[str]:
    """One byline's names: "سلمى الخطيب و باسل عيسى", "ريم سعيد وعلي حسن" -> both names.

    A "و" glued to a word splits only between two full names (two words or
    more on each side) and never before a given name that starts with "و"."""
    names = []
    for part in _NAME_SEPARATORS.split(text):
        words = clean_text(part).split()
        start = 0
        for i in range(_MIN_NAME_WORDS, len(words) - _MIN_NAME_WORDS + 1):
            word = words[i]
            if (
                word.startswith("و")
                and len(word) > 2
                and normalize(word) not in WAW_NAMES
                and i - start >= _MIN_NAME_WORDS
            ):
                names.append(" ".join(words[start:i]))
                words[i] = word[1:]
                start = i
        if words[start:]:
            names.append(" ".join(words[start:]))
    return [clean_text(n) for n in names if clean_text(n)]


def join_authors(names: list[str]) -> str | None:
    """Several authors as one stored value, each once, in byline order."""
    unique = list(dict.fromkeys(n for n in names if n))
    return AUTHOR_SEPARATOR.join(unique) if unique else None
