"""Arabic text handling: the one place for normalization, digits and dates.

Everything that touches Arabic text (extraction, dedupe, search, export) calls
these functions, so that a word is normalized the same way everywhere.

* :func:`clean_text` is for text we *store*: NFC, no bidi controls, no tatweel
  (except one joining a prefix to a number, acronym or quoted name: "الـ4"),
  single spaces. Diacritics (tashkeel) are kept.
* :func:`normalize` is for text we *compare*: also strips diacritics, unifies
  alef/yeh/teh-marbuta forms and digits, drops punctuation.
* :func:`search_key` is for text we *index and query*: :func:`normalize` plus
  light clitic stripping, so "والرقة", "بالرقة", "الرقه" and "الرَّقَّة" meet.
* :func:`parse_date` reads machine-readable and visible Arabic dates.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

DEFAULT_TZ = "Asia/Damascus"

# Bidi controls (LRM, RLM, ALM, embeddings, overrides, isolates), zero-width
# chars and the BOM. Zero-width joiners are dropped too: they carry nothing in
# Arabic text and break matching.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
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


_FOLD_TABLE = _as_table(_FOLD)


def clean_text(text: str) -> str:
    """Text as we store it: NFC, no invisible marks or tatweel, tidy spaces.

    Newlines are kept (they separate paragraphs); runs of other whitespace
    become one space. Diacritics stay.
    """
    # NFC after the removals: "ا" + tatweel + madda composes to "آ" only once
    # the tatweel is gone (otherwise a second pass would change the text).
    text = _INVISIBLE.sub("", text)
    if _TATWEEL in text:
        text = _TATWEEL_RUN.sub(_tatweel, text)
    text = unicodedata.normalize("NFC", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
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
    text = clean_text(text).translate(_FOLD_TABLE).casefold()
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


# --- encodings ---------------------------------------------------------------

# charsets that are often a server default rather than the page's own
_WEAK_CHARSETS = frozenset({"ascii", "latin_1", "iso8859-1", "cp1252", "utf-8"})


def codec_name(name: str | bytes | None) -> str | None:
    """Python's canonical codec name for a charset label, or None if unknown."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    if not name or not name.strip():
        return None
    try:
        return codecs.lookup(name.strip()).name
    except LookupError:
        return None


def real_encoding(raw: bytes, declared: str | None) -> str:
    """The encoding page bytes are really in, whatever the label says.

    Valid UTF-8 is UTF-8 (single-byte Arabic text is practically never valid
    UTF-8); a declared charset under which the bytes read as Arabic
    (windows-1256, iso-8859-6...) is used as declared; otherwise bytes that
    read as Arabic in windows-1256 are windows-1256, whatever the label.
    """
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    label = codec_name(declared)
    if label and label not in _WEAK_CHARSETS and arabic_share(raw.decode(label, errors="replace")) >= 0.5:
        return label
    if arabic_share(raw.decode("cp1256", errors="replace")) >= 0.5:
        return "cp1256"
    return label if label and label != "utf-8" else "cp1252"


# --- dates -----------------------------------------------------------------

MONTHS: dict[str, int] = {
    # Levantine / Syriac names
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    # Egyptian / Gulf names (and common spellings)
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    # Maghreb names
    "جانفي": 1,
    "فيفري": 2,
    "افريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويليه": 7,
    "جويلية": 7,
    "اوت": 8,
}


_MONTH_NUMBERS = {normalize(name): number for name, number in MONTHS.items()}
_MONTH_ALT = "|".join(sorted((re.escape(normalize(name)) for name in MONTHS), key=len, reverse=True))
# "15 تشرين الاول / اكتوبر 2017 10:30 م" after normalize(): day month [/ month] year [time] [ص|م]
_VISIBLE_DATE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})"
    rf"(?:\s+(?:{_MONTH_ALT}))?\s*(?P<year>\d{{4}})"
    r"(?:\D{0,12}?(?P<hour>\d{1,2})\s*:\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>ص|م|صباحا|مساء|am|pm)(?!\w))?)?"
)
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[ T]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?"
    r"|(?<!\d)(?P<day2>\d{1,2})[-/.](?P<month2>\d{1,2})[-/.](?P<year2>\d{4})"
    r"(?:[ T]+(?P<hour2>\d{1,2}):(?P<minute2>\d{2}))?"
)
_RELATIVE = re.compile(r"منذ|قبل|ago|امس|البارحه|اليوم")
_PM = {"م", "مساء", "pm"}
_AM = {"ص", "صباحا", "am"}


@lru_cache(maxsize=8)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def parse_iso(value: str, tz: str = DEFAULT_TZ) -> datetime | None:
    """A machine-readable date (ISO 8601, as in JSON-LD or <time datetime>).

    A value without an offset is taken as local time in ``tz``. A date alone
    (no time) is midnight local time.
    """
    value = to_ascii_digits(value.strip())
    if not value:
        return None
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    # Python < 3.11 style offsets "+0300" are accepted by fromisoformat in 3.11.
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=_zone(tz))
    return parsed


def _build(year: int, month: int, day: int, hour: int, minute: int, second: int, tz: str) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=_zone(tz))
    except ValueError:
        return None


_DATE_PUNCT = re.compile(r"[^\w\s:]|_")


def _fold_date(text: str) -> str:
    """Like normalize() but keeps ':' so that times survive."""
    text = clean_text(text).translate(_FOLD_TABLE)
    return " ".join(_DATE_PUNCT.sub(" ", text.casefold()).split())


def _hour_24(hour: int, ampm: str | None) -> int:
    if ampm in _PM and hour < 12:
        return hour + 12
    if ampm in _AM and hour == 12:
        return 0
    return hour


def parse_visible_date(text: str, tz: str = DEFAULT_TZ) -> datetime | None:
    """A date as printed on a page: Levantine or Egyptian month names, Arabic
    digits, both names together ("نيسان / أبريل"), ص/م, or numeric d/m/Y."""
    match = _VISIBLE_DATE.search(_fold_date(text))
    if match:
        hour = int(match["hour"] or 0)
        return _build(
            int(match["year"]),
            _MONTH_NUMBERS[match["month"]],
            int(match["day"]),
            _hour_24(hour, match["ampm"]),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            tz,
        )
    match = _NUMERIC_DATE.search(to_ascii_digits(text))
    if match:
        if match["year"]:
            parts = (match["year"], match["month"], match["day"], match["hour"], match["minute"])
        else:
            parts = (match["year2"], match["month2"], match["day2"], match["hour2"], match["minute2"])
        year, month, day = (int(p) for p in parts[:3])
        return _build(year, month, day, int(parts[3] or 0), int(parts[4] or 0), 0, tz)
    return None


_UNIT_SECONDS = {
    "ثانيه": 1,
    "ثواني": 1,
    "ثوان": 1,
    "دقيقه": 60,
    "دقايق": 60,
    "ساعه": 3600,
    "ساعات": 3600,
    "يوم": 86400,
    "ايام": 86400,
    "اسبوع": 604800,
    "اسابيع": 604800,
    "second": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "day": 86400,
    "week": 604800,
}
_DUAL_UNITS = {"دقيقتين": 60, "دقيقتان": 60, "ساعتين": 3600, "ساعتان": 3600, "يومين": 86400, "يومان": 86400}
_DUAL_UNITS |= {"اسبوعين": 604800, "اسبوعان": 604800}
_UNIT_ALT = "|".join(sorted((*_UNIT_SECONDS, *_DUAL_UNITS), key=len, reverse=True))
# after normalize(): "منذ ساعتين", "قبل 3 ساعات", "منذ ساعه", "2 hours ago"
_RELATIVE_AR = re.compile(rf"(?:^|\s)(?:منذ|قبل)\s+(?:(?P<n>\d+)\s+)?(?P<unit>{_UNIT_ALT})(?!\w)")
_RELATIVE_EN = re.compile(r"(?:^|\s)(?P<n>\d+|an?|one)\s+(?P<unit>second|minute|min|hour|day|week)s?\s+ago(?!\w)")
_MAX_DATEPARSER_CHARS = 40


def _relative_seconds(key: str) -> int | None:
    match = _RELATIVE_AR.search(key) or _RELATIVE_EN.search(key)
    if match is None:
        return None
    unit = match["unit"]
    if unit in _DUAL_UNITS:
        return 2 * _DUAL_UNITS[unit]
    count = int(match["n"]) if match["n"] and match["n"].isdigit() else 1
    return count * _UNIT_SECONDS[unit]


def parse_relative_date(text: str, now: datetime, tz: str = DEFAULT_TZ) -> datetime | None:
    """ "منذ ساعتين", "قبل 3 أيام", "2 hours ago" relative to ``now`` (the fetch time).

    Common forms are read directly (fast); other short relative texts go to
    dateparser. Longer texts are not dates, whatever words they contain.
    """
    key = normalize(text)
    if not _RELATIVE.search(key):
        return None
    seconds = _relative_seconds(key)
    if seconds is not None:
        return (now - timedelta(seconds=seconds)).astimezone(_zone(tz))
    if len(key) > _MAX_DATEPARSER_CHARS:
        return None
    import dateparser  # slow to import; only needed for unusual relative dates

    settings = {
        "RELATIVE_BASE": now.astimezone(_zone(tz)).replace(tzinfo=None),
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": True,
        "PREFER_DATES_FROM": "past",
    }
    parsed = dateparser.parse(text, languages=["ar", "en"], settings=settings)
    if parsed is None or parsed > now + timedelta(minutes=5):
        return None
    return parsed


def parse_date(text: str, *, now: datetime | None = None, tz: str = DEFAULT_TZ) -> datetime | None:
    """Any date text: ISO first, then visible Arabic forms, then relative ones.

    Returns an aware datetime, or None when the text holds no date we can
    read with confidence (we never guess).
    """
    if not text or not text.strip():
        return None
    text = text[:500]
    parsed = parse_iso(text, tz) or parse_visible_date(text, tz)
    if parsed is None and now is not None:
        parsed = parse_relative_date(text, now, tz)
    return parsed


def to_iso(value: datetime) -> str:
    """ISO 8601 with its UTC offset, to the second."""
    return value.replace(microsecond=0).isoformat()


def utc_now() -> datetime:
    return datetime.now(UTC)
