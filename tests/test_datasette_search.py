"""The search-query rewriting shared by the Datasette plugin and the export command."""

from __future__ import annotations

import pytest

from crawler.search import NOTHING, fts_match, matches, terms
from crawler.text.arabic import search_key


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("الرقة", ["رقه"]),
        ("والرقة بالرقة الرَّقَّة الرقه", ["رقه"] * 4),
        ("دير الزور", ["دير", "زور"]),
        ('"دير الزور"', ["دير زور"]),
        ('"دير الزور', ["دير زور"]),  # an unclosed quote runs to the end
        ('حلب "" دمشق', ["حلب", "دمشق"]),
        ("ديرالزور", ["ديرالزور"]),  # documented: run-together names stay one word
        ("OR NOT حلب*", ["or", "not", "حلب"]),  # FTS5 operators are plain words
        ("«»،!", []),
        ("٢٠١٧", ["2017"]),
    ],
)
def test_terms(query: str, expected: list[str]) -> None:
    assert terms(query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("بالرقة", '"رقه"'),
        ('حلب "دير الزور"', '"حلب" "دير زور"'),
        ("", NOTHING),
        ('""', NOTHING),
    ],
)
def test_fts_match(query: str, expected: str) -> None:
    assert fts_match(query) == expected


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("الألغام تعيق عودة الأهالي إلى أحياء الرقة", "بالرقه", True),
        ("الألغام تعيق عودة الأهالي إلى أحياء الرقة", "الرقة الألغام", True),
        ("الألغام تعيق عودة الأهالي إلى أحياء الرقة", '"الرقة الألغام"', False),
        ("حصار دير الزور", '"دير الزور"', True),
        ("أسواق ديرالزور", "دير الزور", False),
        ("الرقم القياسي", "الرقة", False),
        ("أي نص", "«»", False),
    ],
)
def test_matches(text: str, query: str, expected: bool) -> None:
    assert matches(text, query) is expected


@pytest.mark.parametrize("variant", ["الرقة", "الرقه", "والرقة", "بالرقة", "الرَّقَّة", "الـرقـة"])
def test_every_variant_becomes_the_indexed_key(variant: str) -> None:
    assert fts_match(variant) == f'"{search_key("الرقة")}"'
