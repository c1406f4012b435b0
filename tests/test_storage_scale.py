"""The storage of issue #16: a smaller database with the same answers.

* ``body_html`` is stored packed against ``body`` and read back exactly;
* the full-text index keeps no copy of the text, yet answers every query as
  the stored ``search_text`` column did (same rows, before and after the
  migration), and stays exact after every write path (store, revision,
  story linking, re-extraction, enrichment, delete);
* ``story_stats`` (what the ``stories`` view reads) always equals the story
  counts computed from the articles themselves.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from crawler.dedupe import decide, unchecked
from crawler.enrich import enrich
from crawler.enrich.stored import to_rows
from crawler.items import ArticleItem
from crawler.search import fts_match, fts_title_match, matches
from crawler.storage import Store, connect, enrichment, reextraction, schema
from crawler.storage.articles import pack_body_html, search_text, unpack_body_html
from crawler.storage.records import Revision
from crawler.text.fingerprints import buckets_of, content_hash, fingerprint, signature
from tests.support.databases import database_at, rows
from tests.support.dedupe_pages import EDITED, OTHER, OTHER_TITLE, REPUBLISHED, REPUBLISHED_TITLE, STORY, STORY_TITLE

NOW = "2026-11-30T10:00:00+00:00"
ROW = {
    "url": "http://old.example/1",
    "canonical_url": "http://old.example/1",
    "source": "old",
    "title": STORY_TITLE,
    "body": "قديم",
    "fetched_at": NOW,
    "content_hash": "0" * 64,
}
# The texts the search tests read: clitics, hamza and ta marbuta variants,
# diacritics, a phrase, digits in two scripts. Written for the tests.
TEXTS = [
    ("الرَّقَّة تستعيد أسواقها", "بعد سنوات", "عادت الحركة إلى أسواق الرقة القديمة، وقال تاجر إن إعادة الإعمار بطيئة."),
    ("دير الزور: انقطاع المياه", None, "أعلنت مؤسسة المياه في دير الزور انقطاعاً لمدة ٣ أيام في أحياء المدينة."),
    ("مساعدات إلى الحسكة", "قافلة جديدة", "وصلت قافلة مساعدات إلى مخيمات الحسكة، وقالت منظمة إنها تكفي 3000 عائلة."),
    ("إعادة إعمار المدارس في حلب", None, "بدأت أعمال إعادة الإعمار في مدارس حلب الشرقية، والرقه لم تبدأ بعد."),
    ("أسعار الخبز", "والمحروقات", "ارتفعت أسعار الخبز في دمشق وبالرقة وفي ريف إدلب خلال الأسبوع."),
]
QUERIES = [
    "الرقة",
    "والرقة",
    "الرقه",
    "قال",
    '"إعادة الإعمار"',
    "إعمار",
    "دير الزور",
    '"دير الزور"',
    "3",
    "الحسكة مساعدات",
    "اسعار",
    "حلب",
    "لا شيء هنا",
]


def item(url: str, title: str, body: str, source: str = "a", subtitle: str | None = None) -> ArticleItem:
    found = ArticleItem(url=url, source=source, html="", fetched_at=NOW, body=body, title=title, subtitle=subtitle)
    found.canonical_url = url
    found.content_hash = content_hash(body)
    found.body_html = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
    return found


def search(conn: sqlite3.Connection, query: str) -> list[int]:
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid"
    return [r[0] for r in conn.execute(sql, [fts_match(query)])]


def assert_index_is_exact(conn: sqlite3.Connection) -> None:
    """FTS5 checks its index against the content (the view that recomputes the text)."""
    with conn:  # an INSERT: Python's sqlite3 opens a transaction for it
        conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")


# --- body_html ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "body"),
    [
        ("<p>فقرة أولى</p><p>فقرة ثانية</p>", "فقرة أولى\n\nفقرة ثانية"),
        ("<h2>عنوان</h2><blockquote><p>اقتباس</p></blockquote>", ""),
        ("<p>" + "نص طويل جدا " * 6000 + "</p>", "نص طويل جدا " * 6000),  # more than zlib's 32 kB window
        ("<p>html without its body</p>", None),
        ("", "x"),
    ],
)
def test_body_html_comes_back_exactly(html: str, body: str | None) -> None:
    packed = pack_body_html(html, body)
    assert isinstance(packed, bytes)
    assert unpack_body_html(body, packed) == html


def test_packed_html_is_small_next_to_its_body() -> None:
    body = "\n\n".join(STORY)
    html = "".join(f"<p>{p}</p>" for p in STORY)
    assert len(pack_body_html(html, body)) < len(html.encode("utf-8")) / 10


def test_absent_and_legacy_html_pass_through() -> None:
    assert pack_body_html(None, "x") is None
    assert unpack_body_html("x", None) == ""
    assert unpack_body_html("x", "<p>written before schema 10</p>") == "<p>written before schema 10</p>"


def test_stored_html_is_packed_and_read_back_by_the_reprocess_reader(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    store.open()
    article = item("http://a.example/1", STORY_TITLE, "\n\n".join(STORY))
    written = store.store(article, unchecked(article), NOW)
    (raw,) = store.conn.execute("SELECT body_html FROM articles WHERE id = ?", [written.article_id]).fetchone()
    assert isinstance(raw, bytes) and len(raw) < len(article.body_html.encode("utf-8")) / 5
    assert reextraction.stored_values(store.conn, written.article_id)["body_html"] == article.body_html
    (sql_read,) = store.conn.execute("SELECT news_body_html(body, body_html) FROM articles").fetchone()
    assert sql_read == article.body_html
    store.close()


def test_migration_packs_the_html_of_an_old_database(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    database_at(path, 9, [ROW])
    conn = sqlite3.connect(path)
    html = "".join(f"<p>{p}</p>" for p in STORY)
    conn.execute("UPDATE articles SET body = ?, body_html = ? WHERE id = 1", ["\n\n".join(STORY), html])
    conn.commit()
    conn.close()
    connect(path).conn.close()
    assert rows(path, "SELECT typeof(body_html) AS kind FROM articles WHERE id = 1") == [{"kind": "blob"}]
    assert rows(path)[0]["body_html"] == html


# --- the full-text index -----------------------------------------------------


def fill_v10(path: Path) -> None:
    """A database at schema 10 (the stored search_text column) with TEXTS, as that crawler wrote them."""
    database_at(path, 10, [])
    conn = sqlite3.connect(path)
    for n, (title, subtitle, body) in enumerate(TEXTS, 1):
        row = {"url": f"http://t.example/{n}", "source": "t", "title": title, "subtitle": subtitle, "body": body}
        conn.execute(
            "INSERT INTO articles (url, canonical_url, source, title, subtitle, body, fetched_at, content_hash, "
            "search_text) VALUES (:url, :url, :source, :title, :subtitle, :body, :now, :hash, :key)",
            {**row, "now": NOW, "hash": content_hash(body), "key": search_text(title, subtitle, body)},
        )
    conn.commit()
    conn.close()


def test_search_finds_the_same_rows_before_and_after_the_index_migration(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    fill_v10(path)
    conn = sqlite3.connect(path)
    before = {query: search(conn, query) for query in QUERIES}
    conn.close()
    assert before["الرقة"] and before['"إعادة الإعمار"'] and not before["لا شيء هنا"]  # the texts are searchable

    db = connect(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert "search_text" not in {c.name for c in db["articles"].columns}
    assert {query: search(db.conn, query) for query in QUERIES} == before
    assert_index_is_exact(db.conn)
    db.conn.close()


def test_a_headline_search_is_an_index_query_with_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    fill_v10(path)
    conn = connect(path).conn
    titles = dict(conn.execute("SELECT id, title FROM articles").fetchall())
    sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid"
    for query in QUERIES:
        expected = sorted(i for i, title in titles.items() if matches(title, query))
        assert [r[0] for r in conn.execute(sql, [fts_title_match(query)])] == expected, query
    assert [r[0] for r in conn.execute(sql, [fts_title_match("الرقة")])] == [1]  # the body of 4 and 5 says it too
    conn.close()


def test_the_index_stays_exact_through_every_write_path(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    store.open()
    conn = store.conn

    def put(article: ArticleItem) -> int:
        return store.store(article, decide(article, store, 0.5), NOW).article_id

    first = put(item("http://a.example/1", STORY_TITLE, "\n\n".join(STORY)))
    other = put(item("http://a.example/2", OTHER_TITLE, "\n\n".join(OTHER)))
    copy = put(item("http://b.example/1", REPUBLISHED_TITLE, "\n\n".join(REPUBLISHED), source="b"))  # joins a story
    assert search(conn, "الأمبيرات") == [first, copy]
    assert search(conn, "التغذية") == [copy]
    assert_index_is_exact(conn)

    put(item("http://a.example/1", STORY_TITLE, "\n\n".join(EDITED)))  # a revision: new text, same row
    assert search(conn, "أسبوعيا") == [copy]  # the sentence only the old text of row 1 had
    assert_index_is_exact(conn)

    new_body = "نص أعيد استخراجه من الأرشيف عن مدينة منبج."
    values = {**reextraction.stored_values(conn, other), "title": "عنوان مستخرج من جديد", "body": new_body}
    values = {column: values[column] for column in reextraction.EXTRACTED_COLUMNS}
    new_signature = signature(fingerprint(new_body))
    with conn:
        reextraction.apply(
            conn, other, values, content_hash=content_hash(new_body), signature=new_signature,
            buckets=tuple(buckets_of(new_signature)), changed=["title", "body"], capture_id=None, now=NOW,
            revision=Revision(other, NOW, content_hash("\n\n".join(OTHER)), content_hash(new_body),
                              OTHER_TITLE, "\n\n".join(OTHER), None),
        )  # fmt: skip
    assert search(conn, "منبج") == [other]
    assert search(conn, "حمص") == []
    assert_index_is_exact(conn)

    with conn:
        enrichment.write(conn, other, to_rows(enrich("عنوان", new_body, None), "test"), NOW)
        conn.execute("DELETE FROM articles WHERE id = ?", [copy])
    assert search(conn, "منبج") == [other]
    assert search(conn, "التغذية") == []  # words only the deleted copy had
    assert_index_is_exact(conn)
    store.close()


# --- story_stats -------------------------------------------------------------

FROM_SCRATCH = """
SELECT story_id, count(*), count(DISTINCT source), group_concat(DISTINCT source),
       (SELECT id FROM articles o WHERE o.story_id = a.story_id AND o.duplicate_of IS NULL ORDER BY id LIMIT 1)
FROM articles a WHERE story_id IS NOT NULL GROUP BY story_id ORDER BY story_id
"""
FROM_STATS = "SELECT story_id, articles, outlets, sources, original_id FROM story_stats ORDER BY story_id"


def test_story_stats_and_source_counts_follow_every_change(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    store.open()
    conn = store.conn

    def put(url: str, title: str, paras: list[str], source: str) -> None:
        article = item(url, title, "\n\n".join(paras), source)
        article.published_at = f"2017-10-{10 + len(url) % 5}T09:00:00+03:00"  # inserted with a day
        store.store(article, decide(article, store, 0.5), NOW)
        assert conn.execute(FROM_STATS).fetchall() == conn.execute(FROM_SCRATCH).fetchall()

    put("http://a.example/1", STORY_TITLE, STORY, "a")
    put("http://a.example/2", OTHER_TITLE, OTHER, "a")
    put("http://b.example/1", REPUBLISHED_TITLE, REPUBLISHED, "b")
    put("http://c.example/1", REPUBLISHED_TITLE, REPUBLISHED, "c")
    put("http://a.example/1", STORY_TITLE, EDITED, "a")
    stories = conn.execute("SELECT story_id, articles, outlets FROM stories ORDER BY outlets DESC").fetchall()
    assert stories[0][1:] == (3, 3)
    with conn:
        conn.execute("UPDATE articles SET section = 'اقتصاد' WHERE source = 'a'")
        conn.execute("DELETE FROM articles WHERE source = 'c'")
    assert conn.execute(FROM_STATS).fetchall() == conn.execute(FROM_SCRATCH).fetchall()
    counted = "SELECT source, section, articles FROM source_section_counts WHERE articles > 0 ORDER BY 1, 2"
    live = "SELECT source, ifnull(section, ''), count(*) FROM articles GROUP BY 1, 2 ORDER BY 1, 2"
    assert conn.execute(counted).fetchall() == conn.execute(live).fetchall()
    with conn:  # a publication day changed, one cleared, one article moved to another source
        conn.execute("UPDATE articles SET published_at = '2017-11-02T09:00:00+03:00' WHERE url = 'http://a.example/2'")
        conn.execute("UPDATE articles SET published_at = NULL, source = 'z' WHERE url = 'http://b.example/1'")
        conn.execute("UPDATE articles SET source = 'y' WHERE url = 'http://a.example/1'")
    by_day = "SELECT source, day, articles FROM source_day_counts WHERE articles > 0 ORDER BY 1, 2"
    live_days = (
        "SELECT source, substr(published_at, 1, 10), count(*) FROM articles WHERE published_at IS NOT NULL "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    assert conn.execute(by_day).fetchall() == conn.execute(live_days).fetchall()
    assert len(conn.execute(live_days).fetchall()) == 2  # a/2 moved to a new day, a/1 under y; b/1 undated, c deleted
    with conn:  # one section changed, one cleared
        conn.execute("UPDATE articles SET section = 'سياسة' WHERE url = 'http://a.example/2'")
        conn.execute("UPDATE articles SET section = NULL WHERE url = 'http://a.example/1'")
    by_section_day = "SELECT section, day, articles FROM section_day_counts WHERE articles > 0 ORDER BY 1, 2"
    live_section_days = (
        "SELECT ifnull(section, ''), substr(published_at, 1, 10), count(*) FROM articles "
        "WHERE published_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2"
    )
    assert conn.execute(by_section_day).fetchall() == conn.execute(live_section_days).fetchall()
    assert [r[0] for r in conn.execute(live_section_days)] == ["", "سياسة"]
    store.close()


# --- event and actor counts ----------------------------------------------------

EVENTS_LIVE = "SELECT event_type, count(*) FROM article_events GROUP BY 1 ORDER BY 1"
EVENTS_COUNTED = "SELECT event_type, articles FROM event_type_counts WHERE articles > 0 ORDER BY 1"
ACTORS_LIVE = "SELECT actor, count(*) FROM article_actors GROUP BY 1 ORDER BY 1"
ACTORS_COUNTED = "SELECT actor, articles FROM actor_counts WHERE articles > 0 ORDER BY 1"
SHELLING = "قصفت قوات النظام السوري بلدة كفرنبل في ريف إدلب، وقال الدفاع المدني إن الغارات الجوية قتلت ثلاثة مدنيين."
PROTEST = "تظاهر العشرات في السويداء احتجاجا على انقطاع الكهرباء والمياه، بحسب شبكة السويداء 24."


def test_event_and_actor_counts_follow_the_enrichment(tmp_path: Path) -> None:
    """The ``counted`` facets of article_events and article_actors read these
    tables (schema 20): written, rewritten and cascaded away, they stay equal
    to counting the rows."""
    store = Store(tmp_path / "news.db")
    store.open()
    conn = store.conn
    ids = []
    for n, text in enumerate((SHELLING, PROTEST, SHELLING)):
        article = item(f"http://a.example/{n}", f"خبر {n}", f"{text}\n\nفقرة {n} أخرى من الخبر.", "a")
        store.store(article, unchecked(article), NOW)
        ids.append(conn.execute("SELECT max(id) FROM articles").fetchone()[0])
    with conn:
        for article_id, text in zip(ids, (SHELLING, PROTEST, SHELLING), strict=True):
            enrichment.write(conn, article_id, to_rows(enrich("خبر", text, None), "test"), NOW)
    assert conn.execute(EVENTS_LIVE).fetchall() and conn.execute(ACTORS_LIVE).fetchall()
    assert conn.execute(EVENTS_COUNTED).fetchall() == conn.execute(EVENTS_LIVE).fetchall()
    assert conn.execute(ACTORS_COUNTED).fetchall() == conn.execute(ACTORS_LIVE).fetchall()
    with conn:  # the first article re-enriched with the other text, the last one deleted (cascade)
        enrichment.write(conn, ids[0], to_rows(enrich("خبر", PROTEST, None), "test"), NOW)
        conn.execute("DELETE FROM articles WHERE id = ?", [ids[2]])
    assert conn.execute(EVENTS_COUNTED).fetchall() == conn.execute(EVENTS_LIVE).fetchall()
    assert conn.execute(ACTORS_COUNTED).fetchall() == conn.execute(ACTORS_LIVE).fetchall()
    store.close()
