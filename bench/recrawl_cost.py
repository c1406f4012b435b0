"""What a recrawl costs: requests made by a first crawl, by a recrawl of the
unchanged outlet and by a recrawl after the outlet edited one article, on the
hand-written outlets of tests/sites/ (real `scrapy crawl` runs on 127.0.0.1).

    python -m bench.recrawl_cost

Each outlet is crawled three times on one database. "requests" counts every
request the server saw (robots.txt included: Scrapy's robots middleware asks
for it once and the spider once, to read its Sitemap lines); "articles"
counts requests for stored articles' pages; "304" the answers without a body.
The silent-edit outlet's stored fetch times are moved back 90 minutes before
its third run, standing in for the hours between two cron runs, so that the
1-hour revisit is due.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.sites import routes
from tests.sites.server import Route, Site, serve_site

ROOT = Path(__file__).resolve().parent.parent
SITES = ROOT / "tests" / "sites"
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"]
PUBLISHED = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)


@dataclass
class Outlet:
    name: str
    root: str
    tokens: dict[str, str]
    edit: Callable[[Site, Path], None]  # what the outlet changes before the third run
    routes: Route | None = None
    figures: list[tuple[int, int, int]] = field(default_factory=list)


def _tokens(**changes: str) -> Callable[[Site, Path], None]:
    def edit(site: Site, db: Path) -> None:  # edited now, after the runs that stored the article
        now = datetime.now(UTC).replace(microsecond=0)
        stamps = {"{NOW}": now.isoformat(), "{NOW_GMT}": now.replace(tzinfo=None).isoformat()}
        for name, value in changes.items():
            for stamp, text in stamps.items():
                value = value.replace(stamp, text)
            site.tokens[name] = value

    return edit


def _silent_edit(site: Site, db: Path) -> None:
    conn = sqlite3.connect(db)
    stamp = (PUBLISHED + timedelta(minutes=30)).isoformat()
    with conn:
        conn.execute("UPDATE articles SET fetched_at = ?", [stamp])
        conn.execute("UPDATE fetch_state SET checked_at = ?", [stamp])
    conn.close()
    site.tokens["EDIT"] = " تعديل صامت على الخبر."


API_TAG = '<link rel="https://api.w.org/" href="http://SITE/wp-json/">'
WP_TOKENS = {"EDIT_1007": "", "MOD_1007": "2025-06-11T07:30:00+00:00", "MOD_1007_GMT": "2025-06-11T07:30:00"}
WP_EDIT = _tokens(EDIT_1007=" تعديل.", MOD_1007="{NOW}", MOD_1007_GMT="{NOW_GMT}")
OUTLETS = [
    Outlet("WordPress, REST API", "wordpress", {**WP_TOKENS, "API_LINK": API_TAG}, WP_EDIT, routes.wordpress(True)),
    Outlet("WordPress, API closed", "wordpress", {**WP_TOKENS, "API_LINK": API_TAG}, WP_EDIT, routes.wordpress(False)),
    Outlet(
        "sitemaps only (news + monthly)",
        "sitemaps",
        {"NOV_LASTMOD": "2025-11-30T16:45:00+03:00", "LASTMOD_48201": "2025-11-03T10:15:00+03:00", "EDIT_48201": ""},
        _tokens(NOV_LASTMOD="{NOW}", LASTMOD_48201="{NOW}", EDIT_48201=" تعديل."),
    ),
    Outlet("load more", "loadmore", {}, _tokens(), routes.latest_pages),
    Outlet("silent edit, revisit due", "edits", {"PUB_RECENT": PUBLISHED.isoformat(), "EDIT": ""}, _silent_edit),
]


def crawl(url: str, db: Path) -> None:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={url}", "-s", f"NEWS_DB={db}", *FAST]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=300)


def article_urls(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {row[0] for row in conn.execute("SELECT url FROM articles")}
    finally:
        conn.close()


def revisions(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
    finally:
        conn.close()


def measure(outlet: Outlet, workdir: Path) -> int:
    db = workdir / f"{outlet.root}-{len(outlet.figures)}-{id(outlet)}.db"
    site = Site(SITES / outlet.root, tokens=dict(outlet.tokens), routes=outlet.routes)
    with serve_site(site):
        for run in range(3):
            if run == 2:
                outlet.edit(site, db)
            mark = len(site.log)
            crawl(site.base, db)
            log = site.log[mark:]
            stored = {url.removeprefix(site.base.rstrip("/")) for url in article_urls(db)}
            articles = sum(1 for path, _ in log if path in stored)
            outlet.figures.append((len(log), articles, sum(1 for _, status in log if status == 304)))
    return revisions(db)


def main() -> None:
    print("| outlet | first crawl | unchanged recrawl | recrawl after one edit | edit stored |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for outlet in OUTLETS:
            stored = measure(outlet, Path(tmp))
            cells = [f"{total} ({articles} art., {n304} × 304)" for total, articles, n304 in outlet.figures]
            print(f"| {outlet.name} | {' | '.join(cells)} | {'yes' if stored else 'no'} |", flush=True)


if __name__ == "__main__":
    main()
