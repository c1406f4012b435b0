"""The project's Datasette as configured for a million articles (issue #16):
the rewritten canned queries answer what the plain queries answered, a
search gets the index's order and no facets, stored HTML never leaks packed.
Speed itself is measured by ``python -m bench.datasette_pages``."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
from pathlib import Path

import pytest
from markupsafe import escape

from crawler.search import fts_match, matches
from crawler.storage.articles import register_functions, unpack_body_html
from tests.support.databases import rows
from tests.support.datasette_app import PLUGINS, get, project_datasette
from tests.support.demo_database import shared_db


def _plugin(name: str):
    spec = importlib.util.spec_from_file_location(f"news_plugin_{name}", PLUGINS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


with_search_defaults = _plugin("search_defaults").with_search_defaults
QUERIES = ["الرقة", "قال", '"دير الزور"', "حلب", "مياه"]


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def ds(news_db: Path):
    return project_datasette(news_db)


def query_rows(ds, name: str, **params: str) -> list[dict]:
    response = get(ds, f"/news/{name}.json", _shape="array", **params)
    assert response.status_code == 200, response.text
    return response.json()


def reference(news_db: Path, sql: str, params: tuple = ()) -> list[dict]:
    conn = sqlite3.connect(news_db)
    register_functions(conn)
    conn.create_function("fts_match", 1, fts_match)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("_search=x", "_newest_match=x&_sort_desc=id&_nofacet=1&_nocount=1"),
        ("_search=y&_newest_match=x&_next=9%2C9", "_newest_match=y&_next=9%2C9&_sort_desc=id&_nofacet=1&_nocount=1"),
        ("_search=x&_stream=on", "_search=x&_stream=on&_sort_desc=id&_nofacet=1&_nocount=1"),
        ("_search=x&source=sana", "_search=x&source=sana&_sort_desc=id&_nofacet=1&_nocount=1"),
        ("_search=x&_sort=title", "_search=x&_sort=title&_nofacet=1&_nocount=1"),
        ("_search=x&_facet=source&_nocount=", "_search=x&_facet=source&_nocount=&_sort_desc=id"),
        ("_search_title=x&_nofacet=1", "_search_title=x&_nofacet=1&_sort_desc=id&_nocount=1"),
        ("_search=", "_search="),
        ("source=sana", "source=sana"),
        ("", ""),
    ],
)
def test_search_defaults_fill_in_only_what_the_user_left_open(query: str, expected: str) -> None:
    assert with_search_defaults(query) == expected


def test_a_table_search_comes_newest_stored_first_without_facets(ds, news_db: Path) -> None:
    response = get(ds, "/news/articles.json", _search="الرقة", _col="title", _shape="objects")
    assert response.status_code == 200, response.text
    data = response.json()
    ids = [row["id"] for row in data["rows"]]
    assert len(ids) >= 2 and ids == sorted(ids, reverse=True)
    assert data["facet_results"] == {} and data["filtered_table_rows_count"] is None
    by_date = get(
        ds, "/news/articles.json", _search="الرقة", _sort_desc="published_at", _col="title", _shape="objects"
    ).json()
    assert {row["id"] for row in by_date["rows"]} == set(ids)  # the same matches, another order
    assert by_date["facet_results"] == {}
    faceted = get(ds, "/news/articles.json", _search="الرقة", _facet="source", _nocount="").json()
    assert "source" in faceted["facet_results"] and faceted["filtered_table_rows_count"] == len(ids)


@pytest.mark.parametrize("query", QUERIES)
def test_a_table_search_pages_through_every_match_newest_first(ds, news_db: Path, query: str) -> None:
    """The plain search reads only the matches it shows (``_newest_match``):
    page after page, it lists what the whole match list would, in id order."""
    expected = [
        r["id"]
        for r in reference(
            news_db,
            "SELECT rowid AS id FROM articles_fts WHERE articles_fts MATCH fts_match(?) ORDER BY rowid DESC",
            (query,),
        )
    ]
    assert expected, query
    got: list[int] = []
    params = {"_search": query, "_size": "1", "_col": "title", "_shape": "objects"}
    while True:
        data = get(ds, "/news/articles.json", **params).json()
        assert "order by rowid desc limit" in data["query"]["sql"]  # the index's order, not every match
        got += [row["id"] for row in data["rows"]]
        if not data["next"]:
            break
        params = {"_newest_match": query, "_sort_desc": "id", "_nofacet": "1", "_nocount": "1", "_size": "1"}
        params["_shape"] = "objects"
        params["_next"] = data["next"]
    assert got == expected
    page = get(ds, "/news/articles", _search=query)
    assert page.status_code == 200 and f'name="_search" value="{escape(query)}"' in page.text
    source = reference(news_db, "SELECT source FROM articles WHERE id = ?", (expected[0],))[0]["source"]
    filtered = get(ds, "/news/articles.json", _search=query, source=source, _size="max", _shape="objects").json()[
        "rows"
    ]
    of_source = {r["id"] for r in reference(news_db, "SELECT id FROM articles WHERE source = ?", (source,))}
    assert [row["id"] for row in filtered] == [i for i in expected if i in of_source]


@pytest.mark.parametrize(("table", "column"), [("article_events", "event_type"), ("article_actors", "actor")])
def test_enrichment_facets_come_from_their_counts(ds, news_db: Path, table: str, column: str) -> None:
    response = get(ds, f"/news/{table}.json", _size="1")
    assert response.status_code == 200, response.text
    (facet,) = response.json()["facet_results"].values()
    live = reference(news_db, f"SELECT {column} AS v, count(*) AS n FROM {table} GROUP BY v")
    assert live and {v["value"]: v["count"] for v in facet["results"]} == {r["v"]: r["n"] for r in live}
    assert facet["type"] == "counted"


def test_growing_side_tables_are_counted_only_when_filtered(ds, news_db: Path) -> None:
    """Counting every place row of a million articles took 0.75 s from a cold
    disk: the whole table is not counted unless asked; a filtered page is."""
    whole = get(ds, "/news/article_places.json").json()
    assert whole["filtered_table_rows_count"] is None and whole["rows"]
    asked = get(ds, "/news/article_places.json", _nocount="").json()
    total = reference(news_db, "SELECT count(*) AS n FROM article_places")[0]["n"]
    assert asked["filtered_table_rows_count"] == total
    place = whole["rows"][0][1] if isinstance(whole["rows"][0], list) else whole["rows"][0]["place_id"]
    filtered = get(ds, "/news/article_places.json", place_id=str(place)).json()
    expected = reference(news_db, "SELECT count(*) AS n FROM article_places WHERE place_id = ?", (place,))[0]["n"]
    assert filtered["filtered_table_rows_count"] == expected
    assert get(ds, "/news/articles.json").json()["filtered_table_rows_count"] == len(rows(news_db))


@pytest.mark.parametrize("query", QUERIES)
def test_search_dates_finds_every_match_in_the_range(ds, news_db: Path, query: str) -> None:
    since, until = "2017-10-01", "2017-10-31"
    expected = reference(
        news_db,
        "SELECT id FROM articles WHERE id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH fts_match(?)) "
        "AND substr(published_at, 1, 10) BETWEEN ? AND ? ORDER BY id DESC",
        (query, since, until),
    )
    got = query_rows(ds, "search_dates", q=query, since=since, until=until)
    assert [r["id"] for r in got] == [r["id"] for r in expected]
    unbounded = query_rows(ds, "search_dates", q=query, since="", until="")
    assert len(unbounded) >= len(got)


@pytest.mark.parametrize("query", QUERIES)
def test_title_search_finds_the_titles_that_match(ds, news_db: Path, query: str) -> None:
    titles = rows(news_db, "SELECT id, title FROM articles")
    expected = sorted((r["id"] for r in titles if matches(r["title"] or "", query)), reverse=True)
    assert [r["id"] for r in query_rows(ds, "title_search", q=query)] == expected


def facet_counts(ds, **params: str) -> dict[str, dict[str, int]]:
    response = get(ds, "/news/articles.json", **{"_size": "1", **params})
    assert response.status_code == 200, response.text
    results = response.json()["facet_results"]
    return {name: {str(v["value"]): v["count"] for v in info["results"]} for name, info in results.items()}


def live_counts(news_db: Path, column: str, where: str = "1", params: tuple = ()) -> dict[str, int]:
    sql = f"SELECT {column} AS v, count(*) AS n FROM articles WHERE {where} AND {column} IS NOT NULL GROUP BY v"
    return {r["v"]: r["n"] for r in reference(news_db, sql, params)}


def test_counted_facets_equal_counting_the_rows(ds, news_db: Path) -> None:
    assert facet_counts(ds) == {"source": live_counts(news_db, "source"), "section": live_counts(news_db, "section")}
    source, section = next(iter(live_counts(news_db, "source"))), next(iter(live_counts(news_db, "section")))
    assert facet_counts(ds, source=source)["section"] == live_counts(news_db, "section", "source = ?", (source,))
    assert facet_counts(ds, section=section)["source"] == live_counts(news_db, "source", "section = ?", (section,))
    dated = facet_counts(ds, published_at__gte="2017-10-15")  # another filter: the page's rows are counted
    assert dated["source"] == live_counts(news_db, "source", "published_at >= '2017-10-15'")
    searched = facet_counts(ds, _search="الرقة", _facet_counted="section")
    matching = "id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH fts_match('الرقة'))"
    assert searched["section"] == live_counts(news_db, "section", matching)
    month = reference(news_db, "SELECT substr(max(published_at), 1, 7) AS m FROM articles")[0]["m"]
    in_month = ("substr(published_at, 1, 7) = ?", (month,))
    by_month = facet_counts(ds, published_at__startswith=month)  # a month facet's value
    assert by_month == {
        "source": live_counts(news_db, "source", *in_month),
        "section": live_counts(news_db, "section", *in_month),
    }
    in_both = ("section = ? AND substr(published_at, 1, 7) = ?", (section, month))
    assert facet_counts(ds, section=section, published_at__startswith=month)["source"] == live_counts(
        news_db, "source", *in_both
    )
    next_page = get(ds, "/news/articles.json", _size="2").json()["next"]
    assert facet_counts(ds, _next=next_page, _size="2")["source"] == live_counts(news_db, "source")


def test_the_views_read_as_their_joins_did(news_db: Path) -> None:
    stories = reference(
        news_db,
        "SELECT s.story_id, o.title, o.source, o.url, s.articles FROM story_stats s "
        "JOIN articles o ON o.id = s.original_id ORDER BY s.story_id",
    )
    assert stories == reference(
        news_db,
        "SELECT story_id, title, original_source AS source, original_url AS url, articles FROM stories ORDER BY story_id",
    )
    enriched = reference(
        news_db,
        "SELECT a.id, pp.name_ar, pp.governorate, c.killed FROM articles a "
        "JOIN article_enrichment en ON en.article_id = a.id "
        "LEFT JOIN article_places ap ON ap.article_id = a.id AND ap.is_primary = 1 "
        "LEFT JOIN places pp ON pp.id = ap.place_id LEFT JOIN casualties c ON c.article_id = a.id ORDER BY a.id",
    )
    assert any(r["name_ar"] for r in enriched)
    assert enriched == reference(
        news_db,
        "SELECT id, primary_place AS name_ar, governorate, killed FROM enriched_articles ORDER BY id",
    )
    by_view = reference(
        news_db,
        "SELECT a.id, (SELECT json_group_array(governorate) FROM article_governorates g WHERE g.article_id = a.id) AS g "
        "FROM articles a JOIN article_enrichment en ON en.article_id = a.id ORDER BY a.id",
    )
    by_key = reference(news_db, "SELECT id, governorates AS g FROM enriched_articles ORDER BY id")
    assert any(r["g"] != "[]" for r in by_view)
    assert [(r["id"], sorted(json.loads(r["g"]))) for r in by_key] == [
        (r["id"], sorted(json.loads(r["g"]))) for r in by_view
    ]


def test_governorate_events_are_the_newest_articles_of_the_governorate(ds, news_db: Path) -> None:
    expected = reference(
        news_db,
        "SELECT a.url FROM articles a WHERE a.id IN (SELECT article_id FROM article_governorates WHERE governorate = ?) "
        "ORDER BY a.published_at DESC, a.id",
        ("حلب",),
    )
    got = query_rows(ds, "governorate_events", governorate="حلب", since="", until="")
    assert expected and [r["url"] for r in got] == [r["url"] for r in expected][:500]


def test_duplicate_clusters_count_what_the_articles_say(ds, news_db: Path) -> None:
    expected = reference(
        news_db,
        "SELECT o.id AS original, count(d.id) AS duplicates FROM articles o "
        "JOIN articles d ON d.duplicate_of = o.id GROUP BY o.id",
    )
    got = query_rows(ds, "duplicate_clusters")
    assert expected and {(r["original"], r["duplicates"]) for r in got} == {
        (r["original"], r["duplicates"]) for r in expected
    }


def test_todays_articles_and_towns_are_those_of_the_day(ds, news_db: Path) -> None:
    (day,) = reference(news_db, "SELECT substr(max(published_at), 1, 10) AS day FROM articles")[0].values()
    expected = reference(
        news_db,
        "SELECT url FROM articles WHERE substr(coalesce(published_at, fetched_at), 1, 10) = ? ORDER BY url",
        (day,),
    )
    got = query_rows(ds, "today_per_source", day=day)
    assert expected and sorted(r["url"] for r in got) == [r["url"] for r in expected]
    towns = reference(
        news_db,
        "SELECT p.name_ar AS place, count(DISTINCT x.article_id) AS articles FROM article_places x "
        "JOIN places p ON p.id = x.place_id JOIN articles a ON a.id = x.article_id "
        "WHERE substr(coalesce(a.published_at, a.fetched_at), 1, 10) = ? GROUP BY p.id",
        (day,),
    )
    got_towns = query_rows(ds, "towns_in_the_news", day=day)
    assert {(r["place"], r["articles"]) for r in got_towns} == {(r["place"], r["articles"]) for r in towns}


def test_the_csv_of_the_table_holds_no_packed_html_and_sql_reads_it(ds, news_db: Path) -> None:
    response = get(ds, "/news/articles.csv", _size="max")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8"))))
    assert "body" in header and "body_html" not in header
    stored = reference(news_db, "SELECT id, body, body_html FROM articles WHERE body_html IS NOT NULL LIMIT 1")[0]
    assert isinstance(stored["body_html"], bytes)  # packed
    sql = f"select news_body_html(body, body_html) as html from articles where id = {stored['id']}"
    got = get(ds, "/news.json", sql=sql, _shape="array").json()
    assert got[0]["html"] == unpack_body_html(stored["body"], stored["body_html"]) and "<p>" in got[0]["html"]
