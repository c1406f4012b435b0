"""The article page (reading view) of the project's Datasette: an RTL article
from the re-sanitized body, its other outlets, revisions as a diff, places and
events; internal columns folded on the row page and left out of the table."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from crawler.reading import paragraph_diff, reading_view
from crawler.storage.articles import pack_body_html, unpack_body_html
from crawler.text.dates import damascus_wall_time
from tests.support.databases import rows
from tests.support.datasette_app import element, get, project_datasette
from tests.support.demo_database import edited_copy, ids_by_slug, shared_db

INTERNAL = ("content_hash", "body_html")


@pytest.fixture(scope="module")
def news_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def ids(news_db: Path) -> dict[str, int]:
    return ids_by_slug(news_db)


def article_part(page: str) -> str:
    return element(page, "article", "reading")


@pytest.mark.parametrize(
    ("stored", "html"),
    [("<p>نص</p>", "<p>نص</p>"), (pack_body_html("<p>نص</p>", "نص"), "<p>نص</p>"), (None, ""), ("", "")],
)
def test_body_html_is_read_through_one_function(stored: str | bytes | None, html: str) -> None:
    assert unpack_body_html("نص", stored) == html


def test_article_page_reads_right_to_left_with_its_other_outlets(news_db: Path, ids: dict[str, int]) -> None:
    page = get(project_datasette(news_db), f"/news/articles/{ids['raqqa-mines-return']}")
    assert page.status_code == 200
    article = article_part(page.text)
    assert 'dir="rtl"' in article
    (row,) = rows(news_db, "SELECT * FROM articles WHERE id = ?", (ids["raqqa-mines-return"],))
    assert f"<h1>{row['title']}</h1>" in article
    assert f'<p class="subtitle">{row["subtitle"]}</p>' in article
    assert "<p>" in article and "&lt;p&gt;" not in article  # rendered, not escaped
    for paragraph in row["body"].split("\n\n"):
        assert paragraph in article
    assert f'href="{row["url"]}"' in article  # the original
    assert f'href="/news/articles/{ids["undated-copy"]}"' in article  # the other outlet of the story
    assert f"{damascus_wall_time(row['published_at'])}</time> بتوقيت دمشق" in article
    for internal in (*INTERNAL, "story_id", row["content_hash"]):
        assert internal not in article
    assert '<details class="all-columns">' in page.text  # every column, folded
    assert row["content_hash"] in page.text.split('<details class="all-columns">')[1]


def test_article_page_shows_its_places_events_and_casualties(news_db: Path, ids: dict[str, int]) -> None:
    article_id = ids["raqqa-mines-return"]
    places = rows(news_db, "SELECT p.name_ar FROM article_places x JOIN places p ON p.id = x.place_id "
                  "WHERE x.article_id = ?", (article_id,))  # fmt: skip
    events = rows(news_db, "SELECT event_type FROM article_events WHERE article_id = ?", (article_id,))
    assert places and events, "the demo article is enriched"
    article = article_part(get(project_datasette(news_db), f"/news/articles/{article_id}").text)
    section = re.search(r'<section class="enrichment">.*?</section>', article, re.S)
    assert section
    for place in places:
        assert f">{place['name_ar']}" in section[0]
    context = reading_view(sqlite3.connect(news_db), article_id)
    assert context is not None
    assert [e["event_type"] for e in context["events"]] == sorted(e["event_type"] for e in events)
    for event in context["events"]:
        assert f'<span class="tag">{event["label"]}</span>' in section[0]
        assert re.search(r"[\u0600-\u06ff]", event["label"]), event  # Arabic, not the code


def test_an_unenriched_article_has_no_enrichment_section(news_db: Path, ids: dict[str, int]) -> None:
    article_id = ids["near-miss"]
    assert not rows(news_db, "SELECT 1 FROM article_places WHERE article_id = ?", (article_id,))
    assert 'class="enrichment"' not in article_part(
        get(project_datasette(news_db), f"/news/articles/{article_id}").text
    )


HOSTILE = (
    '<p onclick="steal()">نص آمن</p><script>alert(1)</script><img src=x onerror="alert(2)">'
    '<a href="javascript:alert(3)">رابط</a><iframe src="http://evil.example/"></iframe><style>p{}</style>'
)


@pytest.mark.parametrize("packed", [False, True], ids=["as text", "packed"])
def test_unsafe_html_is_never_rendered(news_db: Path, ids: dict[str, int], tmp_path: Path, packed: bool) -> None:
    target = ids["raqqa-wa"]

    def store_hostile(conn: sqlite3.Connection) -> None:
        (body,) = conn.execute("SELECT body FROM articles WHERE id = ?", [target]).fetchone()
        stored = pack_body_html(HOSTILE, body) if packed else HOSTILE
        conn.execute("UPDATE articles SET body_html = ? WHERE id = ?", [stored, target])

    db = edited_copy(news_db, tmp_path, store_hostile)
    article = article_part(get(project_datasette(db), f"/news/articles/{target}").text)
    assert "<p>نص آمن</p>" in article
    for bad in ("<script", "onerror", "onclick", "javascript:", "alert(", "<iframe", "<img", "<style"):
        assert bad not in article, bad


def test_without_body_html_the_plain_body_is_escaped(news_db: Path, ids: dict[str, int], tmp_path: Path) -> None:
    target = ids["raqqa-bi"]
    body = "فقرة أولى <b>ليست وسماً</b>\n\nفقرة ثانية"
    db = edited_copy(
        news_db,
        tmp_path,
        lambda c: c.execute("UPDATE articles SET body = ?, body_html = NULL WHERE id = ?", [body, target]),
    )
    article = article_part(get(project_datasette(db), f"/news/articles/{target}").text)
    assert "<p>فقرة أولى &lt;b&gt;ليست وسماً&lt;/b&gt;</p><p>فقرة ثانية</p>" in article


def test_revisions_read_as_a_diff_newest_first(news_db: Path, ids: dict[str, int], tmp_path: Path) -> None:
    target = ids["raqqa-bi"]
    (row,) = rows(news_db, "SELECT title, body FROM articles WHERE id = ?", (target,))
    first = "فقرة حذفت لاحقا\n\n" + row["body"].replace("الشمالية", "الجنوبية")
    second = row["body"].replace("الشمالية", "الجنوبية")

    def revise(conn: sqlite3.Connection) -> None:
        sql = ("INSERT INTO revisions (article_id, revised_at, old_hash, new_hash, old_title, old_body, kind) "
               "VALUES (?, ?, 'a', 'b', ?, ?, ?)")  # fmt: skip
        conn.execute(sql, [target, "2017-10-23T00:00:00+00:00", "عنوان قديم", first, "publisher"])
        conn.execute(sql, [target, "2017-10-24T00:00:00+00:00", row["title"], second, "reextraction"])
        conn.execute("UPDATE revisions SET changed_fields = '[\"body\", \"author\"]' WHERE kind = 'reextraction'")

    db = edited_copy(news_db, tmp_path, revise)
    article = article_part(get(project_datasette(db), f"/news/articles/{target}").text)
    revisions = re.search(r'<section class="revisions">.*?</section>', article, re.S)
    assert revisions
    newest, oldest = revisions[0].split("<h3>")[1:]
    assert "أعيدت قراءة الصفحة المؤرشفة" in newest and "2017-10-24 03:00 بتوقيت دمشق" in newest
    assert "تغيّر: النص، الكاتب" in newest
    assert "<del>الجنوبية</del>" in newest and "<ins>الشمالية</ins>" in newest  # a word changed in place
    assert "عدّله الناشر" in oldest
    assert '<p class="removed">فقرة حذفت لاحقا</p>' in oldest  # a paragraph dropped
    assert "<del>عنوان قديم</del>" in oldest and f"<ins>{row['title']}</ins>" in oldest


@pytest.mark.parametrize(
    ("old", "new", "kinds"),
    [
        ("أ\n\nب", "أ\n\nب", ["same", "same"]),
        ("أ\n\nب", "أ", ["same", "removed"]),
        ("أ", "أ\n\nج", ["same", "added"]),
        ("قال الوزير اليوم", "قال الوزير أمس", ["changed"]),
        ("أ\n\nب\n\nج", "أ\n\nد", ["same", "removed", "removed", "added"]),
        # an edited paragraph and a dropped one: the edit is still a word diff
        ("قال الوزير اليوم\n\nفقرة حذفت\n\nخاتمة", "قال الوزير أمس\n\nخاتمة", ["changed", "removed", "same"]),
        ("خبر عاجل\n\nقال الوزير اليوم", "مقدمة جديدة تماما\n\nقال الوزير أمس", ["removed", "added", "changed"]),
    ],
)
def test_paragraph_diff(old: str, new: str, kinds: list[str]) -> None:
    diff = paragraph_diff(old, new)
    assert [line["kind"] for line in diff] == kinds
    if kinds[0] == "changed":
        assert diff[0]["words"] == [("same", "قال الوزير"), ("removed", "اليوم"), ("added", "أمس")]


@pytest.mark.parametrize(
    ("stored", "damascus"),
    [
        ("2017-10-12T01:30:00+03:00", "2017-10-12 01:30"),
        ("2017-10-11T22:30:00Z", "2017-10-12 01:30"),
        ("2024-06-01T12:00:00+00:00", "2024-06-01 15:00"),
        ("2012-01-15T12:00:00+00:00", "2012-01-15 14:00"),  # winter time, UTC+2 before 2022
        ("2017-10-12", None),  # no time of day: not converted
        ("2017-10-12T10:00:00", None),  # no offset: not converted
        ("not a date", None),
        (None, None),
    ],
)
def test_damascus_wall_time(stored: str | None, damascus: str | None) -> None:
    assert damascus_wall_time(stored) == damascus


def test_an_unknown_row_falls_back_to_datasettes_page(news_db: Path) -> None:
    page = get(project_datasette(news_db), "/news/articles/999999")
    assert page.status_code == 404
    assert 'class="reading"' not in page.text


def test_internal_columns_are_left_out_of_the_table_but_available(news_db: Path) -> None:
    ds = project_datasette(news_db)
    default = get(ds, "/news/articles.json", _size="1").json()["columns"]
    assert "title" in default and "body" in default
    assert not set(INTERNAL) & set(default)
    page = get(ds, "/news/articles", _search="الرقة").text
    shown = set(re.findall(r'<th [^>]*data-column="(\w+)"', page))
    assert "title" in shown and not set(INTERNAL) & shown
    chosen = get(ds, "/news/articles.json", _size="1", _col="content_hash").json()["columns"]
    assert "content_hash" in chosen


def test_revision_hashes_are_left_out_of_the_revisions_table_but_available(news_db: Path) -> None:
    ds = project_datasette(news_db)
    default = get(ds, "/news/revisions.json").json()["columns"]
    assert "old_body" in default and not {"old_hash", "new_hash"} & set(default)
    assert "old_hash" in get(ds, "/news/revisions.json", _col="old_hash").json()["columns"]
