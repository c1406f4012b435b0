"""Bytes and time per article of the raw-page archive.

    python -m bench.archive_size [--articles 1000]

Writes the bench site's article pages and the real Arabic corpus pages
(../shared/corpus/arabic) through the crawler's own archive writer, with
the headers a server sends, and prints the compressed bytes per article and
the writer's CPU milliseconds per article. A figure to print, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.site import Site
from crawler.archive.writer import ArchiveWriter, Fetch

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "arabic"
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Server", "nginx"),
    ("Date", "Mon, 01 Dec 2025 08:00:00 GMT"),
    ("Cache-Control", "max-age=300"),
    ("Content-Encoding", "gzip"),
]


def measure(pages: list[tuple[str, bytes]]) -> dict[str, float]:
    """Archive ``pages`` (url, body) into a fresh folder; sizes and timings."""
    with tempfile.TemporaryDirectory() as folder:
        writer = ArchiveWriter(folder)
        cpu: list[float] = []
        for url, body in pages:
            fetch = Fetch(url=url, fetched_at=datetime.now(UTC), status=200, response_headers=HEADERS, body=body)
            start = time.process_time()
            writer.write(fetch)
            cpu.append((time.process_time() - start) * 1000)
        writer.close()
        archived = sum(path.stat().st_size for path in Path(folder).iterdir())
    raw = sum(len(body) for _, body in pages)
    return {
        "pages": len(pages),
        "raw_kb": raw / len(pages) / 1024,
        "archived_kb": archived / len(pages) / 1024,
        "ms_median": statistics.median(cpu),
        "ms_p95": sorted(cpu)[int(len(cpu) * 0.95) - 1] if len(cpu) > 1 else cpu[0],
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="bench-site articles to archive")
    args = parser.parse_args(argv)
    site = Site(args.articles)
    sets = {
        f"bench site ({args.articles} articles)": [
            (site.base + site.head(i).url, site.article(i).encode("utf-8")) for i in range(args.articles)
        ],
    }
    if CORPUS.is_dir():
        sets["arabic corpus (real pages)"] = [
            (f"https://example.org/{path.stem}", path.read_bytes()) for path in sorted(CORPUS.glob("*.html"))
        ]
    print("| pages | n | page KB (raw) | archived KB per article (gzip, request + response) | write ms median | p95 |")
    print("|---|---|---|---|---|---|")
    for name, pages in sets.items():
        m = measure(pages)
        print(
            f"| {name} | {m['pages']:.0f} | {m['raw_kb']:.1f} | {m['archived_kb']:.1f} "
            f"| {m['ms_median']:.2f} | {m['ms_p95']:.2f} |"
        )


if __name__ == "__main__":
    main()
