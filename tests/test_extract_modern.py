"""Extraction on today's Arabic news templates (issue #14, "Body" and "Fields").

Two kinds of tests: every hand-labelled page of ``tests/fixtures/modern`` field
by field, and one small page per class of the issue, written here with
markup unlike the fixtures' (other class names, other nesting), so that a rule
tuned to one fixture fails them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from crawler.evaluate import MODERN
from crawler.extraction import extract_article
from crawler.extraction.boxes import is_embed
from crawler.extraction.credits import credit_role, is_agency, split_names
from crawler.extraction.lines import line_rule
from crawler.extraction.page import parse_html
from crawler.text.arabic import normalize
from crawler.text.dates import parse_date
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.servers import serve
from tools.modern_pages.build import write_pages

TRUTH = json.loads((MODERN / "truth.json").read_text(encoding="utf-8"))
FETCHED = "2026-06-01T08:00:00+00:00"
URL = "https://outlet.example/news/2026/05/story"


def extracted(name: str):
    entry = TRUTH[name]
    return extract_article((MODERN / entry["file"]).read_bytes(), entry["url"], entry["fetched_at"], min_body_chars=0)


# --- the labelled pages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "field"), [(n, f) for n in TRUTH for f in ("title", "subtitle", "author", "published_at")]
)
def test_modern_page_field(name: str, field: str) -> None:
    assert getattr(extracted(name), field) == TRUTH[name][field] or (
        field == "published_at" and parse_date(getattr(extracted(name), field) or "") == parse_date(TRUTH[name][field])
    )


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_modern_page_body_is_the_paragraphs(name: str) -> None:
    assert extracted(name).body.split("\n\n") == TRUTH[name]["body_paragraphs"]


@pytest.mark.parametrize(("name", "snippet"), [(n, s) for n, entry in TRUTH.items() for s in entry["must_not_contain"]])
def test_modern_page_boilerplate_does_not_leak(name: str, snippet: str) -> None:
    assert normalize(snippet) not in normalize(extracted(name).body)


def test_committed_pages_are_what_the_builder_writes(tmp_path: Path) -> None:
    assert write_pages(tmp_path) == len(TRUTH)
    for written in sorted(tmp_path.iterdir()):
        assert written.read_bytes() == (MODERN / written.name).read_bytes(), written.name


# --- one small page per class ----------------------------------------------------------

PARAGRAPHS = [
    "قال مسؤولون محليون في مدينة منبج إن أعمال إعادة تأهيل شبكة الصرف الصحي في الأحياء الجنوبية ستبدأ مطلع الشهر المقبل بتمويل من منظمة دولية.",
    "وأضاف المسؤولون أن المشروع يشمل استبدال أكثر من عشرين كيلومتراً من الأنابيب القديمة التي تسببت في فيضانات متكررة خلال فصل الشتاء الماضي.",
    "ويشكو السكان منذ سنوات من انتشار الروائح والحشرات في الشوارع القريبة من مجرى السيل، ويأملون أن ينهي المشروع معاناتهم قبل حلول الصيف.",
    "ومن المتوقع أن يستمر العمل ستة أشهر، على أن تُنفذ الأعمال على مراحل كي لا تنقطع الحركة في الأسواق الرئيسية خلال ساعات النهار.",
]


def page(article: str, head: str = "", title: str = "إعادة تأهيل شبكة الصرف الصحي في منبج") -> str:
    return f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} | موقع الخبر</title>
<meta property="og:site_name" content="موقع الخبر">{head}</head><body><div class="top"><a href="/">موقع الخبر</a></div>
<div class="x7k2"><h1 class="q9">{title}</h1>{article}</div><div class="bottom">موقع الخبر 2026</div></body></html>"""


def body_of(html: str) -> str:
    return extract_article(html, URL, FETCHED, min_body_chars=0).body


def paragraphs(tag: str = "p", attrs: str = "") -> str:
    return "".join(f"<{tag}{attrs}>{p}</{tag}>" for p in PARAGRAPHS)


def with_box(box: str) -> str:
    """The article's container with ``box`` between its second and third paragraphs."""
    first, second = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2]), "".join(f"<p>{p}</p>" for p in PARAGRAPHS[2:])
    return f'<div class="c">{first}{box}{second}</div>'


def test_hashed_div_paragraphs_are_the_body() -> None:
    inner = paragraphs("div", ' class="r-1a2b3c r-9z8y7x"')
    assert body_of(page(f'<div class="r-5t6u">{inner}</div>')).split("\n\n") == PARAGRAPHS


def test_br_separated_text_is_split_into_paragraphs_and_its_box_is_the_body() -> None:
    article = f'<div class="m1"><span class="m2">المحرر: مكتب الأخبار</span></div><div class="t3">{"<br><br>".join(PARAGRAPHS)}</div>'
    assert body_of(page(article)).split("\n\n") == PARAGRAPHS


def test_inline_link_in_mixed_text_stays_in_its_paragraph() -> None:
    text = "<br><br>".join(PARAGRAPHS)
    text = text.replace("منظمة دولية", '<a href="https://ngo.example/">منظمة دولية</a>')
    article = f'<div class="t3">{text}<custom-slot></custom-slot></div>'
    assert body_of(page(article)).split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "card",
    [
        # unlabelled: a picture and a headline in one link
        '<section class="zz1"><a href="/news/2026/05/other"><img src="/i.jpg" width="300" height="200"><b>افتتاح سوق جديد للخضار في منبج</b></a></section>',
        # labelled, headline and a time
        '<aside class="ab"><span>اقرأ أيضاً</span><a href="/news/2026/05/other">افتتاح سوق جديد للخضار في منبج</a><small>منذ ساعتين</small></aside>',
        # a bare list of other headlines
        '<ul class="k"><li><a href="/a/1">افتتاح سوق جديد للخضار في منبج</a></li><li><a href="/a/2">انقطاع المياه عن حي الحزاونة</a></li></ul>',
        # a card that is one link around a picture, a heading and a time
        '<a class="c1" href="/news/2026/05/other"><img src="/i.jpg" width="300" height="200"><h3>افتتاح سوق جديد للخضار في منبج</h3><span>قبل ساعة</span></a>',
        # a headline line of its own
        '<p><a href="/news/2026/05/other">افتتاح سوق جديد للخضار في منبج</a></p>',
    ],
)
def test_related_article_cards_are_not_body(card: str) -> None:
    body = body_of(page(with_box(card)))
    assert "افتتاح سوق جديد" not in body
    assert "انقطاع المياه عن حي" not in body


def test_a_paragraph_with_links_in_it_is_not_a_card() -> None:
    linked = PARAGRAPHS[1].replace(
        "عشرين كيلومتراً من الأنابيب القديمة", '<a href="/x">عشرين كيلومتراً من الأنابيب القديمة</a>'
    )
    inner = f"<p>{PARAGRAPHS[0]}</p><p>{linked}</p><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p>"
    assert body_of(page(f'<div class="c">{inner}</div>')).split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "caption",
    [
        '<div class="pic"><img src="/p.jpg"><span>عمال في منبج. الصورة: أحمد الخالد</span></div>',
        '<div class="pic"><img src="/p.jpg"><div>حفريات في الحي الجنوبي (تصوير: أحمد الخالد)</div></div>',
        '<div class="wp-caption"><img src="/p.jpg"><p class="wp-caption-text">حفريات في الحي الجنوبي</p></div>',
    ],
)
def test_captions_and_photo_credits_are_not_body(caption: str) -> None:
    body = body_of(page(with_box(caption)))
    assert "أحمد الخالد" not in body and "حفريات في الحي" not in body and "عمال في منبج" not in body


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("ترجمة: سارة العلي", "credit"),
        ("تحرير: باسم يوسف", "credit"),
        ("المصدر: وكالات", "credit"),
        ("عدسة: ماهر حمود", "credit"),
        ("(إعداد رامي حداد للنشرة العربية - تحرير نور شمس)", "credit"),
        ("ترجمة وتحرير: قسم الأخبار", "credit"),
        ("حصادة في سهل حوران (عدسة: فادي أحمد)", "caption"),
        ("تابعونا على تلغرام", "follow"),
        ("انضموا إلى قناتنا على واتساب لمتابعة آخر الأخبار", "follow"),
        ("Play Mute 0:00 / 2:14 Fullscreen", "interface"),
        ("تشغيل كتم الصوت ملء الشاشة", "interface"),
        ("Your browser does not support the video tag.", "interface"),
        ("المقالات المنشورة تعبر عن آراء كتّابها ولا تعبر بالضرورة عن رأي الموقع", "disclaimer"),
        ("12:45", "timestamp"),
        ("منذ 3 ساعات", "timestamp"),
        ("آخر تحديث: 8 آذار 2026 - 18:40", "timestamp"),
    ],
)
def test_stray_lines_are_named(line: str, rule: str) -> None:
    assert line_rule(line) == rule


@pytest.mark.parametrize(
    "sentence",
    [
        "وأعلنت المديرية عبر قناتها على تلغرام أن الحملة ستبدأ يوم الأحد في جميع المراكز الصحية.",
        "وجاء الإعلان بعد اجتماع مطول بين ممثلي الطرفين في العاصمة الأردنية عمّان.",
        "المصدر الذي تحدث إلى الصحيفة أكد أن المفاوضات ستستأنف الأسبوع المقبل بحضور الوسطاء.",
        "وقال إن ترجمة الوثائق إلى اللغة العربية ستستغرق أسابيع عدة قبل عرضها على البرلمان.",
    ],
)
def test_sentences_that_mention_the_words_stay(sentence: str) -> None:
    assert line_rule(sentence) is None
    inner = f"<p>{PARAGRAPHS[0]}</p><p>{sentence}</p>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:])
    assert sentence in body_of(page(f'<div class="c">{inner}</div>'))


@pytest.mark.parametrize(
    "label",
    [
        "إعلان",
        "اعلان",
        "إعلانات",
        "مساحة إعلانية",
        "مساحة اعلانية",
        "محتوى مدعوم",
        "إعلان ممول",
        "Advertisement",
        "Sponsored",
        "Ad",
    ],
)
def test_ad_labels_in_every_wording_are_not_body(label: str) -> None:
    slot = f'<div class="s"><span>{label}</span><div id="gpt-1"></div></div>'
    assert body_of(page(with_box(slot))).split("\n\n") == PARAGRAPHS


@pytest.mark.parametrize(
    "embed",
    [
        '<blockquote class="twitter-tweet"><p>نص التغريدة هنا</p>&mdash; حساب (@acc) <a href="https://twitter.com/acc/status/1">May 1, 2026</a></blockquote>',
        '<blockquote data-instgrm-permalink="https://www.instagram.com/p/abc/"><a href="https://www.instagram.com/p/abc/">نص التغريدة هنا</a></blockquote>',
        '<blockquote cite="https://www.facebook.com/page/posts/1"><p>نص التغريدة هنا</p>Posted by <a href="https://www.facebook.com/page">page</a></blockquote>',
        '<blockquote class="tiktok-embed"><section>نص التغريدة هنا</section></blockquote>',
        '<div class="fb-post" data-href="https://www.facebook.com/p/1"><div>نص التغريدة هنا</div></div>',
        '<blockquote><p>نص التغريدة هنا</p><a href="https://x.com/acc/status/99">x.com</a></blockquote>',
    ],
)
def test_social_embeds_are_not_body(embed: str) -> None:
    assert "نص التغريدة" not in body_of(page(with_box(embed)))


def test_a_quotation_is_not_an_embed() -> None:
    quote = parse_html("<html><body><blockquote><p>قال الوزير: سنعيد الإعمار</p></blockquote></body></html>")
    assert not is_embed(quote.find(".//blockquote"))


def test_newsletter_box_inside_the_article_is_not_body() -> None:
    box = '<div class="n"><b>النشرة البريدية</b><span>أهم الأخبار في بريدك كل صباح</span><input type="email"></div>'
    assert "النشرة البريدية" not in body_of(page(with_box(box)))


@pytest.mark.parametrize(
    "dek",
    [
        '<p class="dek">المشروع يمتد ستة أشهر وبتمويل دولي</p>',
        '<div class="subtitle">المشروع يمتد ستة أشهر وبتمويل دولي</div>',
        "<h2>المشروع يمتد ستة أشهر وبتمويل دولي</h2>",
    ],
)
def test_subtitle_is_stored_and_not_repeated_in_the_body(dek: str) -> None:
    found = extract_article(page(dek + paragraphs()), URL, FETCHED, min_body_chars=0)
    assert found.subtitle == "المشروع يمتد ستة أشهر وبتمويل دولي"
    assert "المشروع يمتد" not in found.body


# --- fields: authors and dates ----------------------------------------------------------


def author_of(article: str, head: str = "") -> str | None:
    return extract_article(page(article + paragraphs(), head), URL, FETCHED, min_body_chars=0).author


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ('<div class="by">إعداد: سلمى الخطيب و باسل عيسى</div>', "سلمى الخطيب، باسل عيسى"),
        (
            '<div class="by">بقلم <a rel="author" href="/a/1">ليلى منصور</a> و<a rel="author" href="/a/2">خالد العمر</a></div>',
            "ليلى منصور، خالد العمر",
        ),
        ('<div class="by">بقلم: جيمس ميلر | ترجمة: نور مراد</div>', "جيمس ميلر"),
        ('<div class="by">بواسطة جود سليمان</div>', "جود سليمان"),
        ('<div class="meta">ترجمة: نور مراد</div><div class="credit">تصوير: ماهر حمود</div>', None),
    ],
)
def test_bylines(byline: str, author: str | None) -> None:
    assert author_of(byline) == author


def test_several_jsonld_authors_are_joined_and_an_organization_is_none() -> None:
    persons = '<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"أحمد الراعي"},{"@type":"Person","name":"سمر العبدالله"}]}</script>'
    agency = '<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"رويترز"}}</script>'
    assert author_of("", persons) == "أحمد الراعي، سمر العبدالله"
    assert author_of("", agency + '<meta name="author" content="فرانس برس">') is None


def test_comment_form_labels_and_commenters_are_never_the_author() -> None:
    comments = """<div class="comments"><div class="comment-author"><cite class="fn">أبو خالد</cite></div><p>تعليق</p>
<form id="commentform"><p class="comment-form-author"><label for="author">الاسم *</label><input id="author"></p>
<p class="comment-form-email"><label for="email">البريد الإلكتروني *</label><input id="email"></p></form></div>"""
    html = page(paragraphs() + comments)
    assert extract_article(html, URL, FETCHED, min_body_chars=0).author is None


@pytest.mark.parametrize(
    ("name", "agency"), [("رويترز", True), ("أ ف ب", True), ("وكالة الأنباء الألمانية", True), ("خالد العمر", False)]
)
def test_agencies(name: str, agency: bool) -> None:
    assert is_agency(name) is agency


@pytest.mark.parametrize(
    ("byline", "names"),
    [
        ("أحمد الراعي، سمر العبدالله و فادي نصار", ["أحمد الراعي", "سمر العبدالله", "فادي نصار"]),
        ("ريم سعيد وعلي حسن", ["ريم سعيد", "علي حسن"]),
        ("محمد وليد العلي", ["محمد وليد العلي"]),  # a given name that starts with "و"
        ("عبد الله وسيم", ["عبد الله وسيم"]),
    ],
)
def test_split_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


def test_credit_roles() -> None:
    assert [credit_role(t) for t in ("كتب: فلان", "ترجمة: فلان", "تحرير: فلان", "تصوير: فلان")] == [
        "author",
        "translator",
        "editor",
        "photographer",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-11-03 | 09:25", "2022-11-03T09:25:00+03:00"),
        ("03/11/2022 - 09:25 ص", "2022-11-03T09:25:00+03:00"),
        ("03/11/2022 - 09:25 م", "2022-11-03T21:25:00+03:00"),
        ("2025-12-07 الساعة 21:40", "2025-12-07T21:40:00+03:00"),
    ],
)
def test_date_and_time_written_apart(text: str, expected: str) -> None:
    found = parse_date(text)
    assert found is not None and found.isoformat() == expected


def test_visible_date_without_a_date_class_beside_the_headline() -> None:
    html = page(
        '<div class="w"><span class="a1">كتب: فلان الفلاني</span><span class="b2">2026-04-03 | 09:25</span></div>'
        + paragraphs()
    )
    assert extract_article(html, URL, FETCHED, min_body_chars=0).published_at == "2026-04-03T09:25:00+03:00"


def test_last_update_printed_first_is_not_the_publication() -> None:
    stamps = '<div class="s"><span class="u">آخر تحديث: 19 شباط 2026 - 16:05</span> <span class="p">نُشر في: 19 شباط 2026 - 07:15</span></div>'
    html = page(stamps + paragraphs())
    assert extract_article(html, URL, FETCHED, min_body_chars=0).published_at == "2026-02-19T07:15:00+03:00"


def test_live_blog_without_structured_data_takes_its_first_entry_time() -> None:
    entries = "".join(
        f'<div class="e"><span class="t"><time datetime="2026-03-08T{h}:00+03:00">{h}</time></span><p>{p}</p></div>'
        for h, p in zip(("18:40", "15:10", "12:30", "08:00"), PARAGRAPHS, strict=True)
    )
    found = extract_article(page(f'<div class="feed">{entries}</div>'), URL, FETCHED, min_body_chars=0)
    assert found.published_at == "2026-03-08T08:00:00+03:00"
    assert found.body.split("\n\n") == PARAGRAPHS


def test_dates_of_a_related_list_are_not_a_live_feed() -> None:
    related = "".join(
        f'<li class="r"><time datetime="20{y}-01-0{i}T10:00:00+03:00">{y}</time><a href="/a/{i}">عنوان خبر آخر عن منبج رقم {i}</a></li>'
        for i, y in enumerate(("19", "20", "21"), start=1)
    )
    own = '<div class="m"><time datetime="2026-05-20T09:30:00+03:00">20 أيار 2026</time></div>'
    html = page(f'<div class="c">{own}{paragraphs()}<ul class="rel">{related}</ul></div>')
    assert extract_article(html, URL, FETCHED, min_body_chars=0).published_at == "2026-05-20T09:30:00+03:00"


def test_live_blog_takes_every_entry_and_its_first_publication() -> None:
    entries = "".join(
        f'<article class="entry"><div class="hd"><time datetime="2026-03-08T{h}:00+03:00">{h}</time></div><div class="tx"><p>{p}</p></div></article>'
        for h, p in zip(("18:40", "15:10", "12:30", "08:00"), PARAGRAPHS, strict=True)
    )
    head = '<script type="application/ld+json">{"@type":"LiveBlogPosting","datePublished":"2026-03-08T08:00:00+03:00","dateModified":"2026-03-08T18:40:00+03:00"}</script>'
    found = extract_article(page(f'<div class="feed">{entries}</div>', head), URL, FETCHED, min_body_chars=0)
    assert found.body.split("\n\n") == PARAGRAPHS
    assert found.published_at == "2026-03-08T08:00:00+03:00"


# --- JSON state: used where it agrees with the page --------------------------------------


def next_data(article: dict) -> str:
    data = {"props": {"pageProps": {"article": article}}}
    return f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data, ensure_ascii=False)}</script>'


def test_framework_state_gives_time_and_authors_when_it_names_this_article() -> None:
    state = next_data(
        {
            "title": "إعادة تأهيل شبكة الصرف الصحي في منبج",
            "publishedAt": "2026-05-20T06:30:00Z",
            "authors": [{"name": "رامي السيد"}, {"name": "لينا حداد"}],
        }
    )
    byline = '<div class="q"><a href="/u/1">رامي السيد</a> <a href="/u/2">لينا حداد</a></div><div>20 أيار 2026</div>'
    html = page(byline + paragraphs("div", ' class="k"') + state)
    found = extract_article(html, URL, FETCHED, min_body_chars=0)
    assert found.published_at == "2026-05-20T06:30:00+00:00"
    assert found.author == "رامي السيد، لينا حداد"


def test_framework_state_of_another_article_is_ignored() -> None:
    state = next_data(
        {
            "title": "ارتفاع أسعار الأسمدة في الغاب",
            "publishedAt": "2026-03-02T09:00:00+03:00",
            "authors": [{"name": "مها الخطيب"}],
        }
    )
    found = extract_article(page(paragraphs() + state), URL, FETCHED, min_body_chars=0)
    assert found.published_at is None and found.author is None


def test_jsonld_body_that_agrees_filters_a_stray_line() -> None:
    stray = '<div class="odd">سلسلة مقالات عن الخدمات في ريف حلب</div>'
    jsonld = {
        "@type": "NewsArticle",
        "headline": "إعادة تأهيل شبكة الصرف الصحي في منبج",
        "articleBody": "\n\n".join(PARAGRAPHS),
    }
    head = f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
    assert body_of(page(with_box(stray), head)).split("\n\n") == PARAGRAPHS


def test_jsonld_teaser_body_never_cuts_the_page_body() -> None:
    jsonld = {"@type": "NewsArticle", "headline": "إعادة تأهيل شبكة الصرف الصحي في منبج", "articleBody": PARAGRAPHS[0]}
    head = f'<script type="application/ld+json">{json.dumps(jsonld, ensure_ascii=False)}</script>'
    assert body_of(page(paragraphs(), head)).split("\n\n") == PARAGRAPHS


# --- the real crawl -----------------------------------------------------------------------


def test_a_crawl_of_the_modern_pages_stores_their_truths(tmp_path: Path) -> None:
    """Every page served on a site and reached from its home page alone: the
    stored rows hold the hand-written truths (the crawl runs extract_article)."""
    site = tmp_path / "site"
    (site / "2026" / "05").mkdir(parents=True)
    links = []
    for entry in TRUTH.values():
        shutil.copy(MODERN / entry["file"], site / "2026" / "05" / entry["file"])
        links.append(f'<li><a href="2026/05/{entry["file"]}">{entry["title"]}</a></li>')
    home = f'<html lang="ar"><body><h1>أخبار</h1><ul>{"".join(links)}</ul></body></html>'
    (site / "index.html").write_text(home, encoding="utf-8")
    db = tmp_path / "news.db"
    with serve(site) as url:
        crawl("-a", f"url={url}", db=db)
    stored = {row["url"].rsplit("/", 1)[-1].removesuffix(".html"): row for row in rows(db)}
    assert sorted(stored) == sorted(TRUTH)
    for name, entry in TRUTH.items():
        row = stored[name]
        assert (row["title"], row["subtitle"], row["author"]) == (entry["title"], entry["subtitle"], entry["author"]), (
            name
        )
        assert parse_date(row["published_at"]) == parse_date(entry["published_at"]), name
        assert row["body"].split("\n\n") == entry["body_paragraphs"], name
