"""End-to-end: a WordPress outlet (tests/sites/wordpress/, pages written by
hand) crawled from its home page alone with real `scrapy crawl` runs.

Where each post can be found:

    1001  category page 2 only (through "التالي")
    1002  category page 1
    1003  home page, feed, category page 1
    1004  home page, only as the short link /?p=1004
    1005  the feed at /feed/ only, which no page links
    1006  the REST API's page 2 only
    1007  home page, feed; edited between two runs (the API's modified_gmt
          and the page's article:modified_time move)

With the API announced (``<link rel="https://api.w.org/">``) all seven are
found; with the API closed (404) the six that pages and the feed reach.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.sites.routes import wordpress
from tests.sites.server import Site, serve_site
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.paths import ROOT

SITE_ROOT = ROOT / "tests" / "sites" / "wordpress"
TITLES = {
    "/archives/1001": "افتتاح مخبز آلي جديد في حي الوعر بحمص",
    "/archives/1002": "ارتفاع أسعار الأدوية المزمنة في صيدليات حلب",
    "/archives/1003": "عودة الدوام إلى جامعة دير الزور بعد ترميم كلية الهندسة",
    "/?p=1004": "مزارعو الغاب يطالبون بتأجيل سداد القروض الزراعية",
    "/archives/1005": "معرض للصناعات اليدوية في قلعة دمشق",
    "/archives/1006": "تقرير: تراجع أعداد الطلاب في مدارس الرقة",
    "/archives/1007": "انقطاع المياه عن أحياء في اللاذقية لليوم الثالث",
}
API_ONLY = "/archives/1006"
EDITED = "/archives/1007"
EDIT_SENTENCE = " وأعلنت المؤسسة مساء اليوم عودة الضخ إلى معظم الأحياء بعد إصلاح المحطة."
TOKENS = {"EDIT_1007": "", "MOD_1007": "2025-06-11T07:30:00+00:00", "MOD_1007_GMT": "2025-06-11T07:30:00"}
API_TAG = '<link rel="https://api.w.org/" href="http://SITE/wp-json/">'


def paths(log: list[tuple[str, int]]) -> list[str]:
    return [path for path, _ in log]


def stored(db: Path, base: str) -> dict[str, str]:
    return {r["url"].removeprefix(base.rstrip("/")): r["title"] for r in rows(db)}


@pytest.fixture(scope="module")
def with_api(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Three runs on one database: first, again with nothing changed, again
    after the outlet edited post 1007."""
    db = tmp_path_factory.mktemp("wordpress") / "news.db"
    site = Site(SITE_ROOT, tokens={**TOKENS, "API_LINK": API_TAG}, routes=wordpress(api=True))
    out: dict = {"db": db}
    with serve_site(site):
        out["base"] = site.base
        crawl("-a", f"url={site.base}", db=db)
        out["log1"] = list(site.log)
        out["rows1"] = rows(db)
        crawl("-a", f"url={site.base}", db=db)
        out["log2"] = site.log[len(out["log1"]) :]
        edited = datetime.now(UTC).replace(microsecond=0)
        site.tokens.update(
            EDIT_1007=EDIT_SENTENCE,
            MOD_1007=edited.isoformat(),
            MOD_1007_GMT=edited.replace(tzinfo=None).isoformat(),
        )
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)
        out["log3"] = site.log[mark:]
    return out


def test_every_post_is_found_from_the_home_page(with_api: dict) -> None:
    assert {path: r["title"] for path, r in _by_path(with_api["rows1"], with_api["base"]).items()} == TITLES


def _by_path(table: list[dict], base: str) -> dict[str, dict]:
    return {r["url"].removeprefix(base.rstrip("/")): r for r in table}


def test_the_api_is_asked_for_recently_modified_posts_and_paged(with_api: dict) -> None:
    api = [urlsplit(p) for p in paths(with_api["log1"]) if p.startswith("/wp-json/")]
    assert [parse_qs(u.query)["page"] for u in api] == [["1"], ["2"]]
    query = parse_qs(api[0].query)
    assert (query["orderby"], query["order"], query["per_page"]) == (["modified"], ["desc"], ["100"])


def test_the_unlinked_feed_is_fetched(with_api: dict) -> None:
    assert ("/feed/", 200) in with_api["log1"]


def test_unchanged_recrawl_costs_home_feed_and_one_api_page(with_api: dict) -> None:
    second = paths(with_api["log2"])
    assert not set(second) & set(TITLES), "a stored post was requested again"
    assert not [p for p in second if p.startswith("/category/")], "the API answered: listings are not needed"
    assert [p for p in second if p.startswith("/wp-json/")] == [paths(with_api["log1"])[_first_api(with_api)]]
    assert ("/feed/", 304) in with_api["log2"]


def _first_api(data: dict) -> int:
    return next(i for i, p in enumerate(paths(data["log1"])) if p.startswith("/wp-json/"))


def test_edit_is_caught_through_modified_gmt_and_stored_as_a_revision(with_api: dict) -> None:
    third = paths(with_api["log3"])
    assert set(third) & set(TITLES) == {EDITED}
    article = _by_path(rows(with_api["db"]), with_api["base"])[EDITED]
    assert article["body"].endswith(EDIT_SENTENCE.strip())
    (revision,) = rows(with_api["db"], "SELECT * FROM revisions")
    assert revision["article_id"] == article["id"]
    assert EDIT_SENTENCE.strip() not in revision["old_body"]
    assert revision["old_body"].startswith("تواصل انقطاع مياه الشرب")


def test_without_the_api_pages_and_feed_find_every_linked_post(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = Site(SITE_ROOT, tokens={**TOKENS, "API_LINK": API_TAG}, routes=wordpress(api=False))
    with serve_site(site):
        crawl("-a", f"url={site.base}", db=db)
        assert stored(db, site.base) == {p: t for p, t in TITLES.items() if p != API_ONLY}
        assert ("/category/news/page/2/", 200) in site.log
        mark = len(site.log)
        crawl("-a", f"url={site.base}", db=db)  # the API fails again: listings are crawled, not skipped
        assert "/category/news/" in paths(site.log[mark:])
