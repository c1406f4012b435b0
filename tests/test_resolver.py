"""Confinement by address (issue #15): a source's public host name whose DNS
answer is an internal address (DNS rebinding, a hostile resolver) is not
fetched; hosts the sources file writes as addresses or ``localhost`` are,
and ``NEWS_ALLOW_PRIVATE_ADDRESSES`` opens the rest for an intranet.

The end-to-end tests run real crawls whose DNS answers come from the test,
through the crawl's own resolver (tests/support/fake_dns.py): the server on
127.0.0.1 counts what reached it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.constants import EXIT_SOURCE_PROBLEM
from crawler.resolver import REFUSED_STAT, internal, named_literally
from tests.support import fault_server as fs
from tests.support.crawl import crawl
from tests.support.databases import rows
from tests.support.fake_dns import fake_dns

INTERNAL = [
    "127.0.0.1",
    "127.255.1.2",
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",  # cloud metadata
    "0.0.0.0",
    "100.64.0.1",  # carrier-grade NAT
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fc00::1",
    "fd12:3456::1",
    "fe80::1",
    "fe80::1%eth0",
    "::ffff:127.0.0.1",
    "::ffff:10.1.2.3",
    "::ffff:169.254.169.254",
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize("address", INTERNAL)
def test_internal_addresses(address: str) -> None:
    assert internal(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses(address: str) -> None:
    assert not internal(address)


@pytest.mark.parametrize(
    ("host", "literal"),
    [
        ("127.0.0.1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("api.localhost", True),
        ("news.example", False),
        ("localhost.example", False),
        ("127.0.0.1.nip.io", False),
    ],
)
def test_hosts_named_literally(host: str, literal: bool) -> None:
    assert named_literally(host) is literal


def news_site() -> dict[str, fs.Responder]:
    site = fs.Site()
    for n in range(3):
        site.add(f"/articles/{n}.html", fs.page(fs.article_html(f"story-{n}")))
    return site.build()


def stats_of(path: Path) -> dict:
    return json.loads(path.read_text())


@pytest.mark.parametrize("answer", ["127.0.0.1", "127.1.2.3", "0.0.0.0"])
def test_public_name_resolving_to_this_machine_is_not_fetched(tmp_path: Path, answer: str) -> None:
    """Every one of these answers reaches the test's server on 127.0.0.1 if it is connected to."""
    stats = tmp_path / "stats.json"
    with fs.run(news_site()) as server:
        port = server.server_address[1]
        result = crawl(
            "-a",
            f"url=http://news.example:{port}/",
            *fake_dns({"news.example": answer}),
            "-s",
            f"NEWS_STATS_FILE={stats}",
            db=tmp_path / "news.db",
            check=False,
        )
        hits = sum(server.hits().values())
    assert hits == 0, server.hits()
    assert result.returncode == EXIT_SOURCE_PROBLEM  # the source could not be crawled, and says so
    assert "Traceback" not in result.stderr
    assert "news.example resolves to the internal address" in result.stderr
    counted = stats_of(stats)
    assert counted.get(REFUSED_STAT, 0) >= 1
    assert not counted.get("news/errors/dns") and not counted.get("retry/count")
    assert rows(tmp_path / "news.db") == []


def test_private_addresses_allowed_by_setting(tmp_path: Path) -> None:
    with fs.run(news_site()) as server:
        port = server.server_address[1]
        result = crawl(
            "-a",
            f"url=http://news.example:{port}/",
            *fake_dns({"news.example": "127.0.0.1"}),
            "-s",
            "NEWS_ALLOW_PRIVATE_ADDRESSES=True",
            db=tmp_path / "news.db",
            check=False,
        )
        hits = sum(server.hits().values())
    assert result.returncode == 0, result.stderr[-2000:]
    assert hits > 0
    assert len(rows(tmp_path / "news.db")) == 3


def test_localhost_written_in_the_sources_file_is_fetched(tmp_path: Path) -> None:
    """``localhost`` resolves through the same resolver; written as such it is the operator's choice."""
    with fs.run(news_site()) as server:
        port = server.server_address[1]
        result = crawl("-a", f"url=http://localhost:{port}/", db=tmp_path / "news.db", check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(rows(tmp_path / "news.db")) == 3
