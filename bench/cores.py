"""How much two CPU-bound processes get done at once, against one alone.

    .venv/bin/python -m bench.cores            # 7 rounds
    .venv/bin/python -m bench.cores --rounds 15

Two crawl nodes (or a node and the writer) on one machine can only pay if it runs two Python
processes side by side at close to full speed. A virtual machine's "2 CPUs"
may be two hyperthreads of one physical core, or capped by its host; then the
second process mostly slows the first. Each round times one pure-Python loop
alone, then two copies at once, and prints the parallel speed-up: the work done
per second by the pair over that of one process (2.0 = two full cores).
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

LOOP = 6_000_000


def spin(n: int = LOOP) -> float:
    """Seconds for a fixed pure-Python loop (no I/O, no allocation to speak of)."""
    started = time.perf_counter()
    total = 0
    for i in range(n):
        total += i * i
    return time.perf_counter() - started


def speedup(alone: float, pair: list[float]) -> float:
    """Work per second of the pair, in units of one process alone."""
    return sum(alone / seconds for seconds in pair)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.cores", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of alone-then-pair (default 7)")
    args = parser.parse_args(argv)
    ratios = []
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(spin, [1000, 1000]))  # both workers started
        for _ in range(args.rounds):
            alone = pool.submit(spin).result()
            pair = list(pool.map(spin, [LOOP, LOOP]))
            ratios.append(speedup(alone, pair))
            print(f"alone {alone:.2f} s, pair {pair[0]:.2f} s + {pair[1]:.2f} s: {ratios[-1]:.2f}x", flush=True)
    print(f"parallel speed-up of two processes (median of {args.rounds}): {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
