"""Confinement: the crawl stays on the source's site (host *and* port), obeys
robots.txt, and a bad sources file stops it before anything is fetched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.commands.crawl import preflight
from crawler.sources import SourcesError
from tests import faultserver as fs
from tests.conftest import FAST, ROOT, crawl, rows


@dataclass
class Run:
    stored: set[str]
    main: fs.FaultServer
    other: fs.FaultServer
    stats: dict


@pytest.fixture(scope="module")
def confined(tmp_path_factory: pytest.TempPathFactory) -> Run:
    tmp = tmp_path_factory.mktemp("confined")
    db, stats = tmp / "news.db", tmp / "stats.json"
    other_site = fs.Site()
    other_site.add("/articles/elsewhere.html", fs.page(fs.article_html("elsewhere")))
    with fs.run(other_site.build()) as other:
        off = f"{other.url}articles/elsewhere.html"
        main_site = fs.Site()
        main_site.add("/articles/home.html", fs.page(fs.article_html("home")))
        main_site.add("/private/secret.html", fs.page(fs.article_html("secret")))
        main_site.add("/go/away", fs.redirect(off))
        main_site.pages["/robots.txt"] = fs.page("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        with fs.run(main_site.build()) as main:
            port = main.server_address[1]
            links = [
                off,  # another port on 127.0.0.1
                off.replace("http:", ""),  # protocol-relative
                f"http://localhost:{port}/articles/home.html?via=localhost",  # same server, another host name
            ]
            main.site["/"] = fs.page(fs.index_html([*main_site.home_links, *links]))
            crawl("-a", f"url={main.url}", "-s", f"NEWS_STATS_FILE={stats}", db=db)
            stored = {r["url"].removeprefix(main.url.rstrip("/")) for r in rows(db)}
    return Run(stored, main, other, json.loads(stats.read_text(encoding="utf-8")))


def test_other_port_is_never_contacted(confined: Run) -> None:
    assert confined.other.requests == []


def test_every_request_names_the_source_host(confined: Run) -> None:
    port = confined.main.server_address[1]
    assert {host for _, host in confined.main.requests} == {f"127.0.0.1:{port}"}


def test_redirect_off_site_is_not_followed_and_counted(confined: Run) -> None:
    assert confined.main.hits()["/go/away"] == 1
    assert confined.stats["news/errors/offsite_redirect"] == 1


def test_robots_txt_is_obeyed(confined: Run) -> None:
    # once by Scrapy's RobotsTxtMiddleware (obedience), once by the spider for its
    # Sitemap: lines (discovery) -- a known extra request per site and run
    assert 1 <= confined.main.hits()["/robots.txt"] <= 2
    assert "/private/secret.html" not in confined.main.hits()
    assert confined.stats["robotstxt/forbidden"] == 1


def test_only_the_source_s_own_article_is_stored(confined: Run) -> None:
    assert confined.stored == {"/articles/home.html"}


# --- a bad sources file stops `scrapy crawl` before it fetches anything ---------

GOOD_ENTRY = '[[sources]]\nname = "first"\nurl = "{url}"\n\n'
SECOND = '[[sources]]\nname = "second"\n'  # lines 5-6; the entry's line is that of its name
BAD_FILES = {
    "syntax-error": (GOOD_ENTRY + SECOND + 'url = "{url}\n', "line 7", "TOML syntax error"),
    "unknown-key": (GOOD_ENTRY + SECOND + 'url = "{url}"\nfeeds_url = "x"\n', ":6:", "unknown key(s) feeds_url"),
    "bad-url": (GOOD_ENTRY + SECOND + 'url = "ftp://example.test/"\n', ":6:", "unsupported URL scheme 'ftp'"),
    "no-host": (GOOD_ENTRY + SECOND + 'url = "http:///news"\n', ":6:", "URL without a host"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_preflight_names_file_line_and_reason(tmp_path: Path, case: str) -> None:
    text, where, reason = BAD_FILES[case]
    sources = tmp_path / "sources.toml"
    sources.write_text(text.format(url="http://127.0.0.1:9/"), encoding="utf-8")
    settings = Settings({"NEWS_SOURCES": str(sources), "NEWS_DB": str(tmp_path / "news.db")})
    with pytest.raises(SourcesError) as error:
        preflight(settings, {})
    message = str(error.value)
    assert message.startswith(f"{sources}")
    assert where in message
    assert reason in message
    assert not (tmp_path / "news.db").exists()


def test_bad_sources_file_stops_the_crawl_command_before_fetching(tmp_path: Path) -> None:
    text, where, reason = BAD_FILES["unknown-key"]
    site = fs.Site()
    site.add("/articles/a.html", fs.page(fs.article_html("a")))
    with fs.run(site.build()) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(text.format(url=server.url), encoding="utf-8")
        db = tmp_path / "news.db"
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "news",
            "-s",
            f"NEWS_SOURCES={sources}",
            "-s",
            f"NEWS_DB={db}",
        ]
        result = subprocess.run([*command, *FAST], cwd=ROOT, capture_output=True, text=True, timeout=120)
        hits = sum(server.hits().values())
    assert result.returncode == 1
    assert hits == 0
    assert not db.exists()
    (message,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert message.startswith(f"error: {sources}")
    assert where in message
    assert reason in message
    assert "Traceback" not in result.stderr
