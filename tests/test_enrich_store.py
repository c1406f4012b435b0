"""Enrichment stored by a real crawl, re-applied by ``python -m crawler.enrich``,
exported and browsed: the demo site crawled over HTTP, then checked against
the hand labels of tests/fixtures/enrich/demo_labels.toml."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from crawler.enrich import rules_version
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.datasette_app import get, project_datasette
from tests.support.demo import DEMO
from tests.support.paths import ROOT
from tests.support.servers import serve

LABELS = tomllib.loads((ROOT / "tests" / "fixtures" / "enrich" / "demo_labels.toml").read_text(encoding="utf-8"))
TABLES = ("article_places", "article_events", "casualties", "article_actors", "article_enrichment")


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("enrich") / "news.db"
    with serve(DEMO) as url:
        crawl("-a", f"url={url}", "-s", "NEWS_ARCHIVE_ENABLED=False", db=db)
    return db


def by_slug(db: Path, sql: str) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in rows(db, sql):
        slug = row["url"].split("/articles/", 1)[-1].removesuffix(".html")
        found.setdefault(slug, []).append(row)
    return found


def enrich_command(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crawler.enrich", "--db", str(db), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def dump(db: Path) -> dict[str, list[tuple]]:
    return {t: [tuple(r.values()) for r in rows(db, f"SELECT * FROM {t} ORDER BY 1, 2")] for t in TABLES[:-1]}


def test_crawl_stores_primary_place_and_governorates_as_labelled(news_db: Path) -> None:
    primary = by_slug(
        news_db,
        "SELECT a.url, p.name_ar FROM articles a JOIN article_places x ON x.article_id = a.id AND x.is_primary = 1"
        " JOIN places p ON p.id = x.place_id",
    )
    governorates = by_slug(news_db, "SELECT a.url, g.governorate FROM articles a JOIN article_governorates g ON g.article_id = a.id")
    assert len(primary) == len(LABELS["article"]) == 6
    for label in LABELS["article"]:
        slug = label["id"].removeprefix("demo/")
        assert [r["name_ar"] for r in primary[slug]] == [label["primary"]], slug
        assert {r["governorate"] for r in governorates[slug]} == set(label["governorates"]), slug


def test_crawl_stores_labelled_places_and_events(news_db: Path) -> None:
    places = by_slug(news_db, "SELECT a.url, p.name_ar FROM articles a JOIN article_places x ON x.article_id = a.id JOIN places p ON p.id = x.place_id")
    events = by_slug(news_db, "SELECT a.url, e.event_type FROM articles a JOIN article_events e ON e.article_id = a.id")
    found = wanted = 0
    for label in LABELS["article"]:
        slug = label["id"].removeprefix("demo/")
        stored_places = {r["name_ar"] for r in places[slug]}
        found += len(stored_places & set(label["places"])) + len({r["event_type"] for r in events[slug]} & set(label["events"]))
        wanted += len(label["places"]) + len(label["events"])
    assert found / wanted >= 0.8, f"{found} of {wanted} labelled places and events stored"
    mines = by_slug(news_db, "SELECT a.url, c.killed, c.injured, c.injured_stated FROM articles a JOIN casualties c ON c.article_id = a.id")
    assert [(r["killed"], r["injured"], r["injured_stated"]) for r in mines["2017/10/19/raqqa-mines-return"]] == [(None, None, 1)]


def test_every_article_carries_the_rules_version(news_db: Path) -> None:
    versions = rows(news_db, "SELECT a.id, e.version FROM articles a LEFT JOIN article_enrichment e ON e.article_id = a.id")
    assert versions and {r["version"] for r in versions} == {rules_version()}


def test_re_enrichment_is_idempotent_and_version_aware(news_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(news_db.read_bytes())
    before = dump(db)
    nothing = enrich_command(db, "--all")
    assert nothing.returncode == 0, nothing.stderr
    assert "0 articles enriched" in nothing.stderr
    (source,) = {r["source"] for r in rows(db, "SELECT source FROM articles")}
    redo = enrich_command(db, "--source", source, "--redo")
    assert redo.returncode == 0 and "6 articles enriched" in redo.stderr, redo.stderr
    assert dump(db) == before
    import sqlite3

    with sqlite3.connect(db) as conn:  # two articles enriched by an older rules version, one never
        conn.execute("UPDATE article_enrichment SET version = 'old' WHERE article_id IN (SELECT id FROM articles LIMIT 2)")
        conn.execute("DELETE FROM article_places WHERE article_id = (SELECT MAX(id) FROM articles)")
        conn.execute("DELETE FROM article_enrichment WHERE article_id = (SELECT MAX(id) FROM articles)")
    again = enrich_command(db, "--since", "2017-01-01")
    assert again.returncode == 0 and "3 articles enriched" in again.stderr, again.stderr
    assert dump(db) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all"], "no such database"),
        (["--since", "2017-13-01"], "expected YYYY-MM-DD"),
        ([], "one of the arguments"),
    ],
)
def test_enrich_command_mistakes_are_one_line_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = enrich_command(tmp_path / "missing.db", *args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_export_carries_places_events_and_casualties(news_db: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crawler.export", "--db", str(news_db), "--no-bom"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    table = {r["url"].split("/articles/", 1)[-1].removesuffix(".html"): r for r in csv.DictReader(io.StringIO(result.stdout))}
    aleppo = table["2017/10/16/aleppo-water-stations"]
    assert aleppo["primary_place"] == "حلب" and aleppo["governorates"] == "حلب"
    assert "services_crisis" in aleppo["event_types"].split("|")
    assert "الشعار" in aleppo["places"].split("|")
    assert table["2017/10/19/raqqa-mines-return"]["injured"] == "?"


def test_datasette_facets_queries_and_map(news_db: Path) -> None:
    ds = project_datasette(news_db)
    facets = get(ds, "/news/enriched_articles.json", _facet="governorate", _facet_array="event_types").json()
    governorates = {f["value"] for f in facets["facet_results"]["governorate"]["results"]}
    assert {"حلب", "دمشق", "الرقة"} <= governorates
    assert any(f["value"] == "displacement" for f in facets["facet_results"]["event_types"]["results"])
    events = get(ds, "/news/governorate_events.json", governorate="حلب", since="2017-10-16", until="2017-10-16", _shape="array").json()
    assert [r["title"] for r in events] == ["عودة الضخ إلى محطات المياه في أحياء حلب الشرقية بعد توقف دام أسبوعين"]
    towns = get(ds, "/news/towns_in_the_news.json", day="2017-10-18", _shape="array").json()
    assert towns[0]["place"] == "دمشق" and towns[0]["latitude"] is not None
    weeks = get(ds, "/news/casualties_by_week.json", _shape="array").json()
    assert weeks and all(r["governorate"] for r in weeks)
    page = get(ds, "/news/enriched_articles").text
    assert "datasette-cluster-map" in page  # the map script (tiles are fetched by the browser; offline they stay blank)
