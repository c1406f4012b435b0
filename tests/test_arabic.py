"""Table-driven tests of the Arabic text module."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.text.arabic import clean_text, normalize, search_key, strip_clitics, to_ascii_digits
from crawler.text.dates import parse_date

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  سوريا   اليوم ", "سوريا اليوم"),
        ("مرحـــبا", "مرحبا"),  # tatweel
        ("خلال الـ4 سنوات", "خلال الـ4 سنوات"),  # joining the article to a number: kept
        ("بالــGPS", "بالـGPS"),  # one joining tatweel kept
        ('يعرف بـ"الدولة" وعلى صلة بـ الجيش', 'يعرف بـ"الدولة" وعلى صلة بـ الجيش'),  # a prefix to a quoted name
        ("ـ4 سـوريـا عاجـــل", "4 سوريا عاجل"),  # elongation inside a word, or starting one
        ("ا\u0640\u0653", "آ"),  # tatweel carrying a mark is not a joint
        ("\u200fدمشق\u200e", "دمشق"),  # bidi marks
        ("\u202eحلب\u202c", "حلب"),  # bidi override
        ("الرَّقَّة", "الرَّقَّة"),  # diacritics kept in stored text
        ("سطر\r\nثان", "سطر\nثان"),
        ("ا\u0653", "آ"),  # NFC composes alef + madda
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("٢٠١٧", "2017"),
        ("۱۲۳", "123"),
        ("عام 2017", "عام 2017"),
    ],
)
def test_to_ascii_digits(raw: str, expected: str) -> None:
    assert to_ascii_digits(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("الرَّقَّة", "الرقه"),
        ("أحمد إبراهيم آمنة", "احمد ابراهيم امنه"),
        ("مستشفى", "مستشفي"),
        ("«دير الزور»، سوريا!", "دير الزور سوريا"),
        ("Deir EZ-Zor", "deir ez zor"),
        ("١١ عنصرا", "11 عنصرا"),
        ("الـ4 سنوات", "ال4 سنوات"),  # the kept joining tatweel does not split the word for search
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("والرقه", "رقه"),
        ("بالرقه", "رقه"),
        ("الرقه", "رقه"),
        ("للمدنيين", "مدنيين"),
        ("ولد", "ولد"),  # too short to strip
        ("لبنان", "بنان"),  # looks like ل + stem: stripped alike in query and index
        ("ولبنان", "بنان"),
        ("وبالمدينه", "مدينه"),
        ("دمشق", "دمشق"),
    ],
)
def test_strip_clitics(word: str, expected: str) -> None:
    assert strip_clitics(word) == expected


@pytest.mark.parametrize("variant", ["الرقة", "الرقه", "والرقة", "بالرقة", "الرَّقَّة", "وبالرقة"])
def test_search_key_variants_meet(variant: str) -> None:
    assert search_key(variant) == search_key("الرقة")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 كانون الثاني 2024", "2024-01-15T00:00:00+03:00"),
        ("الثلاثاء ١٧ تشرين الأول ٢٠١٧ - ١٠:٣٠ م", "2017-10-17T22:30:00+03:00"),
        ("17 نيسان / أبريل 2020 08:15 ص", "2020-04-17T08:15:00+03:00"),
        ("3 أغسطس 2020، 12:05 مساءً", "2020-08-03T12:05:00+03:00"),
        ("1 آب 2023", "2023-08-01T00:00:00+03:00"),
        ("24 أيار 2019", "2019-05-24T00:00:00+03:00"),
        ("2020-03-17T10:00:00Z", "2020-03-17T10:00:00+00:00"),
        ("2020-03-17T10:00:00+0200", "2020-03-17T10:00:00+02:00"),
        ("2020-03-17", "2020-03-17T00:00:00+02:00"),  # Damascus winter time
        ("24/08/2020 13:05", "2020-08-24T13:05:00+03:00"),
        ("منذ ساعتين", "2024-03-10T13:00:00+03:00"),  # fetched 15:00 local
    ],
)
def test_parse_date(text: str, expected: str) -> None:
    parsed = parse_date(text, now=NOW)
    assert parsed is not None
    assert parsed.replace(microsecond=0).isoformat() == expected


@pytest.mark.parametrize("text", ["", "   ", "لا تاريخ هنا", "31 شباط 2020", "منذ ساعتين"])
def test_parse_date_returns_none_rather_than_guess(text: str) -> None:
    # "منذ ساعتين" without a fetch time has nothing to be relative to
    assert parse_date(text) is None
