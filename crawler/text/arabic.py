"""Arabic text for storing, comparing and searching: the ground floor.

Everything that touches Arabic text (extraction, dedupe, search, export) calls
these functions, so that a word is normalized the same way everywhere. This
module imports only :mod:`crawler.text.hygiene`.

* :func:`clean_text` is for text we *store*: NFC, scrubbed of control
  characters, escape sequences and invisible marks (:mod:`crawler.text.hygiene`), no tatweel
  (except one joining a prefix to a number, acronym or quoted name: "الـ4"),
  single spaces. Diacritics (tashkeel) are kept.
* :func:`normalize` is for text we *compare*: also strips diacritics, unifies
  alef/yeh/teh-marbuta forms and digits, drops punctuation.
* :func:`search_key` is for text we *index and query*: :func:`normalize` plus
  light clitic stripping, so "والرقة", "بالرقة", "الرقه" and "الرَّقَّة" meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from crawler.text.hygiene import scrub

_TATWEEL = "\u0640"
# a tatweel run ending a word after an Arabic letter joins a prefix to what
# follows: a number, an acronym or a quoted name ("الـ4 سنوات", "بالـGPS",
# "بـ"الجيش الحر""); it becomes one tatweel. Every other run (inside a word,
# or starting one) is elongation noise and goes.
_TATWEEL_RUN = re.compile("(?P<join>(?<=[\u0620-\u064a])\u0640+(?![\u0620-\u065f\u0670]))|\u0640+")


def _tatweel(match: re.Match[str]) -> str:
    return _TATWEEL if match.group("join") else ""


_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)
_LETTERS = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ئ": "ي",
        "ؤ": "و",
        "ة": "ه",
        "ک": "ك",
        "ی": "ي",
    }
)
_NON_WORD = re.compile(r"[^\w\s]|_")
_DIACRITIC_POINTS = [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE)]
# one pass for normalize(): digits to ASCII, letter forms unified, diacritics dropped
_FOLD = {**_DIGITS, **_LETTERS, **dict.fromkeys([*_DIACRITIC_POINTS, 0x0640])}


def _as_table(mapping: dict[int, str | int | None]) -> list[str]:
    """The mapping as a list indexed by code point (identity where unmapped).

    ``str.translate`` is ~2.5x faster with a list than with a dict; a code
    point past the list's end raises IndexError, a LookupError, which
    ``translate`` documents as "leave the character as it is"."""
    table = [chr(i) for i in range(max(mapping) + 1)]
    for point, value in mapping.items():
        table[point] = "" if value is None else value if isinstance(value, str) else chr(value)
    return table


FOLD_TABLE = _as_table(_FOLD)


def clean_text(text: str) -> str:
    """Text as we store it: scrubbed (:func:`crawler.text.hygiene.scrub`), NFC,
    no tatweel, tidy spaces.

    Newlines are kept (they separate paragraphs); runs of other whitespace
    become one space. Diacritics stay.
    """
    # NFC after the removals: "ا" + tatweel + madda composes to "آ" only once
    # the tatweel is gone (otherwise a second pass would change the text).
    text = scrub(text)
    if _TATWEEL in text:
        text = _TATWEEL_RUN.sub(_tatweel, text)
    text = unicodedata.normalize("NFC", text)
    if "\n" not in text:  # one line (most blocks): no per-line generator
        return " ".join(text.split())
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(lines).strip()


def to_ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII digits."""
    return text.translate(_DIGITS)


def strip_diacritics(text: str) -> str:
    """Remove tashkeel and Quranic marks; letters are untouched."""
    return _DIACRITICS.sub("", text)


def normalize(text: str) -> str:
    """Text for comparison: cleaned, no diacritics, unified letters/digits.

    Punctuation becomes space; case is folded. The result is one line of
    space-separated words.
    """
    text = clean_text(text).translate(FOLD_TABLE).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


# Proclitic layers, outermost first: conjunction, preposition, article.
# "لل" is the contracted preposition + article (للمدنيين = ل + المدنيين).
_CLITIC_LAYERS = (("و", "ف"), ("لل", "ب", "ك", "ل"), ("ال",))
_MIN_STEM = 3


@lru_cache(maxsize=1 << 16)  # news vocabulary repeats: most words are seen before
def strip_clitics(word: str) -> str:
    """Peel at most one proclitic per layer (و/ف, then ب/ك/ل/لل, then ال),
    keeping >= 3 letters.

    "والرقه" -> "رقه", "بالرقه" -> "رقه", "لبنان" and "ولبنان" -> "بنان".
    Query and index are stripped alike, so a stem that merely *looks* like
    it has a clitic still matches itself. Words that would become too short
    are left as they are ("ولد" stays "ولد").
    """
    for layer in _CLITIC_LAYERS:
        for prefix in layer:
            if word.startswith(prefix) and len(word) - len(prefix) >= _MIN_STEM:
                word = word[len(prefix) :]
                break
    return word


def search_key(text: str) -> str:
    """Text as it is indexed for full-text search and as queries are rewritten."""
    return clitic_key(normalize(text))


def clitic_key(normalized: str) -> str:
    """:func:`search_key` of text already passed through :func:`normalize`."""
    return " ".join(strip_clitics(word) for word in normalized.split())


_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3]")


def arabic_share(text: str) -> float:
    """Share of Arabic letters among the non-ASCII, non-space characters
    (0.0 when there are none): tells Arabic text from mis-decoded bytes."""
    others = [c for c in text if ord(c) > 127 and not c.isspace()]
    if not others:
        return 0.0
    return sum(1 for c in others if _ARABIC_LETTER.match(c)) / len(others)
