"""Build the fixture site ``tests/sites/monitor/`` (run: python -m tests.sites.build).

A small news site made to exercise discovery. ``http://SITE`` in served
files is replaced by the test server's base URL, and ``{{NAME}}`` tokens by
values a test chooses (see tests/test_discovery_e2e.py).

Where each article can be found:

    a1, a2  home page, feed, sitemap
    a3, a4  section listing page 1, sitemap
    a5      section listing page 2 only (reached through rel=next)
    a6, a9  section listing page 3 only (reached through the numbered link "3")
    a7      posts sitemap only (lastmod {{A7_LASTMOD}})
    a8      gzipped news sitemap only

Not articles: home, section pages, /who-we-are.html, /topics/raqqa/ (a list of
cards), a video page, /about/, /tag/..., /author/..., and a short note that
claims og:type=article but holds two lines (dropped by the pipelines).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from tools.synthetic import templates as t
from tools.synthetic import words

ROOT = Path(__file__).resolve().parent / "monitor"
SITE = "http://SITE"

# Each article gets its own two paragraphs plus the next article's first one:
# neighbours share a paragraph (related news), no two are the same story.
PARAGRAPHS_PER_ARTICLE = 3


@dataclass(frozen=True)
class Article:
    key: str
    day: str  # YYYY-MM-DD
    slug: str
    title: str
    city: str
    kind: str = "og"  # og | jsonld | plain (no structured signal: text and date only)

    @property
    def path(self) -> str:
        return f"/{self.day.replace('-', '/')}/{self.slug}/"


ARTICLES = (
    Article("a1", "2024-03-10", "aleppo-families-return-home", "عائلات تعود إلى منازلها في حلب", "حلب"),
    Article("a2", "2024-03-09", "homs-schools-reopen-after-repairs", "إعادة فتح مدارس في حمص بعد ترميمها", "حمص"),
    Article("a3", "2024-03-08", "daraa-water-network-restored", "إصلاح شبكة المياه في درعا", "درعا"),
    Article("a4", "2024-03-07", "idlib-camps-brace-for-rain", "مخيمات إدلب تستعد للأمطار", "إدلب"),
    Article("a5", "2024-03-06", "raqqa-bakeries-fuel-shortage", "أفران الرقة تعاني نقص الوقود", "الرقة", "jsonld"),
    Article("a6", "2024-03-05", "hama-farmers-count-losses", "مزارعو حماة يحصون خسائرهم", "حماة", "plain"),
    Article("a7", "2024-03-04", "latakia-port-workers-strike", "إضراب عمال مرفأ اللاذقية", "اللاذقية"),
    Article("a8", "2024-03-03", "deir-ezzor-bridge-reopens", "إعادة افتتاح جسر في دير الزور", "دير الزور"),
    Article("a9", "2024-02-20", "qamishli-market-prices-rise", "ارتفاع الأسعار في أسواق القامشلي", "القامشلي"),
)
BY_KEY = {a.key: a for a in ARTICLES}

HEADER = """<header><a class="logo" href="/">أخبار الاختبار</a>
<nav><a href="/">الرئيسية</a> <a href="/section/news/">أخبار</a> <a href="/who-we-are.html">فريقنا</a>
<a href="/about/">من نحن</a> <a href="/topics/raqqa/">ملف الرقة</a></nav></header>"""
FOOTER = """<footer><p>جميع الحقوق محفوظة</p><a href="http://other.example/news/2024/03/01/elsewhere-story-here/">موقع آخر</a>
<a href="http://127.0.0.1:1/2024/03/01/same-host-other-port-story/">منفذ آخر</a></footer>"""


def page(title: str, body: str, og_type: str | None = "website", head: str = "") -> str:
    og = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    return f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} - أخبار الاختبار</title>
<meta property="og:site_name" content="أخبار الاختبار">{og}
<link rel="alternate" type="application/rss+xml" href="/feed.xml">{head}</head>
<body>{HEADER}
{body}
{FOOTER}</body></html>
"""


def article_paragraphs(a: Article) -> list[str]:
    """Three of the paragraphs, a different window for each article."""
    start = (PARAGRAPHS_PER_ARTICLE - 1) * ARTICLES.index(a)
    picked = (words.STORY_PARAGRAPHS[(start + k) % len(words.STORY_PARAGRAPHS)] for k in range(PARAGRAPHS_PER_ARTICLE))
    return [p.format(city=a.city) for p in picked]


def article_html(a: Article) -> str:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in article_paragraphs(a))
    head = ""
    if a.kind == "og":
        head = t.published_meta(f"{a.day}T10:00:00+03:00")
    if a.kind == "jsonld":
        article = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": a.title}
        article["datePublished"] = f"{a.day}T10:00:00+03:00"
        head = t.jsonld(article, compact=True)
    body = f"""<main><article><h1>{a.title}</h1>
<div class="meta"><span class="author">كتب: سامي الخطيب</span> {t.time_tag(f"{a.day}T10:00:00+03:00", a.day)}</div>
{paragraphs}
<div class="tags"><a href="/tag/{a.slug}/">وسم</a> <a href="/author/sami/">سامي الخطيب</a></div>
</article></main>"""
    return page(a.title, body, og_type="article" if a.kind == "og" else None, head=head)


def cards(keys: list[str]) -> str:
    return "\n".join(f'<div class="card"><h2><a href="{BY_KEY[k].path}">{BY_KEY[k].title}</a></h2></div>' for k in keys)


def listing(title: str, keys: list[str], pager: str = "") -> str:
    return page(title, f"<main><h1>{title}</h1>\n{cards(keys)}\n<div class='pager'>{pager}</div></main>")


def files() -> dict[str, str]:
    out: dict[str, str] = {a.path + "index.html": article_html(a) for a in ARTICLES}
    out["/index.html"] = listing(
        "أخبار الاختبار",
        ["a1", "a2"],
        '<a href="/video/2024/03/11/damascus-clip/">فيديو</a> <a href="/2024/03/02/breaking-short-note/">عاجل</a>',
    )
    out["/section/news/index.html"] = listing(
        "أخبار", ["a3", "a4"], '<a rel="next" href="/section/news/page/2/">التالي</a>'
    )
    out["/section/news/page/2/index.html"] = listing(
        "أخبار - الصفحة 2",
        ["a5"],
        '<a href="/section/news/">1</a> <span>2</span> <a href="/section/news/page/3/">3</a>',
    )
    out["/section/news/page/3/index.html"] = listing("أخبار - الصفحة 3", ["a6", "a9"])
    out["/topics/raqqa/index.html"] = page(
        "ملف الرقة", "<main><h1>ملف الرقة</h1>\n" + cards(["a1", "a2", "a3", "a4"]) + "</main>", og_type=None
    )
    about = "".join(f"<p>{p.format(city='سوريا')}</p>" for p in words.STORY_PARAGRAPHS)
    out["/who-we-are.html"] = page("فريقنا", f"<main><h1>فريقنا</h1>{about}</main>")
    out["/about/index.html"] = page("من نحن", f"<main><h1>من نحن</h1>{about}</main>")
    out["/video/2024/03/11/damascus-clip/index.html"] = page(
        "فيديو من دمشق", f"<main><h1>فيديو من دمشق</h1>{about}</main>", og_type="video.other"
    )
    out["/2024/03/02/breaking-short-note/index.html"] = page(
        "عاجل", "<main><article><h1>عاجل</h1><p>انفجار في ريف دمشق.</p></article></main>", og_type="article"
    )
    out["/robots.txt"] = f"User-agent: *\nDisallow: /private/\nSitemap: {SITE}/sitemap_index.xml\n"
    out["/sitemap_index.xml"] = t.sitemap_index(
        [
            t.sitemap_entry(f"{SITE}/sitemap-posts.xml", "{{POSTS_LASTMOD}}"),
            t.sitemap_entry(f"{SITE}/sitemap-news.xml.gz"),
        ],
        separator="\n",
    )
    posts = [t.sitemap_url(f"{SITE}{BY_KEY[k].path}", f"{BY_KEY[k].day}T12:00:00+00:00") for k in ("a1", "a2", "a3", "a4")]
    posts += [t.sitemap_url(f"{SITE}{BY_KEY['a7'].path}", "{{A7_LASTMOD}}"), t.sitemap_url(f"{SITE}/who-we-are.html")]
    out["/sitemap-posts.xml"] = t.urlset(posts, separator="\n")
    out["/sitemap-news.xml"] = f"""{t.XML_DECLARATION}<urlset xmlns="{t.SITEMAP_NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{SITE}{BY_KEY["a8"].path}</loc><news:news><news:publication><news:name>أخبار الاختبار</news:name>
<news:language>ar</news:language></news:publication><news:publication_date>{BY_KEY["a8"].day}T09:00:00+03:00</news:publication_date>
<news:title>{BY_KEY["a8"].title}</news:title></news:news></url>
</urlset>
"""
    items = [t.rss_item(BY_KEY[k].title, f"{SITE}{BY_KEY[k].path}", f"{BY_KEY[k].day}T10:00:00+03:00") for k in ("a1", "a2")]
    out["/feed.xml"] = t.rss("أخبار الاختبار", f"{SITE}/", items, separator="\n")
    return out


def build(root: Path = ROOT) -> None:
    if root.exists():
        shutil.rmtree(root)
    for path, text in files().items():
        target = root / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    build()
