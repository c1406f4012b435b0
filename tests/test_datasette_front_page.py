"""The monitor's front page: per-source counts with charts, crawl problems,
most-carried stories; and every query of it and of the article page walks an index."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.monitor import front_page, source_bars, status_strip
from crawler.reading import reading_view
from tests.support.datasette_app import element, get, project_datasette
from tests.support.demo_database import EXTRA_SOURCE, edited_copy, ids_by_slug, shared_db


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory.getbasetemp())


def monitor(page: str) -> str:
    return element(page, "section", "monitor")


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def test_front_page_names_each_kind_of_crawl_problem(news_db: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)
    runs = [  # (source, started, status); the newest article of each: an hour ago, except "no-news"
        ("healthy", now - timedelta(hours=1), "ok"),
        ("broken", now - timedelta(days=2), "ok"),
        ("broken", now - timedelta(hours=1), "failed"),
        ("nothing-found", now - timedelta(hours=2), "empty"),
        ("stopped-cron", now - timedelta(days=3), "ok"),
        ("killed", now - timedelta(hours=9), "running"),
        ("crawling-now", now - timedelta(minutes=5), "running"),
        ("no-news", now - timedelta(hours=1), "ok"),
    ]

    def add(conn: sqlite3.Connection) -> None:
        conn.executemany(
            "INSERT INTO crawl_runs (run_id, source, started_at, status) VALUES (?, ?, ?, ?)",
            [(f"r{i}", s, iso(t), st) for i, (s, t, st) in enumerate(runs)],
        )
        for i, source in enumerate({s for s, _, _ in runs}):
            published = now - (timedelta(days=5) if source == "no-news" else timedelta(hours=1))
            conn.execute(
                "INSERT INTO articles (url, canonical_url, source, body, fetched_at, content_hash, published_at) "
                "VALUES (?, ?, ?, 'نص', ?, ?, ?)",
                [
                    f"https://{source}.example/{i}",
                    f"https://{source}.example/{i}",
                    source,
                    iso(now),
                    f"h{i}",
                    iso(published),
                ],
            )

    section = monitor(get(project_datasette(edited_copy(news_db, tmp_path, add)), "/").text)
    mine = {source for source, _, _ in runs}
    listed = re.findall(r'<li class="(\w+)"><a [^>]*>([\w-]+)</a>', section)
    problems = {source: kind for kind, source in listed if source in mine}  # the demo crawl's source: 2017 news
    assert problems == {
        "broken": "failed",
        "nothing-found": "empty",
        "stopped-cron": "no_run",
        "killed": "unfinished",
        "no-news": "no_article",
    }
    assert "فشل آخر زحف" in section and "صامت: لا زحف منذ" in section
    # each source's latest runs, newest on the left
    broken_row = re.search(r'<tr class="failed">.*?</tr>', section, re.S)
    assert broken_row and ">broken</bdi>" in broken_row[0]
    strip = re.findall(r'<rect class="run (\w+)" x="(\d+)"', broken_row[0])
    assert strip == [("failed", "0"), ("ok", "12")]


def test_front_page_counts_today_and_the_week_per_source_in_charts(news_db: Path, tmp_path: Path) -> None:
    today = datetime.now(UTC).astimezone()

    def add(conn: sqlite3.Connection) -> None:  # three days ago, two outlets; one for the week only
        for i, source in enumerate(["outlet-a", "outlet-a", "outlet-b"]):
            url = f"https://{source}.example/week-{i}"
            conn.execute(
                "INSERT INTO articles (url, canonical_url, source, body, fetched_at, content_hash, published_at) "
                "VALUES (?, ?, ?, 'نص', ?, ?, ?)",
                [url, url, source, iso(today), f"w{i}", iso(today - timedelta(days=3))],
            )

    def add_runs(conn: sqlite3.Connection) -> None:  # new articles stored, dated or not: today, 3 and 9 days ago
        add(conn)
        runs = [("outlet-a", 0, 4), ("outlet-a", 3, 5), ("outlet-a", 9, 7), ("outlet-b", 3, 2)]
        conn.executemany(
            "INSERT INTO crawl_runs (run_id, source, started_at, status, articles_stored) VALUES (?, ?, ?, 'ok', ?)",
            [(f"s{i}", s, iso(datetime.now(UTC) - timedelta(days=d)), n) for i, (s, d, n) in enumerate(runs)],
        )

    db = edited_copy(news_db, tmp_path, add_runs)
    context = front_page(sqlite3.connect(db))
    assert context is not None
    stored = {h["source"]: (h["stored_today"], h["stored_week"]) for h in context["health"]}
    assert stored["outlet-a"] == (4, 9) and stored["outlet-b"] == (0, 2)
    # the demo database has one article published today, from the "variants" source
    assert context["per_source"] == [("outlet-a", 0, 2), (EXTRA_SOURCE, 1, 1), ("outlet-b", 0, 1)]
    assert (context["today_total"], context["week_total"]) == (1, 4)
    section = monitor(get(project_datasette(db), "/").text)
    assert section.count('<svg class="chart"') == 2 and "&lt;" not in section
    chart = re.search(r"<svg.*?</svg>", section, re.S)
    assert chart
    labels = re.findall(r">([\w-]+)</text><rect class=\"week\"", chart[0])
    assert labels == ["outlet-a", EXTRA_SOURCE, "outlet-b"]
    assert re.search(rf">{EXTRA_SOURCE}</text>.*?>1 / 1</text>", chart[0])
    assert re.search(r">outlet-a</text>.*?>2 / 0</text>", chart[0])


def test_most_carried_stories_of_the_week(news_db: Path, tmp_path: Path) -> None:
    now = datetime.now(UTC)

    def add(conn: sqlite3.Connection) -> None:
        def article(source: str, slug: str, story: int | None, days_ago: int) -> int:
            url = f"https://{source}.example/{slug}"
            conn.execute(
                "INSERT INTO articles (url, canonical_url, source, title, body, fetched_at, content_hash, published_at, story_id) "
                "VALUES (?, ?, ?, ?, 'نص', ?, ?, ?, ?)",
                [url, url, source, f"خبر {slug}", iso(now), slug, iso(now - timedelta(days=days_ago)), story],
            )
            return conn.execute("SELECT last_insert_rowid()").fetchone()[0]

        big = article("a", "big", None, 2)
        small = article("a", "small", None, 1)
        old = article("a", "old", None, 30)
        conn.execute("UPDATE articles SET story_id = id WHERE id IN (?, ?, ?)", [big, small, old])
        for source in ("b", "c", "d"):
            article(source, f"big-{source}", big, 1)
        article("b", "small-b", small, 0)
        article("b", "small-b2", small, 0)
        for source in ("b", "c", "d", "e"):
            article(source, f"old-{source}", old, 30)  # carried widely, but a month ago

    db = edited_copy(news_db, tmp_path, add)
    stories = front_page(sqlite3.connect(db))["stories"]
    assert [(s["title"], s["outlets"], s["articles"]) for s in stories] == [("خبر big", 4, 4), ("خبر small", 2, 3)]
    section = monitor(get(project_datasette(db), "/").text)
    assert f'href="/news/articles/{stories[0]["original_id"]}">خبر big</a>' in section


def test_a_database_that_is_not_the_crawlers_gets_datasettes_own_page(tmp_path: Path) -> None:
    other = tmp_path / "news.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)").connection.close()
    page = get(project_datasette(other), "/")
    assert page.status_code == 200 and 'class="monitor"' not in page.text


# --- query plans: the pages stay fast on a million articles -------------------


def full_scans(conn: sqlite3.Connection, sql: str) -> list[str]:
    """Plan lines of ``sql`` that read a whole table or index of the database."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    # "SCAN t [USING ... INDEX i]": every row or index entry; "SEARCH t" with no index: the same
    reads_all = re.compile(r"SCAN (\w+)|SEARCH (\w+)$")
    return [line for line in plan if (m := reads_all.match(line)) and (m[1] or m[2]) in tables]


def statements(conn: sqlite3.Connection, run: Callable[[sqlite3.Connection], object]) -> list[str]:
    """The SQL statements ``run`` executes on ``conn`` (schema lookups left out)."""
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        run(conn)
    finally:
        conn.set_trace_callback(None)
    return [s for s in seen if not re.search(r"sqlite_master|pragma_table_info|^\s*--", s)]


def test_every_query_of_the_front_page_and_the_article_page_uses_an_index(news_db: Path) -> None:
    conn = sqlite3.connect(news_db)
    article = ids_by_slug(news_db)["raqqa-mines-return"]
    for page in (front_page, lambda c: reading_view(c, article)):
        ran = statements(conn, page)
        assert len(ran) >= 3
        for sql in ran:
            assert full_scans(conn, sql) == [], sql


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT count(*) FROM articles WHERE title = 'x'",
        "SELECT source, count(*) FROM articles GROUP BY source",
        "SELECT max(pages_fetched) FROM crawl_runs WHERE status = 'failed'",
    ],
)
def test_the_plan_check_sees_a_full_scan(news_db: Path, sql: str) -> None:
    assert full_scans(sqlite3.connect(news_db), sql)


def test_chart_labels_are_escaped() -> None:
    chart = source_bars([('<script>alert(1)</script>"', 2, 5)])
    assert "<script>" not in chart and "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in chart
    assert status_strip(['"><script>']).count("<script>") == 0
