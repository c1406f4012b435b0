"""Build a large, realistic news database for the Datasette benchmark.

    python -m bench.build_db --articles 100000 --out /tmp/news-100k.db [--seed 1]

The schema comes from the project's own migrations (:func:`crawler.storage.connect`),
the rows from the storage package's bulk path (:mod:`crawler.storage.bulk`:
the schema's triggers fill the full-text index and ``story_stats``), the
values from the functions the crawler uses: text cleaning, content hash,
MinHash signature, LSH buckets, search text, ``body_html`` packing
(:mod:`crawler.storage.articles`), revisions (:func:`crawler.dedupe.revision_of`,
:func:`crawler.storage.stories.save_revision`), enrichment
(:func:`crawler.enrich.enrich`, :func:`crawler.storage.enrichment.write`). So
every column, index and side table is filled the way a crawl fills it; each
article also gets a capture (an archive address; no WARC file is written).

The corpus: ~20 sources, ~15 sections, five years of publication times
(ending at :data:`NEWEST`), bodies of 300–1,500 words built from the
synthetic site's sentence material (:mod:`tools.synthetic.words`, through
:func:`bench.site.sentence`), a quarter of the articles carried by several
outlets (near-copies in one story), ~1% revised once, and a year of hourly
``crawl_runs`` (a few sources failing or silent lately). Everything is a pure
function of ``--seed``: the same seed builds the same database.

Enrichment (places, events, casualties, actors) costs ~8 ms an article, most of
the build; ``--enrich-share 0.2`` enriches one article in five (picked by the
seed) for a quicker large build. The build writes in bulk transactions with the
journal in memory; the result is an ordinary WAL database like the crawler's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import random
import sys
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from bench.site import fill, sentence
from crawler.dedupe import revision_of
from crawler.enrich import enrich, rules_version
from crawler.enrich.stored import to_rows
from crawler.storage import StoredArticle, bulk, connect, enrichment, stories
from crawler.storage.articles import pack_body_html, search_text
from crawler.text.arabic import clean_text, normalize
from crawler.text.fingerprints import buckets_of, content_hash, fingerprint, signature
from tools.synthetic import words as w

NEWEST = datetime(2026, 11, 30, 21, 0, tzinfo=UTC)
YEARS = 5
BATCH = 2000
WORKERS = 2  # processes rendering articles (normalizing and fingerprinting is the cost)
SOURCES = (
    "sana", "enab-baladi", "syria-tv", "halab-today", "al-watan", "tishreen", "thawra", "al-baath",
    "snhr", "step-news", "north-press", "deir-ezzor-24", "raqqa-post", "horrya", "zaman-alwsl",
    "aljumhuriya", "syria-direct", "al-modon", "hawar", "sham-network",
)  # fmt: skip
OFFSETS = {name: (3 if i % 4 else 2 if i % 8 else 0) for i, name in enumerate(SOURCES)}  # printed UTC offsets
EXTRA_SECTIONS = ("سياسة", "محليات", "عربي ودولي", "رياضة", "ثقافة", "منوعات", "حوادث")
SECTIONS = tuple(name for _, name in w.SECTIONS) + EXTRA_SECTIONS
COPY_SHARE = 0.25  # articles that are another outlet's story, slightly edited
REVISED_SHARE = 0.01
RARE_NAME, RARE_EVERY = "كفرنبودة", 5000
SILENT_SOURCE, FAILING_SOURCE = SOURCES[-1], SOURCES[-2]  # what the front page must flag
RUN_COLUMNS = (
    "run_id", "source", "started_at", "ended_at", "finish_reason", "status", "pages_fetched", "not_modified",
    "known_skipped", "articles_stored", "duplicates", "dropped", "errors", "retry_needed", "with_date",
    "with_author", "with_section", "cut",
)  # fmt: skip


ARTICLE_COLUMNS = (
    "url", "canonical_url", "source", "title", "subtitle", "body", "body_html", "section", "tags", "author",
    "published_at", "published_raw", "fetched_at", "language", "content_hash", "duplicate_of",
)  # fmt: skip
CAPTURE_COLUMNS = (
    "id", "url", "source", "fetched_at", "archive_file", "archive_offset", "archive_length", "record_id",
    "payload_sha256", "article_id",
)  # fmt: skip
POOL = 50_000  # sentences drawn once; bodies are built from them (rendering every sentence anew is slow)


def paragraphs(rng: random.Random, pool: list[str]) -> list[str]:
    """300–1,500 words in paragraphs of 2–5 sentences."""
    target = rng.randint(300, 1500)
    out: list[str] = []
    count = 0
    while count < target:
        para = " ".join(pool[rng.randrange(POOL)] for _ in range(rng.randint(2, 5)))
        out.append(para)
        count += para.count(" ") + 1
    return out


def to_html(paras: list[str]) -> str:
    """The sanitized-HTML rendering the extractor writes: paragraphs, now and
    then a subheading and a quote."""
    out = []
    for i, para in enumerate(paras):
        if i and i % 6 == 0:
            out.append(f"<h2>{para.split('،')[0][:60]}</h2>")
        out.append(f"<blockquote><p>{para}</p></blockquote>" if i % 9 == 4 else f"<p>{para}</p>")
    return "".join(out)


def iso(moment: datetime, hours: int) -> str:
    return moment.astimezone(timezone(timedelta(hours=hours))).isoformat(timespec="seconds")


class Builder:
    """Every article is a pure function of (seed, index), so a pool of
    processes can render them in any order and the result stays the same."""

    def __init__(self, n: int, seed: int, enrich_share: float = 1.0) -> None:
        self.n = n
        self.seed = seed
        self.enrich_share = enrich_share
        self.version = rules_version()
        self.rng = random.Random(seed)
        self.span = timedelta(days=365 * YEARS)
        self.pool = [sentence(self.rng) for _ in range(POOL)]

    def _rng(self, i: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + i)

    def _original(self, i: int) -> tuple[int, random.Random, bool]:
        """The article whose story ``i`` carries (itself, or an earlier
        original), the rng positioned after that choice, and whether ``i`` is a copy."""
        rng = self._rng(i)
        copy = i > 0 and rng.random() < COPY_SHARE
        back = rng.randint(1, 300)
        if not copy:
            return i, rng, False
        j = max(0, i - back)
        while True:  # follow copies back to their original
            jrng = self._rng(j)
            if not (j > 0 and jrng.random() < COPY_SHARE):
                return j, rng, True
            j = max(0, j - jrng.randint(1, 300))

    def _text(self, i: int) -> tuple[list[str], str, str]:
        """(paragraphs, title, source) of an original article."""
        rng = random.Random(self.seed * 7_000_001 + i)
        return paragraphs(rng, self.pool), fill(rng.choice(w.EVENTS), rng), SOURCES[rng.randrange(len(SOURCES))]

    def article(self, i: int) -> dict[str, Any]:
        original, rng, copy = self._original(i)
        paras, title, source = self._text(original)
        if copy:
            source = SOURCES[(SOURCES.index(source) + rng.randint(1, len(SOURCES) - 1)) % len(SOURCES)]
            paras = list(paras)
            paras[rng.randrange(len(paras))] = " ".join(sentence(rng) for _ in range(2))  # the outlet's own edit
            if rng.random() < 0.5:
                title = fill(rng.choice(w.EVENTS), rng)
        published = NEWEST - self.span + self.span * ((i + rng.random()) / self.n)  # a fraction: span * i overflows past ~500k
        subtitle = fill(rng.choice(w.EVENTS), rng) if rng.random() < 0.6 else None
        if i % RARE_EVERY == RARE_EVERY // 2:  # a village few articles name, for the search benchmark
            paras = [*paras[:-1], f"{paras[-1]} وفي {RARE_NAME} عادت الحياة إلى طبيعتها."]
        body = clean_text("\n\n".join(paras))
        slug = f"{w.SLUG_WORDS[i % len(w.SLUG_WORDS)]}-{i}"
        url = f"https://{source}.example/{published:%Y/%m/%d}/{slug}"
        dated = rng.random() > 0.03
        offset = OFFSETS[source]
        row = {
            "url": url,
            "canonical_url": url,
            "source": source,
            "title": clean_text(title),
            "subtitle": clean_text(subtitle) if subtitle else None,
            "body": body,
            "body_html": None,  # below: packed against the body, as the store writes it
            "section": rng.choice(SECTIONS) if rng.random() > 0.1 else None,
            "tags": json.dumps(rng.sample(w.TAGS, rng.randint(1, 4)), ensure_ascii=False)
            if rng.random() < 0.7
            else None,
            "author": rng.choice(w.AUTHORS) if rng.random() < 0.6 else None,
            "published_at": iso(published, offset) if dated else None,
            "published_raw": iso(published, offset) if dated else None,
            "fetched_at": iso(published + timedelta(minutes=rng.randint(5, 90)), 0).replace("+00:00", "Z"),
            "language": "ar",
            "duplicate_of": original + 1 if copy else None,
        }
        row["body_html"] = pack_body_html(to_html(paras), body)
        key = normalize(body)
        row["content_hash"] = content_hash(body, normalized=key)
        row["search_text"] = search_text(row["title"], row["subtitle"], body, key)
        row["id"] = i + 1
        row["story_id"] = original + 1
        row["signature"] = values = signature(fingerprint(body, normalized=key))
        row["buckets"] = buckets_of(values)
        if rng.random() < REVISED_SHARE:
            old = list(paras)
            old[0] = " ".join(sentence(rng) for _ in range(2))
            row["old_body"] = clean_text("\n\n".join(old))
        if rng.random() < self.enrich_share:
            row["enrichment"] = to_rows(enrich(row["title"], body, row["published_at"]), self.version)
        return row

    def write_batch(self, conn: Any, batch: list[dict[str, Any]]) -> None:
        bulk.remember_search_texts(conn, [(r["title"], r["subtitle"], r["body"], r["search_text"]) for r in batch])
        columns = ("id", *ARTICLE_COLUMNS, "story_id", "capture_id")
        bulk.insert_captures(
            conn,
            CAPTURE_COLUMNS,
            [
                (r["id"], r["url"], r["source"], r["fetched_at"], f"news-{r['fetched_at'][:10]}.warc.gz",
                 (r["id"] % 500) * 40_000, 39_000, f"<urn:uuid:{self.seed:08x}-0000-4000-8000-{r['id']:012x}>",
                 r["content_hash"], r["id"])
                for r in batch
            ],
        )  # fmt: skip
        bulk.insert_articles(
            conn, columns, [[r["id"], *(r[c] for c in ARTICLE_COLUMNS), r["story_id"], r["id"]] for r in batch]
        )
        bulk.insert_signatures(conn, [(r["id"], r["signature"]) for r in batch])
        bulk.insert_buckets(conn, sorted((b, r["id"]) for r in batch for b in r["buckets"]))
        for r in batch:
            if old_body := r.get("old_body"):
                previous = StoredArticle(
                    r["id"], r["url"], content_hash(old_body), r["source"], r["title"], old_body, r["fetched_at"], None
                )
                revision = revision_of(previous, r["body"], r["content_hash"])
                if revision is not None:
                    stories.save_revision(conn, revision, r["fetched_at"])
            if (rows := r.get("enrichment")) is not None:
                enrichment.write(conn, r["id"], rows, r["fetched_at"])

    def crawl_runs(self, conn: Any) -> int:
        """A year of hourly runs, one row per run and source."""
        rng = self.rng
        start = NEWEST - timedelta(days=365)
        rows = []
        for hour in range(365 * 24):
            began = start + timedelta(hours=hour)
            run_id = f"{began:%Y%m%dT%H%M}-{hour:05d}"
            for source in SOURCES:
                if source == SILENT_SOURCE and began > NEWEST - timedelta(days=3):
                    continue
                failing = source == FAILING_SOURCE and began > NEWEST - timedelta(days=1)
                status = "failed" if failing or rng.random() < 0.01 else "empty" if rng.random() < 0.03 else "ok"
                pages = 0 if status == "failed" else rng.randint(3, 40)
                stored = rng.randint(0, 6) if status == "ok" else 0
                rows.append(
                    (
                        run_id, source, iso(began, 0), iso(began + timedelta(seconds=rng.randint(20, 600)), 0),
                        "finished", status, pages, rng.randint(0, pages), rng.randint(0, 10), stored,
                        rng.randint(0, 2), rng.randint(0, 1), 0 if status == "ok" else rng.randint(1, 5), 0,
                        stored, rng.randint(0, stored), rng.randint(0, stored), 0,
                    )
                )  # fmt: skip
        bulk.insert_crawl_runs(conn, RUN_COLUMNS, rows)
        bulk.insert_fetch_state(
            conn,
            ("url", "source", "etag", "last_modified", "lastmod", "checked_at"),
            [
                (f"https://{s}.example/{kind}", s, f'"{s}-{kind}"', None, None, iso(NEWEST, 0))
                for s in SOURCES
                for kind in ("feed.xml", "sitemap.xml")
            ],
        )
        return len(rows)


_BUILDER: Builder | None = None


def _adopt(builder: Builder) -> None:
    global _BUILDER
    _BUILDER = builder


def _article(i: int) -> dict[str, Any]:
    assert _BUILDER is not None
    return _BUILDER.article(i)


def build(n: int, out: Path, seed: int = 1, enrich_share: float = 1.0, progress: bool = True) -> None:
    if out.exists():
        raise SystemExit(f"{out} exists; choose a new path")
    connect(out).conn.close()  # the schema, by the project's migrations
    conn = bulk.fill_connection(out)
    conn.execute("PRAGMA journal_mode = MEMORY")  # OFF once left a 100k build with a malformed FTS index
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA cache_size = -200000")
    builder = Builder(n, seed, enrich_share)
    started = time.monotonic()
    batch: list[dict[str, Any]] = []
    conn.execute("BEGIN")
    pool = multiprocessing.get_context("fork").Pool(WORKERS, initializer=_adopt, initargs=(builder,))
    for i, row in enumerate(pool.imap(_article, range(n), chunksize=100)):
        batch.append(row)
        if len(batch) == BATCH or i == n - 1:
            builder.write_batch(conn, batch)
            batch = []
            if (i + 1) % 20000 == 0 or i == n - 1:
                conn.execute("COMMIT")
                conn.execute("BEGIN")
                if progress:
                    rate = (i + 1) / (time.monotonic() - started)
                    print(f"{i + 1} articles, {rate:.0f}/s", file=sys.stderr, flush=True)
    pool.close()
    pool.join()
    runs = builder.crawl_runs(conn)
    conn.execute("COMMIT")
    bulk.finish_fill(conn)
    conn.close()
    size = out.stat().st_size
    print(
        f"{out}: {n} articles, {runs} crawl_runs, {size / 1e6:.0f} MB, {size / n / 1000:.1f} kB/article, "
        f"{time.monotonic() - started:.0f} s",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--enrich-share", type=float, default=1.0, help="share of articles enriched (default: all)")
    args = parser.parse_args(argv)
    if args.articles < 1:
        parser.error("--articles must be >= 1")
    if not 0 <= args.enrich_share <= 1:
        parser.error("--enrich-share must be between 0 and 1")
    build(args.articles, args.out, args.seed, args.enrich_share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
