"""Table-driven tests of the discovery functions, run accounting and state."""

from __future__ import annotations

import gzip
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from crawler import discovery as d
from crawler.commands.crawl import run_lock
from crawler.confinement import site_of
from crawler.runs import COUNTERS, drop_reason, judge
from crawler.sources import Source
from crawler.storage.fetch_state import FetchState, Validators
from crawler.text import dates

SITE = Source(name="s", url="http://127.0.0.1:8001/")
WWW = Source(name="w", url="https://www.example.com/")
PATTERN = Source(name="p", url="https://example.com/", article_pattern=r"/news/\d+")
LOCAL = Source(name="l", url="file:///srv/demo/index.html")


@pytest.mark.parametrize(
    ("url", "source", "same"),
    [
        ("http://127.0.0.1:8001/a", SITE, True),
        ("http://127.0.0.1:8002/a", SITE, False),
        ("http://127.0.0.1/a", SITE, False),
        ("http://localhost:8001/a", SITE, False),
        ("https://example.com/x", WWW, True),
        ("http://www.example.com/x", WWW, True),
        ("https://cdn.example.com/x", WWW, False),
        ("https://example.com.evil.org/x", WWW, False),
        ("file:///srv/demo/articles/a.html", LOCAL, True),
        ("file:///srv/other/a.html", LOCAL, False),
    ],
)
def test_same_site(url: str, source: Source, same: bool) -> None:
    assert d.same_site(url, source) is same


@pytest.mark.parametrize(
    ("url", "skip"),
    [
        ("https://example.com/tag/raqqa/", True),
        ("https://example.com/author/sami/", True),
        ("https://example.com/about/", True),
        ("https://example.com/about.html", True),
        ("https://example.com/search?q=x", True),
        ("https://example.com/wp-login.php", True),
        ("https://example.com/%D9%88%D8%B3%D9%85/x", True),  # /وسم/
        ("https://example.com/2024/03/01/story/", False),
        ("https://example.com/section/news/", False),
        ("https://example.com/video/2024/clip/", False),  # fetched for discovery, never stored
    ],
)
def test_skip_url(url: str, skip: bool) -> None:
    assert d.skip_url(url) is skip


def test_follow_candidates_keeps_own_pages_once_in_order() -> None:
    urls = [
        "http://127.0.0.1:8001/b#top",
        "http://127.0.0.1:8001/a",
        "http://127.0.0.1:8001/b",
        "http://127.0.0.1:8002/c",
        "http://127.0.0.1:8001/logo.png",
        "http://127.0.0.1:8001/tag/x/",
        "mailto:a@b.c",
    ]
    assert d.follow_candidates(urls, SITE) == ["http://127.0.0.1:8001/b", "http://127.0.0.1:8001/a"]


@pytest.mark.parametrize(
    ("url", "source", "looks"),
    [
        ("https://example.com/2024/03/01/story/", WWW, True),
        ("https://example.com/news/123456", WWW, True),
        ("https://example.com/syria-bread-prices-rise-again", WWW, True),
        (
            "https://example.com/%D8%A7%D8%B1%D8%AA%D9%81%D8%A7%D8%B9-%D8%A3%D8%B3%D8%B9%D8%A7%D8%B1-%D8%A7%D9%84%D8%AE%D8%A8%D8%B2-%D9%81%D9%8A-%D8%AF%D9%85%D8%B4%D9%82",
            WWW,
            True,
        ),
        ("https://example.com/section/news/", WWW, False),
        ("https://example.com/section/news/page/2/", WWW, False),
        ("https://example.com/video/2024/03/01/clip/", WWW, False),
        ("https://example.com/", WWW, False),
        ("https://example.com/economy", WWW, False),
        ("https://example.com/news/42", PATTERN, True),
        ("https://example.com/2024/03/01/story/", PATTERN, False),
    ],
)
def test_url_looks_like_article(url: str, source: Source, looks: bool) -> None:
    assert d.url_looks_like_article(url, source) is looks


LONG = ("ف" * 120,) * 4
SHORT = ("ف" * 120,) * 2


@pytest.mark.parametrize(
    ("page", "source", "article"),
    [
        (d.PageSignals("https://example.com/2024/01/02/x/", og_type="article"), WWW, True),
        (d.PageSignals("https://example.com/x-y", jsonld='{"@type": "NewsArticle"}'), WWW, True),
        (d.PageSignals("https://example.com/x-y", jsonld='{"@type": ["ReportageNewsArticle"]}'), WWW, True),
        (d.PageSignals("https://example.com/x-y", og_type="website", paragraphs=LONG), WWW, False),
        (
            d.PageSignals("https://example.com/world/2019111810773-royal-story", og_type="website", paragraphs=LONG),
            WWW,
            True,
        ),
        (
            d.PageSignals("https://example.com/world/2019111810773-royal-story", og_type="website", paragraphs=SHORT),
            WWW,
            False,
        ),
        (d.PageSignals("https://example.com/2019/11/18/politics/story/index.html", og_type="article"), WWW, True),
        (d.PageSignals("https://example.com/index.html", og_type="article"), WWW, False),
        (d.PageSignals("https://example.com/news/view.html?idx=8576&page=1", paragraphs=LONG), WWW, True),
        (d.PageSignals("https://example.com/x-y", og_type="video.other", paragraphs=LONG), WWW, False),
        (d.PageSignals("https://example.com/x-y", jsonld='{"@type": "VideoObject"}', paragraphs=LONG), WWW, False),
        (d.PageSignals("https://example.com/video/2024/x/", og_type="article"), WWW, False),
        (d.PageSignals("https://example.com/", og_type="article"), WWW, False),
        (d.PageSignals("https://example.com/section/news/page/2/", paragraphs=LONG), WWW, False),
        (d.PageSignals("https://example.com/x-y", paragraphs=LONG), WWW, True),
        (d.PageSignals("https://example.com/x-y", paragraphs=SHORT), WWW, False),
        (d.PageSignals("https://example.com/x-y", paragraphs=SHORT, has_date=True), WWW, True),
        (d.PageSignals("https://example.com/x-y", paragraphs=LONG, linked_headings=6), WWW, False),
        (d.PageSignals("https://example.com/news/42", paragraphs=SHORT), PATTERN, True),
        (d.PageSignals("https://example.com/other/42", og_type="article"), PATTERN, False),
    ],
)
def test_is_article(page: d.PageSignals, source: Source, article: bool) -> None:
    assert d.is_article(page, source) is article


@pytest.mark.parametrize(
    ("url", "number"),
    [
        ("https://e.com/section/news/page/3/", 3),
        ("https://e.com/section/news?page=4", 4),
        ("https://e.com/section/news?cat=2&paged=5", 5),
        ("https://e.com/2024/03/01/story/", None),
        ("https://e.com/news/123456", None),
    ],
)
def test_page_number(url: str, number: int | None) -> None:
    assert d.page_number(url) == number


A = d.Anchor
NEXT_CASES = [
    (
        "rel next",
        "https://e.com/s/",
        [A("https://e.com/x", "x"), A("https://e.com/s/page/2/", "»", "next")],
        "https://e.com/s/page/2/",
    ),
    ("link rel next", "https://e.com/s/", [A("https://e.com/s?page=2", "", "next")], "https://e.com/s?page=2"),
    ("arabic text", "https://e.com/s/", [A("https://e.com/s/p/2", "التالي »")], "https://e.com/s/p/2"),
    (
        "numbered",
        "https://e.com/s/page/2/",
        [A("https://e.com/s/", "1"), A("https://e.com/s/page/3/", "3")],
        "https://e.com/s/page/3/",
    ),
    ("arabic digits", "https://e.com/s/", [A("https://e.com/s/page/2/", "٢")], "https://e.com/s/page/2/"),
    ("not backwards", "https://e.com/s/page/3/", [A("https://e.com/s/page/2/", "التالي")], None),
    ("prev only", "https://e.com/s/page/2/", [A("https://e.com/s/", "السابق", "prev")], None),
    ("nothing", "https://e.com/s/", [A("https://e.com/2024/01/01/x/", "خبر")], None),
]


@pytest.mark.parametrize(("case", "url", "anchors", "expected"), NEXT_CASES, ids=[c[0] for c in NEXT_CASES])
def test_next_page(case: str, url: str, anchors: list[d.Anchor], expected: str | None) -> None:
    assert d.next_page(url, anchors) == expected


@pytest.mark.parametrize(
    ("links", "known", "exhausted"),
    [
        (["a", "b"], {"a", "b"}, True),
        (["a", "b"], {"a"}, False),
        ([], set(), False),
    ],
)
def test_listing_exhausted(links: list[str], known: set[str], exhausted: bool) -> None:
    assert d.listing_exhausted(links, known.__contains__) is exhausted


@pytest.mark.parametrize(
    ("links", "since", "before"),
    [
        (["https://e.com/2024/01/02/a/", "https://e.com/2024/01/03/b/"], date(2024, 2, 1), True),
        (["https://e.com/2024/01/02/a/", "https://e.com/2024/02/03/b/"], date(2024, 2, 1), False),
        (["https://e.com/2024/01/02/a/", "https://e.com/undated-story-here/"], date(2024, 2, 1), True),
        (["https://e.com/undated-story-here/"], date(2024, 2, 1), False),
        (["https://e.com/2024/01/02/a/"], None, False),
    ],
)
def test_listing_before_since(links: list[str], since: date | None, before: bool) -> None:
    assert dates.listing_before_since(links, since) is before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-01T10:00:00+03:00", datetime(2024, 3, 1, 7, tzinfo=UTC)),
        ("2024-03-01T07:00:00Z", datetime(2024, 3, 1, 7, tzinfo=UTC)),
        ("2024-03-01", datetime(2024, 3, 1, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 07:00:00 GMT", datetime(2024, 3, 1, 7, tzinfo=UTC)),
        ("Fri, 01 Mar 2024 10:00:00 +0300", datetime(2024, 3, 1, 7, tzinfo=UTC)),
        ("", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_machine_date(text: str | None, expected: datetime | None) -> None:
    assert dates.machine_date(text) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.com/2017/10/15/story.html", date(2017, 10, 15)),
        ("https://e.com/news/2017-10-15-story", date(2017, 10, 15)),
        ("https://e.com/2017/13/15/story", None),
        ("https://e.com/news/123456", None),
    ],
)
def test_url_date(url: str, expected: date | None) -> None:
    assert dates.url_date(url) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-03-01", date(2024, 3, 1)), (" 2024-03-01 ", date(2024, 3, 1)), (None, None), ("", None)],
)
def test_parse_since(value: str | None, expected: date | None) -> None:
    assert dates.parse_since(value) == expected


@pytest.mark.parametrize("value", ["last week", "2024-13-01", "01/03/2024"])
def test_parse_since_rejects_other_forms(value: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dates.parse_since(value)


@pytest.mark.parametrize(
    ("value", "since", "older"),
    [
        (date(2024, 1, 1), date(2024, 2, 1), True),
        (datetime(2024, 2, 1, 5, tzinfo=UTC), date(2024, 2, 1), False),
        (None, date(2024, 2, 1), False),
        (date(2024, 1, 1), None, False),
    ],
)
def test_older_than(value: date | datetime | None, since: date | None, older: bool) -> None:
    assert dates.older_than(value, since) is older


@pytest.mark.parametrize(
    ("stored_at", "lastmod", "fetch"),
    [
        (None, None, True),
        (None, datetime(2020, 1, 1, tzinfo=UTC), True),
        ("2024-03-01T10:00:00+00:00", None, False),
        ("2024-03-01T10:00:00+00:00", datetime(2024, 3, 1, 9, tzinfo=UTC), False),
        ("2024-03-01T10:00:00+00:00", datetime(2024, 3, 1, 11, tzinfo=UTC), True),
        ("2024-03-01T10:00:00+03:00", datetime(2024, 3, 1, 8, tzinfo=UTC), True),
    ],
)
def test_needs_fetch(stored_at: str | None, lastmod: datetime | None, fetch: bool) -> None:
    assert d.needs_fetch(stored_at, lastmod) is fetch


@pytest.mark.parametrize(
    ("url", "wanted"),
    [
        ("http://127.0.0.1:8001/feed/", True),
        ("http://127.0.0.1:8001/comments/feed/", False),
        ("http://feeds.example.com/rss.xml", False),
    ],
)
def test_wanted_feed(url: str, wanted: bool) -> None:
    assert d.wanted_feed(url, SITE) is wanted


def test_sitemaps_from_robots() -> None:
    text = "User-agent: *\nDisallow: /x\nSitemap: https://e.com/a.xml\nsitemap:/b.xml\nSITEMAP: https://e.com/a.xml\n"
    assert d.sitemaps_from_robots(text, "https://e.com/robots.txt") == ["https://e.com/a.xml", "https://e.com/b.xml"]


@pytest.mark.parametrize(
    ("home", "robots"),
    [("http://127.0.0.1:8001/index.html", "http://127.0.0.1:8001/robots.txt"), ("file:///srv/demo/index.html", None)],
)
def test_robots_url(home: str, robots: str | None) -> None:
    assert d.robots_url(home) == robots


SITEMAP_INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://e.com/posts.xml</loc><lastmod>2024-03-01</lastmod></sitemap>
<sitemap><loc> /news.xml.gz </loc></sitemap></sitemapindex>"""
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://e.com/2024/03/01/a/</loc><lastmod>2024-03-02T00:00:00Z</lastmod></url>
<url><loc>https://e.com/b</loc><news:news><news:publication_date>2024-03-01T10:00:00+03:00</news:publication_date></news:news></url>
<url><lastmod>2024-03-02</lastmod></url></urlset>"""


def test_parse_sitemap_index() -> None:
    kind, entries = d.parse_sitemap(SITEMAP_INDEX, "https://e.com/sitemap.xml")
    assert kind == "index"
    assert [e.url for e in entries] == ["https://e.com/posts.xml", "https://e.com/news.xml.gz"]
    assert entries[0].lastmod == datetime(2024, 3, 1, tzinfo=UTC)


def test_parse_news_sitemap() -> None:
    kind, entries = d.parse_sitemap(URLSET, "https://e.com/sitemap.xml")
    assert kind == "urlset"
    assert [(e.url, e.date) for e in entries] == [
        ("https://e.com/2024/03/01/a/", datetime(2024, 3, 2, tzinfo=UTC)),
        ("https://e.com/b", datetime(2024, 3, 1, 7, tzinfo=UTC)),
    ]


@pytest.mark.parametrize("body", [b"", b"not xml at all", b"<html><body>404</body></html>"])
def test_parse_sitemap_tolerates_junk(body: bytes) -> None:
    assert d.parse_sitemap(body, "https://e.com/s.xml")[1] == []


def test_is_gzip() -> None:
    assert d.is_gzip(gzip.compress(URLSET)) and not d.is_gzip(URLSET)


FEEDS = [
    (
        "rss",
        b"""<rss version="2.0"><channel><item><title>t</title><link> https://e.com/a </link>
        <pubDate>Fri, 01 Mar 2024 10:00:00 +0300</pubDate></item>
        <item><guid>https://e.com/b</guid></item><item><guid isPermaLink="false">x1</guid></item></channel></rss>""",
        [("https://e.com/a", datetime(2024, 3, 1, 7, tzinfo=UTC)), ("https://e.com/b", None)],
    ),
    (
        "atom",
        b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="/a"/>
        <link rel="enclosure" href="/a.mp3"/><published>2024-03-01T07:00:00Z</published></entry></feed>""",
        [("https://e.com/a", datetime(2024, 3, 1, 7, tzinfo=UTC))],
    ),
    (
        "rdf",
        b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
        xmlns:dc="http://purl.org/dc/elements/1.1/"><item><link>https://e.com/c</link><dc:date>2024-03-01</dc:date>
        </item></rdf:RDF>""",
        [("https://e.com/c", datetime(2024, 3, 1, tzinfo=UTC))],
    ),
    ("junk", b"<<<", []),
]


@pytest.mark.parametrize(("kind", "body", "expected"), FEEDS, ids=[f[0] for f in FEEDS])
def test_parse_feed(kind: str, body: bytes, expected: list) -> None:
    assert [(e.url, e.date) for e in d.parse_feed(body, "https://e.com/feed")] == expected


# --- run accounting and state --------------------------------------------------


def counts(**values: int) -> dict[str, int]:
    return {c: values.get(c, 0) for c in COUNTERS}


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ({"pages_fetched": 10, "articles_stored": 3}, "ok"),
        ({"pages_fetched": 5, "known_skipped": 20}, "ok"),
        ({"pages_fetched": 1, "not_modified": 2}, "ok"),
        ({"pages_fetched": 4, "duplicates": 1}, "ok"),
        ({"pages_fetched": 4, "dropped": 3}, "empty"),
        ({"pages_fetched": 0, "errors": 1}, "failed"),
        ({}, "failed"),
    ],
)
def test_judge(values: dict[str, int], status: str) -> None:
    assert judge(counts(**values)) == status


@pytest.mark.parametrize(
    ("before", "after", "reason"),
    [
        ({}, {"news/dropped/duplicate": 1}, "duplicate"),
        ({"news/dropped/unchanged": 1}, {"news/dropped/unchanged": 2, "news/dropped/x": 1}, "unchanged"),
        ({"news/dropped/x": 1}, {"news/dropped/x": 1}, None),
    ],
)
def test_drop_reason(before: dict, after: dict, reason: str | None) -> None:
    assert drop_reason(before, after) == reason


@pytest.mark.parametrize(
    ("validators", "headers"),
    [
        (
            Validators('"abc"', "Fri, 01 Mar 2024 07:00:00 GMT"),
            {"If-None-Match": '"abc"', "If-Modified-Since": "Fri, 01 Mar 2024 07:00:00 GMT"},
        ),
        (Validators(None, None, "2024-03-01"), {}),
    ],
)
def test_conditional_headers(validators: Validators, headers: dict[str, str]) -> None:
    assert validators.headers() == headers


@pytest.mark.parametrize(
    ("history", "complete"),
    [
        ([], False),
        ([("finished", "ok", 0)], True),
        ([("finished", "ok", 2)], False),
        ([("finished", "ok", 0), ("finished", "empty", 0)], False),
        ([("finished", "ok", 0), (None, "running", 0)], False),  # the last run was killed
        ([(None, "running", 0), ("finished", "ok", 0)], True),
    ],
)
def test_last_run_complete(tmp_path: Path, history: list, complete: bool) -> None:
    state = FetchState.open(tmp_path / "news.db")
    for number, (reason, status, retry) in enumerate(history):
        state.conn.execute(
            "INSERT INTO crawl_runs (run_id, source, started_at, finish_reason, status, retry_needed) VALUES (?, 's', '', ?, ?, ?)",
            [str(number), reason, status, retry],
        )
    assert state.last_run_complete("s") is complete


@pytest.mark.parametrize(
    ("link", "stored_at"),
    [
        ("https://e.com/a/?utm_source=x", "2024-03-01T00:00:00+00:00"),  # as fetched
        ("https://e.com/a/?utm_source=x#comments", "2024-03-01T00:00:00+00:00"),
        ("https://e.com/canonical-a/", "2024-03-01T00:00:00+00:00"),  # its canonical form
        ("https://E.com/canonical-a?utm_medium=rss", "2024-03-01T00:00:00+00:00"),
        ("https://e.com/b", None),
    ],
)
def test_known_articles(tmp_path: Path, link: str, stored_at: str | None) -> None:
    state = FetchState.open(tmp_path / "news.db")
    state.conn.execute(
        "INSERT INTO articles (url, canonical_url, source, body, fetched_at, content_hash) VALUES (?, ?, 's', 'b', ?, 'h')",
        ["https://e.com/a/?utm_source=x", "https://e.com/canonical-a", "2024-03-01T00:00:00+00:00"],
    )
    known = state.known
    assert known.stored_at(link) == stored_at
    assert (link in known) is (stored_at is not None)


def test_validators_round_trip(tmp_path: Path) -> None:
    state = FetchState.open(tmp_path / "news.db")
    state.save_validators("s", {"https://e.com/feed": Validators('"e1"', None, None)})
    state.save_validators("s", {"https://e.com/feed": Validators('"e2"', "x", None)})
    assert FetchState.open(tmp_path / "news.db").validators(["s"]) == {
        "https://e.com/feed": Validators('"e2"', "x", None)
    }
    assert state.validators(["other"]) == {}


@pytest.mark.parametrize(
    ("status", "transient"),
    [(None, True), (500, True), (503, True), (429, True), (404, False), (410, False), (403, False)],
)
def test_transient_failure(status: int | None, transient: bool) -> None:
    assert d.transient_failure(status) is transient


def test_run_lock_is_exclusive(tmp_path: Path) -> None:
    path = tmp_path / "x.lock"
    with run_lock(path) as first:
        assert first is not None
        with run_lock(path) as second:
            assert second is None
    with run_lock(path) as again:
        assert again is not None


def test_bundled_sources_start_with_the_offline_demo_and_list_real_outlets() -> None:
    from crawler.settings import NEWS_SOURCES
    from crawler.sources import load_sources

    sources = load_sources(NEWS_SOURCES)
    assert sources[0].name == "demo" and sources[0].url.startswith("file://")
    real = [s for s in sources if s.url.startswith("https://")]
    assert len(real) >= 10
    assert len({site_of(s.url) for s in real}) == len(real)
