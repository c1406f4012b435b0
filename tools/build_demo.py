"""Render the bundled offline demo site (seeds/demo/) from seeds/demo_articles.toml.

    python -m tools.build_demo [--seeds ../shared/seeds]

The output is committed, so a fresh clone crawls it without this script; run
it again only after editing the article list or the templates. All links are
relative, so the site works from file:// and from any HTTP server.
"""

from __future__ import annotations

import argparse
import html
import os
import shutil
import tomllib
from datetime import date
from pathlib import Path

from tools.synthetic import templates as t
from tools.synthetic import words

ROOT = Path(__file__).resolve().parent.parent
SITE_NAME = words.SITE_NAME
HEADER_TODAY = t.arabic_day(date(2026, 11, 25))  # the site header's "today": never a publication date
SECTIONS = {dict(words.SECTIONS)[slug]: slug for slug in ("min-souria", "reports", "economy")}  # name -> slug
FEED_SIZE = 5
PAGE_SIZE = 4

e = html.escape


def read_seed(path: Path) -> dict:
    """Split the seed article text into its parts (see ../shared/seeds)."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    title, teaser, subtitle = lines[0], lines[1], lines[2]
    end = lines.index("أقسام")
    return {
        "title": title,
        "teaser_text": teaser,
        "subtitle": subtitle,
        "body": lines[3:end],
        "section": lines[end + 1],
    }


def load_articles(seeds_dir: Path) -> list[dict]:
    data = tomllib.loads((ROOT / "seeds" / "demo_articles.toml").read_text(encoding="utf-8"))
    articles = []
    for entry in data["articles"]:
        article = dict(entry)
        if "seed" in entry:
            article.update(read_seed(seeds_dir / entry["seed"]))
        elif entry.get("teaser"):
            article["teaser_text"] = entry["body"][0][:160].rsplit(" ", 1)[0] + "..."
        article["path"] = f"articles/{entry['slug']}.html"
        articles.append(article)
    return articles


def rel(from_path: str, to_path: str) -> str:
    return os.path.relpath(to_path, os.path.dirname(from_path) or ".")


def header(page: str) -> str:
    items = [("الرئيسية", "index.html")] + [(name, f"section/{slug}.html") for name, slug in SECTIONS.items()]
    items.append(("من نحن", "about.html"))
    links = "".join(f'<li><a href="{e(rel(page, href))}">{e(name)}</a></li>' for name, href in items)
    return f"""<header class="site-header">
  <div class="top-bar"><span class="today">{HEADER_TODAY}</span>
    <a class="top-link" href="{rel(page, "feed.xml")}">RSS</a></div>
  <a class="logo" href="{rel(page, "index.html")}"><img src="{rel(page, "static/logo.png")}" alt="{SITE_NAME}">{SITE_NAME}</a>
  <nav class="main-menu"><ul>{links}</ul></nav>
  <form class="search-form" action="#"><input type="search" name="s" placeholder="بحث..."><button>بحث</button></form>
</header>"""


def footer(page: str) -> str:
    sections = "".join(
        f'<li><a href="{rel(page, f"section/{slug}.html")}">{e(name)}</a></li>' for name, slug in SECTIONS.items()
    )
    return f"""<footer class="site-footer">
  <div class="footer-sections"><h4>الأقسام</h4><ul>{sections}</ul></div>
  <p class="copyright">جميع الحقوق محفوظة © 2017 {SITE_NAME}</p>
</footer>
<script src="{rel(page, "static/app.js")}"></script>
{t.ANALYTICS_SCRIPT}"""


def head(page: str, title: str, og_type: str, extra: str = "") -> str:
    return f"""{t.document_start(e(title), SITE_NAME)}{t.opengraph(SITE_NAME, og_type, e(title))}
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="{rel(page, "feed.xml")}">
<link rel="stylesheet" href="{rel(page, "static/style.css")}">
<style>.share-buttons a{{margin:0 4px}}</style>
{extra}
</head>"""


def structured(article: dict) -> str:
    style = article["style"]
    if style == "meta":
        return f'{t.published_meta(article["published"])}\n<meta property="article:section" content="{e(article["section"])}">'
    if style == "jsonld":
        data = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": SITE_NAME},
                {
                    "@type": "NewsArticle",
                    "headline": article["title"],
                    "datePublished": article["published"],
                    "dateModified": "2017-11-02T08:00:00+03:00",
                    "articleSection": article["section"],
                    "author": {"@type": "Person", "name": article.get("author", SITE_NAME)},
                    "publisher": {"@type": "Organization", "name": SITE_NAME},
                    "inLanguage": "ar",
                },
            ],
        }
        return t.jsonld(data)
    return ""


def render_article(article: dict, by_slug: dict[str, dict]) -> str:
    page = article["path"]
    section_href = rel(page, f"section/{SECTIONS[article['section']]}.html")
    date = e(article["visible_date"])
    if article["style"] == "visible":
        dated = f'<span class="date">{date}</span>'
    else:
        dated = t.time_tag(article["published"], date)
    byline = f'<span class="byline author">{e(article["author"])}</span>' if article.get("author") else ""
    teaser = f'<p class="excerpt">{e(article["teaser_text"])}</p>' if article.get("teaser_text") else ""
    paragraphs = []
    for text in article["body"]:
        if text.startswith("اقرأ أيضاً:"):
            target = next(a for a in by_slug.values() if a["title"].startswith(text.split(":", 1)[1].strip()))
            paragraphs.append(t.read_also(rel(page, target["path"]), e(target["title"])))
        else:
            paragraphs.append(f"<p>{e(text)}</p>")
    related = "".join(
        f'<li><a href="{rel(page, by_slug[slug]["path"])}">{e(by_slug[slug]["title"])}</a></li>'
        for slug in article.get("related", [])
    )
    related_block = t.related_block(related or None)
    canonical = f'<link rel="canonical" href="{os.path.basename(page)}">'
    body_paragraphs = "\n    ".join(paragraphs)
    return f"""{head(page, article["title"], "article", canonical + chr(10) + structured(article))}
<body class="single single-post rtl">
{header(page)}
<main id="content" class="site-main">
<article class="post type-post">
  {t.breadcrumbs([("الرئيسية", rel(page, "index.html")), (e(article["section"]), section_href)])}
  <h1 class="entry-title">{e(article["title"])}</h1>
  <div class="entry-meta"><span class="posted-on">{dated}</span> {byline}</div>
  {teaser}
  <h2 class="sub-title">{e(article["subtitle"])}</h2>
  <figure class="post-thumbnail"><img src="{rel(page, "static/photo.jpg")}" alt=""><figcaption>صورة أرشيفية</figcaption></figure>
  <div class="entry-content">
    {body_paragraphs}
  </div>
  {t.categories_block(e(article["section"]), section_href)}
  {t.share_buttons((name, "#") for name in ("فيسبوك", "تويتر", "واتساب"))}
  {related_block}
</article>
</main>
<aside class="sidebar"><div class="widget"><h3>الأكثر قراءة</h3><ul>
  <li><a href="{rel(page, "index.html")}">أخبار الساعة من المحافظات السورية</a></li></ul></div></aside>
{footer(page)}
</body>
</html>
"""


def teaser_of(article: dict) -> str:
    return article["body"][0][:140].rsplit(" ", 1)[0] + "..."


def render_listing(page: str, title: str, articles: list[dict], next_page: str | None, prev_page: str | None) -> str:
    cards = "\n".join(
        f"""  <div class="card"><h3><a href="{rel(page, a["path"])}">{e(a["title"])}</a></h3>
    <span class="card-date">{e(a["visible_date"])}</span><p class="card-teaser">{e(teaser_of(a))}</p></div>"""
        for a in articles
    )
    links = []
    if prev_page:
        links.append(f'<a rel="prev" href="{rel(page, prev_page)}">السابق</a>')
    if next_page:
        links.append(f'<a rel="next" class="next" href="{rel(page, next_page)}">التالي</a>')
    pager = f'<div class="pagination">{" ".join(links)}</div>' if links else ""
    return f"""{head(page, title, "website")}
<body class="archive rtl">
{header(page)}
<main id="content"><h1 class="page-title">{e(title)}</h1>
{cards}
{pager}
</main>
{footer(page)}
</body>
</html>
"""


def render_about() -> str:
    page = "about.html"
    return f"""{head(page, "من نحن", "website")}
<body class="page rtl">
{header(page)}
<main id="content"><h1>من نحن</h1>
<p>{SITE_NAME} موقع إخباري مستقل يغطي الشأن السوري. هذا موقع تجريبي مرفق مع أداة الرصد.</p>
<p>للتواصل: info@example.org</p>
</main>
{footer(page)}
</body>
</html>
"""


def render_feed(articles: list[dict]) -> str:
    items = [t.rss_item(e(a["title"]), a["path"], a.get("published", ""), e(teaser_of(a))) for a in articles]
    channel = "\n<description>آخر الأخبار</description><language>ar</language>"
    return t.rss(SITE_NAME, "index.html", items, channel=channel, separator="\n")


def write(out: Path, path: str, text: str) -> None:
    target = out / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def build(seeds_dir: Path, out: Path) -> list[dict]:
    articles = load_articles(seeds_dir)
    by_slug = {a["slug"]: a for a in articles}
    if out.exists():
        shutil.rmtree(out)
    for article in articles:
        write(out, article["path"], render_article(article, by_slug))
    newest = sorted(articles, key=lambda a: a["slug"], reverse=True)
    front = [a for a in newest if a.get("listed") != "page2"]
    page2 = "latest/page/2/index.html"
    write(out, "index.html", render_listing("index.html", SITE_NAME, newest[:PAGE_SIZE], page2, None))
    write(out, page2, render_listing(page2, "آخر الأخبار - الصفحة 2", newest[PAGE_SIZE:], None, "index.html"))
    for name, slug in SECTIONS.items():
        page = f"section/{slug}.html"
        write(out, page, render_listing(page, name, [a for a in front if a["section"] == name], None, None))
    write(out, "about.html", render_about())
    write(out, "feed.xml", render_feed(front[:FEED_SIZE]))
    write(out, "robots.txt", "User-agent: *\nDisallow: /private/\n")
    write(out, "static/style.css", "body{direction:rtl;font-family:sans-serif}.today{color:#888}\n")
    write(out, "static/app.js", "document.documentElement.classList.add('js');\n")
    return articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--out", type=Path, default=ROOT / "seeds" / "demo")
    args = parser.parse_args()
    articles = build(args.seeds, args.out)
    print(f"wrote {len(articles)} articles to {args.out}")


if __name__ == "__main__":
    main()
