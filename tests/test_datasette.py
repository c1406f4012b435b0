"""The project's Datasette on a crawled database: Arabic search, facets, canned queries, CSV."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from crawler.search import fts_match, matches
from tests.support.databases import rows, writable
from tests.support.datasette_app import get, project_datasette
from tests.support.demo_database import RAQQA_SLUGS, SEED_SLUG, TODAY_SLUG, ids_by_slug, shared_db, today_damascus


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def ds(news_db: Path):
    return project_datasette(news_db)


@pytest.fixture(scope="module")
def ids(news_db: Path) -> dict[str, int]:
    return ids_by_slug(news_db)


def found(ds, **params: str) -> set[int]:
    response = get(ds, "/news/articles.json", _shape="array", _col="title", _size="max", **params)
    assert response.status_code == 200, response.text
    return {row["id"] for row in response.json()}


@pytest.mark.parametrize("query", ["الرقة", "الرقه", "والرقة", "بالرقة", "الرَّقَّة", "الـرقـة"])
def test_search_box_finds_every_spelling_of_raqqa(ds, ids: dict[str, int], query: str) -> None:
    expected = {ids[slug] for slug in RAQQA_SLUGS} | {ids[SEED_SLUG], ids["raqqa-mines-return"]}
    assert found(ds, _search=query) == expected


def test_search_does_not_match_a_near_miss(ds, ids: dict[str, int]) -> None:
    # "الرقم" (the number) shares the first letters of "الرقة" but is another word.
    assert ids["near-miss"] not in found(ds, _search="الرقة")
    assert found(ds, _search="الرقم") == {ids["near-miss"]}


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        # Documented: "دير الزور" (two words) does not find the run-together "ديرالزور".
        ("دير الزور", {SEED_SLUG}),
        ('"دير الزور"', {SEED_SLUG}),
        ("ديرالزور", {"deir-joined"}),
        # Words are ANDed; a phrase keeps its words together.
        ("الرقة الألغام", {"raqqa-mines-return", "raqqa-bi"}),
        ('"الزور الرقة"', set()),
    ],
)
def test_search_words_and_phrases(ds, ids: dict[str, int], query: str, slugs: set[str]) -> None:
    assert found(ds, _search=query) == {ids[slug] for slug in slugs}


def test_search_of_only_punctuation_is_empty_not_an_error(ds) -> None:
    assert found(ds, _search="«»،") == set()


def test_search_searches_titles_normalized(news_db: Path, ds, ids: dict[str, int]) -> None:
    # The heh spelling is only in a title: the title is indexed through search_text.
    (row,) = rows(news_db, "SELECT title, body FROM articles WHERE id = ?", (ids["raqqa-heh"],))
    assert "الرقه" in row["title"] and "رق" not in row["body"]
    assert ids["raqqa-heh"] in found(ds, _search="الرَّقَّة")


def test_title_search_query_only_matches_titles(ds, news_db: Path) -> None:
    response = get(ds, "/news/title_search.json", _shape="array", q="بالرقة")
    assert response.status_code == 200, response.text
    titles = {row["title"] for row in response.json()}
    expected = {r["title"] for r in rows(news_db) if matches(r["title"] or "", "الرقة")}
    assert titles == expected
    assert len(titles) >= 5
    # The seed article's body mentions Raqqa too, but its title is found because of its title.
    assert all(matches(t, "رقه") for t in titles)


def test_fts_match_quotes_every_term() -> None:
    assert fts_match('والرقة "دير الزور" OR') == '"رقه" "دير زور" "or"'
    assert fts_match("") == '""'


def facets(ds, **params: str) -> dict[str, dict[str, int]]:
    response = get(ds, "/news/articles.json", _size="0", **params)
    assert response.status_code == 200, response.text
    results = response.json()["facet_results"]
    return {
        f"{info['name']}:{info['type']}": {str(v["value"]): v["count"] for v in info["results"]}
        for info in results.values()
    }


def counts(db: Path, expression: str) -> dict[str, int]:
    sql = f"SELECT {expression} AS v, count(*) AS n FROM articles WHERE v IS NOT NULL GROUP BY v"
    return {str(r["v"]): r["n"] for r in rows(db, sql)}


def test_facets_from_metadata_count_the_database(ds, news_db: Path) -> None:
    got = facets(ds)
    assert got["source:counted"] == counts(news_db, "source")
    assert got["section:counted"] == counts(news_db, "section")
    assert "published_at:day" not in got  # day and month group every row: offered, not default (issue #16)
    on_request = facets(ds, _facet_day="published_at", _facet_month="published_at")
    assert on_request["published_at:day"] == counts(news_db, "substr(published_at, 1, 10)")
    assert on_request["published_at:month"] == counts(news_db, "substr(published_at, 1, 7)")


def test_day_and_month_facets_read_their_counts_table_for_the_whole_table_or_one_source(
    tmp_path: Path, news_db: Path
) -> None:
    """Grouping a million rows by day timed out at 1M (issue #16): the whole
    table and one source's articles are counted from ``source_day_counts``; a
    search counts its own rows. The table is skewed here to see which is read."""
    db = copy_of(news_db, tmp_path)
    source = rows(db, "SELECT source FROM articles WHERE published_at IS NOT NULL LIMIT 1")[0]["source"]
    live_day = counts(db, "substr(published_at, 1, 10)")
    live_source = {
        r["v"]: r["n"]
        for r in rows(
            db,
            "SELECT substr(published_at, 1, 7) AS v, count(*) AS n FROM articles WHERE source = ? AND v IS NOT NULL GROUP BY v",
            (source,),
        )
    }
    ds = project_datasette(db)
    assert facets(ds, _facet_day="published_at")["published_at:day"] == live_day
    assert facets(ds, _facet_month="published_at", source=source)["published_at:month"] == live_source
    section = rows(db, "SELECT section FROM articles WHERE published_at IS NOT NULL AND section IS NOT NULL")[0]
    month = next(iter(live_source))
    conn = writable(db)
    with conn:
        conn.execute("UPDATE source_day_counts SET articles = articles + 100")
        conn.execute("UPDATE section_day_counts SET articles = articles + 1000")
    conn.close()
    ds = project_datasette(db)
    skewed = facets(ds, _facet_day="published_at")["published_at:day"]
    assert all(skewed[day] >= live_day[day] + 100 for day in live_day)
    by_section = facets(ds, _facet_month="published_at", section=section["section"])["published_at:month"]
    assert by_section and all(count >= 1000 for count in by_section.values())
    month_page = facets(ds, published_at__startswith=month)
    assert all(count >= 1000 for count in month_page["section:counted"].values())
    assert all(100 <= count < 1000 for count in month_page["source:counted"].values())
    searched = facets(ds, _facet_day="published_at", _search="الرقة")["published_at:day"]
    assert all(count < 100 for count in searched.values())


def test_a_date_prefix_filter_reads_the_publication_index(ds) -> None:
    """A day or month facet's value (LIKE 'prefix%') is an index range only
    with a case-sensitive LIKE, which the plugin sets on every connection."""
    got = get(ds, "/news.json", sql="select 'a' like 'A' as same", _shape="array").json()
    assert got == [{"same": 0}]
    plan = get(
        ds,
        "/news.json",
        sql="explain query plan select count(*) from articles where published_at like :p",
        p="2017-10%",
        _shape="array",
    ).json()
    assert any("published_at>? AND published_at<?" in row["detail"] for row in plan), plan


def copy_of(news_db: Path, folder: Path) -> Path:
    db = folder / "news.db"
    db.write_bytes(news_db.read_bytes())
    return db


def test_day_facet_uses_the_local_day_and_filters(tmp_path: Path, news_db: Path) -> None:
    db = copy_of(news_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE articles SET published_at = '2017-10-12T01:30:00+03:00' WHERE published_at LIKE '2017-10-12%'")
    conn.commit()
    conn.close()
    ds = project_datasette(db)
    # SQLite's date() would file 01:30 in Damascus under the 11th (UTC).
    assert "2017-10-11" not in facets(ds, _facet_day="published_at")["published_at:day"]
    response = get(ds, "/news/articles.json", _shape="array", published_at__startswith="2017-10-12")
    assert [r["published_at"][:10] for r in response.json()] == ["2017-10-12"]


def test_table_is_newest_first(ds) -> None:
    response = get(ds, "/news/articles.json", _shape="array", _size="max")
    dates = [r["published_at"] for r in response.json() if r["published_at"]]
    assert len(dates) > 5
    assert dates == sorted(dates, reverse=True)


def test_today_per_source(ds, news_db: Path, ids: dict[str, int]) -> None:
    response = get(ds, "/news/today_per_source.json", _shape="array", day="")
    assert response.status_code == 200, response.text
    today = today_damascus().date().isoformat()
    expected = rows(
        news_db, "SELECT id FROM articles WHERE substr(coalesce(published_at, fetched_at), 1, 10) = ?", (today,)
    )
    assert len(response.json()) == len(expected) >= 1
    assert "https://variants.example/" + TODAY_SLUG in {r["url"] for r in response.json()}
    day = get(ds, "/news/today_per_source.json", _shape="array", day="2017-10-15").json()
    assert [(r["source"], r["source_articles"], r["url"].rsplit("/", 1)[-1]) for r in day] == [
        (day[0]["source"], 1, SEED_SLUG + ".html")
    ]


def test_search_within_dates(ds, ids: dict[str, int]) -> None:
    response = get(ds, "/news/search_dates.json", _shape="array", q="والرقة", since="2017-10-19", until="2017-10-22")
    assert response.status_code == 200, response.text
    assert {r["id"] for r in response.json()} == {
        ids[s] for s in ("raqqa-mines-return", "raqqa-heh", "raqqa-wa", "raqqa-bi")
    }
    everything = get(ds, "/news/search_dates.json", _shape="array", q="الرقة", since="", until="").json()
    assert len(everything) == len(RAQQA_SLUGS) + 2


def test_duplicate_clusters(ds, news_db: Path) -> None:
    response = get(ds, "/news/duplicate_clusters.json", _shape="array")
    assert response.status_code == 200, response.text
    expected = rows(
        news_db, "SELECT duplicate_of, count(*) AS n FROM articles WHERE duplicate_of IS NOT NULL GROUP BY 1"
    )
    assert {(r["original"], r["duplicates"]) for r in response.json()} == {
        (e["duplicate_of"], e["n"]) for e in expected
    }
    assert len(expected) == 1


def test_crawl_health_lists_runs_newest_first_with_coverage(tmp_path: Path, news_db: Path) -> None:
    db = copy_of(news_db, tmp_path)
    conn = sqlite3.connect(db)
    conn.executemany(
        "INSERT INTO crawl_runs (run_id, source, started_at, status, articles_stored, with_date, with_author)"
        " VALUES (?, 'health-check', ?, ?, ?, ?, ?)",
        [("r1", "2999-01-01T00:00:00+00:00", "ok", 4, 3, 1), ("r2", "2999-01-02T00:00:00+00:00", "failed", 0, 0, 0)],
    )
    conn.commit()
    conn.close()
    runs = get(project_datasette(db), "/news/crawl_health.json", _shape="array").json()
    assert [(r["source"], r["status"]) for r in runs[:2]] == [("health-check", "failed"), ("health-check", "ok")]
    assert (runs[1]["date_pct"], runs[1]["author_pct"], runs[0]["date_pct"]) == (75.0, 25.0, None)


def test_csv_export_round_trips_arabic(ds, news_db: Path) -> None:
    response = get(ds, "/news/articles.csv", _search="الرقة", _size="max", _stream="on")
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    by_id = {r["id"]: r for r in rows(news_db)}
    assert len(table) == len(RAQQA_SLUGS) + 2
    for record in table:
        stored = by_id[int(record["id"])]
        assert record["title"] == stored["title"]
        assert record["body"].replace("\r\n", "\n") == stored["body"]
    assert "الرَّقَّة بعد المعركة" in {r["title"] for r in table}


def test_metadata_describes_every_articles_column(ds, news_db: Path) -> None:
    described = ds.table_metadata("news", "articles")["columns"]
    columns = [r["name"] for r in rows(news_db, "SELECT name FROM pragma_table_info('articles')")]
    assert set(columns) <= set(described)
    assert ds.table_metadata("news", "articles")["sort_desc"] == "published_at"


def test_rtl_style_sheet_is_served_and_linked(ds) -> None:
    page = get(ds, "/news/articles")
    assert "/-/arabic.css" in page.text
    css = get(ds, "/-/arabic.css")
    assert css.status_code == 200
    assert "unicode-bidi: plaintext" in css.text


def test_row_page_labels_fields_for_the_card_layout(ds, ids: dict[str, int]) -> None:
    page = get(ds, f"/news/articles/{ids[SEED_SLUG]}")
    assert page.status_code == 200
    assert "td.dataset.label" in page.text
    table = get(ds, "/news/articles")
    assert "td.dataset.label" not in table.text


def test_internal_tables_are_hidden_and_articles_are_not(ds) -> None:
    response = get(ds, "/news.json")
    assert response.status_code == 200, response.text
    hidden = {t["name"]: t["hidden"] for t in response.json()["tables"]}
    for name in ("minhash_buckets", "minhash_signatures", "fetch_state"):
        assert hidden[name] is True, name
    for name in ("articles", "revisions", "crawl_runs"):
        assert hidden[name] is False, name
