"""The dedupe and store pipelines on a real database file, without a crawl.

Each test opens fresh pipeline objects per "crawl", so nothing survives in
memory between them: whatever is found must have been found in the database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.storage import Store, connect, schema, stories
from crawler.text.fingerprints import (
    BANDS,
    band_buckets,
    content_hash,
    fingerprint,
    from_blob,
    jaccard,
    shingles,
    signature,
    similarity,
    to_blob,
)
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from tests.support.databases import rows
from tests.support.dedupe_pages import EDITED, OTHER, OTHER_2, REPUBLISHED, STORY
from tests.support.paths import ROOT

A = "http://outlet-a.example/2017/10/20/aleppo-power.html"
B = "http://outlet-b.example/news/12345"


def article(url: str, paras: list[str], published: str | None, source: str | None = None) -> ArticleItem:
    return ArticleItem(
        url=url,
        source=source or url.split("/")[2],
        html="",
        fetched_at="2026-11-25T09:00:00+00:00",
        title="عنوان",
        body="\n\n".join(paras),
        published_at=published,
        language="ar",
    )


class Crawl:
    """One crawl's pipelines (fresh objects: no state but the database),
    sharing one Store as a crawl's pipelines do."""

    def __init__(self, db: Path) -> None:
        shared = Store(db)
        self.dedupe = DedupePipeline(shared)
        self.store = StorePipeline(shared)
        self.dedupe.open_spider()
        self.store.open_spider()

    def feed(self, item: ArticleItem) -> ArticleItem | None:
        try:
            return self.store.process_item(self.dedupe.process_item(item))
        except DropItem:
            return None

    def close(self) -> None:
        self.dedupe.close_spider()
        self.store.close_spider()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


@pytest.fixture
def run(db: Path) -> Iterator:
    crawls: list[Crawl] = []

    def feed(*items: ArticleItem) -> list[ArticleItem | None]:
        crawl = Crawl(db)
        crawls.append(crawl)
        try:
            return [crawl.feed(i) for i in items]
        finally:
            crawl.close()

    yield feed


def by_url(db: Path) -> dict[str, dict]:
    return {r["canonical_url"]: r for r in rows(db)}


# --- fingerprints -------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("قالت مصادر في الرقة.", "قالت  مصادر في الرَّقَّة", True),
        ("قالت مصادر في الرقة", "قالت مصادر في الرقه", True),
        ("قالت مصادر في الرقة، اليوم", "قالت مصادر في الرقة اليوم", True),
        ("بلغ العدد ١٢", "بلغ العدد 12", True),
        ("قالت مصادر في الرقة", "قالت مصادر في حلب", False),
    ],
)
def test_content_hash(a: str, b: str, same: bool) -> None:
    assert (content_hash(a) == content_hash(b)) == same


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        (STORY, STORY, 1.0, 1.0),
        (STORY, REPUBLISHED, 0.6, 0.95),
        (STORY, EDITED, 0.6, 0.95),
        (STORY, OTHER, 0.0, 0.1),
        (OTHER, OTHER_2, 0.0, 0.1),
    ],
)
def test_shingle_similarity(a: list[str], b: list[str], low: float, high: float) -> None:
    exact = jaccard(shingles(" ".join(a)), shingles(" ".join(b)))
    assert low <= exact <= high
    # the stored fingerprints give the same figure as the shingle sets
    assert similarity(fingerprint(" ".join(a)), fingerprint(" ".join(b))) == pytest.approx(exact, abs=0.01)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", set()), ("حلب", {"حلب"}), ("في حلب اليوم", {"في حلب اليوم"}), ("أ ب ج د", {"ا ب ج", "ب ج د"})],
)
def test_shingles(text: str, expected: set[str]) -> None:
    assert shingles(text) == expected


def test_buckets_are_banded() -> None:
    buckets = band_buckets(fingerprint(" ".join(STORY)))
    assert len(buckets) == BANDS
    assert set(buckets) & set(band_buckets(fingerprint(" ".join(REPUBLISHED))))
    assert not set(buckets) & set(band_buckets(fingerprint(" ".join(OTHER))))
    assert band_buckets(fingerprint("")) == []


def test_fingerprints_and_buckets_are_the_same_in_another_process() -> None:
    code = (
        "import sys, json; from crawler.text.fingerprints import band_buckets, fingerprint; "
        "f = fingerprint(sys.argv[1]); print(json.dumps([f.tolist(), band_buckets(f)]))"
    )
    text = " ".join(STORY)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code, text], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    hashes, buckets = json.loads(out.stdout)
    assert hashes == fingerprint(text).tolist()
    assert buckets == band_buckets(fingerprint(text))


@pytest.mark.parametrize(
    ("text", "units"), [("", 0), ("حلب", 1), ("في حلب اليوم", 1), ("أ ب ج د", 2), ("أ ب ج أ ب ج", 3)]
)
def test_fingerprint_has_one_hash_per_shingle(text: str, units: int) -> None:
    assert len(fingerprint(text)) == len(shingles(text)) == units


def test_fingerprint_is_sorted_unique_and_round_trips() -> None:
    hashes = fingerprint(" ".join(STORY + STORY))  # repeated text: each shingle once
    assert len(hashes) == len(shingles(" ".join(STORY + STORY)))
    assert list(hashes) == sorted(set(hashes.tolist()))
    assert (from_blob(to_blob(hashes)) == hashes).all()


# --- pipeline decisions -------------------------------------------------------


def test_republication_crawled_first_is_repointed_to_the_earlier_original(run, db: Path) -> None:
    run(article(B, REPUBLISHED, "2017-10-20T12:00:00+03:00"))
    (copy,) = rows(db)
    assert copy["duplicate_of"] is None and copy["story_id"] == copy["id"]
    run(article(A, STORY, "2017-10-20T09:30:00+03:00"))
    stored = by_url(db)
    original, copy = stored[A], stored[B]
    assert original["duplicate_of"] is None
    assert copy["duplicate_of"] == original["id"]
    assert original["story_id"] == copy["story_id"] == copy["id"]


def test_later_republication_points_at_the_stored_original(run, db: Path) -> None:
    run(article(A, STORY, "2017-10-20T09:30:00+03:00"), article(B, REPUBLISHED, "2017-10-21T08:00:00+03:00"))
    stored = by_url(db)
    assert stored[B]["duplicate_of"] == stored[A]["id"]
    assert stored[A]["duplicate_of"] is None


def test_publication_times_compare_across_offsets(run, db: Path) -> None:
    # 10:00+03:00 is 07:00 UTC, earlier than 08:00+00:00 although it sorts later as text.
    run(article(B, REPUBLISHED, "2017-10-20T08:00:00+00:00"), article(A, STORY, "2017-10-20T10:00:00+03:00"))
    stored = by_url(db)
    assert stored[B]["duplicate_of"] == stored[A]["id"]


def test_unknown_date_counts_as_fetch_time(run, db: Path) -> None:
    run(article(B, REPUBLISHED, None), article(A, STORY, "2017-10-20T10:00:00+03:00"))
    stored = by_url(db)
    assert stored[B]["duplicate_of"] == stored[A]["id"]


def test_unrelated_articles_stay_apart(run, db: Path) -> None:
    run(article(A, STORY, None), article(B, OTHER, None), article(B + "-2", OTHER_2, None))
    stored = rows(db)
    assert [r["duplicate_of"] for r in stored] == [None, None, None]
    assert len({r["story_id"] for r in stored}) == 3


def test_a_bridge_article_merges_two_stories(db: Path) -> None:
    crawl = Crawl(db)
    crawl.dedupe.threshold = 0.4  # each half shares ~half of its shingles with the whole
    crawl.feed(article("http://c.example/1", STORY[:2], "2017-10-20T11:00:00+03:00"))
    crawl.feed(article("http://d.example/2", STORY[2:], "2017-10-20T12:00:00+03:00"))
    crawl.store.commit()  # mid-crawl: make the batch visible to the check below
    assert len({r["story_id"] for r in rows(db)}) == 2
    crawl.feed(article(A, STORY, "2017-10-20T09:00:00+03:00"))
    crawl.close()
    stored = rows(db)
    original = by_url(db)[A]["id"]
    assert {r["story_id"] for r in stored} == {stored[0]["id"]}
    assert sorted(r["duplicate_of"] or 0 for r in stored) == [0, original, original]


@pytest.mark.parametrize(
    ("second_url", "second_source", "stored", "dropped"),
    [
        (A + "?utm_source=facebook", "outlet-a.example", 1, True),  # same canonical URL, same text
        (A.replace(".html", ".amp.html"), "outlet-a.example", 1, True),  # AMP rendition
        ("http://outlet-a.example/?p=991", "outlet-a.example", 1, True),  # same outlet, same text, other URL
        (B, "outlet-b.example", 2, False),  # another outlet's exact copy: its own row, duplicate_of
    ],
)
def test_exact_duplicates(run, db: Path, second_url: str, second_source: str, stored: int, dropped: bool) -> None:
    _, second = run(
        article(A, STORY, "2017-10-20T09:30:00+03:00"), article(second_url, STORY, None, source=second_source)
    )
    assert (second is None) is dropped
    found = rows(db)
    assert len(found) == stored
    if stored == 2:
        assert found[1]["duplicate_of"] == found[0]["id"] and found[1]["story_id"] == found[0]["story_id"]
        (story,) = rows(db, "SELECT * FROM stories")
        assert story["original_id"] == found[0]["id"]
        assert story["articles"] == 2 and story["outlets"] == 2
        assert set(story["sources"].split(",")) == {"outlet-a.example", "outlet-b.example"}


def test_edited_article_keeps_one_row_and_one_revision(run, db: Path) -> None:
    run(article(A, STORY, "2017-10-20T09:30:00+03:00"))
    (before,) = rows(db)
    run(article(A, EDITED, "2017-10-20T09:30:00+03:00"))
    (after,) = rows(db)
    (revision,) = rows(db, "SELECT * FROM revisions")
    assert after["id"] == before["id"] and after["body"] == "\n\n".join(EDITED)
    assert after["updated_at"] is not None
    assert revision["article_id"] == before["id"]
    assert revision["old_body"] == before["body"] and revision["old_hash"] == before["content_hash"]
    assert revision["new_hash"] == after["content_hash"] != before["content_hash"]
    assert "-" + STORY[3] in revision["diff"] and "+" + EDITED[3] in revision["diff"]
    run(article(A, EDITED, "2017-10-20T09:30:00+03:00"))
    assert len(rows(db, "SELECT * FROM revisions")) == 1
    assert rows(db) == [after]


def test_canonical_page_replaces_a_stored_amp_rendition_without_revision(run, db: Path) -> None:
    amp = article("http://outlet-a.example/amp/2017/10/20/aleppo-power.html", STORY[:-1], None)
    amp.canonical_url = A  # as its rel=canonical says
    run(amp)
    run(article(A, STORY, None), amp)
    (row,) = rows(db)
    assert row["url"] == A and row["body"] == "\n\n".join(STORY)
    assert rows(db, "SELECT * FROM revisions") == []


def test_revision_replaces_the_buckets(run, db: Path) -> None:
    run(article(A, STORY, None))
    run(article(A, OTHER, None))  # the page now holds another text
    buckets = {r["bucket"] for r in rows(db, "SELECT bucket FROM minhash_buckets")}
    assert buckets == set(band_buckets(fingerprint("\n\n".join(OTHER))))
    (stored,) = rows(db, "SELECT signature FROM minhash_signatures")
    assert (from_blob(stored["signature"]) == signature(fingerprint("\n\n".join(OTHER)))).all()
    run(article(B, REPUBLISHED, None))
    assert by_url(db)[B]["duplicate_of"] is None


def test_second_process_sees_earlier_signatures(run, db: Path) -> None:
    run(article(A, STORY, "2017-10-20T09:30:00+03:00"))
    connect(db).conn.close()  # another process opening the file changes nothing
    run(article(B, REPUBLISHED, "2017-10-21T09:30:00+03:00"))
    assert by_url(db)[B]["duplicate_of"] == by_url(db)[A]["id"]


@pytest.mark.parametrize("threshold", [0, -0.5, 1.5])
def test_bad_threshold_is_rejected(db: Path, threshold: float) -> None:
    with pytest.raises(ValueError, match="NEWS_NEAR_DUPLICATE_THRESHOLD"):
        DedupePipeline(Store(db), threshold)


def test_strict_threshold_keeps_the_republication_apart(db: Path) -> None:
    crawl = Crawl(db)
    crawl.dedupe.threshold = 0.95
    crawl.feed(article(A, STORY, None))
    crawl.feed(article(B, REPUBLISHED, None))
    crawl.close()
    assert [r["duplicate_of"] for r in rows(db)] == [None, None]


def test_migration_backfills_existing_rows(tmp_path: Path) -> None:
    import sqlite_utils

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    schema.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    body = "\n\n".join(STORY)
    for i, dup in ((1, None), (2, 1)):
        old.execute(
            "INSERT INTO articles (id, url, canonical_url, source, body, fetched_at, content_hash, duplicate_of) "
            "VALUES (?, ?, ?, 's', ?, '2026-01-01T00:00:00+00:00', ?, ?)",
            [i, f"http://x/{i}", f"http://x/{i}", body, content_hash(body), dup],
        )
    old.conn.commit()
    old.conn.close()
    connect(path).conn.close()
    assert [(r["id"], r["story_id"]) for r in rows(path)] == [(1, 1), (2, 1)]
    assert len(rows(path, "SELECT * FROM minhash_buckets")) == 2 * BANDS


# --- batched commits ----------------------------------------------------------


def _urls(db: Path) -> list[str]:
    return sorted(r["url"] for r in rows(db)) if db.exists() else []


def test_batch_is_invisible_until_committed_and_the_end_commits_the_rest(db: Path) -> None:
    crawl = Crawl(db)
    crawl.store.commit_items = 3
    urls = [f"http://c.example/{n}" for n in range(5)]
    texts = [STORY, OTHER, OTHER_2, REPUBLISHED[:1] + OTHER[:1], EDITED[1:] + OTHER_2[1:]]
    for url, paras in zip(urls[:2], texts[:2], strict=True):
        crawl.feed(article(url, paras, None))
    assert _urls(db) == []  # another connection sees nothing of an open batch
    crawl.feed(article(urls[2], texts[2], None))
    assert _urls(db) == urls[:3]  # the third article closed the batch
    for url, paras in zip(urls[3:], texts[3:], strict=True):
        crawl.feed(article(url, paras, None))
    assert _urls(db) == urls[:3]
    crawl.close()
    assert _urls(db) == urls


def test_a_batch_is_committed_once_its_seconds_are_up(db: Path) -> None:
    crawl = Crawl(db)
    crawl.store.commit_seconds = 0.0
    crawl.feed(article(A, STORY, None))
    assert _urls(db) == [A]
    crawl.close()


def fail_record_for(monkeypatch: pytest.MonkeyPatch, url: str, error: Exception, end_transaction: bool = False) -> None:
    """Make the store step's dedupe records raise ``error`` for the article at
    ``url`` (after its row was written), optionally after SQLite ended the transaction."""
    real = stories.record

    def record(conn, article_id, decision, now):
        (stored_url,) = conn.execute("SELECT url FROM articles WHERE id = ?", [article_id]).fetchone()
        if stored_url == url:
            if end_transaction:
                conn.execute("ROLLBACK")
            raise error
        return real(conn, article_id, decision, now)

    monkeypatch.setattr(stories, "record", record)


def test_a_failing_article_leaves_no_trace_and_the_batch_goes_on(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_record_for(monkeypatch, B, RuntimeError("disk full"))
    crawl = Crawl(db)
    crawl.feed(article(A, STORY, None))
    with pytest.raises(RuntimeError):
        crawl.feed(article(B, OTHER, None))  # its row was written before record() failed
    crawl.feed(article("http://c.example/3", OTHER_2, None))
    crawl.close()
    assert _urls(db) == sorted([A, "http://c.example/3"])
    assert {r["article_id"] for r in rows(db, "SELECT article_id FROM minhash_signatures")} == {r["id"] for r in rows(db)}


def test_dedupe_sees_the_open_batch(db: Path) -> None:
    crawl = Crawl(db)
    crawl.feed(article(A, STORY, "2017-10-20T09:30:00+03:00"))
    crawl.feed(article(B, REPUBLISHED, None, source="outlet-b.example"))  # same batch, not committed yet
    crawl.close()
    stored = by_url(db)
    assert stored[B]["duplicate_of"] == stored[A]["id"]


@pytest.mark.parametrize(("items", "seconds"), [(0, 2.0), (50, -1.0)])
def test_bad_commit_settings_are_refused(db: Path, items: int, seconds: float) -> None:
    with pytest.raises(ValueError, match="NEWS_COMMIT"):
        StorePipeline(Store(db), commit_items=items, commit_seconds=seconds)


class RefusingCommits:
    """A connection whose commits fail, as on a full disk."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __getattr__(self, name: str) -> object:
        return getattr(self._conn, name)

    def commit(self) -> None:
        raise sqlite3.OperationalError("database or disk is full")


def test_a_refused_commit_rolls_the_batch_back_and_fails_the_crawl(db: Path, caplog: pytest.LogCaptureFixture) -> None:
    stats = StatsCollector(get_crawler())
    crawl = Crawl(db)
    crawl.store.stats = stats
    crawl.feed(article(A, STORY, None))  # committed normally: stays
    crawl.store.commit()
    real = crawl.store.store.conn
    crawl.store.store.conn = RefusingCommits(real)
    crawl.feed(article(B, OTHER, None, source="outlet-b.example"))
    crawl.feed(article("http://c.example/3", OTHER_2, None))
    crawl.store.commit()
    crawl.store.store.conn = real
    crawl.close()
    assert _urls(db) == [A]
    assert stats.get_value("news/errors/store_commit") == 2
    assert stats.get_value("news/exit_code") == 3
    assert "could not commit 2 stored articles" in caplog.text


def test_an_error_that_ends_the_transaction_loses_the_batch_loudly(
    db: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # as SQLITE_FULL does: SQLite itself rolls the transaction back
    fail_record_for(monkeypatch, B, sqlite3.OperationalError("database or disk is full"), end_transaction=True)
    stats = StatsCollector(get_crawler())
    crawl = Crawl(db)
    crawl.store.stats = stats
    crawl.feed(article(A, STORY, None))  # in the batch that will be lost
    with pytest.raises(sqlite3.OperationalError, match="disk is full"):
        crawl.feed(article(B, OTHER, None))  # the original error, not "no such savepoint"
    crawl.feed(article("http://c.example/3", OTHER_2, None))  # a new batch
    crawl.close()
    assert _urls(db) == ["http://c.example/3"]
    assert stats.get_value("news/errors/store_commit") == 1
    assert stats.get_value("news/exit_code") == 3
    assert "could not commit 1 stored articles" in caplog.text
