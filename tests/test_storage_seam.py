"""The storage seam: SQL only in crawler/storage/, one Store per crawl shared
by dedupe and store, and dedupe's rules decided without a database."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.test import get_crawler

from crawler.dedupe import ESTIMATE_MARGIN, Rejected, decide, similar_ids
from crawler.items import ArticleItem
from crawler.storage import Store, StoredArticle, connect
from crawler.storage.bulk import insert_articles
from crawler.text.arabic import normalize
from crawler.text.fingerprints import buckets_of, content_hash, estimated_similarity, fingerprint, signature, similarity
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from tests.support.dedupe_pages import EDITED, STORY
from tests.support.paths import ROOT

# SQL statements (written upper case in this project: "select ... from" is
# also English prose) and any call that runs SQL on a connection; Datasette's
# own ``ds.execute`` runs what the storage package built
SQL = re.compile(
    r"\b(SELECT\b[^\n]*\bFROM|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX|VIEW|TRIGGER)"
    r"|ALTER\s+TABLE|PRAGMA\s+\w+|SAVEPOINT|BEGIN\s+IMMEDIATE)\b|(?<!\bds)\.execute(many)?\("
)
CODE = ("crawler", "pipelines", "datasette/plugins")


def sql_outside_storage() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative.startswith("crawler/storage/"):
                continue
            lines = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if SQL.search(line)]
            if lines:
                found[relative] = lines
    return found


def test_no_sql_outside_the_storage_package() -> None:
    assert sql_outside_storage() == {}


def test_the_sql_detector_sees_sql() -> None:
    samples = [
        'db.execute("SELECT id FROM articles")',
        "conn.executemany(sql, rows)",
        '"INSERT OR IGNORE INTO minhash_buckets (bucket) VALUES (?)"',
        '"UPDATE crawl_runs SET status = ?"',
        "PRAGMA user_version",
        "cursor.execute(query)",
    ]
    assert all(SQL.search(sample) for sample in samples)
    assert not SQL.search("# select the articles to update from the feed")
    assert not SQL.search("rows = await self.ds.execute(self.database, sql)")


def test_dedupe_and_store_of_one_crawl_share_one_store(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"NEWS_DB": str(tmp_path / "news.db")})
    dedupe, store = DedupePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    assert dedupe.store is store.store
    other = get_crawler(settings_dict={"NEWS_DB": str(tmp_path / "news.db")})
    assert DedupePipeline.from_crawler(other).store is not store.store  # per crawl, not per process
    dedupe.open_spider()
    store.open_spider()
    connection = store.store.conn
    dedupe.close_spider()
    assert store.store.conn is connection  # the last user closes it
    store.close_spider()
    assert store.store.conn is None


# --- the rules, on stored rows given by hand ---------------------------------

A = "http://outlet-a.example/2017/10/20/aleppo-power.html"
BODY = "\n\n".join(STORY)


class Rows:
    """The read queries dedupe asks, answered from a list (no database)."""

    def __init__(self, *rows: StoredArticle) -> None:
        self.rows = rows

    def stored_article(self, canonical_url: str) -> StoredArticle | None:
        return next((r for r in self.rows if r.url == canonical_url), None)

    def same_text(self, digest: str, exclude: int | None, limit: int) -> list[tuple[int, str]]:
        return [(r.id, r.source) for r in self.rows if r.content_hash == digest and r.id != exclude][:limit]

    def similar_candidates(self, buckets: Any, exclude: int | None, limit: int) -> list[tuple[int, Any]]:
        return []

    def stored_bodies(self, ids: list[int]) -> list[tuple[int, str]]:
        return [(r.id, r.body) for r in self.rows if r.id in ids]


def stored(url: str = A, body: str = BODY, source: str = "a", row_id: int = 7) -> StoredArticle:
    return StoredArticle(row_id, url, content_hash(body), source, "عنوان", body, "2026-01-01T00:00:00+00:00", None)


def item(url: str = A, paras: list[str] = STORY, source: str = "a") -> ArticleItem:
    return ArticleItem(url=url, source=source, html="", fetched_at="2026-01-02T00:00:00+00:00", body="\n\n".join(paras))


def test_a_new_article_is_new() -> None:
    decision = decide(item(), Rows(), 0.5)
    assert decision.kind == "new"
    assert decision.body_key == normalize(BODY)
    assert len(decision.buckets) == 32


@pytest.mark.parametrize(
    ("article", "rows", "reason"),
    [
        (item(A + "?utm_source=x"), Rows(stored()), "unchanged"),
        (item(A.replace(".html", ".amp.html"), EDITED), Rows(stored()), "amp"),  # its canonical page is stored
        (item("http://outlet-a.example/?p=9"), Rows(stored()), "duplicate"),
    ],
)
def test_rejections(article: ArticleItem, rows: Rows, reason: str) -> None:
    with pytest.raises(Rejected) as rejected:
        decide(article, rows, 0.5)
    assert rejected.value.reason == reason


def test_another_outlets_copy_joins_the_story() -> None:
    decision = decide(item("http://outlet-b.example/1", source="b"), Rows(stored()), 0.5)
    assert decision.kind == "same story"
    assert decision.matches == (7,)


def test_new_text_at_a_stored_url_is_a_revision_keeping_the_old_text() -> None:
    decision = decide(item(paras=EDITED), Rows(stored()), 0.5)
    assert decision.kind == "revision"
    assert decision.replaces == stored()
    revision = decision.revision
    assert revision is not None
    assert (revision.article_id, revision.old_body, revision.old_hash) == (7, BODY, content_hash(BODY))
    assert "-" + STORY[3] in revision.diff and "+" + EDITED[3] in revision.diff


def test_the_canonical_page_replaces_an_amp_row_without_a_revision() -> None:
    amp = A.replace("/2017/", "/amp/2017/")
    article = item(paras=EDITED)
    article.canonical_url = amp  # the stored row was fetched (and canonicalized) from the AMP URL
    decision = decide(article, Rows(stored(amp)), 0.5)
    assert decision.kind == "revision"
    assert decision.revision is None


class Candidates(Rows):
    """Rows that all share an LSH bucket with the probe; records which bodies were read."""

    def __init__(self, *rows: StoredArticle) -> None:
        super().__init__(*rows)
        self.read: list[int] = []

    def similar_candidates(self, buckets: Any, exclude: int | None, limit: int) -> list[tuple[int, Any]]:
        return [(r.id, signature(fingerprint(r.body))) for r in self.rows if r.id != exclude][:limit]

    def stored_bodies(self, ids: list[int]) -> list[tuple[int, str]]:
        self.read += ids
        return super().stored_bodies(ids)


def words(start: int, count: int) -> list[str]:
    letters = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
    return [letters[i % 28] + letters[i // 28 % 28] + letters[i // 784 % 28] + "ة" for i in range(start, start + count)]


def test_a_candidate_is_read_only_when_its_estimate_is_near_the_threshold() -> None:
    probe = words(0, 600)
    copy = " ".join(probe[:590] + words(5000, 10))  # clearly the same text
    half = " ".join(probe[:400] + words(6000, 200))  # about half of the shingles in common
    other = " ".join(words(7000, 600))
    text = " ".join(probe)
    hashes = fingerprint(text)
    values = signature(hashes)
    rows = Candidates(stored(body=copy, row_id=1), stored(body=half, row_id=2), stored(body=other, row_id=3))
    exact = similarity(hashes, fingerprint(half))
    # the premise: only the second candidate's estimate falls within the margin of the threshold
    assert abs(estimated_similarity(values, signature(fingerprint(half))) - exact) < ESTIMATE_MARGIN
    assert estimated_similarity(values, signature(fingerprint(copy))) >= exact + ESTIMATE_MARGIN
    assert estimated_similarity(values, signature(fingerprint(other))) < exact - ESTIMATE_MARGIN
    buckets = tuple(buckets_of(values))

    assert similar_ids(rows, hashes, values, buckets, exact) == [1, 2]  # the exact figure decides: at the threshold
    assert rows.read == [2]
    assert similar_ids(rows, hashes, values, buckets, exact + 0.001) == [1]  # just above it
    assert rows.read == [2, 2]
    # at 0.9 the copy is the one near the threshold, and the half is clearly under it
    assert similar_ids(rows, hashes, values, buckets, 0.9) == [1]
    assert rows.read == [2, 2, 1]


def test_a_store_is_reopened_after_its_last_user_closed(tmp_path: Path) -> None:
    store = Store(tmp_path / "news.db")
    store.open()
    store.close()
    store.open()
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] > 0
    store.close()


def test_bulk_fill_returns_the_new_ids_and_refuses_unknown_columns(tmp_path: Path) -> None:
    conn = connect(tmp_path / "news.db").conn
    columns = ("url", "canonical_url", "source", "body", "fetched_at", "content_hash")
    rows = [(f"http://x/{n}", f"http://x/{n}", "s", "b", "2024-01-01T00:00:00+00:00", f"h{n}") for n in range(3)]
    with conn:
        first = insert_articles(conn, columns, rows[:1])
        rest = insert_articles(conn, columns, rows[1:], own_stories=True)
    assert (list(first), list(rest)) == ([1], [2, 3])
    stories = dict(conn.execute("SELECT id, story_id FROM articles").fetchall())
    assert stories == {1: None, 2: 2, 3: 3}
    with pytest.raises(ValueError, match="not columns of articles: nope"):
        insert_articles(conn, ("url", "nope"), [])
    conn.close()
