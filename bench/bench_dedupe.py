"""Dedupe cost per article as the database grows (not run in CI).

    .venv/bin/python -m bench.bench_dedupe                       # 1k, 10k, 100k, 1M
    .venv/bin/python -m bench.bench_dedupe --sizes 1000,10000    # quicker

One database grows through the sizes. At each size it holds that many
articles, each with its 32 LSH buckets (synthetic rows: random bucket keys,
as real ones are hash values of texts that share nothing with the probes).
Then ``--probes / 2`` fresh originals (synthetic Arabic-like text, Zipf word
frequencies) are stored, untimed, and ``--probes`` new articles go through the
real dedupe and store pipelines: half of them lightly edited copies of those
originals (so a candidate is fetched and verified, and a story is linked),
half new texts. Printed per article (milliseconds, wall clock): the dedupe pipeline's
database lookups alone (canonical URL, content hash, LSH buckets and the
verification of the candidates' text), the whole dedupe pipeline (also
normalizing and fingerprinting the text: CPU, independent of the database),
the store step (row, FTS, buckets, story) and the LSH candidates checked;
then the database size and the time the synthetic fill took. Each figure is
the median of three batches (the machine may be shared).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from crawler.dedupe import MAX_CANDIDATES, similar_ids
from crawler.items import ArticleItem
from crawler.storage import Store, connect
from crawler.storage.bulk import (
    fill_connection,
    insert_articles,
    insert_buckets,
    insert_signatures,
    rows_sharing_buckets,
)
from crawler.text.fingerprints import BANDS, NUM_PERM, buckets_of, content_hash, fingerprint, signature
from crawler.text.urls import canonicalize_url
from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
NOW = "2026-11-25T09:00:00+00:00"
REPEATS = 3  # probes are measured in this many batches; the median batch is printed
ZIPF = list(np.cumsum(1 / np.arange(1, 20_001)))


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    return ["".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 8))) for _ in range(size)]


def text(rng: random.Random, words: list[str], n: int) -> str:
    """Paragraphs of Zipf-distributed words (rank r drawn with weight 1/r, so
    the commonest word is ~10% of a text, like "في" in Arabic news)."""
    picks = rng.choices(words, cum_weights=ZIPF[: len(words)], k=n)
    return "\n\n".join(" ".join(picks[i : i + 40]) + "." for i in range(0, n, 40))


def edited(rng: random.Random, words: list[str], body: str) -> str:
    """A light edit: three words replaced and a sentence added."""
    tokens = body.split(" ")
    for _ in range(3):
        tokens[rng.randrange(len(tokens))] = rng.choice(words)
    return " ".join(tokens) + "\n\n" + " ".join(rng.choice(words) for _ in range(20)) + "."


def item(url: str, body: str, source: str) -> ArticleItem:
    return ArticleItem(url=url, source=source, html="", fetched_at=NOW, title="عنوان", body=body, language="ar")


def fill(path: Path, start: int, stop: int, seed: int) -> None:
    """Synthetic rows ``start..stop-1`` with random buckets, in bulk."""
    conn = fill_connection(path)
    rng = np.random.default_rng(seed + start)
    chunk = 50_000
    for lo in range(start, stop, chunk):
        hi = min(lo + chunk, stop)
        with conn:
            new = insert_articles(
                conn,
                ("url", "canonical_url", "source", "body", "fetched_at", "content_hash"),
                [
                    (f"http://filler.example/{i}", f"http://filler.example/{i}", "filler", "x", NOW, f"{i:064x}")
                    for i in range(lo, hi)
                ],
                own_stories=True,
            )
            ids = list(reversed(new))
            buckets = rng.integers(-(2**63), 2**63 - 1, size=(len(ids), BANDS), dtype=np.int64)
            pairs = sorted((int(b), i) for i, row in zip(ids, buckets.tolist(), strict=True) for b in row)
            insert_buckets(conn, pairs)
            values = rng.integers(0, 2**32, size=(len(ids), NUM_PERM), dtype=np.uint32)
            insert_signatures(conn, list(zip(ids, values, strict=True)))
    conn.close()


def lookups(store: Store, probe: ArticleItem, threshold: float) -> tuple[float, int]:
    """Time of the dedupe pipeline's database lookups alone (fingerprint and
    signature computed beforehand), and the LSH candidates they checked."""
    digest, hashes = content_hash(probe.body), fingerprint(probe.body)
    values = signature(hashes)
    buckets = buckets_of(values)
    canonical = canonicalize_url(probe.url)
    t0 = time.perf_counter()
    store.stored_article(canonical)
    store.same_text(digest, None, MAX_CANDIDATES)
    similar_ids(store, hashes, values, tuple(buckets), threshold)
    elapsed = time.perf_counter() - t0
    return elapsed, rows_sharing_buckets(store.conn, buckets)


def measure(path: Path, probes: list[ArticleItem]) -> tuple[float, float, float, float]:
    """Per article: (index lookups ms, dedupe pipeline ms, store ms, LSH candidates)."""
    shared = Store(path)
    dedupe, store = DedupePipeline(shared), StorePipeline(shared)
    dedupe.open_spider()
    store.open_spider()
    sql = pipeline = write = 0.0
    candidates = 0
    for probe in probes:
        elapsed, found = lookups(shared, probe, dedupe.threshold)
        sql += elapsed
        candidates += found
        t0 = time.perf_counter()
        dedupe.process_item(probe)
        t1 = time.perf_counter()
        store.process_item(probe)
        write += time.perf_counter() - t1
        pipeline += t1 - t0
    dedupe.close_spider()
    store.close_spider()
    n = len(probes) / 1000
    return sql / n, pipeline / n, write / n, candidates / len(probes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--probes", type=int, default=200)
    parser.add_argument("--dir", default=None, help="where to build the database (default: a temp dir)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(7)
    words = vocabulary(rng)
    workdir = Path(args.dir or tempfile.mkdtemp(prefix="bench_dedupe_"))
    path = workdir / "bench.db"
    path.unlink(missing_ok=True)
    connect(path).conn.close()

    stored = 0
    print(f"database: {path}")
    print(
        "| signatures stored | index lookups ms | dedupe pipeline ms | store + story ms "
        "| LSH candidates | database MB | fill s |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for round_, size in enumerate(sizes):
        t0 = time.perf_counter()
        fill(path, stored, size, seed=round_)
        filled = time.perf_counter() - t0
        stored = max(stored, size)
        originals = [
            item(f"http://a.example/{size}/{i}", text(rng, words, rng.randint(250, 450)), "a")
            for i in range(args.probes // 2)
        ]
        measure(path, originals)  # stored, untimed: each copy below has exactly one original
        probes = []
        for i, original in enumerate(originals):
            probes.append(item(f"http://b.example/{size}/{i}", edited(rng, words, original.body), "b"))
            probes.append(item(f"http://c.example/{size}/{i}", text(rng, words, rng.randint(250, 450)), "c"))
        batches = [measure(path, probes[i::REPEATS]) for i in range(REPEATS)]
        sql, pipeline, write, candidates = (statistics.median(column) for column in zip(*batches, strict=True))
        stored += len(originals) + len(probes)
        mb = sum(p.stat().st_size for p in workdir.glob("bench.db*")) / 1e6
        print(
            f"| {size:,} | {sql:.2f} | {pipeline:.2f} | {write:.2f} | {candidates:.1f} | {mb:,.0f} | {filled:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
