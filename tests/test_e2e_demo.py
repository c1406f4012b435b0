"""End-to-end: real crawls of the demo site, over HTTP on 127.0.0.1 and from file://."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.demo import read_seed

SEED_PATH = "articles/2017/10/15/deir-ezzor-siege-raqqa-last-battle.html"
DEMO_ARTICLES = 6
BOILERPLATE = ("أقسام", "من سوريا", "أخبار متعلقة", "شارك", "الأكثر قراءة", "جميع الحقوق")


@pytest.fixture(scope="module")
def http_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    from tests.support.demo import DEMO
    from tests.support.servers import serve

    db = tmp_path_factory.mktemp("http") / "news.db"
    with serve(DEMO) as url:
        crawl("-a", f"url={url}", db=db)
        yield db, url


def seed_row(db: Path) -> dict:
    found = rows(db, "SELECT * FROM articles WHERE url LIKE ?", (f"%{SEED_PATH}",))
    assert len(found) == 1, f"seed article stored {len(found)} times"
    return found[0]


def test_seed_article_is_stored_exactly(http_crawl: tuple[Path, str]) -> None:
    db, _ = http_crawl
    seed = read_seed()
    row = seed_row(db)
    assert row["title"] == seed["title"]
    assert row["subtitle"] == seed["subtitle"]
    assert row["body"].split("\n\n") == seed["body"]
    assert row["section"] == seed["section"]
    assert row["language"] == "ar"
    assert row["published_at"] == "2017-10-15T14:30:00+03:00"


def test_no_boilerplate_or_teaser_in_any_body(http_crawl: tuple[Path, str]) -> None:
    db, _ = http_crawl
    teaser = read_seed()["teaser"]
    for row in rows(db):
        assert teaser not in row["body"]
        for label in BOILERPLATE:
            assert label not in row["body"], (row["url"], label)


def test_only_articles_are_stored(http_crawl: tuple[Path, str]) -> None:
    db, url = http_crawl
    urls = [r["url"] for r in rows(db)]
    assert len(urls) == DEMO_ARTICLES
    assert all(u.startswith(url + "articles/") for u in urls)


@pytest.mark.parametrize(
    ("path", "field", "expected"),
    [
        ("2017/10/16/aleppo-water-stations", "author", "سامر الحلبي"),
        ("2017/10/17/idlib-displaced-camps", "author", "لينا العمر"),
        ("2017/10/17/idlib-displaced-camps", "published_at", "2017-10-17T18:45:00+03:00"),
        ("2017/10/17/idlib-displaced-camps", "section", "تقارير"),
        ("2017/10/18/damascus-bread-prices", "author", "فريق التحرير"),
        ("2017/10/19/raqqa-mines-return", "published_at", "2017-10-19T16:20:00+03:00"),
        ("2017/10/12/hama-olive-harvest", "section", "اقتصاد"),
    ],
)
def test_demo_metadata(http_crawl: tuple[Path, str], path: str, field: str, expected: str) -> None:
    db, _ = http_crawl
    (row,) = rows(db, "SELECT * FROM articles WHERE url LIKE ?", (f"%{path}.html",))
    assert row[field] == expected


def test_inline_read_also_line_is_removed(http_crawl: tuple[Path, str]) -> None:
    db, _ = http_crawl
    (row,) = rows(db, "SELECT body FROM articles WHERE url LIKE '%idlib%'")
    assert "اقرأ أيضاً" not in row["body"]
    assert len(row["body"].split("\n\n")) == 5


def test_second_run_adds_and_changes_nothing(tmp_path: Path, demo_site: str) -> None:
    db = tmp_path / "news.db"
    crawl("-a", f"url={demo_site}", db=db)
    before = rows(db)
    crawl("-a", f"url={demo_site}", db=db)
    assert rows(db) == before


def test_demo_source_crawls_offline_from_file_urls(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    crawl("-a", "source=demo", db=db)
    stored = rows(db)
    assert len(stored) == DEMO_ARTICLES
    assert all(r["url"].startswith("file://") for r in stored)
    assert seed_row(db)["body"].split("\n\n") == read_seed()["body"]


def test_fts_finds_clitic_and_diacritic_variants(http_crawl: tuple[Path, str]) -> None:
    from crawler.text.arabic import search_key

    db, _ = http_crawl
    for query in ("الرقة", "بالرقة", "الرَّقَّة", "والرقه"):
        found = rows(
            db,
            "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?",
            (search_key(query),),
        )
        assert any(SEED_PATH in r["url"] for r in found), query
