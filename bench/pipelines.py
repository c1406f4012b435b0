"""Profile the item pipelines in-process, without Scrapy's downloader.

    .venv/bin/python -m bench.pipelines                # 1000 articles, per-pipeline ms
    .venv/bin/python -m bench.pipelines -n 500 --repeat 5   # best of 5: less noise
    .venv/bin/python -m bench.pipelines -n 500 --profile 25 --sort tottime
    .venv/bin/python -m bench.pipelines --no-tree        # as in the pipeline worker

The pages come from the bench site (:mod:`bench.site`); each becomes the item
the spider would yield (URL, text and the spider's parsed tree) and runs through the
project's ``ITEM_PIPELINES`` in order, against a fresh database. It prints the
median and p95 CPU ms per article of each pipeline (and of each extraction
step inside ``ExtractPipeline``: ``ExtractPipeline.parse``...), and with ``--profile K``
the K functions with the most cumulative time (cProfile). A quick loop for
finding where processing time goes; :mod:`bench.run` gives the figures of a
real crawl.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from bench.site import Site
from crawler.items import ArticleItem
from crawler.text.dates import to_iso, utc_now


def build_pipelines(db: Path) -> list[Any]:
    settings = get_project_settings()
    settings.set("NEWS_DB", str(db))
    news = {k: v for k, v in settings.copy_to_dict().items() if k.startswith("NEWS_")}
    crawler = get_crawler(settings_dict=news)
    order = sorted(settings.getdict("ITEM_PIPELINES").items(), key=lambda kv: kv[1])
    pipelines = [load_object(path).from_crawler(crawler) for path, _ in order]
    for pipeline in pipelines:
        if hasattr(pipeline, "open_spider"):
            pipeline.open_spider()
    return pipelines


def items(site: Site, tree: bool = True) -> list[ArticleItem]:
    """The items the spider yields for the site's articles (with its parse,
    unless ``tree`` is false: the items the pipeline worker gets)."""
    out = []
    for path in site.article_paths():
        page = site.route(path)
        response = HtmlResponse(site.base + path, body=page.body, headers={"Content-Type": page.content_type})
        out.append(
            ArticleItem(
                url=response.url,
                source="bench",
                html=response.text,
                fetched_at=to_iso(utc_now()),
                doc=response.selector.root if tree else None,
            )
        )
    return out


def run(pipelines: list[Any], batch: list[ArticleItem]) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    for pipeline in pipelines:
        times[type(pipeline).__name__] = []
        if hasattr(pipeline, "step_timings"):  # the extraction core's own steps
            pipeline.step_timings = {}
    times["total"] = []
    for item in batch:
        total = 0.0
        for pipeline in pipelines:
            name = type(pipeline).__name__
            start = time.thread_time()
            try:
                pipeline.process_item(item)
            except DropItem:
                break
            finally:
                spent = (time.thread_time() - start) * 1000
                times[name].append(spent)
                total += spent
                for step, seconds in (getattr(pipeline, "step_timings", None) or {}).items():
                    times.setdefault(f"{name}.{step}", []).append(seconds * 1000)
                    pipeline.step_timings[step] = 0.0
        times["total"].append(total)
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="articles (default 1000)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs on fresh databases; the lowest median of each pipeline is kept"
    )
    parser.add_argument("--profile", type=int, default=0, metavar="K", help="print the top K functions (cProfile)")
    parser.add_argument("--sort", default="cumulative", help="profile order: cumulative (default) or tottime")
    parser.add_argument(
        "--no-tree",
        action="store_true",
        help="items without the spider's parsed tree (extraction parses the HTML again)",
    )
    args = parser.parse_args(argv)
    site = Site(args.n, "http://127.0.0.1:8000")
    runs = []
    profiler = cProfile.Profile() if args.profile else None
    for _ in range(args.repeat):
        batch = items(site, tree=not args.no_tree)
        with tempfile.TemporaryDirectory() as tmp:
            pipelines = build_pipelines(Path(tmp) / "news.db")
            if profiler:
                profiler.enable()
            runs.append(run(pipelines, batch))
            if profiler:
                profiler.disable()
            for pipeline in pipelines:
                if hasattr(pipeline, "close_spider"):
                    pipeline.close_spider()
    print(f"{args.n} articles, CPU ms per article, best of {args.repeat} run(s)")
    print(f"{'pipeline':28} {'median':>8} {'p95':>8} {'mean':>8}")
    for name in runs[0]:
        best = min(runs, key=lambda times: statistics.median(times[name]))[name]
        ordered = sorted(best)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"{name:28} {statistics.median(best):8.2f} {p95:8.2f} {statistics.fmean(best):8.2f}")
    if profiler:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)


if __name__ == "__main__":
    main()
