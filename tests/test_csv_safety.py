"""Datasette's CSV is safe to open in a spreadsheet (issue #15): the project's
plugin (datasette/plugins/csv_safety.py) quotes text cells that start like a
formula in every CSV the real Datasette app serves -- table pages, the
all-rows stream, downloads, canned and custom queries -- while numbers stay
numbers and the JSON stays as stored.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.support.databases import rows
from tests.support.datasette_app import get, project_datasette
from tests.support.formulas import AUTHOR, SECTION, TITLE, crawl_formula_page


@pytest.fixture(scope="module")
def formula_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return crawl_formula_page(tmp_path_factory.mktemp("formulas") / "news.db")


@pytest.fixture(scope="module")
def ds(formula_db: Path):
    return project_datasette(formula_db)


def table(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text[:500]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"), newline="")))


def test_stored_as_written(formula_db: Path) -> None:
    (row,) = rows(formula_db)
    assert (row["title"], row["author"], row["section"]) == (TITLE, AUTHOR, SECTION)


@pytest.mark.parametrize(
    "params",
    [{}, {"_stream": "on"}, {"_stream": "on", "_dl": "1"}, {"_size": "max"}],
    ids=["page", "stream", "stream-download", "max"],
)
def test_table_csv_quotes_formula_cells(ds, params: dict[str, str]) -> None:
    (record,) = table(get(ds, "/news/articles.csv", **params))
    assert record["title"] == "'" + TITLE
    assert record["author"] == "'" + AUTHOR
    assert record["section"] == "'" + SECTION
    assert '"=1+1"' in record["tags"]  # inside a JSON list the cell starts with "[": not a formula
    assert record["id"].isdigit()


def test_canned_query_csv_quotes_formula_cells(ds) -> None:
    records = table(get(ds, "/news/title_search.csv", q="خبر عاجل"))
    assert [r["title"] for r in records] == ["'" + TITLE]


def test_custom_query_keeps_numbers_and_quotes_text(ds) -> None:
    sql = "select id, -5 as negative, -2.5 as fraction, '-5' as text_negative, title from articles"
    (record,) = table(get(ds, "/news.csv", sql=sql, _stream="on"))
    assert (record["negative"], record["fraction"]) == ("-5", "-2.5")  # numeric cells: as they are
    assert record["text_negative"] == "'-5"  # text that starts with "-": quoted, as OWASP advises
    assert record["title"] == "'" + TITLE


def test_json_is_left_as_stored(ds) -> None:
    (record,) = get(ds, "/news/articles.json", _shape="array").json()
    assert record["title"] == TITLE
