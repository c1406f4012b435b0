"""The text ground floor (crawler/text/): Arabic normalization, search keys and
dates, as tables and as hypothesis properties. Every unit test of the Arabic
text functions is here; pages and crawls are tested elsewhere."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.text import arabic
from crawler.text.arabic import arabic_share, clean_text, normalize, search_key, strip_clitics, to_ascii_digits
from crawler.text.dates import MONTHS, parse_date, strip_trailing_date, to_iso

NOW = datetime(2024, 3, 10, 12, 0, tzinfo=UTC)
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # what clean_text must remove


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


# Visible dates as outlets print them, relative to when the page was read.
PAGE_READ_AT = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("الخميس ١٦ نيسان / أبريل ٢٠٢٦ - ٠٣:١٥ م", "2026-04-16T15:15:00+03:00"),
        ("تم نشره الجمعة 24 نيسان / أبريل 2020 09:22 مساءً", "2020-04-24T21:22:00+03:00"),
        ("15 كانون الثاني 2024", "2024-01-15T00:00:00+03:00"),  # htmldate reads this as 2024-01-01
        ("3 أغسطس 2026، 12:05 ص", "2026-08-03T00:05:00+03:00"),
        ("١ تشرين الأول ٢٠٢٥ ١١:٠٠ ص", "2025-10-01T11:00:00+03:00"),
        ("منذ ساعتين", "2026-04-20T10:00:00+03:00"),
        ("قبل 3 ساعات", "2026-04-20T09:00:00+03:00"),
        ("منذ 5 دقائق", "2026-04-20T11:55:00+03:00"),
        ("منذ يومين", "2026-04-18T12:00:00+03:00"),
        ("2 hours ago", "2026-04-20T10:00:00+03:00"),
    ],
)
def test_visible_and_relative_dates(text: str, expected: str) -> None:
    parsed = parse_date(text, now=PAGE_READ_AT)
    assert parsed is not None
    assert parsed.replace(microsecond=0).isoformat() == expected


@pytest.mark.parametrize("text", ["منذ بدء الأزمة عام 2011 تغير كل شيء في حياة السوريين", "قبل أن يصل الوفد"])
def test_relative_words_in_sentences_are_not_dates(text: str) -> None:
    assert parse_date(text, now=PAGE_READ_AT) is None


@pytest.mark.parametrize(
    ("text", "share"), [("", 0.0), ("abc", 0.0), ("سلام", 1.0), ("سلام éé", 4 / 6), ("Ø³Ù„Ø§Ù…", 0.0)]
)
def test_arabic_share(text: str, share: float) -> None:
    assert arabic_share(text) == pytest.approx(share)


# --- property tests -------------------------------------------------------------

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
TRICKY = st.sampled_from(
    list(
        "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad\u0640\u061c"
        " \t\n\r\xa0\u3000ًٌٍَُِّْٰٓٔ٠١٢٣٤٥٦٧٨٩۰۱۲0123456789:/-.,،؛؟!\"'<>&ﻻﷺﺍＡßİﬁ\u0301\x00\x7f"
    )
)
TEXT = st.text(st.one_of(ARABIC, TRICKY, st.characters()), max_size=200)
DATE_WORDS = st.lists(
    st.sampled_from(
        [*MONTHS, "منذ", "قبل", "ساعتين", "أمس", "م", "ص", "مساءً", "/", "2017", "١٥", "31", "T", "10:30", "+03:00"]
    )
    | st.from_regex(r"\d{1,4}", fullmatch=True),
    max_size=8,
).map(" ".join)
PROPERTY_NOW = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
@example("ا\u0640\u0653")  # alef, tatweel, madda: composes only once the tatweel is gone
@example("e\u200b\u0301")
def test_clean_text_and_normalize_are_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert not BIDI.search(once)
    normalized = normalize(text)
    assert normalize(normalized) == normalized
    assert normalize(once) == normalized


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, st.text()))
@example("\u2019\U0001f600\u0623\u0661\u064e")  # past the table's end, inside it, a digit, a mark
def test_fold_table_translates_exactly_like_the_mapping(text: str) -> None:
    assert text.translate(arabic.FOLD_TABLE) == text.translate(arabic._FOLD)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_search_key_is_normalized_and_agrees_with_normalize(text: str) -> None:
    key = search_key(text)
    assert normalize(key) == key
    assert search_key(normalize(text)) == key


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, DATE_WORDS))
def test_parse_date_never_crashes_and_round_trips(text: str) -> None:
    for now in (None, PROPERTY_NOW):
        parsed = parse_date(text, now=now)
        if parsed is not None:
            assert parsed.tzinfo is not None
            assert parse_date(to_iso(parsed)) == parsed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By JERUSALEM POST STAFF NOVEMBER 20, 2019 10:43", "By JERUSALEM POST STAFF"),
        ("كتب: سامر العلي 20 تشرين الثاني 2024 - 10:30 م", "كتب: سامر العلي"),
        ("ريم حداد ١٢ أيار ٢٠٢٤", "ريم حداد"),
        ("Reem Ali | 03/11/2022 09:25", "Reem Ali"),
        ("عبدالله الثاني", "عبدالله الثاني"),  # a month-like word without a number is a name
        ("سامر العلي", "سامر العلي"),
    ],
)
def test_strip_trailing_date(line: str, expected: str) -> None:
    assert strip_trailing_date(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("نوفمبر 2، 2025", "2025-11-02T00:00:00+03:00"),  # WordPress's "F j, Y" in Arabic
        ("يونيو 14, 2024 12:30 ص", "2024-06-14T00:30:00+03:00"),
        ("الأحد, نوفمبر 2, 2025 - 10:15 م", "2025-11-02T22:15:00+03:00"),
        ("Nov 2, 2025 10:15 PM", "2025-11-02T22:15:00+03:00"),
        ("2 November 2025", "2025-11-02T00:00:00+03:00"),
        ("تشرين الثاني 2، 2025", "2025-11-02T00:00:00+03:00"),
    ],
)
def test_month_first_and_english_dates(text: str, expected: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None and to_iso(parsed) == expected
