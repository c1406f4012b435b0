"""Every date rule of the project: visible Arabic dates, machine-readable
dates (ISO 8601, RFC 822), dates in URLs, the ``since`` bound and the clock.

Dates are read in one place so that the extractor, discovery and the spider
agree on what a date is. Ground floor: imports only :mod:`crawler.text.arabic`.

* :func:`parse_date` reads machine-readable and visible Arabic dates.
* :func:`machine_date` reads feed and sitemap dates.
* :func:`url_date` reads a date printed in a URL path.
* :func:`plausible` says which dates can be publication dates at all:
  from :data:`EARLIEST` (1990-01-01 UTC: before the web, no news page was
  published) to one day after the clock (:data:`FUTURE_TOLERANCE`: time
  zones and clock skew). ``parse_date`` and ``machine_date`` return None for
  any other date, so year 1, 1111 or 9999 is never stored, never sorts a
  backdated copy before its story's original, and never passes for a
  sitemap's ``lastmod``.
* :func:`to_iso` writes every date with a ``±HH:MM`` offset, which SQLite's
  ``julianday()`` reads: a historical offset with seconds (local mean time,
  ``+02:25:12`` in Damascus before 1920) is rounded to the minute, the
  instant kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from crawler.text.arabic import FOLD_TABLE, clean_text, normalize, to_ascii_digits

DEFAULT_TZ = "Asia/Damascus"
EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # no news page was published before
FUTURE_TOLERANCE = timedelta(days=1)  # time zones, clock skew


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


# English names: Arabic pages of WordPress and other themes print "Nov 2, 2025" too
ENGLISH_MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH_NUMBERS = {normalize(name): number for name, number in MONTHS.items()} | ENGLISH_MONTHS
_MONTH_ALT = "|".join(sorted((re.escape(name) for name in _MONTH_NUMBERS), key=len, reverse=True))
_TIME_PART = (
    r"(?:\D{0,12}?(?P<hour>\d{1,2})\s*:\s*(?P<minute>\d{2})(?:\s*:\s*(?P<second>\d{2}))?"
    r"(?:\s*(?P<ampm>ص|م|صباحا|مساء|am|pm)(?!\w))?)?"
)
# "15 تشرين الاول / اكتوبر 2017 10:30 م" after normalize(): day month [/ month] year [time] [ص|م]
_VISIBLE_DATE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})"
    rf"(?:\s+(?:{_MONTH_ALT}))?\s*(?P<year>\d{{4}})" + _TIME_PART
)
# month first, as WordPress's "F j, Y" prints it: "نوفمبر 2، 2025", "Nov 2, 2025 10:15 pm"
_MONTH_FIRST_DATE = re.compile(
    rf"(?<!\w)(?P<month>{_MONTH_ALT})\s+(?P<day>\d{{1,2}})\s+(?P<year>\d{{4}})" + _TIME_PART
)
# the time may be written apart from the date: "2022-11-03 | 09:25", "03/11/2022 - 09:25 ص"
_APART = r"(?:\s*[T|,،@\-–—]\s*|\s+(?:الساعة|الساعه|at)\s+|\s+)"
_AMPM = r"(?:\s*(?P<{}>ص|م|صباحا|صباحاً|مساء|مساءً|am|pm)(?!\w))?"
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    rf"(?:{_APART}(?P<hour>\d{{1,2}}):(?P<minute>\d{{2}})(?::(?P<second>\d{{2}}))?{_AMPM.format('ampm')})?"
    r"|(?<!\d)(?P<day2>\d{1,2})[-/.](?P<month2>\d{1,2})[-/.](?P<year2>\d{4})"
    rf"(?:{_APART}(?P<hour2>\d{{1,2}}):(?P<minute2>\d{{2}}){_AMPM.format('ampm2')})?",
    re.I,
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
    text = clean_text(text).translate(FOLD_TABLE)
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
    folded = _fold_date(text)
    match = _VISIBLE_DATE.search(folded) or _MONTH_FIRST_DATE.search(folded)
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
        suffix = "" if match["year"] else "2"
        year, month, day = (int(match[name + suffix]) for name in ("year", "month", "day"))
        ampm = match["ampm" + suffix]
        hour = _hour_24(int(match["hour" + suffix] or 0), ampm.lower().rstrip("\u064b") if ampm else None)
        return _build(year, month, day, hour, int(match["minute" + suffix] or 0), 0, tz)
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
    read with confidence (we never guess) or the date is not :func:`plausible`.
    """
    if not text or not text.strip():
        return None
    text = text[:500]
    parsed = parse_iso(text, tz) or parse_visible_date(text, tz)
    if parsed is None and now is not None:
        parsed = parse_relative_date(text, now, tz)
    return parsed if parsed is not None and plausible(parsed) else None


def plausible(value: datetime) -> bool:
    """Whether an aware ``value`` can be a publication date: from
    :data:`EARLIEST` to :data:`FUTURE_TOLERANCE` after the clock."""
    return EARLIEST <= value <= utc_now() + FUTURE_TOLERANCE


def to_iso(value: datetime) -> str:
    """ISO 8601 with its UTC offset as ``±HH:MM``, to the second.

    An offset with seconds (local mean time before 1920) is rounded to the
    minute and the wall time moved with it, so the instant stays the same."""
    offset = value.utcoffset()
    if offset is not None and (offset.seconds % 60 or offset.microseconds):
        rounded = timezone(timedelta(minutes=round(offset.total_seconds() / 60)))
        try:
            value = value.astimezone(rounded)
        except OverflowError:  # within seconds of year 1 or 9999: keep the wall time
            value = value.replace(tzinfo=rounded)
    return value.replace(microsecond=0).isoformat()


def damascus_wall_time(iso: str | None) -> str | None:
    """A stored time (ISO 8601 with a UTC offset) as Damascus wall-clock time,
    "2025-06-01 15:00"; None for a value without a time of day or an offset
    (a bare date is not converted: that would invent an hour)."""
    if not iso or "T" not in iso:
        return None
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(_zone(DEFAULT_TZ)).strftime("%Y-%m-%d %H:%M")


def utc_now() -> datetime:
    return datetime.now(UTC)


# --- feed, sitemap and URL dates; the backfill bound ------------------------------

DATE_IN_PATH = re.compile(r"(?<!\d)((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?!\d)")


def parse_since(value: str | None) -> date | None:
    """``-a since=YYYY-MM-DD``; raises ValueError with a clear message."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"since must be a date YYYY-MM-DD, got {value!r}") from None


def machine_date(text: str | None) -> datetime | None:
    """A date from a feed or sitemap: ISO 8601 (``lastmod``, Atom) or RFC 822
    (RSS ``pubDate``); None when absent, unreadable or not :func:`plausible`."""
    if not text or not text.strip():
        return None
    parsed = parse_iso(text.strip(), tz="UTC")
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed if plausible(parsed) else None


def url_date(url: str) -> date | None:
    """A date printed in the URL path (``/2017/10/15/``, ``2017-10-15``)."""
    match = DATE_IN_PATH.search(unquote(urlsplit(url).path))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _as_date(value: date | datetime | None) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def older_than(value: date | datetime | None, since: date | None) -> bool:
    """True when ``value`` is known and before ``since`` (unknown dates pass)."""
    day = _as_date(value)
    return since is not None and day is not None and day < since


def listing_before_since(article_links: Iterable[str], since: date | None) -> bool:
    """Every dated article link on a listing page is older than ``since``."""
    dates = [url_date(link) for link in article_links]
    dated = [d for d in dates if d is not None]
    return since is not None and bool(dated) and all(d < since for d in dated)


# words a date or a time is written with: month names (each word of "تشرين الثاني"),
# clock words, separators; a run of them ends a line only when it holds a number
_DATE_WORDS = frozenset(
    [word for name in _MONTH_NUMBERS for word in name.split()]
    + ["ص", "م", "صباحا", "مساء", "am", "pm", "at", "الساعه", "الساعة", "|", "-", "–", "—", "/", "،", ","]
)
_DATE_TOKEN = re.compile(r"^[\d:/.\-،,|]*\d[\d:/.\-،,|]*$")


def strip_trailing_date(text: str) -> str:
    """``text`` without the date or time written at its end: a byline box
    often reads "By NAME NOVEMBER 20, 2019 10:43" or "فلان الفلاني 20 نيسان 2024 - 10:30"."""
    tokens = text.split()
    end = len(tokens)
    seen_number = False
    while end:
        token = tokens[end - 1].strip(",،")
        if _DATE_TOKEN.match(to_ascii_digits(tokens[end - 1])):
            seen_number = True
        elif not (token == "" or normalize(token) in _DATE_WORDS or token.lower() in _DATE_WORDS):
            break
        end -= 1
    if not seen_number:
        return text
    return " ".join(tokens[:end]).rstrip(" ,،-–—|")
