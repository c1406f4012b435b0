"""Run the benchmark and print a markdown report.

    .venv/bin/python -m bench.run                       # N = 1000 (3 runs) and 10000 (1 run)
    .venv/bin/python -m bench.run --sizes 1000 --runs 5
    .venv/bin/python -m bench.run --sizes 1000,10000,100000 --output bench/latest.md

For each N a synthetic site (:mod:`bench.site`) is served on 127.0.0.1 by
:mod:`bench.server` and crawled with the real ``scrapy crawl news`` command:

1. *bare*: ``-s ITEM_PIPELINES={}`` (discovery, download, parse only);
2. *full*: the project's ``ITEM_PIPELINES`` (read from the project settings,
   so it follows whatever pipelines exist), each wrapped by
   :mod:`bench.timing` to time ``process_item``; a fresh database;
3. *recrawl*: the full crawl again on the same database and unchanged site.

Bare and full runs rotate. (Crawl nodes + the writer, the way to use more
cores or machines: :mod:`bench.cluster`.) Peak RSS and CPU come from ``wait4`` on the
crawl process; the server's CPU is read from /proc. With ``--profile`` one
more full crawl of the smallest N runs under py-spy (``bench/requirements.txt``)
and the top functions are reported in ms per article. trafilatura's own
extraction time is measured in-process on pages of the same site after each
N's crawls: the machine's speed at that moment.

Crawl settings the bench changes, for all three modes alike:
``AUTOTHROTTLE_ENABLED=False`` and ``DEPTH_LIMIT=0`` (the site's listings are
deeper than the default limit), plus the bench's own report extension.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.server import ROOT, SiteServer
from bench.site import Site

TARGET_RATIO = 0.70
TARGET_MS = 10.0
SMALL = 2000  # sizes up to this get --runs runs; larger ones --runs-large


@dataclass
class Crawl:
    """One ``scrapy crawl`` and what it measured."""

    mode: str
    n: int
    seconds: float  # the crawl's own elapsed time (engine start to close)
    wall: float  # the whole command, start-up included
    pages: int
    requests: int
    items: int
    stored: int
    dropped: int
    not_modified: int  # 304 responses (conditional requests of an incremental crawl)
    response_mb: float
    rss_mb: float
    cpu: float
    server_cpu: float
    db_mb: float
    pipelines: dict[str, dict[str, list[float]]] = field(default_factory=dict)  # name -> wall/cpu -> ms
    totals: dict[str, list[float]] = field(default_factory=dict)  # wall/cpu -> ms per article

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_page(self) -> float:
        """Crawler process CPU (start-up included) per response."""
        return self.cpu * 1000 / self.pages if self.pages else float("nan")


def project_pipelines() -> dict[str, int]:
    """The project's ITEM_PIPELINES as class paths and priorities, in processing order."""
    from scrapy.utils.conf import build_component_list
    from scrapy.utils.project import get_project_settings

    os.chdir(ROOT)
    settings = get_project_settings()
    priorities = settings.getwithbase("ITEM_PIPELINES")
    pipelines = {}
    for component in build_component_list(priorities):
        path = component if isinstance(component, str) else f"{component.__module__}.{component.__qualname__}"
        pipelines[path] = priorities[component]
    return pipelines


def project_extensions() -> dict[str, Any]:
    from scrapy.utils.project import get_project_settings

    return dict(get_project_settings().getdict("EXTENSIONS"))


def write_sources(workdir: Path, base: str) -> Path:
    path = workdir / "sources.toml"
    path.write_text(
        f'[[sources]]\nname = "bench"\nurl = "{base}"\nfeeds = ["{base}feed.xml"]\nsitemaps = ["{base}sitemap.xml"]\n',
        encoding="utf-8",
    )
    return path


def _db_mb(db: Path) -> float:
    files = [db, db.with_name(db.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 2**20


def crawl(
    mode: str,
    n: int,
    server: SiteServer,
    workdir: Path,
    db: Path,
    pipelines: dict[str, int],
    extra: list[str],
    prefix: tuple[str, ...] = (),
) -> Crawl:
    """Run one crawl in ``mode`` (bare, full, recrawl) and collect its figures.

    ``prefix`` runs the command under another one (py-spy)."""
    report = workdir / f"report-{mode}-{time.monotonic_ns()}.json"
    extensions = {**project_extensions(), "bench.timing.BenchReport": 900}
    settings = {
        "NEWS_SOURCES": str(write_sources(workdir, server.url)),
        "NEWS_DB": str(db),
        "AUTOTHROTTLE_ENABLED": "False",
        "DEPTH_LIMIT": "0",
        "LOG_FILE": str(workdir / f"{mode}.log"),
        "LOG_FILE_APPEND": "False",
        "EXTENSIONS": json.dumps(extensions),
        "BENCH_REPORT": str(report),
    }
    if mode == "bare":
        settings["ITEM_PIPELINES"] = "{}"
    else:
        # each wrapper keeps its pipeline's priority
        timed = {f"bench.timing.TimedPipeline{k}": priority for k, priority in enumerate(pipelines.values())}
        settings["ITEM_PIPELINES"] = json.dumps(timed)
        settings["BENCH_PIPELINES"] = json.dumps(list(pipelines))
    command = [*prefix, sys.executable, "-m", "scrapy", "crawl", "news", "-a", "source=bench"]
    for key, value in settings.items():
        command += ["-s", f"{key}={value}"]
    command += extra
    server_before = server.cpu_seconds()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read() if process.stderr else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0 or not report.exists():
        log = (workdir / f"{mode}.log").read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"{mode} crawl failed ({process.returncode}):\n{stderr[-3000:]}\n{log}")
    data = json.loads(report.read_text(encoding="utf-8"))
    stats = data["stats"]
    return Crawl(
        mode=mode,
        n=n,
        seconds=float(stats.get("elapsed_time_seconds") or data["wall_seconds"]),
        wall=wall,
        pages=int(stats.get("response_received_count", 0)),
        requests=int(stats.get("downloader/request_count", 0)),
        items=int(stats.get("item_scraped_count", 0)),
        stored=int(stats.get("news/stored", 0)),
        dropped=int(stats.get("item_dropped_count", 0)),
        not_modified=int(stats.get("downloader/response_status_count/304", 0)),
        response_mb=int(stats.get("downloader/response_bytes", 0)) / 2**20,
        rss_mb=usage.ru_maxrss / 1024,
        cpu=usage.ru_utime + usage.ru_stime,
        server_cpu=server.cpu_seconds() - server_before,
        db_mb=_db_mb(db) if mode != "bare" else 0.0,
        pipelines={k: _ms(v) for k, v in data["pipelines"].items()},
        totals=_ms(data["totals"]) if data["totals"] else {},
    )


def _ms(samples: dict[str, list[float]]) -> dict[str, list[float]]:
    return {clock: [s * 1000 for s in values] for clock, values in samples.items()}


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- profile ----------------------------------------------------------------


def profile(n: int, server: SiteServer, workdir: Path, pipelines: dict[str, int], extra: list[str], rate: int) -> dict:
    """One full crawl under py-spy; returns per-function samples (inclusive and self)."""
    local = Path(sys.executable).with_name("py-spy")
    spy = str(local) if local.exists() else shutil.which("py-spy") or str(local)
    if not Path(spy).exists():
        return {"error": "py-spy not installed (pip install -r bench/requirements.txt)"}
    raw = workdir / "profile.txt"
    db = workdir / "profile.db"
    prefix = (spy, "record", "--rate", str(rate), "--format", "raw", "--output", str(raw), "--nonblocking", "--")
    result = crawl("full", n, server, workdir, db, pipelines, extra, prefix)
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        frames = [_frame_name(f) for f in stack.split(";") if f]
        total += samples
        for name in set(frames):
            inclusive[name] += samples
        if frames:
            own[frames[-1]] += samples
    return {"crawl": result, "rate": rate, "total": total, "inclusive": inclusive, "own": own}


def _frame_name(frame: str) -> str:
    """'process_item (pipelines/store.py:99)' -> 'process_item (pipelines/store.py)'."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "/lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.replace(str(ROOT) + "/", "")
    return f"{name} ({path})"


# --- trafilatura ------------------------------------------------------------


def trafilatura_ms(n_pages: int) -> dict[str, list[float]]:
    import trafilatura

    site = Site(max(n_pages, 1000), "http://127.0.0.1:8000")
    pages = [(site.base + h, site.route(h).body.decode("utf-8")) for h in site.article_paths()[:n_pages]]
    out: dict[str, list[float]] = {"extract": [], "extract + metadata": []}
    for url, html in pages[:5]:  # warm-up
        trafilatura.extract(html, url=url, with_metadata=True)
    for url, html in pages:
        start = time.perf_counter()
        trafilatura.extract(html, url=url)
        out["extract"].append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        trafilatura.extract(html, url=url, with_metadata=True)
        out["extract + metadata"].append((time.perf_counter() - start) * 1000)
    return out


# --- report -----------------------------------------------------------------


def machine() -> list[str]:
    import scrapy
    import trafilatura

    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    return [
        f"- machine: {os.cpu_count()} cores (nproc), CPU `{cpu}`, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Scrapy {scrapy.__version__}, trafilatura {trafilatura.__version__}",
        f"- commit `{commit.strip() or '?'}`, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(the machine is shared: absolute figures are noisy, ratios from the same run are what compare)",
    ]


def _samples(crawl_: Crawl, name: str, clock: str) -> list[float]:
    if name == "total per article":
        return crawl_.totals.get(clock, [])
    return crawl_.pipelines.get(name, {}).get(clock, [])


def _fmt(x: float, digits: int = 1) -> str:
    return "n/a" if x != x else f"{x:.{digits}f}"


def report(results: dict[int, dict[str, list[Crawl]]], site_pages: dict[int, tuple[int, int]], extras: dict) -> str:
    lines = ["## Benchmark", "", *machine(), ""]
    lines += [
        "### Throughput (median of runs; pages = every response: articles, listings, feed, sitemaps, robots)",
        "",
        "| N articles | runs | bare pages/s | full pages/s | full / bare | bare CPU ms/page | full CPU ms/page "
        "| full / bare by CPU | bare peak RSS MB | full peak RSS MB | DB MB | full crawl s | server CPU / crawler CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, modes in results.items():
        bare, full = modes["bare"], modes["full"]
        ratios = [f.pages_per_s / b.pages_per_s for b, f in zip(bare, full, strict=True)]
        server_share = median([c.server_cpu / c.cpu for c in full if c.cpu])
        lines.append(
            f"| {n} | {len(full)} | {_fmt(median([c.pages_per_s for c in bare]))} "
            f"| {_fmt(median([c.pages_per_s for c in full]))} | {_fmt(median(ratios) * 100, 0)} % "
            f"| {_fmt(median([c.cpu_ms_per_page for c in bare]))} | {_fmt(median([c.cpu_ms_per_page for c in full]))} "
            f"| {_fmt(median(_cpu_ratios(bare, full)) * 100, 0)} % "
            f"| {_fmt(median([c.rss_mb for c in bare]), 0)} | {_fmt(median([c.rss_mb for c in full]), 0)} "
            f"| {_fmt(median([c.db_mb for c in full]))} | {_fmt(median([c.seconds for c in full]))} "
            f"| {_fmt(server_share * 100, 1)} % |"
        )
    lines += [
        "",
        "### Per-article processing in each pipeline, ms (first crawl, all runs pooled)",
        "",
        "CPU = the crawl thread's CPU time inside `process_item` (not inflated by other processes on a shared "
        "machine); wall = elapsed time. An article dropped by a pipeline counts up to that pipeline.",
        "",
    ]
    names = list(next(iter(results.values()))["full"][0].pipelines)
    header = "| pipeline | " + " | ".join(f"N={n} CPU median | CPU p95 | wall median | wall p95" for n in results)
    lines += [header + " |", "|---|" + "---|---|---|---|" * len(results)]
    for name in [*names, "total per article"]:
        cells = []
        for modes in results.values():
            for clock in ("cpu", "wall"):
                values = [v for c in modes["full"] for v in _samples(c, name, clock)]
                cells.append(f"{_fmt(median(values), 2)} | {_fmt(percentile(values, 0.95), 2)}")
        label = "**total per article**" if name == "total per article" else f"`{name.rsplit('.', 1)[-1]}`"
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "### Recrawl of the unchanged site (same database)",
        "",
        "| N | first crawl requests | recrawl requests | non-article pages on the site | recrawl 304s "
        "| recrawl MB downloaded (first) | recrawl s | recrawl stored | recrawl dropped |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for n, modes in results.items():
        for first, again in zip(modes["full"], modes["recrawl"], strict=False):
            listing, _ = site_pages[n]
            lines.append(
                f"| {n} | {first.requests} | {again.requests} | {listing} | {again.not_modified} "
                f"| {_fmt(again.response_mb)} ({_fmt(first.response_mb)}) | {_fmt(again.seconds)} "
                f"| {again.stored} | {again.dropped} |"
            )
            break
    lines += trafilatura_lines(results, extras.get("trafilatura") or {})
    lines += ["", *targets(results)]
    prof = extras.get("profile")
    if prof:
        lines += ["", *profile_lines(prof)]
    return "\n".join(lines) + "\n"


def trafilatura_lines(results: dict[int, dict[str, list[Crawl]]], traf: dict[int, dict[str, list[float]]]) -> list[str]:
    """trafilatura's extraction time, measured after each N's crawls, beside
    our whole per-article processing: on a shared machine whose speed drifts,
    the ratio of the two compares across runs where milliseconds do not."""
    if not traf:
        return []
    pages = len(next(iter(traf.values()))["extract"])
    lines = [
        "",
        f"### trafilatura on {pages} pages of the same site, in-process, ms/page (timed right after each N's crawls)",
        "",
        "| N | `extract` median | p95 | `extract` + metadata median | p95 | our whole processing (median) / `extract` |",
        "|---|---|---|---|---|---|",
    ]
    for n, values in traf.items():
        ours = median([v for c in results[n]["full"] for v in c.totals.get("cpu", [])])
        extract, full = values["extract"], values["extract + metadata"]
        lines.append(
            f"| {n} | {_fmt(median(extract), 2)} | {_fmt(percentile(extract, 0.95), 2)} "
            f"| {_fmt(median(full), 2)} | {_fmt(percentile(full, 0.95), 2)} | {_fmt(ours / median(extract), 2)} |"
        )
    return lines


def _cpu_ratios(bare: list[Crawl], full: list[Crawl]) -> list[float]:
    """full/bare throughput as the machine would give it unshared: bare CPU per page / full CPU per page."""
    return [b.cpu_ms_per_page / f.cpu_ms_per_page for b, f in zip(bare, full, strict=True)]


def targets(results: dict[int, dict[str, list[Crawl]]]) -> list[str]:
    out = ["### Targets", ""]
    for n, modes in results.items():
        ratio = median([f.pages_per_s / b.pages_per_s for b, f in zip(modes["bare"], modes["full"], strict=True)])
        total = median([v for c in modes["full"] for v in c.totals.get("cpu", [])])
        by_cpu = median(_cpu_ratios(modes["bare"], modes["full"]))
        out.append(
            f"- N={n}: full/bare {ratio * 100:.0f} % by pages/s, {by_cpu * 100:.0f} % by CPU per page "
            f"(target ≥ {TARGET_RATIO * 100:.0f} %: {'met' if ratio >= TARGET_RATIO else 'MISSED'} / "
            f"{'met' if by_cpu >= TARGET_RATIO else 'MISSED'}); median processing {total:.2f} ms/article "
            f"CPU (target ≤ {TARGET_MS:.0f} ms: {'met' if total <= TARGET_MS else 'MISSED'})"
        )
    sizes = sorted(results)
    if len(sizes) > 1:
        small, large = (median([c.rss_mb for c in results[s]["full"]]) for s in (sizes[0], sizes[-1]))
        bare_small, bare_large = (median([c.rss_mb for c in results[s]["bare"]]) for s in (sizes[0], sizes[-1]))
        out.append(
            f"- RSS N={sizes[0]} → N={sizes[-1]}: full {small:.0f} → {large:.0f} MB "
            f"(+{large - small:.0f}), bare {bare_small:.0f} → {bare_large:.0f} MB (+{bare_large - bare_small:.0f}); "
            f"target flat: {'met' if large - small <= max(50.0, 1.5 * (bare_large - bare_small)) else 'MISSED'} "
            "(flat = growing no more than bare Scrapy's own request bookkeeping, or < 50 MB)"
        )
    for n, modes in results.items():
        if modes["recrawl"]:
            again, first = modes["recrawl"][0], modes["full"][0]
            out.append(
                f"- N={n}: recrawl made {again.requests} requests vs {first.requests} on the first crawl "
                f"(target ≈ listing/feed pages only: {'met' if again.requests < 0.5 * first.requests else 'MISSED'})"
            )
    return out


def profile_lines(prof: dict) -> list[str]:
    if "error" in prof:
        return ["### Profile", "", prof["error"]]
    crawl_ = prof["crawl"]
    per_item = max(1, crawl_.items + crawl_.dropped)
    to_ms = 1000 / prof["rate"] / per_item
    out = [
        f"### Profile (py-spy, {prof['rate']} Hz, one full crawl of N={crawl_.n}: {prof['total']} samples, "
        f"{per_item} articles; ms = CPU ms per article)",
        "",
        "| function (inclusive) | ms/article | share |",
        "|---|---|---|",
    ]
    for name, samples in _top(prof["inclusive"], project_only=True, limit=25):
        out.append(f"| `{name}` | {samples * to_ms:.2f} | {samples / prof['total'] * 100:.1f} % |")
    out += ["", "| function (self time, anywhere) | ms/article | share |", "|---|---|---|"]
    for name, samples in _top(prof["own"], project_only=False, limit=20):
        out.append(f"| `{name}` | {samples * to_ms:.2f} | {samples / prof['total'] * 100:.1f} % |")
    return out


def _top(counter: Counter[str], project_only: bool, limit: int) -> list[tuple[str, int]]:
    project = ("(crawler/", "(pipelines/", "(bench/")
    rows = [
        (k, v)
        for k, v in counter.most_common()
        if not project_only or (k.endswith(")") and any(p in k for p in project))
    ]
    if project_only:  # the wrappers' process_item hides nothing; keep the project's own functions
        rows = [(k, v) for k, v in rows if "(bench/" not in k]
    return rows[:limit]


# --- main -------------------------------------------------------------------


def run_size(
    n: int, runs: int, pipelines: dict[str, int], extra: list[str], recrawl: bool, root: Path
) -> dict:
    workdir = root / f"n{n}"
    workdir.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[Crawl]] = {"bare": [], "full": [], "recrawl": []}
    modes = ["bare", "full"]
    with SiteServer(n) as server:
        for run in range(runs):
            db = workdir / f"full-{run}.db"
            order = modes[run % len(modes) :] + modes[: run % len(modes)]
            for mode in order:
                target = db if mode == "full" else workdir / f"{mode}-{run}.db"  # fresh: no validators, no known URLs
                result = crawl(mode, n, server, workdir, target, pipelines, extra)
                out[mode].append(result)
                print(
                    f"  N={n} run {run + 1}/{runs} {mode}: {result.pages} pages in {result.seconds:.1f} s "
                    f"= {result.pages_per_s:.1f} pages/s, CPU {result.cpu_ms_per_page:.1f} ms/page, "
                    f"items {result.items}, RSS {result.rss_mb:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
            if recrawl and run == 0:
                again = crawl("recrawl", n, server, workdir, db, pipelines, extra)
                out["recrawl"].append(again)
                print(
                    f"  N={n} recrawl: {again.requests} requests in {again.seconds:.1f} s, stored {again.stored}",
                    file=sys.stderr,
                    flush=True,
                )
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated article counts (default 1000,10000)")
    parser.add_argument("--runs", type=int, default=3, help=f"runs for sizes up to {SMALL} (default 3)")
    parser.add_argument("--runs-large", type=int, default=1, help=f"runs for sizes above {SMALL} (default 1)")
    parser.add_argument("--no-recrawl", action="store_true", help="skip the recrawl measurement")
    parser.add_argument(
        "--recrawl-max-n", type=int, default=SMALL, help=f"recrawl only sizes up to this (default {SMALL})"
    )
    parser.add_argument("--profile", action="store_true", help="one more full crawl of the smallest N under py-spy")
    parser.add_argument("--profile-rate", type=int, default=250, help="py-spy samples per second (default 250)")
    parser.add_argument(
        "--trafilatura-pages", type=int, default=200, help="pages for the trafilatura reference (0: skip)"
    )
    parser.add_argument("--output", help="also write the markdown report to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (databases, logs, reports)")
    parser.add_argument("-s", dest="settings", action="append", default=[], help="extra Scrapy setting for every crawl")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    pipelines = project_pipelines()
    extra = [x for s in args.settings for x in ("-s", s)]
    print(f"pipelines: {', '.join(pipelines)}", file=sys.stderr)
    root = Path(tempfile.mkdtemp(prefix="news-bench-"))
    results: dict[int, dict[str, list[Crawl]]] = {}
    site_pages: dict[int, tuple[int, int]] = {}
    extras: dict[str, Any] = {}
    try:
        for n in sizes:
            site = Site(n)
            site_pages[n] = (len(site.listing_paths()), n)
            runs = args.runs if n <= SMALL else args.runs_large
            recrawl = not args.no_recrawl and n <= args.recrawl_max_n
            results[n] = run_size(n, runs, pipelines, extra, recrawl, root)
            if args.trafilatura_pages:  # right after this N's crawls: the machine's speed at that moment
                extras.setdefault("trafilatura", {})[n] = trafilatura_ms(args.trafilatura_pages)
        if args.profile:
            n = min(sizes)
            with SiteServer(n) as server:
                extras["profile"] = profile(n, server, root / f"n{n}", pipelines, extra, args.profile_rate)
        text = report(results, site_pages, extras)
    finally:
        if args.keep:
            print(f"work directory kept: {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
