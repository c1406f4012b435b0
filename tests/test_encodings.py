"""Encodings by the weight of evidence (issue 15, item 5).

One stray byte in a UTF-8 page used to re-decode the whole page as
windows-1256 (mojibake stored as title and body). Property tests over
generated Arabic pages: pure windows-1256, UTF-8 with 1..N stray bytes,
mislabelled pages, ISO-8859-6, UTF-16/32 with and without a BOM; then a real
crawl of UTF-8 pages with stray bytes.
"""

from __future__ import annotations

import codecs
import json
import random
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.text.encodings import real_encoding, strip_bom, utf8_share
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows

# letters that windows-1256 and ISO-8859-6 both have (U+0621-063A, U+0641-064A)
LETTERS = [chr(c) for c in (*range(0x0621, 0x063B), *range(0x0641, 0x064B))]
# real words (news vocabulary) and random letter strings: two charsets that
# place some letters alike cannot be told apart on random strings alone
NEWS_WORDS = sorted({w.strip("،.()") for p in fs.PARAGRAPHS for w in p.split()} - {""})
WORD = st.sampled_from(NEWS_WORDS) | st.text(st.sampled_from(LETTERS), min_size=2, max_size=8)
SENTENCE = st.lists(WORD, min_size=4, max_size=40).map(" ".join)
# Real text: clauses of real paragraphs, in any order. Random words would not
# do here: windows-1256 and ISO-8859-6 place a dozen letters alike and swap
# others, so some letter strings read as Arabic either way.
CLAUSES = sorted({c.strip() for p in fs.PARAGRAPHS for c in p.replace(".", "،").split("،") if len(c.split()) >= 5})
REAL_SENTENCE = st.lists(st.sampled_from(CLAUSES), min_size=1, max_size=6).map("، ".join)
PUNCTUATED = st.tuples(SENTENCE, st.sampled_from(["", "،", ".", "؟", "؛"])).map("".join)


def page(text: str, meta: str = "") -> str:
    return f'<html lang="ar"><head>{meta}<title>{text[:60]}</title></head><body><p>{text}</p></body></html>'


def decoded(raw: bytes, label: str | None) -> str:
    return strip_bom(raw).decode(real_encoding(raw, label), errors="replace")


@settings(max_examples=200, deadline=None)
@given(PUNCTUATED, st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1252", "windows-1256", "ascii", "nonsense"]))
def test_pure_windows_1256_is_windows_1256_whatever_the_label(text: str, label: str | None) -> None:
    raw = page(text).encode("cp1256")
    assert real_encoding(raw, label) == "cp1256"
    assert decoded(raw, label) == page(text)


@settings(max_examples=300, deadline=None)
@given(
    PUNCTUATED,
    st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1256", "iso-8859-6"]),
    st.randoms(use_true_random=False),
    st.integers(min_value=1, max_value=1000),
)
def test_utf8_with_stray_bytes_stays_utf8(text: str, label: str | None, rng: random.Random, wanted: int) -> None:
    raw = bytearray(page(text).encode("utf-8"))
    # 1..N stray bytes anywhere (inside multi-byte characters too), N = 1 per 20 letters
    strays = min(wanted, max(1, len(text) // 20))
    for _ in range(strays):
        raw.insert(rng.randrange(len(raw) + 1), rng.randrange(0x80, 0x100))
    assert real_encoding(bytes(raw), label) == "utf-8"
    # every word of the page is read, but those a stray byte fell into or between
    expected, found = (
        Counter(re.sub("<[^>]*>", " ", html).split()) for html in (page(text), decoded(bytes(raw), label))
    )
    assert (expected - found).total() <= 2 * strays


@pytest.mark.parametrize("stray", [0x80, 0xA1, 0xBF, 0xC0, 0xC7, 0xD8, 0xE1, 0xED, 0xF0, 0xFE, 0xFF])
@pytest.mark.parametrize("label", [None, "utf-8", "windows-1256"])
def test_one_stray_byte_in_a_long_utf8_page(stray: int, label: str | None) -> None:
    text = " ".join(fs.PARAGRAPHS)
    raw = page(text).encode("utf-8")
    middle = raw.index(b" ", len(raw) // 2)
    raw = raw[:middle] + bytes([stray]) + raw[middle:]
    assert real_encoding(raw, label) == "utf-8"
    assert fs.PARAGRAPHS[0] in decoded(raw, label)


@settings(max_examples=200, deadline=None)
@given(PUNCTUATED, st.sampled_from([None, "utf-8", "iso-8859-1"]))
def test_mislabelled_windows_1256_in_its_meta_and_header(text: str, header: str | None) -> None:
    raw = page(text, meta='<meta charset="utf-8">').encode("cp1256")
    assert real_encoding(raw, header) == "cp1256"


@settings(max_examples=200, deadline=None)
@given(PUNCTUATED, st.sampled_from(["windows-1256", "iso-8859-6", "iso-8859-1", "cp720", None]))
def test_utf8_labelled_as_a_single_byte_charset_is_utf8(text: str, label: str | None) -> None:
    raw = page(text, meta=f'<meta charset="{label}">' if label else "").encode("utf-8")
    assert real_encoding(raw, label) == "utf-8"


@settings(max_examples=200, deadline=None)
@given(PUNCTUATED, st.sampled_from(["iso-8859-6", "ISO_8859-6", "arabic"]))
def test_iso_8859_6_declared(text: str, label: str) -> None:
    raw = page(text).encode("iso8859-6")
    assert real_encoding(raw, label) == "iso8859-6"
    assert decoded(raw, label) == page(text)


@settings(max_examples=1000, deadline=None)
@given(REAL_SENTENCE, st.sampled_from(["windows-1256", "cp720"]))
def test_iso_8859_6_declared_as_another_arabic_charset(text: str, label: str) -> None:
    raw = page(text).encode("iso8859-6")
    assert decoded(raw, label) == page(text)


@settings(max_examples=1000, deadline=None)
@given(REAL_SENTENCE, st.sampled_from(["iso-8859-6", "cp720"]))
def test_windows_1256_declared_as_another_arabic_charset(text: str, label: str) -> None:
    raw = page(text).encode("cp1256")
    assert decoded(raw, label) == page(text)


@settings(max_examples=100, deadline=None)
@given(
    PUNCTUATED,
    st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"]),
    st.sampled_from([None, "utf-8", "windows-1256", "iso-8859-1", "utf-16"]),
)
def test_a_byte_order_mark_is_decisive(text: str, encoding: str, label: str | None) -> None:
    raw = ("\ufeff" + page(text)).encode(encoding)
    assert real_encoding(raw, label) == encoding
    assert decoded(raw, label) == page(text)


@settings(max_examples=100, deadline=None)
@given(
    PUNCTUATED, st.sampled_from(["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"]), st.sampled_from([None, "utf-16"])
)
def test_utf16_and_utf32_without_a_bom(text: str, encoding: str, label: str | None) -> None:
    raw = page(text).encode(encoding)
    assert real_encoding(raw, label) == encoding


def test_a_utf16_label_on_utf8_bytes_is_wrong() -> None:
    raw = page(" ".join(fs.PARAGRAPHS)).encode("utf-8")
    assert real_encoding(raw, "utf-16") == "utf-8"


@pytest.mark.parametrize(
    ("raw", "share"),
    [
        (b"ascii only", 1.0),
        ("سلام".encode(), 1.0),
        ("سلام".encode() + b"\xff", 4 / 5),
        ("سلام".encode("cp1256"), 0.0),
        ("\ufffd".encode() + b"\xff", 1 / 2),  # a real U+FFFD is a valid character
    ],
)
def test_utf8_share(raw: bytes, share: float) -> None:
    assert utf8_share(raw) == pytest.approx(share)


def test_latin1_text_stays_latin1() -> None:
    raw = "Le café est fermé à Genève, déjà.".encode("latin-1")
    for label in (None, "iso-8859-1", "windows-1252"):
        assert real_encoding(raw, label) in {"cp1252", "latin_1", "iso8859-1"}


# --- end to end -------------------------------------------------------------------


def stray_page(slug: str, stray: bytes, charset: str | None) -> bytes:
    html = fs.article_html(slug)
    if charset is None:
        html = html.replace('<meta charset="utf-8">', "")
    raw = html.encode("utf-8")
    cut = raw.index(b"</p>")  # inside the first paragraph
    return raw[:cut] + stray + raw[cut:]


STRAY_PAGES = {
    "/a/one-stray.html": (b"\xff", "text/html; charset=utf-8"),
    "/a/stray-undeclared.html": (b"\xe1", "text/html"),
    "/a/cut-character.html": ("ة".encode()[:1], "text/html; charset=windows-1256"),
    "/a/three-strays.html": (b"\xc7\x81\xfe", "text/html; charset=iso-8859-1"),
}


@pytest.fixture(scope="module")
def stray_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, dict], dict]:
    tmp = tmp_path_factory.mktemp("strays")
    db, stats = tmp / "news.db", tmp / "stats.json"
    site = fs.Site()
    for path, (stray, content_type) in STRAY_PAGES.items():
        charset = "utf-8" if "charset=utf-8" in content_type else None
        slug = Path(path).stem
        site.add(path, fs.page(stray_page(slug, stray, charset), content_type=content_type))
    with fs.run(site.build()) as server:
        crawl("-a", f"url={server.url}", "-s", f"NEWS_STATS_FILE={stats}", db=db)
    by_path = {r["url"].removeprefix(server.url.rstrip("/")): r for r in rows(db)}
    return by_path, json.loads(stats.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", STRAY_PAGES)
def test_a_crawled_utf8_page_with_stray_bytes_is_stored_as_utf8(stray_crawl: tuple, path: str) -> None:
    stored, _ = stray_crawl
    row = stored[path]
    assert row["title"] == f"خبر تجريبي عن {Path(path).stem}"
    for paragraph in fs.PARAGRAPHS[1:]:
        assert paragraph in row["body"]
    assert fs.PARAGRAPHS[0][:60] in row["body"]
    assert "ط§" not in row["body"] and "ظ„" not in row["body"]  # the mojibake of UTF-8 Arabic read as cp1256


def test_codecs_named_in_the_tests_exist() -> None:
    for name in ("cp1256", "iso8859-6", "cp720", "utf-16-le", "utf-32-be"):
        codecs.lookup(name)
