"""Hostile input: malformed HTML, lying charsets, bidi overrides, scripts, a
10 MB paragraph, empty pages.

The end-to-end part crawls a local site made of such pages and checks what
was stored; the rest are table-driven tests of the sanitizer and the charset
check. (The property tests of the Arabic text functions are in test_text.py.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.extraction.sanitize import safe_html, strip_markup
from crawler.middlewares import better_encoding
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows

TEXT_COLUMNS = ("title", "subtitle", "body", "author", "section", "tags", "search_text")
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
SCRIPTY = re.compile(r"<\s*script|alert\(|javascript:|\bon(?:click|error|load|mouseover)\s*=", re.I)
UNSAFE_HTML = re.compile(r"<\s*(?:script|style|iframe)|\son[a-z]+\s*=|javascript:", re.I)

SCRIPT_BODY = (
    '<p onclick="alert(2)">فقرة فيها <a href="javascript:alert(3)" onmouseover="alert(4)">رابط خبيث</a> '
    '<img src=x onerror="alert(5)"> <script>alert(6)</script><style>p{color:red}</style> <svg onload="alert(7)"></svg>'
    '<iframe src="javascript:alert(8)"></iframe> وبعدها <b onclick=alert(9)>كلمة غامقة</b> ثم نهاية الفقرة.</p>'
)
MALFORMED_PAGE = (
    fs.article_html("malformed")
    .replace("</p>", "")
    .replace('<div class="article-body">', "<div class=article-body><table><p>تمهيد <b><i>مكسور</b></i>")
    .replace("</article>", "</div></div></span></td>")
    + '<p unclosed="yes\x00\x01\x0b <<<>>> &bogus; &#xD800; &#0;'
)
BIDI_TITLE = "\u202eخبر\u202c معكوس \u2066الاتجاه\u2069\u200f"
BIDI_BODY = "<p>\u202dنص\u202c فيه \u202eعلامات\u202c اتجاه \u200eكثيرة\u200f ومخفية تزول كلها من النص المخزن دون أن تضيع الكلمات.</p>"
HUGE_PARAGRAPH = "<p>" + "كلمة " * 1_050_000 + "</p>"  # 9.45 MB of UTF-8 in one paragraph

STORED = {
    "/a/malformed.html": "malformed",
    "/a/cp1256.html": "cp1256",
    "/a/meta-lies.html": "meta-lies",
    "/a/header-lies.html": "header-lies",
    "/a/undeclared-1256.html": "undeclared-1256",
    "/a/bidi.html": "bidi",
    "/a/script.html": "script",
}
NOT_STORED = ("/a/huge.html", "/a/empty.html", "/a/blank.html", "/a/bare.html", "/a/nul.html")


def hostile_links() -> list[str]:
    return [*STORED, *NOT_STORED]


def hostile_site() -> dict[str, fs.Responder]:
    site = fs.Site()
    article = fs.article_html
    site.add("/a/malformed.html", fs.page(MALFORMED_PAGE))
    cp1256 = article("cp1256", charset="windows-1256").encode("cp1256")
    site.add("/a/cp1256.html", fs.page(cp1256, content_type="text/html; charset=windows-1256"))
    # the page's <meta> says UTF-8, the bytes are windows-1256
    site.add("/a/meta-lies.html", fs.page(article("meta-lies").encode("cp1256"), content_type="text/html"))
    # the HTTP header says Latin-1, the bytes are UTF-8
    site.add("/a/header-lies.html", fs.page(article("header-lies"), content_type="text/html; charset=iso-8859-1"))
    undeclared = article("undeclared-1256").replace('<meta charset="utf-8">', "").encode("cp1256")
    site.add("/a/undeclared-1256.html", fs.page(undeclared, content_type="text/html"))
    site.add("/a/bidi.html", fs.page(article("bidi", title=BIDI_TITLE, extra_body=BIDI_BODY)))
    site.add(
        "/a/script.html", fs.page(article("script", title="عنوان<script>alert(1)</script>", extra_body=SCRIPT_BODY))
    )
    site.add("/a/huge.html", fs.page(article("huge", extra_body=HUGE_PARAGRAPH)))
    site.add("/a/empty.html", fs.page(b""))
    site.add("/a/blank.html", fs.page(b"   \n\t  "))
    site.add("/a/bare.html", fs.page(b"<html></html>"))
    site.add("/a/nul.html", fs.page(b"\x00" * 1000))
    return site.build()


FEED_CONTROL = "/a/feed-control.html"  # linked only from the XXE feed


def add_hostile_feeds(server: fs.FaultServer, tmp: Path) -> None:
    """Two feeds the home page announces: one whose first link is an external
    entity (XXE) naming a file that holds an on-site URL, then a plain link
    (the control: it proves the feed was read); one "billion laughs" entity
    bomb. Expanding either would fetch /a/xxe-target.html or blow up."""
    target = tmp / "xxe.txt"
    target.write_text(f"{server.url}a/xxe-target.html", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "{target.as_uri()}">]>'
        f"<rss><channel><item><link>&xxe;</link></item><item><link>{server.url}{FEED_CONTROL[1:]}</link></item>"
        "</channel></rss>"
    )
    laughs = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol0 "lol">{laughs}]>'
        "<rss><channel><title>&lol9;</title><item><link>/a/xxe-target.html</link></item></channel></rss>"
    )
    server.site["/feed.xml"] = fs.page(xxe, content_type="application/rss+xml")
    server.site["/laughs.xml"] = fs.page(bomb, content_type="application/rss+xml")
    server.site["/a/xxe-target.html"] = fs.page(fs.article_html("xxe-target"))
    server.site[FEED_CONTROL] = fs.page(fs.article_html("feed-control"))
    feeds = "".join(
        f'<link rel="alternate" type="application/rss+xml" href="{f}">' for f in ("/feed.xml", "/laughs.xml")
    )
    server.site["/"] = fs.page(fs.index_html(hostile_links()).replace("<title>", feeds + "<title>"))


@dataclass
class Run:
    rows: dict[str, dict]
    stats: dict
    stderr: str
    hits: dict[str, int]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("hostile")
    db, stats = tmp / "news.db", tmp / "stats.json"
    with fs.run(hostile_site()) as server:
        add_hostile_feeds(server, tmp)
        result = crawl("-a", f"url={server.url}", "-s", f"NEWS_STATS_FILE={stats}", db=db)
        hits = dict(server.hits())
    by_path = {r["url"].removeprefix(server.url.rstrip("/")): r for r in rows(db)}
    return Run(by_path, json.loads(stats.read_text(encoding="utf-8")), result.stderr, hits)


def test_crawl_finishes_without_errors(hostile: Run) -> None:
    assert hostile.stats["finish_reason"] == "finished"
    assert "Traceback" not in hostile.stderr
    assert "ERROR" not in hostile.stderr


def test_feed_entities_are_never_expanded(hostile: Run) -> None:
    assert hostile.hits.get("/feed.xml") == 1
    assert hostile.hits.get("/laughs.xml") == 1
    assert hostile.hits.get(FEED_CONTROL) == 1  # the XXE feed was read...
    assert "/a/xxe-target.html" not in hostile.hits  # ...but its entity never resolved


def test_what_is_stored(hostile: Run) -> None:
    assert set(hostile.rows) == {*STORED, FEED_CONTROL}
    for path in NOT_STORED:
        assert hostile.hits.get(path) == 1, path


@pytest.mark.parametrize(("path", "slug"), STORED.items())
def test_every_stored_page_is_whole_and_readable(hostile: Run, path: str, slug: str) -> None:
    row = hostile.rows[path]
    assert row["language"] == "ar"
    assert "\ufffd" not in row["body"] + row["title"]
    for paragraph in fs.PARAGRAPHS:
        assert paragraph in row["body"], (path, row["body"][:200])
    if path != "/a/bidi.html" and path != "/a/script.html":
        assert row["title"] == f"خبر تجريبي عن {slug}"


def test_lying_charsets_are_counted(hostile: Run) -> None:
    # meta-lies and header-lies; Scrapy's own guess gets the undeclared page right
    assert hostile.stats["news/errors/charset"] == 2


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_no_bidi_controls_or_control_chars_stored(hostile: Run, column: str) -> None:
    for path, row in hostile.rows.items():
        value = row[column] or ""
        assert not BIDI.search(value), (path, column)
        assert not CONTROL.search(value.replace("\n", "")), (path, column)


def test_bidi_text_keeps_its_words(hostile: Run) -> None:
    row = hostile.rows["/a/bidi.html"]
    assert row["title"] == "خبر معكوس الاتجاه"
    assert "نص فيه علامات اتجاه كثيرة ومخفية" in row["body"]


@pytest.mark.parametrize("column", TEXT_COLUMNS)
def test_no_script_in_stored_text(hostile: Run, column: str) -> None:
    for path, row in hostile.rows.items():
        assert not SCRIPTY.search(row[column] or ""), (path, column, row[column])


def test_no_script_in_stored_html(hostile: Run) -> None:
    for path, row in hostile.rows.items():
        assert not UNSAFE_HTML.search(row["body_html"] or ""), (path, row["body_html"])


def test_script_page_keeps_its_text(hostile: Run) -> None:
    row = hostile.rows["/a/script.html"]
    assert row["title"] == "عنوان"
    assert "فقرة فيها رابط خبيث وبعدها كلمة غامقة ثم نهاية الفقرة." in row["body"]


def test_malformed_page_keeps_its_text(hostile: Run) -> None:
    assert hostile.rows["/a/malformed.html"]["body"].startswith("تمهيد مكسور")


def test_ten_megabyte_paragraph_is_dropped_not_cut(hostile: Run) -> None:
    assert hostile.stats["news/dropped/too_long"] == 1


# --- pure functions -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("عنوان<script>alert(1)</script>", "عنوان"),
        ("<b onclick='x()'>غامق</b> نص", "غامق نص"),
        ("a < b و c > d", "a < b و c > d"),  # not tags: kept
        ("<STYLE>p{}</STYLE>نص", "نص"),
        ("بلا وسوم", "بلا وسوم"),
        ("<img src=x onerror=alert(1)>صورة", "صورة"),
        ("<svg/onload=alert(1)>نص", "نص"),  # attributes after a slash
        ("<x onfocus=alert(1) autofocus>نص</x>", "نص</x>"),  # an unknown tag with attributes
        ("<x-widget>نص</x-widget>", "نص"),  # a custom element
        ("watch <The Palace: Tale of Jang Noksu> tonight", "watch <The Palace: Tale of Jang Noksu> tonight"),  # prose
        ("كتاب <الأيام> لطه حسين", "كتاب <الأيام> لطه حسين"),
    ],
)
def test_strip_markup(text: str, expected: str) -> None:
    assert strip_markup(text) == expected


@pytest.mark.parametrize(
    ("html", "unsafe_after"),
    [
        ("<p>نص <a href='https://x.test/'>رابط</a></p>", False),
        ("<p onclick='alert(1)'>نص</p>", False),
        ("<p>نص<script>alert(1)</script></p>", False),
        ("<a href='javascript:alert(1)'>x</a>", False),
    ],
)
def test_safe_html(html: str, unsafe_after: bool) -> None:
    assert bool(UNSAFE_HTML.search(safe_html(html))) is unsafe_after


ARABIC_SENTENCE = "أعلنت السلطات المحلية في المدينة عن خطة جديدة لإعادة تأهيل شبكة المياه"


@pytest.mark.parametrize(
    ("body", "encoding", "expected"),
    [
        (ARABIC_SENTENCE.encode("utf-8"), "utf-8", None),
        (ARABIC_SENTENCE.encode("utf-8"), "cp1252", "utf-8"),
        (ARABIC_SENTENCE.encode("utf-8"), "windows-1256", "utf-8"),
        (ARABIC_SENTENCE.encode("cp1256"), "windows-1256", None),
        (ARABIC_SENTENCE.encode("cp1256"), "utf-8", "cp1256"),
        (ARABIC_SENTENCE.encode("cp1256"), "big5hkscs", "cp1256"),
        (b"plain ascii", "cp1252", None),
        ("café déjà vu".encode("latin-1"), "cp1252", None),  # real Latin-1 stays Latin-1
        ("日本語のテキスト".encode("shift_jis"), "shift_jis", None),
    ],
)
def test_better_encoding(body: bytes, encoding: str, expected: str | None) -> None:
    assert better_encoding(body, encoding) == expected
