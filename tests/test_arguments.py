"""``-a`` arguments and which sources a crawl covers (issue 15, weak items).

A bad ``-a`` argument is one line and exit code 1, never a traceback; an
unknown one (``-a sorce=demo``) is refused naming the valid ones instead of
crawling every source. The production command, ``scrapy crawl news`` with no
``-a``, never crawls the bundled demo (or any local folder): only by name.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler.arguments import ARGUMENTS, ArgumentError, CrawlArguments, parse_arguments
from crawler.constants import EXIT_USAGE
from crawler.settings import NEWS_SOURCES
from crawler.sources import is_local, load_sources, select_sources
from crawler.spiders.news import NewsSpider
from tests.support import fault_server as fs
from tests.support.crawl import FAST, crawl
from tests.support.databases import rows
from tests.support.demo import DEMO
from tests.support.paths import ROOT


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, CrawlArguments()),
        ({"source": "demo"}, CrawlArguments(source="demo")),
        ({"url": " https://a.example/ "}, CrawlArguments(url="https://a.example/")),
        ({"source": "demo", "since": "2024-01-02"}, CrawlArguments(source="demo", since=date(2024, 1, 2))),
    ],
)
def test_parse_arguments(values: dict, expected: CrawlArguments) -> None:
    assert parse_arguments(values) == expected


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"sorce": "demo"}, "unknown argument -a sorce; valid: -a source=NAME, -a url=URL, -a since=YYYY-MM-DD"),
        ({"source": "demo", "Since": "2024-01-01"}, "unknown argument -a Since"),
        ({"since": "last week"}, "-a since must be a date YYYY-MM-DD, got 'last week'"),
        ({"since": "2024-02-30"}, "-a since must be a date YYYY-MM-DD"),
        ({"source": ""}, "-a source needs a value"),
        ({"url": "  "}, "-a url needs a value"),
        ({"source": "demo", "url": "https://a.example/"}, "exclude each other"),
    ],
)
def test_bad_arguments_are_refused_in_one_line(values: dict, message: str) -> None:
    with pytest.raises(ArgumentError) as excinfo:
        parse_arguments(values)
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_the_spider_itself_refuses_an_unknown_argument() -> None:
    with pytest.raises(ArgumentError, match="unknown argument -a sorce"):
        NewsSpider(sorce="demo")


def test_every_argument_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ARGUMENTS:
        assert f"-a {name}=" in readme, name


def scrapy_crawl(*args: str, db: Path) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "scrapy", "crawl", "news", *args, "-s", f"NEWS_DB={db}", *FAST]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "source=nosuchsource"], "error: -a source: unknown source 'nosuchsource'; known sources: demo, "),
        (["-a", "url=https://user:secret@a.example/"], "error: -a url: URL with a user name or password"),
        (["-a", "url=http://a.example:99999/"], "error: -a url: URL with a bad host or port"),
        (["-a", "url=notaurl"], "error: -a url: not a usable home URL"),
        (["-a", "source=demo", "-a", "since=yesterday"], "error: -a since must be a date YYYY-MM-DD"),
        (["-a", "sorce=demo"], "error: unknown argument -a sorce; valid: -a source=NAME"),
    ],
)
def test_a_bad_argument_stops_the_command_with_one_line_and_exit_code_1(
    tmp_path: Path, args: list[str], message: str
) -> None:
    db = tmp_path / "news.db"
    result = scrapy_crawl(*args, db=db)
    assert result.returncode == EXIT_USAGE
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert line.startswith(message), line
    assert "secret" not in result.stderr
    assert not db.exists()  # nothing was started


# --- the demo and other local folders: only by name ----------------------------------


def test_the_bundled_demo_is_not_part_of_the_production_crawl() -> None:
    sources = load_sources(NEWS_SOURCES)
    everything = select_sources(sources, None)
    assert "demo" not in {s.name for s in everything}
    assert not any(is_local(s) for s in everything)
    assert len(everything) >= 10  # the real outlets are
    assert [s.name for s in select_sources(sources, "demo")] == ["demo"]  # make demo


def test_the_spider_without_arguments_has_no_demo(tmp_path: Path) -> None:
    crawler = get_crawler(
        NewsSpider, settings_dict={"NEWS_DB": str(tmp_path / "news.db"), "NEWS_SOURCES": NEWS_SOURCES}
    )
    spider = NewsSpider.from_crawler(crawler)
    try:
        names = {s.name for s in spider.sources}
        assert names and "demo" not in names
        assert all(s.url.startswith("https://") for s in spider.sources)
    finally:
        spider.db.close()


def test_a_full_crawl_skips_local_folders_which_stay_crawlable_by_name(tmp_path: Path) -> None:
    site = fs.Site()
    site.add("/a/real-news.html", fs.page(fs.article_html("real-news")))
    with fs.run(site.build()) as server:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f'[[sources]]\nname = "folder"\nurl = "{(DEMO / "index.html").as_uri()}"\n\n'
            f'[[sources]]\nname = "site"\nurl = "{server.url}"\n',
            encoding="utf-8",
        )
        db = tmp_path / "news.db"
        crawl("-s", f"NEWS_SOURCES={sources}", db=db)
        assert {r["source"] for r in rows(db)} == {"site"}
        assert {r["source"] for r in rows(db, "SELECT source FROM crawl_runs")} == {"site"}
        crawl("-a", "source=folder", "-s", f"NEWS_SOURCES={sources}", db=db)
    assert len(rows(db, "SELECT id FROM articles WHERE source = 'folder'")) == 6  # the demo's six articles
