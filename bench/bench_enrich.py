"""Enrichment cost: milliseconds per article (median), on the labelled set.

    python -m bench.bench_enrich [--repeat 20]

Runs :func:`crawler.enrich.enrich` on every article of tests/fixtures/enrich
(written texts and the demo pages, already extracted) ``--repeat`` times
after one warm-up pass (rule files and the gazetteer load once per process),
and prints the median and 90th percentile CPU time per article (process
time: on a shared machine wall-clock time mostly measures the other processes). The
issue's target is <= 3 ms median.
"""

from __future__ import annotations

import argparse
import statistics
import time

from crawler.enrich import enrich
from crawler.enrich.scoring import load_demo, load_written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_enrich", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    written, demo = load_written(), load_demo()
    for name, items in (("written texts", written), ("demo pages", demo), ("all", written + demo)):
        measure(name, items, args.repeat)
    return 0


def measure(name: str, items: list, repeat: int) -> None:
    for item in items:  # warm-up: loads the gazetteer and the rules
        enrich(item.title, item.body, item.published)
    times = []
    for _ in range(repeat):
        for item in items:
            started = time.process_time()
            enrich(item.title, item.body, item.published)
            times.append((time.process_time() - started) * 1000)
    times.sort()
    chars = statistics.median(len(i.title) + len(i.body) for i in items)
    print(
        f"{name}: {len(items)} articles x {repeat}, median {chars:.0f} chars: "
        f"ms/article median {statistics.median(times):.3f}, p90 {times[int(len(times) * 0.9)]:.3f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
