"""Extraction: labelled fixture pages field by field, decoding, dates, overrides, body HTML."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.evaluate import FIXTURES, extract_ours, load_labelled, precision_recall, same_date
from crawler.extraction import STORED_FIELDS, Article, NotAnArticle, extract_article
from crawler.extraction.body import body_html
from crawler.extraction.boilerplate import strip_boilerplate
from crawler.extraction.main_content import page_blocks
from crawler.extraction.page import decode_html, parse_html
from crawler.items import ArticleItem
from crawler.middlewares import CharsetMiddleware
from crawler.overrides import OverridesError, load_overrides, parse_overrides
from pipelines.extract import ExtractPipeline

TRUTH = json.loads((FIXTURES / "truth.json").read_text(encoding="utf-8"))
FIELDS = ("title", "subtitle", "author", "section")


def extract(page: str | bytes, url: str, fetched_at: datetime | str, **options: Any) -> Article:
    """:func:`extract_article` as the evaluator calls it: short bodies are read, not dropped."""
    return extract_article(page, url, fetched_at, min_body_chars=0, **options)


def extracted(name: str) -> Article:
    entry = TRUTH[name]
    raw = (FIXTURES / entry["file"]).read_bytes()
    return extract(raw, entry["url"], entry["fetched_at"], content_type=entry.get("content_type"))


@pytest.mark.parametrize(
    ("name", "field"), [(name, field) for name, entry in TRUTH.items() for field in FIELDS if field in entry]
)
def test_fixture_field(name: str, field: str) -> None:
    assert getattr(extracted(name), field) == TRUTH[name][field]


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_fixture_date_is_exact(name: str) -> None:
    assert extracted(name).published_at == TRUTH[name]["published_at"]


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_fixture_body_is_the_paragraphs(name: str) -> None:
    assert extracted(name).body.split("\n\n") == TRUTH[name]["body_paragraphs"]


@pytest.mark.parametrize(
    ("name", "snippet"), [(name, s) for name, entry in TRUTH.items() for s in entry.get("must_not_contain", [])]
)
def test_fixture_boilerplate_does_not_leak(name: str, snippet: str) -> None:
    assert snippet not in extracted(name).body


ARABIC = "افتتاح جسر مؤقت فوق الفرات في دير الزور"


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        (f"<html><head><meta charset='windows-1256'></head><p>{ARABIC}</p></html>".encode("cp1256"), None),
        (f"<html><p>{ARABIC}</p></html>".encode("cp1256"), "text/html; charset=utf-8"),  # mislabelled
        (f"<html><head><meta charset='utf-8'></head><p>{ARABIC}</p></html>".encode("cp1256"), None),  # mislabelled
        (f"<html><p>{ARABIC}</p></html>".encode("cp1256"), None),  # no declaration
        (f"<html><p>{ARABIC}</p></html>".encode("cp1256"), "text/html; charset=ISO-8859-1"),  # server default
        (f"<html><p>{ARABIC}</p></html>".encode(), "text/html; charset=windows-1256"),  # really UTF-8
        (b"\xef\xbb\xbf" + f"<html><p>{ARABIC}</p></html>".encode(), None),  # BOM
        (f"<html><p>{ARABIC}</p></html>".encode("iso-8859-6"), "text/html; charset=iso-8859-6"),
    ],
)
def test_decode_html_reads_arabic_whatever_the_label(raw: bytes, content_type: str | None) -> None:
    assert ARABIC in decode_html(raw, content_type)


def test_decode_html_keeps_latin1_pages_latin1() -> None:
    raw = "<html><p>Le café est fermé à Genève.</p></html>".encode("latin-1")
    assert "café est fermé à Genève" in decode_html(raw, "text/html; charset=ISO-8859-1")


def test_undecodable_bytes_never_raise() -> None:
    assert "<p>" in decode_html(b"<html><p>\xff\xfe\x81\x8d</p></html>", "text/html; charset=utf-8")


NOW = datetime(2026, 4, 20, 9, 0, tzinfo=UTC)


def test_body_html_is_sanitized() -> None:
    html = (
        "<html><body><div class='c'>"
        + "".join(
            f"<p onclick='x()' style='color:red'>فقرة رقم {i} من نص الخبر الطويل بما يكفي ليكون فقرة حقيقية. "
            f"<a href='/x{i}' onmouseover='y()'>رابط</a> <b>مهم</b><script>alert(1)</script></p>"
            for i in range(4)
        )
        + "</div></body></html>"
    )
    blocks = strip_boilerplate(page_blocks(parse_html(html))).blocks
    out = body_html(blocks)
    assert out is not None
    assert out.count("<p>") == 4
    assert '<a href="/x0">رابط</a>' in out
    assert "<b>مهم</b>" in out
    for bad in ("onclick", "onmouseover", "style", "script", "alert"):
        assert bad not in out


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"demo": {"headline": "h1"}}, "unknown field"),
        ({"demo": {"title": "h1["}}, "bad CSS selector"),
        ({"demo": {"date": "//time[@"}}, "bad XPath"),
        ({"demo": {"title": 3}}, "must be a string"),
        ({"demo": "h1"}, "must be a table"),
    ],
)
def test_bad_overrides_are_rejected(data: dict, error: str) -> None:
    with pytest.raises(OverridesError, match=error):
        parse_overrides(data, "overrides.toml")


def test_override_selectors_win(tmp_path: Path) -> None:
    path = tmp_path / "overrides.toml"
    path.write_text(
        '[site]\ntitle = "div.headline"\nbody = "//div[@id=\'story\']"\ndate = "span.when::attr(x)"\n'
        "author = \"//span[@class='who']/text()\"\n",
        encoding="utf-8",
    )
    with pytest.raises(OverridesError):  # "::attr" is parsel, not CSS: rejected with the file name
        load_overrides(str(path))
    path.write_text(
        '[site]\ntitle = "div.headline"\nbody = "//div[@id=\'story\']"\n'
        "date = \"//span[@class='when']/@data-ts\"\nauthor = \"//span[@class='who']/text()\"\n",
        encoding="utf-8",
    )
    override = load_overrides(str(path))["site"]
    paragraph = "نص فقرة من الخبر الحقيقي الذي يجب أن يبقى في المتن كاملاً دون نقص. "
    page = (
        "<html><body><h1>اسم الموقع</h1><div class='headline'>العنوان الحقيقي للخبر</div>"
        "<span class='when' data-ts='2026-02-01T10:00:00+03:00'>أمس</span><span class='who'>سلمى</span>"
        "<div id='teasers'>" + "".join(f"<p>{paragraph} تشويق {i}</p>" for i in range(6)) + "</div>"
        "<div id='story'><p>" + paragraph + "</p><p>" + paragraph + "ثانية</p></div></body></html>"
    )
    found = extract(page, "https://site.example/a", NOW, override=override)
    assert found.title == "العنوان الحقيقي للخبر"
    assert found.published_at == "2026-02-01T10:00:00+03:00"
    assert found.author == "سلمى"
    assert "تشويق" not in found.body
    assert found.body.count(paragraph.strip()) == 2


def test_project_overrides_file_is_valid() -> None:
    from crawler.settings import NEWS_OVERRIDES

    assert isinstance(load_overrides(NEWS_OVERRIDES), dict)


@pytest.mark.parametrize("page", [b"", b"   \n ", "  "])
def test_empty_pages_are_not_articles(page: bytes | str) -> None:
    with pytest.raises(NotAnArticle, match="empty") as raised:
        extract_article(page, "https://x.example/a", NOW)
    assert raised.value.reason == "unparseable"


@pytest.mark.parametrize(
    ("truth", "found", "ok"),
    [
        ("2020-03-17", "2020-03-17T10:00:00+02:00", True),
        ("2020-03-17", "2020-03-18T00:30:00+02:00", False),
        ("2026-01-08 11:42:50+00:00", "2026-01-08T13:42:50+02:00", True),
        ("2026-01-08 11:42:50+00:00", "2026-01-08T11:42:50+02:00", False),
        ("2020-03-17", None, False),
    ],
)
def test_same_date(truth: str, found: str | None, ok: bool) -> None:
    assert same_date(truth, found) is ok


@pytest.mark.parametrize(
    ("truth", "found", "expected"),
    [
        ("one two three four five", "one two three four five", (1.0, 1.0)),
        ("one two three four five", "", (0.0, 0.0)),
        ("one two three four five", "one two three four five six", (2 / 3, 1.0)),  # 2 of 3 shingles right
    ],
)
def test_benchmark_metric(truth: str, found: str, expected: tuple[float, float]) -> None:
    assert precision_recall(truth, found) == pytest.approx(expected)


PARAGRAPH = "قال مسؤول في المحافظة إن أعمال ترميم السوق القديم ستنتهي قبل نهاية العام الجاري وفق الخطة الموضوعة مسبقاً. "
POLICY = "نرحب بتعليقاتكم، وتخضع التعليقات للمراجعة قبل النشر."


@pytest.mark.parametrize(
    ("html", "kept", "gone"),
    [
        (  # a small box between the article and the comments widget is the comments' intro
            f"<div class='story'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p><div><p>{POLICY}</p></div>"
            "<div class='fb-comments'></div></div>",
            [f"{PARAGRAPH}1", f"{PARAGRAPH}2"],
            [POLICY],
        ),
        (  # a short article right before the comments stays: nothing of the article precedes it
            f"<h1>عنوان</h1><div class='entry-content'><p>{PARAGRAPH}1</p></div><div id='comments'></div>",
            [f"{PARAGRAPH}1"],
            [],
        ),
        (  # the article's last paragraph before the comments stays: it is a paragraph, not a box
            f"<div class='story'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p><div class='comments'></div></div>",
            [f"{PARAGRAPH}1", f"{PARAGRAPH}2"],
            [],
        ),
    ],
)
def test_comment_intro_is_not_body(html: str, kept: list[str], gone: list[str]) -> None:
    body = extract(f"<html><body>{html}</body></html>", "https://x.example/a", NOW).body
    for text in kept:
        assert text.strip() in body
    for text in gone:
        assert text not in body


CRAWL_FIXTURES = load_labelled(FIXTURES)


@pytest.mark.parametrize("page", CRAWL_FIXTURES, ids=lambda page: page.id)
def test_crawl_stores_what_the_evaluator_scores(page: Any) -> None:
    """The crawl's pipeline, fed as the spider feeds it (the response text,
    re-decoded by the charset middleware, and the spider's own parse), fills
    exactly the fields the evaluator scores: one extraction, not two."""
    headers = {"Content-Type": page.content_type or "text/html"}
    response = HtmlResponse(page.url, body=page.raw, headers=headers)
    response = CharsetMiddleware().process_response(None, response)
    item = ArticleItem(
        url=page.url, source="x", html=response.text, fetched_at=page.fetched_at.isoformat(), doc=response.selector.root
    )
    item = ExtractPipeline.from_crawler(get_crawler(settings_dict={})).process_item(item)
    scored = extract_ours(page)
    assert item.doc is response.selector.root  # the spider's parse, not a second one
    for field in STORED_FIELDS:
        assert getattr(item, field) == getattr(scored, field), field
    assert item.body


def test_seed_article_body_html_has_its_nine_paragraphs() -> None:
    from tests.support.demo import DEMO, read_seed

    page = (DEMO / "articles/2017/10/15/deir-ezzor-siege-raqqa-last-battle.html").read_bytes()
    found = extract(page, "http://127.0.0.1/articles/2017/10/15/x.html", "2024-01-01T00:00:00+00:00")
    assert found.body_html is not None
    assert found.body_html.count("<p>") == len(read_seed()["body"]) == 9
    for label in ("أقسام", "أخبار متعلقة", "شارك", "<script", "onclick"):
        assert label not in found.body_html


@pytest.mark.parametrize(
    ("inner", "gone", "kept"),
    [
        ("<h3>الأكثر قراءة اليوم</h3><ul><li><a href='#'>خبر أول</a></li></ul>", ["الأكثر قراءة", "خبر أول"], []),
        ("<h3>More from UK</h3><ul><li><a href='#'>Other story</a></li></ul>", ["More from", "Other story"], []),
        ("<p>إعلان</p>", ["إعلان"], []),
        ("<p>ADVERTISEMENT</p>", ["ADVERTISEMENT"], []),
        (  # a paragraph that merely starts with a label word stays
            "<p>Recommended doses were cut by half after the ministry reviewed the figures in May.</p>",
            [],
            ["Recommended doses were cut by half"],
        ),
    ],
)
def test_labelled_blocks_in_the_article(inner: str, gone: list[str], kept: list[str]) -> None:
    html = f"<html><body><div class='c'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p>{inner}<p>{PARAGRAPH}3</p></div></body></html>"
    body = extract(html, "https://x.example/a", NOW).body
    assert f"{PARAGRAPH}3".strip() in body
    for text in gone:
        assert text not in body
    for text in kept:
        assert text in body


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (  # the logo's <h1> sits next to the header's "today": not the article's date
            "<header><h1 class='logo'>سوريا اليوم</h1><span class='date'>الأربعاء 15 نيسان 2026</span></header>"
            "<div class='box'><h1>عنوان الخبر الرئيسي اليوم</h1></div>",
            None,
        ),
        (  # the headline's own box holds the date
            "<header><h1 class='logo'>سوريا اليوم</h1><span class='date'>الأربعاء 15 نيسان 2026</span></header>"
            "<div class='box'><h1>عنوان الخبر الرئيسي اليوم</h1><span class='date'>الإثنين 13 نيسان 2026</span></div>",
            "2026-04-13T00:00:00+03:00",
        ),
    ],
)
def test_date_is_read_next_to_the_headline_not_the_logo(html: str, expected: str | None) -> None:
    paragraphs = "".join(f"<p>{PARAGRAPH}{i}</p>" for i in range(3))
    page = f"<html><head><title>عنوان الخبر الرئيسي اليوم</title></head><body>{html}<div class='c'>{paragraphs}</div></body></html>"
    assert extract(page, "https://x.example/a", NOW).published_at == expected


def _crawled(html: str) -> ArticleItem:
    """``html`` through the crawl's pipeline as the spider hands it over (text + its own parse)."""
    response = HtmlResponse("https://x.example/deep", body=html.encode(), encoding="utf-8")
    item = ArticleItem(
        url=response.url, source="x", html=response.text, fetched_at=NOW.isoformat(), doc=response.selector.root
    )
    return ExtractPipeline.from_crawler(get_crawler(settings_dict={})).process_item(item)


STORY = "<h1>عنوان الخبر العميق</h1><div class='story'>" + f"<p>{PARAGRAPH}</p>" * 3 + "</div>"


@pytest.mark.parametrize(("depth", "story_first"), [(300, False), (3_000, True), (400_000, True)])
def test_deeply_nested_page_is_read_the_same_on_both_paths(depth: int, story_first: bool) -> None:
    """Past 256 levels libxml2's default parser cut the rest of the page off
    (the evaluator's path lost an article after a deep box); past ~1,000 the
    crawl path's recursive walk raised RecursionError and the page was lost.
    Both paths now read the article, the same way."""
    nest = "<div>" * depth + "<b>x</b>" + "</div>" * depth
    html = f"<html><body>{STORY}{nest}</body></html>" if story_first else f"<html><body>{nest}{STORY}</body></html>"
    item = _crawled(html)
    direct = extract_article(html.encode(), item.url, NOW)
    assert item.title == direct.title == "عنوان الخبر العميق"
    assert item.body == direct.body == "\n\n".join([PARAGRAPH.strip()] * 3)
    for field in STORED_FIELDS:
        assert getattr(item, field) == getattr(direct, field), field


def test_article_nested_deeper_than_the_parser_keeps_is_dropped_and_counted() -> None:
    html = "<html><body>" + "<div>" * 5_000 + STORY + "</div>" * 5_000 + "</body></html>"
    stats = StatsCollector(get_crawler())
    with pytest.raises(DropItem):
        ExtractPipeline(stats=stats).process_item(
            ArticleItem(url="https://x.example/d", source="x", html=html, fetched_at=NOW.isoformat())
        )
    assert stats.get_value("news/dropped/not_article") == 1


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deeply_nested_json_ld_is_read_or_skipped(depth: int) -> None:
    nested = "[" * depth + '{"@type": "NewsArticle"}' + "]" * depth
    author = '{"@type": "NewsArticle", "datePublished": "2026-03-01T10:00:00+03:00", "author": ' + nested + "}"
    head = f"<script type='application/ld+json'>{nested}</script><script type='application/ld+json'>{author}</script>"
    found = extract(f"<html><head>{head}</head><body>{STORY}</body></html>", "https://x.example/j", NOW)
    assert found.title == "عنوان الخبر العميق"
    assert found.body == "\n\n".join([PARAGRAPH.strip()] * 3)


def test_override_section_wins_over_the_sections_block() -> None:
    """An override is for a site whose template fools the generic rules: its
    ``section`` selector wins over the "أقسام" block the boilerplate step captures."""
    page = (
        "<html><body><span class='kicker'>اقتصاد</span>"
        + STORY.replace("</div>", "<h3>أقسام</h3><ul><li><a href='#'>منوعات</a></li></ul></div>")
        + "</body></html>"
    )
    assert extract(page, "https://x.example/s", NOW).section == "منوعات"
    override = parse_overrides({"site": {"section": "span.kicker"}})["site"]
    assert extract(page, "https://x.example/s", NOW, override=override).section == "اقتصاد"


def test_step_timings_cover_every_step() -> None:
    timings: dict[str, float] = {}
    extract(f"<html><body>{STORY}</body></html>", "https://x.example/t", NOW, timings=timings)
    assert list(timings) == ["parse", "blocks", "limits", "boilerplate", "fields", "body", "sanitize"]
    assert all(seconds >= 0 for seconds in timings.values())


BRIEF = (
    "أعلن الدفاع المدني السوري صباح اليوم إخماد حريق اندلع في سوق الهال بمدينة حمص دون تسجيل إصابات بشرية."
    "<br>وقال مسؤول في الدفاع المدني إن فرق الإطفاء احتاجت ثلاث ساعات للسيطرة على النيران التي امتدت إلى محلين مجاورين."
)
SITE_FOOTER = (
    "يمكنكم التواصل مع مركز خدمة القراء على مدار الأسبوع للاستفسار عن الاشتراكات والإعلانات والتوزيع. "
    "الهاتف والفاكس والبريد الإلكتروني متاحة من الأحد إلى الخميس بين التاسعة صباحاً والخامسة مساءً، "
    "ويستقبل المركز طلبات التوزيع يوم الجمعة فقط. جميع الحقوق محفوظة، ولا يجوز نسخ المواد المنشورة "
    "أو إعادة نشرها بأي وسيلة دون إذن خطي مسبق من إدارة الموقع وفق قوانين حماية الملكية الفكرية."
)


@pytest.mark.parametrize("footer_marks", ["class='footer-bottom-text'", "id='site-footer'", "class='copyright'"])
def test_a_short_brief_beats_a_longer_site_footer(footer_marks: str) -> None:
    """A breaking-news brief of two loose lines is the article even when the
    site's footer (a div named footer/copyright, not a <footer>) holds more text."""
    html = (
        "<html><body><h1>إخماد حريق في سوق الهال بحمص</h1>"
        f"<div class='news-inner' itemprop='articleBody'>{BRIEF}</div>"
        f"<div class='bottom'><div {footer_marks}>{SITE_FOOTER}</div></div></body></html>"
    )
    body = extract(html, "https://x.example/a", NOW).body
    assert "إخماد حريق" in body and "ثلاث ساعات" in body
    assert "مركز خدمة القراء" not in body


@pytest.mark.parametrize(
    "byline",
    [
        "<div class='author' itemprop='author'><span itemprop='name'>بقلم <span>سامر العلي</span></span>"
        " <div itemprop='name'>20 تشرين الثاني 2024 10:43</div></div>",
        "<div class='byline'>ريم حداد | 03/11/2022 - 09:25</div>",
        "<p class='writer'>كتبت: لمى السيد، 12 أيار 2024</p>",
    ],
)
def test_a_date_in_the_byline_box_is_not_an_author(byline: str) -> None:
    html = f"<html><body><h1>إخماد حريق في سوق الهال بحمص</h1>{byline}<div class='story'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p></div></body></html>"
    author = extract(html, "https://x.example/a", NOW).author
    assert author is not None and not any(char.isdigit() for char in author), author
    assert author.split()[-1] in {"العلي", "حداد", "السيد"}


TABLE_PAGE = """<html><head><title>صوت الجزيرة | تعبيد طريق الحسكة القامشلي بعد سنوات من الإهمال</title></head>
<body><table><tr><td class="nav"><a href="/">الرئيسية</a> | <a href="/local">محليات</a></td></tr>
<tr><td class="side"><b>الأكثر قراءة</b><br><a href="/a1">افتتاح مركز صحي جديد في حي غويران بمدينة الحسكة</a></td>
<td class="main"><font size="5"><b>تعبيد طريق الحسكة القامشلي بعد سنوات من الإهمال</b></font><br>
<font color="gray">الأحد، 9 آذار 2025 | محليات</font><br><br>
بدأت ورشات مديرية الطرق أعمال تعبيد الطريق الواصل بين مدينتي الحسكة والقامشلي، بعد سنوات من الإهمال تسببت بحوادث سير متكررة.<br><br>
وقال مهندس في المديرية إن الأعمال تشمل ستين كيلومتراً وتستمر أربعة أشهر، على أن يبقى الطريق مفتوحاً أمام السيارات خلال النهار.<br><br>
<b>اقرأ أيضاً:</b><br><a href="/b1">ارتفاع أجور النقل بين الحسكة والقامشلي مع بداية الشتاء</a></td></tr>
<tr><td colspan="2">جميع الحقوق محفوظة لموقع صوت الجزيرة</td></tr></table></body></html>"""


def test_a_table_page_without_h1_reads_headline_date_and_body() -> None:
    """An old template: no <h1>, no meta; the headline is a bold line with the
    date under it, paragraphs cut by <br><br> in one cell, a "read also" line."""
    found = extract(TABLE_PAGE, "https://x.example/a/1", NOW)
    assert found.title == "تعبيد طريق الحسكة القامشلي بعد سنوات من الإهمال"
    assert found.published_at is not None and found.published_at.startswith("2025-03-09")
    paragraphs = found.body.split("\n\n")
    assert paragraphs[0].startswith("بدأت ورشات") and paragraphs[-1].startswith("وقال مهندس")
    assert found.body_html is not None
    html_paragraphs = [clean(p) for p in found.body_html.removeprefix("<p>").removesuffix("</p>").split("</p><p>")]
    assert html_paragraphs == paragraphs  # body_html holds body's paragraphs, not the cell's dropped lines
    assert "اقرأ أيضاً" not in found.body_html and "ارتفاع أجور النقل" not in found.body_html


def clean(html: str) -> str:
    return lxml.html.fromstring(f"<div>{html}</div>").text_content()


@pytest.mark.parametrize(
    "stamp",
    [
        "<div class='post-date'>آخر تحديث: 3 نوفمبر 2025 - نُشر: 2 نوفمبر 2025</div>",
        "<div class='date'>نُشر في 2 نوفمبر 2025 | آخر تحديث 3 نوفمبر 2025</div>",
        "<div>Published Nov 2, 2025 | Updated Nov 3, 2025</div>",
        "<span class='meta'>نوفمبر 2، 2025</span>",
    ],
)
def test_the_publication_is_read_from_a_line_that_also_names_an_update(stamp: str) -> None:
    html = (
        f"<html><body><div class='box'><h1>عنوان الخبر الرئيسي اليوم هنا</h1>{stamp}</div>"
        f"<div class='story'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p></div></body></html>"
    )
    found = extract(html, "https://x.example/a", "2025-11-10T00:00:00+00:00")
    assert found.published_at == "2025-11-02T00:00:00+03:00"


def test_an_update_stamp_alone_is_not_the_publication() -> None:
    html = (
        "<html><body><div class='box'><h1>عنوان الخبر الرئيسي اليوم هنا</h1><span>آخر تحديث: 3 نوفمبر 2025</span></div>"
        f"<div class='story'><p>{PARAGRAPH}1</p><p>{PARAGRAPH}2</p></div></body></html>"
    )
    assert extract(html, "https://x.example/a", "2025-11-10T00:00:00+00:00").published_at is None
