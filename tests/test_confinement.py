"""Confinement: the crawl stays on the source's site (host *and* port), obeys
robots.txt, and a bad sources file stops it before anything is fetched.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from scrapy.http import Request
from scrapy.settings import Settings

from crawler.commands.crawl import preflight
from crawler.confinement import ConfinementMiddleware, Refused, Scope
from crawler.handlers import FileTooLarge, NotARegularFile, read_regular_file
from crawler.sources import Source, SourcesError
from tests.support import fault_server as fs
from tests.support.crawl import FAST, crawl
from tests.support.databases import rows
from tests.support.paths import ROOT


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
    assert confined.stats["news/refused/offsite"] >= 1


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


# --- one check on every request: whatever names the URL, wherever it leads ------------



def refresh_page(target: str) -> str:
    return f'<html><head><meta http-equiv="refresh" content="0; url={escape(target)}"></head><body>…</body></html>'


@dataclass
class Hostile:
    main: fs.FaultServer
    other: fs.FaultServer
    stats: dict
    stored: set[str]
    stderr: str


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """A site whose robots.txt, sitemap index, redirects and meta refreshes
    point everywhere but at itself: other ports and host names for the same
    server, local files, data:, ftp:, user-info tricks, backslashes. Every
    such target, if fetched and read, would lead to an on-site page that
    records the leak (``/leak/...``). Controls prove each channel was read."""
    tmp = tmp_path_factory.mktemp("hostile-confinement")
    db, stats = tmp / "news.db", tmp / "stats.json"
    other_site = {"/*": fs.page(fs.article_html("other-server"))}
    with fs.run(other_site) as other, fs.run({}) as main:
        port, other_port = main.server_address[1], other.server_address[1]
        base = main.url
        alias = f"http://localhost:{port}/"  # the same server under another name
        leak = f"{base}leak/"
        local_sitemap = tmp / "local-sitemap.xml"  # what file:///etc/passwd would be
        local_sitemap.write_text(fs.sitemap_xml(f"{leak}from-file.html"), encoding="utf-8")

        def off_targets(tag: str) -> list[str]:
            return [
                f"{local_sitemap.as_uri()}?{tag}",
                "data:text/xml," + quote(fs.sitemap_xml(f"{leak}from-data.html?{tag}")),
                f"ftp://127.0.0.1:{other_port}/sitemap.xml?{tag}",
                f"{other.url}sitemap.xml?{tag}",
                f"{alias}leak/alias.xml?{tag}",
                f"HTTP://LOCALHOST:{port}/leak/upper.xml?{tag}",
                f"http://127.0.0.1:{port}@localhost:{port}/leak/userinfo.xml?{tag}",
                f"http://localhost.:{port}/leak/trailing-dot.xml?{tag}",
                f"http://2130706433:{port}/leak/decimal.xml?{tag}",
                f"http://[::1]:{port}/leak/ipv6.xml?{tag}",
            ]

        robots = "User-agent: *\nDisallow: /private/\n" + "".join(f"Sitemap: {u}\n" for u in off_targets("robots"))
        robots += f"Sitemap: {base}sitemap-index.xml\n"
        index = fs.sitemap_xml(*off_targets("index"), f"{base}own-sitemap.xml", index=True)
        redirects = {
            "/go/other-port": f"{other.url}a.html",
            "/go/backslash": f"http:\\\\localhost:{port}\\leak\\backslash.html",
            "/go/backslash-other": f"http:\\\\127.0.0.1:{other_port}/b.html",
            "/go/userinfo": f"http://127.0.0.1:{port}@localhost:{port}/leak/userinfo.html",
            "/go/file": local_sitemap.as_uri(),
            "/go/data": "data:text/html,<p>x</p>",
            "/go/ftp": f"ftp://127.0.0.1:{other_port}/a.html",
            "/go/mixed-case": f"hTTp://LocalHost:{port}/leak/mixed.html",
        }
        main.site.update({path: fs.redirect(target) for path, target in redirects.items()})
        main.site["/refresh/alias"] = fs.page(refresh_page(f"{alias}leak/refresh.html"))
        main.site["/refresh/file"] = fs.page(refresh_page(local_sitemap.as_uri()))
        main.site["/robots.txt"] = fs.page(robots, content_type="text/plain")
        main.site["/sitemap-index.xml"] = fs.page(index, content_type="application/xml")
        main.site["/own-sitemap.xml"] = fs.page(fs.sitemap_xml(f"{base}articles/from-sitemap.html"))
        for slug in ("home", "from-sitemap"):
            main.site[f"/articles/{slug}.html"] = fs.page(fs.article_html(slug))
        main.site["/leak/*"] = fs.page(fs.article_html("leak"))
        links = [*redirects, "/refresh/alias", "/refresh/file", "/articles/home.html"]
        main.site["/"] = fs.page(fs.index_html(links))
        result = crawl("-a", f"url={base}", "-s", f"NEWS_STATS_FILE={stats}", "-s", "RETRY_TIMES=0", db=db, check=False)
        stored = {r["url"].removeprefix(base.rstrip("/")) for r in rows(db)}
    return Hostile(main, other, json.loads(stats.read_text(encoding="utf-8")), stored, result.stderr)


def test_nothing_off_site_is_fetched_or_read(hostile: Hostile) -> None:
    port = hostile.main.server_address[1]
    assert hostile.other.requests == []
    assert {host for _, host in hostile.main.requests} == {f"127.0.0.1:{port}"}
    assert not [path for path, _ in hostile.main.requests if path.startswith("/leak/")]


def test_every_channel_was_read(hostile: Hostile) -> None:
    """The controls: robots.txt, the sitemap index, redirects and refreshes were all followed on site."""
    hits = hostile.main.hits()
    assert hits["/sitemap-index.xml"] == 1 and hits["/own-sitemap.xml"] == 1
    assert hits["/go/backslash"] == 1 and hits["/refresh/alias"] == 1
    assert hostile.stored == {"/articles/home.html", "/articles/from-sitemap.html"}


def test_refusals_are_counted_by_reason(hostile: Hostile) -> None:
    refused = {k.removeprefix("news/refused/"): v for k, v in hostile.stats.items() if k.startswith("news/refused/")}
    assert set(refused) == {"offsite", "scheme", "userinfo", "file"}
    # robots.txt and the index name 10 targets each; 5 redirects to http(s) URLs
    # (Scrapy itself follows no redirect to file:, data: or ftp:); 1 refresh (nor a refresh to file:)
    assert sum(refused.values()) == 2 * 10 + 5 + 1


def test_refusals_are_no_reason_to_distrust_the_run(hostile: Hostile) -> None:
    """Not a failure worth retrying (which would stop the next run's early stop and validators)."""
    port = hostile.main.server_address[1]
    assert not hostile.stats.get(f"news/source/127_0_0_1_{port}/retry_needed")
    assert "Traceback" not in hostile.stderr


# --- the rule itself, on many spellings of a URL -----------------------------------------

WEB = Source(name="web", url="https://www.example.com/", sitemaps=("https://cdn.example.net/sitemaps/news.xml",))
IP = Source(name="ip", url="http://127.0.0.1:8001/")
IPV6 = Source(name="ipv6", url="http://[::1]:8001/")
LOCAL = Source(name="local", url="file:///srv/demo/index.html")

ALLOWED = [
    (WEB, "http://example.com/a"),
    (WEB, "https://www.example.com/a?b=c#d"),
    (WEB, "HTTPS://WWW.EXAMPLE.COM/a"),
    (WEB, "https://example.com./a"),  # one trailing dot: the same DNS name
    (WEB, "http://example.com:80/a"),
    (WEB, "https://example.com:443/a"),
    (WEB, "https://ＥＸＡＭＰＬＥ.com/a"),  # full-width letters: IDNA maps them to example.com
    (WEB, "https://cdn.example.net/sitemaps/2024.xml"),  # a host the sources file names
    (IP, "http://127.0.0.1:8001/a"),
    (IP, "https://127.0.0.1:8001/a"),
    (IPV6, "http://[0:0::1]:8001/a"),
    (LOCAL, "file:///srv/demo/articles/a.html"),
]
REFUSED = [
    (WEB, "ftp://example.com/a", "scheme"),
    (WEB, "data:text/html,<p>x</p>", "scheme"),
    (WEB, "gopher://example.com/", "scheme"),
    (WEB, "s3://example.com/a", "scheme"),
    (WEB, "file:///etc/passwd", "file"),
    (WEB, "FILE:///dev/zero", "file"),
    (WEB, "http://evil.org/", "offsite"),
    (WEB, "http://example.com.evil.org/", "offsite"),
    (WEB, "http://evilexample.com/", "offsite"),
    (WEB, "http://news.example.com/", "offsite"),  # sub-domains are other sites
    (WEB, "http://img.cdn.example.net/x", "offsite"),
    (WEB, "http://example.com:8080/", "offsite"),
    (WEB, "https://example.com:80/", "offsite"),
    (WEB, "http://example.com@evil.org/", "userinfo"),
    (WEB, "http://user:pass@example.com/", "userinfo"),
    (WEB, "http://example.com%2F@evil.org/", "userinfo"),
    (WEB, "http://evil.org\\@example.com/", "offsite"),  # WHATWG: the backslash ends the host
    (WEB, "http:\\\\evil.org\\a", "offsite"),
    (WEB, "http://%65xample.com/", "bad_host"),
    (WEB, "http://exa mple.com/", "bad_host"),
    (WEB, "http://example.com../", "bad_host"),
    (WEB, "http://еxample.com/", "offsite"),  # Cyrillic е: another IDNA name
    (WEB, "http://example.com:99999/", "bad_url"),
    (WEB, "http://example.com:8o/", "bad_url"),
    (IP, "http://localhost:8001/", "offsite"),
    (IP, "http://127.0.0.1:8002/", "offsite"),
    (IP, "http://127.0.0.1/", "offsite"),
    (IP, "http://127.1:8001/", "offsite"),
    (IP, "http://2130706433:8001/", "offsite"),
    (IP, "http://0x7f000001:8001/", "offsite"),
    (IP, "http://0177.0.0.1:8001/", "offsite"),
    (IP, "http://[::ffff:127.0.0.1]:8001/", "offsite"),
    (IP, "http://127.0.0.2:8001/", "offsite"),
    (IPV6, "http://[::2]:8001/", "offsite"),
    (IPV6, "http://[::1:8001/", "bad_url"),
    (LOCAL, "file:///srv/demo/../../etc/passwd", "file"),
    (LOCAL, "file:///srv/demo-other/a.html", "file"),
    (LOCAL, "file://evil.org/srv/demo/a.html", "file"),
    (LOCAL, "http://127.0.0.1/a.html", "offsite"),
]


@pytest.mark.parametrize(("source", "url"), ALLOWED)
def test_allowed(source: Source, url: str) -> None:
    assert Scope.of([source]).refusal(url) is None


@pytest.mark.parametrize(("source", "url", "reason"), REFUSED)
def test_refused(source: Source, url: str, reason: str) -> None:
    assert Scope.of([source]).refusal(url) == reason


def test_a_symlink_out_of_a_local_source_s_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    (tmp_path / "site" / "link.html").symlink_to(tmp_path / "secret.html")
    (tmp_path / "site" / "page.html").write_text("page", encoding="utf-8")
    scope = Scope.of([Source(name="local", url=(tmp_path / "site" / "index.html").as_uri())])
    assert scope.refusal((tmp_path / "site" / "page.html").as_uri()) is None
    assert scope.refusal((tmp_path / "site" / "link.html").as_uri()) == "file"


def test_a_request_without_a_source_is_judged_against_every_source() -> None:
    """robots.txt requests come from Scrapy's RobotsTxtMiddleware, without the spider's meta."""
    middleware = ConfinementMiddleware()
    middleware.spider_opened(SimpleNamespace(sources=[WEB, IP]))
    middleware.process_request(Request("http://127.0.0.1:8001/robots.txt"))
    middleware.process_request(Request("https://example.com/robots.txt"))
    with pytest.raises(Refused):
        middleware.process_request(Request("http://localhost:8001/robots.txt"))
    with pytest.raises(Refused):  # a source's request is judged against that source only
        middleware.process_request(Request("https://example.com/a", meta={"news_source": "ip"}))


# --- local files: regular files only, never more than DOWNLOAD_MAXSIZE ----------------------


def test_local_files_must_be_regular(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer for ever
    for path in (str(fifo), "/dev/zero", str(tmp_path)):
        with pytest.raises(NotARegularFile):
            read_regular_file(path, 1024)


def test_local_files_are_capped(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(b"x" * 2048)
    assert read_regular_file(str(page), 2048) == b"x" * 2048
    with pytest.raises(FileTooLarge):
        read_regular_file(str(page), 2047)


def test_local_source_reads_only_its_folder(tmp_path: Path) -> None:
    """A local-folder source (like the demo) whose pages link to a symlink
    that leaves the folder: the file behind it is never read."""
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    (tmp_path / "secret.html").write_text(fs.article_html("secret"), encoding="utf-8")
    (site / "articles" / "secret.html").symlink_to(tmp_path / "secret.html")
    (site / "articles" / "own.html").write_text(fs.article_html("own"), encoding="utf-8")
    (site / "index.html").write_text(fs.index_html(["articles/own.html", "articles/secret.html"]), encoding="utf-8")
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "local"\nurl = "site/index.html"\n', encoding="utf-8")
    db = tmp_path / "news.db"
    crawl("-a", "source=local", "-s", f"NEWS_SOURCES={sources}", db=db)
    stored = {Path(r["url"].removeprefix("file://")).name for r in rows(db)}
    assert stored == {"own.html"}
