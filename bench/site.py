"""A synthetic Arabic news site of N articles, rendered on demand from the URL.

Every page is a pure function of (N, its path), so the site needs no disk and
no memory that grows with N, a recrawl sees byte-identical pages, and the
benchmark can render the same pages for trafilatura. Pages look like a real
WordPress-style outlet: head with meta/OpenGraph/JSON-LD, inline CSS and
scripts, header, navigation, breaking-news ticker, breadcrumbs, article with
byline and date, "أقسام"/"وسوم"/share/"أخبار متعلقة" blocks, sidebar widgets,
newsletter form, footer and trailing scripts (30–60 KB per article).

Dates come in three styles (see :func:`date_style`): JSON-LD + meta + <time>,
meta tag only, or visible Arabic text only, so date parsing is exercised.

URLs: ``/`` and ``/latest/page/K/`` (20 articles a page, newest first),
``/section/SLUG/page/K/``, ``/articles/YYYY/MM/DD/SLUG-I.html``, ``/feed.xml``
(newest 30), ``/sitemap.xml`` (an index of ``/sitemaps/articles-K.xml``, 1000
URLs each), ``/robots.txt`` and a few static pages.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote

from tools.synthetic import templates as t
from tools.synthetic import words as w
from tools.synthetic.templates import arabic_date

PER_PAGE = 20
PER_SITEMAP = 1000
FEED_ITEMS = 30
SITE_NAME = w.SITE_NAME
TZ = timezone(timedelta(hours=3))
NEWEST = datetime(2025, 6, 1, 12, 0, tzinfo=TZ)
STEP = timedelta(minutes=17)
SHARE_LINKS = (
    ("فيسبوك", "https://www.facebook.com/sharer.php?u="),
    ("تويتر", "https://twitter.com/intent/tweet?url="),
    ("واتساب", "https://wa.me/?text="),
    ("تلغرام", "https://t.me/share/url?url="),
)
STATIC_PAGES = {"about": "من نحن", "contact": "اتصل بنا", "privacy": "سياسة الخصوصية", "advertise": "أعلن معنا"}
_ARTICLE = re.compile(r"^/articles/\d{4}/\d{2}/\d{2}/[a-z]+-(\d+)\.html$")
_LATEST = re.compile(r"^/latest/page/(\d+)/$")
_SECTION = re.compile(r"^/section/([a-z-]+)/page/(\d+)/$")
_SITEMAP = re.compile(r"^/sitemaps/articles-(\d+)\.xml$")
_TAG = re.compile(r"^/tag/([^/]+)/(?:page/1/)?$")


@dataclass(frozen=True)
class Head:
    """What listings show of an article (and what the article starts with)."""

    index: int
    title: str
    subtitle: str
    lead: str
    url: str
    published: datetime
    section: int


@dataclass(frozen=True)
class Page:
    status: int
    content_type: str
    body: bytes


def date_style(index: int) -> str:
    """ "full" (JSON-LD + meta + <time datetime>), "meta" (meta tag only) or "text" (visible Arabic date only)."""
    return ("text", "meta", "full", "full", "full")[index % 5]


def fill(template: str, rng: random.Random) -> str:
    place, place2 = rng.sample(w.PLACES, 2)
    return template.format(place=place, place2=place2, area=rng.choice(w.AREAS), n=rng.randint(3, 9000))


def sentence(rng: random.Random) -> str:
    kind = rng.random()
    actor = fill(rng.choice(w.ACTORS), rng)
    event = fill(rng.choice(w.EVENTS), rng)
    if kind < 0.45:
        return f"{rng.choice(w.VERBS)} {actor} {rng.choice(w.TIMES)} {event}، {rng.choice(w.CLAUSES)}."
    if kind < 0.75:
        person = rng.choice(w.PEOPLE)
        return f"{rng.choice(w.CONNECTORS)} {person} لـ{rng.choice(w.OUTLETS)} إن «{rng.choice(w.CLAUSES)}»، مشيرا إلى {event}."
    return f"ويأتي ذلك بعد {event} {rng.choice(w.TIMES)}، وسط مخاوف من أن {rng.choice(w.CLAUSES)}."


class Site:
    """The site of ``n`` articles served at ``base`` (e.g. ``http://127.0.0.1:8000``)."""

    def __init__(self, n: int, base: str = "http://127.0.0.1") -> None:
        self.n = n
        self.base = base.rstrip("/")
        self._heads: dict[int, Head] = {}
        self._nav = self._render_nav()
        self._footer = self._render_footer()

    # --- articles ---------------------------------------------------------

    def _rng(self, index: int) -> random.Random:
        return random.Random(index * 7919 + 17)

    def head(self, index: int) -> Head:
        """The article's headline, lead and URL (cached: pages link to many others)."""
        cached = self._heads.get(index)
        if cached is None:
            cached = self._heads[index] = self._make_head(index)
        return cached

    def _make_head(self, index: int) -> Head:
        rng = self._rng(index)
        title = fill(rng.choice(w.EVENTS), rng)
        subtitle = fill(rng.choice(w.EVENTS), rng)
        lead = sentence(rng)
        published = NEWEST - STEP * index
        slug = w.SLUG_WORDS[index % len(w.SLUG_WORDS)]
        url = f"/articles/{published:%Y/%m/%d}/{slug}-{index}.html"
        return Head(index, title, subtitle, lead, url, published, index % len(w.SECTIONS))

    def article_paths(self) -> list[str]:
        return [self.head(i).url for i in range(self.n)]

    def listing_paths(self) -> list[str]:
        """Every page that is not an article: home, listings, feed, sitemaps, robots, static pages."""
        paths = ["/", "/robots.txt", "/feed.xml", "/sitemap.xml"]
        paths += [f"/sitemaps/articles-{k}.xml" for k in range(1, -(-self.n // PER_SITEMAP) + 1)]
        paths += [f"/latest/page/{k}/" for k in range(1, self._last_page(self.n) + 1)]
        for s, (slug, _) in enumerate(w.SECTIONS):
            members = len(range(s, self.n, len(w.SECTIONS)))
            paths += [f"/section/{slug}/page/{k}/" for k in range(1, self._last_page(members) + 1)]
        paths += [f"/page/{slug}/" for slug in STATIC_PAGES]
        paths += [f"/tag/{quote(t)}/" for t in (*w.TAGS, *w.PLACES[:24])]
        return paths

    def _paragraphs(self, index: int, lead: str) -> list[str]:
        rng = random.Random(index * 104729 + 3)
        count = rng.randint(6, 12)
        paragraphs = [f"{lead} {' '.join(sentence(rng) for _ in range(rng.randint(2, 4)))}"]
        paragraphs += [" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(count - 1)]
        return paragraphs

    def article(self, index: int) -> str:
        h = self.head(index)
        rng = random.Random(index * 15485863 + 11)
        slug, section = w.SECTIONS[h.section]
        author = w.AUTHORS[index % len(w.AUTHORS)]
        tags = rng.sample(w.TAGS, rng.randint(2, 5))
        iso = h.published.isoformat()
        style = date_style(index)
        meta_date = t.published_meta(iso) if style != "text" else ""
        jsonld = ""
        if style == "full":
            jsonld = t.jsonld(
                {
                    "@context": "https://schema.org",
                    "@type": "NewsArticle",
                    "headline": h.title,
                    "datePublished": iso,
                    "dateModified": iso,
                    "author": {"@type": "Person", "name": author},
                    "articleSection": section,
                    "keywords": ",".join(tags),
                    "publisher": {
                        "@type": "Organization",
                        "name": SITE_NAME,
                        "logo": {"@type": "ImageObject", "url": f"{self.base}/static/logo.png"},
                    },
                    "mainEntityOfPage": f"{self.base}{h.url}",
                    "image": f"{self.base}/static/photos/{index}.jpg",
                },
                compact=True,
            )
        time_tag = (
            t.time_tag(iso, arabic_date(h.published))
            if style == "full"
            else f'<span class="post-date">{arabic_date(h.published)}</span>'
        )
        paragraphs = self._paragraphs(index, h.lead)
        teaser = h.lead[:160].rsplit(" ", 1)[0] + "..."
        related = [self.head(j) for j in self._neighbours(index, rng, 5)]
        body = "\n".join(f"    <p>{p}</p>" for p in paragraphs)
        if len(paragraphs) > 7:  # a mid-article "read also" box, like many outlets
            body = body.replace(
                "</p>\n",
                f"</p>\n    {t.read_also(related[0].url, related[0].title, 'read-also')}\n",
                1,
            )
        share = [(name, f"{prefix}{self.base}{h.url}") for name, prefix in SHARE_LINKS]
        return f"""{t.document_start(h.title, SITE_NAME)}<meta name="description" content="{teaser}">
{t.opengraph(SITE_NAME, "article", h.title)}
<meta property="og:description" content="{teaser}">
<meta property="og:url" content="{self.base}{h.url}">
<meta property="og:image" content="{self.base}/static/photos/{index}.jpg">
<meta name="twitter:card" content="summary_large_image">
{meta_date}
<meta property="article:section" content="{section}">
<link rel="canonical" href="{self.base}{h.url}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed.xml">
<link rel="stylesheet" href="/static/style.css?ver=6.4.2">
<link rel="stylesheet" href="/static/fonts.css?ver=6.4.2">
{_INLINE_CSS}
{jsonld}
{_HEAD_SCRIPTS}
</head>
<body class="post-template-default single single-post postid-{index} rtl">
{self._nav}
<main id="content" class="site-main container">
<div class="row">
<div class="col-md-8">
<article class="post type-post status-publish format-standard has-post-thumbnail" id="post-{index}">
  {t.breadcrumbs([("الرئيسية", "/"), (section, f"/section/{slug}/page/1/")], h.title)}
  <h1 class="entry-title">{h.title}</h1>
  <div class="entry-meta"><span class="byline author">كتب: {author}</span> <span class="posted-on">{time_tag}</span>
    <span class="views">{rng.randint(100, 90000)} مشاهدة</span></div>
  <p class="excerpt">{teaser}</p>
  <h2 class="sub-title">{h.subtitle}</h2>
  <figure class="post-thumbnail"><img src="/static/photos/{index}.jpg" alt="{h.title}" width="800" height="450" loading="lazy"><figcaption>صورة من {rng.choice(w.PLACES)} - أرشيف</figcaption></figure>
  <div class="entry-content">
{body}
  </div>
  {t.categories_block(section, f"/section/{slug}/page/1/")}
  {t.tags_block((tag, f"/tag/{tag}/") for tag in tags)}
  {t.share_buttons(share)}
  {t.related_block("".join(self._card_li(r) for r in related))}
  <div id="comments" class="comments-area"><h3>التعليقات</h3><p>لا توجد تعليقات بعد.</p>
    <form class="comment-form" action="/wp-comments-post.php" method="post"><textarea name="comment"></textarea><input name="author" placeholder="الاسم"><button>أضف تعليق</button></form></div>
</article>
</div>
{self._sidebar(index, rng)}
</div>
</main>
{self._footer}
</body>
</html>
"""

    def _neighbours(self, index: int, rng: random.Random, count: int) -> list[int]:
        if self.n <= 1:
            return []
        span = min(self.n - 1, 200)
        picks = {(index + rng.randint(1, span)) % self.n for _ in range(count)}
        picks.discard(index)
        return sorted(picks)

    @staticmethod
    def _card_li(h: Head) -> str:
        return f'<li><a href="{h.url}">{h.title}</a> <span class="date">{h.published:%Y/%m/%d}</span></li>'

    def _sidebar(self, index: int, rng: random.Random) -> str:
        popular = [self.head(j) for j in self._neighbours(index, rng, 8)]
        latest = [self.head(j) for j in range(min(6, self.n))]
        widgets = [
            f'<div class="widget widget-popular"><h3>الأكثر قراءة</h3><ol>{"".join(self._card_li(p) for p in popular)}</ol></div>',
            f'<div class="widget widget-latest"><h3>آخر الأخبار</h3><ul>{"".join(self._card_li(p) for p in latest)}</ul></div>',
            '<div class="widget widget-newsletter"><h3>النشرة البريدية</h3><p>اشترك ليصلك ملخص الأخبار كل صباح.</p>'
            '<form action="/subscribe" method="post"><input type="email" name="email" placeholder="بريدك الإلكتروني"><button>اشترك</button></form></div>',
            '<div class="widget widget-ad"><div class="adsbygoogle" data-ad-client="ca-pub-0000000000" data-ad-slot="12345"></div></div>',
        ]
        return f'<aside class="col-md-4 sidebar" id="secondary">{"".join(widgets)}</aside>'

    # --- chrome -----------------------------------------------------------

    def _render_nav(self) -> str:
        sections = "".join(
            f'<li class="menu-item"><a href="/section/{s}/page/1/">{name}</a></li>' for s, name in w.SECTIONS
        )
        ticker = "".join(
            f'<li><a href="{self.head(i).url}">{self.head(i).title}</a></li>' for i in range(min(8, self.n))
        )
        places = "".join(f'<li><a href="/tag/{p}/">{p}</a></li>' for p in w.PLACES[:24])
        return f"""<div id="fb-root"></div>
<header class="site-header">
  <div class="top-bar container"><span class="today">{arabic_date(NEWEST)}</span>
    <ul class="top-links"><li><a href="/feed.xml">RSS</a></li><li><a href="/page/about/">من نحن</a></li><li><a href="/page/contact/">اتصل بنا</a></li></ul>
    <ul class="social-links"><li><a href="https://facebook.com/example">فيسبوك</a></li><li><a href="https://twitter.com/example">تويتر</a></li><li><a href="https://youtube.com/example">يوتيوب</a></li><li><a href="https://t.me/example">تلغرام</a></li></ul></div>
  <div class="branding container"><a class="logo" href="/"><img src="/static/logo.png" alt="{SITE_NAME}" width="240" height="60">{SITE_NAME}</a>
    <div class="header-ad"><div class="adsbygoogle" data-ad-slot="header-728x90"></div></div></div>
  <nav class="main-navigation" id="site-navigation"><button class="menu-toggle" aria-expanded="false">القائمة</button>
    <ul id="primary-menu" class="menu"><li class="menu-item current-menu-item"><a href="/">الرئيسية</a></li>{sections}<li class="menu-item"><a href="/latest/page/1/">آخر الأخبار</a></li></ul></nav>
  <form class="search-form" role="search" action="/search"><label class="screen-reader-text">بحث عن:</label><input type="search" name="s" placeholder="بحث..."><button>بحث</button></form>
  <div class="breaking-news"><span class="label">عاجل</span><ul class="ticker">{ticker}</ul></div>
  <div class="places-menu"><span>المحافظات:</span><ul>{places}</ul></div>
</header>"""

    def _render_footer(self) -> str:
        sections = "".join(f'<li><a href="/section/{s}/page/1/">{name}</a></li>' for s, name in w.SECTIONS)
        pages = "".join(f'<li><a href="/page/{s}/">{name}</a></li>' for s, name in STATIC_PAGES.items())
        return f"""<footer class="site-footer" id="colophon">
  <div class="container footer-widgets">
    <div class="footer-sections"><h4>الأقسام</h4><ul>{sections}</ul></div>
    <div class="footer-pages"><h4>عن الموقع</h4><ul>{pages}</ul></div>
    <div class="footer-about"><h4>{SITE_NAME}</h4><p>موقع إخباري مستقل يغطي أخبار المحافظات السورية والشؤون المعيشية والاقتصادية، ويعمل فيه فريق من المراسلين المحليين في الداخل السوري.</p></div>
  </div>
  <p class="copyright">جميع الحقوق محفوظة © 2025 {SITE_NAME}. يمنع نسخ المواد دون ذكر المصدر.</p>
</footer>
<div id="cookie-notice" class="cookie-popup"><p>يستخدم هذا الموقع ملفات تعريف الارتباط لتحسين تجربتك.</p><button>موافق</button></div>
<script src="/static/jquery.min.js?ver=3.7.1"></script>
<script src="/static/app.js?ver=6.4.2"></script>
{_FOOTER_SCRIPTS}"""

    # --- listings, feeds, sitemaps ----------------------------------------

    def _pager(self, prefix: str, page: int, last: int) -> str:
        links = []
        if page > 1:
            links.append(f'<a class="prev page-numbers" href="{prefix}{page - 1}/">« السابق</a>')
        for k in sorted({1, *range(max(1, page - 2), min(last, page + 2) + 1), last}):
            cls = "page-numbers current" if k == page else "page-numbers"
            links.append(f'<a class="{cls}" href="{prefix}{k}/">{k}</a>')
        if page < last:
            links.append(f'<a class="next page-numbers" href="{prefix}{page + 1}/">التالي »</a>')
        return f'<nav class="navigation pagination">{"".join(links)}</nav>'

    def listing(self, title: str, indexes: list[int], prefix: str, page: int, last: int) -> str:
        cards = []
        for i in indexes:
            h = self.head(i)
            cards.append(
                f'<article class="post-card"><a href="{h.url}"><img src="/static/photos/{i}-thumb.jpg" alt=""></a>'
                f'<h2 class="entry-title"><a href="{h.url}">{h.title}</a></h2>'
                f'<span class="date">{arabic_date(h.published)}</span><p>{h.lead[:200]}</p></article>'
            )
        return f"""<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{title} - الصفحة {page} - {SITE_NAME}</title>
<meta property="og:type" content="website"><meta property="og:site_name" content="{SITE_NAME}">
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed.xml">
{_INLINE_CSS}{_HEAD_SCRIPTS}</head>
<body class="archive paged rtl">{self._nav}
<main class="site-main container"><h1 class="page-title">{title}</h1>
{"".join(cards)}
{self._pager(prefix, page, last)}
</main>{self._footer}</body></html>
"""

    def _last_page(self, count: int) -> int:
        return max(1, -(-count // PER_PAGE))

    def latest(self, page: int) -> str | None:
        last = self._last_page(self.n)
        if not 1 <= page <= last:
            return None
        indexes = list(range((page - 1) * PER_PAGE, min(self.n, page * PER_PAGE)))
        return self.listing("آخر الأخبار", indexes, "/latest/page/", page, last)

    def section_page(self, slug: str, page: int) -> str | None:
        numbers = [s for s, _ in w.SECTIONS]
        if slug not in numbers:
            return None
        s = numbers.index(slug)
        members = range(s, self.n, len(w.SECTIONS))
        last = self._last_page(len(members))
        if not 1 <= page <= last:
            return None
        indexes = list(members[(page - 1) * PER_PAGE : page * PER_PAGE])
        return self.listing(w.SECTIONS[s][1], indexes, f"/section/{slug}/page/", page, last)

    def tag_page(self, tag: str) -> str | None:
        """A tag's page: 20 articles picked from the tag name (tags have no pagination here)."""
        name = unquote(tag)
        if self.n == 0:
            return None
        rng = random.Random(name)
        indexes = sorted(rng.sample(range(self.n), min(PER_PAGE, self.n)))
        return self.listing(name, indexes, f"/tag/{tag}/page/", 1, 1)

    def feed(self) -> str:
        items = []
        for i in range(min(FEED_ITEMS, self.n)):
            h = self.head(i)
            items.append(t.rss_item(h.title, f"{self.base}{h.url}", f"{h.published:%a, %d %b %Y %H:%M:%S %z}", h.lead))
        return t.rss(SITE_NAME, f"{self.base}/", items, channel="<language>ar</language>")

    def sitemap_index(self) -> str:
        count = -(-self.n // PER_SITEMAP)
        return t.sitemap_index(t.sitemap_entry(f"{self.base}/sitemaps/articles-{k}.xml") for k in range(1, count + 1))

    def sitemap(self, k: int) -> str | None:
        start = (k - 1) * PER_SITEMAP
        if k < 1 or start >= self.n:
            return None
        heads = [self.head(i) for i in range(start, min(self.n, start + PER_SITEMAP))]
        return t.urlset(t.sitemap_url(f"{self.base}{h.url}", h.published.isoformat()) for h in heads)

    def static_page(self, slug: str) -> str | None:
        if slug not in STATIC_PAGES:
            return None
        return (
            f'<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{STATIC_PAGES[slug]} - {SITE_NAME}</title>'
            f'<meta property="og:type" content="website"></head><body>{self._nav}<main><h1>{STATIC_PAGES[slug]}</h1>'
            f"<p>صفحة ثابتة من صفحات الموقع.</p></main>{self._footer}</body></html>"
        )

    # --- routing ----------------------------------------------------------

    def route(self, path: str) -> Page:
        """The response for a request path (query strings ignored)."""
        path = path.split("?", 1)[0]
        html = "text/html; charset=utf-8"
        xml = "application/xml; charset=utf-8"
        text: str | None = None
        kind = html
        if path in {"/", "/index.html"}:
            text = self.latest(1)
        elif path == "/robots.txt":
            text, kind = f"User-agent: *\nDisallow: /search\nSitemap: {self.base}/sitemap.xml\n", "text/plain"
        elif path == "/feed.xml":
            text, kind = self.feed(), "application/rss+xml; charset=utf-8"
        elif path == "/sitemap.xml":
            text, kind = self.sitemap_index(), xml
        elif m := _ARTICLE.match(path):
            i = int(m[1])
            if i < self.n and self.head(i).url == path:
                text = self.article(i)
        elif m := _LATEST.match(path):
            text = self.latest(int(m[1]))
        elif m := _SECTION.match(path):
            text = self.section_page(m[1], int(m[2]))
        elif m := _SITEMAP.match(path):
            text, kind = self.sitemap(int(m[1])), xml
        elif m := _TAG.match(path):
            text = self.tag_page(m[1])
        elif path.startswith("/page/"):
            text = self.static_page(path.strip("/").split("/")[-1])
        if text is None:
            return Page(404, "text/html; charset=utf-8", b"<html><body><h1>404</h1></body></html>")
        return Page(200, kind, text.encode("utf-8"))


_INLINE_CSS = (
    "<style id='theme-inline-css'>"
    + "".join(
        f".block-{k}{{margin:{k % 7}px {k % 5}px;padding:{k % 3}px;font-size:{12 + k % 6}px;color:#{k * 2731 % 0xFFFFFF:06x}}}"
        for k in range(60)
    )
    + "</style>"
)
_HEAD_SCRIPTS = (
    "<script async src='https://www.googletagmanager.com/gtag/js?id=G-XXXXXXX'></script>"
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}gtag('js',new Date());"
    "gtag('config','G-XXXXXXX',{'anonymize_ip':true});</script>"
    "<script>var themeSettings={"
    + ",".join(
        f'"opt{k}":{{"enabled":{str(k % 2 == 0).lower()},"label":"خيار {k}","delay":{k * 37}}}' for k in range(40)
    )
    + "};</script>"
)
_FOOTER_SCRIPTS = (
    "<script>(function(){var q=[];"
    + "".join(
        f"function f{k}(a,b){{var c=a*{k}+b;if(c>{k * 13}){{q.push(c%{k + 3})}}return q.length}}" for k in range(80)
    )
    + "window.__f=q;})();</script>\n"
    + "<script>window.__INITIAL_STATE__="
    + "{"
    + ",".join(
        f'"menu{k}":{{"title":"{w.PLACES[k % len(w.PLACES)]}","url":"/tag/{k}/","order":{k}}}' for k in range(60)
    )
    + "};</script>"
)
