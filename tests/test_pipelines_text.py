"""Table-driven tests of the extraction steps: blocks, boilerplate, fields."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.extraction import STORED_FIELDS
from crawler.extraction.authors import clean_author
from crawler.extraction.blocks import Block
from crawler.extraction.body import body_text
from crawler.extraction.boilerplate import BLOCK_RULES, strip_rules, strip_teaser
from crawler.extraction.language import detect_language
from crawler.extraction.main_content import page_blocks
from crawler.extraction.page import parse_html, usable_tree
from crawler.extraction.published import pick_published
from crawler.extraction.structured import jsonld_article, meta_tags
from crawler.extraction.title import pick_title, strip_site_name
from crawler.items import ArticleItem
from pipelines.extract import ExtractPipeline

PARA = "قالت مصادر ميدانية في دير الزور إن مقاتلة روسية استهدفت موقعا في المنطقة الصناعية بمدينة دير الزور."


def blocks_of(html: str) -> list[Block]:
    return page_blocks(parse_html(html))


def article_html(inner: str, before: str = "") -> str:
    paras = "".join(f"<p>{PARA} {i}</p>" for i in range(4))
    return f"<html><body>{before}<div class='content'>{paras}{inner}</div></body></html>"


def main_text(html: str) -> str:
    return body_text(strip_teaser(strip_rules(blocks_of(html)).blocks))


@pytest.mark.parametrize(
    ("inner", "gone"),
    [
        ("<h3>أقسام</h3><ul><li><a href='#'>من سوريا</a></li></ul>", ["أقسام", "من سوريا"]),
        ("<h3>أخبار متعلقة</h3><ul><li><a href='#'>خبر آخر عن حلب</a></li></ul>", ["أخبار متعلقة", "خبر آخر"]),
        ("<p><b>اقرأ أيضاً:</b> <a href='#'>عنوان خبر مرتبط طويل</a></p>", ["اقرأ أيضاً", "عنوان خبر"]),
        ("<div><span>شارك</span><a href='#'>فيسبوك</a></div>", ["شارك", "فيسبوك"]),
        (
            "<h4>الأكثر قراءة</h4><ul><li><a href='#'>خبر 1</a></li><li><a href='#'>خبر 2</a></li></ul>",
            ["الأكثر قراءة", "خبر 1", "خبر 2"],
        ),
        ("<h3>وسوم</h3><ul><li><a href='#'>الرقة</a></li></ul>", ["وسوم"]),
        ("<script>var x = 'اقرأ';</script><style>p{}</style>", ["var x", "p{}"]),
        ("<nav><a href='#'>الرئيسية</a></nav><form><input value='بحث'></form>", ["الرئيسية", "بحث"]),
    ],
)
def test_boilerplate_blocks_are_removed(inner: str, gone: list[str]) -> None:
    text = main_text(article_html(inner))
    assert PARA in text
    for word in gone:
        assert word not in text


@pytest.mark.parametrize(
    "sentence",
    [
        "وقال إن أقسام المستشفى تضررت بشدة خلال القصف على المدينة.",
        "ونشرت الوكالة أخبار متعلقة بالمعارك في ريف دير الزور الشرقي أمس.",
        "ودعا المجلس الأهالي إلى شارك في حملة التنظيف التي تبدأ غدا في الأحياء.",
    ],
)
def test_words_inside_real_paragraphs_are_kept(sentence: str) -> None:
    text = main_text(article_html(f"<p>{sentence}</p>"))
    assert sentence in text


def test_section_is_captured_from_the_sections_block() -> None:
    html = article_html("<div><h3>أقسام</h3><ul><li><a>من سوريا</a></li><li><a>تقارير</a></li></ul></div>")
    assert strip_rules(blocks_of(html)).section == "من سوريا"


def test_site_wide_sections_menu_before_the_article_is_not_the_section() -> None:
    html = article_html("", before="<div><h3>الأقسام</h3><ul><li><a>رياضة</a></li></ul></div>")
    assert strip_rules(blocks_of(html)).section is None


@pytest.mark.parametrize(
    ("teaser", "removed"),
    [
        (PARA[:60] + "...", True),
        (PARA[:60] + "…", True),
        (PARA[:60] + " وأكثر من ذلك بكثير في هذه الفقرة.", False),  # not cut: a real sentence
        ("نص آخر مختلف تماما عن الفقرة الأولى في الخبر...", False),
    ],
)
def test_teaser_removed_only_when_it_repeats_paragraph_one(teaser: str, removed: bool) -> None:
    html = (
        f"<html><body><div class='c'><p class='excerpt'>{teaser}</p>"
        + "".join(f"<p>{PARA} {i}</p>" for i in range(4))
        + "</div></body></html>"
    )
    text = main_text(html)
    assert (teaser not in text) == removed


@pytest.mark.parametrize(
    ("title", "sites", "expected"),
    [
        ("اكتمال الحصار على داعش - سوريا اليوم", ("سوريا اليوم",), "اكتمال الحصار على داعش"),
        ("سوريا اليوم | اكتمال الحصار على داعش", ("سوريا اليوم",), "اكتمال الحصار على داعش"),
        ("معارضون يسيطرون على مخازن للصواريخ بريف دمشق - CNN", (), "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"),
        ("عنوان بلا اسم موقع", (), "عنوان بلا اسم موقع"),
    ],
)
def test_strip_site_name(title: str, sites: tuple[str, ...], expected: str) -> None:
    assert strip_site_name(title, sites) == expected


def test_title_prefers_h1_confirmed_by_meta() -> None:
    tree = parse_html(
        "<html><head><title>خبر عاجل عن حلب - الموقع</title>"
        "<meta property='og:title' content='خبر عاجل عن حلب'></head>"
        "<body><h1>الموقع</h1><h1>خبر عاجل عن حلب</h1></body></html>"
    )
    assert pick_title(tree, jsonld_article(tree), meta_tags(tree), ("الموقع",)) == "خبر عاجل عن حلب"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("كتب: سامر الحلبي", "سامر الحلبي"),
        ("بقلم لينا العمر", "لينا العمر"),
        ("إعداد: فريق التحرير", "فريق التحرير"),
        ("By John Smith", "John Smith"),
        ("سوريا اليوم", None),  # the outlet itself
        ("https://example.org/author/x", None),
    ],
)
def test_clean_author(raw: str, expected: str | None) -> None:
    assert clean_author(raw, ("سوريا اليوم",)) == expected


NOW = datetime(2024, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":'
            '"2020-03-17T10:00:00+02:00","dateModified":"2021-01-01T00:00:00Z"}]}</script>',
            "2020-03-17T10:00:00+02:00",
        ),
        (
            '<meta property="article:published_time" content="2019-05-24T08:00:00+03:00">'
            '<meta property="article:modified_time" content="2020-01-01T00:00:00+03:00">',
            "2019-05-24T08:00:00+03:00",
        ),
        (
            '<article><span class="date">الثلاثاء ١٧ تشرين الأول ٢٠١٧ - ٠٦:٤٥ م</span></article>',
            "2017-10-17T18:45:00+03:00",
        ),
        ('<div class="today">الأربعاء 25 تشرين الثاني 2023</div><article><p>بلا تاريخ</p></article>', None),
        ('<meta property="article:published_time" content="2030-01-01T00:00:00Z">', None),  # future
    ],
)
def test_pick_published(html: str, expected: str | None) -> None:
    tree = parse_html(f"<html><head></head><body>{html}</body></html>")
    published, _raw = pick_published(tree, jsonld_article(tree), meta_tags(tree), None, NOW)
    assert published == expected


@pytest.mark.parametrize(
    ("text", "declared", "expected"),
    [
        ("قالت مصادر ميدانية في دير الزور", None, "ar"),
        ("Gaming used to be so simple.", "en-US", "en"),
        ("قالت مصادر (CNN) في دمشق", "en", "ar"),
    ],
)
def test_detect_language(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


def test_rule_list_names_are_unique() -> None:
    names = [rule.name for rule in BLOCK_RULES]
    assert len(names) == len(set(names))


FIXTURE_PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.html"))
DEMO_PAGES = sorted((Path(__file__).parent.parent / "seeds" / "demo").rglob("*.html"))


@pytest.mark.parametrize("path", FIXTURE_PAGES + DEMO_PAGES[:5], ids=lambda p: p.name)
def test_spider_parse_is_reused_with_the_same_result(path: Path) -> None:
    """Extraction takes the spider's tree instead of parsing again: the
    article must be exactly that of its own parse of the same text."""
    response = HtmlResponse("http://site.test/a.html", body=path.read_bytes(), headers={"Content-Type": "text/html"})
    item = ArticleItem(
        url=response.url, source="s", html=response.text, fetched_at=NOW.isoformat(), doc=response.selector.root
    )
    ExtractPipeline(min_body_chars=0).process_item(item)
    assert item.doc is response.selector.root  # reused, not parsed again
    own = ArticleItem(url=response.url, source="s", html=response.text, fetched_at=NOW.isoformat())
    ExtractPipeline(min_body_chars=0).process_item(own)
    assert own.doc is not None and own.doc is not item.doc
    assert [(b.kind, b.text, b.in_main) for b in page_blocks(item.doc)] == [
        (b.kind, b.text, b.in_main) for b in page_blocks(own.doc)
    ]
    for field in STORED_FIELDS:
        assert getattr(item, field) == getattr(own, field), field
    assert item.body


@pytest.mark.parametrize("body", [b"", b"   \n "])
def test_unusable_spider_tree_is_parsed_again_and_dropped(body: bytes) -> None:
    response = HtmlResponse("http://site.test/a.html", body=body, headers={"Content-Type": "text/html"})
    item = ArticleItem(
        url=response.url, source="s", html=response.text, fetched_at=NOW.isoformat(), doc=response.selector.root
    )
    assert not usable_tree(item.doc)
    stats = StatsCollector(get_crawler())
    with pytest.raises(DropItem):
        ExtractPipeline(stats=stats).process_item(item)
    assert stats.get_value("news/dropped/unparseable") == 1
