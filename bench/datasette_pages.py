"""How fast is every page of the project's Datasette on a big database?

    python -m bench.datasette_pages --db /tmp/news-100k.db [--runs 3]

Serves the database exactly as ``make datasette`` does (the Makefile's own
``datasette`` command line: metadata, plugins and settings) on a free
127.0.0.1 port, then fetches each page of the configured UI ``--runs`` times
and prints a Markdown table: median milliseconds, and FAIL with the reason
when a page is not a 200, says "SQL query took too long" or Datasette reports
timed-out facets. The CSV "all rows" stream is fetched once and its rows
counted against ``select count(*)``.

Any news database will do; ``python -m bench.build_db`` builds a realistic one
and plants the rare name searched for. Several ``--db`` are measured in one run
and printed side by side. The targets (issue #16): every page <= 500 ms
median, searches <= 300 ms, nothing ever times out.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import shlex
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
RARE_NAME = "كفرنبودة"  # planted in 1 article of 5,000 by bench.build_db
COMMON_WORD = "قال"
PHRASE = '"إعادة الإعمار"'
SEARCH_MS, PAGE_MS = 300, 500


def datasette_command(db: Path, port: int) -> list[str]:
    """The Makefile's ``datasette`` recipe, with this database and port."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^datasette:.*\n\t((?:.*\\\n)*.+)$", makefile, re.MULTILINE)
    if recipe is None:
        raise SystemExit("no datasette target in the Makefile")
    line = (
        recipe[1]
        .replace("\\\n", " ")
        .replace("$(BIN)/", f"{VENV_BIN}/")
        .replace("$(DATASETTE_DB)", shlex.quote(str(db)))
    )
    return [*shlex.split(line), "--port", str(port), "--host", "127.0.0.1"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Fetched:
    ms: float
    status: int
    body: str


def fetch(url: str, timeout: float = 60) -> Fetched:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body, status = response.read().decode("utf-8", "replace"), response.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read().decode("utf-8", "replace"), exc.code
    return Fetched((time.perf_counter() - started) * 1000, status, body)


def problem(page: Fetched) -> str:
    if page.status != 200:
        return f"HTTP {page.status}"
    if "SQL query took too long" in page.body or ("interrupted" in page.body.lower() and "query" in page.body):
        return "SQL query took too long"
    if "These facets timed out" in page.body:
        timed_out = re.search(r"These facets timed out:(.*?)</p>", page.body, re.S)
        return "facets timed out: " + re.sub(r"<[^>]+>|\s+", " ", timed_out[1] if timed_out else "").strip()
    return ""


def q(path: str, **params: str) -> str:
    return path + ("?" + urllib.parse.urlencode(params) if params else "")


def pages(db: Path) -> list[tuple[str, str, int]]:
    """(label, path, target ms) of every page measured."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    some_id = conn.execute(
        "select id from articles where duplicate_of is not null order by id limit 1 offset 1000"
    ).fetchone()
    some_id = some_id[0] if some_id else 1
    day = conn.execute("select substr(max(published_at), 1, 10) from articles").fetchone()[0] or "2026-11-30"
    old_month = f"{int(day[:4]) - 3}{day[4:7]}"  # a month deep in the publication index
    conn.close()
    out = [
        ("articles table, default view (with its facets)", "/news/articles", PAGE_MS),
        ("articles table, page 2 (next link)", "NEXT", PAGE_MS),
        ("facet value section=اقتصاد", q("/news/articles", section="اقتصاد"), PAGE_MS),
        ("facet value source=sana", q("/news/articles", source="sana"), PAGE_MS),
        (f"facet value day {day}", q("/news/articles", published_at__startswith=day), PAGE_MS),
        (f"facet value month {day[:7]}", q("/news/articles", published_at__startswith=day[:7]), PAGE_MS),
        (f"facet value month {old_month}", q("/news/articles", published_at__startswith=old_month), PAGE_MS),
        (
            "facets day+month on request",
            q("/news/articles", _facet_day="published_at", _facet_month="published_at"),
            PAGE_MS,
        ),
    ]
    for label, term in (("rare name", RARE_NAME), ("common word", COMMON_WORD), ("phrase", PHRASE)):
        out += [
            (f"search {label} {term}: table", q("/news/articles", _search=term), SEARCH_MS),
            (f"search {label}: search_dates", q("/news/search_dates", q=term, since="", until=""), SEARCH_MS),
            (f"search {label}: title_search", q("/news/title_search", q=term), SEARCH_MS),
        ]
    out += [
        ("stories view", "/news/stories", PAGE_MS),
        ("stories by outlets", q("/news/stories", _sort_desc="outlets"), PAGE_MS),
        ("today_per_source", q("/news/today_per_source", day=day), PAGE_MS),
        ("duplicate_clusters", "/news/duplicate_clusters", PAGE_MS),
        ("crawl_health", "/news/crawl_health", PAGE_MS),
        ("crawl_runs table", "/news/crawl_runs", PAGE_MS),
        ("revisions table", "/news/revisions", PAGE_MS),
        ("captures table", "/news/captures", PAGE_MS),
        ("article row page", f"/news/articles/{some_id}", PAGE_MS),
        ("front page", "/", PAGE_MS),
        ("enriched_articles (with its facets)", "/news/enriched_articles", PAGE_MS),
        ("article_places (facet place_id)", "/news/article_places", PAGE_MS),
        ("article_events (facet event_type)", "/news/article_events", PAGE_MS),
        ("article_actors (facet actor)", "/news/article_actors", PAGE_MS),
        ("casualties table", "/news/casualties", PAGE_MS),
        ("places table", "/news/places", PAGE_MS),
        ("governorate_events حلب", q("/news/governorate_events", governorate="حلب", since="", until=""), PAGE_MS),
        ("casualties_by_week", "/news/casualties_by_week", PAGE_MS),
        ("towns_in_the_news", q("/news/towns_in_the_news", day=day), PAGE_MS),
    ]
    return out


def next_path(base: str) -> str:
    data = json.loads(fetch(base + "/news/articles.json").body)
    return (
        urllib.parse.urlsplit(data.get("next_url") or "/news/articles?_next=missing")
        ._replace(scheme="", netloc="")
        .geturl()
        .replace(".json", "")
    )


def measure(base: str, db: Path, runs: int, with_csv: bool = True) -> list[tuple[str, str, str]]:
    table = []
    for label, path, target in pages(db):
        if path == "NEXT":
            path = next_path(base)
        results = [fetch(base + path) for _ in range(runs)]
        median = statistics.median(r.ms for r in results)
        bad = next((p for p in map(problem, results) if p), "")
        verdict = f"FAIL: {bad}" if bad else ("over target" if median > target else "ok")
        table.append((label, f"{median:.0f}", verdict))
        print(f"  {label}: {median:.0f} ms {verdict}", file=sys.stderr, flush=True)
    if with_csv:
        table.append(("CSV all rows (stream)", *csv_count(base, db)))
    return table


def csv_count(base: str, db: Path) -> tuple[str, str]:
    """The CSV stream read as it comes (a million rows are ~10 GB): rows
    counted, the first byte's time and the whole stream's."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    expected = conn.execute("select count(*) from articles").fetchone()[0]
    conn.close()
    started = time.perf_counter()
    try:
        response = urllib.request.urlopen(base + "/news/articles.csv?_stream=on&_size=max", timeout=900)
    except urllib.error.HTTPError as exc:
        return f"{(time.perf_counter() - started) * 1000:.0f}", f"FAIL: HTTP {exc.code}"
    with response:
        counted = CountingReader(response)
        text = io.TextIOWrapper(counted, encoding="utf-8", errors="replace", newline="")
        first_ms = (time.perf_counter() - started) * 1000
        got, last = -1, []
        for row in csv.reader(text):
            got, last = got + 1, row
    seconds = time.perf_counter() - started
    verdict = "ok" if got == expected else f"FAIL: {got} of {expected} rows"
    if got != expected and "CSV contains more than" in " ".join(last):
        verdict += " (says it was truncated)"
    return f"{seconds * 1000:.0f}", (
        f"{verdict}; {got} rows, {counted.bytes / 1e6:.0f} MB, first byte {first_ms:.0f} ms, "
        f"{got / seconds:.0f} rows/s"
    )


class CountingReader(io.RawIOBase):
    """A response read in chunks, its bytes counted."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.response.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.bytes += len(chunk)
        return len(chunk)


def wait_until_up(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"datasette exited with code {server.returncode}")
        try:
            fetch(base + "/-/versions.json", timeout=5)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("datasette did not start within 120 s")


def serve_and_measure(db: Path, runs: int, with_csv: bool) -> tuple[str, list[tuple[str, str, str]]]:
    """(a line about the database, the measured rows) of one database."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    # the metadata describes the database "news" (data/news.db): serve the file under that name
    scratch = Path(tempfile.mkdtemp(prefix="datasette-pages-"))
    served = scratch / "news.db"
    served.symlink_to(db.resolve())
    command = datasette_command(served, port)
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until_up(base, server)
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        n = conn.execute("select count(*) from articles").fetchone()[0]
        conn.close()
        size = db.stat().st_size
        print(f"{db}: {n} articles", file=sys.stderr, flush=True)
        table = measure(base, db, runs, with_csv)
    finally:
        server.terminate()
        server.wait(10)
        served.unlink()
        scratch.rmdir()
    return f"{db.name}: {n} articles, {size / 1e6:.0f} MB, {size / n / 1000:.1f} kB/article", table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, nargs="+", help="one or more databases, e.g. 100k 300k 1M")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV stream of every row (~10 kB a row)")
    args = parser.parse_args(argv)
    for db in args.db:
        if not db.exists():
            parser.error(f"{db} does not exist")
    results = [serve_and_measure(db, args.runs, not args.no_csv) for db in args.db]
    print(f"\nmedian of {args.runs} runs; targets: pages {PAGE_MS} ms, searches {SEARCH_MS} ms")
    for line, _ in results:
        print(f"- {line}")
    names = [db.name for db in args.db]
    print("| page | " + " | ".join(f"{name} ms | verdict" for name in names) + " |")
    print("|---|" + "---|---|" * len(names))
    for i, (label, *_) in enumerate(results[0][1]):
        cells = [cell for _, table in results for cell in (table[i][1:] if i < len(table) else ("", ""))]
        print(f"| {label} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
