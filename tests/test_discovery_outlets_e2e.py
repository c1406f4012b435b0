"""End-to-end: outlets built like today's sites, crawled from their home page
alone with real `scrapy crawl` runs (pages written by hand under tests/sites/):

- ``sitemaps/``: a framework-rendered outlet with no feed, whose home page
  links one article; the rest is in a Google News sitemap and monthly
  sitemaps named in robots.txt;
- ``loadmore/``: a home page whose older articles are behind "تحميل المزيد"
  and "عرض المزيد" links to ``/latest?page=N`` (no rel=next, no numbers);
- ``edits/``: an outlet that edits an article without any modified signal
  (no feed, no sitemap, no modified time): only a revisit catches it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.sites.routes import latest_pages
from tests.sites.server import Site, serve_site
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.paths import ROOT

SITES = ROOT / "tests" / "sites"


def paths(log: list[tuple[str, int]]) -> list[str]:
    return [path for path, _ in log]


def stored(db: Path, base: str) -> dict[str, str]:
    return {r["url"].removeprefix(base.rstrip("/")): r["title"] for r in rows(db)}


# --- a sitemap-only outlet ------------------------------------------------------

SITEMAP_TITLES = {
    "/news/48101": "بدء تأهيل الطريق الدولي بين حمص وطرطوس",
    "/news/48102": "مهرجان للمسرح الشبابي في السويداء",
    "/news/48201": "ازدحام على معبر جديدة يابوس مع عودة المسافرين",
    "/news/48202": "حملة لتلقيح الأطفال في ريف إدلب",
    "/news/48301": "انخفاض منسوب بحيرة الأسد يهدد مياه الشرب",
    "/news/48302": "افتتاح مكتبة عامة في حي باب توما",
}
SITEMAP_TOKENS = {
    "NOV_LASTMOD": "2025-11-30T16:45:00+03:00",
    "LASTMOD_48201": "2025-11-03T10:15:00+03:00",
    "EDIT_48201": "",
}
SITEMAP_EDIT = " وقالت إدارة المعبر لاحقاً إن الصالة الإضافية بدأت العمل فعلاً."


@pytest.fixture(scope="module")
def sitemap_outlet(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """First run, a run with nothing changed, a run after article 48201 was
    edited and its lastmod moved (in its monthly sitemap and the index)."""
    db = tmp_path_factory.mktemp("sitemaps") / "news.db"
    site = Site(SITES / "sitemaps", tokens=dict(SITEMAP_TOKENS))
    out: dict = {"db": db}
    with serve_site(site):
        out["base"] = site.base
        crawl("-a", f"url={site.base}", db=db)
        out["log1"] = list(site.log)
        crawl("-a", f"url={site.base}", db=db)
        out["log2"] = site.log[len(out["log1"]) :]
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        site.tokens.update(NOV_LASTMOD=now, LASTMOD_48201=now, EDIT_48201=SITEMAP_EDIT)
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)
        out["log3"] = site.log[mark:]
    return out


def test_sitemap_only_outlet_every_article_is_found(sitemap_outlet: dict) -> None:
    assert stored(sitemap_outlet["db"], sitemap_outlet["base"]) == SITEMAP_TITLES
    assert not [p for p in paths(sitemap_outlet["log1"]) if "feed" in p or "rss" in p]


def test_sitemap_only_outlet_recrawl_fetches_no_article(sitemap_outlet: dict) -> None:
    second = sitemap_outlet["log2"]
    assert not set(paths(second)) & set(SITEMAP_TITLES)
    assert {("/sitemap_index.xml", 304), ("/news-sitemap.xml", 304)} <= set(second)


def test_sitemap_lastmod_edit_fetches_one_month_and_one_article(sitemap_outlet: dict) -> None:
    third = paths(sitemap_outlet["log3"])
    assert set(third) & set(SITEMAP_TITLES) == {"/news/48201"}
    assert "/sitemaps/2025-11.xml" in third
    assert "/sitemaps/2025-10.xml" not in third  # its lastmod in the index did not move
    (revision,) = rows(sitemap_outlet["db"], "SELECT * FROM revisions")
    assert SITEMAP_EDIT.strip() not in revision["old_body"]
    (article,) = rows(sitemap_outlet["db"], "SELECT * FROM articles WHERE id = ?", (revision["article_id"],))
    assert article["body"].endswith(SITEMAP_EDIT.strip())


# --- a "load more" outlet -------------------------------------------------------

LOADMORE_TITLES = {
    "عودة-الحياة-إلى-أسواق-حلب-القديمة": "عودة الحياة إلى أسواق حلب القديمة",
    "نقص-حاد-في-مادة-الغاز-المنزلي-بطرطوس": "نقص حاد في مادة الغاز المنزلي بطرطوس",
    "تخريج-دفعة-جديدة-من-الممرضين-في-القامشلي": "تخريج دفعة جديدة من الممرضين في القامشلي",
    "سيول-تجرف-محاصيل-في-سهل-حوران": "سيول تجرف محاصيل في سهل حوران",
    "إطلاق-خط-نقل-داخلي-جديد-في-جرمانا": "إطلاق خط نقل داخلي جديد في جرمانا",
}


def test_load_more_pages_are_followed_to_the_last(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = Site(SITES / "loadmore", routes=latest_pages)
    with serve_site(site):
        crawl("-a", f"url={site.base}", db=db)
    assert {"/latest?page=2", "/latest?page=3"} <= set(paths(site.log))
    expected = {f"/article/{quote(slug)}": title for slug, title in LOADMORE_TITLES.items()}
    assert stored(db, site.base) == expected


# --- an outlet that edits silently ----------------------------------------------

EDITED = "/story/water-tanks-prices-rise-in-daraa/"
UNEDITED = "/story/new-school-opens-in-hasakah-camp/"
OLD = "/story/old-bridge-restoration-plan-in-raqqa/"
SILENT_EDIT = " وأفادت المؤسسة مساءً بأن البئر الجديدة دخلت الخدمة."


def move_fetch_times(db: Path, when: datetime) -> None:
    """Pretend the first run happened at ``when``: what hours between two
    cron runs would do, without waiting for them."""
    stamp = when.isoformat()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE articles SET fetched_at = ?", [stamp])
        conn.execute("UPDATE fetch_state SET checked_at = ?", [stamp])
    conn.close()


def test_silent_edit_is_caught_by_the_revisit_schedule(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    published = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    site = Site(SITES / "edits", tokens={"PUB_RECENT": published.isoformat(), "EDIT": ""})
    with serve_site(site):
        crawl("-a", f"url={site.base}", db=db)
        assert set(stored(db, site.base)) == {EDITED, UNEDITED, OLD}
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)  # right after: no revisit is due yet
        assert not {EDITED, UNEDITED, OLD} & set(paths(site.log[mark:]))

        move_fetch_times(db, published + timedelta(minutes=30))  # fetched at 30 min: the 1 h revisit is due
        site.tokens["EDIT"] = SILENT_EDIT
        mark = len(site.log)
        crawl("-a", f"url={site.base}", "-s", "NEWS_REVISIT_SCHEDULE=off", db=db)
        assert not {EDITED, UNEDITED, OLD} & set(paths(site.log[mark:])), "revisits turned off, yet made"
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)
        revisit = site.log[mark:]
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)  # the 1 h point is done, 6 h is hours away
        after = paths(site.log[mark:])
    assert (EDITED, 200) in revisit and (UNEDITED, 304) in revisit  # conditional: unchanged costs no body
    assert OLD not in paths(revisit)  # published long ago: never revisited
    (revision,) = rows(db, "SELECT r.*, a.url FROM revisions r JOIN articles a ON a.id = r.article_id")
    assert revision["url"].endswith(EDITED) and SILENT_EDIT.strip() not in revision["old_body"]
    assert not {EDITED, UNEDITED, OLD} & set(after)


def test_bad_revisit_schedule_is_a_clear_error(tmp_path: Path) -> None:
    result = crawl("-a", "source=demo", "-s", "NEWS_REVISIT_SCHEDULE=hourly", db=tmp_path / "news.db", check=False)
    assert result.returncode == 1
    assert "NEWS_REVISIT_SCHEDULE must be durations" in result.stderr
    assert "Traceback" not in result.stderr
