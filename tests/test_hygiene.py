"""Text hygiene (issue 15, item 4): no control characters, terminal escape
sequences or invisible format characters in stored text, search or exports.

The pure function :func:`crawler.text.hygiene.scrub` is checked against a
reference written from the Unicode database (every code point of the
classes, not a sample), by property tests, and end to end: a crawl of a
page poisoned in every field, then the stored row, the full-text search and
``python -m crawler.export``.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.search import fts_match
from crawler.text.arabic import clean_text, normalize, search_key
from crawler.text.hygiene import KEPT_FORMAT_CHARACTERS, is_clean, scrub
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.paths import ROOT

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties) outside Cf,
# written out by hand: the unicodedata module does not expose the property.
DEFAULT_IGNORABLE_NOT_CF = {
    0x034F,  # combining grapheme joiner
    0x115F,
    0x1160,
    0x3164,
    0xFFA0,  # Hangul fillers
    0x17B4,
    0x17B5,  # Khmer inherent vowels
    *range(0x180B, 0x1810),  # Mongolian free variation selectors (+ U+180E, Cf)
    0x2065,  # unassigned, inside the invisible-operator block
    *range(0xFE00, 0xFE10),  # variation selectors 1-16
    *range(0xFFF0, 0xFFF9),  # unassigned, default ignorable
    *range(0xE0000, 0xE1000),  # tags, variation selectors 17-256
}
KEPT_CONTROLS = {"\t", "\n"}
WHITESPACE_CONTROLS = {"\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"}


def must_go(char: str) -> bool:
    """The reference: what no stored text may hold (module doc of hygiene.py)."""
    point = ord(char)
    category = unicodedata.category(char)
    if char in KEPT_CONTROLS or char in KEPT_FORMAT_CHARACTERS:
        return False
    return (
        category in {"Cc", "Cf", "Cs"}
        or point in DEFAULT_IGNORABLE_NOT_CF
        or 0xFDD0 <= point <= 0xFDEF
        or (point & 0xFFFE) == 0xFFFE  # U+xFFFE, U+xFFFF: noncharacters
    )


def every_code_point_that_must_go() -> list[str]:
    return [chr(p) for p in range(0x110000) if must_go(chr(p))]


def test_every_code_point_of_the_classes_is_removed_and_nothing_else() -> None:
    doomed = set(every_code_point_that_must_go())
    assert len(doomed) > 4000  # C0, C1, Cf, surrogates, noncharacters, tags...
    for char in doomed:
        expected = " " if char in WHITESPACE_CONTROLS else "\n" if char == "\r" else ""
        # between Arabic letters, which can never continue an escape sequence
        assert scrub(f"حلب{char}حمص") == f"حلب{expected}حمص", hex(ord(char))
    # the rest of the BMP passes untouched
    survivors = "".join(chr(p) for p in range(0x20, 0x10000) if chr(p) not in doomed)
    assert scrub(survivors) == survivors


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[2J\x1b[1;31mعاجل\x1b[0m", "عاجل"),  # clear screen, colours: the whole sequence goes
        ("\x1b[?1049h\x1b[38;5;196mحلب", "حلب"),  # private parameters, 256 colours
        ("\x1b]0;pwned\x07عنوان", "عنوان"),  # OSC window title, BEL-terminated
        ("\x1b]8;;https://evil.test/\x1b\\انقر\x1b]8;;\x1b\\", "انقر"),  # OSC 8 hyperlink, ST-terminated
        ("\x1bP1$r0m\x1b\\نص", "نص"),  # DCS string
        ("\x1b_payload\x1b\\نص", "نص"),  # APC string
        ("\x9b2J\x9d0;title\x9cنص", "نص"),  # 8-bit CSI and OSC with 8-bit ST
        ("\x1bcنص\x1b(B", "نص"),  # reset, charset designation
        ("\x1b]2;no terminator\nسطر", "2;no terminator\nسطر"),  # unterminated: only the introducer goes
        ("a\x00b\x08c\x7fd\x07e", "abcde"),  # NUL, backspace, DEL, BEL
        ("سطر\r\nثان\rثالث", "سطر\nثان\nثالث"),  # a lone CR would overwrite a terminal line
        ("كلمة\x0bأخرى\x1fثالثة\x85رابعة", "كلمة أخرى ثالثة رابعة"),  # separators part words
        ("الر\u2060قة", "الرقة"),  # word joiner inside a word
        ("\u206aدمشق\u206b\u206c\u206d\u206e\u206f", "دمشق"),  # deprecated format controls
        ("إد\u2061ل\u2062ب\u2063\u2064", "إدلب"),  # invisible math operators
        ("نص\ufff9أصل\ufffaحاشية\ufffb", "نصأصلحاشية"),  # interlinear annotation
        ("حمص\U000e0001\U000e0068\U000e0069\U000e007f", "حمص"),  # tag characters
        ("در\u200cعا\u200d", "درعا"),  # ZWNJ, ZWJ: Arabic letters join by themselves
        ("دي\ufe0fر\u034fالزور", "ديرالزور"),  # variation selector, combining grapheme joiner
        ("\u0600١٢٣ \u06dd٧", "\u0600١٢٣ \u06dd٧"),  # visible Arabic number signs stay
        ("عمود\tعمود\nسطر", "عمود\tعمود\nسطر"),  # tab and newline stay
        ("الرَّقَّة ﷺ \ue000", "الرَّقَّة ﷺ \ue000"),  # marks, ligatures, private use stay
    ],
)
def test_scrub(raw: str, expected: str) -> None:
    assert scrub(raw) == expected
    assert is_clean(expected)


def test_a_word_joiner_no_longer_hides_a_word_from_search() -> None:
    for hidden in ("\u2060", "\u2063", "\u206d", "\ufeff", "\U000e0041", "\x00", "\x1b[0m", "\ufe0f"):
        poisoned = f"انفجار في مستو{hidden}دع للذخيرة"
        assert search_key(poisoned) == search_key("انفجار في مستودع للذخيرة"), repr(hidden)
        assert normalize(poisoned) == normalize("انفجار في مستودع للذخيرة"), repr(hidden)


POISON = st.sampled_from(
    [
        *"\x00\x07\x08\x0b\x0c\x0d\x1b\x1c\x7f\x85\x9b\x9c\x9d\u00ad\u061c\u200b\u200c\u200d\u200e\u2060\u2063",
        *"\u206a\u206f\ufeff\ufff9\ufffb\ufe0f\u034f\U000e0001\U000e0041\U000e007f\ud800\ufdd0\uffff",
    ]
)
PIECES = st.sampled_from(["\x1b[", "\x1b]", "\x1b\\", "\x1bP", "31m", "0;", "حلب", " ", "\n", "[", "]", "m", "\t"])
POISONED_TEXT = st.text(
    st.one_of(st.characters(min_codepoint=0x0600, max_codepoint=0x06FF), POISON, st.characters()), max_size=120
) | st.lists(st.one_of(POISON, PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None)
@given(POISONED_TEXT)
def test_scrubbed_text_holds_nothing_of_the_classes(text: str) -> None:
    once = scrub(text)
    assert scrub(once) == once
    assert is_clean(once)
    assert not any(must_go(char) for char in once), repr(once)
    cleaned = clean_text(text)
    assert clean_text(cleaned) == cleaned
    assert not any(must_go(char) for char in cleaned)


@settings(max_examples=300, deadline=None)
@given(POISONED_TEXT)
def test_without_escapes_scrub_removes_exactly_the_reference_set(text: str) -> None:
    # ESC and the C1 introducers start sequences that take more than one character
    text = re.sub("[\x1b\x90\x98\x9b-\x9f]", "", text)
    reference = "".join(
        " " if c in WHITESPACE_CONTROLS else "" if must_go(c) else c
        for c in text.replace("\r\n", "\n").replace("\r", "\n")
    )
    assert scrub(text) == reference


# --- end to end: crawl, store, search, export --------------------------------------

ESCAPES = "\x1b[2J\x1b[31m"
POISONED_TITLE = f"{ESCAPES}انفجار في مستو\u2060دع\x1b[0m للذخيرة\x00 قرب حلب\u206a"
POISONED_BODY = (
    "<p>\x1b]0;owned\x07وقالت مصادر محلية إن الانفجار وقع في مستو\u2063دع قديم للذخيرة "
    "وأدى إلى انقطاع الكهر\u2060باء عن أحياء واسعة\x08\x08\x08 في المدينة\U000e0041\U000e0042، "
    "وانظر \x1b]8;;https://evil.test/\x1b\\هذا الرابط\x1b]8;;\x1b\\ &#27;[5m وما بعده\x9b31m.</p>"
)
POISONED_HEAD = (
    '<meta name="author" content="\x1b]2;x\x07سمير\x00 الحلبي\u200d">'
    '<meta property="article:section" content="\x9b1mمحليات\ufff9">'
    '<meta name="keywords" content="حل\u2060ب, \x1b[7mانفجار\x1b[0m, \u206eذخيرة">'
)
CONTROL_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e0fff]"
)
STORED_TEXT = ("title", "subtitle", "body", "author", "section", "tags", "search_text", "body_html", "published_raw")


@pytest.fixture(scope="module")
def poisoned_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("hygiene")
    db = tmp / "news.db"
    html = (
        fs.article_html("poisoned", title=POISONED_TITLE, extra_body=POISONED_BODY)
        .replace("<title>", POISONED_HEAD + "<title>")
        .replace('content="2024-03-05T10:00:00+03:00"', 'content="\x1b[1m2024-03-05 10:00\x1b[0m\u2060"')
    )
    site = fs.Site()
    site.add("/a/poisoned.html", fs.page(html))
    site.add("/a/control.html", fs.page(fs.article_html("control")))
    with fs.run(site.build()) as server:
        crawl("-a", f"url={server.url}", db=db)
    return db


def poisoned_row(db: Path) -> dict:
    (row,) = rows(db, "SELECT * FROM articles WHERE url LIKE '%poisoned%'")
    return row


@pytest.mark.parametrize("column", STORED_TEXT)
def test_stored_fields_hold_no_controls_escapes_or_invisible_marks(poisoned_db: Path, column: str) -> None:
    value = poisoned_row(poisoned_db)[column] or ""
    assert not CONTROL_TEXT.search(value.replace("\n", "")), (column, value[:300])
    assert "[31m" not in value and "[0m" not in value and "owned" not in value, (column, value[:300])


def test_stored_fields_keep_their_words(poisoned_db: Path) -> None:
    row = poisoned_row(poisoned_db)
    assert row["title"] == "انفجار في مستودع للذخيرة قرب حلب"
    assert row["author"] == "سمير الحلبي"
    assert row["section"] == "محليات"
    assert "انقطاع الكهرباء عن أحياء واسعة في المدينة" in row["body"]
    assert "هذا الرابط" in row["body"]
    assert row["published_at"] == "2024-03-05T10:00:00+03:00"  # Damascus time (UTC+3 all year since 2022)


def search(db: Path, query: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        sql = "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?"
        return [row[0] for row in conn.execute(sql, [fts_match(query)])]
    finally:
        conn.close()


@pytest.mark.parametrize("query", ["مستودع", "الكهرباء", "مستودع للذخيرة"])
def test_a_hidden_joiner_no_longer_hides_the_article_from_search(poisoned_db: Path, query: str) -> None:
    found = search(poisoned_db, query)
    assert any("poisoned" in url for url in found), found


def test_export_prints_no_escape_or_control_characters(poisoned_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crawler.export", "--db", str(poisoned_db), "--no-bom"],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert "انفجار في مستودع للذخيرة قرب حلب" in text
    assert not CONTROL_TEXT.search(text.replace("\r\n", "").replace("\n", "")), repr(text[:500])
