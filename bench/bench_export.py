"""Benchmark of ``python -m crawler.export``: time and peak memory as the database grows.

    .venv/bin/python -m bench.bench_export [--rows 2000 20000] [--keep DIR]

Builds synthetic databases (Arabic bodies of ~3 KB) and exports each one to a
file, in a child process. Prints rows, database size, seconds, rows/s and the
child's peak RSS: a streaming export keeps the peak flat as rows grow.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from crawler.storage import connect
from crawler.storage.bulk import insert_articles
from crawler.text.arabic import search_key

PARAGRAPH = "قالت مصادر محلية في الرقة إن فرق الدفاع المدني واصلت رفع الأنقاض من أحياء المدينة الشرقية. "
BODY = "\n\n".join(PARAGRAPH * 8 for _ in range(4))


def build(path: Path, count: int) -> None:
    conn = connect(path).conn
    key = search_key(BODY)
    columns = (
        "url",
        "canonical_url",
        "source",
        "title",
        "body",
        "published_at",
        "fetched_at",
        "content_hash",
        "search_text",
    )
    with conn:
        insert_articles(
            conn,
            columns,
            (
                (
                    f"https://bench.example/{i}",
                    f"https://bench.example/{i}",
                    "bench",
                    f"خبر رقم {i} من الرقة",
                    BODY,
                    f"2024-01-{1 + i % 28:02d}T10:00:00+03:00",
                    "2024-01-01T00:00:00+00:00",
                    f"hash{i}",
                    key,
                )
                for i in range(count)
            ),
        )
    conn.close()


def peak_rss_kib(command: list[str]) -> tuple[float, int]:
    """Run ``command`` in a fresh process; its wall time and peak RSS (KiB, Linux)."""
    script = (
        "import resource, subprocess, sys, time; t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, stderr=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", script, *command], check=True, capture_output=True, text=True)
    seconds, rss = out.stdout.split()
    return float(seconds), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--keep", type=Path, help="build the databases in this folder and keep them")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"{'rows':>8} {'db MB':>8} {'csv MB':>8} {'seconds':>8} {'rows/s':>9} {'peak RSS MB':>12}")
    for count in args.rows:
        path = folder / f"bench-{count}.db"
        if not path.exists():
            build(path, count)
        out = folder / f"bench-{count}.csv"
        seconds, rss = peak_rss_kib([sys.executable, "-m", "crawler.export", "--db", str(path), "-o", str(out)])
        print(
            f"{count:>8} {path.stat().st_size / 1e6:>8.1f} {out.stat().st_size / 1e6:>8.1f} {seconds:>8.2f}"
            f" {count / seconds:>9.0f} {rss / 1024:>12.1f}"
        )
        out.unlink()
        if not args.keep:
            path.unlink()
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if not args.keep:
        os.rmdir(folder)


if __name__ == "__main__":
    main()
