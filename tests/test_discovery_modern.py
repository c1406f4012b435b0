"""Table-driven tests of WordPress discovery, "load more" buttons and the
revisit schedule (crawler/discovery/wordpress.py, listings.py, freshness.py)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from crawler import discovery as d
from crawler.discovery import freshness, wordpress
from crawler.sources import Source

SITE = Source(name="s", url="https://example.com/")
H = timedelta(hours=1)
DEFAULT = freshness.parse_schedule(freshness.DEFAULT_REVISIT_SCHEDULE)


@pytest.mark.parametrize(
    ("url", "article", "page"),
    [
        ("https://example.com/archives/123456", True, None),
        ("https://example.com/archives/12", True, None),
        ("https://example.com/?p=123", True, None),
        ("https://example.com/index.php?p=7", True, None),
        ("https://example.com/?p=123&amp=1", True, None),
        ("https://example.com/?paged=2", False, 2),
        ("https://example.com/news/?p=2", False, 2),  # off the site root "p" is a page number
        ("https://example.com/archives/category/news", False, None),
        ("https://example.com/archives/tag/halab", False, None),
        ("https://example.com/category/news/page/2/", False, 2),
        ("https://example.com/?page_id=2", False, None),
    ],
)
def test_wordpress_post_urls(url: str, article: bool, page: int | None) -> None:
    assert d.url_looks_like_article(url, SITE) is article
    assert d.page_number(url) == page


@pytest.mark.parametrize(
    ("hrefs", "header", "root"),
    [
        (["https://example.com/wp-json/"], None, "https://example.com/wp-json/"),
        (["/wp-json/"], None, "https://example.com/wp-json/"),
        ([], '<https://example.com/wp-json/>; rel="https://api.w.org/"', "https://example.com/wp-json/"),
        (
            [],
            '<https://example.com/wp-json/wp/v2/posts/5>; rel="alternate"; type="application/json", '
            '<https://example.com/?rest_route=/>; rel="https://api.w.org/"',
            "https://example.com/?rest_route=/",
        ),
        ([], "<https://example.com/?p=5>; rel=shortlink", None),
        ([], None, None),
    ],
)
def test_api_root_from_link_tag_or_header(hrefs: list[str], header: str | None, root: str | None) -> None:
    assert wordpress.api_root("https://example.com/", hrefs, header) == root


@pytest.mark.parametrize(
    ("root", "page", "posts", "feed"),
    [
        (
            "https://example.com/wp-json/",
            2,
            "https://example.com/wp-json/wp/v2/posts?per_page=100&orderby=modified&order=desc"
            "&_fields=id,link,date_gmt,modified_gmt&page=2",
            "https://example.com/feed/",
        ),
        (
            "https://example.com/ar/wp-json",
            1,
            "https://example.com/ar/wp-json/wp/v2/posts?per_page=100&orderby=modified&order=desc"
            "&_fields=id,link,date_gmt,modified_gmt&page=1",
            "https://example.com/ar/feed/",
        ),
        (
            "https://example.com/?rest_route=/",
            1,
            "https://example.com/?rest_route=/wp/v2/posts&per_page=100&orderby=modified&order=desc"
            "&_fields=id,link,date_gmt,modified_gmt&page=1",
            "https://example.com/?feed=rss2",
        ),
    ],
)
def test_posts_and_feed_urls(root: str, page: int, posts: str, feed: str) -> None:
    assert wordpress.posts_url(root, page) == posts
    assert wordpress.feed_url(root, "https://example.com/") == feed


def test_feed_url_without_an_api_is_at_the_site_root() -> None:
    assert wordpress.feed_url(None, "https://example.com/section/x") == "https://example.com/feed/"


@pytest.mark.parametrize(
    ("body", "wordpress_site"),
    [
        (b'<link rel="stylesheet" href="https://example.com/wp-content/themes/x/style.css">', True),
        (b'<script src="/wp-includes/js/jquery.js"></script>', True),
        (b'<meta name="generator" content="WordPress 6.4.2">', True),
        (b'<meta name="generator" content="Drupal 10">', False),
        (b"<p>Powered by our own CMS</p>", False),
    ],
)
def test_looks_like_wordpress(body: bytes, wordpress_site: bool) -> None:
    assert wordpress.looks_like_wordpress(body) is wordpress_site


def test_parse_posts_reads_links_and_gmt_dates() -> None:
    body = json.dumps(
        [
            {
                "id": 5,
                "link": "https://example.com/archives/5",
                "date_gmt": "2025-06-01T09:10:00",
                "modified_gmt": "2025-06-02T10:00:00",
            },
            {"id": 6, "link": "", "date_gmt": "2025-06-01T09:10:00"},  # no link: skipped
            {"id": 7, "link": "/?p=7", "modified_gmt": "bad"},
            "not a post",
        ]
    ).encode()
    entries = wordpress.parse_posts(body, "https://example.com/wp-json/wp/v2/posts")
    assert [(e.url, e.published, e.lastmod) for e in entries] == [
        (
            "https://example.com/archives/5",
            datetime(2025, 6, 1, 9, 10, tzinfo=UTC),
            datetime(2025, 6, 2, 10, tzinfo=UTC),
        ),
        ("https://example.com/?p=7", None, None),
    ]


@pytest.mark.parametrize(
    "body", [b'{"code":"rest_no_route","message":"No route","data":{"status":404}}', b"<html>login</html>", b""]
)
def test_parse_posts_rejects_what_is_not_a_list_of_posts(body: bytes) -> None:
    assert wordpress.parse_posts(body, "https://example.com/") is None


@pytest.mark.parametrize(
    ("count", "page", "total", "more"),
    [(100, 1, None, True), (37, 1, None, False), (100, 3, "3", False), (10, 1, "2", True), (100, 1, "x", True)],
)
def test_more_posts(count: int, page: int, total: str | None, more: bool) -> None:
    entries = [d.Entry(url=f"https://example.com/archives/{i}") for i in range(count)]
    assert wordpress.more_posts(entries, page, total) is more


HOME = "https://example.com/"


@pytest.mark.parametrize(
    ("url", "anchors", "expected"),
    [
        (HOME, [d.Anchor("https://example.com/latest?page=2", "تحميل المزيد")], "https://example.com/latest?page=2"),
        (HOME, [d.Anchor("https://example.com/page/2/", "عرض المزيد")], "https://example.com/page/2/"),
        (HOME, [d.Anchor("https://example.com/?page=2", "", classes="btn load-more")], "https://example.com/?page=2"),
        (HOME, [d.Anchor("https://example.com/news?page=2", "Load more")], "https://example.com/news?page=2"),
        (
            "https://example.com/latest?page=2",
            [
                d.Anchor("https://example.com/latest?page=1", "المزيد"),
                d.Anchor("https://example.com/latest?page=3", "المزيد"),
            ],
            "https://example.com/latest?page=3",
        ),
        (HOME, [d.Anchor("https://example.com/section/economy/", "المزيد")], None),  # "more" from a section
        (HOME, [d.Anchor("https://example.com/2025/05/01/story-about-more-things/", "المزيد")], None),  # read more
    ],
)
def test_load_more_is_a_next_page_only_with_a_higher_page_number(
    url: str, anchors: list[d.Anchor], expected: str | None
) -> None:
    assert d.next_page(url, anchors) == expected


@pytest.mark.parametrize(
    ("text", "points"),
    [
        ("1h,6h,24h,3d,7d", (H, 6 * H, 24 * H, 72 * H, 168 * H)),
        ("30m, 2h", (timedelta(minutes=30), 2 * H)),
        ("7d,1h", (H, 168 * H)),
        ("off", ()),
        ("", ()),
        ("0", ()),
    ],
)
def test_parse_schedule(text: str, points: tuple[timedelta, ...]) -> None:
    assert freshness.parse_schedule(text) == points


@pytest.mark.parametrize("text", ["1 hour", "1h;6h", "-1h", "h", "1w"])
def test_bad_schedule_is_a_clear_error(text: str) -> None:
    with pytest.raises(ValueError, match="NEWS_REVISIT_SCHEDULE must be durations"):
        freshness.parse_schedule(text)


PUBLISHED = datetime(2025, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("last_checked", "now", "due"),
    [
        (PUBLISHED + timedelta(minutes=10), PUBLISHED + timedelta(minutes=50), False),  # no point passed yet
        (PUBLISHED + timedelta(minutes=10), PUBLISHED + timedelta(minutes=61), True),  # 1 h passed
        (PUBLISHED + timedelta(minutes=61), PUBLISHED + 5 * H, False),  # 1 h done, 6 h to come
        (PUBLISHED + timedelta(minutes=61), PUBLISHED + 7 * H, True),  # 6 h passed
        (PUBLISHED + 2 * H, PUBLISHED + 30 * H, True),  # 6 h and 24 h passed: one revisit
        (PUBLISHED + 8 * 24 * H, PUBLISHED + 30 * 24 * H, False),  # after the last point: never again
        (PUBLISHED - H, PUBLISHED - timedelta(minutes=30), False),  # dated in the future
    ],
)
def test_revisit_schedule(last_checked: datetime, now: datetime, due: bool) -> None:
    assert freshness.revisit_due([PUBLISHED], last_checked, now, DEFAULT) is due


def test_a_modification_restarts_the_schedule() -> None:
    modified = PUBLISHED + 10 * 24 * H  # long after the schedule ended
    checked = modified + timedelta(minutes=5)
    now = modified + 2 * H
    assert freshness.revisit_due([PUBLISHED, modified], checked, now, DEFAULT)
    assert not freshness.revisit_due([PUBLISHED], checked, now, DEFAULT)


def test_no_schedule_no_revisit() -> None:
    assert not freshness.revisit_due([PUBLISHED], PUBLISHED, PUBLISHED + 100 * H, ())


@pytest.mark.parametrize(
    ("meta", "jsonld", "expected"),
    [
        ("2025-06-02T10:00:00+03:00", "", datetime(2025, 6, 2, 7, tzinfo=UTC)),
        (None, '{"@type":"NewsArticle","dateModified":"2025-06-02T07:00:00Z"}', datetime(2025, 6, 2, 7, tzinfo=UTC)),
        ("2025-06-02T07:00:00Z", '{"dateModified":"2030-01-01T00:00:00Z"}', datetime(2025, 6, 2, 7, tzinfo=UTC)),
        (None, '{"datePublished":"2025-06-02T07:00:00Z"}', None),
        ("not a date", "", None),
    ],
)
def test_page_modified(meta: str | None, jsonld: str, expected: datetime | None) -> None:
    assert freshness.page_modified(meta, jsonld) == expected


@pytest.mark.parametrize(
    ("published", "modified", "first", "last", "due"),
    [
        ("2025-06-01T15:00:00+03:00", None, "2025-06-01T12:10:00+00:00", "2025-06-01T12:10:00+00:00", True),
        (None, None, "2025-06-01T12:10:00+00:00", "2025-06-01T12:10:00+00:00", True),  # undated: from first fetch
        (None, None, "2025-06-01T12:50:00+00:00", "2025-06-01T12:50:00+00:00", False),  # fetched 20 min ago
        ("2025-05-01T12:00:00+00:00", None, "2025-06-01T12:00:00+00:00", "2025-06-01T12:00:00+00:00", False),
        (
            "2025-05-01T12:00:00+00:00",
            "2025-06-01T12:00:00Z",
            "2025-05-01T12:30:00+00:00",
            "2025-06-01T12:05:00+00:00",
            True,
        ),
    ],
)
def test_due_for_revisit_from_stored_times(
    published: str | None, modified: str | None, first: str, last: str, due: bool
) -> None:
    now = datetime(2025, 6, 1, 13, 10, tzinfo=UTC)  # 1 h 10 min after 12:00 UTC
    assert freshness.due_for_revisit(published, modified, first, last, now, DEFAULT) is due
