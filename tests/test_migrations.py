"""Schema migrations: a database made by an older version upgrades in place.

Generic over ``crawler.storage.schema.MIGRATIONS``: for every older version the test
builds that schema with the shipped migration steps, fills it with rows, and
opens it with :func:`crawler.storage.connect`; appending a migration adds a case.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from crawler.storage import DatabaseError, connect, schema, stories
from crawler.storage.articles import search_text
from crawler.text.fingerprints import band_buckets, fingerprint, from_blob, signature
from tests.support.databases import database_at, rows


def _body(n: int) -> str:
    return f"نص المادة رقم {n} كما خزنته نسخة قديمة من الزاحف.\n\nفقرة ثانية."


V1_ROWS = [
    {
        "url": f"http://old.test/2019/{n}.html",
        "canonical_url": f"http://old.test/2019/{n}.html",
        "source": "old",
        "title": f"عنوان قديم {n}",
        "subtitle": None,
        "body": _body(n),
        "body_html": None if n == 3 else "".join(f"<p>{p}</p>" for p in _body(n).split("\n\n")),
        "section": "من سوريا",
        "tags": '["حلب"]',
        "author": "كاتب",
        "published_at": f"2019-05-0{n}T10:00:00+03:00",
        "published_raw": f"2019-05-0{n}",
        "fetched_at": "2019-05-10T00:00:00+00:00",
        "updated_at": None,
        "language": "ar",
        "content_hash": f"{n:064x}",
        "duplicate_of": None,
        "search_text": search_text(f"عنوان قديم {n}", None, _body(n)),  # as the crawler built it
    }
    for n in range(1, 4)
]


def build_at(path: Path, version: int) -> None:
    """A database as version ``version`` of the crawler left it, with V1_ROWS."""
    database_at(path, version, V1_ROWS)


def user_version(path: Path) -> int:
    return rows(path, "PRAGMA user_version")[0]["user_version"]


@pytest.mark.parametrize("old", range(1, len(schema.MIGRATIONS) + 1))
def test_old_database_upgrades_in_place_with_data_intact(tmp_path: Path, old: int) -> None:
    path = tmp_path / "news.db"
    build_at(path, old)
    assert user_version(path) == old

    db = connect(path)
    db.conn.close()

    assert user_version(path) == len(schema.MIGRATIONS)
    stored = rows(path)
    assert len(stored) == len(V1_ROWS)
    for before, after in zip(V1_ROWS, stored, strict=True):
        assert {k: after[k] for k in before} == before
    assert rows(path, "PRAGMA integrity_check") == [{"integrity_check": "ok"}]


@pytest.mark.parametrize("old", [3, 16])
def test_text_columns_come_last_and_nothing_else_changes(tmp_path: Path, old: int) -> None:
    """Migration 17 rebuilds the articles table: the rows, the other tables'
    rows that point at them, indexes, triggers and views all survive it."""
    path = tmp_path / "news.db"
    build_at(path, old)
    raw = sqlite3.connect(path)
    with raw:
        raw.execute(
            "INSERT INTO revisions (article_id, revised_at, old_hash, new_hash, old_body) VALUES (2, 'x', 'a', 'b', 'c')"
        )
    raw.close()
    db = connect(path)
    db.conn.close()
    columns = [r["name"] for r in rows(path, "PRAGMA table_info(articles)")]
    assert columns[-2:] == ["body", "body_html"]
    assert rows(path, "SELECT article_id FROM revisions") == [{"article_id": 2}]
    assert rows(path, "PRAGMA foreign_key_check") == []
    names = {r["name"] for r in rows(path, "SELECT name FROM sqlite_master WHERE tbl_name = 'articles'")}
    assert {"idx_articles_published", "articles_ai", "source_day_counts_ai", "section_day_counts_au_new"} <= names
    assert "articles_v17" not in {r["name"] for r in rows(path, "SELECT name FROM sqlite_master")}
    found = rows(path, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("ماده",))
    assert len(found) == len(V1_ROWS)
    db = connect(path)  # the triggers work on the rebuilt table
    with db.conn:
        db.execute("UPDATE articles SET body = 'نص عن منبج' WHERE id = 1")
    assert db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'منبج'").fetchall() == [(1,)]
    assert db.execute("PRAGMA foreign_keys").fetchone() == (1,)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.conn.close()


def test_a_large_rewrite_runs_with_a_rollback_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step that rewrites every article of a large file leaves WAL mode
    for it (the WAL would hold a second copy of the table) and comes back."""
    path = tmp_path / "news.db"
    build_at(path, 16)
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.close()
    seen: list[str] = []
    rewrite = schema.MIGRATIONS[16]

    def watched(db: sqlite_utils.Database) -> None:
        seen.append(db.execute("PRAGMA journal_mode").fetchone()[0])
        rewrite(db)

    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS[:16], watched, *schema.MIGRATIONS[17:]])
    monkeypatch.setattr(schema, "REWRITE_EVERY_ROW", frozenset({watched}))
    monkeypatch.setattr(schema, "REWRITE_WITHOUT_WAL_BYTES", 0)  # as if the file were large
    db = connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.conn.close()
    assert seen == ["delete"]
    assert [r["name"] for r in rows(path, "PRAGMA table_info(articles)")][-2:] == ["body", "body_html"]


def test_a_rewrite_with_a_reader_open_runs_in_wal(tmp_path: Path) -> None:
    """Datasette open on the file: the journal mode cannot change, the
    rewrite runs in WAL mode instead of failing or waiting."""
    path = tmp_path / "news.db"
    build_at(path, 16)
    setup = sqlite3.connect(path)
    setup.execute("PRAGMA journal_mode = WAL")
    setup.close()
    reader = sqlite3.connect(path)
    assert len(reader.execute("SELECT id FROM articles").fetchall()) == len(V1_ROWS)
    db = connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    db.conn.close()
    assert [r[1] for r in reader.execute("PRAGMA table_info(articles)")][-2:] == ["body", "body_html"]
    reader.close()
    assert user_version(path) == len(schema.MIGRATIONS)


def test_undated_articles_are_found_by_fetch_time(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    plan = rows(
        path,
        "EXPLAIN QUERY PLAN SELECT id FROM articles WHERE published_at IS NULL AND fetched_at >= '2019-05-10'",
    )
    assert any("idx_articles_undated_fetched" in r["detail"] for r in plan), plan


def test_upgraded_database_still_searches(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    build_at(path, 1)
    connect(path).conn.close()
    found = rows(path, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", ("ماده",))
    assert len(found) == len(V1_ROWS)


@pytest.mark.parametrize("old", [1, 3, 4, 20])
def test_older_rows_get_their_signature_and_buckets(tmp_path: Path, old: int) -> None:
    """From before fingerprints (1-3), from fingerprints (4-20): each row ends
    with the signature of its body and the buckets cut from it, and the
    fingerprints table is gone."""
    path = tmp_path / "news.db"
    build_at(path, old)
    connect(path).conn.close()
    stored = {r["article_id"]: from_blob(r["signature"]) for r in rows(path, "SELECT * FROM minhash_signatures")}
    by_id = {r["id"]: r["body"] for r in rows(path)}
    assert stored.keys() == by_id.keys()
    for article_id, body in by_id.items():
        assert (stored[article_id] == signature(fingerprint(body))).all()
    buckets = {(r["bucket"], r["article_id"]) for r in rows(path, "SELECT * FROM minhash_buckets")}
    assert buckets == {(b, i) for i, body in by_id.items() for b in band_buckets(fingerprint(body))}
    assert not rows(path, "SELECT name FROM sqlite_master WHERE name = 'fingerprints'")


def test_connect_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    connect(path).conn.close()
    before = rows(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name")
    connect(path).conn.close()
    assert rows(path, "SELECT type, name, sql FROM sqlite_master ORDER BY name") == before
    assert user_version(path) == len(schema.MIGRATIONS)


def test_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(schema.MIGRATIONS) + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer than this crawler"):
        connect(path)
    assert path.read_bytes() == before


def test_failing_migration_leaves_the_old_version_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A step that fails halfway (here: after creating a table) is rolled back
    entirely, DDL included, and the version stays where it was."""

    def broken_step(db: sqlite_utils.Database) -> None:
        db.execute("CREATE TABLE half_done (x INTEGER)")
        db.execute("ALTER TABLE no_such_table ADD COLUMN y TEXT")

    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, broken_step])
    with pytest.raises(DatabaseError, match="no such table"):
        connect(path)
    assert user_version(path) == len(schema.MIGRATIONS) - 1
    assert rows(path, "SELECT name FROM sqlite_master WHERE name = 'half_done'") == []
    assert len(rows(path)) == len(V1_ROWS)


def test_search_index_follows_text_updates_only(tmp_path: Path) -> None:
    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    db = connect(path)

    def found(word: str) -> list[int]:
        return [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?", [word])]

    def index_matches_the_rows() -> None:  # FTS5 compares the index with its content view
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")

    with db.conn:
        db.execute("UPDATE articles SET story_id = 1, duplicate_of = 1 WHERE id = 2")  # not indexed columns
    assert found("ماده") == [1, 2, 3]
    with db.conn:
        db.execute("UPDATE articles SET body = 'نص جديد تماما' WHERE id = 2")
    assert found("ماده") == [1, 3]
    assert found("جديد") == [2]
    index_matches_the_rows()
    with db.conn:
        db.execute("UPDATE articles SET subtitle = 'والرقة' WHERE id = 3")
        db.execute("DELETE FROM articles WHERE id = 2")
    assert found("رقه") == [3]
    assert found("جديد") == []
    index_matches_the_rows()
    (trigger,) = db.execute("SELECT sql FROM sqlite_master WHERE name = 'articles_au'").fetchone()
    assert "UPDATE OF title, subtitle, body" in trigger
    db.conn.close()


def test_the_index_refuses_a_text_change_it_cannot_follow(tmp_path: Path) -> None:
    """A connection without the project's SQL functions (the sqlite3 shell)
    cannot change indexed text: the update fails instead of leaving the index wrong."""
    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.OperationalError, match="no such function: news_search_text"):
        conn.execute("UPDATE articles SET body = 'نص آخر' WHERE id = 1")
    conn.execute("UPDATE articles SET author = 'كاتب آخر' WHERE id = 1")  # other columns are fine
    conn.commit()
    conn.close()
    assert rows(path)[0]["body"] == V1_ROWS[0]["body"]


def test_deleting_an_article_deletes_its_signature(tmp_path: Path) -> None:
    """Its buckets stay (they have no key to cascade by), but without a
    signature the row is no candidate any more."""
    path = tmp_path / "news.db"
    build_at(path, len(schema.MIGRATIONS))
    db = connect(path)  # foreign keys on, as the crawler opens it
    buckets = [r[0] for r in db.execute("SELECT bucket FROM minhash_buckets WHERE article_id = 2")]
    assert [i for i, _ in stories.similar_candidates(db.conn, buckets, None, 10)][:1] == [2]
    with db.conn:
        db.execute("DELETE FROM articles WHERE id = 2")
    assert [r[0] for r in db.execute("SELECT article_id FROM minhash_signatures ORDER BY article_id")] == [1, 3]
    assert 2 not in [i for i, _ in stories.similar_candidates(db.conn, buckets, None, 10)]
    db.conn.close()
