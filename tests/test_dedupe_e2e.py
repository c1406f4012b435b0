"""End-to-end dedupe: two outlets served on 127.0.0.1 (two ports), real crawls.

Outlet A publishes a story (without rel=canonical) and reaches it through a
raw Arabic link, a percent-encoded link, a link with tracking parameters and
an AMP page under /amp/ whose rel=canonical names the story (and whose text
lacks the last paragraph, as AMP renditions often do). Outlet
B republishes it later, lightly edited, and is crawled first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.dedupe_pages import (
    EDITED,
    OTHER,
    OTHER_2,
    OTHER_2_TITLE,
    OTHER_TITLE,
    REPUBLISHED,
    REPUBLISHED_TITLE,
    STORY,
    STORY_TITLE,
    page,
    write_site,
)
from tests.support.servers import serve

SLUG = "حلب-الكهرباء"
STORY_PATH = f"2017/10/20/{SLUG}.html"
A_LINKS = [
    f"/2017/10/20/{SLUG}.html",
    "/2017/10/20/" + quote(f"{SLUG}.html"),
    "/2017/10/20/" + quote(f"{SLUG}.html") + "?utm_source=facebook&utm_medium=social&fbclid=IwAR0x",
    f"/amp/2017/10/20/{SLUG}.html",
    "/2017/10/21/homs-market.html",
]


def outlet_a(root: Path, story: list[str] = STORY) -> Path:
    outlet = "اليوم السوري"
    published = "2017-10-20T09:30:00+03:00"
    return write_site(
        root,
        {
            STORY_PATH: page(STORY_TITLE, story, published, outlet),
            f"amp/{STORY_PATH}": page(STORY_TITLE, story[:-1], published, outlet, f"/{STORY_PATH}", amp=True),
            "2017/10/21/homs-market.html": page(OTHER_TITLE, OTHER, "2017-10-21T10:00:00+03:00", outlet),
        },
        A_LINKS,
        outlet,
    )


def outlet_b(root: Path) -> Path:
    outlet = "شام نيوز"
    return write_site(
        root,
        {
            "news/5521.html": page(REPUBLISHED_TITLE, REPUBLISHED, "2017-10-20T13:15:00+03:00", outlet),
            "news/5522.html": page(OTHER_2_TITLE, OTHER_2, "2017-10-22T08:00:00+03:00", outlet),
        },
        ["/news/5521.html", "/news/5522.html"],
        outlet,
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    root = tmp_path_factory.mktemp("outlets")
    with serve(outlet_a(root / "a")) as a, serve(outlet_b(root / "b")) as b:
        yield a, b, root


@pytest.fixture(scope="module")
def crawled(sites: tuple[str, str, Path]) -> tuple[Path, str, str]:
    """Outlet B (the later republication) crawled first, then outlet A."""
    a, b, root = sites
    db = root / "news.db"
    crawl("-a", f"url={b}", db=db)
    crawl("-a", f"url={a}", db=db)
    return db, a, b


def story_rows(db: Path) -> list[dict]:
    return rows(db, "SELECT * FROM articles WHERE url LIKE '%5521%' OR canonical_url LIKE '%2017/10/20/%' ORDER BY id")


def test_variants_of_one_article_yield_one_row(crawled: tuple[Path, str, str]) -> None:
    db, a, _ = crawled
    on_a = [r for r in rows(db) if r["url"].startswith(a)]
    assert len(on_a) == 2, [r["url"] for r in on_a]
    (story,) = [r for r in on_a if "2017/10/20" in r["canonical_url"]]
    assert story["canonical_url"] == a + "2017/10/20/" + quote(f"{SLUG}.html")
    assert story["body"] == "\n\n".join(STORY)
    assert rows(db, "SELECT * FROM revisions") == []


def test_republication_crawled_first_points_at_the_earlier_original(crawled: tuple[Path, str, str]) -> None:
    db, a, b = crawled
    original, copy = sorted(story_rows(db), key=lambda r: r["url"].startswith(b))
    assert original["url"].startswith(a) and copy["url"].startswith(b)
    assert copy["id"] < original["id"], "B must have been stored first"
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["id"]
    assert copy["story_id"] == original["story_id"]
    others = [r for r in rows(db) if r["story_id"] != original["story_id"]]
    assert len(others) == 2 and all(r["duplicate_of"] is None for r in others)


def test_stories_view_lists_who_carried_the_story(crawled: tuple[Path, str, str]) -> None:
    db, a, _ = crawled
    stories = rows(db, "SELECT * FROM stories ORDER BY story_id")
    assert len(stories) == 3
    (shared,) = [s for s in stories if s["articles"] == 2]
    assert shared["outlets"] == 2
    assert shared["original_url"].startswith(a)
    assert shared["title"] == STORY_TITLE


def test_second_crawl_adds_and_changes_nothing(sites: tuple[str, str, Path], crawled: tuple[Path, str, str]) -> None:
    db, a, b = crawled
    before = (rows(db), rows(db, "SELECT * FROM minhash_buckets ORDER BY 1, 2"))
    crawl("-a", f"url={a}", db=db)
    crawl("-a", f"url={b}", db=db)
    assert (rows(db), rows(db, "SELECT * FROM minhash_buckets ORDER BY 1, 2")) == before
    assert rows(db, "SELECT * FROM revisions") == []


def test_edited_article_yields_one_row_and_one_revision(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    site = outlet_a(tmp_path / "a")
    with serve(site) as a:
        crawl("-a", f"url={a}", db=db)
        (before,) = [r for r in rows(db) if "2017/10/20" in r["canonical_url"]]
        outlet_a(site, story=EDITED)
        # the outlet's sitemap says the article changed: that is how a monitor that
        # skips stored articles learns of an edit
        edited_at = (datetime.now(UTC) + timedelta(seconds=1)).isoformat(timespec="seconds")
        (site / "sitemap.xml").write_text(
            '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>/{quote(STORY_PATH)}</loc><lastmod>{edited_at}</lastmod></url></urlset>",
            encoding="utf-8",
        )
        crawl("-a", f"url={a}", db=db)
    stored = rows(db)
    assert len(stored) == 2
    (after,) = [r for r in stored if "2017/10/20" in r["canonical_url"]]
    assert after["id"] == before["id"]
    assert after["body"] == "\n\n".join(EDITED)
    (revision,) = rows(db, "SELECT * FROM revisions")
    assert revision["article_id"] == before["id"]
    assert revision["old_body"] == before["body"]
    assert revision["old_hash"] == before["content_hash"] != after["content_hash"]
